//! Typed, layered configuration: defaults, then an optional TOML file (`PORTAL_CONFIG`, or
//! `portal.toml` if present), then `PORTAL__<KEY>` environment variables; `DATABASE_URL` is
//! honoured too. Secrets (the database URL may hold a password) are never printed.

use serde::Deserialize;
use std::{fmt, path::PathBuf};

#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `sqlite://data/portal.db` (embedded default) or `postgres://…`.
    pub database_url: String,
    /// Address to listen on.
    pub listen: String,
    /// The address users reach the portal at; used in links the API hands out.
    pub public_url: String,
    /// Demo mode: imports the demo content at start and (later) allows test-person sign-in.
    pub demo: bool,
    /// In demo mode, the cases generated at start when the database has none (0: none).
    pub demo_cases: usize,
    /// In demo mode only: the day (`2027-01-15`) the portal's clock shows, time running as usual,
    /// to show what depends on the date (school choice opens 10 January). Tokens from a real
    /// e-ID carry real times, so such a demo signs in with the test persons only.
    pub demo_date: Option<String>,
    /// Folder holding `life-events.toml` and `organisations/*.toml`.
    pub content_dir: PathBuf,
    /// `Secure` cookie flag; only a plain-http local demo may turn it off.
    pub secure_cookies: bool,
    /// `text` or `json` logs.
    pub log_format: String,
    pub max_connections: u32,
    /// Where receipts are delivered as `.eml` files (a pickup folder for the mail server).
    /// Unset: in demo, they are written to the log; otherwise they wait in the jobs queue.
    pub mail_dir: Option<PathBuf>,
    /// The sender of receipts (`Name <address>`); unset: `Medborgarportalen <noreply@HOST>`
    /// with the public URL's host.
    pub mail_from: Option<String>,
    /// First retry delay of a failed job, doubled per attempt (at most an hour), for every
    /// kind; unset: each kind's own (receipts: 30 s). `outbox_retry_ms` is the former name.
    #[serde(alias = "outbox_retry_ms")]
    pub jobs_retry_ms: Option<u64>,
    /// How often an idle job worker looks for due jobs. `outbox_poll_ms` is the former name.
    #[serde(alias = "outbox_poll_ms")]
    pub jobs_poll_ms: u64,
    /// Job worker tasks in this process (processes sharing a database share the work).
    pub jobs_workers: u32,
    /// How long a done job (its payload: an address, a link) is kept, in hours.
    pub jobs_keep_done_hours: u32,
    /// Anonymous submissions one client address may send in 10 minutes (0: no limit).
    pub submissions_per_client: u32,
    /// Receipts one recipient address may be sent in an hour (0: no limit).
    pub receipts_per_recipient: u32,
    /// Behind a reverse proxy: the header holding the client's address (its last entry is the
    /// one the proxy added), e.g. `x-forwarded-for`. Unset: the connection's peer address.
    pub client_ip_header: Option<String>,
    /// Most simultaneous connections; more wait to be accepted.
    pub max_http_connections: u32,
    /// The longest a request may take, its body included, in seconds.
    pub request_timeout_secs: u64,
    /// Benchmark only: a loopback address where the kept service page is answered by a bare
    /// handler (the ceiling `.ci/bench` compares pages with). Unset: nothing listens.
    pub bench_ceiling_listen: Option<String>,
    /// An address of its own (never the public `listen` one) answering `GET /metrics` in the
    /// Prometheus text format, for the operators' scraper; keep it off the internet. Unset: no
    /// metrics listener.
    pub metrics_listen: Option<String>,
    /// The e-ID providers residents may sign in with (`[[identity_providers]]` tables in the
    /// file), in the order they are offered. See README, "Signing in with e-ID".
    pub identity_providers: Vec<app::identity::ssr::providers::ProviderConfig>,
    /// The least level of assurance a resident's sign-in must have: 3 (substantial) by default.
    pub resident_min_loa: u8,
    /// A signed-in resident idle this many minutes is signed out.
    pub resident_idle_minutes: u32,
    /// A signed-in person's draft is deleted this many days after its last change (they are
    /// told a week before).
    pub draft_keep_days: u32,
    /// A sign-in lasts at most this many hours, however active.
    pub sign_in_max_hours: u32,
    /// The base address of the population and company registries (the contract in
    /// `app::registry::paths`). Unset: in demo configuration the demo registry this portal
    /// serves at `/demo/register`; otherwise none, and applicants type what a registry would
    /// have given.
    pub registry_url: Option<String>,
    /// Where attached files are kept (by their contents, outside the web root).
    pub attachments_dir: PathBuf,
    /// The virus check each attached file must pass, e.g. `clamdscan --no-summary`: the file's
    /// path is added as the last argument; exit 0 is clean, 1 found something. Unset: files are
    /// not checked, and the log and `/health` say so.
    pub scan_command: Option<String>,
    /// The most one post with files may carry, in megabytes (the body is refused beyond it).
    pub max_upload_mb: u32,
}

impl Config {
    /// The registries to ask: the configured address, else the demo registry in demo
    /// configuration, else none.
    pub fn registry_base(&self) -> Option<String> {
        self.registry_url.clone().or_else(|| {
            self.demo.then(|| format!("{}{}", self.public_url.trim_end_matches('/'), crate::demo_registry::PREFIX))
        })
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite://data/portal.db".into(),
            listen: "127.0.0.1:3000".into(),
            public_url: "http://127.0.0.1:3000".into(),
            demo: false,
            demo_cases: 300,
            content_dir: "server/content".into(),
            secure_cookies: true,
            log_format: "text".into(),
            max_connections: 8,
            mail_dir: None,
            mail_from: None,
            jobs_retry_ms: None,
            jobs_poll_ms: 1_000,
            jobs_workers: 2,
            jobs_keep_done_hours: 168,
            submissions_per_client: 30,
            receipts_per_recipient: 5,
            client_ip_header: None,
            max_http_connections: 1024,
            request_timeout_secs: 30,
            bench_ceiling_listen: None,
            demo_date: None,
            metrics_listen: None,
            identity_providers: Vec::new(),
            resident_min_loa: 3,
            resident_idle_minutes: 20,
            draft_keep_days: app::forms::ssr::draft::DEFAULT_KEEP_DAYS,
            sign_in_max_hours: 12,
            registry_url: None,
            attachments_dir: "data/attachments".into(),
            scan_command: None,
            max_upload_mb: 50,
        }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database", &redact(&self.database_url))
            .field("listen", &self.listen)
            .field("public_url", &self.public_url)
            .field("demo", &self.demo)
            .field("content_dir", &self.content_dir)
            .field("registry_url", &self.registry_url)
            .field("secure_cookies", &self.secure_cookies)
            .field("log_format", &self.log_format)
            .field("max_connections", &self.max_connections)
            .field("mail_dir", &self.mail_dir)
            .field("jobs_retry_ms", &self.jobs_retry_ms)
            .field("jobs_poll_ms", &self.jobs_poll_ms)
            .field("jobs_workers", &self.jobs_workers)
            .field("submissions_per_client", &self.submissions_per_client)
            .field("receipts_per_recipient", &self.receipts_per_recipient)
            .field("client_ip_header", &self.client_ip_header)
            .field("metrics_listen", &self.metrics_listen)
            .field("identity_providers", &self.identity_providers)
            .field("resident_min_loa", &self.resident_min_loa)
            .finish()
    }
}

/// Shows the backend and host of a database URL, never its user or password.
pub fn redact(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.rsplit_once('@').map(|(_, h)| h).unwrap_or(rest);
            let host = host.split('?').next().unwrap_or(host);
            format!("{scheme}://{host}")
        }
        None => "(unparsable)".into(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("invalid configuration ({0}): {1}")]
    Invalid(String, String),
}

impl Config {
    /// Loads from the real environment.
    pub fn load() -> Result<Config, ConfigError> {
        Self::load_from(std::env::vars())
    }

    /// Loads with the given environment (tests pass their own).
    pub fn load_from(env: impl Iterator<Item = (String, String)>) -> Result<Config, ConfigError> {
        let env: Vec<(String, String)> = env.collect();
        let lookup = |key: &str| env.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let mut table = toml::Table::new();
        let file = lookup("PORTAL_CONFIG").map(PathBuf::from).or_else(|| {
            let default = PathBuf::from("portal.toml");
            default.exists().then_some(default)
        });
        if let Some(path) = file {
            let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::Read(path.clone(), e))?;
            table = text
                .parse::<toml::Table>()
                .map_err(|e| ConfigError::Invalid(path.display().to_string(), e.message().to_string()))?;
        }
        for (key, value) in &env {
            let Some(name) = key.strip_prefix("PORTAL__") else { continue };
            let name = name.to_ascii_lowercase();
            // Environment values are strings; numbers and booleans are recognised.
            let value = if let Ok(b) = value.parse::<bool>() {
                toml::Value::Boolean(b)
            } else if let Ok(n) = value.parse::<i64>() {
                toml::Value::Integer(n)
            } else {
                toml::Value::String(value.clone())
            };
            table.insert(name, value);
        }
        if let Some(url) = lookup("DATABASE_URL").filter(|u| !u.is_empty()) {
            table.entry("database_url").or_insert(toml::Value::String(url));
        }
        let config: Config = table
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Invalid("settings".into(), e.message().to_string()))?;
        config.check()?;
        Ok(config)
    }

    /// Refuses combinations that are only safe on a developer's own machine: demo mode (test
    /// persons, demo content) or cookies without `Secure` on a public address or behind https.
    pub fn check(&self) -> Result<(), ConfigError> {
        let loopback_listen = self
            .listen
            .parse::<std::net::SocketAddr>()
            .map(|address| address.ip().is_loopback())
            .unwrap_or_else(|_| self.listen.starts_with("localhost:"));
        let https = self.public_url.starts_with("https://");
        let unsafe_setting = if self.demo {
            Some("demo = true")
        } else if !self.secure_cookies {
            Some("secure_cookies = false")
        } else {
            None
        };
        if let Some(setting) = unsafe_setting {
            if !loopback_listen {
                return Err(ConfigError::Invalid(
                    setting.into(),
                    format!(
                        "is only allowed when listening on a loopback address (127.0.0.1, ::1), not {}",
                        self.listen
                    ),
                ));
            }
            if https {
                return Err(ConfigError::Invalid(
                    setting.into(),
                    format!("is not allowed with an https public_url ({})", self.public_url),
                ));
            }
        }
        if let Some(date) = &self.demo_date {
            if !self.demo {
                return Err(ConfigError::Invalid("demo_date".into(), "is only allowed with demo = true".into()));
            }
            if app::domain::date::SimpleDate::parse(date).is_none() {
                return Err(ConfigError::Invalid("demo_date".into(), format!("{date} is not a date (YYYY-MM-DD)")));
            }
        }
        if let Some(address) = &self.bench_ceiling_listen {
            if !address.parse::<std::net::SocketAddr>().is_ok_and(|a| a.ip().is_loopback()) {
                return Err(ConfigError::Invalid(
                    "bench_ceiling_listen".into(),
                    format!("must be a loopback address, not {address}"),
                ));
            }
        }
        if let Some(address) = &self.metrics_listen {
            if same_address(address, &self.listen) {
                return Err(ConfigError::Invalid(
                    "metrics_listen".into(),
                    format!("must be an address of its own, not the public listen address {}", self.listen),
                ));
            }
        }
        for provider in &self.identity_providers {
            provider.check().map_err(|reason| ConfigError::Invalid("identity_providers".into(), reason))?;
        }
        if !(2..=4).contains(&self.resident_min_loa) {
            return Err(ConfigError::Invalid("resident_min_loa".into(), "must be 2, 3 or 4".into()));
        }
        url_origin(&self.public_url).ok_or_else(|| {
            ConfigError::Invalid("public_url".into(), format!("{} is not an http(s) URL", self.public_url))
        })?;
        Ok(())
    }

    /// The sender of receipts: the configured one, or `noreply@` the public URL's host.
    pub fn mail_from(&self) -> String {
        self.mail_from.clone().unwrap_or_else(|| {
            let origin = self.public_origin();
            let host = origin.split("://").nth(1).unwrap_or("localhost");
            let host = host.rsplit_once(':').map_or(host, |(host, _)| host);
            format!("Medborgarportalen <noreply@{host}>")
        })
    }

    /// How this process runs its job workers.
    pub fn job_settings(&self) -> crate::jobs::Settings {
        crate::jobs::Settings {
            workers: self.jobs_workers.max(1) as usize,
            poll: std::time::Duration::from_millis(self.jobs_poll_ms.max(1)),
            retry_base_ms: self.jobs_retry_ms.map(|ms| i64::try_from(ms).unwrap_or(i64::MAX)),
            ..crate::jobs::Settings::default()
        }
    }

    /// The origin (`scheme://host[:port]`) of the public URL, which every form post must come from.
    pub fn public_origin(&self) -> String {
        url_origin(&self.public_url).unwrap_or_default()
    }
}

/// Whether two listen addresses would be the same socket: the same port (other than 0, which
/// asks for any free one) on the same IP or where either is a wildcard (`0.0.0.0`, `::`);
/// names that are not IP addresses are compared as written.
fn same_address(a: &str, b: &str) -> bool {
    use std::net::SocketAddr;
    match (a.parse::<SocketAddr>(), b.parse::<SocketAddr>()) {
        (Ok(a), Ok(b)) => {
            a.port() == b.port()
                && a.port() != 0
                && (a.ip() == b.ip() || a.ip().is_unspecified() || b.ip().is_unspecified())
        }
        _ => a.trim().eq_ignore_ascii_case(b.trim()),
    }
}

/// `scheme://host[:port]` of an http(s) URL, lower-cased, without a default port.
pub fn url_origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    let authority = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let authority = authority.strip_suffix(default_port).unwrap_or(&authority);
    Some(format!("{scheme}://{authority}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Iterator<Item = (String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn defaults_are_sqlite_on_loopback() {
        let c = Config::load_from(env(&[("PORTAL_CONFIG", "/nonexistent/x.toml")]));
        assert!(matches!(c, Err(ConfigError::Read(..))), "a named file must exist");
        let c = Config::load_from(env(&[])).unwrap();
        assert!(c.database_url.starts_with("sqlite://"));
        assert_eq!(c.listen, "127.0.0.1:3000");
        assert!(c.secure_cookies && !c.demo);
    }

    #[test]
    fn environment_overrides_file_and_database_url_switches_backend() {
        let dir = std::env::temp_dir().join(format!("portal-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("portal.toml");
        std::fs::write(&file, "listen = \"127.0.0.1:4000\"\ndemo = true\nmax_connections = 3\n").unwrap();
        let c = Config::load_from(env(&[
            ("PORTAL_CONFIG", file.to_str().unwrap()),
            ("PORTAL__DEMO", "false"),
            ("DATABASE_URL", "postgres://user:secret@127.0.0.1/test"),
        ]))
        .unwrap();
        assert_eq!(c.listen, "127.0.0.1:4000");
        assert_eq!(c.max_connections, 3);
        assert!(!c.demo, "environment wins over the file");
        assert!(c.database_url.starts_with("postgres://"));
        let shown = format!("{c:?}");
        assert!(!shown.contains("secret") && !shown.contains("user:"), "{shown}");
    }

    #[test]
    fn demo_and_insecure_cookies_are_refused_off_loopback_and_behind_https() {
        let refused = |pairs: &[(&str, &str)]| Config::load_from(env(pairs)).unwrap_err().to_string();
        let e = refused(&[("PORTAL__DEMO", "true"), ("PORTAL__LISTEN", "0.0.0.0:3000")]);
        assert!(e.contains("demo") && e.contains("loopback"), "{e}");
        let e = refused(&[("PORTAL__SECURE_COOKIES", "false"), ("PORTAL__LISTEN", "192.0.2.10:80")]);
        assert!(e.contains("secure_cookies"), "{e}");
        let e = refused(&[("PORTAL__DEMO", "true"), ("PORTAL__PUBLIC_URL", "https://portal.example.se")]);
        assert!(e.contains("https"), "{e}");
        let e = refused(&[("PORTAL__PUBLIC_URL", "portal.example.se")]);
        assert!(e.contains("public_url"), "{e}");
        // What the demo and the tests use stays allowed, and so does production.
        let demo =
            [("PORTAL__DEMO", "true"), ("PORTAL__SECURE_COOKIES", "false"), ("PORTAL__LISTEN", "127.0.0.1:3000")];
        assert!(Config::load_from(env(&demo)).is_ok());
        let production = [("PORTAL__LISTEN", "0.0.0.0:3000"), ("PORTAL__PUBLIC_URL", "https://e.norrvik.se")];
        assert!(Config::load_from(env(&production)).is_ok());
    }

    #[test]
    fn a_demo_date_needs_demo_configuration_and_a_date() {
        let refused = |pairs: &[(&str, &str)]| Config::load_from(env(pairs)).unwrap_err().to_string();
        let e = refused(&[("PORTAL__DEMO_DATE", "2027-01-15")]);
        assert!(e.contains("demo_date") && e.contains("demo = true"), "{e}");
        let e = refused(&[("PORTAL__DEMO", "true"), ("PORTAL__DEMO_DATE", "15 januari")]);
        assert!(e.contains("not a date"), "{e}");
        let demo = [("PORTAL__DEMO", "true"), ("PORTAL__DEMO_DATE", "2027-01-15")];
        assert_eq!(Config::load_from(env(&demo)).unwrap().demo_date.as_deref(), Some("2027-01-15"));
    }

    #[test]
    fn metrics_must_listen_on_an_address_of_their_own() {
        let refused = |pairs: &[(&str, &str)]| Config::load_from(env(pairs)).unwrap_err().to_string();
        let e = refused(&[("PORTAL__METRICS_LISTEN", "127.0.0.1:3000")]);
        assert!(e.contains("metrics_listen") && e.contains("127.0.0.1:3000"), "{e}");
        let e = refused(&[("PORTAL__LISTEN", "0.0.0.0:8080"), ("PORTAL__METRICS_LISTEN", "10.0.0.5:8080")]);
        assert!(e.contains("metrics_listen"), "a wildcard listen address takes the port on every IP: {e}");
        refused(&[("PORTAL__LISTEN", "localhost:3000"), ("PORTAL__METRICS_LISTEN", "LOCALHOST:3000")]);
        let c = Config::load_from(env(&[("PORTAL__METRICS_LISTEN", "127.0.0.1:9100")])).unwrap();
        assert_eq!(c.metrics_listen.as_deref(), Some("127.0.0.1:9100"));
        assert!(format!("{c:?}").contains("9100"));
        assert!(Config::load_from(env(&[])).unwrap().metrics_listen.is_none(), "no metrics listener by default");
        // Port 0 asks for any free port: two of them never coincide (the tests use this).
        let any = [("PORTAL__LISTEN", "127.0.0.1:0"), ("PORTAL__METRICS_LISTEN", "127.0.0.1:0")];
        assert!(Config::load_from(env(&any)).is_ok());
    }

    #[test]
    fn the_public_origin_is_scheme_host_and_port() {
        assert_eq!(url_origin("https://E.Norrvik.se:443/x?y").as_deref(), Some("https://e.norrvik.se"));
        assert_eq!(url_origin("http://127.0.0.1:3000").as_deref(), Some("http://127.0.0.1:3000"));
        assert_eq!(url_origin("ftp://x"), None);
        assert_eq!(url_origin("https://user@x"), None);
    }

    #[test]
    fn job_settings_keep_their_former_outbox_names() {
        let c =
            Config::load_from(env(&[("PORTAL__OUTBOX_POLL_MS", "50"), ("PORTAL__OUTBOX_RETRY_MS", "100")])).unwrap();
        assert_eq!((c.jobs_poll_ms, c.jobs_retry_ms), (50, Some(100)));
        let c = Config::load_from(env(&[("PORTAL__JOBS_POLL_MS", "70"), ("PORTAL__JOBS_WORKERS", "3")])).unwrap();
        let settings = c.job_settings();
        assert_eq!((settings.poll.as_millis(), settings.workers, settings.retry_base_ms), (70, 3, None));
    }

    #[test]
    fn unknown_keys_are_rejected_with_a_message() {
        let e = Config::load_from(env(&[("PORTAL__LISTNE", "x")])).unwrap_err();
        assert!(e.to_string().contains("listne"), "{e}");
    }
}
