//! Non-UI routes: `/health` and the machine-readable catalogue under `/api/v1`.

use app::{
    catalog::{ssr::store, ServiceSummary},
    error::AppError,
    i18n::Lang,
    state::AppState,
};
use axum::{
    extract::Query,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Extension, Json,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

pub struct ApiContext {
    pub public_url: String,
}

/// JSON error body: a stable code and an English explanation; never a cause.
#[derive(Serialize)]
struct ErrorBody {
    error: &'static str,
    message: String,
}

pub struct ApiError(AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = match self.0 {
            AppError::NotFound => "not_found",
            AppError::BadRequest => "bad_request",
            AppError::Unavailable => "unavailable",
            AppError::Internal | AppError::Transport(_) => "internal",
        };
        let english = Lang::parse("en").unwrap_or_default();
        let body = ErrorBody { error: code, message: english.t(self.0.message_id()) };
        (self.0.status(), Json(body)).into_response()
    }
}

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    database: &'static str,
    backend: &'static str,
}

pub async fn health(Extension(state): Extension<AppState>) -> impl IntoResponse {
    let ok = state.db.ping().await.is_ok();
    let body = Health {
        status: if ok { "ok" } else { "unavailable" },
        database: if ok { "ok" } else { "unreachable" },
        backend: state.db.backend(),
    };
    let status = if ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body))
}

#[derive(Deserialize)]
pub struct ServicesQuery {
    organisation: Option<String>,
    life_event: Option<String>,
    lang: Option<String>,
}

#[derive(Serialize)]
pub struct ServiceEntry {
    id: String,
    name: String,
    summary: String,
    level: app::catalog::Level,
    organisation: String,
    organisation_name: String,
    url: String,
}

#[derive(Serialize)]
pub struct ServicesBody {
    lang: Lang,
    count: usize,
    services: Vec<ServiceEntry>,
}

pub async fn services(
    Extension(state): Extension<AppState>,
    Extension(context): Extension<Arc<ApiContext>>,
    Query(query): Query<ServicesQuery>,
) -> Result<Json<ServicesBody>, ApiError> {
    let lang = match query.lang.as_deref() {
        None | Some("") => Lang::default(),
        Some(code) => Lang::parse(code).ok_or(AppError::BadRequest)?,
    };
    let non_empty = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let organisation = non_empty(&query.organisation);
    let life_event = non_empty(&query.life_event);
    let found = store::services_filtered(&state.db, lang, organisation.as_deref(), life_event.as_deref()).await?;
    let suffix = if lang == Lang::default() { String::new() } else { format!("?lang={lang}") };
    let services: Vec<ServiceEntry> = found
        .into_iter()
        .map(|s: ServiceSummary| ServiceEntry {
            url: format!("{}/tjanster/{}{suffix}", context.public_url, s.id),
            id: s.id,
            name: s.name,
            summary: s.summary,
            level: s.level,
            organisation: s.organisation_id,
            organisation_name: s.organisation_name,
        })
        .collect();
    Ok(Json(ServicesBody { lang, count: services.len(), services }))
}

pub async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], include_str!("openapi.json"))
}
