package dev.roadlab.engine.submissions;

import static dev.roadlab.engine.db.jooq.Tables.COHORTS;
import static dev.roadlab.engine.db.jooq.Tables.COHORT_LABS;
import static dev.roadlab.engine.db.jooq.Tables.COHORT_MEMBERS;
import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.engine.TestClock;
import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.accounts.Account;
import dev.roadlab.engine.accounts.AccountService;
import dev.roadlab.engine.accounts.Budget;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.accounts.TokenBuckets;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.db.Database;
import dev.roadlab.engine.grading.GradingQueue;
import dev.roadlab.engine.grading.Job;
import dev.roadlab.engine.progress.LearnerService;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Timings;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.submission.InvalidSubmissionException;
import dev.roadlab.grader.submission.Submission;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The submission budget against a real database (H2 and PostgreSQL): what a submit spends, what it refuses, the
 * cohorts' budgets read from their tables, and the refund of an attempt that ended on our side, exactly once.
 */
class SubmissionBudgetsTest {

    static final LabCatalog LABS = LabCatalog.fromClasspath(SubmissionBudgetsTest.class.getClassLoader());
    static final String LAB = "audit-log-indexes";
    static final Submission VALID = Submission.ofText(Map.of("migration.sql", "-- an attempt"));
    static final Budget TWO = Budget.parse("2/10m").orElseThrow();

    static Stream<String> kinds() {
        return Stream.of("H2", "PostgreSQL");
    }

    /** A database with the services over it, a movable clock, and budgets from {@code rules} (hosted). */
    record World(Database db, TestClock clock, SubmissionBudgets budgets, SubmissionService submissions,
                 GradingQueue queue, AccountService accounts, LearnerService learners) {

        DSLContext dsl() {
            return db.dsl();
        }

        int left(Caller caller) {
            return budgets.state(caller, LAB).orElseThrow().remaining();
        }

        Caller learner(String login, Role role) {
            Account a = accounts.create(login, login, "correct horse battery staple", role, Optional.empty());
            return Caller.signedIn(a, "203.0.113.9");
        }
    }

    static void inWorld(String kind, BudgetRules rules, Consumer<World> test) throws Exception {
        AutoCloseable cleanup = () -> { };
        RoadlabConfig.Database config;
        if (kind.equals("H2")) {
            config = TestDatabases.h2(Files.createTempDirectory("roadlab-budgets"));
        } else {
            TestDatabases.Postgres pg = TestDatabases.postgres();
            config = pg.config();
            cleanup = pg;
        }
        try (Database db = Database.open(config)) {
            TestClock clock = new TestClock();
            TokenBuckets buckets = new TokenBuckets(db.dsl(), clock);
            SubmissionBudgets budgets = new SubmissionBudgets(db.dsl(), buckets, rules, () -> true, clock);
            test.accept(new World(db, clock, budgets, new SubmissionService(db.dsl(), LABS, clock, () -> { }, budgets),
                    new GradingQueue(db.dsl(), clock, budgets::refund), new AccountService(db.dsl(), clock, buckets),
                    new LearnerService(db.dsl(), clock)));
        } finally {
            cleanup.close();
        }
    }

    static BudgetRules two() {
        return new BudgetRules(Optional.of("2/10m"), Map.of());
    }

    static GradeReport report(Verdict verdict) {
        return GradeReport.withoutChecks(LAB, verdict, 14, "", Timings.NONE, 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void files_refused_as_invalid_spend_nothing_and_the_third_valid_one_is_refused_until_a_token_is_back(String kind)
            throws Exception {
        inWorld(kind, two(), w -> {
            Caller alice = w.learner("alice", Role.LEARNER);
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> w.submissions().submit(LAB, Submission.ofText(Map.of("wrong.txt", "x")), alice))
                        .isInstanceOf(InvalidSubmissionException.class);
            }
            assertThat(w.left(alice)).isEqualTo(2);
            w.submissions().submit(LAB, VALID, alice);
            w.submissions().submit(LAB, VALID, alice);
            assertThat(w.left(alice)).isZero();
            assertThatThrownBy(() -> w.submissions().submit(LAB, VALID, alice))
                    .isInstanceOfSatisfying(BudgetExhaustedException.class, e -> {
                        assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(5));
                        assertThat(e.retryAfterSeconds()).isEqualTo(300);
                        assertThat(e.nextAttemptAt()).isEqualTo(w.clock().instant().plus(Duration.ofMinutes(5)));
                        assertThat(e.getMessage()).contains("Your next attempt is in 5 minutes");
                    });
            assertThat(w.dsl().fetchCount(SUBMISSIONS)).as("a refused submission is not stored").isEqualTo(2);
            assertThat(w.budgets().state(alice, LAB).orElseThrow().summary())
                    .isEqualTo("No attempts left for now: your next attempt is in 5 minutes (at 10:05 UTC).");

            w.clock().advance(Duration.ofMinutes(5));
            assertThat(w.left(alice)).isEqualTo(1);
            w.submissions().submit(LAB, VALID, alice);
            var stored = w.dsl().selectFrom(SUBMISSIONS).orderBy(SUBMISSIONS.CREATED_AT.desc()).limit(1).fetchSingle();
            assertThat(stored.getBudgetKey()).isEqualTo("budget:learner:" + alice.learner().orElseThrow().value()
                    + ":" + LAB);
            assertThat(stored.getBudget()).isEqualTo("2/10m");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void clients_without_a_cookie_share_their_addresss_bucket_and_a_learner_has_their_own(String kind)
            throws Exception {
        inWorld(kind, two(), w -> {
            Caller curl = Caller.nobody("198.51.100.4");
            Caller sameAddressAgain = Caller.nobody("198.51.100.4");
            w.submissions().submit(LAB, VALID, curl);
            w.submissions().submit(LAB, VALID, sameAddressAgain);
            assertThatThrownBy(() -> w.submissions().submit(LAB, VALID, curl))
                    .isInstanceOf(BudgetExhaustedException.class);
            w.submissions().submit(LAB, VALID, Caller.nobody("198.51.100.5"));
            Caller cookie = Caller.anonymousLearner(w.learners().register().id(), "198.51.100.4");
            assertThat(w.left(cookie)).as("a learner cookie has its own bucket").isEqualTo(2);
            // A browser that just got its cookie on this post is charged to its address, as curl is.
            assertThatThrownBy(() -> w.submissions().submit(LAB, VALID, cookie, curl))
                    .isInstanceOf(BudgetExhaustedException.class);
            assertThat(w.left(cookie)).isEqualTo(2);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void a_cohort_sets_the_budget_of_its_learners_and_its_lab_budget_beats_its_own(String kind) throws Exception {
        inWorld(kind, two(), w -> {
            Caller bea = w.learner("bea", Role.LEARNER);
            Caller outsider = w.learner("otto", Role.LEARNER);
            Caller teacher = w.learner("tess", Role.INSTRUCTOR);
            long strict = cohort(w, "strict", "1/1h", bea, teacher);
            assertThat(w.budgets().applied(bea, LAB))
                    .isEqualTo(new BudgetRules.Applied(Budget.parse("1/1h"), BudgetRules.Source.COHORT));
            assertThat(w.budgets().applied(teacher, LAB).source()).as("a cohort's instructor is not its learner")
                    .isEqualTo(BudgetRules.Source.SETTING);
            assertThat(w.budgets().applied(outsider, LAB).source()).isEqualTo(BudgetRules.Source.SETTING);

            w.dsl().insertInto(COHORT_LABS).set(COHORT_LABS.COHORT_ID, strict).set(COHORT_LABS.LAB_ID, LAB)
                    .set(COHORT_LABS.SUBMISSION_BUDGET, "3/1h").execute();
            w.dsl().insertInto(COHORT_LABS).set(COHORT_LABS.COHORT_ID, strict).set(COHORT_LABS.LAB_ID, "other-lab")
                    .set(COHORT_LABS.SUBMISSION_BUDGET, "off").execute();
            assertThat(w.budgets().applied(bea, LAB))
                    .isEqualTo(new BudgetRules.Applied(Budget.parse("3/1h"), BudgetRules.Source.COHORT_LAB));

            // In a second cohort that allows more, the more generous one applies.
            cohort(w, "relaxed", "10/1h", bea);
            assertThat(w.budgets().applied(bea, LAB))
                    .isEqualTo(new BudgetRules.Applied(Budget.parse("10/1h"), BudgetRules.Source.COHORT));
            assertThat(w.budgets().state(bea, LAB).orElseThrow().summary()).isEqualTo("10 of 10 attempts left.");
        });
    }

    private static long cohort(World w, String name, String budget, Caller... learners) {
        long id = w.dsl().insertInto(COHORTS).set(COHORTS.NAME, name).set(COHORTS.COURSE_ID, "roadlab")
                .set(COHORTS.CREATED_AT, OffsetDateTime.now(w.clock())).set(COHORTS.SUBMISSION_BUDGET, budget)
                .returningResult(COHORTS.ID).fetchOne(COHORTS.ID);
        for (Caller c : learners) {
            w.dsl().insertInto(COHORT_MEMBERS).set(COHORT_MEMBERS.COHORT_ID, id)
                    .set(COHORT_MEMBERS.ACCOUNT_ID, c.accountId().orElseThrow().value())
                    .set(COHORT_MEMBERS.ROLE, c.atLeast(Role.INSTRUCTOR) ? "instructor" : "learner")
                    .set(COHORT_MEMBERS.JOINED_AT, OffsetDateTime.now(w.clock())).execute();
        }
        return id;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void an_attempt_that_ends_infrastructure_gives_its_token_back_once(String kind) throws Exception {
        inWorld(kind, two(), w -> {
            Caller cam = w.learner("cam", Role.LEARNER);
            String first = w.submissions().submit(LAB, VALID, cam);
            w.clock().advance(Duration.ofSeconds(1));
            w.submissions().submit(LAB, VALID, cam);
            assertThat(w.left(cam)).isZero();

            Job job = w.queue().claim("worker-a", Duration.ofMinutes(5)).orElseThrow();
            assertThat(job.submissionId()).isEqualTo(first);
            assertThat(w.queue().finish(job, report(Verdict.INFRASTRUCTURE))).isTrue();
            assertThat(w.left(cam)).isEqualTo(1);
            assertThat(w.budgets().refund(first)).as("a second refund of the same attempt").isFalse();
            assertThat(w.queue().finish(job, report(Verdict.INFRASTRUCTURE))).as("finished already").isFalse();
            assertThat(w.left(cam)).isEqualTo(1);

            // A failed attempt is the learner's: nothing back.
            Job second = w.queue().claim("worker-a", Duration.ofMinutes(5)).orElseThrow();
            assertThat(w.queue().finish(second, report(Verdict.FAILED))).isTrue();
            assertThat(w.budgets().refund(second.submissionId())).isFalse();
            assertThat(w.left(cam)).isEqualTo(1);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void a_job_retried_after_its_worker_died_is_refunded_only_if_the_stored_report_is_infrastructure(String kind)
            throws Exception {
        inWorld(kind, two(), w -> {
            Caller dee = w.learner("dee", Role.LEARNER);
            String passes = w.submissions().submit(LAB, VALID, dee);
            w.clock().advance(Duration.ofSeconds(1));
            String failsOnUs = w.submissions().submit(LAB, VALID, dee);
            Job a1 = w.queue().claim("worker-a", Duration.ofMinutes(5)).orElseThrow();
            Job a2 = w.queue().claim("worker-a", Duration.ofMinutes(5)).orElseThrow();
            assertThat(a1.submissionId()).isEqualTo(passes);

            // worker-a stalls; its leases run out and worker-b takes both again.
            w.clock().advance(Duration.ofMinutes(6));
            dev.roadlab.engine.grading.Leases.lapseAll(w.dsl());
            Job b1 = w.queue().claim("worker-b", Duration.ofMinutes(5)).orElseThrow();
            Job b2 = w.queue().claim("worker-b", Duration.ofMinutes(5)).orElseThrow();
            assertThat(b1.attempt()).isEqualTo(2);
            assertThat(w.queue().finish(b1, report(Verdict.PASSED))).isTrue();
            assertThat(w.queue().finish(a1, report(Verdict.INFRASTRUCTURE))).as("lost its lease").isFalse();
            assertThat(w.budgets().refund(passes)).as("passed: never refunded").isFalse();

            assertThat(w.queue().finish(b2, report(Verdict.INFRASTRUCTURE))).isTrue();
            assertThat(w.queue().finish(a2, report(Verdict.INFRASTRUCTURE))).isFalse();
            assertThat(w.budgets().refund(failsOnUs)).isFalse();
            // 2 spent at 10:00, 6 minutes of refill is one back (floor 1.2), plus the one infrastructure refund.
            assertThat(w.left(dee)).isEqualTo(2);
            assertThat(w.dsl().select(SUBMISSIONS.BUDGET_REFUNDED_AT).from(SUBMISSIONS)
                    .where(SUBMISSIONS.ID.eq(passes)).fetchOne(SUBMISSIONS.BUDGET_REFUNDED_AT)).isNull();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void a_job_given_up_after_its_last_try_is_refunded(String kind) throws Exception {
        inWorld(kind, new BudgetRules(Optional.of("1/1d"), Map.of()), w -> {
            Caller eve = w.learner("eve", Role.LEARNER);
            String id = w.submissions().submit(LAB, VALID, eve);
            assertThat(w.left(eve)).isZero();
            for (int attempt = 1; attempt <= 3; attempt++) {
                assertThat(w.queue().claim("worker-" + attempt, Duration.ofMinutes(5))).isPresent();
                w.clock().advance(Duration.ofMinutes(6));
                dev.roadlab.engine.grading.Leases.lapseAll(w.dsl());
            }
            assertThat(w.queue().claim("worker-4", Duration.ofMinutes(5))).as("given up").isEmpty();
            assertThat(w.submissions().find(id, eve).orElseThrow().report().orElseThrow().verdict())
                    .isEqualTo(Verdict.INFRASTRUCTURE);
            assertThat(w.left(eve)).isEqualTo(1);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void with_the_budget_off_nothing_is_charged_and_nothing_refunded(String kind) throws Exception {
        inWorld(kind, new BudgetRules(Optional.of("off"), Map.of()), w -> {
            Caller fay = w.learner("fay", Role.LEARNER);
            for (int i = 0; i < 12; i++) {
                w.submissions().submit(LAB, VALID, fay);
            }
            assertThat(w.budgets().state(fay, LAB)).isEmpty();
            assertThat(w.dsl().fetchCount(SUBMISSIONS, SUBMISSIONS.BUDGET_KEY.isNotNull())).isZero();
            Job job = w.queue().claim("w", Duration.ofMinutes(5)).orElseThrow();
            assertThat(w.queue().finish(job, report(Verdict.INFRASTRUCTURE))).isTrue();
            assertThat(w.budgets().refund(job.submissionId())).isFalse();
        });
    }
}
