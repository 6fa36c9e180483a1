package dev.roadlab.labs;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.postgres.IndexFacts;
import dev.roadlab.grader.postgres.LabDatabase;
import dev.roadlab.grader.postgres.PlanAssert;
import dev.roadlab.grader.postgres.QueryPlan;
import dev.roadlab.grader.postgres.TableDefinition;
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

    /**
     * The lab's "now": the seed writes a year of history up to it, and the dashboards ask about the week and the day
     * before it. Fixed, so that every sandbox, on any day, holds the same rows and runs the same queries.
     */
    static final String NOW = "timestamptz '2026-06-30 12:00:00+00'";

    static final String WEEKLY_ACTIVITY = """
            SELECT user_id, count(*) FROM public.audit_logs
            WHERE created_at > %s - interval '7 days'
            GROUP BY user_id""".formatted(NOW);

    static final String FAILED_LOGINS = """
            SELECT date_trunc('hour', created_at) AS hour, count(*) AS failures
            FROM public.audit_logs
            WHERE action = 'login_failed' AND created_at > %s - interval '24 hours'
            GROUP BY 1
            ORDER BY 1""".formatted(NOW);

    /** Whose latest events the support tool shows: busy and quiet users alike. */
    record User(String kind, long id, String events) {
    }

    static final List<User> USERS = List.of(
            new User("a service account", 3, "about 7,500 events, spread over the year"),
            new User("a staff member", 1042, "about 70 events"),
            new User("a customer", 104242, "eight events"));
    static final int LATEST = 50;

    /** How many times fewer pages each hot query must touch once the migration is in. */
    static final double REQUIRED_REDUCTION = 10;
    static final int MAX_NEW_INDEXES = 3;
    static final long INDEX_BUDGET_BYTES = 12L * 1024 * 1024;

    record HotQuery(String name, String sql) {
    }

    static final List<HotQuery> LATEST_QUERIES = USERS.stream()
            .map(u -> new HotQuery("latest 50 of " + u.kind() + " (user " + u.id() + ")", latestEvents(u.id())))
            .toList();

    static final List<HotQuery> HOT_QUERIES = Stream.of(
            Stream.of(new HotQuery("weekly activity", WEEKLY_ACTIVITY)),
            LATEST_QUERIES.stream(),
            Stream.of(new HotQuery("failed logins per hour", FAILED_LOGINS))).flatMap(s -> s).toList();

    static String latestEvents(long userId) {
        return """
                SELECT id, action, created_at FROM public.audit_logs
                WHERE user_id = %d
                ORDER BY created_at DESC
                LIMIT %d""".formatted(userId, LATEST);
    }

    private LabDatabase.RowsSnapshot rowsBefore;
    private TableDefinition definitionBefore;
    private List<IndexFacts> indexesBefore;
    private Map<String, Long> pagesBefore;
    private List<String> schemaIndexesBefore;

    /**
     * The table as the migration finds it: its rows, definition and indexes, and what each hot query touches. What
     * the seed alone decides (the indexes, the pages each query touches) is the same on every clone of the lab's
     * template, so it is measured on the first run and remembered; the definition names the run's role, and the rows
     * snapshot the run's own transaction, so those are read on every run.
     */
    @BeforeAll
    void measure_the_table_before_the_migration(LabDatabase db) throws SQLException {
        rowsBefore = db.snapshotRows(TABLE);
        definitionBefore = db.definition(TABLE);
        indexesBefore = db.fromTemplate("indexes of " + TABLE, d -> List.copyOf(d.indexes(TABLE)));
        schemaIndexesBefore = db.fromTemplate("indexes of the public schema", d -> List.copyOf(schemaIndexes(d)));
        pagesBefore = db.fromTemplate("pages of the hot queries",
                d -> java.util.Collections.unmodifiableMap(QueryPages.of(d, sqlOf(HOT_QUERIES))));
    }

    @Check(order = 1, points = 1, title = "migration.sql applies cleanly and adds an index to audit_logs",
            hint = "The grader runs your file statement by statement, like psql with ON_ERROR_STOP. Run it against "
                    + "a local PostgreSQL first: the message above quotes PostgreSQL and the line it stopped at.",
            teaches = "#the-audit-log-indexes-lab")
    void migration_applies(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        requireNewIndexes(db, "This check");
    }

    @Check(order = 2, points = 2, title = "The weekly-activity query reads only the week it asks for: no scan, a tenth of the pages",
            hint = "The query keeps only the last 7 days, about 2% of a year. Which column does it filter on, and "
                    + "what would let PostgreSQL jump straight to the first matching row?",
            laterHints = "An index on audit_logs (created_at) lets the planner start at the week's first row and "
                    + "stop after its last: a range scan of one week instead of a read of the year.",
            teaches = "#b-trees-how-a-lookup-walks-pages")
    void weekly_activity_reads_only_its_week(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        PlanAssert plan = PlanAssert.that(analyzed(db, WEEKLY_ACTIVITY), "the weekly-activity query")
                .doesNotSeqScan(TABLE);
        try {
            plan.touchesAtMost(tenth(WEEKLY_ACTIVITY), aTenthOf(WEEKLY_ACTIVITY));
        } catch (CheckFailure readsTooMuch) {
            throw new CheckFailure(readsTooMuch.getMessage(), "The query reads an index now, and still touches "
                    + "far more pages than one week holds: the index it reads does not start with what the query "
                    + "narrows on, so it walks much of the index or fetches rows outside the week. Which column's "
                    + "range is the week, and is it the index's first column?");
        }
    }

    @Check(order = 3, points = 3,
            title = "A user's latest-50 query reads an index and needs no sort, for busy and quiet users alike",
            hint = "Finding one user's rows is half of this query. Look at the plan for a staff member, who has "
                    + "about 70 events: what must PostgreSQL do with all of them before LIMIT 50 can apply? An "
                    + "index can hand rows over in the order it keeps them.",
            laterHints = "One index on (user_id, created_at) finds a user's rows already in time order; read "
                    + "backwards, it hands over the newest first, so LIMIT 50 stops after 50 rows and nothing "
                    + "is sorted.",
            teaches = "#composite-index-order")
    void latest_events_need_no_scan_or_sort(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        for (User user : USERS) {
            PlanAssert plan = PlanAssert.that(db.explain(latestEvents(user.id())),
                    "the latest-50 query for " + user.kind() + " (user " + user.id() + ", " + user.events() + ")")
                    .doesNotSeqScan(TABLE);
            // Sorting a customer's eight events costs nothing; sorting dozens to keep fifty is the waste to catch.
            // Counted now rather than assumed, since the rows are the learner's to keep.
            if (db.queryForLong("SELECT count(*) FROM public.audit_logs WHERE user_id = ?", user.id()) > LATEST) {
                plan.doesNotSort();
            }
        }
    }

    @Check(order = 4, points = 2, title = "The failed-logins query reads only the day it asks for: no scan, a tenth of the pages",
            hint = "Of a year of events, this dashboard wants one action in the last day: a handful of rows. Which of "
                    + "its two conditions narrows the table down most, and can an index keep only the rows it ever "
                    + "asks about?",
            laterHints = "A partial index, ON audit_logs (created_at) WHERE action = 'login_failed', holds only "
                    + "failed logins: it is small, and the last day of them is a short range in it.",
            teaches = "#partial-and-covering-indexes")
    void failed_logins_read_only_their_day(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        PlanAssert plan = PlanAssert.that(analyzed(db, FAILED_LOGINS), "the failed-logins query")
                .doesNotSeqScan(TABLE);
        try {
            plan.touchesAtMost(tenth(FAILED_LOGINS), aTenthOf(FAILED_LOGINS));
        } catch (CheckFailure readsTooMuch) {
            throw new CheckFailure(readsTooMuch.getMessage(), "The query reads an index now, and still touches "
                    + "far more pages than one day of failed logins needs: the index it reads does not lead "
                    + "straight to them, so it walks entries of other days or other actions that the query throws "
                    + "away. Which condition is a range, which one never changes, and could an index hold only the "
                    + "rows this query ever asks about?");
        }
    }

    @Check(order = 5, points = 3,
            title = "A user's latest 50 events touch at most a tenth of the pages they did, for busy and quiet users alike",
            hint = "Avoiding a sequential scan is not the same as doing little: an index that finds rows in the wrong "
                    + "order, or finds far more rows than the query keeps, still touches pages in proportion to the "
                    + "table. Compare EXPLAIN (ANALYZE, BUFFERS) before and after your migration, query by query: "
                    + "shared hit plus read is the pages a query touched.",
            laterHints = "Run EXPLAIN (ANALYZE, BUFFERS) for user 3 before and after: an index on user_id alone "
                    + "fetches every one of the user's rows and sorts them; only an index that keeps them in "
                    + "created_at order lets the query stop at 50.",
            teaches = "#reading-explain-analyze-buffers")
    void latest_events_touch_a_tenth_of_the_pages(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        Map<String, Long> after = QueryPages.of(db, sqlOf(LATEST_QUERIES));
        List<String> lines = new ArrayList<>();
        boolean tooMany = false;
        for (HotQuery query : LATEST_QUERIES) {
            long before = pagesBefore.get(query.sql());
            long now = after.get(query.sql());
            boolean ok = now * REQUIRED_REDUCTION <= before;
            tooMany |= !ok;
            lines.add(String.format(Locale.ROOT, "  %s %-50s %,7d pages -> %,7d pages  (%s)", ok ? "✓" : "✗",
                    query.name(), before, now, QueryPages.reduction(before, now)));
        }
        String table = String.join("\n", lines);
        LOG.debug("audit-log-indexes pages (before -> after):\n{}", table);
        if (tooMany) {
            throw new CheckFailure(String.format(Locale.ROOT,
                    "Not every user's latest-50 query touches %.0f times fewer pages than before migration.sql (shared "
                            + "buffers hit or read, from EXPLAIN (ANALYZE, BUFFERS), in this run):%n%s",
                    REQUIRED_REDUCTION, table));
        }
    }

    @Check(order = 6, points = 1, title = "At most 3 new indexes on audit_logs, 12 MB together",
            hint = "Every index is another B-tree each insert must update, and the audit log takes a write for "
                    + "every click. Can one index serve two queries? Does every column you added earn its bytes? "
                    + "pg_relation_size tells you what each index costs.",
            teaches = "#the-cost-of-over-indexing")
    void indexes_fit_the_budget(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        List<IndexFacts> added = requireNewIndexes(db, "The budget check");
        long total = added.stream().mapToLong(IndexFacts::sizeBytes).sum();
        LOG.debug("audit-log-indexes: {} new indexes, {} bytes together: {}", added.size(), total,
                added.stream().map(i -> i.name() + "=" + i.sizeBytes()).collect(Collectors.joining(", ")));
        if (added.size() > MAX_NEW_INDEXES || total > INDEX_BUDGET_BYTES) {
            throw new CheckFailure(String.format(Locale.ROOT,
                    "migration.sql adds %d indexes to audit_logs, %s together; the budget is %d indexes and %s.%n%s",
                    added.size(), megabytes(total), MAX_NEW_INDEXES, megabytes(INDEX_BUDGET_BYTES),
                    added.stream().map(i -> "  " + megabytes(i.sizeBytes()) + "  " + i.definition())
                            .collect(Collectors.joining("\n"))));
        }
    }

    @Check(order = 7, points = 2, title = "audit_logs keeps every row, column and constraint it had",
            hint = "An audit log is a record of what happened: a migration may add structures next to the data, "
                    + "never remove or rewrite history.",
            teaches = "#the-audit-log-indexes-lab")
    void no_rows_changed(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        requireNewIndexes(db, "This check");
        // The plan checks look for audit_logs by name: a view or a partitioned table put in its place would dodge
        // them, so the table itself must still be here, with every column as it was.
        TableDefinition now = db.definition(TABLE);
        List<String> changes = new ArrayList<>(now.changesSince(definitionBefore));
        if (!now.kind().equals(definitionBefore.kind())) {
            // Not "rows changed": the table the queries were meant to read is no longer there to be judged.
            throw new CheckFailure("The audit log is not as it was: " + String.join("; ", changes) + ".",
                    "The hot queries read audit_logs by name, so something else put under that name answers them "
                            + "instead of the table: its plans say nothing about the table's indexes. Keep the table "
                            + "where it is, and add indexes to it.")
                    .found("audit_logs is " + now.kindName() + " now, not the table it was");
        }
        if (!changes.isEmpty()) {
            throw new CheckFailure("The audit log is not as it was: " + String.join("; ", changes) + ".",
                    "A migration that speeds up reads adds indexes beside the columns; it drops, retypes or loosens "
                            + "none of them, since every row already written depends on what they were.")
                    .found("migration.sql changed the definition of audit_logs");
        }
        long changed = db.rowsChangedSince(rowsBefore);
        if (changed > 0) {
            throw new CheckFailure(String.format(Locale.ROOT, "The audit log is not as it was: migration.sql wrote or "
                    + "removed %,d rows of audit_logs.", changed))
                    .found(String.format(Locale.ROOT, "migration.sql wrote or removed %,d rows of audit_logs", changed));
        }
    }

    /**
     * The indexes migration.sql added to audit_logs. A migration that added no index anywhere has not done the lab's
     * work yet, and the check says so rather than give points for doing nothing.
     */
    private List<IndexFacts> requireNewIndexes(LabDatabase db, String which) throws SQLException {
        List<IndexFacts> added = db.indexes(TABLE).stream()
                .filter(index -> indexesBefore.stream().noneMatch(before -> before.name().equals(index.name())
                        && before.definition().equals(index.definition())))
                .toList();
        if (schemaIndexes(db).stream().allMatch(schemaIndexesBefore::contains)) {
            throw new CheckFailure("migration.sql adds no index to audit_logs. " + which + " scores once it does: "
                    + "staying within the budget, or leaving the rows alone, is only worth points while doing the "
                    + "lab's work.", "Start with the query you find slowest: which column does it filter on first?");
        }
        return added;
    }

    /** Every index of the public schema, by name and definition. */
    private static List<String> schemaIndexes(LabDatabase db) throws SQLException {
        return db.query("SELECT indexname::pg_catalog.text || ' ' || indexdef FROM pg_catalog.pg_indexes"
                + " WHERE schemaname OPERATOR(pg_catalog.=) 'public'").stream().map(r -> (String) r.get(0)).toList();
    }

    /** A tenth of the pages a hot query touched before the migration. */
    private long tenth(String sql) {
        return (long) Math.floor(pagesBefore.get(sql) / REQUIRED_REDUCTION);
    }

    private String aTenthOf(String sql) {
        return String.format(Locale.ROOT, "a tenth of the %,d pages it touched before migration.sql, when it read the "
                + "whole table", pagesBefore.get(sql));
    }

    /** EXPLAIN (ANALYZE, BUFFERS) on one core: what the plan really read. */
    private static QueryPlan analyzed(LabDatabase db, String sql) throws SQLException {
        return QueryPages.analyzed(db, sql);
    }

    private static List<String> sqlOf(List<HotQuery> queries) {
        return queries.stream().map(HotQuery::sql).toList();
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
