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
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * stateless-deployment beyond what BundledLabsTest proves for every lab: it accepts other correct designs and
 * Roadlab's own deployment, scores its starter 0, gives the same verdicts every time, ends hostile files in a
 * clean verdict, and grades warm well within its budget.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatelessDeploymentLabTest {

    static final String LAB = "stateless-deployment";
    static final String FILE = "app.yaml";
    /** Roadlab's own manifests, from the labs module's folder. */
    static final Path ROADLAB_DEPLOYMENT = Path.of("..", "deploy", "kubernetes.yaml");

    private final LabCatalog labs = LabCatalog.fromClasspath(StatelessDeploymentLabTest.class.getClassLoader());
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
        return ProviderGraders.PROVIDERS.stream().flatMap(p -> Stream.of("autoscaled", "flow-style")
                .map(design -> Arguments.of(p, design)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("designsOnEachProvider")
    void another_correct_design_scores_full_marks(String provider, String design) throws IOException {
        GradeReport report = graders.on(provider).grade(LAB, Submission.ofText(Map.of(FILE, design(design))));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.PASSED);
        assertThat(report.score()).isEqualTo(report.maxScore());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void roadlabs_own_deployment_passes_its_own_lab(String provider) throws IOException {
        String manifests = Files.readString(ROADLAB_DEPLOYMENT);
        GradeReport report = graders.on(provider).grade(LAB, Submission.ofText(Map.of(FILE, manifests)));
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
        StringBuilder deep = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ");
        deep.append("[".repeat(30_000)).append("]".repeat(30_000)).append('\n');
        StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 40; i++) {
            laughs.append("b").append(i).append(": &b").append(i).append(" [").append(i == 1 ? "*a" : "*b" + (i - 1))
                    .append(", ").append(i == 1 ? "*a" : "*b" + (i - 1)).append("]\n");
        }
        StringBuilder wide = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: wide}\ndata:\n");
        for (int i = 0; wide.length() < 60_000; i++) {
            wide.append("  k").append(i).append(": v\n");
        }
        String longValue = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n"
                + "      image: x:1\n      env:\n        - name: " + "A_".repeat(10_000) + "URL\n          value: \""
                + "a".repeat(30_000) + "://" + "b:".repeat(5_000) + "\"\n";
        return Stream.of(
                Arguments.of("deeply nested", deep.toString().getBytes(StandardCharsets.UTF_8)),
                Arguments.of("a billion laughs", laughs.toString().getBytes(StandardCharsets.UTF_8)),
                Arguments.of("60 KB of keys", wide.toString().getBytes(StandardCharsets.UTF_8)),
                Arguments.of("long names and values", longValue.getBytes(StandardCharsets.UTF_8)),
                Arguments.of("not UTF-8", new byte[]{'k', 'i', 'n', 'd', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'}),
                Arguments.of("garbage", "\u0000\u0001{{[[:::]]}}\t- -\n\"unterminated".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("an empty file", new byte[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFiles")
    void a_hostile_file_ends_in_a_clean_verdict(String what, byte[] content) {
        Instant started = Instant.now();
        GradeReport report = graders.on("servers").grade(LAB, Submission.of(Map.of(FILE, content)));
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
        System.out.printf("stateless-deployment warm grading: mean %d ms, slowest %d ms over %d runs%n",
                total / runs, slowest, runs);
        assertThat(slowest).isLessThan(3_000);
    }

    private static String design(String name) throws IOException {
        String path = "designs/" + LAB + "/" + name + "/" + FILE;
        try (InputStream in = StatelessDeploymentLabTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String describe(GradeReport report) {
        return "report:\n" + ReportJson.writePretty(report);
    }
}
