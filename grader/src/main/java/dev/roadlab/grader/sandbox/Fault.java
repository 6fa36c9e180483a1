package dev.roadlab.grader.sandbox;

import dev.roadlab.grader.report.Verdict;

/** Whose fault a failure is: the learner's (a verdict that counts) or ours (infrastructure, retried, never counted). */
public sealed interface Fault {

    String message();

    /**
     * The submission did it.
     *
     * @param verdict   failed, error or timeout
     * @param showHint  whether the check's hint helps with it
     */
    record Learners(Verdict verdict, String message, boolean showHint) implements Fault {

        public Learners {
            if (verdict == Verdict.PASSED || verdict == Verdict.INFRASTRUCTURE) {
                throw new IllegalArgumentException("a learner's fault is failed, error or timeout, not " + verdict);
            }
        }
    }

    /** We did: a sandbox died, ran out of room, or the grader has a bug. */
    record Ours(String message) implements Fault {
    }

    default Verdict verdict() {
        return switch (this) {
            case Learners l -> l.verdict();
            case Ours o -> Verdict.INFRASTRUCTURE;
        };
    }
}
