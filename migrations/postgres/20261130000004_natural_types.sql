-- The older PostgreSQL tables get their natural types: answers as `jsonb`, times as
-- `timestamptz` (they were BIGINT milliseconds since the Unix epoch). The Rust code reads and
-- writes them as `sqlx::types::Json` and `db::Timestamp`, which SQLite stores as TEXT and INTEGER.
-- EXCEPTION to expand-then-contract (see migrations/README.md): the column types change in place,
-- so every portal instance is stopped before one of this version starts. ALTER ... TYPE rewrites
-- the table without firing the submissions' immutability trigger (no UPDATE happens).
ALTER TABLE submissions
    ALTER COLUMN answers TYPE jsonb USING answers::jsonb,
    ALTER COLUMN submitted_at TYPE timestamptz USING to_timestamp(submitted_at / 1000.0);
ALTER TABLE form_versions
    ALTER COLUMN imported_at TYPE timestamptz USING to_timestamp(imported_at / 1000.0);
ALTER TABLE sessions
    ALTER COLUMN expires_at TYPE timestamptz USING to_timestamp(expires_at / 1000.0);
