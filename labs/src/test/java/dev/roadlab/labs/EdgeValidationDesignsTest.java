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
import java.util.LinkedHashMap;
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
 * edge-validation accepts correct schemas in other styles than its solution's ($defs and $ref,
 * unevaluatedProperties over allOf, prefixItems with items: false and anchors), grades the same way every time, and
 * ends hostile schemas in clean verdicts: error with the line for what cannot be used, timeout for a pattern that
 * backtracks. The designs live in src/test/resources/designs/edge-validation/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EdgeValidationDesignsTest {

    private static final String LAB = "edge-validation";
    private static final String FILE = "order.schema.json";

    private final LabCatalog labs = LabCatalog.fromClasspath(EdgeValidationDesignsTest.class.getClassLoader());
    private ProviderGraders graders;

    @BeforeAll
    void start_graders() {
        graders = new ProviderGraders(labs);
    }

    @AfterAll
    void stop_graders() {
        graders.close();
    }

    Stream<Arguments> correctDesignsOnEachProvider() {
        return ProviderGraders.PROVIDERS.stream()
                .flatMap(p -> Stream.of("defs-and-refs", "unevaluated-properties", "tuples-and-anchors")
                        .map(design -> Arguments.of(p, design)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("correctDesignsOnEachProvider")
    void another_correct_design_scores_full_marks(String provider, String design) throws IOException {
        GradeReport report = graders.on(provider).grade(LAB, design(design));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.PASSED);
        assertThat(report.score()).isEqualTo(report.maxScore());
    }

    @Test
    void the_reference_and_every_wrong_solution_grade_the_same_five_times_in_a_row() {
        Lab lab = labs.get(LAB);
        Map<String, Submission> submissions = new LinkedHashMap<>();
        submissions.put("solution", lab.solution());
        submissions.put("starter", lab.starter());
        lab.definition().wrong().keySet().forEach(w -> submissions.put(w, lab.wrong(w)));
        List<Long> warm = new ArrayList<>();
        for (var entry : submissions.entrySet()) {
            GradeReport first = graders.on("servers").grade(LAB, entry.getValue());
            for (int i = 0; i < 5; i++) {
                Instant started = Instant.now();
                GradeReport again = graders.on("servers").grade(LAB, entry.getValue());
                warm.add(Duration.between(started, Instant.now()).toMillis());
                assertThat(again.verdict()).as(entry.getKey()).isEqualTo(first.verdict());
                assertThat(again.score()).as(entry.getKey()).isEqualTo(first.score());
                assertThat(again.checks()).extracting(CheckResult::verdict).as(entry.getKey())
                        .isEqualTo(first.checks().stream().map(CheckResult::verdict).toList());
                assertThat(again.checks()).extracting(CheckResult::message).as(entry.getKey())
                        .isEqualTo(first.checks().stream().map(CheckResult::message).toList());
            }
        }
        List<Long> sorted = warm.stream().sorted().toList();
        System.out.printf("edge-validation warm grading over %d runs: p50 %d ms, p95 %d ms, max %d ms%n", sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 95 / 100), sorted.getLast());
    }

    @Test
    void the_starter_scores_nothing() {
        GradeReport report = graders.on("servers").grade(LAB, labs.get(LAB).starter());
        assertThat(report.score()).as(describe(report)).isZero();
        assertThat(report.checks()).extracting(CheckResult::verdict).containsOnly(Verdict.FAILED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"true", "false", "{}", "{\"type\": \"object\"}", "{\"type\": \"object\", \"additionalProperties\": false}"})
    void a_schema_that_does_no_work_scores_nothing(String schema) {
        GradeReport report = grade(schema);
        assertThat(report.score()).as(describe(report)).isZero();
    }

    @Test
    void a_schema_that_refuses_everything_earns_no_refusal() {
        GradeReport report = grade("{\"not\": {}}");
        assertThat(report.score()).as(describe(report)).isZero();
        assertThat(report.checks().get(1).message()).contains("Refusing everything defends nothing");
    }

    Stream<Arguments> unusableSchemas() {
        return Stream.of(
                Arguments.of("not JSON", "{\n  \"type\": \"object\",\n  \"properties\": {\n}\n", "line 5"),
                Arguments.of("a trailing comma", "{\"type\": \"object\",\n \"required\": [\"items\",]}", "line 2, column 23"),
                Arguments.of("a duplicate key", "{\"type\": \"object\",\n \"type\": \"array\"}", "Duplicate Object property \"type\""),
                Arguments.of("an empty file", "", "is empty"),
                Arguments.of("an array", "[{\"type\": \"object\"}]", "not a schema"),
                Arguments.of("a misspelt type", "{\"type\": \"object\",\n \"properties\": {\"currency\": {\"type\": \"strnig\"}}}",
                        "line 2, column 30 (/properties/currency/type): \"strnig\": does not have a value in the enumeration"),
                Arguments.of("a bound that is a string", "{\"properties\": {\"items\": {\"maxItems\": \"6\"}}}",
                        "/properties/items/maxItems"),
                Arguments.of("another draft", "{\"$schema\": \"http://json-schema.org/draft-07/schema#\"}", "draft 2020-12"),
                Arguments.of("a remote reference", "{\"$ref\": \"https://evil.example/order.json\"}", "leads outside"),
                Arguments.of("a file reference", "{\"$ref\": \"file:///etc/passwd\"}", "leads outside"),
                Arguments.of("a reference to nothing", "{\"properties\": {\"items\": {\"$ref\": \"#/$defs/lines\"}}}",
                        "has no /$defs/lines"),
                Arguments.of("a pattern that is not a regex", "{\"properties\": {\"coupon\": {\"pattern\": \"^[A-Z\"}}}",
                        "/properties/coupon/pattern"),
                Arguments.of("nesting 300 levels deep", "{\"not\": ".repeat(300) + "{}" + "}".repeat(300), "more than 200 levels deep"),
                Arguments.of("alternatives that multiply", "{\"allOf\": [" + String.join(",", java.util.Collections.nCopies(12,
                        "{\"anyOf\": [{\"type\": \"object\"}, {\"type\": \"object\", \"minProperties\": 1}]}")) + "]}",
                        "more than 256 cases"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableSchemas")
    void a_schema_that_cannot_be_used_is_an_error_naming_the_place(String what, String schema, String expected) {
        Instant started = Instant.now();
        GradeReport report = grade(schema);
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.ERROR);
        assertThat(report.checks()).extracting(CheckResult::verdict).as(describe(report)).containsOnly(Verdict.ERROR);
        assertThat(report.checks().getFirst().message()).as(describe(report)).startsWith(FILE).contains(expected);
        assertThat(report.checks()).extracting(CheckResult::hint).as("the message says it all").containsOnly("");
        assertThat(ReportJson.write(report)).doesNotContain("root:x:0:0");
        assertThat(Duration.between(started, Instant.now())).as("only a hang takes this long").isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void a_file_that_is_not_utf8_is_an_error() {
        byte[] latin1 = "{\"title\": \"Bestellung f\u00fcr M\u00fcnchen\"}".getBytes(StandardCharsets.ISO_8859_1);
        GradeReport report = graders.on("servers").grade(LAB, Submission.of(Map.of(FILE, latin1)));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.ERROR);
        assertThat(report.message()).contains(FILE + " is not UTF-8");
    }

    @Test
    void a_file_over_64_kb_is_refused_before_it_is_read() {
        String huge = "{\"$comment\": \"" + "x".repeat(70_000) + "\"}";
        GradeReport report = grade(huge);
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.ERROR);
        assertThat(report.message()).contains(FILE).contains("64 KB");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void a_pattern_that_backtracks_catastrophically_is_a_timeout_naming_it(String provider) throws IOException {
        String solution = new String(labs.get(LAB).solution().bytes(FILE).orElseThrow(), StandardCharsets.UTF_8);
        String catastrophic = solution.replace("\"name\": { \"type\": \"string\", \"minLength\": 1, \"maxLength\": 100 }",
                "\"name\": { \"type\": \"string\", \"minLength\": 1, \"maxLength\": 100, \"pattern\": \"^(\\\\w+\\\\s?){1,20}$\" }");
        assertThat(catastrophic).isNotEqualTo(solution);
        Instant started = Instant.now();
        GradeReport report = graders.on(provider).grade(LAB, Submission.ofText(Map.of(FILE, catastrophic)));
        assertThat(Duration.between(started, Instant.now())).as("only a hang takes this long").isLessThan(Duration.ofSeconds(60));
        CheckResult valid = report.checks().getFirst();
        assertThat(valid.verdict()).as(describe(report)).isEqualTo(Verdict.TIMEOUT);
        assertThat(valid.message()).contains("^(\\w+\\s?){1,20}$").contains("/properties/shippingAddress/properties/name")
                .contains("backtracks catastrophically");
        assertThat(report.verdict()).isEqualTo(Verdict.TIMEOUT);
        GradeReport next = graders.on(provider).grade(LAB, labs.get(LAB).solution());
        assertThat(next.verdict()).as("the next run is unaffected").isEqualTo(Verdict.PASSED);
    }

    private GradeReport grade(String schema) {
        return graders.on("servers").grade(LAB, Submission.ofText(Map.of(FILE, schema)));
    }

    private static Submission design(String name) throws IOException {
        String path = "designs/" + LAB + "/" + name + "/" + FILE;
        try (InputStream in = EdgeValidationDesignsTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return Submission.of(Map.of(FILE, in.readAllBytes()));
        }
    }

    private static String describe(GradeReport report) {
        return "report:\n" + ReportJson.writePretty(report);
    }
}
