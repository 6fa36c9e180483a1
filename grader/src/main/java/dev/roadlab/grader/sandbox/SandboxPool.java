package dev.roadlab.grader.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps sandboxes warm and reuses them across runs: one PostgreSQL server (with its templates and warm run
 * databases) and one Redis server per grader, each replaced when it dies, and an nginx launcher. Each kind comes
 * from the provider the settings pick for it.
 */
public final class SandboxPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxPool.class);

    private final SandboxProvider postgresProvider;
    private final SandboxProvider redisProvider;
    private final SandboxProvider nginxProvider;
    private final int warmPerLab;
    private PostgresSandbox postgres;
    private RedisSandbox redis;
    private boolean closed;

    public SandboxPool(SandboxProvider postgresProvider, SandboxProvider redisProvider, SandboxProvider nginxProvider,
                       int warmPerLab) {
        this.postgresProvider = postgresProvider;
        this.redisProvider = redisProvider;
        this.nginxProvider = nginxProvider;
        this.warmPerLab = warmPerLab;
    }

    /**
     * The pool the settings ask for; providers start nothing until a lab needs them. {@code auto} takes, per kind,
     * the configured server (a PostgreSQL or Redis URL) and otherwise Docker.
     */
    public static SandboxPool create(SandboxSettings settings) {
        ContainersProvider containers = new ContainersProvider(settings);
        ServersProvider servers = new ServersProvider(settings);
        return switch (settings.provider()) {
            case CONTAINERS -> new SandboxPool(containers, containers, containers, settings.warmPerLab());
            case SERVERS -> new SandboxPool(servers, servers, servers, settings.warmPerLab());
            case AUTO -> new SandboxPool(
                    settings.postgresUrl().isPresent() ? servers : containers,
                    settings.redisUrl().isPresent() || settings.redisServer().isPresent() ? servers : containers,
                    settings.nginxBinary().isPresent() ? servers : containers,
                    settings.warmPerLab());
        };
    }

    /** Which provider serves PostgreSQL: "containers" or "servers". */
    public String postgresProviderName() {
        return postgresProvider.name();
    }

    /** The live PostgreSQL sandbox, started on first use. */
    public synchronized PostgresSandbox postgres() {
        checkOpen();
        if (postgres == null) {
            postgres = PostgresSandbox.open(postgresProvider.postgres(), warmPerLab);
        }
        return postgres;
    }

    /** The live Redis sandbox, started on first use. */
    public synchronized RedisSandbox redis() {
        checkOpen();
        if (redis == null) {
            redis = RedisSandbox.open(redisProvider.redis(), redisProvider::restartRedis);
        }
        return redis;
    }

    public synchronized NginxLauncher nginx() {
        checkOpen();
        return nginxProvider.nginx();
    }

    private void checkOpen() {
        if (closed) {
            throw new SandboxUnavailableException("the grader is shutting down");
        }
    }

    /**
     * A run met a broken sandbox: whatever no longer answers is dropped (or restarted) so the next run starts
     * afresh.
     */
    public synchronized void checkHealth() {
        if (postgres != null && !postgres.alive()) {
            LOG.warn("{} stopped answering; replacing it", postgres.server().description());
            PostgresSandbox dead = postgres;
            postgres = null;
            try {
                dead.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a dead sandbox failed: {}", e.getMessage());
            }
            postgresProvider.discardPostgres(dead.server());
        }
        if (redis != null && !redis.alive()) {
            try {
                redis.restart(redis.server());
            } catch (RuntimeException e) {
                LOG.warn("restarting Redis failed: {}", e.getMessage());
                redis.close();
                redis = null;
            }
        }
    }

    /**
     * Forgets every sandbox (closing what this pool started, dropping the templates it built) so the next run starts
     * cold: for benchmarks of cold starts.
     */
    public synchronized void discardAll() {
        if (postgres != null) {
            postgres.dropTemplates();
            postgres.close();
            postgresProvider.discardPostgres(postgres.server());
            postgres = null;
        }
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
        if (redis != null) {
            redis.close();
            redis = null;
        }
        java.util.stream.Stream.of(postgresProvider, redisProvider, nginxProvider).distinct()
                .forEach(SandboxProvider::close);
    }
}
