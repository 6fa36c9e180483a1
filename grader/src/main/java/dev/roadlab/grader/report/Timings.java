package dev.roadlab.grader.report;

/**
 * Where a run's time went, in milliseconds.
 *
 * @param queuedMillis   from accepted to the start of grading (0 when graded at once, as in the CLI)
 * @param leaseMillis    getting the run's sandboxes ready (isolated database, Redis user, nginx)
 * @param checksMillis   running the checks, from opening the launcher session to the last result collected
 * @param setupMillis    the part of {@code checksMillis} before the first check started (launcher, discovery, the
 *                       checks class's loading and {@code @BeforeAll})
 * @param overheadMillis the grading's time outside the checks' own work: the lease plus whatever of
 *                       {@code checksMillis} the lab's code (its checks and lifecycle methods) did not spend (JUnit
 *                       discovery and execution, parameter resolution, result building); giving the
 *                       sandboxes back happens after the report, in the background, and is not part of it
 */
public record Timings(long queuedMillis, long leaseMillis, long checksMillis, long setupMillis, long overheadMillis) {

    public static final Timings NONE = new Timings(0, 0, 0, 0, 0);

    /** Timings without the overhead split (reports written before it was measured). */
    public Timings(long queuedMillis, long leaseMillis, long checksMillis) {
        this(queuedMillis, leaseMillis, checksMillis, 0, 0);
    }

    public long totalMillis() {
        return queuedMillis + leaseMillis + checksMillis;
    }

    public Timings withQueuedMillis(long queued) {
        return new Timings(queued, leaseMillis, checksMillis, setupMillis, overheadMillis);
    }
}
