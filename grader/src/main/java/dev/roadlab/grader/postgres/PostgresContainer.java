package dev.roadlab.grader.postgres;

import java.time.Duration;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.LogMessageWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * A throw-away PostgreSQL for sandboxes: data on tmpfs, durability off (nothing in it outlives the container),
 * room for concurrency labs, bounded memory and processes.
 */
final class PostgresContainer extends GenericContainer<PostgresContainer> {

    static final int PORT = 5432;

    PostgresContainer(DockerImageName image, String password) {
        super(image);
        withEnv("POSTGRES_PASSWORD", password);
        withEnv("POSTGRES_USER", "postgres");
        withExposedPorts(PORT);
        // Bounded: the run monitor stops a run whose database passes its lab's bound long before the disk is full.
        withTmpFs(Map.of("/var/lib/postgresql/data", "rw,size=1536m"));
        // No prepared transactions (they outlive their session and keep a run's database from being dropped); a lock
        // table large enough that no run fills it between two polls of the run monitor.
        withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=400", "-c", "shared_buffers=256MB", "-c", "max_prepared_transactions=0",
                "-c", "max_locks_per_transaction=128");
        withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                .withMemory(2L * 1024 * 1024 * 1024)
                .withPidsLimit(1024L));
        waitingFor(new LogMessageWaitStrategy()
                .withRegEx(".*database system is ready to accept connections.*\\s")
                .withTimes(2)
                .withStartupTimeout(Duration.ofSeconds(90)));
    }

    PostgresServer server(String password) {
        return new PostgresServer(getHost(), getMappedPort(PORT), "postgres", password, "postgres",
                "PostgreSQL container " + getDockerImageName());
    }
}
