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
    rate_limit::ClientAddress,
    state::AppState,
};
use axum::{
    extract::Path,
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use tower_sessions::Session;

/// Largest draft (answers of every step, in bytes) a session may hold. The longest legitimate
/// form stays far below it; a script posting the maximum to every step is stopped here.
pub const MAX_DRAFT_BYTES: usize = 256 * 1024;
/// Most values one field name may carry (a multiple choice's options; the demo forms have fewer).
const MAX_VALUES_PER_FIELD: usize = 64;

fn see_other(path: String) -> Response {
    Redirect::to(&path).into_response()
}

/// An error answer: the status and a plain page in the user's language with a way back.
fn failure(error: AppError, lang: Lang) -> Response {
    crate::error_page::response(&error, lang)
}

/// Keeps what people typed, cut a little beyond what the question allows (so the "too long"
/// message still shows most of it), without control characters (a NUL cannot be stored).
fn clean(value: &str, max_chars: usize) -> String {
    value
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .take(max_chars)
        .collect::<String>()
        .replace("\r\n", "\n")
}

/// The most characters kept of a field `name` posted to `step`, or `None` when the step does
/// not ask for that exact field (anything else a client posts is dropped).
fn field_limit(step: &Step, name: &str) -> Option<usize> {
    step.questions.iter().filter(|q| q.kind.takes_answer()).find_map(|q| question_field_limit(q, &q.id, name))
}

fn question_field_limit(q: &Question, prefix: &str, name: &str) -> Option<usize> {
    let rest = name.strip_prefix(prefix)?;
    let near = |max: u32| (max as usize + max as usize / 10 + 20).min(HARD_MAX_CHARS + 1);
    match q.kind {
        QuestionKind::PostalAddress | QuestionKind::Location => {
            let parts: &[&str] =
                if q.kind == QuestionKind::PostalAddress { &rules::ADDRESS_PARTS } else { &rules::LOCATION_PARTS };
            let part = rest.strip_prefix('.')?;
            parts.contains(&part).then(|| near(rules::DEFAULT_SHORT_MAX))
        }
        QuestionKind::RepeatingGroup => {
            if rest.is_empty() {
                return Some(4); // the item count
            }
            let (item, _) = rest.strip_prefix('.')?.split_once('.')?;
            let index: u32 = item.parse().ok()?;
            // Only the plain spelling of an index ("3", not "03" or "+3") within the group's maximum.
            if index.to_string() != item || index >= q.max_items.unwrap_or(rules::DEFAULT_MAX_ITEMS) {
                return None;
            }
            q.questions
                .iter()
                .filter(|member| member.kind.takes_answer())
                .find_map(|member| question_field_limit(member, &format!("{prefix}.{item}.{}", member.id), name))
        }
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice | QuestionKind::YesNo | QuestionKind::Declaration => {
            rest.is_empty().then(|| q.options.iter().map(|o| o.id.len()).max().unwrap_or(0).max(8))
        }
        QuestionKind::LongText => rest.is_empty().then(|| near(q.max_length.unwrap_or(rules::DEFAULT_LONG_MAX))),
        _ => rest.is_empty().then(|| near(q.max_length.unwrap_or(rules::DEFAULT_SHORT_MAX))),
    }
}

/// Whether a stored answer belongs to `step` (and is replaced when the step is posted again).
fn belongs_to(step: &Step, name: &str) -> bool {
    step.questions.iter().any(|q| q.kind.takes_answer() && (name == q.id || name.starts_with(&format!("{}.", q.id))))
}

fn draft_bytes(answers: &Answers) -> usize {
    answers.iter().map(|(name, values)| name.len() + values.iter().map(String::len).sum::<usize>()).sum()
}

fn group<'a>(step: &'a Step, id: &str) -> Option<&'a Question> {
    step.questions.iter().find(|q| q.id == id && q.kind == QuestionKind::RepeatingGroup)
}

pub async fn post_step(
    Extension(state): Extension<AppState>,
    Extension(lang): Extension<Lang>,
    session: Session,
    Path((form_id, step_id)): Path<(String, String)>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response {
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

    // This step's answers replace what the draft held for it; fields the step does not ask
    // for are dropped, and each value is cut near its question's limit.
    let starting = draft.answers.is_empty();
    draft.answers.retain(|name, _| !belongs_to(step, name));
    for (name, value) in posted {
        if let Some(limit) = field_limit(step, &name) {
            let values = draft.answers.entry(name).or_default();
            // A choice posts one value per option at most; a text field posts one.
            if values.len() < MAX_VALUES_PER_FIELD {
                values.push(clean(&value, limit));
            }
        }
    }
    if draft_bytes(&draft.answers) > MAX_DRAFT_BYTES {
        return Err(AppError::TooLarge);
    }
    if starting {
        // A new draft gets a new session id: an id planted before (session fixation) never
        // comes to hold personal data.
        session.cycle_id().await.map_err(|error| {
            tracing::warn!(%error, "session store unavailable");
            AppError::Unavailable
        })?;
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
    client: Option<Extension<ClientAddress>>,
    session: Session,
    Path(form_id): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response {
    let key = posted.iter().find(|(k, _)| k == "key").map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let client = client.map(|Extension(ClientAddress(address))| address).unwrap_or_default();
    match send(&state, &session, &form_id, &key, &client, lang).await {
        Ok(path) => see_other(path),
        Err(error) => failure(error, lang),
    }
}

async fn send(
    state: &AppState,
    session: &Session,
    form_id: &str,
    key: &str,
    client: &str,
    lang: Lang,
) -> Result<String, AppError> {
    if key.len() != 32 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::BadRequest);
    }
    let draft = draft::load_any(session, form_id).await?;
    let draft = match draft {
        // Sent already from this browser (a retry, a second click): the draft kept only its
        // spent key, and the same reference answers.
        Some(draft) if draft.key == key && draft.answers.is_empty() => {
            if let Some(reference) = store::submission_by_key(&state.db, key).await? {
                return Ok(confirmation_path(form_id, &reference));
            }
            return Ok(form_path(form_id));
        }
        Some(draft) if draft.key == key => draft,
        stale => {
            // Sent already from elsewhere (a retry from a browser that lost its session): the
            // same reference. Otherwise a stale tab: check the current answers again, or start anew.
            if let Some(reference) = store::submission_by_key(&state.db, key).await? {
                return Ok(confirmation_path(form_id, &reference));
            }
            return Ok(if stale.is_some() { check_path(form_id) } else { form_path(form_id) });
        }
    };
    let form = state.forms.get(&state.db, form_id, lang).await?;
    let def = &form.definition;
    let today = SimpleDate::today_in_sweden();
    if let Some((first, _)) = rules::validate_form(def, &draft.answers, today).into_iter().next() {
        return Ok(step_path(form_id, &first));
    }
    let answers = rules::structured(def, &draft.answers, today);
    let receipt = receipt(def, &answers, &form.service_name, lang);
    // A script sending thousands of reports, or branded receipts to a victim's address, is
    // stopped here (and told to come back later); the draft stays, so nothing typed is lost.
    if !state.limits.submissions.allow(client) {
        tracing::warn!(form = form_id, "submission refused: too many from one client address");
        return Err(AppError::TooManyRequests);
    }
    if let Some(to) = receipt.as_ref().and_then(|r| r.get("to")).and_then(|to| to.as_str()) {
        if !state.limits.receipts.allow(&to.to_lowercase()) {
            tracing::warn!(form = form_id, "submission refused: too many receipts to one recipient");
            return Err(AppError::TooManyRequests);
        }
    }
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
    // The session keeps only the spent key: it shows this browser the confirmation, and the
    // next visit starts afresh. The answers leave the session (a shared computer's next user
    // must not find them); if that write fails the submission stands, and the idle timeout
    // removes the answers.
    let spent = draft::Draft { key: key.to_string(), ..draft::Draft::default() };
    if let Err(error) = draft::save(session, form_id, &spent).await {
        tracing::warn!(?error, "the sent draft could not be emptied");
    }
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

/// "Clear the form": the draft leaves the session; back to the form's start page.
pub async fn post_clear(Extension(lang): Extension<Lang>, session: Session, Path(form_id): Path<String>) -> Response {
    match draft::remove(&session, &form_id).await {
        Ok(()) => see_other(form_path(&form_id)),
        Err(error) => failure(error, lang),
    }
}

pub fn confirmation_path(form_id: &str, reference: &str) -> String {
    format!("{}/kvitto/{reference}", form_path(form_id))
}
