package dev.roadlab.engine;

import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.web.RoadlabServer;
import dev.roadlab.grader.sandbox.SandboxSettings;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real Roadlab server on a free port, and an HTTP client that speaks to it the way browsers and scripts do. */
public final class TestServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Roadlab roadlab;
    private final Javalin app;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(Roadlab roadlab, Javalin app) {
        this.roadlab = roadlab;
        this.app = app;
    }

    /**
     * A server on the bundled course with an H2 database in a new temporary folder, the given sandboxes and
     * {@code workers} grading workers (0: nothing is graded).
     */
    public static TestServer onH2(String name, SandboxSettings sandboxes, int workers) {
        return onH2(name, sandboxes, workers, config -> config);
    }

    /** Like {@link #onH2(String, SandboxSettings, int)}, the configuration then changed by {@code adjust}. */
    public static TestServer onH2(String name, SandboxSettings sandboxes, int workers,
                                  java.util.function.UnaryOperator<RoadlabConfig> adjust) {
        try {
            Path data = Files.createTempDirectory("roadlab-" + name);
            return start(adjust.apply(RoadlabConfig.defaults()
                    .withData(new RoadlabConfig.Data(data))
                    .withDatabase(TestDatabases.h2(data))
                    .withSandboxes(sandboxes)
                    .withGrading(new RoadlabConfig.Grading(workers))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server on a free port. */
    public static TestServer start(RoadlabConfig config) {
        RoadlabConfig onFreePort = config.withHttp(new RoadlabConfig.Http("127.0.0.1", 0, config.http().basePath(),
                config.http().secureCookies()));
        Roadlab roadlab = Roadlab.start(onFreePort);
        Javalin app = RoadlabServer.create(roadlab);
        app.start();
        return new TestServer(roadlab, app);
    }

    /**
     * A host's own started Javalin app with {@code roadlab} mounted in it, driven by the same helpers; closing it
     * stops both.
     */
    public static TestServer hostedIn(Roadlab roadlab, Javalin startedHostApp) {
        return new TestServer(roadlab, startedHostApp);
    }

    public Roadlab roadlab() {
        return roadlab;
    }

    /** The client the helpers use (no redirects followed), for requests they do not cover. */
    public HttpClient http() {
        return http;
    }

    /** Every HTTP route the app has registered, as "METHOD path" (Javalin's own list, not Roadlab's). */
    public List<String> registeredRoutes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint.method.name() + " " + e.endpoint.path).toList();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** One file of a multipart upload: field name, file name, content. */
    public record Part(String field, String filename, byte[] content) {

        public static Part file(String field, String filename, String content) {
            return new Part(field, filename, content.getBytes(StandardCharsets.UTF_8));
        }

        public static Part field(String name, String value) {
            return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    public HttpResponse<String> postMultipart(String path, List<Part> parts, String... headers) {
        String boundary = "roadlab-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Part part : parts) {
            write(body, "--" + boundary + "\r\n");
            write(body, "Content-Disposition: form-data; name=\"" + part.field() + "\""
                    + (part.filename() == null ? "" : "; filename=\"" + part.filename() + "\"") + "\r\n");
            if (part.filename() != null) {
                write(body, "Content-Type: application/octet-stream\r\n");
            }
            write(body, "\r\n");
            body.writeBytes(part.content());
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        // As curl does for a body over 1 MB: the headers first, the body once the server says go on. A server that
        // refuses the size answers at once, and the client reads that answer instead of writing into a connection
        // the server closed (a broken pipe, and no answer to read, when the machine is slow).
        if (body.size() > 1024 * 1024) {
            request.expectContinue(true);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** An HTML form post (application/x-www-form-urlencoded), fields in order. */
    public HttpResponse<String> postForm(String path, Map<String, String> fields, String... headers) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    public static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    /**
     * Polls the API until the submission is done; returns the final body. A learner's submission is visible only to
     * that learner: pass their {@code "Cookie", ...} header.
     */
    public JsonNode awaitDone(String submissionId, Duration limit, String... headers) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = get("/api/submissions/" + submissionId, headers);
            if (response.statusCode() != 200) {
                throw new AssertionError("GET /api/submissions/" + submissionId + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            JsonNode body = json(response);
            if ("done".equals(body.path("status").asString())) {
                return body;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("submission " + submissionId + " not graded within " + limit);
    }

    /** The cookies a response sets, name to value. */
    public static Map<String, String> cookies(HttpResponse<?> response) {
        Map<String, String> cookies = new LinkedHashMap<>();
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return cookies;
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        app.stop();
        roadlab.close();
    }
}
