package dev.roadlab.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.TestServer;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.grader.testing.TestSandboxes;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Readiness on PostgreSQL: ready on a migrated database; not ready, with a JSON body naming the failed check, when
 * a migration is missing from the history or the database no longer answers; and never a credential in the body.
 */
class ReadinessOnPostgresTest {

    @Test
    void readyz_is_503_naming_what_failed_when_a_migration_is_missing_or_the_database_is_gone() throws Exception {
        try (TestDatabases.Postgres pg = TestDatabases.postgres()) {
            TestServer server = TestServer.start(RoadlabConfig.defaults()
                    .withData(new RoadlabConfig.Data(Files.createTempDirectory("roadlab-readyz")))
                    .withDatabase(pg.config())
                    .withSandboxes(TestSandboxes.servers())
                    .withGrading(new RoadlabConfig.Grading(0)));
            try (server) {
                HttpResponse<String> ready = server.get("/readyz");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);

                // Another build's schema: the newest migration is not in this database's history.
                server.roadlab().database().dsl().execute(
                        "DELETE FROM flyway_schema_history WHERE installed_rank = "
                                + "(SELECT MAX(installed_rank) FROM flyway_schema_history)");
                Readiness fresh = new Readiness(server.roadlab().database(), server.roadlab().grader().pool(),
                        Duration.ofSeconds(2));
                Readiness.Report behind = fresh.check();
                assertThat(behind.ready()).isFalse();
                assertThat(behind.checks().get("database")).isEqualTo("ok");
                assertThat(behind.checks().get("migrations")).contains("1 migration(s) not applied");

                server.roadlab().database().close(); // the pool is gone: nothing answers
                HttpResponse<String> gone = server.get("/readyz");
                assertThat(gone.statusCode()).as(gone.body()).isEqualTo(503);
                JsonNode body = TestServer.json(gone);
                assertThat(body.path("status").asString()).isEqualTo("unavailable");
                assertThat(body.path("checks").path("database").asString()).startsWith("the database does not answer");
                assertThat(body.path("checks").path("migrations").asString()).startsWith("not checked");
                assertThat(body.path("checks").path("sandboxes").asString()).isEqualTo("ok");
                assertThat(server.get("/healthz").statusCode()).as("alive all the same").isEqualTo(200);
            }
        }
    }

    @Test
    void credentials_in_a_driver_message_are_blanked() {
        assertThat(Readiness.redacted("cannot reach jdbc:postgresql://db:5432/r?user=roadlab&password=hunter2&ssl=true"))
                .doesNotContain("hunter2").contains("password=***");
        assertThat(Readiness.redacted("redis://default:hunter2@cache:6379 refused")).doesNotContain("hunter2")
                .contains("//***@cache");
    }
}
