-- Registering a case writes less (issue 13's registration rate on PostgreSQL):
-- 1. The registering statement gives each document's register words itself (it knows its case's
--    title and secrecy: `cases::ssr::store::register_words`, the same rule as the trigger), so the
--    search trigger now runs only for a document inserted without them, instead of looking up
--    the case of every document. A document inserted without words still gets them from the case.
-- 2. The officer's and the resident's indexes leave out the cases without one: every case is
--    unassigned when it is registered, and a case sent without signing in has no person, while
--    those indexes are only read for a given officer or person (`assigned_to = $n`,
--    `person_id = $n`, which the planner knows implies NOT NULL). Rebuilding them reads the cases
--    table once: a few seconds at a million cases.
DROP TRIGGER case_documents_search_text ON case_documents;
CREATE TRIGGER case_documents_search_text BEFORE INSERT ON case_documents
    FOR EACH ROW WHEN (NEW.search_text IS NULL) EXECUTE FUNCTION case_document_search_text();

DROP INDEX cases_officer;
CREATE INDEX cases_officer ON cases (assigned_to, received_at, id) WHERE assigned_to IS NOT NULL;
DROP INDEX cases_person_order;
CREATE INDEX cases_person_order ON cases (person_id, received_at, id) WHERE person_id IS NOT NULL;
