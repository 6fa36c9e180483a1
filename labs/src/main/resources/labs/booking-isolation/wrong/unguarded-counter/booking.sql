-- The seat is safe (a unique constraint), but the counter is read in one statement and written in another. Under
-- READ COMMITTED each booking sees the tickets left as of its own read: when the last few go on sale at once, every
-- racing booking sees one left, and every one of them takes it.
ALTER TABLE bookings ADD CONSTRAINT bookings_one_per_seat UNIQUE (show_id, seat);

CREATE FUNCTION book_seat(show_id bigint, seat text, customer_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    left_now integer;
BEGIN
    SELECT s.seats_left INTO left_now FROM shows s WHERE s.id = book_seat.show_id;
    IF left_now IS NULL OR left_now < 1 THEN
        RETURN false;
    END IF;
    INSERT INTO bookings (show_id, seat, customer_id)
    VALUES (book_seat.show_id, book_seat.seat, book_seat.customer_id)
    ON CONFLICT ON CONSTRAINT bookings_one_per_seat DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE shows SET seats_left = seats_left - 1 WHERE id = book_seat.show_id;
    RETURN true;
END;
$$;
