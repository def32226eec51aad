//! What every request handler shares: the database and the search vocabulary cache.

use crate::{catalog::ssr::search::Vocabulary, db::Db};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub vocabulary: Arc<Vocabulary>,
    pub forms: Arc<crate::forms::ssr::store::FormCache>,
}

impl AppState {
    pub fn new(db: Db) -> Self {
        AppState { db, vocabulary: Arc::new(Vocabulary::default()), forms: Arc::default() }
    }
}

/// The state provided to every server function and page rendered on the server.
pub fn from_context() -> Result<AppState, crate::error::AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from context");
        crate::error::AppError::Internal
    })
}
