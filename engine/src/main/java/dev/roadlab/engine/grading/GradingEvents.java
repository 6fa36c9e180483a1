package dev.roadlab.engine.grading;

import static dev.roadlab.engine.db.jooq.Tables.GRADING_EVENTS;
import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;

import dev.roadlab.engine.submissions.SubmissionStatus;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.GradeListener;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Grading progress kept in the database: workers append events as their checks finish, pages read them back, so a
 * page served by one process follows a submission graded by another. Callers authorize the submission first.
 */
public final class GradingEvents {

    private final DSLContext dsl;
    private final Clock clock;

    public GradingEvents(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
    }

    /** A listener that records one grading run of a submission as it goes. */
    GradeListener recorder(String submissionId) {
        return new GradeListener() {
            private long started = System.nanoTime();

            @Override
            public void started(String lab, int total) {
                started = System.nanoTime();
                insert(submissionId, GradingEvent.Kind.STARTED, null, null, null, null, null, null, 0, null, total);
            }

            @Override
            public void checkFinished(CheckResult check, int done, int total) {
                insert(submissionId, GradingEvent.Kind.CHECK, check.id(), check.title(), check.verdict().wireName(),
                        check.points(), check.maxPoints(), check.millis(), elapsedMs(), done, total);
            }

            @Override
            public void retrying(String reason) {
                insert(submissionId, GradingEvent.Kind.RETRYING, null, reason, null, null, null, null, elapsedMs(),
                        null, null);
            }

            private long elapsedMs() {
                return (System.nanoTime() - started) / 1_000_000;
            }
        };
    }

    /** Records that the run failed on our side and the submission waits for another try (a new run follows). */
    void retryingLater(String submissionId, String reason) {
        insert(submissionId, GradingEvent.Kind.RETRYING, null, reason, null, null, null, null, 0, null, null);
    }

    private void insert(String submissionId, GradingEvent.Kind kind, String checkId, String title, String verdict,
                        Integer points, Integer maxPoints, Long millis, long elapsedMs, Integer done, Integer total) {
        dsl.insertInto(GRADING_EVENTS)
                .set(GRADING_EVENTS.SUBMISSION_ID, submissionId)
                .set(GRADING_EVENTS.KIND, kind.wireName())
                .set(GRADING_EVENTS.CHECK_ID, checkId)
                .set(GRADING_EVENTS.TITLE, title == null ? null : title.length() > 1000 ? title.substring(0, 1000) : title)
                .set(GRADING_EVENTS.VERDICT, verdict)
                .set(GRADING_EVENTS.POINTS, points)
                .set(GRADING_EVENTS.MAX_POINTS, maxPoints)
                .set(GRADING_EVENTS.MILLIS, millis)
                .set(GRADING_EVENTS.ELAPSED_MS, elapsedMs)
                .set(GRADING_EVENTS.DONE_COUNT, done)
                .set(GRADING_EVENTS.TOTAL, total)
                .set(GRADING_EVENTS.CREATED_AT, OffsetDateTime.now(clock))
                .execute();
    }

    /** The submission's events after the cursor {@code afterId} (0: all), oldest first. */
    public List<GradingEvent> since(String submissionId, long afterId) {
        return dsl.selectFrom(GRADING_EVENTS)
                .where(GRADING_EVENTS.SUBMISSION_ID.eq(submissionId))
                .and(GRADING_EVENTS.ID.gt(afterId))
                .orderBy(GRADING_EVENTS.ID)
                .fetch(r -> new GradingEvent(r.getId(), GradingEvent.Kind.fromWireName(r.getKind()).orElseThrow(),
                        r.getCheckId(), r.getTitle(), r.getVerdict(), orZero(r.getPoints()), orZero(r.getMaxPoints()),
                        r.getMillis() == null ? 0 : r.getMillis(), r.getElapsedMs(), orZero(r.getDoneCount()),
                        orZero(r.getTotal())));
    }

    /**
     * The checks the current run has finished so far: the events since its last start (a retried run starts over).
     */
    public List<GradingEvent> currentRun(String submissionId) {
        List<GradingEvent> all = since(submissionId, 0);
        int from = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).kind() != GradingEvent.Kind.CHECK) {
                from = i;
            }
        }
        return all.subList(from, all.size()).stream().filter(e -> e.kind() == GradingEvent.Kind.CHECK).toList();
    }

    /** How many queued submissions a worker takes before this one (1: it is next); 0 when it is not queued. */
    public int queuePosition(String submissionId) {
        var me = dsl.select(SUBMISSIONS.CREATED_AT, SUBMISSIONS.STATUS).from(SUBMISSIONS)
                .where(SUBMISSIONS.ID.eq(submissionId)).fetchOptional();
        if (me.isEmpty() || !SubmissionStatus.QUEUED.wireName().equals(me.get().value2())) {
            return 0;
        }
        OffsetDateTime createdAt = me.get().value1();
        return 1 + dsl.fetchCount(SUBMISSIONS, SUBMISSIONS.STATUS.eq(SubmissionStatus.QUEUED.wireName())
                .and(SUBMISSIONS.CREATED_AT.lt(createdAt)
                        .or(SUBMISSIONS.CREATED_AT.eq(createdAt).and(SUBMISSIONS.ID.lt(submissionId)))));
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
