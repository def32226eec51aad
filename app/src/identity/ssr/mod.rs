//! Server side of identity: the configured e-ID providers and the OpenID Connect flow, the demo's
//! test persons, storage of persons and sign-ins, and the service that turns a verified sign-in
//! into a signed-in session ([`sign_in`]).

pub mod demo;
pub mod handlers;
pub mod oidc;
pub mod profile;
pub mod providers;
pub mod representation;
pub mod signing;
pub mod store;

use crate::{
    access::{Loa, SignedIn, StaffMember, SIGNED_IN_KEY, STAFF_KEY},
    audit,
    clock::Clock,
    db::Db,
    error::AppError,
};
use std::sync::Arc;
use tower_sessions::Session;

/// The session key of the flows begun and not yet finished ([`oidc::Pending`]).
pub const PENDING_KEY: &str = "oidc_pending";
/// The session key of the ID token kept for the provider's sign-out.
pub const ID_TOKEN_KEY: &str = "oidc_id_token";
/// The session key of the profile form sent with problems: what was typed and what is wrong,
/// shown once by the profile page.
pub const PROFILE_FLASH_KEY: &str = "profile_flash";
/// At most this many flows wait at once in one session (several tabs); older ones are dropped.
pub const MAX_PENDING: usize = 3;

/// How identity is set up in this process.
#[derive(Clone, Debug)]
pub struct Settings {
    /// The portal's public URL (`https://e.norrvik.se`): the redirect URI is made from it.
    pub public_url: String,
    /// Demo configuration: the test-person sign-in exists.
    pub demo: bool,
    /// The least level of assurance a resident's sign-in must have.
    pub min_loa: Loa,
}

/// What identity's pages, server functions and handlers need.
#[derive(Clone, Debug)]
pub struct IdentityState {
    pub db: Db,
    pub clock: Clock,
    pub providers: Arc<oidc::Providers>,
    pub settings: Arc<Settings>,
    /// The registries that say whom a person may act for.
    pub registry: crate::registry::api::RegistryState,
}

impl IdentityState {
    pub fn from_context() -> Result<Self, AppError> {
        leptos::prelude::use_context::<Self>().ok_or_else(|| {
            tracing::error!("IdentityState missing from context");
            AppError::Internal
        })
    }

    /// Where providers send people back: `{public_url}/logga-in/retur`.
    pub fn redirect_url(&self) -> String {
        format!("{}{}", self.settings.public_url.trim_end_matches('/'), crate::routes::sign_in_return())
    }
}

/// Signs `person` in: records the person (once) and the sign-in with its audit row in one
/// commit, then gives the session a new id (so an id planted before sign-in is worth nothing)
/// and keeps the signed-in person in it.
#[allow(clippy::too_many_arguments)]
pub async fn sign_in(
    state: &IdentityState,
    session: &Session,
    number: &str,
    given_name: &str,
    family_name: &str,
    provider: &str,
    loa: Loa,
    id_token: Option<String>,
) -> Result<SignedIn, AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    let person_id = store::record_sign_in(&mut tx, number, given_name, family_name, provider, loa.0, now).await?;
    audit::record(
        &mut tx,
        &audit::Event {
            at_ms: now,
            actor: format!("person:{person_id}"),
            action: "sign-in",
            object: None,
            outcome: "ok",
            details: serde_json::json!({ "provider": provider, "loa": loa.0 }),
        },
    )
    .await?;
    tx.commit().await?;
    let signed_in = SignedIn {
        person_id,
        name: format!("{given_name} {family_name}").trim().to_string(),
        provider: provider.to_string(),
        loa,
        signed_in_at_ms: now,
        last_seen_ms: now,
        acting_for: None,
    };
    keep_in_session(session, (SIGNED_IN_KEY, &signed_in), STAFF_KEY, id_token).await?;
    tracing::info!(person = person_id, provider, loa = loa.0, "signed in");
    Ok(signed_in)
}

/// Signs a member of staff in: records them (once per provider and subject) with an audit row
/// in one commit, then gives the session a new id and keeps them in it, instead of any resident.
pub async fn sign_in_staff(
    state: &IdentityState,
    session: &Session,
    provider: &str,
    organisation: &str,
    staff: &providers::MappedStaff,
    id_token: Option<String>,
) -> Result<StaffMember, AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    let staff_id =
        store::record_staff_sign_in(&mut tx, provider, &staff.subject, organisation, &staff.name, &staff.email, now)
            .await?;
    audit::record(
        &mut tx,
        &audit::Event {
            at_ms: now,
            actor: format!("staff:{staff_id}"),
            action: "staff-sign-in",
            object: None,
            outcome: "ok",
            details: serde_json::json!({ "provider": provider, "organisation": organisation }),
        },
    )
    .await?;
    tx.commit().await?;
    let member = StaffMember {
        staff_id,
        name: staff.name.clone(),
        organisation: organisation.to_string(),
        provider: provider.to_string(),
        signed_in_at_ms: now,
        last_seen_ms: now,
        roles: Vec::new(),
    };
    keep_in_session(session, (STAFF_KEY, &member), SIGNED_IN_KEY, id_token).await?;
    tracing::info!(staff = staff_id, provider, organisation, "staff signed in");
    Ok(member)
}

/// Keeps a fresh sign-in in the session: a new session id first (an id planted before sign-in
/// is then worth nothing), no flow left waiting, the other kind of sign-in gone (one session is
/// a resident or staff, never both), and the ID token for the provider's sign-out, if any.
async fn keep_in_session<T: serde::Serialize>(
    session: &Session,
    (key, who): (&str, &T),
    other_key: &str,
    id_token: Option<String>,
) -> Result<(), AppError> {
    let kept = async {
        session.cycle_id().await?;
        session.remove_value(PENDING_KEY).await?;
        session.remove_value(other_key).await?;
        session.insert(key, who).await?;
        match id_token {
            Some(token) => session.insert(ID_TOKEN_KEY, token).await,
            None => session.remove_value(ID_TOKEN_KEY).await.map(drop),
        }
    };
    kept.await.map_err(|error: tower_sessions::session::Error| {
        tracing::warn!(%error, "session store unavailable");
        AppError::Unavailable
    })
}

/// Records a refused sign-in (never the number or a token: the provider and the reason).
pub async fn refused(state: &IdentityState, provider: &str, reason: &'static str, loa: Option<Loa>) {
    tracing::info!(provider, reason, "sign-in refused");
    let event = audit::Event {
        at_ms: state.clock.now_ms(),
        actor: "anonymous".into(),
        action: "sign-in-refused",
        object: None,
        outcome: reason,
        details: serde_json::json!({ "provider": provider, "loa": loa.map(|l| l.0) }),
    };
    if let Err(error) = audit::record_alone(&state.db, &event).await {
        tracing::warn!(?error, "a refused sign-in could not be audited");
    }
}

/// A path on this portal to return to after sign-in; anything else (another site, `//host`,
/// the sign-in pages themselves, over 512 characters) becomes My pages.
pub fn safe_return(path: Option<&str>) -> String {
    let fallback = crate::routes::my_pages();
    let Some(path) = path.map(str::trim).filter(|p| !p.is_empty()) else { return fallback };
    let own = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && path.len() <= 512
        && !path.chars().any(|c| c.is_control() || c == '\\');
    let loops = [
        crate::routes::sign_in(),
        crate::routes::sign_out(),
        crate::routes::demo_sign_in(),
        crate::routes::staff_sign_in(),
    ]
    .iter()
    .any(|p| path == p || path.starts_with(&format!("{p}/")) || path.starts_with(&format!("{p}?")));
    if own && !loops {
        path.to_string()
    } else {
        fallback
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_own_paths_are_returned_to() {
        assert_eq!(safe_return(Some("/tjanster/bygglov")), "/tjanster/bygglov");
        assert_eq!(safe_return(Some("/formular/x/steg?andra=1")), "/formular/x/steg?andra=1");
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "javascript:alert(1)",
            "",
            "/logga-in",
            "/logga-in/retur?x",
            "/logga-ut",
        ] {
            assert_eq!(safe_return(Some(bad)), "/mina-sidor", "{bad}");
        }
        assert_eq!(safe_return(Some(&format!("/{}", "a".repeat(600)))), "/mina-sidor");
        assert_eq!(safe_return(None), "/mina-sidor");
    }
}
