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
    /// `http://127.0.0.1:PORT` of the metrics listener, when the test's `metrics_listen` asked
    /// for one (`spawn_app_with_metrics`).
    pub metrics_address: Option<String>,
    pub client: reqwest::Client,
    pub state: app::state::AppState,
    pub config: Config,
    // Fields drop in this order: the job workers stop before their database is dropped.
    _worker: server::jobs::Workers,
    _dir: Option<TempDir>,
}

/// Stops a background task when the test's app goes away.
pub struct AbortOnDrop(pub tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A folder removed when dropped. The one `fresh_database_url` hands out with a PostgreSQL
/// database also drops that database: keep it alive (bind it to a name, not `_`) for as long as
/// the database is used.
pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
        let database = {
            let mut databases = DATABASES.lock().unwrap_or_else(|e| e.into_inner());
            databases.iter().position(|(dir, _)| *dir == self.0).map(|i| databases.swap_remove(i).1)
        };
        if let Some(name) = database {
            drop_database(&name);
        }
    }
}

/// PostgreSQL test databases: their names begin with this, then the creating process's id and
/// the creation time in seconds since the epoch (`portal_test_<pid>_<secs>_<n>`).
pub const TEST_DATABASE_PREFIX: &str = "portal_test_";

/// The PostgreSQL databases created by this process, by the folder whose drop drops them.
static DATABASES: std::sync::Mutex<Vec<(PathBuf, String)>> = std::sync::Mutex::new(Vec::new());

/// Drops a test database, ending the connections still open to it (the test's server is still
/// running when its app is dropped). Runs on a thread of its own with its own runtime: this is
/// called from `Drop`, inside the test's runtime, also while a failed test unwinds, where one
/// cannot await; the short wait blocks only the test's own thread. Never panics (a panic while
/// unwinding would abort the whole test binary); a failure is reported and the database is
/// left for the next run's clean-up.
pub fn drop_database(name: &str) {
    let (admin, name) = (postgres_admin_url(), name.to_string());
    let dropping = std::thread::spawn(move || -> Result<(), String> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
        runtime.block_on(async {
            use sqlx::Connection;
            let attempt = || async {
                let mut conn = sqlx::PgConnection::connect(&admin).await?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut conn).await?;
                conn.close().await
            };
            // Tried again for a few seconds: under load the server may refuse a connection for a
            // moment ("too many clients"), which the tests' own pools are giving back.
            let mut delay = std::time::Duration::from_millis(250);
            loop {
                let error = match tokio::time::timeout(std::time::Duration::from_secs(20), attempt()).await {
                    Ok(Ok(())) => return Ok(()),
                    Ok(Err(error)) => format!("{name}: {error}"),
                    Err(_) => format!("{name}: no answer within 20 s"),
                };
                if delay > std::time::Duration::from_secs(4) {
                    return Err(error);
                }
                tokio::time::sleep(delay).await;
                delay *= 2;
            }
        })
    });
    match dropping.join() {
        Ok(Ok(())) => {}
        Ok(Err(error)) => eprintln!("could not drop the test database {error}"),
        Err(_) => eprintln!("dropping a test database panicked"),
    }
}

/// Drops the test databases earlier runs left behind (a run killed before its drops ran). Only
/// those whose creating process is gone from this machine and that are older than
/// `LEFTOVER_AGE`, so a test binary running at the same moment keeps its own.
async fn drop_leftover_databases(conn: &mut sqlx::PgConnection) {
    const LEFTOVER_AGE: u64 = 10 * 60;
    let names: Vec<String> = match sqlx::query_scalar("SELECT datname FROM pg_database WHERE starts_with(datname, $1)")
        .bind(TEST_DATABASE_PREFIX)
        .fetch_all(&mut *conn)
        .await
    {
        Ok(names) => names,
        Err(error) => return eprintln!("could not list leftover test databases: {error}"),
    };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    for name in names {
        let mut parts = name[TEST_DATABASE_PREFIX.len()..].split('_');
        let (Some(Ok(pid)), Some(Ok(secs))) =
            (parts.next().map(str::parse::<u32>), parts.next().map(str::parse::<u64>))
        else {
            continue;
        };
        // Without /proc nothing can be known about the process: leave everything alone.
        let gone =
            std::path::Path::new("/proc/self").exists() && !std::path::Path::new(&format!("/proc/{pid}")).exists();
        if gone && now.saturating_sub(secs) > LEFTOVER_AGE && pid != std::process::id() {
            // Names come from the server but are checked to be ours: digits and underscores.
            if name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
                let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                if let Err(error) = sqlx::query(&sql).execute(&mut *conn).await {
                    eprintln!("could not drop the leftover test database {name}: {error}");
                }
            }
        }
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

/// `portal_test_<pid>_<secs>_<n>`: the process and time tell a later run what is left over.
fn database_name() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    format!("{TEST_DATABASE_PREFIX}{}_{secs}_{n}", std::process::id())
}

/// `None` when PostgreSQL tests are explicitly skipped; panics when it is unreachable otherwise.
/// With PostgreSQL the returned folder owns the fresh database: dropping it drops the database.
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
            static LEFTOVERS_DROPPED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
            if !LEFTOVERS_DROPPED.swap(true, std::sync::atomic::Ordering::SeqCst) {
                drop_leftover_databases(&mut conn).await;
            }
            let name = database_name();
            let dir = std::env::temp_dir().join(unique("portal_pg"));
            std::fs::create_dir_all(&dir).unwrap();
            // Registered before it exists: a failure from here on still drops it with `dir`.
            DATABASES.lock().unwrap().push((dir.clone(), name.clone()));
            let dir = TempDir(dir);
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
            let _ = conn.close().await;
            let base = admin.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap();
            Some((format!("{base}/{name}"), Some(dir)))
        }
    }
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    let (url, dir) = fresh_database_url(backend).await?;
    Some(spawn_with_url(url, dir).await)
}

/// As [`spawn_app`], with the metrics listener on a port of its own (`app.metrics_address`).
pub async fn spawn_app_with_metrics(backend: Backend) -> Option<TestApp> {
    let (url, dir) = fresh_database_url(backend).await?;
    let mail_dir = dir.as_ref().map(|d| d.0.join("mail"));
    Some(
        spawn_with_config(url, dir, |config| {
            config.mail_dir = mail_dir;
            config.metrics_listen = Some("127.0.0.1:0".into());
        })
        .await,
    )
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
    spawn_with_state(database_url, dir, adjust, |_| {}).await
}

/// As [`spawn_with_config`], with the prepared state changed by `adjust_state` (a clock set ahead).
pub async fn spawn_with_state(
    database_url: String,
    dir: Option<TempDir>,
    adjust: impl FnOnce(&mut Config),
    adjust_state: impl FnOnce(&mut app::state::AppState),
) -> TestApp {
    init_test_log();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let mut config = Config {
        database_url,
        listen: "127.0.0.1:0".into(),
        public_url: address.clone(),
        demo: true,
        demo_cases: 0,
        content_dir: content_dir(),
        secure_cookies: false,
        jobs_poll_ms: 50,
        jobs_retry_ms: Some(100),
        // Each test's files in its own folder, removed with it.
        attachments_dir: dir
            .as_ref()
            .map(|d| d.0.join("attachments"))
            .unwrap_or_else(|| std::env::temp_dir().join(unique("portal-attachments"))),
        ..Config::default()
    };
    adjust(&mut config);
    let mut state = server::prepare(&config).await.expect("app prepares");
    adjust_state(&mut state);
    let worker = server::start_workers(&config, &state);
    let (metrics, metrics_address) = match &config.metrics_listen {
        Some(address) => {
            let listener = tokio::net::TcpListener::bind(address).await.unwrap();
            let metrics_address = format!("http://{}", listener.local_addr().unwrap());
            let registry = server::metrics::Registry::default();
            tokio::spawn(server::metrics::serve(listener, registry.clone(), state.clone()));
            (Some(registry), Some(metrics_address))
        }
        None => (None, None),
    };
    let router = server::router_with_metrics(&config, state.clone(), metrics).await.expect("router builds");
    tokio::spawn(async move { server::serve(listener, router).await.unwrap() });
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        // A request that hangs fails the test with its URL instead of stalling the whole run.
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap();
    TestApp { address, metrics_address, client, state, config, _worker: worker, _dir: dir }
}

impl TestApp {
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self.get_response(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// Posts an HTML form as a browser would; returns the status and the redirect target.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let request = self.client.post(format!("{}{}", self.address, path)).form(fields);
        Self::status_and_location(request.header("origin", &self.address)).await
    }

    /// Posts a `multipart/form-data` form (a step with files) as a browser would; returns the
    /// status and the redirect target.
    pub async fn post_files(&self, path: &str, parts: &[Part<'_>]) -> (u16, String) {
        let request = self
            .client
            .post(format!("{}{}", self.address, path))
            .header("origin", &self.address)
            .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(multipart(parts));
        Self::status_and_location(request).await
    }

    /// A step's post as the step's script sends it in place (an upload with its progress shown):
    /// the status, and the JSON answer (`null` when the answer is not JSON).
    pub async fn post_files_in_place(&self, path: &str, parts: &[Part<'_>]) -> (u16, serde_json::Value) {
        let response = self
            .client
            .post(format!("{}{}", self.address, path))
            .header("origin", &self.address)
            .header("x-portal-in-place", "1")
            .header("accept", "application/json")
            .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(multipart(parts))
            .send()
            .await
            .expect("post");
        let status = response.status().as_u16();
        let json = response.headers().get("content-type").is_some_and(|t| t == "application/json");
        let no_store = response.headers().get("cache-control").is_some_and(|c| c == "no-store");
        let body = response.text().await.unwrap_or_default();
        if !json {
            return (status, serde_json::Value::Null);
        }
        assert!(no_store, "an in-place answer is never cached");
        (status, serde_json::from_str(&body).expect("JSON"))
    }

    /// A GET that answers with a redirect: the status and the target.
    pub async fn get_location(&self, path: &str) -> (u16, String) {
        let request = self.client.get(format!("{}{}", self.address, path));
        Self::status_and_location(request.header("accept", "text/html,application/xhtml+xml")).await
    }

    /// "Sign and send" on a signed form's check page, as a demo sign-in does it: the demo's
    /// signing page (which must show the checksum of what is signed), "Sign", and the way
    /// back that sends. Returns the status and target of that last step (the receipt).
    pub async fn sign_and_send(&self, form: &str, key: &str) -> (u16, String) {
        let (status, signing) = self.post_form(&format!("{form}/skicka"), &[("key", key)]).await;
        assert_eq!(status, 303, "sign and send: {signing}");
        assert!(signing.starts_with("/demo-signering?flode="), "a signed form goes to signing first: {signing}");
        let (status, page) = self.get(&signing).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("data-test=\"digest\""), "the signing page shows the checksum: {page}");
        let flow = signing.split("flode=").nth(1).unwrap().to_string();
        let (status, back) = self.post_form("/demo-signering", &[("flode", &flow)]).await;
        assert_eq!((status, back.as_str()), (303, format!("{form}/skicka?nyckel={key}").as_str()));
        self.get_location(&back).await
    }

    async fn status_and_location(request: reqwest::RequestBuilder) -> (u16, String) {
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
        (status, location)
    }

    /// The same portal seen from another browser, with no cookies of its own; the server, its
    /// database and its workers stay with `self`.
    pub fn another_browser(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            metrics_address: None,
            client: self.stranger(),
            state: self.state.clone(),
            config: self.config.clone(),
            _worker: server::jobs::Workers::none(),
            _dir: None,
        }
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
        .env("PORTAL__JOBS_POLL_MS", "50")
        .env("PORTAL__JOBS_RETRY_MS", "100")
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

/// The first mail in `dir` whose file name starts with `prefix` (its job kind), once the job
/// worker has written it; fails the test after five seconds.
pub async fn wait_for_mail(dir: &std::path::Path, prefix: &str) -> String {
    for _ in 0..100 {
        if let Some(entry) = std::fs::read_dir(dir).unwrap().flatten().find(|e| {
            e.file_name().to_string_lossy().starts_with(prefix) && e.path().extension().is_some_and(|x| x == "eml")
        }) {
            return std::fs::read_to_string(entry.path()).unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no {prefix} mail in {}", dir.display())
}

/// As [`spawn_app`] (mail written to `app.config.mail_dir`), with every capability reading the
/// time from `clock`, which the test moves.
pub async fn spawn_app_with_clock(backend: Backend, clock: &app::clock::Clock) -> Option<TestApp> {
    let (url, dir) = fresh_database_url(backend).await?;
    let mail_dir = dir.as_ref().map(|d| d.0.join("mail"));
    if let Some(mail) = &mail_dir {
        std::fs::create_dir_all(mail).unwrap();
    }
    let app = spawn_with_state(
        url,
        dir,
        |config| config.mail_dir = mail_dir,
        |state| {
            state.clock = clock.clone();
            state.forms.clock = clock.clone();
            state.identity.clock = clock.clone();
            state.cases.clock = clock.clone();
        },
    )
    .await;
    Some(app)
}

/// One part of a multipart body: a text field, or a file with its name and bytes.
pub enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a str, &'a [u8]),
}

pub const BOUNDARY: &str = "----portal-test-boundary-7MA4YWxkTrZu0gW";

/// A `multipart/form-data` body as a browser builds it.
pub fn multipart(parts: &[Part]) -> Vec<u8> {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match part {
            Part::Text(name, value) => {
                body.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes());
                body.extend_from_slice(value.as_bytes());
            }
            Part::File(name, file_name, bytes) => {
                body.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                         Content-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(bytes);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}
