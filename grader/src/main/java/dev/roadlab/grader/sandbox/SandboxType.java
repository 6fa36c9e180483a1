package dev.roadlab.grader.sandbox;

import java.util.List;
import java.util.Set;

/**
 * A kind of sandbox (postgres, redis, nginx, rabbitmq, ...): a plug-in found by {@link java.util.ServiceLoader}
 * through {@code META-INF/services/dev.roadlab.grader.sandbox.SandboxType}. Adding a kind adds a type; it edits no
 * existing file of the grader or the engine. A type owns everything about its kind:
 * <ul>
 *   <li>its name in lab.yaml ({@code sandboxes: [postgres]}) and its own section there ({@code postgres: {...}}),
 *       read with line-aware problems ({@link #spec});</li>
 *   <li>its settings, {@code sandbox.<name>.<key>} in a config file, {@code ROADLAB_SANDBOX_<NAME>_<KEY>} in the
 *       environment ({@link #settings});</li>
 *   <li>what it hands a checks class ({@link #provides});</li>
 *   <li>how each provider opens it, how a run is isolated in it, cleaned up after, how an orphan of a crashed grader
 *       is found and removed, and how a failure is classified ({@link #open}, {@link SandboxBackend},
 *       {@link RunSandbox}).</li>
 * </ul>
 *
 * @param <S> what a lab asks of this kind (its lab.yaml section, read)
 */
public interface SandboxType<S> {

    /** The kind's name in lab.yaml and settings: lower-case letters and digits. */
    String name();

    /** One line for documentation: what the kind gives a lab. */
    String description();

    /** The settings this kind reads, {@code sandbox.<name>.<key>}. */
    List<SandboxSetting> settings();

    /**
     * Reads the lab's section for this kind (an empty mapping when lab.yaml has none), reporting problems on it.
     *
     * @return the spec, or a best effort when the section has problems (they stop the lab from loading anyway)
     */
    S spec(SpecSection section);

    /** The types of check parameter this kind provides when a lab declares it. */
    Set<Class<?>> provides();

    /** Whether the settings name servers of this kind, so that provider {@code auto} picks {@code servers} for it. */
    boolean serversConfigured(SandboxSettings settings);

    /**
     * The kind on a provider. Starts nothing: servers and containers start on the first lease.
     *
     * @throws IllegalArgumentException when a setting cannot be used (a URL that does not parse)
     */
    SandboxBackend<S> open(Provider provider, SandboxSettings settings);
}
