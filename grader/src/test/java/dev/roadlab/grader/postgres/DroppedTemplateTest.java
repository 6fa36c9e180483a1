package dev.roadlab.grader.postgres;

import dev.roadlab.grader.sandbox.SandboxPool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.postgres.PostgresSpec;
import dev.roadlab.grader.testing.TestSandboxes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Graders share a sandbox server, and one running another version of a lab drops the templates it takes for stale
 * ones. A grader whose template vanished builds it again instead of failing every run.
 */
class DroppedTemplateTest {

    private static final String LAB = "dropped-template";
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"containers", "servers"})
    void a_template_dropped_by_another_grader_is_built_again_at_the_next_lease(String provider) throws Exception {
        // A seed of its own, so that no other run of this test shares the template.
        PostgresSpec spec = new PostgresSpec("CREATE TABLE t (x int);\n-- " + UUID.randomUUID() + "\n", 2);
        try (SandboxPool pool = SandboxPool.create(TestSandboxes.named(provider).withWarmPerLab(0))) {
            PostgresSandbox sandbox = TestSandboxes.postgres(pool);
            RunDatabase first = sandbox.lease(LAB, spec, LIMIT);
            sandbox.release(first);
            dropTemplate(sandbox, first.template());

            RunDatabase second = sandbox.lease(LAB, spec, LIMIT);
            try (Connection c = second.connect("test"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isZero();
            } finally {
                sandbox.release(second);
                dropTemplate(sandbox, second.template());
            }
        }
    }

    private static void dropTemplate(PostgresSandbox sandbox, String template) throws Exception {
        try (Connection admin = sandbox.server().connectAsAdmin(sandbox.server().maintenanceDb());
             Statement s = admin.createStatement()) {
            s.execute("ALTER DATABASE " + template + " IS_TEMPLATE false");
            s.execute("DROP DATABASE " + template + " WITH (FORCE)");
        }
    }
}
