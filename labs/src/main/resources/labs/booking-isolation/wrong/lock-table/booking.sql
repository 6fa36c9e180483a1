-- "Lock the table and nothing can go wrong": nothing does, but every booking in the theatre now waits for the one
-- before it to commit, whatever the show and the seat.
CREATE FUNCTION book_seat(show_id bigint, seat text, customer_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    LOCK TABLE bookings IN SHARE ROW EXCLUSIVE MODE;
    IF EXISTS (SELECT 1 FROM bookings b WHERE b.show_id = book_seat.show_id AND b.seat = book_seat.seat) THEN
        RETURN false;
    END IF;
    UPDATE shows SET seats_left = seats_left - 1
    WHERE id = book_seat.show_id AND seats_left > 0;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO bookings (show_id, seat, customer_id)
    VALUES (book_seat.show_id, book_seat.seat, book_seat.customer_id);
    RETURN true;
END;
$$;
