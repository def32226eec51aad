//! The answers so far and where they are kept between requests. [`DraftStore`] is the seam the
//! flow service ([`super::flow`]) works through; today the session keeps drafts
//! ([`SessionDrafts`], stored in the database), so reload, back and forward never lose input,
//! with or without JavaScript. A signed-in person's drafts can later live elsewhere behind the
//! same trait.

use crate::{
    error::AppError,
    forms::rules::{Answers, FieldError},
};
use axum::extract::FromRequestParts;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The idempotency key of the submission this draft becomes.
    pub key: String,
    pub answers: Answers,
    /// Problems found when a step was last sent: (step id, errors).
    pub errors: Option<(String, Vec<FieldError>)>,
}

impl Draft {
    /// An empty draft with a fresh idempotency key (128 random bits, hex encoded): the key is
    /// what makes its sending happen once, so it must not be guessable or shared.
    pub fn fresh() -> Draft {
        use rand::Rng;
        let bytes: [u8; 16] = rand::rng().random();
        Draft { key: bytes.iter().map(|b| format!("{b:02x}")).collect(), ..Draft::default() }
    }

    /// What is left of a draft once sent: its spent key alone, which shows the sender (and
    /// nobody else) the confirmation.
    pub fn spent(key: &str) -> Draft {
        Draft { key: key.to_string(), ..Draft::default() }
    }
}

/// Where one visitor's drafts are kept, one per form. It only keeps them: whether a draft was
/// sent, and what a step does to it, is the flow service's business.
#[async_trait::async_trait]
pub trait DraftStore: Send + Sync {
    /// The draft of `form_id` as stored, even one already sent (then only its spent key is left).
    async fn load(&self, form_id: &str) -> Result<Option<Draft>, AppError>;

    /// Keeps `draft` as the draft of `form_id`, replacing what was there.
    async fn save(&self, form_id: &str, draft: &Draft) -> Result<(), AppError>;

    /// Forgets the draft of `form_id` (the visitor asked to clear the form).
    async fn clear(&self, form_id: &str) -> Result<(), AppError>;

    /// A new draft is about to hold personal data: whatever identified the visitor before must
    /// not come to see it (against session fixation, an id planted in the browser).
    async fn begin(&self) -> Result<(), AppError>;
}

/// Drafts kept in the visitor's session; the session layer writes them to the database
/// (`crate::sessions`) before the response leaves.
#[derive(Clone, Debug)]
pub struct SessionDrafts {
    session: Session,
}

impl SessionDrafts {
    pub fn new(session: Session) -> Self {
        SessionDrafts { session }
    }

    /// The drafts of the request being rendered (inside a server function).
    pub async fn current() -> Result<Self, AppError> {
        let session = leptos_axum::extract::<Session>().await.map_err(|error| {
            tracing::error!(%error, "no session layer");
            AppError::Internal
        })?;
        Ok(SessionDrafts::new(session))
    }
}

/// A handler takes the visitor's drafts straight from the request, as it would the session.
impl<S: Send + Sync> FromRequestParts<S> for SessionDrafts {
    type Rejection = <Session as FromRequestParts<S>>::Rejection;

    async fn from_request_parts(parts: &mut http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        Session::from_request_parts(parts, state).await.map(SessionDrafts::new)
    }
}

fn key(form_id: &str) -> String {
    format!("forms.draft.{form_id}")
}

fn unavailable(error: impl std::fmt::Display) -> AppError {
    tracing::warn!(%error, "session store unavailable");
    AppError::Unavailable
}

#[async_trait::async_trait]
impl DraftStore for SessionDrafts {
    async fn load(&self, form_id: &str) -> Result<Option<Draft>, AppError> {
        self.session.get::<Draft>(&key(form_id)).await.map_err(unavailable)
    }

    async fn save(&self, form_id: &str, draft: &Draft) -> Result<(), AppError> {
        self.session.insert(&key(form_id), draft).await.map_err(unavailable)
    }

    async fn clear(&self, form_id: &str) -> Result<(), AppError> {
        self.session.remove_value(&key(form_id)).await.map(|_| ()).map_err(unavailable)
    }

    async fn begin(&self) -> Result<(), AppError> {
        // A new session id: an id planted before never comes to hold personal data.
        self.session.cycle_id().await.map_err(unavailable)
    }
}
