package dev.roadlab.grader.sandbox;

import java.util.Optional;

/**
 * Sandboxes on servers an administrator gives us: a PostgreSQL admin URL ({@code ROADLAB_SANDBOX_POSTGRES_URL}).
 * The servers must be dedicated to grading: runs get databases and roles on them, and orphans of crashed graders
 * are removed.
 */
public final class ServersProvider implements SandboxProvider {

    private final Optional<PostgresServer> postgres;

    public ServersProvider(Optional<String> postgresUrl) {
        this.postgres = postgresUrl.map(PostgresServer::fromUrl);
    }

    @Override
    public String name() {
        return "servers";
    }

    @Override
    public PostgresServer postgres() {
        return postgres.orElseThrow(() -> new SandboxUnavailableException(
                "no PostgreSQL server configured: set ROADLAB_SANDBOX_POSTGRES_URL, e.g. "
                        + "postgresql://postgres@127.0.0.1:5432/postgres"));
    }

    @Override
    public void discardPostgres(PostgresServer dead) {
        // An administrator's server is not ours to restart; the next lease reconnects.
    }

    @Override
    public void close() {
    }
}
