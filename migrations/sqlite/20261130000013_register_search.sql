-- Word search in the public records register without reading every document: the words of each
-- register entry that may be searched (description, case title, party) go into an FTS5 table
-- with the trigram tokenizer (any part of a word of three letters or more, case folded as
-- Unicode says), keyed by the document's id. Confidential entries and internal notes are never
-- put there, so they can never be found by what they hide. Contentless: the words are indexed,
-- not stored twice. PostgreSQL keeps a column with a trigram index instead.
CREATE VIRTUAL TABLE register_search USING fts5(words, content = '', tokenize = 'trigram');

-- Filled at registration (registered documents are never changed or deleted, and a case's
-- title and secrecy never change, so nothing else has to follow).
CREATE TRIGGER case_documents_searchable AFTER INSERT ON case_documents
    WHEN NEW.secrecy IS NULL AND NEW.direction <> 'internal'
BEGIN
    INSERT INTO register_search (rowid, words)
    SELECT NEW.id, NEW.description || ' ' || c.title || ' ' || NEW.party
    FROM cases c WHERE c.id = NEW.case_id AND c.secrecy IS NULL;
END;

INSERT INTO register_search (rowid, words)
SELECT d.id, d.description || ' ' || c.title || ' ' || d.party
FROM case_documents d JOIN cases c ON c.id = d.case_id
WHERE c.secrecy IS NULL AND d.secrecy IS NULL AND d.direction <> 'internal';
