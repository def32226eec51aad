//! Non-UI routes: `/health`, and under `/api/v1` the machine-readable catalogue and the public
//! records register, with their OpenAPI document.

use app::{
    cases::ssr::store as cases_store,
    catalog::{ssr::store, ServiceSummary},
    domain::date::SimpleDate,
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
    /// Whether attached files are checked by a virus scanner (`configured`), or not at all
    /// (`not-configured`): an operator sees it here, never assumes it.
    virus_scan: &'static str,
}

pub async fn health(State(state): State<AppState>) -> impl IntoResponse {
    let ok = state.db.ping().await.is_ok();
    let body = Health {
        status: if ok { "ok" } else { "unavailable" },
        database: if ok { "ok" } else { "unreachable" },
        backend: state.db.backend(),
        virus_scan: if state.forms.files.as_ref().is_some_and(|f| f.scan_configured()) {
            "configured"
        } else {
            "not-configured"
        },
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
    Id,
    /// One of the portal's language codes, exactly as listed.
    Lang,
    /// Free text of at most this many characters; empty means no filter.
    Text(usize),
    /// A calendar day, `2026-12-24` (OpenAPI's `format: date`).
    Date,
    /// A register cursor as the previous page's `next` gave it.
    Cursor,
    /// How many entries a page holds.
    Limit,
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
        field: Field::Id,
        description: "Organisation id, e.g. norrvik; empty means every organisation",
        example: "norrvik",
    },
    Parameter {
        name: "life_event",
        field: Field::Id,
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

/// The longest search text and case number the register takes (as its search page does).
const REGISTER_TEXT_MAX: usize = 100;
const REGISTER_NUMBER_MAX: usize = 30;
/// A register cursor: the registration time (ms) and the document id of the last entry shown.
pub const CURSOR_PATTERN: &str = "^[0-9]{1,15}-[0-9]{1,15}$";
const REGISTER_LIMIT_MAX: i64 = 100;
const REGISTER_LIMIT_DEFAULT: i64 = 25;

/// The query parameters of `GET /api/v1/register`.
const REGISTER_PARAMETERS: [Parameter; 9] = [
    Parameter {
        name: "q",
        field: Field::Text(REGISTER_TEXT_MAX),
        description: "Words that must all appear, whole or as part of a longer word, in the entry's \
                      description, party or case title; up to five, of at least three characters each \
                      (shorter ones are left out). Confidential entries never match",
        example: "bygglov",
    },
    Parameter {
        name: "case_number",
        field: Field::Text(REGISTER_NUMBER_MAX),
        description: "A case number, e.g. BN 2026/0123 (any case)",
        example: "BN 2026/0001",
    },
    Parameter {
        name: "organisation",
        field: Field::Id,
        description: "Organisation id, e.g. norrvik; empty means every organisation",
        example: "norrvik",
    },
    Parameter {
        name: "department",
        field: Field::Id,
        description: "Department id (a board or office, e.g. norrvik-bygg); empty means every department",
        example: "norrvik-bygg",
    },
    Parameter {
        name: "from",
        field: Field::Date,
        description: "Entries registered on or after this day (Swedish time)",
        example: "2026-01-01",
    },
    Parameter {
        name: "until",
        field: Field::Date,
        description: "Entries registered on or before this day (Swedish time)",
        example: "2026-12-31",
    },
    Parameter {
        name: "after",
        field: Field::Cursor,
        description: "The next page: the `next_cursor` of the previous answer",
        example: "1767225600000-42",
    },
    Parameter { name: "limit", field: Field::Limit, description: "Entries per page (default 25)", example: "25" },
    Parameter {
        name: "lang",
        field: Field::Lang,
        description: "Language of the names; Swedish by default",
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

/// A query string checked against `parameters`: every parameter known, given at most once, and
/// within its schema (values are never echoed back). Returns the values by parameter name; an
/// empty value of an id or a text is left out (no filter).
fn checked_query(uri: &Uri, parameters: &[Parameter]) -> Result<Vec<(&'static str, String)>, ApiError> {
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map_err(|_| refused(None, "The query string could not be read.".into()))?;
    let known = parameters.iter().map(|p| p.name).collect::<Vec<_>>().join(", ");
    let mut values: Vec<(&'static str, String)> = Vec::new();
    let mut seen: Vec<&'static str> = Vec::new();
    for (name, value) in pairs {
        let Some(parameter) = parameters.iter().find(|p| p.name == name) else {
            return Err(refused(None, format!("Unknown query parameter; the parameters are {known}.")));
        };
        if seen.contains(&parameter.name) {
            return Err(refused(Some(parameter.name), format!("'{}' may be given only once.", parameter.name)));
        }
        seen.push(parameter.name);
        let name = parameter.name;
        let fits = match parameter.field {
            Field::Id => is_id(&value),
            Field::Lang => lang_codes().contains(&value.as_str()),
            Field::Text(max) => value.chars().count() <= max,
            Field::Date => api_date(&value).is_some(),
            Field::Cursor => api_cursor(&value).is_some(),
            Field::Limit => value.parse::<i64>().is_ok_and(|n| (1..=REGISTER_LIMIT_MAX).contains(&n)),
        };
        if !fits {
            let rule = match parameter.field {
                Field::Id => format!("at most {ID_MAX_LENGTH} characters of a-z, 0-9 and '-'"),
                Field::Lang => format!("one of {}", lang_codes().join(", ")),
                Field::Text(max) => format!("at most {max} characters"),
                Field::Date => "a date written as 2026-12-24".into(),
                Field::Cursor => "the next_cursor of a previous answer".into(),
                Field::Limit => format!("a whole number from 1 to {REGISTER_LIMIT_MAX}"),
            };
            return Err(refused(Some(name), format!("'{name}' must be {rule}.")));
        }
        if !(value.is_empty() && matches!(parameter.field, Field::Id | Field::Text(_))) {
            values.push((name, value));
        }
    }
    Ok(values)
}

fn value<'a>(values: &'a [(&'static str, String)], name: &str) -> Option<&'a str> {
    values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
}

/// A day as OpenAPI's `format: date` writes it (RFC 3339 full-date), as days since 1970-01-01.
/// Year 0000 is a valid full-date that the calendar type does not hold: it comes before every
/// entry, so it counts as 0001-01-01.
fn api_date(value: &str) -> Option<i64> {
    let bytes = value.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape {
        return None;
    }
    let (year, month, day): (i32, u8, u8) =
        (value[0..4].parse().ok()?, value[5..7].parse().ok()?, value[8..10].parse().ok()?);
    if year == 0 {
        // 2000 is a leap year, as year 0 is in the proleptic calendar.
        return SimpleDate::new(2000, month, day).and(SimpleDate::new(1, 1, 1)).map(SimpleDate::to_days);
    }
    SimpleDate::new(year, month, day).map(SimpleDate::to_days)
}

fn api_cursor(value: &str) -> Option<(i64, i64)> {
    let (at, id) = value.split_once('-')?;
    let digits = |s: &str| (1..=15).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    (digits(at) && digits(id)).then(|| Some((at.parse().ok()?, id.parse().ok()?))).flatten()
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
    let query = checked_query(&uri, &SERVICE_PARAMETERS)?;
    let lang = value(&query, "lang").and_then(Lang::parse).unwrap_or_default();
    let found =
        store::services_filtered(&state.db, lang, value(&query, "organisation"), value(&query, "life_event")).await?;
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

/// One entry of the public records register. What secrecy hides is `null` (left out by the
/// query itself, never filtered here).
#[derive(Serialize)]
pub struct RegisterEntryBody {
    registered: String,
    case_number: String,
    document_number: i64,
    direction: String,
    party: Option<String>,
    description: Option<String>,
    case_title: Option<String>,
    confidential: bool,
    organisation: String,
    organisation_name: String,
    department_name: String,
}

#[derive(Serialize)]
pub struct RegisterBody {
    lang: Lang,
    count: usize,
    entries: Vec<RegisterEntryBody>,
    /// The `after` of the next page; `null` on the last.
    next_cursor: Option<String>,
}

/// `GET /api/v1/register`: the public records register (diarium), newest first, as the search
/// page shows it to anyone.
pub async fn register(State(state): State<AppState>, uri: Uri) -> Result<Json<RegisterBody>, ApiError> {
    let query = checked_query(&uri, &REGISTER_PARAMETERS)?;
    let lang = value(&query, "lang").and_then(Lang::parse).unwrap_or_default();
    // A Swedish day starts at 23:00 UTC the day before (UTC+1; close enough at a day's edge, as
    // on the search page).
    let day_start = |days: i64| app::cases::ssr::pages::day_start(SimpleDate::from_days(days));
    let search = cases_store::RegisterQuery {
        text: value(&query, "q").map(str::trim).filter(|q| !q.is_empty()).map(str::to_string),
        case_number: value(&query, "case_number").map(str::trim).filter(|n| !n.is_empty()).map(str::to_uppercase),
        organisation: value(&query, "organisation").map(str::to_string),
        department: value(&query, "department").map(str::to_string),
        from: value(&query, "from").and_then(api_date).map(day_start),
        until: value(&query, "until").and_then(api_date).map(|days| day_start(days + 1)),
        before: value(&query, "after").and_then(api_cursor),
    };
    let limit = value(&query, "limit").and_then(|n| n.parse().ok()).unwrap_or(REGISTER_LIMIT_DEFAULT);
    let empty_period = matches!((search.from, search.until), (Some(from), Some(until)) if from >= until);
    let mut rows = if empty_period {
        Vec::new()
    } else {
        cases_store::register(&state.db, &search, lang.code(), limit + 1).await?
    };
    let mut next_cursor = None;
    if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        next_cursor = rows.last().map(|r| format!("{}-{}", r.registered_at.0, r.document_id));
    }
    let entries: Vec<RegisterEntryBody> = rows
        .into_iter()
        .map(|r| RegisterEntryBody {
            registered: SimpleDate::in_sweden_at(r.registered_at.0.div_euclid(1000)).to_string(),
            case_number: r.case_number,
            document_number: r.document_number,
            direction: r.direction,
            party: r.party,
            description: r.description,
            case_title: r.case_title,
            confidential: r.confidential,
            organisation: r.organisation_id,
            organisation_name: r.organisation_name,
            department_name: r.department_name,
        })
        .collect();
    Ok(Json(RegisterBody { lang, count: entries.len(), entries, next_cursor }))
}

/// The OpenAPI document, built once from the same parameter list the handler validates with.
pub async fn openapi() -> impl IntoResponse {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    let body = DOCUMENT.get_or_init(|| openapi_document().to_string());
    ([(header::CONTENT_TYPE, "application/json")], body.as_str())
}

fn parameter_schema(field: Field) -> serde_json::Value {
    match field {
        Field::Id => json!({ "type": "string", "maxLength": ID_MAX_LENGTH, "pattern": ID_PATTERN }),
        Field::Lang => json!({ "type": "string", "enum": lang_codes() }),
        Field::Text(max) => json!({ "type": "string", "maxLength": max }),
        Field::Date => json!({ "type": "string", "format": "date" }),
        Field::Cursor => json!({ "type": "string", "pattern": CURSOR_PATTERN }),
        Field::Limit => json!({ "type": "integer", "minimum": 1, "maximum": REGISTER_LIMIT_MAX }),
    }
}

fn parameters_document(parameters: &[Parameter]) -> Vec<serde_json::Value> {
    parameters
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
        .collect()
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
    json!({
      "openapi": "3.0.3",
      "info": {
        "title": "Medborgarportalen – open data",
        "version": "1.1.0",
        "description": "The public catalogue of services offered by the organisations in the portal, and \
                        their public records register (diarium, OSL 5 kap. 2 §). Read-only, no \
                        authentication. Query parameters not listed here are refused.",
        "license": { "name": "EUPL-1.2" }
      },
      "paths": {
        "/api/v1/services": {
          "get": {
            "operationId": "listServices",
            "summary": "List services, optionally filtered by organisation and life event",
            "parameters": parameters_document(&SERVICE_PARAMETERS),
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
        },
        "/api/v1/register": {
          "get": {
            "operationId": "searchRegister",
            "summary": "Search the public records register, newest first",
            "description": "Every registered document of every case, as the register's search page lists it. \
                            A confidential case or document stays in the list with its party, description \
                            and case title left out (null) and `confidential` true.",
            "parameters": parameters_document(&REGISTER_PARAMETERS),
            "responses": {
              "200": json_response("The matching entries, newest first", "RegisterPage"),
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
          "RegisterPage": {
            "type": "object",
            "required": ["lang", "count", "entries", "next_cursor"],
            "properties": {
              "lang": { "type": "string", "enum": lang_codes() },
              "count": { "type": "integer", "minimum": 0 },
              "entries": { "type": "array", "items": { "$ref": "#/components/schemas/RegisterEntry" } },
              "next_cursor": {
                "type": "string", "nullable": true, "pattern": CURSOR_PATTERN,
                "description": "Give it as `after` for the next page; null on the last page"
              }
            }
          },
          "RegisterEntry": {
            "type": "object",
            "required": [
              "registered", "case_number", "document_number", "direction", "party", "description",
              "case_title", "confidential", "organisation", "organisation_name", "department_name"
            ],
            "properties": {
              "registered": { "type": "string", "format": "date", "description": "Date received or drawn up" },
              "case_number": { "type": "string" },
              "document_number": { "type": "integer", "minimum": 1 },
              "direction": {
                "type": "string", "enum": ["in", "out"],
                "description": "Received (in) or drawn up and sent (out)"
              },
              "party": { "type": "string", "nullable": true, "description": "Sender or recipient; null when confidential" },
              "description": { "type": "string", "nullable": true, "description": "Null when confidential" },
              "case_title": { "type": "string", "nullable": true, "description": "Null when the case is confidential" },
              "confidential": { "type": "boolean" },
              "organisation": { "type": "string" },
              "organisation_name": { "type": "string" },
              "department_name": { "type": "string" }
            }
          },
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
