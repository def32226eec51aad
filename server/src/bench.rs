//! The benchmark's honest ceiling (`bench_ceiling_listen`, off unless configured): the kept
//! service page's bytes answered from memory by a bare handler — no middleware, no session, no
//! compression — on a loopback address of the same process. `.ci/bench` reports each page as a
//! ratio of it, which a page kept in memory cannot beat the way it beats a file read from disk.

use app::{catalog::ssr::cache::Lookup, i18n::Lang, state::AppState};
use axum::{
    body::Bytes,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use std::sync::{Arc, OnceLock};

/// The page whose kept copy is served: the benchmark's service page.
pub const CEILING_PAGE: &str = "/tjanster/norrvik-bygglov";

/// Serves the ceiling on `listener` until the process ends.
pub async fn serve_ceiling(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    let kept: Arc<OnceLock<Bytes>> = Arc::default();
    let app = Router::new().route(
        "/",
        get(move || {
            let (state, kept) = (state.clone(), kept.clone());
            async move { ceiling(&state, &kept).await }
        }),
    );
    axum::serve(listener, app).await
}

async fn ceiling(state: &AppState, kept: &OnceLock<Bytes>) -> Response {
    if let Some(bytes) = kept.get() {
        return ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes.clone()).into_response();
    }
    // Until the portal has kept the page (the benchmark asks for it first), there is nothing to serve.
    match state.catalog.cache.pages.lookup(&state.db, CEILING_PAGE, Lang::default()).await {
        Ok(Lookup::Hit(page)) => {
            let bytes = kept.get_or_init(|| Bytes::from(page.body_with_nonce("ceiling"))).clone();
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes).into_response()
        }
        _ => (StatusCode::SERVICE_UNAVAILABLE, "ask the portal for the service page first").into_response(),
    }
}
