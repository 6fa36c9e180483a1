-- Broken: book_seat fails at run time with an error the contract does not allow (division_by_zero, not a refusal).
CREATE FUNCTION book_seat(show_id bigint, seat text, customer_id bigint) RETURNS boolean
LANGUAGE sql AS $$
    SELECT 1 / (show_id - show_id) > 0;
$$;
