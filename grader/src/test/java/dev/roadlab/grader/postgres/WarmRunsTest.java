package dev.roadlab.grader.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.Grader;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.sandbox.RunRequest;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxPool;
import dev.roadlab.grader.sandbox.SandboxPool.KindStatus;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.testing.FixtureLabs;
import dev.roadlab.grader.testing.TestSandboxes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What a warm grading does not do on its path (issue 16): clone a database when warm ones are ready, wait for its
 * database to be dropped, or measure again what every clone of its template holds. Asserted on counts and state,
 * never on timings (bench/grading measures those).
 */
class WarmRunsTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static PostgresSpec spec() {
        // A seed of its own, so that no other test shares the template or its warm databases.
        return new PostgresSpec("CREATE TABLE items (id int PRIMARY KEY, price int NOT NULL);\n"
                + "INSERT INTO items SELECT g, g % 97 FROM generate_series(1, 2000) g;\n-- " + UUID.randomUUID()
                + "\n", 2);
    }

    @Test
    void a_warm_pool_of_two_serves_two_runs_at_once_without_a_clone_on_their_path() throws Exception {
        PostgresSpec spec = spec();
        try (SandboxPool pool = SandboxPool.create(TestSandboxes.servers().withWarmPerLab(2))) {
            PostgresSandbox sandbox = TestSandboxes.postgres(pool);
            RunDatabase first = sandbox.lease("warm-runs", spec, LIMIT); // builds the template; nothing is warm yet
            sandbox.release(first);
            assertThat(sandbox.clonedOnLease()).isEqualTo(1);
            TestSandboxes.await(() -> sandbox.warmCount("warm-runs", spec) == 2, WAIT, "two warm databases ready");
            assertThat(sandbox.preopenedCount()).as("each waits with its checks' connection open").isEqualTo(2);

            CompletableFuture<RunDatabase> a = CompletableFuture.supplyAsync(() -> sandbox.lease("warm-runs", spec, LIMIT));
            CompletableFuture<RunDatabase> b = CompletableFuture.supplyAsync(() -> sandbox.lease("warm-runs", spec, LIMIT));
            RunDatabase runA = a.get(60, TimeUnit.SECONDS);
            RunDatabase runB = b.get(60, TimeUnit.SECONDS);
            try {
                assertThat(sandbox.clonedOnLease()).as("both served from the warm pool").isEqualTo(1);
                assertThat(runA.name()).isNotEqualTo(runB.name());
                for (RunDatabase run : List.of(runA, runB)) {
                    try (Connection c = run.connect("test"); Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("SELECT count(*) FROM public.items")) {
                        rs.next();
                        assertThat(rs.getLong(1)).isEqualTo(2000);
                    }
                }
            } finally {
                sandbox.release(runA);
                sandbox.release(runB);
            }
            TestSandboxes.await(() -> sandbox.warmCount("warm-runs", spec) == 2, WAIT,
                    "the pool refilled in the background");
        }
    }

    @Test
    void a_run_given_back_after_its_report_still_drops_its_database_and_roles() throws Exception {
        try (Grader grader = Grader.create(FixtureLabs.catalog(), TestSandboxes.servers().withWarmPerLab(0))) {
            PostgresSandbox sandbox = TestSandboxes.postgres(grader.pool());
            GradeReport report = grader.grade("fixture-sql", Submission.ofText(Map.of("script.sql",
                    "CREATE INDEX notes_body_idx ON notes (body);")));
            assertThat(report.verdict()).as(report.toString()).isNotEqualTo(Verdict.INFRASTRUCTURE);
            assertThat(grader.pool().status()).filteredOn(s -> s.kind().equals(PostgresType.NAME))
                    .extracting(KindStatus::leases).as("the run is over once its report is out").containsExactly(0);

            String prefix = "rl\\_run\\_" + sandbox.instance() + "\\_%";
            TestSandboxes.await(() -> grader.pool().pendingGiveBacks() == 0, WAIT, "the give-back finished");
            TestSandboxes.await(() -> count(sandbox, "SELECT (SELECT count(*) FROM pg_database WHERE datname LIKE '"
                    + prefix + "') + (SELECT count(*) FROM pg_roles WHERE rolname LIKE '" + prefix + "')") == 0,
                    WAIT, "the run's database and roles dropped");
        }
    }

    @Test
    void a_fact_of_the_template_is_measured_once_and_only_before_the_database_changes() throws Exception {
        PostgresSpec spec = spec();
        AtomicInteger measured = new AtomicInteger();
        LabDatabase.Measure<Long> rows = db -> {
            measured.incrementAndGet();
            return db.queryForLong("SELECT count(*) FROM public.items");
        };
        Submission submission = Submission.ofText(Map.of("change.sql", "DELETE FROM items WHERE id <= 10;"));
        // One warm: the second run may get a database whose checks' connection was opened ahead.
        try (SandboxPool pool = SandboxPool.create(TestSandboxes.servers().withWarmPerLab(1))) {
            PostgresBackend backend = pool.backend(PostgresType.NAME, PostgresBackend.class);
            for (int run = 0; run < 2; run++) {
                try (RunSandbox share = backend.lease(request(spec, submission))) {
                    LabDatabase db = (LabDatabase) share.handle(LabDatabase.class);
                    assertThat(db.fromTemplate("rows", rows)).isEqualTo(2000L);
                    assertThat(db.queryForString("SELECT current_setting('search_path')"))
                            .as("the checks' connection, opened ahead or not").isEqualTo("pg_catalog, pg_temp");
                    LabDatabase.RowsSnapshot before = db.snapshotRows("items");
                    assertThat(before.rows()).isEqualTo(2000L);
                    db.apply("change.sql");
                    assertThatThrownBy(() -> db.fromTemplate("rows", rows)).isInstanceOf(IllegalStateException.class);
                    assertThat(db.rowsChangedSince(before)).as("the snapshot still sees the run's own change")
                            .isEqualTo(10);
                    assertThat(db.snapshotRows("items").rows()).as("counted again once changed").isEqualTo(1990L);
                }
            }
            assertThat(measured.get()).as("measured on the first run only").isEqualTo(1);
        }
    }

    private static RunRequest<PostgresSpec> request(PostgresSpec spec, Submission submission) {
        return new RunRequest<>("warm-runs-facts", spec, TestSandboxes.noLabFiles(), submission, LIMIT, () -> false);
    }

    private static long count(PostgresSandbox sandbox, String sql) {
        PostgresServer server = sandbox.server();
        try (Connection c = server.connectAsAdmin(server.maintenanceDb()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
