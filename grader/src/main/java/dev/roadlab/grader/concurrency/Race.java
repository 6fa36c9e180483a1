package dev.roadlab.grader.concurrency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Many tasks at once, for real: one thread per worker (a connection, a client), all released together from one
 * barrier, each taking the next task as it finishes one, bounded by a deadline. Releasing every thread at once is what
 * makes a race real: all first requests reach the server within a moment of each other.
 *
 * <p>A race shows what a design does under real concurrency; it cannot prove that a wrong design is wrong, because
 * the bad interleaving may not happen on a given run. Verdicts that must not depend on luck force the interleaving
 * instead ({@link dev.roadlab.grader.postgres.Interleaving}).
 *
 * <pre>{@code
 * Race.Result<Boolean> result = Race.run(connections, 200, (connection, i) -> book(connection, seats.get(i)),
 *         Duration.ofSeconds(30), Race::cancelStatement);
 * long booked = result.count(o -> o.value().orElse(false));
 * }</pre>
 */
public final class Race {

    /** How long the workers get to end once the deadline passed and they were told to stop. */
    private static final Duration WIND_DOWN = Duration.ofSeconds(30);

    /**
     * One task on one worker.
     *
     * @param <W> the worker (a connection)
     * @param <T> what a task comes to
     */
    @FunctionalInterface
    public interface Task<W, T> {
        T run(W worker, int index, Stop stop) throws Exception;
    }

    /** Tells a task whose time is up to stop (retry loops ask it). */
    @FunctionalInterface
    public interface Stop {
        boolean requested();
    }

    /**
     * What one task came to.
     *
     * @param index          its position in the task list
     * @param value          what it returned, if it returned
     * @param failure        what it threw, if it threw
     * @param finishedInTime it ended before the deadline
     * @param endedAfter     from the release to its end (to the deadline, if it did not end in time)
     * @param <T> what a task comes to
     */
    public record Outcome<T>(int index, Optional<T> value, Optional<Throwable> failure, boolean finishedInTime,
                             Duration endedAfter) {
    }

    /**
     * @param outcomes  per task, in the order given
     * @param elapsed   from the release until the last task ended (or the deadline)
     * @param <T> what a task comes to
     */
    public record Result<T>(List<Outcome<T>> outcomes, Duration elapsed) {

        public boolean allFinishedInTime() {
            return outcomes.stream().allMatch(Outcome::finishedInTime);
        }

        public long count(Predicate<Outcome<T>> which) {
            return outcomes.stream().filter(which).count();
        }

        /** The values of the tasks that returned one in time, in task order. */
        public List<T> values() {
            return outcomes.stream().filter(Outcome::finishedInTime).flatMap(o -> o.value().stream()).toList();
        }
    }

    private Race() {
    }

    /**
     * Runs {@code tasks} tasks on {@code workers}, one thread each, all released at once.
     *
     * @param deadline    past it, {@code onDeadline} is called for every worker (cancel what it runs) and unfinished
     *                    tasks end as not finished in time
     * @param onDeadline  stops what a worker runs from outside, e.g. cancels its statement
     */
    public static <W, T> Result<T> run(List<W> workers, int tasks, Task<W, T> task, Duration deadline,
                                       Consumer<W> onDeadline) throws InterruptedException {
        int threads = Math.min(workers.size(), tasks);
        AtomicReferenceArray<Object> results = new AtomicReferenceArray<>(tasks);
        AtomicReferenceArray<Throwable> failures = new AtomicReferenceArray<>(tasks);
        AtomicLongArray endedAt = new AtomicLongArray(tasks);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int w = 0; w < threads; w++) {
            W worker = workers.get(w);
            Thread.ofPlatform().daemon().name("roadlab-race-" + w).start(() -> {
                try {
                    ready.countDown();
                    go.await();
                    for (int i; !stop.get() && (i = next.getAndIncrement()) < tasks; ) {
                        try {
                            results.set(i, task.run(worker, i, stop::get));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (Exception | AssertionError e) {
                            failures.set(i, e);
                        }
                        endedAt.set(i, System.nanoTime());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        ready.await();
        long started = System.nanoTime();
        go.countDown();
        long cutoff = started + deadline.toNanos();
        if (!done.await(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            stop.set(true);
            workers.subList(0, threads).forEach(onDeadline);
            done.await(WIND_DOWN.toMillis(), TimeUnit.MILLISECONDS);
        }
        List<Outcome<T>> outcomes = new ArrayList<>(tasks);
        long lastEnd = started;
        for (int i = 0; i < tasks; i++) {
            long end = endedAt.get(i);
            // Whatever ended after the deadline did not make it in time, even if it then returned.
            boolean inTime = end != 0 && end - cutoff <= 0;
            if (inTime) {
                lastEnd = Math.max(lastEnd, end);
            }
            @SuppressWarnings("unchecked")
            T value = (T) results.get(i);
            outcomes.add(new Outcome<>(i, inTime ? Optional.ofNullable(value) : Optional.empty(),
                    inTime ? Optional.ofNullable(failures.get(i)) : Optional.empty(), inTime,
                    Duration.ofNanos((inTime ? end : cutoff) - started)));
        }
        boolean allInTime = outcomes.stream().allMatch(Outcome::finishedInTime);
        return new Result<>(List.copyOf(outcomes), Duration.ofNanos((allInTime ? lastEnd : cutoff) - started));
    }
}
