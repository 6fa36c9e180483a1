package dev.roadlab.grader.report;

import java.util.List;
import java.util.Objects;

/**
 * The result of grading one submission: the schema {@code roadlab.report/1} documented in docs/report-format.md.
 *
 * @param lab       the lab id
 * @param verdict   the run verdict (the highest-precedence verdict of its checks, or of the run itself)
 * @param score     points earned
 * @param maxScore  points available
 * @param message   a run-level explanation when the run did not get to its checks (invalid files, no sandbox);
 *                  empty otherwise
 * @param timings   where the time went
 * @param checks    per-check results in the lab's order
 * @param attempts  how many times the run was started (an infrastructure failure is retried once)
 * @param retries   why each earlier attempt was started again (our fault each time), oldest first
 */
public record GradeReport(String lab, Verdict verdict, int score, int maxScore, String message,
                          Timings timings, List<CheckResult> checks, int attempts, List<String> retries) {

    public static final String SCHEMA = "roadlab.report/1";

    public GradeReport {
        Objects.requireNonNull(lab);
        Objects.requireNonNull(verdict);
        message = CheckResult.cap(message == null ? "" : message);
        timings = timings == null ? Timings.NONE : timings;
        checks = List.copyOf(checks);
        retries = List.copyOf(retries);
    }

    /** A report built from check results: the verdict and score follow from them. */
    public static GradeReport of(String lab, List<CheckResult> checks, Timings timings, int attempts) {
        int score = checks.stream().mapToInt(CheckResult::points).sum();
        int max = checks.stream().mapToInt(CheckResult::maxPoints).sum();
        Verdict verdict = Verdict.of(checks.stream().map(CheckResult::verdict).toList());
        return new GradeReport(lab, verdict, score, max, "", timings, checks, attempts, List.of());
    }

    /** A report for a run that never reached its checks. */
    public static GradeReport withoutChecks(String lab, Verdict verdict, int maxScore, String message,
                                            Timings timings, int attempts) {
        return new GradeReport(lab, verdict, 0, maxScore, message, timings, List.of(), attempts, List.of());
    }

    /** The same report, saying why earlier attempts were started again. */
    public GradeReport withRetries(List<String> reasons) {
        return new GradeReport(lab, verdict, score, maxScore, message, timings, checks, attempts, reasons);
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    public GradeReport withTimings(Timings newTimings) {
        return new GradeReport(lab, verdict, score, maxScore, message, newTimings, checks, attempts, retries);
    }

    /** The process exit status the CLI uses: 0 passed, 1 failed, 2 anything else. */
    public int exitStatus() {
        return switch (verdict) {
            case PASSED -> 0;
            case FAILED -> 1;
            case ERROR, TIMEOUT, INFRASTRUCTURE -> 2;
        };
    }
}
