package dev.roadlab.grader.redis;

import dev.roadlab.grader.sandbox.BoundedOutput;
import dev.roadlab.grader.sandbox.LocalProcesses;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
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
 * sandbox it may kill and start again when a script cannot be stopped. A port that another process takes between
 * choosing it and binding it is our problem, not the learner's: the start is tried again on another port.
 */
final class LocalRedis implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalRedis.class);
    private static final int STARTS = 5;
    private static final String FOLDER_PREFIX = "roadlab-redis";

    private final Path binary;
    private final Path dir;
    private final String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    private Process process;

    LocalRedis(Path binary) {
        this.binary = binary;
        LocalProcesses.sweepNowAndPeriodically(FOLDER_PREFIX);
        this.dir = LocalProcesses.folder(FOLDER_PREFIX);
    }

    synchronized RedisServer start() {
        String lastLog = "";
        for (int attempt = 1; attempt <= STARTS; attempt++) {
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(List.of(binary.toString(),
                    "--port", String.valueOf(port), "--bind", "127.0.0.1", "--requirepass", password,
                    "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no",
                    "--maxmemory", "256mb", "--maxmemory-policy", "noeviction",
                    "--busy-reply-threshold", String.valueOf(RedisSandbox.BUSY_REPLY_THRESHOLD_MS),
                    "--loglevel", "warning", "--logfile", ""))
                    .redirectErrorStream(true);
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new SandboxUnavailableException("cannot start " + binary + ": " + e.getMessage(), e);
            }
            LocalProcesses.started(dir, process);
            BoundedOutput output = BoundedOutput.of(process);
            RedisServer server = new RedisServer("127.0.0.1", port, "default", password,
                    "local Redis " + binary + " on port " + port);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
            while (Instant.now().isBefore(deadline) && process.isAlive()) {
                try (Jedis jedis = server.connectAsAdmin(1_000)) {
                    if ("PONG".equals(jedis.ping())) {
                        return server;
                    }
                } catch (RuntimeException e) {
                    sleep();
                }
            }
            stop();
            lastLog = output.tail();
            if (!lastLog.contains("Address already in use")) {
                break;
            }
            LOG.info("port {} was taken before the local Redis bound it; trying another", port);
        }
        throw new SandboxUnavailableException("the local Redis " + binary + " did not start: "
                + lastLog.strip().lines().reduce((a, b) -> b).orElse("no output"));
    }

    /** Kills the process (a stuck script cannot be stopped otherwise) and starts a new one. */
    synchronized RedisServer restart() {
        stop();
        LOG.info("restarting local Redis {}", binary);
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
        LocalProcesses.delete(dir);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new SandboxUnavailableException("no free port for a local Redis: " + e.getMessage(), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
