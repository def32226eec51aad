//! What other capabilities may ask of cases: to open cases inside their own transaction (forms
//! do, for a submission to a service handled as a case, so the submission and its case are one
//! commit), and the case number a submission got.

pub use super::model::ClockRule;
pub use super::ssr::store::{signature_of, AttachedFile, CaseSignature, NewCase, NewDocument, Opened};
use crate::{
    db::{Db, Tx},
    error::AppError,
};

/// Opens `cases` in the caller's transaction: registered ones get their numbers here.
pub async fn open(tx: &mut Tx, cases: &[NewCase]) -> Result<Vec<Opened>, AppError> {
    super::ssr::store::open(tx, cases).await
}

pub use super::ssr::store::CaseIds;

/// PostgreSQL: opens `cases` (plain ones, of one series) together with what `lead` writes in one
/// statement, its own transaction, which fails whole unless `lead_holds`; `Ok(None)` when these cases need the steps of [`open`].
/// `trail` adds WITH parts after the cases', given the SQL expression of the `i`th case's number.
pub async fn open_in_one_statement(
    pool: &sqlx::PgPool,
    lead: &str,
    lead_holds: &str,
    binds: crate::db::PgBinds,
    cases: &[NewCase],
    ids: &mut CaseIds,
    trail: impl FnOnce(crate::db::PgBinds, &dyn Fn(usize) -> String) -> (Vec<String>, crate::db::PgBinds),
) -> Result<Option<Vec<Opened>>, AppError> {
    super::ssr::store::open_in_one_statement(pool, lead, lead_holds, binds, cases, ids, trail).await
}

/// The case number of the case opened for submission `reference`, once registered.
pub async fn case_number_for_submission(db: &Db, reference: &str) -> Result<Option<String>, AppError> {
    super::ssr::store::case_number_for_submission(db, reference).await
}

/// A reminder about referral `referral_id`, if it still waits for an answer: to whom (the case
/// officers and managers of the organisation it was referred to, with an e-mail address), the
/// case number, who referred it, the reply date and the referral's page. `None` once answered.
pub async fn referral_reminder(db: &Db, referral_id: i64) -> Result<Option<ReminderMail>, AppError> {
    let referral = match super::ssr::store::referral(db, referral_id, "sv").await {
        Ok(referral) => referral,
        Err(AppError::NotFound) => return Ok(None),
        Err(error) => return Err(error),
    };
    if referral.answer.is_some() {
        return Ok(None);
    }
    let to = super::ssr::store::referral_recipients(db, &referral.organisation_id).await?;
    let case_number = serde_json::from_str::<serde_json::Value>(&referral.material)
        .ok()
        .and_then(|m| m["case_number"].as_str().map(str::to_string))
        .unwrap_or_default();
    Ok(Some(ReminderMail {
        to,
        case_number,
        from: referral.from_name,
        reply_by: crate::domain::date::SimpleDate::in_sweden_at(referral.reply_by.0.div_euclid(1000)).to_string(),
        link: crate::routes::staff_referral(referral_id),
    }))
}

/// What a referral reminder says.
#[derive(Clone, Debug)]
pub struct ReminderMail {
    /// Nobody when the organisation has no case staff with an address yet.
    pub to: Vec<String>,
    pub case_number: String,
    /// The organisation that referred the case.
    pub from: String,
    pub reply_by: String,
    /// The referral's page in the back office (a path).
    pub link: String,
}
