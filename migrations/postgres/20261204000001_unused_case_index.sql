-- The index of cases by registration time (migration 9) is read by no query: the register
-- (diarium) is searched and paged by its documents' registration time (`case_documents_registered`),
-- the back office's queues and My cases by the time received. Every registration still wrote it,
-- one more of the cases table's indexes to keep up inside the writer's commit (issue 13), and at
-- a million cases it held some 30 MB. Old code never used it, so instances of the last release
-- run on without it.
DROP INDEX IF EXISTS cases_registered;
