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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * secure-headers accepts correct front servers in other styles than its solution's (everything inline, a map instead
 * of locations, the snippet at the http level, default-src 'none'), grades the same way every time and on both
 * providers at once (each run's application on a socket of its own), and ends hostile configurations in clean
 * errors naming the file and the line. The designs live in src/test/resources/designs/secure-headers/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecureHeadersLabTest {

    private static final String LAB = "secure-headers";
    private static final String SITE = "site.conf";
    private static final String SNIPPET = "security-headers.conf";
    private static final List<String> DESIGNS = List.of("inline-everywhere", "map-without-locations",
            "http-level-snippet", "default-src-none");

    private final LabCatalog labs = LabCatalog.fromClasspath(SecureHeadersLabTest.class.getClassLoader());
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
        return ProviderGraders.PROVIDERS.stream().flatMap(p -> DESIGNS.stream().map(d -> Arguments.of(p, d)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("correctDesignsOnEachProvider")
    void another_correct_design_scores_full_marks(String provider, String design) throws IOException {
        GradeReport report = graders.on(provider).grade(LAB, design(design));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.PASSED);
        assertThat(report.score()).isEqualTo(report.maxScore());
    }

    @Test
    void the_report_carries_the_scan_and_the_grade_when_the_lab_passes() {
        GradeReport report = graders.on("servers").grade(LAB, labs.get(LAB).solution());
        CheckResult scan = report.checks().getLast();
        assertThat(scan.passed()).as(describe(report)).isTrue();
        assertThat(scan.message()).contains("ZAP baseline scan").contains("90004-1").contains("Observatory: ")
                .contains("(A+)").contains("GET /no-such-page (404)").contains("Not judged: redirection");
    }

    @Test
    void the_starter_scores_nothing_and_the_scan_names_the_alerts_by_zap_rule() {
        GradeReport report = graders.on("servers").grade(LAB, labs.get(LAB).starter());
        assertThat(report.score()).as(describe(report)).isZero();
        assertThat(report.checks()).extracting(CheckResult::verdict).containsOnly(Verdict.FAILED);
        assertThat(report.checks().getLast().message()).contains("10038-1").contains("10020-1").contains("10098")
                .contains("10037").contains("10036").contains("(F)");
        assertThat(report.checks().get(1).message()).contains("sends no Content-Security-Policy yet");
    }

    @Test
    void a_header_missing_on_the_errors_only_is_told_as_such() {
        GradeReport report = graders.on("servers").grade(LAB, labs.get(LAB).wrong("add-header-without-always"));
        CheckResult hsts = report.checks().get(2);
        assertThat(hsts.message()).startsWith("GET /api/orders/export (500) sends no Strict-Transport-Security.")
                .contains("GET /no-such-page (404)").contains("It holds on GET / (200)");
        assertThat(hsts.hint()).contains("missing on the errors");
    }

    @Test
    void a_location_that_drops_the_servers_headers_is_told_as_such() {
        GradeReport report = graders.on("servers").grade(LAB, labs.get(LAB).wrong("location-drops-server-headers"));
        CheckResult csp = report.checks().getFirst();
        assertThat(csp.message()).startsWith("GET /api/orders (200) sends no Content-Security-Policy.");
        assertThat(csp.hint()).contains("everywhere but under /api/").contains("inherits none");
    }

    @Test
    void a_policy_that_blocks_the_pages_script_quotes_the_browsers_console() {
        GradeReport report = graders.on("servers").grade(LAB, labs.get(LAB).wrong("csp-blocks-own-script"));
        CheckResult page = report.checks().get(1);
        assertThat(page.message()).contains("its own script, /static/shop.js, did not run")
                .contains("Loading the script '/static/shop.js' violates the following Content Security Policy"
                        + " directive: \"default-src 'none'\"");
        GradeReport api = graders.on("servers").grade(LAB, labs.get(LAB).wrong("csp-blocks-api-calls"));
        assertThat(api.checks().get(1).message()).contains("could not load the orders from /api/orders")
                .contains("Connecting to '/api/orders' violates");
    }

    @Test
    void the_reference_the_starter_and_every_wrong_solution_grade_the_same_five_times_in_a_row() {
        Lab lab = labs.get(LAB);
        Map<String, Submission> submissions = new LinkedHashMap<>();
        submissions.put("solution", lab.solution());
        submissions.put("starter", lab.starter());
        lab.definition().wrong().keySet().forEach(w -> submissions.put(w, lab.wrong(w)));
        List<Long> warm = new ArrayList<>();
        List<Long> reference = new ArrayList<>();
        for (var entry : submissions.entrySet()) {
            GradeReport first = graders.on("servers").grade(LAB, entry.getValue());
            for (int i = 0; i < 5; i++) {
                Instant started = Instant.now();
                GradeReport again = graders.on("servers").grade(LAB, entry.getValue());
                long millis = Duration.between(started, Instant.now()).toMillis();
                warm.add(millis);
                if (entry.getKey().equals("solution")) {
                    reference.add(millis);
                }
                assertThat(again.verdict()).as(entry.getKey()).isEqualTo(first.verdict());
                assertThat(again.score()).as(entry.getKey()).isEqualTo(first.score());
                assertThat(again.checks()).extracting(CheckResult::verdict).as(entry.getKey())
                        .isEqualTo(first.checks().stream().map(CheckResult::verdict).toList());
                assertThat(again.checks()).extracting(CheckResult::message).as(entry.getKey())
                        .isEqualTo(first.checks().stream().map(CheckResult::message).toList());
            }
        }
        List<Long> sorted = warm.stream().sorted().toList();
        List<Long> ref = reference.stream().sorted().toList();
        System.out.printf("secure-headers warm grading over %d runs: p50 %d ms, p95 %d ms, max %d ms;"
                        + " the reference (browser included): p50 %d ms, max %d ms%n", sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 95 / 100), sorted.getLast(),
                ref.get(ref.size() / 2), ref.getLast());
    }

    @Test
    void runs_on_both_providers_at_once_never_share_an_application() throws Exception {
        Lab lab = labs.get(LAB);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<GradeReport>> solutions = new ArrayList<>();
            List<Future<GradeReport>> cookies = new ArrayList<>();
            for (String provider : ProviderGraders.PROVIDERS) {
                for (int i = 0; i < 2; i++) {
                    solutions.add(pool.submit(() -> graders.on(provider).grade(LAB, lab.solution())));
                }
                cookies.add(pool.submit(() -> graders.on(provider).grade(LAB, lab.wrong("cookie-without-same-site"))));
            }
            for (Future<GradeReport> f : solutions) {
                GradeReport report = f.get();
                assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.PASSED);
            }
            for (Future<GradeReport> f : cookies) {
                GradeReport report = f.get();
                assertThat(report.checks()).filteredOn(c -> !c.passed()).extracting(CheckResult::id)
                        .as(describe(report)).containsExactly("the-session-cookie-is-secure-http-only-and-same-site");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    Stream<Arguments> hostileConfigurations() {
        String proxying = "server {\n    listen 8080;\n    location / {\n        %s\n    }\n}\n";
        return Stream.of(
                Arguments.of("an include of /etc/passwd", "server {\n    listen 8080;\n    include /etc/passwd;\n}\n",
                        "site.conf, line 3: include /etc/passwd: site.conf may include security-headers.conf only"),
                Arguments.of("a location proxying to another host", proxying.formatted("proxy_pass http://10.1.2.3;"),
                        "site.conf, line 4: proxy_pass http://10.1.2.3: the application is the upstream named app"),
                Arguments.of("a host that merely starts like the upstream",
                        proxying.formatted("proxy_pass http://app.evil.example;"), "site.conf, line 4: proxy_pass"),
                Arguments.of("another kind of upstream", proxying.formatted("fastcgi_pass 127.0.0.1:9000;"),
                        "site.conf, line 4: fastcgi_pass sends requests elsewhere"),
                Arguments.of("an error log outside", "error_log /etc/cron.d/evil;\n" + proxying.formatted(
                        "proxy_pass http://app;"), "site.conf, line 1: error_log writes nginx's logs"),
                Arguments.of("an access log outside", proxying.formatted("access_log /tmp/roadlab-evil.log;"),
                        "site.conf, line 4: access_log writes nginx's logs"),
                Arguments.of("files from disk", proxying.formatted("root /etc;"), "site.conf, line 4: root serves files"),
                Arguments.of("another port", "server {\n    listen 80;\n}\n", "site.conf, line 2: listen 80: the lab's"
                        + " front server listens on port 8080"),
                Arguments.of("no listen at all", "server {\n    location / { proxy_pass http://app; }\n}\n",
                        "site.conf, line 1: this server block has no listen directive"),
                Arguments.of("a body of its own", proxying.formatted("return 200 '<script>alert(1)</script>';"),
                        "site.conf, line 4: return 200 <script>alert(1)</script>: a return here answers with a status"),
                Arguments.of("headers-more", proxying.formatted("more_clear_headers Server;"),
                        "site.conf, line 4: more_clear_headers comes from headers-more"),
                Arguments.of("a main-configuration directive", "load_module modules/evil.so;\n",
                        "site.conf, line 1: load_module belongs to nginx's main configuration"),
                Arguments.of("no server block", "# nothing\n", "site.conf has no server block"),
                Arguments.of("an unclosed block", "server {\n    listen 8080;\n", "site.conf, line 1: this block is"
                        + " never closed"),
                Arguments.of("a stray brace", "server { listen 8080; }\n}\n", "site.conf, line 2: a } that closes no"
                        + " block"),
                Arguments.of("an unterminated string", "server { listen 8080; add_header X \"open;\n}\n",
                        "site.conf, line 1: a quoted string that never ends"),
                Arguments.of("blocks nested 50 deep", "server { listen 8080; " + "location / { ".repeat(50)
                        + "}".repeat(51) + "\n", "nested more than 12 levels deep"),
                Arguments.of("garbage", "\u0001\u0002\u0003 ;;; {{{\n", "site.conf, line 1: a semicolon with no"
                        + " directive before it"),
                Arguments.of("a name that is no directive", "\u0001\u0002 x;\n", "site.conf, line 1: '??' is not an"
                        + " nginx directive name"),
                Arguments.of("a value nginx refuses", "server {\n    listen 8080;\n    server_tokens maybe;\n"
                        + "    location / { proxy_pass http://app; }\n}\n", "nginx refused the configuration"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileConfigurations")
    void a_hostile_configuration_is_an_error_naming_the_place(String what, String site, String expected) {
        Instant started = Instant.now();
        GradeReport report = grade(site, "# nothing\n");
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.ERROR);
        assertThat(report.checks()).extracting(CheckResult::verdict).as(describe(report)).containsOnly(Verdict.ERROR);
        assertThat(report.checks().getFirst().message()).as(describe(report)).contains(expected);
        assertThat(report.checks().subList(1, report.checks().size())).extracting(CheckResult::message)
                .allSatisfy(m -> assertThat(m).startsWith("Not graded: "));
        assertThat(ReportJson.write(report)).doesNotContain("root:x:0:0");
        assertThat(Duration.between(started, Instant.now())).as("only a hang takes this long").isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void a_snippet_that_includes_itself_or_holds_a_server_is_an_error() {
        String site = "server {\n    listen 8080;\n    include security-headers.conf;\n    location / { proxy_pass"
                + " http://app; }\n}\n";
        GradeReport recursive = grade(site, "add_header X-A b always;\ninclude security-headers.conf;\n");
        assertThat(recursive.checks().getFirst().message()).as(describe(recursive))
                .isEqualTo("security-headers.conf, line 2: security-headers.conf may not include anything: it is what"
                        + " site.conf includes.");
        GradeReport server = grade(site, "server { listen 8080; }\n");
        assertThat(server.checks().getFirst().message()).startsWith("security-headers.conf, line 1: a server block");
    }

    @Test
    void a_file_over_its_limit_is_refused_before_it_is_read() {
        String huge = "# " + "x".repeat(1024 * 1024) + "\nserver { listen 8080; }\n";
        GradeReport report = grade(huge, "# nothing\n");
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.ERROR);
        assertThat(report.message()).contains(SITE).contains("16 KB");
    }

    @Test
    void a_file_that_is_not_utf8_is_an_error() {
        byte[] latin1 = "server { listen 8080; add_header X-Caf\u00e9 1; }\n".getBytes(StandardCharsets.ISO_8859_1);
        GradeReport report = graders.on("servers").grade(LAB, Submission.of(Map.of(SITE, latin1,
                SNIPPET, "#\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(report.verdict()).as(describe(report)).isEqualTo(Verdict.ERROR);
        assertThat(report.message()).contains(SITE + " is not UTF-8");
    }

    private GradeReport grade(String site, String snippet) {
        return graders.on("servers").grade(LAB, Submission.ofText(Map.of(SITE, site, SNIPPET, snippet)));
    }

    private static Submission design(String name) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String file : List.of(SITE, SNIPPET)) {
            String path = "designs/" + LAB + "/" + name + "/" + file;
            try (InputStream in = SecureHeadersLabTest.class.getClassLoader().getResourceAsStream(path)) {
                assertThat(in).as(path).isNotNull();
                files.put(file, in.readAllBytes());
            }
        }
        return Submission.of(files);
    }

    private static String describe(GradeReport report) {
        return "report:\n" + ReportJson.writePretty(report);
    }
}
