//! Group commit of submissions: those sent at the same moment share one durable commit.
//!
//! A durable commit waits for the disk (SQLite's single writer, PostgreSQL's WAL flush), so
//! under load the portal spends most of a submission waiting for its turn to commit. One writer
//! task takes every submission that is waiting, inserts them with one statement in one
//! transaction, and answers each sender only after the commit has returned. Nothing is answered
//! before it is on disk, and a crash before the commit loses only unanswered work, which the
//! senders' retries (same idempotency key) store exactly once. A batch that fails is retried row
//! by row, so one bad row never fails the others. The receipts of a batch are queued as jobs
//! (`crate::jobs`) in the same transaction.

use crate::{db::Db, error::AppError, jobs, on_db, on_tx};
use std::{
    collections::HashMap,
    sync::{Arc, OnceLock},
};
use tokio::sync::{mpsc, oneshot};

/// At most this many submissions share a commit (9 parameters each, far below either
/// database's limit on bound parameters).
const MAX_BATCH: usize = 64;

/// One submission ready to store: the reference is drawn by the sender.
#[derive(Debug)]
pub struct Row {
    pub reference: String,
    pub key: String,
    pub organisation_id: String,
    pub service_id: String,
    pub form_id: String,
    pub form_version: i64,
    pub lang: &'static str,
    pub answers: serde_json::Value,
    pub submitted_at: i64,
    /// The receipt (a [`jobs::Receipt`] as JSON) to queue as a job if this row is the one
    /// stored for its key.
    pub receipt: Option<String>,
    /// The case to open for it (a service handled as a case), in the same commit.
    pub case: Option<crate::cases::api::NewCase>,
    /// Instead of a case: the consent requests to record for it (both guardians), in the same commit.
    pub consent: Option<super::consent::Hold>,
}

struct Pending {
    row: Row,
    reply: oneshot::Sender<Result<Option<String>, AppError>>,
}

/// The handle to the writer task, started on first use inside the runtime that uses it.
#[derive(Clone, Debug)]
pub struct SubmissionWriter {
    db: Db,
    queue: Arc<OnceLock<mpsc::Sender<Pending>>>,
}

impl SubmissionWriter {
    pub fn new(db: Db) -> Self {
        SubmissionWriter { db, queue: Arc::default() }
    }

    /// Stores `row` unless a submission with its idempotency key exists. Returns the
    /// reference stored for that key by this call (`Some(row.reference)`), by an earlier call or
    /// a concurrent one in the same batch (their reference), or `None` when this row's freshly
    /// drawn reference was taken (draw another and call again).
    pub async fn store(&self, row: Row) -> Result<Option<String>, AppError> {
        let queue = self.queue.get_or_init(|| {
            let (sender, receiver) = mpsc::channel(4 * MAX_BATCH);
            tokio::spawn(run(self.db.clone(), receiver));
            sender
        });
        let (reply, answer) = oneshot::channel();
        if queue.send(Pending { row, reply }).await.is_err() {
            tracing::error!("the submission writer has stopped");
            return Err(AppError::Internal);
        }
        answer.await.unwrap_or_else(|_| {
            tracing::error!("the submission writer dropped a submission unanswered");
            Err(AppError::Internal)
        })
    }
}

/// The writer task: ends when every handle is gone.
async fn run(db: Db, mut queue: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    let mut case_ids = crate::cases::api::CaseIds::default();
    while queue.recv_many(&mut batch, MAX_BATCH).await > 0 {
        // Those answered by the last commit often send again at once (a form's next
        // submission, a retry): one yield lets them join this commit rather than wait for the
        // next. Without it, eight senders settled into two halves taking turns.
        tokio::task::yield_now().await;
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(pending) => batch.push(pending),
                Err(_) => break,
            }
        }
        crate::metrics::record_group_commit_batch(batch.len());
        let started = std::time::Instant::now();
        let committed = commit(&db, &batch, &mut case_ids).await;
        crate::metrics::record_group_commit_duration(started.elapsed());
        match committed {
            Ok(stored) => {
                for pending in batch.drain(..) {
                    let reference = stored.get(&pending.row.key).cloned();
                    let _ = pending.reply.send(Ok(reference));
                }
            }
            Err(error) if batch.len() > 1 => {
                tracing::warn!(%error, rows = batch.len(), "a shared commit failed; committing row by row");
                for pending in batch.drain(..) {
                    let result = commit(&db, std::slice::from_ref(&pending), &mut case_ids)
                        .await
                        .map(|stored| stored.get(&pending.row.key).cloned());
                    let _ = pending.reply.send(result);
                }
            }
            Err(error) => {
                for pending in batch.drain(..) {
                    let _ = pending.reply.send(Err(error.clone()));
                }
            }
        }
    }
}

/// The columns of a submission, in the order [`bind_submissions`] binds them.
const SUBMISSION_COLUMNS: &str =
    "reference, idempotency_key, organisation_id, service_id, form_id, form_version, lang, answers, submitted_at";

/// Binds the batch's submissions to a query or a [`crate::db::PgBinds`], in [`SUBMISSION_COLUMNS`]'s order.
macro_rules! bind_submissions {
    ($query:expr, $batch:expr) => {{
        let mut query = $query;
        for Pending { row, .. } in $batch {
            query = query
                .bind(&row.reference)
                .bind(&row.key)
                .bind(&row.organisation_id)
                .bind(&row.service_id)
                .bind(&row.form_id)
                .bind(row.form_version)
                .bind(row.lang)
                .bind(sqlx::types::Json(&row.answers))
                .bind(crate::db::Timestamp(row.submitted_at));
        }
        query
    }};
}

/// Inserts the batch in one transaction and returns, per idempotency key, the reference stored
/// for it now or before. The receipts of the rows stored now are queued as jobs in the same
/// transaction, so a receipt exists exactly when its submission does.
async fn commit(
    db: &Db,
    batch: &[Pending],
    case_ids: &mut crate::cases::api::CaseIds,
) -> Result<HashMap<String, String>, AppError> {
    let insert = insert_sql(batch.len());
    let keys = lookup_sql(batch.len());
    // The same statements on either backend's pool or transaction.
    macro_rules! insert_rows {
        ($executor:expr) => {{
            let query = bind_submissions!(sqlx::query_as::<_, (String, String)>(&insert), batch);
            query.fetch_all($executor).await?.into_iter().collect::<HashMap<String, String>>()
        }};
    }
    // Keys that were taken before keep the reference they were stored with.
    macro_rules! add_taken_keys {
        ($stored:ident, $executor:expr) => {
            if $stored.len() < batch.len() {
                let mut query = sqlx::query_as::<_, (String, String)>(&keys);
                for Pending { row, .. } in batch {
                    query = query.bind(&row.key);
                }
                $stored.extend(query.fetch_all($executor).await?);
            }
        };
    }
    if batch.iter().all(|p| p.row.receipt.is_none() && p.row.case.is_none() && p.row.consent.is_none()) {
        // One statement is its own transaction: one round trip, one commit.
        return on_db!(db, write, |pool| {
            async {
                let mut stored = insert_rows!(pool);
                add_taken_keys!(stored, pool);
                Ok(stored)
            }
            .await
        });
    }
    // A receipt that is not one is a bug in the caller: refuse the row before writing anything.
    let receipts = batch
        .iter()
        .map(|p| match p.row.receipt.as_deref() {
            Some(text) => serde_json::from_str::<jobs::Receipt>(text).map(Some).map_err(|_| {
                tracing::error!(key_len = p.row.key.len(), "a receipt that is not a receipt payload");
                AppError::Internal
            }),
            None => Ok(None),
        })
        .collect::<Result<Vec<_>, _>>()?;
    // PostgreSQL: submissions opening plain cases, with nothing else to write, go in as one
    // statement. Any other batch goes in steps below, and so does one whose statement failed (a
    // key sent before or twice in the batch, a reference drawn twice: it wrote nothing).
    if let Db::Postgres(pool, _) = db {
        if batch.iter().all(|p| p.row.consent.is_none() && p.row.case.is_some()) {
            match in_one_statement(pool, batch, &receipts, case_ids).await {
                Ok(Some(stored)) => {
                    crate::metrics::record_one_statement(true);
                    return Ok(stored);
                }
                Ok(None) => {}
                Err(error) => {
                    crate::metrics::record_one_statement(false);
                    tracing::debug!(%error, rows = batch.len(), "a one-statement batch failed; committing in steps")
                }
            }
        }
    }
    let mut tx = db.begin().await?;
    let mut stored = on_tx!(&mut tx, |conn| insert_rows!(&mut *conn));
    let fresh = |p: &Pending| stored.get(&p.row.key) == Some(&p.row.reference);
    // The cases of the submissions stored now, registered in the same commit; their numbers go
    // into the receipts.
    let cases: Vec<crate::cases::api::NewCase> =
        batch.iter().filter(|p| fresh(p)).filter_map(|p| p.row.case.clone()).collect();
    let opened = crate::cases::api::open(&mut tx, &cases).await?;
    let numbers: HashMap<String, String> = cases
        .iter()
        .zip(opened)
        .filter_map(|(case, opened)| Some((case.submission_reference.clone()?, opened.case_number?)))
        .collect();
    let queued: Vec<jobs::Receipt> = batch
        .iter()
        .zip(receipts)
        .filter(|(p, _)| fresh(p))
        .filter_map(|(p, receipt)| {
            receipt.map(|mut receipt| {
                receipt.case_number = numbers.get(&p.row.reference).cloned();
                receipt
            })
        })
        .collect();
    // Due at once; the batch's first submission time stands for all (the writer's clock).
    let at = batch.iter().map(|p| p.row.submitted_at).min().unwrap_or_default();
    jobs::enqueue_many(&mut tx, &jobs::RECEIPT, &queued, at).await?;
    let held: Vec<(&str, &super::consent::Hold)> = batch
        .iter()
        .filter(|p| fresh(p))
        .filter_map(|p| Some((p.row.reference.as_str(), p.row.consent.as_ref()?)))
        .collect();
    super::consent::record(&mut tx, &held, at).await?;
    on_tx!(&mut tx, |conn| add_taken_keys!(stored, &mut *conn));
    tx.commit().await?;
    Ok(stored)
}

/// The batch's submissions and their cases in one statement (see `cases::api::open_in_one_statement`),
/// which fails whole unless every submission went in: a key sent before (or twice in the batch) or
/// a reference drawn twice leaves its row out, quietly — a plain INSERT would fail instead, and
/// PostgreSQL's log would name the key. `Ok(None)`: not for these cases.
async fn in_one_statement(
    pool: &sqlx::PgPool,
    batch: &[Pending],
    receipts: &[Option<jobs::Receipt>],
    case_ids: &mut crate::cases::api::CaseIds,
) -> Result<Option<HashMap<String, String>>, AppError> {
    let lead = format!(
        "submitted AS (INSERT INTO submissions ({SUBMISSION_COLUMNS}) VALUES {} ON CONFLICT DO NOTHING RETURNING 1)",
        crate::db::placeholders(batch.len(), 9)
    );
    let all_stored = format!("(SELECT count(*) FROM submitted) = {}", batch.len());
    let binds = bind_submissions!(crate::db::PgBinds::default(), batch);
    let cases: Vec<crate::cases::api::NewCase> = batch.iter().filter_map(|p| p.row.case.clone()).collect();
    // The receipts, each with its case's number (drawn in the statement), due at once.
    let at = batch.iter().map(|p| p.row.submitted_at).min().unwrap_or_default();
    let receipts_part = |mut binds: crate::db::PgBinds, number: &dyn Fn(usize) -> String| {
        let queued: Vec<(usize, &jobs::Receipt)> =
            receipts.iter().enumerate().filter_map(|(i, r)| Some((i, r.as_ref()?))).collect();
        if queued.is_empty() {
            return (Vec::new(), binds);
        }
        let (kind, when) = (binds.bound() + 1, binds.bound() + 2);
        binds = binds.bind(jobs::RECEIPT.name).bind(crate::db::Timestamp(at));
        let mut values = Vec::with_capacity(queued.len());
        for (i, receipt) in queued {
            values.push(format!(
                "(${kind}, ${} || jsonb_build_object('case_number', {}), ${when}, ${when})",
                binds.bound() + 1,
                number(i)
            ));
            binds = binds.bind(sqlx::types::Json(receipt));
        }
        let part =
            format!("receipts AS (INSERT INTO jobs (kind, payload, created_at, run_at) VALUES {})", values.join(", "));
        (vec![part], binds)
    };
    let opened =
        crate::cases::api::open_in_one_statement(pool, &lead, &all_stored, binds, &cases, case_ids, receipts_part)
            .await?;
    Ok(opened.map(|_| batch.iter().map(|p| (p.row.key.clone(), p.row.reference.clone())).collect()))
}

fn insert_sql(rows: usize) -> String {
    // No conflict target: a taken idempotency key (sent before) and a taken reference (drawn
    // twice) both leave the row out; the caller tells them apart by looking the key up.
    format!(
        "INSERT INTO submissions ({SUBMISSION_COLUMNS}) VALUES {} ON CONFLICT DO NOTHING \
         RETURNING idempotency_key, reference",
        crate::db::placeholders(rows, 9)
    )
}

fn lookup_sql(rows: usize) -> String {
    let list: Vec<String> = (1..=rows).map(|i| format!("${i}")).collect();
    format!("SELECT idempotency_key, reference FROM submissions WHERE idempotency_key IN ({})", list.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_number_every_row_in_turn() {
        assert!(insert_sql(64).contains("$576)"));
        assert!(lookup_sql(3).ends_with("IN ($1, $2, $3)"));
    }
}
