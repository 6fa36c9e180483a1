package dev.roadlab.grader.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.sandbox.LabFiles;
import dev.roadlab.grader.sandbox.Provider;
import dev.roadlab.grader.sandbox.ProviderMode;
import dev.roadlab.grader.sandbox.RunRequest;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.sandbox.SandboxType;
import dev.roadlab.grader.sandbox.SandboxTypes;
import dev.roadlab.grader.submission.Submission;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contract every sandbox kind keeps on both of its providers, in the way Testcontainers' modules share their
 * tests: a kind's test extends this class, says how to use, probe and crash a run of its kind, and inherits these
 * tests, each run on the containers and the servers provider:
 * <ul>
 *   <li>a run gets a share it can use, and once released, nothing of it is left;</li>
 *   <li>two runs cannot reach each other's shares;</li>
 *   <li>work a run leaves running is stopped from outside, and the run's share still works afterwards;</li>
 *   <li>what a crashed grader left behind is removed when the next grader opens the kind.</li>
 * </ul>
 * Neither provider is optional: a test that cannot reach Docker or the configured server fails, it does not skip.
 *
 * @param <S> the kind's spec
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SandboxContract<S> {

    private final Map<Provider, SandboxBackend<S>> backends = new EnumMap<>(Provider.class);

    /** The kind under test, by name. */
    protected abstract String kind();

    /** What the contract's lab asks of the kind. */
    protected abstract S spec();

    /** The contract lab's folder, for kinds that read files from it (an nginx harness). */
    protected LabFiles labFiles() {
        return TestSandboxes.noLabFiles();
    }

    /** The submission the contract's runs see. */
    protected Submission submission() {
        return Submission.ofText(Map.of());
    }

    /** The settings each provider runs with in these tests. */
    protected SandboxSettings settings(Provider provider) {
        return switch (provider) {
            case CONTAINERS -> TestSandboxes.containers().withWarmPerLab(0);
            case SERVERS -> TestSandboxes.servers().withWarmPerLab(0);
        };
    }

    /** Uses the run's share as a check would, leaving something in it only this run can see. */
    protected abstract void use(RunSandbox run) throws Exception;

    /** Fails unless {@code intruder} can neither see nor change what {@code victim} has. */
    protected abstract void assertIsolated(RunSandbox victim, RunSandbox intruder) throws Exception;

    /** What names the run's objects from outside (a database, a user, a vhost), as one line of text. */
    protected abstract String identity(RunSandbox run) throws Exception;

    /** Whether anything named {@code identity} is still on the backend's servers. */
    protected abstract boolean leftBehind(SandboxBackend<S> backend, String identity) throws Exception;

    /**
     * Starts work in the run that would never end by itself (an endless statement or script), or empty when nothing
     * can run away in this kind. The future completes (with anything) once the work has stopped.
     */
    protected abstract Optional<CompletableFuture<?>> startRunawayWork(RunSandbox run) throws Exception;

    /**
     * Settings under which a separate process reaches the same servers as {@code backend}, to leave orphans on them:
     * usually the servers provider with the backend's admin URL; the provider mode says which provider it opens.
     */
    protected abstract SandboxSettings reachSameServers(SandboxBackend<S> backend) throws Exception;

    /** Makes what keeps a dead grader's objects from being swept expire now (a heartbeat with a TTL, say). */
    protected void forgetLiveness(SandboxBackend<S> backend, String identity) throws Exception {
    }

    @BeforeAll
    final void open_backends() {
        for (Provider provider : Provider.values()) {
            backends.put(provider, open(provider, settings(provider)));
        }
    }

    @AfterAll
    final void close_backends() {
        backends.values().forEach(SandboxBackend::close);
    }

    /** The kind's backend on a provider, shared by the tests of this class. */
    protected final SandboxBackend<S> backend(Provider provider) {
        return backends.get(provider);
    }

    @SuppressWarnings("unchecked")
    private SandboxBackend<S> open(Provider provider, SandboxSettings settings) {
        SandboxType<S> type = (SandboxType<S>) SandboxTypes.discover(getClass().getClassLoader()).find(kind())
                .orElseThrow(() -> new AssertionError("no sandbox kind '" + kind() + "' is installed"));
        return type.open(provider, settings);
    }

    /** A run of the contract lab on {@code backend}. */
    protected final RunSandbox lease(SandboxBackend<S> backend) {
        return backend.lease(new RunRequest<>("contract", spec(), labFiles(), submission(), Duration.ofSeconds(10),
                () -> false));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void a_run_gets_a_share_it_can_use_and_nothing_of_it_is_left_once_released(Provider provider) throws Exception {
        SandboxBackend<S> backend = backend(provider);
        String identity;
        try (RunSandbox run = lease(backend)) {
            use(run);
            identity = identity(run);
            assertThat(leftBehind(backend, identity)).as("the run's objects exist while it runs").isTrue();
        }
        eventually(() -> !leftBehindQuietly(backend, identity), "everything of " + identity + " removed");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void two_runs_cannot_reach_each_other(Provider provider) throws Exception {
        SandboxBackend<S> backend = backend(provider);
        try (RunSandbox a = lease(backend)) {
            use(a);
            try (RunSandbox b = lease(backend)) {
                use(b);
                assertIsolated(a, b);
                assertIsolated(b, a);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void runaway_work_is_stopped_from_outside_and_the_run_goes_on(Provider provider) throws Exception {
        try (RunSandbox run = lease(backend(provider))) {
            Optional<CompletableFuture<?>> work = startRunawayWork(run);
            Instant stopped = Instant.now();
            run.interrupt();
            if (work.isPresent()) {
                work.get().get(30, TimeUnit.SECONDS);
                assertThat(Duration.between(stopped, Instant.now())).isLessThan(Duration.ofSeconds(20));
            }
            assertThat(run.alive()).isTrue();
            use(run);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void what_a_crashed_grader_left_behind_is_removed_when_the_next_one_opens_the_kind(Provider provider)
            throws Exception {
        SandboxBackend<S> backend = backend(provider);
        try (RunSandbox warmUp = lease(backend)) {
            use(warmUp); // starts the provider's server, which the crashed grader shares
        }
        SandboxSettings reach = reachSameServers(backend);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), OrphanMaker.class.getName(), getClass().getName(),
                reach.provider().name(), String.valueOf(reach.warmPerLab())));
        reach.values().forEach((key, value) -> command.add(key + "=" + value));
        Process crashed = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String identity;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(crashed.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith(OrphanMaker.MARK)) {
                // nothing else is printed
            }
            assertThat(line).as("the orphan maker's output").isNotNull();
            identity = line.substring(OrphanMaker.MARK.length());
            // Seen while its grader lives: once it is dead, the open backend's periodic sweep may take it any moment.
            assertThat(leftBehind(backend, identity)).as("the grader's run, before it crashes").isTrue();
        } finally {
            crashed.destroyForcibly().waitFor();
        }
        forgetLiveness(backend, identity);
        try (SandboxBackend<S> next = open(providerOf(reach), reach); RunSandbox run = lease(next)) {
            use(run);
            assertThat(leftBehind(next, identity)).as("the crashed grader's run, once another grader opened").isFalse();
        }
    }

    /** Waits for a condition, never for a fixed time. */
    protected static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("never happened: " + what);
            }
            Thread.sleep(100);
        }
    }

    private boolean leftBehindQuietly(SandboxBackend<S> backend, String identity) {
        try {
            return leftBehind(backend, identity);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A run the orphan maker leases, on the provider and servers {@code settings} name. */
    final RunSandbox leaseForOrphan(SandboxSettings settings) {
        return lease(open(providerOf(settings), settings));
    }

    private static Provider providerOf(SandboxSettings settings) {
        return settings.provider() == ProviderMode.CONTAINERS ? Provider.CONTAINERS : Provider.SERVERS;
    }
}
