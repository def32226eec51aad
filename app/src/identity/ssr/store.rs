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

crate::db_row! {
    /// A person as stored.
    #[derive(Clone, Debug)]
    pub struct PersonRow {
        pub id: i64,
        pub personal_number: String,
        pub given_name: String,
        pub family_name: String,
        pub created_at: Timestamp,
        pub last_sign_in_at: Timestamp,
    }
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

crate::db_row! {
    /// One sign-in of the history.
    #[derive(Clone, Debug)]
    pub struct SignInRow {
        pub at: Timestamp,
        pub provider: String,
        pub loa: i64,
    }
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

/// "My data" is the one report across capabilities (the law asks for everything kept about the
/// person), so it reads the tables that hold a person's data itself: their drafts (forms) and
/// cases (cases), at most this many of each.
const MY_DATA_MAX: i64 = 10_000;

/// A person's drafts: (form, the draft as stored, last changed, deleted after).
pub async fn drafts_of(
    db: &Db,
    person_id: i64,
) -> Result<Vec<(String, sqlx::types::Json<serde_json::Value>, Timestamp, Timestamp)>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT form_id, draft, updated_at, expires_at FROM person_drafts WHERE person_id = $1 \
             ORDER BY updated_at DESC LIMIT $2",
        )
        .bind(person_id)
        .bind(MY_DATA_MAX)
        .fetch_all(pool)
        .await?
    }))
}

/// A person's cases: (case number, title, status, received), newest first.
pub async fn cases_of(db: &Db, person_id: i64) -> Result<Vec<(Option<String>, String, String, Timestamp)>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT case_number, title, status, received_at FROM cases WHERE person_id = $1 \
             ORDER BY received_at DESC, id DESC LIMIT $2",
        )
        .bind(person_id)
        .bind(MY_DATA_MAX)
        .fetch_all(pool)
        .await?
    }))
}

/// Records a staff sign-in in the caller's transaction: the member of staff is created on first
/// sign-in (with no roles) or their name and e-mail brought up to date. Returns their id.
pub async fn record_staff_sign_in(
    tx: &mut Tx,
    provider: &str,
    subject: &str,
    organisation: &str,
    name: &str,
    email: &str,
    now_ms: i64,
) -> Result<i64, AppError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO staff (provider, subject, organisation_id, name, email, created_at, last_sign_in_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) \
             ON CONFLICT (provider, subject) DO UPDATE SET name = excluded.name, email = excluded.email, \
             last_sign_in_at = excluded.last_sign_in_at RETURNING id",
        )
        .bind(provider)
        .bind(subject)
        .bind(organisation)
        .bind(name)
        .bind(email)
        .bind(Timestamp(now_ms))
        .fetch_one(&mut *conn)
        .await?
    }))
}

crate::db_row! {
    /// A member of staff as listed for their organisation's administrators.
    #[derive(Clone, Debug)]
    pub struct StaffRow {
        pub id: i64,
        pub name: String,
        pub email: String,
        pub provider: String,
    }
}

/// The staff of an organisation, by name.
pub async fn staff_of(db: &Db, organisation: &str) -> Result<Vec<StaffRow>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as::<_, StaffRow>(
            "SELECT id, name, email, provider FROM staff WHERE organisation_id = $1 ORDER BY name, id LIMIT 1000",
        )
        .bind(organisation)
        .fetch_all(pool)
        .await?
    }))
}

/// The organisation a member of staff belongs to, if they exist.
pub async fn organisation_of(db: &Db, staff_id: i64) -> Result<Option<String>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_scalar::<_, String>("SELECT organisation_id FROM staff WHERE id = $1")
            .bind(staff_id)
            .fetch_optional(pool)
            .await?
    }))
}

/// The member of staff known by `provider` and `subject`, created (not yet signed in) if need
/// be, for the operator's command that names an organisation's first administrator. `None` if
/// they exist in another organisation.
pub async fn ensure_staff(
    tx: &mut Tx,
    provider: &str,
    subject: &str,
    organisation: &str,
    name: &str,
    now_ms: i64,
) -> Result<Option<i64>, AppError> {
    let found: (i64, String) = on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO staff (provider, subject, organisation_id, name, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (provider, subject) DO NOTHING",
        )
        .bind(provider)
        .bind(subject)
        .bind(organisation)
        .bind(name)
        .bind(Timestamp(now_ms))
        .execute(&mut *conn)
        .await?;
        sqlx::query_as("SELECT id, organisation_id FROM staff WHERE provider = $1 AND subject = $2")
            .bind(provider)
            .bind(subject)
            .fetch_one(&mut *conn)
            .await?
    });
    Ok((found.1 == organisation).then_some(found.0))
}

/// The person with `number`, made if unknown (without a sign-in): for cases registered for
/// someone who has not signed in yet, such as the demo's generated cases. Returns the id.
pub async fn ensure_person(tx: &mut Tx, number: &str, given: &str, family: &str, now_ms: i64) -> Result<i64, AppError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_scalar::<_, i64>(
            "INSERT INTO persons (personal_number, given_name, family_name, created_at, last_sign_in_at) \
             VALUES ($1, $2, $3, $4, $4) ON CONFLICT (personal_number) DO UPDATE SET given_name = persons.given_name \
             RETURNING id",
        )
        .bind(number)
        .bind(given)
        .bind(family)
        .bind(Timestamp(now_ms))
        .fetch_one(&mut *conn)
        .await?
    }))
}
