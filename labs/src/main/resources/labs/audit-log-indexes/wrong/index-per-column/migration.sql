-- "Indexes make reads fast, so index every column the queries touch, and the combinations too": every hot query
-- is fast, and every insert into the busiest table of the product now updates six more B-trees.
CREATE INDEX audit_logs_user_id_idx ON audit_logs (user_id);
CREATE INDEX audit_logs_action_idx ON audit_logs (action);
CREATE INDEX audit_logs_created_at_plain_idx ON audit_logs (created_at);
CREATE INDEX audit_logs_created_at_idx ON audit_logs (created_at) INCLUDE (user_id);
CREATE INDEX audit_logs_user_latest_idx ON audit_logs (user_id, created_at DESC);
CREATE INDEX audit_logs_failed_logins_idx ON audit_logs (created_at) WHERE action = 'login_failed';
