-- Pessimistic locking, no new constraint: every booking of a seat locks that seat's row, which exists before anyone
-- books it, so racing bookings of one seat queue behind each other; the show's row is locked before its counter is
-- read. Locks are taken in one order (seat, then show), so two bookings never wait for each other in a circle.
CREATE FUNCTION book_seat(show_id bigint, seat text, customer_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    left_now integer;
BEGIN
    PERFORM 1 FROM seats s WHERE s.show_id = book_seat.show_id AND s.seat = book_seat.seat FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;  -- no such seat
    END IF;
    -- A new statement, so under READ COMMITTED it sees whatever the booking we may have waited for committed.
    IF EXISTS (SELECT 1 FROM bookings b WHERE b.show_id = book_seat.show_id AND b.seat = book_seat.seat) THEN
        RETURN false;
    END IF;
    SELECT s.seats_left INTO left_now FROM shows s WHERE s.id = book_seat.show_id FOR UPDATE;
    IF left_now < 1 THEN
        RETURN false;
    END IF;
    INSERT INTO bookings (show_id, seat, customer_id)
    VALUES (book_seat.show_id, book_seat.seat, book_seat.customer_id);
    UPDATE shows SET seats_left = left_now - 1 WHERE id = book_seat.show_id;
    RETURN true;
END;
$$;
