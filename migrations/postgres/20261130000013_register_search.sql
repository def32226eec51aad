-- Word search in the public records register without reading every document: each register
-- entry that may be searched keeps its words (description, case title, party; lower case) in
-- `search_text`, with a trigram index, so `search_text LIKE '%word%'` finds rare words through the
-- index and the planner still walks the date order for common ones. Confidential entries and
-- internal notes get no search text, so they can never be found by what they hide.
-- SQLite keeps the same words in an FTS5 trigram table instead (its migration of this version).
--
-- The backfill rewrites every document row once: quick for the installations that exist today;
-- a large one should run it in a quiet hour.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE case_documents ADD COLUMN search_text TEXT;

-- Filled at registration from the document and its case (a case's title and secrecy never change).
CREATE FUNCTION case_document_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_text := NULL;
    IF NEW.secrecy IS NULL AND NEW.direction <> 'internal' THEN
        SELECT lower(NEW.description || ' ' || c.title || ' ' || NEW.party) INTO NEW.search_text
        FROM cases c WHERE c.id = NEW.case_id AND c.secrecy IS NULL;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER case_documents_search_text BEFORE INSERT ON case_documents
    FOR EACH ROW EXECUTE FUNCTION case_document_search_text();

-- Registered documents are immutable; the backfill is the one change made to them, by the schema.
ALTER TABLE case_documents DISABLE TRIGGER case_documents_are_immutable;
UPDATE case_documents d SET search_text = lower(d.description || ' ' || c.title || ' ' || d.party)
FROM cases c
WHERE c.id = d.case_id AND c.secrecy IS NULL AND d.secrecy IS NULL AND d.direction <> 'internal';
ALTER TABLE case_documents ENABLE TRIGGER case_documents_are_immutable;

CREATE INDEX case_documents_search ON case_documents USING gin (search_text gin_trgm_ops);
