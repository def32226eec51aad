-- Staff who sign in through their organisation's own e-ID provider, and the portal's own roles
-- for them, per organisation and (optionally) department. Times are milliseconds since the epoch.

CREATE TABLE staff (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    provider        TEXT NOT NULL,
    subject         TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    name            TEXT NOT NULL,
    email           TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    last_sign_in_at INTEGER,
    UNIQUE (provider, subject)
);
CREATE INDEX staff_organisation ON staff (organisation_id, name);

-- department_id '' means the whole organisation.
CREATE TABLE staff_roles (
    staff_id        INTEGER NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL,
    department_id   TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL CHECK (role IN ('registrar', 'case-officer', 'manager', 'organisation-admin')),
    granted_by      TEXT NOT NULL,
    granted_at      INTEGER NOT NULL,
    PRIMARY KEY (staff_id, organisation_id, department_id, role)
);
