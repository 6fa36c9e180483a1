package dev.roadlab.grader.run;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Enforces wall-clock limits from outside the sandbox: when a guarded piece of work runs over, the expiry action
 * (cancel the run's statements, kill its script) runs on the scheduler's thread, whatever the learner's session
 * settings say.
 */
final class Watchdog {

    private final ScheduledExecutorService scheduler;

    Watchdog(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Arms a guard; close it when the work ends. {@code onExpiry} runs at most once, if the limit passes first. */
    Guard arm(Duration limit, Runnable onExpiry) {
        Guard guard = new Guard();
        // The action may take seconds (restarting a stuck Redis): run it on its own thread, never the scheduler's.
        guard.future = scheduler.schedule(() -> {
            guard.fired = true;
            Thread.ofVirtual().name("watchdog-expiry").start(onExpiry);
        }, limit.toMillis(), TimeUnit.MILLISECONDS);
        return guard;
    }

    /** Runs {@code action} after {@code delay} unless the returned future is cancelled. */
    ScheduledFuture<?> later(Duration delay, Runnable action) {
        return scheduler.schedule(() -> Thread.ofVirtual().start(action), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    static final class Guard implements AutoCloseable {

        private volatile boolean fired;
        private volatile ScheduledFuture<?> future;

        boolean fired() {
            return fired;
        }

        @Override
        public void close() {
            future.cancel(false);
        }
    }
}
