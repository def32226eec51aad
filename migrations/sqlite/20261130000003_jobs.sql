-- A general jobs queue replaces the receipts-only outbox (see app/src/jobs.rs).
-- Times are milliseconds since the Unix epoch (UTC); payloads are JSON text.
-- state: 'waiting' (due at run_at, or leased by a worker until lease_until), 'done', 'dead'
-- (used its kind's last attempt: a dead letter, kept with its last error until retried).

CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'done', 'dead')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    run_at      INTEGER NOT NULL,
    lease_until INTEGER,
    finished_at INTEGER,
    last_error  TEXT
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE state = 'waiting';
CREATE INDEX jobs_dead ON jobs (id) WHERE state = 'dead';

-- Every outbox row moves with its id: a receipt's id names its file in the mail pickup folder
-- (`receipt-<id>.eml`, which the worker finds and does not write twice), so unsent ones keep
-- theirs and new jobs continue after the highest (AUTOINCREMENT follows explicit ids). Sent
-- ones come along as done. Leases are not kept: no worker of the old version runs now.
INSERT INTO jobs (id, kind, payload, state, attempts, created_at, run_at, finished_at, last_error)
SELECT id, kind, payload, CASE WHEN sent_at IS NULL THEN 'waiting' ELSE 'done' END, attempts, created_at,
       next_attempt_at, sent_at, last_error
FROM outbox;

DROP TABLE outbox;

-- Only the forms benchmark wrote here; it now creates (and drops) a table of its own.
DROP TABLE bench_inserts;
