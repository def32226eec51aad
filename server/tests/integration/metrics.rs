//! The operators' `/metrics`, on SQLite and PostgreSQL: answered on its own address and not on
//! the public one, in the Prometheus text format, with requests counted under their route
//! templates (never a raw path), the database pools, the job queue and the group-commit batches.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report

use crate::common::{Backend, TestApp};
use std::collections::{BTreeMap, HashMap};

/// A label set without `le`, in order: one histogram series.
type Labels = Vec<(String, String)>;

/// One sample line: its name, labels and value.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

fn is_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn is_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `{a="x",b="y\"z"}` → the labels and what follows the closing brace.
fn parse_labels(text: &str) -> Result<(BTreeMap<String, String>, &str), String> {
    let mut labels = BTreeMap::new();
    let mut rest = text.strip_prefix('{').ok_or("labels must start with {")?;
    loop {
        if let Some(after) = rest.strip_prefix('}') {
            return Ok((labels, after));
        }
        let (name, after) = rest.split_once("=\"").ok_or_else(|| format!("no =\" in {rest}"))?;
        if !is_label_name(name) {
            return Err(format!("bad label name {name:?}"));
        }
        let mut value = String::new();
        let mut chars = after.char_indices();
        let end = loop {
            match chars.next().ok_or("unterminated label value")? {
                (_, '\\') => match chars.next().ok_or("dangling escape")?.1 {
                    '\\' => value.push('\\'),
                    '"' => value.push('"'),
                    'n' => value.push('\n'),
                    other => return Err(format!("bad escape \\{other}")),
                },
                (i, '"') => break i,
                (_, '\n') => return Err("raw line feed in a label value".into()),
                (_, c) => value.push(c),
            }
        };
        if labels.insert(name.to_string(), value).is_some() {
            return Err(format!("label {name} twice"));
        }
        rest = &after[end + 1..];
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
}

fn parse_value(text: &str) -> Result<f64, String> {
    match text {
        "+Inf" => Ok(f64::INFINITY),
        "-Inf" => Ok(f64::NEG_INFINITY),
        "NaN" => Ok(f64::NAN),
        _ => text.parse().map_err(|_| format!("bad value {text:?}")),
    }
}

/// Checks the text against the exposition format 0.0.4 — comment lines, `# TYPE` before its
/// family's samples and only once, names, label syntax and escapes, values, histogram buckets
/// cumulative and ending in `+Inf` equal to `_count` — and returns the samples.
fn parse(text: &str) -> Vec<Sample> {
    assert!(text.ends_with('\n'), "the text ends with a line feed");
    let mut types: HashMap<String, String> = HashMap::new();
    let mut samples = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let at = format!("line {}: {line}", n + 1);
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let words: Vec<&str> = comment.trim_start().splitn(3, ' ').collect();
            match words.as_slice() {
                ["TYPE", name, kind] => {
                    assert!(is_metric_name(name), "{at}");
                    assert!(["counter", "gauge", "histogram", "summary", "untyped"].contains(kind), "{at}");
                    let family = |s: &&Sample| {
                        s.name == *name || ["_bucket", "_sum", "_count"].iter().any(|x| s.name == format!("{name}{x}"))
                    };
                    assert!(!samples.iter().any(|s| family(&s)), "{at}: TYPE after samples");
                    assert!(types.insert(name.to_string(), kind.to_string()).is_none(), "{at}: TYPE twice");
                }
                ["HELP", name, ..] => assert!(is_metric_name(name), "{at}"),
                _ => {}
            }
            continue;
        }
        let name_end = line.find(['{', ' ']).unwrap_or_else(|| panic!("{at}: no value"));
        let name = &line[..name_end];
        assert!(is_metric_name(name), "{at}: bad name");
        let (labels, rest) = if line[name_end..].starts_with('{') {
            parse_labels(&line[name_end..]).unwrap_or_else(|e| panic!("{at}: {e}"))
        } else {
            (BTreeMap::new(), &line[name_end..])
        };
        let mut fields = rest.strip_prefix(' ').unwrap_or_else(|| panic!("{at}: no space before the value")).split(' ');
        let value = parse_value(fields.next().unwrap()).unwrap_or_else(|e| panic!("{at}: {e}"));
        if let Some(timestamp) = fields.next() {
            timestamp.parse::<i64>().unwrap_or_else(|_| panic!("{at}: bad timestamp"));
        }
        assert!(fields.next().is_none(), "{at}: trailing text");
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix).filter(|f| types.get(*f).is_some_and(|t| t == "histogram")))
            .unwrap_or(name);
        assert!(types.contains_key(family), "{at}: no TYPE for {family}");
        samples.push(Sample { name: name.to_string(), labels, value });
    }
    // Histograms: per label set, buckets rise with `le`, the last is +Inf, and +Inf = _count.
    for (family, _) in types.iter().filter(|(_, kind)| *kind == "histogram") {
        let mut series: BTreeMap<Labels, Vec<(f64, f64)>> = BTreeMap::new();
        for sample in samples.iter().filter(|s| s.name == format!("{family}_bucket")) {
            let le = parse_value(&sample.labels["le"]).unwrap();
            let key = sample.labels.iter().filter(|(k, _)| *k != "le").map(|(k, v)| (k.clone(), v.clone())).collect();
            series.entry(key).or_default().push((le, sample.value));
        }
        for (key, buckets) in series {
            assert!(buckets.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1), "{family}{key:?}: {buckets:?}");
            let (last_le, last) = *buckets.last().unwrap();
            assert_eq!(last_le, f64::INFINITY, "{family}{key:?} ends with +Inf");
            let count = samples
                .iter()
                .find(|s| {
                    s.name == format!("{family}_count")
                        && s.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>() == key
                })
                .unwrap_or_else(|| panic!("{family}{key:?} has a _count"));
            assert_eq!(count.value, last, "{family}{key:?}: +Inf equals _count");
        }
    }
    samples
}

fn find<'a>(samples: &'a [Sample], name: &str, labels: &[(&str, &str)]) -> Option<&'a Sample> {
    samples.iter().find(|s| s.name == name && labels.iter().all(|(k, v)| s.labels.get(*k).is_some_and(|x| x == v)))
}

async fn scrape(app: &TestApp) -> (String, Vec<Sample>) {
    let address = app.metrics_address.as_ref().expect("a metrics listener");
    let response = app.stranger().get(format!("{address}/metrics")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let kind = response.headers()["content-type"].to_str().unwrap().to_string();
    assert_eq!(kind, "text/plain; version=0.0.4; charset=utf-8");
    let text = response.text().await.unwrap();
    let samples = parse(&text);
    (text, samples)
}

async fn metrics_answer_on_their_own_address_and_not_on_the_public_one(app: TestApp) {
    let metrics = app.metrics_address.clone().unwrap();
    assert_ne!(metrics, app.address);
    scrape(&app).await;
    let (status, _) = app.get("/metrics").await;
    assert_eq!(status, 404, "the public address knows no /metrics");
    let browser = app.stranger();
    for path in ["/", "/health", "/tjanster/norrvik-bygglov", "/metrics/", "/metrics?x=1/../"] {
        let status = browser.get(format!("{metrics}{path}")).send().await.unwrap().status();
        let expected = if path.starts_with("/metrics?") { 200 } else { 404 };
        assert_eq!(status, expected, "the metrics address serves /metrics only: {path}");
    }
    let status = browser.post(format!("{metrics}/metrics")).send().await.unwrap().status();
    assert_eq!(status, 405, "GET only");
}

async fn requests_are_counted_under_their_route_template_never_their_path(app: TestApp) {
    assert_eq!(app.get("/tjanster/norrvik-bygglov").await.0, 200);
    assert_eq!(app.get("/tjanster/norrvik-bygglov").await.0, 200);
    let (status, _) = app.get("/tjanster/ingen-sadan-tjanst-4711").await;
    assert_eq!(status, 404);
    // A path nobody routes, holding what could be a personal identity number.
    let (status, _) = app.get("/personer/19121212-1212/arenden").await;
    assert_eq!(status, 404);
    assert_eq!(app.get("/api/v1/services?organisation=sjovik").await.0, 200);
    // A method nobody routes is counted under `other`, not under its own name.
    let brew = reqwest::Method::from_bytes(b"BREWCOFFEE").unwrap();
    app.client.request(brew, format!("{}/kontakt", app.address)).send().await.unwrap();

    let (text, samples) = scrape(&app).await;
    let requests = |route: &str, method: &str, status: &str| {
        find(&samples, "portal_http_requests_total", &[("route", route), ("method", method), ("status", status)])
            .map(|s| s.value)
    };
    let service = samples
        .iter()
        .filter(|s| s.name == "portal_http_requests_total")
        .map(|s| s.labels["route"].clone())
        .find(|route| route.starts_with("/tjanster/") && route != "/tjanster/")
        .unwrap_or_else(|| panic!("a service route is counted:\n{text}"));
    assert!(["/tjanster/{id}", "/tjanster/:id"].contains(&service.as_str()), "a template, not a path: {service}");
    assert_eq!(requests(&service, "GET", "200"), Some(2.0), "{text}");
    assert_eq!(requests(&service, "GET", "404"), Some(1.0), "{text}");
    assert_eq!(requests("/api/v1/services", "GET", "200"), Some(1.0), "{text}");
    assert!(requests("other", "GET", "404").is_some_and(|n| n >= 1.0), "an unrouted path is `other`: {text}");
    assert!(find(&samples, "portal_http_requests_total", &[("method", "BREWCOFFEE")]).is_none(), "{text}");
    assert!(find(&samples, "portal_http_requests_total", &[("method", "other")]).is_some(), "{text}");
    let latency =
        find(&samples, "portal_http_request_duration_seconds_count", &[("route", service.as_str()), ("method", "GET")])
            .unwrap_or_else(|| panic!("a latency histogram for the service route:\n{text}"));
    assert_eq!(latency.value, 3.0, "its statuses together");
    for raw in ["norrvik-bygglov", "ingen-sadan", "19121212", "personer", "sjovik", "BREW"] {
        assert!(!text.contains(raw), "{raw} appears in the metrics:\n{text}");
    }
    // The registry's own figures are there too.
    assert_eq!(find(&samples, "portal_http_requests_unrecorded_total", &[]).map(|s| s.value), Some(0.0));
}

async fn pools_jobs_and_group_commits_are_shown(app: TestApp) {
    let key = fill_in_fault_report(&app).await;
    let (status, location) = app.post_form(&format!("{FAULT}/skicka"), &[("key", &key)]).await;
    assert_eq!(status, 303, "{location}");
    let (text, samples) = scrape(&app).await;
    let pools: &[&str] = match app.state.db {
        ::app::db::Db::Sqlite { .. } => &["write", "read", "sessions"],
        ::app::db::Db::Postgres(..) => &["main", "sessions"],
    };
    for pool in pools {
        for state in ["in_use", "idle"] {
            assert!(find(&samples, "portal_db_connections", &[("pool", pool), ("state", state)]).is_some(), "{text}");
        }
    }
    assert_eq!(samples.iter().filter(|s| s.name == "portal_db_connections").count(), pools.len() * 2, "{text}");
    // Every submission passes a group commit (the histogram is the process's, shared by tests).
    let batches = find(&samples, "portal_group_commit_batch_size_count", &[]).unwrap_or_else(|| panic!("{text}"));
    assert!(batches.value >= 1.0, "{text}");
    let rows = find(&samples, "portal_group_commit_batch_size_sum", &[]).unwrap();
    assert!(rows.value >= batches.value, "a batch holds at least one submission");
    // Each commit's duration is kept beside its size, in seconds: the sum of time the commits
    // held their batches, over buckets that only grow up to `+Inf`, which counts them all.
    let commits = find(&samples, "portal_group_commit_duration_seconds_count", &[]).unwrap_or_else(|| panic!("{text}"));
    assert!(commits.value >= 1.0, "{text}");
    let held = find(&samples, "portal_group_commit_duration_seconds_sum", &[]).unwrap();
    assert!(held.value > 0.0 && held.value < 60.0 * commits.value, "seconds, not microseconds: {text}");
    let buckets: Vec<f64> =
        samples.iter().filter(|s| s.name == "portal_group_commit_duration_seconds_bucket").map(|s| s.value).collect();
    assert!(buckets.windows(2).all(|w| w[0] <= w[1]), "cumulative: {text}");
    assert_eq!(buckets.last(), Some(&commits.value), "+Inf counts every commit: {text}");
    assert!(
        find(&samples, "portal_group_commit_duration_seconds_bucket", &[("le", "0.00025")]).is_some(),
        "the smallest bound in seconds: {text}"
    );
    // Batches of plain registrations sent as one statement (PostgreSQL's; zero on SQLite), both outcomes shown.
    for outcome in ["stored", "failed"] {
        assert!(
            find(&samples, "portal_group_commit_one_statement_total", &[("outcome", outcome)]).is_some(),
            "{outcome}: {text}"
        );
    }
    check_jobs(&text, &samples);
}

/// The sent report queued a receipt: the job queue shows its kind in every state.
fn check_jobs(text: &str, samples: &[Sample]) {
    for state in ["waiting", "failed", "dead"] {
        assert!(find(samples, "portal_jobs", &[("kind", "receipt"), ("state", state)]).is_some(), "{state}: {text}");
    }
}

const FAULT: &str = "/formular/norrvik-felanmalan";

/// Fills in the fault report up to its check page; returns the idempotency key to send with.
async fn fill_in_fault_report(app: &TestApp) -> String {
    let steps: [(&str, &[(&str, &str)]); 3] = [
        ("vad", &[("kategori", "belysning"), ("antal_lampor", "3"), ("beskrivning", "Lampan blinkar.")]),
        ("plats", &[("plats.place", "Storgatan 12, Norrvik"), ("plats.lat", ""), ("plats.lon", "")]),
        (
            "kontakt",
            &[("vill_ha_svar", "yes"), ("namn", "Anna Svensson"), ("epost", "anna@example.se"), ("telefon", "")],
        ),
    ];
    for (step, fields) in steps {
        let (status, location) = app.post_form(&format!("{FAULT}/{step}"), fields).await;
        assert_eq!(status, 303, "{step}: {location}");
    }
    let (status, html) = app.get(&format!("{FAULT}/kontrollera")).await;
    assert_eq!(status, 200);
    html.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string()
}

/// The line check itself refuses what is not the format.
#[test]
fn the_line_check_refuses_malformed_text() {
    let good = "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"1\\\"\"} 3\n";
    assert_eq!(parse(good)[0].labels["x"], "1\"");
    for bad in [
        "a_total 3\n",                                                                    // no TYPE
        "# TYPE a counter\na{x=1} 3\n",                                                   // unquoted label value
        "# TYPE a counter\na{x=\"1\"} three\n",                                           // value
        "# TYPE a counter\na{x=\"\\q\"} 3\n",                                             // escape
        "# TYPE 1a counter\n",                                                            // name
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n", // falling
        "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 1\n",                       // +Inf != count
    ] {
        assert!(std::panic::catch_unwind(|| parse(bad)).is_err(), "accepted: {bad}");
    }
}

macro_rules! with_metrics {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $scenario() {
                if let Some(app) = $crate::common::spawn_app_with_metrics(super::Backend::Sqlite).await {
                    super::$scenario(app).await;
                }
            })*
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $scenario() {
                if let Some(app) = $crate::common::spawn_app_with_metrics(super::Backend::Postgres).await {
                    super::$scenario(app).await;
                }
            })*
        }
    };
}

with_metrics!(
    metrics_answer_on_their_own_address_and_not_on_the_public_one,
    requests_are_counted_under_their_route_template_never_their_path,
    pools_jobs_and_group_commits_are_shown,
);
