//! Level-2 forms end to end over HTTP, as a browser without JavaScript would use them:
//! start, steps with POST/redirect/GET, errors, check your answers, sending exactly once,
//! the receipt through the jobs queue, the print view, and hostile input. Both backends.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report

use crate::common::{count, TestApp};

const FAULT: &str = "/formular/norrvik-felanmalan";

async fn submissions(app: &TestApp) -> i64 {
    app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM submissions")
        .fetch_one(pool)
        .await
        .unwrap())
}

async fn stored_answers(app: &TestApp, reference: &str) -> serde_json::Value {
    let answers: sqlx::types::Json<serde_json::Value> = app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar(
        "SELECT answers FROM submissions WHERE reference = $1"
    )
    .bind(reference)
    .fetch_one(pool)
    .await
    .unwrap());
    answers.0
}

/// Fills in the fault report up to "check your answers"; returns the idempotency key.
async fn fill_in_fault_report(app: &TestApp) -> String {
    let (status, location) = app
        .post_form(
            &format!("{FAULT}/vad"),
            &[
                ("kategori", "belysning"),
                ("antal_lampor", "3"),
                ("beskrivning", "Tre lampor är släckta längs gångvägen."),
            ],
        )
        .await;
    assert_eq!((status, location.as_str()), (303, "/formular/norrvik-felanmalan/plats"));
    let (status, location) = app
        .post_form(
            &format!("{FAULT}/plats"),
            &[("plats.place", "Storgatan 12, Norrvik"), ("plats.lat", ""), ("plats.lon", "")],
        )
        .await;
    assert_eq!((status, location.as_str()), (303, "/formular/norrvik-felanmalan/kontakt"));
    let (status, location) = app
        .post_form(
            &format!("{FAULT}/kontakt"),
            &[("vill_ha_svar", "yes"), ("namn", "Anna Svensson"), ("epost", "anna@example.se"), ("telefon", "")],
        )
        .await;
    assert_eq!((status, location.as_str()), (303, "/formular/norrvik-felanmalan/kontrollera"));
    let (status, html) = app.get(&format!("{FAULT}/kontrollera")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Storgatan 12, Norrvik") && html.contains("Gatubelysning") && html.contains("anna@example.se")
    );
    assert!(count(&html, "data-test=\"change-link\"") >= 6, "a change link per answer");
    let key = html.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert_eq!(key.len(), 32);
    key
}

async fn a_resident_reports_a_fault_without_javascript_and_gets_a_reference_and_a_receipt(app: TestApp) {
    let (status, html) = app.get("/tjanster/norrvik-felanmalan").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("href=\"/formular/norrvik-felanmalan\"")
            && html.contains("/formular/norrvik-felanmalan/utskrift")
    );
    let (status, html) = app.get(FAULT).await;
    assert_eq!(status, 200);
    assert!(html.contains("href=\"/formular/norrvik-felanmalan/vad\"") && html.contains("data-test=\"start-button\""));
    let key = fill_in_fault_report(&app).await;

    let (status, location) = app.post_form(&format!("{FAULT}/skicka"), &[("key", &key)]).await;
    assert_eq!(status, 303);
    let reference = location.rsplit('/').next().unwrap().to_string();
    assert!(location.starts_with("/formular/norrvik-felanmalan/kvitto/FEL-2026-"), "{location}");
    let (status, html) = app.get(&location).await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&reference) && html.contains("a…@example.se"),
        "confirmation shows the reference and a masked address"
    );

    let answers = stored_answers(&app, &reference).await;
    assert_eq!(answers["kategori"], "belysning");
    assert_eq!(answers["antal_lampor"], 3.0);
    assert_eq!(answers["plats"]["place"], "Storgatan 12, Norrvik");
    assert_eq!(answers["vill_ha_svar"], true);
    // The draft is gone: the start page no longer offers to continue.
    let (_, html) = app.get(FAULT).await;
    assert!(!html.contains("data-test=\"draft-notice\""));

    // The worker delivers the receipt to the mail folder.
    let mail_dir = app.config.mail_dir.clone().unwrap();
    let mut mail = None;
    for _ in 0..100 {
        if let Some(entry) =
            std::fs::read_dir(&mail_dir).unwrap().flatten().find(|e| e.path().extension().is_some_and(|x| x == "eml"))
        {
            mail = Some(std::fs::read_to_string(entry.path()).unwrap());
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let mail = mail.expect("a receipt was delivered");
    assert!(mail.contains("To: anna@example.se") && mail.contains(&reference));
    // A message a mail server accepts and a mail program shows right: sender, date, a unique
    // id, MIME headers, and the Swedish subject as RFC 2047 encoded words.
    for header in
        ["From: Medborgarportalen <noreply@127.0.0.1>", "Date: ", "Message-ID: <receipt-", "MIME-Version: 1.0"]
    {
        assert!(mail.contains(&format!("\r\n{header}")) || mail.starts_with(header), "{header} in {mail}");
    }
    assert!(mail.contains("Subject: =?utf-8?B?"), "{mail}");
    assert!(mail.is_ascii() || mail.split("\r\n\r\n").next().unwrap().is_ascii(), "headers are ASCII");
    assert!(!mail.contains("Tre lampor"), "the receipt does not repeat what was written");
}

async fn a_double_click_a_reload_and_a_retry_never_create_a_second_submission(app: TestApp) {
    let key = fill_in_fault_report(&app).await;
    let path = format!("{FAULT}/skicka");
    let fields = [("key", key.as_str())];
    let (first, second) = tokio::join!(app.post_form(&path, &fields), app.post_form(&path, &fields));
    assert_eq!(first.0, 303);
    assert_eq!(first, second, "both clicks land on the same confirmation");
    // A retry after a lost answer, even from a browser that lost its session.
    let stranger = app.stranger();
    let retry = stranger
        .post(format!("{}{path}", app.address))
        .header("origin", &app.address)
        .form(&[("key", &key)])
        .send()
        .await
        .unwrap();
    assert_eq!(retry.headers()["location"].to_str().unwrap(), first.1);
    let (status, _) = app.get(&first.1).await;
    assert_eq!(status, 200, "reloading the confirmation works");
    assert_eq!(submissions(&app).await, 1);
    let (pending, sent) = crate::jobs::receipts(&app.state.db).await;
    assert_eq!(pending + sent, 1, "one receipt");
}

async fn invalid_answers_come_back_explained_with_what_was_typed(app: TestApp) {
    let typed = "</textarea><b>x";
    let (status, location) = app
        .post_form(
            &format!("{FAULT}/vad"),
            &[("kategori", "belysning"), ("antal_lampor", "tre"), ("beskrivning", typed)],
        )
        .await;
    assert_eq!((status, location.as_str()), (303, "/formular/norrvik-felanmalan/vad"));
    let (status, html) = app.get(&location).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-test=\"error-summary\""));
    assert!(html.contains("href=\"#f-antal_lampor\""), "the summary links to the field");
    assert_eq!(count(&html, "data-test=\"field-error\""), 1);
    assert!(html.contains("value=\"tre\""), "the typed number is kept");
    assert!(html.contains("&lt;/textarea&gt;&lt;b&gt;x") && !html.contains("<b>x"), "kept, and escaped");
    assert!(html.contains("<title>Fel: "), "the title says there is an error");
    // English messages for an English visitor.
    let (_, html) = app.get(&format!("{location}?lang=en")).await;
    assert!(html.contains("must be a number"), "English error");
    // Nothing was stored.
    assert_eq!(submissions(&app).await, 0);
}

async fn steps_out_of_order_and_tampered_posts_are_refused_gently(app: TestApp) {
    // Straight to the last step: sent back to the first.
    let (status, location) = app.post_form(&format!("{FAULT}/kontakt"), &[("vill_ha_svar", "no")]).await;
    assert_eq!((status, location.as_str()), (303, "/formular/norrvik-felanmalan/vad"));
    let response = app.get_response(&format!("{FAULT}/kontakt")).await;
    assert_eq!(response.status().as_u16(), 302);
    // Unknown step and form.
    assert_eq!(app.post_form(&format!("{FAULT}/nope"), &[]).await.0, 404);
    assert_eq!(app.get("/formular/no-such-form").await.0, 404);
    assert_eq!(app.get(&format!("{FAULT}/nope")).await.0, 404);
    // A choice that is not offered, extra fields, a huge value and odd characters.
    let huge = "x".repeat(20_000);
    let (status, location) = app
        .post_form(
            &format!("{FAULT}/vad"),
            &[
                ("kategori", "'; DROP TABLE submissions; --"),
                ("admin", "1"),
                ("beskrivning", &huge),
                ("antal_lampor", "\u{0}\u{202e}1"),
            ],
        )
        .await;
    assert_eq!((status, location.as_str()), (303, "/formular/norrvik-felanmalan/vad"));
    let (status, html) = app.get(&location).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-test=\"error-summary\"") && !html.contains("name=\"admin\""));
    // A tampered idempotency key, and sending with nothing filled in.
    assert_eq!(app.post_form(&format!("{FAULT}/skicka"), &[("key", "not-a-key")]).await.0, 400);
    // A key that is not this draft's (a stale tab): back to checking the answers.
    let (status, location) = app.post_form(&format!("{FAULT}/skicka"), &[("key", &"a".repeat(32))]).await;
    assert_eq!((status, location.as_str()), (303, "/formular/norrvik-felanmalan/kontrollera"));
    let (status, html) = app.get(&location).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-test=\"incomplete\"") && !html.contains("data-test=\"send\""), "cannot send yet");
    // Another site cannot post on the visitor's behalf.
    let response = app
        .client
        .post(format!("{}{FAULT}/vad", app.address))
        .header("origin", "https://evil.example")
        .form(&[("kategori", "annat")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(submissions(&app).await, 0);
}

async fn conditions_skip_steps_and_hidden_answers_are_never_stored(app: TestApp) {
    let form = "/formular/norrvik-allmanna-handlingar";
    let (_, location) = app
        .post_form(
            &format!("{form}/handlingar"),
            &[("beskrivning", "Protokoll från oktober"), ("diarienummer", "KS 2026/12")],
        )
        .await;
    assert_eq!(location, format!("{form}/leverans"));
    // Choosing paper needs an address; the email given too is not stored, being hidden.
    let (_, location) = app
        .post_form(
            &format!("{form}/leverans"),
            &[
                ("satt", "post"),
                ("epost", "x@example.se"),
                ("adress.street", "Storgatan 1"),
                ("adress.postcode", "12345"),
                ("adress.city", "Norrvik"),
            ],
        )
        .await;
    assert_eq!(location, format!("{form}/kontrollera"));
    let (_, html) = app.get(&format!("{form}/kontrollera")).await;
    assert!(!html.contains("x@example.se"), "a hidden answer is not shown");
    let key = html.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let (_, location) = app.post_form(&format!("{form}/skicka"), &[("key", &key)]).await;
    let reference = location.rsplit('/').next().unwrap();
    let answers = stored_answers(&app, reference).await;
    assert!(answers.get("epost").is_none(), "{answers}");
    assert_eq!(answers["adress"]["postcode"], "12345");
    // A bad case number pattern is explained in the words of the form.
    let (_, _) = app
        .post_form(&format!("{form}/handlingar"), &[("beskrivning", "Protokoll"), ("diarienummer", "nonsense")])
        .await;
    let (_, html) = app.get(&format!("{form}/handlingar")).await;
    assert!(html.contains("till exempel BN 2026/0123"));
}

async fn repeating_groups_add_and_remove_items_without_javascript(app: TestApp) {
    let form = "/formular/norrvik-kulturskola";
    let (_, location) = app
        .post_form(
            &format!("{form}/barn"),
            &[
                ("barn", "1"),
                ("barn.0.namn", "Alva"),
                ("barn.0.personnummer", "20150101-0007"),
                ("_action", "add:barn"),
            ],
        )
        .await;
    assert_eq!(location, format!("{form}/barn#f-barn-1-namn"));
    let (_, html) = app.get(&format!("{form}/barn")).await;
    assert_eq!(count(&html, "data-test=\"group-item\""), 2);
    assert!(html.contains("value=\"Alva\""), "the first child is kept");
    let (_, location) = app
        .post_form(
            &format!("{form}/barn"),
            &[("barn", "2"), ("barn.0.namn", "Alva"), ("barn.1.namn", "Ebbe"), ("_action", "remove:barn:0")],
        )
        .await;
    assert_eq!(location, format!("{form}/barn"));
    let (_, html) = app.get(&format!("{form}/barn")).await;
    assert_eq!(count(&html, "data-test=\"group-item\""), 1);
    assert!(html.contains("value=\"Ebbe\"") && !html.contains("value=\"Alva\""));
    // An invalid personal identity number is explained beside the field.
    let (_, _) = app
        .post_form(
            &format!("{form}/barn"),
            &[
                ("barn", "1"),
                ("barn.0.namn", "Ebbe"),
                ("barn.0.personnummer", "20150101-0008"),
                ("barn.0.kurs", "piano"),
            ],
        )
        .await;
    let (_, html) = app.get(&format!("{form}/barn")).await;
    assert!(html.contains("href=\"#f-barn-0-personnummer\"") && html.contains("giltigt personnummer"));
}

async fn every_form_prints_with_every_question(app: TestApp) {
    for form in [
        "norrvik-felanmalan",
        "norrvik-synpunkter",
        "norrvik-allmanna-handlingar",
        "norrvik-kulturskola",
        "norrvik-forskola",
    ] {
        let def = app::forms::ssr::store::current_definition(&app.state.db, form).await.unwrap();
        let (status, html) = app.get(&format!("/formular/{form}/utskrift")).await;
        assert_eq!(status, 200, "{form}");
        for (_, q) in def.questions() {
            let label = app::forms::model::tr(&q.label, app::i18n::Lang::SV).replace(['”', '–'], "");
            let html = html.replace(['”', '–'], "");
            assert!(html.contains(&label), "{form}: {label}");
        }
        let (status, _) = app.get(&format!("/formular/{form}")).await;
        assert_eq!(status, 200);
    }
}

async fn a_confirmation_is_shown_only_to_whoever_sent_it(app: TestApp) {
    let key = fill_in_fault_report(&app).await;
    let (_, location) = app.post_form(&format!("{FAULT}/skicka"), &[("key", &key)]).await;
    let stranger = app.stranger();
    let response = stranger.get(format!("{}{location}", app.address)).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 404);
}

async fn submissions_are_listed_and_exported_by_the_command_line(app: TestApp) {
    let key = fill_in_fault_report(&app).await;
    let (_, location) = app.post_form(&format!("{FAULT}/skicka"), &[("key", &key)]).await;
    let reference = location.rsplit('/').next().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .args(args)
            .env("PORTAL__DATABASE_URL", &app.config.database_url)
            .env("RUST_LOG", "error")
            .output()
            .expect("server runs")
    };
    let list = run(&["submissions", "list", "--organisation", "norrvik"]);
    assert!(list.status.success(), "{}", String::from_utf8_lossy(&list.stderr));
    let text = String::from_utf8(list.stdout).unwrap();
    assert!(text.contains(reference) && text.contains("norrvik-felanmalan@1"));
    assert!(!text.contains("Storgatan"), "the list holds no answers");
    let export = run(&["submissions", "export", "--organisation", "norrvik"]);
    let items: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_eq!(items[0]["reference"], reference);
    assert_eq!(items[0]["answers"]["plats"]["place"], "Storgatan 12, Norrvik");
    let other = run(&["submissions", "export", "--organisation", "sjovik"]);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&other.stdout).unwrap(), serde_json::json!([]));
}

async fn a_new_form_version_never_changes_what_was_sent(app: TestApp) {
    let key = fill_in_fault_report(&app).await;
    let (_, location) = app.post_form(&format!("{FAULT}/skicka"), &[("key", &key)]).await;
    let reference = location.rsplit('/').next().unwrap().to_string();
    let dir = std::env::temp_dir().join(crate::common::unique("content"));
    copy_dir(&crate::common::content_dir(), &dir);
    let file = dir.join("forms/norrvik-felanmalan.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    // Same version, other content: refused, naming the file.
    std::fs::write(&file, text.replace("Vad gäller felet?", "Vilket fel?")).unwrap();
    let error = app::import::import(&app.state.db, &dir).await.unwrap_err().to_string();
    assert!(error.contains("norrvik-felanmalan.toml") && error.contains("raise the version"), "{error}");
    // A broken definition: refused, nothing half-imported.
    std::fs::write(&file, text.replace("type = \"yes_no\"", "type = \"hologram\"")).unwrap();
    let error = app::import::import(&app.state.db, &dir).await.unwrap_err().to_string();
    assert!(error.contains("norrvik-felanmalan.toml") && error.contains("hologram"), "{error}");
    // A new version is accepted and becomes current.
    std::fs::write(&file, text.replace("version = 1", "version = 2").replace("Vad gäller felet?", "Vilket fel?"))
        .unwrap();
    app::import::import(&app.state.db, &dir).await.expect("version 2 imports");
    let (_, html) = app.get(&format!("{FAULT}/vad")).await;
    assert!(html.contains("Vilket fel?"));
    let version: i64 = app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar(
        "SELECT form_version FROM submissions WHERE reference = $1"
    )
    .bind(&reference)
    .fetch_one(pool)
    .await
    .unwrap());
    assert_eq!(version, 1);
    // Stored submissions cannot be changed.
    let update: Result<_, sqlx::Error> = app::on_db!(&app.state.db, write, |pool| sqlx::query(
        "UPDATE submissions SET answers = '{}' WHERE reference = $1"
    )
    .bind(&reference)
    .execute(pool)
    .await
    .map(|_| ()));
    assert!(update.is_err(), "submissions are immutable");
    let _ = std::fs::remove_dir_all(&dir);
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Twenty people send at the same moment, each clicking twice: the writer shares commits among
/// them, yet each key is stored once, both clicks get that one reference, and one receipt each.
async fn submissions_sent_at_the_same_moment_are_each_stored_exactly_once(app: TestApp) {
    use app::forms::ssr::group_commit::Row;
    let version: i64 = app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar(
        "SELECT current_version FROM forms WHERE id = 'norrvik-felanmalan'"
    )
    .fetch_one(pool)
    .await
    .unwrap());
    let row = move |person: usize, click: usize| Row {
        reference: format!("FEL-TEST-{person:02}{click}"),
        key: format!("{person:032x}"),
        organisation_id: "norrvik".into(),
        service_id: "norrvik-felanmalan".into(),
        form_id: "norrvik-felanmalan".into(),
        form_version: version,
        lang: "sv",
        answers: serde_json::json!({ "person": person }),
        submitted_at: 1,
        case: None,
        consent: None,
        receipt: Some(format!("{{\"to\": \"p{person}@example.se\", \"reference\": \"FEL-TEST-{person:02}{click}\"}}")),
    };
    let mut sends = Vec::new();
    for person in 0..20 {
        for click in 0..2 {
            let writer = app.state.forms.submissions.clone();
            sends.push((person, tokio::spawn(async move { writer.store(row(person, click)).await })));
        }
    }
    let mut references = std::collections::HashMap::new();
    for (person, send) in sends {
        let reference = send.await.unwrap().unwrap().expect("a reference");
        let first = references.entry(person).or_insert_with(|| reference.clone());
        assert_eq!(*first, reference, "both clicks of person {person} get the same reference");
    }
    assert_eq!(submissions(&app).await, 20);
    let (pending, sent) = crate::jobs::receipts(&app.state.db).await;
    assert_eq!(pending + sent, 20, "one receipt per submission");
    // A later retry gets the stored reference; a new key whose drawn reference is taken gets
    // none, so the sender draws another.
    assert_eq!(app.state.forms.submissions.store(row(3, 1)).await.unwrap().as_ref(), Some(&references[&3]));
    let mut collision = row(99, 0);
    collision.reference = references[&5].clone();
    assert_eq!(app.state.forms.submissions.store(collision).await.unwrap(), None);
    assert_eq!(submissions(&app).await, 20);
}

both_backends!(
    submissions_sent_at_the_same_moment_are_each_stored_exactly_once,
    a_resident_reports_a_fault_without_javascript_and_gets_a_reference_and_a_receipt,
    a_double_click_a_reload_and_a_retry_never_create_a_second_submission,
    invalid_answers_come_back_explained_with_what_was_typed,
    steps_out_of_order_and_tampered_posts_are_refused_gently,
    conditions_skip_steps_and_hidden_answers_are_never_stored,
    repeating_groups_add_and_remove_items_without_javascript,
    every_form_prints_with_every_question,
    a_confirmation_is_shown_only_to_whoever_sent_it,
    submissions_are_listed_and_exported_by_the_command_line,
    a_new_form_version_never_changes_what_was_sent,
);

/// A receipt that cannot be delivered stays in the jobs queue and goes out once delivery works.
async fn failed_delivery_is_retried_and_never_loses_the_receipt(backend: crate::common::Backend) {
    let Some((url, dir)) = crate::common::fresh_database_url(backend).await else { return };
    let mail_dir = dir.as_ref().unwrap().0.join("not-yet-there");
    let app = crate::common::spawn_with_config(url, dir, |c| c.mail_dir = Some(mail_dir.clone())).await;
    let key = fill_in_fault_report(&app).await;
    let (status, _) = app.post_form(&format!("{FAULT}/skicka"), &[("key", &key)]).await;
    assert_eq!(status, 303, "sending succeeds even though mail cannot be delivered");
    let attempts = || async {
        app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar::<_, i64>("SELECT attempts FROM jobs")
            .fetch_one(pool)
            .await
            .unwrap())
    };
    for _ in 0..100 {
        if attempts().await >= 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(attempts().await >= 2, "retried");
    assert_eq!(crate::jobs::receipts(&app.state.db).await, (1, 0));
    std::fs::create_dir_all(&mail_dir).unwrap();
    for _ in 0..200 {
        if crate::jobs::receipts(&app.state.db).await == (0, 1) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(crate::jobs::receipts(&app.state.db).await, (0, 1), "delivered after the fault");
    assert_eq!(std::fs::read_dir(&mail_dir).unwrap().count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_failed_delivery_is_retried() {
    failed_delivery_is_retried_and_never_loses_the_receipt(crate::common::Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_failed_delivery_is_retried() {
    failed_delivery_is_retried_and_never_loses_the_receipt(crate::common::Backend::Postgres).await;
}
