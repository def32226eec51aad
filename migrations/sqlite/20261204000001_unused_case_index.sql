-- The index of cases by registration time (migration 9) is read by no query: the register
-- (diarium) is searched and paged by its documents' registration time, the back office's queues
-- and My cases by the time received. Every registration still wrote it, and at a million cases
-- it took room in the file for nothing. Old code never used it, so instances of the last release
-- run on without it.
DROP INDEX IF EXISTS cases_registered;
