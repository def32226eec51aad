//! Catalogue pages kept rendered. A page that depends on nothing but the catalogue, its path and
//! the language says so with a response header (`app::layout::mark_catalogue_page`); the first
//! render is kept per catalogue version and later visitors get a copy with their own CSP nonce,
//! costing no render and no query. Pages that show anything from the session, error pages and
//! addresses with query parameters other than `lang` are never kept.

use app::{
    access::{Actor, SignInEnds},
    catalog::ssr::cache::{Lookup, RenderedPage},
    catalog::ssr::CatalogState,
    i18n::Lang,
    layout::{account_html, CATALOGUE_PAGE_HEADER},
    request::CspNonce,
};
use axum::{
    body::Body,
    extract::{MatchedPath, Request},
    http::{header, Method, StatusCode, Uri},
    response::Response,
};
use std::sync::Arc;

/// The most bytes of kept pages: the demo catalogue's pages in two languages weigh about 6 MB;
/// beyond the budget pages are rendered for each visitor instead of kept.
pub const BUDGET_BYTES: usize = 64 * 1024 * 1024;

/// Headers that belong to one response, never to a kept page.
const NOT_KEPT: [header::HeaderName; 4] =
    [header::SET_COOKIE, header::CONTENT_LENGTH, header::DATE, header::TRANSFER_ENCODING];

/// Answers a kept page, or renders with `render` and keeps what may be kept.
pub async fn serve<Render, Rendered>(state: &CatalogState, request: Request, render: Render) -> Response
where
    Render: FnOnce(Request) -> Rendered,
    Rendered: std::future::Future<Output = Response>,
{
    let lang = request.extensions().get::<Lang>().copied().unwrap_or_default();
    let nonce = request.extensions().get::<CspNonce>().map(|nonce| nonce.0.clone());
    let actor = request.extensions().get::<Actor>().cloned().unwrap_or_default();
    let ends = request.extensions().get::<SignInEnds>().map(|ends| ends.0);
    let (Some(key), Some(nonce)) = (cache_key(request.method(), request.uri()), nonce) else {
        let mut response = render(request).await;
        response.headers_mut().remove(CATALOGUE_PAGE_HEADER);
        return response;
    };
    let pages = &state.cache.pages;
    let version = match pages.lookup(&state.db, &key, lang).await {
        Ok(Lookup::Hit(page)) => {
            let here = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
            return kept_response(&page, &nonce, lang, &actor, here, ends);
        }
        Ok(Lookup::Miss { version }) => {
            // What the page is rendered from must be of this version too, or a page built from
            // entries of the version before would be kept as this version's until the next import.
            state.cache.advance_to(version);
            version
        }
        // The database is away and nothing is kept: the page itself explains.
        Err(_) => {
            let mut response = render(request).await;
            response.headers_mut().remove(CATALOGUE_PAGE_HEADER);
            return response;
        }
    };
    let mut response = render(request).await;
    let marked = response.headers_mut().remove(CATALOGUE_PAGE_HEADER).is_some();
    // Only a page rendered for an anonymous visitor is kept: any other shows who is signed in.
    let anonymous = actor == Actor::Anonymous;
    if !marked
        || !anonymous
        || response.status() != StatusCode::OK
        || response.headers().contains_key(header::SET_COOKIE)
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "a rendered page could not be read");
            return Response::builder().status(StatusCode::SERVICE_UNAVAILABLE).body(Body::empty()).unwrap_or_default();
        }
    };
    if let Ok(html) = std::str::from_utf8(&bytes) {
        let page = RenderedPage {
            route: parts.extensions.get::<MatchedPath>().cloned(),
            headers: parts
                .headers
                .iter()
                .filter(|(name, _)| !NOT_KEPT.contains(name))
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect(),
            body_around_nonce: html.split(nonce.as_str()).map(str::to_string).collect(),
        };
        pages.keep_within(version, &key, lang, Arc::new(page), bytes.len(), BUDGET_BYTES);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The key of a page that may be kept: its path, with a query only if that is `lang=…` alone
/// (any other query could be chosen freely and would fill the memory).
fn cache_key(method: &Method, uri: &Uri) -> Option<String> {
    if method != Method::GET {
        return None;
    }
    match uri.query() {
        None => Some(uri.path().to_string()),
        Some(query) if query.strip_prefix("lang=").is_some_and(|code| Lang::parse(code).is_some()) => {
            Some(format!("{}?{query}", uri.path()))
        }
        Some(_) => None,
    }
}

/// A copy of a kept page with this response's nonce and, for a signed-in visitor, their own
/// account area in place of the anonymous one the page was kept with.
fn kept_response(
    page: &RenderedPage,
    nonce: &str,
    lang: Lang,
    actor: &Actor,
    here: &str,
    ends: Option<i64>,
) -> Response {
    let mut body = page.body_with_nonce(nonce);
    if *actor != Actor::Anonymous {
        body = body.replacen(
            &account_html(lang, &Actor::Anonymous, here, None),
            &account_html(lang, actor, here, ends),
            1,
        );
    }
    let mut response = Response::new(Body::from(body));
    response.headers_mut().extend(page.headers.iter().map(|(name, value)| (name.clone(), value.clone())));
    if let Some(route) = &page.route {
        response.extensions_mut().insert(route.clone());
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_addresses_and_a_language_choice_are_kept() {
        let key = |method: Method, uri: &str| cache_key(&method, &uri.parse().unwrap());
        assert_eq!(key(Method::GET, "/tjanster/x").as_deref(), Some("/tjanster/x"));
        assert_eq!(key(Method::GET, "/tjanster/x?lang=en").as_deref(), Some("/tjanster/x?lang=en"));
        assert_eq!(key(Method::GET, "/tjanster/x?lang=xx"), None);
        assert_eq!(key(Method::GET, "/tjanster/x?utm=1"), None);
        assert_eq!(key(Method::GET, "/tjanster/x?lang=en&a=1"), None);
        assert_eq!(key(Method::POST, "/tjanster/x"), None);
        // The units list and its comparison: kept without a query only; every filter and choice
        // (which anyone may vary without end) is rendered for its visitor.
        assert_eq!(key(Method::GET, "/enheter").as_deref(), Some("/enheter"));
        assert_eq!(key(Method::GET, "/enheter?typ=skola"), None);
        assert_eq!(key(Method::GET, "/enheter/jamfor?enhet=a&enhet=b"), None);
        assert_eq!(key(Method::GET, "/enheter?lang=en&enhet=a"), None);
    }
}
