//! Test harness: starts the real portal on 127.0.0.1:0 against a fresh database of either
//! backend. PostgreSQL is required unless `PORTAL_SKIP_POSTGRES=1` says otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report
#![allow(dead_code)]

use server::config::Config;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub state: app::state::AppState,
    pub config: Config,
    _dir: Option<TempDir>,
    _worker: Option<AbortOnDrop>,
}

/// Stops a background task when the test's app goes away.
pub struct AbortOnDrop(pub tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("{prefix}_{}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst), nanos)
}

pub fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content")
}

pub fn postgres_admin_url() -> String {
    std::env::var("PORTAL_TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// `None` when PostgreSQL tests are explicitly skipped; panics when it is unreachable otherwise.
pub async fn fresh_database_url(backend: Backend) -> Option<(String, Option<TempDir>)> {
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join(unique("portal"));
            std::fs::create_dir_all(&dir).unwrap();
            let url = format!("sqlite://{}/portal.db", dir.display());
            Some((url, Some(TempDir(dir))))
        }
        Backend::Postgres => {
            if std::env::var("PORTAL_SKIP_POSTGRES").as_deref() == Ok("1") {
                eprintln!("PostgreSQL tests skipped because PORTAL_SKIP_POSTGRES=1");
                return None;
            }
            use sqlx::Connection;
            let admin = postgres_admin_url();
            let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| {
                panic!("PostgreSQL is required at {admin} ({e}); set PORTAL_SKIP_POSTGRES=1 to skip explicitly")
            });
            let name = unique("portal_test");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
            let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap();
            let dir = std::env::temp_dir().join(unique("portal_pg"));
            std::fs::create_dir_all(&dir).unwrap();
            Some((format!("{base}/{name}"), Some(TempDir(dir))))
        }
    }
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    let (url, dir) = fresh_database_url(backend).await?;
    Some(spawn_with_url(url, dir).await)
}

/// `PORTAL_TEST_LOG=debug` (an env filter) shows the server's log while a test runs.
fn init_test_log() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Ok(filter) = std::env::var("PORTAL_TEST_LOG") {
            let _ = tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init();
        }
    });
}

pub async fn spawn_with_url(database_url: String, dir: Option<TempDir>) -> TestApp {
    let mail_dir = dir.as_ref().map(|d| d.0.join("mail"));
    if let Some(mail) = &mail_dir {
        std::fs::create_dir_all(mail).unwrap();
    }
    spawn_with_config(database_url, dir, |config| config.mail_dir = mail_dir).await
}

/// Starts the portal with the test defaults changed by `adjust`.
pub async fn spawn_with_config(
    database_url: String,
    dir: Option<TempDir>,
    adjust: impl FnOnce(&mut Config),
) -> TestApp {
    init_test_log();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let mut config = Config {
        database_url,
        listen: "127.0.0.1:0".into(),
        public_url: address.clone(),
        demo: true,
        content_dir: content_dir(),
        secure_cookies: false,
        outbox_poll_ms: 50,
        outbox_retry_ms: 100,
        ..Config::default()
    };
    adjust(&mut config);
    let state = server::prepare(&config).await.expect("app prepares");
    let worker = server::start_workers(&config, &state);
    let router = server::router(&config, state.clone()).await.expect("router builds");
    tokio::spawn(async move { server::serve(listener, router).await.unwrap() });
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        // A request that hangs fails the test with its URL instead of stalling the whole run.
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap();
    TestApp { address, client, state, config, _dir: dir, _worker: worker.map(AbortOnDrop) }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self.get_response(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// Posts an HTML form as a browser would; returns the status and the redirect target.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let response = self
            .client
            .post(format!("{}{}", self.address, path))
            .header("origin", &self.address)
            .form(fields)
            .send()
            .await
            .expect("request");
        let status = response.status().as_u16();
        let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
        (status, location)
    }

    /// A second visitor: the same portal, a browser with no cookies of its own.
    pub fn stranger(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .unwrap()
    }

    /// A GET as a browser sends it (accepting HTML).
    pub async fn get_response(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{}", self.address, path))
            .header("accept", "text/html,application/xhtml+xml")
            .send()
            .await
            .expect("request")
    }
}

/// Links on a page (`href="…"`), in order.
pub fn links(html: &str) -> Vec<String> {
    html.split("href=\"").skip(1).filter_map(|rest| rest.split('"').next()).map(|s| s.replace("&amp;", "&")).collect()
}

pub fn count(html: &str, needle: &str) -> usize {
    html.matches(needle).count()
}

/// Runs each scenario against both backends: `both_backends!(scenario_a, scenario_b);`
#[macro_export]
macro_rules! both_backends {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $scenario() {
                if let Some(app) = $crate::common::spawn_app($crate::common::Backend::Sqlite).await {
                    super::$scenario(app).await;
                }
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $scenario() {
                if let Some(app) = $crate::common::spawn_app($crate::common::Backend::Postgres).await {
                    super::$scenario(app).await;
                }
            })*
        }
    };
}

/// A free port on 127.0.0.1 (bound and released; another process could take it in between).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The portal started as its own process — the real `server` binary, configured through
/// `PORTAL__…` variables as in production — with a mail folder of its own. Killed when dropped.
pub struct ServerProcess {
    pub address: String,
    pub mail_dir: PathBuf,
    pub log: PathBuf,
    child: std::process::Child,
    _dir: TempDir,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ServerProcess {
    /// The last lines the process logged, for a failure message.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

/// Starts the `server` binary in demo mode on a free port against `database_url`, delivering
/// receipts to its own mail folder, with `extra` settings (`PORTAL__…` pairs) added; returns
/// once `/health` answers 200.
pub async fn spawn_binary(database_url: &str, extra: &[(&str, &str)]) -> ServerProcess {
    let dir = TempDir(std::env::temp_dir().join(unique("portal_process")));
    let mail_dir = dir.0.join("mail");
    std::fs::create_dir_all(&mail_dir).unwrap();
    let log = dir.0.join("server.log");
    let port = free_port();
    let address = format!("http://127.0.0.1:{port}");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("serve")
        // Its own working directory: no `portal.toml` of the developer's is picked up.
        .current_dir(&dir.0)
        .env_remove("PORTAL_CONFIG")
        .env_remove("DATABASE_URL")
        .env("PORTAL__DATABASE_URL", database_url)
        .env("PORTAL__LISTEN", format!("127.0.0.1:{port}"))
        .env("PORTAL__PUBLIC_URL", &address)
        .env("PORTAL__DEMO", "true")
        .env("PORTAL__SECURE_COOKIES", "false")
        .env("PORTAL__CONTENT_DIR", content_dir())
        .env("PORTAL__MAIL_DIR", &mail_dir)
        .env("PORTAL__OUTBOX_POLL_MS", "50")
        .env("PORTAL__OUTBOX_RETRY_MS", "100")
        .env("RUST_LOG", std::env::var("PORTAL_TEST_LOG").unwrap_or_else(|_| "warn".into()))
        .envs(extra.iter().copied())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("the server binary starts");
    let mut process = ServerProcess { address, mail_dir, log, child, _dir: dir };
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(5)).build().unwrap();
    let started = std::time::Instant::now();
    loop {
        if let Ok(response) = client.get(format!("{}/health", process.address)).send().await {
            if response.status() == 200 {
                return process;
            }
        }
        if let Ok(Some(status)) = process.child.try_wait() {
            panic!("the server exited with {status}:\n{}", process.log_tail());
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "no health:\n{}", process.log_tail());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The `.eml` files in a mail folder (not the `.part` files being written).
pub fn mail_files(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|entries| entries.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.retain(|p| {
        p.extension().is_some_and(|x| x == "eml") && !p.file_name().unwrap().to_string_lossy().starts_with('.')
    });
    files.sort();
    files
}
