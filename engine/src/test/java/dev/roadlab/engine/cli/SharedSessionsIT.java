package dev.roadlab.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two engine processes (the packaged jar, twice) on one PostgreSQL: a sign-in on one is a sign-in on the other, a
 * sign-out on either ends it on both, and the sign-in limit counts attempts on both. State lives in the database.
 */
class SharedSessionsIT {

    static final String PASSWORD = "correct horse battery staple";
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** One `roadlab serve` process. */
    record Engine(Process process, int port) implements AutoCloseable {

        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static Engine serve(String dbUrl, Path dir, Map<String, String> env) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(CliIT.JAVA, "-jar", CliIT.JAR.toAbsolutePath().toString(),
                "serve", "--port", String.valueOf(port), "--db-url", dbUrl, "--workers", "0"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder log = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null && !line.contains("Roadlab is serving")) {
            log.append(line).append('\n');
        }
        assertThat(line).as("the engine started; its log:\n" + log).isNotNull();
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
        return new Engine(process, port);
    }

    /** A browser's cookie jar, for one site reached through either engine. */
    final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> get(Engine engine, String path) throws Exception {
            return keep(http.send(request(engine, path).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }

        HttpResponse<String> post(Engine engine, String fromPage, String path, Map<String, String> fields)
                throws Exception {
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get(engine, fromPage).body());
            assertThat(csrf.find()).as("a form on " + fromPage).isTrue();
            Map<String, String> all = new LinkedHashMap<>(fields);
            all.put("_csrf", csrf.group(1));
            String body = all.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return keep(http.send(request(engine, path)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", engine.url(""))
                    .header("Sec-Fetch-Site", "same-origin")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
        }

        private HttpRequest.Builder request(Engine engine, String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(engine.url(path)));
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
                if (header.contains("Max-Age=0")) {
                    cookies.remove(pair.substring(0, eq));
                } else {
                    cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            return response;
        }
    }

    @Test
    void a_sign_in_on_one_engine_process_is_a_sign_in_on_the_other() throws Exception {
        Path dir = Files.createTempDirectory("roadlab-two-engines");
        try (TestDatabases.Postgres pg = TestDatabases.postgres()) {
            String dbUrl = pg.config().url();
            // The first process creates the first admin from the environment; the second finds it there.
            try (Engine a = serve(dbUrl, Files.createDirectories(dir.resolve("a")),
                    Map.of("ROADLAB_ADMIN_LOGIN", "root", "ROADLAB_ADMIN_PASSWORD", PASSWORD));
                 Engine b = serve(dbUrl, Files.createDirectories(dir.resolve("b")), Map.of())) {
                assertThat(a.port()).isNotEqualTo(b.port());
                Browser browser = new Browser();
                assertThat(browser.get(b, "/").statusCode()).as("hosted: b asks for sign-in too").isEqualTo(303);

                HttpResponse<String> in = browser.post(a, "/sign-in", "/sign-in",
                        Map.of("login", "root", "password", PASSWORD, "next", "/account"));
                assertThat(in.statusCode()).isEqualTo(303);
                assertThat(browser.cookies).containsKey("__Host-roadlab-session");

                HttpResponse<String> onB = browser.get(b, "/account");
                assertThat(onB.statusCode()).as("the session made by a serves b").isEqualTo(200);
                assertThat(onB.body()).contains("Signed in as <strong>root</strong>");
                assertThat(browser.get(b, "/admin/users").statusCode()).isEqualTo(200);

                assertThat(browser.post(b, "/account", "/sign-out", Map.of()).statusCode()).isEqualTo(303);
                assertThat(browser.get(a, "/account").statusCode()).as("signed out on b: out on a").isEqualTo(303);

                // Attempts on a and on b fill the same per-login bucket.
                Browser guesser = new Browser();
                for (int i = 0; i < 5; i++) {
                    Engine engine = i % 2 == 0 ? a : b;
                    assertThat(guesser.post(engine, "/sign-in", "/sign-in",
                            Map.of("login", "root", "password", "guess number " + i)).statusCode()).isEqualTo(401);
                }
                assertThat(guesser.post(b, "/sign-in", "/sign-in", Map.of("login", "root", "password", PASSWORD))
                        .statusCode()).isEqualTo(429);
            }
        }
    }
}
