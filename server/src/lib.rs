//! The axum host: start-up, the router that mounts the Leptos pages beside the non-UI routes
//! (health, machine API), sessions and security middleware.

#![forbid(unsafe_code)]

pub mod api;
pub mod bench;
pub mod cli;
pub mod config;
pub mod demo_cases;
pub mod demo_registry;
pub mod html;
pub mod jobs;
pub mod metrics;
pub mod middleware;
pub mod page_cache;
pub mod staff;
pub mod startup;

use app::{
    db::Db, forms::ssr::handlers as forms, identity::ssr::handlers as identity, import, routes,
    sessions::PortalSessionStore, shell, state::AppState, App,
};
use axum::{
    extract::{ConnectInfo, FromRef},
    http::StatusCode,
    routing::{get, post},
    Router,
};
use config::Config;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use startup::StartupError;
use std::sync::Arc;
use std::{net::SocketAddr, time::Duration};
use tower_http::{compression::CompressionLayer, services::ServeDir, timeout::TimeoutLayer};
use tower_sessions::{cookie::SameSite, Expiry, SessionManagerLayer};

/// The largest request body accepted (form posts and server-function calls).
pub const MAX_REQUEST_BODY: usize = 64 * 1024;
/// The longest a client may take to send a request's headers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The most a connection reads ahead of the handler (hyper's default is about 400 KB). It bounds
/// the request headers too, and what twenty parallel uploads hold in memory: with hyper's
/// default the read buffers alone held about 17 MB of them, and each chunk read was as big
/// all the way down to the file being written.
pub const MAX_READ_BUFFER: usize = 128 * 1024;

/// Connects, migrates, and (in demo mode) imports the demo content.
pub async fn prepare(config: &Config) -> startup::Result<AppState> {
    if let Some(path) = config.database_url.strip_prefix("sqlite://") {
        let file = path.split('?').next().unwrap_or(path);
        if let Some(dir) = std::path::Path::new(file).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|source| StartupError::CreateDirectory { dir: dir.to_path_buf(), source })?;
        }
    }
    let db = Db::connect(&config.database_url, config.max_connections)
        .await
        .map_err(|source| StartupError::Database { url: config::redact(&config.database_url), source })?;
    db.migrate().await?;
    if config.demo {
        let catalog = import::import(&db, &config.content_dir).await?;
        tracing::info!(
            organisations = catalog.organisation_count(),
            services = catalog.service_count(),
            forms = catalog.form_count(),
            "demo content imported"
        );
        let has_cases: bool = app::on_db!(&db, read, |pool| {
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM cases)")
                .fetch_one(pool)
                .await
                .map_err(|error| StartupError::command("see whether the database holds cases")(error.into()))?
        });
        if config.demo_cases > 0 && !has_cases {
            let now = app::clock::Clock::system().now_ms();
            let made = demo_cases::generate(&db, config.demo_cases, 2026, now, 200)
                .await
                .map_err(StartupError::command("generate the demo cases"))?;
            tracing::info!(cases = made.cases, millis = made.millis as u64, "demo cases generated");
        }
    }
    let mut state = match config.demo_date.as_deref().and_then(app::domain::date::SimpleDate::parse) {
        // A demo shown on another day (`demo_date`, demo configuration only): whole days ahead
        // or back, the time of day as it is.
        Some(date) if config.demo => {
            let today = app::clock::Clock::system().now_ms().div_euclid(86_400_000);
            let days = date.to_days() - today;
            tracing::warn!(date = %date, days, "demo date: the portal's clock is shifted");
            AppState::with_clock(db, app::clock::Clock::shifted_days(days))
        }
        _ => AppState::new(db),
    };
    state.identity.providers = Arc::new(
        app::identity::ssr::oidc::Providers::new(config.identity_providers.clone()).map_err(StartupError::Identity)?,
    );
    state.identity.settings = Arc::new(app::identity::ssr::Settings {
        public_url: config.public_url.clone(),
        demo: config.demo,
        min_loa: app::access::Loa(config.resident_min_loa),
    });
    state.forms.draft_keep_days = config.draft_keep_days.max(8);
    let registry_base = config.registry_base();
    state.registry = app::registry::ssr::RegistryState::new(registry_base.as_deref())
        .map_err(|_| StartupError::Usage("registry_url must be an http:// or https:// address".into()))?;
    state.identity.registry = state.registry.clone();
    if registry_base.is_none() {
        tracing::info!("no population or company registry configured: applicants type what one would give");
    }
    state.forms.limits =
        Arc::new(app::rate_limit::Limits::new(config.submissions_per_client, config.receipts_per_recipient));
    let files = app::attachments::BlobStore::open(&config.attachments_dir, config.scan_command.as_deref())
        .map_err(|error| StartupError::Command { action: "open the attachments folder", cause: error.to_string() })?;
    state.forms.files = Some(files.clone());
    state.cases.files = Some(files);
    Ok(state)
}

/// How often expired sessions (which may hold draft answers) are deleted.
const SESSION_CLEANUP_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Starts the background workers for a prepared state: the deletion of expired sessions, and
/// the job workers, which are returned so that the server can stop them at shutdown. A kind
/// without a handler here (receipts, when this configuration has nowhere to deliver mail)
/// waits in the queue for a process that has one.
pub fn start_workers(config: &Config, state: &AppState) -> jobs::Workers {
    let (db, clock) = (state.db.clone(), state.clock.clone());
    let keep_done_ms = i64::from(config.jobs_keep_done_hours) * 3_600_000;
    let files = state.forms.files.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SESSION_CLEANUP_EVERY);
        loop {
            every.tick().await;
            match app::sessions::delete_expired(&db).await {
                Ok(0) => {}
                Ok(deleted) => tracing::info!(deleted, "expired sessions deleted"),
                Err(error) => tracing::warn!(%error, "could not delete expired sessions"),
            }
            match app::jobs::purge_done(&db, clock.now_ms() - keep_done_ms).await {
                Ok(0) => {}
                Ok(purged) => tracing::info!(purged, "done jobs purged"),
                Err(error) => tracing::warn!(?error, "could not purge done jobs"),
            }
            match app::forms::ssr::draft::sweep(&db, clock.now_ms()).await {
                Ok((0, 0)) => {}
                Ok((warned, deleted)) => {
                    tracing::info!(warned, deleted, "drafts near their end warned, expired deleted")
                }
                Err(error) => tracing::warn!(?error, "could not sweep drafts"),
            }
            // Files a day old that no person's draft holds and no submission sent (an anonymous
            // visitor's session has ended by then), then the files no row names any more.
            match app::attachments::forget_abandoned(&db, clock.now_ms() - 86_400_000).await {
                Ok(0) => {}
                Ok(forgotten) => tracing::info!(forgotten, "attachments of abandoned drafts forgotten"),
                Err(error) => tracing::warn!(?error, "could not forget abandoned attachments"),
            }
            if let Some(files) = &files {
                match files.sweep(&db).await {
                    Ok(0) => {}
                    Ok(removed) => tracing::info!(removed, "unreferenced attached files removed"),
                    Err(error) => tracing::warn!(?error, "could not sweep attached files"),
                }
            }
        }
    });
    let mut dispatch = jobs::Dispatch::new();
    let mailer = match (&config.mail_dir, config.demo) {
        (Some(dir), _) => Some(jobs::Mailer::Directory { dir: dir.clone(), from: config.mail_from() }),
        (None, true) => Some(jobs::Mailer::Log),
        (None, false) => None,
    };
    match mailer {
        Some(mailer) => {
            let clock = state.clock.clone();
            dispatch = dispatch.on(&app::jobs::RECEIPT, {
                let (mailer, clock) = (mailer.clone(), clock.clone());
                move |id, receipt: app::jobs::Receipt| {
                    let (mailer, clock) = (mailer.clone(), clock.clone());
                    async move { mailer.deliver(&clock, id, &receipt).await }
                }
            });
            dispatch = dispatch.on(&app::jobs::CONFIRM_EMAIL, {
                let (mailer, clock) = (mailer.clone(), clock.clone());
                move |id, confirmation: app::jobs::EmailConfirmation| {
                    let (mailer, clock) = (mailer.clone(), clock.clone());
                    async move { mailer.confirm_email(&clock, id, &confirmation).await }
                }
            });
            let public_url = config.public_url.clone();
            dispatch = dispatch.on(&app::jobs::REFERRAL_REMINDER, {
                let (mailer, clock, public_url, db) =
                    (mailer.clone(), clock.clone(), public_url.clone(), state.db.clone());
                move |id, reminder: app::jobs::ReferralReminder| {
                    let (mailer, clock, public_url, db) =
                        (mailer.clone(), clock.clone(), public_url.clone(), db.clone());
                    async move { mailer.referral_reminder(&db, &clock, id, &reminder, &public_url).await }
                }
            });
            dispatch = dispatch.on(&app::jobs::CASE_NOTICE, {
                let (mailer, clock, public_url) = (mailer.clone(), clock.clone(), public_url.clone());
                move |id, notice: app::jobs::CaseNotice| {
                    let (mailer, clock, public_url) = (mailer.clone(), clock.clone(), public_url.clone());
                    async move { mailer.case_notice(&clock, id, &notice, &public_url).await }
                }
            });
            dispatch = dispatch.on(&app::jobs::CONSENT_REQUEST, {
                let (mailer, clock, public_url) = (mailer.clone(), clock.clone(), public_url.clone());
                move |id, notice: app::jobs::ConsentRequest| {
                    let (mailer, clock, public_url) = (mailer.clone(), clock.clone(), public_url.clone());
                    async move { mailer.consent_request(&clock, id, &notice, &public_url).await }
                }
            });
            dispatch = dispatch.on(&app::jobs::DRAFT_EXPIRY, move |id, notice: app::jobs::DraftExpiry| {
                let (mailer, clock, public_url) = (mailer.clone(), clock.clone(), public_url.clone());
                async move { mailer.draft_expiry(&clock, id, &notice, &public_url).await }
            });
        }
        None => tracing::warn!("no mail_dir configured: receipts and e-mail confirmations wait in the jobs queue"),
    }
    jobs::Workers::start(state.db.clone(), state.clock.clone(), dispatch, config.job_settings())
}

/// The router's state: the application's, and what the host adds. Every handler takes the part
/// it needs by `FromRef` (`State<FormsState>`, `State<AppState>`, …): one way to reach state.
///
/// Axum clones a route's service, with its state, for every request: the state is therefore one
/// shared pointer. (A clone of the whole application state per request, and its drop, were two
/// fifths of the time of a kept page.)
#[derive(Clone, Debug)]
pub struct ServerState(Arc<ServerParts>);

#[derive(Debug)]
pub struct ServerParts {
    pub app: AppState,
    pub leptos: LeptosOptions,
    pub api: Arc<api::ApiContext>,
}

impl std::ops::Deref for ServerState {
    type Target = ServerParts;

    fn deref(&self) -> &ServerParts {
        &self.0
    }
}

impl FromRef<ServerState> for AppState {
    fn from_ref(state: &ServerState) -> Self {
        state.app.clone()
    }
}

impl FromRef<ServerState> for LeptosOptions {
    fn from_ref(state: &ServerState) -> Self {
        state.leptos.clone()
    }
}

impl FromRef<ServerState> for Arc<api::ApiContext> {
    fn from_ref(state: &ServerState) -> Self {
        state.api.clone()
    }
}

impl FromRef<ServerState> for app::forms::ssr::FormsState {
    fn from_ref(state: &ServerState) -> Self {
        state.app.forms.clone()
    }
}

impl FromRef<ServerState> for app::identity::ssr::IdentityState {
    fn from_ref(state: &ServerState) -> Self {
        state.app.identity.clone()
    }
}

impl FromRef<ServerState> for app::cases::ssr::CasesState {
    fn from_ref(state: &ServerState) -> Self {
        state.app.cases.clone()
    }
}

impl FromRef<ServerState> for app::registry::ssr::RegistryState {
    fn from_ref(state: &ServerState) -> Self {
        state.app.registry.clone()
    }
}

impl FromRef<ServerState> for app::catalog::ssr::CatalogState {
    fn from_ref(state: &ServerState) -> Self {
        state.app.catalog.clone()
    }
}

/// Builds the whole application router for a prepared state.
pub async fn router(config: &Config, state: AppState) -> startup::Result<Router> {
    router_with_metrics(config, state, None).await
}

/// The application router; with a registry, every request is counted into it (outermost, so
/// timeouts, refusals and compression are included), for `metrics::serve` to show.
pub async fn router_with_metrics(
    config: &Config,
    state: AppState,
    registry: Option<metrics::Registry>,
) -> startup::Result<Router> {
    let leptos_options = leptos_options();
    let routes = route_list();
    // A browser-session cookie (gone when the browser closes); the store ends the record after
    // two idle hours (app::sessions::IDLE_TIMEOUT_MS). Over https the name carries `__Host-`:
    // the cookie is then bound to this host and path `/`, and no subdomain can plant one.
    let sessions = SessionManagerLayer::new(PortalSessionStore::new(state.db.clone()))
        .with_name(if config.secure_cookies { "__Host-id" } else { "id" })
        .with_path("/")
        .with_secure(config.secure_cookies)
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        .with_expiry(Expiry::OnSessionEnd);
    // Cloned with the routes for every request: shared, not copied.
    let context = {
        let state = Arc::new(state.clone());
        move || state.provide_context()
    };
    let api_context = Arc::new(api::ApiContext { public_url: config.public_url.trim_end_matches('/').to_string() });
    let mut form_targets: Vec<String> =
        config.identity_providers.iter().filter_map(|provider| config::url_origin(&provider.issuer)).collect();
    form_targets.sort();
    form_targets.dedup();
    let front_door = Arc::new(middleware::FrontDoor {
        security: middleware::SecurityHeaders::new(config.secure_cookies, &form_targets),
        origins: middleware::Origins {
            public_origin: config.public_origin(),
            client_ip_header: config.client_ip_header.clone(),
        },
        body_limits: middleware::BodyLimits {
            default: MAX_REQUEST_BODY,
            uploads: config.max_upload_mb.max(1) as usize * 1_000_000 + MAX_REQUEST_BODY,
        },
    });
    let visitor = Arc::new(middleware::Visitor {
        sessions: middleware::SessionPolicy {
            clock: state.clock.clone(),
            db: state.db.clone(),
            idle_ms: i64::from(config.resident_idle_minutes.max(1)) * 60_000,
            max_ms: i64::from(config.sign_in_max_hours.max(1)) * 3_600_000,
        },
        catalog: state.catalog.clone(),
    });
    let server_state =
        ServerState(Arc::new(ServerParts { app: state, leptos: leptos_options.clone(), api: api_context }));
    let mut app = Router::<ServerState>::new();
    if config.demo {
        // The test persons' sign-in exists in demo configuration only.
        app = app
            .route(&routes::demo_sign_in(), post(identity::post_demo_sign_in))
            .route(&routes::demo_signing_action(), post(identity::post_demo_signing));
    }
    let app = app
        .route(routes::HEALTH, get(api::health))
        .route(&routes::axum_path(&[routes::SIGN_IN, routes::SIGN_IN_RETURN]), get(identity::get_return))
        .route(&routes::axum_path(&[routes::SIGN_IN, "{provider}"]), post(identity::post_start))
        .route(&routes::sign_out(), post(identity::post_sign_out))
        .route(&routes::stay_signed_in(), post(identity::post_stay_signed_in))
        .route(&routes::my_data_json(), get(identity::get_my_data_json))
        .route(&routes::profile(), post(identity::post_profile))
        .route(&routes::my_represent(), post(identity::post_represent))
        .route(&routes::confirm_email(), post(identity::post_confirm_email))
        .route(&routes::axum_path(&[routes::STAFF, routes::STAFF_ROLES, "{change}"]), post(identity::post_role_change))
        .route(
            &routes::axum_path(&[routes::STAFF, routes::STAFF_CASES, "{id}", "{action}"]),
            post(app::cases::ssr::handlers::post_staff_act),
        )
        .route(&routes::staff_statistics_csv(), get(app::cases::ssr::stats::get_statistics_csv))
        .route(
            &routes::axum_path(&[routes::STAFF, routes::STAFF_QUEUE, "{queue}", routes::BULK_ASSIGN]),
            post(app::cases::ssr::handlers::post_bulk_assign),
        )
        .route(
            &routes::axum_path(&[routes::STAFF, routes::STAFF_REFERRALS, "{id}", routes::REFERRAL_ANSWER]),
            post(app::cases::ssr::handlers::post_referral_answer),
        )
        .route(
            &routes::axum_path(&[routes::MY_PAGES, routes::MY_CASES, "{id}", routes::MY_CASE_ANSWER]),
            post(app::cases::ssr::handlers::post_my_answer),
        )
        .route(
            &routes::axum_path(&[routes::MY_PAGES, routes::MY_CONSENTS, "{id}", routes::MY_CONSENT_ANSWER]),
            post(app::forms::ssr::consent::post_answer),
        )
        .route(
            &routes::axum_path(&[routes::MY_PAGES, routes::MY_DRAFTS, "{form}", routes::MY_DRAFT_DELETE]),
            post(forms::post_delete_draft),
        )
        .route(&format!("{}/services", routes::API_V1), get(api::services))
        .route(&format!("{}/register", routes::API_V1), get(api::register))
        .route(&format!("{}/openapi.json", routes::API_V1), get(api::openapi))
        .route(
            &routes::axum_path(&[routes::FORMS, "{form}", routes::FORM_SEND]),
            post(forms::post_send).get(forms::get_signed_send),
        )
        .route(&routes::axum_path(&[routes::FORMS, "{form}", routes::FORM_CLEAR]), post(forms::post_clear))
        // A step with files streams them to staging; its body is bounded by `body_limit`.
        .route(
            &routes::axum_path(&[routes::FORMS, "{form}", "{step}"]),
            post(forms::post_step).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(&routes::axum_path(&[routes::FORMS, "{form}", routes::ATTACHMENTS, "{id}"]), get(forms::get_attachment))
        .route(
            &routes::axum_path(&[routes::MY_PAGES, routes::MY_CASES, "{id}", routes::ATTACHMENTS, "{file}"]),
            get(app::cases::ssr::handlers::get_my_attachment),
        )
        .route(
            &routes::axum_path(&[routes::STAFF, routes::STAFF_CASES, "{id}", routes::ATTACHMENTS, "{file}"]),
            get(app::cases::ssr::handlers::get_staff_attachment),
        )
        .leptos_routes_with_context(&server_state, routes, context.clone(), {
            let options = Arc::new(leptos_options.clone());
            move || shell((*options).clone())
        })
        // The browser build and the style sheet, compressed ahead of time by .ci/build: brotli
        // where the browser takes it (a fifth smaller than gzip for the WebAssembly), else gzip.
        .nest_service(
            &format!("/{}", leptos_options.site_pkg_dir),
            ServeDir::new(format!("{}/{}", leptos_options.site_root, leptos_options.site_pkg_dir))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<ServerState, _>(context, shell))
        .layer(axum::middleware::from_fn(metrics::tag_route))
        .with_state(server_state);
    // The middleware wraps the router once, as one service, rather than each route (which
    // `Router::layer` would do): a kept page is answered before any routing, and a request
    // clones the stack once instead of once per layer.
    let stack = tower::ServiceBuilder::new()
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(front_door, middleware::front_door))
        // A request still unanswered after this (a slow body, a stuck query) is ended.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(config.request_timeout_secs.max(1)),
        ))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(visitor, middleware::visitor))
        .service(app);
    let app = Router::new().fallback_service(stack);
    // The demo registry stands for another authority's service: beside the portal's routes,
    // outside their middleware, and only in demo configuration.
    let app = if config.demo {
        let demo = demo_registry::DemoRegistry::load(&config.content_dir).map_err(StartupError::Usage)?;
        app.merge(demo_registry::router(demo))
    } else {
        app
    };
    Ok(match registry {
        Some(registry) => app.layer(axum::middleware::from_fn_with_state(registry, metrics::track)),
        None => app,
    })
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

/// Serves until SIGTERM or Ctrl-C, with at most `DEFAULT_MAX_CONNECTIONS` connections.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    serve_with_limit(listener, app, DEFAULT_MAX_CONNECTIONS).await
}

/// The most simultaneous connections when the configuration names none.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// Serves until SIGTERM or Ctrl-C. Each connection must send its headers within
/// [`HEADER_READ_TIMEOUT`] (a client trickling them in holds nothing for long); at most
/// `max_connections` are served at once, later ones wait in the kernel's queue. On shutdown,
/// requests under way are finished (for at most 10 seconds).
pub async fn serve_with_limit(
    listener: tokio::net::TcpListener,
    app: Router,
    max_connections: usize,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let slots = Arc::new(tokio::sync::Semaphore::new(max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot { Ok(slot) => slot, Err(_) => break },
            _ = &mut shutdown => break,
        };
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        // Without TCP_NODELAY a response written in two parts (headers, then a file body) waits
        // for the client's delayed ACK: about 40 ms per static file.
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!(%error, "could not set TCP_NODELAY");
        }
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            tower::Service::call(&mut app.clone(), request.map(axum::body::Body::new))
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT)
            .max_buf_size(MAX_READ_BUFFER)
            .serve_connection(TokioIo::new(tcp), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
    tokio::select! {
        _ = graceful.shutdown() => {}
        _ = tokio::time::sleep(Duration::from_secs(10)) => tracing::warn!("connections still open at shutdown"),
    }
    Ok(())
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
