-- Forms as versioned data, immutable submissions, and an outbox for receipts.
-- Times are milliseconds since the Unix epoch (UTC).

CREATE TABLE forms (
    id              TEXT PRIMARY KEY,
    service_id      TEXT NOT NULL REFERENCES services (id),
    current_version INTEGER NOT NULL
);
CREATE INDEX forms_service ON forms (service_id);

CREATE TABLE form_versions (
    form_id     TEXT NOT NULL REFERENCES forms (id),
    version     INTEGER NOT NULL,
    definition  TEXT NOT NULL,
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (form_id, version)
);

CREATE TABLE submissions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    reference       TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    organisation_id TEXT NOT NULL,
    service_id      TEXT NOT NULL,
    form_id         TEXT NOT NULL,
    form_version    INTEGER NOT NULL,
    lang            TEXT NOT NULL,
    answers         TEXT NOT NULL,
    submitted_at    INTEGER NOT NULL,
    FOREIGN KEY (form_id, form_version) REFERENCES form_versions (form_id, version)
);
CREATE INDEX submissions_organisation ON submissions (organisation_id, submitted_at);

-- What was sent is never changed afterwards.
CREATE TRIGGER submissions_are_immutable BEFORE UPDATE ON submissions
BEGIN
    SELECT RAISE(ABORT, 'submissions are immutable');
END;
CREATE TRIGGER form_versions_are_immutable BEFORE UPDATE ON form_versions
BEGIN
    SELECT RAISE(ABORT, 'form versions are immutable');
END;

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_until     INTEGER,
    sent_at         INTEGER,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- A table only the benchmark writes to: the raw durable insert rate it compares against.
CREATE TABLE bench_inserts (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    payload TEXT NOT NULL
);
