package dev.roadlab.engine.cohorts;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * One learner's standing at one lab. Attempts that failed for our fault (verdict infrastructure) are left out of
 * everything here: they are not the learner's.
 *
 * @param attempts         submissions made
 * @param best             the best score of a graded submission; empty when none is graded yet
 * @param maxScore         the lab's points
 * @param passed           whether a submission passed
 * @param lastSubmittedAt  when the newest submission was made
 * @param bestSubmission   the earliest submission that reached the best score
 * @param lastSubmission   the newest submission
 * @param dueAt            the learner's effective due time (their extension, else the lab's deadline)
 * @param late             whether the best score was reached only after the effective due time: the earliest
 *                         submission with that score was made after it. A learner who had the score in time and
 *                         resubmitted later is not late; one whose only improvements came after the deadline is.
 */
public record Cell(String labId, int attempts, Optional<Integer> best, int maxScore, boolean passed,
                   Optional<OffsetDateTime> lastSubmittedAt, Optional<String> bestSubmission,
                   Optional<String> lastSubmission, Optional<OffsetDateTime> dueAt, boolean late) {

    public static Cell empty(String labId, int maxScore, Optional<OffsetDateTime> dueAt) {
        return new Cell(labId, 0, Optional.empty(), maxScore, false, Optional.empty(), Optional.empty(),
                Optional.empty(), dueAt, false);
    }

    /** The best score, 0 without one (for totals and sorting). */
    public int bestOrZero() {
        return best.orElse(0);
    }
}
