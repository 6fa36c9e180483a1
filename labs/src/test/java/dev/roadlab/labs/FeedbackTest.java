package dev.roadlab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.Grader;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.EarlierAttempts;
import dev.roadlab.grader.report.GradeListener;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.submission.Submission;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Feedback that matches the evidence (issue 13), read from real gradings of the bundled labs on the servers
 * provider: the starter's hints say where to begin, a failure mode gets the hint that fits it, a title says what was
 * found when that is not what the check claims, and a check that keeps failing reveals a stronger hint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedbackTest {

    private final LabCatalog labs = LabCatalog.fromClasspath(FeedbackTest.class.getClassLoader());
    private final Grader grader = Grader.create(labs, ProviderGraders.settings("servers"));

    @AfterAll
    void stop_grader() {
        grader.close();
    }

    private Map<String, CheckResult> failed(String lab, Submission submission, EarlierAttempts earlier) {
        GradeReport report = grader.grade(lab, submission, GradeListener.NONE, earlier);
        return report.checks().stream().filter(c -> !c.passed())
                .collect(Collectors.toMap(CheckResult::id, c -> c, (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private Map<String, CheckResult> failedByStarter(String lab) {
        return failed(lab, labs.get(lab).starter(), EarlierAttempts.NONE);
    }

    @Test
    void the_booking_starter_that_refuses_every_seat_is_told_about_refusing_free_seats_not_about_races() {
        Map<String, CheckResult> failed = failedByStarter("booking-isolation");
        assertThat(failed.get("books-a-free-seat").hint()).contains("refused a free seat");
        assertThat(failed.get("capacity-never-goes-negative").hint()).contains("came alone")
                .doesNotContain("each read the counter");
        assertThat(failed.get("refuses-a-taken-seat").hint()).contains("needs a booking to refuse");
    }

    @Test
    void the_limiter_starter_that_allows_everything_is_told_to_count_first() {
        Map<String, CheckResult> failed = failedByStarter("distributed-rate-limiter");
        assertThat(failed.get("three-instances-together-stay-within-the-limit").hint())
                .isEqualTo(DistributedRateLimiterChecks.REFUSES_NOTHING_HINT);
        assertThat(failed.get("keeps-its-window-on-redis-real-clock").hint())
                .isEqualTo(DistributedRateLimiterChecks.REFUSES_NOTHING_HINT);
        assertThat(failed.get("a-busy-clients-state-stays-bounded").hint())
                .isEqualTo(DistributedRateLimiterChecks.NOTHING_STORED_HINT);
    }

    @Test
    void a_limiter_that_counts_but_collapses_same_millisecond_requests_keeps_the_concurrency_hint() {
        Lab lab = labs.get("distributed-rate-limiter");
        CheckResult check = failed(lab.id(), lab.wrong("clock-as-member"), EarlierAttempts.NONE)
                .get("three-instances-together-stay-within-the-limit");
        assertThat(check.hint()).contains("what tells two requests apart");
    }

    @Test
    void the_empty_topology_of_the_background_jobs_starter_is_told_where_to_begin() {
        Map<String, CheckResult> failed = failedByStarter("background-jobs");
        assertThat(failed).hasSize(labs.get("background-jobs").checks().size());
        assertThat(failed.values()).allSatisfy(c -> {
            assertThat(c.message()).isEqualTo("definitions.json declares no queue yet, so no job has anywhere to "
                    + "wait for a worker.");
            assertThat(c.hint()).startsWith("Start with the path a job takes");
        });
    }

    @Test
    void a_view_in_place_of_the_audit_log_is_reported_as_a_view_with_the_declared_title_kept() {
        Lab lab = labs.get("audit-log-indexes");
        GradeReport report = grader.grade(lab.id(), lab.wrong("view-in-its-place"));
        CheckResult check = report.checks().stream().filter(c -> c.id().equals("no-rows-changed")).findFirst()
                .orElseThrow();
        assertThat(check.title()).isEqualTo("audit_logs is a view now, not the table it was");
        assertThat(check.declaredTitle()).isEqualTo("audit_logs keeps every row, column and constraint it had");
        assertThat(check.hint()).contains("something else put under that name");
        assertThat(ReportJson.write(report)).contains("\"declared_title\":\"audit_logs keeps every row");
    }

    @Test
    void an_index_that_avoids_the_scan_but_reads_too_much_gets_a_hint_about_what_it_reads() {
        Lab lab = labs.get("audit-log-indexes");
        Map<String, CheckResult> failed = failed(lab.id(), lab.wrong("one-index-for-everything"), EarlierAttempts.NONE);
        assertThat(failed.get("weekly-activity-reads-only-its-week").hint()).startsWith("The query reads an index now");
        assertThat(failed.get("failed-logins-read-only-their-day").hint()).startsWith("The query reads an index now");
        Map<String, CheckResult> starter = failedByStarter(lab.id());
        assertThat(starter.get("weekly-activity-reads-only-its-week").hint()).startsWith("The query keeps only");
    }

    @Test
    void a_check_that_failed_before_reveals_its_stronger_hint_and_says_which_step_it_is() {
        Lab lab = labs.get("booking-isolation");
        Submission wrong = lab.wrong("check-then-insert");
        CheckResult first = failed(lab.id(), wrong, EarlierAttempts.NONE).get("one-seat-two-customers-one-booking");
        CheckResult later = failed(lab.id(), wrong, EarlierAttempts.of(java.util.List.of(
                grader.grade(lab.id(), wrong)))).get("one-seat-two-customers-one-booking");
        assertThat(first.hintStep()).isEqualTo(1);
        assertThat(first.hintSteps()).isEqualTo(2);
        assertThat(first.hint()).contains("what the second one read said the seat was free");
        assertThat(later.hintStep()).isEqualTo(2);
        assertThat(later.hint()).contains("A UNIQUE constraint on bookings (show_id, seat)");
        assertThat(later.teaches()).isEqualTo("#anomalies");
    }
}
