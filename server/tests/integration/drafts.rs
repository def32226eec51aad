//! A signed-in person's drafts, on both backends: kept in the database at every step and
//! continued from another browser; listed in My pages with what is left; a draft begun before
//! signing in becomes theirs; deleted by the person (nobody else's), or when it expires, after a
//! notice a week before. Anonymous visitors' drafts stay in their session.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;

const FEEDBACK: &str = "/formular/norrvik-synpunkter";
const DAY_MS: i64 = 86_400_000;

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap())
}

async fn demo_sign_in(app: &TestApp, person: &str) {
    let (status, _) = app.post_form("/demo-inloggning", &[("person", person)]).await;
    assert_eq!(status, 303, "demo sign-in as {person}");
}

/// The first step of the feedback form, with `message` typed.
async fn first_step(app: &TestApp, message: &str) {
    let fields = [("typ", "synpunkt"), ("omraden", "gator"), ("meddelande", message), ("foretag", "no")];
    let (status, next) = app.post_form(&format!("{FEEDBACK}/synpunkt"), &fields).await;
    assert_eq!((status, next.as_str()), (303, "/formular/norrvik-synpunkter/kontakt"));
}

#[tokio::test]
async fn a_signed_in_persons_draft_waits_in_my_pages_and_continues_on_another_device() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app(backend).await else { continue };
        demo_sign_in(&app, "tolvan").await;
        let (_, empty) = app.get("/mina-sidor/paborjade").await;
        assert!(empty.contains("data-test=\"drafts-empty\""), "{empty}");
        first_step(&app, "Gropar på Storgatan.").await;
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM person_drafts").await, 1, "kept in the database");
        // It is part of everything kept about him: in "my data", and in its download.
        let (_, mine) = app.get("/mina-sidor/mina-uppgifter").await;
        assert!(mine.contains("En påbörjad ansökan är sparad"), "{mine}");
        let (_, json) = app.get("/mina-sidor/mina-uppgifter.json").await;
        let data: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(data["drafts"][0]["form"], "norrvik-synpunkter");
        assert_eq!(data["drafts"][0]["answers"]["meddelande"][0], "Gropar på Storgatan.");
        assert_eq!(data["cases"].as_array().map(Vec::len), Some(0));

        // Another device, the same person: the draft is listed with what is left, and the step
        // shows what was typed on the first device.
        let phone = app.another_browser();
        demo_sign_in(&phone, "tolvan").await;
        let (status, list) = phone.get("/mina-sidor/paborjade").await;
        assert_eq!(status, 200);
        assert!(list.contains("Lämna en synpunkt eller ett klagomål"), "{list}");
        assert!(list.contains("Kontaktuppgifter (steg 1 av 2 klara)"), "{list}");
        assert!(list.contains("href=\"/formular/norrvik-synpunkter/kontakt\""), "continue where it was left: {list}");
        let (_, step) = phone.get(&format!("{FEEDBACK}/synpunkt")).await;
        assert!(step.contains("Gropar på Storgatan."), "typed on the other device: {step}");
        let (_, my_pages) = phone.get("/mina-sidor").await;
        assert!(my_pages.contains("href=\"/mina-sidor/paborjade\""), "My pages link to the drafts");

        // Finished and sent from the phone: no longer in progress, anywhere.
        assert_eq!(phone.post_form(&format!("{FEEDBACK}/kontakt"), &[("vill_ha_svar", "no")]).await.0, 303);
        let (_, list) = phone.get("/mina-sidor/paborjade").await;
        assert!(list.contains("Allt är ifyllt: kontrollera och skicka"), "{list}");
        assert!(list.contains("href=\"/formular/norrvik-synpunkter/kontrollera\""));
        let (_, check) = phone.get(&format!("{FEEDBACK}/kontrollera")).await;
        let key = check.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let (status, receipt) = phone.post_form(&format!("{FEEDBACK}/skicka"), &[("key", &key)]).await;
        assert_eq!(status, 303);
        assert_eq!(phone.get(&receipt).await.0, 200, "the sender sees the confirmation");
        assert!(app.get("/mina-sidor/paborjade").await.1.contains("data-test=\"drafts-empty\""));
        // The case is theirs, and in "my data" instead of the draft.
        assert!(app.get("/mina-sidor/arenden").await.1.contains("data-test=\"case-link\""));
        let (_, json) = app.get("/mina-sidor/mina-uppgifter.json").await;
        let data: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(data["drafts"].as_array().map(Vec::len), Some(0), "{data}");
        assert_eq!(data["cases"][0]["title"], "Lämna en synpunkt eller ett klagomål", "{data}");

        // An anonymous visitor's draft stays in their session.
        let anonymous = app.another_browser();
        first_step(&anonymous, "Anonymt om parken.").await;
        assert_eq!(
            scalar(&app, "SELECT COUNT(*) FROM person_drafts WHERE CAST(draft AS TEXT) LIKE '%Anonymt%'").await,
            0,
            "nothing of an anonymous draft in person_drafts"
        );
    }
}

#[tokio::test]
async fn a_draft_begun_before_signing_in_becomes_the_persons_and_only_they_delete_it() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app(backend).await else { continue };
        // Begun anonymously; then Agda signs in in the same browser: the draft is hers, kept.
        first_step(&app, "Började innan inloggning.").await;
        demo_sign_in(&app, "agda").await;
        let (_, step) = app.get(&format!("{FEEDBACK}/synpunkt")).await;
        assert!(step.contains("Började innan inloggning."), "{step}");
        let (_, list) = app.get("/mina-sidor/paborjade").await;
        assert!(list.contains("data-test=\"draft-norrvik-synpunkter\""), "{list}");

        // Tolvan, elsewhere, cannot delete Agda's draft: his own (none) is all a delete reaches.
        let tolvan = app.another_browser();
        demo_sign_in(&tolvan, "tolvan").await;
        let (status, to) = tolvan.post_form("/mina-sidor/paborjade/norrvik-synpunkter/ta-bort", &[]).await;
        assert_eq!((status, to.as_str()), (303, "/mina-sidor/paborjade?borttaget=1"));
        assert!(app.get("/mina-sidor/paborjade").await.1.contains("data-test=\"draft-norrvik-synpunkter\""));
        // Nobody signed in: sent to sign in first, nothing deleted.
        let nobody = app.another_browser();
        let (status, to) = nobody.post_form("/mina-sidor/paborjade/norrvik-synpunkter/ta-bort", &[]).await;
        assert_eq!(status, 303);
        assert!(to.starts_with("/logga-in"), "{to}");
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM person_drafts").await, 1);

        // Agda deletes it: gone from the list, and the form starts afresh.
        let (status, to) = app.post_form("/mina-sidor/paborjade/norrvik-synpunkter/ta-bort", &[]).await;
        assert_eq!(status, 303);
        let (_, list) = app.get(&to).await;
        assert!(list.contains("data-test=\"draft-deleted\"") && list.contains("data-test=\"drafts-empty\""), "{list}");
        let (_, step) = app.get(&format!("{FEEDBACK}/synpunkt")).await;
        assert!(!step.contains("Började innan inloggning."));
    }
}

#[tokio::test]
async fn a_forgotten_draft_is_announced_a_week_ahead_then_deleted() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let clock = app::clock::Clock::fixed_at(1_800_000_000_000);
        let Some(app) = spawn_app_with_clock(backend, &clock).await else { continue };
        let mail_dir = app.config.mail_dir.clone().unwrap();
        demo_sign_in(&app, "tolvan").await;
        let person = scalar(&app, "SELECT id FROM persons WHERE personal_number = '191212121212'").await;
        app::on_db!(&app.state.db, write, |pool| {
            sqlx::query(
                "INSERT INTO person_contacts (person_id, email, email_confirmed_at, notify_email, updated_at) \
                 VALUES ($1, 'tolvan@example.se', $2, TRUE, $2)",
            )
            .bind(person)
            .bind(app::db::Timestamp(clock.now_ms()))
            .execute(pool)
            .await
            .unwrap()
            .rows_affected()
        });
        first_step(&app, "Glömt utkast.").await;

        // Three weeks on, nothing happens; a few days later the week before has come: told
        // once, by e-mail, with nothing of the draft in the message.
        let sweep = |days: i64| {
            clock.advance_ms(days * DAY_MS);
            let (db, now) = (app.state.db.clone(), clock.now_ms());
            async move { app::forms::ssr::draft::sweep(&db, now).await.unwrap() }
        };
        assert_eq!(sweep(21).await, (0, 0));
        assert_eq!(sweep(3).await, (1, 0), "told once");
        assert_eq!(sweep(1).await, (0, 0), "and only once");
        let mail = wait_for_mail(&mail_dir, "draft-expiry").await;
        assert!(mail.contains("/mina-sidor/paborjade"), "{mail}");
        assert!(!mail.contains("Glömt utkast") && !mail.contains("ynpunkt"), "nothing of the draft: {mail}");
        // The list says when it goes, marked as near.
        demo_sign_in(&app, "tolvan").await;
        let (_, list) = app.get("/mina-sidor/paborjade").await;
        let expires = list.split("data-test=\"draft-expires\">").nth(1).unwrap_or_default();
        assert!(expires.starts_with("<strong>"), "{list}");
        assert_eq!(sweep(6).await, (0, 1), "deleted when its time is up");
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM person_drafts").await, 0);
    }
}

#[tokio::test]
async fn what_is_typed_while_the_sign_in_runs_out_waits_for_the_person_to_sign_in_again() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let clock = app::clock::Clock::fixed_at(1_800_000_000_000);
        let Some(app) = spawn_app_with_clock(backend, &clock).await else { continue };
        demo_sign_in(&app, "tolvan").await;
        first_step(&app, "Skrivet innan timeouten.").await;
        // Tolvan reads for 25 minutes; the sign-in ends (20 minutes idle); then he sends the step.
        clock.advance_ms(25 * 60_000);
        let (status, to) = app.post_form(&format!("{FEEDBACK}/kontakt"), &[("vill_ha_svar", "no")]).await;
        assert_eq!((status, to.as_str()), (303, "/logga-in?till=/formular/norrvik-synpunkter/kontakt"));
        // He signs in again and is back on the step: what he sent is applied, and he goes on
        // to check and send.
        demo_sign_in(&app, "tolvan").await;
        let response = app.get_response(&format!("{FEEDBACK}/kontakt")).await;
        assert!(response.status().is_redirection(), "{}", response.status());
        let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default();
        assert_eq!(location, "/formular/norrvik-synpunkter/kontrollera");
        let (_, check) = app.get(&format!("{FEEDBACK}/kontrollera")).await;
        assert!(check.contains("Skrivet innan timeouten."), "{check}");
        assert!(!check.contains("data-test=\"incomplete\""), "both steps are done: {check}");

        // Another form, one he has no draft of: an anonymous visitor's step like any other.
        clock.advance_ms(25 * 60_000);
        let (status, to) = app.post_form("/formular/norrvik-felanmalan/vad", &[("kategori", "gata")]).await;
        assert_eq!(status, 303);
        assert!(!to.starts_with("/logga-in"), "not sent to sign in for a form he had no draft of: {to}");
        // His own draft's form: sent to sign in once; going on without signing in is then allowed.
        let (_, to) = app.post_form(&format!("{FEEDBACK}/synpunkt"), &[("meddelande", "Utan att logga in")]).await;
        assert!(to.starts_with("/logga-in"), "{to}");
        let (_, to) = app.post_form(&format!("{FEEDBACK}/synpunkt"), &[("meddelande", "Utan att logga in")]).await;
        assert!(!to.starts_with("/logga-in"), "only once: {to}");
        demo_sign_in(&app, "tolvan").await;

        // A lapsed post is never given to another person who signs in in the same browser.
        clock.advance_ms(25 * 60_000);
        let (status, _) = app.post_form(&format!("{FEEDBACK}/synpunkt"), &[("meddelande", "Tolvans hemlighet")]).await;
        assert_eq!(status, 303);
        demo_sign_in(&app, "agda").await;
        let (_, step) = app.get(&format!("{FEEDBACK}/synpunkt")).await;
        assert!(!step.contains("Tolvans hemlighet"), "{step}");
        demo_sign_in(&app, "tolvan").await;
        let (_, step) = app.get(&format!("{FEEDBACK}/synpunkt")).await;
        assert!(!step.contains("Tolvans hemlighet"), "dropped once someone else signed in");
    }
}
