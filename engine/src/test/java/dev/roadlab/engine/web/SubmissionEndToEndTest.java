package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * A submission from upload to report through the real server, with sandboxes from each provider: the API, the
 * lab page's form and the submission page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubmissionEndToEndTest {

    static final String LAB = "audit-log-indexes";
    static final String SOLUTION = """
            CREATE INDEX audit_logs_created_at_idx ON audit_logs (created_at) INCLUDE (user_id);
            CREATE INDEX audit_logs_user_latest_idx ON audit_logs (user_id, created_at DESC);
            """;
    static final Duration GRADING = Duration.ofSeconds(90);

    private final Map<String, TestServer> servers = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        for (String provider : List.of("containers", "servers")) {
            servers.put(provider, TestServer.onH2("e2e-" + provider, TestSandboxes.named(provider), 2));
        }
    }

    @AfterAll
    void stop() {
        servers.values().forEach(TestServer::close);
    }

    @ParameterizedTest(name = "sandboxes from {0}")
    @ValueSource(strings = {"containers", "servers"})
    void the_reference_solution_posted_to_the_api_is_graded_passed_with_full_marks(String provider) {
        TestServer server = servers.get(provider);
        HttpResponse<String> accepted = server.postMultipart("/api/labs/" + LAB + "/submissions",
                List.of(Part.file("file", "migration.sql", SOLUTION)));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode body = TestServer.json(accepted);
        String id = body.path("id").asString();
        assertThat(body.path("status").asString()).isEqualTo("queued");
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/submissions/" + id);

        JsonNode done = server.awaitDone(id, GRADING);
        JsonNode report = done.path("report");
        assertThat(report.path("schema").asString()).isEqualTo("roadlab.report/1");
        assertThat(report.path("verdict").asString()).as(report.toString()).isEqualTo("passed");
        assertThat(report.path("score").asInt()).isEqualTo(report.path("max_score").asInt()).isEqualTo(14);
        assertThat(report.path("checks")).hasSize(7).allSatisfy(check -> {
            assertThat(check.path("verdict").asString()).isEqualTo("passed");
            assertThat(check.path("points").asInt()).isEqualTo(check.path("max_points").asInt());
        });
        assertThat(report.path("timings").path("checks_ms").asLong()).isPositive();
    }

    @ParameterizedTest(name = "sandboxes from {0}")
    @ValueSource(strings = {"containers", "servers"})
    void the_starter_submitted_through_the_lab_form_fails_naming_the_query_and_the_plan_node(String provider) {
        TestServer server = servers.get(provider);
        HttpResponse<String> page = server.get("/labs/" + LAB);
        assertThat(page.statusCode()).isEqualTo(200);
        String token = hiddenField(page.body(), "_csrf");
        String cookie = TestServer.cookies(page).entrySet().iterator().next().toString();

        HttpResponse<String> posted = server.postMultipart("/labs/" + LAB + "/submissions",
                List.of(Part.field("_csrf", token), Part.file("migration.sql", "anything.sql", "-- nothing yet\n")),
                "Cookie", cookie, "Origin", server.uri("").toString(), "Sec-Fetch-Site", "same-origin");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
        String location = posted.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/submissions/");
        String id = location.substring("/submissions/".length());
        // The form made this browser a learner: its submission is visible to it only.
        String learner = TestServer.cookies(posted).entrySet().iterator().next().toString();
        cookie = cookie + "; " + learner;

        JsonNode report = server.awaitDone(id, GRADING, "Cookie", cookie).path("report");
        assertThat(report.path("verdict").asString()).isEqualTo("failed");
        JsonNode weekly = report.path("checks").path(1);
        assertThat(weekly.path("id").asString()).isEqualTo("weekly-activity-reads-only-its-week");
        assertThat(weekly.path("verdict").asString()).isEqualTo("failed");
        assertThat(weekly.path("message").asString())
                .contains("The weekly-activity query reads audit_logs with a Seq Scan node")
                .contains("Plan:");
        assertThat(weekly.path("hint").asString()).isNotEmpty();

        HttpResponse<String> reportPage = server.get(location, "Cookie", cookie);
        assertThat(reportPage.statusCode()).isEqualTo(200);
        assertThat(reportPage.body())
                .contains("verdict-failed")
                .contains("The weekly-activity query reads audit_logs with a Seq Scan node")
                .contains("0 / 14 points");
    }

    @ParameterizedTest(name = "sandboxes from {0}")
    @ValueSource(strings = {"containers", "servers"})
    void sql_that_does_not_parse_is_an_error_quoting_postgresql_and_the_line(String provider) {
        TestServer server = servers.get(provider);
        HttpResponse<String> accepted = server.postMultipart("/api/labs/" + LAB + "/submissions",
                List.of(Part.file("migration.sql", "migration.sql",
                        "-- my indexes\nCREATE INDEX ok_idx ON audit_logs (created_at);\nCREATE INDX broken ON audit_logs (user_id);\n")));
        assertThat(accepted.statusCode()).isEqualTo(202);
        JsonNode report = server.awaitDone(TestServer.json(accepted).path("id").asString(), GRADING).path("report");
        assertThat(report.path("verdict").asString()).isEqualTo("error");
        assertThat(report.path("checks").path(0).path("message").asString())
                .startsWith("migration.sql, line 3: ERROR: syntax error at or near \"INDX\"")
                .contains("CREATE INDX broken");
        assertThat(report.path("checks").path(1).path("message").asString()).startsWith("Not graded");

        // The page says once what to fix, and lists the checks it kept from running by title only.
        String page = server.get("/submissions/" + TestServer.json(accepted).path("id").asString()).body();
        assertThat(page.split("syntax error at or near", -1)).hasSize(2);
        assertThat(page).contains("Not graded until that is fixed")
                .containsPattern("The submission has an error to fix first: \\d of 7 checks could not run, 0/14 points\\.")
                .doesNotContain("Not graded: migration.sql did not apply")
                .contains("Edit and resubmit");
    }

    static String hiddenField(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("hidden field " + name).isTrue();
        return m.group(1);
    }
}
