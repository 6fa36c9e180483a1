-- Weekly activity filters on a time range and reads only user_id: an index on created_at that also carries
-- user_id lets PostgreSQL answer from the index alone (an index-only scan), without visiting the table.
CREATE INDEX audit_logs_created_at_idx ON audit_logs (created_at) INCLUDE (user_id);

-- A user's latest events: equality on user_id first, then the order the query asks for, so the index hands rows
-- over already sorted and the scan stops after 50, however long the user's history.
CREATE INDEX audit_logs_user_latest_idx ON audit_logs (user_id, created_at DESC);

-- Failed logins are 2% of events, and the dashboard asks about no others: a partial index holds only those rows,
-- costs a write only when a login fails, and stays small when an attack floods the log with them. (The created_at
-- index above would serve this query too, by reading every event of the last day and filtering.)
CREATE INDEX audit_logs_failed_logins_idx ON audit_logs (created_at) WHERE action = 'login_failed';
