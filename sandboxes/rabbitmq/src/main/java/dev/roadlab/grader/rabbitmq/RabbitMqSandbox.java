package dev.roadlab.grader.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Per-run isolation on one RabbitMQ broker.
 *
 * <ul>
 *   <li>Each run gets a vhost and a user of the same name ({@code rl_run_<instance>_<n>}): the user has no tags (so
 *       no management API), and permissions on that vhost only. The vhost's limits (max-queues, max-connections)
 *       come from the lab.</li>
 *   <li>A few vhosts per lab's limits are kept ready (warm), made in the background, so a lease is a queue poll;
 *       their users' passwords are known to this grader only. They are named like runs' vhosts, so a dead grader's
 *       warm vhosts are swept like its runs'.</li>
 *   <li>After the run the vhost (with its queues, exchanges, policies and connections) and the user are deleted.</li>
 *   <li>Every grader instance's admin connection holds an exclusive queue {@code roadlab.grader.<instance>} in
 *       {@code /}; the broker deletes it the moment that connection closes, so also when the grader's process dies.
 *       Vhosts and users of instances whose queue is gone are orphans, removed when a grader opens the broker and
 *       every {@link #SWEEP_PERIOD} while it is open: deterministic, no heartbeat to expire.</li>
 *   <li>Stopping a run's work closes its user's connections (through the management API), never the broker.</li>
 * </ul>
 */
public final class RabbitMqSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqSandbox.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** rl_run_<instance>_<n>: a run's vhost and user. */
    static final Pattern RUN_NAME = Pattern.compile("rl_run_([0-9a-f]{8})_\\d+");
    static final String LIVENESS_PREFIX = "roadlab.grader.";
    /** How often an open grader sweeps the orphans of dead instances (issue 15). */
    static final Duration SWEEP_PERIOD = Duration.ofSeconds(15);

    private final RabbitMqServer server;
    private final ManagementApi admin;
    private final String instance;
    private final AtomicInteger sequence = new AtomicInteger();
    /** The admin's AMQP connection: holds the liveness queue for this instance's life. */
    private final Connection liveness;
    /** Runs the periodic sweep of dead instances' orphans, one sweep at a time. */
    private final ScheduledExecutorService sweeper;
    /** Vhosts (with their users) made ahead of runs, by the limits they were made with. */
    private final int warmPerSpec;
    private final Map<RabbitMqSpec, ConcurrentLinkedDeque<RunVhost>> warm = new ConcurrentHashMap<>();
    /** Makes warm vhosts, one at a time: bounded background work. */
    private final ExecutorService background;
    private volatile boolean closed;

    /** Reaches the broker as admin, declares this instance's liveness queue, removes orphans of dead instances. */
    public static RabbitMqSandbox open(RabbitMqServer server) {
        return open(server, SWEEP_PERIOD);
    }

    /** As {@link #open(RabbitMqServer)}, sweeping dead instances' orphans every {@code sweepPeriod}. */
    static RabbitMqSandbox open(RabbitMqServer server, Duration sweepPeriod) {
        return open(server, sweepPeriod, 0);
    }

    /** As {@link #open(RabbitMqServer)}, keeping {@code warmPerSpec} vhosts ready for each lab's limits. */
    public static RabbitMqSandbox open(RabbitMqServer server, int warmPerSpec) {
        return open(server, SWEEP_PERIOD, warmPerSpec);
    }

    static RabbitMqSandbox open(RabbitMqServer server, Duration sweepPeriod, int warmPerSpec) {
        ManagementApi admin = new ManagementApi(server.management(), server.adminUser(), server.adminPassword());
        Connection liveness = null;
        try {
            JsonNode whoami = admin.get("/api/whoami");
            if (!whoami.path("tags").toString().contains("administrator")) {
                throw new SandboxUnavailableException(server.adminUser() + " on " + server.description()
                        + " is not tagged administrator: the grader creates vhosts and users with it");
            }
            String instance = HexFormat.of().formatHex(bytes(4));
            liveness = server.connectAsAdmin("roadlab-grader " + instance);
            RabbitMqSandbox sandbox = new RabbitMqSandbox(server, admin, liveness, instance, warmPerSpec);
            sandbox.start();
            sandbox.sweeper.scheduleWithFixedDelay(sandbox::sweepOrphans, sweepPeriod.toMillis(),
                    sweepPeriod.toMillis(), TimeUnit.MILLISECONDS);
            return sandbox;
        } catch (IOException | TimeoutException | RuntimeException e) {
            closeQuietly(liveness);
            if (e instanceof SandboxUnavailableException s) {
                throw s;
            }
            throw new SandboxUnavailableException("cannot administer " + server.description() + " as "
                    + server.adminUser() + ": " + message(e), e);
        }
    }

    private RabbitMqSandbox(RabbitMqServer server, ManagementApi admin, Connection liveness, String instance,
                            int warmPerSpec) {
        this.warmPerSpec = Math.max(0, warmPerSpec);
        this.background = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("rabbitmq-sandbox-warm-" + instance).factory());
        this.server = server;
        this.admin = admin;
        this.liveness = liveness;
        this.instance = instance;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("rabbitmq-sandbox-sweep-" + instance).factory());
    }

    private void start() throws IOException {
        Channel channel = liveness.createChannel();
        // exclusive: the broker deletes it when this connection closes, however the process ends
        channel.queueDeclare(livenessQueue(instance), false, true, true, Map.of());
        removeOrphans();
    }

    /** This grader instance's id, in the names of its runs. */
    public String instance() {
        return instance;
    }

    public RabbitMqServer server() {
        return server;
    }

    /** The management API as the admin. */
    ManagementApi admin() {
        return admin;
    }

    static String livenessQueue(String instance) {
        return LIVENESS_PREFIX + instance;
    }

    /** Whether the grader instance that made {@code instance}'s runs still holds its liveness queue. */
    boolean instanceAlive(String otherInstance) {
        return admin.find("/api/queues/%2F/" + ManagementApi.segment(livenessQueue(otherInstance))).isPresent();
    }

    /**
     * One periodic sweep of dead instances' orphans. A failed sweep (the broker restarting, say) is logged and the
     * next one tries again; an exception must not escape, or the executor would cancel every later sweep.
     */
    private void sweepOrphans() {
        if (closed) {
            return;
        }
        try {
            removeOrphans();
        } catch (RuntimeException e) {
            LOG.warn("sweeping the orphans of dead graders on {} failed (trying again later): {}",
                    server.description(), e.getMessage());
        }
    }

    private void removeOrphans() {
        Set<String> dead = new LinkedHashSet<>();
        Set<String> alive = new LinkedHashSet<>();
        alive.add(instance);
        for (String kind : new String[] {"vhosts", "users"}) {
            for (JsonNode item : admin.list("/api/" + kind)) {
                String name = item.path("name").asString("");
                Matcher m = RUN_NAME.matcher(name);
                if (!m.matches() || alive.contains(m.group(1))) {
                    continue;
                }
                if (!dead.contains(m.group(1)) && instanceAlive(m.group(1))) {
                    alive.add(m.group(1));
                    continue;
                }
                dead.add(m.group(1));
                admin.delete("/api/" + kind + "/" + ManagementApi.segment(name));
            }
        }
        for (String other : dead) {
            LOG.info("removed the vhosts and users (rl_run_{}_*) of dead grader {} on {}", other, other,
                    server.description());
        }
    }

    /** A vhost and user for one run: a warm one when one is ready, else made now; the pool is refilled behind. */
    public RunVhost lease(RabbitMqSpec spec) {
        if (closed) {
            throw new SandboxUnavailableException("the RabbitMQ sandbox is closed");
        }
        RunVhost ready = warmQueue(spec).pollFirst();
        RunVhost run = ready != null ? ready : create(spec);
        refill(spec);
        return run;
    }

    /** Vhosts ready for runs with {@code spec}'s limits now (for tests). */
    java.util.List<RunVhost> warmFor(RabbitMqSpec spec) {
        return java.util.List.copyOf(warmQueue(spec));
    }

    /** How many vhosts leases had to make themselves, none being ready (for tests). */
    int madeOnLease() {
        return madeOnLease.get();
    }

    private final AtomicInteger madeOnLease = new AtomicInteger();

    private ConcurrentLinkedDeque<RunVhost> warmQueue(RabbitMqSpec spec) {
        return warm.computeIfAbsent(spec, s -> new ConcurrentLinkedDeque<>());
    }

    private void refill(RabbitMqSpec spec) {
        if (warmPerSpec == 0 || closed) {
            return;
        }
        try {
            background.execute(() -> {
                ConcurrentLinkedDeque<RunVhost> queue = warmQueue(spec);
                while (!closed && queue.size() < warmPerSpec) {
                    try {
                        queue.addLast(make(spec));
                    } catch (RuntimeException e) {
                        LOG.warn("could not prepare a warm vhost on {}: {}", server.description(), e.getMessage());
                        return;
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: nothing more to prepare
        }
    }

    private RunVhost create(RabbitMqSpec spec) {
        madeOnLease.incrementAndGet();
        return make(spec);
    }

    private RunVhost make(RabbitMqSpec spec) {
        String name = "rl_run_" + instance + "_" + sequence.incrementAndGet();
        RunVhost run = new RunVhost(server, name, HexFormat.of().formatHex(bytes(16)), spec);
        try {
            admin.put("/api/users/" + name, Map.of("password", run.password(), "tags", ""));
            createVhost(run);
            return run;
        } catch (RuntimeException e) {
            release(run);
            throw new SandboxUnavailableException("cannot create a run's vhost on " + server.description() + ": "
                    + e.getMessage(), e);
        }
    }

    private void createVhost(RunVhost run) {
        String vhost = run.vhost();
        admin.put("/api/vhosts/" + vhost, Map.of("description", "a Roadlab run of grader " + instance));
        admin.put("/api/permissions/" + vhost + "/" + run.user(), Map.of("configure", ".*", "write", ".*",
                "read", ".*"));
        admin.put("/api/vhost-limits/" + vhost + "/max-queues", Map.of("value", run.spec().maxQueues()));
        admin.put("/api/vhost-limits/" + vhost + "/max-connections", Map.of("value", run.spec().maxConnections()));
    }

    /** Empties the run's vhost (deleted and made again, with its permissions and limits): everything in it goes. */
    void reset(RunVhost run) {
        admin.delete("/api/vhosts/" + run.vhost());
        createVhost(run);
    }

    /** Closes every connection of the run's user (what a check still has open, whatever it is doing). */
    public int closeConnections(RunVhost run) {
        int closed = 0;
        for (JsonNode connection : admin.list("/api/vhosts/" + run.vhost() + "/connections?columns=name,user")) {
            if (run.user().equals(connection.path("user").asString(""))) {
                admin.delete("/api/connections/" + ManagementApi.segment(connection.path("name").asString()));
                closed++;
            }
        }
        return closed;
    }

    /** Removes the run's vhost (and all in it, its connections too) and its user. */
    public void release(RunVhost run) {
        try {
            admin.delete("/api/vhosts/" + run.vhost());
            admin.delete("/api/users/" + run.user());
        } catch (RuntimeException e) {
            LOG.warn("cleaning up {} failed (removed as an orphan later): {}", run, e.getMessage());
        }
    }

    /** Whether the broker still answers the grader: its AMQP connection is open and the management API answers. */
    public boolean alive() {
        return !closed && liveness.isOpen() && admin.answers();
    }

    /** Deletes every vhost and user of this instance, then closes its connection (its liveness queue goes with it). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sweeper.shutdown(); // cancels the next sweeps; one under way finishes first
        background.shutdown(); // a warm vhost being made is finished, then deleted below with the rest
        try {
            sweeper.awaitTermination(30, TimeUnit.SECONDS);
            background.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (String kind : new String[] {"vhosts", "users"}) {
                for (JsonNode item : admin.list("/api/" + kind)) {
                    String name = item.path("name").asString("");
                    Matcher m = RUN_NAME.matcher(name);
                    if (m.matches() && m.group(1).equals(instance)) {
                        admin.delete("/api/" + kind + "/" + name);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("cleanup of {} at close failed: {}", server.description(), e.getMessage());
        }
        closeQuietly(liveness);
    }

    /**
     * Lets go of the broker as a grader that dies would: its connection dropped (its liveness queue goes with it),
     * nothing cleaned up (for tests of what the graders still running sweep).
     */
    void forgetForTests() {
        closed = true;
        sweeper.shutdownNow();
        background.shutdownNow();
        closeQuietly(liveness);
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.abort(5_000);
            } catch (RuntimeException e) {
                LOG.debug("closing a connection failed: {}", e.getMessage());
            }
        }
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
