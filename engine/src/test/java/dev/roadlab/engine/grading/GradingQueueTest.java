package dev.roadlab.engine.grading;

import static dev.roadlab.engine.db.jooq.Tables.SUBMISSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roadlab.grader.report.GradeReport;
import dev.roadlab.grader.report.Timings;
import dev.roadlab.grader.report.Verdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The queue's leases (database clock, fencing token), retries with backoff and give-up, release and bound, on H2
 * and on a real PostgreSQL.
 */
class GradingQueueTest {

    private static GradeReport report(Verdict verdict, String message) {
        return GradeReport.withoutChecks("gate-lab", verdict, 1, message, Timings.NONE, 1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_lapsed_lease_is_taken_over_and_the_first_workers_late_report_and_heartbeat_are_refused(String kind)
            throws Exception {
        try (QueueWorld w = QueueWorld.open(kind)) {
            List<String> refunds = new CopyOnWriteArrayList<>();
            GradingQueue queue = new GradingQueue(w.db.dsl(), Clock.systemUTC(), refunds::add,
                    GradingQueue.Retries.of(3), new SimpleMeterRegistry());
            String id = w.submit("pass");
            Job first = queue.claim("worker-a", Duration.ofSeconds(1)).orElseThrow();
            assertThat(queue.claim("worker-b", Duration.ofSeconds(1))).as("held by worker-a").isEmpty();

            // worker-a stalls without a heartbeat; once the database's clock passes its lease, worker-b takes it.
            AtomicReference<Job> second = new AtomicReference<>();
            QueueWorld.await("worker-b takes the lapsed job", Duration.ofSeconds(20), () -> {
                Optional<Job> job = queue.claim("worker-b", Duration.ofMinutes(1));
                job.ifPresent(second::set);
                return job.isPresent();
            });
            assertThat(second.get().submissionId()).isEqualTo(id);
            assertThat(second.get().attempt()).isEqualTo(2);
            assertThat(second.get().token()).isGreaterThan(first.token());

            assertThat(queue.heartbeat(first, Duration.ofMinutes(1))).as("worker-a's heartbeat").isFalse();
            assertThat(queue.heartbeat(second.get(), Duration.ofMinutes(1))).as("worker-b's heartbeat").isTrue();
            assertThat(queue.end(first, report(Verdict.FAILED, "from a"))).isEqualTo(GradingQueue.Ending.LOST);
            assertThat(queue.end(second.get(), report(Verdict.PASSED, "from b")))
                    .isEqualTo(GradingQueue.Ending.REPORTED);
            assertThat(queue.end(first, report(Verdict.INFRASTRUCTURE, "from a again")))
                    .isEqualTo(GradingQueue.Ending.LOST);

            assertThat(w.status(id)).isEqualTo("done");
            assertThat(w.column(id, SUBMISSIONS.VERDICT)).isEqualTo("passed");
            assertThat(w.column(id, SUBMISSIONS.REPORT)).contains("from b").doesNotContain("from a");
            assertThat(refunds).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void our_failures_are_retried_after_a_backoff_then_given_up_once_and_refunded_once(String kind) throws Exception {
        try (QueueWorld w = QueueWorld.open(kind)) {
            List<String> refunds = new CopyOnWriteArrayList<>();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            // A backoff long enough to see the job wait, short enough for a test.
            GradingQueue queue = new GradingQueue(w.db.dsl(), Clock.systemUTC(), refunds::add,
                    new GradingQueue.Retries(3, List.of(Duration.ofMillis(1500))), meters);
            String id = w.submit("crash");
            String other = w.submit("pass");

            Job job = queue.claim("w", Duration.ofMinutes(1)).orElseThrow();
            for (int attempt = 1; attempt <= 2; attempt++) {
                assertThat(job.attempt()).isEqualTo(attempt);
                OffsetDateTime before = OffsetDateTime.now();
                assertThat(queue.end(job, report(Verdict.INFRASTRUCTURE, "sandbox broke")))
                        .isEqualTo(GradingQueue.Ending.RETRYING);
                assertThat(w.status(id)).isEqualTo("queued");
                assertThat(w.column(id, SUBMISSIONS.NOT_BEFORE)).isAfter(before.plus(Duration.ofMillis(1000)));
                // Waiting out its backoff, it is skipped: the next one in line is taken instead.
                if (attempt == 1) {
                    Job next = queue.claim("w", Duration.ofMinutes(1)).orElseThrow();
                    assertThat(next.submissionId()).isEqualTo(other);
                    assertThat(queue.end(next, report(Verdict.PASSED, ""))).isEqualTo(GradingQueue.Ending.REPORTED);
                }
                assertThat(queue.claim("w", Duration.ofMinutes(1))).as("still backing off").isEmpty();
                AtomicReference<Job> again = new AtomicReference<>();
                QueueWorld.await("the backoff is over", Duration.ofSeconds(20), () -> {
                    queue.claim("w", Duration.ofMinutes(1)).ifPresent(again::set);
                    return again.get() != null;
                });
                job = again.get();
                assertThat(job.submissionId()).isEqualTo(id);
            }
            assertThat(job.attempt()).isEqualTo(3);
            assertThat(refunds).as("no refund while it is retried").isEmpty();
            assertThat(queue.end(job, report(Verdict.INFRASTRUCTURE, "sandbox broke again")))
                    .isEqualTo(GradingQueue.Ending.GAVE_UP);
            assertThat(queue.end(job, report(Verdict.INFRASTRUCTURE, "twice"))).isEqualTo(GradingQueue.Ending.LOST);

            assertThat(w.status(id)).isEqualTo("done");
            assertThat(w.column(id, SUBMISSIONS.VERDICT)).isEqualTo("infrastructure");
            assertThat(w.column(id, SUBMISSIONS.GAVE_UP)).isTrue();
            assertThat(w.column(other, SUBMISSIONS.GAVE_UP)).isFalse();
            assertThat(refunds).containsExactly(id);
            assertThat(queue.gaveUp(10)).singleElement().satisfies(g -> {
                assertThat(g.submissionId()).isEqualTo(id);
                assertThat(g.attempts()).isEqualTo(3);
                assertThat(g.message()).isEqualTo("sandbox broke again");
            });
            assertThat(meters.get("roadlab.grading.retries").counter().count()).isEqualTo(2.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_job_whose_workers_keep_dying_is_given_up_on_its_last_lapse_and_refunded_once(String kind) throws Exception {
        try (QueueWorld w = QueueWorld.open(kind)) {
            List<String> refunds = new CopyOnWriteArrayList<>();
            GradingQueue queue = new GradingQueue(w.db.dsl(), Clock.systemUTC(), refunds::add,
                    GradingQueue.Retries.of(2), new SimpleMeterRegistry());
            String id = w.submit("pass");
            assertThat(queue.claim("w1", Duration.ofMinutes(1))).isPresent();
            Leases.lapseAll(w.db.dsl());
            assertThat(queue.claim("w2", Duration.ofMinutes(1))).isPresent();
            Leases.lapseAll(w.db.dsl());
            assertThat(queue.claim("w3", Duration.ofMinutes(1))).as("given up, not handed out").isEmpty();
            assertThat(queue.claim("w4", Duration.ofMinutes(1))).isEmpty();
            assertThat(w.column(id, SUBMISSIONS.VERDICT)).isEqualTo("infrastructure");
            assertThat(w.column(id, SUBMISSIONS.GAVE_UP)).isTrue();
            assertThat(refunds).containsExactly(id);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_released_job_goes_back_uncounted_and_its_old_claim_is_fenced_off(String kind) throws Exception {
        try (QueueWorld w = QueueWorld.open(kind)) {
            GradingQueue queue = new GradingQueue(w.db.dsl(), Clock.systemUTC(), id -> { },
                    GradingQueue.Retries.of(3), new SimpleMeterRegistry());
            String id = w.submit("pass");
            Job held = queue.claim("closing", Duration.ofMinutes(5)).orElseThrow();
            assertThat(queue.release(held)).isTrue();
            assertThat(w.status(id)).isEqualTo("queued");
            Job next = queue.claim("other", Duration.ofMinutes(5)).orElseThrow();
            assertThat(next.attempt()).as("the released try did not count").isEqualTo(1);
            assertThat(queue.finish(held, report(Verdict.FAILED, "late"))).isFalse();
            assertThat(queue.finish(next, report(Verdict.PASSED, "on time"))).isTrue();
            assertThat(w.column(id, SUBMISSIONS.REPORT)).contains("on time");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_full_queue_refuses_with_an_estimate_and_the_gauges_read_it(String kind) throws Exception {
        try (QueueWorld w = QueueWorld.open(kind)) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            GradingQueue queue = new GradingQueue(w.db.dsl(), Clock.systemUTC(), id -> { },
                    GradingQueue.Retries.of(3), meters);
            queue.admit(2);
            w.submit("pass");
            queue.admit(2);
            w.submit("pass");
            assertThatThrownBy(() -> queue.admit(2)).isInstanceOfSatisfying(QueueFullException.class, e -> {
                assertThat(e.retryAfterSeconds()).isBetween(5L, 600L);
                assertThat(e.getMessage()).contains("2 submissions are waiting").contains("costs you nothing");
            });
            assertThat(meters.get("roadlab.queue.depth").gauge().value()).isEqualTo(2.0);
            assertThat(meters.get("roadlab.queue.oldest.age").gauge().value()).isGreaterThanOrEqualTo(0.0);
            w.db.close();
            // The database gone, a scrape still answers (NaN), it does not throw or hang.
            QueueWorld.await("the cached figure expires and the gauge says NaN", Duration.ofSeconds(10),
                    () -> Double.isNaN(meters.get("roadlab.queue.depth").gauge().value()));
        }
    }
}
