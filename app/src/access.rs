//! Who is acting, and what they may do: the one place that says so. The server resolves the
//! [`Actor`] of every request from its session (`server::middleware::actor`) and puts it in the
//! request's extensions, where pages, server functions and handlers all find it
//! ([`current_actor`]). Every read or write of personal data asks [`may`] (or [`require`]).

use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// Level of assurance of an e-ID sign-in, as the Swedish trust framework counts it
/// (tillitsnivå; eIDAS low, substantial, high are 2, 3, 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Loa(pub u8);

impl Loa {
    /// Substantial: what personal e-services need.
    pub const SUBSTANTIAL: Loa = Loa(3);
}

/// The session key under which a signed-in resident is kept.
pub const SIGNED_IN_KEY: &str = "signed_in";

/// A resident signed in with an e-ID, as the session keeps it: the pseudonymous person id and
/// what the header shows, never the whole personal identity number, never a token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignedIn {
    /// `persons.id`: pseudonymous, safe in logs and audit rows.
    pub person_id: i64,
    pub name: String,
    /// The provider's id in the configuration (`demo` for the demo's test persons).
    pub provider: String,
    pub loa: Loa,
    pub signed_in_at_ms: i64,
    /// The last request seen, to end the session after the idle timeout (written at most once
    /// a minute, so that reading pages does not write the session each time).
    pub last_seen_ms: i64,
}

/// Who is acting in a request.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Actor {
    #[default]
    Anonymous,
    Resident(SignedIn),
}

impl Actor {
    /// The pseudonymous name used in audit rows: `person:12` or `anonymous`.
    pub fn audit_name(&self) -> String {
        match self {
            Actor::Anonymous => "anonymous".into(),
            Actor::Resident(person) => format!("person:{}", person.person_id),
        }
    }

    pub fn resident(&self) -> Option<&SignedIn> {
        match self {
            Actor::Resident(person) => Some(person),
            Actor::Anonymous => None,
        }
    }
}

/// What an actor wants to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Read,
    Change,
}

/// What it wants to do it to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    /// A person's own records: profile, sign-in history, everything kept about them.
    Person(i64),
}

/// The authorization policy. A resident reads and changes their own records and nobody else's;
/// an anonymous visitor none.
pub fn may(actor: &Actor, action: Action, resource: Resource) -> bool {
    match (actor, action, resource) {
        (Actor::Resident(person), Action::Read | Action::Change, Resource::Person(id)) => person.person_id == id,
        (Actor::Anonymous, _, _) => false,
    }
}

/// [`may`] as an error: `Unauthenticated` for an anonymous actor (who is sent to sign in and
/// back), `Forbidden` for anyone else.
pub fn require(actor: &Actor, action: Action, resource: Resource) -> Result<(), AppError> {
    if may(actor, action, resource) {
        Ok(())
    } else if *actor == Actor::Anonymous {
        Err(AppError::Unauthenticated)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The actor of the request being rendered or answered (on the server); anonymous in the browser.
pub fn current_actor() -> Actor {
    #[cfg(feature = "ssr")]
    return leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Actor>().cloned())
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    Actor::Anonymous
}

/// The signed-in resident, or `Unauthenticated`.
pub fn signed_in_resident() -> Result<SignedIn, AppError> {
    current_actor().resident().cloned().ok_or(AppError::Unauthenticated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resident(id: i64) -> Actor {
        Actor::Resident(SignedIn {
            person_id: id,
            name: "Tolvan Tolvansson".into(),
            provider: "se".into(),
            loa: Loa(3),
            signed_in_at_ms: 0,
            last_seen_ms: 0,
        })
    }

    #[test]
    fn a_resident_reaches_their_own_records_only() {
        assert!(may(&resident(1), Action::Read, Resource::Person(1)));
        assert!(may(&resident(1), Action::Change, Resource::Person(1)));
        assert!(!may(&resident(1), Action::Read, Resource::Person(2)));
        assert!(!may(&Actor::Anonymous, Action::Read, Resource::Person(1)));
        assert_eq!(require(&Actor::Anonymous, Action::Read, Resource::Person(1)), Err(AppError::Unauthenticated));
        assert_eq!(require(&resident(2), Action::Read, Resource::Person(1)), Err(AppError::Forbidden));
        assert_eq!(resident(7).audit_name(), "person:7");
    }
}
