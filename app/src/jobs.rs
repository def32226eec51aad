//! The jobs queue: work written in the same transaction as what caused it, then done by workers.
//!
//! A capability enqueues a typed job inside its own transaction ([`enqueue`] with a [`Tx`]), so
//! the job exists exactly when what caused it does. Workers (the server's dispatch table) lease
//! due jobs, run them, and complete them, or record a failure: the job is retried with
//! exponential backoff per kind, and after the kind's last attempt it is `dead` (dead letters)
//! with its last error kept, until an operator retries it (`server jobs retry`). Several worker
//! tasks and several portal processes share one queue: a job is leased before it runs.
//!
//! States: `waiting` (due, scheduled, or leased by a worker until `lease_until`), `done`, `dead`.
//! Times are [`Timestamp`]s (INTEGER ms on SQLite, `timestamptz` on PostgreSQL) from the
//! caller's [`Clock`]; payloads are JSON (`TEXT` on SQLite, `jsonb` on PostgreSQL).

use crate::{
    clock::Clock,
    db::{Db, Timestamp, Tx},
    error::AppError,
    on_db, on_tx,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sqlx::types::Json;
use std::marker::PhantomData;

/// How often a kind is tried and how long it waits between tries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// After this many failed attempts the job is `dead`.
    pub max_attempts: i64,
    /// The wait after the first failure, doubled after each further one (at most an hour).
    pub base_delay_ms: i64,
}

/// A kind of job: its name in the `jobs` table, its retry policy, and (as a type) its payload.
#[derive(Debug)]
pub struct Kind<P> {
    pub name: &'static str,
    pub policy: Policy,
    payload: PhantomData<fn() -> P>,
}

// By hand: a derive would ask `P: Clone`, and a kind is copied whatever its payload.
impl<P> Clone for Kind<P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P> Copy for Kind<P> {}

impl<P> Kind<P> {
    pub const fn new(name: &'static str, max_attempts: i64, base_delay_ms: i64) -> Self {
        Kind { name, policy: Policy { max_attempts, base_delay_ms }, payload: PhantomData }
    }
}

/// The receipt of a submission, mailed to the address the submitter gave. The texts are in the
/// submission's language; the form's answers are never part of it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Receipt {
    pub to: String,
    pub reference: String,
    /// A language code (`sv`, `en`); unknown or missing: Swedish.
    #[serde(default)]
    pub lang: String,
    /// The form's title and the service's name, as the submitter saw them.
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub service: String,
    /// The case number, when the submission became a registered case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<String>,
}

/// Receipts: a mail server that is away for a while (tries over about 8.5 hours with the
/// default 30 s base) must not lose one.
pub const RECEIPT: Kind<Receipt> = Kind::new("receipt", 12, 30_000);

/// A link that confirms an e-mail address a signed-in person gave (My pages, profile).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EmailConfirmation {
    pub to: String,
    /// The whole link, with its one-time code.
    pub link: String,
    /// A language code (`sv`, `en`).
    #[serde(default)]
    pub lang: String,
}

pub const CONFIRM_EMAIL: Kind<EmailConfirmation> = Kind::new("confirm-email", 12, 30_000);

/// A notice to a resident that something happened in their case: only the case number and a
/// link to My pages, never what the case is about.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CaseNotice {
    pub to: String,
    pub case_number: String,
    /// `registered`, `completion-requested`, `communicated`, `message`, `decided`.
    pub event: String,
    /// The case in My pages.
    pub link: String,
    #[serde(default)]
    pub lang: String,
}

pub const CASE_NOTICE: Kind<CaseNotice> = Kind::new("case-notice", 12, 30_000);

/// A reminder to the organisation a question was referred to: two days before the reply date,
/// and the day after it (`overdue`). When it runs it looks at the referral again and sends
/// nothing if it has been answered; it names the case number and links to the referral, never
/// the question (which may concern a person).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReferralReminder {
    pub referral_id: i64,
    pub overdue: bool,
}

pub const REFERRAL_REMINDER: Kind<ReferralReminder> = Kind::new("referral-reminder", 12, 30_000);

/// A notice that a signed-in person's draft will be deleted on `expires` (a date) unless they
/// continue with it: the date and a link to My pages, never which form (its title may say
/// something about them).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DraftExpiry {
    pub to: String,
    pub expires: String,
    /// The drafts in My pages.
    pub link: String,
    #[serde(default)]
    pub lang: String,
}

pub const DRAFT_EXPIRY: Kind<DraftExpiry> = Kind::new("draft-expiry", 12, 30_000);

/// A notice to a guardian that the other guardian has sent an application for their child that
/// waits for their approval: a link to the task in My pages, never the child or the service.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ConsentRequest {
    pub to: String,
    /// The task in My pages (a path).
    pub link: String,
    #[serde(default)]
    pub lang: String,
}

pub const CONSENT_REQUEST: Kind<ConsentRequest> = Kind::new("consent-request", 12, 30_000);

/// Every kind the portal knows, so counts show each (at zero when idle) and the CLI names them.
pub const KINDS: &[&str] = &[
    RECEIPT.name,
    CONFIRM_EMAIL.name,
    CASE_NOTICE.name,
    REFERRAL_REMINDER.name,
    DRAFT_EXPIRY.name,
    CONSENT_REQUEST.name,
];

/// The longest wait between two attempts, however many failed.
const MAX_DELAY_MS: i64 = 3_600_000;
/// How much of a failure's text is kept.
const MAX_ERROR_CHARS: usize = 300;

/// Queues `payload` as a job of `kind`, due at `run_at_ms` (now, from the caller's clock, or
/// later), inside the caller's transaction: it exists exactly when the caller's writes do.
pub async fn enqueue<P: Serialize>(tx: &mut Tx, kind: &Kind<P>, payload: &P, run_at_ms: i64) -> Result<(), AppError> {
    enqueue_many(tx, kind, std::slice::from_ref(payload), run_at_ms).await
}

/// Queues several jobs of one kind, a statement per [`crate::db::ROWS_PER_STATEMENT`] jobs
/// (group commit queues a batch's receipts).
pub async fn enqueue_many<P: Serialize>(
    tx: &mut Tx,
    kind: &Kind<P>,
    payloads: &[P],
    run_at_ms: i64,
) -> Result<(), AppError> {
    for chunk in payloads.chunks(crate::db::ROWS_PER_STATEMENT) {
        let sql = enqueue_sql(chunk.len());
        on_tx!(&mut *tx, |conn| {
            let mut query = sqlx::query(&sql).bind(kind.name).bind(Timestamp(run_at_ms));
            for payload in chunk {
                query = query.bind(Json(payload));
            }
            query.execute(&mut *conn).await?;
        });
    }
    Ok(())
}

/// Queues several jobs of one kind like [`enqueue_many`] and returns their ids, in the order of
/// `payloads` (to follow each delivery).
pub async fn enqueue_each<P: Serialize>(
    tx: &mut Tx,
    kind: &Kind<P>,
    payloads: &[P],
    run_at_ms: i64,
) -> Result<Vec<i64>, AppError> {
    let ids = tx.reserve_ids("jobs", payloads.len()).await?;
    for (chunk, chunk_ids) in
        payloads.chunks(crate::db::ROWS_PER_STATEMENT).zip(ids.chunks(crate::db::ROWS_PER_STATEMENT))
    {
        let values: Vec<String> =
            (0..chunk.len()).map(|r| format!("(${}, $1, ${}, $2, $2)", 2 * r + 3, 2 * r + 4)).collect();
        let sql = format!("INSERT INTO jobs (id, kind, payload, created_at, run_at) VALUES {}", values.join(", "));
        on_tx!(&mut *tx, |conn| {
            let mut query = sqlx::query(&sql).bind(kind.name).bind(Timestamp(run_at_ms));
            for (payload, id) in chunk.iter().zip(chunk_ids) {
                query = query.bind(id).bind(Json(payload));
            }
            query.execute(&mut *conn).await?;
        });
    }
    Ok(ids)
}

/// Queues one job and returns its id (to follow its delivery).
pub async fn enqueue_one<P: Serialize>(
    tx: &mut Tx,
    kind: &Kind<P>,
    payload: &P,
    run_at_ms: i64,
) -> Result<i64, AppError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_scalar("INSERT INTO jobs (kind, payload, created_at, run_at) VALUES ($1, $2, $3, $3) RETURNING id")
            .bind(kind.name)
            .bind(Json(payload))
            .bind(Timestamp(run_at_ms))
            .fetch_one(&mut *conn)
            .await?
    }))
}

fn enqueue_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows).map(|r| format!("($1, ${}, $2, $2)", r + 3)).collect();
    format!("INSERT INTO jobs (kind, payload, created_at, run_at) VALUES {}", values.join(", "))
}

crate::db_row! {
    /// A job leased by a worker.
    #[derive(Clone, Debug)]
    pub struct Job {
        pub id: i64,
        pub kind: String,
        pub payload: Json<serde_json::Value>,
        /// Failed attempts so far.
        pub attempts: i64,
        pub created_at: Timestamp,
    }
}

impl Job {
    /// The payload as the kind's type. The error names the kind and the place, never a value
    /// (serde's own messages quote what they found, which may be personal data).
    pub fn payload<P: DeserializeOwned>(&self, kind: &Kind<P>) -> Result<P, String> {
        P::deserialize(&self.payload.0).map_err(|e| {
            let what = match e.classify() {
                serde_json::error::Category::Data => "a field is missing or has the wrong type",
                _ => "it is not valid JSON",
            };
            format!("the payload is not a {} job: {what}", kind.name)
        })
    }
}

/// Leases up to `limit` due jobs of the given kinds for `lease_ms`: no other worker takes them
/// until the lease ends (a worker that stops without finishing them lets them go at once with
/// [`release`]; one that dies holds them until the lease ends).
///
/// On PostgreSQL the rows are chosen `FOR UPDATE SKIP LOCKED`. Without it, two workers that
/// look at the same moment both choose the same ids in the subquery (each from its own
/// snapshot); the second UPDATE waits for the first one's row locks, and after that commits it
/// rechecks only `id IN (…)`, which still holds, so both lease — and both deliver — the same
/// messages. With the lock, the second skips rows being leased, and a row leased since its
/// snapshot is re-read and fails the lease condition. SQLite runs the statement under its
/// single write lock (a stale snapshot cannot write), so the plain statement is safe there.
pub async fn lease(db: &Db, clock: &Clock, kinds: &[&str], limit: i64, lease_ms: i64) -> Result<Vec<Job>, AppError> {
    if kinds.is_empty() || limit <= 0 {
        return Ok(Vec::new());
    }
    let now = clock.now_ms();
    let lock = match db {
        Db::Postgres(..) => " FOR UPDATE SKIP LOCKED",
        Db::Sqlite { .. } => "",
    };
    let kind_list: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 4)).collect();
    let sql = format!(
        "UPDATE jobs SET lease_until = $1 WHERE id IN (SELECT id FROM jobs WHERE state = 'waiting' \
         AND run_at <= $2 AND (lease_until IS NULL OR lease_until < $2) AND kind IN ({}) \
         ORDER BY run_at, id LIMIT $3{lock}) RETURNING id, kind, payload, attempts, created_at",
        kind_list.join(", ")
    );
    let mut jobs: Vec<Job> = on_db!(db, write, |pool| {
        let mut query =
            sqlx::query_as(&sql).bind(Timestamp(now.saturating_add(lease_ms))).bind(Timestamp(now)).bind(limit);
        for kind in kinds {
            query = query.bind(*kind);
        }
        query.fetch_all(pool).await?
    });
    // RETURNING gives no order; run them in the order they became due.
    jobs.sort_by_key(|job| job.id);
    Ok(jobs)
}

/// Marks a job done, in the caller's transaction (a job whose work writes to the database
/// completes in the same commit as that work).
pub async fn complete(tx: &mut Tx, clock: &Clock, id: i64) -> Result<(), AppError> {
    on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE jobs SET state = 'done', finished_at = $1, lease_until = NULL, last_error = NULL \
             WHERE id = $2 AND state = 'waiting'",
        )
        .bind(Timestamp(clock.now_ms()))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    });
    Ok(())
}

/// What became of a failed job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failed {
    /// It will be tried again at this time (ms since the epoch).
    RetryAt(i64),
    /// It used its last attempt and is a dead letter.
    Dead,
}

/// Records a failed attempt: the job waits `base_delay_ms` doubled per earlier failure (at most
/// an hour), or is `dead` after the policy's last attempt. The error is kept cut short, with
/// anything like a personal identity number or an e-mail address masked ([`redact_error`]).
pub async fn fail(db: &Db, clock: &Clock, job: &Job, policy: Policy, error: &str) -> Result<Failed, AppError> {
    let now = clock.now_ms();
    let attempts = job.attempts.saturating_add(1);
    let outcome = if attempts >= policy.max_attempts {
        Failed::Dead
    } else {
        Failed::RetryAt(now.saturating_add(backoff_ms(policy, attempts)))
    };
    let (state, run_at, finished_at) = match outcome {
        Failed::Dead => ("dead", now, Some(Timestamp(now))),
        Failed::RetryAt(at) => ("waiting", at, None),
    };
    on_db!(db, write, |pool| {
        sqlx::query(
            "UPDATE jobs SET attempts = $1, state = $2, run_at = $3, finished_at = $4, lease_until = NULL, \
             last_error = $5 WHERE id = $6 AND state = 'waiting'",
        )
        .bind(attempts)
        .bind(state)
        .bind(Timestamp(run_at))
        .bind(finished_at)
        .bind(redact_error(error))
        .bind(job.id)
        .execute(pool)
        .await?;
    });
    Ok(outcome)
}

/// The wait before the next attempt after `attempts` failures.
fn backoff_ms(policy: Policy, attempts: i64) -> i64 {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
    policy.base_delay_ms.max(0).saturating_mul(1_i64 << doublings).min(MAX_DELAY_MS)
}

/// Gives leased jobs back at once (a worker stopping before it ran them): another worker, in
/// this process or another, may take them without waiting for the lease to end.
pub async fn release(db: &Db, ids: &[i64]) -> Result<(), AppError> {
    if ids.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
    let sql = format!("UPDATE jobs SET lease_until = NULL WHERE state = 'waiting' AND id IN ({})", list.join(", "));
    on_db!(db, write, |pool| {
        let mut query = sqlx::query(&sql);
        for id in ids {
            query = query.bind(*id);
        }
        query.execute(pool).await?;
    });
    Ok(())
}

crate::db_row! {
    /// A job that used its last attempt. No payload: it may hold personal data.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct DeadJob {
        pub id: i64,
        pub kind: String,
        pub attempts: i64,
        pub last_error: Option<String>,
        pub created_at: Timestamp,
        /// When the last attempt failed.
        pub died_at: Option<Timestamp>,
    }
}

/// The dead letters, oldest first.
pub async fn list_dead(db: &Db) -> Result<Vec<DeadJob>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT id, kind, attempts, last_error, created_at, finished_at AS died_at FROM jobs \
             WHERE state = 'dead' ORDER BY id",
        )
        .fetch_all(pool)
        .await?
    }))
}

/// Which dead letters to retry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    One(i64),
    AllDead,
}

/// Makes dead jobs due now with their attempts reset (the cause was fixed). Returns how many;
/// a job that is not dead (unknown, waiting, done) is left alone and not counted.
pub async fn retry_dead(db: &Db, clock: &Clock, which: Which) -> Result<u64, AppError> {
    let now = Timestamp(clock.now_ms());
    let (sql, id) = match which {
        Which::One(id) => (format!("{RETRY} AND id = $2"), Some(id)),
        Which::AllDead => (RETRY.to_string(), None),
    };
    Ok(on_db!(db, write, |pool| {
        let mut query = sqlx::query(&sql).bind(now);
        if let Some(id) = id {
            query = query.bind(id);
        }
        query.execute(pool).await?.rows_affected()
    }))
}

const RETRY: &str = "UPDATE jobs SET state = 'waiting', attempts = 0, run_at = $1, lease_until = NULL, \
                     finished_at = NULL WHERE state = 'dead'";

/// Jobs of one kind by state: `waiting` is due or scheduled and not yet attempted (or leased
/// for its first attempt), `failed` was attempted at least once and will be retried, `dead`
/// used its last attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobCounts {
    pub kind: String,
    pub waiting: i64,
    pub failed: i64,
    pub dead: i64,
}

/// Counts per kind, every known kind included (at zero when it has no open jobs), by name.
/// Done jobs are not read (they pile up; [`done_counts`] counts them).
pub async fn counts(db: &Db) -> Result<Vec<JobCounts>, AppError> {
    let rows: Vec<(String, i64, i64, i64)> = on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT kind, \
             SUM(CASE WHEN state = 'waiting' AND attempts = 0 THEN 1 ELSE 0 END), \
             SUM(CASE WHEN state = 'waiting' AND attempts > 0 THEN 1 ELSE 0 END), \
             SUM(CASE WHEN state = 'dead' THEN 1 ELSE 0 END) \
             FROM jobs WHERE state IN ('waiting', 'dead') GROUP BY kind",
        )
        .fetch_all(pool)
        .await?
    });
    let mut counts: Vec<JobCounts> =
        rows.into_iter().map(|(kind, waiting, failed, dead)| JobCounts { kind, waiting, failed, dead }).collect();
    for kind in KINDS {
        if !counts.iter().any(|c| c.kind == *kind) {
            counts.push(JobCounts { kind: kind.to_string(), waiting: 0, failed: 0, dead: 0 });
        }
    }
    counts.sort_by(|a, b| a.kind.cmp(&b.kind));
    Ok(counts)
}

/// Done jobs per kind (a full count: for the command line and tests, not for frequent scrapes).
/// Deletes the jobs done before `finished_before_ms`; returns how many. A done job's payload
/// may hold an address or a link, which is kept no longer than needed to see that it went out.
pub async fn purge_done(db: &Db, finished_before_ms: i64) -> Result<u64, AppError> {
    Ok(on_db!(db, write, |pool| {
        sqlx::query("DELETE FROM jobs WHERE state = 'done' AND finished_at < $1")
            .bind(Timestamp(finished_before_ms))
            .execute(pool)
            .await?
            .rows_affected()
    }))
}

pub async fn done_counts(db: &Db) -> Result<Vec<(String, i64)>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as("SELECT kind, COUNT(*) FROM jobs WHERE state = 'done' GROUP BY kind ORDER BY kind")
            .fetch_all(pool)
            .await?
    }))
}

/// A failure's text as it may be kept and shown: at most [`MAX_ERROR_CHARS`] characters, and
/// anything that looks like a personal identity number (10 or 12 digits, with or without `-`
/// or `+`) or an e-mail address masked. Handlers should not put either in an error; this is the
/// safety net, because the text outlives the job and is printed by `server jobs dead`.
pub fn redact_error(error: &str) -> String {
    use std::sync::OnceLock;
    static PATTERNS: OnceLock<Option<(regex_lite::Regex, regex_lite::Regex)>> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        let number = regex_lite::Regex::new(r"(^|[^0-9])(?:[0-9]{2})?[0-9]{6}[-+]?[0-9]{4}([^0-9]|$)").ok()?;
        let address = regex_lite::Regex::new(r#"[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+"#).ok()?;
        Some((number, address))
    });
    let Some((number, address)) = patterns else {
        // Cannot happen (fixed patterns); keeping nothing is the safe answer if it did.
        return "(error text withheld)".into();
    };
    let cut: String = error.chars().take(MAX_ERROR_CHARS).collect();
    let masked = number.replace_all(&cut, "${1}[number]${2}");
    // Twice: a match consumes the character after it, so numbers separated by one character
    // are caught on the second pass.
    let masked = number.replace_all(&masked, "${1}[number]${2}");
    address.replace_all(&masked, "[address]").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_up_to_an_hour() {
        let policy = Policy { max_attempts: 5, base_delay_ms: 1_000 };
        assert_eq!(backoff_ms(policy, 1), 1_000);
        assert_eq!(backoff_ms(policy, 2), 2_000);
        assert_eq!(backoff_ms(policy, 4), 8_000);
        assert_eq!(backoff_ms(policy, 40), MAX_DELAY_MS);
        assert_eq!(backoff_ms(Policy { max_attempts: 5, base_delay_ms: i64::MAX }, 3), MAX_DELAY_MS);
    }

    #[test]
    fn kept_errors_hold_no_identity_numbers_or_addresses_and_are_short() {
        let error = "cannot deliver to anna.svensson@example.se for 19121212-1212 and 1212121212, \
                     or 201212121212; os error 13 at 1796000000123 ms";
        let kept = redact_error(error);
        for secret in ["anna.svensson", "example.se", "19121212-1212", "1212121212", "201212121212"] {
            assert!(!kept.contains(secret), "{kept}");
        }
        assert!(kept.contains("os error 13") && kept.contains("1796000000123"), "{kept}");
        assert!(redact_error(&"x".repeat(5_000)).chars().count() <= MAX_ERROR_CHARS);
        assert_eq!(redact_error("121212-1212,121212-1212"), "[number],[number]");
    }

    #[test]
    fn payload_errors_never_quote_the_payload() {
        let job = Job {
            id: 1,
            kind: "receipt".into(),
            payload: Json(serde_json::json!({"to": 191212121212_i64, "reference": "FEL-1"})),
            attempts: 0,
            created_at: Timestamp(0),
        };
        let error = job.payload(&RECEIPT).unwrap_err();
        assert!(!error.contains("191212121212") && error.contains("receipt"), "{error}");
    }

    #[test]
    fn enqueue_numbers_one_payload_per_row() {
        assert_eq!(
            enqueue_sql(2),
            "INSERT INTO jobs (kind, payload, created_at, run_at) VALUES ($1, $3, $2, $2), ($1, $4, $2, $2)"
        );
    }
}
