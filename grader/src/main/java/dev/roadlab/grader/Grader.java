package dev.roadlab.grader;

import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.EarlierAttempts;
import dev.roadlab.grader.report.GradeListener;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Timings;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.run.Attempt;
import dev.roadlab.grader.sandbox.SandboxPool;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.submission.SubmissionRules;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Grades submissions: {@code grade(labId, submission) -> GradeReport}. Validates the files against lab.yaml,
 * leases isolated sandboxes from the pool, runs the lab's checks and maps every outcome to one verdict. A run
 * that ends in {@code infrastructure} (our fault) is started once more before it is reported.
 *
 * <p>Thread-safe; one instance serves a whole process. Close it to stop the sandboxes it started.
 */
public final class Grader implements AutoCloseable {

    private static final int ATTEMPTS = 2;

    private final LabCatalog labs;
    private final SandboxPool pool;
    private final ScheduledExecutorService scheduler;

    public Grader(LabCatalog labs, SandboxPool pool) {
        this.labs = labs;
        this.pool = pool;
        this.scheduler = Executors.newScheduledThreadPool(1, Thread.ofPlatform().daemon().name("roadlab-watchdog").factory());
    }

    public static Grader create(LabCatalog labs, SandboxSettings settings) {
        return new Grader(labs, SandboxPool.create(settings));
    }

    public LabCatalog labs() {
        return labs;
    }

    public SandboxPool pool() {
        return pool;
    }

    /** Grades a submission; {@link dev.roadlab.grader.lab.UnknownLabException} for an unknown lab id. */
    public GradeReport grade(String labId, Submission submission) {
        return grade(labId, submission, GradeListener.NONE);
    }

    public GradeReport grade(String labId, Submission submission, GradeListener listener) {
        return grade(labId, submission, listener, EarlierAttempts.NONE);
    }

    /**
     * Grades a submission knowing the learner's earlier attempts at the lab: a check that failed before shows its
     * next, stronger hint (see {@link dev.roadlab.grader.check.Check#laterHints()}); the report says which step.
     */
    public GradeReport grade(String labId, Submission submission, GradeListener listener, EarlierAttempts earlier) {
        Lab lab = labs.get(labId);
        List<String> problems = SubmissionRules.problems(lab.definition(), submission);
        if (!problems.isEmpty()) {
            return GradeReport.withoutChecks(lab.id(), Verdict.ERROR, lab.maxScore(), String.join("\n", problems),
                    Timings.NONE, 1);
        }
        GradeReport report = null;
        List<String> retries = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                String reason = whyOurs(report);
                retries.add(reason);
                listener.retrying(reason);
            }
            report = Attempt.run(lab, submission, pool, scheduler, listener, attempt, earlier);
            if (report.verdict() != Verdict.INFRASTRUCTURE) {
                break;
            }
        }
        return report.withRetries(retries);
    }

    /** What went wrong on our side in a report of verdict infrastructure, in a line. */
    private static String whyOurs(GradeReport report) {
        if (!report.message().isEmpty()) {
            return report.message();
        }
        return report.checks().stream().filter(c -> c.verdict() == Verdict.INFRASTRUCTURE)
                .map(c -> c.title() + ": " + c.message()).findFirst().orElse("a sandbox failed");
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        pool.close();
    }
}
