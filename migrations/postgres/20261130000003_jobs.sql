-- A general jobs queue replaces the receipts-only outbox (see app/src/jobs.rs).
-- state: 'waiting' (due at run_at, or leased by a worker until lease_until), 'done', 'dead'
-- (used its kind's last attempt: a dead letter, kept with its last error until retried).

CREATE TABLE jobs (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT NOT NULL,
    payload     JSONB NOT NULL,
    state       TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'done', 'dead')),
    attempts    BIGINT NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ NOT NULL,
    run_at      TIMESTAMPTZ NOT NULL,
    lease_until TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    last_error  TEXT
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE state = 'waiting';
CREATE INDEX jobs_dead ON jobs (id) WHERE state = 'dead';

-- Every outbox row moves with its id: a receipt's id names its file in the mail pickup folder
-- (`receipt-<id>.eml`, which the worker finds and does not write twice), so unsent ones keep
-- theirs and new jobs continue after the highest. Sent ones come along as done. Leases are not
-- kept: no worker of the old version runs now.
INSERT INTO jobs (id, kind, payload, state, attempts, created_at, run_at, finished_at, last_error)
SELECT id, kind, payload::jsonb, CASE WHEN sent_at IS NULL THEN 'waiting' ELSE 'done' END, attempts,
       to_timestamp(created_at / 1000.0), to_timestamp(next_attempt_at / 1000.0), to_timestamp(sent_at / 1000.0),
       last_error
FROM outbox;
SELECT setval(pg_get_serial_sequence('jobs', 'id'), COALESCE((SELECT MAX(id) FROM outbox), 0) + 1, false);

DROP TABLE outbox;

-- Only the forms benchmark wrote here; it now creates (and drops) a table of its own.
DROP TABLE bench_inserts;
