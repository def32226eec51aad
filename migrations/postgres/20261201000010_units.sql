-- Units to choose between (issue 14): the preschools and schools of an organisation, municipal
-- and independent, listed and compared on `/enheter` and ranked by applications later. Imported
-- from `server/content/units/*.toml` with the rest of the catalogue. The prose (the profile)
-- lives in `unit_texts`, keyed by language like the catalogue's other texts; names, addresses
-- and contact details are the same in every language.
-- Ages (preschool) and school years (school) are ranges; a school year is 0 for the preschool
-- class (förskoleklass, "F") and 1–9 for years 1–9. A municipal unit has no provider name of
-- its own: its provider is its organisation, named in the reader's language.

CREATE TABLE units (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('forskola', 'skola')),
    name            TEXT NOT NULL,
    provider_type   TEXT NOT NULL CHECK (provider_type IN ('kommunal', 'fristaende')),
    provider_name   TEXT,
    address         TEXT NOT NULL,
    postal_code     TEXT NOT NULL,
    postal_town     TEXT NOT NULL,
    age_from        BIGINT,
    age_to          BIGINT,
    year_from       BIGINT,
    year_to         BIGINT,
    opening_hours   TEXT,
    places          BIGINT NOT NULL,
    phone           TEXT NOT NULL,
    email           TEXT NOT NULL,
    website         TEXT,
    sort_order      BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX units_organisation_kind ON units (organisation_id, kind);

CREATE TABLE unit_texts (
    unit_id TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    lang    TEXT NOT NULL,
    profile TEXT NOT NULL,
    PRIMARY KEY (unit_id, lang)
);

-- The kind of units a service is about (the preschool application: 'forskola'): its page links
-- to those units. Written by the content import from the units files.
ALTER TABLE services ADD COLUMN unit_kind TEXT;
