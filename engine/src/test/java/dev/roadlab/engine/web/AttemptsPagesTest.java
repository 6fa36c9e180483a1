package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.TestInstance;

/**
 * A learner's attempts at a lab, graded for real: the lab page lists them newest first with a score chart, each
 * report shows the files and the diff against the attempt before, and nobody else can see any of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttemptsPagesTest {

    static final String LAB = "audit-log-indexes";
    static final String FIRST = "-- nothing yet\nSELECT 1;\n";

    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.onH2("attempts-pages", TestSandboxes.servers(), 1);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** A browser's cookie jar, sent back as a same-origin navigation would. */
    final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> get(String path) {
            HttpResponse<String> response = cookies.isEmpty() ? server.get(path) : server.get(path, "Cookie", cookie());
            cookies.putAll(TestServer.cookies(response));
            return response;
        }

        /** Submits one migration.sql through the lab page's form; returns the submission id once it is graded. */
        String submitAndWait(String sql) {
            String token = SubmissionEndToEndTest.hiddenField(get("/labs/" + LAB).body(), "_csrf");
            HttpResponse<String> posted = server.postMultipart("/labs/" + LAB + "/submissions",
                    List.of(Part.field("_csrf", token), Part.file("migration.sql", "mine.sql", sql)),
                    "Cookie", cookie(), "Origin", server.uri("").toString(), "Sec-Fetch-Site", "same-origin");
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
            cookies.putAll(TestServer.cookies(posted));
            String id = posted.headers().firstValue("Location").orElseThrow().substring("/submissions/".length());
            server.awaitDone(id, SubmissionEndToEndTest.GRADING, "Cookie", cookie());
            return id;
        }

        String cookie() {
            return String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
    }

    @Test
    void the_same_learner_failing_a_check_again_reads_its_next_hint_and_another_learner_starts_at_the_first() {
        String unhelpful = "CREATE INDEX audit_logs_action_idx ON audit_logs (action);\n";
        Browser ada = new Browser();
        String first = ada.submitAndWait(unhelpful);
        String again = ada.submitAndWait(unhelpful);
        Browser grace = new Browser();
        String hers = grace.submitAndWait(unhelpful);

        JsonNode firstCheck = weeklyActivity(first, ada);
        JsonNode againCheck = weeklyActivity(again, ada);
        JsonNode hersCheck = weeklyActivity(hers, grace);
        assertThat(firstCheck.path("hint_step").asInt()).isEqualTo(1);
        assertThat(firstCheck.path("hint_steps").asInt()).isGreaterThan(1);
        assertThat(againCheck.path("hint_step").asInt()).isEqualTo(2);
        assertThat(againCheck.path("hint").asString()).isNotEqualTo(firstCheck.path("hint").asString()).isNotEmpty();
        assertThat(hersCheck.path("hint_step").asInt()).as("another learner's first attempt").isEqualTo(1);
        assertThat(hersCheck.path("hint").asString()).isEqualTo(firstCheck.path("hint").asString());
        assertThat(ada.get("/submissions/" + again).body())
                .contains("<strong>Hint 2 of " + againCheck.path("hint_steps").asInt() + ":</strong>");
    }

    /** The weekly-activity check of a graded submission's report, as the API gives it to its learner. */
    private JsonNode weeklyActivity(String id, Browser learner) {
        JsonNode body = server.awaitDone(id, SubmissionEndToEndTest.GRADING, "Cookie", learner.cookie());
        for (JsonNode check : body.path("report").path("checks")) {
            if (check.path("id").asString().startsWith("weekly-activity")) {
                return check;
            }
        }
        throw new AssertionError("no weekly-activity check in " + body);
    }

    @Test
    void two_attempts_are_listed_newest_first_charted_and_the_second_report_diffs_against_the_first() {
        Browser ada = new Browser();
        String first = ada.submitAndWait(FIRST);
        String second = ada.submitAndWait(SubmissionEndToEndTest.SOLUTION);

        String lab = ada.get("/labs/" + LAB).body();
        assertThat(lab).contains("Your attempts");
        List<String> reports = matches(lab, "<tr class=\"attempt\">.*?href=\"/submissions/([0-9a-f-]{36})\"");
        assertThat(reports).containsExactly(second, first);
        assertThat(lab).containsPattern("(?s)<tr class=\"attempt\">.*?verdict-passed\">passed<.*?14 / 14.*?"
                + "<tr class=\"attempt\">.*?verdict-failed\">failed<");
        assertThat(matches(lab, "<circle class=\"chart-point\" cx=\"[\\d.]+\" cy=\"([\\d.]+)\"")).hasSize(2);
        assertThat(lab).contains("<title>Attempt 2: 14 of 14 points</title>");

        String report = ada.get("/submissions/" + second).body();
        assertThat(report).contains("Files submitted").contains("CREATE INDEX audit_logs_created_at_idx")
                .contains("Changes since the previous attempt")
                .contains("href=\"/submissions/" + first + "\"")
                .contains("<span class=\"diff-header\">--- previous/migration.sql</span>")
                .contains("<span class=\"diff-removed\">-SELECT 1;</span>")
                .contains("<span class=\"diff-added\">+CREATE INDEX audit_logs_created_at_idx ON audit_logs (created_at) INCLUDE (user_id);</span>")
                .contains("All 7 checks passed, 14/14 points.")
                .doesNotContain("Edit and resubmit");

        String firstReport = ada.get("/submissions/" + first).body();
        assertThat(firstReport).doesNotContain("Changes since the previous attempt")
                .containsPattern("\\d of 7 checks failed, \\d+/14 points\\.")
                .contains("href=\"/labs/" + LAB + "#editor\"");
        // What failed is listed before what passed.
        int firstFailed = firstReport.indexOf("class=\"check check-failed\"");
        int firstPassed = firstReport.indexOf("class=\"check check-passed\"");
        assertThat(firstFailed).isPositive();
        assertThat(firstPassed == -1 || firstFailed < firstPassed).isTrue();
    }

    @Test
    void another_learner_or_an_anonymous_client_gets_404_for_a_learners_submission_and_sees_no_attempts() {
        Browser ada = new Browser();
        String id = ada.submitAndWait(FIRST);
        Browser bob = new Browser();
        bob.submitAndWait("SELECT 2;\n");

        assertThat(bob.get("/submissions/" + id).statusCode()).isEqualTo(404);
        assertThat(server.get("/submissions/" + id).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/submissions/" + id).statusCode()).isEqualTo(404);
        assertThat(server.get("/api/submissions/" + id, "Cookie", bob.cookie()).statusCode()).isEqualTo(404);
        assertThat(bob.get("/labs/" + LAB).body()).doesNotContain(id);
        assertThat(new Browser().get("/labs/" + LAB).body()).doesNotContain("Your attempts");
        // Bob's own first attempt has no previous one, though Ada's came before it.
        assertThat(bob.get("/submissions/" + matches(bob.get("/labs/" + LAB).body(),
                "href=\"/submissions/([0-9a-f-]{36})\"").getFirst()).body())
                .doesNotContain("Changes since the previous attempt");
    }

    @Test
    void the_starter_downloads_alone_or_zipped_and_the_editor_starts_from_it_then_from_the_last_attempt()
            throws Exception {
        String starter = server.roadlab().labs().get(LAB).starter().files().get("migration.sql") == null ? null
                : new String(server.roadlab().labs().get(LAB).starter().files().get("migration.sql"),
                        java.nio.charset.StandardCharsets.UTF_8);
        assertThat(starter).isNotNull();
        HttpResponse<String> file = server.get("/labs/" + LAB + "/starter/migration.sql");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(starter);
        assertThat(file.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"migration.sql\"");
        assertThat(file.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
        assertThat(server.get("/labs/" + LAB + "/starter/nothing.sql").statusCode()).isEqualTo(404);
        assertThat(server.get("/labs/nowhere/starter.zip").statusCode()).isEqualTo(404);

        java.net.http.HttpResponse<byte[]> zip = server.http().send(java.net.http.HttpRequest.newBuilder(
                server.uri("/labs/" + LAB + "/starter.zip")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        Map<String, String> entries = new LinkedHashMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).containsOnlyKeys(LAB + "/migration.sql", LAB + "/README.md")
                .containsEntry(LAB + "/migration.sql", starter);
        assertThat(entries.get(LAB + "/README.md")).isEqualTo(server.roadlab().labs().get(LAB).instructions());

        Browser ada = new Browser();
        String page = ada.get("/labs/" + LAB).body();
        assertThat(page).contains("href=\"/labs/" + LAB + "/starter/migration.sql\" download")
                .contains("href=\"/labs/" + LAB + "/starter.zip\" download")
                .contains("The starter, ready to change.")
                .contains("data-language=\"sql\"")
                .contains(">" + escape(starter) + "</textarea>")
                .containsPattern("<script src=\"/assets/editor\\.min\\.js\\?v=\\w+\" defer></script>\\s*<script src=\"/assets/app\\.js");

        // The editor posts each file as a text field; the CRLF browsers send for a textarea is stored as LF.
        String token = SubmissionEndToEndTest.hiddenField(page, "_csrf");
        HttpResponse<String> posted = server.postMultipart("/labs/" + LAB + "/submissions",
                List.of(Part.field("_csrf", token), Part.field("migration.sql", "-- edited\r\nSELECT 3;\r\n")),
                "Cookie", ada.cookie(), "Origin", server.uri("").toString(), "Sec-Fetch-Site", "same-origin");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
        ada.cookies.putAll(TestServer.cookies(posted));
        String id = posted.headers().firstValue("Location").orElseThrow().substring("/submissions/".length());
        server.awaitDone(id, SubmissionEndToEndTest.GRADING, "Cookie", ada.cookie());
        assertThat(ada.get("/labs/" + LAB).body()).contains("Your last attempt, ready to change.")
                .contains(">-- edited\nSELECT 3;\n</textarea>");
        assertThat(ada.get("/submissions/" + id).body()).contains("<pre><code>-- edited\nSELECT 3;\n</code></pre>");
    }

    @Test
    void each_failed_check_links_to_the_module_section_its_report_says_teaches_it_and_nothing_else() {
        Browser ada = new Browser();
        String id = ada.submitAndWait(FIRST);
        var submissions = dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;
        var dsl = server.roadlab().database().dsl();
        tools.jackson.databind.node.ObjectNode report = (tools.jackson.databind.node.ObjectNode) TestServer.json(
                dsl.select(submissions.REPORT).from(submissions).where(submissions.ID.eq(id)).fetchOne().value1());
        List<String> links = new java.util.ArrayList<>();
        for (var check : report.path("checks")) {
            if (!check.path("verdict").asString().equals("passed")) {
                assertThat(check.path("teaches").asString()).as(check.path("id").asString()).startsWith("#");
                links.add("<a href=\"/modules/data-modeling" + check.path("teaches").asString()
                        + "\">Read the section that teaches this</a>");
            }
        }
        assertThat(links).hasSizeGreaterThanOrEqualTo(2);
        String page = ada.get("/submissions/" + id).body();
        assertThat(page.split("class=\"teaches\"", -1)).hasSize(links.size() + 1);
        assertThat(page).contains(links);

        // A report whose teaches is not an anchor (an older or foreign writer) links nothing for that check.
        for (var check : report.withArray("checks")) {
            if (!check.path("verdict").asString().equals("passed")) {
                ((tools.jackson.databind.node.ObjectNode) check).put("teaches", "javascript:alert(1)");
                break;
            }
        }
        dsl.update(submissions).set(submissions.REPORT, report.toString()).where(submissions.ID.eq(id)).execute();
        String tampered = ada.get("/submissions/" + id).body();
        assertThat(tampered.split("class=\"teaches\"", -1)).hasSize(links.size());
        assertThat(tampered).doesNotContain("javascript:alert");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
                .replace("'", "&#39;");
    }

    static List<String> matches(String html, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
