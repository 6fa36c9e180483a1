package dev.roadlab.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.postgres.LabDatabase;
import dev.roadlab.grader.postgres.PlanAssert;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;

/** Checks of the audit-log-indexes lab: the hot queries of an audit log must not read the whole table. */
@LabChecks
public class AuditLogIndexesChecks {

    static final String MIGRATION = "migration.sql";

    static final String WEEKLY_ACTIVITY = """
            SELECT user_id, count(*) FROM audit_logs
            WHERE created_at > now() - interval '7 days'
            GROUP BY user_id""";

    /** A service account with about 9,000 events. */
    static final long HEAVY_USER = 3;
    /** A person with a handful of events. */
    static final long LIGHT_USER = 4242;

    static String latestEvents(long userId) {
        return """
                SELECT id, action, created_at FROM audit_logs
                WHERE user_id = %d
                ORDER BY created_at DESC
                LIMIT 50""".formatted(userId);
    }

    private String rowsBefore;

    @BeforeAll
    void remember_the_rows(LabDatabase db) throws SQLException {
        rowsBefore = db.fingerprint("audit_logs");
    }

    @Check(order = 1, points = 2, title = "migration.sql applies cleanly",
            hint = "The grader runs your file statement by statement, like psql with ON_ERROR_STOP. Run it against "
                    + "a local PostgreSQL first: the message above quotes PostgreSQL and the line it stopped at.")
    void migration_applies(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
    }

    @Check(order = 2, points = 3, title = "The weekly-activity query does not scan all of audit_logs",
            hint = "The query keeps only the last 7 days, a few percent of the table. Which column does it filter "
                    + "on, and what would let PostgreSQL jump straight to the first matching row?")
    void weekly_activity_avoids_seq_scan(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        PlanAssert.that(db.explain(WEEKLY_ACTIVITY), "the weekly-activity query").doesNotSeqScan("audit_logs");
    }

    @Check(order = 3, points = 3, title = "A user's latest-50 query does not scan all of audit_logs",
            hint = "A B-tree can find one user's rows directly. Think about busy and quiet users alike: the quiet "
                    + "ones have five events among 150,000 rows.")
    void latest_events_avoid_seq_scan(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        PlanAssert.that(db.explain(latestEvents(HEAVY_USER)), "the latest-50 query for a busy user")
                .doesNotSeqScan("audit_logs");
        PlanAssert.that(db.explain(latestEvents(LIGHT_USER)), "the latest-50 query for a quiet user")
                .doesNotSeqScan("audit_logs");
    }

    @Check(order = 4, points = 2, title = "No row of audit_logs changed",
            hint = "An audit log is a record of what happened: a migration may add structures next to the data, "
                    + "never remove or rewrite history.")
    void no_rows_changed(LabDatabase db) throws SQLException {
        db.apply(MIGRATION);
        assertEquals(rowsBefore, db.fingerprint("audit_logs"),
                "audit_logs holds different rows after the migration than before it (count:hash before vs after).");
    }
}
