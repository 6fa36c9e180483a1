package dev.roadlab.engine.accounts;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token bucket's size and refill: {@code 5/10m} is five at once, refilled at five per ten minutes (one every two
 * minutes). {@code off} is no limit.
 *
 * @param capacity how many at once (a full bucket)
 * @param period   how long the bucket takes to refill from empty
 */
public record Budget(int capacity, Duration period) {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,6})\\s*/\\s*(\\d{0,6})\\s*(s|m|h|d)");

    public Budget {
        if (capacity < 1) {
            throw new IllegalArgumentException("a budget allows at least 1");
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a budget's period must be positive");
        }
    }

    /**
     * Parses {@code N/[K]unit} (unit s, m, h or d; K defaults to 1: {@code 5/m}, {@code 5/10m}, {@code 100/1d}), or
     * {@code off} (empty).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Optional<Budget> parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("off")) {
            return Optional.empty();
        }
        Matcher m = TEXT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a budget: write N/PERIOD such as 5/10m"
                    + " (units s, m, h, d), or off");
        }
        long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration unit = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        return Optional.of(new Budget(Integer.parseInt(m.group(1)), unit.multipliedBy(amount)));
    }

    /** Tokens regained per second. */
    double refillPerSecond() {
        return capacity / (period.toNanos() / 1e9);
    }

    @Override
    public String toString() {
        long s = period.toSeconds();
        String p = s % 86400 == 0 ? s / 86400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m"
                : s + "s";
        return capacity + "/" + p;
    }
}
