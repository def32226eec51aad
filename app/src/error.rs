//! The one error type of the portal: each case maps to an HTTP status and a Fluent message id.
//! Causes are logged once on the server where they happen and never shown to users.

use http::StatusCode;
use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The object does not exist, or the caller may not know that it does.
    #[error("not found")]
    NotFound,
    /// The request was malformed in a way the page cannot explain field by field.
    #[error("bad request")]
    BadRequest,
    /// The database or another part the portal depends on is unreachable; try again later.
    #[error("temporarily unavailable")]
    Unavailable,
    /// A bug or an unexpected failure; the cause is in the server log.
    #[error("internal error")]
    Internal,
    /// The call from the browser to the server failed on the way (network, encoding).
    #[error("transport: {0}")]
    Transport(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The Fluent message id shown to the user: a title, and `-body` with what to do.
    pub fn message_id(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-not-found",
            AppError::BadRequest => "error-bad-request",
            AppError::Unavailable => "error-unavailable",
            AppError::Internal | AppError::Transport(_) => "error-internal",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            other => AppError::Transport(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => AppError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
                tracing::warn!(%error, "database unavailable");
                AppError::Unavailable
            }
            sqlx::Error::Database(ref db) if is_connection_failure(db.code().as_deref()) => {
                tracing::warn!(%error, "database unavailable");
                AppError::Unavailable
            }
            error => {
                tracing::error!(%error, "database error");
                AppError::Internal
            }
        }
    }
}

/// PostgreSQL SQLSTATE classes 08 (connection exception) and 57P (operator intervention).
#[cfg(feature = "ssr")]
fn is_connection_failure(code: Option<&str>) -> bool {
    code.is_some_and(|c| c.starts_with("08") || c.starts_with("57P"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_has_a_status_and_a_translated_message() {
        for error in [
            AppError::NotFound,
            AppError::BadRequest,
            AppError::Unavailable,
            AppError::Internal,
            AppError::Transport("x".into()),
        ] {
            for lang in crate::i18n::Lang::all() {
                let title = lang.t(error.message_id());
                assert_ne!(title, error.message_id(), "{lang} lacks {}", error.message_id());
            }
            assert!(error.status().is_client_error() || error.status().is_server_error());
        }
        assert_eq!(AppError::Unavailable.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
}
