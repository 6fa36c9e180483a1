-- Submissions and their files; the submissions table is also the grading queue (status + lease).
-- Portable across H2 and PostgreSQL: split by vendor only the files that must differ.

CREATE TABLE submissions (
    id           VARCHAR(36)              NOT NULL PRIMARY KEY, -- random UUID: unguessable, used in URLs
    lab_id       VARCHAR(100)             NOT NULL,
    status       VARCHAR(16)              NOT NULL,             -- queued, running, done
    verdict      VARCHAR(16),                                   -- set when done
    score        INTEGER,
    max_score    INTEGER                  NOT NULL,
    report       TEXT,                                          -- roadlab.report/1 JSON, when done
    attempts     INTEGER                  NOT NULL DEFAULT 0,   -- times a worker took the job
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE,
    finished_at  TIMESTAMP WITH TIME ZONE,
    lease_owner  VARCHAR(64),                                   -- the worker grading it
    lease_until  TIMESTAMP WITH TIME ZONE,                      -- after this, another worker may take it
    CONSTRAINT submissions_status_check CHECK (status IN ('queued', 'running', 'done'))
);

CREATE INDEX submissions_queue_idx ON submissions (status, created_at);

CREATE TABLE submission_files (
    submission_id VARCHAR(36)  NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    name          VARCHAR(128) NOT NULL,
    content       TEXT         NOT NULL,                        -- lab files are UTF-8 text, checked on upload
    PRIMARY KEY (submission_id, name)
);
