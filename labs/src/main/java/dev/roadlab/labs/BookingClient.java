package dev.roadlab.labs;

import dev.roadlab.grader.postgres.NoticeCap;
import dev.roadlab.grader.postgres.PostgresErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Calls book_seat the way the lab's application does, as its README promises the learner: every booking is a
 * transaction of its own, at the connection's default isolation level. A serialization failure or a deadlock is
 * retried, whole, after a short random pause, for as long as the retry window lasts.
 */
final class BookingClient {

    /** The booking a customer asks for. */
    record Attempt(long showId, String seat, long customerId) {

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "book_seat(%d, '%s', %d)", showId, seat, customerId);
        }
    }

    private static final String CALL = "SELECT book_seat(?::bigint, ?::text, ?::bigint)";

    private BookingClient() {
    }

    /**
     * One booking, start to commit. Never throws for what the database answers: every answer is an outcome.
     *
     * @param connection used by this call only, for as long as it runs
     * @param retryFor   how long serialization failures and deadlocks are retried
     * @param stop       tells the call to stop retrying (the caller's time is up)
     */
    static BookingOutcome book(Connection connection, Attempt attempt, Duration retryFor,
                               BooleanSupplier stop) {
        long giveUpAt = System.nanoTime() + retryFor.toNanos();
        int retries = 0;
        while (true) {
            try {
                connection.setAutoCommit(false);
                Boolean booked = call(connection, attempt);
                if (booked == null) {
                    connection.rollback();
                    return new BookingOutcome.Broken(attempt + " returned NULL, neither true nor false");
                }
                connection.commit();
                return booked ? new BookingOutcome.Booked() : new BookingOutcome.Refused("returned false");
            } catch (SQLException e) {
                rollbackQuietly(connection);
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (retryable(state) && !PostgresErrors.isCanceled(e)) {
                    if (System.nanoTime() < giveUpAt && !stop.getAsBoolean()) {
                        retries++;
                        pause();
                        continue;
                    }
                    return new BookingOutcome.Broken(String.format(Locale.ROOT,
                            "%s still failed with %s after %d retries in %d s: %s", attempt, state, retries,
                            retryFor.toSeconds(), firstLine(e)));
                }
                return outcomeOf(attempt, e);
            }
        }
    }

    /**
     * Calls book_seat in a transaction that is rolled back afterwards, whatever it answered: to see whether it books,
     * changing nothing.
     */
    static BookingOutcome tryAndRollBack(Connection connection, Attempt attempt) {
        try {
            connection.setAutoCommit(false);
            Boolean booked = call(connection, attempt);
            connection.rollback();
            if (booked == null) {
                return new BookingOutcome.Broken(attempt + " returned NULL, neither true nor false");
            }
            return booked ? new BookingOutcome.Booked() : new BookingOutcome.Refused("returned false");
        } catch (SQLException e) {
            rollbackQuietly(connection);
            return outcomeOf(attempt, e);
        }
    }

    /** What an error book_seat raised means under the contract. */
    static BookingOutcome outcomeOf(Attempt attempt, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (PostgresErrors.isCanceled(e) || PostgresErrors.isConnectionLoss(e)) {
            return new BookingOutcome.Stopped(firstLine(e));
        }
        if (refusal(state)) {
            return new BookingOutcome.Refused(state + " " + firstLine(e));
        }
        return new BookingOutcome.Broken(attempt + " raised " + state + ": " + firstLine(e));
    }

    private static Boolean call(Connection connection, Attempt attempt) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(CALL); NoticeCap cap = NoticeCap.on(ps)) {
            try {
                return call(ps, attempt);
            } catch (SQLException e) {
                throw cap.exceeded().map(why -> new SQLException(why, NoticeCap.SQLSTATE, e)).orElse(e);
            }
        }
    }

    private static Boolean call(PreparedStatement ps, Attempt attempt) throws SQLException {
        ps.setLong(1, attempt.showId());
        ps.setString(2, attempt.seat());
        ps.setLong(3, attempt.customerId());
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            String type = rs.getMetaData().getColumnTypeName(1);
            if (!"bool".equals(type)) {
                throw new SQLException("book_seat returns " + type + ", not boolean", "42804");
            }
            boolean value = rs.getBoolean(1);
            return rs.wasNull() ? null : value;
        }
    }

    /** 40001 serialization_failure and 40P01 deadlock_detected: the transaction may succeed when run again. */
    static boolean retryable(String state) {
        return state.equals("40001") || state.equals("40P01");
    }

    /**
     * The errors the contract counts as a refusal: an integrity constraint's (class 23: unique_violation,
     * check_violation, ...) or the function's own RAISE EXCEPTION (P0001).
     */
    static boolean refusal(String state) {
        return state.startsWith("23") || state.equals("P0001");
    }

    /** Up to 20 ms, so that transactions that collided do not collide again in step. */
    private static void pause() {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 21));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            if (!connection.isClosed() && !connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            // the connection is gone; the next use reports it
        }
    }

    static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
