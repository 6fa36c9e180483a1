-- A theatre's season: 240 shows in one 200-seat hall (rows A-J, seats 1-20), two a day for 120 days, generated
-- deterministically so every sandbox holds the same rows. Odd-numbered shows are matinees with the balcony closed:
-- 120 tickets on sale for the 200 seats; evening shows sell all 200. Each show has sold between 40 and 118 tickets;
-- show 7, a matinee, has exactly 20 tickets left and 100 free seats. The counter's promise, kept by the seed and to
-- be kept by book_seat: seats_left = capacity - (the show's bookings).
CREATE TABLE shows (
    id         bigint      PRIMARY KEY,
    title      text        NOT NULL,
    synopsis   text        NOT NULL,
    starts_at  timestamptz NOT NULL,
    capacity   integer     NOT NULL CHECK (capacity >= 0),
    seats_left integer     NOT NULL
);

CREATE TABLE seats (
    show_id bigint NOT NULL REFERENCES shows,
    seat    text   NOT NULL,
    PRIMARY KEY (show_id, seat)
);

CREATE TABLE bookings (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    show_id     bigint      NOT NULL,
    seat        text        NOT NULL,
    customer_id bigint      NOT NULL,
    booked_at   timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (show_id, seat) REFERENCES seats
);

-- The seat map reads a show's bookings: an index for lookups, not a promise of anything.
CREATE INDEX bookings_show_seat_idx ON bookings (show_id, seat);

INSERT INTO shows (id, title, synopsis, starts_at, capacity, seats_left)
SELECT s,
       (ARRAY['Hamlet', 'The Seagull', 'Waiting for Godot', 'A Doll''s House', 'Antigone', 'The Cherry Orchard',
              'Twelfth Night', 'Medea'])[1 + s % 8],
       -- the show page's text: about 800 characters, as a real synopsis would be
       'Performance ' || s || ' of the season. ' || repeat('A company of twelve brings the play to the main hall, '
           || 'with live music, a revolving stage and an interval of twenty minutes. ', 6),
       timestamptz '2026-09-01 00:00:00+00' + (14 + (s + 1) / 2) * interval '1 day'
           + CASE WHEN s % 2 = 1 THEN interval '14 hours' ELSE interval '19 hours 30 minutes' END,
       CASE WHEN s % 2 = 1 THEN 120 ELSE 200 END,
       0
FROM generate_series(1, 240) AS s;

INSERT INTO seats (show_id, seat)
SELECT s.id, chr(ascii('A') + p / 20) || (1 + p % 20)
FROM shows s, generate_series(0, 199) AS p;

-- A show with sold percentage k has exactly 2k of its 200 seats booked, scattered over the hall: p * 29 runs
-- through every residue modulo 100 once per 100 seats.
INSERT INTO bookings (show_id, seat, customer_id, booked_at)
SELECT s.id, chr(ascii('A') + p / 20) || (1 + p % 20), 100000 + (s.id * 7919 + p * 104729) % 50000,
       timestamptz '2026-08-15 09:00:00+00' - ((s.id * 31 + p * 17) % 20000) * interval '1 minute'
FROM shows s, generate_series(0, 199) AS p
WHERE (s.id * 7919 + p * 104729) % 100 < CASE WHEN s.id = 7 THEN 50 ELSE 20 + (s.id * 37) % 40 END;

UPDATE shows s SET seats_left = s.capacity - (SELECT count(*) FROM bookings b WHERE b.show_id = s.id);
