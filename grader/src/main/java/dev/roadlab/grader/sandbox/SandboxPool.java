package dev.roadlab.grader.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps sandboxes warm and reuses them across runs: one PostgreSQL server per grader (with its templates and
 * warm run databases), replaced when it dies.
 */
public final class SandboxPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxPool.class);

    private final SandboxProvider postgresProvider;
    private final int warmPerLab;
    private PostgresSandbox postgres;
    private boolean closed;

    public SandboxPool(SandboxProvider postgresProvider, int warmPerLab) {
        this.postgresProvider = postgresProvider;
        this.warmPerLab = warmPerLab;
    }

    /** The pool the settings ask for; providers start nothing until a lab needs them. */
    public static SandboxPool create(SandboxSettings settings) {
        return new SandboxPool(postgresProvider(settings), settings.warmPerLab());
    }

    static SandboxProvider postgresProvider(SandboxSettings settings) {
        return switch (settings.provider()) {
            case SERVERS -> new ServersProvider(settings.postgresUrl());
            case CONTAINERS -> new ContainersProvider(settings.postgresImage());
            case AUTO -> settings.postgresUrl().isPresent()
                    ? new ServersProvider(settings.postgresUrl())
                    : new ContainersProvider(settings.postgresImage());
        };
    }

    /** Which provider serves PostgreSQL: "containers" or "servers". */
    public String postgresProviderName() {
        return postgresProvider.name();
    }

    /** The live PostgreSQL sandbox, started on first use. */
    public synchronized PostgresSandbox postgres() {
        if (closed) {
            throw new SandboxUnavailableException("the grader is shutting down");
        }
        if (postgres == null) {
            postgres = PostgresSandbox.open(postgresProvider.postgres(), warmPerLab);
        }
        return postgres;
    }

    /**
     * A run met a dead or broken server: if it no longer answers, drop it so the next run starts afresh.
     *
     * @return whether the sandbox was found dead
     */
    public synchronized boolean checkHealth(PostgresSandbox suspect) {
        if (suspect != postgres || suspect.alive()) {
            return false;
        }
        LOG.warn("{} stopped answering; replacing it", suspect.server().description());
        try {
            suspect.close();
        } catch (RuntimeException e) {
            LOG.debug("closing a dead sandbox failed: {}", e.getMessage());
        }
        postgresProvider.discardPostgres(suspect.server());
        postgres = null;
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        postgresProvider.close();
    }
}
