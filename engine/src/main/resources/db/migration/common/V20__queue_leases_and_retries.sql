-- The grading queue under faults (issue 15): each claim of a submission gets a new lease_token (a fencing token),
-- and heartbeats and the final report are accepted only with the current one, so a worker that lost its lease
-- cannot write over the next one's work; a grading that failed on our side waits until not_before before it is
-- tried again; one given up after its last try is marked gave_up, for admins. Portable across H2 and PostgreSQL.

ALTER TABLE submissions ADD COLUMN lease_token BIGINT NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN not_before TIMESTAMP WITH TIME ZONE;
ALTER TABLE submissions ADD COLUMN gave_up BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX submissions_gave_up_idx ON submissions (gave_up, finished_at);
