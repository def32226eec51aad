//! The POST side of forms, as plain HTML form posts that answer with a redirect
//! (POST/redirect/GET): each step, and sending. Works the same with JavaScript off.

use super::{
    draft,
    pages::{check_path, first_incomplete, next_visible, step_path},
    store,
};
use crate::{
    error::AppError,
    forms::{
        date::SimpleDate,
        form_path,
        model::{FormDefinition, Question, QuestionKind, Step},
        rules::{self, Answers, HARD_MAX_CHARS},
    },
    i18n::Lang,
    state::AppState,
};
use axum::{
    extract::Path,
    http::{header, HeaderMap},
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use tower_sessions::Session;

/// Most fields a step may post; anything beyond is ignored.
const MAX_FIELDS: usize = 500;

fn see_other(path: String) -> Response {
    Redirect::to(&path).into_response()
}

/// An error answer without a page of its own: the status and a short text in the user's language.
fn failure(error: AppError, lang: Lang) -> Response {
    (error.status(), [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], lang.t(error.message_id())).into_response()
}

/// Refuses posts from other sites (the session cookie is SameSite=Lax as well).
fn same_origin(headers: &HeaderMap) -> bool {
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_some_and(|s| s == "cross-site") {
        return false;
    }
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        (Some(origin), Some(host)) => origin.split("://").nth(1) == Some(host),
        _ => true,
    }
}

/// Keeps what people typed but removes control characters (a NUL cannot be stored).
fn clean(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .take(HARD_MAX_CHARS + 1)
        .collect::<String>()
        .replace("\r\n", "\n")
}

fn belongs_to(step: &Step, name: &str) -> bool {
    step.questions.iter().any(|q| q.kind.takes_answer() && (name == q.id || name.starts_with(&format!("{}.", q.id))))
}

fn group<'a>(step: &'a Step, id: &str) -> Option<&'a Question> {
    step.questions.iter().find(|q| q.id == id && q.kind == QuestionKind::RepeatingGroup)
}

pub async fn post_step(
    Extension(state): Extension<AppState>,
    Extension(lang): Extension<Lang>,
    session: Session,
    Path((form_id, step_id)): Path<(String, String)>,
    headers: HeaderMap,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response {
    if !same_origin(&headers) {
        return failure(AppError::BadRequest, lang);
    }
    match handle_step(&state, &session, &form_id, &step_id, posted).await {
        Ok(path) => see_other(path),
        Err(error) => failure(error, lang),
    }
}

async fn handle_step(
    state: &AppState,
    session: &Session,
    form_id: &str,
    step_id: &str,
    posted: Vec<(String, String)>,
) -> Result<String, AppError> {
    let form = state.forms.get(&state.db, form_id, Lang::SV).await?;
    let def = &form.definition;
    let index = def.steps.iter().position(|s| s.id == step_id).ok_or(AppError::NotFound)?;
    let step = &def.steps[index];
    let mut draft = draft::load_or_new(&state.db, session, form_id).await?;
    let today = SimpleDate::today_in_sweden();
    let changing = posted.iter().any(|(k, v)| k == "_return" && v == "check");
    let action = posted.iter().find(|(k, _)| k == "_action").map(|(_, v)| v.clone()).unwrap_or_default();

    // Posting to a step out of order: send the visitor to the first step still to be done.
    if let Some(first) = first_incomplete(def, &draft.answers, today, index) {
        return Ok(step_path(form_id, &first));
    }

    // This step's answers replace what the draft held for it; unknown fields are dropped.
    draft.answers.retain(|name, _| !belongs_to(step, name));
    for (name, value) in posted.into_iter().take(MAX_FIELDS) {
        if belongs_to(step, &name) {
            draft.answers.entry(name).or_default().push(clean(&value));
        }
    }
    let with_return = |path: String| if changing { format!("{path}?andra=1") } else { path };

    // "Add another" and "Remove" change a repeating group and come back to the same step.
    if let Some(group_id) = action.strip_prefix("add:") {
        let q = group(step, group_id).ok_or(AppError::BadRequest)?;
        let count = rules::item_count(&draft.answers, q);
        let max = q.max_items.unwrap_or(rules::DEFAULT_MAX_ITEMS);
        draft.answers.insert(q.id.clone(), vec![(count + 1).min(max).to_string()]);
        draft.errors = None;
        draft::save(session, form_id, &draft).await?;
        let anchor = rules::field_id(&format!("{}.{}.{}", q.id, count.min(max - 1), q.questions[0].id));
        return Ok(format!("{}#{anchor}", with_return(step_path(form_id, step_id))));
    }
    if let Some(rest) = action.strip_prefix("remove:") {
        let (group_id, item) = rest.rsplit_once(':').ok_or(AppError::BadRequest)?;
        let q = group(step, group_id).ok_or(AppError::BadRequest)?;
        let item: u32 = item.parse().map_err(|_| AppError::BadRequest)?;
        remove_item(&mut draft.answers, q, item);
        draft.errors = None;
        draft::save(session, form_id, &draft).await?;
        return Ok(with_return(step_path(form_id, step_id)));
    }

    let errors = rules::validate_step(def, step, &draft.answers, today);
    if !errors.is_empty() {
        draft.errors = Some((step_id.to_string(), errors));
        draft::save(session, form_id, &draft).await?;
        return Ok(with_return(step_path(form_id, step_id)));
    }
    draft.errors = None;
    draft::save(session, form_id, &draft).await?;
    let next = if changing {
        // After a change, only steps that became necessary (and are not done) come before the check.
        rules::validate_form(def, &draft.answers, today).first().map(|(s, _)| s.clone())
    } else {
        next_visible(def, &draft.answers, index)
    };
    Ok(match next {
        Some(next) => with_return(step_path(form_id, &next)),
        None => check_path(form_id),
    })
}

/// Removes item `index` of a repeating group and moves the later items up.
fn remove_item(answers: &mut Answers, q: &Question, index: u32) {
    let count = rules::item_count(answers, q);
    if index >= count || count <= 1 {
        // The only item is emptied instead of removed.
        answers.retain(|name, _| !name.starts_with(&format!("{}.{index}.", q.id)));
        return;
    }
    for i in index..count {
        answers.retain(|name, _| !name.starts_with(&format!("{}.{i}.", q.id)));
        let from = format!("{}.{}.", q.id, i + 1);
        let moved: Vec<(String, Vec<String>)> = answers
            .iter()
            .filter(|(name, _)| name.starts_with(&from))
            .map(|(name, v)| (format!("{}.{i}.{}", q.id, &name[from.len()..]), v.clone()))
            .collect();
        answers.extend(moved);
    }
    answers.retain(|name, _| !name.starts_with(&format!("{}.{count}.", q.id)));
    answers.insert(q.id.clone(), vec![(count - 1).to_string()]);
}

pub async fn post_send(
    Extension(state): Extension<AppState>,
    Extension(lang): Extension<Lang>,
    session: Session,
    Path(form_id): Path<String>,
    headers: HeaderMap,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response {
    if !same_origin(&headers) {
        return failure(AppError::BadRequest, lang);
    }
    let key = posted.iter().find(|(k, _)| k == "key").map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    match send(&state, &session, &form_id, &key, lang).await {
        Ok(path) => see_other(path),
        Err(error) => failure(error, lang),
    }
}

async fn send(state: &AppState, session: &Session, form_id: &str, key: &str, lang: Lang) -> Result<String, AppError> {
    if key.len() != 32 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::BadRequest);
    }
    let draft = draft::load_any(session, form_id).await?;
    if draft.as_ref().is_none_or(|d| d.key != key) {
        // Sent already from elsewhere (a retry from a browser that lost its session): the same
        // reference. Otherwise a stale tab: check the current answers again, or start anew.
        if let Some(reference) = store::submission_by_key(&state.db, key).await? {
            return Ok(confirmation_path(form_id, &reference));
        }
        return Ok(if draft.is_some() { check_path(form_id) } else { form_path(form_id) });
    }
    let draft = draft.expect("checked above");
    let form = state.forms.get(&state.db, form_id, lang).await?;
    let def = &form.definition;
    let today = SimpleDate::today_in_sweden();
    if let Some((first, _)) = rules::validate_form(def, &draft.answers, today).into_iter().next() {
        return Ok(step_path(form_id, &first));
    }
    let answers = rules::structured(def, &draft.answers, today);
    let receipt = receipt(def, &answers, &form.service_name, lang);
    // A double click arrives here twice; the second insert finds the key taken and returns
    // the first one's reference.
    let new = store::NewSubmission {
        key,
        organisation_id: &form.organisation_id,
        definition: def,
        lang,
        answers: &answers,
        receipt,
    };
    let reference = store::insert_submission(&state.submissions, new).await?;
    tracing::info!(form = form_id, version = def.version, reference, "submission stored");
    // The session keeps the draft: its key, now spent, is what shows this browser the
    // confirmation, and the next visit to the form starts afresh.
    Ok(confirmation_path(form_id, &reference))
}

fn receipt(
    def: &FormDefinition,
    answers: &serde_json::Value,
    service_name: &str,
    lang: Lang,
) -> Option<serde_json::Value> {
    let question = def.receipt_to.as_ref()?;
    let to = answers.get(question)?.as_str()?;
    Some(serde_json::json!({
        "to": to,
        "lang": lang.code(),
        "form": crate::forms::model::tr(&def.title, lang),
        "service": service_name,
    }))
}

pub fn confirmation_path(form_id: &str, reference: &str) -> String {
    format!("{}/kvitto/{reference}", form_path(form_id))
}
