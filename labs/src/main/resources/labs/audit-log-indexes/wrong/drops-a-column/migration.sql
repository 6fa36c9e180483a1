-- The reference's indexes, and a payload column "nobody reads" dropped to make the table smaller. DROP COLUMN
-- rewrites no row, so no row check sees it; the ip and path of every event are gone all the same.
CREATE INDEX audit_logs_created_at_idx ON audit_logs (created_at) INCLUDE (user_id);
CREATE INDEX audit_logs_user_latest_idx ON audit_logs (user_id, created_at DESC);
CREATE INDEX audit_logs_failed_logins_idx ON audit_logs (created_at) WHERE action = 'login_failed';
ALTER TABLE audit_logs DROP COLUMN payload;
