package dev.roadlab.engine.submissions;

import dev.roadlab.grader.report.GradeReport;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * A submission as pages and the API show it.
 *
 * @param id          random UUID
 * @param labId       the lab
 * @param status      queued, running or done
 * @param maxScore    points available
 * @param createdAt   when it was accepted
 * @param finishedAt  when grading finished, if it has
 * @param report      the report, once done
 */
public record SubmissionView(String id, String labId, SubmissionStatus status, int maxScore, OffsetDateTime createdAt,
                             Optional<OffsetDateTime> finishedAt, Optional<GradeReport> report) {
}
