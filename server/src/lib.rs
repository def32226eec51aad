//! The axum host: start-up, the router that mounts the Leptos pages beside the non-UI routes
//! (health, machine API), sessions and security middleware.

pub mod api;
pub mod config;
pub mod middleware;
pub mod page_cache;
pub mod worker;

use app::{
    catalog::ssr::import, db::Db, forms::ssr::handlers as forms, sessions::PortalSessionStore, shell, state::AppState,
    App,
};
use axum::{
    routing::{get, post},
    Extension, Router,
};
use config::Config;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_sessions::{
    cookie::{time::Duration as CookieDuration, SameSite},
    Expiry, SessionManagerLayer,
};

/// Connects, migrates, and (in demo mode) imports the demo content.
pub async fn prepare(config: &Config) -> anyhow_like::Result<AppState> {
    if let Some(path) = config.database_url.strip_prefix("sqlite://") {
        let file = path.split('?').next().unwrap_or(path);
        if let Some(dir) = std::path::Path::new(file).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
    }
    let db = Db::connect(&config.database_url, config.max_connections)
        .await
        .map_err(|e| format!("cannot open database {}: {e}", config::redact(&config.database_url)))?;
    db.migrate().await.map_err(|e| format!("migration failed: {e}"))?;
    if config.demo {
        let catalog = import::import(&db, &config.content_dir).await.map_err(|e| e.to_string())?;
        tracing::info!(
            organisations = catalog.organisation_count(),
            services = catalog.service_count(),
            forms = catalog.form_count(),
            "demo content imported"
        );
    }
    Ok(AppState::new(db))
}

/// A tiny error type for start-up: a message for the operator, no backtraces.
pub mod anyhow_like {
    pub type Result<T> = std::result::Result<T, String>;
}

/// How often expired sessions (which may hold draft answers) are deleted.
const SESSION_CLEANUP_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Starts the background workers for a prepared state: the deletion of expired sessions, and
/// the outbox, whose handle is returned; `None` when this configuration has nowhere to deliver
/// mail (messages then wait in the outbox).
pub fn start_workers(config: &Config, state: &AppState) -> Option<tokio::task::JoinHandle<()>> {
    let db = state.db.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SESSION_CLEANUP_EVERY);
        loop {
            every.tick().await;
            match app::sessions::delete_expired(&db).await {
                Ok(0) => {}
                Ok(deleted) => tracing::info!(deleted, "expired sessions deleted"),
                Err(error) => tracing::warn!(%error, "could not delete expired sessions"),
            }
        }
    });
    let mailer = match (&config.mail_dir, config.demo) {
        (Some(dir), _) => worker::Mailer::Directory(dir.clone()),
        (None, true) => worker::Mailer::Log,
        (None, false) => {
            tracing::warn!("no mail_dir configured: receipts wait in the outbox");
            return None;
        }
    };
    Some(worker::spawn_outbox_worker(
        state.db.clone(),
        mailer,
        std::time::Duration::from_millis(config.outbox_poll_ms),
        config.outbox_retry_ms as i64,
    ))
}

/// Builds the whole application router for a prepared state.
pub async fn router(config: &Config, state: AppState) -> anyhow_like::Result<Router> {
    let leptos_options = leptos_options();
    let routes = route_list();
    let sessions = SessionManagerLayer::new(PortalSessionStore::new(state.db.clone()))
        .with_secure(config.secure_cookies)
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        .with_expiry(Expiry::OnInactivity(CookieDuration::days(30)));
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let api_context = Arc::new(api::ApiContext { public_url: config.public_url.trim_end_matches('/').to_string() });
    Ok(Router::new()
        .route("/health", get(api::health))
        .route("/api/v1/services", get(api::services))
        .route("/api/v1/openapi.json", get(api::openapi))
        .route("/formular/{form}/skicka", post(forms::post_send))
        .route("/formular/{form}/{step}", post(forms::post_step))
        .leptos_routes_with_context(&leptos_options, routes, context.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(context, shell))
        .with_state(leptos_options)
        .layer(axum::middleware::from_fn_with_state(state.clone(), page_cache::serve))
        .layer(Extension(state))
        .layer(Extension(api_context))
        .layer(axum::middleware::from_fn(middleware::language))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(config.secure_cookies, middleware::security_headers))
        .layer(axum::middleware::from_fn(middleware::request_log))
        .layer(CompressionLayer::new()))
}

/// The route list, generated once per process. Generating it renders the app with resource
/// loading suppressed process-wide (leptos_router's `SuppressResourceLoad`), so a page rendered
/// at the same moment — by another router in the same process, as in parallel tests — would
/// wait for its data forever.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn leptos_options() -> LeptosOptions {
    match leptos::config::get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(e) => {
            tracing::warn!(error = %e, "no Leptos configuration; using defaults");
            LeptosOptions::builder().output_name("portal").build()
        }
    }
}

/// Serves until SIGTERM or Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Without TCP_NODELAY a response written in two parts (headers, then a file body) waits for
    // the client's delayed ACK: about 40 ms per static file.
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!(%error, "could not set TCP_NODELAY");
        }
    });
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
