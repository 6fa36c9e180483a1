package dev.roadlab.grader.postgres;

import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-run isolation on one PostgreSQL server.
 *
 * <ul>
 *   <li>Each lab's seed runs once per server into a template database ({@code rl_tpl_<lab>_<hash>}, the hash of its
 *       content: the seed and the roles), whose objects belong to a NOLOGIN role; the template refuses
 *       connections. Builds of different labs' templates run side by side: each has its own lock, and admin work
 *       borrows one of a few connections. A template outlives its grader (the next {@code roadlab grade} reuses it);
 *       it carries the {@link TemplateFingerprint} of what it held when built, and the first clone each grader makes
 *       is compared with it: a template changed since is dropped and built again.</li>
 *   <li>Each run gets a database cloned from the template ({@code CREATE DATABASE ... TEMPLATE}) and a fresh login
 *       role of the same name with no superuser, createdb, createrole, replication or bypassrls, a connection limit
 *       and a temp-file limit; the lab's objects are reassigned to it. For each extra role the lab declares, a
 *       NOLOGIN group of that name exists on the server and the run gets a login member of it; every login of the run
 *       may connect to its own database only. Nothing else is granted.</li>
 *   <li>A few run databases per lab are kept ready (warm), so a lease is a queue poll.</li>
 *   <li>Every grader instance holds an advisory lock for its life; databases and roles of instances whose lock is
 *       free are orphans of a crashed grader and are dropped at start, and every {@link #SWEEP_PERIOD} while the
 *       grader is open (so a worker killed while others keep running leaves nothing for long).</li>
 * </ul>
 * The grader's admin connections never enter a run database after the learner has had it, so nothing the learner
 * defines (views, functions, operators) ever runs with the admin's privileges.
 */
public final class PostgresSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSandbox.class);
    private static final String TEMPLATE_OWNER = "roadlab_template_owner";
    private static final int LOCK_CLASS = 0x524c; // "RL": the advisory-lock class of grader instances
    /** Bump when the template layout changes, so old templates are rebuilt. */
    private static final String TEMPLATE_FORMAT = "3";
    private static final int ADMIN_CONNECTIONS = 4;
    /**
     * At most this many warm databases wait with their checks' connection already open (see {@link #preopen}): these
     * connections are held outside any run's slots, so the budget leaves room for them.
     */
    static final int PREOPENED_MAX = 4;
    /**
     * Warm databases made at once: two gradings at once take two, and one refill thread making them one after the
     * other falls behind; each borrows one of the {@link #ADMIN_CONNECTIONS}.
     */
    private static final int REFILL_THREADS = 2;
    /** How long a lease waits for connection slots before it is our fault. */
    private static final Duration SLOT_WAIT = Duration.ofSeconds(60);
    /** rl_run_<instance>_<n>[_<role>] and rl_tplbuild_<instance>_<n>. */
    private static final Pattern RUN_OBJECT = Pattern.compile("rl_(?:run|tplbuild)_([0-9a-f]{8})_\\d+(?:_[a-z0-9_]+)?");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How often an open grader sweeps the orphans of dead instances (issue 15). */
    static final Duration SWEEP_PERIOD = Duration.ofSeconds(15);

    private final PostgresServer server;
    private final String instance;
    private final int warmPerLab;
    private final AdminConnections admin;
    /** Holds this instance's liveness lock for its whole life; also sends cancel and terminate signals. */
    private final Connection control;
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger clonedOnLease = new AtomicInteger();
    /** Warm databases' checks' connections, opened ahead as the run's role, by run database name. */
    private final Map<String, Connection> preopened = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedDeque<RunDatabase>> warm = new ConcurrentHashMap<>();
    /** Warm databases of each template being made now. */
    private final Map<String, AtomicInteger> beingMade = new ConcurrentHashMap<>();
    private final Map<String, String> templates = new ConcurrentHashMap<>();
    private final Map<String, Object> templateLocks = new ConcurrentHashMap<>();
    /** Facts about each template that runs measured on their fresh clones ({@link LabDatabase#fromTemplate}). */
    private final Map<String, Map<String, Object>> templateFacts = new ConcurrentHashMap<>();
    /** Templates whose fingerprint this instance compared on a clone and found as built. */
    private final java.util.Set<String> verified = ConcurrentHashMap.newKeySet();
    /** Prepares warm databases; drops run on {@link #dropper}, so a lease's refill never waits behind them. */
    private final ExecutorService background;
    private final ExecutorService dropper;
    /** Runs the periodic sweep of dead instances' orphans, one sweep at a time. */
    private final ScheduledExecutorService sweeper;
    private RunMonitor monitor;
    /** Connection slots this grader's runs may fill, one permit each: leases wait for theirs (see start()). */
    private java.util.concurrent.Semaphore slots;
    private int budget;
    private final Map<String, Integer> slotsHeld = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private PostgresSandbox(PostgresServer server, int warmPerLab, Connection control) {
        this.server = server;
        this.warmPerLab = warmPerLab;
        this.control = control;
        this.admin = new AdminConnections(server, ADMIN_CONNECTIONS);
        this.instance = HexFormat.of().formatHex(randomBytes(4));
        this.background = Executors.newFixedThreadPool(REFILL_THREADS,
                Thread.ofVirtual().name("pg-sandbox-" + instance + "-", 0).factory());
        this.dropper = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("pg-sandbox-drop-" + instance).factory());
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("pg-sandbox-sweep-" + instance).factory());
    }

    /**
     * Connects to the server, takes this instance's liveness lock, removes orphans of dead instances.
     *
     * @param warmPerLab run databases kept ready per lab (0 to clone on demand)
     */
    public static PostgresSandbox open(PostgresServer server, int warmPerLab) {
        return open(server, warmPerLab, SWEEP_PERIOD);
    }

    /** As {@link #open(PostgresServer, int)}, sweeping dead instances' orphans every {@code sweepPeriod}. */
    static PostgresSandbox open(PostgresServer server, int warmPerLab, Duration sweepPeriod) {
        Connection control = null;
        try {
            control = server.connectAsAdmin(server.maintenanceDb());
            PostgresSandbox sandbox = new PostgresSandbox(server, warmPerLab, control);
            sandbox.start();
            sandbox.monitor = new RunMonitor(server);
            sandbox.sweeper.scheduleWithFixedDelay(sandbox::sweepOrphans, sweepPeriod.toMillis(),
                    sweepPeriod.toMillis(), TimeUnit.MILLISECONDS);
            return sandbox;
        } catch (SQLException e) {
            closeQuietly(control);
            throw new SandboxUnavailableException("cannot administer " + server.description() + " as "
                    + server.adminUser() + ": " + e.getMessage(), e);
        }
    }

    public PostgresServer server() {
        return server;
    }

    private void start() throws SQLException {
        synchronized (control) {
            execute(control, "SELECT pg_advisory_lock(" + LOCK_CLASS + ", hashtext('" + instance + "'))");
        }
        admin.run(c -> {
            createRoleIfMissing(c, TEMPLATE_OWNER);
            removeOrphans(c);
            return null;
        });
        budget = connectionBudget();
        slots = new java.util.concurrent.Semaphore(budget, true);
    }

    /**
     * The connection slots this grader gives its runs: the server's max_connections less the slots reserved for
     * superusers, less those in use by others when the grader opened it, less a margin for this grader's own admin
     * and monitor connections and for other clients. A run that would pass it waits for its share rather than make
     * another run's connection fail with "remaining connection slots are reserved".
     */
    private int connectionBudget() throws SQLException {
        return admin.with(c -> {
            int max = Integer.parseInt(queryStrings(c, "SELECT pg_catalog.current_setting('max_connections')").get(0));
            int reserved = Integer.parseInt(queryStrings(c,
                    "SELECT pg_catalog.current_setting('superuser_reserved_connections')").get(0));
            int used = Integer.parseInt(queryStrings(c, "SELECT pg_catalog.count(*) FROM pg_catalog.pg_stat_activity"
                    + " WHERE backend_type OPERATOR(pg_catalog.=) 'client backend'").get(0));
            int budget = max - reserved - used - ADMIN_CONNECTIONS - PREOPENED_MAX - 8;
            LOG.info("{}: {} connection slots for runs (max_connections {}, {} reserved, {} in use)",
                    server.description(), Math.max(budget, 4), max, reserved, used);
            return Math.max(budget, 4);
        });
    }

    /** How many slots a run of this lab may fill: its connection limit, for each of its login roles. */
    private static int slotsOf(PostgresSpec spec) {
        return (spec.connections() + 2) * (1 + spec.roles().size());
    }

    /** Creates a NOLOGIN role unless it exists; another grader creating it meanwhile is fine. */
    private static void createRoleIfMissing(Connection c, String role) throws SQLException {
        if (!queryStrings(c, "SELECT rolname FROM pg_roles WHERE rolname = '" + role + "'").isEmpty()) {
            return;
        }
        try {
            execute(c, "CREATE ROLE " + role + " NOLOGIN");
        } catch (SQLException e) {
            if (!"42710".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) { // created meanwhile
                throw e;
            }
        }
    }

    /**
     * A database for one run of {@code labId}, ready to use; give it back with {@link #release}.
     *
     * @param statementLimit a default statement_timeout for the run's roles (defence in depth: the grader
     *                       cancels from outside whatever the learner sets)
     */
    public RunDatabase lease(String labId, PostgresSpec spec, Duration statementLimit) {
        int needed = Math.min(slotsOf(spec), budget);
        try {
            if (!slots.tryAcquire(needed, SLOT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SandboxUnavailableException("the runs on " + server.description() + " hold every connection"
                        + " slot this grader may use; none came free within " + SLOT_WAIT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while waiting for connection slots");
        }
        try {
            RunDatabase run = leaseDatabase(labId, spec, statementLimit);
            slotsHeld.put(run.name(), needed);
            return run;
        } catch (RuntimeException e) {
            slots.release(needed);
            throw e;
        }
    }

    private RunDatabase leaseDatabase(String labId, PostgresSpec spec, Duration statementLimit) {
        String template = template(labId, spec);
        RunDatabase run = warmQueue(template).pollFirst();
        if (run == null) {
            clonedOnLease.incrementAndGet();
            try {
                run = createRun(template, spec, statementLimit);
            } catch (ChangedTemplateException e) {
                LOG.warn("template {} of {} on {} no longer holds what it was built with; building it again",
                        template, labId, server.description());
                dropTemplate(template);
                template = template(labId, spec);
                run = createRun(template, spec, statementLimit);
            } catch (SandboxUnavailableException e) {
                if (!templateMissing(e)) {
                    throw e;
                }
                // Another grader on this server dropped it: one running another version of the lab sweeps the
                // templates it takes for stale ones. Build it again rather than fail every run until a restart.
                LOG.info("template {} of {} was dropped from {}; building it again", template, labId,
                        server.description());
                templates.remove(template);
                templateFacts.remove(template);
                template = template(labId, spec);
                run = createRun(template, spec, statementLimit);
            }
        }
        refill(template, spec, statementLimit);
        return run;
    }

    /** This grader instance's id, in the names of its run databases and roles (for tests). */
    String instance() {
        return instance;
    }

    /** How many leases found no warm database and cloned one on their own path (for tests). */
    int clonedOnLease() {
        return clonedOnLease.get();
    }

    /** Run databases ready for leases of {@code labId} now (for tests). */
    int warmCount(String labId, PostgresSpec spec) {
        return warmQueue(templateName(labId, spec)).size();
    }

    /** What runs measured on fresh clones of {@code template}, kept while this instance uses the template. */
    Map<String, Object> templateFacts(String template) {
        return templateFacts.computeIfAbsent(template, t -> new ConcurrentHashMap<>());
    }

    /** CREATE DATABASE ... TEMPLATE failed with invalid_catalog_name: the template is gone. */
    private static boolean templateMissing(SandboxUnavailableException e) {
        return e.getCause() instanceof SQLException sql && "3D000".equals(sql.getSQLState());
    }

    /** Drops the run's database and roles, in the background; its connection slots are free again at once. */
    public void release(RunDatabase run) {
        Integer held = slotsHeld.remove(run.name());
        if (held != null) {
            slots.release(held);
        }
        if (closed) {
            dropRun(run);
            return;
        }
        dropper.execute(() -> dropRun(run));
    }

    /** Starts bounding what the run takes of what runs share (locks, disk); see {@link RunMonitor}. */
    RunMonitor.Watch watch(RunDatabase run, long maxBytes) {
        return monitor.watch(run, maxBytes);
    }

    void unwatch(RunDatabase run) {
        monitor.unwatch(run);
    }

    /** The most locks one run may hold at once on this server. */
    public long lockLimit() {
        return monitor.lockLimit();
    }

    /** Cancels every running statement of the run's roles (like pressing Ctrl-C in psql). */
    public void cancel(RunDatabase run) {
        signal("pg_cancel_backend", run);
    }

    /** Ends every connection of the run's roles. */
    public void terminate(RunDatabase run) {
        signal("pg_terminate_backend", run);
    }

    /** Whether the server still answers the grader. */
    public boolean alive() {
        synchronized (control) {
            try {
                return control.isValid(5);
            } catch (SQLException e) {
                return false;
            }
        }
    }

    private void signal(String function, RunDatabase run) {
        synchronized (control) {
            try (PreparedStatement ps = control.prepareStatement("SELECT " + function + "(pid) FROM pg_stat_activity"
                    + " WHERE usename = ANY (?) AND pid <> pg_backend_pid()")) {
                ps.setArray(1, control.createArrayOf("text", run.logins().toArray()));
                ps.executeQuery().close();
            } catch (SQLException e) {
                LOG.warn("{} for {} failed: {}", function, run, e.getMessage());
            }
        }
    }

    private ConcurrentLinkedDeque<RunDatabase> warmQueue(String template) {
        return warm.computeIfAbsent(template, t -> new ConcurrentLinkedDeque<>());
    }

    private void refill(String template, PostgresSpec spec, Duration statementLimit) {
        if (warmPerLab <= 0 || closed) {
            return;
        }
        Runnable fill = () -> {
            ConcurrentLinkedDeque<RunDatabase> queue = warmQueue(template);
            AtomicInteger making = beingMade.computeIfAbsent(template, t -> new AtomicInteger());
            while (!closed) {
                synchronized (making) { // ready plus under way: never more than warmPerLab
                    if (queue.size() + making.get() >= warmPerLab) {
                        return;
                    }
                    making.incrementAndGet();
                }
                try {
                    RunDatabase run = createRun(template, spec, statementLimit, true);
                    preopen(run);
                    queue.addLast(run);
                } catch (RuntimeException e) {
                    LOG.warn("could not prepare a warm database from {}: {}", template, e.getMessage());
                    return;
                } finally {
                    making.decrementAndGet();
                }
            }
        };
        try {
            for (int i = 0; i < REFILL_THREADS; i++) {
                background.execute(fill);
            }
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: nothing more to prepare
        }
    }

    /** The lab's template on this server, built on first use (and again when the lab's seed or roles change). */
    String template(String labId, PostgresSpec spec) {
        String name = templateName(labId, spec);
        if (templates.containsKey(name)) {
            return name;
        }
        synchronized (templateLocks.computeIfAbsent(name, n -> new Object())) {
            try {
                if (!templates.containsKey(name)) {
                    admin.run(c -> {
                        if (!databaseExists(c, name)) {
                            buildTemplate(c, labId, name, spec);
                        }
                        return null;
                    });
                    templates.put(name, labId);
                }
                return name;
            } catch (SQLException e) {
                throw new SandboxUnavailableException("cannot build the template for " + labId + " on "
                        + server.description() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Keyed by what the template holds (the seed, the roles), never by the date: equal content, equal template. */
    static String templateName(String labId, PostgresSpec spec) {
        String key = TEMPLATE_FORMAT + "\n" + String.join(",", spec.roles()) + "\n" + spec.seedSql();
        String lab = labId.replace('-', '_');
        if (lab.length() > 40) {
            lab = lab.substring(0, 40);
        }
        return "rl_tpl_" + lab + "_" + sha256(key).substring(0, 12);
    }

    private void buildTemplate(Connection c, String labId, String name, PostgresSpec spec) throws SQLException {
        long started = System.nanoTime();
        for (String role : spec.roles()) {
            createRoleIfMissing(c, role);
        }
        String build = "rl_tplbuild_" + instance + "_" + sequence.incrementAndGet();
        execute(c, "CREATE DATABASE " + build + " TEMPLATE template0 ENCODING 'UTF8'");
        try {
            execute(c, "REVOKE ALL ON DATABASE " + build + " FROM PUBLIC");
            try (Connection db = server.connectAsAdmin(build)) {
                execute(db, "ALTER SCHEMA public OWNER TO " + TEMPLATE_OWNER);
                execute(db, "SET ROLE " + TEMPLATE_OWNER);
                for (SqlStatement statement : SqlScript.split(spec.seedSql())) {
                    try {
                        execute(db, statement.sql());
                    } catch (SQLException e) {
                        throw new SQLException("seed of " + labId + ", line " + statement.line() + ": "
                                + e.getMessage(), e.getSQLState(), e);
                    }
                }
                execute(db, "RESET ROLE");
                execute(db, "VACUUM (ANALYZE, FREEZE)");
                // On the database before it has its name, so no grader ever sees the template without it.
                execute(c, "COMMENT ON DATABASE " + build + " IS '" + TemplateFingerprint.COMMENT_PREFIX
                        + TemplateFingerprint.of(db) + "'");
            }
            try {
                execute(c, "ALTER DATABASE " + build + " RENAME TO " + name);
            } catch (SQLException e) {
                if ("42P04".equals(e.getSQLState())) { // another grader built it first
                    execute(c, "DROP DATABASE " + build);
                    return;
                }
                throw e;
            }
            execute(c, "ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false IS_TEMPLATE true");
            verified.add(name);
            LOG.info("built template {} for {} on {} in {} ms", name, labId, server.description(),
                    (System.nanoTime() - started) / 1_000_000);
            dropStaleTemplates(c, labId, name);
        } catch (SQLException | RuntimeException e) {
            try {
                execute(c, "DROP DATABASE IF EXISTS " + build + " WITH (FORCE)");
            } catch (SQLException dropFailed) {
                e.addSuppressed(dropFailed);
            }
            throw e;
        }
    }

    private void dropStaleTemplates(Connection c, String labId, String current) {
        String prefix = current.substring(0, current.lastIndexOf('_') + 1);
        try {
            for (String stale : queryStrings(c, "SELECT datname FROM pg_database WHERE datname LIKE '"
                    + prefix.replace("_", "\\_") + "%' AND datname <> '" + current + "'")) {
                ConcurrentLinkedDeque<RunDatabase> stillWarm = warm.remove(stale);
                if (stillWarm != null) {
                    stillWarm.forEach(this::dropRun);
                }
                templates.remove(stale);
                templateFacts.remove(stale);
                try {
                    execute(c, "ALTER DATABASE " + stale + " IS_TEMPLATE false");
                    execute(c, "DROP DATABASE " + stale);
                    LOG.info("dropped stale template {} of {}", stale, labId);
                } catch (SQLException e) {
                    LOG.info("stale template {} still in use: {}", stale, e.getMessage());
                }
            }
        } catch (SQLException e) {
            LOG.warn("listing stale templates of {} failed: {}", labId, e.getMessage());
        }
    }

    private RunDatabase createRun(String template, PostgresSpec spec, Duration statementLimit) {
        return createRun(template, spec, statementLimit, false);
    }

    /**
     * @param prewarm read the clone's tables once, so that their pages are in shared buffers before the run starts
     *                (a clone's pages are new to the buffer cache): for warm databases, made off any run's path
     */
    private RunDatabase createRun(String template, PostgresSpec spec, Duration statementLimit, boolean prewarm) {
        String name = "rl_run_" + instance + "_" + sequence.incrementAndGet();
        String password = HexFormat.of().formatHex(randomBytes(16));
        RunDatabase run = new RunDatabase(server, name, password, template, spec.roles());
        try {
            admin.run(c -> {
                for (String login : run.logins()) {
                    String group = login.equals(name) ? null : login.substring(name.length() + 1);
                    execute(c, "CREATE ROLE " + login + " LOGIN PASSWORD '" + password + "'"
                            + " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
                            + (group == null ? " NOINHERIT" : " INHERIT IN ROLE " + group)
                            + " CONNECTION LIMIT " + (spec.connections() + 2));
                    execute(c, "ALTER ROLE " + login + " SET statement_timeout = '" + statementLimit.toMillis() + "ms'");
                    execute(c, "ALTER ROLE " + login + " SET temp_file_limit = '256MB'");
                    execute(c, "ALTER ROLE " + login + " SET idle_in_transaction_session_timeout = '120s'");
                }
                execute(c, "CREATE DATABASE " + name + " TEMPLATE " + template);
                execute(c, "REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
                for (String login : run.logins()) {
                    execute(c, "GRANT CONNECT, TEMPORARY ON DATABASE " + name + " TO " + login);
                }
                return null;
            });
        } catch (SQLException e) {
            dropRun(run);
            throw new SandboxUnavailableException("cannot create a run database on " + server.description()
                    + ": " + e.getMessage(), e);
        }
        // The learner has not touched this database yet: entering it as admin is safe.
        try (Connection c = server.connectAsAdmin(name)) {
            if (!verified.contains(template)) {
                verify(c, template, run);
            }
            execute(c, "REASSIGN OWNED BY " + TEMPLATE_OWNER + " TO " + name);
            if (prewarm) {
                prewarm(c);
            }
        } catch (SQLException e) {
            dropRun(run);
            throw new SandboxUnavailableException("cannot hand the run database to its role on "
                    + server.description() + ": " + e.getMessage(), e);
        }
        return run;
    }

    /**
     * Opens a warm database's checks' connection ahead, as the run's own role, before any learner has the database
     * (the same connection {@link LabDatabase} would open on the run's path: a new backend, authentication, its
     * session settings). At most {@link #PREOPENED_MAX} wait at once; a failure only means the run opens its own.
     */
    private void preopen(RunDatabase run) {
        if (preopened.size() >= PREOPENED_MAX) {
            return;
        }
        try {
            preopened.put(run.name(), LabDatabase.openHelper(run));
        } catch (SQLException e) {
            LOG.debug("could not open {}'s connection ahead: {}", run, e.getMessage());
        }
    }

    /**
     * The checks' connection opened ahead for a leased run, if there is one that still answers; the caller owns it.
     * Empty for a run cloned on its lease's path.
     */
    java.util.Optional<Connection> takePreopened(RunDatabase run) {
        Connection c = preopened.remove(run.name());
        if (c == null) {
            return java.util.Optional.empty();
        }
        try {
            if (c.isValid(2)) {
                return java.util.Optional.of(c);
            }
        } catch (SQLException e) {
            // replaced below
        }
        closeQuietly(c);
        return java.util.Optional.empty();
    }

    /** How many warm databases wait with their checks' connection open (for tests). */
    int preopenedCount() {
        return preopened.size();
    }

    /**
     * Reads every table of a fresh clone once (still exactly its template: nothing of a learner's runs here), so
     * that a run's first statements find the pages in shared buffers rather than read them on its path.
     */
    private static void prewarm(Connection clone) throws SQLException {
        for (String table : queryStrings(clone, "SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)"
                + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace"
                + " WHERE c.relkind OPERATOR(pg_catalog.=) 'r' AND n.nspname OPERATOR(pg_catalog.<>) ALL"
                + " (ARRAY['pg_catalog', 'information_schema', 'pg_toast'])")) {
            execute(clone, "SELECT pg_catalog.count(*) FROM " + table);
        }
    }

    /** A template whose clone does not hold what the template's fingerprint says it was built with. */
    static final class ChangedTemplateException extends SandboxUnavailableException {
        ChangedTemplateException(String message) {
            super(message);
        }
    }

    /**
     * Compares a fresh clone of {@code template} (as built, before its owner is changed) with the fingerprint the
     * template was built with; a template without one (built before fingerprints) counts as changed.
     */
    private void verify(Connection clone, String template, RunDatabase run) throws SQLException {
        String expected;
        try (PreparedStatement ps = clone.prepareStatement("SELECT shobj_description(oid, 'pg_database')"
                + " FROM pg_database WHERE datname = ?")) {
            ps.setString(1, template);
            try (ResultSet rs = ps.executeQuery()) {
                expected = rs.next() ? rs.getString(1) : null;
            }
        }
        String actual = TemplateFingerprint.COMMENT_PREFIX + TemplateFingerprint.of(clone);
        if (!actual.equals(expected)) {
            clone.close();
            dropRun(run);
            throw new ChangedTemplateException("the template " + template + " on " + server.description()
                    + " does not hold what it was built with");
        }
        verified.add(template);
    }

    /** Drops one template (its warm databases first), so that the next lease builds it again. */
    private void dropTemplate(String template) {
        ConcurrentLinkedDeque<RunDatabase> queue = warm.remove(template);
        if (queue != null) {
            queue.forEach(this::dropRun);
        }
        templates.remove(template);
        verified.remove(template);
        templateFacts.remove(template);
        try {
            admin.run(c -> {
                if (databaseExists(c, template)) {
                    execute(c, "ALTER DATABASE " + template + " IS_TEMPLATE false");
                    execute(c, "DROP DATABASE IF EXISTS " + template + " WITH (FORCE)");
                }
                return null;
            });
        } catch (SQLException e) {
            throw new SandboxUnavailableException("cannot drop the changed template " + template + " on "
                    + server.description() + ": " + e.getMessage(), e);
        }
    }

    private void dropRun(RunDatabase run) {
        closeQuietly(preopened.remove(run.name()));
        try {
            admin.run(c -> {
                rollBackPrepared(c, run.name());
                execute(c, "DROP DATABASE IF EXISTS " + run.name() + " WITH (FORCE)");
                for (String login : run.logins().reversed()) {
                    execute(c, "DROP ROLE IF EXISTS " + login);
                }
                return null;
            });
        } catch (SQLException e) {
            LOG.warn("dropping {} failed (it will be removed as an orphan): {}", run, e.getMessage());
        }
    }

    /**
     * One periodic sweep of dead instances' orphans. A failed sweep (the server restarting, say) is logged and the
     * next one tries again; an exception must not escape, or the executor would cancel every later sweep.
     */
    private void sweepOrphans() {
        if (closed) {
            return;
        }
        try {
            admin.run(c -> {
                removeOrphans(c);
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            LOG.warn("sweeping the orphans of dead graders on {} failed (trying again later): {}",
                    server.description(), e.getMessage());
        }
    }

    private void removeOrphans(Connection c) throws SQLException {
        Map<String, List<String>> databases = byInstance(queryStrings(c,
                "SELECT datname FROM pg_database WHERE datname LIKE 'rl\\_run\\_%' OR datname LIKE 'rl\\_tplbuild\\_%'"));
        Map<String, List<String>> roles = byInstance(queryStrings(c,
                "SELECT rolname FROM pg_roles WHERE rolname LIKE 'rl\\_run\\_%' ORDER BY length(rolname) DESC"));
        List<String> instances = new ArrayList<>(databases.keySet());
        roles.keySet().stream().filter(i -> !databases.containsKey(i)).forEach(instances::add);
        for (String other : instances) {
            if (other.equals(instance) || !tryLock(other)) {
                continue; // ours, or alive
            }
            try {
                for (String db : databases.getOrDefault(other, List.of())) {
                    rollBackPrepared(c, db);
                    execute(c, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                }
                for (String role : roles.getOrDefault(other, List.of())) {
                    execute(c, "DROP ROLE IF EXISTS " + role);
                }
                LOG.info("removed orphans of dead grader {} from {}: databases {}, roles {}", other,
                        server.description(), databases.getOrDefault(other, List.of()),
                        roles.getOrDefault(other, List.of()));
            } finally {
                synchronized (control) {
                    execute(control, "SELECT pg_advisory_unlock(" + LOCK_CLASS + ", hashtext('" + other + "'))");
                }
            }
        }
    }

    /**
     * Rolls back the transactions a run left prepared (PREPARE TRANSACTION outlives its session, and a database with
     * one cannot be dropped). ROLLBACK PREPARED must run in the run's database; it runs no code of the learner's
     * (no trigger fires on a rollback, and PostgreSQL 15 runs nothing at connection time).
     */
    private void rollBackPrepared(Connection admin, String database) throws SQLException {
        List<String> gids;
        try (PreparedStatement ps = admin.prepareStatement(
                "SELECT gid FROM pg_catalog.pg_prepared_xacts WHERE database OPERATOR(pg_catalog.=) ?")) {
            ps.setString(1, database);
            gids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    gids.add(rs.getString(1));
                }
            }
        }
        if (gids.isEmpty()) {
            return;
        }
        try (Connection c = server.connectAsAdmin(database); PreparedStatement quote = c.prepareStatement(
                "SELECT pg_catalog.quote_literal(?)")) {
            for (String gid : gids) {
                quote.setString(1, gid);
                try (ResultSet rs = quote.executeQuery()) {
                    rs.next();
                    execute(c, "ROLLBACK PREPARED " + rs.getString(1));
                }
            }
        }
        LOG.info("rolled back {} prepared transactions left in {}", gids.size(), database);
    }

    private boolean tryLock(String otherInstance) throws SQLException {
        synchronized (control) {
            try (Statement s = control.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_CLASS + ", hashtext('"
                         + otherInstance + "'))")) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Run databases, build databases and run roles, grouped by the grader instance that made them. */
    private static Map<String, List<String>> byInstance(List<String> names) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (String name : names) {
            Matcher m = RUN_OBJECT.matcher(name);
            if (m.matches()) {
                grouped.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(name);
            }
        }
        return grouped;
    }

    private static boolean databaseExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Drops the templates this instance used (and their warm databases): the next lease builds them again. */
    public void dropTemplates() {
        for (String template : List.copyOf(templates.keySet())) {
            ConcurrentLinkedDeque<RunDatabase> queue = warm.remove(template);
            if (queue != null) {
                queue.forEach(this::dropRun);
            }
            try {
                admin.run(c -> {
                    execute(c, "ALTER DATABASE " + template + " IS_TEMPLATE false");
                    execute(c, "DROP DATABASE IF EXISTS " + template + " WITH (FORCE)");
                    return null;
                });
            } catch (SQLException e) {
                LOG.warn("dropping template {} failed: {}", template, e.getMessage());
            }
            templates.remove(template);
            templateFacts.remove(template);
        }
    }

    /**
     * Lets go of the server as a grader that dies would: connections closed, nothing cleaned up (for the grader's
     * own tests of what the next grader sweeps).
     */
    void forgetForTests() {
        closed = true;
        sweeper.shutdownNow();
        background.shutdownNow();
        dropper.shutdownNow();
        monitor.close();
        admin.close();
        closeQuietly(control);
    }

    /** Drops the warm databases and everything else this instance made, then lets go of the server. */
    @Override
    public void close() {
        closed = true;
        sweeper.shutdown(); // cancels the next sweeps; one under way finishes before the connections close
        background.shutdown();
        dropper.shutdown();
        try {
            sweeper.awaitTermination(30, TimeUnit.SECONDS);
            background.awaitTermination(30, TimeUnit.SECONDS);
            dropper.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        warm.values().forEach(queue -> {
            for (RunDatabase run; (run = queue.pollFirst()) != null; ) {
                dropRun(run);
            }
        });
        preopened.values().forEach(PostgresSandbox::closeQuietly);
        preopened.clear();
        try {
            admin.run(c -> {
                for (String db : queryStrings(c, "SELECT datname FROM pg_database WHERE datname LIKE 'rl\\_run\\_"
                        + instance + "\\_%'")) {
                    execute(c, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                }
                for (String role : queryStrings(c, "SELECT rolname FROM pg_roles WHERE rolname LIKE 'rl\\_run\\_"
                        + instance + "\\_%' ORDER BY length(rolname) DESC")) {
                    execute(c, "DROP ROLE IF EXISTS " + role);
                }
                return null;
            });
        } catch (SQLException e) {
            LOG.debug("cleanup at close failed: {}", e.getMessage());
        }
        if (monitor != null) {
            monitor.close();
        }
        admin.close();
        closeQuietly(control);
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static List<String> queryStrings(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing a connection failed: {}", e.getMessage());
            }
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
