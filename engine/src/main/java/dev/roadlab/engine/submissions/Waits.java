package dev.roadlab.engine.submissions;

import java.time.Duration;

/**
 * How long a learner must wait, said the way a person would ("2 minutes", "40 seconds", "3 hours 10 minutes").
 * Always rounded up, so the page never promises an attempt before the budget has one.
 */
public final class Waits {

    private Waits() {
    }

    /** {@code wait} in words, rounded up to the unit that matters: seconds under a minute, minutes under two hours. */
    public static String human(Duration wait) {
        long seconds = ceilSeconds(wait);
        if (seconds < 60) {
            return plural(Math.max(1, seconds), "second");
        }
        long minutes = (seconds + 59) / 60;
        if (minutes < 120) {
            return plural(minutes, "minute");
        }
        if (minutes < 48 * 60) {
            long hours = minutes / 60;
            long rest = minutes % 60;
            return plural(hours, "hour") + (rest == 0 ? "" : " " + plural(rest, "minute"));
        }
        long hours = (minutes + 59) / 60;
        long days = hours / 24;
        long rest = hours % 24;
        return plural(days, "day") + (rest == 0 ? "" : " " + plural(rest, "hour"));
    }

    /** Whole seconds, rounded up (what a {@code Retry-After} header carries); at least 1 for any wait. */
    public static long ceilSeconds(Duration wait) {
        if (wait.isNegative() || wait.isZero()) {
            return 0;
        }
        long seconds = wait.getSeconds();
        return wait.getNano() > 0 ? seconds + 1 : seconds;
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
