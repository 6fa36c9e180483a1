package dev.roadlab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.submission.Submission;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * infrastructure-as-code beyond what BundledLabsTest proves for every lab: other correct designs score full marks,
 * the starter scores 0, verdicts are the same every time, hostile files end in a clean verdict, and a warm grading
 * stays well within its budget.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InfrastructureAsCodeLabTest {

    static final String LAB = "infrastructure-as-code";
    static final String EMPTY_VARIABLES = "# none\n";

    private final LabCatalog labs = LabCatalog.fromClasspath(InfrastructureAsCodeLabTest.class.getClassLoader());
    private ProviderGraders graders;

    @BeforeAll
    void start_graders() {
        graders = new ProviderGraders(labs);
    }

    @AfterAll
    void stop_graders() {
        graders.close();
    }

    Stream<Arguments> designsOnEachProvider() {
        return ProviderGraders.PROVIDERS.stream().flatMap(p -> Stream.of("managed-password", "inline-bucket")
                .map(design -> Arguments.of(p, design)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("designsOnEachProvider")
    void another_correct_design_scores_full_marks(String provider, String design) throws IOException {
        Submission submission = Submission.ofText(Map.of("main.tf", design(design, "main.tf"),
                "variables.tf", design(design, "variables.tf")));
        GradeReport report = graders.on(provider).grade(LAB, submission);
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.PASSED);
        assertThat(report.score()).isEqualTo(report.maxScore());
    }

    @Test
    void the_starter_scores_nothing() {
        GradeReport report = graders.on("servers").grade(LAB, labs.get(LAB).starter());
        assertThat(report.score()).as(describe(report)).isZero();
        assertThat(report.checks()).extracting(CheckResult::verdict).containsOnly(Verdict.FAILED);
    }

    @Test
    void the_reference_and_every_wrong_solution_get_the_same_verdicts_every_time() {
        Lab lab = labs.get(LAB);
        List<Submission> submissions = new ArrayList<>();
        submissions.add(lab.solution());
        lab.definition().wrong().keySet().stream().sorted().map(lab::wrong).forEach(submissions::add);
        for (Submission submission : submissions) {
            GradeReport first = graders.on("servers").grade(LAB, submission);
            for (int i = 0; i < 4; i++) {
                GradeReport again = graders.on("servers").grade(LAB, submission);
                assertThat(again.verdict()).isEqualTo(first.verdict());
                assertThat(again.score()).isEqualTo(first.score());
                assertThat(again.checks()).extracting(CheckResult::verdict)
                        .isEqualTo(first.checks().stream().map(CheckResult::verdict).toList());
            }
        }
    }

    Stream<Arguments> hostileFiles() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; many.length() < 60_000; i++) {
            many.append("resource \"aws_s3_bucket\" \"b").append(i).append("\" { bucket = \"b").append(i)
                    .append("\" }\n");
        }
        String deep = "locals {\n  x = " + "{ a = ".repeat(5_000) + "1" + " }".repeat(5_000) + "\n}\n";
        String templates = "locals {\n  x = \"" + "${\"".repeat(3_000) + "\n}\n";
        String longLiteral = "resource \"aws_db_instance\" \"x\" {\n  identifier = \"" + "arn:aws".repeat(8_000)
                + "\"\n}\n";
        return Stream.of(
                Arguments.of("60 KB of resources", many.toString().getBytes(StandardCharsets.UTF_8)),
                Arguments.of("deeply nested objects", deep.getBytes(StandardCharsets.UTF_8)),
                Arguments.of("nested templates", templates.getBytes(StandardCharsets.UTF_8)),
                Arguments.of("a long literal", longLiteral.getBytes(StandardCharsets.UTF_8)),
                Arguments.of("not UTF-8", new byte[]{'l', 'o', 'c', 'a', 'l', 's', ' ', '{', (byte) 0xFF, '}'}),
                Arguments.of("garbage", "\u0000\u0001}}}{{{\"\n<<<EOF".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("an empty file", new byte[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFiles")
    void a_hostile_file_ends_in_a_clean_verdict(String what, byte[] main) {
        Instant started = Instant.now();
        GradeReport report = graders.on("servers").grade(LAB, Submission.of(Map.of("main.tf", main,
                "variables.tf", EMPTY_VARIABLES.getBytes(StandardCharsets.UTF_8))));
        assertThat(Duration.between(started, Instant.now())).as("only a hang takes this long").isLessThan(Duration.ofSeconds(60));
        assertThat(report.verdict()).as(describe(report)).isIn(Verdict.ERROR, Verdict.FAILED);
        assertThat(report.attempts()).isEqualTo(1);
        if (report.checks().isEmpty()) {
            assertThat(report.message()).as("refused before any check ran, saying why").isNotBlank();
        } else {
            assertThat(report.checks()).filteredOn(c -> !c.passed()).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.message()).isNotBlank());
        }
    }

    @Test
    void a_warm_grading_takes_well_under_three_seconds() {
        Submission solution = labs.get(LAB).solution();
        for (int i = 0; i < 5; i++) {
            graders.on("servers").grade(LAB, solution);
        }
        long slowest = 0;
        long total = 0;
        int runs = 20;
        for (int i = 0; i < runs; i++) {
            Instant started = Instant.now();
            GradeReport report = graders.on("servers").grade(LAB, solution);
            long took = Duration.between(started, Instant.now()).toMillis();
            assertThat(report.verdict()).isEqualTo(Verdict.PASSED);
            slowest = Math.max(slowest, took);
            total += took;
        }
        System.out.printf("infrastructure-as-code warm grading: mean %d ms, slowest %d ms over %d runs%n",
                total / runs, slowest, runs);
        assertThat(slowest).isLessThan(3_000);
    }

    private static String design(String name, String file) throws IOException {
        String path = "designs/" + LAB + "/" + name + "/" + file;
        try (InputStream in = InfrastructureAsCodeLabTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String describe(GradeReport report) {
        return "report:\n" + ReportJson.writePretty(report);
    }
}
