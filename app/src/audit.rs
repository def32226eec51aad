//! The audit trail: what was done, by whom, to what, and how it ended, one row per event in
//! `audit_events`, written in the same transaction as the change it records. Actors are
//! pseudonymous (`person:12`); a row never holds a personal identity number, a token or what
//! someone typed.

use crate::{
    db::{Db, Timestamp, Tx},
    error::AppError,
    on_tx,
};

/// One event.
#[derive(Clone, Debug)]
pub struct Event {
    pub at_ms: i64,
    /// `person:12`, `anonymous`, `system`.
    pub actor: String,
    /// What was done: `sign-in`, `sign-in-refused`, `sign-out`, `data-export`, …
    pub action: &'static str,
    /// What it was done to, if anything: `person:12`.
    pub object: Option<String>,
    /// `ok`, or why it was refused (`state-unknown`, `loa-too-low`, …).
    pub outcome: &'static str,
    /// More about it (provider, level of assurance); never personal data.
    pub details: serde_json::Value,
}

/// Writes `event` inside the caller's transaction.
pub async fn record(tx: &mut Tx, event: &Event) -> Result<(), AppError> {
    record_many(tx, std::slice::from_ref(event)).await
}

/// The statement [`bind_audit_events`] binds rows for, and its width.
pub const INSERT: &str = "INSERT INTO audit_events (at, actor, action, object, outcome, details) VALUES";
pub const WIDTH: usize = 6;

/// Binds `events` to a query (or [`crate::db::PgBinds`]) in [`INSERT`]'s order.
macro_rules! bind_audit_events {
    ($query:expr, $events:expr) => {{
        let mut query = $query;
        for event in $events {
            query = query
                .bind($crate::db::Timestamp(event.at_ms))
                .bind(&event.actor)
                .bind(event.action)
                .bind(&event.object)
                .bind(event.outcome)
                .bind(sqlx::types::Json(&event.details));
        }
        query
    }};
}
pub(crate) use bind_audit_events;

/// Writes `events` inside the caller's transaction, a statement per
/// [`crate::db::ROWS_PER_STATEMENT`] events (a group commit's batch costs one round trip).
pub async fn record_many(tx: &mut Tx, events: &[Event]) -> Result<(), AppError> {
    for chunk in events.chunks(crate::db::ROWS_PER_STATEMENT) {
        let sql = format!("{INSERT} {}", crate::db::placeholders(chunk.len(), WIDTH));
        on_tx!(&mut *tx, |conn| bind_audit_events!(sqlx::query(&sql), chunk)
            .execute(&mut *conn)
            .await?
            .rows_affected());
    }
    Ok(())
}

/// Writes `event` in a transaction of its own (an event that changes nothing else).
pub async fn record_alone(db: &Db, event: &Event) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    record(&mut tx, event).await?;
    tx.commit().await
}

crate::db_row! {
    /// A stored event, as the person it concerns or an auditor sees it.
    #[derive(Clone, Debug, serde::Serialize)]
    pub struct StoredEvent {
        pub at: Timestamp,
        pub actor: String,
        pub action: String,
        pub object: Option<String>,
        pub outcome: String,
    }
}

/// The events by or about `name` (`person:12`), newest first, at most `limit`.
pub async fn events_of(db: &Db, name: &str, limit: i64) -> Result<Vec<StoredEvent>, AppError> {
    Ok(crate::on_db!(db, read, |pool| {
        sqlx::query_as::<_, StoredEvent>(
            "SELECT at, actor, action, object, outcome FROM audit_events \
             WHERE actor = $1 OR object = $1 ORDER BY at DESC, id DESC LIMIT $2",
        )
        .bind(name)
        .bind(limit)
        .fetch_all(pool)
        .await?
    }))
}
