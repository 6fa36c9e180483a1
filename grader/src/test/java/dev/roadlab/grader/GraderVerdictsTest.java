package dev.roadlab.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.lab.UnknownLabException;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.GradeListener;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.testing.FixtureLabs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every way a check can end maps to one verdict; the run takes the most severe; our faults are retried. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraderVerdictsTest {

    private final Grader grader = Grader.create(FixtureLabs.catalog(), SandboxSettings.defaults());

    @AfterAll
    void close() {
        grader.close();
    }

    private GradeReport grade(String choice) {
        return grader.grade("fixture-verdicts", Submission.ofText(Map.of("choice.txt", choice)));
    }

    @Test
    void a_check_that_holds_passes_with_its_points() {
        GradeReport report = grade("pass");
        assertThat(report.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(report.score()).isEqualTo(3);
        assertThat(report.checks()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("behaves");
            assertThat(c.hint()).isEmpty();
        });
    }

    @Test
    void a_passing_check_may_say_what_it_saw_and_a_failure_says_why_it_failed() {
        GradeReport passed = grade("pass-with-message");
        assertThat(passed.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(passed.checks().get(0).message()).isEqualTo("saw what it wanted");
        assertThat(passed.checks().get(0).hint()).isEmpty();
        GradeReport failed = grade("fail-after-saying");
        assertThat(failed.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(failed.checks().get(0).message()).isEqualTo("then failed");
        assertThat(grade("pass").checks().get(0).message()).isEmpty();
    }

    @Test
    void a_failed_assertion_fails_with_its_message_and_the_hint() {
        GradeReport report = grade("fail");
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.score()).isZero();
        assertThat(report.checks().get(0).message()).isEqualTo("asked to fail");
        assertThat(report.checks().get(0).hint()).isEqualTo("Choose pass.");
    }

    @Test
    void a_failure_that_brings_its_own_hint_shows_that_hint_instead_of_the_checks() {
        GradeReport report = grade("fail-with-hint");
        assertThat(report.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(report.checks().get(0).message()).isEqualTo("saw the other way of failing");
        assertThat(report.checks().get(0).hint()).isEqualTo("A hint for that way.");
    }

    @Test
    void an_invalid_submission_is_an_error() {
        GradeReport report = grade("error");
        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.checks().get(0).message()).isEqualTo("choice.txt asks for an error");
    }

    @Test
    void a_check_over_its_limit_is_a_timeout() {
        GradeReport report = grade("slow");
        assertThat(report.verdict()).isEqualTo(Verdict.TIMEOUT);
        assertThat(report.checks().get(0).message()).contains("longer than its 1 s limit");
    }

    @Test
    void a_crashing_check_is_our_fault_and_is_retried_once() {
        List<String> retries = new ArrayList<>();
        GradeReport report = grader.grade("fixture-verdicts", Submission.ofText(Map.of("choice.txt", "crash")),
                new GradeListener() {
                    @Override
                    public void retrying(String reason) {
                        retries.add(reason);
                    }
                });
        assertThat(report.verdict()).isEqualTo(Verdict.INFRASTRUCTURE);
        assertThat(report.attempts()).isEqualTo(2);
        assertThat(retries).hasSize(1);
        assertThat(report.checks().get(0).message()).contains("our fault").contains("a bug in the lab")
                .doesNotContain("\tat ");
        assertThat(report.verdict().countsAsAttempt()).isFalse();
    }

    @Test
    void a_long_message_is_capped() {
        GradeReport report = grade("long");
        assertThat(report.checks().get(0).message()).hasSizeLessThanOrEqualTo(CheckResult.MAX_MESSAGE_CHARS)
                .endsWith("more characters cut)");
    }

    @Test
    void files_that_break_the_lab_rules_are_an_error_before_anything_runs() {
        GradeReport missing = grader.grade("fixture-verdicts", Submission.ofText(Map.of("other.txt", "pass")));
        assertThat(missing.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(missing.checks()).isEmpty();
        assertThat(missing.message()).contains("missing file 'choice.txt'").contains("unexpected file 'other.txt'");
        GradeReport traversal = grader.grade("fixture-verdicts", Submission.ofText(Map.of("../choice.txt", "pass")));
        assertThat(traversal.message()).contains("file name '../choice.txt' is not allowed");
        GradeReport tooBig = grader.grade("fixture-verdicts", Submission.ofText(Map.of("choice.txt", "x".repeat(2000))));
        assertThat(tooBig.message()).isEqualTo("choice.txt is 2 KB; the limit is 1 KB");
    }

    @Test
    void an_unknown_lab_is_refused() {
        assertThatThrownBy(() -> grader.grade("nope", Submission.ofText(Map.of())))
                .isInstanceOf(UnknownLabException.class).hasMessage("no lab 'nope'");
    }

    @Test
    void listeners_hear_each_check_as_it_finishes() {
        List<String> heard = new ArrayList<>();
        grader.grade("fixture-verdicts", Submission.ofText(Map.of("choice.txt", "pass")), new GradeListener() {
            @Override
            public void started(String lab, int total) {
                heard.add("started " + lab + " " + total);
            }

            @Override
            public void checkFinished(CheckResult result, int done, int total) {
                heard.add(result.id() + " " + done + "/" + total + " " + result.verdict().wireName());
            }
        });
        assertThat(heard).containsExactly("started fixture-verdicts 1", "behaves 1/1 passed");
    }
}
