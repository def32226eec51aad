//! The e-ID routes outside the page renderer: beginning a sign-in (a form post per provider),
//! the provider's redirect back, signing out, the demo's test-person sign-in, and "my data" as
//! a JSON download. Each works as plain HTML form posts and redirects, without JavaScript.

use super::{
    demo,
    oidc::{Callback, FlowError, Pending, FLOW_TTL_MS},
    providers::{map_person, map_staff, Audience, MappingProblem, StaffProblem},
    safe_return, sign_in, sign_in_staff, store, IdentityState, ID_TOKEN_KEY, PENDING_KEY,
};
use crate::{
    access::{roles, Action, Actor, Loa, Resource, Role, RoleGrant, SignedIn, StaffMember, SIGNED_IN_KEY, STAFF_KEY},
    audit,
    domain::date::SimpleDate,
    error::AppError,
    i18n::Lang,
    routes,
};
use axum::{
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use serde::Deserialize;
use tower_sessions::Session;

#[derive(Debug, Default, Deserialize)]
pub struct StartForm {
    /// Where to return once signed in.
    pub till: Option<String>,
}

fn unavailable(error: tower_sessions::session::Error) -> AppError {
    tracing::warn!(%error, "session store unavailable");
    AppError::Unavailable
}

/// Sends the person to the page that explains a refused or failed sign-in.
fn problem(reason: &str, provider: &str) -> Response {
    Redirect::to(&routes::sign_in_problem(reason, provider)).into_response()
}

/// `POST /logga-in/{provider}`: begins the flow and sends the person to their e-ID.
pub async fn post_start(
    State(state): State<IdentityState>,
    Extension(lang): Extension<Lang>,
    session: Session,
    Path(provider_id): Path<String>,
    Form(form): Form<StartForm>,
) -> Response {
    let Some(provider) = state.providers.get(&provider_id) else {
        return crate::error_page::response(&AppError::NotFound, lang);
    };
    let return_to = match provider.config.audience {
        Audience::Residents => safe_return(form.till.as_deref()),
        Audience::Staff => routes::staff_home(),
    };
    let started =
        state.providers.start(provider, &state.redirect_url(), &return_to, lang.code(), &state.clock, false).await;
    let (url, pending) = match started {
        Ok(started) => started,
        Err(error) => {
            tracing::warn!(provider = provider_id, %error, "sign-in could not begin");
            super::refused(&state, &provider_id, "unreachable", None).await;
            return problem(routes::PROBLEM_UNAVAILABLE, &provider_id);
        }
    };
    match super::signing::keep_pending(&session, pending, state.clock.now_ms()).await {
        Ok(()) => Redirect::to(&url).into_response(),
        Err(error) => crate::error_page::response(&error, lang),
    }
}

/// `GET /logga-in/retur`: the provider sends the person back here with a code (or an error).
pub async fn get_return(
    State(state): State<IdentityState>,
    Extension(lang): Extension<Lang>,
    session: Session,
    Query(callback): Query<Callback>,
) -> Response {
    match finish(&state, &session, &callback).await {
        Ok(return_to) => Redirect::to(&return_to).into_response(),
        Err(Refusal::Page(reason, provider, level)) => match level {
            Some(level) => {
                Redirect::to(&format!("{}&niva={level}", routes::sign_in_problem(reason, &provider))).into_response()
            }
            None => problem(reason, &provider),
        },
        Err(Refusal::Error(error)) => crate::error_page::response(&error, lang),
    }
}

enum Refusal {
    /// A page explaining the reason, naming the provider (and the level needed, if that was it).
    Page(&'static str, String, Option<u8>),
    Error(AppError),
}

impl From<AppError> for Refusal {
    fn from(error: AppError) -> Self {
        Refusal::Error(error)
    }
}

async fn finish(state: &IdentityState, session: &Session, callback: &Callback) -> Result<String, Refusal> {
    let now = state.clock.now_ms();
    // The flow this answer belongs to, by its state; used once, whatever happens next.
    let mut flows: Vec<Pending> = session.get(PENDING_KEY).await.map_err(unavailable)?.unwrap_or_default();
    let found = callback.state.as_deref().and_then(|state| flows.iter().position(|flow| flow.state == state));
    let Some(pending) = found.map(|i| flows.remove(i)) else {
        // Audited only where a flow was begun in this session: anyone can send this address
        // without one, and each such request would otherwise be a row in the audit table.
        if flows.is_empty() {
            tracing::info!("a sign-in answer came to a session that began none");
        } else {
            super::refused(state, "unknown", "state-unknown", None).await;
        }
        return Err(Refusal::Page(routes::PROBLEM_EXPIRED, String::new(), None));
    };
    session.insert(PENDING_KEY, &flows).await.map_err(unavailable)?;
    let provider_id = pending.provider.clone();
    let refuse = |reason: &'static str| Refusal::Page(reason, provider_id.clone(), None);
    if now - pending.started_at_ms >= FLOW_TTL_MS {
        // A signing goes back to what was being signed, which says so; a sign-in to its problem page.
        if let Some(signing) = &pending.signing {
            return Ok(super::signing::expired(state, signing, &provider_id).await?);
        }
        super::refused(state, &provider_id, "flow-expired", None).await;
        return Err(refuse(routes::PROBLEM_EXPIRED));
    }
    let Some(provider) = state.providers.get(&pending.provider) else {
        return Err(refuse(routes::PROBLEM_EXPIRED));
    };
    if let Some(signing) = &pending.signing {
        // Not a sign-in: the signed-in person signs, and stays signed in as they were.
        return Ok(super::signing::finish_at_provider(state, session, &pending, signing, provider, callback).await?);
    }
    let verified = match state.providers.finish(provider, &pending, callback, &state.redirect_url(), &state.clock).await
    {
        Ok(verified) => verified,
        Err(error) => {
            let (page, reason) = match &error {
                FlowError::Unreachable(_) => (routes::PROBLEM_UNAVAILABLE, "unreachable"),
                FlowError::Cancelled => (routes::PROBLEM_CANCELLED, "cancelled"),
                FlowError::ProviderError(_) => (routes::PROBLEM_FAILED, "provider-error"),
                FlowError::WrongIssuer => (routes::PROBLEM_FAILED, "wrong-issuer"),
                FlowError::Invalid(_) => (routes::PROBLEM_FAILED, "invalid-response"),
            };
            tracing::warn!(provider = provider_id, %error, "sign-in not completed");
            super::refused(state, &provider_id, reason, None).await;
            return Err(refuse(page));
        }
    };
    if provider.config.audience == Audience::Staff {
        let organisation = provider.config.organisation.clone().unwrap_or_default();
        let staff = match map_staff(&provider.config, &verified.claims, verified.acr.as_deref(), &verified.amr) {
            Ok(staff) => staff,
            Err(StaffProblem::NoMfa) => {
                super::refused(state, &provider_id, "no-mfa", None).await;
                return Err(refuse(routes::PROBLEM_MFA));
            }
            Err(StaffProblem::Incomplete) => {
                super::refused(state, &provider_id, "incomplete-claims", None).await;
                return Err(refuse(routes::PROBLEM_FAILED));
            }
        };
        sign_in_staff(state, session, &provider_id, &organisation, &staff, Some(verified.id_token)).await?;
        return Ok(pending.return_to);
    }
    let today = SimpleDate::from_days(now.div_euclid(86_400_000));
    let person = match map_person(&provider.config, &verified.claims, verified.acr.as_deref(), today) {
        Ok(person) => person,
        Err(MappingProblem::NoValidNumber) => {
            super::refused(state, &provider_id, "no-valid-number", None).await;
            return Err(refuse(routes::PROBLEM_NUMBER));
        }
    };
    // The portal's minimum, or more where the page to return to belongs to a service that asks more.
    let service_needs = crate::catalog::api::assurance_for_page(&state.db, &pending.return_to).await?;
    let needed = state.settings.min_loa.max(Loa(service_needs.unwrap_or(0)));
    let loa = match person.loa {
        Some(loa) if loa >= needed => loa,
        other => {
            super::refused(state, &provider_id, "loa-too-low", other).await;
            return Err(Refusal::Page(routes::PROBLEM_LEVEL, provider_id.clone(), Some(needed.0)));
        }
    };
    sign_in(
        state,
        session,
        person.number.digits(),
        &person.given_name,
        &person.family_name,
        &provider_id,
        loa,
        Some(verified.id_token),
    )
    .await?;
    Ok(pending.return_to)
}

/// `POST /logga-ut`: ends the session here, then at the provider if it offers that.
pub async fn post_sign_out(
    State(state): State<IdentityState>,
    Extension(lang): Extension<Lang>,
    session: Session,
) -> Response {
    let ended = async {
        let signed_in: Option<SignedIn> = session.get(SIGNED_IN_KEY).await.map_err(unavailable)?;
        let staff: Option<StaffMember> = session.get(STAFF_KEY).await.map_err(unavailable)?;
        let id_token: Option<String> = session.get(ID_TOKEN_KEY).await.map_err(unavailable)?;
        // A new, empty session: nothing of the old one is reachable by its id any more.
        session.flush().await.map_err(unavailable)?;
        let who = match (signed_in, staff) {
            (Some(person), _) => Some((format!("person:{}", person.person_id), person.provider)),
            (None, Some(member)) => Some((format!("staff:{}", member.staff_id), member.provider)),
            (None, None) => None,
        };
        Ok::<_, AppError>((who, id_token))
    };
    let (who, id_token) = match ended.await {
        Ok(ended) => ended,
        Err(error) => return crate::error_page::response(&error, lang),
    };
    let signed_out = routes::signed_out();
    let Some((actor, provider)) = who else { return Redirect::to(&signed_out).into_response() };
    let event = audit::Event {
        at_ms: state.clock.now_ms(),
        actor,
        action: "sign-out",
        object: None,
        outcome: "ok",
        details: serde_json::json!({ "provider": provider }),
    };
    if let Err(error) = audit::record_alone(&state.db, &event).await {
        tracing::warn!(?error, "a sign-out could not be audited");
    }
    let after = format!("{}{signed_out}", state.settings.public_url.trim_end_matches('/'));
    let at_provider = match (state.providers.get(&provider), id_token) {
        (Some(provider), Some(token)) => state.providers.end_session_url(provider, &token, &after, &state.clock).await,
        _ => None,
    };
    Redirect::to(&at_provider.unwrap_or(signed_out)).into_response()
}

/// `POST /forbli-inloggad`: the request itself was the activity that keeps the sign-in going
/// (the actor middleware noted it); back to the page the person was on.
pub async fn post_stay_signed_in(Form(form): Form<StartForm>) -> Response {
    Redirect::to(&safe_return(form.till.as_deref())).into_response()
}

#[derive(Debug, Default, Deserialize)]
pub struct DemoForm {
    pub person: Option<String>,
    pub till: Option<String>,
}

/// `POST /demo-inloggning`: signs in as one of the demo's test persons. Mounted only with demo
/// configuration; refuses anyway without it.
pub async fn post_demo_sign_in(
    State(state): State<IdentityState>,
    Extension(lang): Extension<Lang>,
    session: Session,
    Form(form): Form<DemoForm>,
) -> Response {
    if !state.settings.demo {
        return crate::error_page::response(&AppError::NotFound, lang);
    }
    let id = form.person.as_deref().unwrap_or_default();
    if let Some((_, given, family, number)) = demo::resident(id) {
        return match sign_in(&state, &session, number, given, family, demo::PROVIDER, Loa::SUBSTANTIAL, None).await {
            Ok(_) => Redirect::to(&safe_return(form.till.as_deref())).into_response(),
            Err(error) => crate::error_page::response(&error, lang),
        };
    }
    let Some((subject, name, email, organisation, demo_roles)) = demo::staff(id) else {
        return crate::error_page::response(&AppError::NotFound, lang);
    };
    let staff = super::providers::MappedStaff { subject: subject.into(), name: name.into(), email: email.into() };
    let signed_in = async {
        let member = sign_in_staff(&state, &session, demo::STAFF_PROVIDER, organisation, &staff, None).await?;
        // The demo's staff hold their demo roles from the first sign-in.
        let mut tx = state.db.begin().await?;
        for role in demo_roles {
            let grant = RoleGrant { organisation: organisation.into(), department: String::new(), role: *role };
            roles::grant(&mut tx, member.staff_id, &grant, "demo", state.clock.now_ms()).await?;
        }
        tx.commit().await
    };
    match signed_in.await {
        Ok(()) => Redirect::to(&routes::staff_home()).into_response(),
        Err(error) => crate::error_page::response(&error, lang),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct DemoSigningForm {
    #[serde(default)]
    pub flode: String,
    /// Present when "Cancel" was pressed.
    pub avbryt: Option<String>,
}

/// `POST /demo-signering`: the demo's signing page answered: the signed-in demo person signs,
/// or cancels. Mounted only with demo configuration; refuses anyway without it.
pub async fn post_demo_signing(
    State(state): State<IdentityState>,
    Extension(lang): Extension<Lang>,
    session: Session,
    Form(form): Form<DemoSigningForm>,
) -> Response {
    if !state.settings.demo {
        return crate::error_page::response(&AppError::NotFound, lang);
    }
    let flow: String = form.flode.chars().take(64).collect();
    match super::signing::finish_demo(&state, &session, &flow, form.avbryt.is_some()).await {
        Ok(next) => Redirect::to(&next).into_response(),
        Err(error) => crate::error_page::response(&error, lang),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct RoleForm {
    pub staff: Option<i64>,
    pub role: Option<String>,
    /// A department of the organisation the role is limited to; empty or absent: all of it.
    pub department: Option<String>,
}

/// `POST /handlaggare/roller` (grant) and `POST /handlaggare/roller/ta-bort` (remove): an
/// organisation's administrator changes the role of one of its staff. Audited in the same
/// commit; an administrator cannot remove their own administrator role (nobody would be left
/// to give it back).
pub async fn post_role_change(
    State(state): State<IdentityState>,
    Extension(lang): Extension<Lang>,
    Extension(actor): Extension<Actor>,
    Path(change): Path<String>,
    Form(form): Form<RoleForm>,
) -> Response {
    match change_role(&state, &actor, &change, &form).await {
        Ok(()) => Redirect::to(&routes::staff_roles()).into_response(),
        Err(AppError::Unauthenticated) => Redirect::to(&routes::staff_sign_in()).into_response(),
        Err(error) => crate::error_page::response(&error, lang),
    }
}

async fn change_role(state: &IdentityState, actor: &Actor, change: &str, form: &RoleForm) -> Result<(), AppError> {
    let member = actor.staff().ok_or(AppError::Unauthenticated)?;
    let organisation = member.organisation.clone();
    crate::access::require(actor, Action::Change, Resource::OrganisationStaff(&organisation))?;
    let (Some(target), Some(role)) = (form.staff, form.role.as_deref().and_then(Role::parse)) else {
        return Err(AppError::BadRequest);
    };
    // Only the organisation's own staff: another's are not found, whatever id is posted.
    if store::organisation_of(&state.db, target).await?.as_deref() != Some(organisation.as_str()) {
        return Err(AppError::NotFound);
    }
    let department = form.department.clone().unwrap_or_default();
    if !department.is_empty() {
        let departments = crate::catalog::api::departments_of(&state.db, &organisation, Lang::default()).await?;
        if !departments.iter().any(|(id, _)| *id == department) {
            return Err(AppError::BadRequest);
        }
    }
    let grant = RoleGrant { organisation: organisation.clone(), department: department.clone(), role };
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    let (action, changed) = match change {
        routes::STAFF_ROLES_GRANT => {
            ("role-grant", roles::grant(&mut tx, target, &grant, &actor.audit_name(), now).await?)
        }
        routes::STAFF_ROLES_REMOVE => {
            if target == member.staff_id && role == Role::OrganisationAdmin && department.is_empty() {
                return Err(AppError::BadRequest);
            }
            ("role-remove", roles::remove(&mut tx, target, &grant).await?)
        }
        _ => return Err(AppError::NotFound),
    };
    if changed {
        let event = audit::Event {
            at_ms: now,
            actor: actor.audit_name(),
            action,
            object: Some(format!("staff:{target}")),
            outcome: "ok",
            details: serde_json::json!({ "organisation": organisation, "department": department, "role": role.code() }),
        };
        audit::record(&mut tx, &event).await?;
    }
    tx.commit().await
}

/// `GET /mina-sidor/mina-uppgifter.json`: everything the portal keeps about the signed-in
/// person, as a download (GDPR article 15). The download itself is audited.
pub async fn get_my_data_json(
    State(state): State<IdentityState>,
    Extension(lang): Extension<Lang>,
    Extension(actor): Extension<Actor>,
) -> Response {
    let Some(person) = actor.resident() else {
        return Redirect::to(&routes::sign_in_and_return(&routes::my_data_json())).into_response();
    };
    let data = match super::super::my_data_of(&state, &actor, person.person_id, lang).await {
        Ok(data) => data,
        Err(error) => return crate::error_page::response(&error, lang),
    };
    let event = audit::Event {
        at_ms: state.clock.now_ms(),
        actor: actor.audit_name(),
        action: "data-export",
        object: Some(actor.audit_name()),
        outcome: "ok",
        details: serde_json::json!({}),
    };
    if let Err(error) = audit::record_alone(&state.db, &event).await {
        return crate::error_page::response(&error, lang);
    }
    let body = serde_json::to_string_pretty(&data).unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"mina-uppgifter.json\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// `POST /mina-sidor/profil`: saves the contact details, or keeps what was typed with its
/// problems for the page to show once (POST/redirect/GET, without JavaScript too).
pub async fn post_profile(
    State(state): State<IdentityState>,
    Extension(lang): Extension<Lang>,
    Extension(actor): Extension<Actor>,
    session: Session,
    Form(form): Form<super::profile::ProfileForm>,
) -> Response {
    let Some(person) = actor.resident() else {
        return Redirect::to(&routes::sign_in_and_return(&routes::profile())).into_response();
    };
    if let Err(error) = crate::access::require(&actor, Action::Change, Resource::Person(person.person_id)) {
        return crate::error_page::response(&error, lang);
    }
    let saved = match super::profile::check(&form) {
        Ok(contacts) => super::profile::save(&state, person.person_id, &contacts, lang).await.map(|()| true),
        Err(problems) => {
            // What was typed comes back as typed, within reason.
            let kept = super::profile::ProfileForm {
                email: form.email.chars().take(300).collect(),
                phone: form.phone.chars().take(100).collect(),
                ..form
            };
            session.insert(super::PROFILE_FLASH_KEY, (kept, problems)).await.map_err(unavailable).map(|()| false)
        }
    };
    match saved {
        Ok(true) => Redirect::to(&format!("{}?sparad=1", routes::profile())).into_response(),
        Ok(false) => Redirect::to(&format!("{}#fel", routes::profile())).into_response(),
        Err(error) => crate::error_page::response(&error, lang),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ConfirmForm {
    pub kod: Option<String>,
}

/// `POST /bekrafta-epost`: uses the link's code (a button on the page the link opens, so that a
/// mail scanner that follows links confirms nothing).
pub async fn post_confirm_email(
    State(state): State<IdentityState>,
    Extension(lang): Extension<Lang>,
    Form(form): Form<ConfirmForm>,
) -> Response {
    match super::profile::confirm(&state, form.kod.as_deref().unwrap_or_default()).await {
        Ok(true) => Redirect::to(&format!("{}?resultat=klar", routes::confirm_email())).into_response(),
        Ok(false) => Redirect::to(&format!("{}?resultat=ogiltig", routes::confirm_email())).into_response(),
        Err(error) => crate::error_page::response(&error, lang),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct RepresentForm {
    /// `myself`, `child:…` or `company:…`.
    #[serde(default)]
    pub vem: String,
}

/// `POST /mina-sidor/foretrada`: act for oneself, a child or a company, as the registries allow
/// (checked again here); then to My pages, where the header shows the choice. A refused choice
/// or a registry that cannot be asked changes nothing and says so on the page.
pub async fn post_represent(
    State(state): State<IdentityState>,
    Extension(lang): Extension<Lang>,
    Extension(actor): Extension<Actor>,
    session: Session,
    Form(form): Form<RepresentForm>,
) -> Response {
    let Some(me) = actor.resident() else {
        return Redirect::to(&routes::sign_in_and_return(&routes::my_represent())).into_response();
    };
    if let Err(error) = crate::access::require(&actor, Action::Change, Resource::Person(me.person_id)) {
        return crate::error_page::response(&error, lang);
    }
    let value: String = form.vem.chars().take(40).collect();
    let acting_for = match super::representation::choose(&state, me, &value).await {
        Ok(acting_for) => acting_for,
        Err(super::representation::Refusal::NotTheirs) => {
            tracing::warn!(person = me.person_id, "a choice to act for someone the registries do not give was refused");
            return Redirect::to(&format!("{}?fel=1", routes::my_represent())).into_response();
        }
        Err(super::representation::Refusal::RegistryDown) => {
            return Redirect::to(&format!("{}?registret=1", routes::my_represent())).into_response();
        }
        Err(super::representation::Refusal::Failed(error)) => return crate::error_page::response(&error, lang),
    };
    let kind = match &acting_for {
        None => "myself",
        Some(a) if a.kind == crate::access::Represented::Child => "child",
        Some(_) => "company",
    };
    let signed_in = SignedIn { acting_for, ..me.clone() };
    let now = state.clock.now_ms();
    let stored = async {
        session.insert(SIGNED_IN_KEY, &signed_in).await.map_err(unavailable)?;
        crate::audit::record_alone(
            &state.db,
            &crate::audit::Event {
                at_ms: now,
                actor: actor.audit_name(),
                action: "represent",
                object: Some(format!("person:{}", me.person_id)),
                outcome: "ok",
                details: serde_json::json!({ "kind": kind }),
            },
        )
        .await
    };
    match stored.await {
        Ok(()) => Redirect::to(&routes::my_pages()).into_response(),
        Err(error) => crate::error_page::response(&error, lang),
    }
}
