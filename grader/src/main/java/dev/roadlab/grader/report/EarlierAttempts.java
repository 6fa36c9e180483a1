package dev.roadlab.grader.report;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * What the learner's earlier attempts at a lab say about this one, as far as hints go: how many times each check
 * did not pass before. A check's hints are revealed in steps ({@link dev.roadlab.grader.check.Check#laterHints()}):
 * the first nudge on its first failure, the next one after each earlier failure, the last one staying.
 *
 * @param attempts  how many earlier attempts there were (all of them, whatever they scored)
 * @param failures  per check id, in how many of them that check did not pass; empty when only attempts were counted,
 *                  and then every check is taken to have failed in each of them
 */
public record EarlierAttempts(int attempts, Map<String, Integer> failures) {

    /** A first attempt: every hint starts at its first step. */
    public static final EarlierAttempts NONE = new EarlierAttempts(0, Map.of());

    public EarlierAttempts {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts " + attempts + " < 0");
        }
        failures = Map.copyOf(failures);
    }

    /** Only the number of earlier attempts is known: each check is taken to have failed in all of them. */
    public static EarlierAttempts count(int attempts) {
        return new EarlierAttempts(attempts, Map.of());
    }

    /**
     * Counted from the reports of the earlier attempts: a check failed in one when it was there and did not pass.
     * A report of a run that never reached its checks (files refused, no sandbox) counts as an attempt at none.
     */
    public static EarlierAttempts of(Collection<GradeReport> earlier) {
        Map<String, Integer> failures = new HashMap<>();
        int attempts = 0;
        for (GradeReport report : earlier) {
            if (report.checks().isEmpty()) {
                continue;
            }
            attempts++;
            for (CheckResult check : report.checks()) {
                failures.merge(check.id(), check.passed() || check.verdict() == Verdict.INFRASTRUCTURE ? 0 : 1,
                        Integer::sum);
            }
        }
        return new EarlierAttempts(attempts, failures);
    }

    /** How many times this check did not pass before. */
    public int failuresOf(String checkId) {
        return failures.getOrDefault(checkId, failures.isEmpty() ? attempts : 0);
    }

    /** The 0-based hint to show for a check with {@code steps} hints: one step further per earlier failure. */
    public int stepFor(String checkId, int steps) {
        return Math.max(0, Math.min(failuresOf(checkId), steps - 1));
    }
}
