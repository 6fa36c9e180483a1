package dev.roadlab.engine.grading;

import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;
import static dev.roadlab.engine.db.jooq.Tables.SUBMISSION_FILES;

import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.NotAllowedException;
import dev.roadlab.engine.accounts.Role;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jooq.SQLDialect;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grading queue, kept in the submissions table so that any number of processes can share it: a worker claims
 * the oldest queued submission with {@code FOR UPDATE SKIP LOCKED} and holds a short lease, on the database's clock,
 * that its heartbeat renews; a submission whose lease ran out (its worker died or hung) is claimed again by any
 * worker. Each claim gets a new fencing token, and heartbeats and reports are accepted only with the current one, so
 * each submission gets exactly one final report however many workers raced or died. A grading that failed on our
 * side is queued again after a backoff, up to a number of attempts, then given up (marked so for admins).
 */
public final class GradingQueue {

    /** A submission taken this many times without finishing is given up as our fault (unless set otherwise). */
    static final int MAX_ATTEMPTS = 3;
    /** Earlier reports read for hints in steps. */
    static final int EARLIER_REPORTS = 10;
    /** The channel submitting notifies and workers listen on (PostgreSQL). */
    public static final String CHANNEL = "roadlab_queue";
    /** The waits before a grading that failed on our side is tried again: after the first, second, later tries. */
    public static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(5), Duration.ofSeconds(20),
            Duration.ofSeconds(60));

    private static final Logger LOG = LoggerFactory.getLogger(GradingQueue.class);
    /** How long a gauge waits for the database before it says NaN (a scrape never hangs on a database down). */
    private static final Duration GAUGE_WAIT = Duration.ofSeconds(1);

    /**
     * Told about each submission whose grading ended {@code infrastructure} (our fault), after its report is stored,
     * so that the attempt does not count against the learner's budget. Only the worker whose report was stored
     * tells it (a worker that lost its lease does not); it must itself be safe to call twice for one submission.
     */
    @FunctionalInterface
    public interface OurFault {
        void attemptDidNotCount(String submissionId);
    }

    /**
     * How gradings that fail on our side are retried.
     *
     * @param attempts how many times a submission is taken before it is given up (a worker's death counts)
     * @param backoff  the waits before the 2nd, 3rd, ... try after an {@code infrastructure} result (the last one
     *                 repeats); empty: such a result is final at once
     */
    public record Retries(int attempts, List<Duration> backoff) {
        public Retries {
            if (attempts < 1) {
                throw new IllegalArgumentException("attempts must be at least 1");
            }
            backoff = List.copyOf(backoff);
        }

        /** {@code attempts} tries with the default backoff (5 s, 20 s, 60 s). */
        public static Retries of(int attempts) {
            return new Retries(attempts, BACKOFF);
        }

        Duration before(int nextAttempt) {
            return backoff.get(Math.min(nextAttempt - 2, backoff.size() - 1));
        }
    }

    /** How a worker's grading ended in the queue. */
    public enum Ending {
        /** Its report is the submission's final one. */
        REPORTED,
        /** It failed on our side and the submission waits for another try. */
        RETRYING,
        /** It failed on our side on its last try: stored as given up. */
        GAVE_UP,
        /** Its claim was no longer current (the lease lapsed and was taken, or it was released): nothing stored. */
        LOST
    }

    /** A submission given up after its last try, for admins to look into. */
    public record GaveUp(String submissionId, String labId, Long learnerId, int attempts, OffsetDateTime finishedAt,
                         String message) {
    }

    private final DSLContext dsl;
    private final Clock clock;
    private final OurFault ourFault;
    private final Retries retries;
    private final boolean postgres;
    private final Counter retried;
    private final Object statsLock = new Object();
    private volatile Stats stats;

    /** What the gauges show, measured at most once a second. */
    private record Stats(long nanoTime, double depth, double oldestAgeSeconds) {
    }

    /** A queue whose submissions spend no budget (nothing to give back). */
    public GradingQueue(DSLContext dsl, Clock clock) {
        this(dsl, clock, id -> { });
    }

    /**
     * A queue that stores an {@code infrastructure} result at once (no retry), with no meters.
     *
     * @param ourFault told of each submission that ended {@code infrastructure}
     */
    public GradingQueue(DSLContext dsl, Clock clock, OurFault ourFault) {
        this(dsl, clock, ourFault, new Retries(MAX_ATTEMPTS, List.of()), new SimpleMeterRegistry());
    }

    /**
     * @param ourFault told once of each submission that ended {@code infrastructure} (after its retries)
     * @param retries  how gradings that fail on our side are tried again
     * @param meters   where the queue's depth, oldest age and retries are published
     */
    public GradingQueue(DSLContext dsl, Clock clock, OurFault ourFault, Retries retries, MeterRegistry meters) {
        this.dsl = dsl;
        this.clock = clock;
        this.ourFault = ourFault;
        this.retries = retries;
        this.postgres = dsl.dialect().family() == SQLDialect.POSTGRES;
        this.retried = Counter.builder("roadlab.grading.retries")
                .description("Gradings queued again after they failed on our side").register(meters);
        Gauge.builder("roadlab.queue.depth", this, q -> q.stats().depth())
                .description("Submissions waiting to be graded").strongReference(true).register(meters);
        Gauge.builder("roadlab.queue.oldest.age", this, q -> q.stats().oldestAgeSeconds()).baseUnit("seconds")
                .description("How long the oldest waiting submission has waited").strongReference(true)
                .register(meters);
    }

    /** How gradings that fail on our side are tried again. */
    public Retries retries() {
        return retries;
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

    /** The database's clock: leases are stamped with it, so that processes whose clocks differ agree on them. */
    private static OffsetDateTime databaseNow(DSLContext t) {
        return t.select(DSL.currentOffsetDateTime()).fetchOne(0, OffsetDateTime.class);
    }

    /**
     * The next submission to grade (queued and past its backoff, or running with a lapsed lease), leased to
     * {@code worker} for {@code lease} from now on the database's clock; empty when none waits.
     */
    public Optional<Job> claim(String worker, Duration lease) {
        String[] gaveUpOn = new String[1];
        Optional<Job> job = dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            OffsetDateTime dbNow = databaseNow(t);
            OffsetDateTime now = OffsetDateTime.now(clock);
            var row = t.selectFrom(SUBMISSIONS)
                    .where(SUBMISSIONS.STATUS.eq(SubmissionStatus.QUEUED.wireName())
                            .and(SUBMISSIONS.NOT_BEFORE.isNull().or(SUBMISSIONS.NOT_BEFORE.le(dbNow)))
                            .or(SUBMISSIONS.STATUS.eq(SubmissionStatus.RUNNING.wireName())
                                    .and(SUBMISSIONS.LEASE_UNTIL.lt(dbNow))))
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
            if (attempt > retries.attempts()) {
                GradeReport gaveUp = GradeReport.withoutChecks(r.getLabId(), Verdict.INFRASTRUCTURE, r.getMaxScore(),
                        "Grading stopped " + r.getAttempts() + " times before it finished; this is our fault, not yours.",
                        null, r.getAttempts());
                store(t, r.getId(), null, gaveUp, now, true);
                gaveUpOn[0] = r.getId();
                return Optional.<Job>empty();
            }
            long token = r.getLeaseToken() + 1;
            t.update(SUBMISSIONS)
                    .set(SUBMISSIONS.STATUS, SubmissionStatus.RUNNING.wireName())
                    .set(SUBMISSIONS.LEASE_OWNER, worker.length() > 64 ? worker.substring(0, 64) : worker)
                    .set(SUBMISSIONS.LEASE_UNTIL, dbNow.plus(lease))
                    .set(SUBMISSIONS.LEASE_TOKEN, token)
                    .set(SUBMISSIONS.NOT_BEFORE, (OffsetDateTime) null)
                    .set(SUBMISSIONS.STARTED_AT, now)
                    .set(SUBMISSIONS.ATTEMPTS, attempt)
                    .where(SUBMISSIONS.ID.eq(r.getId()))
                    .execute();
            Map<String, byte[]> files = new TreeMap<>();
            t.selectFrom(SUBMISSION_FILES).where(SUBMISSION_FILES.SUBMISSION_ID.eq(r.getId())).fetch()
                    .forEach(f -> files.put(f.getName(), f.getContent().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            return Optional.of(new Job(r.getId(), r.getLabId(), Submission.of(files), r.getCreatedAt(), now, worker,
                    attempt, earlierAttempts(t, r.getLearnerId(), r.getLabId(), r.getCreatedAt()), token));
        });
        if (gaveUpOn[0] != null) {
            LOG.warn("submission {} given up: its workers stopped {} times before it finished", gaveUpOn[0],
                    retries.attempts());
            didNotCount(gaveUpOn[0]);
        }
        return job;
    }

    /**
     * Renews {@code job}'s lease for {@code lease} from now (database clock), if its claim is still current.
     *
     * @return false when the lease was lost: another worker has the submission, or it was released
     */
    public boolean heartbeat(Job job, Duration lease) {
        OffsetDateTime dbNow = databaseNow(dsl);
        return dsl.update(SUBMISSIONS)
                .set(SUBMISSIONS.LEASE_UNTIL, dbNow.plus(lease))
                .where(current(job))
                .execute() == 1;
    }

    private static org.jooq.Condition current(Job job) {
        return SUBMISSIONS.ID.eq(job.submissionId())
                .and(SUBMISSIONS.LEASE_TOKEN.eq(job.token()))
                .and(SUBMISSIONS.STATUS.eq(SubmissionStatus.RUNNING.wireName()));
    }

    /**
     * Stores the report if {@code job}'s claim is still current (a worker that lost its lease does not overwrite
     * the next one's result); an {@code infrastructure} result before the last try queues the submission again.
     *
     * @return whether the result was taken (stored, or queued again for a retry)
     */
    public boolean finish(Job job, GradeReport report) {
        return end(job, report) != Ending.LOST;
    }

    /** As {@link #finish}, saying how the grading ended. */
    public Ending end(Job job, GradeReport report) {
        long queued = Duration.between(job.createdAt(), job.startedAt()).toMillis();
        GradeReport withQueue = report.withTimings(report.timings().withQueuedMillis(queued));
        boolean ours = report.verdict() == Verdict.INFRASTRUCTURE;
        boolean retrying = !retries.backoff().isEmpty();
        if (ours && retrying && job.attempt() < retries.attempts()) {
            Duration wait = retries.before(job.attempt() + 1);
            OffsetDateTime dbNow = databaseNow(dsl);
            boolean queuedAgain = dsl.update(SUBMISSIONS)
                    .set(SUBMISSIONS.STATUS, SubmissionStatus.QUEUED.wireName())
                    .set(SUBMISSIONS.NOT_BEFORE, dbNow.plus(wait))
                    .set(SUBMISSIONS.LEASE_OWNER, (String) null)
                    .set(SUBMISSIONS.LEASE_UNTIL, (OffsetDateTime) null)
                    .where(current(job))
                    .execute() == 1;
            if (!queuedAgain) {
                return Ending.LOST;
            }
            retried.increment();
            LOG.warn("grading {} ({}) failed on our side (try {} of {}); trying again in {} s: {}", job.submissionId(),
                    job.labId(), job.attempt(), retries.attempts(), wait.toSeconds(), report.message());
            return Ending.RETRYING;
        }
        boolean gaveUp = ours && retrying;
        if (!store(dsl, job.submissionId(), job, withQueue, OffsetDateTime.now(clock), gaveUp)) {
            return Ending.LOST;
        }
        if (ours) {
            didNotCount(job.submissionId());
        }
        return gaveUp ? Ending.GAVE_UP : Ending.REPORTED;
    }

    /**
     * Hands {@code job} back to the queue at once, its try not counted (this worker is shutting down), if its claim
     * is still current; its worker's report, if it comes, is then refused.
     */
    public boolean release(Job job) {
        return dsl.update(SUBMISSIONS)
                .set(SUBMISSIONS.STATUS, SubmissionStatus.QUEUED.wireName())
                .set(SUBMISSIONS.LEASE_OWNER, (String) null)
                .set(SUBMISSIONS.LEASE_UNTIL, (OffsetDateTime) null)
                .set(SUBMISSIONS.LEASE_TOKEN, SUBMISSIONS.LEASE_TOKEN.plus(1))
                .set(SUBMISSIONS.ATTEMPTS, SUBMISSIONS.ATTEMPTS.minus(1))
                .where(current(job))
                .execute() == 1;
    }

    /**
     * Tells workers of every process that a submission was queued: {@code NOTIFY} on PostgreSQL (nothing on H2,
     * where they poll). A failure is logged, not thrown: the submission is stored and polling will find it.
     */
    public void announce() {
        if (!postgres) {
            return;
        }
        try {
            dsl.execute("NOTIFY " + CHANNEL);
        } catch (RuntimeException e) {
            LOG.warn("could not notify workers of a new submission; they will find it at their next poll", e);
        }
    }

    /** The submissions given up after their last try, newest first: what an admin looks into. */
    /** The submissions given up most recently, for {@code caller}, who must be an admin. */
    public List<GaveUp> gaveUp(Caller caller, int limit) {
        if (!caller.atLeast(Role.ADMIN)) {
            throw new NotAllowedException("Only an admin may read the gradings given up.");
        }
        return gaveUp(limit);
    }

    List<GaveUp> gaveUp(int limit) {
        return dsl.selectFrom(SUBMISSIONS)
                .where(SUBMISSIONS.GAVE_UP.isTrue())
                .orderBy(SUBMISSIONS.FINISHED_AT.desc(), SUBMISSIONS.ID)
                .limit(limit)
                .fetch(r -> new GaveUp(r.getId(), r.getLabId(), r.getLearnerId(), r.getAttempts(), r.getFinishedAt(),
                        message(r.getReport())));
    }

    private static String message(String report) {
        try {
            return report == null ? "" : ReportJson.read(report).message();
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    /** Submissions waiting to be graded (queued, including those waiting out a backoff). */
    public int depth() {
        return dsl.fetchCount(SUBMISSIONS, SUBMISSIONS.STATUS.eq(SubmissionStatus.QUEUED.wireName()));
    }

    /**
     * Refuses a new submission when {@code limit} are waiting already, estimating when there will be room from
     * the gradings finished in the last five minutes. The bound is soft: submissions accepted at the same moment
     * may pass it by a few.
     *
     * @throws QueueFullException when the queue is full
     */
    public void admit(int limit) {
        int waiting = depth();
        if (waiting < limit) {
            return;
        }
        int recent = dsl.fetchCount(SUBMISSIONS, SUBMISSIONS.STATUS.eq(SubmissionStatus.DONE.wireName())
                .and(SUBMISSIONS.FINISHED_AT.gt(OffsetDateTime.now(clock).minusMinutes(5))));
        double perSecond = recent / 300.0;
        long seconds = perSecond > 0 ? (long) Math.ceil((waiting - limit + 1) / perSecond) : 60;
        throw new QueueFullException(waiting, Duration.ofSeconds(Math.clamp(seconds, 5, 600)));
    }

    /** The gauges' figures, measured at most once a second; NaN when the database does not answer in time. */
    private Stats stats() {
        Stats last = stats;
        if (last != null && System.nanoTime() - last.nanoTime() < 1_000_000_000L) {
            return last;
        }
        synchronized (statsLock) {
            if (stats != null && System.nanoTime() - stats.nanoTime() < 1_000_000_000L) {
                return stats;
            }
            Stats measured;
            try {
                measured = CompletableFuture.supplyAsync(this::measure, Thread::startVirtualThread)
                        .get(GAUGE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                measured = new Stats(System.nanoTime(), Double.NaN, Double.NaN);
            } catch (ExecutionException | TimeoutException e) {
                measured = new Stats(System.nanoTime(), Double.NaN, Double.NaN);
            }
            stats = measured;
            return measured;
        }
    }

    private Stats measure() {
        var r = dsl.select(DSL.count(), DSL.min(SUBMISSIONS.CREATED_AT), DSL.currentOffsetDateTime())
                .from(SUBMISSIONS)
                .where(SUBMISSIONS.STATUS.eq(SubmissionStatus.QUEUED.wireName()))
                .fetchOne();
        double age = r.value2() == null ? 0 : Math.max(0, Duration.between(r.value2(), r.value3()).toMillis() / 1000.0);
        return new Stats(System.nanoTime(), r.value1(), age);
    }

    /** The report is stored whatever happens here; a failure to give the attempt back is logged, not thrown. */
    private void didNotCount(String submissionId) {
        try {
            ourFault.attemptDidNotCount(submissionId);
        } catch (RuntimeException e) {
            LOG.error("submission {} ended on our side but its attempt could not be given back", submissionId, e);
        }
    }

    /** The final write; with a job, only while its claim is current (the fence). */
    private static boolean store(DSLContext t, String id, Job job, GradeReport report, OffsetDateTime now,
                                 boolean gaveUp) {
        return t.update(SUBMISSIONS)
                .set(SUBMISSIONS.STATUS, SubmissionStatus.DONE.wireName())
                .set(SUBMISSIONS.VERDICT, report.verdict().wireName())
                .set(SUBMISSIONS.SCORE, report.score())
                .set(SUBMISSIONS.REPORT, ReportJson.write(report))
                .set(SUBMISSIONS.FINISHED_AT, now)
                .set(SUBMISSIONS.GAVE_UP, gaveUp)
                .set(SUBMISSIONS.LEASE_OWNER, (String) null)
                .set(SUBMISSIONS.LEASE_UNTIL, (OffsetDateTime) null)
                .where(job == null ? SUBMISSIONS.ID.eq(id) : current(job))
                .execute() == 1;
    }
}
