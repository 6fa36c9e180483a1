-- One index to serve every query: by user, newest first, carrying the action. The latest-50 query is perfect. The
-- weekly and failed-logins queries use it too, with no sequential scan in sight, but their condition is on its
-- second column, so each walks the whole index (about a third of the table's pages) to keep 2% or a few rows.
CREATE INDEX audit_logs_user_latest_idx ON audit_logs (user_id, created_at DESC) INCLUDE (action);
