package dev.roadlab.grader.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.LogConfig;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/** What every kind's containers provider shares: whether Docker answers, and starting and stopping containers. */
public final class Docker {

    private static final Logger LOG = LoggerFactory.getLogger(Docker.class);
    private static final String KIND_LABEL = "dev.roadlab.sandbox";
    private static final String OWNER_LABEL = "dev.roadlab.owner";

    private Docker() {
    }

    /** Whether a Docker engine answers; slow the first time (Testcontainers probes the environment). */
    public static boolean available() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * Fails unless Docker answers; then removes the containers of this kind that graders which died left behind
     * (Testcontainers' reaper may not run where its image cannot be pulled).
     *
     * @param kind the kind that needs Docker, to say which servers setting would do instead
     */
    public static void ready(String kind) {
        if (!available()) {
            throw new SandboxUnavailableException("Docker is not reachable: start Docker, or give " + kind
                    + " sandboxes from servers (ROADLAB_SANDBOX_PROVIDER=servers and the ROADLAB_SANDBOX_"
                    + kind.toUpperCase(java.util.Locale.ROOT) + "_* settings, see README)");
        }
        sweep(kind);
    }

    /** Removes the kind's containers of dead graders, one sweep at a time on this machine (see {@link SweepLock}). */
    private static void sweep(String kind) {
        SweepLock.exclusively("docker-" + kind, () -> sweepNow(kind));
    }

    private static int sweepNow(String kind) {
        int removed = 0;
        try {
            DockerClient docker = DockerClientFactory.instance().client();
            for (Container c : docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(KIND_LABEL, kind)).exec()) {
                Optional<Owner> owner = Owner.parse(c.getLabels().get(OWNER_LABEL));
                if (owner.isPresent() && owner.get().isDeadHere()) {
                    try {
                        docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                        removed++;
                        LOG.info("removed {} container {} of dead grader {}", kind, c.getId().substring(0, 12),
                                owner.get().pid());
                    } catch (NotFoundException gone) {
                        // removed since the listing: what the sweep wanted
                    } catch (RuntimeException e) {
                        LOG.warn("removing {} container {} of a dead grader failed: {}", kind,
                                c.getId().substring(0, 12), e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("sweeping {} containers of dead graders failed: {}", kind, e.getMessage());
        }
        return removed;
    }

    /**
     * Starts a container labelled as this process's sandbox of {@code kind}; a failure is ours
     * ({@link SandboxUnavailableException}) and leaves nothing running.
     */
    public static <C extends GenericContainer<?>> C start(String kind, C container) {
        container.withLabel(KIND_LABEL, kind).withLabel(OWNER_LABEL, Owner.self().text());
        // What a run makes a sandbox print (redis.log in a loop, say) is kept to a bounded log on the host.
        container.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withLogConfig(new LogConfig(
                LogConfig.LoggingType.JSON_FILE, Map.of("max-size", "10m", "max-file", "2"))));
        try {
            container.start();
            LOG.info("started {} (container {})", container.getDockerImageName(),
                    container.getContainerId().substring(0, 12));
            return container;
        } catch (RuntimeException e) {
            stop(container);
            throw new SandboxUnavailableException("cannot start a container from " + container.getDockerImageName()
                    + ": " + rootMessage(e), e);
        }
    }

    public static void stop(GenericContainer<?> container) {
        if (container != null) {
            try {
                container.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping a sandbox container failed: {}", e.getMessage());
            }
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
