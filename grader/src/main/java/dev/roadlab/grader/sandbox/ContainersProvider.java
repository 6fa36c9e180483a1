package dev.roadlab.grader.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;

/** Sandboxes from Docker through Testcontainers, using the official image names (tags configurable). */
public final class ContainersProvider implements SandboxProvider {

    private static final Logger LOG = LoggerFactory.getLogger(ContainersProvider.class);

    private final DockerImageName postgresImage;
    private PostgresContainer postgres;
    private PostgresServer postgresServer;

    public ContainersProvider(String postgresImage) {
        this.postgresImage = DockerImageName.parse(postgresImage);
    }

    /** Whether a Docker engine answers; slow the first time (Testcontainers probes the environment). */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
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
        stopPostgres();
        if (!dockerAvailable()) {
            throw new SandboxUnavailableException("Docker is not reachable: start Docker, or set "
                    + "ROADLAB_SANDBOX_POSTGRES_URL to a PostgreSQL admin URL and use the servers provider");
        }
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        PostgresContainer container = new PostgresContainer(postgresImage, password);
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new SandboxUnavailableException("cannot start a PostgreSQL container from " + postgresImage
                    + ": " + rootMessage(e), e);
        }
        postgres = container;
        postgresServer = container.server(password);
        LOG.info("started {} on port {}", postgresImage, postgresServer.port());
        return postgresServer;
    }

    @Override
    public synchronized void discardPostgres(PostgresServer dead) {
        if (dead.equals(postgresServer)) {
            stopPostgres();
        }
    }

    private void stopPostgres() {
        if (postgres != null) {
            try {
                postgres.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping the PostgreSQL container failed: {}", e.getMessage());
            }
            postgres = null;
            postgresServer = null;
        }
    }

    @Override
    public synchronized void close() {
        stopPostgres();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
