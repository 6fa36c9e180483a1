package dev.roadlab.engine.submissions;

import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;
import static dev.roadlab.engine.db.jooq.Tables.SUBMISSION_FILES;

import dev.roadlab.engine.progress.LearnerId;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.submission.SubmissionRules;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jooq.DSLContext;

/**
 * Accepts submissions (validated against the lab's file rules, stored, queued) and shows them. No HTTP here.
 */
public final class SubmissionService {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final DSLContext dsl;
    private final LabCatalog labs;
    private final Clock clock;
    private final Runnable onQueued;

    /** @param onQueued called after a submission is queued, to wake a worker at once */
    public SubmissionService(DSLContext dsl, LabCatalog labs, Clock clock, Runnable onQueued) {
        this.dsl = dsl;
        this.labs = labs;
        this.clock = clock;
        this.onQueued = onQueued;
    }

    /** Validates and queues a submission made by nobody in particular (an API client without a learner cookie). */
    public String submit(String labId, Submission submission) {
        return submit(labId, submission, Optional.empty());
    }

    /**
     * Validates and queues a submission.
     *
     * @param learner who made it, so that passing it counts as their progress
     * @return the new submission's id
     * @throws dev.roadlab.grader.lab.UnknownLabException for an unknown lab
     * @throws dev.roadlab.grader.submission.InvalidSubmissionException naming each bad file and rule
     */
    public String submit(String labId, Submission submission, Optional<LearnerId> learner) {
        Lab lab = labs.get(labId);
        SubmissionRules.check(lab.definition(), submission);
        String id = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(clock);
        dsl.transaction(tx -> {
            tx.dsl().insertInto(SUBMISSIONS)
                    .set(SUBMISSIONS.ID, id)
                    .set(SUBMISSIONS.LAB_ID, lab.id())
                    .set(SUBMISSIONS.STATUS, SubmissionStatus.QUEUED.wireName())
                    .set(SUBMISSIONS.MAX_SCORE, lab.maxScore())
                    .set(SUBMISSIONS.CREATED_AT, now)
                    .set(SUBMISSIONS.LEARNER_ID, learner.map(LearnerId::value).orElse(null))
                    .execute();
            for (Map.Entry<String, byte[]> file : submission.files().entrySet()) {
                tx.dsl().insertInto(SUBMISSION_FILES)
                        .set(SUBMISSION_FILES.SUBMISSION_ID, id)
                        .set(SUBMISSION_FILES.NAME, file.getKey())
                        .set(SUBMISSION_FILES.CONTENT, new String(file.getValue(), StandardCharsets.UTF_8))
                        .execute();
            }
        });
        onQueued.run();
        return id;
    }

    /** A submission by id; empty for unknown or malformed ids. */
    public Optional<SubmissionView> find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return dsl.selectFrom(SUBMISSIONS).where(SUBMISSIONS.ID.eq(id)).fetchOptional().map(r -> new SubmissionView(
                r.getId(), r.getLabId(), SubmissionStatus.fromWireName(r.getStatus()), r.getMaxScore(),
                r.getCreatedAt(), Optional.ofNullable(r.getFinishedAt()),
                Optional.ofNullable(r.getReport()).map(ReportJson::read)));
    }
}
