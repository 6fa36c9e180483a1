package dev.roadlab.grader;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import dev.roadlab.grader.report.GradeListener;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.ReportJson;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.postgres.PostgresServer;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.testing.FixtureLabs;
import dev.roadlab.grader.testing.TestSandboxes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * A sandbox that dies under a run is our fault: the run is started again on a fresh sandbox and the learner gets
 * the real verdict. (Containers only: a server an administrator gives us is not ours to kill in a test.)
 */
class SandboxFailureTest {

    @Test
    void a_postgresql_container_killed_mid_run_is_replaced_and_the_run_retried() throws Exception {
        try (Grader grader = Grader.create(FixtureLabs.catalog(), TestSandboxes.containers())) {
            PostgresServer first = TestSandboxes.postgres(grader.pool()).server();
            List<String> retries = new ArrayList<>();
            CompletableFuture<GradeReport> report = CompletableFuture.supplyAsync(() -> grader.grade("fixture-sql",
                    Submission.ofText(Map.of("script.sql", "SELECT pg_sleep(1.5);\nCREATE INDEX notes_body_idx ON notes (body);")),
                    new GradeListener() {
                        @Override
                        public void retrying(String reason) {
                            retries.add(reason);
                        }
                    }));
            TestSandboxes.awaitActiveQuery(first, "SELECT pg_sleep(1.5)"); // the learner's script runs: kill it now
            kill(first.port());
            GradeReport done = report.get(120, TimeUnit.SECONDS);
            assertThat(done.verdict()).as(ReportJson.writePretty(done)).isEqualTo(Verdict.PASSED);
            assertThat(done.attempts()).isEqualTo(2);
            assertThat(retries).hasSize(1);
            assertThat(TestSandboxes.postgres(grader.pool()).server().port()).isNotEqualTo(first.port());
        }
    }

    private static void kill(int publicPort) {
        DockerClient docker = DockerClientFactory.instance().client();
        for (Container container : docker.listContainersCmd().exec()) {
            for (ContainerPort port : container.getPorts()) {
                if (port.getPublicPort() != null && port.getPublicPort() == publicPort) {
                    docker.killContainerCmd(container.getId()).exec();
                    return;
                }
            }
        }
        throw new AssertionError("no container publishes port " + publicPort);
    }
}
