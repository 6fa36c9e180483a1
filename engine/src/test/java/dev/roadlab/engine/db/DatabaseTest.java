package dev.roadlab.engine.db;

import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.roadlab.engine.TestClock;
import dev.roadlab.engine.accounts.Caller;
import dev.roadlab.engine.TestDatabases;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.grading.GradingQueue;
import dev.roadlab.engine.grading.Job;
import dev.roadlab.engine.submissions.SubmissionService;
import dev.roadlab.engine.submissions.SubmissionStatus;
import dev.roadlab.grader.lab.LabCatalog;
import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Timings;
import dev.roadlab.grader.report.Verdict;
import dev.roadlab.grader.submission.Submission;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The migrations, the generated jOOQ classes and the queue's queries, for real, on both H2 and PostgreSQL.
 */
class DatabaseTest {

    static final LabCatalog LABS = LabCatalog.fromClasspath(DatabaseTest.class.getClassLoader());

    /** A database of each kind; its cleanup drops it afterwards. */
    record Kind(String name, Supplier<Handle> open) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Handle(RoadlabConfig.Database config, AutoCloseable cleanup) {
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of(new Kind("H2", () -> {
                    try {
                        return new Handle(TestDatabases.h2(Files.createTempDirectory("roadlab-db")), () -> { });
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                })),
                Arguments.of(new Kind("PostgreSQL", () -> {
                    TestDatabases.Postgres pg = TestDatabases.postgres();
                    return new Handle(pg.config(), pg);
                })));
    }


    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void migrations_apply_and_generated_classes_read_and_write(Kind kind) throws Exception {
        Handle handle = kind.open().get();
        try {
            String id;
            try (Database db = Database.open(handle.config())) {
                SubmissionService submissions = new SubmissionService(db.dsl(), LABS, Clock.systemUTC(), () -> { });
                id = submissions.submit("audit-log-indexes", Submission.ofText(Map.of("migration.sql", "SELECT 1; -- é ✓")), Caller.nobody("test"));
                assertThat(db.dsl().fetchCount(SUBMISSIONS)).isEqualTo(1);
            }
            // Opening it again finds the schema migrated and the data kept.
            try (Database db = Database.open(handle.config())) {
                var view = new SubmissionService(db.dsl(), LABS, Clock.systemUTC(), () -> { }).find(id, Caller.nobody("test")).orElseThrow();
                assertThat(view.status()).isEqualTo(SubmissionStatus.QUEUED);
                assertThat(view.maxScore()).isEqualTo(14);
                Job job = new GradingQueue(db.dsl(), Clock.systemUTC()).claim("w", Duration.ofMinutes(1)).orElseThrow();
                assertThat(job.submission().text("migration.sql")).isEqualTo("SELECT 1; -- é ✓");
            }
        } finally {
            handle.cleanup().close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void the_queue_hands_each_submission_to_one_worker_and_takes_it_back_when_the_lease_runs_out(Kind kind) throws Exception {
        Handle handle = kind.open().get();
        try (Database db = Database.open(handle.config())) {
            TestClock clock = new TestClock();
            SubmissionService submissions = new SubmissionService(db.dsl(), LABS, clock, () -> { });
            GradingQueue queue = new GradingQueue(db.dsl(), clock);
            String first = submissions.submit("audit-log-indexes", Submission.ofText(Map.of("migration.sql", "-- a")), Caller.nobody("test"));
            clock.advance(Duration.ofSeconds(1));
            String second = submissions.submit("audit-log-indexes", Submission.ofText(Map.of("migration.sql", "-- b")), Caller.nobody("test"));

            Job a = queue.claim("worker-a", Duration.ofMinutes(5)).orElseThrow();
            Job b = queue.claim("worker-b", Duration.ofMinutes(5)).orElseThrow();
            assertThat(List.of(a.submissionId(), b.submissionId())).containsExactly(first, second);
            assertThat(a.submission().text("migration.sql")).isEqualTo("-- a");
            assertThat(queue.claim("worker-c", Duration.ofMinutes(5))).isEmpty();

            // worker-a dies; after its lease another worker takes the job again.
            clock.advance(Duration.ofMinutes(6));
            dev.roadlab.engine.grading.Leases.lapseAll(db.dsl());
            Job retaken = queue.claim("worker-c", Duration.ofMinutes(5)).orElseThrow();
            assertThat(retaken.submissionId()).isEqualTo(first);
            assertThat(retaken.attempt()).isEqualTo(2);

            GradeReport report = GradeReport.withoutChecks("audit-log-indexes", Verdict.FAILED, 10, "", Timings.NONE, 1);
            assertThat(queue.finish(a, report)).as("a worker that lost its lease cannot overwrite").isFalse();
            assertThat(queue.finish(retaken, report)).isTrue();
            var done = submissions.find(first, Caller.nobody("test")).orElseThrow();
            assertThat(done.status()).isEqualTo(SubmissionStatus.DONE);
            assertThat(done.report().orElseThrow().timings().queuedMillis()).isEqualTo(Duration.ofMinutes(6).plusSeconds(1).toMillis());
        } finally {
            handle.cleanup().close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void concurrent_workers_never_take_the_same_submission(Kind kind) throws Exception {
        Handle handle = kind.open().get();
        try (Database db = Database.open(handle.config())) {
            SubmissionService submissions = new SubmissionService(db.dsl(), LABS, Clock.systemUTC(), () -> { });
            GradingQueue queue = new GradingQueue(db.dsl(), Clock.systemUTC());
            for (int i = 0; i < 20; i++) {
                submissions.submit("audit-log-indexes", Submission.ofText(Map.of("migration.sql", "-- " + i)), Caller.nobody("test"));
            }
            List<String> taken = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String name = "worker-" + w;
                workers.add(Thread.ofVirtual().start(() -> {
                    for (Optional<Job> job; (job = queue.claim(name, Duration.ofMinutes(5))).isPresent(); ) {
                        taken.add(job.get().submissionId());
                    }
                }));
            }
            for (Thread t : workers) {
                t.join();
            }
            assertThat(taken).hasSize(20).doesNotHaveDuplicates();
        } finally {
            handle.cleanup().close();
        }
    }
}
