package dev.roadlab.grader.report;

import java.util.Collection;
import java.util.Locale;

/** The outcome of a check or of a whole run. Ordered by precedence: a run takes the highest of its checks. */
public enum Verdict {
    /** The check's expectation held. */
    PASSED,
    /** The submission was valid but did not meet the expectation. */
    FAILED,
    /** The submission itself is invalid: SQL that does not parse, YAML that is not YAML. */
    ERROR,
    /** The check or the run went over its wall-clock limit and was stopped from outside. */
    TIMEOUT,
    /** Our fault: a sandbox died or could not start, or a check crashed. Retried, never counted. */
    INFRASTRUCTURE;

    /** The run verdict for a set of check verdicts: infrastructure beats timeout beats error beats failed. */
    public static Verdict of(Collection<Verdict> checks) {
        return checks.stream().max(Verdict::compareTo).orElse(INFRASTRUCTURE);
    }

    /** The lower-case name used in JSON and on pages. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Verdict fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** Whether the learner's attempt counts: infrastructure failures never do. */
    public boolean countsAsAttempt() {
        return this != INFRASTRUCTURE;
    }
}
