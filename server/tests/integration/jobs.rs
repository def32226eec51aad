//! The jobs queue (`app::jobs`, `server::jobs`) on both backends: a job that keeps failing is
//! retried with backoff until it is a dead letter, shows as one, and is done once retried after
//! the cause is fixed; two sets of workers on one database never run a job twice; a worker that
//! stops gives back what it leased; the migration moves the outbox into the queue.
//! Receipts after a submission are covered by `forms.rs` and `two_servers.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report

use crate::common::{Backend, TestApp};
use app::{
    clock::Clock,
    db::{Db, Timestamp},
    jobs::{self, Kind},
    on_db,
};
use server::jobs::{Dispatch, Settings, Workers};
use std::{
    collections::HashMap,
    path::PathBuf,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

/// Receipts in the queue: (not yet delivered, delivered), read in one statement (two reads
/// could count a job delivered in between twice, or not at all).
pub async fn receipts(db: &Db) -> (i64, i64) {
    on_db!(db, read, |pool| sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN state = 'done' THEN 0 ELSE 1 END), 0), \
         COALESCE(SUM(CASE WHEN state = 'done' THEN 1 ELSE 0 END), 0) FROM jobs WHERE kind = 'receipt'"
    )
    .fetch_one(pool)
    .await
    .unwrap())
}

/// A note written to a file: a kind only these tests know.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Note {
    text: String,
}

/// Three attempts, a minute apart and then two (the tests move the clock, they do not wait).
const NOTE: Kind<Note> = Kind::new("test-note", 3, 60_000);

fn settings() -> Settings {
    Settings { workers: 1, poll: Duration::from_millis(20), ..Settings::default() }
}

async fn enqueue<P: serde::Serialize>(db: &Db, kind: &Kind<P>, payloads: &[P], at: i64) {
    let mut tx = db.begin().await.unwrap();
    jobs::enqueue_many(&mut tx, kind, payloads, at).await.unwrap();
    tx.commit().await.unwrap();
}

async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let started = Instant::now();
    while !check().await {
        assert!(started.elapsed() < Duration::from_secs(20), "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn count_of(db: &Db, kind: &str) -> jobs::JobCounts {
    jobs::counts(db).await.unwrap().into_iter().find(|c| c.kind == kind).unwrap_or(jobs::JobCounts {
        kind: kind.into(),
        waiting: 0,
        failed: 0,
        dead: 0,
    })
}

async fn done_of(db: &Db, kind: &str) -> i64 {
    jobs::done_counts(db).await.unwrap().into_iter().find(|(k, _)| k == kind).map_or(0, |(_, n)| n)
}

/// A handler that writes the note into `dir` — and fails for real while `dir` does not exist.
/// Its error carelessly quotes the note: the queue must not keep that part.
fn note_writer(dir: PathBuf) -> Dispatch {
    Dispatch::new().on(&NOTE, move |id, note: Note| {
        let path = dir.join(format!("note-{id}.txt"));
        async move {
            tokio::fs::write(&path, &note.text)
                .await
                .map_err(|e| format!("cannot write {}: {e} (note: {})", path.display(), note.text))
        }
    })
}

async fn a_job_that_keeps_failing_becomes_dead_and_is_done_once_retried_after_the_fix(app: TestApp) {
    let db = app.state.db.clone();
    let clock = Clock::fixed_at(1_796_000_000_000);
    let dir = std::env::temp_dir().join(crate::common::unique("portal_notes"));
    let workers = Workers::start(db.clone(), clock.clone(), note_writer(dir.clone()), settings());
    let secret = "Till anna.svensson@example.se om 19121212-1212";
    enqueue(&db, &NOTE, &[Note { text: secret.into() }], clock.now_ms()).await;

    // Attempt 1 fails at once; the next is due a minute later, then two minutes after that.
    eventually("the first attempt failed", || async { count_of(&db, "test-note").await.failed == 1 }).await;
    let attempts = || async {
        on_db!(&db, read, |pool| sqlx::query_scalar::<_, i64>("SELECT attempts FROM jobs WHERE kind = 'test-note'")
            .fetch_one(pool)
            .await
            .unwrap())
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(attempts().await, 1, "not retried before its time");
    clock.advance_ms(59_000);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(attempts().await, 1, "the first retry waits a minute");
    clock.advance_ms(1_000);
    eventually("the second attempt failed", || async { attempts().await == 2 }).await;
    clock.advance_ms(60_000);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(attempts().await, 2, "the second retry waits twice as long");
    clock.advance_ms(60_000);
    eventually("the job is dead", || async { count_of(&db, "test-note").await.dead == 1 }).await;
    let counts = count_of(&db, "test-note").await;
    assert_eq!((counts.waiting, counts.failed, counts.dead), (0, 0, 1));
    // Dead stays dead, however long one waits.
    clock.advance_ms(86_400_000);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(attempts().await, 3, "no attempt after the last");

    let dead = jobs::list_dead(&db).await.unwrap();
    assert_eq!(dead.len(), 1, "{dead:?}");
    let job = &dead[0];
    assert_eq!((job.kind.as_str(), job.attempts), ("test-note", 3));
    assert_eq!(job.died_at, Some(Timestamp(clock.now_ms() - 86_400_000)));
    let error = job.last_error.clone().unwrap();
    assert!(error.contains("cannot write") && error.contains("note-"), "{error}");
    for private in ["19121212-1212", "anna.svensson", "example.se"] {
        assert!(!error.contains(private), "the kept error quotes the payload: {error}");
    }

    // The cause is fixed; an operator retries it: delivered once, with attempts from zero.
    std::fs::create_dir_all(&dir).unwrap();
    assert_eq!(jobs::retry_dead(&db, &clock, jobs::Which::One(job.id + 1000)).await.unwrap(), 0, "no such job");
    assert_eq!(jobs::retry_dead(&db, &clock, jobs::Which::One(job.id)).await.unwrap(), 1);
    eventually("the retried job is done", || async { done_of(&db, "test-note").await == 1 }).await;
    assert_eq!(std::fs::read_to_string(dir.join(format!("note-{}.txt", job.id))).unwrap(), secret);
    assert!(jobs::list_dead(&db).await.unwrap().is_empty());
    assert_eq!(jobs::retry_dead(&db, &clock, jobs::Which::AllDead).await.unwrap(), 0, "done is not dead");
    let counts = count_of(&db, "test-note").await;
    assert_eq!((counts.waiting, counts.failed, counts.dead), (0, 0, 0));
    // A done job's payload (an address, a reference) is kept only for a while, then purged.
    let finished = clock.now_ms();
    assert_eq!(jobs::purge_done(&db, finished).await.unwrap(), 0, "kept until the time has passed");
    clock.advance_ms(1);
    assert_eq!(jobs::purge_done(&db, clock.now_ms()).await.unwrap(), 1);
    assert_eq!(done_of(&db, "test-note").await, 0);
    workers.stop(Duration::from_secs(5)).await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// A job of this kind records which set of workers ran it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Count {
    n: u32,
}
const COUNT: Kind<Count> = Kind::new("test-count", 3, 10);

async fn two_sets_of_workers_on_one_database_never_run_a_job_twice(app: TestApp) {
    // Two connections of their own, as two portal processes would have.
    let url = &app.config.database_url;
    let (one, two) = (Db::connect(url, 4).await.unwrap(), Db::connect(url, 4).await.unwrap());
    let clock = Clock::system();

    // The lease itself: two workers asking at the same moment get disjoint jobs.
    let total = 300;
    let payloads: Vec<Count> = (0..total).map(|n| Count { n }).collect();
    enqueue(&app.state.db, &COUNT, &payloads[..100], clock.now_ms()).await;
    let mut leased = HashMap::new();
    for _ in 0..6 {
        let (a, b) = tokio::join!(
            jobs::lease(&one, &clock, &["test-count"], 10, 60_000),
            jobs::lease(&two, &clock, &["test-count"], 10, 60_000)
        );
        for job in a.unwrap().into_iter().chain(b.unwrap()) {
            *leased.entry(job.id).or_insert(0) += 1;
        }
    }
    assert_eq!(leased.len(), 100, "every due job leased");
    assert!(leased.values().all(|&n| n == 1), "a job leased twice: {leased:?}");
    assert!(jobs::lease(&one, &clock, &["test-count"], 10, 60_000).await.unwrap().is_empty(), "all held");
    let ids: Vec<i64> = leased.keys().copied().collect();
    jobs::release(&one, &ids).await.unwrap();

    // Whole workers: two sets of two tasks each, sharing a backlog that keeps growing.
    let runs: Arc<Mutex<HashMap<i64, Vec<&'static str>>>> = Arc::default();
    let start = |db: Db, name: &'static str| {
        let runs = runs.clone();
        let dispatch = Dispatch::new().on(&COUNT, move |id, _: Count| {
            let runs = runs.clone();
            async move {
                runs.lock().unwrap().entry(id).or_default().push(name);
                tokio::time::sleep(Duration::from_millis(1)).await;
                Ok(())
            }
        });
        Workers::start(db, Clock::system(), dispatch, Settings { workers: 2, batch: 5, ..settings() })
    };
    let (a, b) = (start(one.clone(), "A"), start(two.clone(), "B"));
    for chunk in payloads[100..].chunks(50) {
        enqueue(&app.state.db, &COUNT, chunk, clock.now_ms()).await;
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    eventually("every job is done", || async { done_of(&app.state.db, "test-count").await == i64::from(total) }).await;
    a.stop(Duration::from_secs(5)).await;
    b.stop(Duration::from_secs(5)).await;
    let runs = runs.lock().unwrap().clone();
    assert_eq!(runs.len(), total as usize, "every job ran");
    let twice: Vec<_> = runs.iter().filter(|(_, by)| by.len() > 1).collect();
    assert!(twice.is_empty(), "run more than once (job id → workers): {twice:?}");
    let by_a = runs.values().filter(|by| by[0] == "A").count();
    eprintln!("{}: jobs run by A {by_a}, by B {}", app.state.db.backend(), runs.len() - by_a);
}

/// Each job of this kind waits until the test lets it finish.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
struct Slow {
    n: u32,
}
const SLOW: Kind<Slow> = Kind::new("test-slow", 3, 10);

async fn a_worker_that_stops_finishes_the_job_in_hand_and_gives_back_the_rest(app: TestApp) {
    let db = app.state.db.clone();
    let clock = Clock::system();
    enqueue(&db, &SLOW, &[Slow { n: 1 }, Slow { n: 2 }, Slow { n: 3 }], clock.now_ms()).await;
    let (started_tx, mut started) = tokio::sync::mpsc::unbounded_channel::<i64>();
    let finish = Arc::new(tokio::sync::Notify::new());
    let dispatch = Dispatch::new().on(&SLOW, {
        let finish = finish.clone();
        move |id, _: Slow| {
            let (started_tx, finish) = (started_tx.clone(), finish.clone());
            async move {
                let _ = started_tx.send(id);
                finish.notified().await;
                Ok(())
            }
        }
    });
    // One worker leasing all three at once, and a lease far longer than the test.
    let workers = Workers::start(db.clone(), clock.clone(), dispatch, Settings { lease_ms: 3_600_000, ..settings() });
    let first = tokio::time::timeout(Duration::from_secs(10), started.recv()).await.unwrap().unwrap();
    let held = || async {
        on_db!(&db, read, |pool| sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'test-slow' AND state = 'waiting' AND lease_until IS NOT NULL"
        )
        .fetch_one(pool)
        .await
        .unwrap())
    };
    assert_eq!(held().await, 3, "all three leased");
    // Shutdown while the first is in hand: it is finished, the other two are given back.
    let stopping = tokio::spawn(workers.stop(Duration::from_secs(10)));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!stopping.is_finished(), "the stop waits for the job in hand");
    finish.notify_one();
    tokio::time::timeout(Duration::from_secs(10), stopping).await.unwrap().unwrap();
    assert!(started.try_recv().is_err(), "no new job started after the stop");
    assert_eq!(done_of(&db, "test-slow").await, 1, "the job in hand was finished");
    let state: String = on_db!(&db, read, |pool| sqlx::query_scalar("SELECT state FROM jobs WHERE id = $1")
        .bind(first)
        .fetch_one(pool)
        .await
        .unwrap());
    assert_eq!(state, "done");
    assert_eq!(held().await, 0, "no lease is left behind");
    // Another process takes them at once, without waiting for the hour-long lease to end.
    let other = jobs::lease(&db, &clock, &["test-slow"], 10, 60_000).await.unwrap();
    assert_eq!(other.len(), 2, "{other:?}");
    assert!(other.iter().all(|job| job.id != first && job.attempts == 0));
}

both_backends!(
    a_job_that_keeps_failing_becomes_dead_and_is_done_once_retried_after_the_fix,
    two_sets_of_workers_on_one_database_never_run_a_job_twice,
    a_worker_that_stops_finishes_the_job_in_hand_and_gives_back_the_rest,
);

/// The jobs migration on a database with an outbox: every row moves with its id (the id names
/// the receipt's file in the pickup folder), unsent ones due and sent ones done, and new jobs
/// are numbered after them.
async fn the_outbox_moves_into_the_jobs_queue(backend: Backend) {
    let Some((url, _dir)) = crate::common::fresh_database_url(backend).await else { return };
    let db = Db::connect(&url, 2).await.unwrap();
    let all = db.migrator().await.unwrap();
    let jobs_version = 20261130000003;
    let mut before = sqlx::migrate::Migrator::DEFAULT;
    before.migrations = all.migrations.iter().filter(|m| m.version < jobs_version).cloned().collect::<Vec<_>>().into();
    on_db!(&db, write, |pool| before.run(pool).await.unwrap());
    let receipt = |reference: &str| format!(r#"{{"to": "a@example.se", "lang": "sv", "reference": "{reference}"}}"#);
    on_db!(&db, write, |pool| {
        for (id, payload, attempts, sent_at) in
            [(7_i64, receipt("FEL-1"), 0_i64, Some(1_796_000_001_000_i64)), (9, receipt("FEL-2"), 2, None)]
        {
            sqlx::query(
                "INSERT INTO outbox (id, kind, payload, created_at, attempts, next_attempt_at, sent_at, last_error) \
                 VALUES ($1, 'receipt', $2, 1796000000000, $3, 1796000005000, $4, 'mail server away')",
            )
            .bind(id)
            .bind(payload)
            .bind(attempts)
            .bind(sent_at)
            .execute(pool)
            .await
            .unwrap();
        }
    });
    db.migrate().await.unwrap();

    type Row = (i64, String, String, i64, Timestamp, Timestamp, Option<Timestamp>);
    let rows: Vec<Row> = on_db!(&db, read, |pool| sqlx::query_as(
        "SELECT id, kind, state, attempts, created_at, run_at, finished_at FROM jobs ORDER BY id"
    )
    .fetch_all(pool)
    .await
    .unwrap());
    let at = |ms| Timestamp(ms);
    assert_eq!(
        rows,
        vec![
            (
                7,
                "receipt".into(),
                "done".into(),
                0,
                at(1_796_000_000_000),
                at(1_796_000_005_000),
                Some(at(1_796_000_001_000))
            ),
            (9, "receipt".into(), "waiting".into(), 2, at(1_796_000_000_000), at(1_796_000_005_000), None),
        ]
    );
    let clock = Clock::fixed_at(1_796_000_010_000);
    let due = jobs::lease(&db, &clock, &["receipt"], 10, 60_000).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].id, 9);
    assert_eq!(due[0].payload(&jobs::RECEIPT).unwrap().reference, "FEL-2");
    assert_eq!(receipts(&db).await, (1, 1));
    enqueue(&db, &jobs::RECEIPT, &[due[0].payload(&jobs::RECEIPT).unwrap()], clock.now_ms()).await;
    let newest: i64 =
        on_db!(&db, read, |pool| sqlx::query_scalar("SELECT MAX(id) FROM jobs").fetch_one(pool).await.unwrap());
    assert_eq!(newest, 10, "new jobs are numbered after the outbox's");
    for table in ["outbox", "bench_inserts"] {
        let exists =
            on_db!(&db, read, |pool| sqlx::query(&format!("SELECT 1 FROM {table}")).fetch_all(pool).await.map(|_| ()));
        assert!(exists.is_err(), "{table} is dropped");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_the_outbox_moves_into_the_jobs_queue() {
    the_outbox_moves_into_the_jobs_queue(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_the_outbox_moves_into_the_jobs_queue() {
    the_outbox_moves_into_the_jobs_queue(Backend::Postgres).await;
}
