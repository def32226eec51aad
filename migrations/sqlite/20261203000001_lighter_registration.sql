-- Registering a case writes less: the officer's and the resident's indexes leave out the cases
-- without one. Every case is unassigned when it is registered, and a case sent without signing
-- in has no person, while those indexes are only read for a given officer or person
-- (`assigned_to = ?`, `person_id = ?`, which SQLite's planner knows implies NOT NULL).
-- (PostgreSQL's migration of this version also changes its search trigger; SQLite's register
-- search is an FTS5 table filled by its own trigger, unchanged.)
DROP INDEX cases_officer;
CREATE INDEX cases_officer ON cases (assigned_to, received_at, id) WHERE assigned_to IS NOT NULL;
DROP INDEX cases_person_order;
CREATE INDEX cases_person_order ON cases (person_id, received_at, id) WHERE person_id IS NOT NULL;
