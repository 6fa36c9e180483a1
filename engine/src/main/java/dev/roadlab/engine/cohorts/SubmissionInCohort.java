package dev.roadlab.engine.cohorts;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A submission as a cohort sees it, for its page: whose it is and whether it came after the learner's deadline.
 *
 * @param learnerName  the learner's name, shown to their instructor
 * @param own          whether the caller is that learner
 * @param dueAt        the learner's effective due time for the lab in that cohort
 * @param late         whether it was made after that time
 */
public record SubmissionInCohort(String learnerName, String learnerLogin, boolean own, CohortId cohort,
                                 String cohortName, Optional<OffsetDateTime> dueAt, boolean late) {
}
