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
    /// Only a signed-in person may do this: the person is sent to sign in, and back.
    #[error("unauthenticated")]
    Unauthenticated,
    /// The request came from another site (or could not show where it came from).
    #[error("forbidden")]
    Forbidden,
    /// The object changed since the page was loaded (another officer was quicker), or is in a
    /// state where this cannot be done: nothing was changed, and what was typed is kept.
    #[error("conflict")]
    Conflict,
    /// More than a request, or a draft, may hold.
    #[error("too large")]
    TooLarge,
    /// Too many requests from one address, or receipts to one recipient, in a short time.
    #[error("too many requests")]
    TooManyRequests,
    /// A bug or an unexpected failure; the cause is in the server log.
    #[error("internal error")]
    Internal,
    /// The call from the browser to the server failed on the way (network, encoding). It carries
    /// no text: the cause is logged where it happens (`from_server_fn_error`) and never leaves
    /// the process, because this value is serialised into server-function response bodies.
    #[error("transport error")]
    Transport,
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest => StatusCode::BAD_REQUEST,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal | AppError::Transport => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The Fluent message id shown to the user: a title, and `-body` with what to do.
    pub fn message_id(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-not-found",
            AppError::BadRequest => "error-bad-request",
            AppError::Unavailable => "error-unavailable",
            AppError::Unauthenticated => "error-unauthenticated",
            AppError::Forbidden => "error-forbidden",
            AppError::Conflict => "error-conflict",
            AppError::TooLarge => "error-too-large",
            AppError::TooManyRequests => "error-too-many-requests",
            AppError::Internal | AppError::Transport => "error-internal",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::BadRequest,
            other => {
                // Logged once, here; the cause may name routes, types or parts of the request,
                // so it never goes into the value (which the server sends as a response body).
                #[cfg(feature = "ssr")]
                tracing::warn!(cause = %other, "server function call failed");
                #[cfg(not(feature = "ssr"))]
                leptos::logging::warn!("server function call failed: {other}");
                AppError::Transport
            }
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
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::Conflict,
            AppError::TooLarge,
            AppError::TooManyRequests,
            AppError::Internal,
            AppError::Transport,
        ] {
            for lang in crate::i18n::Lang::all() {
                let title = lang.t(error.message_id());
                assert_ne!(title, error.message_id(), "{lang} lacks {}", error.message_id());
            }
            assert!(error.status().is_client_error() || error.status().is_server_error());
        }
        assert_eq!(AppError::Unavailable.status(), StatusCode::SERVICE_UNAVAILABLE);
    }

    #[test]
    fn a_transport_failure_keeps_its_cause_out_of_what_is_sent_and_shown() {
        let secret = "relation \"submissions\" does not exist at /srv/portal/secret-path";
        let error = AppError::from_server_fn_error(ServerFnErrorErr::ServerError(secret.into()));
        assert_eq!(error, AppError::Transport);
        let body = String::from_utf8(error.ser().to_vec()).unwrap();
        assert!(!body.contains("secret-path") && !body.contains("submissions"), "{body}");
        assert!(!error.to_string().contains("secret-path"));
        assert!(!format!("{error:?}").contains("secret-path"));
        assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
        // What the server sends comes back as the same case in the browser.
        assert_eq!(AppError::de(body.into_bytes().into()), AppError::Transport);
    }
}
