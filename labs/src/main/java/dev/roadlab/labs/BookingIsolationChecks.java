package dev.roadlab.labs;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.check.CheckTimeoutException;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.postgres.Interleaving;
import dev.roadlab.grader.postgres.Interleaving.StepResult;
import dev.roadlab.grader.postgres.Interleaving.Trace;
import dev.roadlab.grader.postgres.LabDatabase;
import dev.roadlab.grader.postgres.TableDefinition;
import dev.roadlab.labs.BookingClient.Attempt;
import dev.roadlab.labs.BookingOutcome.Booked;
import dev.roadlab.labs.BookingOutcome.Broken;
import dev.roadlab.labs.BookingOutcome.Refused;
import dev.roadlab.labs.BookingOutcome.Stopped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * Checks of the booking-isolation lab: book_seat must book a free seat, refuse a taken one, stay correct when two
 * customers book at the same moment, and not make customers of different shows wait for each other.
 *
 * <p>"At the same moment" is not left to luck: each concurrency check runs two customers' transactions in a fixed
 * interleaving ({@link Interleaving}), the one that breaks a design that reads and then writes: the second customer
 * calls book_seat while the first one's booking is still uncommitted. A step that waits for the other's lock is seen
 * waiting in PostgreSQL's own lock table, never guessed from a clock, so every run gives the same verdict.
 */
@LabChecks
public class BookingIsolationChecks {

    static final String BOOKING = "booking.sql";
    static final List<String> TABLES = List.of("shows", "seats", "bookings");

    /** How long the application retries a booking that fails with a serialization failure or a deadlock. */
    static final Duration RETRY_FOR = Duration.ofSeconds(15);

    static final long FREE_SEAT_SHOW = 1;
    static final long TAKEN_SEAT_SHOW = 2;
    static final long RACE_SHOW = 4;
    static final long LAST_TICKETS_SHOW = 7;
    static final long SHOW_A = 11;
    static final long SHOW_B = 12;
    /** The checks' customers: none of them appears in the seed. */
    static final long CUSTOMERS = 900_000;

    private final Map<String, LabDatabase.RowsSnapshot> rowsBefore = new LinkedHashMap<>();
    private final Map<String, TableDefinition> definitionsBefore = new LinkedHashMap<>();
    /** Why book_seat cannot be graded any further (it did not return in an earlier check), or null. */
    private String stuck;

    @BeforeAll
    void remember_the_seeded_tables(LabDatabase db) throws SQLException {
        for (String table : TABLES) {
            rowsBefore.put(table, db.snapshotRows(table));
            definitionsBefore.put(table, db.definition(table));
        }
    }

    @Check(order = 1, points = 1,
            title = "booking.sql applies, defines a book_seat that books, and keeps the seeded shows, seats and bookings",
            hint = "The grader runs your file statement by statement, like psql with ON_ERROR_STOP. It must define "
                    + "book_seat(bigint, text, bigint) RETURNS boolean exactly, and leave the seeded rows and columns "
                    + "as they are: a migration that adds behaviour adds constraints and functions, it does not "
                    + "rewrite the data.",
            teaches = "#the-booking-isolation-lab")
    void booking_sql_applies(LabDatabase db) throws Exception {
        db.apply(BOOKING);
        String result = db.queryForString("SELECT pg_catalog.pg_get_function_result("
                + "pg_catalog.to_regprocedure('public.book_seat(bigint,text,bigint)'))");
        if (result == null) {
            throw new CheckFailure("booking.sql defines no function book_seat(bigint, text, bigint).");
        }
        if (!result.equals("boolean")) {
            throw new CheckFailure("book_seat(bigint, text, bigint) returns " + result + "; the contract says boolean.");
        }
        List<String> changes = new ArrayList<>();
        for (String table : TABLES) {
            TableDefinition now = db.definition(table);
            changes.addAll(now.changesSince(definitionsBefore.get(table)));
            if (now.kind().equals("r")) {
                long changed = db.rowsChangedSince(rowsBefore.get(table));
                if (changed > 0) {
                    changes.add(changed + " rows of " + table + " were inserted, updated, deleted or rewritten");
                }
            }
        }
        if (!changes.isEmpty()) {
            throw new CheckFailure("booking.sql changed the seeded data: " + String.join("; ", changes) + ".",
                    "Leave the seeded shows, seats and bookings as they are: add constraints, indexes and columns, "
                            + "but no statement of booking.sql may write, delete, retype or drop what is there.");
        }
        String seat = freeSeats(db, FREE_SEAT_SHOW, 1).get(0);
        Attempt attempt = new Attempt(FREE_SEAT_SHOW, seat, CUSTOMERS);
        BookingOutcome trial;
        try (Connection c = connection(db)) {
            trial = BookingClient.tryAndRollBack(c, attempt);
        }
        noteIfStuck(List.of(trial));
        if (!(trial instanceof Booked)) {
            throw new CheckFailure("booking.sql applies and keeps the seeded data, but book_seat does not book yet: "
                    + attempt + " " + trial.describe() + " for a free seat (in a transaction the grader rolled back). "
                    + "This check scores once book_seat books a free seat.",
                    "Start with the simplest booking: insert the customer's row into bookings and take one ticket off "
                            + "the show's seats_left, then return true. Make it safe under concurrency next.");
        }
    }

    @Check(order = 2, points = 2, title = "book_seat books a free seat and takes a ticket off the show's counter",
            hint = "The contract: return true once the seat is booked for that customer, which means one row in "
                    + "bookings and seats_left one lower, both in the caller's transaction. Call your function by hand "
                    + "in psql and look at both tables.",
            teaches = "#the-booking-isolation-lab")
    void books_a_free_seat(LabDatabase db) throws Exception {
        db.apply(BOOKING);
        String seat = freeSeats(db, FREE_SEAT_SHOW, 1).get(0);
        long left = seatsLeft(db, FREE_SEAT_SHOW);
        Attempt attempt = new Attempt(FREE_SEAT_SHOW, seat, CUSTOMERS + 1);
        BookingOutcome outcome = bookOne(db, attempt);
        if (!(outcome instanceof Booked)) {
            throw new CheckFailure(attempt + " " + outcome.describe() + "; seat " + seat + " of show "
                    + FREE_SEAT_SHOW + " was free and " + left + " tickets were left.", outcome instanceof Refused
                    ? "book_seat refused a free seat of a show with tickets left, with nobody else booking. Does it "
                            + "insert the booking and take the ticket off before it returns true, and when it looks "
                            + "for an existing booking, does it look for this seat's, or for any of the show's?"
                    : null);
        }
        assertBookedBy(db, FREE_SEAT_SHOW, seat, CUSTOMERS + 1, attempt + " returned true, but");
        assertSeatsLeft(db, FREE_SEAT_SHOW, left - 1, "after one booking");
    }

    @Check(order = 3, points = 2, title = "book_seat refuses a seat that is taken",
            hint = "A second booking of a seat must not succeed, whether the first came from the seed or from "
                    + "book_seat a moment ago. The README's contract says how a refusal may look: false, or one of "
                    + "the errors it lists.",
            teaches = "#unique-constraints-as-concurrency-control")
    void refuses_a_taken_seat(LabDatabase db) throws Exception {
        db.apply(BOOKING);
        List<Object> seeded = db.query("SELECT seat, customer_id FROM public.bookings WHERE show_id = ? ORDER BY seat LIMIT 1",
                TAKEN_SEAT_SHOW).get(0);
        String takenSeat = (String) seeded.get(0);
        long owner = ((Number) seeded.get(1)).longValue();
        long left = seatsLeft(db, TAKEN_SEAT_SHOW);

        String seat = freeSeats(db, TAKEN_SEAT_SHOW, 1).get(0);
        Attempt booking = new Attempt(TAKEN_SEAT_SHOW, seat, CUSTOMERS + 3);
        BookingOutcome first = bookOne(db, booking);
        if (!(first instanceof Booked)) {
            throw new CheckFailure(booking + " " + first.describe() + ", so there was no fresh booking to refuse; seat "
                    + seat + " was free. Refusing everything is not refusing a taken seat.",
                    "This check needs a booking to refuse, so it books a free seat first, and that was not booked. Make "
                            + "book_seat book a free seat (check 2); refusing a taken one is then the second half.");
        }
        Attempt onSeeded = new Attempt(TAKEN_SEAT_SHOW, takenSeat, CUSTOMERS + 2);
        BookingOutcome second = bookOne(db, onSeeded);
        if (!(second instanceof Refused)) {
            throw new CheckFailure(onSeeded + " " + second.describe() + ", but seat " + takenSeat
                    + " was already booked by customer " + owner + " before the sale.");
        }
        assertBookedBy(db, TAKEN_SEAT_SHOW, takenSeat, owner, "after the refusal,");
        Attempt again = new Attempt(TAKEN_SEAT_SHOW, seat, CUSTOMERS + 4);
        BookingOutcome third = bookOne(db, again);
        if (!(third instanceof Refused)) {
            throw new CheckFailure(again + " " + third.describe() + ", right after " + booking + " had booked that seat.");
        }
        assertBookedBy(db, TAKEN_SEAT_SHOW, seat, CUSTOMERS + 3, "after the refusal,");
        assertSeatsLeft(db, TAKEN_SEAT_SHOW, left - 1, "after one booking and two refusals");
    }

    @Check(order = 4, points = 3,
            title = "Two customers booking one seat at the same moment make exactly one booking",
            hint = "The second customer called book_seat while the first one's booking was not committed yet, so "
                    + "what the second one read said the seat was free. What could make the second booking of a seat "
                    + "wait for the first, or collide with it? Think of a row that exists before anyone books, or of "
                    + "a rule the database enforces on every insert.",
            laterHints = "A UNIQUE constraint on bookings (show_id, seat) makes the second INSERT of a seat wait "
                    + "for the first transaction, then fail with unique_violation if it commits, or go through "
                    + "if it rolls back. Catch that error in book_seat and return false.",
            teaches = "#anomalies")
    void one_seat_two_customers_one_booking(LabDatabase db) throws Exception {
        db.apply(BOOKING);
        List<String> seats = freeSeats(db, RACE_SHOW, 2);
        long left = seatsLeft(db, RACE_SHOW);

        // Both commit: exactly one may have the seat.
        Attempt first = new Attempt(RACE_SHOW, seats.get(0), CUSTOMERS + 100);
        Attempt second = new Attempt(RACE_SHOW, seats.get(0), CUSTOMERS + 101);
        Pair both = interleave(db, first, second, "COMMIT");
        long booked = both.count(Booked.class);
        long rows = bookingsOf(db, RACE_SHOW, seats.get(0));
        if (booked != 1 || rows != 1) {
            throw new CheckFailure(String.format(Locale.ROOT, "Two customers booked seat %s of show %d at the same "
                            + "moment: the second called book_seat while the first one's transaction was still open, "
                            + "then both committed. %d of the 2 calls booked, and bookings holds %d rows for the seat:"
                            + "%n%s", seats.get(0), RACE_SHOW, booked, rows, both.describe()),
                    booked == 0 ? "Neither customer got the seat. A refusal must come from a booking that exists "
                            + "(committed), not from one that merely might: the second call may wait for the first to "
                            + "end, or fail on a constraint once it does." : null);
        }
        assertSeatsLeft(db, RACE_SHOW, left - 1, "after the two customers' one booking");

        // The first rolls back: the second, who waited or not, must get the seat.
        Attempt third = new Attempt(RACE_SHOW, seats.get(1), CUSTOMERS + 102);
        Attempt fourth = new Attempt(RACE_SHOW, seats.get(1), CUSTOMERS + 103);
        Pair rolledBack = interleave(db, third, fourth, "ROLLBACK");
        if (!(rolledBack.second() instanceof Booked) || bookingsOf(db, RACE_SHOW, seats.get(1)) != 1) {
            throw new CheckFailure(String.format(Locale.ROOT, "Two customers booked seat %s of show %d at the same "
                            + "moment, and the first one's transaction rolled back (the payment failed): the second "
                            + "customer %s, and bookings holds %d rows for the seat. The seat was free for them:%n%s",
                            seats.get(1), RACE_SHOW, rolledBack.second().describe(),
                            bookingsOf(db, RACE_SHOW, seats.get(1)), rolledBack.describe()),
                    "A booking that has not committed may still roll back. Refusing because another transaction holds "
                            + "the seat (NOWAIT, SKIP LOCKED, or reading uncommitted intent) loses a sale: wait for it "
                            + "to end, or let a constraint decide once it has.");
        }
        assertSeatsLeft(db, RACE_SHOW, left - 2, "after the second customer booked the seat the first gave up");
    }

    @Check(order = 5, points = 2,
            title = "Customers of different shows book at the same moment without waiting for each other",
            hint = "Every booking is right, but a booking of one show waited for a booking of another show to end. "
                    + "Which rows do two bookings really have to agree on? Lock those, not a whole table.",
            teaches = "#select--for-update")
    void bookings_of_different_shows_never_wait(LabDatabase db) throws Exception {
        db.apply(BOOKING);
        Attempt first = new Attempt(SHOW_A, freeSeats(db, SHOW_A, 1).get(0), CUSTOMERS + 200);
        Attempt second = new Attempt(SHOW_B, freeSeats(db, SHOW_B, 1).get(0), CUSTOMERS + 201);
        Pair pair = interleave(db, first, second, "COMMIT");
        if (pair.secondWaited()) {
            throw new CheckFailure(String.format(Locale.ROOT, "A customer of show %d called book_seat while a booking "
                    + "of show %d was still open, and PostgreSQL had the call wait for that other booking's lock "
                    + "(pg_locks): with hundreds of customers, each waits for every other.%n%s", SHOW_B, SHOW_A,
                    pair.describe()));
        }
        if (pair.count(Booked.class) != 2) {
            throw new CheckFailure(String.format(Locale.ROOT, "Two customers booked free seats of two different shows "
                    + "at the same moment; %d of them got theirs:%n%s", pair.count(Booked.class), pair.describe()),
                    "Seats of different shows are free for both: nothing about one booking should refuse the other.");
        }
    }

    @Check(order = 6, points = 2,
            title = "The last ticket of a show sells once to two customers booking at the same moment: seats_left "
                    + "never goes below zero",
            hint = "Both bookings saw a ticket left, because each read the counter before the other had written it. "
                    + "How can deciding and decrementing be one step that sees the latest value? And which rule about "
                    + "seats_left could the database itself refuse to break?",
            laterHints = "UPDATE shows SET seats_left = seats_left - 1 WHERE id = ... AND seats_left > 0 decides "
                    + "and decrements in one statement: it waits for the other booking's row lock and reads the "
                    + "row again before it decides. Check FOUND; a CHECK (seats_left >= 0) makes the database "
                    + "refuse the rest.",
            teaches = "#serialization-failures-and-retry-loops")
    void capacity_never_goes_negative(LabDatabase db) throws Exception {
        db.apply(BOOKING);
        long capacity = db.queryForLong("SELECT capacity FROM public.shows WHERE id = ?", LAST_TICKETS_SHOW);
        List<String> seats = freeSeats(db, LAST_TICKETS_SHOW, (int) seatsLeft(db, LAST_TICKETS_SHOW) + 1);
        // Customers buy all but the last ticket, one after another.
        for (int i = 0; i < seats.size() - 2; i++) {
            Attempt attempt = new Attempt(LAST_TICKETS_SHOW, seats.get(i), CUSTOMERS + 10_000 + i);
            BookingOutcome outcome = bookOne(db, attempt);
            if (!(outcome instanceof Booked)) {
                throw new CheckFailure(attempt + " " + outcome.describe() + " while show " + LAST_TICKETS_SHOW + " had "
                        + seatsLeft(db, LAST_TICKETS_SHOW) + " tickets left and the seat was free.",
                        outcome instanceof Refused
                                ? "Nobody else was booking: this customer came alone, for a free seat of a show with "
                                        + "tickets left, and was refused. The race for the last ticket comes later; "
                                        + "first book_seat must book a free seat (check 2). What in it says no?"
                                : "Nobody else was booking, and this booking of a free seat did not succeed: make "
                                        + "book_seat book a free seat on its own first (check 2), then come back to "
                                        + "the last ticket.");
            }
        }
        long lastBefore = seatsLeft(db, LAST_TICKETS_SHOW);
        Attempt first = new Attempt(LAST_TICKETS_SHOW, seats.get(seats.size() - 2), CUSTOMERS + 20_000);
        Attempt second = new Attempt(LAST_TICKETS_SHOW, seats.get(seats.size() - 1), CUSTOMERS + 20_001);
        Pair pair = interleave(db, first, second, "COMMIT");
        long leftAfter = seatsLeft(db, LAST_TICKETS_SHOW);
        long rowsAfter = db.queryForLong("SELECT count(*) FROM public.bookings WHERE show_id = ?", LAST_TICKETS_SHOW);
        List<String> problems = new ArrayList<>();
        if (leftAfter < 0) {
            problems.add("seats_left is " + leftAfter + ".");
        }
        if (rowsAfter > capacity) {
            problems.add("the show has " + rowsAfter + " bookings for " + capacity + " tickets.");
        }
        if (leftAfter != capacity - rowsAfter) {
            problems.add("seats_left is " + leftAfter + " but capacity - bookings is " + (capacity - rowsAfter) + ".");
        }
        if (pair.count(Booked.class) != 1 && problems.isEmpty()) {
            problems.add(pair.count(Booked.class) + " of the 2 customers got a ticket; one ticket was left.");
        }
        if (!problems.isEmpty()) {
            throw new CheckFailure(String.format(Locale.ROOT, "Show %d (capacity %d) had %d ticket left when two "
                            + "customers booked two different free seats at the same moment, the second while the "
                            + "first one's booking was still open: %s%n%s", LAST_TICKETS_SHOW, capacity, lastBefore,
                            String.join(" ", problems), pair.describe()),
                    pair.count(Booked.class) == 0 ? "The last ticket was free for one of them: when two bookings "
                            + "race for it, one may lose, but one must win once the other has ended." : null);
        }
    }

    /**
     * What two customers' bookings came to, after the application's retries of serialization failures and deadlocks.
     *
     * @param first         the first customer's booking
     * @param second        the second's, who called book_seat while the first one's was open
     * @param secondWaited  whether the second call waited for a lock the first held
     * @param trace         the interleaving as PostgreSQL ran it
     * @param retried       what the application retried afterwards, and how
     */
    private record Pair(BookingOutcome first, BookingOutcome second, boolean secondWaited, Trace trace,
                        List<String> retried) {

        long count(Class<? extends BookingOutcome> kind) {
            return (kind.isInstance(first) ? 1 : 0) + (kind.isInstance(second) ? 1 : 0);
        }

        String describe() {
            return trace.text().lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("")
                    + (retried.isEmpty() ? "" : "\n" + String.join("\n", retried))
                    + "\n  customer 1 " + first.describe() + "; customer 2 " + second.describe() + ".";
        }
    }

    /**
     * Runs two bookings in the interleaving that breaks read-then-write designs: customer 1 begins and calls
     * book_seat; customer 2 begins and calls book_seat while customer 1's transaction is open; customer 1 ends
     * ({@code firstEnds}: COMMIT or ROLLBACK); customer 2 commits. A booking that failed with a serialization failure
     * or a deadlock is then run again, whole, as the application would.
     */
    private Pair interleave(LabDatabase db, Attempt first, Attempt second, String firstEnds) throws Exception {
        if (stuck != null) {
            throw new CheckTimeoutException("Not graded: in an earlier check, " + stuck + ".");
        }
        Trace trace = Interleaving.of(db, "customer1", "customer2")
                .step("customer1", "BEGIN").step("customer1", call(first))
                .step("customer2", "BEGIN").step("customer2", call(second))
                .step("customer1", firstEnds).step("customer2", "COMMIT")
                .run();
        List<String> retried = new ArrayList<>();
        BookingOutcome one = firstEnds.equals("ROLLBACK") ? new Refused("rolled back by the test")
                : outcome(db, trace, 1, 4, first, retried);
        BookingOutcome two = outcome(db, trace, 3, 5, second, retried);
        noteIfStuck(List.of(one, two));
        if (stuck != null) {
            throw new CheckTimeoutException("book_seat did not return: " + stuck + ".\n" + trace.text());
        }
        return new Pair(one, two, trace.step(3).waited(), trace, retried);
    }

    /** One customer's booking from its steps in the trace: its call and its transaction's end. */
    private static BookingOutcome outcome(LabDatabase db, Trace trace, int callStep, int endStep, Attempt attempt,
                                          List<String> retried) throws SQLException {
        StepResult call = trace.step(callStep);
        StepResult end = trace.step(endStep);
        if (call.status() == Interleaving.Status.RAN_AWAY || call.status() == Interleaving.Status.STILL_WAITING
                || call.status() == Interleaving.Status.NOT_RUN) {
            return new Stopped(attempt + " had not returned when the interleaving ended (" + call.status() + ")");
        }
        SQLException error = call.error().or(end::error).orElse(null);
        if (error != null) {
            if (BookingClient.retryable(String.valueOf(error.getSQLState()))) {
                try (Connection c = connection(db)) {
                    BookingOutcome again = BookingClient.book(c, attempt, RETRY_FOR, () -> false);
                    retried.add("  " + attempt + " failed with " + error.getSQLState() + "; run again on its own, it "
                            + again.describe());
                    return again;
                }
            }
            return BookingClient.outcomeOf(attempt, error);
        }
        Object value = call.value().orElse(null);
        if (!(value instanceof Boolean booked)) {
            return new Broken(attempt + " returned " + (value == null ? "NULL, neither true nor false" : value));
        }
        return booked ? new Booked() : new Refused("returned false");
    }

    private static String call(Attempt attempt) {
        return String.format(Locale.ROOT, "SELECT public.book_seat(%d, '%s', %d)", attempt.showId(), attempt.seat(),
                attempt.customerId());
    }

    /** One booking on its own, in a transaction of its own. */
    private BookingOutcome bookOne(LabDatabase db, Attempt attempt) throws Exception {
        if (stuck != null) {
            throw new CheckTimeoutException("Not graded: in an earlier check, " + stuck + ".");
        }
        try (Connection c = connection(db)) {
            BookingOutcome outcome = BookingClient.book(c, attempt, RETRY_FOR, () -> false);
            noteIfStuck(List.of(outcome));
            return outcome;
        }
    }

    /** A connection of the application: opened now, so that it has the role's settings booking.sql chose. */
    private static Connection connection(LabDatabase db) throws SQLException {
        return db.connect();
    }

    /**
     * A booking stopped from outside means book_seat ran into the check's time limit (or its session was ended); the
     * later checks would only wait for the same limit again.
     */
    private void noteIfStuck(List<BookingOutcome> outcomes) {
        outcomes.stream().filter(Stopped.class::isInstance).map(Stopped.class::cast).findFirst().ifPresent(stopped -> {
            if (stuck == null) {
                stuck = "book_seat did not return before the check's time limit (" + stopped.why() + ")";
            }
        });
    }

    private static List<String> freeSeats(LabDatabase db, long show, int count) throws SQLException {
        List<String> seats = db.query("""
                SELECT s.seat FROM public.seats s
                WHERE s.show_id = ? AND NOT EXISTS (SELECT 1 FROM public.bookings b WHERE b.show_id = s.show_id AND b.seat = s.seat)
                ORDER BY s.seat LIMIT ?""", show, count).stream().map(row -> (String) row.get(0)).toList();
        if (seats.size() < count) {
            throw new CheckFailure("Show " + show + " has " + seats.size() + " free seats; the check needs " + count
                    + ". Did booking.sql or an earlier check book seats of it?");
        }
        return seats;
    }

    private static long seatsLeft(LabDatabase db, long show) throws SQLException {
        return db.queryForLong("SELECT seats_left FROM public.shows WHERE id = ?", show);
    }

    private static long bookingsOf(LabDatabase db, long show, String seat) throws SQLException {
        return db.queryForLong("SELECT count(*) FROM public.bookings WHERE show_id = ? AND seat = ?", show, seat);
    }

    private static void assertBookedBy(LabDatabase db, long show, String seat, long customer, String context)
            throws SQLException {
        List<Long> customers = db.query("SELECT customer_id FROM public.bookings WHERE show_id = ? AND seat = ? ORDER BY id",
                show, seat).stream().map(row -> ((Number) row.get(0)).longValue()).toList();
        if (!customers.equals(List.of(customer))) {
            throw new CheckFailure(String.format(Locale.ROOT,
                    "%s bookings holds %s for seat %s of show %d; expected one booking, by customer %d.", context,
                    customers.isEmpty() ? "no row" : "customers " + customers, seat, show, customer));
        }
    }

    private static void assertSeatsLeft(LabDatabase db, long show, long expected, String when) throws SQLException {
        long actual = seatsLeft(db, show);
        if (actual != expected) {
            throw new CheckFailure(String.format(Locale.ROOT,
                    "Show %d's seats_left is %d %s; it should be %d.", show, actual, when, expected),
                    "seats_left is the show's promise to its box office: every booking takes exactly one ticket off "
                            + "it, in the same transaction, and every refusal leaves it alone.");
        }
    }
}
