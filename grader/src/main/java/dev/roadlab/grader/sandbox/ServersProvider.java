package dev.roadlab.grader.sandbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ShutdownParams;

/**
 * Sandboxes on the machine or servers an administrator gives us:
 * <ul>
 *   <li>PostgreSQL: {@code ROADLAB_SANDBOX_POSTGRES_URL}, a server dedicated to grading.</li>
 *   <li>Redis: {@code ROADLAB_SANDBOX_REDIS_URL}, a server dedicated to grading whose supervisor restarts it when it
 *       exits (a script that wrote cannot be killed, only the server: the grader shuts it down and waits for it);
 *       without a URL, a redis-server the grader runs itself from the local binary.</li>
 *   <li>nginx: the local binary, one process per run.</li>
 * </ul>
 */
public final class ServersProvider implements SandboxProvider {

    private static final Duration SUPERVISOR_WAIT = Duration.ofSeconds(30);

    private final SandboxSettings settings;
    private final Optional<PostgresServer> postgres;
    private LocalRedis localRedis;
    private RedisServer redisServer;
    private LocalNginx nginx;

    public ServersProvider(SandboxSettings settings) {
        this.settings = settings;
        this.postgres = settings.postgresUrl().map(PostgresServer::fromUrl);
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
    public synchronized RedisServer redis() {
        if (redisServer != null) {
            return redisServer;
        }
        if (settings.redisUrl().isPresent()) {
            redisServer = RedisServer.fromUrl(settings.redisUrl().get());
        } else {
            Path binary = settings.redisServer().or(() -> onPath("redis-server")).orElseThrow(() ->
                    new SandboxUnavailableException("no Redis for sandboxes: set ROADLAB_SANDBOX_REDIS_URL to a Redis "
                            + "dedicated to grading, or install redis-server (or set ROADLAB_SANDBOX_REDIS_SERVER)"));
            localRedis = new LocalRedis(binary);
            redisServer = localRedis.start();
        }
        return redisServer;
    }

    @Override
    public synchronized RedisServer restartRedis(RedisServer stuck) {
        if (!stuck.equals(redisServer)) {
            return redis();
        }
        if (localRedis != null) {
            redisServer = localRedis.restart();
            return redisServer;
        }
        try (Jedis admin = stuck.connectAsAdmin(5_000)) {
            admin.shutdown(ShutdownParams.shutdownParams().nosave());
        } catch (RuntimeException expected) {
            // SHUTDOWN closes the connection under us
        }
        Instant deadline = Instant.now().plus(SUPERVISOR_WAIT);
        while (Instant.now().isBefore(deadline)) {
            try (Jedis admin = stuck.connectAsAdmin(1_000)) {
                if ("PONG".equals(admin.ping())) {
                    return stuck;
                }
            } catch (RuntimeException notYet) {
                sleep();
            }
        }
        throw new SandboxUnavailableException(stuck.description() + " was shut down to stop a script that could not be"
                + " killed and did not come back within " + SUPERVISOR_WAIT.toSeconds() + " s: the Redis given in"
                + " ROADLAB_SANDBOX_REDIS_URL needs a supervisor that restarts it");
    }

    @Override
    public synchronized NginxLauncher nginx() {
        if (nginx == null) {
            Path binary = settings.nginxBinary().or(() -> onPath("nginx")).orElseThrow(() ->
                    new SandboxUnavailableException("no nginx for sandboxes: install nginx (or set ROADLAB_SANDBOX_NGINX)"));
            nginx = new LocalNginx(binary);
        }
        return nginx;
    }

    /** An executable of that name on the PATH (or in /usr/sbin, where Debian puts nginx). */
    static Optional<Path> onPath(String name) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + File.pathSeparator + "/usr/sbin"
                + File.pathSeparator + "/usr/local/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (localRedis != null) {
            localRedis.close();
            localRedis = null;
        }
        redisServer = null;
    }
}
