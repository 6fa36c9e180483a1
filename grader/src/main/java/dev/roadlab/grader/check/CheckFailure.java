package dev.roadlab.grader.check;

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
 */
public class CheckFailure extends AssertionError {

    private final String hint;

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
}
