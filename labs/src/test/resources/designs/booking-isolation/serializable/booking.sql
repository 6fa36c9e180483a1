-- Optimistic: the plain check-then-act function, run at SERIALIZABLE. PostgreSQL watches what each booking read
-- and wrote and aborts one of any two that could not have run one after the other (SQLSTATE 40001); the
-- application runs the aborted one again, and this time it sees the other's booking.
ALTER ROLE CURRENT_USER SET default_transaction_isolation = 'serializable';

CREATE FUNCTION book_seat(show_id bigint, seat text, customer_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM bookings b WHERE b.show_id = book_seat.show_id AND b.seat = book_seat.seat) THEN
        RETURN false;
    END IF;
    IF (SELECT s.seats_left FROM shows s WHERE s.id = book_seat.show_id) < 1 THEN
        RETURN false;
    END IF;
    INSERT INTO bookings (show_id, seat, customer_id)
    VALUES (book_seat.show_id, book_seat.seat, book_seat.customer_id);
    UPDATE shows SET seats_left = seats_left - 1 WHERE id = book_seat.show_id;
    RETURN true;
END;
$$;
