package dev.roadlab.labs;

import dev.roadlab.labs.BookingClient.Attempt;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.postgresql.PGConnection;

/**
 * Many bookings at once: one thread per connection, all released together, each taking the next booking as it
 * finishes one. Releasing every thread from one barrier is what makes a race real: all first statements reach the
 * server within a moment of each other, long before the first transaction commits.
 */
final class ConcurrentBookings {

    /** How long to wait for threads once their statements were cancelled; the connections end soon after. */
    private static final Duration WIND_DOWN = Duration.ofSeconds(30);

    /**
     * @param outcomes        per attempt, in the order given
     * @param elapsed         from the release until the last booking ended (or until the deadline)
     * @param finishedInTime  every booking ended before the deadline
     */
    record Result(List<BookingOutcome> outcomes, Duration elapsed, boolean finishedInTime) {

        long count(Class<? extends BookingOutcome> kind) {
            return outcomes.stream().filter(kind::isInstance).count();
        }

        List<String> describe(List<Attempt> attempts, Class<? extends BookingOutcome> kind, int limit) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < outcomes.size() && lines.size() < limit; i++) {
                if (kind.isInstance(outcomes.get(i))) {
                    lines.add("  " + attempts.get(i) + " " + outcomes.get(i).describe());
                }
            }
            return lines;
        }
    }

    private ConcurrentBookings() {
    }

    /**
     * @param deadline after this, running statements are cancelled and bookings not yet ended count as
     *                 {@link BookingOutcome.Stopped}
     */
    static Result run(List<Connection> connections, List<Attempt> attempts, Duration hold, Duration retryFor,
                      Duration deadline) throws InterruptedException {
        int workers = Math.min(connections.size(), attempts.size());
        AtomicReferenceArray<BookingOutcome> outcomes = new AtomicReferenceArray<>(attempts.size());
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLongArray endedAt = new AtomicLongArray(attempts.size());
        CountDownLatch ready = new CountDownLatch(workers);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(workers);
        for (int w = 0; w < workers; w++) {
            Connection connection = connections.get(w);
            Thread.ofPlatform().daemon().name("roadlab-booking-" + w).start(() -> {
                try {
                    ready.countDown();
                    go.await();
                    for (int i; !stop.get() && (i = next.getAndIncrement()) < attempts.size(); ) {
                        outcomes.set(i, BookingClient.book(connection, attempts.get(i), hold, retryFor, stop::get));
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
        boolean finished = done.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            stop.set(true);
            connections.subList(0, workers).forEach(ConcurrentBookings::cancel);
            done.await(WIND_DOWN.toMillis(), TimeUnit.MILLISECONDS);
        }
        List<BookingOutcome> results = new ArrayList<>(attempts.size());
        long lastEnd = started;
        boolean allInTime = true;
        for (int i = 0; i < attempts.size(); i++) {
            BookingOutcome outcome = outcomes.get(i);
            // Whatever ended after the deadline, even if it then committed, did not make it in time.
            if (outcome == null || endedAt.get(i) - cutoff > 0) {
                results.add(new BookingOutcome.Stopped("had not ended when " + deadline.toSeconds() + " s had passed"));
                allInTime = false;
            } else {
                results.add(outcome);
                lastEnd = Math.max(lastEnd, endedAt.get(i));
            }
        }
        long elapsed = (allInTime ? lastEnd : cutoff) - started;
        return new Result(List.copyOf(results), Duration.ofNanos(elapsed), allInTime);
    }

    private static void cancel(Connection connection) {
        try {
            connection.unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException e) {
            // already gone: nothing runs on it
        }
    }
}
