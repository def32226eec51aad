//! What every request handler shares: the database and the search vocabulary cache.

use crate::{catalog::ssr::search::Vocabulary, db::Db};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    pub vocabulary: Arc<Vocabulary>,
}

impl AppState {
    pub fn new(db: Db) -> Self {
        AppState { db, vocabulary: Arc::new(Vocabulary::default()) }
    }
}
