//! Non-UI routes: `/health` and the machine-readable catalogue under `/api/v1`.

use app::{
    catalog::{ssr::store, ServiceSummary},
    error::AppError,
    i18n::Lang,
    state::AppState,
};
use axum::{
    extract::{Query, State},
    http::{header, StatusCode, Uri},
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;
use serde_json::json;
use std::sync::{Arc, OnceLock};

#[derive(Debug)]
pub struct ApiContext {
    pub public_url: String,
}

/// JSON error body: a stable code and an English explanation; never a cause, never an echo of
/// what was sent. `parameter` names the documented query parameter that was refused.
#[derive(Serialize)]
struct ErrorBody {
    error: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parameter: Option<&'static str>,
}

pub enum ApiError {
    App(AppError),
    /// A query parameter outside the contract the OpenAPI document states (answered 400).
    Parameter {
        parameter: Option<&'static str>,
        message: String,
    },
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            ApiError::App(error) => {
                let code = match error {
                    AppError::NotFound => "not_found",
                    AppError::BadRequest => "bad_request",
                    AppError::Unavailable => "unavailable",
                    AppError::Unauthenticated => "unauthenticated",
                    AppError::Forbidden => "forbidden",
                    AppError::Conflict => "conflict",
                    AppError::TooLarge => "too_large",
                    AppError::TooManyRequests => "too_many_requests",
                    AppError::Internal | AppError::Transport => "internal",
                };
                let english = Lang::parse("en").unwrap_or_default();
                (error.status(), ErrorBody { error: code, message: english.t(error.message_id()), parameter: None })
            }
            ApiError::Parameter { parameter, message } => {
                (StatusCode::BAD_REQUEST, ErrorBody { error: "bad_request", message, parameter })
            }
        };
        (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
    }
}

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    database: &'static str,
    backend: &'static str,
}

pub async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let ok = state.db.ping().await.is_ok();
    let body = Health {
        status: if ok { "ok" } else { "unavailable" },
        database: if ok { "ok" } else { "unreachable" },
        backend: state.db.backend(),
    };
    let status = if ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, [(header::CACHE_CONTROL, "no-store")], Json(body))
}

/// The longest id the catalogue accepts on import (`import::check_id`).
pub const ID_MAX_LENGTH: usize = 80;
/// An id as import accepts it, or empty (no filter). Anchored, and written so that it means the
/// same in ECMA, Rust and Python regular expressions.
pub const ID_PATTERN: &str = "^[a-z0-9-]*$";

/// What one query parameter sets, and so what it may hold.
#[derive(Clone, Copy)]
enum Field {
    /// Catalogue ids: at most [`ID_MAX_LENGTH`] characters matching [`ID_PATTERN`]; empty means
    /// no filter.
    Organisation,
    LifeEvent,
    /// One of the portal's language codes, exactly as listed.
    Lang,
}

struct Parameter {
    name: &'static str,
    field: Field,
    description: &'static str,
    example: &'static str,
}

/// The query parameters of `GET /api/v1/services`. The OpenAPI document and the validation are
/// both built from this list, so what the document promises is what the handler enforces.
const SERVICE_PARAMETERS: [Parameter; 3] = [
    Parameter {
        name: "organisation",
        field: Field::Organisation,
        description: "Organisation id, e.g. norrvik; empty means every organisation",
        example: "norrvik",
    },
    Parameter {
        name: "life_event",
        field: Field::LifeEvent,
        description: "Life event id, e.g. bygga; empty means every life event",
        example: "bygga",
    },
    Parameter {
        name: "lang",
        field: Field::Lang,
        description: "Language of the texts; Swedish by default",
        example: "en",
    },
];

fn lang_codes() -> Vec<&'static str> {
    Lang::all().map(Lang::code).collect()
}

fn is_id(value: &str) -> bool {
    value.chars().count() <= ID_MAX_LENGTH
        && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn refused(parameter: Option<&'static str>, message: String) -> ApiError {
    ApiError::Parameter { parameter, message }
}

/// The query of `GET /api/v1/services`, checked against [`SERVICE_PARAMETERS`]: every parameter
/// known, given at most once, and within its schema. Values are never echoed back.
#[derive(Default)]
struct ServicesQuery {
    organisation: Option<String>,
    life_event: Option<String>,
    lang: Option<Lang>,
}

fn services_query(uri: &Uri) -> Result<ServicesQuery, ApiError> {
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map_err(|_| refused(None, "The query string could not be read.".into()))?;
    let known = SERVICE_PARAMETERS.iter().map(|p| p.name).collect::<Vec<_>>().join(", ");
    let mut query = ServicesQuery::default();
    let mut seen: Vec<&'static str> = Vec::new();
    for (name, value) in pairs {
        let Some(parameter) = SERVICE_PARAMETERS.iter().find(|p| p.name == name) else {
            return Err(refused(None, format!("Unknown query parameter; the parameters are {known}.")));
        };
        if seen.contains(&parameter.name) {
            return Err(refused(Some(parameter.name), format!("'{}' may be given only once.", parameter.name)));
        }
        seen.push(parameter.name);
        match parameter.field {
            Field::Organisation | Field::LifeEvent => {
                if !is_id(&value) {
                    return Err(refused(
                        Some(parameter.name),
                        format!("'{}' must be at most {ID_MAX_LENGTH} characters of a-z, 0-9 and '-'.", parameter.name),
                    ));
                }
                let value = (!value.is_empty()).then_some(value);
                match parameter.field {
                    Field::Organisation => query.organisation = value,
                    _ => query.life_event = value,
                }
            }
            Field::Lang => {
                let codes = lang_codes();
                if !codes.contains(&value.as_str()) {
                    return Err(refused(
                        Some(parameter.name),
                        format!("'{}' must be one of {}.", parameter.name, codes.join(", ")),
                    ));
                }
                query.lang = Lang::parse(&value);
            }
        }
    }
    Ok(query)
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
    State(state): State<AppState>,
    State(context): State<Arc<ApiContext>>,
    uri: Uri,
) -> Result<Json<ServicesBody>, ApiError> {
    let query = services_query(&uri)?;
    let lang = query.lang.unwrap_or_default();
    let found =
        store::services_filtered(&state.db, lang, query.organisation.as_deref(), query.life_event.as_deref()).await?;
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

/// The OpenAPI document, built once from the same parameter list the handler validates with.
pub async fn openapi() -> impl IntoResponse {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    let body = DOCUMENT.get_or_init(|| openapi_document().to_string());
    ([(header::CONTENT_TYPE, "application/json")], body.as_str())
}

fn parameter_schema(field: Field) -> serde_json::Value {
    match field {
        Field::Organisation | Field::LifeEvent => {
            json!({ "type": "string", "maxLength": ID_MAX_LENGTH, "pattern": ID_PATTERN })
        }
        Field::Lang => json!({ "type": "string", "enum": lang_codes() }),
    }
}

fn json_response(description: &str, schema: &str) -> serde_json::Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } }
    })
}

/// The machine-readable contract of `/api/v1`: every status the handler can answer, each with
/// its content type and body schema.
pub fn openapi_document() -> serde_json::Value {
    let parameters: Vec<serde_json::Value> = SERVICE_PARAMETERS
        .iter()
        .map(|p| {
            json!({
                "name": p.name,
                "in": "query",
                "required": false,
                "schema": parameter_schema(p.field),
                "description": p.description,
                "example": p.example,
            })
        })
        .collect();
    json!({
      "openapi": "3.0.3",
      "info": {
        "title": "Medborgarportalen – service catalogue",
        "version": "1.0.0",
        "description": "The public catalogue of services offered by the organisations in the portal. \
                        Read-only, no authentication. Query parameters not listed here are refused.",
        "license": { "name": "EUPL-1.2" }
      },
      "paths": {
        "/api/v1/services": {
          "get": {
            "operationId": "listServices",
            "summary": "List services, optionally filtered by organisation and life event",
            "parameters": parameters,
            "responses": {
              "200": json_response("The matching services, sorted by name", "ServiceList"),
              "400": json_response(
                "A query parameter outside its schema, an unknown parameter, or one given twice",
                "Error"
              ),
              "500": json_response("An unexpected failure; the cause is in the server log", "Error"),
              "503": json_response("The database is temporarily unreachable", "Error")
            }
          }
        }
      },
      "components": {
        "schemas": {
          "ServiceList": {
            "type": "object",
            "required": ["lang", "count", "services"],
            "properties": {
              "lang": { "type": "string", "enum": lang_codes() },
              "count": { "type": "integer", "minimum": 0 },
              "services": { "type": "array", "items": { "$ref": "#/components/schemas/Service" } }
            }
          },
          "Service": {
            "type": "object",
            "required": ["id", "name", "summary", "level", "organisation", "organisation_name", "url"],
            "properties": {
              "id": { "type": "string" },
              "name": { "type": "string" },
              "summary": { "type": "string" },
              "level": {
                "type": "string",
                "enum": ["information", "form", "e_service", "cross_agency"],
                "description": "The step of the 24-hour authority ladder the service offers"
              },
              "organisation": { "type": "string" },
              "organisation_name": { "type": "string" },
              "url": { "type": "string", "format": "uri", "description": "The service's page in the portal" }
            }
          },
          "Error": {
            "type": "object",
            "required": ["error", "message"],
            "properties": {
              "error": {
                "type": "string",
                "enum": [
                  "not_found", "bad_request", "forbidden", "too_large", "too_many_requests", "unavailable", "internal"
                ]
              },
              "message": { "type": "string", "description": "An English explanation; never a cause" },
              "parameter": { "type": "string", "description": "The documented query parameter that was refused" }
            }
          }
        }
      }
    })
}
