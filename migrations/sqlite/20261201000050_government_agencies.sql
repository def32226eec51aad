-- Government agencies (the police, the tax agency) as organisations: cases are referred to them
-- for opinions. SQLite cannot change a CHECK constraint in place, so the table is rebuilt as
-- SQLite documents it (https://sqlite.org/lang_altertable.html#otheralter): with foreign keys
-- off, so that dropping the old table cascades to none of its children (ON DELETE CASCADE), and
-- `PRAGMA foreign_keys` is ignored inside a transaction. sqlx runs every SQLite migration in one
-- (it ignores `-- no-transaction` for SQLite), so this file ends that transaction, rebuilds in a
-- transaction of its own, turns foreign keys back on and leaves a transaction open again for
-- sqlx to record the migration in and commit.
COMMIT;
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE organisations_new (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('municipality', 'joint_authority', 'county_board', 'government_agency')),
    website     TEXT NOT NULL,
    email       TEXT NOT NULL,
    phone       TEXT NOT NULL,
    address     TEXT NOT NULL,
    sort_order  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO organisations_new (id, kind, website, email, phone, address, sort_order)
    SELECT id, kind, website, email, phone, address, sort_order FROM organisations;
DROP TABLE organisations;
ALTER TABLE organisations_new RENAME TO organisations;
COMMIT;
PRAGMA foreign_keys = ON;
BEGIN;
