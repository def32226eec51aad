//! Server side of the catalogue: storage queries, search and the in-memory caches.

pub mod cache;
pub mod search;
pub mod store;
pub mod units;

use crate::{db::Db, error::AppError};
use std::sync::Arc;

/// What the catalogue's server side needs: the database and its in-memory caches. Provided to
/// server functions as a context of its own (`CatalogState::from_context`).
#[derive(Clone, Debug)]
pub struct CatalogState {
    pub db: Db,
    /// Service details and rendered pages, kept while the catalogue version stands.
    pub cache: Arc<cache::CatalogCache>,
    /// The words services are found by, for search suggestions.
    pub vocabulary: Arc<search::Vocabulary>,
}

impl CatalogState {
    pub fn new(db: Db) -> Self {
        CatalogState { db, cache: Arc::default(), vocabulary: Arc::default() }
    }

    /// The catalogue's state, as the server provided it to this request.
    pub fn from_context() -> Result<Self, AppError> {
        leptos::prelude::use_context::<Self>().ok_or_else(|| {
            tracing::error!("CatalogState missing from context");
            AppError::Internal
        })
    }
}
