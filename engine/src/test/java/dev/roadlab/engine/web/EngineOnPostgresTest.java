package dev.roadlab.engine.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.TestServer.Part;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The whole path, upload to report, with Roadlab's own database on PostgreSQL as a hosted install runs it. */
class EngineOnPostgresTest {

    @Test
    void a_submission_is_graded_end_to_end_with_the_engine_on_postgresql() throws Exception {
        try (TestDatabases.Postgres db = TestDatabases.postgres();
             TestServer server = TestServer.start(RoadlabConfig.defaults()
                     .withData(new RoadlabConfig.Data(Files.createTempDirectory("roadlab-pg")))
                     .withDatabase(db.config())
                     .withSandboxes(TestSandboxes.servers()))) {
            HttpResponse<String> accepted = server.postMultipart("/api/labs/audit-log-indexes/submissions",
                    List.of(Part.file("file", "migration.sql", SubmissionEndToEndTest.SOLUTION)));
            assertThat(accepted.statusCode()).isEqualTo(202);
            JsonNode done = server.awaitDone(TestServer.json(accepted).path("id").asString(),
                    SubmissionEndToEndTest.GRADING);
            assertThat(done.path("report").path("verdict").asString()).isEqualTo("passed");
            assertThat(done.path("report").path("score").asInt()).isEqualTo(14);
        }
    }
}
