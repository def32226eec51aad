//! A plain error page for answers given outside the Leptos renderer (refused posts, rate
//! limits, oversized requests): the error's status, its title and what to do, in the visitor's
//! language, with the portal's style sheet and a way back. No script, so no nonce is needed.

use crate::{error::AppError, i18n::Lang};
use axum::{
    http::header,
    response::{IntoResponse, Response},
};

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The HTML document for `error` in `lang`.
pub fn document(error: &AppError, lang: Lang) -> String {
    let id = error.message_id();
    let title = escape(&lang.t(id));
    let body = escape(&lang.t(&format!("{id}-body")));
    let home = escape(&lang.t("error-go-home"));
    let portal = escape(&lang.t("portal-name"));
    let skip = escape(&lang.t("skip-to-content"));
    format!(
        "<!DOCTYPE html><html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} – {portal}</title><link rel=\"stylesheet\" href=\"/pkg/portal.css\"></head>\
         <body><a href=\"#main\" class=\"skip-link\">{skip}</a>\
         <header class=\"header\"><div class=\"width-container header__inner\">\
         <a href=\"/\" class=\"header__name\">{portal}</a></div></header>\
         <div class=\"width-container\"><main id=\"main\" class=\"main\" tabindex=\"-1\"><div data-test=\"error\"><h1>{title}</h1><p>{body}</p>\
         <p><a href=\"/\">{home}</a></p></div></main></div></body></html>",
        code = lang.code()
    )
}

/// `error` as a complete response: status, the page, and `no-store`.
pub fn response(error: &AppError, lang: Lang) -> Response {
    let mut response = (
        error.status(),
        [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
        document(error, lang),
    )
        .into_response();
    if *error == AppError::TooManyRequests {
        response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from_static("60"));
    }
    response
}
