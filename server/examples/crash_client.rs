//! Crash test client (not a benchmark, not CI): drives the release portal over HTTP with
//! thousands of concurrent anonymous visitors, each filling in the feedback form with a reply
//! address (so every submission queues a receipt) in its own session with its own idempotency
//! key; kills the portal with SIGKILL while sends are in flight, starts it again, lets every
//! visitor retry what was not answered (a send with the same key, as a browser retry would),
//! and then checks the database and the mail folder:
//! - every submission the client saw acknowledged is stored, once, under its key;
//! - no idempotency key is stored twice, nothing is stored that no visitor sent;
//! - every submission has exactly one receipt job, and every receipt is delivered to the mail
//!   folder exactly once (files against `receipt` rows of the `jobs` table).
//!
//! Run by `.ci/crash-test`, which builds the server and prepares a fresh database per backend.
//! Settings (environment): `CRASH_SERVER` (the binary), `CRASH_DATABASE_URL`, `CRASH_MAIL_DIR`,
//! `CRASH_LOG` (the portal's log), `CRASH_PORT` (3300), `CRASH_N` (3000 visitors),
//! `CRASH_CONCURRENCY` (128 at a time), `CRASH_KILL_AT` (acknowledged sends before the kill,
//! default N / 3; then the kill waits, up to 3 s, for `CRASH_MIN_IN_FLIGHT` sends in flight,
//! default a quarter of the concurrency), `CRASH_BACKEND` (a name for the report).
//! Exits 1 on any loss or duplicate.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report

use std::{
    collections::{BTreeMap, BTreeSet},
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst},
        Arc, Mutex,
    },
    time::{Duration, Instant},
};

const FORM: &str = "/formular/norrvik-synpunkter";

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} must be set"))
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

struct Settings {
    server: PathBuf,
    database_url: String,
    mail_dir: PathBuf,
    log: PathBuf,
    port: u16,
}

impl Settings {
    fn start(&self) -> Child {
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log).expect("log file");
        let address = format!("127.0.0.1:{}", self.port);
        Command::new(&self.server)
            .arg("serve")
            .env_remove("PORTAL_CONFIG")
            .env_remove("DATABASE_URL")
            .env("PORTAL__DATABASE_URL", &self.database_url)
            .env("PORTAL__LISTEN", &address)
            .env("PORTAL__PUBLIC_URL", format!("http://{address}"))
            .env("PORTAL__DEMO", "true")
            .env("PORTAL__SECURE_COOKIES", "false")
            .env("PORTAL__CONTENT_DIR", PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content"))
            .env("PORTAL__MAIL_DIR", &self.mail_dir)
            .env("PORTAL__JOBS_POLL_MS", "100")
            .env("PORTAL__JOBS_RETRY_MS", "500")
            // Every visitor comes from 127.0.0.1: the per-client limits are off here.
            .env("PORTAL__SUBMISSIONS_PER_CLIENT", "0")
            .env("PORTAL__RECEIPTS_PER_RECIPIENT", "0")
            .env("RUST_LOG", "warn,server::worker=info")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("the server starts")
    }

    async fn wait_healthy(&self, client: &reqwest::Client) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            let health = client.get(format!("http://127.0.0.1:{}/health", self.port)).send().await;
            if health.is_ok_and(|r| r.status() == 200) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the portal did not come up; see {}", self.log.display());
    }
}

/// What the client saw, shared by all visitors.
#[derive(Default)]
struct Seen {
    killed: AtomicBool,
    acknowledged: AtomicUsize,
    acknowledged_before_kill: AtomicUsize,
    sends_in_flight: AtomicUsize,
    sends_in_flight_at_kill: AtomicUsize,
    send_attempts: AtomicUsize,
    sends_retried: AtomicUsize,
    step_retries: AtomicUsize,
    /// key → reference, for every acknowledged send.
    acks: Mutex<BTreeMap<String, String>>,
    /// Every key a send was attempted with.
    keys_sent: Mutex<BTreeSet<String>>,
    /// Visitors who never got to a confirmation, with what they got instead.
    unacknowledged: Mutex<Vec<String>>,
}

/// One HTTP answer: status, `Location`, the body (for the check page), the new session cookie.
struct Answer {
    status: u16,
    location: String,
    body: String,
    cookie: Option<String>,
}

async fn request(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    cookie: &Option<String>,
    form: Option<&[(&str, &str)]>,
) -> Result<Answer, String> {
    let url = format!("{base}{path}");
    let mut builder = match form {
        Some(fields) => client.post(&url).header("origin", base).form(fields),
        None => client.get(&url).header("accept", "text/html"),
    };
    if let Some(cookie) = cookie {
        builder = builder.header("cookie", cookie);
    }
    let response = builder.send().await.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
    let location = header("location").unwrap_or_default();
    let cookie = header("set-cookie").map(|c| c.split(';').next().unwrap_or_default().to_string());
    let body = response.text().await.map_err(|e| e.to_string())?;
    Ok(Answer { status, location, body, cookie })
}

/// One visitor's walk: step, step, check, send — each request retried (after a pause) until the
/// portal answers, as a patient browser would. Returns after a confirmation or giving up.
async fn visit(client: reqwest::Client, base: String, visitor: usize, seen: Arc<Seen>) {
    let message = format!("Fler papperskorgar behövs vid strandpromenaden, skriver besökare {visitor}.");
    let email = format!("besokare{visitor}@example.se");
    let first: Vec<(&str, &str)> =
        vec![("typ", "synpunkt"), ("omraden", "gator"), ("meddelande", &message), ("foretag", "no")];
    let contact: Vec<(&str, &str)> = vec![("vill_ha_svar", "yes"), ("namn", "Besökare"), ("epost", &email)];
    let mut cookie: Option<String> = None;
    let mut key: Option<String> = None;
    let mut next = format!("{FORM}/synpunkt");
    let mut send_tries = 0;
    for _ in 0..2_000 {
        let (path, fields): (String, Option<Vec<(&str, &str)>>) = if next.ends_with("/synpunkt") {
            (next.clone(), Some(first.clone()))
        } else if next.ends_with("/kontakt") {
            (next.clone(), Some(contact.clone()))
        } else if next.ends_with("/kontrollera") {
            (next.clone(), None)
        } else if next.ends_with("/skicka") {
            (next.clone(), Some(vec![("key", key.as_deref().unwrap_or_default())]))
        } else {
            seen.unacknowledged.lock().unwrap().push(format!("visitor {visitor}: sent to {next}"));
            return;
        };
        let sending = path.ends_with("/skicka");
        if sending {
            send_tries += 1;
            seen.send_attempts.fetch_add(1, SeqCst);
            if send_tries == 2 {
                seen.sends_retried.fetch_add(1, SeqCst);
            }
            seen.keys_sent.lock().unwrap().insert(key.clone().unwrap_or_default());
            seen.sends_in_flight.fetch_add(1, SeqCst);
        }
        let answer = request(&client, &base, &path, &cookie, fields.as_deref()).await;
        if sending {
            seen.sends_in_flight.fetch_sub(1, SeqCst);
        }
        let answer = match answer {
            Ok(answer) if answer.status < 500 => answer,
            // The portal is down (or going down): wait and ask again, the same request.
            _ => {
                if !sending {
                    seen.step_retries.fetch_add(1, SeqCst);
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
                continue;
            }
        };
        if let Some(new) = answer.cookie {
            cookie = Some(new);
        }
        match answer.status {
            303 if answer.location.contains("/kvitto/") => {
                let reference = answer.location.rsplit('/').next().unwrap_or_default().to_string();
                let count = seen.acknowledged.fetch_add(1, SeqCst) + 1;
                if !seen.killed.load(SeqCst) {
                    seen.acknowledged_before_kill.fetch_max(count, SeqCst);
                }
                seen.acks.lock().unwrap().insert(key.clone().unwrap_or_default(), reference);
                return;
            }
            303 if sending && send_tries > 1 => {
                // A retried send must land on the confirmation; anything else tells the visitor
                // the form was not sent (a browser's user would fill it in again).
                seen.unacknowledged
                    .lock()
                    .unwrap()
                    .push(format!("visitor {visitor}: the retried send went to {}", answer.location));
                return;
            }
            303 => next = answer.location,
            200 if path.ends_with("/kontrollera") => {
                match answer.body.split("name=\"key\" value=\"").nth(1).and_then(|r| r.split('"').next()) {
                    Some(found) => {
                        key = Some(found.to_string());
                        next = format!("{FORM}/skicka");
                    }
                    None => next = format!("{FORM}/synpunkt"),
                }
            }
            // The check page sends an incomplete draft back to a step.
            302 => next = answer.location,
            other => {
                seen.unacknowledged.lock().unwrap().push(format!("visitor {visitor}: {other} from {path}"));
                return;
            }
        }
    }
    seen.unacknowledged.lock().unwrap().push(format!("visitor {visitor}: gave up"));
}

async fn query_pairs(db: &app::db::Db, sql: &str) -> Vec<(String, String)> {
    app::on_db!(db, read, |pool| sqlx::query_as::<_, (String, String)>(sql).fetch_all(pool).await.expect(sql))
}

fn header(mail: &str, name: &str) -> Option<String> {
    mail.lines().find_map(|line| line.strip_prefix(name)?.strip_prefix(':').map(|v| v.trim().to_string()))
}

#[tokio::main]
async fn main() {
    let settings = Arc::new(Settings {
        server: env("CRASH_SERVER").into(),
        database_url: env("CRASH_DATABASE_URL"),
        mail_dir: env("CRASH_MAIL_DIR").into(),
        log: env("CRASH_LOG").into(),
        port: env_usize("CRASH_PORT", 3300) as u16,
    });
    let backend = std::env::var("CRASH_BACKEND").unwrap_or_else(|_| "portal".into());
    let n = env_usize("CRASH_N", 3000);
    let concurrency = env_usize("CRASH_CONCURRENCY", 128);
    let min_in_flight = env_usize("CRASH_MIN_IN_FLIGHT", concurrency / 4);
    let kill_at = env_usize("CRASH_KILL_AT", n / 3);
    let base = format!("http://127.0.0.1:{}", settings.port);
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(concurrency)
        .build()
        .unwrap();

    let mut server = settings.start();
    settings.wait_healthy(&client).await;
    let started = Instant::now();
    let seen = Arc::new(Seen::default());
    let next = Arc::new(AtomicUsize::new(0));
    let mut visitors = Vec::new();
    for _ in 0..concurrency {
        let (client, base, seen, next) = (client.clone(), base.clone(), seen.clone(), next.clone());
        visitors.push(tokio::spawn(async move {
            loop {
                let visitor = next.fetch_add(1, SeqCst);
                if visitor >= n {
                    break;
                }
                visit(client.clone(), base.clone(), visitor, seen.clone()).await;
            }
        }));
    }

    // Kill the portal once `kill_at` sends are acknowledged, with more in flight.
    while seen.acknowledged.load(SeqCst) < kill_at {
        if visitors.iter().all(|v| v.is_finished()) {
            println!("FAIL: every visitor finished before {kill_at} sends were acknowledged");
            std::process::exit(1);
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    // …at a moment when many sends are waiting for their answer.
    let waiting = Instant::now();
    while seen.sends_in_flight.load(SeqCst) < min_in_flight && waiting.elapsed() < Duration::from_secs(3) {
        tokio::task::yield_now().await;
    }
    let in_flight = seen.sends_in_flight.load(SeqCst);
    server.kill().expect("SIGKILL"); // `Child::kill` sends SIGKILL on Unix
    seen.killed.store(true, SeqCst);
    seen.sends_in_flight_at_kill.store(in_flight, SeqCst);
    let _ = server.wait();
    let killed_after = started.elapsed();
    // Down for a second: the visitors' retries meet a refused connection first.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut server = settings.start();
    settings.wait_healthy(&client).await;
    let restarted_after = started.elapsed();
    for visitor in visitors {
        visitor.await.expect("visitor");
    }
    let walked = started.elapsed();

    // The queue drains: receipts the killed process had leased wait for their lease to end.
    let db = app::db::Db::connect(&settings.database_url, 2).await.expect("database");
    let drain_started = Instant::now();
    let (pending, sent) = loop {
        let (pending, sent) = receipt_counts(&db).await;
        if pending == 0 || drain_started.elapsed() > Duration::from_secs(150) {
            break (pending, sent);
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    let drained = drain_started.elapsed();
    // Let a last delivery's file land before counting, then stop the portal.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let _ = server.kill();
    let _ = server.wait();

    // What is stored.
    let stored = query_pairs(&db, "SELECT idempotency_key, reference FROM submissions").await;
    let mut stored_by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, reference) in &stored {
        stored_by_key.entry(key.clone()).or_default().push(reference.clone());
    }
    let duplicate_keys = stored_by_key.values().filter(|refs| refs.len() > 1).count();
    let acks = seen.acks.lock().unwrap().clone();
    let keys_sent = seen.keys_sent.lock().unwrap().clone();
    let mut lost = Vec::new();
    for (key, reference) in &acks {
        match stored_by_key.get(key).map(Vec::as_slice) {
            Some([stored]) if stored == reference => {}
            other => lost.push(format!("key {key} acknowledged as {reference}, stored as {other:?}")),
        }
    }
    let unknown: Vec<&String> = stored_by_key.keys().filter(|k| !keys_sent.contains(*k)).collect();
    let stored_unacknowledged = stored_by_key.keys().filter(|k| !acks.contains_key(*k)).count();

    // Receipts: one job per submission, one mail file per job.
    let receipts =
        query_pairs(&db, "SELECT CAST(id AS TEXT), CAST(payload AS TEXT) FROM jobs WHERE kind = 'receipt'").await;
    let mut receipts_per_reference: BTreeMap<String, usize> = BTreeMap::new();
    for (_, payload) in &receipts {
        let json: serde_json::Value = serde_json::from_str(payload).expect("receipt payload");
        *receipts_per_reference.entry(json["reference"].as_str().unwrap_or_default().to_string()).or_default() += 1;
    }
    let references: BTreeSet<&String> = stored.iter().map(|(_, r)| r).collect();
    let missing_receipts = references.iter().filter(|r| !receipts_per_reference.contains_key(**r)).count();
    let duplicate_receipts = receipts_per_reference.values().filter(|&&n| n > 1).count();
    let mut files = 0usize;
    let mut partial_files = 0;
    let mut mails_per_id: BTreeMap<String, usize> = BTreeMap::new();
    let mut mails_per_reference: BTreeMap<String, usize> = BTreeMap::new();
    for entry in std::fs::read_dir(&settings.mail_dir).expect("mail dir").flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.ends_with(".part") {
            partial_files += 1;
            continue;
        }
        if !name.ends_with(".eml") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(entry.path()).expect("mail");
        *mails_per_id.entry(header(&text, "X-Portal-Job-Id").unwrap_or_default()).or_default() += 1;
        if let Some(reference) = text.split_whitespace().find(|w| w.starts_with("SYN-")) {
            let reference = reference.trim_matches(|c: char| !c.is_alphanumeric() && c != '-').to_string();
            *mails_per_reference.entry(reference).or_default() += 1;
        }
    }
    let receipt_ids: BTreeSet<&String> = receipts.iter().map(|(id, _)| id).collect();
    let undelivered = receipt_ids.iter().filter(|id| !mails_per_id.contains_key(**id)).count();
    let duplicate_mails =
        mails_per_id.values().filter(|&&n| n > 1).count() + mails_per_reference.values().filter(|&&n| n > 1).count();
    let stray_mails = mails_per_id.keys().filter(|id| !receipt_ids.contains(id)).count();
    let log = std::fs::read_to_string(&settings.log).unwrap_or_default();
    let redelivery_skipped = log.matches("already in the pickup folder").count();
    let unacknowledged = seen.unacknowledged.lock().unwrap().clone();

    println!("== {backend}: crash test ({n} visitors, {concurrency} at a time) ==");
    println!("visitors                         {n}");
    println!("send attempts                    {}", seen.send_attempts.load(SeqCst));
    println!("killed (SIGKILL) after           {:.2} s", killed_after.as_secs_f64());
    println!("  acknowledged before the kill   {}", seen.acknowledged_before_kill.load(SeqCst));
    println!("  sends in flight at the kill    {}", seen.sends_in_flight_at_kill.load(SeqCst));
    println!("restarted after                  {:.2} s", restarted_after.as_secs_f64());
    println!("sends retried (same key)         {}", seen.sends_retried.load(SeqCst));
    println!("step requests retried            {}", seen.step_retries.load(SeqCst));
    println!("acknowledged in all              {}", acks.len());
    println!("not acknowledged                 {}", unacknowledged.len());
    println!("stored submissions               {}", stored.len());
    println!("  stored, never acknowledged     {stored_unacknowledged}");
    println!("  stored, never sent by a client {}", unknown.len());
    println!("  duplicate idempotency keys     {duplicate_keys}");
    println!("acknowledged but lost            {}", lost.len());
    println!("receipt jobs                     {} ({sent} done, {pending} pending)", receipts.len());
    println!("  submissions without a receipt  {missing_receipts}");
    println!("  duplicate receipts             {duplicate_receipts}");
    println!("receipts delivered (.eml files)  {files} (queue drained {:.1} s after the walk)", drained.as_secs_f64());
    println!("  undelivered receipt jobs       {undelivered}");
    println!("  delivered twice                {duplicate_mails}");
    println!("  files without a receipt job    {stray_mails}");
    println!("  half-written (.part) files     {partial_files}");
    println!("  redeliveries after the crash   {redelivery_skipped} (found in the pickup folder, not written again)");
    println!("walk took                        {:.2} s", walked.as_secs_f64());
    for line in unacknowledged.iter().take(10).chain(lost.iter().take(10)) {
        println!("  ! {line}");
    }
    let failures = [
        (lost.len(), "acknowledged submissions lost"),
        (unacknowledged.len(), "visitors never acknowledged"),
        (stored.len().abs_diff(acks.len()), "stored submissions differ from acknowledged ones"),
        (unknown.len(), "stored submissions nobody sent"),
        (duplicate_keys, "duplicate idempotency keys"),
        (missing_receipts, "submissions without a receipt"),
        (duplicate_receipts, "duplicate receipts"),
        (pending as usize, "receipts still pending"),
        (undelivered, "receipts not delivered"),
        (duplicate_mails, "receipts delivered twice"),
        (files.abs_diff(receipts.len()), "mail files differ from receipt jobs"),
        (stray_mails, "mail files without a receipt job"),
        (usize::from(seen.sends_in_flight_at_kill.load(SeqCst) == 0), "no send was in flight at the kill"),
    ];
    let mut failed = false;
    for (count, what) in failures {
        if count > 0 {
            println!("FAIL: {what}: {count}");
            failed = true;
        }
    }
    if failed {
        std::process::exit(1);
    }
    println!("{backend}: OK — every acknowledged submission stored once, every receipt delivered once");
}

/// Receipt jobs: (not yet done — waiting, failing or dead —, done), read in one statement.
async fn receipt_counts(db: &app::db::Db) -> (i64, i64) {
    app::on_db!(db, read, |pool| sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN state = 'done' THEN 0 ELSE 1 END), 0), \
         COALESCE(SUM(CASE WHEN state = 'done' THEN 1 ELSE 0 END), 0) FROM jobs WHERE kind = 'receipt'"
    )
    .fetch_one(pool)
    .await
    .expect("jobs"))
}
