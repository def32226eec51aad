//! What can stop the portal from starting, or an operator's command from running: one typed
//! error per cause, each saying what to look at. Printed once by `main`, never to a visitor.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The command line was not understood (exit code 2).
    #[error("{0}")]
    Usage(String),
    #[error("cannot create {}: {source}", dir.display())]
    CreateDirectory { dir: PathBuf, source: std::io::Error },
    /// `url` has its password removed.
    #[error("cannot open database {url}: {source}")]
    Database { url: String, source: sqlx::Error },
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Import(#[from] app::import::ImportFailure),
    /// The e-ID configuration cannot work.
    #[error("identity providers: {0}")]
    Identity(String),
    #[error("cannot listen on {address}: {source}")]
    Listen { address: String, source: std::io::Error },
    /// An operator's command could not read or change what it was asked to.
    #[error("cannot {action}: {cause}")]
    Command { action: &'static str, cause: String },
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

impl StartupError {
    /// The process exit code: 2 for a command line not understood, else 1.
    pub fn exit_code(&self) -> i32 {
        match self {
            StartupError::Usage(_) => 2,
            _ => 1,
        }
    }

    /// For an operator's command whose store call failed (the cause was logged where it happened).
    pub fn command(action: &'static str) -> impl FnOnce(app::error::AppError) -> StartupError {
        move |error| StartupError::Command { action, cause: format!("{error:?}") }
    }
}

pub type Result<T> = std::result::Result<T, StartupError>;
