-- A signed-in person's drafts live here, not in the session: saved at every step, continued
-- from another device, listed in My pages, deleted by the person or when they expire (with a
-- notice beforehand). Anonymous visitors' drafts stay in their session as before.
CREATE TABLE person_drafts (
    person_id  BIGINT NOT NULL REFERENCES persons (id),
    form_id    TEXT NOT NULL,
    -- Whom the application is for: '' the person themselves (a child or a company later).
    on_behalf  TEXT NOT NULL DEFAULT '',
    -- The draft: its idempotency key, the answers so far, the last step's problems.
    draft      JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    -- Deleted after this unless changed again; the person is told some days before.
    expires_at TIMESTAMPTZ NOT NULL,
    warned_at  TIMESTAMPTZ,
    PRIMARY KEY (person_id, form_id, on_behalf)
);
CREATE INDEX person_drafts_expiry ON person_drafts (expires_at);
