package dev.roadlab.engine.grading;

import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;
import static dev.roadlab.engine.db.jooq.Tables.SUBMISSION_FILES;

import dev.roadlab.engine.submissions.SubmissionStatus;
import dev.roadlab.grader.report.EarlierAttempts;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.submission.Submission;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grading queue, kept in the submissions table so that any number of processes can share it: a worker claims
 * the oldest queued submission with {@code FOR UPDATE SKIP LOCKED} and holds a lease; a submission whose lease ran
 * out (its worker died) is claimed again.
 */
public final class GradingQueue {

    /** A submission taken this many times without finishing is given up as our fault. */
    static final int MAX_ATTEMPTS = 3;
    /** Earlier reports read for hints in steps. */
    static final int EARLIER_REPORTS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(GradingQueue.class);

    /**
     * Told about each submission whose grading ended {@code infrastructure} (our fault), after its report is stored,
     * so that the attempt does not count against the learner's budget. Only the worker whose report was stored
     * tells it (a worker that lost its lease does not); it must itself be safe to call twice for one submission.
     */
    @FunctionalInterface
    public interface OurFault {
        void attemptDidNotCount(String submissionId);
    }

    private final DSLContext dsl;
    private final Clock clock;
    private final OurFault ourFault;

    /** A queue whose submissions spend no budget (nothing to give back). */
    public GradingQueue(DSLContext dsl, Clock clock) {
        this(dsl, clock, id -> { });
    }

    /** @param ourFault told of each submission that ended {@code infrastructure} */
    public GradingQueue(DSLContext dsl, Clock clock, OurFault ourFault) {
        this.dsl = dsl;
        this.clock = clock;
        this.ourFault = ourFault;
    }

    /**
     * The learner's finished attempts at the lab before {@code before}, read from their reports (the last
     * {@value #EARLIER_REPORTS}: hints never have more steps than that). None for a submission without a learner.
     */
    private static EarlierAttempts earlierAttempts(DSLContext t, Long learnerId, String labId, OffsetDateTime before) {
        if (learnerId == null) {
            return EarlierAttempts.NONE;
        }
        List<GradeReport> reports = new ArrayList<>();
        for (String json : t.select(SUBMISSIONS.REPORT).from(SUBMISSIONS)
                .where(SUBMISSIONS.LEARNER_ID.eq(learnerId), SUBMISSIONS.LAB_ID.eq(labId),
                        SUBMISSIONS.STATUS.eq(SubmissionStatus.DONE.wireName()), SUBMISSIONS.CREATED_AT.lt(before),
                        SUBMISSIONS.REPORT.isNotNull())
                .orderBy(SUBMISSIONS.CREATED_AT.desc())
                .limit(EARLIER_REPORTS)
                .fetch(SUBMISSIONS.REPORT)) {
            try {
                reports.add(ReportJson.read(json));
            } catch (RuntimeException unreadable) {
                // a report of an older format: it counts for nothing, and this grading goes on
            }
        }
        return EarlierAttempts.of(reports);
    }

    /** The next submission to grade, leased to {@code worker} for {@code lease}; empty when none waits. */
    public Optional<Job> claim(String worker, Duration lease) {
        String[] gaveUpOn = new String[1];
        Optional<Job> job = dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            OffsetDateTime now = OffsetDateTime.now(clock);
            var row = t.selectFrom(SUBMISSIONS)
                    .where(SUBMISSIONS.STATUS.eq(SubmissionStatus.QUEUED.wireName())
                            .or(SUBMISSIONS.STATUS.eq(SubmissionStatus.RUNNING.wireName())
                                    .and(SUBMISSIONS.LEASE_UNTIL.lt(now))))
                    .orderBy(SUBMISSIONS.CREATED_AT, SUBMISSIONS.ID)
                    .limit(1)
                    .forUpdate()
                    .skipLocked()
                    .fetchOptional();
            if (row.isEmpty()) {
                return Optional.<Job>empty();
            }
            var r = row.get();
            int attempt = r.getAttempts() + 1;
            if (attempt > MAX_ATTEMPTS) {
                GradeReport gaveUp = GradeReport.withoutChecks(r.getLabId(), Verdict.INFRASTRUCTURE, r.getMaxScore(),
                        "Grading stopped " + r.getAttempts() + " times before it finished; this is our fault, not yours.",
                        null, r.getAttempts());
                finish(t, r.getId(), null, gaveUp, now);
                gaveUpOn[0] = r.getId();
                return Optional.<Job>empty();
            }
            t.update(SUBMISSIONS)
                    .set(SUBMISSIONS.STATUS, SubmissionStatus.RUNNING.wireName())
                    .set(SUBMISSIONS.LEASE_OWNER, worker)
                    .set(SUBMISSIONS.LEASE_UNTIL, now.plus(lease))
                    .set(SUBMISSIONS.STARTED_AT, now)
                    .set(SUBMISSIONS.ATTEMPTS, attempt)
                    .where(SUBMISSIONS.ID.eq(r.getId()))
                    .execute();
            Map<String, byte[]> files = new TreeMap<>();
            t.selectFrom(SUBMISSION_FILES).where(SUBMISSION_FILES.SUBMISSION_ID.eq(r.getId())).fetch()
                    .forEach(f -> files.put(f.getName(), f.getContent().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return Optional.of(new Job(r.getId(), r.getLabId(), Submission.of(files), r.getCreatedAt(), now, worker,
                    attempt, earlierAttempts(t, r.getLearnerId(), r.getLabId(), r.getCreatedAt())));
        });
        if (gaveUpOn[0] != null) {
            didNotCount(gaveUpOn[0]);
        }
        return job;
    }

    /**
     * Stores the report, if {@code job}'s worker still holds the lease (a worker that lost it to another does not
     * overwrite the other's result).
     *
     * @return whether the report was stored
     */
    public boolean finish(Job job, GradeReport report) {
        long queued = Duration.between(job.createdAt(), job.startedAt()).toMillis();
        GradeReport withQueue = report.withTimings(report.timings().withQueuedMillis(queued));
        boolean stored = finish(dsl, job.submissionId(), job.worker(), withQueue, OffsetDateTime.now(clock));
        if (stored && report.verdict() == Verdict.INFRASTRUCTURE) {
            didNotCount(job.submissionId());
        }
        return stored;
    }

    /** The report is stored whatever happens here; a failure to give the attempt back is logged, not thrown. */
    private void didNotCount(String submissionId) {
        try {
            ourFault.attemptDidNotCount(submissionId);
        } catch (RuntimeException e) {
            LOG.error("submission {} ended on our side but its attempt could not be given back", submissionId, e);
        }
    }

    private static boolean finish(DSLContext t, String id, String worker, GradeReport report, OffsetDateTime now) {
        return t.update(SUBMISSIONS)
                .set(SUBMISSIONS.STATUS, SubmissionStatus.DONE.wireName())
                .set(SUBMISSIONS.VERDICT, report.verdict().wireName())
                .set(SUBMISSIONS.SCORE, report.score())
                .set(SUBMISSIONS.REPORT, ReportJson.write(report))
                .set(SUBMISSIONS.FINISHED_AT, now)
                .set(SUBMISSIONS.LEASE_OWNER, (String) null)
                .set(SUBMISSIONS.LEASE_UNTIL, (OffsetDateTime) null)
                .where(SUBMISSIONS.ID.eq(id))
                .and(worker == null ? DSL.noCondition() : SUBMISSIONS.LEASE_OWNER.eq(worker))
                .execute() == 1;
    }
}
