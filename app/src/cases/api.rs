//! What other capabilities may ask of cases: to open cases inside their own transaction (forms
//! do, for a submission to a service handled as a case, so the submission and its case are one
//! commit), and the case number a submission got.

pub use super::model::ClockRule;
pub use super::ssr::store::{NewCase, NewDocument, Opened};
use crate::{
    db::{Db, Tx},
    error::AppError,
};

/// Opens `cases` in the caller's transaction: registered ones get their numbers here.
pub async fn open(tx: &mut Tx, cases: &[NewCase]) -> Result<Vec<Opened>, AppError> {
    super::ssr::store::open(tx, cases).await
}

/// The case number of the case opened for submission `reference`, once registered.
pub async fn case_number_for_submission(db: &Db, reference: &str) -> Result<Option<String>, AppError> {
    super::ssr::store::case_number_for_submission(db, reference).await
}
