package dev.roadlab.grader.postgres;

import dev.roadlab.grader.check.CheckTimeoutException;
import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.submission.Submission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * What a check sees of this run's PostgreSQL database: connections as the run's own role (never a superuser),
 * the learner's SQL applied once, plans, and catalog facts. One instance per run.
 */
public final class LabDatabase implements AutoCloseable {

    /** The most rows any helper query returns to a check. */
    public static final int MAX_ROWS = 10_000;
    /** A statement that changes only the helper session's settings (SET, RESET), not the database. */
    private static final Pattern SESSION_SETTING = Pattern.compile("\\s*(?:SET|RESET)\\s", Pattern.CASE_INSENSITIVE);
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final RunDatabase run;
    private final Submission submission;
    private final BooleanSupplier interrupted;
    private final String timeLimit;
    private final java.util.function.Supplier<java.util.Optional<String>> stopped;
    private final Map<String, RuntimeException> applied = new HashMap<>();
    /** Facts about the run's template, shared by every run of it on this grader (see {@link #fromTemplate}). */
    private final Map<String, Object> templateFacts;
    /** Whether the database may differ from its template yet: the submission ran, or a check had a connection. */
    private volatile boolean touched;
    private Connection helper;

    /**
     * @param interrupted tells whether the grader stopped the current check's work from outside (its watchdog)
     * @param timeLimit   the check limit as a learner reads it ("30 s")
     */
    public LabDatabase(RunDatabase run, Submission submission, BooleanSupplier interrupted, String timeLimit,
                       java.util.function.Supplier<java.util.Optional<String>> stopped) {
        this(run, submission, interrupted, timeLimit, stopped, new java.util.concurrent.ConcurrentHashMap<>());
    }

    /** As above, with the facts about the run's template that earlier runs of it measured (shared, kept by them). */
    LabDatabase(RunDatabase run, Submission submission, BooleanSupplier interrupted, String timeLimit,
                java.util.function.Supplier<java.util.Optional<String>> stopped, Map<String, Object> templateFacts) {
        this.templateFacts = templateFacts;
        this.run = run;
        this.submission = submission;
        this.interrupted = interrupted;
        this.timeLimit = timeLimit;
        this.stopped = stopped;
    }

    /** A run the grader stopped for taking too much (locks, disk) grades nothing more. */
    private void refuseIfStopped() {
        stopped.get().ifPresent(why -> {
            throw new dev.roadlab.grader.check.CheckFailure("Not graded: the grader stopped the run, because " + why
                    + ".");
        });
    }

    /** A new connection as the run's role, autocommit on; the caller closes it. */
    public Connection connect() throws SQLException {
        refuseIfStopped();
        touched = true;
        return run.connect("roadlab-check");
    }

    /**
     * A new connection as one of the lab's extra roles (lab.yaml {@code postgres.roles}), autocommit on, with
     * {@code current_user} that role: how the lab's application or a tenant reaches the database. The caller closes it.
     */
    public Connection connectAs(String role) throws SQLException {
        refuseIfStopped();
        touched = true;
        return run.connectAs(role, "roadlab-check");
    }

    /** The run's database and roles (for the grader's own tests). */
    RunDatabase run() {
        return run;
    }

    /** The run's login role: the owner of the lab's tables in this database. */
    public String role() {
        return run.role();
    }

    /**
     * Runs the submitted SQL file, statement by statement as psql would, once per run: later calls repeat the
     * first outcome. A statement PostgreSQL refuses ends it with a {@link SubmissionError} quoting PostgreSQL's
     * message and the line.
     */
    public synchronized void apply(String fileName) throws SQLException {
        RuntimeException earlier = applied.get(fileName);
        if (applied.containsKey(fileName)) {
            if (earlier == null) {
                return;
            }
            if (earlier instanceof SubmissionError) {
                throw new SubmissionError("Not graded: " + fileName + " did not apply (see the first failing check).", true);
            }
            throw earlier;
        }
        touched = true;
        try {
            applyNow(fileName);
            applied.put(fileName, null);
        } catch (SubmissionError | CheckTimeoutException e) {
            applied.put(fileName, e);
            throw e;
        }
    }

    private void applyNow(String fileName) throws SQLException {
        String script = submission.text(fileName);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (SqlStatement statement : SqlScript.split(script)) {
                NoticeCap cap = NoticeCap.on(s);
                try (cap) {
                    s.execute(statement.sql());
                    while (s.getMoreResults() || s.getUpdateCount() != -1) {
                        // drain every result so errors of later results surface here
                    }
                } catch (SQLException e) {
                    if (cap.exceeded().isPresent()) {
                        throw new SubmissionError(fileName + ", line " + statement.line() + ": "
                                + cap.exceeded().get() + ".");
                    }
                    if (PostgresErrors.isCanceled(e) && interrupted.getAsBoolean()) {
                        throw new CheckTimeoutException(fileName + " did not finish within the " + timeLimit
                                + " limit (stopped at line " + statement.line() + ").");
                    }
                    if (PostgresErrors.isCanceled(e) && String.valueOf(e.getMessage()).contains("statement timeout")) {
                        throw new CheckTimeoutException(fileName + ", line " + statement.line() + " ran past the"
                                + " statement_timeout in force and was cancelled.");
                    }
                    if (PostgresErrors.isConnectionLoss(e)) {
                        throw e;
                    }
                    throw new SubmissionError(PostgresErrors.describe(fileName, script, statement, e));
                }
            }
            if (c.unwrap(BaseConnection.class).getTransactionState() != TransactionState.IDLE) {
                c.rollback();
                throw new SubmissionError(fileName + " leaves a transaction open: end it with COMMIT.");
            }
        }
    }

    /** {@code EXPLAIN (FORMAT JSON)} of a query: the plan the planner chooses now, without running the query. */
    public QueryPlan explain(String sql) throws SQLException {
        return QueryPlan.parse(sql, queryForString("EXPLAIN (FORMAT JSON) " + sql));
    }

    /** {@code EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)}: runs the query and reports what happened. */
    public QueryPlan explainAnalyze(String sql) throws SQLException {
        return QueryPlan.parse(sql, queryForString("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql));
    }

    /** Runs a statement on the helper connection (e.g. a SET for the plans that follow). */
    public synchronized void execute(String sql) throws SQLException {
        if (!SESSION_SETTING.matcher(sql).lookingAt()) {
            touched = true; // anything but a session setting may change the database
        }
        try (Statement s = helper().createStatement()) {
            s.execute(sql);
        }
    }

    public synchronized String queryForString(String sql, Object... params) throws SQLException {
        List<List<Object>> rows = query(sql, params);
        if (rows.isEmpty() || rows.get(0).isEmpty()) {
            throw new SQLException("no rows from: " + sql);
        }
        Object value = rows.get(0).get(0);
        return value == null ? null : value.toString();
    }

    public long queryForLong(String sql, Object... params) throws SQLException {
        String value = queryForString(sql, params);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** Rows of a query (at most {@link #MAX_ROWS}), each a list of column values. */
    public synchronized List<List<Object>> query(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = helper().prepareStatement(sql)) {
            ps.setMaxRows(MAX_ROWS);
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(meta.getColumnCount());
                    for (int col = 1; col <= meta.getColumnCount(); col++) {
                        row.add(rs.getObject(col));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    /**
     * Remembers a table's rows as they are now (their count, and the newest transaction so far), so that
     * {@link #rowsChangedSince} can tell later whether any row was inserted, updated or deleted. Cheap on big tables:
     * one scan reading no column values.
     */
    public RowsSnapshot snapshotRows(String table) throws SQLException {
        String t = identifier(table);
        if (!touched) {
            // As cloned, the table holds its template's rows: their count is counted once per template.
            long rows = fromTemplate("rows of " + t, db -> db.queryForLong("SELECT count(*) FROM public." + t));
            return new RowsSnapshot(t, rows, Long.parseLong(queryForString("SELECT pg_current_xact_id()::text")));
        }
        List<Object> row = query("SELECT count(*), pg_current_xact_id()::text FROM public." + t).get(0);
        return new RowsSnapshot(t, ((Number) row.get(0)).longValue(), Long.parseLong((String) row.get(1)));
    }

    /** A measurement of a run's database, for {@link #fromTemplate}. */
    @FunctionalInterface
    public interface Measure<T> {
        T of(LabDatabase db) throws SQLException;
    }

    /**
     * A fact about the database as its template made it (what a hot query touches before any index is added, the
     * indexes a seed defines), measured on this run's database the first time a run of this template asks, and
     * remembered for every later run of the same template on this grader: the work is done once, not per grading.
     * Only before the submission ran and before a check had a connection of its own ({@link #connect}), while the
     * database is still exactly its template; the fact must not name anything of the run (its role, its database),
     * and the value is shared between runs, so it must be immutable.
     *
     * @param key what the fact is, unique within the lab
     * @throws IllegalStateException once the database may differ from its template
     */
    @SuppressWarnings("unchecked")
    public <T> T fromTemplate(String key, Measure<T> measure) throws SQLException {
        if (touched) {
            throw new IllegalStateException("fromTemplate(\"" + key + "\") after the run's database was changed or "
                    + "handed out: measure facts of the template before the submission runs");
        }
        Object known = templateFacts.get(key);
        if (known != null) {
            return (T) known;
        }
        T measured = measure.of(this);
        if (touched) {
            throw new IllegalStateException("the measure of \"" + key + "\" changed or handed out the database");
        }
        Object raced = templateFacts.putIfAbsent(key, measured);
        return raced == null ? measured : (T) raced;
    }

    /**
     * How many rows changed since the snapshot: rows written (inserted, or new versions from updates) by a later
     * transaction, plus the rows missing from the count. Every write stamps its row with its transaction id
     * ({@code xmin}), which no statement can forge.
     */
    public long rowsChangedSince(RowsSnapshot snapshot) throws SQLException {
        long xid32 = snapshot.transaction() % 4_294_967_296L;
        List<Object> row = query("SELECT count(*), count(*) FILTER (WHERE age(xmin) < age(?::text::xid)) FROM public."
                + snapshot.table(), String.valueOf(xid32)).get(0);
        long count = ((Number) row.get(0)).longValue();
        long written = ((Number) row.get(1)).longValue();
        return written + Math.max(0, snapshot.rows() - (count - written));
    }

    /**
     * @param table        the table
     * @param rows         its row count then
     * @param transaction  the newest transaction id then (64-bit)
     */
    public record RowsSnapshot(String table, long rows, long transaction) {
    }

    /** A table of the public schema as the catalog defines it now (kind "missing" when there is none). */
    public TableDefinition definition(String table) throws SQLException {
        String t = identifier(table);
        List<List<Object>> relation = query("""
                SELECT c.relkind::pg_catalog.text, pg_catalog.pg_get_userbyid(c.relowner)::pg_catalog.text
                FROM pg_catalog.pg_class c
                WHERE c.oid OPERATOR(pg_catalog.=) pg_catalog.to_regclass(?::pg_catalog.text)""", "public." + t);
        if (relation.isEmpty()) {
            return new TableDefinition(t, "missing", "", List.of(), List.of());
        }
        List<TableDefinition.Column> columns = new ArrayList<>();
        for (List<Object> row : query("""
                SELECT a.attname::pg_catalog.text, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
                       COALESCE(pg_catalog.pg_get_expr(d.adbin, d.adrelid), ''), a.attidentity::pg_catalog.text
                FROM pg_catalog.pg_attribute a
                LEFT JOIN pg_catalog.pg_attrdef d
                       ON d.adrelid OPERATOR(pg_catalog.=) a.attrelid AND d.adnum OPERATOR(pg_catalog.=) a.attnum
                WHERE a.attrelid OPERATOR(pg_catalog.=) pg_catalog.to_regclass(?::pg_catalog.text)
                  AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped
                ORDER BY a.attnum""", "public." + t)) {
            columns.add(new TableDefinition.Column((String) row.get(0), (String) row.get(1), (Boolean) row.get(2),
                    (String) row.get(3), String.valueOf(row.get(4)).strip()));
        }
        List<String> constraints = new ArrayList<>();
        for (List<Object> row : query("""
                SELECT c.conname::pg_catalog.text, pg_catalog.pg_get_constraintdef(c.oid)
                FROM pg_catalog.pg_constraint c
                WHERE c.conrelid OPERATOR(pg_catalog.=) pg_catalog.to_regclass(?::pg_catalog.text)
                ORDER BY 1""", "public." + t)) {
            constraints.add(row.get(0) + ": " + row.get(1));
        }
        return new TableDefinition(t, (String) relation.get(0).get(0), (String) relation.get(0).get(1), columns,
                constraints);
    }

    /** The table's indexes, primary key included. */
    public List<IndexFacts> indexes(String table) throws SQLException {
        List<IndexFacts> indexes = new ArrayList<>();
        for (List<Object> row : query("""
                SELECT i.relname, t.relname, pg_get_indexdef(i.oid), pg_relation_size(i.oid),
                       x.indisunique, x.indisprimary, x.indisvalid
                FROM pg_index x
                JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_class t ON t.oid = x.indrelid
                WHERE t.relname = ? AND t.relnamespace = 'public'::regnamespace
                ORDER BY i.relname""", table)) {
            indexes.add(new IndexFacts((String) row.get(0), (String) row.get(1), (String) row.get(2),
                    ((Number) row.get(3)).longValue(), (Boolean) row.get(4), (Boolean) row.get(5), (Boolean) row.get(6)));
        }
        return indexes;
    }

    /**
     * The checks' own connection. Its search_path is pg_catalog alone (and the session's temporary schema last), so
     * that nothing the learner defines in public (a function, an operator overload with a better-matching argument
     * type) is ever what the checks' queries resolve to; checks name the lab's tables schema-qualified.
     */
    private Connection helper() throws SQLException {
        refuseIfStopped();
        if (helper == null || helper.isClosed()) {
            helper = openHelper(run); // the checks' own: not a change to the database by itself
        }
        return helper;
    }

    /** A new checks' connection to the run's database, as its role, with the checks' search_path. */
    static Connection openHelper(RunDatabase run) throws SQLException {
        Connection c = run.connect("roadlab-check");
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path = pg_catalog, pg_temp");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Starts the run with a checks' connection the sandbox opened ahead (see {@link PostgresSandbox}). */
    synchronized LabDatabase withHelper(java.util.Optional<Connection> opened) {
        opened.ifPresent(c -> helper = c);
        return this;
    }

    private static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case identifier: " + name);
        }
        return name;
    }

    @Override
    public synchronized void close() {
        if (helper != null) {
            try {
                helper.close();
            } catch (SQLException e) {
                // the run database is dropped next; nothing to keep
            }
            helper = null;
        }
    }
}
