//! The session store: visitors' sessions (language, form drafts) in the portal's own table.
//!
//! Every request reads its session, so the read is the hot path. Reads go through one loader
//! task that holds its own connection and fetches every session asked for at the same moment
//! with one query. Holding the connection matters on PostgreSQL: sqlx's pool sends a round trip
//! ("ping") each time a connection goes back to it, which doubled the database work of a read.
//! Writes are rare (a session changes when an answer is saved) and go through the pool.
//! Records are kept as JSON, so both backends run the same SQL; expired sessions are deleted by
//! [`delete_expired`], which the server runs periodically (they hold draft answers).

use crate::{db::Db, on_db};
use async_trait::async_trait;
use sqlx::pool::PoolConnection;
use std::{
    collections::HashMap,
    sync::{Arc, OnceLock},
};
use tokio::sync::{mpsc, oneshot};
use tower_sessions::{
    session::{Id, Record},
    session_store::{self, Error, SessionStore},
};

/// At most this many sessions are read by one query.
const MAX_BATCH: usize = 64;

/// The session store over the portal's database (SQLite: its own small pool; PostgreSQL: the pool).
#[derive(Clone, Debug)]
pub struct PortalSessionStore {
    db: Db,
    loads: Arc<OnceLock<mpsc::Sender<Load>>>,
}

struct Load {
    id: String,
    reply: oneshot::Sender<Result<Option<String>, String>>,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// A session untouched this long is gone: it holds draft answers (personal identity numbers,
/// addresses), and the next person at a shared computer must not find them.
pub const IDLE_TIMEOUT_MS: i64 = 2 * 60 * 60 * 1000;

/// When the record expires in the store: at the latest two hours after this write, however
/// long tower-sessions would keep it (the cookie itself ends with the browser session).
fn expires_at_ms(record: &Record) -> i64 {
    let asked = (record.expiry_date.unix_timestamp_nanos() / 1_000_000) as i64;
    asked.min(now_ms() + IDLE_TIMEOUT_MS)
}

fn backend(error: impl std::fmt::Display) -> Error {
    Error::Backend(error.to_string())
}

impl PortalSessionStore {
    pub fn new(db: Db) -> Self {
        PortalSessionStore { db, loads: Arc::default() }
    }

    fn encode(record: &Record) -> session_store::Result<String> {
        serde_json::to_string(record).map_err(|e| Error::Encode(e.to_string()))
    }
}

#[async_trait]
impl SessionStore for PortalSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // An id drawn twice (128 random bits: not expected in practice) draws again.
        loop {
            let data = Self::encode(record)?;
            let (id, expires_at) = (record.id.to_string(), expires_at_ms(record));
            let inserted = on_db!(&self.db, sessions, |pool| {
                sqlx::query("INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                    .bind(&id)
                    .bind(&data)
                    .bind(crate::db::Timestamp(expires_at))
                    .execute(pool)
                    .await
                    .map_err(backend)?
                    .rows_affected()
            });
            if inserted == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = Self::encode(record)?;
        let (id, expires_at) = (record.id.to_string(), expires_at_ms(record));
        on_db!(&self.db, sessions, |pool| {
            sqlx::query(
                "INSERT INTO sessions (id, data, expires_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
            )
            .bind(&id)
            .bind(&data)
            .bind(crate::db::Timestamp(expires_at))
            .execute(pool)
            .await
            .map_err(backend)?;
        });
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let queue = self.loads.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(4 * MAX_BATCH);
            tokio::spawn(run_loader(self.db.clone(), receiver));
            sender
        });
        let (reply, answer) = oneshot::channel();
        queue
            .send(Load { id: id.to_string(), reply })
            .await
            .map_err(|_| Error::Backend("the session loader has stopped".into()))?;
        let data = answer.await.map_err(|_| Error::Backend("the session loader dropped a read".into()))?;
        match data.map_err(Error::Backend)? {
            Some(data) => serde_json::from_str(&data).map(Some).map_err(|e| Error::Decode(e.to_string())),
            None => Ok(None),
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        on_db!(&self.db, sessions, |pool| {
            sqlx::query("DELETE FROM sessions WHERE id = $1")
                .bind(id.to_string())
                .execute(pool)
                .await
                .map_err(backend)?;
        });
        Ok(())
    }
}

/// Deletes the sessions that have expired; returns how many.
pub async fn delete_expired(db: &Db) -> Result<u64, sqlx::Error> {
    Ok(on_db!(db, sessions, |pool| {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(crate::db::Timestamp(now_ms()))
            .execute(pool)
            .await?
            .rows_affected()
    }))
}

/// The connection the loader holds, on whichever backend.
enum Held {
    Sqlite(PoolConnection<sqlx::Sqlite>),
    Postgres(PoolConnection<sqlx::Postgres>),
}

/// The loader task: ends when every store handle is gone. A read that fails drops the held
/// connection (it may be broken, say by a database restart); the next read takes a fresh one.
async fn run_loader(db: Db, mut queue: mpsc::Receiver<Load>) {
    let mut held: Option<Held> = None;
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let reused = held.is_some();
        let result = match read_batch(&db, &mut held, &batch).await {
            // A connection held since an earlier read may have been cut meanwhile: one more try
            // on a fresh one before the visitors are told.
            Err(_) if reused => {
                held = None;
                read_batch(&db, &mut held, &batch).await
            }
            result => result,
        };
        match result {
            Ok(found) => {
                // One browser sends several requests at once (a page and its scripts), so an id
                // can be asked for more than once in a batch: each of them gets the record.
                for load in batch.drain(..) {
                    let _ = load.reply.send(Ok(found.get(&load.id).cloned()));
                }
            }
            Err(error) => {
                held = None;
                let error = error.to_string();
                for load in batch.drain(..) {
                    let _ = load.reply.send(Err(error.clone()));
                }
            }
        }
    }
}

async fn read_batch(db: &Db, held: &mut Option<Held>, batch: &[Load]) -> Result<HashMap<String, String>, sqlx::Error> {
    let connection = match held {
        Some(connection) => connection,
        None => held.insert(match db {
            Db::Sqlite { sessions, .. } => Held::Sqlite(sessions.acquire().await?),
            Db::Postgres(_, sessions) => Held::Postgres(sessions.acquire().await?),
        }),
    };
    let sql = load_sql(batch.len());
    macro_rules! read {
        ($connection:expr) => {{
            let mut query = sqlx::query_as::<_, (String, String)>(&sql);
            for load in batch {
                query = query.bind(&load.id);
            }
            query.bind(crate::db::Timestamp(now_ms())).fetch_all(&mut **$connection).await?
        }};
    }
    let rows = match connection {
        Held::Sqlite(connection) => read!(connection),
        Held::Postgres(connection) => read!(connection),
    };
    Ok(rows.into_iter().collect())
}

/// `SELECT … WHERE id IN ($1, …, $n) AND expires_at > $n+1`.
fn load_sql(ids: usize) -> String {
    let list: Vec<String> = (1..=ids).map(|i| format!("${i}")).collect();
    format!("SELECT id, data FROM sessions WHERE id IN ({}) AND expires_at > ${}", list.join(", "), ids + 1)
}

/// The visitor's session, in a server function or a page's loader.
///
/// A render whose client has gone (a closed tab, a load test's cancelled request) loses its
/// request context: nobody waits for the answer, so that is worth a debug line only. A missing
/// session layer is a wiring bug every request would hit: an error.
pub async fn current() -> Result<tower_sessions::Session, crate::error::AppError> {
    if leptos::prelude::use_context::<http::request::Parts>().is_none() {
        tracing::debug!("no request context left to read the session from: its client has gone");
        return Err(crate::error::AppError::Unavailable);
    }
    leptos_axum::extract::<tower_sessions::Session>().await.map_err(|error| {
        tracing::error!(%error, "no session layer");
        crate::error::AppError::Internal
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_query_reads_every_session_asked_for() {
        assert_eq!(load_sql(1), "SELECT id, data FROM sessions WHERE id IN ($1) AND expires_at > $2");
        assert!(load_sql(3).ends_with("IN ($1, $2, $3) AND expires_at > $4"));
    }
}
