//! The application's state: the database, the clock, and each capability's own state. Axum
//! handlers take the part they need by `FromRef` (the server implements it for its router
//! state); server functions find their capability's part in the Leptos context, which
//! [`AppState::provide_context`] fills for every request. Nothing below this layer sees the whole.

use crate::{
    access::Loa,
    cases::ssr::CasesState,
    catalog::ssr::CatalogState,
    clock::Clock,
    db::Db,
    forms::ssr::FormsState,
    identity::ssr::{oidc::Providers, IdentityState, Settings},
    registry::ssr::RegistryState,
};
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Db,
    /// The time as the portal sees it (tests set it); every capability holds the same clock.
    pub clock: Clock,
    /// The catalogue's database handle and caches.
    pub catalog: CatalogState,
    /// The forms' definitions cache, submission writer and rate limits.
    pub forms: FormsState,
    /// The e-ID providers and how sign-in is set up.
    pub identity: IdentityState,
    /// Cases, the back office and the public records register.
    pub cases: CasesState,
    /// The population and company registries the portal asks instead of the applicant.
    pub registry: RegistryState,
}

impl AppState {
    pub fn new(db: Db) -> Self {
        Self::with_clock(db, Clock::system())
    }

    /// A state whose capabilities all read the time from `clock`.
    pub fn with_clock(db: Db, clock: Clock) -> Self {
        AppState {
            catalog: CatalogState::new(db.clone()),
            forms: FormsState::new(db.clone(), clock.clone()),
            identity: IdentityState {
                db: db.clone(),
                clock: clock.clone(),
                providers: Arc::new(Providers::empty()),
                settings: Arc::new(Settings {
                    public_url: "http://127.0.0.1:3000".into(),
                    demo: false,
                    min_loa: Loa::SUBSTANTIAL,
                }),
                registry: RegistryState::default(),
            },
            cases: CasesState::new(db.clone(), clock.clone()),
            registry: RegistryState::default(),
            clock,
            db,
        }
    }

    /// Makes each capability's state reachable by its server functions and pages for this request.
    pub fn provide_context(&self) {
        leptos::prelude::provide_context(self.catalog.clone());
        leptos::prelude::provide_context(self.forms.clone());
        leptos::prelude::provide_context(self.identity.clone());
        leptos::prelude::provide_context(self.cases.clone());
        leptos::prelude::provide_context(self.registry.clone());
    }
}
