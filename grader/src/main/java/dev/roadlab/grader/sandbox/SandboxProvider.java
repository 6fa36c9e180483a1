package dev.roadlab.grader.sandbox;

/**
 * Where sandboxes come from. Two implementations pass the same contract tests: {@link ContainersProvider}
 * (Testcontainers, official images) and {@link ServersProvider} (servers an administrator gives us, and local
 * binaries). Servers are started (or reached) on first use and reused afterwards.
 */
public interface SandboxProvider extends AutoCloseable {

    /** "containers" or "servers". */
    String name();

    /** The provider's PostgreSQL server. */
    PostgresServer postgres();

    /** The server died or misbehaves: forget it, so that the next {@link #postgres()} starts or reaches a fresh one. */
    void discardPostgres(PostgresServer dead);

    /** The provider's Redis server. */
    RedisServer redis();

    /**
     * A script that already wrote cannot be killed, or the server died: bring back a working one (restarted or
     * replaced; whatever it held is lost) and say where it is now.
     */
    RedisServer restartRedis(RedisServer stuck);

    /** Starts nginx for runs, one process or container each. */
    NginxLauncher nginx();

    @Override
    void close();
}
