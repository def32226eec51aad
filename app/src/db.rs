//! The storage seam: one `Db` value over either SQLite (embedded default) or PostgreSQL.
//!
//! Most SQL is written once with `$1` placeholders and runs on both backends through
//! [`on_db!`]; where the engines differ (full-text search), the storage code matches on the
//! variant. SQLite uses one writer connection (durable WAL commits) and a separate read pool.

use sqlx::{
    postgres::{PgPool, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous},
};
use std::{str::FromStr, time::Duration};

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
                .connect_lazy_with(
                    sqlx::postgres::PgConnectOptions::from_str(url)?.options([("synchronous_commit", "off")]),
                );
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
            // fsync (WAL with NORMAL survives a crash of the process, not a power cut), so the
            // write emptying a sent draft does not halve the rate of durable submissions.
            let sessions = SqlitePoolOptions::new()
                .test_before_acquire(false)
                .before_acquire(ping_if_idle)
                .max_connections(4)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_with(options.clone().synchronous(SqliteSynchronous::Normal))
                .await?;
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
        match self {
            Db::Sqlite { write, .. } => sqlx::migrate!("../migrations/sqlite").run(write).await,
            Db::Postgres(pool, _) => sqlx::migrate!("../migrations/postgres").run(pool).await,
        }
    }

    /// A cheap round trip used by `/health`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        on_db!(self, read, |pool| sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))
    }
}
