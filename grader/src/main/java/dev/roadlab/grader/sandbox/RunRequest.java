package dev.roadlab.grader.sandbox;

import dev.roadlab.grader.submission.Submission;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * What a kind needs to know to give a run its share.
 *
 * @param labId        the lab
 * @param spec         what the lab asks of the kind
 * @param files        the lab's folder
 * @param submission   the learner's files
 * @param checkLimit   the wall-clock limit of one check (a default statement limit, say)
 * @param interrupted  whether the grader has stopped the current check's work from outside (its watchdog fired), to
 *                     tell a learner's own cancellation from ours
 * @param <S> the kind's spec
 */
public record RunRequest<S>(String labId, S spec, LabFiles files, Submission submission, Duration checkLimit,
                            BooleanSupplier interrupted) {

    /** The check limit as a learner reads it: "30 s", "500 ms". */
    public String checkLimitText() {
        return checkLimit.toMillis() % 1000 == 0 ? checkLimit.toSeconds() + " s" : checkLimit.toMillis() + " ms";
    }
}
