-- Files people attach: kept by their contents (SHA-256) outside the web root; a row per
-- attachment says whose draft (its idempotency key) or, once sent, whose case it belongs to.
CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- Random, 32 hexadecimal characters: the only name the file has in addresses.
    public_id   TEXT NOT NULL UNIQUE,
    sha256      TEXT NOT NULL,
    size        INTEGER NOT NULL,
    file_type   TEXT NOT NULL CHECK (file_type IN ('pdf', 'jpeg', 'png')),
    file_name   TEXT NOT NULL,
    draft_key   TEXT NOT NULL,
    form_id     TEXT NOT NULL,
    question_id TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    case_id     INTEGER REFERENCES cases (id)
);
CREATE INDEX attachments_draft ON attachments (draft_key);
CREATE INDEX attachments_case ON attachments (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX attachments_sha256 ON attachments (sha256);
