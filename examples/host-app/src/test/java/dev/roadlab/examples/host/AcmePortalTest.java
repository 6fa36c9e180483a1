package dev.roadlab.examples.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.roadlab.engine.accounts.Account;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.cohorts.Cohort;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.lab.WrongSolution;
import dev.roadlab.grader.report.CheckResult;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Verdict;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Acme's portal on a PostgreSQL database of its own, with Roadlab mounted at /learn: Acme's pages, headers and error
 * page stay Acme's; Acme's users learn, submit and see their progress; Acme's instructor reads the gradebook; and
 * Roadlab's tables are in their own schema. What the README's embedding section describes, run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcmePortalTest {

    static final String ADMIN_URL = Optional.ofNullable(System.getenv("ROADLAB_TEST_ENGINE_DB_URL"))
            .filter(s -> !s.isBlank()).orElse("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
    static final Path MODULE = Path.of(System.getProperty("user.dir"));

    private String database;
    private HikariDataSource acme;
    private AcmePortal portal;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    void start() throws Exception {
        database = "acme_" + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(), 0, 5);
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(ADMIN_URL.replaceFirst("/postgres(\\?|$)", "/" + database + "$1"));
        pool.setPoolName("acme");
        acme = new HikariDataSource(pool);
        try (Connection c = acme.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE acme_people (id text PRIMARY KEY, name text NOT NULL)"); // Acme's own data
        }
        portal = AcmePortal.start(0, acme, MODULE.resolve("course"), MODULE.resolve("labs"),
                Files.createTempDirectory("acme-data"), cfg -> cfg.grading.workers = 1);
    }

    @AfterAll
    void stop() throws Exception {
        portal.close();
        assertThat(acme.isClosed()).as("Roadlab leaves Acme's pool to Acme").isFalse();
        acme.close();
        try (Connection c = DriverManager.getConnection(ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** A browser on the portal: its cookies, sent back. */
    final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> get(String path) throws Exception {
            return keep(http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }

        HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
            return keep(http.send(request(path).header("Content-Type", contentType)
                    .header("Origin", "http://127.0.0.1:" + portal.port()).header("Sec-Fetch-Site", "same-origin")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }

        Browser signIn(String acmeId) throws Exception {
            HttpResponse<String> in = post("/login", "application/x-www-form-urlencoded",
                    ("user=" + acmeId).getBytes(StandardCharsets.UTF_8));
            assertThat(in.statusCode()).isEqualTo(303);
            return this;
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portal.port() + path));
            if (!cookies.isEmpty()) {
                b.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            return b;
        }

        private HttpResponse<String> keep(HttpResponse<String> response) {
            for (String header : response.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return response;
        }

        /** Submits files through the lab page's form (its CSRF token included); the submission's id. */
        String submit(String lab, String file, String content) throws Exception {
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get("/learn/labs/" + lab).body());
            assertThat(csrf.find()).isTrue();
            String boundary = "acme" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
                    + csrf.group(1) + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file
                    + "\"; filename=\"" + file + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + content
                    + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> sent = post("/learn/labs/" + lab + "/submissions",
                    "multipart/form-data; boundary=" + boundary, body.toByteArray());
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(303);
            String location = sent.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith("/learn/submissions/");
            return location.substring("/learn/submissions/".length());
        }

        /** Waits (on the API, as the learner) until the submission is graded; its verdict. */
        String awaitVerdict(String id) throws Exception {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (Instant.now().isBefore(deadline)) {
                String body = get("/learn/api/submissions/" + id).body();
                if (body.contains("\"status\":\"done\"")) {
                    Matcher verdict = Pattern.compile("\"verdict\":\"(\\w+)\"").matcher(body);
                    assertThat(verdict.find()).isTrue();
                    return verdict.group(1);
                }
                Thread.sleep(100);
            }
            throw new AssertionError("submission " + id + " not graded within 90 s");
        }
    }

    static String solution(String name) throws Exception {
        return Files.readString(MODULE.resolve("labs/username-schema/" + name + "/username.schema.json"));
    }

    @Test
    void acmes_own_pages_headers_and_error_page_stay_acmes() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> home = browser.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("<h1>Acme Academy</h1>");
        assertThat(home.headers().firstValue("X-Acme-Portal")).hasValue("1");
        assertThat(home.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'; img-src 'self' https:");
        HttpResponse<String> missing = browser.get("/no-such-acme-page");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("Acme has no such page");

        browser.signIn("u-1001");
        HttpResponse<String> learn = browser.get("/learn/");
        assertThat(learn.statusCode()).isEqualTo(200);
        assertThat(learn.body()).contains("Acme Academy onboarding").contains("signed in as Alice Acme")
                .contains("Acme Academy · backend track");
        assertThat(learn.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'").contains("frame-ancestors 'none'"));
        assertThat(learn.headers().firstValue("X-Acme-Portal")).isEmpty();
        assertThat(browser.get("/learn/sign-in").statusCode()).as("Acme signs people in, not Roadlab").isEqualTo(404);
        assertThat(browser.get("/learn/no-such-page").body()).doesNotContain("Acme has no such page");
    }

    @Test
    void acmes_upload_limit_stays_acmes_and_roadlab_keeps_its_own() throws Exception {
        Browser alice = new Browser().signIn("u-1001");
        assertThat(alice.post("/avatar", "multipart/form-data; boundary=b", multipart("b", "avatar.png", 10 * 1024))
                .body()).isEqualTo("received 1");
        HttpResponse<String> big = alice.post("/avatar", "multipart/form-data; boundary=b",
                multipart("b", "avatar.png", 100 * 1024));
        assertThat(big.statusCode()).as(big.body()).isEqualTo(413);
        assertThat(big.body()).isEqualTo("Acme takes files of 64 KB at most.");
        // 100 KB to Roadlab: read under Roadlab's limits, then refused by the lab's own rule for the file.
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(
                alice.get("/learn/labs/username-schema").body());
        assertThat(csrf.find()).isTrue();
        String boundary = "b";
        byte[] body = (("--b\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf.group(1) + "\r\n")
                + new String(multipart(boundary, "username.schema.json", 100 * 1024), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> tooLargeForTheLab = alice.post("/learn/labs/username-schema/submissions",
                "multipart/form-data; boundary=b", body);
        assertThat(tooLargeForTheLab.statusCode()).isEqualTo(400);
        assertThat(tooLargeForTheLab.body()).contains("username.schema.json").contains("16 KB");
    }

    /** One file part of {@code size} bytes of 'x', closed. */
    static byte[] multipart(String boundary, String file, int size) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file + "\"; filename=\"" + file
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + "x".repeat(size) + "\r\n--" + boundary
                + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_stranger_is_sent_to_acmes_sign_in() throws Exception {
        HttpResponse<String> learn = new Browser().get("/learn/modules/validation");
        assertThat(learn.statusCode()).isEqualTo(303);
        assertThat(learn.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login"));
    }

    @Test
    void acmes_learner_submits_the_lab_sees_progress_and_acmes_instructor_reads_the_gradebook() throws Exception {
        Browser alice = new Browser().signIn("u-1001");
        String id = alice.submit("username-schema", "username.schema.json", solution("solution"));
        assertThat(alice.awaitVerdict(id)).isEqualTo("passed");
        assertThat(alice.get("/learn/submissions/" + id).body()).contains("6 / 6");
        assertThat(alice.get("/learn/").body()).contains("Passed");
        Browser bob = new Browser().signIn("u-1002");
        assertThat(bob.get("/learn/submissions/" + id).statusCode()).as("Alice's work is absent to Bob").isEqualTo(404);

        // Ivan teaches, by Acme's rule; he runs a cohort Alice joins through its invite link.
        Browser ivan = new Browser().signIn("u-2001");
        assertThat(ivan.get("/learn/cohorts").statusCode()).isEqualTo(200);
        Account ivanAccount = portal.roadlab().accounts().fromHost(AcmePortal.PEOPLE.get("u-2001"));
        Caller ivanCaller = Caller.signedIn(ivanAccount, "127.0.0.1");
        Cohort cohort = portal.roadlab().cohorts().create(ivanCaller, "Acme spring", portal.roadlab().course().id());
        String invite = portal.roadlab().cohorts().createInvite(ivanCaller, cohort.id(), 7).orElseThrow().token();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(alice.get("/learn/join/" + invite)
                .body());
        assertThat(csrf.find()).isTrue();
        assertThat(alice.post("/learn/join/" + invite, "application/x-www-form-urlencoded",
                ("_csrf=" + csrf.group(1)).getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(303);
        HttpResponse<String> book = ivan.get("/learn/cohorts/" + cohort.id().value() + "/gradebook");
        assertThat(book.statusCode()).isEqualTo(200);
        assertThat(book.body()).contains("Alice Acme").contains("6 / 6");
        assertThat(bob.get("/learn/cohorts/" + cohort.id().value() + "/gradebook").statusCode()).isEqualTo(403);
    }

    @Test
    void acmes_own_handler_grades_with_roadlabs_grader_and_gets_the_pages_verdict() throws Exception {
        Browser alice = new Browser().signIn("u-1001");
        String wrong = solution("wrong/open-object");
        HttpResponse<String> quick = alice.post("/precheck/username-schema", "application/json",
                wrong.getBytes(StandardCharsets.UTF_8));
        assertThat(quick.body()).isEqualTo("failed 4/6");
        String id = alice.submit("username-schema", "username.schema.json", wrong);
        assertThat(alice.awaitVerdict(id)).isEqualTo("failed");
        assertThat(alice.get("/learn/submissions/" + id).body()).contains("4 / 6");
        assertThat(new Browser().post("/precheck/username-schema", "application/json", new byte[0]).statusCode())
                .isEqualTo(401);
    }

    @Test
    void roadlabs_tables_are_in_a_schema_of_their_own() throws Exception {
        Map<String, Set<String>> tables = new LinkedHashMap<>();
        try (Connection c = acme.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT table_schema, table_name FROM information_schema.tables"
                     + " WHERE table_schema IN ('public', 'roadlab')")) {
            while (r.next()) {
                tables.computeIfAbsent(r.getString(1), k -> new TreeSet<>()).add(r.getString(2));
            }
        }
        assertThat(tables.get("public")).containsExactly("acme_people");
        assertThat(tables.get("roadlab")).contains("accounts", "submissions", "cohorts", "flyway_schema_history");
    }

    @Test
    void acmes_lab_is_proven_by_the_grader_reference_full_starter_failing_each_wrong_failing_its_check() {
        Lab lab = portal.roadlab().labs().get("username-schema");
        GradeReport reference = portal.roadlab().grader().grade(lab.id(), lab.solution());
        assertThat(reference.verdict()).as(reference.toString()).isEqualTo(Verdict.PASSED);
        assertThat(reference.score()).isEqualTo(reference.maxScore()).isEqualTo(6);
        assertThat(portal.roadlab().grader().grade(lab.id(), lab.starter()).verdict()).isEqualTo(Verdict.FAILED);
        for (WrongSolution wrong : lab.definition().wrong().values()) {
            GradeReport report = portal.roadlab().grader().grade(lab.id(), lab.wrong(wrong.name()));
            List<String> failed = new ArrayList<>();
            for (CheckResult check : report.checks()) {
                if (check.verdict() != Verdict.PASSED) {
                    failed.add(check.id());
                }
            }
            assertThat(new TreeSet<>(failed)).as(wrong.name()).isEqualTo(new TreeSet<>(wrong.fails()));
        }
    }
}
