package dev.roadlab.grader.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches what every run takes of what all runs on a server share, from outside the run: the locks its sessions
 * hold (PostgreSQL's lock table is one for the whole server: a run that fills it makes every other run's next lock
 * fail) and the size of its database (the disk is shared too). A run past its bound is stopped: its sessions are
 * ended, and the reason is kept for the checks to report as the learner's doing.
 */
final class RunMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunMonitor.class);
    /** How often locks are counted: a run cannot take a lock table's worth of locks in this time. */
    static final Duration LOCK_POLL = Duration.ofMillis(100);
    /** Database sizes are read every this many lock polls (pg_database_size walks the files). */
    private static final int SIZE_EVERY = 5;

    /** What a run may take, and what it took too much of, once it did. */
    static final class Watch {
        final RunDatabase run;
        final long maxLocks;
        final long maxBytes;
        volatile String stopped;

        Watch(RunDatabase run, long maxLocks, long maxBytes) {
            this.run = run;
            this.maxLocks = maxLocks;
            this.maxBytes = maxBytes;
        }

        Optional<String> stopped() {
            return Optional.ofNullable(stopped);
        }
    }

    private final PostgresServer server;
    private final Map<String, Watch> watched = new ConcurrentHashMap<>();
    private final Thread thread;
    private final long lockTable;
    private volatile boolean closed;
    private Connection connection;

    RunMonitor(PostgresServer server) throws SQLException {
        this.server = server;
        this.connection = server.connectAsAdmin(server.maintenanceDb());
        long perTransaction = Long.parseLong(PostgresSandbox.queryStrings(connection,
                "SELECT pg_catalog.current_setting('max_locks_per_transaction')").get(0));
        long slots = Long.parseLong(PostgresSandbox.queryStrings(connection,
                "SELECT pg_catalog.current_setting('max_connections')::int"
                        + " + pg_catalog.current_setting('max_prepared_transactions')::int").get(0));
        this.lockTable = perTransaction * slots;
        this.thread = Thread.ofPlatform().daemon().name("pg-run-monitor").start(this::loop);
    }

    /**
     * The most locks a run's sessions may hold at once on this server: an eighth of its lock table (at least 1,000,
     * at most 10,000), so that no run can fill it between two polls.
     */
    long lockLimit() {
        return Math.max(1_000, Math.min(10_000, lockTable / 8));
    }

    Watch watch(RunDatabase run, long maxBytes) {
        Watch watch = new Watch(run, lockLimit(), maxBytes);
        watched.put(run.name(), watch);
        synchronized (this) {
            notifyAll();
        }
        return watch;
    }

    void unwatch(RunDatabase run) {
        watched.remove(run.name());
    }

    private void loop() {
        int tick = 0;
        while (!closed) {
            try {
                synchronized (this) {
                    while (watched.isEmpty() && !closed) {
                        wait();
                    }
                }
                if (closed) {
                    return;
                }
                poll(tick++ % SIZE_EVERY == 0);
                Thread.sleep(LOCK_POLL);
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                if (!closed) {
                    LOG.debug("watching runs on {} failed: {}", server.description(), e.getMessage());
                    reconnect();
                }
            }
        }
    }

    private void poll(boolean sizes) throws SQLException {
        Map<String, Watch> byLogin = new HashMap<>();
        for (Watch w : watched.values()) {
            if (w.stopped == null) {
                w.run.logins().forEach(login -> byLogin.put(login, w));
            }
        }
        if (byLogin.isEmpty()) {
            return;
        }
        Map<Watch, Long> locks = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT a.usename::pg_catalog.text, pg_catalog.count(*)
                FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_stat_activity a ON a.pid OPERATOR(pg_catalog.=) l.pid
                WHERE a.usename OPERATOR(pg_catalog.=) ANY (?::pg_catalog.name[])
                GROUP BY 1""")) {
            ps.setArray(1, array(byLogin.keySet().toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    locks.merge(byLogin.get(rs.getString(1)), rs.getLong(2), Long::sum);
                }
            }
        }
        locks.forEach((w, n) -> {
            if (n > w.maxLocks) {
                stop(w, String.format(Locale.ROOT, "its sessions held %,d locks at once, more than the %,d a run may "
                        + "hold (the lock table is shared by every run on the server)", n, w.maxLocks));
            }
        });
        if (!sizes) {
            return;
        }
        List<Watch> open = watched.values().stream().filter(w -> w.stopped == null).toList();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT d.datname::pg_catalog.text, pg_catalog.pg_database_size(d.oid)
                FROM pg_catalog.pg_database d WHERE d.datname OPERATOR(pg_catalog.=) ANY (?::pg_catalog.name[])""")) {
            ps.setArray(1, array(open.stream().map(w -> w.run.name()).toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Watch w = watched.get(rs.getString(1));
                    if (w != null && rs.getLong(2) > w.maxBytes) {
                        stop(w, "its database grew to " + mb(rs.getLong(2)) + ", past the " + mb(w.maxBytes)
                                + " a run may use (the disk is shared by every run on the server)");
                    }
                }
            }
        }
    }

    /** Ends the run's sessions and keeps why. */
    private void stop(Watch w, String why) {
        w.stopped = why;
        LOG.info("stopping {}: {}", w.run, why);
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_catalog.pg_terminate_backend(pid)"
                + " FROM pg_catalog.pg_stat_activity WHERE usename OPERATOR(pg_catalog.=) ANY (?::pg_catalog.name[])")) {
            ps.setArray(1, array(w.run.logins().toArray(String[]::new)));
            ps.executeQuery().close();
        } catch (SQLException e) {
            LOG.warn("ending the sessions of {} failed: {}", w.run, e.getMessage());
        }
    }

    private Array array(String[] values) throws SQLException {
        return connection.createArrayOf("text", values);
    }

    private void reconnect() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // it is being replaced
        }
        try {
            Thread.sleep(500);
            connection = server.connectAsAdmin(server.maintenanceDb());
        } catch (SQLException | InterruptedException e) {
            LOG.debug("reconnecting the run monitor failed: {}", e.getMessage());
        }
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%,.0f MB", bytes / (1024.0 * 1024));
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(2_000);
            connection.close();
        } catch (SQLException | InterruptedException e) {
            LOG.debug("closing the run monitor: {}", e.getMessage());
        }
    }
}
