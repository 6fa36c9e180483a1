-- "Check that the seat is free, then book it": right for one customer at a time. When customers race, every
-- transaction looks before any has committed, all see the seat free, and all insert.
CREATE FUNCTION book_seat(show_id bigint, seat text, customer_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
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
