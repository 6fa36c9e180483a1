package dev.roadlab.engine.cli;

import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.GradeListener;
import dev.roadlab.grader.report.GradeReport;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * How {@code roadlab grade} and {@code roadlab submit} print a grading for a person: a line per check as it
 * finishes, what a check that did not pass observed and its hint, and the summary. One class, so a local and a
 * server grading read the same.
 */
final class GradeOutput {

    private final PrintWriter out;

    GradeOutput(PrintWriter out) {
        this.out = out;
    }

    /** A server's queue: {@code roadlab submit} only. */
    void queued(int position) {
        out.printf("Waiting for a grader: position %d in the queue%n", position);
        out.flush();
    }

    void started(String lab, int total) {
        out.printf("Grading %s: %d checks%n", lab, total);
        out.flush();
    }

    /** {@code [3/7] PASSED         title  (2/2)} */
    void checkLine(int done, int total, String verdict, String title, int points, int maxPoints) {
        int width = String.valueOf(total).length();
        out.printf(Locale.ROOT, "[%" + width + "d/%d] %-14s %s  (%d/%d)%n", done, total,
                verdict.toUpperCase(Locale.ROOT), title, points, maxPoints);
        out.flush();
    }

    /** What a check that did not pass observed, and its hint, indented under its line. */
    void details(CheckResult check) {
        check.message().lines().forEach(line -> out.println("      " + line));
        if (!check.hint().isEmpty()) {
            out.println("      hint: " + check.hint());
        }
        out.flush();
    }

    void retrying(String reason) {
        out.println("A sandbox failed (" + reason + "); grading again.");
        out.flush();
    }

    /** The run's message, if any, then {@code PASSED: 14/14 points (1.20 s: sandbox 3 ms, checks 1197 ms)}. */
    void summary(GradeReport report) {
        if (!report.message().isEmpty()) {
            out.println(report.message());
        }
        long seconds100 = (report.timings().leaseMillis() + report.timings().checksMillis()) / 10;
        out.printf(Locale.ROOT, "%n%s: %d/%d points (%d.%02d s: sandbox %d ms, checks %d ms)%n",
                report.verdict().wireName().toUpperCase(Locale.ROOT), report.score(), report.maxScore(),
                seconds100 / 100, seconds100 % 100, report.timings().leaseMillis(), report.timings().checksMillis());
        out.flush();
    }

    /** The lines of a local grading, as its checks finish. */
    GradeListener listener() {
        return new GradeListener() {
            @Override
            public void started(String lab, int total) {
                GradeOutput.this.started(lab, total);
            }

            @Override
            public void checkFinished(CheckResult check, int done, int total) {
                checkLine(done, total, check.verdict().wireName(), check.title(), check.points(), check.maxPoints());
                if (!check.passed()) {
                    details(check);
                }
            }

            @Override
            public void retrying(String reason) {
                GradeOutput.this.retrying(reason);
            }
        };
    }
}
