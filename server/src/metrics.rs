//! Operator metrics in the Prometheus text exposition format 0.0.4, served on an address of
//! their own (`metrics_listen`), never on the public one.
//!
//! Requests are counted per route *template* (axum's `MatchedPath`, e.g. `/tjanster/{id}`),
//! method and status, with a latency histogram per route and method. A raw path is never a
//! label: anyone could mint new paths (an unbounded set of series, a memory hole), and a path
//! may carry personal data. Requests no route matched (static files, unknown addresses) share
//! the route `other`; methods outside the standard set share the method `other`; and the number
//! of series is capped besides. Database pools, queued jobs, group-commit batch sizes and commit
//! durations are read when the metrics are asked for.

use app::{db::Db, state::AppState};
use axum::{
    extract::{MatchedPath, Request, State},
    http::{header, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use std::{
    collections::{BTreeMap, HashMap},
    fmt::Write as _,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, RwLock,
    },
    time::Instant,
};

/// Upper bounds of the request-latency buckets, in seconds.
pub const DURATION_BOUNDS: [f64; 13] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The most (route, method, status) series kept. The routes are the portal's own templates and
/// methods and statuses are few, so real traffic stays far below this; it only guards against a
/// mistake that would let a visitor mint labels.
pub const MAX_SERIES: usize = 1024;

/// The route label of requests no route matched.
pub const OTHER: &str = "other";

/// The most job kinds shown (kinds are the portal's own, so this is a guard, not a limit).
const MAX_JOB_KINDS: usize = 64;

/// The content type of the text exposition format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Key {
    route: String,
    method: &'static str,
    status: u16,
}

/// One (route, method, status): its latency histogram, whose count is the request count.
#[derive(Debug, Default)]
struct Series {
    /// Non-cumulative counts per bucket of [`DURATION_BOUNDS`].
    buckets: [AtomicU64; DURATION_BOUNDS.len()],
    count: AtomicU64,
    nanos: AtomicU64,
}

impl Series {
    fn observe(&self, seconds: f64, nanos: u64) {
        if let Some(i) = DURATION_BOUNDS.iter().position(|&bound| seconds <= bound) {
            self.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.nanos.fetch_add(nanos, Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::Relaxed);
    }
}

/// The HTTP request figures of one router. Cheap to clone (shared).
#[derive(Clone, Debug, Default)]
pub struct Registry(Arc<Inner>);

#[derive(Debug, Default)]
struct Inner {
    series: RwLock<HashMap<Key, Arc<Series>>>,
    /// Requests not recorded because [`MAX_SERIES`] was reached.
    unrecorded: AtomicU64,
}

/// The method as a label: the standard ones by name, anything else `other` (hyper accepts any
/// token as a method, so the raw name would be a label a stranger chooses).
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => OTHER,
    }
}

impl Registry {
    /// Records one answered request. `route` must be a route template or [`OTHER`].
    pub fn record(&self, route: &str, method: &Method, status: StatusCode, elapsed: std::time::Duration) {
        let key = Key { route: route.to_string(), method: method_label(method), status: status.as_u16() };
        let seconds = elapsed.as_secs_f64();
        let nanos = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
        // A poisoned lock only means another request panicked while holding it; the map itself
        // is still whole (inserts are single calls), so carry on with it.
        if let Some(series) = self.0.series.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            series.observe(seconds, nanos);
            return;
        }
        let mut map = self.0.series.write().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_SERIES && !map.contains_key(&key) {
            self.0.unrecorded.fetch_add(1, Ordering::Relaxed);
            return;
        }
        map.entry(key).or_default().observe(seconds, nanos);
    }

    /// The request figures in the text format.
    fn render(&self, out: &mut String) {
        let series: BTreeMap<Key, Arc<Series>> = self
            .0
            .series
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(key, series)| (key.clone(), series.clone()))
            .collect();
        header(
            out,
            "portal_http_requests_total",
            "counter",
            "HTTP requests answered, by route template, method and status.",
        );
        for (key, series) in &series {
            let labels = [("route", key.route.as_str()), ("method", key.method), ("status", &key.status.to_string())];
            sample(out, "portal_http_requests_total", &labels, series.count.load(Ordering::Relaxed));
        }
        header(
            out,
            "portal_http_requests_unrecorded_total",
            "counter",
            "HTTP requests not counted because the number of series reached its cap.",
        );
        sample(out, "portal_http_requests_unrecorded_total", &[], self.0.unrecorded.load(Ordering::Relaxed));

        // The latency histogram is per route and method: the series of each status are summed.
        #[derive(Default)]
        struct Sum {
            buckets: [u64; DURATION_BOUNDS.len()],
            count: u64,
            nanos: u64,
        }
        let mut sums: BTreeMap<(&str, &str), Sum> = BTreeMap::new();
        for (key, series) in &series {
            let sum = sums.entry((key.route.as_str(), key.method)).or_default();
            for (total, bucket) in sum.buckets.iter_mut().zip(&series.buckets) {
                *total += bucket.load(Ordering::Relaxed);
            }
            sum.count += series.count.load(Ordering::Relaxed);
            sum.nanos = sum.nanos.saturating_add(series.nanos.load(Ordering::Relaxed));
        }
        header(
            out,
            "portal_http_request_duration_seconds",
            "histogram",
            "Time from receiving a request to its response headers, by route template and method.",
        );
        let name = "portal_http_request_duration_seconds";
        for ((route, method), sum) in &sums {
            let mut cumulative = 0;
            for (bound, bucket) in DURATION_BOUNDS.iter().zip(sum.buckets) {
                cumulative += bucket;
                let le = bound.to_string();
                sample(
                    out,
                    &format!("{name}_bucket"),
                    &[("route", route), ("method", method), ("le", &le)],
                    cumulative,
                );
            }
            // Counts are read one by one while requests go on: keep `+Inf` at or above the buckets.
            let count = sum.count.max(cumulative);
            sample(out, &format!("{name}_bucket"), &[("route", route), ("method", method), ("le", "+Inf")], count);
            let seconds = sum.nanos as f64 / 1e9;
            sample(out, &format!("{name}_sum"), &[("route", route), ("method", method)], seconds);
            sample(out, &format!("{name}_count"), &[("route", route), ("method", method)], count);
        }
    }
}

/// Middleware, outermost (timeouts, refusals and compression are counted too): counts each
/// answered request under the route template it was answered by. The router runs further in,
/// so the template comes back on the response ([`tag_route`]; a kept page carries the one it
/// was rendered for).
pub async fn track(State(registry): State<Registry>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let matched_outside = request.extensions().get::<MatchedPath>().cloned();
    let response = next.run(request).await;
    // Never the raw path: only a template the router itself holds, else `other`.
    let route = response.extensions().get::<MatchedPath>().or(matched_outside.as_ref());
    registry.record(route.map_or(OTHER, MatchedPath::as_str), &method, response.status(), started.elapsed());
    response
}

/// Middleware on the portal's routes (`Router::layer`, so it runs after routing): puts the
/// route template the request matched on its response, for [`track`].
pub async fn tag_route(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(request).await;
    if let Some(route) = route {
        response.extensions_mut().insert(route);
    }
    response
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// A label value escaped as the format requires (backslash, double quote, line feed).
fn escape(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\n' => escaped.push_str("\\n"),
            c => escaped.push(c),
        }
    }
    escaped
}

fn sample(out: &mut String, name: &str, labels: &[(&str, &str)], value: impl std::fmt::Display) {
    out.push_str(name);
    if !labels.is_empty() {
        out.push('{');
        for (i, (label, value)) in labels.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let _ = write!(out, "{label}=\"{}\"", escape(value));
        }
        out.push('}');
    }
    let _ = writeln!(out, " {value}");
}

/// Connections in use and idle per pool.
fn render_pools(out: &mut String, db: &Db) {
    header(out, "portal_db_connections", "gauge", "Database connections per pool, in use or idle.");
    let mut pool = |name: &str, size: u32, idle: usize| {
        let idle = u32::try_from(idle).unwrap_or(u32::MAX).min(size);
        sample(out, "portal_db_connections", &[("pool", name), ("state", "in_use")], size - idle);
        sample(out, "portal_db_connections", &[("pool", name), ("state", "idle")], idle);
    };
    match db {
        Db::Sqlite { write, read, sessions } => {
            pool("write", write.size(), write.num_idle());
            pool("read", read.size(), read.num_idle());
            pool("sessions", sessions.size(), sessions.num_idle());
        }
        Db::Postgres(main, sessions) => {
            pool("main", main.size(), main.num_idle());
            pool("sessions", sessions.size(), sessions.num_idle());
        }
    }
}

fn render_group_commit(out: &mut String) {
    let name = "portal_group_commit_batch_size";
    header(out, name, "histogram", "Submissions stored per shared durable commit.");
    let batches = app::metrics::group_commit_batches();
    for (bound, cumulative) in &batches.buckets {
        sample(out, &format!("{name}_bucket"), &[("le", &bound.to_string())], cumulative);
    }
    sample(out, &format!("{name}_bucket"), &[("le", "+Inf")], batches.count);
    sample(out, &format!("{name}_sum"), &[], batches.sum);
    sample(out, &format!("{name}_count"), &[], batches.count);
    let name = "portal_group_commit_duration_seconds";
    header(out, name, "histogram", "Time a shared durable commit held its batch of submissions.");
    let durations = app::metrics::group_commit_durations();
    for (micros, cumulative) in &durations.buckets {
        sample(out, &format!("{name}_bucket"), &[("le", &seconds(*micros))], cumulative);
    }
    sample(out, &format!("{name}_bucket"), &[("le", "+Inf")], durations.count);
    sample(out, &format!("{name}_sum"), &[], durations.sum as f64 / 1e6);
    sample(out, &format!("{name}_count"), &[], durations.count);
    let name = "portal_group_commit_one_statement_total";
    header(
        out,
        name,
        "counter",
        "PostgreSQL batches of plain registrations sent as one statement: stored, or failed and committed in steps.",
    );
    let (stored, failed) = app::metrics::one_statement_batches();
    sample(out, name, &[("outcome", "stored")], stored);
    sample(out, name, &[("outcome", "failed")], failed);
}

/// Microseconds as Prometheus writes seconds (`0.00025`, `1`).
fn seconds(micros: u64) -> String {
    (micros as f64 / 1e6).to_string()
}

/// Queued background jobs per kind. Read from the database at each scrape; when it cannot be
/// read the family is left out (an absent series, rather than a false zero).
async fn render_jobs(out: &mut String, db: &Db) {
    let counts = match app::jobs::counts(db).await {
        Ok(counts) => counts,
        Err(error) => {
            tracing::warn!(%error, "metrics: could not count the jobs");
            return;
        }
    };
    header(
        out,
        "portal_jobs",
        "gauge",
        "Background jobs per kind: waiting (never tried), failed (to be retried), dead.",
    );
    for job in counts.iter().take(MAX_JOB_KINDS) {
        for (state, n) in [("waiting", job.waiting), ("failed", job.failed), ("dead", job.dead)] {
            sample(out, "portal_jobs", &[("kind", &job.kind), ("state", state)], n);
        }
    }
}

/// Everything, in the text format.
pub async fn render(registry: &Registry, state: &AppState) -> String {
    let mut out = String::with_capacity(16 * 1024);
    registry.render(&mut out);
    render_group_commit(&mut out);
    render_pools(&mut out, &state.db);
    render_jobs(&mut out, &state.db).await;
    out
}

async fn metrics(State((registry, state)): State<(Registry, AppState)>) -> impl IntoResponse {
    let body = render(&registry, &state).await;
    ([(header::CONTENT_TYPE, CONTENT_TYPE), (header::CACHE_CONTROL, "no-store")], body)
}

/// The router of the metrics address: `GET /metrics` and nothing else.
pub fn router(registry: Registry, state: AppState) -> Router {
    Router::new().route("/metrics", get(metrics)).with_state((registry, state))
}

/// The most connections the metrics address serves at once (a scraper or two).
const MAX_METRICS_CONNECTIONS: usize = 16;

/// Serves `GET /metrics` on `listener` until shutdown.
pub async fn serve(listener: tokio::net::TcpListener, registry: Registry, state: AppState) {
    if let Err(error) = crate::serve_with_limit(listener, router(registry, state), MAX_METRICS_CONNECTIONS).await {
        tracing::error!(%error, "the metrics listener stopped");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use std::time::Duration;

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape(r#"a\b"c"#), r#"a\\b\"c"#);
        assert_eq!(escape("x\ny"), "x\\ny");
        let mut out = String::new();
        sample(&mut out, "m", &[("route", "/a/{id}"), ("status", "200")], 3);
        assert_eq!(out, "m{route=\"/a/{id}\",status=\"200\"} 3\n");
    }

    #[test]
    fn requests_are_counted_per_template_and_latency_is_cumulative() {
        let registry = Registry::default();
        registry.record("/tjanster/{id}", &Method::GET, StatusCode::OK, Duration::from_micros(500));
        registry.record("/tjanster/{id}", &Method::GET, StatusCode::OK, Duration::from_millis(20));
        registry.record("/tjanster/{id}", &Method::GET, StatusCode::NOT_FOUND, Duration::from_secs(60));
        registry.record(OTHER, &Method::from_bytes(b"BREW").unwrap(), StatusCode::NOT_FOUND, Duration::ZERO);
        let mut out = String::new();
        registry.render(&mut out);
        assert!(out.contains("portal_http_requests_total{route=\"/tjanster/{id}\",method=\"GET\",status=\"200\"} 2\n"));
        assert!(out.contains("portal_http_requests_total{route=\"/tjanster/{id}\",method=\"GET\",status=\"404\"} 1\n"));
        assert!(out.contains("portal_http_requests_total{route=\"other\",method=\"other\",status=\"404\"} 1\n"));
        let bucket = |le: &str| {
            format!(
                "portal_http_request_duration_seconds_bucket{{route=\"/tjanster/{{id}}\",method=\"GET\",le=\"{le}\"}}"
            )
        };
        assert!(out.contains(&format!("{} 1\n", bucket("0.001"))), "{out}");
        assert!(out.contains(&format!("{} 2\n", bucket("0.025"))), "{out}");
        assert!(out.contains(&format!("{} 2\n", bucket("10"))), "60 s is above every bound: {out}");
        assert!(out.contains(&format!("{} 3\n", bucket("+Inf"))), "{out}");
    }

    #[test]
    fn the_number_of_series_is_capped() {
        let registry = Registry::default();
        for n in 0..MAX_SERIES + 10 {
            registry.record(&format!("/r{n}"), &Method::GET, StatusCode::OK, Duration::ZERO);
        }
        assert_eq!(registry.0.series.read().unwrap().len(), MAX_SERIES);
        assert_eq!(registry.0.unrecorded.load(Ordering::Relaxed), 10);
        // A series already kept goes on counting.
        registry.record("/r0", &Method::GET, StatusCode::OK, Duration::ZERO);
        assert_eq!(registry.0.unrecorded.load(Ordering::Relaxed), 10);
    }
}
