package dev.roadlab.grader.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RaceTest {

    private static final List<String> WORKERS = IntStream.range(0, 8).mapToObj(i -> "w" + i).toList();

    @Test
    void every_worker_runs_at_the_same_time() throws InterruptedException {
        // Each task waits until all eight are inside at once: it returns only if they really run together.
        CountDownLatch allInside = new CountDownLatch(8);
        Race.Result<Boolean> result = Race.run(WORKERS, 8, (worker, i, stop) -> {
            allInside.countDown();
            return allInside.await(20, TimeUnit.SECONDS);
        }, Duration.ofSeconds(30), worker -> { });
        assertThat(result.values()).hasSize(8).containsOnly(true);
        assertThat(result.allFinishedInTime()).isTrue();
    }

    @Test
    void workers_take_the_next_task_as_they_finish_one_and_outcomes_keep_the_task_order() throws InterruptedException {
        List<String> ranOn = Collections.synchronizedList(new ArrayList<>());
        Race.Result<Integer> result = Race.run(WORKERS.subList(0, 3), 50, (worker, i, stop) -> {
            ranOn.add(worker);
            return i * i;
        }, Duration.ofSeconds(30), worker -> { });
        assertThat(result.outcomes()).extracting(Race.Outcome::index).containsExactlyElementsOf(
                IntStream.range(0, 50).boxed().toList());
        assertThat(result.values()).containsExactlyElementsOf(IntStream.range(0, 50).map(i -> i * i).boxed().toList());
        assertThat(ranOn).hasSize(50).isSubsetOf("w0", "w1", "w2");
    }

    @Test
    void what_a_task_throws_is_its_outcome_and_the_others_go_on() throws InterruptedException {
        Race.Result<String> result = Race.run(WORKERS.subList(0, 2), 4, (worker, i, stop) -> {
            if (i == 2) {
                throw new IllegalStateException("task 2 broke");
            }
            return "ok " + i;
        }, Duration.ofSeconds(30), worker -> { });
        assertThat(result.outcomes().get(2).failure()).get().extracting(Throwable::getMessage).isEqualTo("task 2 broke");
        assertThat(result.values()).containsExactly("ok 0", "ok 1", "ok 3");
    }

    @Test
    void past_the_deadline_each_worker_is_stopped_from_outside_and_its_task_did_not_finish_in_time()
            throws InterruptedException {
        CountDownLatch neverOnItsOwn = new CountDownLatch(1);
        List<String> stopped = Collections.synchronizedList(new ArrayList<>());
        Race.Result<String> result = Race.run(WORKERS.subList(0, 2), 2, (worker, i, stop) -> {
            neverOnItsOwn.await();
            return "late";
        }, Duration.ofMillis(200), worker -> {
            stopped.add(worker);
            neverOnItsOwn.countDown();
        });
        assertThat(stopped).containsExactlyInAnyOrder("w0", "w1");
        assertThat(result.allFinishedInTime()).isFalse();
        assertThat(result.outcomes()).allSatisfy(o -> {
            assertThat(o.finishedInTime()).isFalse();
            assertThat(o.value()).isEmpty();
            assertThat(o.endedAfter()).isEqualTo(Duration.ofMillis(200));
        });
    }
}
