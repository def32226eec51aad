//! Storage of identity: each person once (`persons`, by personal identity number), their
//! sign-ins, and what is kept about them for "my data".

use crate::{
    db::{Db, Timestamp, Tx},
    error::AppError,
    on_db, on_tx,
};

/// Records a sign-in in the caller's transaction: the person is created or their name brought
/// up to date, and the sign-in added to their history. Returns the person's id.
pub async fn record_sign_in(
    tx: &mut Tx,
    number: &str,
    given_name: &str,
    family_name: &str,
    provider: &str,
    loa: u8,
    now_ms: i64,
) -> Result<i64, AppError> {
    let person_id = on_tx!(tx, |conn| {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO persons (personal_number, given_name, family_name, created_at, last_sign_in_at) \
             VALUES ($1, $2, $3, $4, $4) \
             ON CONFLICT (personal_number) DO UPDATE SET given_name = excluded.given_name, \
             family_name = excluded.family_name, last_sign_in_at = excluded.last_sign_in_at RETURNING id",
        )
        .bind(number)
        .bind(given_name)
        .bind(family_name)
        .bind(Timestamp(now_ms))
        .fetch_one(&mut *conn)
        .await?
    });
    on_tx!(tx, |conn| {
        sqlx::query("INSERT INTO sign_ins (person_id, at, provider, loa) VALUES ($1, $2, $3, $4)")
            .bind(person_id)
            .bind(Timestamp(now_ms))
            .bind(provider)
            .bind(i64::from(loa))
            .execute(&mut *conn)
            .await?
            .rows_affected()
    });
    Ok(person_id)
}

/// A person as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PersonRow {
    pub id: i64,
    pub personal_number: String,
    pub given_name: String,
    pub family_name: String,
    pub created_at: Timestamp,
    pub last_sign_in_at: Timestamp,
}

pub async fn person(db: &Db, id: i64) -> Result<PersonRow, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as::<_, PersonRow>(
            "SELECT id, personal_number, given_name, family_name, created_at, last_sign_in_at FROM persons WHERE id = $1",
        )
        .bind(id)
        .fetch_one(pool)
        .await?
    }))
}

/// One sign-in of the history.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SignInRow {
    pub at: Timestamp,
    pub provider: String,
    pub loa: i64,
}

/// A person's sign-ins, newest first, at most `limit`.
pub async fn sign_ins(db: &Db, person_id: i64, limit: i64) -> Result<Vec<SignInRow>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as::<_, SignInRow>(
            "SELECT at, provider, loa FROM sign_ins WHERE person_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
        )
        .bind(person_id)
        .bind(limit)
        .fetch_all(pool)
        .await?
    }))
}
