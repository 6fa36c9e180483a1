package dev.roadlab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.lab.WrongSolution;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.submission.Submission;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundled lab, graded by the grader itself on both sandbox providers: the reference scores full marks, the
 * starter and empty files score nothing, and each wrong solution fails exactly the checks lab.yaml says it must;
 * no report of theirs carries a test framework's wording, and every failed check has a hint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BundledLabsTest {

    private final LabCatalog labs = ProviderGraders.labsUnderTest();
    private ProviderGraders graders;

    @BeforeAll
    void start_graders() {
        graders = new ProviderGraders(labs);
    }

    @AfterAll
    void stop_graders() {
        graders.close();
    }

    Stream<Arguments> labsOnEachProvider() {
        return ProviderGraders.PROVIDERS.stream()
                .flatMap(p -> labs.all().stream().map(lab -> Arguments.of(p, lab.id())));
    }

    Stream<Arguments> wrongSolutionsOnEachProvider() {
        return ProviderGraders.PROVIDERS.stream().flatMap(p -> labs.all().stream().flatMap(lab ->
                lab.definition().wrong().keySet().stream().map(w -> Arguments.of(p, lab.id(), w))));
    }

    @Test
    void the_bundled_labs_are_found_on_the_class_path() {
        assertThat(LabCatalog.fromClasspath(BundledLabsTest.class.getClassLoader()).all()).extracting(Lab::id)
                .contains("audit-log-indexes", "booking-isolation", "distributed-rate-limiter");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("labsOnEachProvider")
    void the_reference_solution_scores_full_marks(String provider, String labId) {
        Lab lab = labs.get(labId);
        GradeReport report = graders.on(provider).grade(labId, lab.solution());
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.PASSED);
        assertThat(report.score()).isEqualTo(report.maxScore()).isEqualTo(lab.maxScore());
        // A fault of ours is retried once and never reaches the learner: that is what must hold. A retry still says
        // why (it is ours to fix), in the report and here in the test's output.
        assertThat(report.attempts()).as(describe(report)).isBetween(1, 2);
        assertThat(report.retries()).hasSize(report.attempts() - 1);
        report.retries().forEach(why -> System.err.println("RETRIED " + provider + " " + labId + ": " + why));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("labsOnEachProvider")
    void the_starter_fails_and_scores_nothing(String provider, String labId) {
        GradeReport report = graders.on(provider).grade(labId, labs.get(labId).starter());
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.FAILED);
        assertThat(report.checks()).filteredOn(CheckResult::passed).extracting(CheckResult::id)
                .as("checks the starter passes, doing nothing, on " + provider).isEmpty();
        assertThat(report.score()).isZero();
        assertSpeaksToALearner(report);
    }

    /**
     * Files that say nothing (each of the starter's files, empty) earn nothing either, like the starter: a check
     * that holds only because nothing is there to break it ("no secret in the files", "nothing stops destroy")
     * scores once the submission does the lab's work.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("labsOnEachProvider")
    void files_that_say_nothing_score_nothing(String provider, String labId) {
        Lab lab = labs.get(labId);
        Map<String, String> empty = new TreeMap<>();
        lab.starter().files().keySet().forEach(name -> empty.put(name, ""));
        GradeReport report = graders.on(provider).grade(labId, Submission.ofText(empty));
        assertThat(report.checks()).filteredOn(CheckResult::passed).extracting(CheckResult::id)
                .as("checks empty files pass on " + provider + ", " + describe(report)).isEmpty();
        assertThat(report.score()).isZero();
        assertSpeaksToALearner(report);
    }

    @ParameterizedTest(name = "{0}: {1} / {2}")
    @MethodSource("wrongSolutionsOnEachProvider")
    void each_wrong_solution_fails_exactly_the_checks_meant_to_catch_it(String provider, String labId, String wrong) {
        Lab lab = labs.get(labId);
        WrongSolution expected = lab.definition().wrong().get(wrong);
        GradeReport report = graders.on(provider).grade(labId, lab.wrong(wrong));
        Set<String> notPassed = report.checks().stream().filter(c -> !c.passed()).map(CheckResult::id)
                .collect(Collectors.toSet());
        assertThat(notPassed).as(labId + " / wrong/" + wrong + " on " + provider + ", " + describe(report))
                .isEqualTo(expected.fails());
        assertThat(report.checks()).filteredOn(c -> !c.passed()).extracting(CheckResult::verdict)
                .as(describe(report)).containsOnly(Verdict.FAILED);
        assertSpeaksToALearner(report);
    }

    /** What a test framework or the JVM says, never a learner's words. */
    private static final Pattern TEST_FRAMEWORK_WORDING = Pattern.compile(
            "==>|expected: ?<|but was:|Expecting( actual)?:|opentest4j|AssertionError|Exception\\b|\\tat [a-z]");

    /**
     * Every message and hint of the report reads as written for a learner (no JUnit or AssertJ wording, no stack
     * trace), and every failed check has a hint that is not its title repeated.
     */
    private static void assertSpeaksToALearner(GradeReport report) {
        for (CheckResult check : report.checks()) {
            assertThat(check.message() + "\n" + check.hint() + "\n" + check.title())
                    .as(check.id() + " of " + describe(report)).doesNotContainPattern(TEST_FRAMEWORK_WORDING);
            if (check.verdict() == Verdict.FAILED) {
                assertThat(check.hint()).as("the hint of " + check.id()).isNotBlank().isNotEqualTo(check.title());
            }
        }
    }

    private static String describe(GradeReport report) {
        return "report:\n" + ReportJson.writePretty(report);
    }
}
