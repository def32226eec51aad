//! The session store on both backends: many visitors read at the same moment each get their
//! own session back (reads are batched), one visitor's requests at the same moment all read
//! theirs, expired sessions are neither read nor kept, and the
//! store finds its way back after its held connection is cut.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report

use crate::common::TestApp;
use std::collections::HashMap;
use tower_sessions::{
    cookie::time::{Duration, OffsetDateTime},
    session::{Id, Record},
    SessionStore,
};

const FEEDBACK: &str = "/formular/norrvik-synpunkter";

/// Twenty visitors write different answers, then all look at them at once: each sees their
/// own and nobody else's.
async fn visitors_at_the_same_moment_each_get_their_own_answers_back(app: TestApp) {
    let mut visitors = Vec::new();
    for n in 0..20 {
        let browser = app.stranger();
        let message = format!("Besökare nummer {n} vill ha fler bänkar i parken.");
        let response = browser
            .post(format!("{}{FEEDBACK}/synpunkt", app.address))
            .header("origin", &app.address)
            .form(&[("typ", "synpunkt"), ("omraden", "gator"), ("meddelande", message.as_str()), ("foretag", "no")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "visitor {n}'s answer is saved");
        visitors.push((browser, message));
    }
    let mut pages = Vec::new();
    for (browser, message) in visitors {
        let url = format!("{}{FEEDBACK}/synpunkt", app.address);
        pages.push(tokio::spawn(async move {
            let html = browser.get(url).send().await.unwrap().text().await.unwrap();
            (html, message)
        }));
    }
    for (n, page) in pages.into_iter().enumerate() {
        let (html, message) = page.await.unwrap();
        assert!(html.contains(&message), "visitor {n} sees their own message");
        for other in (0..20).filter(|&other| other != n) {
            assert!(!html.contains(&format!("nummer {other} vill")), "visitor {n} sees nothing of visitor {other}'s");
        }
    }
}

/// One browser asks for several things at once (a page and its scripts): every one of those
/// requests reads the same session, and the visitor's draft survives them all.
async fn one_visitor_asking_for_many_things_at_once_keeps_their_session(app: TestApp) {
    let browser = app.stranger();
    let form = "/formular/norrvik-felanmalan";
    let response = browser
        .post(format!("{}{form}/vad", app.address))
        .header("origin", &app.address)
        .form(&[("kategori", "belysning"), ("beskrivning", "Lampan vid bron blinkar.")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let step = format!("{form}/vad");
    let paths = [step.as_str(), "/", step.as_str(), "/organisationer", step.as_str(), "/sok?q=bygglov"];
    for round in 0..5 {
        let mut pages = Vec::new();
        for path in paths.iter().cycle().take(16) {
            let (browser, url) = (browser.clone(), format!("{}{path}", app.address));
            let is_step = *path == step;
            pages.push(tokio::spawn(
                async move { (is_step, browser.get(url).send().await.unwrap().text().await.unwrap()) },
            ));
        }
        for page in pages {
            let (is_step, html) = page.await.unwrap();
            if is_step {
                assert!(
                    html.contains("Lampan vid bron blinkar."),
                    "round {round}: every step page at once shows the draft"
                );
            }
        }
    }
    let html = browser.get(format!("{}{step}", app.address)).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Lampan vid bron blinkar."), "and the draft is still there afterwards");
}

fn record(expires_in: Duration, note: &str) -> Record {
    let mut data = HashMap::new();
    data.insert("note".to_string(), serde_json::json!(note));
    Record { id: Id::default(), data, expiry_date: OffsetDateTime::now_utc() + expires_in }
}

async fn sessions_with_id(app: &TestApp, id: &Id) -> i64 {
    app::on_db!(&app.state.db, sessions, |pool| sqlx::query_scalar::<_, i64>(
        "SELECT COUNT(*) FROM sessions WHERE id = $1"
    )
    .bind(id.to_string())
    .fetch_one(pool)
    .await
    .unwrap())
}

/// An expired session reads as none and is deleted by the cleanup; a live one is kept whole.
async fn expired_sessions_are_neither_read_nor_kept(app: TestApp) {
    let store = app::sessions::PortalSessionStore::new(app.state.db.clone());
    let mut live = record(Duration::days(1), "kvar");
    let mut expired = record(Duration::seconds(-5), "borta");
    store.create(&mut live).await.unwrap();
    store.create(&mut expired).await.unwrap();
    assert_eq!(store.load(&live.id).await.unwrap().as_ref(), Some(&live));
    assert_eq!(store.load(&expired.id).await.unwrap(), None);
    // (The portal's own cleanup may get there first: either way the row is gone.)
    app::sessions::delete_expired(&app.state.db).await.unwrap();
    assert_eq!(sessions_with_id(&app, &expired.id).await, 0, "the expired session is deleted");
    assert_eq!(sessions_with_id(&app, &live.id).await, 1);
    assert_eq!(store.load(&live.id).await.unwrap().as_ref(), Some(&live), "the live session is kept");

    // Saving replaces the record; deleting removes it; an unknown id reads as none.
    live.data.insert("note".into(), serde_json::json!("ändrad"));
    store.save(&live).await.unwrap();
    assert_eq!(store.load(&live.id).await.unwrap().unwrap().data["note"], "ändrad");
    store.delete(&live.id).await.unwrap();
    assert_eq!(store.load(&live.id).await.unwrap(), None);
    assert_eq!(store.load(&Id::default()).await.unwrap(), None);
}

both_backends!(
    visitors_at_the_same_moment_each_get_their_own_answers_back,
    one_visitor_asking_for_many_things_at_once_keeps_their_session,
    expired_sessions_are_neither_read_nor_kept,
);

/// PostgreSQL only: the loader's held connection is cut (as by a database restart); the next
/// read still succeeds on a fresh connection, so the visitor notices nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cut_connection_is_replaced_without_the_visitor_noticing() {
    let Some(app) = crate::common::spawn_app(crate::common::Backend::Postgres).await else { return };
    let store = app::sessions::PortalSessionStore::new(app.state.db.clone());
    let mut kept = record(Duration::days(1), "kvar");
    store.create(&mut kept).await.unwrap();
    assert!(store.load(&kept.id).await.unwrap().is_some());
    let app::db::Db::Postgres(_, pool) = &app.state.db else { unreachable!() };
    // Ends every other backend of this test's database, the loader's held connection among them.
    sqlx::query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .execute(pool)
    .await
    .unwrap();
    // The pool checks a connection idle for over a second before lending it; a restart takes
    // longer than that.
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    assert_eq!(store.load(&kept.id).await.unwrap().as_ref(), Some(&kept));
}
