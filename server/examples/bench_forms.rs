//! Benchmark (not a test): complete anonymous submissions per second, end to end — POST the
//! last step, validate the whole form, commit durably, redirect — against the raw durable
//! insert rate of the same database, measured in the same run, on SQLite and PostgreSQL.
//! Two ceilings: the portal's own INSERT of the same row issued directly (what the database can
//! do for this write), and a bare table without indexes (the floor of any durable insert).
//! A third rate, registrations, is the registering commit alone (issue 13's figure): the same
//! submissions with their cases sent straight to the portal's group commit writer, as the flow
//! does after HTTP, session and validation.
//! Client, portal and PostgreSQL share the machine's cores: compare ratios, not absolute rates.
//!
//! `cargo run --release -p server --example bench_forms` (or `.ci/bench`).
//! `BENCH_N` submissions (default 3000) with `BENCH_CONCURRENCY` clients (default 8); the
//! registrations and their ceiling take turns in `BENCH_ROUNDS` rounds (default 3).
//! PostgreSQL at `PORTAL_TEST_POSTGRES_URL` (default postgres://postgres@127.0.0.1:5432/test);
//! `PORTAL_SKIP_POSTGRES=1` (or `BENCH_BACKENDS=sqlite`) measures SQLite only,
//! `BENCH_BACKENDS=postgres` PostgreSQL only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report

use server::config::Config;
use std::time::Instant;

const FORM: &str = "/formular/norrvik-synpunkter";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Runs the jobs numbered `jobs` on `concurrency` tasks; returns jobs per second.
async fn run<F, Fut>(jobs: std::ops::Range<usize>, concurrency: usize, job: F) -> f64
where
    F: Fn(usize) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    let (first, total) = (jobs.start, jobs.len());
    let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (next, job) = (next.clone(), job.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= total {
                    break;
                }
                job(first + i).await;
            }
        }));
    }
    for task in tasks {
        task.await.expect("worker");
    }
    total as f64 / started.elapsed().as_secs_f64()
}

async fn measure(name: &str, database_url: String, n: usize, concurrency: usize) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let config = Config {
        database_url,
        listen: "127.0.0.1:0".into(),
        public_url: address.clone(),
        demo: true,
        secure_cookies: false,
        // One client sends every submission: the portal's per-client limits are off here.
        submissions_per_client: 0,
        receipts_per_recipient: 0,
        // A connection per client, so the ceilings (one commit per insert) are not held to fewer.
        max_connections: (concurrency as u32).max(Config::default().max_connections),
        ..Config::default()
    };
    let state = server::prepare(&config).await.expect("prepare");
    let router = server::router(&config, state.clone()).await.expect("router");
    tokio::spawn(async move { server::serve(listener, router).await.unwrap() });
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();

    // Untimed: n visitors fill in the feedback form up to "check your answers".
    let prepared = std::sync::Arc::new(std::sync::Mutex::new(vec![(String::new(), String::new()); n]));
    {
        let (client, address, prepared) = (client.clone(), address.clone(), prepared.clone());
        run(0..n, concurrency, move |i| {
            let (client, address, prepared) = (client.clone(), address.clone(), prepared.clone());
            async move {
                let first = client
                    .post(format!("{address}{FORM}/synpunkt"))
                    .header("origin", &address)
                    .form(&[
                        ("typ", "synpunkt"),
                        ("omraden", "gator"),
                        ("meddelande", "Det behövs fler papperskorgar längs strandpromenaden."),
                        ("foretag", "no"),
                    ])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(first.status(), 303);
                let cookie = first.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
                let second = client
                    .post(format!("{address}{FORM}/kontakt"))
                    .header("origin", &address)
                    .header("cookie", &cookie)
                    .form(&[("vill_ha_svar", "no")])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(second.headers()["location"], "/formular/norrvik-synpunkter/kontrollera");
                let html = client
                    .get(format!("{address}{FORM}/kontrollera"))
                    .header("cookie", &cookie)
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
                let key = html.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
                prepared.lock().unwrap()[i] = (cookie, key);
            }
        })
        .await;
    }

    // Timed: the last step — validate, commit durably, redirect. Each client keeps one
    // connection and speaks HTTP/1.1 itself (see `Connection`).
    eprintln!("{name}: timing submissions");
    let submissions = {
        let prepared = std::sync::Arc::new(std::mem::take(&mut *prepared.lock().unwrap()));
        let next = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let host = address.trim_start_matches("http://").to_string();
        let mut connections = Vec::new();
        for _ in 0..concurrency {
            connections.push(Connection::open(&host).await);
        }
        let started = Instant::now();
        let mut tasks = Vec::new();
        for mut connection in connections {
            let (prepared, next, host) = (prepared.clone(), next.clone(), host.clone());
            tasks.push(tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((cookie, key)) = prepared.get(i) else { break };
                    let (status, location) =
                        connection.post_form(&host, &format!("{FORM}/skicka"), cookie, &format!("key={key}")).await;
                    assert_eq!(status, 303);
                    assert!(location.contains("/kvitto/SYN-"), "{location}");
                }
            }));
        }
        for task in tasks {
            task.await.expect("client");
        }
        n as f64 / started.elapsed().as_secs_f64()
    };
    let stored: i64 = app::on_db!(&state.db, read, |pool| sqlx::query_scalar("SELECT COUNT(*) FROM submissions")
        .fetch_one(pool)
        .await
        .unwrap());
    assert_eq!(stored as usize, n, "every submission stored exactly once");

    // Registration alone: the same cases registered through the portal's own path (the group
    // commit writer: the submission, its case with a number from the department's series, the
    // first document, the timeline and the audit row, in one commit per batch), without the HTTP,
    // session and validation around it. Each case is a copy of one the timed part registered.
    let register = {
        type Template = (String, String, String, String, String, Option<String>, String, i64, String, i64, String);
        let template: Template = app::on_db!(&state.db, read, |pool| {
            sqlx::query_as(
                "SELECT c.organisation_id, c.department_id, c.service_id, c.title, c.party, c.secrecy, c.clock_rule, \
                 c.handling_days, dep.case_prefix, dep.case_serial_digits, d.body \
                 FROM cases c JOIN case_documents d ON d.case_id = c.id AND d.number = 1 \
                 JOIN departments dep ON dep.id = c.department_id WHERE c.submission_reference IS NOT NULL LIMIT 1",
            )
            .fetch_one(pool)
            .await
            .expect("a case registered by the timed submissions")
        });
        let template = std::sync::Arc::new(template);
        let (state, form) = (state.clone(), row_template(&state).await);
        move |i: usize| {
            let (state, template, form) = (state.clone(), template.clone(), form.clone());
            async move {
                let (organisation, department, service, title, party, secrecy, clock, days, prefix, digits, body) =
                    &*template;
                let now = state.clock.now_ms();
                let reference = format!("REG-{i:08}");
                let case = app::cases::api::NewCase {
                    organisation_id: organisation.clone(),
                    department_id: department.clone(),
                    service_id: service.clone(),
                    title: title.clone(),
                    party: party.clone(),
                    person_id: None,
                    on_behalf: None,
                    submission_reference: Some(reference.clone()),
                    secrecy: secrecy.clone(),
                    clock: app::cases::api::ClockRule::parse(clock),
                    handling_days: *days,
                    prefix: prefix.clone(),
                    serial_digits: *digits,
                    received_at: now,
                    register: true,
                    first_document: app::cases::api::NewDocument {
                        kind: "submission",
                        direction: "in",
                        party: party.clone(),
                        description: title.clone(),
                        body: body.clone(),
                        secrecy: secrecy.clone(),
                        for_party: true,
                        dated_at: now,
                        reply_by: None,
                    },
                    attachments: Vec::new(),
                    actor: "anonymous".into(),
                    actor_name: String::new(),
                    signature: None,
                };
                let (organisation_id, service_id, form_id, form_version, lang, answers) = &*form;
                let row = app::forms::ssr::group_commit::Row {
                    reference: reference.clone(),
                    key: format!("{:032x}", (1u128 << 100) + i as u128),
                    organisation_id: organisation_id.clone(),
                    service_id: service_id.clone(),
                    form_id: form_id.clone(),
                    form_version: *form_version,
                    lang,
                    answers: answers.clone(),
                    submitted_at: now,
                    receipt: None,
                    case: Some(case),
                    consent: None,
                };
                let stored = state.forms.submissions.store(row).await.expect("registered");
                assert_eq!(stored.as_deref(), Some(reference.as_str()));
            }
        }
    };

    // The first ceiling: the portal's own INSERT of the same row issued directly, one durable
    // commit each, on the same pool with the same concurrency, with no HTTP, session or
    // validation — what this database can do for this write.
    let row: (String, String, String, i64, String, sqlx::types::Json<serde_json::Value>, app::db::Timestamp) =
        app::on_db!(&state.db, read, |pool| {
            sqlx::query_as(
                "SELECT organisation_id, service_id, form_id, form_version, lang, answers, submitted_at \
             FROM submissions LIMIT 1",
            )
            .fetch_one(pool)
            .await
            .unwrap()
        });
    let row = std::sync::Arc::new(row);
    let insert_same = {
        let (db, row) = (state.db.clone(), row.clone());
        move |i: usize| {
            let (db, row) = (db.clone(), row.clone());
            async move {
                let (organisation, service, form, version, lang, answers, at) = &*row;
                let inserted: Option<String> = app::on_db!(&db, write, |pool| {
                    sqlx::query_scalar(
                        "INSERT INTO submissions (reference, idempotency_key, organisation_id, service_id, form_id, \
                         form_version, lang, answers, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                         ON CONFLICT (idempotency_key) DO NOTHING RETURNING reference",
                    )
                    .bind(format!("RAW-{i:08}"))
                    .bind(format!("{:032x}", u128::MAX - i as u128))
                    .bind(organisation)
                    .bind(service)
                    .bind(form)
                    .bind(version)
                    .bind(lang)
                    .bind(answers)
                    .bind(at)
                    .fetch_optional(pool)
                    .await
                    .unwrap()
                });
                assert!(inserted.is_some());
            }
        }
    };
    // Registrations and the ceiling take turns, a part of the rows each round: this machine's
    // speed drifts by a tenth or more within a minute, so a ratio of two rates measured a minute
    // apart moves with it. Each round's ratio is of two rates measured seconds apart; the median
    // round is reported beside the rates over all rounds.
    let rounds = env_usize("BENCH_ROUNDS", 3).clamp(1, n);
    eprintln!("{name}: timing registrations and the same insert issued directly, in {rounds} rounds");
    let (batches_before, held_before) = (app::metrics::group_commit_batches(), app::metrics::group_commit_durations());
    let (mut registering, mut inserting, mut ratios) = (0.0, 0.0, Vec::with_capacity(rounds));
    for round in 0..rounds {
        let part = round * n / rounds..(round + 1) * n / rounds;
        let count = part.len() as f64;
        let registered = run(part.clone(), concurrency, register.clone()).await;
        let inserted = run(part, concurrency, insert_same.clone()).await;
        eprintln!(
            "{name}: round {}: {registered:.0} registrations/s, {inserted:.0} same inserts/s ({:.1} %)",
            round + 1,
            registered / inserted * 100.0
        );
        (registering, inserting) = (registering + count / registered, inserting + count / inserted);
        ratios.push(registered / inserted * 100.0);
    }
    let (registrations, raw_same) = (n as f64 / registering, n as f64 / inserting);
    ratios.sort_by(f64::total_cmp);
    let batches = app::metrics::group_commit_batches();
    let (commits, rows) = (batches.count - batches_before.count, batches.sum - batches_before.sum);
    // A commit's time against its size (run with other BENCH_CONCURRENCY to see both parts of a
    // commit's cost: a fixed part and a part per registration).
    let held = app::metrics::group_commit_durations().sum - held_before.sum;
    eprintln!(
        "{name}: {rows} submissions with their cases in {commits} commits ({:.1} a commit, {:.0} µs each)",
        rows as f64 / commits.max(1) as f64,
        held as f64 / commits.max(1) as f64
    );
    let registered: i64 = app::on_db!(&state.db, read, |pool| sqlx::query_scalar(
        "SELECT COUNT(*) FROM cases WHERE submission_reference LIKE 'REG-%' AND case_number IS NOT NULL"
    )
    .fetch_one(pool)
    .await
    .unwrap());
    assert_eq!(registered as usize, n, "every case registered with a number");

    // The second ceiling: a submission-sized payload into a bare table with no indexes — the
    // floor of any durable insert.
    eprintln!("{name}: timing bare inserts");
    // The bare table is the benchmark's own: made here, dropped after (no migration carries it).
    let bare_table = match &state.db {
        app::db::Db::Sqlite { .. } => {
            "CREATE TABLE IF NOT EXISTS bench_inserts (id INTEGER PRIMARY KEY AUTOINCREMENT, payload TEXT NOT NULL)"
        }
        app::db::Db::Postgres(..) => {
            "CREATE TABLE IF NOT EXISTS bench_inserts (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)"
        }
    };
    app::on_db!(&state.db, write, |pool| {
        sqlx::query(bare_table).execute(pool).await.expect("bench table");
    });
    let raw_bare = {
        let (db, row) = (state.db.clone(), row.clone());
        run(0..n, concurrency, move |_| {
            let (db, row) = (db.clone(), row.clone());
            async move {
                app::on_db!(&db, write, |pool| {
                    sqlx::query("INSERT INTO bench_inserts (payload) VALUES ($1)")
                        .bind(&row.5)
                        .execute(pool)
                        .await
                        .unwrap();
                });
            }
        })
        .await
    };
    app::on_db!(&state.db, write, |pool| {
        sqlx::query("DROP TABLE bench_inserts").execute(pool).await.expect("bench table");
    });
    println!(
        "{name:<10} {submissions:>10.0} {registrations:>16.0} {raw_same:>14.0} {:>7.1}% {:>9.1}% {raw_bare:>14.0} {:>7.1}%   \
         (n = {n}, {concurrency} clients)",
        submissions / raw_same * 100.0,
        registrations / raw_same * 100.0,
        submissions / raw_bare * 100.0,
    );
    println!(
        "{:<10} registers, round by round: median {:.1}%, from {:.1}% to {:.1}% ({rounds} rounds)",
        "",
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1],
    );
}

/// The stored fields of one submission the timed part made, for registrations to copy.
async fn row_template(
    state: &app::state::AppState,
) -> std::sync::Arc<(String, String, String, i64, &'static str, serde_json::Value)> {
    let (organisation, service, form, version, lang, answers): (
        String,
        String,
        String,
        i64,
        String,
        sqlx::types::Json<serde_json::Value>,
    ) = app::on_db!(&state.db, read, |pool| {
        sqlx::query_as(
            "SELECT organisation_id, service_id, form_id, form_version, lang, answers FROM submissions LIMIT 1",
        )
        .fetch_one(pool)
        .await
        .unwrap()
    });
    let lang = if lang == "en" { "en" } else { "sv" };
    std::sync::Arc::new((organisation, service, form, version, lang, answers.0))
}

/// A minimal HTTP/1.1 client on one kept-alive connection. The load generator shares the
/// machine's two cores with the portal and the database, so it should cost as little as it can
/// (what wrk is to the page benchmark); reqwest's general machinery costs several times more.
struct Connection {
    stream: tokio::net::TcpStream,
    buffer: Vec<u8>,
}

impl Connection {
    async fn open(host: &str) -> Connection {
        let stream = tokio::net::TcpStream::connect(host).await.expect("connect");
        stream.set_nodelay(true).unwrap();
        Connection { stream, buffer: Vec::with_capacity(4096) }
    }

    /// Posts a form body; returns the status and the `Location` header.
    async fn post_form(&mut self, host: &str, path: &str, cookie: &str, body: &str) -> (u16, String) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nCookie: {cookie}\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.stream.write_all(request.as_bytes()).await.expect("send");
        loop {
            if let Some(end) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = std::str::from_utf8(&self.buffer[..end]).expect("response head").to_string();
                let header = |name: &str| {
                    head.lines()
                        .find_map(|line| {
                            let (n, v) = line.split_once(':')?;
                            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
                        })
                        .unwrap_or_default()
                };
                let length: usize = header("content-length").parse().unwrap_or(0);
                if self.buffer.len() >= end + 4 + length {
                    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).expect("status");
                    let location = header("location");
                    self.buffer.drain(..end + 4 + length);
                    return (status, location);
                }
            }
            let mut chunk = [0u8; 4096];
            let read = self.stream.read(&mut chunk).await.expect("receive");
            assert!(read > 0, "the portal closed the connection");
            self.buffer.extend_from_slice(&chunk[..read]);
        }
    }
}

#[tokio::main]
async fn main() {
    // `RUST_LOG=…` shows the portal's log while it is measured (off by default: it costs time).
    if let Ok(filter) = std::env::var("RUST_LOG") {
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
    }
    let n = env_usize("BENCH_N", 3000);
    let concurrency = env_usize("BENCH_CONCURRENCY", 8);
    println!(
        "{:<10} {:>10} {:>16} {:>14} {:>8} {:>10} {:>14} {:>8}",
        "backend", "submits/s", "registrations/s", "same insert/s", "submits", "registers", "bare insert/s", "submits"
    );
    let dir = std::env::temp_dir().join(format!("portal-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let backends = std::env::var("BENCH_BACKENDS").unwrap_or_else(|_| "sqlite,postgres".into());
    if backends.contains("sqlite") {
        measure("sqlite", format!("sqlite://{}/portal.db", dir.display()), n, concurrency).await;
    }
    if backends.contains("postgres") && std::env::var("PORTAL_SKIP_POSTGRES").as_deref() != Ok("1") {
        use sqlx::Connection;
        let admin = std::env::var("PORTAL_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let mut conn = sqlx::PgConnection::connect(&admin).await.expect("PostgreSQL for the benchmark");
        let name = format!("portal_bench_{}", std::process::id());
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
        let base = admin.rsplit_once('/').unwrap().0;
        measure("postgres", format!("{base}/{name}"), n, concurrency).await;
        sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&mut conn).await.ok();
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!("targets: submissions (end to end, over HTTP) and registrations (the registering commit alone) each");
    println!("≥ 50 % of the raw durable insert rate of the same database (same insert: the portal's INSERT of the");
    println!("same submission row issued directly; bare: a table without indexes)");
}
