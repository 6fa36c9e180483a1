-- Hostile: a book_seat that never returns, and a session setting that would stop nothing.
CREATE FUNCTION book_seat(show_id bigint, seat text, customer_id bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    SET LOCAL statement_timeout = 0;
    LOOP
        PERFORM pg_sleep(1);
    END LOOP;
END;
$$;
