-- PostgreSQL's older tables move to jsonb and timestamptz in this version. SQLite keeps JSON as
-- TEXT and times as INTEGER milliseconds, which is what the same Rust types store here: nothing
-- changes in this folder.
SELECT 1;
