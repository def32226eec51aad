-- The public service catalogue (level 1): organisations, departments, life events, services.
-- Texts live in *_texts tables keyed by language so that adding a language adds rows, not columns.

CREATE TABLE organisations (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('municipality', 'joint_authority', 'county_board')),
    website     TEXT NOT NULL,
    email       TEXT NOT NULL,
    phone       TEXT NOT NULL,
    address     TEXT NOT NULL,
    sort_order  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE organisation_texts (
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    lang            TEXT NOT NULL,
    name            TEXT NOT NULL,
    description     TEXT NOT NULL,
    opening_hours   TEXT NOT NULL,
    PRIMARY KEY (organisation_id, lang)
);

CREATE TABLE departments (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    case_prefix     TEXT NOT NULL,
    email           TEXT NOT NULL,
    phone           TEXT NOT NULL,
    sort_order      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (organisation_id, case_prefix)
);

CREATE TABLE department_texts (
    department_id TEXT NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    lang          TEXT NOT NULL,
    name          TEXT NOT NULL,
    description   TEXT NOT NULL,
    opening_hours TEXT NOT NULL,
    PRIMARY KEY (department_id, lang)
);

CREATE TABLE life_events (
    id         TEXT PRIMARY KEY,
    sort_order INTEGER NOT NULL
);

CREATE TABLE life_event_texts (
    life_event_id TEXT NOT NULL REFERENCES life_events (id) ON DELETE CASCADE,
    lang          TEXT NOT NULL,
    name          TEXT NOT NULL,
    description   TEXT NOT NULL,
    PRIMARY KEY (life_event_id, lang)
);

CREATE TABLE services (
    id            TEXT PRIMARY KEY,
    department_id TEXT NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    level         TEXT NOT NULL CHECK (level IN ('information', 'form', 'e_service', 'cross_agency')),
    sort_order    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX services_department ON services (department_id);

CREATE TABLE service_texts (
    service_id    TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    lang          TEXT NOT NULL,
    name          TEXT NOT NULL,
    summary       TEXT NOT NULL,
    description   TEXT NOT NULL,
    audience      TEXT NOT NULL,
    how_to_apply  TEXT NOT NULL,
    requirements  TEXT NOT NULL,
    fees          TEXT NOT NULL,
    handling_time TEXT NOT NULL,
    PRIMARY KEY (service_id, lang)
);

CREATE TABLE service_life_events (
    service_id    TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    life_event_id TEXT NOT NULL REFERENCES life_events (id) ON DELETE CASCADE,
    PRIMARY KEY (service_id, life_event_id)
);
CREATE INDEX service_life_events_event ON service_life_events (life_event_id);

CREATE TABLE service_related (
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    related_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (service_id, related_id)
);

-- Statutes the service rests on, one row per language.
CREATE TABLE service_legal_basis (
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    lang       TEXT NOT NULL,
    title      TEXT NOT NULL,
    url        TEXT NOT NULL,
    PRIMARY KEY (service_id, position, lang)
);

-- Other authorities involved: an organisation in the portal, or an outside authority by name and URL.
CREATE TABLE service_authorities (
    service_id      TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    lang            TEXT NOT NULL,
    organisation_id TEXT REFERENCES organisations (id) ON DELETE CASCADE,
    name            TEXT,
    url             TEXT,
    role            TEXT NOT NULL,
    PRIMARY KEY (service_id, position, lang)
);

-- Bumped by every import; search caches compare it to know when to reload.
CREATE TABLE catalog_meta (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO catalog_meta (id, version) VALUES (1, 0);

-- Full-text index over every language's texts (FTS5; diacritics folded so 'forskola' finds 'förskola').
CREATE VIRTUAL TABLE service_search USING fts5 (
    service_id UNINDEXED,
    lang UNINDEXED,
    name,
    summary,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);
