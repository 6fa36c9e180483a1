CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL);
INSERT INTO notes SELECT g, 'note ' || g FROM generate_series(1, 20000) g;
