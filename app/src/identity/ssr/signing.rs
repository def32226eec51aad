//! Signing with an e-ID. What a person sends is signed by authenticating anew at the provider
//! they signed in with (`prompt=login`, `max_age=0`, and the ID token's `auth_time` checked),
//! as the same person, at the level the service needs; in demo configuration a demo sign-in
//! signs on the demo's clearly marked signing page instead. A completed signature — who, when,
//! with which e-ID and level, over which SHA-256 — waits in the session for the capability that
//! asked (forms) to use it once; a signing that does not complete changes nothing and sends the
//! person back with the reason.

use super::{
    demo,
    oidc::{Callback, FlowError, Pending, Provider, FLOW_TTL_MS},
    providers::map_person,
    IdentityState, MAX_PENDING, PENDING_KEY,
};
use crate::{
    access::{Loa, SignedIn, SIGNED_IN_KEY},
    audit,
    domain::date::SimpleDate,
    error::AppError,
    i18n::Lang,
    routes,
};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

/// The session key of completed signatures not yet used.
pub const SIGNATURES_KEY: &str = "signatures";
/// At most this many completed signatures wait in a session (several tabs); older ones go.
const MAX_SIGNATURES: usize = 3;
/// How far the provider's clock may be behind ours when `auth_time` is checked.
const CLOCK_SKEW_MS: i64 = 60_000;

/// `?signering=…` on the page the person is sent back to when a signing did not complete.
pub const CANCELLED: &str = "avbruten";
pub const FAILED: &str = "misslyckad";
pub const OTHER_PERSON: &str = "annan-person";
pub const LEVEL: &str = "niva";
/// The signing was begun too long ago (`FLOW_TTL_MS`): it is begun again from the page.
pub const EXPIRED: &str = "utgangen";

/// What a flow that signs carries besides the sign-in flow's own fields.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Signing {
    /// Who must sign: the person signed in when the signing began.
    pub person_id: i64,
    /// SHA-256 (hexadecimal) of the text to sign.
    pub digest: String,
    /// What is signed, as the signer knows it (the form's title).
    pub what: String,
    /// The least level of assurance the signature needs.
    pub loa: u8,
    /// Where to go when the signing does not complete (a path on this portal).
    pub back_to: String,
}

/// A completed signature.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    pub person_id: i64,
    pub digest: String,
    pub signed_at_ms: i64,
    /// The provider's id, and its name as residents saw it.
    pub provider: String,
    pub e_id: String,
    pub loa: u8,
}

/// What to sign, asked by another capability.
#[derive(Clone, Debug)]
pub struct SignRequest {
    pub digest: String,
    pub what: String,
    /// The service's level of assurance, if it states one (the portal's minimum applies anyway).
    pub loa: u8,
    /// Where to go once signed, and where when not.
    pub return_to: String,
    pub back_to: String,
}

fn unavailable(error: tower_sessions::session::Error) -> AppError {
    tracing::warn!(%error, "session store unavailable");
    AppError::Unavailable
}

/// `back_to` with the reason a signing did not complete.
fn back(signing: &Signing, reason: &str) -> String {
    let separator = if signing.back_to.contains('?') { '&' } else { '?' };
    format!("{}{separator}signering={reason}", signing.back_to)
}

/// Keeps a flow begun in the session, with the others still young enough (at most [`MAX_PENDING`]).
pub async fn keep_pending(session: &Session, pending: Pending, now_ms: i64) -> Result<(), AppError> {
    let mut flows: Vec<Pending> = session.get(PENDING_KEY).await.map_err(unavailable)?.unwrap_or_default();
    flows.retain(|flow| now_ms - flow.started_at_ms < FLOW_TTL_MS);
    flows.push(pending);
    let excess = flows.len().saturating_sub(MAX_PENDING);
    flows.drain(..excess);
    session.insert(PENDING_KEY, flows).await.map_err(unavailable)
}

/// Begins signing for `me`: returns where to send them (their provider, or the demo's signing
/// page for a demo sign-in).
pub async fn begin(
    state: &IdentityState,
    session: &Session,
    me: &SignedIn,
    request: SignRequest,
    lang: Lang,
) -> Result<String, AppError> {
    let now = state.clock.now_ms();
    let signing = Signing {
        person_id: me.person_id,
        digest: request.digest,
        what: request.what.chars().take(200).collect(),
        loa: state.settings.min_loa.max(Loa(request.loa)).0,
        back_to: request.back_to,
    };
    if me.provider == demo::PROVIDER {
        if !state.settings.demo {
            return Err(AppError::Forbidden);
        }
        let flow = crate::attachments::random_id();
        let pending = Pending {
            provider: demo::PROVIDER.into(),
            state: flow.clone(),
            nonce: String::new(),
            pkce_verifier: String::new(),
            return_to: request.return_to,
            started_at_ms: now,
            signing: Some(signing),
        };
        keep_pending(session, pending, now).await?;
        return Ok(routes::demo_signing(&flow));
    }
    let Some(provider) = state.providers.get(&me.provider) else {
        tracing::warn!(provider = me.provider, "signing with a provider no longer configured");
        return Ok(back(&signing, FAILED));
    };
    let redirect_url = state.redirect_url();
    let started = state.providers.start(provider, &redirect_url, &request.return_to, lang.code(), &state.clock, true);
    match started.await {
        Ok((url, mut pending)) => {
            pending.signing = Some(signing);
            keep_pending(session, pending, now).await?;
            Ok(url)
        }
        Err(error) => {
            tracing::warn!(provider = me.provider, %error, "signing could not begin");
            Ok(back(&signing, FAILED))
        }
    }
}

/// Finishes a signing flow at a provider: where the person goes next (`return_to` once signed,
/// else `back_to` with the reason).
pub async fn finish_at_provider(
    state: &IdentityState,
    session: &Session,
    pending: &Pending,
    signing: &Signing,
    provider: &Provider,
    callback: &Callback,
) -> Result<String, AppError> {
    let verified = match state.providers.finish(provider, pending, callback, &state.redirect_url(), &state.clock).await
    {
        Ok(verified) => verified,
        Err(FlowError::Cancelled) => return refuse(state, signing, &pending.provider, CANCELLED).await,
        Err(error) => {
            tracing::warn!(provider = pending.provider, %error, "signing not completed");
            return refuse(state, signing, &pending.provider, FAILED).await;
        }
    };
    let now = state.clock.now_ms();
    let today = SimpleDate::from_days(now.div_euclid(86_400_000));
    let Ok(person) = map_person(&provider.config, &verified.claims, verified.acr.as_deref(), today) else {
        return refuse(state, signing, &pending.provider, FAILED).await;
    };
    // A signature is a fresh act: an authentication the provider remembered from earlier (its
    // single sign-on session) signs nothing, whatever the provider made of `max_age`.
    if verified.auth_time_ms.is_none_or(|at| at < pending.started_at_ms - CLOCK_SKEW_MS) {
        tracing::warn!(provider = pending.provider, "signing refused: the authentication was not fresh");
        return refuse(state, signing, &pending.provider, FAILED).await;
    }
    let e_id = provider.config.label(Lang::SV);
    let loa = person.loa.unwrap_or(Loa(0));
    let refused = complete(state, session, signing, (&pending.provider, &e_id), person.number.digits(), loa).await?;
    Ok(refused.unwrap_or_else(|| pending.return_to.clone()))
}

/// Finishes a signing flow on the demo's signing page: the signed-in demo person signs (or not).
pub async fn finish_demo(
    state: &IdentityState,
    session: &Session,
    flow: &str,
    cancelled: bool,
) -> Result<String, AppError> {
    let Some(pending) = take_pending(session, flow).await? else {
        return Err(AppError::NotFound);
    };
    let Some(signing) = pending.signing.as_ref().filter(|_| pending.provider == demo::PROVIDER) else {
        return Err(AppError::NotFound);
    };
    if state.clock.now_ms() - pending.started_at_ms >= FLOW_TTL_MS {
        return refuse(state, signing, demo::PROVIDER, EXPIRED).await;
    }
    if cancelled {
        return refuse(state, signing, demo::PROVIDER, CANCELLED).await;
    }
    let me: Option<SignedIn> = session.get(SIGNED_IN_KEY).await.map_err(unavailable)?;
    let Some(me) = me.filter(|me| me.provider == demo::PROVIDER) else {
        return refuse(state, signing, demo::PROVIDER, FAILED).await;
    };
    let number = super::store::person(&state.db, me.person_id).await?.personal_number;
    let e_id = Lang::SV.t("identity-demo-provider");
    let refused = complete(state, session, signing, (demo::PROVIDER, &e_id), &number, me.loa).await?;
    Ok(refused.unwrap_or(pending.return_to))
}

/// The flow `flow` of this session, removed from it (used once); whether it is still young
/// enough is the caller's to check.
pub async fn take_pending(session: &Session, flow: &str) -> Result<Option<Pending>, AppError> {
    let mut flows: Vec<Pending> = session.get(PENDING_KEY).await.map_err(unavailable)?.unwrap_or_default();
    let Some(index) = flows.iter().position(|f| f.state == flow) else { return Ok(None) };
    let pending = flows.remove(index);
    session.insert(PENDING_KEY, &flows).await.map_err(unavailable)?;
    Ok(Some(pending))
}

/// A signing flow begun too long ago: audited, and the way back saying so.
pub async fn expired(state: &IdentityState, signing: &Signing, provider: &str) -> Result<String, AppError> {
    refuse(state, signing, provider, EXPIRED).await
}

/// The demo's signing page opened (or reloaded) after its flow's time ran out, by the person
/// who began it: the flow ends as "Sign" would end it then (audited), and this is the way back
/// to what was being signed, which says it took too long. `None` for any other flow.
pub async fn expire_demo(
    state: &IdentityState,
    session: &Session,
    flow: &str,
    person_id: i64,
) -> Result<Option<String>, AppError> {
    let flows: Vec<Pending> = session.get(PENDING_KEY).await.map_err(unavailable)?.unwrap_or_default();
    let now = state.clock.now_ms();
    let theirs_and_expired = flows.iter().any(|f| {
        f.state == flow
            && f.provider == demo::PROVIDER
            && now - f.started_at_ms >= FLOW_TTL_MS
            && f.signing.as_ref().is_some_and(|s| s.person_id == person_id)
    });
    if !theirs_and_expired {
        return Ok(None);
    }
    let Some(signing) = take_pending(session, flow).await?.and_then(|pending| pending.signing) else {
        return Ok(None);
    };
    expired(state, &signing, demo::PROVIDER).await.map(Some)
}

/// The demo signing page's flow, left in the session: what is signed, and by whom.
pub async fn demo_pending(session: &Session, flow: &str, now_ms: i64) -> Result<Option<Signing>, AppError> {
    let flows: Vec<Pending> = session.get(PENDING_KEY).await.map_err(unavailable)?.unwrap_or_default();
    Ok(flows
        .into_iter()
        .find(|f| f.state == flow && f.provider == demo::PROVIDER && now_ms - f.started_at_ms < FLOW_TTL_MS)
        .and_then(|f| f.signing))
}

/// The person authenticated as `number` at `loa`: a signature if that is the person who began
/// the signing (still signed in here) at a level the service accepts. `None` once signed, else
/// the way back.
async fn complete(
    state: &IdentityState,
    session: &Session,
    signing: &Signing,
    (provider, e_id): (&str, &str),
    number: &str,
    loa: Loa,
) -> Result<Option<String>, AppError> {
    let me: Option<SignedIn> = session.get(SIGNED_IN_KEY).await.map_err(unavailable)?;
    if me.as_ref().map(|me| me.person_id) != Some(signing.person_id) {
        // Signed out, or someone else signed in, in this browser meanwhile.
        return refuse(state, signing, provider, FAILED).await.map(Some);
    }
    if super::store::person(&state.db, signing.person_id).await?.personal_number != number {
        tracing::warn!(provider, "signing refused: another person authenticated than the one signed in");
        return refuse(state, signing, provider, OTHER_PERSON).await.map(Some);
    }
    if loa.0 < signing.loa {
        return refuse(state, signing, provider, LEVEL).await.map(Some);
    }
    let now = state.clock.now_ms();
    let signature = Signature {
        person_id: signing.person_id,
        digest: signing.digest.clone(),
        signed_at_ms: now,
        provider: provider.to_string(),
        e_id: e_id.to_string(),
        loa: loa.0,
    };
    let mut kept: Vec<Signature> = session.get(SIGNATURES_KEY).await.map_err(unavailable)?.unwrap_or_default();
    kept.retain(|s| now - s.signed_at_ms < FLOW_TTL_MS && s.digest != signature.digest);
    kept.push(signature);
    let excess = kept.len().saturating_sub(MAX_SIGNATURES);
    kept.drain(..excess);
    session.insert(SIGNATURES_KEY, &kept).await.map_err(unavailable)?;
    let event = audit::Event {
        at_ms: now,
        actor: format!("person:{}", signing.person_id),
        action: "sign",
        object: None,
        outcome: "ok",
        details: serde_json::json!({ "provider": provider, "loa": loa.0, "sha256": signing.digest }),
    };
    audit::record_alone(&state.db, &event).await?;
    tracing::info!(person = signing.person_id, provider, loa = loa.0, "signed");
    Ok(None)
}

/// A signing that did not complete: audited (never a number or a token), and the way back.
async fn refuse(state: &IdentityState, signing: &Signing, provider: &str, reason: &str) -> Result<String, AppError> {
    let event = audit::Event {
        at_ms: state.clock.now_ms(),
        actor: format!("person:{}", signing.person_id),
        action: "sign-refused",
        object: None,
        outcome: "refused",
        details: serde_json::json!({ "provider": provider, "reason": reason }),
    };
    if let Err(error) = audit::record_alone(&state.db, &event).await {
        tracing::warn!(?error, "a refused signing could not be audited");
    }
    Ok(back(signing, reason))
}

/// The completed signatures of `person_id` waiting in this session.
pub async fn signatures(session: &Session, person_id: i64, now_ms: i64) -> Result<Vec<Signature>, AppError> {
    let kept: Vec<Signature> = session.get(SIGNATURES_KEY).await.map_err(unavailable)?.unwrap_or_default();
    Ok(kept.into_iter().filter(|s| s.person_id == person_id && now_ms - s.signed_at_ms < FLOW_TTL_MS).collect())
}

/// A signature used: it signs nothing more.
pub async fn spend(session: &Session, digest: &str) -> Result<(), AppError> {
    let mut kept: Vec<Signature> = session.get(SIGNATURES_KEY).await.map_err(unavailable)?.unwrap_or_default();
    kept.retain(|s| s.digest != digest);
    session.insert(SIGNATURES_KEY, &kept).await.map_err(unavailable)
}
