-- Forms as versioned data, immutable submissions, and an outbox for receipts.
-- Times are milliseconds since the Unix epoch (UTC).

CREATE TABLE forms (
    id              TEXT PRIMARY KEY,
    service_id      TEXT NOT NULL REFERENCES services (id),
    current_version BIGINT NOT NULL
);
CREATE INDEX forms_service ON forms (service_id);

CREATE TABLE form_versions (
    form_id     TEXT NOT NULL REFERENCES forms (id),
    version     BIGINT NOT NULL,
    definition  TEXT NOT NULL,
    imported_at BIGINT NOT NULL,
    PRIMARY KEY (form_id, version)
);

CREATE TABLE submissions (
    id              BIGSERIAL PRIMARY KEY,
    reference       TEXT NOT NULL UNIQUE,
    idempotency_key TEXT NOT NULL UNIQUE,
    organisation_id TEXT NOT NULL,
    service_id      TEXT NOT NULL,
    form_id         TEXT NOT NULL,
    form_version    BIGINT NOT NULL,
    lang            TEXT NOT NULL,
    answers         TEXT NOT NULL,
    submitted_at    BIGINT NOT NULL,
    FOREIGN KEY (form_id, form_version) REFERENCES form_versions (form_id, version)
);
CREATE INDEX submissions_organisation ON submissions (organisation_id, submitted_at);

-- What was sent is never changed afterwards.
CREATE FUNCTION refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER submissions_are_immutable BEFORE UPDATE ON submissions
    FOR EACH ROW EXECUTE FUNCTION refuse_update();
CREATE TRIGGER form_versions_are_immutable BEFORE UPDATE ON form_versions
    FOR EACH ROW EXECUTE FUNCTION refuse_update();

CREATE TABLE outbox (
    id              BIGSERIAL PRIMARY KEY,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until     BIGINT,
    sent_at         BIGINT,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;

-- A table only the benchmark writes to: the raw durable insert rate it compares against.
CREATE TABLE bench_inserts (
    id      BIGSERIAL PRIMARY KEY,
    payload TEXT NOT NULL
);
