//! What the form pages load. Which step a visitor may see, what "check your answers" holds and
//! who may see a confirmation are the flow service's decisions ([`super::flow`]); this module
//! adds what the pages show beside them (the organisation, the masked receipt address).

use super::{
    draft::SessionDrafts,
    flow::{Flow, StepPage},
    store, FormsState,
};
use crate::{
    catalog::api::{self as catalog, ServiceOwner},
    error::AppError,
    forms::{CheckView, Confirmation, FormStart, PrintView, StepView},
    i18n::Lang,
};

pub async fn start(form_id: &str, lang: Lang) -> Result<FormStart, AppError> {
    let state = FormsState::from_context()?;
    let definition = store::current_definition(&state.db, form_id).await?;
    let ServiceOwner { service_name, organisation_id, .. } =
        catalog::service_owner(&state.db, &definition.service, lang).await?;
    let organisation = catalog::organisation(&state.db, &organisation_id, lang).await?;
    let drafts = SessionDrafts::current().await?;
    let has_draft = Flow::new(&state, &drafts).has_answers(form_id).await?;
    let first_step = definition.steps[0].id.clone();
    Ok(FormStart { definition, service_name, organisation_name: organisation.name, first_step, has_draft })
}

pub async fn step(form_id: &str, step_id: &str, changing: bool) -> Result<StepView, AppError> {
    let state = FormsState::from_context()?;
    let drafts = SessionDrafts::current().await?;
    let StepPage { view, redirect } = Flow::new(&state, &drafts).step_page(form_id, step_id, changing).await?;
    if let Some(path) = redirect {
        leptos_axum::redirect(&path);
    }
    Ok(view)
}

pub async fn check(form_id: &str) -> Result<CheckView, AppError> {
    let state = FormsState::from_context()?;
    let drafts = SessionDrafts::current().await?;
    match Flow::new(&state, &drafts).check_page(form_id).await? {
        Some(view) => Ok(view),
        None => {
            // Nothing filled in yet (or already sent): start from the beginning.
            leptos_axum::redirect(&crate::routes::form(form_id));
            Err(AppError::NotFound)
        }
    }
}

pub async fn confirmation(form_id: &str, reference: &str, lang: Lang) -> Result<Confirmation, AppError> {
    let state = FormsState::from_context()?;
    let drafts = SessionDrafts::current().await?;
    if !Flow::new(&state, &drafts).sent_here(form_id, reference).await? {
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
    Ok(Confirmation {
        definition,
        reference: reference.to_string(),
        case_number,
        organisation_name: organisation.name,
        receipt_to,
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
