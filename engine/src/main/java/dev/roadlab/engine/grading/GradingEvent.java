package dev.roadlab.engine.grading;

import java.util.Locale;
import java.util.Optional;

/**
 * Something a worker reported while grading a submission, as the submission's page streams it.
 *
 * @param id         increasing per database: the stream's cursor
 * @param kind       what happened
 * @param checkId    for a check, which
 * @param title      for a check its title; for a retry, why the run starts over
 * @param verdict    for a check, its verdict's wire name
 * @param points     for a check, points earned
 * @param maxPoints  for a check, points it is worth
 * @param millis     for a check, how long it ran
 * @param elapsedMs  since the run started
 * @param done       for a check, how many have finished
 * @param total      checks in the run (started and check)
 */
public record GradingEvent(long id, Kind kind, String checkId, String title, String verdict, int points,
                           int maxPoints, long millis, long elapsedMs, int done, int total) {

    /** A run started (its checks are about to run), a check finished, or the run starts over after our fault. */
    public enum Kind {
        STARTED, CHECK, RETRYING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> fromWireName(String name) {
            for (Kind k : values()) {
                if (k.wireName().equals(name)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    /** "1.2 s" or "340 ms": how long a check ran, as the page prints it. */
    public String duration() {
        return format(millis);
    }

    /** The time since the run started, as the page prints it. */
    public String elapsed() {
        return format(elapsedMs);
    }

    static String format(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
