//! What the form pages need from the server: the definition, the draft and its problems.

use super::{draft, store};
use crate::{
    catalog::ssr::store::organisation_by_id,
    error::AppError,
    forms::{
        date::SimpleDate,
        form_path,
        model::FormDefinition,
        rules::{self, Answers},
        CheckView, Confirmation, FormStart, PrintView, StepView,
    },
    i18n::Lang,
    state,
};

pub fn step_path(form_id: &str, step_id: &str) -> String {
    format!("{}/{step_id}", form_path(form_id))
}

pub fn check_path(form_id: &str) -> String {
    format!("{}/kontrollera", form_path(form_id))
}

/// The first visible step before `index` whose answers are not yet valid.
pub fn first_incomplete(def: &FormDefinition, answers: &Answers, today: SimpleDate, before: usize) -> Option<String> {
    def.steps
        .iter()
        .take(before)
        .filter(|s| rules::step_visible(def, s, answers))
        .find(|s| !rules::validate_step(def, s, answers, today).is_empty())
        .map(|s| s.id.clone())
}

/// The visible step after `index`, if any.
pub fn next_visible(def: &FormDefinition, answers: &Answers, index: usize) -> Option<String> {
    def.steps.iter().skip(index + 1).find(|s| rules::step_visible(def, s, answers)).map(|s| s.id.clone())
}

pub async fn start(form_id: &str, lang: Lang) -> Result<FormStart, AppError> {
    let db = state::from_context()?.db;
    let definition = store::current_definition(&db, form_id).await?;
    let (service_name, organisation_id) = store::form_owner(&db, &definition.service, lang).await?;
    let organisation = organisation_by_id(&db, &organisation_id, lang).await?;
    let session = draft::current_session().await?;
    let has_draft = draft::load(&db, &session, form_id).await?.is_some_and(|d| !d.answers.is_empty());
    let first_step = definition.steps[0].id.clone();
    Ok(FormStart { definition, service_name, organisation_name: organisation.name, first_step, has_draft })
}

pub async fn step(form_id: &str, step_id: &str, changing: bool) -> Result<StepView, AppError> {
    let db = state::from_context()?.db;
    let definition = store::current_definition(&db, form_id).await?;
    let step_index = definition.steps.iter().position(|s| s.id == step_id).ok_or(AppError::NotFound)?;
    let session = draft::current_session().await?;
    let draft = draft::load(&db, &session, form_id).await?.unwrap_or_default();
    let today = SimpleDate::today_in_sweden();
    // Out of order (a bookmark, a tampered URL): go to the first step still to be done.
    if let Some(first) = first_incomplete(&definition, &draft.answers, today, step_index) {
        leptos_axum::redirect(&step_path(form_id, &first));
    } else if !rules::step_visible(&definition, &definition.steps[step_index], &draft.answers) {
        let next = next_visible(&definition, &draft.answers, step_index);
        leptos_axum::redirect(&next.map(|n| step_path(form_id, &n)).unwrap_or_else(|| check_path(form_id)));
    }
    let errors = match draft.errors {
        Some((step, errors)) if step == step_id => errors,
        _ => Vec::new(),
    };
    let back = if changing {
        check_path(form_id)
    } else {
        definition.steps[..step_index]
            .iter()
            .rev()
            .find(|s| rules::step_visible(&definition, s, &draft.answers))
            .map(|s| step_path(form_id, &s.id))
            .unwrap_or_else(|| form_path(form_id))
    };
    Ok(StepView { definition, step_index, answers: draft.answers, errors, today, back, changing })
}

pub async fn check(form_id: &str) -> Result<CheckView, AppError> {
    let db = state::from_context()?.db;
    let definition = store::current_definition(&db, form_id).await?;
    let session = draft::current_session().await?;
    let Some(draft) = draft::load(&db, &session, form_id).await? else {
        // Nothing filled in yet (or already sent): start from the beginning.
        leptos_axum::redirect(&form_path(form_id));
        return Err(AppError::NotFound);
    };
    let today = SimpleDate::today_in_sweden();
    let incomplete = rules::validate_form(&definition, &draft.answers, today).into_iter().map(|(s, _)| s).collect();
    let answers = rules::visible_answers(&definition, &draft.answers);
    Ok(CheckView { definition, answers, key: draft.key, incomplete })
}

pub async fn confirmation(form_id: &str, reference: &str, lang: Lang) -> Result<Confirmation, AppError> {
    let db = state::from_context()?.db;
    let session = draft::current_session().await?;
    // Only the browser that sent it sees its confirmation (its session still holds the key the
    // submission was sent with); to anyone else it does not exist.
    let key = draft::load_any(&session, form_id).await?.map(|d| d.key).unwrap_or_default();
    if store::submission_by_key(&db, &key).await?.as_deref() != Some(reference) {
        return Err(AppError::NotFound);
    }
    let definition = store::current_definition(&db, form_id).await?;
    let (_, organisation_id) = store::form_owner(&db, &definition.service, lang).await?;
    let organisation = organisation_by_id(&db, &organisation_id, lang).await?;
    let receipt_to = receipt_address(&db, reference, &definition).await?;
    Ok(Confirmation { definition, reference: reference.to_string(), organisation_name: organisation.name, receipt_to })
}

/// The address a receipt goes to, masked (`a…@example.se`), for the confirmation page.
async fn receipt_address(
    db: &crate::db::Db,
    reference: &str,
    def: &FormDefinition,
) -> Result<Option<String>, AppError> {
    let Some(question) = &def.receipt_to else { return Ok(None) };
    let answers: Option<String> = crate::on_db!(db, read, |pool| {
        sqlx::query_scalar("SELECT answers FROM submissions WHERE reference = $1")
            .bind(reference)
            .fetch_optional(pool)
            .await?
    });
    let value: Option<serde_json::Value> = answers.and_then(|a| serde_json::from_str(&a).ok());
    Ok(value.and_then(|v| v.get(question).and_then(|e| e.as_str()).map(mask_email)))
}

pub fn mask_email(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => format!("{}…@{domain}", local.chars().next().unwrap_or('?')),
        None => "…".into(),
    }
}

pub async fn print(form_id: &str, lang: Lang) -> Result<PrintView, AppError> {
    let db = state::from_context()?.db;
    let definition = store::current_definition(&db, form_id).await?;
    let (_, organisation_id) = store::form_owner(&db, &definition.service, lang).await?;
    let organisation = organisation_by_id(&db, &organisation_id, lang).await?;
    Ok(PrintView {
        definition,
        organisation_name: organisation.name,
        organisation_address: organisation.address,
        organisation_email: organisation.contact.email,
    })
}
