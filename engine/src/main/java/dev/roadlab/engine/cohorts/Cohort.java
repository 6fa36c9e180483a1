package dev.roadlab.engine.cohorts;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A group of learners taking the course together, run by its instructor members.
 *
 * @param courseId          the course it takes (the one this Roadlab serves)
 * @param submissionBudget  its learners' submission budget ({@code 5/10m} or {@code off}), overriding the site's;
 *                          empty for the site's
 * @param learners          how many learner members it has
 */
public record Cohort(CohortId id, String name, String courseId, OffsetDateTime createdAt,
                     Optional<String> submissionBudget, int learners) {
}
