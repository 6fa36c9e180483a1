-- Let the constraints refuse: a second booking of a seat fails with unique_violation (23505), a booking past the
-- last ticket with check_violation (23514), and either error rolls the whole booking back.
ALTER TABLE bookings ADD UNIQUE (show_id, seat);
ALTER TABLE shows ADD CHECK (seats_left >= 0);

CREATE FUNCTION book_seat(show_id bigint, seat text, customer_id bigint) RETURNS boolean
LANGUAGE sql AS $$
    INSERT INTO bookings (show_id, seat, customer_id) VALUES (book_seat.show_id, book_seat.seat, book_seat.customer_id);
    UPDATE shows SET seats_left = seats_left - 1 WHERE id = book_seat.show_id;
    SELECT true;
$$;
