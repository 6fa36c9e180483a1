package dev.roadlab.grader.run;

import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An error that several checks met alike (a file that does not parse stops every check that reads it) is said
 * once: the first check that met it keeps the message, the others say they were not graded because of it. No hint
 * goes with it, since each check's hint is about the idea the check verifies, not about the file it could not read.
 * A message that already says the check was not graded (a lab's own pointer to the first failing step) is one.
 */
final class RepeatedErrors {

    private static final String NOT_GRADED_PREFIX = "Not graded";

    static final String NOT_GRADED = "Not graded: the same error as above stops this check too (see the first "
            + "check that ended in error).";

    private RepeatedErrors() {
    }

    static List<CheckResult> sayOnce(List<CheckResult> results) {
        Map<String, Integer> times = new HashMap<>();
        for (CheckResult result : results) {
            if (said(result)) {
                times.merge(result.message(), 1, Integer::sum);
            }
        }
        if (times.values().stream().allMatch(n -> n < 2)) {
            return results;
        }
        List<CheckResult> said = new ArrayList<>();
        Map<String, Boolean> shown = new HashMap<>();
        for (CheckResult r : results) {
            if (!said(r) || times.getOrDefault(r.message(), 0) < 2) {
                said.add(r);
                continue;
            }
            boolean first = shown.putIfAbsent(r.message(), true) == null;
            said.add(new CheckResult(r.id(), r.title(), r.verdict(), r.points(), r.maxPoints(),
                    first ? r.message() : NOT_GRADED, "", r.millis(), r.declaredTitle(), 0, 0, r.teaches()));
        }
        return said;
    }

    /** An error whose message says what is wrong (not a pointer to another check's). */
    private static boolean said(CheckResult result) {
        return result.verdict() == Verdict.ERROR && !result.message().isEmpty()
                && !result.message().startsWith(NOT_GRADED_PREFIX);
    }
}
