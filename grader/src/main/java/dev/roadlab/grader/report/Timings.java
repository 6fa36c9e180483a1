package dev.roadlab.grader.report;

/**
 * Where a run's time went, in milliseconds.
 *
 * @param queuedMillis  from accepted to the start of grading (0 when graded at once, as in the CLI)
 * @param leaseMillis   getting the run's sandboxes ready (isolated database, Redis user, nginx)
 * @param checksMillis  running the checks
 */
public record Timings(long queuedMillis, long leaseMillis, long checksMillis) {

    public static final Timings NONE = new Timings(0, 0, 0);

    public long totalMillis() {
        return queuedMillis + leaseMillis + checksMillis;
    }

    public Timings withQueuedMillis(long queued) {
        return new Timings(queued, leaseMillis, checksMillis);
    }
}
