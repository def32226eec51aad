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
    forms::{model::tr, rules, CheckView, Confirmation, DraftSummary, FormStart, MyDrafts, PrintView, StepView},
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
    let has_draft = Flow::new(&state, drafts.store()).has_answers(form_id).await?;
    let first_step = definition.steps[0].id.clone();
    let actor = current_actor();
    let needs = super::consent::unusable(&definition, &actor).map(str::to_string);
    let child = definition
        .for_a_child()
        .then(|| actor.resident().and_then(|me| me.acting_for.as_ref()).map(|someone| someone.name.clone()))
        .flatten();
    Ok(FormStart {
        definition,
        service_name,
        organisation_name: organisation.name,
        first_step,
        has_draft,
        needs,
        child,
    })
}

/// A form about a child, opened while not acting for one: back to its start page, which says
/// what to do first.
fn for_a_child_first(definition: &crate::forms::model::FormDefinition, form_id: &str) -> bool {
    if super::consent::unusable(definition, &current_actor()).is_some() {
        leptos_axum::redirect(&routes::form(form_id));
        return true;
    }
    false
}

/// The day a place must be offered by if sent on the day of `at_ms`, for forms that state it.
fn offer_by(definition: &crate::forms::model::FormDefinition, at_ms: i64) -> Option<String> {
    let months = definition.offer_within_months?;
    Some(super::consent::offer_by(SimpleDate::in_sweden_at(at_ms.div_euclid(1000)), months).to_string())
}

pub async fn step(form_id: &str, step_id: &str, changing: bool) -> Result<StepView, AppError> {
    let state = FormsState::from_context()?;
    let drafts = RequestDrafts::current(&state).await?;
    // Back after a lapsed sign-in: what was sent meanwhile is applied now, and the person goes on.
    if let Some(posted) = drafts.take_lapsed_post(form_id, step_id).await? {
        let next = Flow::new(&state, drafts.store()).apply_step(form_id, step_id, posted).await?;
        leptos_axum::redirect(&next);
    }
    let StepPage { view, redirect } = Flow::new(&state, drafts.store()).step_page(form_id, step_id, changing).await?;
    if for_a_child_first(&view.definition, form_id) {
        return Err(AppError::NotFound);
    }
    if let Some(path) = redirect {
        leptos_axum::redirect(&path);
    }
    Ok(view)
}

pub async fn check(form_id: &str) -> Result<CheckView, AppError> {
    let state = FormsState::from_context()?;
    let drafts = RequestDrafts::current(&state).await?;
    let page = Flow::new(&state, drafts.store()).check_page(form_id).await?;
    if page.as_ref().is_some_and(|view| for_a_child_first(&view.definition, form_id)) {
        return Err(AppError::NotFound);
    }
    match page {
        Some(mut view) => {
            view.offer_by = offer_by(&view.definition, state.clock.now_ms());
            Ok(view)
        }
        None => {
            // Nothing filled in yet (or already sent): start from the beginning.
            leptos_axum::redirect(&crate::routes::form(form_id));
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
