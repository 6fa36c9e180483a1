package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestServer;
import dev.roadlab.grader.sandbox.SandboxSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * A malformed request gets a 4xx with the README's JSON error shape, never a 500 and never a stack trace: broken
 * multipart bodies, very many parts, a file over its limit sent with other parts (and without a length), file names
 * with path tricks, and a bounded random corpus of mangled bodies.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestsTest {

    private static final String API = "/api/labs/audit-log-indexes/submissions";
    private static final String BOUNDARY = "roadlab-boundary";
    private TestServer server;

    @BeforeAll
    void start() {
        // No grading: every request here is refused before a submission is stored.
        server = TestServer.onH2("malformed", SandboxSettings.defaults(), 0);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    Stream<Arguments> malformed() {
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("a body that is not multipart at all", "multipart/form-data; boundary=" + BOUNDARY,
                "just some bytes".getBytes(StandardCharsets.UTF_8)));
        cases.add(Arguments.of("multipart without a boundary", "multipart/form-data", part("migration.sql",
                "migration.sql", "SELECT 1;")));
        cases.add(Arguments.of("a body cut off in the middle of a part", "multipart/form-data; boundary=" + BOUNDARY,
                ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"migration.sql\"; filename=\"m.sql\"\r\n"
                        + "\r\nSELECT").getBytes(StandardCharsets.UTF_8)));
        cases.add(Arguments.of("a part without headers", "multipart/form-data; boundary=" + BOUNDARY,
                ("--" + BOUNDARY + "\r\n\r\nSELECT 1;\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8)));
        cases.add(Arguments.of("a broken Content-Disposition", "multipart/form-data; boundary=" + BOUNDARY,
                ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"\r\n\r\nx\r\n--" + BOUNDARY + "--\r\n")
                        .getBytes(StandardCharsets.UTF_8)));
        cases.add(Arguments.of("10,000 parts", "multipart/form-data; boundary=" + BOUNDARY, manyParts(10_000)));
        for (String name : List.of("../migration.sql", "..\\migration.sql", "/etc/passwd", "dir/migration.sql",
                "migration.sql\u0000.txt", ".migration.sql", "a".repeat(5_000), "migration\r\n.sql")) {
            cases.add(Arguments.of("a file named " + name.substring(0, Math.min(name.length(), 30)),
                    "multipart/form-data; boundary=" + BOUNDARY, part("file", name, "SELECT 1;")));
        }
        cases.add(Arguments.of("a file over its limit with another part", "multipart/form-data; boundary=" + BOUNDARY,
                concat(partBody("note", null, "hello"), partBody("migration.sql", "migration.sql",
                        "-- " + "x".repeat(300_000)), end())));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void a_malformed_upload_gets_a_4xx_with_a_json_error(String what, String contentType, byte[] body) {
        assertClean(post(contentType, HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    @Test
    void a_file_over_the_request_limit_sent_without_a_length_is_refused_cleanly() {
        byte[] body = concat(partBody("note", null, "hello"), partBody("migration.sql", "migration.sql",
                "-- " + "x".repeat(6 * 1024 * 1024)), end());
        // An input stream has no known length: the client sends it chunked, so only reading can find the size.
        HttpResponse<String> response = post("multipart/form-data; boundary=" + BOUNDARY,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        assertClean(response);
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void the_html_form_refuses_a_malformed_body_with_a_page_not_a_500() {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            server.uri("/labs/audit-log-indexes/submissions"))
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .header("Origin", server.uri("").toString().replaceAll("/$", ""))
                    .header("Sec-Fetch-Site", "same-origin")
                    .POST(HttpRequest.BodyPublishers.ofString("--" + BOUNDARY + "\r\nno headers, no end")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_random_corpus_of_mangled_bodies_never_gets_a_5xx() {
        Random random = new Random(20261202);
        byte[] valid = concat(partBody("migration.sql", "migration.sql", "CREATE INDEX i ON audit_logs (user_id);"),
                end());
        for (int i = 0; i < 300; i++) {
            byte[] body = valid.clone();
            int edits = 1 + random.nextInt(8);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(body.length);
                switch (random.nextInt(3)) {
                    case 0 -> body[at] = (byte) random.nextInt(256);
                    case 1 -> body = concat(java.util.Arrays.copyOf(body, at),
                            java.util.Arrays.copyOfRange(body, Math.min(body.length, at + 1 + random.nextInt(20)),
                                    body.length));
                    default -> body = concat(java.util.Arrays.copyOf(body, at), randomBytes(random, random.nextInt(40)),
                            java.util.Arrays.copyOfRange(body, at, body.length));
                }
            }
            HttpResponse<String> response = post("multipart/form-data; boundary=" + BOUNDARY,
                    HttpRequest.BodyPublishers.ofByteArray(body));
            assertThat(response.statusCode()).as("mangled body %d", i).isLessThan(500);
            assertThat(response.body()).as("mangled body %d", i).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /**
     * On a connection of its own: the server may close a connection after refusing a malformed body, and a pooled
     * connection would make the next request fail on the client's side.
     */
    private HttpResponse<String> post(String contentType, HttpRequest.BodyPublisher body) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(server.uri(API)).header("Content-Type", contentType)
                    .POST(body).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertClean(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        JsonNode json = TestServer.json(response);
        assertThat(json.path("error").asString("")).as(response.body()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static byte[] part(String field, String filename, String content) {
        return concat(partBody(field, filename, content), end());
    }

    private static byte[] partBody(String field, String filename, String content) {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n" + content + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] end() {
        return ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] manyParts(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            out.writeBytes(partBody("f" + i, "f" + i + ".sql", "x"));
        }
        out.writeBytes(end());
        return out.toByteArray();
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
