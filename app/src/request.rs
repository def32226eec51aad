//! What a page knows about the request it renders: the language and the CSP nonce the server
//! chose for it. On the server they come from the request; in the browser, from the document.

use crate::i18n::Lang;
use leptos::prelude::*;

/// The CSP nonce the server chose for this response (a request extension set by middleware).
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// The language the server resolved for this request (the `lang` cookie or query, else Swedish).
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The language of the request being rendered, before any context holds it.
#[cfg(feature = "ssr")]
pub fn request_lang() -> Lang {
    use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<Lang>().copied()).unwrap_or_default()
}

/// The language the server rendered the document in, so hydration matches.
#[cfg(not(feature = "ssr"))]
pub fn request_lang() -> Lang {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|code| Lang::parse(&code))
        .unwrap_or_default()
}

/// The path of the request being rendered on the server; `None` in the browser.
pub fn path() -> Option<String> {
    #[cfg(feature = "ssr")]
    return use_context::<http::request::Parts>().map(|parts| parts.uri.path().to_string());
    #[cfg(not(feature = "ssr"))]
    None
}

/// The path and query of the request being rendered on the server; `None` in the browser.
pub fn path_and_query() -> Option<String> {
    #[cfg(feature = "ssr")]
    return use_context::<http::request::Parts>()
        .and_then(|parts| parts.uri.path_and_query().map(|p| p.as_str().to_string()));
    #[cfg(not(feature = "ssr"))]
    None
}

/// Makes the CSP nonce of this response the one Leptos writes into its inline scripts.
pub fn provide_nonce() {
    #[cfg(feature = "ssr")]
    if let Some(nonce) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned()) {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}
