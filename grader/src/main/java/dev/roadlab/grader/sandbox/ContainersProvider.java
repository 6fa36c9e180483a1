package dev.roadlab.grader.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** Sandboxes from Docker through Testcontainers, using the official image names (tags configurable). */
public final class ContainersProvider implements SandboxProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ContainersProvider.class);

    private final SandboxSettings settings;
    private PostgresContainer postgres;
    private PostgresServer postgresServer;
    private RedisContainer redis;
    private RedisServer redisServer;
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
        if (postgres != null && postgres.isRunning()) {
            return postgresServer;
        }
        stop(postgres);
        postgres = null;
        requireDocker();
        String password = password();
        PostgresContainer container = new PostgresContainer(DockerImageName.parse(settings.postgresImage()), password);
        start(container, settings.postgresImage());
        postgres = container;
        postgresServer = container.server(password);
        LOG.info("started {} on port {}", settings.postgresImage(), postgresServer.port());
        return postgresServer;
    }

    @Override
    public synchronized void discardPostgres(PostgresServer dead) {
        if (dead.equals(postgresServer)) {
            stop(postgres);
            postgres = null;
            postgresServer = null;
        }
    }

    @Override
    public synchronized RedisServer redis() {
        if (redis != null && redis.isRunning()) {
            return redisServer;
        }
        stop(redis);
        redis = null;
        requireDocker();
        String password = password();
        RedisContainer container = new RedisContainer(DockerImageName.parse(settings.redisImage()), password);
        start(container, settings.redisImage());
        redis = container;
        redisServer = container.server(password);
        LOG.info("started {} on port {}", settings.redisImage(), redisServer.port());
        return redisServer;
    }

    /** A container cannot be told to drop a script that wrote: replace it with a fresh one. */
    @Override
    public synchronized RedisServer restartRedis(RedisServer stuck) {
        if (stuck.equals(redisServer)) {
            stop(redis);
            redis = null;
            redisServer = null;
        }
        return redis();
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

    private static String password() {
        return HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    }

    @Override
    public synchronized void close() {
        stop(postgres);
        stop(redis);
        postgres = null;
        redis = null;
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
