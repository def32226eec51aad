//! The answers so far, kept on the server in the visitor's session (stored in the database),
//! so reload, back and forward never lose input, with or without JavaScript.

use crate::{
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

const SUBMITTED: &str = "forms.submitted";
/// How many of a visitor's own references the session remembers (for the confirmation page).
const REMEMBERED: usize = 20;

fn key(form_id: &str) -> String {
    format!("forms.draft.{form_id}")
}

fn unavailable(error: impl std::fmt::Display) -> AppError {
    tracing::warn!(%error, "session store unavailable");
    AppError::Unavailable
}

pub async fn load(session: &Session, form_id: &str) -> Result<Option<Draft>, AppError> {
    session.get::<Draft>(&key(form_id)).await.map_err(unavailable)
}

/// The draft, or a new empty one with a fresh idempotency key.
pub async fn load_or_new(session: &Session, form_id: &str) -> Result<Draft, AppError> {
    Ok(load(session, form_id).await?.unwrap_or_else(|| Draft { key: super::store::new_key(), ..Draft::default() }))
}

pub async fn save(session: &Session, form_id: &str, draft: &Draft) -> Result<(), AppError> {
    session.insert(&key(form_id), draft).await.map_err(unavailable)?;
    // Make sure the draft is in the database before the redirect is answered.
    session.save().await.map_err(unavailable)
}

pub async fn clear(session: &Session, form_id: &str) -> Result<(), AppError> {
    session.remove::<Draft>(&key(form_id)).await.map_err(unavailable)?;
    Ok(())
}

pub async fn remember_submitted(session: &Session, reference: &str) -> Result<(), AppError> {
    let mut list = submitted(session).await?;
    if !list.iter().any(|r| r == reference) {
        list.push(reference.to_string());
    }
    let skip = list.len().saturating_sub(REMEMBERED);
    session.insert(SUBMITTED, &list[skip..]).await.map_err(unavailable)?;
    session.save().await.map_err(unavailable)
}

pub async fn submitted(session: &Session) -> Result<Vec<String>, AppError> {
    Ok(session.get::<Vec<String>>(SUBMITTED).await.map_err(unavailable)?.unwrap_or_default())
}

/// The session of the request being rendered (inside a server function).
pub async fn current_session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|error| {
        tracing::error!(%error, "no session layer");
        AppError::Internal
    })
}
