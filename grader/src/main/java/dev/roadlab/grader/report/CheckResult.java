package dev.roadlab.grader.report;

import java.util.Objects;

/**
 * One check's outcome as the learner sees it.
 *
 * @param id         stable id of the check within its lab (kebab-case)
 * @param title      what the check verifies, in a sentence
 * @param verdict    passed, failed, error, timeout or infrastructure
 * @param points     points earned (all or nothing per check)
 * @param maxPoints  points the check is worth
 * @param message    what was observed, capped to {@link #MAX_MESSAGE_CHARS}
 * @param hint       the idea behind the check, shown when it did not pass; may be empty
 * @param millis     how long the check ran
 */
public record CheckResult(String id, String title, Verdict verdict, int points, int maxPoints,
                          String message, String hint, long millis) {

    /** Output kept per check; the rest is cut with a marker so a runaway message cannot bloat a report. */
    public static final int MAX_MESSAGE_CHARS = 4_000;

    public CheckResult {
        Objects.requireNonNull(id);
        Objects.requireNonNull(title);
        Objects.requireNonNull(verdict);
        message = cap(message == null ? "" : message);
        hint = hint == null ? "" : hint;
        if (points < 0 || points > maxPoints) {
            throw new IllegalArgumentException("points " + points + " outside 0.." + maxPoints);
        }
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    static String cap(String text) {
        if (text.length() <= MAX_MESSAGE_CHARS) {
            return text;
        }
        String marker = "\n… (" + (text.length() - MAX_MESSAGE_CHARS) + " more characters cut)";
        return text.substring(0, MAX_MESSAGE_CHARS - marker.length()) + marker;
    }
}
