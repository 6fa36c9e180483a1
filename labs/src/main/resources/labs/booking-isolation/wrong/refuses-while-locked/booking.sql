-- Locks the seat's row so that two bookings of it cannot overlap, but with NOWAIT: a customer who finds the seat
-- locked by another booking in progress is refused at once, even if that other booking then rolls back.
CREATE FUNCTION book_seat(show_id bigint, seat text, customer_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        PERFORM 1 FROM seats s WHERE s.show_id = book_seat.show_id AND s.seat = book_seat.seat FOR UPDATE NOWAIT;
    EXCEPTION WHEN lock_not_available THEN
        RETURN false;  -- someone else is booking it
    END;
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
