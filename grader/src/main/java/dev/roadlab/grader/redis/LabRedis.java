package dev.roadlab.grader.redis;

import dev.roadlab.grader.check.CheckTimeoutException;
import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.submission.Submission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What a check sees of this run's Redis: connections as the run's ACL user (only keys under {@link #prefix()},
 * only data and scripting commands), the learner's Lua scripts loaded once, and a view of the run's keys.
 * Scripts run with the caller's ACL, so the learner's Lua is held to the same rules.
 */
public final class LabRedis implements AutoCloseable {

    /** At most this many keys are listed by {@link #keys()}. */
    public static final int MAX_KEYS = 100_000;
    private static final int SOCKET_TIMEOUT_MS = 120_000;

    private final RunRedis run;
    private final Submission submission;
    private final BooleanSupplier interrupted;
    private final Map<String, RuntimeException> failures = new HashMap<>();
    private final Map<String, String> loaded = new HashMap<>();
    private Jedis helper;

    /** @param interrupted tells whether the grader stopped the current check's work from outside (its watchdog) */
    public LabRedis(RunRedis run, Submission submission, BooleanSupplier interrupted) {
        this.run = run;
        this.submission = submission;
        this.interrupted = interrupted;
    }

    /** The run's user and server (for the grader's own tests). */
    RunRedis run() {
        return run;
    }

    /** The prefix every key of this run must start with, e.g. "rl:1a2b3c4d:7:". */
    public String prefix() {
        return run.prefix();
    }

    /** A key of this run: the prefix followed by {@code name}. */
    public String key(String name) {
        return run.prefix() + name;
    }

    /** A new connection as the run's user; the caller closes it. */
    public Jedis connect() {
        return run.connect(SOCKET_TIMEOUT_MS);
    }

    /**
     * Loads the submitted Lua file into the script cache ({@code SCRIPT LOAD}) once per run and returns its SHA1;
     * a script Redis cannot compile ends with a {@link SubmissionError} quoting Redis.
     */
    public synchronized String loadScript(String fileName) {
        if (failures.containsKey(fileName)) {
            throw new SubmissionError("Not graded: " + fileName + " did not load (see the first failing check).", true);
        }
        String sha = loaded.get(fileName);
        if (sha != null) {
            return sha;
        }
        try {
            sha = helper().scriptLoad(submission.text(fileName));
            loaded.put(fileName, sha);
            return sha;
        } catch (JedisDataException e) {
            SubmissionError error = new SubmissionError(fileName + " does not compile: " + clean(e.getMessage()));
            failures.put(fileName, error);
            throw error;
        }
    }

    /**
     * Runs a loaded script as the run's user on the given connection. Redis runs one script at a time: while another
     * run's script is over its limit, Redis answers BUSY, and this waits for the grader to stop that script.
     */
    public Object evalsha(Jedis connection, String sha, List<String> keys, List<String> args) {
        for (int attempt = 0; ; attempt++) {
            try {
                return connection.evalsha(sha, keys, args);
            } catch (JedisDataException e) {
                String message = String.valueOf(e.getMessage());
                if (message.startsWith("BUSY") && attempt < 600 && !interrupted.getAsBoolean()) {
                    sleep(50);
                    continue;
                }
                if (interrupted.getAsBoolean()) {
                    throw new CheckTimeoutException("The script did not finish within the check's limit and was stopped.");
                }
                // The learner's script raised an error (a runtime error, a key or command it may not use).
                throw new AssertionError("The script failed: " + clean(message), e);
            }
        }
    }

    /** {@link #evalsha(Jedis, String, List, List)} on the run's helper connection. */
    public synchronized Object evalsha(String sha, List<String> keys, List<String> args) {
        return evalsha(helper(), sha, keys, args);
    }

    /** Every key of this run with its remaining time to live in milliseconds (-1: none), at most {@link #MAX_KEYS}. */
    public synchronized Map<String, Long> keys() {
        Map<String, Long> keys = new LinkedHashMap<>();
        try (Jedis admin = run.server().connectAsAdmin(SOCKET_TIMEOUT_MS)) {
            String cursor = ScanParams.SCAN_POINTER_START;
            ScanParams params = new ScanParams().match(run.prefix() + "*").count(1000);
            do {
                ScanResult<String> page = admin.scan(cursor, params);
                List<String> batch = new ArrayList<>(page.getResult());
                for (String key : batch) {
                    if (keys.size() >= MAX_KEYS) {
                        return keys;
                    }
                    keys.put(key, admin.pttl(key));
                }
                cursor = page.getCursor();
            } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        }
        return keys;
    }

    private Jedis helper() {
        if (helper == null || helper.isBroken() || !helper.isConnected()) {
            if (helper != null) {
                helper.close();
            }
            helper = connect();
        }
        return helper;
    }

    private static String clean(String message) {
        return message == null ? "" : message.replaceFirst("^ERR ", "");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        if (helper != null) {
            helper.close();
            helper = null;
        }
    }
}
