package dev.roadlab.engine.cohorts;

import static dev.roadlab.engine.db.jooq.Tables.ACCOUNTS;
import static dev.roadlab.engine.db.jooq.Tables.COHORTS;
import static dev.roadlab.engine.db.jooq.Tables.COHORT_MEMBERS;
import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;

import dev.roadlab.engine.accounts.AccountId;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.accounts.Scope;
import dev.roadlab.engine.submissions.SubmissionStatus;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.report.Verdict;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * The gradebook of a cohort (its learners by the course's labs), each lab's statistics, and the cohort view of one
 * submission. Authorized like {@link CohortService}: a cohort the caller does not run is absent.
 */
public final class GradebookService {

    private final DSLContext dsl;
    private final CohortService cohorts;

    public GradebookService(DSLContext dsl, CohortService cohorts) {
        this.dsl = dsl;
        this.cohorts = cohorts;
    }

    /** One submission, as the gradebook reads it. */
    private record Sub(String id, long learner, String labId, SubmissionStatus status, Optional<Verdict> verdict,
                       Optional<Integer> score, OffsetDateTime createdAt) {

        /** Graded, and not our fault: its score is the learner's. */
        boolean graded() {
            return status == SubmissionStatus.DONE && verdict.isPresent() && verdict.get() != Verdict.INFRASTRUCTURE;
        }

        boolean ours() {
            return verdict.isPresent() && verdict.get() == Verdict.INFRASTRUCTURE;
        }
    }

    /**
     * The cohort's gradebook over {@code labs} (see {@link GradebookLab#of}), filtered and sorted by the query;
     * empty when the cohort is absent to the caller.
     */
    public Optional<Gradebook> gradebook(Caller caller, CohortId id, List<GradebookLab> labs, GradebookQuery query) {
        Optional<Cohort> cohort = cohorts.find(caller, id);
        if (cohort.isEmpty()) {
            return Optional.empty();
        }
        List<Member> learners = cohorts.learners(caller, id).orElseThrow();
        Deadlines deadlines = cohorts.deadlines(id.value());
        Map<Long, Map<String, List<Sub>>> subs = submissions(id.value(), labs);
        List<GradebookRow> rows = new ArrayList<>();
        for (Member learner : learners) {
            List<Cell> cells = new ArrayList<>();
            for (GradebookLab lab : labs) {
                cells.add(cell(learner.account(), lab,
                        subs.getOrDefault(learner.learner().value(), Map.of()).getOrDefault(lab.id(), List.of()),
                        deadlines));
            }
            rows.add(new GradebookRow(learner, cells, cells.stream().mapToInt(Cell::bestOrZero).sum()));
        }
        List<GradebookRow> shown = rows.stream().filter(query::keeps).sorted(query.order()).toList();
        return Optional.of(new Gradebook(cohort.get(), labs, query, shown, learners.size(),
                labs.stream().mapToInt(GradebookLab::maxScore).sum()));
    }

    /** The submissions of the cohort's learners to these labs, oldest first, by learner row then lab. */
    private Map<Long, Map<String, List<Sub>>> submissions(long cohort, List<GradebookLab> labs) {
        Map<Long, Map<String, List<Sub>>> byLearner = new HashMap<>();
        if (labs.isEmpty()) {
            return byLearner;
        }
        dsl.select(SUBMISSIONS.ID, SUBMISSIONS.LEARNER_ID, SUBMISSIONS.LAB_ID, SUBMISSIONS.STATUS,
                        SUBMISSIONS.VERDICT, SUBMISSIONS.SCORE, SUBMISSIONS.CREATED_AT)
                .from(SUBMISSIONS)
                .where(SUBMISSIONS.LEARNER_ID.in(learnerRows(cohort)))
                .and(SUBMISSIONS.LAB_ID.in(labs.stream().map(GradebookLab::id).toList()))
                .orderBy(SUBMISSIONS.CREATED_AT, SUBMISSIONS.ID)
                .forEach(r -> byLearner.computeIfAbsent(r.value2(), k -> new HashMap<>())
                        .computeIfAbsent(r.value3(), k -> new ArrayList<>())
                        .add(new Sub(r.value1(), r.value2(), r.value3(), SubmissionStatus.fromWireName(r.value4()),
                                Optional.ofNullable(r.value5()).map(Verdict::fromWireName),
                                Optional.ofNullable(r.value6()), r.value7())));
        return byLearner;
    }

    /** The learner rows of the cohort's learner members. */
    private static org.jooq.Select<org.jooq.Record1<Long>> learnerRows(long cohort) {
        return DSL.select(ACCOUNTS.LEARNER_ID).from(ACCOUNTS).join(COHORT_MEMBERS)
                .on(COHORT_MEMBERS.ACCOUNT_ID.eq(ACCOUNTS.ID))
                .where(COHORT_MEMBERS.COHORT_ID.eq(cohort))
                .and(COHORT_MEMBERS.ROLE.eq(MemberRole.LEARNER.wireName()));
    }

    private static Cell cell(AccountId learner, GradebookLab lab, List<Sub> oldestFirst, Deadlines deadlines) {
        Optional<OffsetDateTime> due = deadlines.dueFor(learner, lab.id());
        List<Sub> mine = oldestFirst.stream().filter(s -> !s.ours()).toList();
        if (mine.isEmpty()) {
            return Cell.empty(lab.id(), lab.maxScore(), due);
        }
        Sub best = null;
        for (Sub s : mine) {
            if (s.graded() && (best == null || s.score().orElse(0) > best.score().orElse(0))) {
                best = s;
            }
        }
        Sub last = mine.getLast();
        boolean passed = mine.stream().anyMatch(s -> s.verdict().equals(Optional.of(Verdict.PASSED)));
        Optional<Sub> b = Optional.ofNullable(best);
        return new Cell(lab.id(), mine.size(), b.map(s -> s.score().orElse(0)), lab.maxScore(), passed,
                Optional.of(last.createdAt()), b.map(Sub::id), Optional.of(last.id()), due,
                b.map(s -> deadlines.late(learner, lab.id(), s.createdAt())).orElse(false));
    }

    /**
     * How the cohort does at one lab: the distribution of best scores, the pass rate, and per check the share of
     * submitting learners whose best submission it stops; empty when the cohort is absent to the caller.
     */
    public Optional<LabStatistics> labStatistics(Caller caller, CohortId id, GradebookLab lab) {
        Optional<Gradebook> book = gradebook(caller, id, List.of(lab), GradebookQuery.ALL);
        if (book.isEmpty()) {
            return Optional.empty();
        }
        List<Cell> cells = book.get().rows().stream().map(r -> r.cell(lab.id())).toList();
        List<Cell> submitted = cells.stream().filter(c -> c.best().isPresent()).toList();
        Map<String, String> reports = new HashMap<>();
        List<String> ids = submitted.stream().map(c -> c.bestSubmission().orElseThrow()).toList();
        if (!ids.isEmpty()) {
            dsl.select(SUBMISSIONS.ID, SUBMISSIONS.REPORT).from(SUBMISSIONS).where(SUBMISSIONS.ID.in(ids))
                    .forEach(r -> reports.put(r.value1(), r.value2()));
        }
        Map<String, Integer> stopped = new HashMap<>();
        for (Cell cell : submitted) {
            String json = reports.get(cell.bestSubmission().orElseThrow());
            Set<String> passedChecks = new HashSet<>();
            if (json != null) {
                GradeReport report = ReportJson.read(json);
                report.checks().stream().filter(CheckResult::passed).forEach(c -> passedChecks.add(c.id()));
            }
            for (GradebookLab.Check check : lab.checks()) {
                if (!passedChecks.contains(check.id())) {
                    stopped.merge(check.id(), 1, Integer::sum);
                }
            }
        }
        List<LabStatistics.CheckShare> checks = lab.checks().stream()
                .map(c -> new LabStatistics.CheckShare(c.id(), c.title(), stopped.getOrDefault(c.id(), 0),
                        submitted.size()))
                .toList();
        return Optional.of(new LabStatistics(book.get().cohort(), lab, cells.size(), submitted.size(),
                (int) cells.stream().filter(Cell::passed).count(),
                submitted.stream().map(c -> c.best().orElseThrow()).toList(), checks));
    }

    /**
     * A submission seen through a cohort: for its learner, their own (first) cohort; for an instructor, the first
     * cohort they run that has the learner. Empty when neither holds, or for submissions made without an account.
     * Says nothing the caller could not see: pages ask only after the submission itself was shown to them.
     */
    public Optional<SubmissionInCohort> submissionInCohort(Caller caller, String submissionId) {
        if (caller.account().isEmpty() || submissionId == null) {
            return Optional.empty();
        }
        var sub = dsl.select(SUBMISSIONS.LAB_ID, SUBMISSIONS.CREATED_AT, ACCOUNTS.ID, ACCOUNTS.LOGIN,
                        ACCOUNTS.DISPLAY_NAME)
                .from(SUBMISSIONS).join(ACCOUNTS).on(ACCOUNTS.LEARNER_ID.eq(SUBMISSIONS.LEARNER_ID))
                .where(SUBMISSIONS.ID.eq(submissionId)).fetchOptional();
        if (sub.isEmpty()) {
            return Optional.empty();
        }
        var s = sub.get();
        AccountId learner = new AccountId(s.get(ACCOUNTS.ID));
        boolean own = caller.accountId().get().equals(learner);
        if (!own && !(caller.atLeast(Role.INSTRUCTOR) && caller.may(Scope.GRADEBOOK))) {
            return Optional.empty();
        }
        var cohortOf = dsl.select(COHORTS.ID, COHORTS.NAME).from(COHORTS).join(COHORT_MEMBERS)
                .on(COHORT_MEMBERS.COHORT_ID.eq(COHORTS.ID))
                .where(COHORT_MEMBERS.ACCOUNT_ID.eq(learner.value()))
                .and(COHORT_MEMBERS.ROLE.eq(MemberRole.LEARNER.wireName()))
                .and(own ? DSL.noCondition() : cohorts.runBy(caller))
                .orderBy(COHORTS.ID).limit(1).fetchOptional();
        return cohortOf.map(c -> {
            Deadlines deadlines = cohorts.deadlines(c.value1());
            String lab = s.get(SUBMISSIONS.LAB_ID);
            return new SubmissionInCohort(s.get(ACCOUNTS.DISPLAY_NAME), s.get(ACCOUNTS.LOGIN), own,
                    new CohortId(c.value1()), c.value2(), deadlines.dueFor(learner, lab),
                    deadlines.late(learner, lab, s.get(SUBMISSIONS.CREATED_AT)));
        });
    }
}
