//! Storage of forms and submissions, the same SQL on SQLite and PostgreSQL.

use super::group_commit::{Row, SubmissionWriter};
use crate::{db::Db, error::AppError, forms::model::FormDefinition, i18n::Lang, on_db};
use serde::Serialize;

/// The current version of a form.
pub async fn current_definition(db: &Db, form_id: &str) -> Result<FormDefinition, AppError> {
    let json: Option<String> = on_db!(db, read, |pool| {
        sqlx::query_scalar(
            "SELECT v.definition FROM forms f JOIN form_versions v ON v.form_id = f.id AND v.version = f.current_version \
             WHERE f.id = $1",
        )
        .bind(form_id)
        .fetch_optional(pool)
        .await?
    });
    let json = json.ok_or(AppError::NotFound)?;
    serde_json::from_str(&json).map_err(|error| {
        tracing::error!(%error, form_id, "stored form definition does not parse");
        AppError::Internal
    })
}

/// The form a service offers, if any.
pub async fn form_for_service(db: &Db, service_id: &str) -> Result<Option<String>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_scalar("SELECT id FROM forms WHERE service_id = $1 ORDER BY id LIMIT 1")
            .bind(service_id)
            .fetch_optional(pool)
            .await?
    }))
}

pub struct NewSubmission<'a> {
    pub key: &'a str,
    pub organisation_id: &'a str,
    pub definition: &'a FormDefinition,
    pub lang: Lang,
    pub answers: &'a serde_json::Value,
    /// The receipt to queue in the same transaction, if the submitter asked for one.
    pub receipt: Option<serde_json::Value>,
    /// When it was sent (milliseconds since the Unix epoch, by the portal's clock).
    pub submitted_at: i64,
    /// The case it opens (a service handled as a case); its submission reference is set here.
    pub case: Option<crate::cases::api::NewCase>,
    /// Instead of the case: the other guardians' consent it waits for (`super::consent`).
    pub consent: Option<super::consent::Hold>,
}

/// Stores a submission exactly once per idempotency key and returns its reference number.
/// A second call with the same key — a double click, a retry after a lost response — returns
/// the reference of the first and writes nothing. Submissions sent at the same moment share
/// one durable commit ([`SubmissionWriter`]); each call returns only after its commit.
pub async fn insert_submission(writer: &SubmissionWriter, new: NewSubmission<'_>) -> Result<String, AppError> {
    for _ in 0..5 {
        let reference = new_reference(&new.definition.reference_prefix, new.submitted_at);
        let receipt = new.receipt.as_ref().map(|receipt| {
            let mut payload = receipt.clone();
            payload["reference"] = serde_json::Value::String(reference.clone());
            payload.to_string()
        });
        let row = Row {
            reference: reference.clone(),
            key: new.key.to_string(),
            organisation_id: new.organisation_id.to_string(),
            service_id: new.definition.service.clone(),
            form_id: new.definition.id.clone(),
            form_version: i64::from(new.definition.version),
            lang: new.lang.code(),
            answers: new.answers.clone(),
            submitted_at: new.submitted_at,
            receipt,
            case: new.case.clone().map(|mut case| {
                case.submission_reference = Some(reference.clone());
                case
            }),
            consent: new.consent.clone(),
        };
        match writer.store(row).await? {
            Some(reference) => return Ok(reference),
            // The key is new but the reference drawn was taken (vanishingly rare): draw again.
            None => continue,
        }
    }
    tracing::error!("could not draw a free reference number");
    Err(AppError::Internal)
}

pub async fn submission_by_key(db: &Db, key: &str) -> Result<Option<String>, AppError> {
    // A committed submission is visible to every new read (SQLite WAL, PostgreSQL).
    Ok(on_db!(db, read, |pool| {
        sqlx::query_scalar("SELECT reference FROM submissions WHERE idempotency_key = $1")
            .bind(key)
            .fetch_optional(pool)
            .await?
    }))
}

/// What a stored submission answered (structured, as sent), for its confirmation page.
pub async fn submission_answers(db: &Db, reference: &str) -> Result<Option<serde_json::Value>, AppError> {
    let answers: Option<sqlx::types::Json<serde_json::Value>> = on_db!(db, read, |pool| {
        sqlx::query_scalar("SELECT answers FROM submissions WHERE reference = $1")
            .bind(reference)
            .fetch_optional(pool)
            .await?
    });
    Ok(answers.map(|answers| answers.0))
}

/// `FEL-2026-7K3M9QX2`: the form's prefix, the year (in Sweden, when it was sent) and eight
/// random characters (no I, L, O, U).
fn new_reference(prefix: &str, sent_at_ms: i64) -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut rng = rand::rng();
    let tail: String = (0..8).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect();
    let year = crate::forms::date::SimpleDate::in_sweden_at(sent_at_ms.div_euclid(1000)).year;
    format!("{prefix}-{year}-{tail}")
}

#[derive(Debug, Serialize)]
pub struct SubmissionRecord {
    pub reference: String,
    pub organisation_id: String,
    pub service_id: String,
    pub form_id: String,
    pub form_version: i64,
    pub lang: String,
    /// Milliseconds since the Unix epoch.
    pub submitted_at: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<sqlx::types::Json<serde_json::Value>>,
}

// By hand rather than through `db_row!`: the time is read as a [`Timestamp`] (INTEGER
// milliseconds on SQLite, `timestamptz` on PostgreSQL) and kept as milliseconds.
impl<'r, R: sqlx::Row> sqlx::FromRow<'r, R> for SubmissionRecord
where
    &'r str: sqlx::ColumnIndex<R>,
    String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    crate::db::Timestamp: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    Option<sqlx::types::Json<serde_json::Value>>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    fn from_row(row: &'r R) -> sqlx::Result<Self> {
        Ok(Self {
            reference: row.try_get("reference")?,
            organisation_id: row.try_get("organisation_id")?,
            service_id: row.try_get("service_id")?,
            form_id: row.try_get("form_id")?,
            form_version: row.try_get("form_version")?,
            lang: row.try_get("lang")?,
            submitted_at: row.try_get::<crate::db::Timestamp, _>("submitted_at")?.0,
            answers: row.try_get("answers")?,
        })
    }
}

/// Submissions, newest first, optionally of one organisation; with their answers only if asked.
pub async fn list_submissions(
    db: &Db,
    organisation: Option<&str>,
    with_answers: bool,
) -> Result<Vec<SubmissionRecord>, AppError> {
    // `CASE` keeps the column's own type (jsonb on PostgreSQL) when the answers are left out.
    let sql = "SELECT reference, organisation_id, service_id, form_id, form_version, lang, submitted_at, \
               CASE WHEN $2 THEN answers END AS answers \
               FROM submissions WHERE ($1 IS NULL OR organisation_id = $1) ORDER BY submitted_at DESC, id DESC";
    let organisation = organisation.map(str::to_string);
    Ok(on_db!(db, read, |pool| { sqlx::query_as(sql).bind(organisation).bind(with_answers).fetch_all(pool).await? }))
}

/// A form as the POST handlers need it: the definition and who receives its submissions.
#[derive(Debug)]
pub struct CachedForm {
    pub definition: FormDefinition,
    pub service_name: String,
    pub organisation_id: String,
    pub department_id: String,
    /// Set when what is sent becomes a case.
    pub case_handling: Option<crate::catalog::api::CaseHandling>,
}

/// Recently used forms, so posting a step or sending costs no definition queries. An entry is
/// trusted for [`FORM_CACHE_TTL`]: a newly imported version is used within that time.
#[derive(Debug, Default)]
pub struct FormCache {
    entries: std::sync::RwLock<std::collections::HashMap<(String, Lang), CacheEntry>>,
}

/// When an entry was loaded, and the form.
type CacheEntry = (std::time::Instant, std::sync::Arc<CachedForm>);

pub const FORM_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(2);

impl FormCache {
    pub async fn get(&self, db: &Db, form_id: &str, lang: Lang) -> Result<std::sync::Arc<CachedForm>, AppError> {
        let key = (form_id.to_string(), lang);
        if let Some((at, form)) = self.entries.read().unwrap_or_else(std::sync::PoisonError::into_inner).get(&key) {
            if at.elapsed() < FORM_CACHE_TTL {
                return Ok(form.clone());
            }
        }
        let definition = current_definition(db, form_id).await?;
        let owner = crate::catalog::api::service_owner(db, &definition.service, lang).await?;
        let form = std::sync::Arc::new(CachedForm {
            definition,
            service_name: owner.service_name,
            organisation_id: owner.organisation_id,
            department_id: owner.department_id,
            case_handling: owner.case_handling,
        });
        let mut entries = self.entries.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() > 1000 {
            entries.clear(); // only real form ids get this far, but stay bounded anyway
        }
        entries.insert(key, (std::time::Instant::now(), form.clone()));
        Ok(form)
    }

    /// Forgets every form (after an import in this process).
    pub fn invalidate(&self) {
        self.entries.write().unwrap_or_else(std::sync::PoisonError::into_inner).clear();
    }
}
