package dev.roadlab.grader.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.sandbox.Docker;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.utility.DockerImageName;

/**
 * Where an administrator's server allows prepared transactions (the grader's own containers do not), one a run
 * left behind outlives its session and would keep the run's database from being dropped: the grader rolls it back
 * when the run is released, and when it sweeps a dead grader's runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PreparedTransactionsTest {

    private static final PostgresSpec SPEC = new PostgresSpec("CREATE TABLE t (x int);", 2);
    private PostgresContainer container;
    private PostgresServer server;

    @BeforeAll
    void start() {
        container = new PostgresContainer(DockerImageName.parse(PostgresType.DEFAULT_IMAGE), "secret");
        container.withCommand("postgres", "-c", "fsync=off", "-c", "max_prepared_transactions=10");
        Docker.start(PostgresType.NAME, container);
        server = container.server("secret");
    }

    @AfterAll
    void stop() {
        Docker.stop(container);
    }

    @Test
    void a_prepared_transaction_a_run_left_is_rolled_back_and_its_database_dropped() throws Exception {
        try (PostgresSandbox sandbox = PostgresSandbox.open(server, 0)) {
            RunDatabase run = sandbox.lease("prepared", SPEC, Duration.ofSeconds(10));
            prepare(run);
            assertThat(count("SELECT count(*) FROM pg_prepared_xacts")).isEqualTo(1);
            sandbox.release(run);
            awaitGone(run);
        }
        assertThat(count("SELECT count(*) FROM pg_prepared_xacts")).isZero();
    }

    @Test
    void a_dead_graders_prepared_transaction_is_rolled_back_when_its_runs_are_swept() throws Exception {
        RunDatabase orphan;
        PostgresSandbox crashed = PostgresSandbox.open(server, 0);
        orphan = crashed.lease("prepared", SPEC, Duration.ofSeconds(10));
        prepare(orphan);
        crashed.forgetForTests(); // dies without cleaning up: its liveness lock goes with its connection
        try (PostgresSandbox next = PostgresSandbox.open(server, 0)) {
            assertThat(count("SELECT count(*) FROM pg_database WHERE datname = '" + orphan.name() + "'")).isZero();
            assertThat(count("SELECT count(*) FROM pg_prepared_xacts")).isZero();
        }
    }

    private static void prepare(RunDatabase run) throws SQLException {
        try (Connection c = run.connect("learner"); Statement s = c.createStatement()) {
            s.execute("BEGIN");
            s.execute("INSERT INTO t VALUES (1)");
            s.execute("PREPARE TRANSACTION 'left-behind'");
        }
    }

    private void awaitGone(RunDatabase run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count("SELECT count(*) FROM pg_database WHERE datname = '" + run.name() + "'") > 0) {
            assertThat(System.nanoTime()).as("the run's database dropped").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = server.connectAsAdmin(server.maintenanceDb()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
