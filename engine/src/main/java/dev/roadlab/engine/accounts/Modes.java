package dev.roadlab.engine.accounts;

import java.util.function.BooleanSupplier;

/**
 * Whether this Roadlab is hosted (sign-in required) or single-user (no sign-in; the browser's learner cookie is the
 * learner). {@code auto} is hosted from the moment an admin account exists, in every process: a process that saw
 * single-user asks the database again after a second, and once hosted it stays hosted.
 */
public final class Modes {

    private static final long RECHECK_NANOS = 1_000_000_000L;

    /** The setting: hosted always, never, or once an admin exists. */
    public enum Setting {
        HOSTED, SINGLE_USER, AUTO
    }

    private final Setting setting;
    private final BooleanSupplier anyAdmin;
    private volatile boolean hosted;
    private volatile long checkedAt;

    public Modes(Setting setting, BooleanSupplier anyAdmin) {
        this.setting = setting;
        this.anyAdmin = anyAdmin;
        this.hosted = setting == Setting.HOSTED;
        this.checkedAt = System.nanoTime() - RECHECK_NANOS;
    }

    /** Whether sign-in is required now. */
    public boolean hosted() {
        if (hosted || setting == Setting.SINGLE_USER) {
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
