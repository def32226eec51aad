//! The contact details a signed-in person chooses (e-mail, phone, notifications) and the
//! confirmation of the e-mail address by a one-time link sent through the jobs queue. A changed
//! address is unconfirmed until its link is used; only the code's SHA-256 is stored.

use super::IdentityState;
use crate::{
    audit,
    db::{Db, Timestamp, Tx},
    error::AppError,
    i18n::Lang,
    jobs, on_db, on_tx,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How long a confirmation link works.
pub const LINK_TTL_MS: i64 = 48 * 3_600_000;

/// What the profile form posts, exactly as typed (kept to show again with its problems).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    /// Checkbox: present when ticked.
    #[serde(default)]
    pub notify_email: Option<String>,
    #[serde(default)]
    pub notify_sms: Option<String>,
}

/// A problem with one field: the field's name and the Fluent id of the message.
pub type FieldProblem = (String, String);

crate::db_row! {
    /// The contact details as stored.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct Contacts {
        pub email: String,
        pub email_confirmed_at: Option<Timestamp>,
        pub phone: String,
        pub notify_email: bool,
        pub notify_sms: bool,
    }
}

/// Checks the form; the cleaned values, or every problem at once.
pub fn check(form: &ProfileForm) -> Result<Contacts, Vec<FieldProblem>> {
    let email = form.email.trim().to_string();
    let phone: String = form.phone.trim().to_string();
    let (notify_email, notify_sms) = (form.notify_email.is_some(), form.notify_sms.is_some());
    let mut problems = Vec::new();
    let mut problem = |field: &str, id: &str| problems.push((field.to_string(), id.to_string()));
    if !email.is_empty() && !valid_email(&email) {
        problem("email", "profile-error-email");
    }
    if !phone.is_empty() && !valid_phone(&phone) {
        problem("phone", "profile-error-phone");
    }
    if notify_email && email.is_empty() {
        problem("notify_email", "profile-error-notify-email");
    }
    if notify_sms && phone.is_empty() {
        problem("notify_sms", "profile-error-notify-sms");
    }
    if problems.is_empty() {
        Ok(Contacts { email, email_confirmed_at: None, phone, notify_email, notify_sms })
    } else {
        Err(problems)
    }
}

/// One `@`, something before it, a dot in the domain, no spaces or line breaks, at most 254.
fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    email.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
}

/// Digits with an optional leading `+`, spaces and dashes allowed: 7–15 digits (E.164).
fn valid_phone(phone: &str) -> bool {
    let rest = phone.strip_prefix('+').unwrap_or(phone);
    let digits = rest.chars().filter(char::is_ascii_digit).count();
    rest.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-') && (7..=15).contains(&digits)
}

pub async fn contacts(db: &Db, person_id: i64) -> Result<Option<Contacts>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as::<_, Contacts>(
            "SELECT email, email_confirmed_at, phone, notify_email, notify_sms FROM person_contacts WHERE person_id = $1",
        )
        .bind(person_id)
        .fetch_optional(pool)
        .await?
    }))
}

fn hash(code: &str) -> String {
    Sha256::digest(code.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Saves checked contact details. A new e-mail address is unconfirmed, and a link to confirm it
/// is queued in the same commit (the address kept exactly when the link is on its way).
pub async fn save(state: &IdentityState, person_id: i64, new: &Contacts, lang: Lang) -> Result<(), AppError> {
    let now = state.clock.now_ms();
    let old = contacts(&state.db, person_id).await?.unwrap_or_default();
    let confirmed = (new.email == old.email).then_some(old.email_confirmed_at).flatten();
    let mut tx = state.db.begin().await?;
    on_tx!(&mut tx, |conn| {
        sqlx::query(
            "INSERT INTO person_contacts (person_id, email, email_confirmed_at, phone, notify_email, notify_sms, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (person_id) DO UPDATE SET email = excluded.email, \
             email_confirmed_at = excluded.email_confirmed_at, phone = excluded.phone, \
             notify_email = excluded.notify_email, notify_sms = excluded.notify_sms, updated_at = excluded.updated_at",
        )
        .bind(person_id)
        .bind(&new.email)
        .bind(confirmed)
        .bind(&new.phone)
        .bind(new.notify_email)
        .bind(new.notify_sms)
        .bind(Timestamp(now))
        .execute(&mut *conn)
        .await?
        .rows_affected()
    });
    let send_link = !new.email.is_empty() && confirmed.is_none() && new.email != old.email;
    if send_link {
        let code = new_code();
        store_code(&mut tx, &hash(&code), person_id, &new.email, now + LINK_TTL_MS).await?;
        let link =
            format!("{}{}?kod={code}", state.settings.public_url.trim_end_matches('/'), crate::routes::confirm_email());
        let confirmation = jobs::EmailConfirmation { to: new.email.clone(), link, lang: lang.code().into() };
        jobs::enqueue(&mut tx, &jobs::CONFIRM_EMAIL, &confirmation, now).await?;
    }
    let event = audit::Event {
        at_ms: now,
        actor: format!("person:{person_id}"),
        action: "profile-change",
        object: Some(format!("person:{person_id}")),
        outcome: "ok",
        details: serde_json::json!({ "confirmation_sent": send_link }),
    };
    audit::record(&mut tx, &event).await?;
    tx.commit().await
}

/// 128 random bits, hex.
fn new_code() -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn store_code(
    tx: &mut Tx,
    token_hash: &str,
    person_id: i64,
    email: &str,
    expires_at: i64,
) -> Result<(), AppError> {
    on_tx!(tx, |conn| {
        sqlx::query(
            "INSERT INTO email_confirmations (token_hash, person_id, email, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(person_id)
        .bind(email)
        .bind(Timestamp(expires_at))
        .execute(&mut *conn)
        .await?
        .rows_affected()
    });
    Ok(())
}

/// Uses a confirmation code: once, before it expires, and only while the address it was sent to
/// is still the person's. `Ok(false)` for a code that is unknown, used, expired or outdated.
pub async fn confirm(state: &IdentityState, code: &str) -> Result<bool, AppError> {
    if code.len() != 32 || !code.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(false);
    }
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    let used: Option<(i64, String)> = on_tx!(&mut tx, |conn| {
        sqlx::query_as(
            "UPDATE email_confirmations SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 \
             RETURNING person_id, email",
        )
        .bind(hash(code))
        .bind(Timestamp(now))
        .fetch_optional(&mut *conn)
        .await?
    });
    let Some((person_id, email)) = used else { return Ok(false) };
    let confirmed = on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE person_contacts SET email_confirmed_at = $3 WHERE person_id = $1 AND email = $2")
            .bind(person_id)
            .bind(&email)
            .bind(Timestamp(now))
            .execute(&mut *conn)
            .await?
            .rows_affected()
    });
    if confirmed == 1 {
        let event = audit::Event {
            at_ms: now,
            actor: format!("person:{person_id}"),
            action: "email-confirmed",
            object: Some(format!("person:{person_id}")),
            outcome: "ok",
            details: serde_json::json!({}),
        };
        audit::record(&mut tx, &event).await?;
    }
    tx.commit().await?;
    Ok(confirmed == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(email: &str, phone: &str, notify_email: bool, notify_sms: bool) -> ProfileForm {
        ProfileForm {
            email: email.into(),
            phone: phone.into(),
            notify_email: notify_email.then(|| "on".into()),
            notify_sms: notify_sms.then(|| "on".into()),
        }
    }

    #[test]
    fn contact_details_are_checked_field_by_field() {
        assert!(check(&form("", "", false, false)).is_ok(), "nothing is required");
        let ok = check(&form(" tolvan@example.se ", "070-123 45 67", true, true)).unwrap();
        assert_eq!((ok.email.as_str(), ok.phone.as_str()), ("tolvan@example.se", "070-123 45 67"));
        assert!(check(&form("+46701234567", "", false, false)).is_err());
        for bad in ["tolvan", "tolvan@", "@example.se", "tolvan@example", "a b@example.se", "a@b@example.se", "a@.se"] {
            assert_eq!(
                check(&form(bad, "", false, false)),
                Err(vec![("email".into(), "profile-error-email".into())]),
                "{bad}"
            );
        }
        for bad in ["123", "07O-1234567", "+46 70 123 45 67 89 01 23", "070\n1234567"] {
            assert!(check(&form("", bad, false, false)).is_err(), "{bad}");
        }
        let problems = check(&form("", "", true, true)).unwrap_err();
        assert_eq!(problems.len(), 2, "notifications need somewhere to go");
    }

    #[test]
    fn only_the_hash_of_a_code_is_kept() {
        let code = new_code();
        assert_eq!(code.len(), 32);
        assert_eq!(hash(&code).len(), 64);
        assert_ne!(hash(&code), code);
        assert_ne!(new_code(), code);
    }
}
