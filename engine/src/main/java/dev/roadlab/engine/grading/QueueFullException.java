package dev.roadlab.engine.grading;

import java.time.Duration;

/**
 * A submission refused because the grading queue is full; the web layer answers 503 with {@code Retry-After}.
 * Nothing was stored and no attempt was spent.
 */
public final class QueueFullException extends RuntimeException {

    private final Duration retryAfter;

    /** @param retryAfter an estimate of when the queue will have room again */
    public QueueFullException(int waiting, Duration retryAfter) {
        super("Grading is very busy right now (" + waiting + " submissions are waiting), so this one was not accepted"
                + " and costs you nothing. Please submit again in about " + human(retryAfter) + ".", null, false,
                false);
        this.retryAfter = retryAfter;
    }

    /** The estimate of when to try again. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter()} in whole seconds, at least 1: the {@code Retry-After} header's value. */
    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0));
    }

    private static String human(Duration d) {
        long s = Math.max(1, d.toSeconds());
        return s < 90 ? s + " seconds" : (s + 59) / 60 + " minutes";
    }
}
