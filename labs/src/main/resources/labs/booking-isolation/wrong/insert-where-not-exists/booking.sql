-- One statement decides and inserts: looks atomic, but under READ COMMITTED its snapshot is taken when the statement
-- starts, so a booking another customer has not committed yet is invisible to it, and both customers insert.
CREATE FUNCTION book_seat(show_id bigint, seat text, customer_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO bookings (show_id, seat, customer_id)
    SELECT book_seat.show_id, book_seat.seat, book_seat.customer_id
    WHERE NOT EXISTS (SELECT 1 FROM bookings b WHERE b.show_id = book_seat.show_id AND b.seat = book_seat.seat);
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE shows SET seats_left = seats_left - 1
    WHERE id = book_seat.show_id AND seats_left > 0;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'show % is sold out', book_seat.show_id;
    END IF;
    RETURN true;
END;
$$;
