//! The outbox: messages written in the same transaction as what caused them, then delivered
//! by a background worker. A failed delivery is retried later and never loses the message.
//! Several portal instances can share one outbox: a message is leased before it is sent.

use super::now_ms;
use crate::{db::Db, on_db};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Message {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub attempts: i64,
}

/// How long a leased message is left to one worker before another may try it.
const LEASE_MS: i64 = 60_000;

/// Leases up to `limit` messages that are due.
///
/// On PostgreSQL the rows are chosen `FOR UPDATE SKIP LOCKED`. Without it, two workers that
/// look at the same moment both choose the same ids in the subquery (each from its own
/// snapshot); the second UPDATE waits for the first one's row locks, and after that commits it
/// rechecks only `id IN (…)`, which still holds, so both lease — and both deliver — the same
/// messages. With the lock, the second skips rows being leased, and a row leased since its
/// snapshot is re-read and fails the lease condition. SQLite runs the statement under its
/// single write lock (a stale snapshot cannot write), so the plain statement is safe there.
pub async fn claim_due(db: &Db, limit: i64) -> Result<Vec<Message>, sqlx::Error> {
    let now = now_ms();
    let lock = match db {
        Db::Postgres(..) => " FOR UPDATE SKIP LOCKED",
        Db::Sqlite { .. } => "",
    };
    let sql = format!(
        "UPDATE outbox SET lease_until = $1 WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL \
         AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until < $2) ORDER BY id LIMIT $3{lock}) \
         RETURNING id, kind, payload, attempts"
    );
    Ok(on_db!(db, write, |pool| {
        sqlx::query_as(&sql).bind(now + LEASE_MS).bind(now).bind(limit).fetch_all(pool).await?
    }))
}

pub async fn mark_sent(db: &Db, id: i64) -> Result<(), sqlx::Error> {
    on_db!(db, write, |pool| {
        sqlx::query("UPDATE outbox SET sent_at = $1, lease_until = NULL, last_error = NULL WHERE id = $2")
            .bind(now_ms())
            .bind(id)
            .execute(pool)
            .await?;
    });
    Ok(())
}

/// Records a failed attempt; the next one waits `base_ms` doubled per attempt, at most an hour.
pub async fn mark_failed(db: &Db, message: &Message, error: &str, base_ms: i64) -> Result<(), sqlx::Error> {
    let delay = base_ms.saturating_mul(1 << message.attempts.clamp(0, 20)).min(3_600_000);
    let error: String = error.chars().take(500).collect();
    on_db!(db, write, |pool| {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, lease_until = NULL, last_error = $2 \
             WHERE id = $3",
        )
        .bind(now_ms() + delay)
        .bind(error)
        .bind(message.id)
        .execute(pool)
        .await?;
    });
    Ok(())
}

/// (pending, sent) message counts, for health and tests.
pub async fn counts(db: &Db) -> Result<(i64, i64), sqlx::Error> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT COALESCE(SUM(CASE WHEN sent_at IS NULL THEN 1 ELSE 0 END), 0), \
             COALESCE(SUM(CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END), 0) FROM outbox",
        )
        .fetch_one(pool)
        .await?
    }))
}
