-- Six months of audit history, generated deterministically (no random()): 150,000 events, one every 100 seconds,
-- oldest first, so the heap is in time order as an append-only log would be. Five heavy users (service accounts)
-- write 30% of the events; the rest spread over 20,000 light users with a handful of events each.
CREATE TABLE audit_logs (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    bigint      NOT NULL,
    action     text        NOT NULL,
    created_at timestamptz NOT NULL,
    payload    jsonb       NOT NULL DEFAULT '{}'
);

INSERT INTO audit_logs (user_id, action, created_at, payload)
SELECT CASE WHEN g.i % 10 < 3 THEN 1 + (g.i / 10) % 5
            ELSE 100 + (g.i * 7919) % 20000 END,
       CASE WHEN g.i % 100 < 3 THEN 'login_failed'
            WHEN g.i % 100 < 20 THEN 'login'
            WHEN g.i % 100 < 70 THEN 'view'
            WHEN g.i % 100 < 92 THEN 'update'
            ELSE 'delete' END,
       now() - g.i * interval '100 seconds',
       jsonb_build_object('ip', '10.' || g.i % 251 || '.' || g.i / 251 % 251 || '.' || g.i % 97,
                          'agent', 'client/' || g.i % 7,
                          'request', md5(g.i::text))
FROM generate_series(150000, 1, -1) AS g(i);
