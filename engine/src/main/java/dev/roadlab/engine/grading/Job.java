package dev.roadlab.engine.grading;

import dev.roadlab.grader.report.EarlierAttempts;
import dev.roadlab.grader.submission.Submission;
import java.time.OffsetDateTime;

/**
 * A submission a worker has taken from the queue.
 *
 * @param submissionId  the submission
 * @param labId         its lab
 * @param submission    its files
 * @param createdAt     when it was accepted
 * @param startedAt     when this worker took it
 * @param worker        the worker holding the lease
 * @param attempt       how many times a worker has taken it (more than one: a worker died holding it)
 * @param earlier       the same learner's finished attempts at the lab before this one, for hints given in steps
 * @param token         the claim's fencing token: heartbeats and the report are accepted only while it is current
 */
public record Job(String submissionId, String labId, Submission submission, OffsetDateTime createdAt,
                  OffsetDateTime startedAt, String worker, int attempt, EarlierAttempts earlier, long token) {
}
