package dev.roadlab.labs;

/** What one booking came to, as the application calling book_seat sees it after its retries. */
sealed interface BookingOutcome {

    /** book_seat returned true and the transaction committed. */
    record Booked() implements BookingOutcome {
    }

    /** A refusal the contract allows: book_seat returned false, or raised an integrity error or its own exception. */
    record Refused(String how) implements BookingOutcome {
    }

    /** Something the contract does not allow: another error, NULL, or serialization failures past the retry window. */
    record Broken(String error) implements BookingOutcome {
    }

    /** The grader stopped the booking from outside (a time limit), or its connection went away. */
    record Stopped(String why) implements BookingOutcome {
    }

    /** How the outcome reads in a message. */
    default String describe() {
        return switch (this) {
            case Booked b -> "booked the seat";
            case Refused r -> "refused (" + r.how() + ")";
            case Broken b -> "failed: " + b.error();
            case Stopped s -> "was stopped: " + s.why();
        };
    }
}
