//! What other capabilities may ask of identity: where to reach a person who asked to be told
//! of news by e-mail (a confirmed address only).

use crate::{
    db::{Timestamp, Tx},
    error::AppError,
    on_tx,
};

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
