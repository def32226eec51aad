//! What every request handler shares: the database and the in-memory caches of what rarely changes.

use crate::{
    catalog::ssr::{cache::CatalogCache, search::Vocabulary},
    db::Db,
    forms::ssr::group_commit::SubmissionWriter,
};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub vocabulary: Arc<Vocabulary>,
    pub forms: Arc<crate::forms::ssr::store::FormCache>,
    pub catalog: Arc<CatalogCache>,
    /// Stores submissions, sharing one durable commit among those sent at the same moment.
    pub submissions: SubmissionWriter,
    /// Rate limits on anonymous submissions and receipts.
    pub limits: Arc<crate::rate_limit::Limits>,
    /// The time as the portal sees it (tests set it).
    pub clock: crate::clock::Clock,
}

impl AppState {
    pub fn new(db: Db) -> Self {
        AppState {
            submissions: SubmissionWriter::new(db.clone()),
            db,
            vocabulary: Arc::new(Vocabulary::default()),
            forms: Arc::default(),
            catalog: Arc::default(),
            limits: Arc::default(),
            clock: crate::clock::Clock::system(),
        }
    }
}

/// The state provided to every server function and page rendered on the server.
pub fn from_context() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        crate::error::AppError::Internal
    })
}
