package dev.roadlab.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.lab.UnknownLabException;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.EarlierAttempts;
import dev.roadlab.grader.report.GradeListener;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Every way a check can end maps to one verdict; the run takes the most severe; our faults are retried. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraderVerdictsTest {

    private final Grader grader = Grader.create(FixtureLabs.catalog(), SandboxSettings.defaults());

    @AfterAll
    void close() {
        grader.close();
    }

    private GradeReport grade(String choice) {
        return grade(choice, EarlierAttempts.NONE);
    }

    private GradeReport grade(String choice, EarlierAttempts earlier) {
        return grader.grade("fixture-verdicts", Submission.ofText(Map.of("choice.txt", choice)), GradeListener.NONE,
                earlier);
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
    void hints_go_one_step_further_for_each_earlier_failure_of_the_check_and_the_last_one_stays() {
        List<String> shown = new ArrayList<>();
        for (int earlier = 0; earlier <= 3; earlier++) {
            CheckResult check = grade("fail", EarlierAttempts.count(earlier)).checks().get(0);
            shown.add(check.hintStep() + "/" + check.hintSteps() + " " + check.hint());
        }
        assertThat(shown).containsExactly("1/3 Choose pass.", "2/3 Write pass in choice.txt.",
                "3/3 choice.txt must say exactly: pass", "3/3 choice.txt must say exactly: pass");
        assertThat(grade("fail").checks().get(0).hintStep()).isEqualTo(1);
    }

    @Test
    void earlier_reports_count_only_the_attempts_at_which_the_check_failed() {
        GradeReport failed = grade("fail");
        GradeReport passed = grade("pass");
        CheckResult check = grade("fail", EarlierAttempts.of(List.of(failed, passed, passed))).checks().get(0);
        assertThat(check.hintStep()).isEqualTo(2);
        assertThat(check.hint()).isEqualTo("Write pass in choice.txt.");
    }

    @Test
    void a_failure_mode_with_hints_of_its_own_reveals_them_in_steps_too() {
        CheckResult first = grade("fail-with-hint-steps").checks().get(0);
        CheckResult later = grade("fail-with-hint-steps", EarlierAttempts.count(5)).checks().get(0);
        assertThat(first.hint()).isEqualTo("A nudge for it.");
        assertThat(later.hint()).isEqualTo("A stronger hint for it.");
        assertThat(later.hintStep()).isEqualTo(later.hintSteps()).isEqualTo(2);
        assertThat(grade("fail-with-hint", EarlierAttempts.count(5)).checks().get(0))
                .extracting(CheckResult::hint, CheckResult::hintSteps).containsExactly("A hint for that way.", 1);
    }

    @Test
    void a_check_that_found_something_else_says_so_in_its_title_and_keeps_the_declared_one() {
        CheckResult check = grade("fail-found").checks().get(0);
        assertThat(check.title()).isEqualTo("A view, not the table");
        assertThat(check.declaredTitle()).isEqualTo("it behaves");
        assertThat(check.retitled()).isTrue();
        assertThat(grade("fail").checks().get(0).retitled()).isFalse();
    }

    @Test
    void a_check_names_the_section_that_teaches_it() {
        assertThat(grade("fail").checks().get(0).teaches()).isEqualTo("#choices");
    }

    @Test
    void junit_and_assertj_wording_never_reaches_the_learner() {
        assertThat(grade("fail-junit-equals").checks().get(0).message())
                .isEqualTo("the choice counted 2 things: expected 3, found 2.");
        assertThat(grade("fail-assertj").checks().get(0).message())
                .isEqualTo("Expected \"pass\", found \"fail-assertj\".");
    }

    @Test
    void the_report_json_carries_steps_found_titles_and_sections_only_when_there_are_some() {
        GradeReport report = grade("fail-found", EarlierAttempts.count(1));
        JsonNode check = new ObjectMapper().readTree(ReportJson.write(report)).path("checks").get(0);
        assertThat(check.path("title").asString()).isEqualTo("A view, not the table");
        assertThat(check.path("declared_title").asString()).isEqualTo("it behaves");
        assertThat(check.path("hint_step").asInt()).isEqualTo(2);
        assertThat(check.path("hint_steps").asInt()).isEqualTo(3);
        assertThat(check.path("teaches").asString()).isEqualTo("#choices");
        assertThat(ReportJson.read(ReportJson.write(report))).isEqualTo(report);
        JsonNode passed = new ObjectMapper().readTree(ReportJson.write(grade("pass"))).path("checks").get(0);
        assertThat(passed.has("declared_title")).isFalse();
        assertThat(passed.has("hint_step")).isFalse();
    }

    @Test
    void an_error_every_check_meets_alike_is_said_once_without_hints() {
        GradeReport report = grader.grade("fixture-yaml", Submission.ofText(Map.of("doc.yaml", "name: [")));
        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.checks()).extracting(CheckResult::verdict).containsOnly(Verdict.ERROR);
        assertThat(report.checks().get(0).message()).startsWith("doc.yaml").contains("not valid YAML");
        assertThat(report.checks().get(1).message()).startsWith("Not graded: the same error as above");
        assertThat(report.checks()).extracting(CheckResult::hint).containsOnly("");
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
