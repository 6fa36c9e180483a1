package dev.roadlab.grader.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Steps of several sessions run in one fixed order, the way PostgreSQL's own isolation tester runs a spec's
 * permutation: each step is sent on its session's connection; when it does not complete at once, the tester asks
 * PostgreSQL whether the session waits for a lock held by another session of the spec
 * ({@code pg_isolation_test_session_is_blocked}), and if so moves on to the next step, which may be the one that
 * releases the lock. The verdict is then the same on every run, on an idle or a loaded machine: a bad interleaving
 * is not hoped for, it is made.
 *
 * <pre>{@code
 * Interleaving.Trace trace = Interleaving.of(db, "s1", "s2")
 *         .step("s1", "BEGIN").step("s1", "SELECT book_seat(4, 'A1', 1)")
 *         .step("s2", "BEGIN").step("s2", "SELECT book_seat(4, 'A1', 2)")
 *         .step("s1", "COMMIT").step("s2", "COMMIT")
 *         .run();
 * if (trace.step(3).value().equals(Optional.of(true))) { ... two bookings of one seat ... }
 * }</pre>
 * A trace prints like the isolation tester's expected output, which is what a learner reads:
 * <pre>
 * step s2: SELECT book_seat(4, 'A1', 2) &lt;waiting ...&gt;
 * step s1: COMMIT
 * step s2: &lt;... completed&gt; ERROR:  duplicate key value violates unique constraint "bookings_show_id_seat_key"
 * </pre>
 */
public final class Interleaving {

    /** How long a step may run, neither completing nor waiting for a lock, before the trace stops on it. */
    static final Duration STEP_LIMIT = Duration.ofSeconds(10);

    /**
     * One step of the permutation.
     *
     * @param session  the session it runs in
     * @param sql      the statement
     */
    public record Step(String session, String sql) {
    }

    /** How a step ended. */
    public enum Status {
        /** It completed (perhaps after waiting for another session's lock). */
        COMPLETED,
        /** PostgreSQL refused it (perhaps after waiting). */
        FAILED,
        /** It still waited for a lock when the permutation ended. */
        STILL_WAITING,
        /** It neither completed nor waited for a lock within the step limit: it runs away. */
        RAN_AWAY,
        /** An earlier step ran away, so the permutation stopped before this one. */
        NOT_RUN
    }

    /**
     * What a step did.
     *
     * @param index   its position in the permutation
     * @param step    the step
     * @param status  how it ended
     * @param value   the first column of the first row it returned, if any
     * @param error   what PostgreSQL answered, if it refused
     * @param waited  whether it waited for a lock another session of the permutation held
     */
    public record StepResult(int index, Step step, Status status, Optional<Object> value, Optional<SQLException> error,
                             boolean waited) {

        /** The SQLSTATE of its error, or "". */
        public String sqlState() {
            return error.map(SQLException::getSQLState).orElse("");
        }
    }

    private final LabDatabase db;
    private final List<String> sessions;
    private final List<Step> steps = new ArrayList<>();
    private Duration stepLimit = STEP_LIMIT;

    private Interleaving(LabDatabase db, List<String> sessions) {
        this.db = db;
        this.sessions = List.copyOf(sessions);
    }

    /** A permutation over sessions that each get a connection of the run's owner role. */
    public static Interleaving of(LabDatabase db, String... sessions) {
        return new Interleaving(db, List.of(sessions));
    }

    /** How long a step may run without completing or waiting for a lock (default 10 s). */
    public Interleaving stepLimit(Duration limit) {
        this.stepLimit = limit;
        return this;
    }

    public Interleaving step(String session, String sql) {
        if (!sessions.contains(session)) {
            throw new IllegalArgumentException("no session " + session + " (sessions: " + sessions + ")");
        }
        steps.add(new Step(session, sql));
        return this;
    }

    /** Runs the permutation on fresh connections and closes them after. */
    public Trace run() throws SQLException, InterruptedException {
        Map<String, Connection> connections = new LinkedHashMap<>();
        try {
            for (String session : sessions) {
                connections.put(session, db.connect());
            }
            return run(connections);
        } finally {
            for (Connection c : connections.values()) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // the session may have been ended; nothing to keep
                }
            }
        }
    }

    /** Runs the permutation on the given connections, one per session (autocommit as they are). */
    public Trace run(Map<String, Connection> connections) throws SQLException, InterruptedException {
        Map<String, Integer> pids = new LinkedHashMap<>();
        Map<String, ExecutorService> threads = new LinkedHashMap<>();
        for (String session : sessions) {
            pids.put(session, pid(connections.get(session)));
            threads.put(session, Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
                    .name("roadlab-session-" + session).factory()));
        }
        Map<Integer, Pending> waiting = new LinkedHashMap<>();
        StepResult[] results = new StepResult[steps.size()];
        List<String> lines = new ArrayList<>();
        int lastSent = -1;
        try {
            for (int i = 0; i < steps.size(); i++) {
                lastSent = i;
                Step step = steps.get(i);
                Optional<Pending> sameSession = waiting.values().stream()
                        .filter(p -> p.step.session().equals(step.session())).findFirst();
                if (sameSession.isPresent()) {
                    // A session runs one statement at a time: its next step waits until the waiting one ends, as
                    // when PostgreSQL breaks a deadlock after deadlock_timeout.
                    Optional<StepResult> ended = poll(sameSession.get(), stepLimit.toMillis());
                    if (ended.isEmpty()) {
                        throw new IllegalStateException("step " + i + " runs in session " + step.session()
                                + ", which still waits for a lock after " + seconds(stepLimit));
                    }
                    results[sameSession.get().index] = ended.get();
                    lines.add(line(ended.get(), true));
                    waiting.remove(sameSession.get().index);
                    completeWaiting(waiting, results, lines, pids);
                }
                int index = i;
                Connection c = connections.get(step.session());
                Pending pending = new Pending(index, step, threads.get(step.session()).submit(() -> execute(c, step.sql())));
                Optional<StepResult> done = awaitOrBlock(pending, pids);
                if (done.isPresent()) {
                    results[i] = done.get();
                    lines.add(line(done.get(), false));
                } else if (pending.ranAway) {
                    results[i] = new StepResult(i, step, Status.RAN_AWAY, Optional.empty(), Optional.empty(), false);
                    lines.add("step " + step.session() + ": " + step.sql() + " <ran past " + seconds(stepLimit)
                            + " without waiting for a lock>");
                    break;
                } else {
                    waiting.put(i, pending);
                    lines.add("step " + step.session() + ": " + step.sql() + " <waiting ...>");
                }
                completeWaiting(waiting, results, lines, pids);
            }
            waitForAll(waiting, results, lines, pids);
        } finally {
            threads.values().forEach(ExecutorService::shutdownNow);
        }
        List<StepResult> all = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                boolean wasSent = i <= lastSent;
                results[i] = new StepResult(i, steps.get(i), wasSent ? Status.STILL_WAITING : Status.NOT_RUN,
                        Optional.empty(), Optional.empty(), wasSent);
            }
            all.add(results[i]);
        }
        return new Trace(List.copyOf(all), String.join("\n", lines));
    }

    /** A step sent and not yet seen to end. */
    private static final class Pending {
        final int index;
        final Step step;
        final Future<Object> future;
        boolean waited;
        boolean ranAway;

        Pending(int index, Step step, Future<Object> future) {
            this.index = index;
            this.step = step;
            this.future = future;
        }
    }

    /** Waits until the step completes (its result) or is seen waiting for a lock (empty). */
    private Optional<StepResult> awaitOrBlock(Pending pending, Map<String, Integer> pids)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + stepLimit.toNanos();
        while (true) {
            Optional<StepResult> done = poll(pending, 2);
            if (done.isPresent()) {
                return done;
            }
            if (blocked(pending.step.session(), pids)) {
                pending.waited = true;
                return Optional.empty();
            }
            if (System.nanoTime() > deadline) {
                pending.ranAway = true;
                return Optional.empty();
            }
        }
    }

    /** After a step, the steps that waited may have been let through: report those that ended, in order. */
    private void completeWaiting(Map<Integer, Pending> waiting, StepResult[] results, List<String> lines,
                                 Map<String, Integer> pids) throws SQLException, InterruptedException {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Pending p : List.copyOf(waiting.values())) {
                Optional<StepResult> done = poll(p, 0);
                if (done.isEmpty() && !blocked(p.step.session(), pids)) {
                    // Let through just now: give it the moment it needs to finish, or to wait again.
                    done = awaitOrBlock(p, pids);
                    if (done.isEmpty() && p.ranAway) {
                        results[p.index] = new StepResult(p.index, p.step, Status.RAN_AWAY, Optional.empty(),
                                Optional.empty(), true);
                        lines.add("step " + p.step.session() + ": <... ran past " + seconds(stepLimit)
                                + " after waiting>");
                        waiting.remove(p.index);
                        continue;
                    }
                }
                if (done.isPresent()) {
                    results[p.index] = done.get();
                    lines.add(line(done.get(), true));
                    waiting.remove(p.index);
                    progress = true;
                }
            }
        }
    }

    private void waitForAll(Map<Integer, Pending> waiting, StepResult[] results, List<String> lines,
                            Map<String, Integer> pids) throws SQLException, InterruptedException {
        completeWaiting(waiting, results, lines, pids);
        for (Pending p : List.copyOf(waiting.values())) {
            lines.add("step " + p.step.session() + ": <still waiting when the permutation ended>");
            p.future.cancel(true);
        }
    }

    private static Optional<StepResult> poll(Pending pending, long millis) throws InterruptedException {
        try {
            Object value = pending.future.get(millis, TimeUnit.MILLISECONDS);
            return Optional.of(new StepResult(pending.index, pending.step, Status.COMPLETED, Optional.ofNullable(value),
                    Optional.empty(), pending.waited));
        } catch (TimeoutException notYet) {
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                return Optional.of(new StepResult(pending.index, pending.step, Status.FAILED, Optional.empty(),
                        Optional.of(sql), pending.waited));
            }
            throw new IllegalStateException("step " + pending.step + " crashed", e.getCause());
        }
    }

    /** Whether the session waits for a lock held by another session of this permutation, as PostgreSQL says. */
    private boolean blocked(String session, Map<String, Integer> pids) throws SQLException {
        List<Integer> others = pids.entrySet().stream().filter(e -> !e.getKey().equals(session))
                .map(Map.Entry::getValue).toList();
        return "true".equals(db.queryForString("SELECT pg_catalog.pg_isolation_test_session_is_blocked(?, ?::pg_catalog.int4[])",
                pids.get(session), "{" + String.join(",", others.stream().map(String::valueOf).toList()) + "}"));
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Object execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); NoticeCap cap = NoticeCap.on(s)) {
            try {
                if (s.execute(sql)) {
                    try (ResultSet rs = s.getResultSet()) {
                        return rs.next() ? rs.getObject(1) : null;
                    }
                }
                return null;
            } catch (SQLException e) {
                throw cap.exceeded().map(why -> new SQLException(why, NoticeCap.SQLSTATE, e)).orElse(e);
            }
        }
    }

    private static String line(StepResult r, boolean afterWaiting) {
        String head = "step " + r.step().session() + ": " + (afterWaiting ? "<... completed>" : r.step().sql());
        if (r.error().isPresent()) {
            String message = String.valueOf(r.error().get().getMessage()).lines().findFirst().orElse("")
                    .replaceFirst("^ERROR: ", "");
            return head + " ERROR:  " + message;
        }
        return head + r.value().map(v -> " -> " + v).orElse("");
    }

    /**
     * What the permutation did, step by step.
     *
     * @param steps  every step, in permutation order
     * @param text   the trace as the isolation tester prints it
     */
    public record Trace(List<StepResult> steps, String text) {

        public StepResult step(int index) {
            return steps.get(index);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
