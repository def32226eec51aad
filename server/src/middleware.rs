//! Request middleware: security headers with a per-response CSP nonce, the interface language
//! (query, then session, then Swedish), and a request log without query strings.

use app::{i18n::Lang, CspNonce};
use axum::{
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::Next,
    response::Response,
};
use base64::Engine;
use std::time::Instant;
use tower_sessions::Session;

const LANG_KEY: &str = "lang";

pub async fn security_headers(State(secure): State<bool>, mut request: Request, next: Next) -> Response {
    let mut bytes = [0u8; 16];
    rand::Rng::fill(&mut rand::rng(), &mut bytes);
    let nonce = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(self), payment=()"),
    );
    if secure {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    response
}

/// Resolves the language: `?lang=xx` (remembered in the session), else the session, else Swedish.
/// The browser bundle and other files are the same in every language: they never read the
/// session, which spares the database three reads for every page a browser hydrates.
pub async fn language(session: Session, mut request: Request, next: Next) -> Response {
    if is_static_file(request.uri().path()) {
        request.extensions_mut().insert(Lang::default());
        return next.run(request).await;
    }
    let from_query = request
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("lang=")).and_then(Lang::parse));
    let lang = match from_query {
        Some(lang) => {
            if let Err(error) = session.insert(LANG_KEY, lang.code()).await {
                tracing::warn!(%error, "could not remember the language");
            }
            lang
        }
        None => match session.get::<String>(LANG_KEY).await {
            Ok(Some(code)) => Lang::parse(&code).unwrap_or_default(),
            Ok(None) => Lang::default(),
            Err(error) => {
                tracing::warn!(%error, "session unavailable");
                Lang::default()
            }
        },
    };
    request.extensions_mut().insert(lang);
    next.run(request).await
}

fn is_static_file(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.svg"
}

/// Logs method, path (never the query, which may hold what people typed), status and time.
pub async fn request_log(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if status.is_server_error() {
        tracing::warn!(%method, path, status = status.as_u16(), ms, "request failed");
    } else {
        tracing::debug!(%method, path, status = status.as_u16(), ms, "request");
    }
    response
}
