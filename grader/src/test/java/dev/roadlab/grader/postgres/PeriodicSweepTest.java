package dev.roadlab.grader.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.testing.OrphanMaker;
import dev.roadlab.grader.testing.TestSandboxes;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a worker killed (kill -9) while other graders keep running has its run database and roles swept by a
 * live grader within the sweep period, not at the next start; live graders' runs are left alone. On the machine's
 * PostgreSQL (the servers provider's), with the dead worker a real process.
 */
class PeriodicSweepTest {

    private static final Duration PERIOD = Duration.ofMillis(500);
    private static final Duration STATEMENT_LIMIT = Duration.ofSeconds(10);
    /** What {@link OrphanMaker} prints before the name of the run it leaves. */
    private static final String ORPHAN_MARK = "ORPHAN ";

    private final PostgresServer server = PostgresServer.fromUrl(TestSandboxes.SERVERS_POSTGRES_URL);

    @Test
    void a_live_grader_sweeps_a_killed_graders_run_and_leaves_the_live_ones_alone() throws Exception {
        try (PostgresSandbox sweeping = PostgresSandbox.open(server, 0, PERIOD);
             PostgresSandbox other = PostgresSandbox.open(server, 0)) {
            RunDatabase own = sweeping.lease("sweep", PostgresContractTest.SPEC, STATEMENT_LIMIT);
            RunDatabase othersRun = other.lease("sweep", PostgresContractTest.SPEC, STATEMENT_LIMIT);

            String orphan = leaveOrphanAndDie();
            assertThat(orphan).matches("rl_run_[0-9a-f]{8}_\\d+"); // its database's and its run role's name

            Instant deadline = Instant.now().plus(PERIOD.multipliedBy(10)).plusSeconds(10);
            while (count(leftBehind(orphan)) > 0) {
                assertThat(Instant.now()).as("the killed grader's run database and roles swept").isBefore(deadline);
                Thread.sleep(100);
            }

            // The sweep that removed the orphan listed the live runs too (they were made before it): both remain.
            for (RunDatabase live : new RunDatabase[] {own, othersRun}) {
                assertThat(count(leftBehind(live.name()))).as(live.name()).isEqualTo(1 + live.logins().size());
                try (Connection c = live.connect("test"); Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT count(*) FROM notes")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isEqualTo(2);
                }
            }
            sweeping.release(own);
            other.release(othersRun);
        }
    }

    /**
     * Runs {@link OrphanMaker} as a process of its own on the same server, which leases a run and uses it, then
     * kills it (SIGKILL) once its run exists: the orphan it names is still there when it dies.
     */
    private String leaveOrphanAndDie() throws Exception {
        SandboxSettings reach = TestSandboxes.servers().withWarmPerLab(0);
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), OrphanMaker.class.getName(), PostgresContractTest.class.getName(),
                reach.provider().name(), String.valueOf(reach.warmPerLab())));
        reach.values().forEach((key, value) -> command.add(key + "=" + value));
        Process dying = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(dying.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith(ORPHAN_MARK)) {
                // nothing else is printed
            }
            assertThat(line).as("the orphan maker's output").isNotNull();
            String orphan = line.substring(ORPHAN_MARK.length()).strip();
            assertThat(count(leftBehind(orphan))).as("the dying grader's run, while it lives").isEqualTo(3);
            return orphan;
        } finally {
            dying.destroyForcibly().waitFor();
        }
    }

    /** Counts the run database named {@code name} plus the roles of the run. */
    private static String leftBehind(String name) {
        return "SELECT (SELECT count(*) FROM pg_database WHERE datname = '" + name + "')"
                + " + (SELECT count(*) FROM pg_roles WHERE rolname = '" + name + "'"
                + " OR rolname LIKE '" + name.replace("_", "\\_") + "\\_%')";
    }

    private long count(String sql) throws SQLException {
        try (Connection c = server.connectAsAdmin(server.maintenanceDb()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
