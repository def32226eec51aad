//! Request middleware, in two passes around the timeout and the sessions. The front door, for
//! every request: a request log without query strings, security headers with a per-response
//! CSP nonce, canonical addresses, the interface language (query, then its own cookie, then
//! Swedish), body limits, the client's address for rate limits, and the refusal of
//! state-changing requests from other sites. The visitor pass, inside the sessions: who is
//! acting, the kept catalogue pages, and `no-store` on pages that may show personal data.
//!
//! Each pass is one middleware, not one per concern: every `from_fn` layer clones and boxes the
//! rest of the stack for each request, and with one layer per concern that cloning and dropping
//! was a seventh of a kept page's time.

use crate::{html, page_cache};
use app::{
    access::{Actor, SignedIn, StaffMember, SIGNED_IN_KEY, STAFF_KEY},
    catalog::ssr::CatalogState,
    clock::Clock,
    i18n::Lang,
    rate_limit::ClientAddress,
    request::CspNonce,
    routes,
};
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use base64::Engine;
use std::{net::SocketAddr, sync::Arc, time::Instant};

/// The cookie that remembers the chosen language: not personal, so not in the session (which
/// would make every `?lang=` visit a durable write).
pub const LANG_COOKIE: &str = "lang";

/// What the front door depends on, fixed at start-up.
#[derive(Clone, Debug)]
pub struct FrontDoor {
    pub security: SecurityHeaders,
    pub origins: Origins,
    pub body_limits: BodyLimits,
}

/// The first pass of every request (outside the timeout and the sessions). A request refused
/// here (a non-canonical address, a body over its limit, a write from another site) goes no
/// further; every answer leaves with the security headers and is logged.
pub async fn front_door(State(door): State<Arc<FrontDoor>>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let uri = request.uri().clone();
    let nonce = new_nonce();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = match canonical_path(&request) {
        Some(redirect) => redirect,
        None => {
            let (lang, chosen) = language(&request);
            request.extensions_mut().insert(lang);
            let mut response = match admit(&door, &mut request, lang) {
                Some(refusal) => refusal,
                None => next.run(request).await,
            };
            if let Some(chosen) = chosen {
                remember_language(&mut response, chosen, door.security.secure);
            }
            response
        }
    };
    door.security.add_to(response.headers_mut(), &nonce);
    log_request(&method, uri.path(), response.status(), started);
    response
}

/// The checks a request passes before the router sees it, in order: a refusal ends the request.
fn admit(door: &FrontDoor, request: &mut Request, lang: Lang) -> Option<Response> {
    if let Some(refusal) = limit_body(&door.body_limits, request, lang) {
        return Some(refusal);
    }
    note_client_address(&door.origins, request);
    refuse_foreign_writes(&door.origins, request, lang)
}

/// What the security headers depend on.
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    /// Over https: `Strict-Transport-Security`, and the language cookie is `Secure`.
    pub secure: bool,
    /// The `Content-Security-Policy` after the nonce: the same for every response.
    csp_after_nonce: String,
}

impl SecurityHeaders {
    /// `form_targets`: origins besides the portal's own that its forms may lead to: the e-ID
    /// providers, which the sign-in and sign-out posts redirect to (browsers apply
    /// `form-action` to redirects).
    pub fn new(secure: bool, form_targets: &[String]) -> SecurityHeaders {
        let csp_after_nonce = format!(
            "' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
             font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'{}; frame-ancestors 'none'",
            form_targets.iter().map(|origin| format!(" {origin}")).collect::<String>()
        );
        SecurityHeaders { secure, csp_after_nonce }
    }

    fn add_to(&self, headers: &mut HeaderMap, nonce: &str) {
        // A download sets its own, stricter policy (a sandbox); every page gets the portal's.
        if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
            let csp = ["default-src 'self'; script-src 'self' 'nonce-", nonce, &self.csp_after_nonce].concat();
            if let Ok(value) = HeaderValue::from_str(&csp) {
                headers.insert(header::CONTENT_SECURITY_POLICY, value);
            }
        }
        headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
        headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
        headers.insert(
            "permissions-policy",
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(self), payment=()"),
        );
        if self.secure {
            headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
        }
    }
}

fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::Rng::fill(&mut rand::rng(), &mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Where requests may come from: the public origin, and how to tell a client's address.
#[derive(Clone, Debug)]
pub struct Origins {
    /// `scheme://host[:port]` of the configured public URL.
    pub public_origin: String,
    /// A proxy's header naming the client (its last entry), if the portal sits behind one.
    pub client_ip_header: Option<String>,
}

/// Refuses a state-changing request (anything but GET, HEAD, OPTIONS) that does not come from
/// the portal's own pages: its `Origin` must be the configured public origin; without `Origin`,
/// `Sec-Fetch-Site` must say `same-origin` or `none` (typed by the user), or else the
/// `Referer` must lie on the public origin. `Origin: null` is refused. Refusals are logged.
fn refuse_foreign_writes(origins: &Origins, request: &Request, lang: Lang) -> Option<Response> {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return None;
    }
    // The machine API and health answer only reads (anything else gets its 405 from the
    // router); a machine API that writes must authenticate its callers by other means.
    let path = request.uri().path();
    if path == routes::HEALTH || path.strip_prefix(routes::API_V1).is_some_and(|rest| rest.starts_with('/')) {
        return None;
    }
    let reason = comes_from(request.headers(), &origins.public_origin).err()?;
    tracing::warn!(method = %request.method(), path, reason, "cross-site request refused");
    Some(app::error_page::response(&app::error::AppError::Forbidden, lang))
}

/// `localhost` and `[::1]` name the same machine as `127.0.0.1`: a demo opened at any of them
/// may post to itself.
fn same_machine(origin: &str) -> String {
    origin.replacen("://localhost", "://127.0.0.1", 1).replacen("://[::1]", "://127.0.0.1", 1)
}

fn comes_from(headers: &HeaderMap, public_origin: &str) -> Result<(), &'static str> {
    let public_origin = &same_machine(public_origin);
    let url_origin = |url: &str| crate::config::url_origin(url).map(|origin| same_machine(&origin));
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(origin) = text(header::ORIGIN) {
        if origin == "null" {
            return Err("origin null");
        }
        return match url_origin(origin) {
            Some(origin) if origin == *public_origin => Ok(()),
            _ => Err("foreign origin"),
        };
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some("same-origin" | "none") => return Ok(()),
        Some(_) => return Err("sec-fetch-site not same-origin"),
        None => {}
    }
    match text(header::REFERER).and_then(url_origin) {
        Some(origin) if origin == *public_origin => Ok(()),
        Some(_) => Err("foreign referer"),
        None => Err("no origin, sec-fetch-site or referer"),
    }
}

/// Records the client's address for rate limits: the configured proxy header's last entry, or
/// the connection's peer.
fn note_client_address(origins: &Origins, request: &mut Request) {
    let from_header = origins.client_ip_header.as_deref().and_then(|name| {
        let value = request.headers().get(name)?.to_str().ok()?;
        Some(value.rsplit(',').next()?.trim().to_string()).filter(|v| !v.is_empty())
    });
    let address = from_header.or_else(|| {
        request.extensions().get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(peer)| peer.ip().to_string())
    });
    if let Some(address) = address {
        request.extensions_mut().insert(ClientAddress(address));
    }
}

/// What the visitor pass depends on.
#[derive(Clone, Debug)]
pub struct Visitor {
    pub sessions: SessionPolicy,
    /// Where kept pages are looked up and kept.
    pub catalog: CatalogState,
}

/// The second pass (inside the sessions): resolves who is acting, answers a kept catalogue
/// page or renders (see [`page_cache`]), and marks what must not be stored. Pages and calls that
/// may show what someone typed are never stored by a browser or a proxy (a shared computer's
/// back button or disk cache must not show them to the next person), nor is any response to a
/// signed-in person (it may show their name).
pub async fn visitor(
    State(visitor): State<Arc<Visitor>>,
    session: tower_sessions::Session,
    mut request: Request,
    next: Next,
) -> Response {
    let personal = routes::is_personal(request.uri().path());
    let signed_in = identify(&visitor.sessions, &session, &mut request).await;
    let render = |request| async move { html::move_trailing_into_body(next.run(request).await).await };
    let mut response = page_cache::serve(&visitor.catalog, request, render).await;
    let cache_control = match (personal, signed_in) {
        (true, _) => Some("no-store"),
        (false, true) => Some("private, no-store"),
        (false, false) => None,
    };
    if let Some(value) = cache_control {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// How long a sign-in lasts.
#[derive(Clone, Debug)]
pub struct SessionPolicy {
    pub clock: Clock,
    /// Where staff roles are read for every staff request.
    pub db: app::db::Db,
    /// Signed out after this long without a request.
    pub idle_ms: i64,
    /// Signed out this long after signing in, however active.
    pub max_ms: i64,
}

/// A signed-in person's `last_seen` is written at most this often.
const LAST_SEEN_EVERY_MS: i64 = 60_000;

/// Resolves who is acting from the session and puts the [`Actor`] in the request's extensions
/// for pages, server functions and handlers; true when someone is signed in. A sign-in past its
/// idle timeout or its lifetime ends here.
async fn identify(policy: &SessionPolicy, session: &tower_sessions::Session, request: &mut Request) -> bool {
    let actor = resolve_actor(policy, session).await;
    let signed_in = actor != Actor::Anonymous;
    if signed_in {
        // Activity was noted at most a minute ago: the deadline shown is at worst a minute early.
        let last_seen = match &actor {
            Actor::Resident(person) => person.last_seen_ms,
            Actor::Staff(member) => member.last_seen_ms,
            Actor::Anonymous => 0,
        };
        request.extensions_mut().insert(app::access::SignInEnds(last_seen + policy.idle_ms));
    }
    request.extensions_mut().insert(actor);
    signed_in
}

/// The times a signed-in session keeps, whoever it is.
trait SignedInTimes: serde::Serialize {
    fn times(&mut self) -> (i64, &mut i64);
}

impl SignedInTimes for SignedIn {
    fn times(&mut self) -> (i64, &mut i64) {
        (self.signed_in_at_ms, &mut self.last_seen_ms)
    }
}

impl SignedInTimes for StaffMember {
    fn times(&mut self) -> (i64, &mut i64) {
        (self.signed_in_at_ms, &mut self.last_seen_ms)
    }
}

/// Whether the sign-in kept under `key` is still alive: ends it (removing it and the ID token)
/// when idle or too old, and notes the activity at most once a minute.
async fn still_alive(
    policy: &SessionPolicy,
    session: &tower_sessions::Session,
    key: &str,
    who: &mut impl SignedInTimes,
) -> bool {
    let now = policy.clock.now_ms();
    let (signed_in_at, last_seen) = who.times();
    if now - *last_seen >= policy.idle_ms || now - signed_in_at >= policy.max_ms {
        tracing::info!("a sign-in ended by its time limit");
        let ended = async {
            session.remove_value(key).await?;
            session.remove_value(app::identity::ssr::ID_TOKEN_KEY).await
        };
        if let Err(error) = ended.await {
            tracing::warn!(%error, "an expired sign-in could not be removed");
        }
        return false;
    }
    if now - *last_seen >= LAST_SEEN_EVERY_MS {
        *last_seen = now;
        if let Err(error) = session.insert(key, &*who).await {
            tracing::warn!(%error, "last_seen could not be written");
        }
    }
    true
}

async fn resolve_actor(policy: &SessionPolicy, session: &tower_sessions::Session) -> Actor {
    let read = async {
        Ok::<_, tower_sessions::session::Error>((
            session.get::<SignedIn>(SIGNED_IN_KEY).await?,
            session.get::<StaffMember>(STAFF_KEY).await?,
        ))
    };
    match read.await {
        Ok((Some(mut person), _)) => {
            if still_alive(policy, session, SIGNED_IN_KEY, &mut person).await {
                return Actor::Resident(person);
            }
            if let Err(error) = session.insert(app::access::LAPSED_KEY, person.person_id).await {
                tracing::warn!(%error, "a lapsed sign-in could not be noted");
            }
            Actor::Anonymous
        }
        Ok((None, Some(mut member))) => {
            if !still_alive(policy, session, STAFF_KEY, &mut member).await {
                return Actor::Anonymous;
            }
            // Roles are read anew each time: one removed takes effect at once.
            match app::access::roles::of(&policy.db, member.staff_id).await {
                Ok(roles) => member.roles = roles,
                Err(error) => tracing::warn!(?error, "staff roles could not be read; none assumed"),
            }
            Actor::Staff(member)
        }
        Ok((None, None)) => Actor::Anonymous,
        Err(error) => {
            tracing::warn!(%error, "the session could not be read");
            Actor::Anonymous
        }
    }
}

/// Percent-encoded spellings of an address (`/tjanster/%62ygglov`) are answered with a
/// permanent redirect to the one canonical spelling, so each page exists once (kept pages are
/// keyed on the address and would otherwise be kept once per spelling).
fn canonical_path(request: &Request) -> Option<Response> {
    let path = request.uri().path();
    if !path.contains('%') || !matches!(*request.method(), Method::GET | Method::HEAD) {
        return None;
    }
    match canonical(path) {
        Some(canonical) if canonical != path => {
            let target = match request.uri().query() {
                Some(query) => format!("{canonical}?{query}"),
                None => canonical,
            };
            Some(Redirect::permanent(&target).into_response())
        }
        Some(_) => None,
        None => Some(StatusCode::BAD_REQUEST.into_response()),
    }
}

/// Decodes every escape and escapes again only what must be: unreserved characters appear as
/// themselves, everything else (including an escaped `/`, which is not a separator) as an
/// upper-case escape. `None` for an escape that is not two hex digits.
fn canonical(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while i < bytes.len() {
        let (byte, escaped) = if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            i += 3;
            (u8::from_str_radix(hex, 16).ok()?, true)
        } else {
            i += 1;
            (bytes[i - 1], false)
        };
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) || (byte == b'/' && !escaped) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Some(out)
}

/// Resolves the language: `?lang=xx`, else the `lang` cookie, else Swedish. Nothing is written
/// to the session. Also returns a language chosen by the query that the cookie does not hold
/// yet, for [`remember_language`].
fn language(request: &Request) -> (Lang, Option<Lang>) {
    let from_query = request
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("lang=")).and_then(Lang::parse));
    let from_cookie = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| pair.trim().strip_prefix("lang=").and_then(Lang::parse));
    let lang = from_query.or(from_cookie).unwrap_or_default();
    (lang, from_query.filter(|chosen| Some(*chosen) != from_cookie))
}

/// Remembers a language chosen with `?lang=` in the `lang` cookie, for a year.
fn remember_language(response: &mut Response, chosen: Lang, secure: bool) {
    let secure = if secure { "; Secure" } else { "" };
    let cookie = format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}", chosen.code());
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// Logs method, path (never the query, which may hold what people typed), status and time.
fn log_request(method: &Method, path: &str, status: StatusCode, started: Instant) {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if status.is_server_error() {
        tracing::warn!(%method, path, status = status.as_u16(), ms, "request failed");
    } else {
        tracing::debug!(%method, path, status = status.as_u16(), ms, "request");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(header::HeaderName::from_bytes(name.as_bytes()).unwrap(), value.parse().unwrap());
        }
        map
    }

    #[test]
    fn only_the_public_origin_may_write() {
        let public = "https://e.norrvik.se";
        let from = |pairs: &[(&str, &str)]| comes_from(&headers(pairs), public);
        assert!(from(&[("origin", "https://e.norrvik.se")]).is_ok());
        assert!(from(&[("origin", "https://e.norrvik.se:443")]).is_ok());
        assert!(from(&[("origin", "http://e.norrvik.se")]).is_err(), "the scheme counts");
        assert!(from(&[("origin", "https://evil.example")]).is_err());
        assert!(from(&[("origin", "null")]).is_err());
        // A proxy that rewrites Host does not matter: Host is not consulted.
        assert!(from(&[("origin", "https://e.norrvik.se"), ("host", "10.0.0.5:3000")]).is_ok());
        assert!(from(&[("sec-fetch-site", "same-origin")]).is_ok());
        assert!(from(&[("sec-fetch-site", "cross-site")]).is_err());
        assert!(from(&[("referer", "https://e.norrvik.se/formular/x/steg")]).is_ok());
        assert!(from(&[("referer", "https://evil.example/")]).is_err());
        assert!(from(&[]).is_err(), "a write that shows no origin at all is refused");
        let demo = |origin: &str| comes_from(&headers(&[("origin", origin)]), "http://127.0.0.1:3000");
        assert!(demo("http://localhost:3000").is_ok() && demo("http://[::1]:3000").is_ok());
        assert!(demo("http://localhost:3001").is_err());
    }

    #[test]
    fn addresses_have_one_canonical_spelling() {
        assert_eq!(canonical("/tjanster/%62ygglov").as_deref(), Some("/tjanster/bygglov"));
        assert_eq!(canonical("/tjanster/b%79gglov").as_deref(), Some("/tjanster/bygglov"));
        assert_eq!(canonical("/s%C3%B6k").as_deref(), Some("/s%C3%B6k"));
        assert_eq!(canonical("/s%c3%b6k").as_deref(), Some("/s%C3%B6k"));
        assert_eq!(canonical("/a%2fb").as_deref(), Some("/a%2Fb"));
        assert_eq!(canonical("/a%zz"), None);
        assert_eq!(canonical("/a%4"), None);
    }
}

/// How much a request body may carry: form posts and server-function calls are small; a form
/// step with files (posted as `multipart/form-data`) may carry up to the configured upload size.
#[derive(Clone, Debug)]
pub struct BodyLimits {
    pub default: usize,
    pub uploads: usize,
}

/// Refuses a body over its limit: unread when its declared length is over (so a huge upload
/// costs nothing, `413`, a plain page); else the body is cut off as soon as the bytes read
/// pass the limit.
fn limit_body(limits: &BodyLimits, request: &mut Request, lang: Lang) -> Option<Response> {
    let upload = *request.method() == Method::POST
        && routes::is_form_step(request.uri().path())
        && app::forms::ssr::uploads::is_multipart(request.headers());
    let limit = if upload { limits.uploads } else { limits.default };
    let declared =
        request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        tracing::info!(path = request.uri().path(), declared, limit, "request body over its limit refused unread");
        let mut response = app::error_page::response(&app::error::AppError::TooLarge, lang);
        // The client is told not to send the rest; the connection is not kept for more.
        response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
        return Some(response);
    }
    let body = std::mem::take(request.body_mut());
    *request.body_mut() = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    None
}
