package dev.roadlab.grader.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** Sandboxes from Docker through Testcontainers, using the official image names (tags configurable). */
public final class ContainersProvider implements SandboxProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ContainersProvider.class);

    private final SandboxSettings settings;
    private final Running<PostgresContainer, PostgresServer> postgres = new Running<>();
    private final Running<RedisContainer, RedisServer> redis = new Running<>();
    private ContainerNginx nginx;

    public ContainersProvider(SandboxSettings settings) {
        this.settings = settings;
    }

    /** Whether a Docker engine answers; slow the first time (Testcontainers probes the environment). */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static void requireDocker() {
        if (!dockerAvailable()) {
            throw new SandboxUnavailableException("Docker is not reachable: start Docker, or configure the servers "
                    + "provider (ROADLAB_SANDBOX_PROVIDER=servers with ROADLAB_SANDBOX_POSTGRES_URL, and a Redis URL or a "
                    + "local redis-server and nginx)");
        }
    }

    @Override
    public String name() {
        return "containers";
    }

    @Override
    public synchronized PostgresServer postgres() {
        return postgres.get(password -> new PostgresContainer(DockerImageName.parse(settings.postgresImage()), password),
                PostgresContainer::server);
    }

    @Override
    public synchronized void discardPostgres(PostgresServer dead) {
        postgres.stopIfServing(dead);
    }

    @Override
    public synchronized RedisServer redis() {
        return redis.get(password -> new RedisContainer(DockerImageName.parse(settings.redisImage()), password),
                RedisContainer::server);
    }

    /** A container cannot be told to drop a script that wrote: replace it with a fresh one. */
    @Override
    public synchronized RedisServer restartRedis(RedisServer stuck) {
        redis.stopIfServing(stuck);
        return redis();
    }

    /**
     * One server container of a kind: started (with a fresh admin password) on first use and again after it stopped.
     *
     * @param <C> the container type
     * @param <S> what it serves, as the grader reaches it
     */
    private static final class Running<C extends GenericContainer<?>, S> {

        private C container;
        private S server;

        S get(Function<String, C> create, BiFunction<C, String, S> serverOf) {
            if (container != null && container.isRunning()) {
                return server;
            }
            stop();
            requireDocker();
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            C started = create.apply(password);
            start(started, started.getDockerImageName());
            container = started;
            server = serverOf.apply(started, password);
            LOG.info("started {} (container {})", started.getDockerImageName(), started.getContainerId().substring(0, 12));
            return server;
        }

        void stopIfServing(S dead) {
            if (dead.equals(server)) {
                stop();
            }
        }

        void stop() {
            ContainersProvider.stop(container);
            container = null;
            server = null;
        }
    }

    @Override
    public synchronized NginxLauncher nginx() {
        if (nginx == null) {
            requireDocker();
            nginx = new ContainerNginx(settings.nginxImage(), Math.min(settings.warmPerLab(), 2));
        }
        return nginx;
    }

    private static void start(GenericContainer<?> container, String image) {
        try {
            container.start();
        } catch (RuntimeException e) {
            stop(container);
            throw new SandboxUnavailableException("cannot start a container from " + image + ": " + rootMessage(e), e);
        }
    }

    private static void stop(GenericContainer<?> container) {
        if (container != null) {
            try {
                container.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping a sandbox container failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        postgres.stop();
        redis.stop();
        if (nginx != null) {
            nginx.close();
            nginx = null;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
