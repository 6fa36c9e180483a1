-- "An index on user_id finds a user's events": it does, but in no useful order. For a user with hundreds of
-- events PostgreSQL fetches all of them and sorts them to keep fifty, and the work grows with the user's history.
CREATE INDEX audit_logs_created_at_idx ON audit_logs (created_at) INCLUDE (user_id);
CREATE INDEX audit_logs_user_id_idx ON audit_logs (user_id);
CREATE INDEX audit_logs_failed_logins_idx ON audit_logs (created_at) WHERE action = 'login_failed';
