-- Cases (ärenden): what a submission to a service handled as a case becomes, registered with a
-- case number per department and year, its documents (each registered, immutable), and the
-- timeline of what happened to it. The public records register (diarium) is read from these.
-- Times are timestamptz.

-- A service handled as a case: its handling time in days (NULL: not a case), the rules of its
-- clock ('standard', or 'planning-act' for building permits) and, when its cases are
-- confidential, the provision of the Secrecy Act (OSL) that says so.
ALTER TABLE services ADD COLUMN case_handling_days BIGINT;
ALTER TABLE services ADD COLUMN case_clock TEXT NOT NULL DEFAULT 'standard';
ALTER TABLE services ADD COLUMN case_secrecy TEXT;
-- How many digits a department's case serial has (`BN 2026/0123`: 4).
ALTER TABLE departments ADD COLUMN case_serial_digits BIGINT NOT NULL DEFAULT 4;

-- The last case serial given per department and year: bumped in the registering transaction,
-- so numbers are unique and without gaps (a rolled-back registration gives its number back).
CREATE TABLE case_series (
    department_id TEXT NOT NULL,
    year          BIGINT NOT NULL,
    last_serial   BIGINT NOT NULL,
    PRIMARY KEY (department_id, year)
);

CREATE TABLE cases (
    id              BIGSERIAL PRIMARY KEY,
    organisation_id TEXT NOT NULL,
    department_id   TEXT NOT NULL,
    service_id      TEXT NOT NULL,
    -- NULL until registered; unique within the organisation (two municipalities may both
    -- number `KS 2026/0001`).
    case_number     TEXT,
    status          TEXT NOT NULL CHECK (status IN ('received', 'registered', 'assigned', 'in-progress',
                        'completion-requested', 'communicated', 'decided', 'closed', 'appealed')),
    -- The short description the register shows.
    title           TEXT NOT NULL,
    -- The sender (applicant) as the register names them; '' when not stated.
    party           TEXT NOT NULL DEFAULT '',
    -- The applicant when signed in: whose My pages show the case.
    person_id       BIGINT REFERENCES persons (id),
    submission_reference TEXT UNIQUE,
    -- The OSL provision when the case is confidential; NULL: public.
    secrecy         TEXT,
    assigned_to     BIGINT REFERENCES staff (id),
    received_at     TIMESTAMPTZ NOT NULL,
    registered_at   TIMESTAMPTZ,
    clock_rule      TEXT NOT NULL DEFAULT 'standard',
    handling_days   BIGINT NOT NULL,
    -- The expected decision date; while completion is requested the clock is paused since paused_at.
    due_at          TIMESTAMPTZ,
    paused_at       TIMESTAMPTZ,
    -- The planning act's clock restarts when a completion asked for within three weeks is answered.
    restart_on_answer BOOLEAN NOT NULL DEFAULT FALSE,
    extended        BOOLEAN NOT NULL DEFAULT FALSE,
    decided_at      TIMESTAMPTZ,
    outcome         TEXT,
    -- Optimistic locking: every change bumps it, and a change made from an older version is refused.
    version         BIGINT NOT NULL DEFAULT 1,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX cases_number ON cases (organisation_id, case_number);
CREATE INDEX cases_queue ON cases (department_id, status, received_at, id);
CREATE INDEX cases_assigned ON cases (assigned_to, status, received_at, id);
CREATE INDEX cases_person ON cases (person_id, received_at);
CREATE INDEX cases_registered ON cases (registered_at, id);

-- Each document of a case, registered: the submission, messages in and out, internal notes
-- (never shown to the applicant), completion requests, decisions, appeals.
CREATE TABLE case_documents (
    id            BIGSERIAL PRIMARY KEY,
    case_id       BIGINT NOT NULL REFERENCES cases (id),
    -- Numbered within its case: `BN 2026/0123-2`.
    number        BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    direction     TEXT NOT NULL CHECK (direction IN ('in', 'out', 'internal')),
    party         TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL,
    -- The text, or JSON for a submission (its answers as the applicant saw them) or a decision.
    body          TEXT NOT NULL DEFAULT '',
    secrecy       TEXT,
    -- Shown to the applicant in My pages.
    for_party     BOOLEAN NOT NULL,
    dated_at      TIMESTAMPTZ NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL,
    created_by    TEXT NOT NULL,
    -- The date by which an answer is asked for (completion requests, communication).
    reply_by      TIMESTAMPTZ,
    UNIQUE (case_id, number)
);
CREATE INDEX case_documents_registered ON case_documents (registered_at, id);

CREATE TRIGGER case_documents_are_immutable BEFORE UPDATE ON case_documents
    FOR EACH ROW EXECUTE FUNCTION refuse_update();

-- What happened to a case, in order: by whom (pseudonymous actor and the name shown) and when.
CREATE TABLE case_events (
    id         BIGSERIAL PRIMARY KEY,
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    at         TIMESTAMPTZ NOT NULL,
    actor      TEXT NOT NULL,
    actor_name TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    status     TEXT NOT NULL,
    for_party  BOOLEAN NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);
CREATE INDEX audit_events_object ON audit_events (object, at);

-- A question or a whole case referred to another organisation (remiss), with a reply date. What
-- was referred is kept with it (`material`: the case number, title and the application as sent),
-- so the referred organisation sees that and nothing else, and a referral could later travel to
-- another installation as it is.
CREATE TABLE case_referrals (
    id              BIGSERIAL PRIMARY KEY,
    case_id         BIGINT NOT NULL REFERENCES cases (id),
    organisation_id TEXT NOT NULL,
    question        TEXT NOT NULL,
    material        TEXT NOT NULL,
    reply_by        TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ NOT NULL,
    sent_by         TEXT NOT NULL,
    answer          TEXT,
    answered_at     TIMESTAMPTZ,
    answered_by     TEXT,
    answered_name   TEXT
);
CREATE INDEX case_referrals_to ON case_referrals (organisation_id, sent_at);
CREATE INDEX case_referrals_case ON case_referrals (case_id);

-- Notices by e-mail to the applicant (a `case-notice` job each): the officer sees whether each
-- was delivered (the job's state; a done job purged later counts as delivered).
CREATE TABLE case_notices (
    id         BIGSERIAL PRIMARY KEY,
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    job_id     BIGINT NOT NULL,
    event      TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_notices_case ON case_notices (case_id);
