package dev.roadlab.engine.grading;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.faults.GateLab;
import dev.roadlab.grader.sandbox.SandboxSettings;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The queue as HTTP clients see it: a full queue answers 503 with Retry-After; a taken-over grading's stream ends. */
class GradingHttpTest {

    private static RoadlabConfig config(RoadlabConfig.Database database, RoadlabConfig.Grading grading)
            throws Exception {
        return RoadlabConfig.defaults()
                .withData(new RoadlabConfig.Data(Files.createTempDirectory("roadlab-grading-http")))
                .withDatabase(database)
                .withSandboxes(SandboxSettings.defaults())
                .withContent(new RoadlabConfig.Content(Optional.empty(), Optional.of(GateLab.folder())))
                .withGrading(grading);
    }

    private static HttpResponse<String> submit(TestServer server, String plan) {
        return server.postMultipart("/api/labs/" + GateLab.ID + "/submissions",
                List.of(Part.file("file", GateLab.FILE, plan)));
    }

    @Test
    void past_the_queue_limit_a_submission_gets_503_with_retry_after_and_costs_nothing() throws Exception {
        Path data = Files.createTempDirectory("roadlab-full-queue");
        try (TestServer server = TestServer.start(config(TestDatabases.h2(data), new RoadlabConfig.Grading(0, 2,
                Duration.ofSeconds(30), 3, Duration.ofSeconds(5), Duration.ofSeconds(1))))) {
            assertThat(submit(server, "pass").statusCode()).isEqualTo(202);
            assertThat(submit(server, "pass").statusCode()).isEqualTo(202);
            HttpResponse<String> refused = submit(server, "pass");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                    v -> assertThat(Long.parseLong(v)).isBetween(5L, 600L));
            assertThat(TestServer.json(refused).path("error").asString())
                    .contains("Grading is very busy").contains("costs you nothing");
            assertThat(server.roadlab().queue().depth()).isEqualTo(2);
            assertThat(server.roadlab().meters().scrape()).contains("roadlab_queue_depth 2.0")
                    .contains("roadlab_queue_oldest_age_seconds").contains("roadlab_grading_retries_total 0.0");
        }
    }

    @Test
    void a_pages_stream_ends_with_the_verdict_when_another_worker_took_the_grading_over() throws Exception {
        try (TestDatabases.Postgres db = TestDatabases.postgres()) {
            RoadlabConfig.Grading none = new RoadlabConfig.Grading(0);
            RoadlabConfig.Grading one = new RoadlabConfig.Grading(1, 500, Duration.ofSeconds(30), 3,
                    Duration.ofSeconds(2), Duration.ofMillis(200));
            Path gate = Files.createTempDirectory("roadlab-gate").resolve("open");
            Path started = gate.resolveSibling("open.started");
            try (TestServer pages = TestServer.start(config(db.config(), none))) {
                HttpResponse<String> accepted = submit(pages, "gate " + gate);
                assertThat(accepted.statusCode()).isEqualTo(202);
                String id = TestServer.json(accepted).path("id").asString();
                HttpResponse<Stream<String>> stream = pages.http().send(HttpRequest.newBuilder(
                                pages.uri("/submissions/" + id + "/events"))
                        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(120)).build(),
                        HttpResponse.BodyHandlers.ofLines());
                Iterator<String> lines = stream.body().iterator();
                List<String> seen = new ArrayList<>();
                try (TestServer first = TestServer.start(config(db.config(), one))) {
                    QueueWorld.await("the first worker waits at the gate", Duration.ofSeconds(30),
                            () -> Files.exists(started));
                    Files.delete(started);
                    // The first worker stalls past its lease; a second process takes the grading over.
                    first.roadlab().workers().orElseThrow().close();
                    try (TestServer second = TestServer.start(config(db.config(), one))) {
                        QueueWorld.await("the second worker waits at the gate", Duration.ofSeconds(30),
                                () -> Files.exists(started));
                        Files.createFile(gate);
                        String[] event = next(lines);
                        while (!event[0].equals("done")) {
                            seen.add(event[0]);
                            event = next(lines);
                        }
                        assertThat(event[1]).contains("/submissions/" + id);
                    }
                }
                assertThat(seen).as("the handed-back run, then the run that finished").containsSubsequence("started",
                        "started", "check");
                var report = TestServer.json(pages.get("/api/submissions/" + id));
                assertThat(report.path("status").asString()).isEqualTo("done");
                assertThat(report.path("report").path("verdict").asString()).isEqualTo("passed");
            }
        }
    }

    /** The next event: its name and its data. */
    private static String[] next(Iterator<String> lines) {
        String name = "message";
        StringBuilder data = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    return new String[] {name, data.toString()};
                }
                continue;
            }
            if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            }
        }
        throw new AssertionError("the stream ended without a done event; saw " + name);
    }
}
