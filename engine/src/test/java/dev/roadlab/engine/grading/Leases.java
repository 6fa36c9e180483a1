package dev.roadlab.engine.grading;

import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;

import org.jooq.DSLContext;

/**
 * For tests of a worker that stalls: leases are stamped with the database's clock, which a test clock cannot move,
 * so the test moves the running submissions' leases into the past instead (what a stalled worker's lease becomes).
 */
public final class Leases {

    private Leases() {
    }

    /** Every running submission's lease ran out long ago. */
    public static void lapseAll(DSLContext dsl) {
        dsl.update(SUBMISSIONS)
                .set(SUBMISSIONS.LEASE_UNTIL, java.time.OffsetDateTime.parse("2000-01-01T00:00:00Z"))
                .where(SUBMISSIONS.STATUS.eq("running"))
                .execute();
    }
}
