//! The POST side of forms, as plain HTML form posts that answer with a redirect
//! (POST/redirect/GET): each step, sending and clearing. Works the same with JavaScript off.
//! A handler only extracts what the request carries, asks the flow service ([`super::flow`])
//! and answers; what happens to the draft is decided there.

use super::FormsState;
use super::{
    draft::RequestDrafts,
    flow::Flow,
    uploads::{self, StepPost},
};
use crate::{error::AppError, i18n::Lang, rate_limit::ClientAddress};
use axum::{
    extract::{FromRequest, Multipart, Path, Request, State},
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
    client: Option<Extension<ClientAddress>>,
    drafts: RequestDrafts,
    Path((form_id, step_id)): Path<(String, String)>,
    request: Request,
) -> Response {
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
            return Redirect::to(&crate::routes::sign_in_and_return(&back)).into_response();
        }
        Ok(false) => {}
        Err(error) => return answer(Err(error), lang),
    }
    answer(Flow::new(&state, drafts.store()).apply_post(&form_id, &step_id, post, &client).await, lang)
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

// Each argument is an axum extractor; bundling them would only hide what the handler reads.
#[allow(clippy::too_many_arguments)]
pub async fn post_send(
    State(state): State<FormsState>,
    State(registry): State<crate::registry::api::RegistryState>,
    Extension(lang): Extension<Lang>,
    actor: Option<Extension<crate::access::Actor>>,
    client: Option<Extension<ClientAddress>>,
    drafts: RequestDrafts,
    Path(form_id): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Response {
    let key = posted.iter().find(|(k, _)| k == "key").map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let client = client.map(|Extension(ClientAddress(address))| address).unwrap_or_default();
    let actor = actor.map(|Extension(actor)| actor).unwrap_or_default();
    let flow = Flow::new(&state, drafts.store()).acting(&actor).with_registry(&registry);
    answer(flow.send(&form_id, &key, &client, lang).await, lang)
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
