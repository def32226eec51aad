//! Valid HTML from the framework: Leptos writes its resource scripts after `</html>`; this
//! moves them to just before `</body>`.
//!
//! Browsers put such content into the body anyway, but it is invalid HTML (the Nu Html Checker
//! reports "Stray start tag"), and a parser that follows the document order less kindly may drop
//! it. Each `text/html` response is read whole (the routes render with `SsrMode::Async`, so
//! nothing streams that could be lost), inside the page cache, so kept pages are stored already
//! fixed.

use axum::{
    body::{Body, Bytes},
    http::{header, HeaderValue, StatusCode},
    response::Response,
};

const HTML_END: &[u8] = b"</html>";
const BODY_END: &[u8] = b"</body>";

/// Moves whatever follows `</html>` in an HTML response to just before `</body>`.
pub async fn move_trailing_into_body(response: Response) -> Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().to_ascii_lowercase().starts_with("text/html"));
    // An encoded body cannot be searched; the compression layer is outside this one anyway.
    if !is_html || response.headers().contains_key(header::CONTENT_ENCODING) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "a rendered page could not be read");
            return Response::builder().status(StatusCode::SERVICE_UNAVAILABLE).body(Body::empty()).unwrap_or_default();
        }
    };
    match move_after_html_end(&bytes) {
        Some(fixed) => {
            parts.headers.insert(header::CONTENT_LENGTH, HeaderValue::from(fixed.len()));
            Response::from_parts(parts, Body::from(fixed))
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// The document with anything but white space after `</html>` moved to just before the `</body>`
/// that precedes it; `None` when there is nothing to move (or no such `</body>`).
fn move_after_html_end(html: &[u8]) -> Option<Bytes> {
    let html_end = find(html, HTML_END)?;
    let trailing = &html[html_end + HTML_END.len()..];
    if trailing.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let body_end = rfind(&html[..html_end], BODY_END)?;
    let mut fixed = Vec::with_capacity(html.len());
    fixed.extend_from_slice(&html[..body_end]);
    fixed.extend_from_slice(trailing.trim_ascii());
    fixed.extend_from_slice(&html[body_end..html_end + HTML_END.len()]);
    Some(Bytes::from(fixed))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{extract::Request, routing::get, Router};
    use tower::ServiceExt;

    fn fixed(html: &str) -> Option<String> {
        move_after_html_end(html.as_bytes()).map(|bytes| String::from_utf8(bytes.to_vec()).unwrap())
    }

    #[test]
    fn scripts_after_the_document_move_before_the_body_end() {
        let page = "<!DOCTYPE html><html><head></head><body><main>x</main></body></html>\
                    <script>__RESOLVED_RESOURCES = [];</script><script nonce=\"n\">a()</script>\n";
        assert_eq!(
            fixed(page).as_deref(),
            Some(
                "<!DOCTYPE html><html><head></head><body><main>x</main>\
                 <script>__RESOLVED_RESOURCES = [];</script><script nonce=\"n\">a()</script></body></html>"
            )
        );
    }

    #[test]
    fn a_page_that_ends_with_the_document_is_left_alone() {
        assert_eq!(fixed("<html><body>x</body></html>"), None);
        assert_eq!(fixed("<html><body>x</body></html>\n  "), None);
        assert_eq!(fixed("not a document"), None);
        assert_eq!(fixed("<html>no body</html><script></script>"), None);
    }

    #[tokio::test]
    async fn html_responses_are_fixed_and_their_length_follows() {
        async fn page() -> ([(header::HeaderName, &'static str); 2], &'static str) {
            (
                [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CONTENT_LENGTH, "47")],
                "<html><body>x</body></html><script>s()</script>",
            )
        }
        async fn text() -> &'static str {
            "<html><body>x</body></html><script>s()</script>"
        }
        let app = Router::new()
            .route("/page", get(page))
            .route("/text", get(text))
            .layer(axum::middleware::map_response(move_trailing_into_body));

        let response = app.clone().oneshot(Request::get("/page").body(Body::empty()).unwrap()).await.unwrap();
        let expected = "<html><body>x<script>s()</script></body></html>";
        assert_eq!(response.headers()[header::CONTENT_LENGTH], expected.len().to_string().as_str());
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        assert_eq!(body, expected);

        let response = app.oneshot(Request::get("/text").body(Body::empty()).unwrap()).await.unwrap();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        assert_eq!(body, "<html><body>x</body></html><script>s()</script>", "only text/html is touched");
    }
}
