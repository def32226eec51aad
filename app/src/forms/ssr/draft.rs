//! The answers so far, kept on the server in the visitor's session (stored in the database),
//! so reload, back and forward never lose input, with or without JavaScript.

use crate::{
    db::Db,
    error::AppError,
    forms::rules::{Answers, FieldError},
};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Draft {
    /// The idempotency key of the submission this draft becomes.
    pub key: String,
    pub answers: Answers,
    /// Problems found when a step was last sent: (step id, errors).
    pub errors: Option<(String, Vec<FieldError>)>,
}

fn key(form_id: &str) -> String {
    format!("forms.draft.{form_id}")
}

fn unavailable(error: impl std::fmt::Display) -> AppError {
    tracing::warn!(%error, "session store unavailable");
    AppError::Unavailable
}

/// The draft as stored, even if it has been sent already (the confirmation page uses it).
pub async fn load_any(session: &Session, form_id: &str) -> Result<Option<Draft>, AppError> {
    session.get::<Draft>(&key(form_id)).await.map_err(unavailable)
}

/// The draft still being filled in: one that was sent (its key has a submission) counts as
/// none. Sending therefore writes nothing to the session — one durable transaction in all.
pub async fn load(db: &Db, session: &Session, form_id: &str) -> Result<Option<Draft>, AppError> {
    match load_any(session, form_id).await? {
        Some(draft) if super::store::submission_by_key(db, &draft.key).await?.is_none() => Ok(Some(draft)),
        _ => Ok(None),
    }
}

/// The draft, or a new empty one with a fresh idempotency key.
pub async fn load_or_new(db: &Db, session: &Session, form_id: &str) -> Result<Draft, AppError> {
    Ok(load(db, session, form_id).await?.unwrap_or_else(|| Draft { key: super::store::new_key(), ..Draft::default() }))
}

/// Stores the draft; the session layer writes it to the database before the response leaves.
pub async fn save(session: &Session, form_id: &str, draft: &Draft) -> Result<(), AppError> {
    session.insert(&key(form_id), draft).await.map_err(unavailable)
}

/// Deletes the draft of one form (the visitor asked to clear it).
pub async fn remove(session: &Session, form_id: &str) -> Result<(), AppError> {
    session.remove_value(&key(form_id)).await.map(|_| ()).map_err(unavailable)
}

/// The session of the request being rendered (inside a server function).
pub async fn current_session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|error| {
        tracing::error!(%error, "no session layer");
        AppError::Internal
    })
}
