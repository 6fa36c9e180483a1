package dev.roadlab.grader.redis;

import dev.roadlab.grader.sandbox.Docker;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ShutdownParams;

/**
 * Where one Redis server of the sandbox pool comes from, and how it is brought back when a script that already
 * wrote cannot be killed (Redis then only stops with the server).
 */
sealed interface RedisServerSource {

    /** Starts (or reaches) the server. */
    RedisServer start();

    /** Stops {@code stuck} and brings back a working server in its place, returning where it now is. */
    RedisServer restart(RedisServer stuck);

    /** Stops what {@link #start()} started. */
    void stop();

    /** A container of the official image, thrown away and replaced to restart. */
    final class InContainer implements RedisServerSource {
        private final String image;
        private RedisContainer container;

        InContainer(String image) {
            this.image = image;
        }

        @Override
        public synchronized RedisServer start() {
            Docker.ready(RedisType.NAME);
            String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
            container = Docker.start(RedisType.NAME, new RedisContainer(DockerImageName.parse(image), password));
            return container.server(password);
        }

        @Override
        public synchronized RedisServer restart(RedisServer stuck) {
            stop();
            return start();
        }

        @Override
        public synchronized void stop() {
            Docker.stop(container);
            container = null;
        }
    }

    /** A redis-server process the grader runs itself from a local binary. */
    final class LocalProcess implements RedisServerSource {
        private final LocalRedis redis;

        LocalProcess(Path binary) {
            this.redis = new LocalRedis(binary);
        }

        @Override
        public RedisServer start() {
            return redis.start();
        }

        @Override
        public RedisServer restart(RedisServer stuck) {
            return redis.restart();
        }

        @Override
        public void stop() {
            redis.close();
        }
    }

    /**
     * A Redis an administrator gives, dedicated to grading and restarted by a supervisor when it exits: to restart it
     * the grader shuts it down and waits for it to answer again.
     */
    record Supervised(RedisServer server) implements RedisServerSource {

        private static final Duration SUPERVISOR_WAIT = Duration.ofSeconds(30);

        @Override
        public RedisServer start() {
            return server;
        }

        @Override
        public RedisServer restart(RedisServer stuck) {
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
                    pause();
                }
            }
            throw new SandboxUnavailableException(stuck.description() + " was shut down to stop a script that could"
                    + " not be killed and did not come back within " + SUPERVISOR_WAIT.toSeconds() + " s: a Redis given"
                    + " in ROADLAB_SANDBOX_REDIS_URL needs a supervisor that restarts it");
        }

        @Override
        public void stop() {
            // an administrator's server is not ours to stop
        }

        private static void pause() {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
