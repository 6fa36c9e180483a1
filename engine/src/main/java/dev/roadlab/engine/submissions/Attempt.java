package dev.roadlab.engine.submissions;

import dev.roadlab.grader.report.Verdict;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * One of a learner's submissions to a lab, as the lab page lists them.
 *
 * @param id         the submission
 * @param createdAt  when it was accepted
 * @param status     queued, running or done
 * @param verdict    its verdict, once done
 * @param score      its points, once done
 * @param maxScore   points available
 */
public record Attempt(String id, OffsetDateTime createdAt, SubmissionStatus status, Optional<Verdict> verdict,
                      Optional<Integer> score, int maxScore) {

    /** When it was accepted, in UTC to the second, e.g. "2026-12-02 08:11:26". */
    public String createdUtc() {
        return createdAt.atZoneSameInstant(java.time.ZoneOffset.UTC).toLocalDateTime().withNano(0).toString()
                .replace('T', ' ');
    }

    /** Whether its score says something about the learner's work (done, and not our fault). */
    public boolean counts() {
        return verdict.isPresent() && verdict.get() != Verdict.INFRASTRUCTURE;
    }
}
