package dev.roadlab.engine.cohorts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestClock;
import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.accounts.Account;
import dev.roadlab.engine.accounts.AccountService;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.accounts.TokenBuckets;
import dev.roadlab.engine.db.Database;
import dev.roadlab.engine.grading.GradingQueue;
import dev.roadlab.engine.grading.Job;
import dev.roadlab.engine.submissions.SubmissionService;
import dev.roadlab.grader.lab.CheckInfo;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Timings;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.submission.Submission;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A real database (H2 or PostgreSQL) with the cohort services, accounts, submissions and the grading queue over it,
 * on a clock the test moves; submissions are "graded" by finishing their queued job with a chosen report.
 */
final class CohortFixture implements AutoCloseable {

    static final LabCatalog LABS = LabCatalog.fromClasspath(CohortFixture.class.getClassLoader());
    static final String LAB = "audit-log-indexes";

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2"), Arguments.of("PostgreSQL"));
    }


    final TestClock clock = new TestClock(Instant.parse("2026-12-01T09:00:00Z"));
    final Database db;
    private final TestDatabases.Postgres pg;
    final AccountService accounts;
    final CohortService cohorts;
    final GradebookService gradebooks;
    final SubmissionService submissions;
    final GradingQueue queue;

    CohortFixture(String kind) throws Exception {
        if (kind.equals("H2")) {
            pg = null;
            db = Database.open(TestDatabases.h2(Files.createTempDirectory("roadlab-cohorts")));
        } else {
            pg = TestDatabases.postgres();
            db = Database.open(pg.config());
        }
        accounts = new AccountService(db.dsl(), clock, new TokenBuckets(db.dsl(), clock));
        cohorts = new CohortService(db.dsl(), clock);
        gradebooks = new GradebookService(db.dsl(), cohorts);
        submissions = new SubmissionService(db.dsl(), LABS, clock, () -> { });
        queue = new GradingQueue(db.dsl(), clock);
    }

    /** A signed-in browser of a new account. */
    Caller account(String login, String name, Role role) {
        Account account = accounts.create(login, name, "correct horse battery staple", role, Optional.empty());
        return Caller.signedIn(account, "test");
    }

    /** Submits to {@link #LAB} now and grades it at once: the named checks pass, the others fail. */
    String submitGraded(Caller learner, Set<String> passing) {
        return submitGraded(learner, passing, null);
    }

    /** Like {@link #submitGraded(Caller, Set)}; a non-null verdict replaces the checks' (infrastructure, error). */
    String submitGraded(Caller learner, Set<String> passing, Verdict runVerdict) {
        String id = submissions.submit(LAB, Submission.ofText(Map.of("migration.sql", "-- " + passing)), learner);
        Job job = queue.claim("test-worker", Duration.ofMinutes(1)).orElseThrow();
        assertThat(job.submissionId()).isEqualTo(id);
        Lab lab = LABS.get(LAB);
        GradeReport report;
        if (runVerdict != null) {
            report = GradeReport.withoutChecks(LAB, runVerdict, lab.maxScore(), "our fault", Timings.NONE, 1);
        } else {
            List<CheckResult> checks = new ArrayList<>();
            for (CheckInfo check : lab.checks()) {
                boolean ok = passing.contains(check.id());
                checks.add(new CheckResult(check.id(), check.title(), ok ? Verdict.PASSED : Verdict.FAILED,
                        ok ? check.points() : 0, check.points(), ok ? "" : "not yet", "", 5));
            }
            report = GradeReport.of(LAB, checks, Timings.NONE, 1);
        }
        assertThat(queue.finish(job, report)).isTrue();
        return id;
    }

    static List<CheckInfo> checks() {
        return LABS.get(LAB).checks();
    }

    /** The ids of the lab's first {@code n} checks. */
    static Set<String> first(int n) {
        return Set.copyOf(checks().stream().limit(n).map(CheckInfo::id).toList());
    }

    static int pointsOfFirst(int n) {
        return checks().stream().limit(n).mapToInt(CheckInfo::points).sum();
    }

    @Override
    public void close() {
        db.close();
        if (pg != null) {
            pg.close();
        }
    }
}
