package dev.roadlab.grader.run;

import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.EarlierAttempts;
import dev.roadlab.grader.report.GradeListener;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Timings;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.sandbox.SandboxPool;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import dev.roadlab.grader.submission.Submission;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One attempt at grading (the grader's, not the learner's: an infrastructure failure is graded again): lease the
 * sandboxes, run the checks, hand the sandboxes to the pool, which gives them back in the background. {@code earlier} are the learner's attempts before this
 * submission, which decide how far each check's hints go.
 */
public final class Attempt {

    private Attempt() {
    }

    public static GradeReport run(Lab lab, Submission submission, SandboxPool pool, ScheduledExecutorService scheduler,
                                  GradeListener listener, int attempt, EarlierAttempts earlier) {
        long leaseStarted = System.nanoTime();
        RunContext context = new RunContext(lab, submission, new Watchdog(scheduler));
        try {
            context.lease(pool);
        } catch (SandboxUnavailableException e) {
            return GradeReport.withoutChecks(lab.id(), Verdict.INFRASTRUCTURE, lab.maxScore(), e.getMessage(),
                    new Timings(0, millisSince(leaseStarted), 0), attempt);
        }
        long leaseMillis = millisSince(leaseStarted);
        long checksStarted = System.nanoTime();
        CheckRunner.Ran ran;
        List<CheckResult> results;
        try {
            ran = CheckRunner.run(lab, context, listener, earlier);
            results = RepeatedErrors.sayOnce(ran.results());
        } finally {
            // Off the grading's path: the report does not wait for databases to be dropped or vhosts deleted.
            context.giveBack(pool);
        }
        long checksMillis = millisSince(checksStarted);
        long ownWork = context.labWorkNanos() / 1_000_000;
        GradeReport report = GradeReport.of(lab.id(), results, new Timings(0, leaseMillis, checksMillis,
                ran.setupNanos() / 1_000_000, leaseMillis + Math.max(0, checksMillis - ownWork)), attempt);
        if (report.verdict() == Verdict.INFRASTRUCTURE) {
            pool.checkHealth();
        }
        return report;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
