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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * background-jobs accepts other correct designs than its solution folder's (settings in policies, an export with
 * empty user lists and vhost fields; a topic exchange and dead-lettering through the default exchange), ends hostile
 * documents with a clean error, and grades the same submission the same way every time. The designs live in
 * src/test/resources/designs/background-jobs/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackgroundJobsDesignsTest {

    private static final String LAB = "background-jobs";
    private static final String FILE = "definitions.json";

    private final LabCatalog labs = LabCatalog.fromClasspath(BackgroundJobsDesignsTest.class.getClassLoader());
    private ProviderGraders graders;

    @BeforeAll
    void start_graders() {
        graders = new ProviderGraders(LabCatalog.of(List.of(labs.get(LAB))));
    }

    @AfterAll
    void stop_graders() {
        graders.close();
    }

    Stream<Arguments> correctDesignsOnEachProvider() {
        return ProviderGraders.PROVIDERS.stream().flatMap(p -> Stream.of("policies", "topic-and-default-exchange")
                .map(design -> Arguments.of(p, design)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("correctDesignsOnEachProvider")
    void another_correct_design_scores_full_marks(String provider, String design) throws IOException {
        GradeReport report = graders.on(provider).grade(LAB, design(design));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.PASSED);
        assertThat(report.score()).isEqualTo(report.maxScore());
    }

    Stream<Arguments> hostileDocumentsOnEachProvider() {
        String manyQueues = IntStream.range(0, 2_000).mapToObj(i -> "{\"name\": \"q" + i + "\"}")
                .collect(Collectors.joining(",", "{\"queues\": [", "]}"));
        return ProviderGraders.PROVIDERS.stream().flatMap(p -> Stream.of(
                Arguments.of(p, "not JSON", "{\n  \"queues\": [\n    {\"name\": \"emails\"\n", "definitions.json, line"),
                Arguments.of(p, "garbage", "\u0007\u00ff\u0001 garbage", "definitions.json, line 1: not JSON"),
                Arguments.of(p, "deeply nested", "{\"queues\": [{\"name\": \"q\", \"arguments\": {\"x\": "
                        + "[".repeat(20_000) + "]".repeat(20_000) + "}}]}", "nesting depth"),
                Arguments.of(p, "a user", "{\"queues\": [],\n \"users\": [{\"name\": \"me\", \"password\": \"x\", "
                        + "\"tags\": \"administrator\"}]}", "definitions.json, line 2: \"users\" is refused"),
                Arguments.of(p, "more queues than the vhost may hold", manyQueues, "RabbitMQ refused the definitions"),
                Arguments.of(p, "arguments RabbitMQ refuses", "{\"queues\": [{\"name\": \"emails\", \"durable\": true,"
                        + " \"arguments\": {\"x-queue-type\": \"quorum\", \"x-max-length\": \"lots\"}}]}",
                        "RabbitMQ refused the definitions")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileDocumentsOnEachProvider")
    void a_hostile_document_ends_with_a_clean_error(String provider, String what, String document, String message) {
        GradeReport report = graders.on(provider).grade(LAB, Submission.ofText(Map.of(FILE, document)));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.ERROR);
        assertThat(report.checks()).extracting(CheckResult::verdict).as(describe(report)).containsOnly(Verdict.ERROR);
        assertThat(report.checks().getFirst().message()).as(describe(report)).contains(message);
    }

    @Test
    void a_file_that_is_not_utf8_or_too_large_is_refused_before_any_check_runs() {
        GradeReport notText = graders.on("servers").grade(LAB, Submission.of(Map.of(FILE,
                new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'})));
        assertThat(notText.verdict()).as(describe(notText)).isEqualTo(Verdict.ERROR);
        assertThat(notText.message()).as(describe(notText)).contains("definitions.json").contains("UTF-8");
        byte[] huge = ("{\"queues\": [" + " ".repeat(200_000) + "]}").getBytes(StandardCharsets.UTF_8);
        GradeReport tooLarge = graders.on("servers").grade(LAB, Submission.of(Map.of(FILE, huge)));
        assertThat(tooLarge.verdict()).as(describe(tooLarge)).isEqualTo(Verdict.ERROR);
        assertThat(tooLarge.message()).as(describe(tooLarge)).contains("the limit is 64 KB");
    }

    /** The reference and every wrong solution, five times in a row: the same verdict and score each time. */
    @Test
    void the_same_submission_gets_the_same_verdict_every_time() {
        Lab lab = labs.get(LAB);
        List<Map.Entry<String, Submission>> submissions = new ArrayList<>();
        submissions.add(Map.entry("solution", lab.solution()));
        lab.definition().wrong().keySet().forEach(w -> submissions.add(Map.entry(w, lab.wrong(w))));
        for (Map.Entry<String, Submission> submission : submissions) {
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                GradeReport report = graders.on("servers").grade(LAB, submission.getValue());
                outcomes.add(report.verdict() + " " + report.score() + " " + report.checks().stream()
                        .map(c -> c.id() + "=" + c.verdict()).toList());
            }
            assertThat(outcomes).as(submission.getKey()).containsOnly(outcomes.getFirst());
        }
    }

    private static Submission design(String name) throws IOException {
        String path = "designs/" + LAB + "/" + name + "/" + FILE;
        try (InputStream in = BackgroundJobsDesignsTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return Submission.of(Map.of(FILE, in.readAllBytes()));
        }
    }

    private static String describe(GradeReport report) {
        return "report:\n" + ReportJson.writePretty(report);
    }
}
