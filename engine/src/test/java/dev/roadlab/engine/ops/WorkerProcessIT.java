package dev.roadlab.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The packaged jar in both process shapes on one PostgreSQL: {@code roadlab serve --workers 0} takes a submission
 * over HTTP and {@code roadlab worker} grades it (the verdict reaches serve's API); the worker answers /healthz and
 * /readyz on its health port; both log JSON lines with ROADLAB_LOG_FORMAT=json, serve's carrying the request id;
 * SIGTERM stops the worker with exit 0; and a worker on H2 is refused in a sentence.
 */
class WorkerProcessIT {

    static final Path JAR = Path.of(System.getProperty("roadlab.jar", "target/roadlab.jar"));
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    static final String LAB = "edge-validation";
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A running jar and every line it printed so far. */
    record Running(Process process, List<String> lines) implements AutoCloseable {

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static Running start(Path dir, String ready, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("ROADLAB_LOG_FORMAT", "json");
        builder.environment().put("ROADLAB_SANDBOX_PROVIDER", "servers");
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new CopyOnWriteArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.contains(ready)) {
            lines.add(line);
        }
        assertThat(line).as("'" + ready + "' was printed; the output:\n" + String.join("\n", lines)).isNotNull();
        lines.add(line);
        Thread.ofVirtual().start(() -> {
            try {
                out.lines().forEach(lines::add);
            } catch (java.io.UncheckedIOException closed) {
                // the process was stopped and its output closed
            }
        });
        return new Running(process, lines);
    }

    HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_worker_process_grades_what_a_serve_process_without_workers_accepted() throws Exception {
        Path dir = Files.createTempDirectory("roadlab-worker-it");
        String solution = Files.readString(Path.of("..", "labs", "src", "main", "resources", "labs", LAB,
                "solution", "order.schema.json"));
        try (TestDatabases.Postgres pg = TestDatabases.postgres()) {
            String db = pg.config().url();
            int web = freePort();
            int health = freePort();
            try (Running serve = start(Files.createDirectories(dir.resolve("serve")), "Roadlab is serving",
                    "serve", "--port", String.valueOf(web), "--db-url", db, "--workers", "0");
                 Running worker = start(Files.createDirectories(dir.resolve("worker")), "Roadlab is grading",
                         "worker", "--db-url", db, "--workers", "1", "--health-port", String.valueOf(health))) {
                String base = "http://127.0.0.1:" + web;
                String boundary = "roadlab-" + UUID.randomUUID();
                String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                        + "order.schema.json\"\r\nContent-Type: application/json\r\n\r\n" + solution + "\r\n--"
                        + boundary + "--\r\n";
                HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(
                                URI.create(base + "/api/labs/" + LAB + "/submissions"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header("X-Request-Id", "it-submit-1")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                assertThat(accepted.headers().firstValue("X-Request-Id")).hasValue("it-submit-1");
                String id = JSON.readTree(accepted.body()).path("id").asString();

                JsonNode done = null;
                Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
                while (Instant.now().isBefore(deadline)) {
                    JsonNode now = JSON.readTree(get(base + "/api/submissions/" + id).body());
                    if ("done".equals(now.path("status").asString())) {
                        done = now;
                        break;
                    }
                    Thread.sleep(200); // polling a state with a deadline, as a client does
                }
                assertThat(done).as("graded within 2 minutes; the worker said:\n"
                        + String.join("\n", worker.lines())).isNotNull();
                assertThat(done.path("report").path("verdict").asString()).as(done.toString()).isEqualTo("passed");

                HttpResponse<String> alive = get("http://127.0.0.1:" + health + "/healthz");
                assertThat(alive.statusCode()).isEqualTo(200);
                assertThat(alive.body()).isEqualTo("ok");
                HttpResponse<String> ready = get("http://127.0.0.1:" + health + "/readyz");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(JSON.readTree(ready.body()).path("status").asString()).isEqualTo("ready");
                assertThat(get("http://127.0.0.1:" + health + "/metrics").body()).contains("jvm_memory_used_bytes");
                assertThat(get("http://127.0.0.1:" + health + "/labs/" + LAB).statusCode())
                        .as("the worker serves no pages").isEqualTo(404);

                List<JsonNode> serveLog = json(serve.lines());
                assertThat(serveLog).as("serve logs JSON lines").isNotEmpty();
                assertThat(serveLog).as("the submission's request id is on serve's access line")
                        .anySatisfy(e -> {
                            assertThat(e.path("mdc").path("request_id").asString()).isEqualTo("it-submit-1");
                            assertThat(e.path("formattedMessage").asString())
                                    .startsWith("POST /api/labs/{lab}/submissions 202 ");
                        });
                assertThat(json(worker.lines())).as("the worker logs JSON lines too").isNotEmpty();

                worker.process().destroy(); // SIGTERM: the shutdown hook closes the workers
                assertThat(worker.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
                // 143 = 128 + SIGTERM: how a JVM ends on SIGTERM once its shutdown hooks have run.
                assertThat(worker.process().exitValue()).as("exit after SIGTERM").isEqualTo(143);
            }
        }
    }

    @Test
    void a_worker_on_the_default_h2_file_is_refused_in_a_sentence() throws Exception {
        Path dir = Files.createTempDirectory("roadlab-worker-h2");
        Process worker = new ProcessBuilder(JAVA, "-jar", JAR.toAbsolutePath().toString(), "worker",
                "--health-port", "0").directory(dir.toFile()).redirectErrorStream(true).start();
        String said = new String(worker.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(worker.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).as(said).isEqualTo(2);
        assertThat(said).contains("roadlab worker shares its queue with roadlab serve through PostgreSQL")
                .contains("Set ROADLAB_DB_URL (or --db-url) to the jdbc:postgresql:// URL");
    }

    /** The lines that are JSON objects (the others: a command's own output on stdout). */
    static List<JsonNode> json(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("{")).map(l -> (JsonNode) JSON.readTree(l)).toList();
    }
}
