-- One booking per seat, for every writer, enforced by the database itself: of two racing inserts for a seat, the
-- second waits for the first to commit and then finds the seat taken.
ALTER TABLE bookings ADD CONSTRAINT bookings_one_per_seat UNIQUE (show_id, seat);

-- A show can never have sold more tickets than it has, whatever code writes the counter.
ALTER TABLE shows ADD CONSTRAINT shows_seats_left_not_negative CHECK (seats_left >= 0);

CREATE FUNCTION book_seat(show_id bigint, seat text, customer_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    -- Claim the seat first: a taken seat costs nothing more, and customers of the same show only queue on the
    -- show's counter once they have a seat.
    INSERT INTO bookings (show_id, seat, customer_id)
    VALUES (book_seat.show_id, book_seat.seat, book_seat.customer_id)
    ON CONFLICT ON CONSTRAINT bookings_one_per_seat DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;  -- taken
    END IF;

    -- Decide and decrement in one statement: a concurrent booking of the same show waits for this row, then
    -- re-checks seats_left against the value its holder committed, so the last ticket goes to exactly one booking.
    UPDATE shows SET seats_left = seats_left - 1
    WHERE id = book_seat.show_id AND seats_left > 0;
    IF NOT FOUND THEN
        DELETE FROM bookings b WHERE b.show_id = book_seat.show_id AND b.seat = book_seat.seat;
        RETURN false;  -- sold out: give the seat back
    END IF;
    RETURN true;
END;
$$;
