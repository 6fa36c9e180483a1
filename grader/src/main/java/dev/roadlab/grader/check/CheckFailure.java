package dev.roadlab.grader.check;

import java.util.Arrays;
import java.util.List;

/**
 * A check's expectation did not hold: what the check saw, in the learner's terms, and optionally a hint that fits
 * what it saw. A check that can fail in several ways gives each its own hint (the booking lab's "0 booked, 200
 * refused" teaches something else than "200 booked, one after another"); without one, the learner reads the hint
 * declared on {@link Check}.
 *
 * <pre>{@code
 * if (booked == 0) {
 *     throw new CheckFailure("All 200 bookings were refused, though every seat was free.",
 *             "book_seat refuses free seats: does it look for the seat's booking, or for any booking of the show?");
 * }
 * }</pre>
 *
 * <p>When what the check found is not what its title claims (a view stands where the table was: that is not "no row
 * changed"), {@link #found(String)} gives the report a title that says what was found; the declared title is kept
 * beside it. {@link #laterHints(String...)} gives this failure mode stronger hints for later attempts, as
 * {@link Check#laterHints()} does for the declared hint.
 */
public class CheckFailure extends AssertionError {

    private final String hint;
    private List<String> laterHints = List.of();
    private String found;

    /** A failure shown with the check's declared hint. */
    public CheckFailure(String message) {
        this(message, null);
    }

    /** @param hint what to think about, given what the check saw; null or empty for the check's declared hint */
    public CheckFailure(String message, String hint) {
        super(message);
        this.hint = hint == null || hint.isBlank() ? null : hint;
    }

    /** The hint that fits this failure, or null for the check's declared one. */
    public String hint() {
        return hint;
    }

    /**
     * Stronger hints for this failure mode, shown on later failed attempts in turn (they follow this failure's own
     * hint; without one, they follow the check's declared hint).
     */
    public CheckFailure laterHints(String... hints) {
        this.laterHints = Arrays.stream(hints).filter(h -> h != null && !h.isBlank()).toList();
        return this;
    }

    /** The stronger hints of this failure mode, in the order they are revealed; empty for the check's own. */
    public List<String> laterHintList() {
        return laterHints;
    }

    /**
     * Reports the check under a title that says what was found, because it is not what the declared title claims:
     * {@code throw new CheckFailure("...").found("A view named audit_logs stands where the table was")}.
     */
    public CheckFailure found(String title) {
        this.found = title == null || title.isBlank() ? null : title;
        return this;
    }

    /** The title that says what was found, or null to keep the declared one. */
    public String foundTitle() {
        return found;
    }
}
