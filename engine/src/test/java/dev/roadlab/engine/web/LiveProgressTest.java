package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A submission's progress streamed as server-sent events from the database: one server that grades nothing shows
 * the queue, a second process on the same PostgreSQL grades, and the first streams each check as it finishes.
 */
class LiveProgressTest {

    record Event(String name, JsonNode data) {
    }

    @Test
    void the_page_and_stream_show_the_queue_then_every_check_graded_by_another_process_then_done() throws Exception {
        try (TestDatabases.Postgres db = TestDatabases.postgres()) {
            RoadlabConfig config = RoadlabConfig.defaults()
                    .withData(new RoadlabConfig.Data(Files.createTempDirectory("roadlab-live")))
                    .withDatabase(db.config())
                    .withSandboxes(TestSandboxes.servers());
            try (TestServer pages = TestServer.start(config.withGrading(new RoadlabConfig.Grading(0)))) {
                String first = submit(pages);
                String second = submit(pages);

                String waiting = pages.get("/submissions/" + second).body();
                assertThat(waiting).contains("(position 2 in the queue)")
                        .contains("<noscript><meta http-equiv=\"refresh\" content=\"3\"></noscript>")
                        .contains("data-events=\"/submissions/" + second + "/events\"");
                assertThat(pages.get("/submissions/" + first).body()).contains("(position 1 in the queue)");

                HttpResponse<Stream<String>> stream = pages.http().send(HttpRequest.newBuilder(
                                pages.uri("/submissions/" + first + "/events"))
                        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(180)).build(),
                        HttpResponse.BodyHandlers.ofLines());
                assertThat(stream.statusCode()).isEqualTo(200);
                assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith("text/event-stream"));
                Iterator<String> lines = stream.body().iterator();
                Event queued = next(lines);
                assertThat(queued.name()).isEqualTo("queued");
                assertThat(queued.data().path("position").asInt()).isEqualTo(1);

                List<Event> events = new ArrayList<>();
                try (TestServer worker = TestServer.start(config.withGrading(new RoadlabConfig.Grading(1)))) {
                    for (Event e = next(lines); !e.name().equals("done"); e = next(lines)) {
                        events.add(e);
                    }
                    assertThat(events).extracting(Event::name).startsWith("started")
                            .containsSubsequence("started", "check", "check", "check", "check", "check", "check",
                                    "check");
                    List<Event> checks = events.stream().filter(e -> e.name().equals("check")).toList();
                    assertThat(checks).hasSize(7);
                    assertThat(checks).extracting(c -> c.data().path("title").asString()).containsExactlyElementsOf(
                            pages.roadlab().labs().get("audit-log-indexes").checks().stream()
                                    .map(dev.roadlab.grader.lab.CheckInfo::title).toList());
                    assertThat(checks.getLast().data().path("done").asInt()).isEqualTo(7);
                    assertThat(checks).allSatisfy(c -> {
                        assertThat(c.data().path("verdict").asString()).isEqualTo("passed");
                        assertThat(c.data().path("duration").asString()).matches("\\d+ ms|\\d+\\.\\d s");
                    });
                    worker.awaitDone(second, SubmissionEndToEndTest.GRADING);
                }
                String done = pages.get("/submissions/" + first).body();
                assertThat(done).doesNotContain("http-equiv=\"refresh\"").contains("All 7 checks passed");
                assertThat(pages.get("/submissions/00000000-0000-4000-8000-000000000000/events",
                        "Accept", "text/event-stream").statusCode()).isEqualTo(404);
            }
        }
    }

    private static String submit(TestServer server) {
        HttpResponse<String> accepted = server.postMultipart("/api/labs/audit-log-indexes/submissions",
                List.of(Part.file("file", "migration.sql", SubmissionEndToEndTest.SOLUTION)));
        assertThat(accepted.statusCode()).isEqualTo(202);
        return TestServer.json(accepted).path("id").asString();
    }

    /** The next event of a text/event-stream: its "event:" and "data:" lines up to the blank line that ends it. */
    private static Event next(Iterator<String> lines) {
        String name = "message";
        StringBuilder data = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    return new Event(name, TestServer.json(data.toString()));
                }
                continue;
            }
            if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).trim());
            }
        }
        throw new AssertionError("the stream ended before the next event");
    }
}
