package dev.roadlab.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.grader.testing.TestSandboxes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The standalone server's probes, metrics and request ids, on H2 with one worker: answered without a session,
 * never cached, and a real /metrics answer (after pages and a grading) that Prometheus' own promtool accepts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpsEndpointsTest {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final String LAB = "edge-validation";

    private TestServer server;

    @BeforeAll
    void start() {
        server = TestServer.onH2("ops", TestSandboxes.servers(), 1);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void healthz_says_ok_without_a_session_and_is_never_cached() {
        HttpResponse<String> alive = server.get("/healthz");
        assertThat(alive.statusCode()).isEqualTo(200);
        assertThat(alive.body()).isEqualTo("ok");
        assertThat(alive.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    @Test
    void readyz_names_each_check_and_is_ready_on_a_migrated_database() {
        HttpResponse<String> ready = server.get("/readyz");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(ready.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = TestServer.json(ready);
        assertThat(body.path("status").asString()).isEqualTo("ready");
        assertThat(body.path("checks").path("database").asString()).isEqualTo("ok");
        assertThat(body.path("checks").path("migrations").asString()).isEqualTo("ok");
        assertThat(body.path("checks").path("sandboxes").asString()).isEqualTo("ok");
    }

    @Test
    void a_well_formed_request_id_is_kept_and_echoed_and_a_bad_one_replaced() {
        assertThat(server.get("/", "X-Request-Id", "lb-7f3a.42").headers().firstValue("X-Request-Id"))
                .hasValue("lb-7f3a.42");
        String replaced = server.get("/", "X-Request-Id", "a b\"<script>").headers().firstValue("X-Request-Id")
                .orElseThrow();
        assertThat(replaced).matches("[0-9a-f-]{36}");
        String generated = server.get("/healthz").headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(generated).matches("[0-9a-f-]{36}").isNotEqualTo(replaced);
    }

    @Test
    void every_log_line_of_a_request_carries_its_id_in_json() {
        LoggerContext logs = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(logs);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(logs);
        appender.setEncoder(encoder);
        appender.setOutputStream(lines);
        appender.start();
        ch.qos.logback.classic.Logger root = logs.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        try {
            assertThat(server.get("/modules/orientation", "X-Request-Id", "trace-json-1").statusCode())
                    .isEqualTo(200);
            assertThat(server.get("/no/such/page", "X-Request-Id", "trace-json-2").statusCode()).isEqualTo(404);
        } finally {
            root.detachAppender(appender);
            appender.stop();
        }
        List<JsonNode> events = lines.toString(StandardCharsets.UTF_8).lines().map(TestServer::json).toList();
        List<JsonNode> first = events.stream()
                .filter(e -> "trace-json-1".equals(e.path("mdc").path("request_id").asString())).toList();
        assertThat(first).as(events.toString()).isNotEmpty()
                .anySatisfy(e -> assertThat(e.path("formattedMessage").asString()).startsWith("GET /modules/{id} 200 "));
        assertThat(events).as("the 404's line, with its id and no raw path")
                .anySatisfy(e -> {
                    assertThat(e.path("mdc").path("request_id").asString()).isEqualTo("trace-json-2");
                    assertThat(e.path("formattedMessage").asString()).startsWith("GET unmatched 404 ");
                });
        assertThat(events).allSatisfy(e -> assertThat(e.toString()).doesNotContain("/no/such/page"));
    }

    @Test
    void metrics_after_pages_and_a_grading_pass_promtool_and_carry_http_jvm_pool_and_sandbox_meters()
            throws Exception {
        assertThat(server.get("/").statusCode()).isEqualTo(200);
        assertThat(server.get("/labs/" + LAB).statusCode()).isEqualTo(200);
        assertThat(server.get("/labs/no-such-lab").statusCode()).isEqualTo(404);
        String solution = Files.readString(Path.of("..", "labs", "src", "main", "resources", "labs", LAB,
                "solution", "order.schema.json"));
        HttpResponse<String> accepted = server.postMultipart("/api/labs/" + LAB + "/submissions",
                List.of(Part.file("file", "order.schema.json", solution)));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode done = server.awaitDone(TestServer.json(accepted).path("id").asString(), Duration.ofMinutes(2));
        assertThat(done.path("report").path("verdict").asString()).as(done.toString()).isEqualTo("passed");
        // And one in a PostgreSQL sandbox: the pool then holds an open backend, and no lease once the run is over.
        HttpResponse<String> inSandbox = server.postMultipart("/api/labs/audit-log-indexes/submissions",
                List.of(Part.file("file", "migration.sql", Files.readString(Path.of("..", "labs", "src", "main",
                        "resources", "labs", "audit-log-indexes", "solution", "migration.sql")))));
        assertThat(inSandbox.statusCode()).as(inSandbox.body()).isEqualTo(202);
        JsonNode graded = server.awaitDone(TestServer.json(inSandbox).path("id").asString(), Duration.ofMinutes(2));
        assertThat(graded.path("report").path("verdict").asString()).as(graded.toString()).isEqualTo("passed");

        HttpResponse<String> metrics = server.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/plain; version=0.0.4");
        assertThat(metrics.headers().firstValue("Cache-Control")).hasValue("no-store");
        String text = metrics.body();
        assertThat(text)
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/labs/{id}\",status=\"200\"}")
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/labs/{id}\",status=\"404\"}")
                .contains("route=\"/api/labs/{lab}/submissions\",status=\"202\"")
                .doesNotContain("route=\"/labs/" + LAB + "\"")
                .contains("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "process_uptime_seconds",
                        "system_cpus", "jvm_classes_loaded_classes")
                .contains("hikaricp_connections_active{pool=\"roadlab\"}")
                .contains("roadlab_sandbox_backends{kind=\"postgres\",provider=\"servers\"} 1.0")
                .contains("roadlab_sandbox_leases{kind=\"postgres\",provider=\"servers\"} 0.0")
                .contains("roadlab_sandbox_backends{kind=\"redis\",provider=\"servers\"} 0.0");
        assertThat(promtool(text)).isEmpty();
    }

    /** What {@code promtool check metrics} says about an exposition (empty: nothing); fails if it is missing. */
    static String promtool(String exposition) throws IOException, InterruptedException {
        assertThat(PROMTOOL).as("Debian's prometheus package provides promtool").isExecutable();
        Process check = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = check.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return check.exitValue() == 0 ? said.strip() : "exit " + check.exitValue() + ": " + said;
    }
}
