package dev.roadlab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.Grader;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.testing.TestSandboxes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * grpc-contract beyond what BundledLabsTest proves: other correct designs score full marks, the starter is v1 and
 * scores nothing, verdicts repeat exactly, a warm grading is fast, and hostile files end in a clean verdict. The
 * lab needs no sandbox, so one grader serves every test. The designs live in
 * src/test/resources/designs/grpc-contract/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcContractLabTest {

    private static final String LAB = "grpc-contract";
    private static final String FILE = "orders.proto";
    private static final Logger LOG = LoggerFactory.getLogger(GrpcContractLabTest.class);

    private final Lab lab = LabCatalog.fromClasspath(GrpcContractLabTest.class.getClassLoader()).get(LAB);
    private Grader grader;

    @BeforeAll
    void start_grader() {
        grader = Grader.create(LabCatalog.of(List.of(lab)), TestSandboxes.servers());
    }

    @AfterAll
    void stop_grader() {
        grader.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"paged-history", "stream-of-pages", "enum-currency-and-comments"})
    void another_correct_design_scores_full_marks(String design) throws IOException {
        GradeReport report = grade(design(design));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.PASSED);
        assertThat(report.score()).isEqualTo(report.maxScore()).isEqualTo(lab.maxScore());
    }

    @Test
    void the_starter_is_the_given_v1_unchanged_and_no_check_passes_for_it() {
        assertThat(lab.starter().bytes(FILE)).get()
                .isEqualTo(lab.text(GrpcContractChecks.GIVEN).orElseThrow().getBytes(StandardCharsets.UTF_8));
        GradeReport report = grade(lab.starter());
        assertThat(report.score()).as(describe(report)).isZero();
        assertThat(report.checks()).extracting(CheckResult::verdict).containsOnly(Verdict.FAILED);
        assertThat(report.checks().subList(5, report.checks().size())).extracting(CheckResult::message)
                .allSatisfy(m -> assertThat(m).startsWith("This check scores once the change request is in "));
    }

    @Test
    void the_instructions_show_the_given_contract_as_it_is() {
        String given = lab.text(GrpcContractChecks.GIVEN).orElseThrow();
        assertThat(lab.instructions()).contains("```protobuf\n" + given + "```");
    }

    @Test
    void a_partial_change_request_is_named_by_what_it_still_lacks() {
        String onlyCurrency = lab.starter().bytes(FILE).map(b -> new String(b, StandardCharsets.UTF_8)).orElseThrow()
                .replace("  int64 created_at = 7;\n", "  int64 created_at = 7;\n  string currency_code = 9;\n");
        GradeReport report = grade(text(onlyCurrency));
        assertThat(report.checks().get(0).verdict()).as(describe(report)).isEqualTo(Verdict.PASSED);
        assertThat(report.checks().get(5).message()).as(describe(report)).contains("Still missing: an enum for the "
                + "order's status, the address as a message, a call for a customer's order history.");
    }

    @Test
    void the_reference_and_every_wrong_solution_grade_the_same_five_times_in_a_row() {
        List<Submission> submissions = new ArrayList<>(List.of(lab.solution(), lab.starter()));
        lab.definition().wrong().keySet().forEach(w -> submissions.add(lab.wrong(w)));
        for (Submission submission : submissions) {
            List<String> outcomes = IntStream.range(0, 5).mapToObj(i -> grade(submission))
                    .map(r -> r.verdict() + " " + r.score() + " " + r.checks().stream()
                            .map(c -> c.id() + "=" + c.verdict() + ":" + c.message()).collect(Collectors.joining("|")))
                    .toList();
            assertThat(outcomes).as(submission.toString()).containsOnly(outcomes.get(0));
        }
    }

    @Test
    void a_warm_grading_takes_well_under_a_second() {
        for (int i = 0; i < 5; i++) {
            grade(lab.solution());
        }
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long started = System.nanoTime();
            assertThat(grade(i % 2 == 0 ? lab.solution() : lab.wrong("price-becomes-a-string")).checks()).hasSize(11);
            millis.add((System.nanoTime() - started) / 1_000_000);
        }
        List<Long> sorted = millis.stream().sorted().toList();
        long p50 = sorted.get(sorted.size() / 2);
        LOG.info("grpc-contract warm grading over 20 runs (reference and a wrong solution alternately): p50 {} ms, "
                + "p95 {} ms, max {} ms", p50, sorted.get(18), sorted.get(19));
        assertThat(p50).isLessThan(1_000);
    }

    // --- hostile files: each ends in a clean verdict, never infrastructure ---

    @Test
    void a_file_over_the_size_limit_is_refused_before_it_is_parsed() {
        GradeReport report = grade(text(reference() + "// padding\n".repeat(100_000)));
        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.message()).contains(FILE).contains("the limit is 64 KB");
    }

    @Test
    void deeply_nested_messages_are_an_error_with_the_line_not_a_stack_overflow() {
        String nested = "syntax = \"proto3\";\npackage orders.v1;\n" + "message M {\n".repeat(1_000)
                + "}\n".repeat(1_000);
        assertError(grade(text(nested)), "orders.proto, line 35: declarations nested more than 32 levels deep");
        String option = "syntax = \"proto3\";\npackage orders.v1;\nmessage M {\n  option (x) = "
                + "{a: ".repeat(5_000) + "1" + "}".repeat(5_000) + ";\n}\n";
        assertError(grade(text(option)), "orders.proto, line 4: declarations nested more than 32 levels deep");
    }

    @Test
    void an_import_of_a_file_the_grader_does_not_have_is_refused_with_its_line() {
        String imports = reference().replace("package orders.v1;\n",
                "package orders.v1;\n\nimport \"google/protobuf/timestamp.proto\";\nimport \"common/money.proto\";\n");
        assertError(grade(text(imports)), "orders.proto, line 7: imports \"common/money.proto\", which the grader "
                + "does not have");
        String wireOwn = reference().replace("package orders.v1;\n",
                "package orders.v1;\nimport \"wire/extensions.proto\";\n");
        assertError(grade(text(wireOwn)), "orders.proto, line 5: imports \"wire/extensions.proto\"");
    }

    @Test
    void a_well_known_type_import_is_fine() throws IOException {
        assertThat(grade(design("paged-history")).verdict()).isEqualTo(Verdict.PASSED);
    }

    @Test
    void proto2_and_proto3_confusion_is_an_error_or_a_failure_never_a_crash() {
        assertError(grade(text(reference().replace("syntax = \"proto3\";", "syntax = \"proto2\";"))),
                "orders.proto, line 30, column 3: unexpected label: string");
        String noSyntax = reference().replace("syntax = \"proto3\";\n", "");
        GradeReport missing = grade(text(noSyntax));
        assertError(missing, "unexpected label");
        assertThat(missing.checks().get(0).message()).contains("without `syntax = \"proto3\";` as its first "
                + "statement a file is read as proto2");
        assertError(grade(text(reference().replace("  string customer_id = 1;\n  repeated LineItem items = 2;",
                "  required string customer_id = 1;\n  repeated LineItem items = 2;"))),
                "'required' label forbidden in proto3 field declarations");

        String proto2 = reference().replace("syntax = \"proto3\";", "syntax = \"proto2\";")
                .replaceAll("(?m)^(\\s+)((?:string|int32|int64|OrderStatus|Address) \\w+ = \\d+)", "$1optional $2");
        GradeReport valid = grade(text(proto2));
        assertThat(valid.verdict()).as(describe(valid)).isEqualTo(Verdict.FAILED);
        assertThat(valid.checks()).filteredOn(c -> c.id().equals("old-calls-and-messages-keep-their-names"))
                .singleElement().satisfies(c -> assertThat(c.message()).contains("The file is proto2, was proto3 "
                        + "(FILE_SAME_SYNTAX)"));
    }

    @Test
    void a_file_that_is_not_utf8_is_an_error() {
        byte[] latin1 = ("// \u00dcbersicht der Bestellungen\n" + reference()).getBytes(StandardCharsets.ISO_8859_1);
        GradeReport report = grade(Submission.of(Map.of(FILE, latin1)));
        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.message()).isEqualTo("orders.proto is not UTF-8 text");
    }

    @Test
    void a_file_with_nul_bytes_is_refused_before_any_check() {
        GradeReport report = grade(text("\u0000\u0001\u0002 binary"));
        assertThat(report.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.checks()).isEmpty();
        assertThat(report.message()).startsWith("orders.proto contains a NUL byte (line 1)");
    }

    @Test
    void garbage_and_syntax_errors_are_errors_naming_the_line() {
        assertError(grade(text("SELECT * FROM orders;\n")), "orders.proto, line 1, column 1: unexpected label: SELECT");
        assertError(grade(text(reference().replace("  string sku = 1;", "  string sku = 1"))),
                "orders.proto, line 67, column 4: expected ';' but was 'i'");
        assertError(grade(text("\u0001\u0002\u0003 binary")), "orders.proto, line 1, column 1:");
        assertError(grade(text(reference().replace("  string sku = 1;", "  Sku sku = 1;"))),
                "orders.proto, line 66: unable to resolve Sku");
        assertError(grade(text(reference().replace("  string currency_code = 9;", "  string currency_code = 8;"))),
                "orders.proto, line 41: tag 8 is reserved (line 27) for field currency_code (line 41)");
        assertError(grade(text(reference().replace("syntax = \"proto3\";", "edition = \"2023\";"))),
                "edition is not currently supported");
    }

    @Test
    void many_messages_a_wide_message_and_a_recursive_one_still_grade_cleanly() {
        StringBuilder extra = new StringBuilder();
        for (int i = 0; i < 1_000; i++) {
            extra.append("message Extra").append(i).append(" { string a = 1; int32 b = 2; }\n");
        }
        String many = reference() + extra;
        assertThat(many.length()).isBetween(50_000, 64 * 1024);
        GradeReport report = grade(text(many));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.PASSED);

        StringBuilder wide = new StringBuilder("  Order parent = 99;\n");
        for (int i = 100; i < 2_600; i++) {
            wide.append("  int32 f").append(i).append(" = ").append(i).append(";\n");
        }
        String wideAndRecursive = reference().replace("  Address delivery_address = 11;\n",
                "  Address delivery_address = 11;\n" + wide);
        assertThat(wideAndRecursive.length()).isLessThan(64 * 1024);
        GradeReport recursive = grade(text(wideAndRecursive));
        assertThat(recursive.verdict()).as(describe(recursive)).isEqualTo(Verdict.PASSED);
    }

    private void assertError(GradeReport report, String firstMessage) {
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.ERROR);
        assertThat(report.checks().get(0).verdict()).isEqualTo(Verdict.ERROR);
        assertThat(report.checks().get(0).message()).as(describe(report)).contains(firstMessage);
        assertThat(report.checks().subList(1, report.checks().size())).extracting(CheckResult::message)
                .containsOnly("Not graded: orders.proto did not compile (see the first failing check).");
    }

    private GradeReport grade(Submission submission) {
        return grader.grade(LAB, submission);
    }

    private String reference() {
        return new String(lab.solution().bytes(FILE).orElseThrow(), StandardCharsets.UTF_8);
    }

    private static Submission text(String proto) {
        return Submission.ofText(Map.of(FILE, proto));
    }

    private static Submission design(String name) throws IOException {
        String path = "designs/" + LAB + "/" + name + "/" + FILE;
        try (InputStream in = GrpcContractLabTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return Submission.of(Map.of(FILE, in.readAllBytes()));
        }
    }

    private static String describe(GradeReport report) {
        return "report:\n" + ReportJson.writePretty(report);
    }
}
