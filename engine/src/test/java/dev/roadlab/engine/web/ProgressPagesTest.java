package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A learner's progress through the pages: marking modules read, passing a lab, and nobody seeing anyone else's. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgressPagesTest {

    private static final String LEARNER_COOKIE = "__Host-roadlab-learner";
    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.onH2("progress-pages", TestSandboxes.servers(), 1);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** A browser: the cookies it has been given, sent back with every request as a same-origin navigation would. */
    final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> get(String path) {
            HttpResponse<String> response = cookies.isEmpty() ? server.get(path) : server.get(path, "Cookie", cookie());
            cookies.putAll(TestServer.cookies(response));
            return response;
        }

        HttpResponse<String> markRead(String module, boolean read) {
            String token = SubmissionEndToEndTest.hiddenField(get("/modules/" + module).body(), "_csrf");
            HttpResponse<String> response = server.postForm("/modules/" + module + "/progress",
                    Map.of("_csrf", token, "read", String.valueOf(read)),
                    "Cookie", cookie(), "Origin", server.uri("").toString(), "Sec-Fetch-Site", "same-origin");
            cookies.putAll(TestServer.cookies(response));
            return response;
        }

        String cookie() {
            return String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
    }

    @Test
    void a_visitor_sees_the_path_at_zero_and_gets_no_learner_identity_just_for_looking() {
        HttpResponse<String> path = server.get("/");
        assertThat(path.body())
                .containsPattern("<progress id=\"overall-progress\" class=\"progress-bar\" max=\"\\d+\" value=\"0\">")
                .contains("0 of ").contains("Not started");
        assertThat(TestServer.cookies(path)).doesNotContainKey(LEARNER_COOKIE);
        assertThat(TestServer.cookies(server.get("/modules/orientation"))).doesNotContainKey(LEARNER_COOKIE);
        assertThat(path.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void marking_a_module_read_gives_the_browser_an_identity_and_moves_its_progress_only() {
        Browser ada = new Browser();
        HttpResponse<String> marked = ada.markRead("orientation", true);
        assertThat(marked.statusCode()).isEqualTo(303);
        assertThat(marked.headers().firstValue("Location")).hasValue("/modules/orientation#progress");
        assertThat(marked.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith(LEARNER_COOKIE + "=").contains("Path=/").contains("Max-Age=34560000").contains("HttpOnly")
                .contains("SameSite=Lax").contains("Secure"));

        String module = ada.get("/modules/orientation").body();
        assertThat(module).contains("You marked this module as read.").contains("Mark as unread")
                .contains("<span class=\"state-badge state-complete\">Read</span>");
        String path = ada.get("/").body();
        assertThat(path).contains("value=\"1\">").contains("1 of ")
                .containsPattern("(?s)path-step state-complete.*Orientation.*state-badge state-complete\">Read<");

        Browser bob = new Browser();
        assertThat(bob.get("/").body()).contains("0 of ").doesNotContain("state-complete");

        ada.markRead("orientation", false);
        assertThat(ada.get("/modules/orientation").body()).contains("Mark as read").doesNotContain("Mark as unread");
        assertThat(ada.get("/").body()).contains("0 of ");
    }

    @Test
    void marking_read_without_the_forms_token_or_from_another_site_is_refused() {
        Browser eve = new Browser();
        eve.get("/modules/orientation");
        HttpResponse<String> noToken = server.postForm("/modules/orientation/progress", Map.of("read", "true"),
                "Cookie", eve.cookie());
        assertThat(noToken.statusCode()).isEqualTo(403);
        HttpResponse<String> crossSite = server.postForm("/modules/orientation/progress",
                Map.of("read", "true", "_csrf", "x".repeat(43)), "Sec-Fetch-Site", "cross-site");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(TestServer.cookies(noToken)).doesNotContainKey(LEARNER_COOKIE);
        assertThat(server.postForm("/modules/nowhere/progress", Map.of("read", "true")).statusCode()).isEqualTo(404);
    }

    @Test
    void passing_a_lab_through_its_form_marks_it_passed_on_the_path_for_that_learner() {
        Browser ada = new Browser();
        ada.markRead("data-modeling", true);
        String token = SubmissionEndToEndTest.hiddenField(ada.get("/labs/audit-log-indexes").body(), "_csrf");
        HttpResponse<String> posted = server.postMultipart("/labs/audit-log-indexes/submissions",
                List.of(Part.field("_csrf", token),
                        Part.file("migration.sql", "migration.sql", SubmissionEndToEndTest.SOLUTION)),
                "Cookie", ada.cookie(), "Origin", server.uri("").toString(), "Sec-Fetch-Site", "same-origin");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(303);
        String id = posted.headers().firstValue("Location").orElseThrow().substring("/submissions/".length());
        assertThat(server.awaitDone(id, SubmissionEndToEndTest.GRADING, "Cookie", ada.cookie()).path("report").path("verdict").asString())
                .isEqualTo("passed");

        // Read and one of its two labs passed: two of the module's three steps.
        assertThat(ada.get("/").body())
                .containsPattern("(?s)Data modeling at scale.*state-badge state-started\".*2 of 3 steps")
                .contains("class=\"lab-chip lab-passed\"");
        assertThat(ada.get("/labs/audit-log-indexes").body()).contains("state-badge lab-passed\">Passed<");
        assertThat(ada.get("/modules/data-modeling").body()).contains("lab-card lab-passed");
        assertThat(new Browser().get("/labs/audit-log-indexes").body()).contains(">Not started<");
    }
}
