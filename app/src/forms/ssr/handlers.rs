//! The POST side of forms, as plain HTML form posts that answer with a redirect
//! (POST/redirect/GET): each step, sending and clearing. Works the same with JavaScript off.
//! A handler only extracts what the request carries, asks the flow service ([`super::flow`])
//! and answers; what happens to the draft is decided there.

use super::FormsState;
use super::{
    draft::RequestDrafts,
    flow::{Flow, Sending},
    uploads::{self, StepPost},
};
use crate::{error::AppError, forms::InPlace, i18n::Lang, rate_limit::ClientAddress};
use axum::{
    extract::{FromRef, FromRequest, FromRequestParts, Multipart, Path, Query, Request, State},
    http::request::Parts,
    response::{IntoResponse, Redirect, Response},
    Extension, Form,
};

/// The answer to a form post: 303 to where the flow goes next, or a plain error page in the
/// user's language with a way back.
fn answer(next: Result<String, AppError>, lang: Lang) -> Response {
    match next {
        Ok(path) => Redirect::to(&path).into_response(),
        Err(error) => crate::error_page::response(&error, lang),
    }
}

pub async fn post_step(
    State(state): State<FormsState>,
    Extension(lang): Extension<Lang>,
    actor: Option<Extension<crate::access::Actor>>,
    client: Option<Extension<ClientAddress>>,
    drafts: RequestDrafts,
    Path((form_id, step_id)): Path<(String, String)>,
    request: Request,
) -> Response {
    let in_place = request.headers().contains_key(crate::forms::IN_PLACE_HEADER);
    let post = match read_step_post(&state, &form_id, &step_id, request).await {
        Ok(post) => post,
        Err(response) => return response,
    };
    let client = client.map(|Extension(ClientAddress(address))| address).unwrap_or_default();
    // The person's sign-in ran out while they typed: what they sent waits for them to sign in
    // again, then goes into their draft (`pages::step`). Files are not kept for them.
    match drafts.keep_lapsed_post(&state, &form_id, &step_id, &post.fields).await {
        Ok(true) => {
            let back = crate::routes::form_step(&form_id, &step_id);
            let sign_in = crate::routes::sign_in_and_return(&back);
            return if in_place {
                in_place_answer(InPlace::Go(sign_in))
            } else {
                Redirect::to(&sign_in).into_response()
            };
        }
        Ok(false) => {}
        Err(error) => return answer(Err(error), lang),
    }
    let actor = actor.map(|Extension(actor)| actor).unwrap_or_default();
    let flow = Flow::new(&state, drafts.store()).acting(&actor);
    let next = flow.apply_post(&form_id, &step_id, post, &client).await;
    if !in_place {
        return answer(next, lang);
    }
    // In place: back to this step means staying on it, with its files and problems as they are now.
    let here = crate::routes::form_step(&form_id, &step_id);
    let staying = match next.as_deref() {
        Ok(path) if path == here => Some(false),
        Ok(path) if path.strip_prefix(here.as_str()) == Some("?andra=1") => Some(true),
        _ => None,
    };
    let Some(changing) = staying else {
        return match next {
            Ok(path) => in_place_answer(InPlace::Go(path)),
            Err(error) => answer(Err(error), lang),
        };
    };
    match flow.step_page(&form_id, &step_id, changing).await {
        Ok(page) => {
            let view = page.view;
            let step = &view.definition.steps[view.step_index];
            let files = step
                .questions
                .iter()
                .filter(|q| q.kind == crate::forms::model::QuestionKind::File)
                .map(|q| (q.id.clone(), view.answers.get(&q.id).cloned().unwrap_or_default()))
                .collect();
            in_place_answer(InPlace::Stay { files, errors: view.errors })
        }
        Err(error) => answer(Err(error), lang),
    }
}

/// An [`InPlace`] answer: JSON the step's script reads, never stored by a cache.
fn in_place_answer(answer: InPlace) -> Response {
    ([(axum::http::header::CACHE_CONTROL, "no-store")], axum::Json(answer)).into_response()
}

/// A step's post as a plain form, or — when the step takes files — as multipart, the files
/// streamed into staging as they arrive.
async fn read_step_post(
    state: &FormsState,
    form_id: &str,
    step_id: &str,
    request: Request,
) -> Result<StepPost, Response> {
    let lang = request.extensions().get::<Lang>().copied().unwrap_or_default();
    if !uploads::is_multipart(request.headers()) {
        let Form(fields) =
            Form::<Vec<(String, String)>>::from_request(request, &()).await.map_err(IntoResponse::into_response)?;
        return Ok(StepPost { fields, uploads: Vec::new() });
    }
    let refuse = |error: AppError| crate::error_page::response(&error, lang);
    let form = state.definitions.get(&state.db, form_id, Lang::SV).await.map_err(refuse)?;
    let step = form.definition.step(step_id).ok_or(AppError::NotFound).map_err(refuse)?;
    let files = state.files.as_ref().ok_or(AppError::NotFound).map_err(refuse)?;
    let body = Multipart::from_request(request, &()).await.map_err(IntoResponse::into_response)?;
    uploads::read(body, step, files).await.map_err(refuse)
}

/// A file attached to the visitor's draft, downloaded (only the draft holding it gives it).
pub async fn get_attachment(
    State(state): State<FormsState>,
    Extension(lang): Extension<Lang>,
    drafts: RequestDrafts,
    Path((form_id, public_id)): Path<(String, String)>,
) -> Response {
    let Some(files) = state.files.as_ref() else {
        return crate::error_page::response(&AppError::NotFound, lang);
    };
    match Flow::new(&state, drafts.store()).attachment(&form_id, &public_id).await {
        Ok(attachment) => files.download(&attachment).await,
        Err(error) => crate::error_page::response(&error, lang),
    }
}

/// What sending needs besides the form and the key: the extractors of `post_send` and
/// `get_signed_send`, gathered once.
pub struct Sender {
    state: FormsState,
    registry: crate::registry::api::RegistryState,
    identity: crate::identity::api::IdentityState,
    lang: Lang,
    actor: crate::access::Actor,
    client: String,
    drafts: RequestDrafts,
    session: tower_sessions::Session,
}

impl<S: Send + Sync> FromRequestParts<S> for Sender
where
    FormsState: FromRef<S>,
    crate::registry::api::RegistryState: FromRef<S>,
    crate::identity::api::IdentityState: FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = parts.extensions.get::<Lang>().copied().unwrap_or_default();
        let actor = parts.extensions.get::<crate::access::Actor>().cloned().unwrap_or_default();
        let client = parts.extensions.get::<ClientAddress>().map(|ClientAddress(a)| a.clone()).unwrap_or_default();
        let drafts = RequestDrafts::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        let session = tower_sessions::Session::from_request_parts(parts, state)
            .await
            .map_err(|(status, message)| (status, message).into_response())?;
        Ok(Sender {
            state: FormsState::from_ref(state),
            registry: crate::registry::api::RegistryState::from_ref(state),
            identity: crate::identity::api::IdentityState::from_ref(state),
            lang,
            actor,
            client,
            drafts,
            session,
        })
    }
}

impl Sender {
    /// Sends the draft with `key`; a signed form not yet signed sends the person to sign first,
    /// unless they come `from_signing` (then what they signed is no longer what is there: the
    /// answers changed meanwhile, or the signature is gone), which the check page says.
    async fn send(self, form_id: &str, key: &str, from_signing: bool) -> Response {
        let lang = self.lang;
        let signatures = match self.actor.resident() {
            Some(me) => {
                let now = self.state.clock.now_ms();
                match crate::identity::api::signatures(&self.session, me.person_id, now).await {
                    Ok(signatures) => signatures,
                    Err(error) => return crate::error_page::response(&error, lang),
                }
            }
            None => Vec::new(),
        };
        let flow = Flow::new(&self.state, self.drafts.store())
            .acting(&self.actor)
            .with_registry(&self.registry)
            .with_signatures(signatures);
        let sending = match flow.send(form_id, key, &self.client, lang).await {
            Ok(sending) => sending,
            Err(error) => return crate::error_page::response(&error, lang),
        };
        match sending {
            Sending::Next { path, spent } => {
                if let Some(digest) = spent {
                    if let Err(error) = crate::identity::api::spend_signature(&self.session, &digest).await {
                        tracing::warn!(?error, "a used signature could not be removed from the session");
                    }
                }
                Redirect::to(&path).into_response()
            }
            Sending::SignFirst(_) if from_signing => {
                Redirect::to(&format!("{}?signering=andrad", crate::routes::form_check(form_id))).into_response()
            }
            Sending::SignFirst(to_sign) => {
                let Some(me) = self.actor.resident() else {
                    return Redirect::to(&crate::routes::form(form_id)).into_response();
                };
                let request = crate::identity::api::SignRequest {
                    digest: to_sign.digest,
                    what: to_sign.what,
                    loa: to_sign.loa,
                    return_to: crate::routes::form_signed_send(form_id, key),
                    back_to: crate::routes::form_check(form_id),
                };
                match crate::identity::api::begin_signing(&self.identity, &self.session, me, request, lang).await {
                    Ok(next) => Redirect::to(&next).into_response(),
                    Err(error) => crate::error_page::response(&error, lang),
                }
            }
        }
    }
}

/// The key a form post carries (`key`), trimmed.
fn posted_key(posted: &[(String, String)]) -> String {
    posted.iter().find(|(k, _)| k == "key").map(|(_, v)| v.trim().to_string()).unwrap_or_default()
}

/// `POST /formular/{form}/skicka`: "Send" (or "Sign and send") on the check page.
pub async fn post_send(
    sender: Sender,
    Path(form_id): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response {
    sender.send(&form_id, &posted_key(&posted), false).await
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct SignedSendQuery {
    #[serde(default)]
    pub nyckel: String,
}

/// `GET /formular/{form}/skicka?nyckel=…`: where signing returns to; sends what was signed
/// (idempotent by its key, like the post: a reload shows the same confirmation).
pub async fn get_signed_send(
    sender: Sender,
    Path(form_id): Path<String>,
    Query(query): Query<SignedSendQuery>,
) -> Response {
    sender.send(&form_id, query.nyckel.trim(), true).await
}

/// "Clear the form": the draft is forgotten; back to the form's start page.
pub async fn post_clear(
    State(state): State<FormsState>,
    Extension(lang): Extension<Lang>,
    drafts: RequestDrafts,
    Path(form_id): Path<String>,
) -> Response {
    answer(Flow::new(&state, drafts.store()).clear(&form_id).await, lang)
}

/// "Delete" on a draft in My pages: the signed-in person's draft of the form is gone; back to
/// the list, which says so.
pub async fn post_delete_draft(
    State(state): State<FormsState>,
    Extension(lang): Extension<Lang>,
    actor: Option<Extension<crate::access::Actor>>,
    Path(form_id): Path<String>,
) -> Response {
    let actor = actor.map(|Extension(actor)| actor).unwrap_or_default();
    let Some(me) = actor.resident() else {
        return Redirect::to(&crate::routes::sign_in_and_return(&crate::routes::my_drafts())).into_response();
    };
    let deleted = super::draft::delete_person_draft(&state.db, me.person_id, &form_id, &me.on_behalf()).await;
    answer(deleted.map(|_| format!("{}?borttaget=1", crate::routes::my_drafts())), lang)
}
