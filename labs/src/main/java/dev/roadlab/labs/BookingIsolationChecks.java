package dev.roadlab.labs;

import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.CheckTimeoutException;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.postgres.LabDatabase;
import dev.roadlab.labs.BookingClient.Attempt;
import dev.roadlab.labs.BookingOutcome.Booked;
import dev.roadlab.labs.BookingOutcome.Broken;
import dev.roadlab.labs.BookingOutcome.Refused;
import dev.roadlab.labs.BookingOutcome.Stopped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks of the booking-isolation lab: book_seat must book a free seat, refuse a taken one, stay correct when many
 * customers book at once, and not make customers of different shows wait for each other.
 */
@LabChecks
public class BookingIsolationChecks {

    private static final Logger LOG = LoggerFactory.getLogger(BookingIsolationChecks.class);

    static final String BOOKING = "booking.sql";

    /** How long each booking's transaction stays open after book_seat returns: the rest of the request. */
    static final Duration HOLD = Duration.ofMillis(100);
    /** How long the application retries a booking that fails with a serialization failure or a deadlock. */
    static final Duration RETRY_FOR = Duration.ofSeconds(15);
    /** Concurrent connections: one per racing customer. lab.yaml's postgres.connections leaves room for them. */
    static final int CONNECTIONS = 50;
    static final int RACERS = 50;
    static final int DISTINCT_SEATS = 200;
    /**
     * 200 bookings through 50 connections, each holding its transaction for 100 ms: 4 rounds, well under a second
     * when bookings of different shows do not wait for each other; 200 x 100 ms = 20 s when every booking waits for
     * the one before it.
     */
    static final Duration DISTINCT_SEATS_BUDGET = Duration.ofSeconds(4);
    /**
     * The other concurrent checks end only by the grader's own time limit, so a stuck book_seat is a timeout; this is
     * just a bound past any limit a lab may set.
     */
    static final Duration UNTIL_THE_CHECK_LIMIT = Duration.ofMinutes(10);

    static final long FREE_SEAT_SHOW = 1;
    static final long TAKEN_SEAT_SHOW = 2;
    static final long RACE_SHOW = 4;
    static final long LAST_TICKETS_SHOW = 7;
    static final long FIRST_DISTINCT_SHOW = 11;
    /** The checks' customers: none of them appears in the seed. */
    static final long CUSTOMERS = 900_000;

    /** The seeded rows, by the columns the lab defines (added columns and constraints leave it unchanged). */
    static final String SEEDED_ROWS = """
            SELECT (SELECT count(*) || ':' || coalesce(sum(hashtext(id || '/' || capacity || '/' || seats_left)), 0)
                    FROM shows)
                || ' ' || (SELECT count(*) || ':' || coalesce(sum(hashtext(show_id || '/' || seat)), 0) FROM seats)
                || ' ' || (SELECT count(*) || ':' || coalesce(sum(hashtext(show_id || '/' || seat || '/' || customer_id)), 0)
                           FROM bookings)""";

    private String seededRows;
    private final List<Connection> connections = new ArrayList<>();
    /** Why book_seat cannot be graded any further (it did not return in an earlier check), or null. */
    private String stuck;

    @BeforeAll
    void remember_the_seeded_rows(LabDatabase db) throws SQLException {
        seededRows = db.queryForString(SEEDED_ROWS);
    }

    @AfterAll
    void close_the_connections() {
        closeConnections();
    }

    @Check(order = 1, points = 1, title = "booking.sql applies cleanly, defines book_seat and changes no row",
            hint = "The grader runs your file statement by statement, like psql with ON_ERROR_STOP. It must define "
                    + "book_seat(bigint, text, bigint) RETURNS boolean exactly, and leave the seeded shows, seats and "
                    + "bookings as they are: a migration that adds behaviour does not rewrite the data.")
    void booking_sql_applies(LabDatabase db) throws SQLException {
        db.apply(BOOKING);
        String result = db.queryForString("SELECT pg_get_function_result(to_regprocedure('book_seat(bigint,text,bigint)'))");
        if (result == null) {
            throw new AssertionError("booking.sql defines no function book_seat(bigint, text, bigint).");
        }
        if (!result.equals("boolean")) {
            throw new AssertionError("book_seat(bigint, text, bigint) returns " + result + "; the contract says boolean.");
        }
        if (!seededRows.equals(db.queryForString(SEEDED_ROWS))) {
            throw new AssertionError("booking.sql changed the seeded shows, seats or bookings (their ids, capacity, "
                    + "seats_left, seats or customers).");
        }
    }

    @Check(order = 2, points = 2, title = "book_seat books a free seat and takes a ticket off the show's counter",
            hint = "The contract: return true once the seat is booked for that customer, which means one row in "
                    + "bookings and seats_left one lower, both in the caller's transaction. Call your function by hand "
                    + "in psql and look at both tables.")
    void books_a_free_seat(LabDatabase db) throws Exception {
        db.apply(BOOKING);
        String seat = freeSeats(db, FREE_SEAT_SHOW, 1).get(0);
        long left = seatsLeft(db, FREE_SEAT_SHOW);
        Attempt attempt = new Attempt(FREE_SEAT_SHOW, seat, CUSTOMERS + 1);
        BookingOutcome outcome = bookOne(db, attempt);
        if (!(outcome instanceof Booked)) {
            throw new AssertionError(attempt + " " + outcome.describe() + "; seat " + seat + " of show "
                    + FREE_SEAT_SHOW + " was free and " + left + " tickets were left.");
        }
        assertBookedBy(db, FREE_SEAT_SHOW, seat, CUSTOMERS + 1, attempt + " returned true, but");
        assertSeatsLeft(db, FREE_SEAT_SHOW, left - 1, "after one booking");
    }

    @Check(order = 3, points = 2, title = "book_seat refuses a seat that is taken",
            hint = "A second booking of a seat must not succeed, whether the first came from the seed or from "
                    + "book_seat a moment ago. The README's contract says how a refusal may look: false, or one of "
                    + "the errors it lists.")
    void refuses_a_taken_seat(LabDatabase db) throws Exception {
        db.apply(BOOKING);
        List<Object> seeded = db.query("SELECT seat, customer_id FROM bookings WHERE show_id = ? ORDER BY seat LIMIT 1",
                TAKEN_SEAT_SHOW).get(0);
        String takenSeat = (String) seeded.get(0);
        long owner = ((Number) seeded.get(1)).longValue();
        long left = seatsLeft(db, TAKEN_SEAT_SHOW);

        Attempt onSeeded = new Attempt(TAKEN_SEAT_SHOW, takenSeat, CUSTOMERS + 2);
        BookingOutcome first = bookOne(db, onSeeded);
        if (!(first instanceof Refused)) {
            throw new AssertionError(onSeeded + " " + first.describe() + ", but seat " + takenSeat
                    + " was already booked by customer " + owner + ".");
        }
        assertBookedBy(db, TAKEN_SEAT_SHOW, takenSeat, owner, "after the refusal,");

        String seat = freeSeats(db, TAKEN_SEAT_SHOW, 1).get(0);
        Attempt booking = new Attempt(TAKEN_SEAT_SHOW, seat, CUSTOMERS + 3);
        BookingOutcome second = bookOne(db, booking);
        if (!(second instanceof Booked)) {
            throw new AssertionError(booking + " " + second.describe() + ", so there was no fresh booking to "
                    + "refuse; seat " + seat + " was free.");
        }
        Attempt again = new Attempt(TAKEN_SEAT_SHOW, seat, CUSTOMERS + 4);
        BookingOutcome third = bookOne(db, again);
        if (!(third instanceof Refused)) {
            throw new AssertionError(again + " " + third.describe() + ", right after " + booking
                    + " had booked that seat.");
        }
        assertBookedBy(db, TAKEN_SEAT_SHOW, seat, CUSTOMERS + 3, "after the refusal,");
        assertSeatsLeft(db, TAKEN_SEAT_SHOW, left - 1, "after one booking and two refusals");
    }

    @Check(order = 4, points = 3, title = "50 customers racing for one seat make exactly one booking",
            hint = "Each of the 50 transactions looked at the seat before any of them committed, so a check that "
                    + "reads 'free' and then inserts is out of date by the time it acts. What could make the second "
                    + "booking of a seat wait for the first, or collide with it? Think of a row that exists before "
                    + "anyone books, or of a rule the database enforces on every insert.")
    void one_seat_fifty_customers_one_booking(LabDatabase db) throws Exception {
        db.apply(BOOKING);
        String seat = freeSeats(db, RACE_SHOW, 1).get(0);
        long left = seatsLeft(db, RACE_SHOW);
        List<Attempt> attempts = IntStream.range(0, RACERS)
                .mapToObj(i -> new Attempt(RACE_SHOW, seat, CUSTOMERS + 100 + i)).toList();
        ConcurrentBookings.Result result = runConcurrently(db, attempts);
        long booked = result.count(Booked.class);
        long rows = db.queryForLong("SELECT count(*) FROM bookings WHERE show_id = ? AND seat = ?", RACE_SHOW, seat);
        List<String> problems = new ArrayList<>();
        if (booked != 1) {
            problems.add(booked + " of the " + RACERS + " calls returned true; exactly one may.");
        }
        if (rows != 1) {
            problems.add("bookings holds " + rows + " rows for seat " + seat + " of show " + RACE_SHOW + ".");
        }
        problems.addAll(result.describe(attempts, Broken.class, 5));
        if (problems.isEmpty()) {
            assertSeatsLeft(db, RACE_SHOW, left - 1, "after one booking");
            return;
        }
        throw new AssertionError(String.format(Locale.ROOT,
                "%d customers called book_seat for seat %s of show %d at the same moment, each in its own "
                        + "transaction (%d ms long after the call): %d booked, %d refused, %d failed.%n%s",
                RACERS, seat, RACE_SHOW, HOLD.toMillis(), booked, result.count(Refused.class),
                result.count(Broken.class), String.join("\n", problems)));
    }

    @Check(order = 5, points = 2,
            title = "200 customers booking 200 different seats at once all finish within 4 s",
            hint = "Every booking is right, but they run one after another: each waited for the one before it, "
                    + "even for seats of other shows. Which rows do two bookings really have to agree on? Lock "
                    + "those, not everything.")
    void two_hundred_seats_book_in_parallel(LabDatabase db) throws Exception {
        db.apply(BOOKING);
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < DISTINCT_SEATS; i++) {
            // Customers arrive in no particular order of shows: a stride through the 200 shows (77 is coprime to
            // 200, so each comes once) keeps the bookings that run side by side far apart, as real traffic would.
            long show = FIRST_DISTINCT_SHOW + (i * 77L) % DISTINCT_SEATS;
            attempts.add(new Attempt(show, freeSeats(db, show, 1).get(0), CUSTOMERS + 1_000 + i));
        }
        ConcurrentBookings.Result result = runWithin(db, attempts, DISTINCT_SEATS_BUDGET);
        long booked = result.count(Booked.class);
        LOG.debug("booking-isolation: {} distinct-seat bookings in {} ms, {} booked", DISTINCT_SEATS,
                result.elapsed().toMillis(), booked);
        if (booked == DISTINCT_SEATS && result.finishedInTime()) {
            return;
        }
        List<String> problems = new ArrayList<>();
        problems.addAll(result.describe(attempts, Refused.class, 3));
        problems.addAll(result.describe(attempts, Broken.class, 3));
        throw new AssertionError(String.format(Locale.ROOT,
                "%d customers booked %d different free seats, one in each of shows %d-%d, %d at a time, each "
                        + "transaction staying open %d ms after book_seat returned. After %.1f s: %d booked, "
                        + "%d refused, %d failed, %d not finished (the budget is %d s; one after another they would "
                        + "take %d s).%s",
                DISTINCT_SEATS, DISTINCT_SEATS, FIRST_DISTINCT_SHOW, FIRST_DISTINCT_SHOW + DISTINCT_SEATS - 1,
                CONNECTIONS, HOLD.toMillis(), result.elapsed().toMillis() / 1000.0, booked,
                result.count(Refused.class), result.count(Broken.class), result.count(Stopped.class),
                DISTINCT_SEATS_BUDGET.toSeconds(), DISTINCT_SEATS * HOLD.toMillis() / 1000,
                problems.isEmpty() ? "" : "\n" + String.join("\n", problems)));
    }

    @Check(order = 6, points = 2,
            title = "The last 20 tickets of a show sell exactly once to 50 customers: seats_left never goes below zero",
            hint = "Several bookings saw tickets left and each took one, because each read the counter before the "
                    + "others had written it. How can deciding and decrementing be one step that sees the latest "
                    + "value? And which rule about seats_left could the database itself refuse to break?")
    void capacity_never_goes_negative(LabDatabase db) throws Exception {
        db.apply(BOOKING);
        long capacity = db.queryForLong("SELECT capacity FROM shows WHERE id = ?", LAST_TICKETS_SHOW);
        long left = seatsLeft(db, LAST_TICKETS_SHOW);
        long bookedBefore = bookings(db, LAST_TICKETS_SHOW);
        List<String> seats = freeSeats(db, LAST_TICKETS_SHOW, RACERS);
        List<Attempt> attempts = IntStream.range(0, seats.size())
                .mapToObj(i -> new Attempt(LAST_TICKETS_SHOW, seats.get(i), CUSTOMERS + 10_000 + i)).toList();
        ConcurrentBookings.Result result = runConcurrently(db, attempts);
        long booked = result.count(Booked.class);
        long leftAfter = seatsLeft(db, LAST_TICKETS_SHOW);
        long rowsAfter = bookings(db, LAST_TICKETS_SHOW);
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
        if (booked != rowsAfter - bookedBefore) {
            problems.add(booked + " calls returned true but " + (rowsAfter - bookedBefore) + " bookings were added.");
        }
        if (booked != Math.min(left, seats.size()) && problems.isEmpty()) {
            problems.add(booked + " tickets sold; " + left + " were left, and every customer wanted one.");
        }
        problems.addAll(result.describe(attempts, Broken.class, 5));
        if (!problems.isEmpty()) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "Show %d had %d of its %d tickets left when %d customers each booked a different free seat at "
                            + "the same moment: %d booked, %d refused, %d failed.%n%s",
                    LAST_TICKETS_SHOW, left, capacity, seats.size(), booked, result.count(Refused.class),
                    result.count(Broken.class), String.join("\n", problems)));
        }
    }

    /** One booking on its own, with no time held after the call. */
    private BookingOutcome bookOne(LabDatabase db, Attempt attempt) throws Exception {
        Connection connection = connections(db).get(0);
        BookingOutcome outcome = BookingClient.book(connection, attempt, Duration.ZERO, RETRY_FOR, () -> false);
        noteIfStuck(List.of(outcome));
        return outcome;
    }

    private ConcurrentBookings.Result runConcurrently(LabDatabase db, List<Attempt> attempts) throws Exception {
        ConcurrentBookings.Result result = ConcurrentBookings.run(connections(db), attempts, HOLD, RETRY_FOR,
                UNTIL_THE_CHECK_LIMIT);
        noteIfStuck(result.outcomes());
        return result;
    }

    /** Bookings cut off at {@code budget}: those it stops are the check's finding, not a stuck book_seat. */
    private ConcurrentBookings.Result runWithin(LabDatabase db, List<Attempt> attempts, Duration budget)
            throws Exception {
        return ConcurrentBookings.run(connections(db), attempts, HOLD, RETRY_FOR, budget);
    }

    /**
     * A booking stopped from outside means book_seat ran into the check's time limit (or its session was ended);
     * the later checks would only wait for the same limit again.
     */
    private void noteIfStuck(List<BookingOutcome> outcomes) {
        outcomes.stream().filter(Stopped.class::isInstance).map(Stopped.class::cast).findFirst().ifPresent(stopped -> {
            if (stuck == null) {
                stuck = "book_seat did not return before the check's time limit (PostgreSQL: " + stopped.why() + ")";
            }
        });
    }

    /** The run's connections for bookings, opened once booking.sql has run so that they see its role settings. */
    private List<Connection> connections(LabDatabase db) throws Exception {
        if (stuck != null) {
            throw new CheckTimeoutException("Not graded: in an earlier check, " + stuck + ".");
        }
        List<Integer> dead = new ArrayList<>();
        for (int i = 0; i < connections.size(); i++) {
            if (!connections.get(i).isValid(5)) {
                dead.add(i);
            }
        }
        if (connections.size() < CONNECTIONS || !dead.isEmpty()) {
            closeConnections();
            connections.addAll(open(db, CONNECTIONS));
        }
        return connections;
    }

    /** Opens connections side by side: one after another they take a noticeable while on a busy server. */
    private static List<Connection> open(LabDatabase db, int count) throws Exception {
        try (ExecutorService opener = Executors.newFixedThreadPool(10, Thread.ofPlatform().daemon().factory())) {
            List<Future<Connection>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(opener.submit(db::connect));
            }
            List<Connection> opened = new ArrayList<>();
            Exception failure = null;
            for (Future<Connection> future : futures) {
                try {
                    opened.add(future.get());
                } catch (ExecutionException e) {
                    failure = e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            if (failure != null) {
                opened.forEach(BookingIsolationChecks::closeQuietly);
                throw failure;
            }
            return opened;
        }
    }

    private void closeConnections() {
        connections.forEach(BookingIsolationChecks::closeQuietly);
        connections.clear();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a broken connection: nothing to keep
        }
    }

    private static List<String> freeSeats(LabDatabase db, long show, int count) throws SQLException {
        List<String> seats = db.query("""
                SELECT s.seat FROM seats s
                WHERE s.show_id = ? AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.show_id = s.show_id AND b.seat = s.seat)
                ORDER BY s.seat LIMIT ?""", show, count).stream().map(row -> (String) row.get(0)).toList();
        if (seats.size() < count) {
            throw new AssertionError("Show " + show + " has " + seats.size() + " free seats; the check needs " + count
                    + ". Did booking.sql or an earlier check book seats of it?");
        }
        return seats;
    }

    private static long seatsLeft(LabDatabase db, long show) throws SQLException {
        return db.queryForLong("SELECT seats_left FROM shows WHERE id = ?", show);
    }

    private static long bookings(LabDatabase db, long show) throws SQLException {
        return db.queryForLong("SELECT count(*) FROM bookings WHERE show_id = ?", show);
    }

    private static void assertBookedBy(LabDatabase db, long show, String seat, long customer, String context)
            throws SQLException {
        List<Long> customers = db.query("SELECT customer_id FROM bookings WHERE show_id = ? AND seat = ? ORDER BY id",
                show, seat).stream().map(row -> ((Number) row.get(0)).longValue()).toList();
        if (!customers.equals(List.of(customer))) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s bookings holds %s for seat %s of show %d; expected one booking, by customer %d.", context,
                    customers.isEmpty() ? "no row" : "customers " + customers, seat, show, customer));
        }
    }

    private static void assertSeatsLeft(LabDatabase db, long show, long expected, String when) throws SQLException {
        long actual = seatsLeft(db, show);
        if (actual != expected) {
            throw new AssertionError(String.format(Locale.ROOT,
                    "Show %d's seats_left is %d %s; it was %d before, so it should be %d.", show, actual, when,
                    expected + 1, expected));
        }
    }
}
