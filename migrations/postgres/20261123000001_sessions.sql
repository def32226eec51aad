-- Visitors' sessions (language, form drafts), read on every request. `data` is the whole
-- session record as JSON; `expires_at` (milliseconds since the epoch) lets expired sessions be
-- skipped and deleted.
CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    data       TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
