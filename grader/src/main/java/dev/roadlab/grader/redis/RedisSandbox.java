package dev.roadlab.grader.redis;

import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Per-run isolation on one Redis server.
 *
 * <ul>
 *   <li>Each run gets an ACL user that may touch only keys under its own prefix ({@code rl:<instance>:<n>:}) and
 *       only data and scripting commands: no FLUSHALL, FLUSHDB, CONFIG, DEBUG, MODULE, SHUTDOWN, KEYS, SCAN,
 *       SELECT or pub/sub. Scripts run with their caller's ACL, so a learner's Lua is held to the same rules.</li>
 *   <li>After the run its keys are unlinked and its user deleted. Every grader instance keeps a heartbeat key;
 *       users and keys of instances whose heartbeat expired are removed at start.</li>
 *   <li>A script that runs over its limit is killed from outside ({@code SCRIPT KILL}); one that already wrote
 *       cannot be killed, so the server is restarted (whatever it holds is throw-away). A run has its server to
 *       itself ({@link #tryClaim()}, also across grader processes sharing a server), so a restart never takes
 *       another run's keys with it.</li>
 * </ul>
 */
public final class RedisSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSandbox.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern RUN_USER = Pattern.compile("rl_run_([0-9a-f]{8})_(\\d+)");
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** After this long a script is "busy": other clients get BUSY and SCRIPT KILL works. */
    static final int BUSY_REPLY_THRESHOLD_MS = 500;
    private static final int ADMIN_TIMEOUT_MS = 10_000;

    /** The ACL of a run's user, after {@code reset}, its password and its key pattern. */
    static final List<String> RUN_RULES = List.of(
            "resetchannels", "-@all",
            "+@read", "+@write", "+@string", "+@hash", "+@list", "+@set", "+@sortedset", "+@bitmap",
            "+@hyperloglog", "+@geo", "+@stream", "+@scripting", "+@transaction", "+@keyspace",
            "+ping", "+time", "+echo", "+hello", "+client|setname", "+client|getname",
            "-@dangerous", "-@admin", "-@pubsub", "-@blocking",
            "-keys", "-scan", "-randomkey", "-select", "-move", "-swapdb", "-copy", "-migrate", "-dbsize",
            "-flushdb", "-flushall", "-object", "-debug",
            "-script|flush", "-script|kill", "-function", "-fcall", "-fcall_ro", "-wait");

    private final UnaryOperator<RedisServer> restarter;
    private final String instance = HexFormat.of().formatHex(bytes(4));
    private final AtomicInteger sequence = new AtomicInteger();
    private final ScheduledExecutorService heartbeat;
    private volatile RedisServer server;
    private volatile boolean closed;
    private volatile boolean claimed;

    private RedisSandbox(RedisServer server, UnaryOperator<RedisServer> restarter) {
        this.server = server;
        this.restarter = restarter;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("redis-heartbeat-" + instance).factory());
    }

    /**
     * Reaches the server, sets it up for grading (busy-script threshold), removes orphans of dead instances and
     * starts this instance's heartbeat.
     *
     * @param restarter brings back a working server when one is stuck or dead, returning where it now is
     */
    public static RedisSandbox open(RedisServer server, UnaryOperator<RedisServer> restarter) {
        RedisSandbox sandbox = new RedisSandbox(server, restarter);
        try {
            sandbox.prepare();
        } catch (RuntimeException e) {
            sandbox.heartbeat.shutdownNow();
            throw new SandboxUnavailableException("cannot administer " + server.description() + ": " + e.getMessage(), e);
        }
        sandbox.heartbeat.scheduleAtFixedRate(sandbox::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                TimeUnit.MILLISECONDS);
        return sandbox;
    }

    public RedisServer server() {
        return server;
    }

    private void prepare() {
        try (Jedis admin = server.connectAsAdmin(ADMIN_TIMEOUT_MS)) {
            try {
                admin.configSet("busy-reply-threshold", String.valueOf(BUSY_REPLY_THRESHOLD_MS));
            } catch (JedisDataException e) {
                LOG.warn("{} refuses CONFIG SET busy-reply-threshold ({}); runaway scripts are stopped only after"
                        + " the server's own threshold", server.description(), e.getMessage());
            }
            admin.psetex(heartbeatKey(instance), HEARTBEAT.multipliedBy(3).toMillis(), Instant.now().toString());
            if (claimed) { // a restarted server forgot the claim of the run that made it restart
                admin.psetex(CLAIM_KEY, HEARTBEAT.multipliedBy(3).toMillis(), instance);
            }
            removeOrphans(admin);
        }
    }

    private void beat() {
        if (closed) {
            return;
        }
        try (Jedis admin = server.connectAsAdmin(ADMIN_TIMEOUT_MS)) {
            admin.psetex(heartbeatKey(instance), HEARTBEAT.multipliedBy(3).toMillis(), Instant.now().toString());
            if (claimed) {
                admin.eval(RENEW_CLAIM, List.of(CLAIM_KEY), List.of(instance,
                        String.valueOf(HEARTBEAT.multipliedBy(3).toMillis())));
            }
        } catch (RuntimeException e) {
            LOG.debug("heartbeat to {} failed: {}", server.description(), e.getMessage());
        }
    }

    private static final String CLAIM_KEY = "rl:claim";
    private static final String RENEW_CLAIM = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";
    private static final String DROP_CLAIM = "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            + "return redis.call('DEL', KEYS[1]) end return 0";

    /**
     * Takes the server for one run at a time: no other run, of this grader or of another process sharing the server,
     * leases it until {@link #unclaim()}. The claim lives as long as this instance's heartbeat.
     *
     * @return whether the server was free
     */
    public synchronized boolean tryClaim() {
        try (Jedis admin = server.connectAsAdmin(ADMIN_TIMEOUT_MS)) {
            String set = admin.set(CLAIM_KEY, instance, redis.clients.jedis.params.SetParams.setParams().nx()
                    .px(HEARTBEAT.multipliedBy(3).toMillis()));
            claimed = "OK".equals(set);
            return claimed;
        } catch (RuntimeException e) {
            throw new SandboxUnavailableException("cannot claim " + server.description() + ": " + e.getMessage(), e);
        }
    }

    /** Lets another run have the server. */
    public synchronized void unclaim() {
        claimed = false;
        try (Jedis admin = server.connectAsAdmin(ADMIN_TIMEOUT_MS)) {
            admin.eval(DROP_CLAIM, List.of(CLAIM_KEY), List.of(instance));
        } catch (RuntimeException e) {
            LOG.debug("releasing the claim on {} failed (it expires by itself): {}", server.description(),
                    e.getMessage());
        }
    }

    private static String heartbeatKey(String instance) {
        return "rl:instance:" + instance;
    }

    private void removeOrphans(Jedis admin) {
        List<String> dead = new ArrayList<>();
        for (String user : admin.aclUsers()) {
            Matcher m = RUN_USER.matcher(user);
            if (m.matches() && !m.group(1).equals(instance) && !admin.exists(heartbeatKey(m.group(1)))) {
                admin.aclDelUser(user);
                if (!dead.contains(m.group(1))) {
                    dead.add(m.group(1));
                }
            }
        }
        for (String other : dead) {
            long removed = unlinkAll(admin, "rl:" + other + ":*");
            LOG.info("removed orphans of dead grader {} on {}: users and {} keys", other, server.description(), removed);
        }
    }

    /** A new ACL user for one run, limited to its own key prefix. */
    public RunRedis lease() {
        int n = sequence.incrementAndGet();
        String user = "rl_run_" + instance + "_" + n;
        String password = HexFormat.of().formatHex(bytes(16));
        String prefix = "rl:" + instance + ":" + n + ":";
        List<String> rules = new ArrayList<>(List.of("reset", "on", ">" + password, "~" + prefix + "*"));
        rules.addAll(RUN_RULES);
        RedisServer current = server;
        try (Jedis admin = current.connectAsAdmin(ADMIN_TIMEOUT_MS)) {
            admin.aclSetUser(user, rules.toArray(String[]::new));
        } catch (RuntimeException e) {
            throw new SandboxUnavailableException("cannot create a run user on " + current.description() + ": "
                    + e.getMessage(), e);
        }
        return new RunRedis(current, user, password, prefix);
    }

    /** Removes the run's keys and user. */
    public void release(RunRedis run) {
        if (run.server() != server) {
            return; // the server was restarted since: nothing of the run is left on it
        }
        try (Jedis admin = server.connectAsAdmin(ADMIN_TIMEOUT_MS)) {
            admin.aclDelUser(run.user()); // also disconnects the user's clients
            unlinkAll(admin, run.prefix() + "*");
        } catch (RuntimeException e) {
            LOG.warn("cleaning up {} failed (removed as an orphan later): {}", run, e.getMessage());
        }
    }

    /** What stopping a run's work took. */
    public enum Interruption {
        /** No script was running. */
        NOTHING_RUNNING,
        /** The running script was killed. */
        KILLED,
        /** The script had written and could not be killed: the server was restarted. */
        RESTARTED
    }

    /**
     * Stops the script running on the server (Redis runs one at a time): {@code SCRIPT KILL}, or a restart when
     * the script already wrote and Redis refuses to kill it.
     */
    public Interruption interrupt() {
        RedisServer current = server;
        try (Jedis admin = current.connectAsAdmin(ADMIN_TIMEOUT_MS)) {
            for (int attempt = 0; attempt < 20; attempt++) {
                try {
                    admin.scriptKill();
                    LOG.info("killed a runaway script on {}", current.description());
                    return Interruption.KILLED;
                } catch (JedisDataException e) {
                    String message = String.valueOf(e.getMessage());
                    if (message.startsWith("NOTBUSY")) {
                        return Interruption.NOTHING_RUNNING;
                    }
                    if (message.startsWith("UNKILLABLE")) {
                        restart(current);
                        return Interruption.RESTARTED;
                    }
                    sleep(100);
                }
            }
        } catch (JedisConnectionException e) {
            LOG.warn("{} does not answer while a script runs: restarting it", current.description());
            restart(current);
            return Interruption.RESTARTED;
        }
        restart(current);
        return Interruption.RESTARTED;
    }

    /** Brings back a working server after {@code stuck}; a no-op if another thread did already. */
    public synchronized void restart(RedisServer stuck) {
        if (stuck != server || closed) {
            return;
        }
        LOG.warn("restarting {}", stuck.description());
        server = restarter.apply(stuck);
        prepare();
    }

    /** Whether the server answers the grader. */
    public boolean alive() {
        try (Jedis admin = server.connectAsAdmin(3_000)) {
            return "PONG".equals(admin.ping());
        } catch (JedisDataException e) {
            return String.valueOf(e.getMessage()).startsWith("BUSY"); // alive, just running a script
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static long unlinkAll(Jedis admin, String pattern) {
        long removed = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams params = new ScanParams().match(pattern).count(1000);
        do {
            ScanResult<String> page = admin.scan(cursor, params);
            if (!page.getResult().isEmpty()) {
                removed += admin.unlink(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return removed;
    }

    @Override
    public void close() {
        closed = true;
        heartbeat.shutdownNow();
        try (Jedis admin = server.connectAsAdmin(ADMIN_TIMEOUT_MS)) {
            for (String user : admin.aclUsers()) {
                if (user.startsWith("rl_run_" + instance + "_")) {
                    admin.aclDelUser(user);
                }
            }
            unlinkAll(admin, "rl:" + instance + ":*");
            admin.del(heartbeatKey(instance));
            if (claimed) {
                admin.eval(DROP_CLAIM, List.of(CLAIM_KEY), List.of(instance));
            }
        } catch (RuntimeException e) {
            LOG.debug("cleanup of {} at close failed: {}", server.description(), e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
