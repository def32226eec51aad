-- Who has signed in (identity): each person once, their sign-ins, and the audit trail.
-- Times are milliseconds since the Unix epoch (UTC).

-- A person known by an e-ID: the 12-digit personal identity (or coordination) number is the
-- identity; `id` is the pseudonymous id used everywhere else (audit rows, logs, sessions).
CREATE TABLE persons (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    personal_number TEXT NOT NULL UNIQUE CHECK (length(personal_number) = 12),
    given_name      TEXT NOT NULL,
    family_name     TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    last_sign_in_at INTEGER NOT NULL
);

-- Each successful sign-in, shown to the person as their sign-in history.
CREATE TABLE sign_ins (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,
    at        INTEGER NOT NULL,
    provider  TEXT NOT NULL,
    loa       INTEGER NOT NULL
);
CREATE INDEX sign_ins_person ON sign_ins (person_id, at);

-- What was done, by whom (a pseudonymous actor: 'person:12', 'anonymous', 'system'), to what,
-- and how it ended. Never a personal identity number, a token or what someone typed.
CREATE TABLE audit_events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    object  TEXT,
    outcome TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_actor ON audit_events (actor, at);
