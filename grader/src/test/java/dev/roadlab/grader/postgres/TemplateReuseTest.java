package dev.roadlab.grader.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.sandbox.SandboxPool;
import dev.roadlab.grader.testing.TestSandboxes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A lab's template outlives the grader that built it, so that the next {@code roadlab grade} on the same server
 * skips the seed. What it reuses must be what was built: a template changed since is found and built again, and a
 * grader that died half-way through a build leaves nothing the next one takes for a template.
 */
class TemplateReuseTest {

    private static final String LAB = "template-reuse";
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private static PostgresSpec spec() {
        // A seed of its own, so that no other run of this test shares the template.
        return new PostgresSpec("CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);\n"
                + "INSERT INTO accounts SELECT g, 100 FROM generate_series(1, 500) g;\n"
                + "CREATE INDEX accounts_balance ON accounts (balance);\n-- " + UUID.randomUUID() + "\n", 2);
    }

    @Test
    void a_second_grader_reuses_the_template_the_first_left() throws Exception {
        PostgresSpec spec = spec();
        long builtOid;
        String template;
        try (SandboxPool pool = SandboxPool.create(TestSandboxes.servers().withWarmPerLab(0))) {
            PostgresSandbox first = TestSandboxes.postgres(pool);
            RunDatabase run = first.lease(LAB, spec, LIMIT);
            template = run.template();
            first.release(run);
            builtOid = oid(first, template);
        }
        try (SandboxPool pool = SandboxPool.create(TestSandboxes.servers().withWarmPerLab(0))) {
            PostgresSandbox second = TestSandboxes.postgres(pool);
            RunDatabase run = second.lease(LAB, spec, LIMIT);
            try {
                assertThat(run.template()).isEqualTo(template);
                assertThat(oid(second, template)).as("the same template database, not a new build").isEqualTo(builtOid);
                assertThat(sum(run)).isEqualTo(500 * 100);
            } finally {
                second.release(run);
                drop(second, template);
            }
        }
    }

    @Test
    void a_template_changed_after_its_build_is_found_and_built_again() throws Exception {
        PostgresSpec spec = spec();
        String template;
        try (SandboxPool pool = SandboxPool.create(TestSandboxes.servers().withWarmPerLab(0))) {
            PostgresSandbox first = TestSandboxes.postgres(pool);
            RunDatabase run = first.lease(LAB, spec, LIMIT);
            template = run.template();
            first.release(run);
            // Someone with the server's keys edits the template: one row and one index.
            try (Connection admin = first.server().connectAsAdmin(first.server().maintenanceDb());
                 Statement s = admin.createStatement()) {
                s.execute("ALTER DATABASE " + template + " WITH ALLOW_CONNECTIONS true");
            }
            try (Connection db = first.server().connectAsAdmin(template); Statement s = db.createStatement()) {
                s.execute("UPDATE accounts SET balance = 0 WHERE id = 7");
                s.execute("DROP INDEX accounts_balance");
            }
            try (Connection admin = first.server().connectAsAdmin(first.server().maintenanceDb());
                 Statement s = admin.createStatement()) {
                s.execute("ALTER DATABASE " + template + " WITH ALLOW_CONNECTIONS false");
            }
        }
        try (SandboxPool pool = SandboxPool.create(TestSandboxes.servers().withWarmPerLab(0))) {
            PostgresSandbox second = TestSandboxes.postgres(pool);
            RunDatabase run = second.lease(LAB, spec, LIMIT);
            try {
                assertThat(sum(run)).as("the seed's rows, not the edited ones").isEqualTo(500 * 100);
                assertThat(indexes(run)).contains("accounts_balance");
            } finally {
                second.release(run);
                drop(second, template);
            }
        }
    }

    @Test
    void a_build_cut_off_half_way_is_not_taken_for_the_template() throws Exception {
        PostgresSpec spec = spec();
        String template = PostgresSandbox.templateName(LAB, spec);
        try (SandboxPool pool = SandboxPool.create(TestSandboxes.servers().withWarmPerLab(0))) {
            PostgresSandbox sandbox = TestSandboxes.postgres(pool);
            // What a grader killed during the seed leaves: a half-seeded build database of an instance whose
            // liveness lock nobody holds.
            try (Connection admin = sandbox.server().connectAsAdmin(sandbox.server().maintenanceDb());
                 Statement s = admin.createStatement()) {
                s.execute("CREATE DATABASE rl_tplbuild_0badc0de_1");
            }
            RunDatabase run = sandbox.lease(LAB, spec, LIMIT);
            try {
                assertThat(run.template()).isEqualTo(template);
                assertThat(sum(run)).isEqualTo(500 * 100);
            } finally {
                sandbox.release(run);
            }
        }
        try (SandboxPool pool = SandboxPool.create(TestSandboxes.servers().withWarmPerLab(0))) {
            PostgresSandbox next = TestSandboxes.postgres(pool);
            try (Connection admin = next.server().connectAsAdmin(next.server().maintenanceDb());
                 Statement s = admin.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = 'rl_tplbuild_0badc0de_1'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the dead build was swept as an orphan").isZero();
            }
            drop(next, template);
        }
    }

    private static long sum(RunDatabase run) throws Exception {
        try (Connection c = run.connect("test"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sum(balance) FROM accounts")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String indexes(RunDatabase run) throws Exception {
        try (Connection c = run.connect("test"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT string_agg(indexname, ',') FROM pg_indexes WHERE tablename = 'accounts'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long oid(PostgresSandbox sandbox, String database) throws Exception {
        try (Connection admin = sandbox.server().connectAsAdmin(sandbox.server().maintenanceDb());
             Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT oid FROM pg_database WHERE datname = '" + database + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }

    private static void drop(PostgresSandbox sandbox, String template) throws Exception {
        try (Connection admin = sandbox.server().connectAsAdmin(sandbox.server().maintenanceDb());
             Statement s = admin.createStatement()) {
            s.execute("ALTER DATABASE " + template + " IS_TEMPLATE false");
            s.execute("DROP DATABASE " + template + " WITH (FORCE)");
        }
    }
}
