package dev.roadlab.engine.grading;

import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.db.Database;
import dev.roadlab.grader.Grader;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Timings;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.sandbox.SandboxSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Workers on a real database grading the gate lab, whose grading lasts until the test opens its gate: wake-ups by
 * NOTIFY from another process's connection pool, a heartbeat that finds its lease lost, a graceful close.
 */
class GradingWorkersTest {

    private static GradingQueue queue(Database db, SimpleMeterRegistry meters) {
        return new GradingQueue(db.dsl(), Clock.systemUTC(), id -> { }, GradingQueue.Retries.of(3), meters);
    }

    private static Path gate() throws Exception {
        return Files.createTempDirectory("roadlab-gate").resolve("open");
    }

    private static Path started(Path gate) {
        return gate.resolveSibling(gate.getFileName() + ".started");
    }

    @Test
    void a_notify_from_another_process_wakes_a_worker_that_polls_once_an_hour() throws Exception {
        try (QueueWorld w = QueueWorld.open("postgres");
             Database other = Database.open(w.config);
             Grader grader = Grader.create(QueueWorld.LABS, SandboxSettings.defaults())) {
            GradingQueue submitting = queue(w.db, new SimpleMeterRegistry());
            GradingQueue grading = queue(other, new SimpleMeterRegistry());
            try (GradingWorkers workers = new GradingWorkers(grading, new GradingEvents(other.dsl(), Clock.systemUTC()),
                    grader, new GradingWorkers.Settings(1, Duration.ofSeconds(30), Duration.ofHours(1),
                    Duration.ofSeconds(5)), new SimpleMeterRegistry(), other.dataSource())) {
                QueueWorld.await("the worker listens and has had its first look", Duration.ofSeconds(20),
                        () -> workers.listening() && workers.looks() >= 1);
                long looks = workers.looks();
                String id = w.submit("pass");
                submitting.announce();
                QueueWorld.await("the notified worker graded it", Duration.ofSeconds(20),
                        () -> "done".equals(w.status(id)));
                assertThat(workers.looks()).as("woken, well before its next poll in an hour").isGreaterThan(looks);
                assertThat(w.column(id, SUBMISSIONS.VERDICT)).isEqualTo("passed");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_heartbeat_that_finds_its_lease_taken_stops_the_grading_and_drops_its_result(String kind) throws Exception {
        try (QueueWorld w = QueueWorld.open(kind);
             Grader grader = Grader.create(QueueWorld.LABS, SandboxSettings.defaults())) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            GradingQueue queue = queue(w.db, meters);
            Path gate = gate();
            String id = w.submit("gate " + gate);
            try (GradingWorkers workers = new GradingWorkers(queue, new GradingEvents(w.db.dsl(), Clock.systemUTC()),
                    grader, new GradingWorkers.Settings(1, Duration.ofSeconds(3), Duration.ofSeconds(1),
                    Duration.ofSeconds(5)), meters, null)) {
                QueueWorld.await("the grading waits at its gate", Duration.ofSeconds(20),
                        () -> Files.exists(started(gate)));
                assertThat(w.column(id, SUBMISSIONS.LEASE_OWNER)).startsWith(workers.process());
                // The worker stalls past its lease (moved into the past); another worker takes the job.
                Leases.lapseAll(w.db.dsl());
                Job thief = queue.claim("thief", Duration.ofMinutes(5)).orElseThrow();
                assertThat(thief.attempt()).isEqualTo(2);
                QueueWorld.await("the worker's heartbeat stopped its grading", Duration.ofSeconds(20),
                        () -> meters.get("roadlab.grading.in.flight").gauge().value() == 0.0);
                assertThat(w.status(id)).as("nothing stored by the stopped grading").isEqualTo("running");
                assertThat(queue.end(thief, GradeReport.withoutChecks("gate-lab", Verdict.FAILED, 1, "thief's",
                        Timings.NONE, 1))).isEqualTo(GradingQueue.Ending.REPORTED);
                assertThat(w.column(id, SUBMISSIONS.REPORT)).contains("thief's");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void close_hands_back_what_is_still_running_after_the_grace_and_another_worker_grades_it(String kind)
            throws Exception {
        try (QueueWorld w = QueueWorld.open(kind);
             Grader grader = Grader.create(QueueWorld.LABS, SandboxSettings.defaults())) {
            Path gate = gate();
            String id = w.submit("gate " + gate);
            GradingWorkers closing = new GradingWorkers(queue(w.db, new SimpleMeterRegistry()),
                    new GradingEvents(w.db.dsl(), Clock.systemUTC()), grader, new GradingWorkers.Settings(1,
                    Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMillis(500)), new SimpleMeterRegistry(),
                    null);
            QueueWorld.await("the grading waits at its gate", Duration.ofSeconds(20), () -> Files.exists(started(gate)));
            closing.close();
            assertThat(w.status(id)).isEqualTo("queued");
            assertThat(w.column(id, SUBMISSIONS.ATTEMPTS)).as("the handed-back try is not counted").isZero();

            Files.createFile(gate);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (GradingWorkers next = new GradingWorkers(queue(w.db, meters),
                    new GradingEvents(w.db.dsl(), Clock.systemUTC()), grader, new GradingWorkers.Settings(1,
                    Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(5)), meters, null)) {
                QueueWorld.await("the other worker graded it", Duration.ofSeconds(20), () -> "done".equals(w.status(id)));
                assertThat(w.column(id, SUBMISSIONS.VERDICT)).isEqualTo("passed");
                assertThat(w.column(id, SUBMISSIONS.ATTEMPTS)).isEqualTo(1);
                assertThat(w.column(id, SUBMISSIONS.LEASE_OWNER)).isNull();
                assertThat(meters.get("roadlab.grading.duration").tag("lab", "gate-lab").tag("verdict", "passed")
                        .timer().count()).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void close_lets_a_grading_that_ends_within_the_grace_store_its_report(String kind) throws Exception {
        try (QueueWorld w = QueueWorld.open(kind);
             Grader grader = Grader.create(QueueWorld.LABS, SandboxSettings.defaults())) {
            Path gate = gate();
            String id = w.submit("gate " + gate);
            GradingWorkers closing = new GradingWorkers(queue(w.db, new SimpleMeterRegistry()),
                    new GradingEvents(w.db.dsl(), Clock.systemUTC()), grader, new GradingWorkers.Settings(1,
                    Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(60)), new SimpleMeterRegistry(),
                    null);
            QueueWorld.await("the grading waits at its gate", Duration.ofSeconds(20), () -> Files.exists(started(gate)));
            String late = w.submit("pass");
            Thread closer = Thread.ofVirtual().start(closing::close);
            // The close has begun (it waits for the grading); the gate opens within the grace.
            QueueWorld.await("close is waiting", Duration.ofSeconds(20), () -> closer.getState() == Thread.State.WAITING
                    || closer.getState() == Thread.State.TIMED_WAITING);
            Files.createFile(gate);
            closer.join(Duration.ofSeconds(30));
            assertThat(closer.isAlive()).isFalse();
            assertThat(w.status(id)).isEqualTo("done");
            assertThat(w.column(id, SUBMISSIONS.VERDICT)).isEqualTo("passed");
            assertThat(w.status(late)).as("not claimed once closing began").isEqualTo("queued");
        }
    }
}
