//! Catalogue reads kept in memory (service details, units, rendered catalogue pages, the search vocabulary): the catalogue changes only when content is imported, and
//! every import bumps `catalog_meta.version`. Entries are kept while that version stands; the
//! version is looked up at most once per [`VERSION_CHECK_INTERVAL`], so an import made by
//! another process (`server import`) shows within that time. While the database is away, what
//! was read before keeps being served.

use crate::{
    catalog::{ServiceDetail, Unit},
    db::Db,
    error::AppError,
    i18n::Lang,
};
use std::{
    collections::HashMap,
    future::Future,
    sync::{Arc, PoisonError, RwLock},
    time::{Duration, Instant},
};

pub const VERSION_CHECK_INTERVAL: Duration = Duration::from_secs(1);

/// Read-through cache of catalogue reads for one catalogue version. A panic while a lock was
/// held leaves consistent entries (each write is one insert or clear), so a poisoned lock is
/// used as it is. Only found entries are
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
    /// What the entries weigh, as told to [`VersionedCache::keep_within`].
    bytes: usize,
}

impl<V> Default for VersionedCache<V> {
    fn default() -> Self {
        VersionedCache { inner: RwLock::new(Inner { version: None, checked: None, entries: HashMap::new(), bytes: 0 }) }
    }
}

/// What a lookup found: the kept value, or the catalogue version a value loaded now belongs to.
pub enum Lookup<V> {
    Hit(Arc<V>),
    Miss { version: i64 },
}

impl<V> VersionedCache<V> {
    /// The kept value for `(id, lang)`, checking the catalogue version at most once per
    /// interval. While the database is away, a kept value is still returned; a miss is an error.
    pub async fn lookup(&self, db: &Db, id: &str, lang: Lang) -> Result<Lookup<V>, AppError> {
        let key = (id.to_string(), lang);
        {
            let inner = self.inner.read().unwrap_or_else(PoisonError::into_inner);
            if let (Some(version), Some(at)) = (inner.version, inner.checked) {
                if at.elapsed() < VERSION_CHECK_INTERVAL {
                    return Ok(match inner.entries.get(&key) {
                        Some(value) => Lookup::Hit(value.clone()),
                        None => Lookup::Miss { version },
                    });
                }
            }
        }
        let version = match super::store::catalog_version(db).await {
            Ok(version) => version,
            Err(error) => {
                // The database is away: what was read before is still the best answer (an
                // information page stays up through an outage); anything else is unavailable.
                if let Some(value) = self.inner.read().unwrap_or_else(PoisonError::into_inner).entries.get(&key) {
                    return Ok(Lookup::Hit(value.clone()));
                }
                return Err(error);
            }
        };
        let mut inner = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        if inner.version != Some(version) {
            inner.entries.clear();
            inner.bytes = 0;
            inner.version = Some(version);
        }
        inner.checked = Some(Instant::now());
        Ok(match inner.entries.get(&key) {
            Some(value) => Lookup::Hit(value.clone()),
            None => Lookup::Miss { version },
        })
    }

    /// Keeps `value`, read after `version` was current, unless the catalogue has moved on since
    /// (a value read after the version lookup is at worst newer than that version, never older).
    pub fn keep(&self, version: i64, id: &str, lang: Lang, value: Arc<V>) {
        let mut inner = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        if inner.version == Some(version) {
            inner.entries.insert((id.to_string(), lang), value);
        }
    }

    /// Keeps `value` weighing `bytes` like [`keep`](Self::keep), unless the kept values would
    /// then weigh more than `budget` (the value is then served once and not kept).
    pub fn keep_within(&self, version: i64, id: &str, lang: Lang, value: Arc<V>, bytes: usize, budget: usize) -> bool {
        let mut inner = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        let key = (id.to_string(), lang);
        if inner.version != Some(version) || inner.entries.contains_key(&key) || inner.bytes + bytes > budget {
            return false;
        }
        inner.bytes += bytes;
        inner.entries.insert(key, value);
        true
    }

    /// Forgets everything kept for a catalogue version older than `version`, which another cache
    /// has just seen: a page about to be rendered and kept for `version` must not be built from
    /// entries this cache still holds for the version before (each cache checks the version on
    /// its own clock, so one can be up to an interval behind the other).
    pub fn advance_to(&self, version: i64) {
        let mut inner = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        if inner.version.is_none_or(|kept| kept < version) {
            inner.entries.clear();
            inner.bytes = 0;
            inner.version = Some(version);
            inner.checked = Some(Instant::now());
        }
    }

    /// What the values kept through [`keep_within`](Self::keep_within) weigh now.
    pub fn kept_bytes(&self) -> usize {
        self.inner.read().unwrap_or_else(PoisonError::into_inner).bytes
    }

    pub async fn get_or_load<F, Fut>(&self, db: &Db, id: &str, lang: Lang, load: F) -> Result<Arc<V>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<V, AppError>>,
    {
        match self.lookup(db, id, lang).await? {
            Lookup::Hit(value) => Ok(value),
            Lookup::Miss { version } => {
                let value = Arc::new(load().await?);
                self.keep(version, id, lang, value.clone());
                Ok(value)
            }
        }
    }
}

/// A page rendered from the catalogue alone, kept so that the next visitor costs no render.
/// The body is split where the response's CSP nonce stood, so each response gets its own.
#[derive(Debug)]
pub struct RenderedPage {
    /// The route template the page was rendered for, for the request figures (`/metrics`).
    pub route: Option<axum::extract::MatchedPath>,
    pub headers: Vec<(http::HeaderName, http::HeaderValue)>,
    pub body_around_nonce: Vec<String>,
}

impl RenderedPage {
    pub fn body_with_nonce(&self, nonce: &str) -> String {
        self.body_around_nonce.join(nonce)
    }
}

/// The cached catalogue reads.
#[derive(Debug, Default)]
pub struct CatalogCache {
    pub services: VersionedCache<ServiceDetail>,
    /// Every unit (preschools, schools) per language, under the key `units`.
    pub units: VersionedCache<Vec<Unit>>,
    /// Whole pages that depend on nothing but the catalogue, the path and the language.
    pub pages: VersionedCache<RenderedPage>,
}

impl CatalogCache {
    /// Brings the caches a page is rendered from up to `version` (see
    /// [`VersionedCache::advance_to`]).
    pub fn advance_to(&self, version: i64) {
        self.services.advance_to(version);
        self.units.advance_to(version);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_of_an_older_version_go_when_another_cache_has_seen_a_newer_one() {
        let cache: VersionedCache<String> = VersionedCache::default();
        cache.advance_to(1);
        cache.keep(1, "bygglov", Lang::default(), Arc::new("Ansök om bygglov".into()));
        assert_eq!(cache.inner.read().unwrap().entries.len(), 1);
        cache.advance_to(1);
        assert_eq!(cache.inner.read().unwrap().entries.len(), 1, "the same version keeps what it has");
        cache.advance_to(2);
        assert!(cache.inner.read().unwrap().entries.is_empty(), "a page for version 2 must not read version 1");
        cache.keep(1, "bygglov", Lang::default(), Arc::new("old".into()));
        assert!(cache.inner.read().unwrap().entries.is_empty(), "nor keep what was read for version 1");
        cache.advance_to(1);
        assert_eq!(cache.inner.read().unwrap().version, Some(2), "versions only move forward");
    }
}
