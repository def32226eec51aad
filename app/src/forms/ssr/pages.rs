//! What the form pages load. Which step a visitor may see, what "check your answers" holds and
//! who may see a confirmation are the flow service's decisions ([`super::flow`]); this module
//! adds what the pages show beside them (the organisation, the masked receipt address).

use super::{
    draft::{self, RequestDrafts},
    flow::{self, Flow, StepPage},
    store, FormsState,
};
use crate::{
    access::{current_actor, Action, Resource},
    catalog::api::{self as catalog, ServiceOwner},
    domain::date::{stockholm_time, SimpleDate},
    error::AppError,
    forms::{
        model::{tr, WindowState},
        rules, CheckView, Confirmation, DraftSummary, FormStart, MyDrafts, PrintView, StepView, WindowNotice,
    },
    i18n::Lang,
    routes,
};

pub async fn start(form_id: &str, lang: Lang) -> Result<FormStart, AppError> {
    let state = FormsState::from_context()?;
    let definition = store::current_definition(&state.db, form_id).await?;
    let ServiceOwner { service_name, organisation_id, .. } =
        catalog::service_owner(&state.db, &definition.service, lang).await?;
    let organisation = catalog::organisation(&state.db, &organisation_id, lang).await?;
    let drafts = RequestDrafts::current(&state).await?;
    let actor = current_actor();
    let flow = Flow::new(&state, drafts.store()).acting(&actor);
    let has_draft = flow.has_answers(form_id).await?;
    let first_step = definition.steps[0].id.clone();
    let needs = flow.unusable(&definition).map(str::to_string);
    // The child or company the person acts for, named on the start page of a form for one.
    let child = definition
        .acting_for_needed()
        .and_then(|_| actor.resident().and_then(|me| me.acting_for.as_ref()).map(|someone| someone.name.clone()));
    let today = SimpleDate::in_sweden_at(state.clock.now_ms().div_euclid(1000));
    let window = definition.window.as_ref().and_then(|w| w.on(today)).map(|on| match on {
        WindowState::Open { last_day } => WindowNotice::LastDay(last_day.to_string()),
        WindowState::Closed { opens } => WindowNotice::OpensOn(opens.to_string()),
    });
    Ok(FormStart {
        window,
        definition,
        service_name,
        organisation_name: organisation.name,
        first_step,
        has_draft,
        needs,
        child,
    })
}

/// A form about a child or a company's, opened while not acting for one, or a signed form
/// opened while not signed in (`Flow::unusable`): back to its start page, which says what to do
/// first. Someone whose sign-in ran out while on the form (`here`, reloaded) signs in again and
/// comes back to it instead. Whether the person was sent away.
async fn away_first(
    flow: &Flow<'_>,
    drafts: &RequestDrafts,
    definition: &crate::forms::model::FormDefinition,
    form_id: &str,
    here: &str,
) -> Result<bool, AppError> {
    let Some(reason) = flow.unusable(definition) else { return Ok(false) };
    let to = if matches!(reason, "sign-in" | "sign-in-to-sign") && drafts.sign_in_lapsed().await? {
        routes::sign_in_and_return(here)
    } else {
        routes::form(form_id)
    };
    leptos_axum::redirect(&to);
    Ok(true)
}

/// The day a place must be offered by if sent on the day of `at_ms`, for forms that state it.
fn offer_by(definition: &crate::forms::model::FormDefinition, at_ms: i64) -> Option<String> {
    let months = definition.offer_within_months?;
    Some(super::consent::offer_by(SimpleDate::in_sweden_at(at_ms.div_euclid(1000)), months).to_string())
}

pub async fn step(form_id: &str, step_id: &str, changing: bool) -> Result<StepView, AppError> {
    let state = FormsState::from_context()?;
    let drafts = RequestDrafts::current(&state).await?;
    let actor = current_actor();
    let flow = Flow::new(&state, drafts.store()).acting(&actor);
    // Back after a lapsed sign-in: what was sent meanwhile is applied now, and the person goes on.
    if let Some(posted) = drafts.take_lapsed_post(form_id, step_id).await? {
        let next = flow.apply_step(form_id, step_id, posted).await?;
        leptos_axum::redirect(&next);
    }
    let StepPage { mut view, redirect } = flow.step_page(form_id, step_id, changing).await?;
    let here = routes::form_step(form_id, step_id);
    if away_first(&flow, &drafts, &view.definition, form_id, &here).await? {
        // Never shown: the redirect stands (see `layout::ErrorPage`).
        return Err(AppError::NotFound);
    }
    if let Some(path) = redirect {
        leptos_axum::redirect(&path);
    }
    prefill(&state, &mut view).await?;
    Ok(view)
}

/// Once-only: a signed-in applicant's name and registered address, fetched from the population
/// registry into a step's questions marked `prefill` while they are still empty, and said so
/// above them (what came from where; they check it and change what is wrong). A registry that
/// cannot be asked leaves the questions for typing, and says that too. A protected identity's
/// address is never fetched, so never shown or kept.
async fn prefill(state: &FormsState, view: &mut StepView) -> Result<(), AppError> {
    use crate::forms::model::Prefill;
    let step = &view.definition.steps[view.step_index];
    let wanted: Vec<(Prefill, String)> =
        step.questions.iter().filter_map(|q| q.prefill.map(|p| (p, q.id.clone()))).collect();
    let empty = wanted.iter().all(|(_, id)| {
        view.answers.iter().all(|(name, values)| {
            !(name == id || name.starts_with(&format!("{id}."))) || values.iter().all(|v| v.trim().is_empty())
        })
    });
    let actor = current_actor();
    if wanted.is_empty() || !empty {
        return Ok(());
    }
    // A company's form: its name and number, as the person's checked choice holds them.
    let acting_for = actor.resident().and_then(|me| me.acting_for.as_ref());
    let mut from_company = false;
    for (what, id) in &wanted {
        if let Some(value) = super::company_answer(*what, &view.definition, acting_for) {
            view.answers.insert(id.clone(), vec![value]);
            from_company = true;
        }
    }
    if from_company {
        view.fetched = Some("form-fetched-company".into());
    }
    let wanted: Vec<(Prefill, String)> =
        wanted.into_iter().filter(|(what, _)| matches!(what, Prefill::Name | Prefill::Address)).collect();
    let (Some(me), Some(registry)) =
        (actor.resident(), leptos::prelude::use_context::<crate::registry::api::RegistryState>())
    else {
        return Ok(());
    };
    if wanted.is_empty() || !registry.configured {
        return Ok(());
    }
    let number = crate::identity::api::personal_number(&state.db, me.person_id).await?;
    let Some(pin) = crate::domain::identity::PersonalIdentityNumber::parse(&number, view.today) else {
        return Ok(());
    };
    let record = match registry.population.person(&pin).await {
        Ok(Some(record)) => record,
        Ok(None) => return Ok(()),
        Err(error) => {
            tracing::warn!(%error, "the population registry could not fill in a form");
            view.fetched = Some("form-fetched-unavailable".into());
            return Ok(());
        }
    };
    let mut address_withheld = false;
    for (what, id) in wanted {
        match what {
            Prefill::Name => {
                let name = format!("{} {}", record.given_name, record.family_name).trim().to_string();
                view.answers.insert(id, vec![name]);
            }
            Prefill::Address => match &record.address {
                Some(address) => {
                    view.answers.insert(format!("{id}.street"), vec![address.street.clone()]);
                    view.answers.insert(format!("{id}.postcode"), vec![address.postal_code.clone()]);
                    view.answers.insert(format!("{id}.city"), vec![address.town.clone()]);
                }
                None => address_withheld = true,
            },
            Prefill::CompanyName | Prefill::OrganisationNumber => {}
        }
    }
    view.fetched = Some(if address_withheld { "form-fetched-no-address" } else { "form-fetched-registry" }.to_string());
    Ok(())
}

pub async fn check(form_id: &str) -> Result<CheckView, AppError> {
    let state = FormsState::from_context()?;
    let drafts = RequestDrafts::current(&state).await?;
    let flow = Flow::new(&state, drafts.store()).acting(&current_actor());
    let page = flow.check_page(form_id).await?;
    if let Some(view) = &page {
        if away_first(&flow, &drafts, &view.definition, form_id, &routes::form_check(form_id)).await? {
            return Err(AppError::NotFound);
        }
    }
    match page {
        Some(mut view) => {
            view.offer_by = offer_by(&view.definition, state.clock.now_ms());
            Ok(view)
        }
        None => {
            // Nothing filled in yet (or already sent): start from the beginning. Someone whose
            // sign-in ran out has their draft kept under their name: sign in, and back here.
            let here = routes::form_check(form_id);
            let to =
                if drafts.sign_in_lapsed().await? { routes::sign_in_and_return(&here) } else { routes::form(form_id) };
            leptos_axum::redirect(&to);
            // Never shown: the redirect stands (see `layout::ErrorPage`).
            Err(AppError::NotFound)
        }
    }
}

pub async fn confirmation(form_id: &str, reference: &str, lang: Lang) -> Result<Confirmation, AppError> {
    let state = FormsState::from_context()?;
    let drafts = RequestDrafts::current(&state).await?;
    if !Flow::new(&state, drafts.store()).sent_here(form_id, reference).await? {
        return Err(AppError::NotFound);
    }
    let db = &state.db;
    let definition = store::current_definition(db, form_id).await?;
    let owner = catalog::service_owner(db, &definition.service, lang).await?;
    let organisation = catalog::organisation(db, &owner.organisation_id, lang).await?;
    // The address a receipt goes to, masked (`a…@example.se`).
    let receipt_to = match &definition.receipt_to {
        Some(question) => store::submission_answers(db, reference)
            .await?
            .and_then(|answers| answers.get(question).and_then(|e| e.as_str()).map(mask_email)),
        None => None,
    };
    let case_number = crate::cases::api::case_number_for_submission(db, reference).await?;
    let consent_waiting = definition.for_a_child() && super::consent::waiting(db, reference).await?;
    let offer_by = match definition.offer_within_months {
        Some(_) => super::consent::submitted_at(db, reference).await?.and_then(|at| offer_by(&definition, at)),
        None => None,
    };
    Ok(Confirmation {
        definition,
        reference: reference.to_string(),
        case_number,
        organisation_name: organisation.name,
        receipt_to,
        consent_waiting,
        offer_by,
    })
}

pub fn mask_email(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => format!("{}…@{domain}", local.chars().next().unwrap_or('?')),
        None => "…".into(),
    }
}

pub async fn print(form_id: &str, lang: Lang) -> Result<PrintView, AppError> {
    let db = FormsState::from_context()?.db;
    let definition = store::current_definition(&db, form_id).await?;
    let owner = catalog::service_owner(&db, &definition.service, lang).await?;
    let organisation = catalog::organisation(&db, &owner.organisation_id, lang).await?;
    Ok(PrintView {
        definition,
        organisation_name: organisation.name,
        organisation_address: organisation.address,
        organisation_email: organisation.contact.email,
    })
}

/// How many drafts My pages list (one per form, so a person rarely has more than a few).
const MY_DRAFTS_MAX: i64 = 100;

/// The signed-in person's drafts still in progress, last changed first, each with what is left.
pub async fn my_drafts(lang: Lang) -> Result<MyDrafts, AppError> {
    let state = FormsState::from_context()?;
    let me = crate::access::signed_in_resident()?;
    crate::access::require(&current_actor(), Action::Read, Resource::Person(me.person_id))?;
    let now = state.clock.now_ms();
    let today = SimpleDate::in_sweden_at(now.div_euclid(1000));
    let mut drafts = Vec::new();
    for row in draft::person_drafts(&state.db, me.person_id, &me.on_behalf(), MY_DRAFTS_MAX).await? {
        let saved = row.draft.0;
        // A sent draft keeps only its key; one whose sending went through is not in progress.
        if saved.answers.is_empty() || store::submission_by_key(&state.db, &saved.key).await?.is_some() {
            continue;
        }
        let form = match state.definitions.get(&state.db, &row.form_id, lang).await {
            Ok(form) => form,
            // A form taken away since: nothing to continue (the draft expires in time).
            Err(AppError::NotFound) => continue,
            Err(error) => return Err(error),
        };
        let def = &form.definition;
        let visible: Vec<_> = def.steps.iter().filter(|s| rules::step_visible(def, s, &saved.answers)).collect();
        let next = flow::first_incomplete(def, &saved.answers, today, def.steps.len());
        let (steps_done, next_step, continue_to) = match &next {
            Some(id) => {
                let done = visible.iter().take_while(|s| &s.id != id).count();
                let title = def.steps.iter().find(|s| &s.id == id).map(|s| tr(&s.title, lang).to_string());
                (done, title, routes::form_step(&row.form_id, id))
            }
            None => (visible.len(), None, routes::form_check(&row.form_id)),
        };
        drafts.push(DraftSummary {
            title: tr(&def.title, lang).to_string(),
            service_name: form.service_name.clone(),
            updated: stockholm_time(row.updated_at.0),
            expires: SimpleDate::in_sweden_at(row.expires_at.0.div_euclid(1000)).to_string(),
            expires_soon: row.expires_at.0 - now <= draft::WARN_DAYS_BEFORE * draft::DAY_MS,
            steps_done,
            steps_total: visible.len(),
            next_step,
            continue_to,
            form_id: row.form_id,
        });
    }
    Ok(MyDrafts { drafts, keep_days: state.draft_keep_days })
}
