//! What other capabilities may ask of identity: where to reach a person who asked to be told
//! of news by e-mail (a confirmed address only), and a person's number or id (both guardians'
//! consent names the other guardian by number until they sign in).

use crate::{
    db::{Db, Timestamp, Tx},
    error::AppError,
    on_db, on_tx,
};

/// The personal identity number of `person_id` (12 digits). Never log it.
pub async fn personal_number(db: &Db, person_id: i64) -> Result<String, AppError> {
    Ok(super::ssr::store::person(db, person_id).await?.personal_number)
}

/// The `persons` id of whoever has signed in with `number`, if anyone has.
pub async fn person_by_number(db: &Db, number: &str) -> Result<Option<i64>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_scalar("SELECT id FROM persons WHERE personal_number = $1")
            .bind(number)
            .fetch_optional(pool)
            .await?
    }))
}

/// The confirmed e-mail address of `person_id`, if they asked for notices by e-mail.
pub async fn notice_address(tx: &mut Tx, person_id: i64) -> Result<Option<String>, AppError> {
    Ok(notice_addresses(tx, &[person_id]).await?.remove(&person_id))
}

/// [`notice_address`] for several persons at once: those who have one, by person id.
pub async fn notice_addresses(
    tx: &mut Tx,
    person_ids: &[i64],
) -> Result<std::collections::HashMap<i64, String>, AppError> {
    let mut addresses = std::collections::HashMap::new();
    for chunk in person_ids.chunks(crate::db::ROWS_PER_STATEMENT) {
        let list: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT person_id, email, email_confirmed_at, notify_email FROM person_contacts WHERE person_id IN ({})",
            list.join(", ")
        );
        let rows: Vec<(i64, String, Option<Timestamp>, bool)> = on_tx!(&mut *tx, |conn| {
            let mut query = sqlx::query_as(&sql);
            for id in chunk {
                query = query.bind(id);
            }
            query.fetch_all(&mut *conn).await?
        });
        addresses.extend(rows.into_iter().filter_map(|(person, email, confirmed, notify)| {
            (notify && confirmed.is_some() && !email.is_empty()).then_some((person, email))
        }));
    }
    Ok(addresses)
}

/// Signing with an e-ID: [`begin_signing`] sends the signed-in person to sign a digest, and
/// once they have, [`signatures`] gives it (until [`spend_signature`]).
pub use super::ssr::signing::{
    begin as begin_signing, signatures, spend as spend_signature, SignRequest, Signature,
    CANCELLED as SIGNING_CANCELLED,
};
pub use super::ssr::IdentityState;
