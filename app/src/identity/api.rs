//! What other capabilities may ask of identity: where to reach a person who asked to be told
//! of news by e-mail (a confirmed address only).

use crate::{
    db::{Timestamp, Tx},
    error::AppError,
    on_tx,
};

/// The confirmed e-mail address of `person_id`, if they asked for notices by e-mail.
pub async fn notice_address(tx: &mut Tx, person_id: i64) -> Result<Option<String>, AppError> {
    let row: Option<(String, Option<Timestamp>, bool)> = on_tx!(tx, |conn| {
        sqlx::query_as("SELECT email, email_confirmed_at, notify_email FROM person_contacts WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(&mut *conn)
            .await?
    });
    Ok(row.and_then(|(email, confirmed, notify)| (notify && confirmed.is_some() && !email.is_empty()).then_some(email)))
}
