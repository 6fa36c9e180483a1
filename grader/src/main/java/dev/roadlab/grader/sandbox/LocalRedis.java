package dev.roadlab.grader.sandbox;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * A redis-server process the grader runs itself from a local binary, on a loopback port, persisting nothing: a
 * sandbox it may kill and start again when a script cannot be stopped.
 */
final class LocalRedis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRedis.class);

    private final Path binary;
    private final Path dir;
    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private final int port;
    private Process process;

    LocalRedis(Path binary) {
        this.binary = binary;
        try {
            this.dir = Files.createTempDirectory("roadlab-redis");
            try (ServerSocket socket = new ServerSocket(0)) {
                this.port = socket.getLocalPort();
            }
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot prepare a local Redis: " + e.getMessage(), e);
        }
    }

    synchronized RedisServer start() {
        ProcessBuilder builder = new ProcessBuilder(List.of(binary.toString(),
                "--port", String.valueOf(port), "--bind", "127.0.0.1", "--requirepass", password,
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                "--maxmemory", "256mb", "--maxmemory-policy", "noeviction",
                "--busy-reply-threshold", String.valueOf(RedisSandbox.BUSY_REPLY_THRESHOLD_MS)))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        RedisServer server = new RedisServer("127.0.0.1", port, "default", password, "local Redis " + binary + " on port " + port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            try (Jedis jedis = server.connectAsAdmin(1_000)) {
                if ("PONG".equals(jedis.ping())) {
                    return server;
                }
            } catch (RuntimeException e) {
                if (!process.isAlive()) {
                    break;
                }
                sleep();
            }
        }
        stop();
        throw new SandboxUnavailableException("the local Redis " + binary + " did not start; see " + dir.resolve("redis.log"));
    }

    /** Kills the process (a stuck script cannot be stopped otherwise) and starts a new one on the same port. */
    synchronized RedisServer restart() {
        stop();
        LOG.info("restarted local Redis on port {}", port);
        return start();
    }

    synchronized void stop() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
