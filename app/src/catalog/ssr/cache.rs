//! Catalogue reads kept in memory (service pages, the search vocabulary): the catalogue changes only when content is imported, and
//! every import bumps `catalog_meta.version`. Entries are kept while that version stands; the
//! version is looked up at most once per [`VERSION_CHECK_INTERVAL`], so an import made by
//! another process (`server import`) shows within that time. While the database is away, what
//! was read before keeps being served.

use crate::{catalog::ServiceDetail, db::Db, error::AppError, i18n::Lang};
use std::{
    collections::HashMap,
    future::Future,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

pub const VERSION_CHECK_INTERVAL: Duration = Duration::from_secs(1);

/// Read-through cache of catalogue reads for one catalogue version. Only found entries are
/// kept, so its size is bounded by the catalogue itself.
#[derive(Debug)]
pub struct VersionedCache<V> {
    inner: RwLock<Inner<V>>,
}

#[derive(Debug)]
struct Inner<V> {
    version: Option<i64>,
    checked: Option<Instant>,
    entries: HashMap<(String, Lang), Arc<V>>,
}

impl<V> Default for VersionedCache<V> {
    fn default() -> Self {
        VersionedCache { inner: RwLock::new(Inner { version: None, checked: None, entries: HashMap::new() }) }
    }
}

impl<V> VersionedCache<V> {
    pub async fn get_or_load<F, Fut>(&self, db: &Db, id: &str, lang: Lang, load: F) -> Result<Arc<V>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, AppError>>,
    {
        let key = (id.to_string(), lang);
        {
            let inner = self.inner.read().expect("catalogue cache lock");
            if inner.checked.is_some_and(|at| at.elapsed() < VERSION_CHECK_INTERVAL) {
                if let Some(value) = inner.entries.get(&key) {
                    return Ok(value.clone());
                }
            }
        }
        let version = match super::store::catalog_version(db).await {
            Ok(version) => version,
            Err(error) => {
                // The database is away: what was read before is still the best answer (an
                // information page stays up through an outage); anything else is unavailable.
                if let Some(value) = self.inner.read().expect("catalogue cache lock").entries.get(&key) {
                    return Ok(value.clone());
                }
                return Err(error.into());
            }
        };
        {
            let mut inner = self.inner.write().expect("catalogue cache lock");
            if inner.version != Some(version) {
                inner.entries.clear();
                inner.version = Some(version);
            }
            inner.checked = Some(Instant::now());
            if let Some(value) = inner.entries.get(&key) {
                return Ok(value.clone());
            }
        }
        // Loaded after the version was read: at worst newer than that version, never older.
        let value = Arc::new(load().await?);
        let mut inner = self.inner.write().expect("catalogue cache lock");
        if inner.version == Some(version) {
            inner.entries.insert(key, value.clone());
        }
        Ok(value)
    }
}

/// The cached catalogue reads.
#[derive(Debug, Default)]
pub struct CatalogCache {
    pub services: VersionedCache<ServiceDetail>,
}
