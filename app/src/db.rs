//! The storage seam: one `Db` value over either SQLite (embedded default) or PostgreSQL.
//!
//! Most SQL is written once with `$1` placeholders and runs on both backends through
//! [`on_db!`]; where the engines differ (full-text search), the storage code matches on the
//! variant. SQLite uses one writer connection (durable WAL commits) and a separate read pool.
//!
//! Writes that must stand or fall together go through one [`Tx`] from [`Db::begin`], with the
//! same SQL on either backend through [`on_tx!`]: a capability adds statements, not a macro.
//! [`Timestamp`] binds a time so that one SQL text stores it as INTEGER milliseconds on SQLite
//! and as `timestamptz` on PostgreSQL.

use crate::error::AppError;
use sqlx::{
    postgres::{PgConnectOptions, PgPool, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous},
};
use std::{str::FromStr, time::Duration};

mod embedded_migrations {
    include!(concat!(env!("OUT_DIR"), "/migrations.rs"));
}

/// Migration files compiled into the binary, read by the rules sqlx applies to a folder of them:
/// `<VERSION>_<DESCRIPTION>.sql`, underscores in the description read as spaces, and a file that
/// starts with `-- no-transaction` run outside a transaction. The checksums are the ones sqlx's
/// `migrate!` macro recorded, so databases migrated by earlier builds stay valid.
#[derive(Debug)]
struct EmbeddedMigrations(&'static [(&'static str, &'static str)]);

type ResolvedMigrations = Result<Vec<sqlx::migrate::Migration>, sqlx::error::BoxDynError>;

impl sqlx::migrate::MigrationSource<'static> for EmbeddedMigrations {
    fn resolve(self) -> std::pin::Pin<Box<dyn std::future::Future<Output = ResolvedMigrations> + Send>> {
        Box::pin(std::future::ready(self.migrations()))
    }
}

impl EmbeddedMigrations {
    fn migrations(&self) -> ResolvedMigrations {
        use sqlx::migrate::{Migration, MigrationType};
        let mut migrations = Vec::with_capacity(self.0.len());
        for (file_name, sql) in self.0 {
            let Some((version, rest)) = file_name.split_once('_') else {
                return Err(format!("migration {file_name:?} is not named <VERSION>_<DESCRIPTION>.sql").into());
            };
            let version: i64 =
                version.parse().map_err(|_| format!("migration {file_name:?} does not start with a number"))?;
            let migration_type = MigrationType::from_filename(rest);
            let description = rest.trim_end_matches(migration_type.suffix()).replace('_', " ");
            let no_tx = sql.starts_with("-- no-transaction");
            migrations.push(Migration::new(version, description.into(), migration_type, (*sql).into(), no_tx));
        }
        migrations.sort_by_key(|migration| migration.version);
        Ok(migrations)
    }
}

#[derive(Clone, Debug)]
pub enum Db {
    /// `sessions` is a small read-write pool for the session store alone: sessions are read on
    /// every request and written rarely, so they should not queue behind the one writer.
    Sqlite { write: SqlitePool, read: SqlitePool, sessions: SqlitePool },
    /// The pool for everything, and a small one for the session store whose commits do not
    /// wait for the disk (`synchronous_commit = off`: sessions hold drafts, never a submission).
    Postgres(PgPool, PgPool),
}

/// Runs the same expression against whichever pool backs `$db`: `on_db!(db, read, |pool| …)`
/// picks the read pool, `on_db!(db, write, |pool| …)` the (single) writer, and
/// `on_db!(db, sessions, |pool| …)` the session store's pool.
#[macro_export]
macro_rules! on_db {
    ($db:expr, read, |$pool:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite { read: $pool, .. } => $body,
            $crate::db::Db::Postgres($pool, _) => $body,
        }
    };
    ($db:expr, write, |$pool:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite { write: $pool, .. } => $body,
            $crate::db::Db::Postgres($pool, _) => $body,
        }
    };
    ($db:expr, sessions, |$pool:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite { sessions: $pool, .. } => $body,
            $crate::db::Db::Postgres(_, $pool) => $body,
        }
    };
}

/// A transaction on either backend, from [`Db::begin`]. On SQLite it holds the single writer
/// connection until it ends, so keep it short and never wait on anything but the database
/// inside it. Dropped without [`Tx::commit`], it rolls back.
#[derive(Debug)]
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Runs the same expression on whichever backend holds the transaction `$tx` (a `&mut Tx`):
/// `on_tx!(tx, |conn| sqlx::query("…").execute(&mut *conn).await?)`. `conn` is a
/// `&mut SqliteConnection` or `&mut PgConnection`; reborrow it (`&mut *conn`) to use it twice.
#[macro_export]
macro_rules! on_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match $tx {
            $crate::db::Tx::Sqlite(transaction) => {
                let $conn = &mut **transaction;
                $body
            }
            $crate::db::Tx::Postgres(transaction) => {
                let $conn = &mut **transaction;
                $body
            }
        }
    };
}

/// Declares a struct read from a query's rows by column name, one column per field, on either
/// backend: what sqlx's `FromRow` derive writes, without sqlx's macros crate, which would compile
/// both database drivers (and SQLite's C source) a second time for the compiler on every fresh
/// build. `db_row! { #[derive(Debug)] pub struct Row { pub id: String, n: i64 } }`
#[macro_export]
macro_rules! db_row {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$field_meta:meta])* $field_vis:vis $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $( $(#[$field_meta])* $field_vis $field : $ty ),*
        }

        impl<'r, R: ::sqlx::Row> ::sqlx::FromRow<'r, R> for $name
        where
            &'r str: ::sqlx::ColumnIndex<R>,
            $( $ty: ::sqlx::Decode<'r, R::Database> + ::sqlx::Type<R::Database>, )*
        {
            fn from_row(row: &'r R) -> ::sqlx::Result<Self> {
                Ok(Self { $( $field: row.try_get(stringify!($field))?, )* })
            }
        }
    };
}

impl Tx {
    /// Makes every write of the transaction durable at once.
    pub async fn commit(self) -> Result<(), AppError> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await?,
            Tx::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    /// Undoes every write of the transaction (dropping it does the same, without waiting).
    pub async fn rollback(self) -> Result<(), AppError> {
        match self {
            Tx::Sqlite(tx) => tx.rollback().await?,
            Tx::Postgres(tx) => tx.rollback().await?,
        }
        Ok(())
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Tx::Sqlite(_) => "sqlite",
            Tx::Postgres(_) => "postgres",
        }
    }
}

/// The most rows one multi-row statement carries: at up to 100 columns, well inside both engines'
/// limits on bound parameters (SQLite 32 766, PostgreSQL 65 535).
pub const ROWS_PER_STATEMENT: usize = 200;

/// `($1, $2, …), ($w+1, …)`: `rows` parenthesised groups of `width` numbered placeholders, for a
/// multi-row INSERT. A batch written with one statement per table costs one round trip per table
/// instead of one per row, which is what bounds a group commit on PostgreSQL.
pub fn placeholders(rows: usize, width: usize) -> String {
    placeholders_after(0, rows, width)
}

/// [`placeholders`] numbered from `$before+1`: a statement's later part, after `before` others.
pub fn placeholders_after(before: usize, rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| {
            let row: Vec<String> = (1..=width).map(|c| format!("${}", before + r * width + c)).collect();
            format!("({})", row.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A statement's arguments bound one by one the way a query's are (`.bind(v)`), for a
/// statement put together from several parts: the same binding code serves both.
#[derive(Default)]
pub struct PgBinds {
    pub arguments: sqlx::postgres::PgArguments,
    bound: usize,
    failed: bool,
}

impl PgBinds {
    pub fn bind<'q, T>(mut self, value: T) -> Self
    where
        T: 'q + sqlx::Encode<'q, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
    {
        use sqlx::Arguments;
        self.failed |= self.arguments.add(value).is_err();
        self.bound += 1;
        self
    }

    /// How many are bound: the number of the last placeholder used.
    pub fn bound(&self) -> usize {
        self.bound
    }

    /// The arguments, unless one of them could not be encoded (a bug: logged, refused).
    pub fn finish(self) -> Result<sqlx::postgres::PgArguments, AppError> {
        if self.failed {
            tracing::error!("a value could not be bound to a statement");
            return Err(AppError::Internal);
        }
        Ok(self.arguments)
    }
}

impl Tx {
    /// Draws `count` fresh ids for `table` (whose `id` is a serial or an AUTOINCREMENT key), so
    /// that rows inserted together know their ids beforehand: neither engine promises the order
    /// in which a multi-row INSERT's RETURNING answers. On SQLite the transaction holds the one
    /// writer, so nothing else takes the ids before this transaction inserts them.
    pub async fn reserve_ids(&mut self, table: &'static str, count: usize) -> Result<Vec<i64>, AppError> {
        if count == 0 {
            return Ok(Vec::new());
        }
        let count_i64 = i64::try_from(count).map_err(|_| AppError::Internal)?;
        Ok(match self {
            Tx::Sqlite(tx) => {
                // `sqlite_sequence` remembers ids of deleted rows too; MAX(id) covers a table
                // whose sequence row does not exist yet.
                let sql = format!(
                    "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = $1), 0), \
                     COALESCE((SELECT MAX(id) FROM {table}), 0))"
                );
                let last: i64 = sqlx::query_scalar(&sql).bind(table).fetch_one(&mut **tx).await?;
                (last + 1..=last + count_i64).collect()
            }
            Tx::Postgres(tx) => {
                sqlx::query_scalar("SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)")
                    .bind(table)
                    .bind(count_i64)
                    .fetch_all(&mut **tx)
                    .await?
            }
        })
    }
}

/// A time in milliseconds since the Unix epoch (UTC), as [`crate::clock::Clock`] gives it.
/// Bound or read, it is an INTEGER on SQLite and a `timestamptz` on PostgreSQL, so one SQL text
/// (`WHERE run_at <= $1`) works on both and PostgreSQL columns read as times in `psql`.
/// PostgreSQL keeps microseconds; the sub-millisecond part is dropped when read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl From<Timestamp> for i64 {
    fn from(time: Timestamp) -> i64 {
        time.0
    }
}

/// 2000-01-01T00:00:00Z, PostgreSQL's epoch, in milliseconds since the Unix epoch.
const POSTGRES_EPOCH_MS: i64 = 946_684_800_000;
/// `timestamptz`'s type OID (fixed for built-in types).
const TIMESTAMPTZ_OID: sqlx::postgres::types::Oid = sqlx::postgres::types::Oid(1184);

impl sqlx::Type<sqlx::Sqlite> for Timestamp {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <i64 as sqlx::Type<sqlx::Sqlite>>::type_info()
    }
    fn compatible(ty: &sqlx::sqlite::SqliteTypeInfo) -> bool {
        <i64 as sqlx::Type<sqlx::Sqlite>>::compatible(ty)
    }
}

impl<'q> sqlx::Encode<'q, sqlx::Sqlite> for Timestamp {
    fn encode_by_ref(
        &self,
        buf: &mut Vec<sqlx::sqlite::SqliteArgumentValue<'q>>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <i64 as sqlx::Encode<'q, sqlx::Sqlite>>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Sqlite> for Timestamp {
    fn decode(value: sqlx::sqlite::SqliteValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(Timestamp(<i64 as sqlx::Decode<'r, sqlx::Sqlite>>::decode(value)?))
    }
}

impl sqlx::Type<sqlx::Postgres> for Timestamp {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        sqlx::postgres::PgTypeInfo::with_oid(TIMESTAMPTZ_OID)
    }
}

impl sqlx::Encode<'_, sqlx::Postgres> for Timestamp {
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        // The binary form of `timestamptz`: microseconds since PostgreSQL's epoch.
        let micros =
            self.0.checked_sub(POSTGRES_EPOCH_MS).and_then(|ms| ms.checked_mul(1000)).ok_or("time out of range")?;
        <i64 as sqlx::Encode<'_, sqlx::Postgres>>::encode_by_ref(&micros, buf)
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Postgres> for Timestamp {
    fn decode(value: sqlx::postgres::PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        if value.format() != sqlx::postgres::PgValueFormat::Binary {
            // Prepared statements (every `query`/`query_as`) answer in binary; only the simple
            // protocol (`raw_sql`) answers in text, and nothing reads times through it.
            return Err("a timestamptz in text form: read it through a prepared statement".into());
        }
        let micros = <i64 as sqlx::Decode<'r, sqlx::Postgres>>::decode(value)?;
        // `infinity` and `-infinity` are i64::MAX and MIN: saturate rather than fail.
        Ok(Timestamp(micros.div_euclid(1000).saturating_add(POSTGRES_EPOCH_MS)))
    }
}

/// How long a request waits for a connection before the portal answers 503.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// A pooled connection idle for longer than this is pinged before use (it may have been cut,
/// say by a database restart); one in steady use is not. sqlx's default pings before every
/// use, a round trip that doubled the database work of a submission.
const PING_WHEN_IDLE_FOR: Duration = Duration::from_secs(1);

type Check<'c> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<bool, sqlx::Error>> + Send + 'c>>;

fn ping_if_idle<C: sqlx::Connection>(connection: &mut C, meta: sqlx::pool::PoolConnectionMetadata) -> Check<'_> {
    Box::pin(async move {
        if meta.idle_for > PING_WHEN_IDLE_FOR {
            connection.ping().await?;
        }
        Ok(true)
    })
}

/// The SQLite session file's table (the same shape as PostgreSQL's `sessions`).
const SQLITE_SESSIONS_SCHEMA: [&str; 2] = [
    "CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, data TEXT NOT NULL, expires_at INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS sessions_expiry ON sessions (expires_at)",
];

/// The file beside the portal's SQLite file that holds the sessions: `data/portal.db` →
/// `data/portal.sessions.db`.
pub fn sessions_file(database: &std::path::Path) -> std::path::PathBuf {
    let stem = database.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match database.extension() {
        Some(extension) => format!("{stem}.sessions.{}", extension.to_string_lossy()),
        None => format!("{stem}.sessions"),
    };
    database.with_file_name(name)
}

impl Db {
    /// Connects to `url` (`sqlite://…` or `postgres://…`), creating a SQLite file if missing.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, sqlx::Error> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .test_before_acquire(false)
                .before_acquire(ping_if_idle)
                .max_connections(max_connections)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_lazy(url)?;
            let sessions = PgPoolOptions::new()
                .test_before_acquire(false)
                .before_acquire(ping_if_idle)
                .max_connections(4)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_lazy_with(PgConnectOptions::from_str(url)?.options([("synchronous_commit", "off")]));
            Ok(Db::Postgres(pool, sessions))
        } else {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // FULL: a commit that returned is on disk even if the machine loses power.
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5));
            let write = SqlitePoolOptions::new()
                .test_before_acquire(false)
                .before_acquire(ping_if_idle)
                .max_connections(1)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_with(options.clone())
                .await?;
            // Sessions hold drafts and spent keys, never a submission: their commits skip the
            // fsync (WAL with NORMAL survives a crash of the process, not a power cut). They live
            // in a file of their own, with its own write lock: in the portal's file every step
            // saved waited for the submission writer's commit in SQLite's busy handler, which
            // sleeps a millisecond or more at a time (2.5 ms a save on average under load).
            let sessions_options = options
                .clone()
                .filename(sessions_file(options.get_filename()))
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(false);
            let sessions = SqlitePoolOptions::new()
                .test_before_acquire(false)
                .before_acquire(ping_if_idle)
                .max_connections(4)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_with(sessions_options)
                .await?;
            // A cache of visitors' sessions, not a record: its one table is made here rather
            // than by the portal's migrations (which would otherwise have to run on two files).
            for statement in SQLITE_SESSIONS_SCHEMA {
                sqlx::query(statement).execute(&sessions).await?;
            }
            let read = SqlitePoolOptions::new()
                .test_before_acquire(false)
                .before_acquire(ping_if_idle)
                .max_connections(max_connections.max(2))
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_with(options.read_only(true))
                .await?;
            Ok(Db::Sqlite { write, read, sessions })
        }
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite { .. } => "sqlite",
            Db::Postgres(..) => "postgres",
        }
    }

    /// Applies the migrations of this backend (`migrations/sqlite` or `migrations/postgres`).
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        let migrator = self.migrator().await?;
        match self {
            Db::Sqlite { write, .. } => migrator.run(write).await,
            Db::Postgres(pool, _) => migrator.run(pool).await,
        }
    }

    /// This backend's migrations, compiled into the binary (see `build.rs`).
    pub async fn migrator(&self) -> Result<sqlx::migrate::Migrator, sqlx::migrate::MigrateError> {
        let files = match self {
            Db::Sqlite { .. } => embedded_migrations::SQLITE,
            Db::Postgres(..) => embedded_migrations::POSTGRES,
        };
        sqlx::migrate::Migrator::new(EmbeddedMigrations(files)).await
    }

    /// Starts a transaction on the writer (SQLite's single writer connection, or a PostgreSQL
    /// pool connection): everything written through it is committed together or not at all.
    pub async fn begin(&self) -> Result<Tx, AppError> {
        Ok(match self {
            Db::Sqlite { write, .. } => Tx::Sqlite(write.begin().await?),
            Db::Postgres(pool, _) => Tx::Postgres(pool.begin().await?),
        })
    }

    /// A cheap round trip used by `/health`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_db!(self, read, |pool| sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The version numbers (the part before the first `_`) of the `.sql` files in a folder.
    fn versions(dir: &std::path::Path) -> BTreeSet<String> {
        std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".sql"))
            .map(|name| name.split('_').next().unwrap().to_string())
            .collect()
    }

    /// What one folder has and the other lacks, if anything.
    fn mismatch(sqlite: &std::path::Path, postgres: &std::path::Path) -> Option<String> {
        let (sqlite, postgres) = (versions(sqlite), versions(postgres));
        let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
        let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
        (!only_sqlite.is_empty() || !only_postgres.is_empty())
            .then(|| format!("only in sqlite {only_sqlite:?}, only in postgres {only_postgres:?}"))
    }

    /// The binary's migrations are the folders' files, read by sqlx's own rules: a database
    /// migrated by an earlier build (sqlx's `migrate!` macro) sees the same versions, names and
    /// checksums, and a migration added to a folder is in the next build.
    #[tokio::test]
    async fn the_embedded_migrations_are_the_folders_as_sqlx_reads_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
        for (backend, embedded) in
            [("sqlite", embedded_migrations::SQLITE), ("postgres", embedded_migrations::POSTGRES)]
        {
            let from_folder = sqlx::migrate::Migrator::new(root.join(backend)).await.unwrap();
            let from_binary = sqlx::migrate::Migrator::new(EmbeddedMigrations(embedded)).await.unwrap();
            let summary = |migrator: &sqlx::migrate::Migrator| {
                migrator
                    .iter()
                    .map(|m| (m.version, m.description.to_string(), m.checksum.to_vec(), m.no_tx, m.sql.len()))
                    .collect::<Vec<_>>()
            };
            assert!(from_binary.iter().count() > 20, "{backend}");
            assert_eq!(summary(&from_binary), summary(&from_folder), "{backend}");
        }
    }

    #[test]
    fn both_migration_folders_list_the_same_versions() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
        assert!(!versions(&root.join("sqlite")).is_empty());
        if let Some(difference) = mismatch(&root.join("sqlite"), &root.join("postgres")) {
            panic!("every migration needs its twin in the other folder (migrations/README.md): {difference}");
        }
    }

    #[test]
    fn a_migration_without_its_twin_is_named() {
        let root = std::env::temp_dir().join(format!("portal-migrations-{}", std::process::id()));
        for (dir, files) in [("sqlite", ["1_a.sql", "2_b.sql"]), ("postgres", ["1_a.sql", "README.md"])] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
            for file in files {
                std::fs::write(root.join(dir).join(file), "").unwrap();
            }
        }
        let difference = mismatch(&root.join("sqlite"), &root.join("postgres"));
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(difference.as_deref(), Some("only in sqlite [\"2\"], only in postgres []"));
    }

    #[test]
    fn sessions_live_beside_the_database_file() {
        use std::path::Path;
        assert_eq!(sessions_file(Path::new("data/portal.db")), Path::new("data/portal.sessions.db"));
        assert_eq!(sessions_file(Path::new("/tmp/x/portal")), Path::new("/tmp/x/portal.sessions"));
    }

    #[test]
    fn placeholders_number_every_row_in_turn() {
        assert_eq!(placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(placeholders(1, 1), "($1)");
    }

    #[tokio::test]
    async fn reserved_ids_are_fresh_even_after_the_newest_row_is_deleted() {
        let dir = std::env::temp_dir().join(format!("portal-db-ids-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::connect(&format!("sqlite://{}/ids.db", dir.display()), 2).await.unwrap();
        on_db!(&db, write, |pool| {
            sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)").execute(pool).await.unwrap();
            sqlx::query("INSERT INTO t (v) VALUES ('a'), ('b'), ('c')").execute(pool).await.unwrap();
            sqlx::query("DELETE FROM t WHERE id = 3").execute(pool).await.unwrap();
        });
        let mut tx = db.begin().await.unwrap();
        let ids = tx.reserve_ids("t", 2).await.unwrap();
        assert_eq!(ids, vec![4, 5], "an id once given is never given again");
        on_tx!(&mut tx, |conn| {
            sqlx::query("INSERT INTO t (id, v) VALUES ($1, 'd'), ($2, 'e')")
                .bind(ids[0])
                .bind(ids[1])
                .execute(&mut *conn)
                .await
                .unwrap();
        });
        tx.commit().await.unwrap();
        let mut tx = db.begin().await.unwrap();
        assert_eq!(tx.reserve_ids("t", 1).await.unwrap(), vec![6]);
        assert!(tx.reserve_ids("t", 0).await.unwrap().is_empty());
        drop(tx);
        // The sessions have their own file, with their table.
        assert!(dir.join("ids.sessions.db").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn a_transaction_commits_together_or_not_at_all_and_times_round_trip() {
        let dir = std::env::temp_dir().join(format!("portal-db-tx-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::connect(&format!("sqlite://{}/tx.db", dir.display()), 2).await.unwrap();
        on_db!(&db, write, |pool| {
            sqlx::query("CREATE TABLE t (at INTEGER NOT NULL)").execute(pool).await.unwrap();
        });
        let mut tx = db.begin().await.unwrap();
        for at in [1_796_000_000_123, 2] {
            on_tx!(&mut tx, |conn| {
                sqlx::query("INSERT INTO t (at) VALUES ($1)").bind(Timestamp(at)).execute(&mut *conn).await.unwrap();
            });
        }
        tx.rollback().await.unwrap();
        let count = |db: Db| async move {
            on_db!(&db, read, |pool| sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM t").fetch_one(pool).await)
                .unwrap()
        };
        assert_eq!(count(db.clone()).await, 0, "rolled back");
        let mut tx = db.begin().await.unwrap();
        on_tx!(&mut tx, |conn| {
            sqlx::query("INSERT INTO t (at) VALUES ($1)")
                .bind(Timestamp(1_796_000_000_123))
                .execute(&mut *conn)
                .await
                .unwrap();
        });
        tx.commit().await.unwrap();
        let at: Timestamp =
            on_db!(&db, read, |pool| sqlx::query_scalar("SELECT at FROM t").fetch_one(pool).await).unwrap();
        assert_eq!(at, Timestamp(1_796_000_000_123));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The rebuild of `organisations` (to allow government agencies) on a database that already
    /// holds organisations: every child row is kept, foreign keys point at the new table and are
    /// enforced again, and the new kind is accepted.
    #[tokio::test]
    async fn the_organisations_rebuild_keeps_what_refers_to_them() {
        const REBUILD: i64 = 20261201000050;
        let dir = std::env::temp_dir().join(format!("portal-db-rebuild-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::connect(&format!("sqlite://{}/rebuild.db", dir.display()), 2).await.unwrap();
        let Db::Sqlite { write, read, .. } = &db else { unreachable!() };
        let all = db.migrator().await.unwrap();
        let mut before = db.migrator().await.unwrap();
        before.migrations = all.migrations.iter().filter(|m| m.version < REBUILD).cloned().collect::<Vec<_>>().into();
        before.run(write).await.unwrap();
        for sql in [
            "INSERT INTO organisations (id, kind, website, email, phone, address) VALUES ('a', 'municipality', '', '', '', '')",
            "INSERT INTO organisation_texts (organisation_id, lang, name, description, opening_hours) \
             VALUES ('a', 'sv', 'A', '', '')",
        ] {
            sqlx::query(sql).execute(write).await.unwrap();
        }
        all.run(write).await.unwrap();
        let count = |sql: &'static str| async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(read).await.unwrap() };
        assert_eq!(count("SELECT COUNT(*) FROM organisation_texts").await, 1, "the children are kept");
        assert_eq!(count("SELECT COUNT(*) FROM pragma_foreign_key_check").await, 0);
        assert_eq!(sqlx::query_scalar::<_, i64>("PRAGMA foreign_keys").fetch_one(write).await.unwrap(), 1);
        sqlx::query("INSERT INTO organisations (id, kind, website, email, phone, address) VALUES ('p', 'government_agency', '', '', '', '')")
            .execute(write)
            .await
            .unwrap();
        let orphan = "INSERT INTO organisation_texts (organisation_id, lang, name, description, opening_hours) \
                      VALUES ('none', 'sv', 'X', '', '')";
        assert!(sqlx::query(orphan).execute(write).await.is_err(), "foreign keys are enforced again");
        sqlx::query("DELETE FROM organisations WHERE id = 'a'").execute(write).await.unwrap();
        assert_eq!(count("SELECT COUNT(*) FROM organisation_texts").await, 0, "and cascade to the new table");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
