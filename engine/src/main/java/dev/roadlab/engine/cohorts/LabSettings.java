package dev.roadlab.engine.cohorts;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A lab's settings in one cohort.
 *
 * @param dueAt             its deadline: later submissions are graded and marked late; empty for none
 * @param submissionBudget  its submission budget, overriding the cohort's; empty for the cohort's
 */
public record LabSettings(String labId, Optional<OffsetDateTime> dueAt, Optional<String> submissionBudget) {

    public static LabSettings none(String labId) {
        return new LabSettings(labId, Optional.empty(), Optional.empty());
    }
}
