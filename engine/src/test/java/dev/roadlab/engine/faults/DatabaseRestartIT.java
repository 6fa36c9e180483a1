package dev.roadlab.engine.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The engine's own PostgreSQL restarted under a running {@code roadlab serve}: while it is down, requests that need
 * the database fail cleanly (503 with Retry-After, a page that says so, within the pool's few seconds) and those that
 * do not (health) still answer; once it is back, the same process serves pages and grades again by itself. The
 * database is a container on a fixed host port, so that it comes back where the engine looks for it.
 */
@Tag("faults")
class DatabaseRestartIT {

    @Test
    void requests_fail_cleanly_while_the_database_is_down_and_the_engine_recovers_by_itself(@TempDir Path dir)
            throws Exception {
        int dbPort = EngineProcess.freePort();
        try (GenericContainer<?> db = new GenericContainer<>("postgres:17-alpine")
                .withEnv("POSTGRES_PASSWORD", "fault-test")
                .withExposedPorts(5432)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", dbPort), ExposedPort.tcp(5432))))
                .waitingFor(Wait.forSuccessfulCommand("pg_isready -U postgres -h 127.0.0.1")
                        .withStartupTimeout(Duration.ofSeconds(90)))) {
            db.start();
            String dbUrl = "jdbc:postgresql://127.0.0.1:" + dbPort + "/postgres?user=postgres&password=fault-test";
            try (EngineProcess engine = EngineProcess.serve(dir, "engine", dbUrl, 1, Map.of())) {
                String learner = engine.learnerCookie();
                assertThat(engine.awaitVerdict(engine.submit("edge-validation", "solution", learner), learner))
                        .isEqualTo("passed");

                var docker = DockerClientFactory.instance().client();
                docker.stopContainerCmd(db.getContainerId()).withTimeout(10).exec();

                HttpResponse<String> down = engine.get("/", learner);
                assertThat(down.statusCode()).as(down.body() + "\nthe engine's log:\n" + engine.log()).isEqualTo(503);
                assertThat(down.headers().firstValue("Retry-After")).isPresent();
                assertThat(down.body()).contains("database").doesNotContain("Exception").doesNotContain("jdbc:");
                HttpResponse<String> api = engine.get("/api/submissions/x", learner);
                assertThat(api.statusCode()).isEqualTo(503);
                assertThat(api.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
                assertThat(engine.get("/healthz", null).statusCode()).isEqualTo(200);
                assertThat(engine.get("/readyz", null).statusCode()).isEqualTo(503);

                docker.startContainerCmd(db.getContainerId()).exec();

                engine.awaitStatus("/readyz", 200);
                assertThat(engine.get("/", learner).statusCode()).isEqualTo(200);
                assertThat(engine.awaitVerdict(engine.submit("edge-validation", "solution", learner), learner))
                        .as("graded after the restart").isEqualTo("passed");
            }
        }
    }
}
