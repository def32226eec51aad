-- The contact details a signed-in person chooses (My pages, profile), and the links that confirm
-- an e-mail address.

CREATE TABLE person_contacts (
    person_id          BIGINT PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
    email              TEXT NOT NULL DEFAULT '',
    email_confirmed_at TIMESTAMPTZ,
    phone              TEXT NOT NULL DEFAULT '',
    notify_email       BOOLEAN NOT NULL DEFAULT FALSE,
    notify_sms         BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at         TIMESTAMPTZ NOT NULL
);

-- Only the SHA-256 of a link's code is kept: the database alone confirms nothing.
CREATE TABLE email_confirmations (
    token_hash TEXT PRIMARY KEY,
    person_id  BIGINT NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    email      TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX email_confirmations_person ON email_confirmations (person_id);
