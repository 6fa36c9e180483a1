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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tenant-isolation refuses no correct design (src/test/resources/designs/tenant-isolation/), ends every hostile
 * rls.sql in a clean verdict that never passes what does not isolate tenants, and grades alike run after run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationDesignsTest {

    private static final Logger LOG = LoggerFactory.getLogger(TenantIsolationDesignsTest.class);
    private static final String LAB = "tenant-isolation";
    private static final String FILE = "rls.sql";

    private final LabCatalog labs = LabCatalog.fromClasspath(TenantIsolationDesignsTest.class.getClassLoader());
    private ProviderGraders graders;

    @BeforeAll
    void start_graders() {
        graders = new ProviderGraders(labs);
    }

    @AfterAll
    void stop_graders() {
        graders.close();
    }

    static Stream<Arguments> onEachProvider(String... designs) {
        return ProviderGraders.PROVIDERS.stream().flatMap(p -> Stream.of(designs).map(d -> Arguments.of(p, d)));
    }

    static Stream<Arguments> correctDesigns() {
        return onEachProvider("for-all-using-only", "restrictive-plus-permissive", "stable-function", "invoker-report",
                "per-command", "trigger-pins-tenant", "hostile-quiet-owner-session");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("correctDesigns")
    void another_correct_design_scores_full_marks(String provider, String design) throws IOException {
        GradeReport report = graders.on(provider).grade(LAB, design(design));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.PASSED);
        assertThat(report.score()).isEqualTo(report.maxScore());
    }

    static Stream<Arguments> hostileDesignsThatIsolateNothing() {
        return onEachProvider("hostile-drops-table", "hostile-disables-at-the-end", "hostile-shadows-the-catalog",
                "hostile-view-in-its-place");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hostileDesignsThatIsolateNothing")
    void sql_that_takes_the_protection_away_scores_nothing_whatever_it_fakes(String provider, String design)
            throws IOException {
        GradeReport report = graders.on(provider).grade(LAB, design(design));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.FAILED);
        assertThat(report.score()).as(describe(report)).isZero();
        assertThat(report.checks()).extracting(CheckResult::verdict).as(describe(report)).containsOnly(Verdict.FAILED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void granting_app_user_truncate_fails_the_check_of_other_tenants_rows(String provider) throws IOException {
        GradeReport report = graders.on(provider).grade(LAB, design("hostile-grants-truncate"));
        assertThat(notPassed(report)).as(describe(report)).containsExactly("tenants-cannot-change-other-tenants-invoices");
        assertThat(report.checks().get(2).message()).contains("TRUNCATE invoices", "emptied the table");
        assertThat(report.checks().get(2).hint()).contains("app_user may TRUNCATE invoices");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void an_error_that_quotes_a_customer_is_a_leak(String provider) throws IOException {
        GradeReport report = graders.on(provider).grade(LAB, design("hostile-leaks-in-errors"));
        CheckResult noTenant = report.checks().get(1);
        assertThat(noTenant.verdict()).as(describe(report)).isEqualTo(Verdict.FAILED);
        assertThat(noTenant.message()).contains("was refused with an error that names a customer",
                "invalid input syntax for type integer");
        assertThat(report.checks().get(0).passed()).as(describe(report)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void a_security_definer_function_without_its_own_search_path_is_named(String provider) throws IOException {
        GradeReport report = graders.on(provider).grade(LAB, design("definer-without-search-path"));
        assertThat(notPassed(report)).as(describe(report)).containsExactly("the-reporting-function-opens-no-hole");
        assertThat(report.checks().get(5).message()).startsWith("app_user may call public.open_invoice_count(),"
                + " which is SECURITY DEFINER and takes its caller's search_path");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void sql_the_owner_may_not_run_is_an_error_naming_its_line(String provider) throws IOException {
        GradeReport report = graders.on(provider).grade(LAB, design("hostile-alters-app-user"));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.ERROR);
        assertThat(report.checks().get(0).message()).as(describe(report)).startsWith("rls.sql, line 2: ERROR:")
                .contains("permission denied");
        GradeReport garbage = graders.on(provider).grade(LAB, design("hostile-garbage"));
        assertThat(garbage.verdict()).as(describe(garbage)).isEqualTo(Verdict.ERROR);
        assertThat(garbage.checks().get(0).message()).startsWith("rls.sql, line 2: ERROR: syntax error");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void sql_that_never_ends_times_out(String provider) throws IOException {
        GradeReport report = graders.on(provider).grade(LAB, design("hostile-never-ends"));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.TIMEOUT);
        assertThat(report.checks()).extracting(CheckResult::verdict).containsOnly(Verdict.TIMEOUT);
        assertThat(report.score()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void a_file_that_is_not_sql_at_all_is_an_error(String provider) {
        Map<String, byte[]> unreadable = new LinkedHashMap<>();
        unreadable.put("not UTF-8", new byte[] {(byte) 0xff, (byte) 0xfe, 'A', 'L', 'T', 'E', 'R', (byte) 0xc3});
        unreadable.put("too big", ("-- " + "x".repeat(80) + "\n").repeat(1_000).getBytes(StandardCharsets.UTF_8));
        unreadable.put("nested too deep", ("SELECT " + "(".repeat(30_000) + "1" + ")".repeat(30_000) + ";\n")
                .getBytes(StandardCharsets.UTF_8));
        unreadable.put("binary garbage", garbage());
        for (var entry : unreadable.entrySet()) {
            GradeReport report = graders.on(provider).grade(LAB, Submission.of(Map.of(FILE, entry.getValue())));
            assertThat(report.verdict()).as(entry.getKey() + "\n" + describe(report)).isEqualTo(Verdict.ERROR);
            assertThat(report.score()).isZero();
            String said = report.message() + report.checks().stream().map(CheckResult::message)
                    .collect(Collectors.joining());
            assertThat(said).as(entry.getKey()).contains(FILE);
        }
    }

    Stream<String> providers() {
        return ProviderGraders.PROVIDERS.stream();
    }

    /**
     * The same submission, graded five times on the same grader, gets the same verdict, score and checks each time:
     * nothing the checks judge depends on timing or on what an earlier run left behind.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void every_bundled_submission_grades_alike_five_times_in_a_row(String provider) {
        Lab lab = labs.get(LAB);
        Map<String, Submission> submissions = new LinkedHashMap<>();
        submissions.put("solution", lab.solution());
        submissions.put("starter", lab.starter());
        lab.definition().wrong().keySet().forEach(w -> submissions.put("wrong/" + w, lab.wrong(w)));
        List<Long> warm = new ArrayList<>();
        for (var entry : submissions.entrySet()) {
            GradeReport first = graders.on(provider).grade(LAB, entry.getValue());
            for (int i = 1; i < 5; i++) {
                GradeReport again = graders.on(provider).grade(LAB, entry.getValue());
                assertThat(again.verdict()).as(entry.getKey() + " run " + (i + 1)).isEqualTo(first.verdict());
                assertThat(again.score()).as(entry.getKey() + " run " + (i + 1)).isEqualTo(first.score());
                assertThat(notPassed(again)).as(entry.getKey() + " run " + (i + 1)).isEqualTo(notPassed(first));
                warm.add(again.timings().totalMillis());
            }
        }
        warm.sort(null);
        LOG.info("tenant-isolation on {}: {} warm gradings, p50 {} ms, p95 {} ms, max {} ms", provider, warm.size(),
                warm.get(warm.size() / 2), warm.get(warm.size() * 95 / 100), warm.get(warm.size() - 1));
    }

    private static Set<String> notPassed(GradeReport report) {
        return report.checks().stream().filter(c -> !c.passed()).map(CheckResult::id)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static byte[] garbage() {
        byte[] bytes = new byte[4_096];
        new java.util.Random(11).nextBytes(bytes);
        return bytes;
    }

    private static Submission design(String name) throws IOException {
        String path = "designs/" + LAB + "/" + name + "/" + FILE;
        try (InputStream in = TenantIsolationDesignsTest.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return Submission.of(Map.of(FILE, in.readAllBytes()));
        }
    }

    private static String describe(GradeReport report) {
        return "report:\n" + ReportJson.writePretty(report);
    }
}
