package dev.roadlab.engine.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of an engine grading on the servers provider with gradings queued behind the running one: a new
 * engine on the same database grades every one of them (exactly one report each), and it sweeps what the dead one
 * left on the sandbox server: its run databases (the warm ones and the one in use) and their roles.
 */
@Tag("faults")
class EngineKilledIT {

    private static final String SANDBOX_ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";
    private static final Pattern RUN_DATABASE = Pattern.compile("rl_run_([0-9a-f]+)_\\d+");

    @Test
    void queued_and_running_gradings_of_a_killed_engine_are_graded_after_a_restart_and_its_sandboxes_swept(
            @TempDir Path dir) throws Exception {
        Map<String, String> servers = Map.of("ROADLAB_SANDBOX_PROVIDER", "servers",
                "ROADLAB_SANDBOX_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres",
                "ROADLAB_SANDBOX_WARM", "1");
        try (TestDatabases.Postgres db = TestDatabases.postgres()) {
            String dbUrl = db.config().url();
            List<String> before = runDatabases();
            List<String> ids = new ArrayList<>();
            String deadInstance;
            String learner;
            try (EngineProcess first = EngineProcess.serve(dir, "first", dbUrl, 1, servers)) {
                learner = first.learnerCookie();
                for (int i = 0; i < 4; i++) {
                    ids.add(first.submit("audit-log-indexes", i % 2 == 0 ? "solution" : "starter", learner));
                }
                deadInstance = awaitRunDatabaseOf(first, before);
                first.freeze(); // what the queue holds now is what the kill leaves
                assertThat(count(dbUrl, "SELECT count(*) FROM submissions WHERE status = 'queued'"))
                        .as("gradings queued behind the running one when the engine dies").isPositive();
                first.kill();
            }
            assertThat(runDatabases()).as("the dead engine's run databases are still there")
                    .anyMatch(name -> name.startsWith("rl_run_" + deadInstance + "_"));

            try (EngineProcess second = EngineProcess.serve(dir, "second", dbUrl, 1, servers)) {
                for (String id : ids) {
                    assertThat(second.awaitVerdict(id, learner)).as("the learner's cookie works on any engine")
                            .isIn("passed", "failed");
                }
                assertThat(runDatabases()).as("swept by the new engine; its log:\n" + second.log())
                        .noneMatch(name -> name.startsWith("rl_run_" + deadInstance + "_"));
                assertThat(roles()).noneMatch(name -> name.startsWith("rl_run_" + deadInstance + "_"));
            }
            assertThat(count(dbUrl, "SELECT count(*) FROM submissions WHERE status = 'done' AND report IS NOT NULL"))
                    .isEqualTo(ids.size());
            assertThat(count(dbUrl, "SELECT count(*) FROM submissions WHERE verdict = 'passed'")).isEqualTo(2);
        }
    }

    /** Waits for a run database of a grader instance that was not on the server before; that instance. */
    private static String awaitRunDatabaseOf(EngineProcess engine, List<String> before) throws Exception {
        long deadline = System.nanoTime() + EngineProcess.LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String name : runDatabases()) {
                Matcher m = RUN_DATABASE.matcher(name);
                if (!before.contains(name) && m.matches() && before.stream().noneMatch(b -> b.contains(m.group(1)))) {
                    return m.group(1);
                }
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling a state with a deadline
        }
        throw new AssertionError("the engine made no run database; its log:\n" + engine.log());
    }

    private static List<String> runDatabases() throws Exception {
        return names("SELECT datname FROM pg_database WHERE datname LIKE 'rl\\_run\\_%'");
    }

    private static List<String> roles() throws Exception {
        return names("SELECT rolname FROM pg_roles WHERE rolname LIKE 'rl\\_run\\_%'");
    }

    private static List<String> names(String query) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(SANDBOX_ADMIN); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
    }

    private static int count(String url, String query) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getInt(1);
        }
    }
}
