package dev.roadlab.engine.accounts;

import dev.roadlab.engine.config.RoadlabConfig;
import java.util.function.BooleanSupplier;

/**
 * Whether this Roadlab is hosted (sign-in required) or single-user (no sign-in; the browser's learner cookie is the
 * learner). {@code auto} is hosted from the moment an admin account exists, in every process: a process that saw
 * single-user asks the database again after a second, and once hosted it stays hosted.
 */
public final class Modes {

    private static final long RECHECK_NANOS = 1_000_000_000L;

    private final RoadlabConfig.Mode mode;
    private final BooleanSupplier anyAdmin;
    private volatile boolean hosted;
    private volatile long checkedAt;

    public Modes(RoadlabConfig.Mode mode, BooleanSupplier anyAdmin) {
        this.mode = mode;
        this.anyAdmin = anyAdmin;
        this.hosted = mode == RoadlabConfig.Mode.HOSTED;
        this.checkedAt = System.nanoTime() - RECHECK_NANOS;
    }

    /** Whether sign-in is required now. */
    public boolean hosted() {
        if (hosted || mode == RoadlabConfig.Mode.SINGLE_USER) {
            return hosted;
        }
        long now = System.nanoTime();
        if (now - checkedAt >= RECHECK_NANOS) {
            hosted = anyAdmin.getAsBoolean();
            checkedAt = now;
        }
        return hosted;
    }

    /** Forgets the last look (after this process created an admin). */
    public void recheck() {
        checkedAt = System.nanoTime() - RECHECK_NANOS;
    }
}
