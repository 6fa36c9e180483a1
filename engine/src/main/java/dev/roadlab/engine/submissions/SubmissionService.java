package dev.roadlab.engine.submissions;

import static dev.roadlab.engine.db.jooq.Tables.ACCOUNTS;
import static dev.roadlab.engine.db.jooq.Tables.COHORT_MEMBERS;
import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;
import static dev.roadlab.engine.db.jooq.Tables.SUBMISSION_FILES;

import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.NotAllowedException;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.accounts.Scope;
import dev.roadlab.engine.accounts.LearnerId;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.submission.SubmissionRules;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import dev.roadlab.engine.db.jooq.tables.records.SubmissionsRecord;
import dev.roadlab.grader.report.Verdict;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts submissions (validated against the lab's file rules, stored, queued) and shows them. No HTTP here.
 */
public final class SubmissionService {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** A heading anchor as the Markdown renderer makes them; anything else in a report is not linked. */
    private static final Pattern SECTION_ANCHOR = Pattern.compile("#?[a-z0-9][a-z0-9-]{0,120}");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext dsl;
    private final LabCatalog labs;
    private final Clock clock;
    private final Runnable onQueued;
    private final SubmissionBudgets budgets;
    private final Runnable admission;

    /** Without a submission budget (services built without the hosting settings). */
    public SubmissionService(DSLContext dsl, LabCatalog labs, Clock clock, Runnable onQueued) {
        this(dsl, labs, clock, onQueued, SubmissionBudgets.off(dsl, clock));
    }

    /**
     * @param onQueued called after a submission is queued, to wake a worker at once
     * @param budgets  the fair-use budget each accepted submission spends a token of
     */
    public SubmissionService(DSLContext dsl, LabCatalog labs, Clock clock, Runnable onQueued,
                             SubmissionBudgets budgets) {
        this(dsl, labs, clock, onQueued, budgets, () -> { });
    }

    /**
     * @param admission run before a valid submission is stored; throws (a
     *                  {@link dev.roadlab.engine.grading.QueueFullException}) to refuse it when the queue is full
     */
    public SubmissionService(DSLContext dsl, LabCatalog labs, Clock clock, Runnable onQueued,
                             SubmissionBudgets budgets, Runnable admission) {
        this.admission = admission;
        this.dsl = dsl;
        this.labs = labs;
        this.clock = clock;
        this.onQueued = onQueued;
        this.budgets = budgets;
    }

    /**
     * Validates and queues a submission.
     *
     * @param caller who made it (their learner, if any, gets it counted as their progress)
     * @return the new submission's id
     * @throws dev.roadlab.grader.lab.UnknownLabException for an unknown lab
     * @throws dev.roadlab.grader.submission.InvalidSubmissionException naming each bad file and rule
     * @throws NotAllowedException for a token without the submit scope
     * @throws BudgetExhaustedException when the caller has no attempt left at the lab for now
     * @throws dev.roadlab.engine.grading.QueueFullException when too many submissions wait to be graded
     */
    public String submit(String labId, Submission submission, Caller caller) {
        return submit(labId, submission, caller, caller);
    }

    /**
     * Validates and queues a submission, spending a token of {@code chargedTo}'s budget (only once the files are
     * valid: a refused upload costs nothing).
     *
     * @param chargedTo whose budget it spends: the caller, except for a form post that has just registered a learner
     *                  for a browser without a cookie, which is charged to its address (else a client that drops the
     *                  cookie would get a fresh budget every time)
     * @see #submit(String, Submission, Caller)
     */
    public String submit(String labId, Submission submission, Caller caller, Caller chargedTo) {
        if (!caller.may(Scope.SUBMIT)) {
            throw new NotAllowedException("This token may not submit: it lacks the '" + Scope.SUBMIT.wireName()
                    + "' scope.");
        }
        Optional<LearnerId> learner = caller.learner();
        Lab lab = labs.get(labId);
        SubmissionRules.check(lab.definition(), submission);
        admission.run(); // a full queue refuses before any budget is spent
        Optional<SubmissionBudgets.Charge> charge = budgets.take(chargedTo, lab.id(), lab.definition().title());
        String id = UUID.randomUUID().toString();
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            store(id, lab, submission, learner, charge, now);
        } catch (RuntimeException e) {
            charge.ifPresent(budgets::giveBack);
            throw e;
        }
        onQueued.run();
        return id;
    }

    private void store(String id, Lab lab, Submission submission, Optional<LearnerId> learner,
                       Optional<SubmissionBudgets.Charge> charge, OffsetDateTime now) {
        dsl.transaction(tx -> {
            tx.dsl().insertInto(SUBMISSIONS)
                    .set(SUBMISSIONS.ID, id)
                    .set(SUBMISSIONS.LAB_ID, lab.id())
                    .set(SUBMISSIONS.STATUS, SubmissionStatus.QUEUED.wireName())
                    .set(SUBMISSIONS.MAX_SCORE, lab.maxScore())
                    .set(SUBMISSIONS.CREATED_AT, now)
                    .set(SUBMISSIONS.LEARNER_ID, learner.map(LearnerId::value).orElse(null))
                    .set(SUBMISSIONS.BUDGET_KEY, charge.map(SubmissionBudgets.Charge::key).orElse(null))
                    .set(SUBMISSIONS.BUDGET, charge.map(c -> c.budget().toString()).orElse(null))
                    .execute();
            for (Map.Entry<String, byte[]> file : submission.files().entrySet()) {
                tx.dsl().insertInto(SUBMISSION_FILES)
                        .set(SUBMISSION_FILES.SUBMISSION_ID, id)
                        .set(SUBMISSION_FILES.NAME, file.getKey())
                        .set(SUBMISSION_FILES.CONTENT, new String(file.getValue(), StandardCharsets.UTF_8))
                        .execute();
            }
        });
    }

    /** Where the caller stands with the lab's submission budget, for its page; empty when no budget applies. */
    public Optional<BudgetState> budget(String labId, Caller caller) {
        return budgets.state(caller, labs.get(labId).id());
    }

    /**
     * A submission by id, as the caller may see it: a learner's submission by that learner and by admins (to anyone
     * else it does not exist), a submission made without a learner (an API client without the cookie) by whoever
     * holds its unguessable id. Empty for unknown or malformed ids.
     *
     * @throws NotAllowedException for a token without the read scope
     */
    public Optional<SubmissionView> find(String id, Caller caller) {
        return row(id, caller).map(SubmissionService::view);
    }

    /**
     * A submission with its files and the diff against the caller's previous attempt at the same lab; empty where
     * {@link #find} is.
     */
    public Optional<SubmissionDetail> detail(String id, Caller caller) {
        return row(id, caller).map(r -> {
            Map<String, String> files = files(r.getId());
            Optional<Attempt> previous = Optional.ofNullable(r.getLearnerId()).flatMap(learner -> dsl
                    .selectFrom(SUBMISSIONS)
                    .where(SUBMISSIONS.LEARNER_ID.eq(learner))
                    .and(SUBMISSIONS.LAB_ID.eq(r.getLabId()))
                    .and(SUBMISSIONS.CREATED_AT.lt(r.getCreatedAt())
                            .or(SUBMISSIONS.CREATED_AT.eq(r.getCreatedAt()).and(SUBMISSIONS.ID.lt(r.getId()))))
                    .orderBy(SUBMISSIONS.CREATED_AT.desc(), SUBMISSIONS.ID.desc())
                    .limit(1)
                    .fetchOptional()
                    .map(SubmissionService::attempt));
            List<FileDiff> diffs = previous.map(p -> SubmissionDiffs.between(files(p.id()), files)).orElse(List.of());
            return new SubmissionDetail(view(r), files, previous, diffs, teaches(r.getReport()));
        });
    }

    /** The caller's own submissions to a lab, newest first; none for a caller who is no learner. */
    public List<Attempt> attempts(String labId, Caller caller) {
        if (caller.learner().isEmpty()) {
            return List.of();
        }
        LearnerId learner = caller.learner().get();
        return dsl.selectFrom(SUBMISSIONS)
                .where(SUBMISSIONS.LEARNER_ID.eq(learner.value()))
                .and(SUBMISSIONS.LAB_ID.eq(labId))
                .orderBy(SUBMISSIONS.CREATED_AT.desc(), SUBMISSIONS.ID.desc())
                .fetch()
                .map(SubmissionService::attempt);
    }

    /** The files of the caller's newest submission to a lab: what the lab page's editor starts from. */
    public Optional<Map<String, String>> latestFiles(String labId, Caller caller) {
        if (caller.learner().isEmpty()) {
            return Optional.empty();
        }
        LearnerId learner = caller.learner().get();
        return dsl.select(SUBMISSIONS.ID).from(SUBMISSIONS)
                .where(SUBMISSIONS.LEARNER_ID.eq(learner.value()))
                .and(SUBMISSIONS.LAB_ID.eq(labId))
                .orderBy(SUBMISSIONS.CREATED_AT.desc(), SUBMISSIONS.ID.desc())
                .limit(1)
                .fetchOptional(SUBMISSIONS.ID)
                .map(this::files);
    }

    private Optional<SubmissionsRecord> row(String id, Caller caller) {
        if (!caller.may(Scope.READ) && !caller.may(Scope.GRADEBOOK)) {
            throw new NotAllowedException("This token may not read submissions: it lacks the '"
                    + Scope.READ.wireName() + "' scope.");
        }
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return dsl.selectFrom(SUBMISSIONS).where(SUBMISSIONS.ID.eq(id)).and(visibleTo(caller)).fetchOptional();
    }

    /**
     * Which submissions the caller may open: their own, those made without a learner, for an instructor (with the
     * gradebook scope) those of the learner members of the cohorts they are an instructor member of, and for an
     * admin's browser session every one.
     */
    private Condition visibleTo(Caller caller) {
        if (caller.atLeast(Role.ADMIN) && caller.via() == Caller.Via.SESSION) {
            return DSL.noCondition();
        }
        Condition visible = DSL.falseCondition(); // a gradebook-only token reads its cohorts' work, not its own
        if (caller.may(Scope.READ)) {
            visible = SUBMISSIONS.LEARNER_ID.isNull();
            if (caller.learner().isPresent()) {
                visible = visible.or(SUBMISSIONS.LEARNER_ID.eq(caller.learner().get().value()));
            }
        }
        if (caller.atLeast(Role.INSTRUCTOR) && caller.may(Scope.GRADEBOOK)) {
            // Written out here rather than asked of the cohorts package, which depends on this one.
            var instructing = COHORT_MEMBERS.as("instructing");
            visible = visible.or(SUBMISSIONS.LEARNER_ID.in(DSL.select(ACCOUNTS.LEARNER_ID).from(ACCOUNTS)
                    .join(COHORT_MEMBERS).on(COHORT_MEMBERS.ACCOUNT_ID.eq(ACCOUNTS.ID))
                    .where(COHORT_MEMBERS.ROLE.eq("learner"))
                    .and(COHORT_MEMBERS.COHORT_ID.in(DSL.select(instructing.COHORT_ID).from(instructing)
                            .where(instructing.ACCOUNT_ID.eq(caller.accountId().orElseThrow().value()))
                            .and(instructing.ROLE.eq("instructor"))))));
        }
        return visible;
    }

    private Map<String, String> files(String submissionId) {
        Map<String, String> files = new TreeMap<>();
        dsl.selectFrom(SUBMISSION_FILES).where(SUBMISSION_FILES.SUBMISSION_ID.eq(submissionId)).fetch()
                .forEach(f -> files.put(f.getName(), f.getContent()));
        return files;
    }

    private static SubmissionView view(SubmissionsRecord r) {
        return new SubmissionView(r.getId(), r.getLabId(), SubmissionStatus.fromWireName(r.getStatus()),
                r.getMaxScore(), r.getCreatedAt(), Optional.ofNullable(r.getFinishedAt()),
                Optional.ofNullable(r.getReport()).map(ReportJson::read));
    }

    private static Attempt attempt(SubmissionsRecord r) {
        return new Attempt(r.getId(), r.getCreatedAt(), SubmissionStatus.fromWireName(r.getStatus()),
                Optional.ofNullable(r.getVerdict()).map(Verdict::fromWireName), Optional.ofNullable(r.getScore()),
                r.getMaxScore());
    }

    /**
     * The module section each check links to, read from the report's optional per-check {@code teaches} field (an
     * anchor in the lab's module); reports without it link nowhere.
     */
    private static Map<String, String> teaches(String report) {
        if (report == null) {
            return Map.of();
        }
        Map<String, String> teaches = new TreeMap<>();
        for (JsonNode check : JSON.readTree(report).path("checks")) {
            String anchor = check.path("teaches").asString("");
            if (!anchor.isBlank() && SECTION_ANCHOR.matcher(anchor).matches()) {
                teaches.put(check.path("id").asString(), anchor.startsWith("#") ? anchor.substring(1) : anchor);
            }
        }
        return teaches;
    }
}
