package dev.roadlab.grader.run;

import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.PostgresSpec;
import dev.roadlab.grader.lab.SandboxKind;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.GradeListener;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Timings;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.sandbox.PostgresSandbox;
import dev.roadlab.grader.sandbox.RunDatabase;
import dev.roadlab.grader.sandbox.SandboxPool;
import dev.roadlab.grader.sandbox.SandboxUnavailableException;
import dev.roadlab.grader.submission.Submission;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/** One attempt at grading: lease the sandboxes, run the checks, give the sandboxes back. */
public final class Attempt {

    private Attempt() {
    }

    public static GradeReport run(Lab lab, Submission submission, SandboxPool pool, ScheduledExecutorService scheduler,
                                  GradeListener listener, int attempt) {
        long leaseStarted = System.nanoTime();
        PostgresSandbox postgres = null;
        RunDatabase database = null;
        try {
            if (lab.definition().needs(SandboxKind.POSTGRES)) {
                PostgresSpec spec = lab.definition().postgres().orElseThrow();
                postgres = pool.postgres();
                database = postgres.lease(lab.id(), spec, lab.definition().limits().check());
            }
        } catch (SandboxUnavailableException e) {
            if (postgres != null) {
                pool.checkHealth(postgres);
            }
            long leaseMillis = (System.nanoTime() - leaseStarted) / 1_000_000;
            return GradeReport.withoutChecks(lab.id(), Verdict.INFRASTRUCTURE, lab.maxScore(), e.getMessage(),
                    new Timings(0, leaseMillis, 0), attempt);
        }
        long leaseMillis = (System.nanoTime() - leaseStarted) / 1_000_000;
        RunContext context = new RunContext(lab, submission, postgres, database, new Watchdog(scheduler));
        long checksStarted = System.nanoTime();
        List<CheckResult> results;
        try {
            results = CheckRunner.run(lab, context, listener);
        } finally {
            context.close();
            if (database != null) {
                postgres.terminate(database);
                postgres.release(database);
            }
        }
        long checksMillis = (System.nanoTime() - checksStarted) / 1_000_000;
        GradeReport report = GradeReport.of(lab.id(), results, new Timings(0, leaseMillis, checksMillis), attempt);
        if (report.verdict() == Verdict.INFRASTRUCTURE && postgres != null) {
            pool.checkHealth(postgres);
        }
        return report;
    }
}
