//! Identity: signing in with an e-ID (OpenID Connect, several providers at once), the demo's
//! test persons, signing out, and My pages (Mina sidor) with the sign-in history and "my data".
//! Who is acting is resolved once per request into [`crate::access::Actor`]; this capability
//! is where a person becomes one.

#[cfg(feature = "ssr")]
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

use crate::{error::AppError, i18n::Lang};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// An e-ID a resident can choose.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProviderChoice {
    pub id: String,
    pub label: String,
}

/// What the sign-in page offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInOptions {
    pub providers: Vec<ProviderChoice>,
    /// The demo's test-person sign-in exists (demo configuration only).
    pub demo: bool,
    /// The level of assurance a sign-in must reach.
    pub min_loa: u8,
}

/// One sign-in of the history, as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInEntry {
    /// Swedish local time, `2026-11-30 08:15`.
    pub at: String,
    pub provider: String,
    pub loa: i64,
}

/// My pages' overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub name: String,
    pub masked_number: String,
    pub provider: String,
    pub loa: u8,
    pub signed_in_at: String,
    pub history: Vec<SignInEntry>,
}

/// Whom a signed-in person may act for, as the representation page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RepresentPage {
    /// The person's own name ("myself").
    pub name: String,
    /// Whom they act for now, if anyone else: (kind, name).
    pub current: Option<(crate::access::Represented, String)>,
    pub children: Vec<RepresentChoice>,
    pub companies: Vec<RepresentChoice>,
    /// A registry could not be asked: the lists may be incomplete, and the page says so.
    pub registry_problem: bool,
    /// The last choice was refused (not in the registries' answer): the page says so.
    pub refused: bool,
}

/// One someone to act for: the radio button's value (`child:…`, `company:…`), the name, a detail
/// (born, organisation number) and whether it can be chosen (a company no longer active cannot).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RepresentChoice {
    pub value: String,
    pub name: String,
    pub detail: String,
    pub selectable: bool,
    pub current: bool,
}

/// Everything the portal keeps about a person (GDPR article 15), as shown and downloaded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyData {
    pub personal_identity_number: String,
    pub given_name: String,
    pub family_name: String,
    pub first_signed_in: String,
    pub last_signed_in: String,
    pub sign_ins: Vec<SignInEntry>,
    pub events: Vec<EventEntry>,
    /// The contact details the person chose: e-mail (and whether confirmed), phone, notifications.
    pub email: String,
    pub email_confirmed: bool,
    pub phone: String,
    pub notify_email: bool,
    pub notify_sms: bool,
    /// Their applications in progress: the form, when last changed and deleted, what was typed.
    pub drafts: Vec<DraftEntry>,
    /// Their cases: number (once registered), what it is about, status and when it came in.
    pub cases: Vec<CaseEntry>,
}

/// A draft as "my data" shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftEntry {
    pub form: String,
    pub updated: String,
    pub deleted_after: String,
    /// The answers so far, as stored (field name to values).
    pub answers: serde_json::Value,
}

/// A case as "my data" shows it (the case itself is in My cases).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseEntry {
    pub case_number: Option<String>,
    pub title: String,
    pub status: String,
    pub received: String,
}

/// One audit event about the person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventEntry {
    pub at: String,
    pub action: String,
    pub outcome: String,
}

/// A demo test person (a resident with a number, or staff with an organisation and roles).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemoPerson {
    pub id: String,
    pub name: String,
    /// The number (residents) or organisation and roles (staff).
    pub detail: String,
    pub staff: bool,
}

/// The demo's signing page: what the signed-in demo person is asked to sign.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemoSigning {
    pub flow: String,
    pub signer: String,
    pub what: String,
    /// SHA-256 of the text signed, hexadecimal.
    pub digest: String,
}

/// The profile page: the contact details (or what was just typed, with its problems).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileData {
    pub email: String,
    pub phone: String,
    pub notify_email: bool,
    pub notify_sms: bool,
    /// The stored address has been confirmed by its link.
    pub email_confirmed: bool,
    /// (field, Fluent message id) of the form just sent; empty when none.
    pub problems: Vec<(String, String)>,
}

/// A member of staff's start page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffHome {
    pub name: String,
    pub organisation: String,
    /// Role codes (`case-officer`, …).
    pub roles: Vec<String>,
    pub is_admin: bool,
}

/// One member of staff on the roles page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffEntry {
    pub id: i64,
    pub name: String,
    pub email: String,
    /// (role code, department id — empty for the whole organisation).
    pub roles: Vec<(String, String)>,
}

/// An organisation's staff and their roles, for its administrators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffRoles {
    pub organisation: String,
    /// The administrator looking (who cannot remove their own administrator role).
    pub me: i64,
    pub members: Vec<StaffEntry>,
    /// The organisation's departments (id, name), which a role may be limited to.
    pub departments: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
fn state() -> Result<ssr::IdentityState, AppError> {
    ssr::IdentityState::from_context()
}

#[server(endpoint = "identity/represent")]
pub async fn fetch_represent(refused: bool, registry_problem: bool) -> Result<RepresentPage, AppError> {
    use crate::access::{require, signed_in_resident, Action, Resource};
    let state = state()?;
    let me = signed_in_resident()?;
    require(&crate::access::current_actor(), Action::Read, Resource::Person(me.person_id))?;
    let mut page = ssr::representation::page(&state, &me).await?;
    page.refused = refused;
    page.registry_problem |= registry_problem;
    Ok(page)
}

#[server(endpoint = "identity/sign-in-options")]
pub async fn fetch_sign_in_options(lang: Lang) -> Result<SignInOptions, AppError> {
    options(lang, ssr::providers::Audience::Residents)
}

#[server(endpoint = "identity/staff-sign-in-options")]
pub async fn fetch_staff_sign_in_options(lang: Lang) -> Result<SignInOptions, AppError> {
    options(lang, ssr::providers::Audience::Staff)
}

#[cfg(feature = "ssr")]
fn options(lang: Lang, audience: ssr::providers::Audience) -> Result<SignInOptions, AppError> {
    let state = state()?;
    Ok(SignInOptions {
        providers: state
            .providers
            .iter()
            .filter(|p| p.config.audience == audience)
            .map(|p| ProviderChoice { id: p.config.id.clone(), label: p.config.label(lang) })
            .collect(),
        demo: state.settings.demo,
        min_loa: state.settings.min_loa.0,
    })
}

#[server(endpoint = "identity/staff-home")]
pub async fn fetch_staff_home() -> Result<StaffHome, AppError> {
    use crate::access::Role;
    let member = crate::access::signed_in_staff()?;
    Ok(StaffHome {
        is_admin: member.has_role(&member.organisation, Role::OrganisationAdmin),
        roles: member
            .roles
            .iter()
            .map(|grant| match grant.department.as_str() {
                "" => grant.role.code().to_string(),
                department => format!("{}:{department}", grant.role.code()),
            })
            .collect(),
        name: member.name,
        organisation: member.organisation,
    })
}

#[server(endpoint = "identity/staff-roles")]
pub async fn fetch_staff_roles(lang: Lang) -> Result<StaffRoles, AppError> {
    use crate::access::{require, Action, Resource};
    let state = state()?;
    let actor = crate::access::current_actor();
    let member = actor.staff().cloned().ok_or(AppError::Unauthenticated)?;
    require(&actor, Action::Read, Resource::OrganisationStaff(&member.organisation))?;
    let mut members = Vec::new();
    for row in ssr::store::staff_of(&state.db, &member.organisation).await? {
        let roles = crate::access::roles::of(&state.db, row.id)
            .await?
            .into_iter()
            .filter(|grant| grant.organisation == member.organisation)
            .map(|grant| (grant.role.code().to_string(), grant.department))
            .collect();
        members.push(StaffEntry { id: row.id, name: row.name, email: row.email, roles });
    }
    let departments = crate::catalog::api::departments_of(&state.db, &member.organisation, lang).await?;
    Ok(StaffRoles { organisation: member.organisation, me: member.staff_id, members, departments })
}

#[server(endpoint = "identity/overview")]
pub async fn fetch_my_overview(lang: Lang) -> Result<Overview, AppError> {
    use crate::access::{require, signed_in_resident, Action, Resource};
    let state = state()?;
    let me = signed_in_resident()?;
    require(&crate::access::current_actor(), Action::Read, Resource::Person(me.person_id))?;
    let person = ssr::store::person(&state.db, me.person_id).await?;
    let history = history(&state, me.person_id, 10, lang).await?;
    Ok(Overview {
        name: me.name.clone(),
        masked_number: format!("{}-****", &person.personal_number[..8]),
        provider: provider_label(&state, &me.provider, lang),
        loa: me.loa.0,
        signed_in_at: crate::domain::date::stockholm_time(me.signed_in_at_ms),
        history,
    })
}

#[server(endpoint = "identity/my-data")]
pub async fn fetch_my_data(lang: Lang) -> Result<MyData, AppError> {
    let state = state()?;
    let me = crate::access::signed_in_resident()?;
    my_data_of(&state, &crate::access::current_actor(), me.person_id, lang).await
}

#[server(endpoint = "identity/profile")]
pub async fn fetch_profile() -> Result<ProfileData, AppError> {
    use crate::access::{require, Action, Resource};
    let state = state()?;
    let me = crate::access::signed_in_resident()?;
    require(&crate::access::current_actor(), Action::Read, Resource::Person(me.person_id))?;
    let stored = ssr::profile::contacts(&state.db, me.person_id).await?.unwrap_or_default();
    let mut data = ProfileData {
        email_confirmed: stored.email_confirmed_at.is_some() && !stored.email.is_empty(),
        email: stored.email,
        phone: stored.phone,
        notify_email: stored.notify_email,
        notify_sms: stored.notify_sms,
        problems: Vec::new(),
    };
    // The form just sent with problems is shown once, as typed.
    let session = crate::sessions::current().await?;
    let flash: Option<(ssr::profile::ProfileForm, Vec<(String, String)>)> =
        session.remove(ssr::PROFILE_FLASH_KEY).await.map_err(|_| AppError::Unavailable)?;
    if let Some((form, problems)) = flash {
        data.email = form.email;
        data.phone = form.phone;
        data.notify_email = form.notify_email.is_some();
        data.notify_sms = form.notify_sms.is_some();
        data.email_confirmed = false;
        data.problems = problems;
    }
    Ok(data)
}

#[server(endpoint = "identity/demo-signing")]
pub async fn fetch_demo_signing(flow: String) -> Result<DemoSigning, AppError> {
    let state = state()?;
    if !state.settings.demo {
        return Err(AppError::NotFound);
    }
    let me = crate::access::signed_in_resident()?;
    let session = leptos_axum::extract::<tower_sessions::Session>().await.map_err(|error| {
        tracing::warn!(%error, "no session for the demo signing page");
        AppError::Unavailable
    })?;
    let flow: String = flow.chars().take(64).collect();
    let signing = ssr::signing::demo_pending(&session, &flow, state.clock.now_ms()).await?;
    let Some(signing) = signing.filter(|s| s.person_id == me.person_id) else {
        // Reloaded after its ten minutes: back to what was being signed, which says so.
        if let Some(back) = ssr::signing::expire_demo(&state, &session, &flow, me.person_id).await? {
            leptos_axum::redirect(&back);
        }
        // Never shown after a redirect (see `layout::ErrorPage`).
        return Err(AppError::NotFound);
    };
    Ok(DemoSigning { flow, signer: me.name.clone(), what: signing.what, digest: signing.digest })
}

#[server(endpoint = "identity/demo-persons")]
pub async fn fetch_demo_persons() -> Result<Vec<DemoPerson>, AppError> {
    if !state()?.settings.demo {
        return Err(AppError::NotFound);
    }
    let residents = ssr::demo::RESIDENTS.iter().map(|(id, given, family, number)| DemoPerson {
        id: id.to_string(),
        name: format!("{given} {family}"),
        detail: format!("{}-{}", &number[..8], &number[8..]),
        staff: false,
    });
    let staff = ssr::demo::STAFF.iter().map(|(id, name, _, organisation, roles)| DemoPerson {
        id: id.to_string(),
        name: name.to_string(),
        detail: format!("{organisation}: {}", roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(", ")),
        staff: true,
    });
    Ok(residents.chain(staff).collect())
}

/// The label of a provider id as residents see it (`demo` is the demo's test persons).
#[cfg(feature = "ssr")]
fn provider_label(state: &ssr::IdentityState, id: &str, lang: Lang) -> String {
    match state.providers.get(id) {
        Some(provider) => provider.config.label(lang),
        None if id == ssr::demo::PROVIDER => lang.t("identity-demo-provider"),
        None => id.to_string(),
    }
}

#[cfg(feature = "ssr")]
async fn history(
    state: &ssr::IdentityState,
    person_id: i64,
    limit: i64,
    lang: Lang,
) -> Result<Vec<SignInEntry>, AppError> {
    Ok(ssr::store::sign_ins(&state.db, person_id, limit)
        .await?
        .into_iter()
        .map(|row| SignInEntry {
            at: crate::domain::date::stockholm_time(row.at.0),
            provider: provider_label(state, &row.provider, lang),
            loa: row.loa,
        })
        .collect())
}

/// Everything kept about `person_id`, if `actor` may read it.
#[cfg(feature = "ssr")]
pub async fn my_data_of(
    state: &ssr::IdentityState,
    actor: &crate::access::Actor,
    person_id: i64,
    lang: Lang,
) -> Result<MyData, AppError> {
    use crate::access::{require, Action, Resource};
    require(actor, Action::Read, Resource::Person(person_id))?;
    let person = ssr::store::person(&state.db, person_id).await?;
    let name = format!("person:{person_id}");
    let events = crate::audit::events_of(&state.db, &name, 200)
        .await?
        .into_iter()
        .map(|e| EventEntry { at: crate::domain::date::stockholm_time(e.at.0), action: e.action, outcome: e.outcome })
        .collect();
    let contacts = ssr::profile::contacts(&state.db, person_id).await?.unwrap_or_default();
    Ok(MyData {
        email_confirmed: contacts.email_confirmed_at.is_some(),
        email: contacts.email,
        phone: contacts.phone,
        notify_email: contacts.notify_email,
        notify_sms: contacts.notify_sms,
        personal_identity_number: format!("{}-{}", &person.personal_number[..8], &person.personal_number[8..]),
        given_name: person.given_name,
        family_name: person.family_name,
        first_signed_in: crate::domain::date::stockholm_time(person.created_at.0),
        last_signed_in: crate::domain::date::stockholm_time(person.last_sign_in_at.0),
        sign_ins: history(state, person_id, 1000, lang).await?,
        events,
        drafts: ssr::store::drafts_of(&state.db, person_id)
            .await?
            .into_iter()
            .map(|(form, draft, updated, expires)| DraftEntry {
                form,
                updated: crate::domain::date::stockholm_time(updated.0),
                deleted_after: crate::domain::date::stockholm_time(expires.0),
                answers: draft.0.get("answers").cloned().unwrap_or_default(),
            })
            .filter(|d| d.answers.as_object().is_some_and(|a| !a.is_empty()))
            .collect(),
        cases: ssr::store::cases_of(&state.db, person_id)
            .await?
            .into_iter()
            .map(|(case_number, title, status, received)| CaseEntry {
                case_number,
                title,
                status,
                received: crate::domain::date::stockholm_time(received.0),
            })
            .collect(),
    })
}
