package dev.roadlab.grader.sandbox;

/**
 * Where sandboxes come from. Two implementations pass the same contract tests: {@link ContainersProvider}
 * (Testcontainers, official images) and {@link ServersProvider} (servers an administrator gives us).
 */
public interface SandboxProvider extends AutoCloseable {

    /** "containers" or "servers". */
    String name();

    /** The provider's PostgreSQL server, started (or reached) on first use and reused afterwards. */
    PostgresServer postgres();

    /** The server died or misbehaves: forget it, so that the next {@link #postgres()} starts or reaches a fresh one. */
    void discardPostgres(PostgresServer dead);

    @Override
    void close();
}
