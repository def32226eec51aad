//! The POST side of cases, as plain HTML form posts answered with a redirect: an officer's
//! action on a case, and the applicant's answer in My pages. A form sent with problems, or
//! overtaken by another officer's change, comes back with what was typed (a flash in the
//! session) and the problems named field by field.

use super::{CasesState, Problems, FLASH_KEY, MAX_TEXT};
use crate::{access::Actor, cases::CaseFlash, error::AppError, i18n::Lang, routes};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};
use tower_sessions::Session;

/// `POST /handlaggare/arenden/{id}/{action}`.
pub async fn post_staff_act(
    State(state): State<CasesState>,
    Extension(lang): Extension<Lang>,
    Extension(actor): Extension<Actor>,
    session: Session,
    Path((id, code)): Path<(i64, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if actor.staff().is_none() {
        return Redirect::to(&routes::staff_sign_in()).into_response();
    }
    let page = routes::staff_case(id);
    let version = form.iter().find(|(k, _)| k == "version").and_then(|(_, v)| v.parse().ok()).unwrap_or(-1);
    let today = crate::domain::date::SimpleDate::in_sweden_at(state.clock.now_ms().div_euclid(1000));
    let result = match super::parse_act(&code, &form, today) {
        Ok(act) => super::act(&state, &actor, id, version, act).await,
        // What was typed is only looked at for someone who may change the case at all.
        Err(problems) if super::ACTIONS.contains(&code.as_str()) => {
            super::changeable(&state, &actor, id).await.map(|_| Err(problems))
        }
        Err(_) => Err(AppError::NotFound),
    };
    finish(&session, result, id, &code, form, &page, lang).await
}

/// How many cases one bulk assignment takes: more than a queue page shows, so a stranger's
/// request cannot make the server work through an unbounded list.
const BULK_MAX: usize = 100;

/// `POST /handlaggare/ko/{queue}/tilldela`: a manager assigns the ticked cases (`arende` =
/// `id:version`, repeated) to one officer (`handlaggare`). Each case is assigned on its own, with
/// the same rules and optimistic locking as one at a time; the queue page then says how many
/// were assigned and how many were not (changed meanwhile, or not the manager's to assign).
pub async fn post_bulk_assign(
    State(state): State<CasesState>,
    Extension(lang): Extension<Lang>,
    Extension(actor): Extension<Actor>,
    Path(queue): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if actor.staff().is_none() {
        return Redirect::to(&routes::staff_sign_in()).into_response();
    }
    if !crate::cases::QUEUES.contains(&queue.as_str()) {
        return crate::error_page::response(&AppError::NotFound, lang);
    }
    // The filters the page was showing come back with the answer.
    let back: Vec<String> = form
        .iter()
        .filter(|(k, v)| {
            ["tjanst", "status", "handlaggare_filter", "fran", "till", "ordning"].contains(&k.as_str()) && v.len() <= 40
        })
        .map(|(k, v)| {
            format!("{}={}", if k == "handlaggare_filter" { "handlaggare" } else { k }, routes::percent_encode(v))
        })
        .collect();
    let officer = form.iter().find(|(k, _)| k == "handlaggare").and_then(|(_, v)| v.parse::<i64>().ok());
    let cases: Vec<(i64, i64)> = form
        .iter()
        .filter(|(k, _)| k == "arende")
        .take(BULK_MAX)
        .filter_map(|(_, v)| {
            v.split_once(':').and_then(|(id, version)| Some((id.parse().ok()?, version.parse().ok()?)))
        })
        .collect();
    let outcome = match officer {
        _ if cases.is_empty() => "fel=arende".to_string(),
        None => "fel=handlaggare".to_string(),
        Some(officer) => {
            let (mut assigned, mut refused) = (0, 0);
            for (id, version) in cases {
                match super::act(&state, &actor, id, version, super::Act::AssignTo(officer)).await {
                    Ok(Ok(())) => assigned += 1,
                    Ok(Err(_)) | Err(AppError::Conflict | AppError::Forbidden | AppError::NotFound) => refused += 1,
                    Err(error) => return crate::error_page::response(&error, lang),
                }
            }
            format!("tilldelade={assigned}&ej={refused}")
        }
    };
    let mut address = format!("{}?{outcome}", routes::staff_queue(&queue));
    for pair in back {
        address.push('&');
        address.push_str(&pair);
    }
    Redirect::to(&address).into_response()
}

/// `POST /mina-sidor/arenden/{id}/svar`: the applicant's answer or message.
pub async fn post_my_answer(
    State(state): State<CasesState>,
    Extension(lang): Extension<Lang>,
    Extension(actor): Extension<Actor>,
    session: Session,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    let page = routes::my_case(id);
    if actor.resident().is_none() {
        return Redirect::to(&routes::sign_in_and_return(&page)).into_response();
    }
    let text = form.iter().find(|(k, _)| k == "text").map(|(_, v)| v.as_str()).unwrap_or_default();
    let result = super::answer(&state, &actor, id, text).await;
    finish(&session, result, id, "svar", form, &page, lang).await
}

/// `POST /handlaggare/remisser/{id}/svar`: the referred organisation answers.
pub async fn post_referral_answer(
    State(state): State<CasesState>,
    Extension(lang): Extension<Lang>,
    Extension(actor): Extension<Actor>,
    session: Session,
    Path(id): Path<i64>,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if actor.staff().is_none() {
        return Redirect::to(&routes::staff_sign_in()).into_response();
    }
    let page = routes::staff_referral(id);
    let text = form.iter().find(|(k, _)| k == "text").map(|(_, v)| v.as_str()).unwrap_or_default();
    let result = super::answer_referral(&state, &actor, id, text).await.map(|r| r.map(|_| ()));
    finish(&session, result, id, "remissvar", form, &page, lang).await
}

async fn finish(
    session: &Session,
    result: Result<Result<(), Problems>, AppError>,
    case: i64,
    code: &str,
    form: Vec<(String, String)>,
    page: &str,
    lang: Lang,
) -> Response {
    let problems = match result {
        Ok(Ok(())) => return Redirect::to(&format!("{page}?klart={code}")).into_response(),
        Ok(Err(problems)) => problems,
        // Another officer was quicker: what was typed comes back with the case as it is now.
        Err(AppError::Conflict) => vec![(String::new(), "cases-problem-conflict".into())],
        Err(AppError::Unauthenticated) => return Redirect::to(&routes::sign_in_and_return(page)).into_response(),
        Err(error) => return crate::error_page::response(&error, lang),
    };
    let values = form
        .into_iter()
        .filter(|(k, _)| k != "version" && k.len() <= 40)
        .take(12)
        .map(|(k, v)| (k, v.chars().take(MAX_TEXT).collect()))
        .collect();
    let flash = CaseFlash { case, form: code.to_string(), values, problems };
    if let Err(error) = session.insert(FLASH_KEY, flash).await {
        tracing::warn!(%error, "the case form could not be kept in the session");
        return crate::error_page::response(&AppError::Unavailable, lang);
    }
    Redirect::to(&format!("{page}#form-{code}")).into_response()
}

/// `GET /mina-sidor/arenden/{id}/bilagor/{file}`: the applicant downloads a file of their case.
pub async fn get_my_attachment(
    State(state): State<CasesState>,
    Extension(lang): Extension<Lang>,
    Extension(actor): Extension<Actor>,
    Path((id, file)): Path<(i64, String)>,
) -> Response {
    download(&state, &actor, id, &file, false, lang).await
}

/// `GET /handlaggare/arenden/{id}/bilagor/{file}`: staff download a file of a case they may read.
pub async fn get_staff_attachment(
    State(state): State<CasesState>,
    Extension(lang): Extension<Lang>,
    Extension(actor): Extension<Actor>,
    Path((id, file)): Path<(i64, String)>,
) -> Response {
    download(&state, &actor, id, &file, true, lang).await
}

async fn download(state: &CasesState, actor: &Actor, id: i64, file: &str, staff: bool, lang: Lang) -> Response {
    let Some(files) = state.files.as_ref() else {
        return crate::error_page::response(&AppError::NotFound, lang);
    };
    match super::pages::attachment(state, actor, id, file, staff).await {
        Ok(attachment) => files.download(&attachment).await,
        Err(AppError::Unauthenticated) => {
            let back = if staff { routes::staff_case(id) } else { routes::my_case(id) };
            let to = if staff { routes::staff_sign_in() } else { routes::sign_in_and_return(&back) };
            Redirect::to(&to).into_response()
        }
        Err(error) => crate::error_page::response(&error, lang),
    }
}
