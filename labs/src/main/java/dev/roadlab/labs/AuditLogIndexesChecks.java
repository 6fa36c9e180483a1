package dev.roadlab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.postgres.IndexFacts;
import dev.roadlab.grader.postgres.LabDatabase;
import dev.roadlab.grader.postgres.PlanAssert;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks of the audit-log-indexes lab: the three hot queries of a year-long audit log must stop reading the whole
 * table, get at least ten times faster, within an index budget, without touching a row.
 */
@LabChecks
public class AuditLogIndexesChecks {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLogIndexesChecks.class);

    static final String MIGRATION = "migration.sql";
    static final String TABLE = "audit_logs";

    static final String WEEKLY_ACTIVITY = """
            SELECT user_id, count(*) FROM audit_logs
            WHERE created_at > now() - interval '7 days'
            GROUP BY user_id""";

    static final String FAILED_LOGINS = """
            SELECT date_trunc('hour', created_at) AS hour, count(*) AS failures
            FROM audit_logs
            WHERE action = 'login_failed' AND created_at > now() - interval '24 hours'
            GROUP BY 1
            ORDER BY 1""";

    /** Whose latest events the support tool shows: busy and quiet users alike. */
    record User(String kind, long id, String events) {
    }

    static final List<User> USERS = List.of(
            new User("a service account", 3, "about 7,500 events, spread over the year"),
            new User("a staff member", 1042, "about 70 events"),
            new User("a customer", 104242, "eight events"));
    static final int LATEST = 50;

    static final double REQUIRED_SPEEDUP = 10;
    /**
     * Timed rounds per query; the fastest counts. A sequential scan of the table takes tens of milliseconds and
     * varies little, so three rounds pin it down. The indexed queries take a millisecond or so, and one unlucky pause
     * on a busy machine could hide their speed: they get up to ten rounds, but stop at the first that shows the speed
     * asked for, so a good design costs one or two.
     */
    static final int ROUNDS_BEFORE = 3;
    static final int ROUNDS_AFTER = 10;
    static final int MAX_NEW_INDEXES = 3;
    static final long INDEX_BUDGET_BYTES = 12L * 1024 * 1024;

    record HotQuery(String name, String sql) {
    }

    static final List<HotQuery> HOT_QUERIES = Stream.of(
            Stream.of(new HotQuery("weekly activity", WEEKLY_ACTIVITY)),
            USERS.stream().map(u -> new HotQuery("latest 50 of " + u.kind() + " (user " + u.id() + ")",
                    latestEvents(u.id()))),
            Stream.of(new HotQuery("failed logins per hour", FAILED_LOGINS))).flatMap(s -> s).toList();

    static String latestEvents(long userId) {
        return """
                SELECT id, action, created_at FROM audit_logs
                WHERE user_id = %d
                ORDER BY created_at DESC
                LIMIT %d""".formatted(userId, LATEST);
    }

    private LabDatabase.RowsSnapshot rowsBefore;
    private List<IndexFacts> indexesBefore;
    private Map<String, Double> baselineMillis;

    /** The table as the migration finds it: its rows, its indexes and how fast the hot queries run on it. */
    @BeforeAll
    void measure_the_table_before_the_migration(LabDatabase db) throws SQLException {
        rowsBefore = db.snapshotRows(TABLE);
        indexesBefore = db.indexes(TABLE);
        baselineMillis = QueryTimings.fastest(db, sqlOf(HOT_QUERIES), ROUNDS_BEFORE);
    }

    @Check(order = 1, points = 1, title = "migration.sql applies cleanly",
            hint = "The grader runs your file statement by statement, like psql with ON_ERROR_STOP. Run it against "
                    + "a local PostgreSQL first: the message above quotes PostgreSQL and the line it stopped at.")
    void migration_applies(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
    }

    @Check(order = 2, points = 2, title = "The weekly-activity query does not scan all of audit_logs",
            hint = "The query keeps only the last 7 days, about 2% of a year. Which column does it filter on, and "
                    + "what would let PostgreSQL jump straight to the first matching row?")
    void weekly_activity_avoids_seq_scan(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        PlanAssert.that(db.explain(WEEKLY_ACTIVITY), "the weekly-activity query").doesNotSeqScan(TABLE);
    }

    @Check(order = 3, points = 3,
            title = "A user's latest-50 query reads an index and needs no sort, for busy and quiet users alike",
            hint = "Finding one user's rows is half of this query. Look at the plan for a staff member, who has "
                    + "about 70 events: what must PostgreSQL do with all of them before LIMIT 50 can apply? An "
                    + "index can hand rows over in the order it keeps them.")
    void latest_events_need_no_scan_or_sort(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        for (User user : USERS) {
            PlanAssert plan = PlanAssert.that(db.explain(latestEvents(user.id())),
                    "the latest-50 query for " + user.kind() + " (user " + user.id() + ", " + user.events() + ")")
                    .doesNotSeqScan(TABLE);
            // Sorting a customer's eight events costs nothing; sorting dozens to keep fifty is the waste to catch.
            // Counted now rather than assumed, since the rows are the learner's to keep.
            if (db.queryForLong("SELECT count(*) FROM audit_logs WHERE user_id = ?", user.id()) > LATEST) {
                plan.doesNotSort();
            }
        }
    }

    @Check(order = 4, points = 2, title = "The failed-logins query does not scan all of audit_logs",
            hint = "Of a year of events, this dashboard wants one action in the last day: a handful of rows. Which of "
                    + "its two conditions narrows the table down most, and can an index keep only the rows it ever "
                    + "asks about?")
    void failed_logins_avoid_seq_scan(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        PlanAssert.that(db.explain(FAILED_LOGINS), "the failed-logins query").doesNotSeqScan(TABLE);
    }

    @Check(order = 5, points = 3, title = "Each hot query runs at least 10 times faster than before the migration",
            hint = "Avoiding a sequential scan is not the same as being fast: an index that finds rows in the wrong "
                    + "order, or finds far more rows than the query keeps, still does work in proportion to the "
                    + "table. Compare EXPLAIN (ANALYZE, BUFFERS) before and after your migration, query by query.")
    void hot_queries_run_ten_times_faster(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        // A plan that still reads the whole table does the work it did before: timing it again would only spend the
        // learner's seconds to confirm it.
        Map<String, Double> targets = new LinkedHashMap<>();
        List<String> stillScanning = new ArrayList<>();
        for (HotQuery query : HOT_QUERIES) {
            if (db.explain(query.sql()).seqScansOf(TABLE).isEmpty()) {
                targets.put(query.sql(), baselineMillis.get(query.sql()) / REQUIRED_SPEEDUP);
            } else {
                stillScanning.add(query.sql());
            }
        }
        Map<String, Double> after = QueryTimings.fastestUntil(db, targets, ROUNDS_AFTER);
        List<String> lines = new ArrayList<>();
        boolean tooSlow = false;
        for (HotQuery query : HOT_QUERIES) {
            double before = baselineMillis.get(query.sql());
            if (stillScanning.contains(query.sql())) {
                tooSlow = true;
                lines.add(String.format(Locale.ROOT, "  ✗ %-50s %8.2f ms -> still a sequential scan", query.name(), before));
                continue;
            }
            double now = after.get(query.sql());
            double speedup = before / Math.max(now, 0.001);
            tooSlow |= speedup < REQUIRED_SPEEDUP;
            lines.add(String.format(Locale.ROOT, "  %s %-50s %8.2f ms -> %7.2f ms  (%,.0fx)",
                    speedup < REQUIRED_SPEEDUP ? "✗" : "✓", query.name(), before, now, speedup));
        }
        String table = String.join("\n", lines);
        LOG.debug("audit-log-indexes timings (before -> after):\n{}", table);
        if (tooSlow) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "Not every hot query got %.0f times faster (measured in this run with EXPLAIN ANALYZE on one "
                            + "core: the fastest of %d runs before migration.sql and of up to %d runs after it):%n%s",
                    REQUIRED_SPEEDUP, ROUNDS_BEFORE, ROUNDS_AFTER, table));
        }
    }

    @Check(order = 6, points = 1, title = "At most 3 new indexes on audit_logs, 12 MB together",
            hint = "Every index is another B-tree each insert must update, and the audit log takes a write for "
                    + "every click. Can one index serve two queries? Does every column you added earn its bytes? "
                    + "pg_relation_size tells you what each index costs.")
    void indexes_fit_the_budget(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        List<IndexFacts> added = db.indexes(TABLE).stream()
                .filter(index -> indexesBefore.stream().noneMatch(before -> before.name().equals(index.name())
                        && before.definition().equals(index.definition())))
                .toList();
        long total = added.stream().mapToLong(IndexFacts::sizeBytes).sum();
        LOG.debug("audit-log-indexes: {} new indexes, {} bytes together: {}", added.size(), total,
                added.stream().map(i -> i.name() + "=" + i.sizeBytes()).collect(Collectors.joining(", ")));
        if (added.size() > MAX_NEW_INDEXES || total > INDEX_BUDGET_BYTES) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "migration.sql adds %d indexes to audit_logs, %s together; the budget is %d indexes and %s.%n%s",
                    added.size(), megabytes(total), MAX_NEW_INDEXES, megabytes(INDEX_BUDGET_BYTES),
                    added.stream().map(i -> "  " + megabytes(i.sizeBytes()) + "  " + i.definition())
                            .collect(Collectors.joining("\n"))));
        }
    }

    @Check(order = 7, points = 2, title = "No row of audit_logs changed",
            hint = "An audit log is a record of what happened: a migration may add structures next to the data, "
                    + "never remove or rewrite history.")
    void no_rows_changed(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        // The plan checks look for audit_logs by name: a view or a partitioned table put in its place would dodge
        // them, so the table itself must still be here.
        String kind = db.queryForString("SELECT coalesce((SELECT relkind::text FROM pg_class"
                + " WHERE oid = to_regclass('public.audit_logs')), 'missing')");
        assertEquals("r", kind, "audit_logs is no longer the plain table it was (relkind " + kind + "): keep the table "
                + "and add structures next to it.");
        long changed = db.rowsChangedSince(rowsBefore);
        assertEquals(0, changed, "migration.sql wrote or removed " + changed + " rows of audit_logs.");
    }

    private static List<String> sqlOf(List<HotQuery> queries) {
        return queries.stream().map(HotQuery::sql).toList();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
