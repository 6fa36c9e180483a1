package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/** Bad requests get a clear 4xx with a JSON error (or an error page), never a 500 or a stack trace. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.onH2("bad-input", TestSandboxes.servers(), 0);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private JsonNode error(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        return TestServer.json(response);
    }

    private HttpResponse<String> submit(List<Part> parts) {
        return server.postMultipart("/api/labs/audit-log-indexes/submissions", parts);
    }

    @Test
    void an_unknown_lab_is_a_404_with_a_json_error() {
        JsonNode body = error(server.postMultipart("/api/labs/no-such-lab/submissions",
                List.of(Part.file("file", "migration.sql", "SELECT 1;"))), 404);
        assertThat(body.path("error").asString()).isEqualTo("There is no lab 'no-such-lab'.");
    }

    @Test
    void a_missing_file_is_a_400_naming_it() {
        JsonNode body = error(submit(List.of(Part.field("note", "hello"))), 400);
        assertThat(body.path("problems").toString()).contains("missing file 'migration.sql'");
    }

    @Test
    void an_extra_file_is_a_400_naming_it() {
        JsonNode body = error(submit(List.of(Part.file("file", "migration.sql", "SELECT 1;"),
                Part.file("file", "notes.txt", "hi"))), 400);
        assertThat(body.path("problems").toString()).contains("unexpected file 'notes.txt'");
    }

    @Test
    void a_file_over_the_lab_limit_is_a_400_naming_the_file_and_the_limit() {
        String big = "-- padding\n".repeat(30_000);
        JsonNode body = error(submit(List.of(Part.file("file", "migration.sql", big))), 400);
        assertThat(body.path("problems").path(0).asString())
                .isEqualTo("migration.sql is 322.3 KB; the limit is 256 KB");
    }

    @Test
    void a_100_mb_upload_is_refused_unread() {
        byte[] huge = new byte[100 * 1024 * 1024];
        JsonNode body = error(submit(List.of(new Part("file", "migration.sql", huge))), 413);
        assertThat(body.path("error").asString()).contains("a submission may be at most 4 MB in all");
    }

    @Test
    void a_file_name_with_a_path_is_refused() {
        JsonNode body = error(submit(List.of(Part.file("file", "../migration.sql", "SELECT 1;"))), 400);
        assertThat(body.path("problems").toString()).contains("file name '../migration.sql' is not allowed");
    }

    @Test
    void a_file_that_is_not_utf8_text_is_refused() {
        JsonNode body = error(submit(List.of(new Part("file", "migration.sql", new byte[] {(byte) 0xff, (byte) 0xfe, 0}))), 400);
        assertThat(body.path("problems").toString()).contains("migration.sql is not UTF-8 text");
    }

    @Test
    void a_body_that_is_not_multipart_is_a_400() {
        HttpResponse<String> response = server.send(HttpRequest.newBuilder(server.uri("/api/labs/audit-log-indexes/submissions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(error(response, 400).path("error").asString()).contains("multipart/form-data");
    }

    @Test
    void an_unknown_or_malformed_submission_id_is_a_404() {
        error(server.get("/api/submissions/7c9e6679-7425-40de-944b-e07fc1f90ae7"), 404);
        error(server.get("/api/submissions/'%20OR%201=1"), 404);
        assertThat(server.get("/submissions/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void an_unknown_api_path_is_a_json_404_and_an_unknown_page_an_html_404() {
        error(server.get("/api/nothing-here"), 404);
        HttpResponse<String> page = server.get("/nothing-here");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.body()).contains("<h1>Not found</h1>");
    }

    @Test
    void a_cross_site_post_is_refused() {
        HttpResponse<String> response = server.postMultipart("/api/labs/audit-log-indexes/submissions",
                List.of(Part.file("file", "migration.sql", "SELECT 1;")), "Sec-Fetch-Site", "cross-site");
        assertThat(error(response, 403).path("error").asString()).contains("cross-site");
        HttpResponse<String> fromOtherOrigin = server.postMultipart("/api/labs/audit-log-indexes/submissions",
                List.of(Part.file("file", "migration.sql", "SELECT 1;")), "Origin", "https://evil.example");
        error(fromOtherOrigin, 403);
    }

    @Test
    void the_lab_form_without_its_token_is_refused() {
        HttpResponse<String> response = server.postMultipart("/labs/audit-log-indexes/submissions",
                List.of(Part.file("migration.sql", "migration.sql", "SELECT 1;")));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("security cookie is missing");
    }

    @Test
    void the_lab_form_with_a_bad_file_shows_the_problem_on_the_lab_page() {
        HttpResponse<String> page = server.get("/labs/audit-log-indexes");
        String token = SubmissionEndToEndTest.hiddenField(page.body(), "_csrf");
        String cookie = TestServer.cookies(page).entrySet().iterator().next().toString();
        HttpResponse<String> response = server.postMultipart("/labs/audit-log-indexes/submissions",
                List.of(Part.field("_csrf", token), Part.file("migration.sql", "m.sql", "x".repeat(300_000))),
                "Cookie", cookie);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Your files were not accepted").contains("the limit is 256 KB");
    }
}
