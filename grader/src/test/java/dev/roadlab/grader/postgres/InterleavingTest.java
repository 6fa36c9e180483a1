package dev.roadlab.grader.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.grader.postgres.Interleaving.Status;
import dev.roadlab.grader.postgres.Interleaving.Trace;
import dev.roadlab.grader.sandbox.Provider;
import dev.roadlab.grader.sandbox.RunRequest;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.sandbox.SandboxTypes;
import dev.roadlab.grader.submission.Submission;
import dev.roadlab.grader.testing.TestSandboxes;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interleavings are forced, not hoped for: on every run and every machine, the step that must wait for a lock is seen
 * waiting, and what the sessions see afterwards is the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterleavingTest {

    private static final PostgresSpec SPEC = new PostgresSpec("""
            CREATE TABLE seats (id int PRIMARY KEY, taken_by int);
            INSERT INTO seats VALUES (1, NULL), (2, NULL);
            CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL);
            INSERT INTO counters VALUES (1, 10);
            CREATE TABLE bookings (seat int UNIQUE, who int);
            """, 4);

    private final Map<Provider, SandboxBackend<PostgresSpec>> backends = new EnumMap<>(Provider.class);

    @BeforeAll
    @SuppressWarnings("unchecked")
    void open() {
        PostgresType type = (PostgresType) SandboxTypes.installed().find(PostgresType.NAME).orElseThrow();
        backends.put(Provider.CONTAINERS, type.open(Provider.CONTAINERS, TestSandboxes.containers().withWarmPerLab(0)));
        backends.put(Provider.SERVERS, type.open(Provider.SERVERS, TestSandboxes.servers().withWarmPerLab(0)));
    }

    @AfterAll
    void close() {
        backends.values().forEach(SandboxBackend::close);
    }

    private RunSandbox lease(Provider provider) {
        return backends.get(provider).lease(new RunRequest<>("interleaving", SPEC, null, Submission.ofText(Map.of()),
                Duration.ofSeconds(10), () -> false));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void a_second_insert_of_a_unique_key_waits_for_the_first_and_fails_once_it_commits(Provider provider)
            throws Exception {
        try (RunSandbox run = lease(provider)) {
            Trace trace = Interleaving.of((LabDatabase) run.handle(LabDatabase.class), "s1", "s2")
                    .step("s1", "BEGIN").step("s1", "INSERT INTO bookings VALUES (1, 1)")
                    .step("s2", "BEGIN").step("s2", "INSERT INTO bookings VALUES (1, 2)")
                    .step("s1", "COMMIT").step("s2", "COMMIT")
                    .run();
            assertThat(trace.step(3).waited()).as(trace.text()).isTrue();
            assertThat(trace.step(3).status()).isEqualTo(Status.FAILED);
            assertThat(trace.step(3).sqlState()).isEqualTo("23505");
            assertThat(trace.text()).contains("INSERT INTO bookings VALUES (1, 2) <waiting ...>",
                    "step s2: <... completed> ERROR:  duplicate key value violates unique constraint");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void a_read_then_write_in_two_statements_loses_an_update_every_time(Provider provider) throws Exception {
        try (RunSandbox run = lease(provider)) {
            LabDatabase db = (LabDatabase) run.handle(LabDatabase.class);
            Trace trace = Interleaving.of(db, "s1", "s2")
                    .step("s1", "BEGIN").step("s1", "SELECT n FROM counters WHERE id = 1")
                    .step("s2", "BEGIN").step("s2", "SELECT n FROM counters WHERE id = 1")
                    .step("s1", "UPDATE counters SET n = 9 WHERE id = 1")
                    .step("s2", "UPDATE counters SET n = 9 WHERE id = 1")
                    .step("s1", "COMMIT").step("s2", "COMMIT")
                    .run();
            assertThat(trace.step(3).value()).hasValue(10);
            assertThat(trace.step(5).waited()).as(trace.text()).isTrue();
            assertThat(trace.step(5).status()).isEqualTo(Status.COMPLETED);
            assertThat(db.queryForLong("SELECT n FROM public.counters WHERE id = 1")).isEqualTo(9);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void sessions_that_touch_different_rows_never_wait_for_each_other(Provider provider) throws Exception {
        try (RunSandbox run = lease(provider)) {
            Trace trace = Interleaving.of((LabDatabase) run.handle(LabDatabase.class), "s1", "s2")
                    .step("s1", "BEGIN").step("s1", "SELECT * FROM seats WHERE id = 1 FOR UPDATE")
                    .step("s2", "BEGIN").step("s2", "SELECT * FROM seats WHERE id = 2 FOR UPDATE")
                    .step("s2", "COMMIT").step("s1", "COMMIT")
                    .run();
            assertThat(trace.steps()).as(trace.text()).noneMatch(Interleaving.StepResult::waited)
                    .allMatch(s -> s.status() == Status.COMPLETED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void a_deadlock_is_seen_as_one_session_failing_with_40P01(Provider provider) throws Exception {
        try (RunSandbox run = lease(provider)) {
            Trace trace = Interleaving.of((LabDatabase) run.handle(LabDatabase.class), "s1", "s2")
                    .step("s1", "BEGIN").step("s2", "BEGIN")
                    .step("s1", "UPDATE seats SET taken_by = 1 WHERE id = 1")
                    .step("s2", "UPDATE seats SET taken_by = 2 WHERE id = 2")
                    .step("s1", "UPDATE seats SET taken_by = 1 WHERE id = 2")
                    .step("s2", "UPDATE seats SET taken_by = 2 WHERE id = 1")
                    .step("s1", "ROLLBACK").step("s2", "ROLLBACK")
                    .run();
            assertThat(trace.step(4).waited()).as(trace.text()).isTrue();
            assertThat(java.util.List.of(trace.step(4).sqlState(), trace.step(5).sqlState())).as(trace.text())
                    .contains("40P01");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Provider.class)
    void a_step_that_runs_away_without_waiting_for_a_lock_ends_the_trace(Provider provider) throws Exception {
        try (RunSandbox run = lease(provider)) {
            Trace trace = Interleaving.of((LabDatabase) run.handle(LabDatabase.class), "s1", "s2")
                    .stepLimit(Duration.ofSeconds(1))
                    .step("s1", "SELECT pg_sleep(60)").step("s2", "SELECT 1")
                    .run();
            assertThat(trace.step(0).status()).as(trace.text()).isEqualTo(Status.RAN_AWAY);
            assertThat(trace.step(1).status()).isEqualTo(Status.NOT_RUN);
            assertThat(trace.step(1).value()).isEqualTo(Optional.empty());
        }
    }
}
