-- Both guardians' consent (issue 14). A submission to a form with `consent = "both-guardians"`,
-- sent by a guardian for a child the population registry gives other guardians, is stored as
-- always but opens no case yet: one row here per other guardian, in the submission's commit.
-- The case to open (`pending_case`, JSON) is opened in the same transaction as the last
-- approval; a decline leaves it unopened. The guardian is named by `guardian_key` (a SHA-256 of
-- their personal identity number, so a guardian who has never signed in finds the task when
-- they do) and never by the number itself; the child by `on_behalf` as `cases.on_behalf` does.
CREATE TABLE consent_requests (
    id                   BIGSERIAL PRIMARY KEY,
    submission_reference TEXT NOT NULL REFERENCES submissions (reference),
    form_id              TEXT NOT NULL,
    organisation_id      TEXT NOT NULL,
    sender_person_id     BIGINT NOT NULL REFERENCES persons (id),
    sender_name          TEXT NOT NULL,
    on_behalf            TEXT NOT NULL,
    child_name           TEXT NOT NULL,
    guardian_key         TEXT NOT NULL,
    guardian_name        TEXT NOT NULL,
    status               TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'declined')),
    pending_case         JSONB NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    answered_at          TIMESTAMPTZ,
    case_id              BIGINT REFERENCES cases (id),
    UNIQUE (submission_reference, guardian_key)
);
CREATE INDEX consent_requests_guardian ON consent_requests (guardian_key, created_at);
CREATE INDEX consent_requests_sender ON consent_requests (sender_person_id, created_at);
