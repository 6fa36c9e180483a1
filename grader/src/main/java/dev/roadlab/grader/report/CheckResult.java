package dev.roadlab.grader.report;

import java.util.Objects;

/**
 * One check's outcome as the learner sees it.
 *
 * @param id         stable id of the check within its lab (kebab-case)
 * @param title      what the check verifies, in a sentence; or, when the check found something its declared title
 *                   does not describe, what it found
 * @param verdict    passed, failed, error, timeout or infrastructure
 * @param points     points earned (all or nothing per check)
 * @param maxPoints  points the check is worth
 * @param message    what was observed, capped to {@link #MAX_MESSAGE_CHARS}
 * @param hint       the idea behind the check, shown when it did not pass; may be empty
 * @param millis     how long the check ran
 * @param declaredTitle the title the check declares (equal to {@code title} unless the check replaced it)
 * @param hintStep   which of the check's hints {@code hint} is, from 1 (the first nudge); 0 when no hint is shown
 * @param hintSteps  how many hints this failure has in all (a later failed attempt reveals the next); 0 with none
 * @param teaches    the {@code #anchor} of the module section that teaches the check, or empty
 */
public record CheckResult(String id, String title, Verdict verdict, int points, int maxPoints,
                          String message, String hint, long millis, String declaredTitle, int hintStep,
                          int hintSteps, String teaches) {

    /** Output kept per check; the rest is cut with a marker so a runaway message cannot bloat a report. */
    public static final int MAX_MESSAGE_CHARS = 4_000;

    public CheckResult {
        Objects.requireNonNull(id);
        Objects.requireNonNull(title);
        Objects.requireNonNull(verdict);
        message = cap(message == null ? "" : message);
        hint = hint == null ? "" : hint;
        declaredTitle = declaredTitle == null || declaredTitle.isEmpty() ? title : declaredTitle;
        teaches = teaches == null ? "" : teaches;
        if (points < 0 || points > maxPoints) {
            throw new IllegalArgumentException("points " + points + " outside 0.." + maxPoints);
        }
        if (hint.isEmpty()) {
            hintStep = 0;
            hintSteps = 0;
        } else if (hintStep < 1 || hintSteps < hintStep) {
            throw new IllegalArgumentException("hint step " + hintStep + " outside 1.." + hintSteps);
        }
    }

    /** A result under its declared title, with at most one hint and no section named. */
    public CheckResult(String id, String title, Verdict verdict, int points, int maxPoints, String message,
                       String hint, long millis) {
        this(id, title, verdict, points, maxPoints, message, hint, millis, title, 1, 1, "");
    }

    /** Whether the title says what the check found instead of what it declares. */
    public boolean retitled() {
        return !title.equals(declaredTitle);
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
