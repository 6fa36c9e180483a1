package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.course.CourseModule;
import dev.roadlab.grader.testing.TestSandboxes;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Module pages are written as bytes with each module's prose encoded once at start: the prose arrives byte for byte
 * as the course rendered it, while each learner still gets their own progress and CSRF token, and the headers of a
 * page are what they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModulePageBytesTest {

    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.onH2("module-bytes", TestSandboxes.servers(), 0);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> getBytes(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return server.http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean containsBytes(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void every_module_page_carries_its_rendered_prose_byte_for_byte() {
        for (CourseModule module : server.roadlab().course().modules()) {
            HttpResponse<byte[]> page = getBytes("/modules/" + module.id());
            assertThat(page.statusCode()).isEqualTo(200);
            byte[] prose = module.html().getBytes(StandardCharsets.UTF_8);
            assertThat(prose.length).isGreaterThan(1000);
            assertThat(containsBytes(page.body(), prose)).as("the prose of %s, byte for byte", module.id()).isTrue();
            String text = new String(page.body(), StandardCharsets.UTF_8);
            assertThat(text.strip()).startsWith("<!DOCTYPE html>").endsWith("</html>");
            assertThat(text)
                    .contains("<h1>" + module.title() + "</h1>").contains("› Module " + module.position());
        }
    }

    @Test
    void a_module_page_keeps_the_headers_of_a_page() {
        HttpResponse<byte[]> page = getBytes("/modules/orientation");
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Cross-Origin-Embedder-Policy")).hasValue("require-corp");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
    }

    @Test
    void the_same_module_page_shows_each_learner_their_own_progress_and_form_token() {
        Map<String, String> ada = new LinkedHashMap<>(TestServer.cookies(server.get("/modules/orientation")));
        String adaToken = SubmissionEndToEndTest.hiddenField(server.get("/modules/orientation", "Cookie",
                cookie(ada)).body(), "_csrf");
        HttpResponse<String> marked = server.postForm("/modules/orientation/progress",
                Map.of("_csrf", adaToken, "read", "true"), "Cookie", cookie(ada),
                "Origin", server.uri("").toString(), "Sec-Fetch-Site", "same-origin");
        assertThat(marked.statusCode()).isEqualTo(303);
        ada.putAll(TestServer.cookies(marked));

        String adasPage = server.get("/modules/orientation", "Cookie", cookie(ada)).body();
        HttpResponse<String> bobsFirst = server.get("/modules/orientation");
        String bobsPage = bobsFirst.body();

        assertThat(SubmissionEndToEndTest.hiddenField(adasPage, "_csrf")).isEqualTo(adaToken)
                .isEqualTo(ada.values().stream().filter(v -> v.equals(adaToken)).findFirst().orElseThrow());
        assertThat(adasPage).contains("You marked this module as read.").contains("Mark as unread");
        String bobsToken = SubmissionEndToEndTest.hiddenField(bobsPage, "_csrf");
        assertThat(bobsToken).isNotEqualTo(adaToken).isEqualTo(TestServer.cookies(bobsFirst).values().stream()
                .filter(v -> v.equals(bobsToken)).findFirst().orElseThrow());
        assertThat(bobsPage).contains("Mark as read").doesNotContain("You marked this module as read.");
        String prose = server.roadlab().course().module("orientation").orElseThrow().html();
        assertThat(adasPage).contains(prose);
        assertThat(bobsPage).contains(prose);
    }

    private static String cookie(Map<String, String> cookies) {
        return String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}
