//! Cases from submission to decision, on both backends: a submission becomes a registered case
//! in the same commit; case numbers stay unique and without gaps under concurrent registration;
//! officers handle the case through the back office's forms (with optimistic locking and the
//! lifecycle's rules) while the applicant follows and answers in My pages; the public records
//! register masks what is confidential; and nobody reaches a case that is not theirs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use app::cases::api::{ClockRule, NewCase, NewDocument};

const FEEDBACK: &str = "/formular/norrvik-synpunkter";

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap())
}

async fn time(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar::<_, app::db::Timestamp>(sql)
        .fetch_one(pool)
        .await
        .unwrap())
    .0
}

async fn text(app: &TestApp, sql: &str) -> String {
    app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar::<_, String>(sql).fetch_one(pool).await.unwrap())
}

async fn demo_sign_in(app: &TestApp, person: &str) {
    let (status, _) = app.post_form("/demo-inloggning", &[("person", person)]).await;
    assert_eq!(status, 303, "demo sign-in as {person}");
}

/// Sends the feedback form from `app`'s browser; returns the confirmation page's address.
async fn send_feedback(app: &TestApp, message: &str) -> String {
    let fields = [("typ", "synpunkt"), ("omraden", "gator"), ("meddelande", message), ("foretag", "no")];
    assert_eq!(app.post_form(&format!("{FEEDBACK}/synpunkt"), &fields).await.0, 303);
    assert_eq!(app.post_form(&format!("{FEEDBACK}/kontakt"), &[("vill_ha_svar", "no")]).await.0, 303);
    let (_, check) = app.get(&format!("{FEEDBACK}/kontrollera")).await;
    let key = check.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let (status, receipt) = app.post_form(&format!("{FEEDBACK}/skicka"), &[("key", &key)]).await;
    assert_eq!(status, 303);
    // A double click sends it again: the same submission, the same case.
    assert_eq!(app.post_form(&format!("{FEEDBACK}/skicka"), &[("key", &key)]).await, (303, receipt.clone()));
    receipt
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    html.split(start).nth(1).and_then(|rest| rest.split(end).next()).unwrap_or_default()
}

/// The version the case page's forms carry.
fn version(html: &str) -> String {
    between(html, "name=\"version\" value=\"", "\"").to_string()
}

pub(crate) fn case_with(
    department: &str,
    prefix: &str,
    received_at: i64,
    secrecy: Option<&str>,
    party: &str,
) -> NewCase {
    NewCase {
        organisation_id: "norrvik".into(),
        department_id: department.into(),
        service_id: "norrvik-ekonomiskt-bistand".into(),
        title: "Ansökan om ekonomiskt bistånd".into(),
        party: party.into(),
        person_id: None,
        on_behalf: None,
        submission_reference: None,
        secrecy: secrecy.map(str::to_string),
        clock: ClockRule::Standard,
        handling_days: 14,
        prefix: prefix.into(),
        serial_digits: 4,
        received_at,
        register: true,
        first_document: NewDocument {
            kind: "submission",
            direction: "in",
            party: party.into(),
            description: "Ansökan om ekonomiskt bistånd".into(),
            body: "[]".into(),
            secrecy: secrecy.map(str::to_string),
            for_party: true,
            dated_at: received_at,
            reply_by: None,
        },
        attachments: Vec::new(),
        actor: "system".into(),
        actor_name: String::new(),
        signature: None,
    }
}

/// A submission of form `version` of the fault report that opens `case`, as the group commit
/// writer takes it: idempotency key number `key`, with a receipt to `receipt_to` when given.
fn writer_row(
    reference: &str,
    key: usize,
    version: i64,
    now: i64,
    case: NewCase,
    receipt_to: Option<&str>,
) -> app::forms::ssr::group_commit::Row {
    app::forms::ssr::group_commit::Row {
        key: format!("{key:032x}"),
        organisation_id: "norrvik".into(),
        service_id: "norrvik-ekonomiskt-bistand".into(),
        form_id: "norrvik-felanmalan".into(),
        form_version: version,
        lang: "sv",
        answers: serde_json::json!({ "key": key }),
        submitted_at: now,
        receipt: receipt_to.map(|to| serde_json::json!({ "to": to, "reference": reference }).to_string()),
        case: Some(case),
        consent: None,
        reference: reference.to_string(),
    }
}

#[tokio::test]
async fn case_numbers_are_unique_and_without_gaps_under_concurrent_registration() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app(backend).await else { continue };
        let now = app.state.clock.now_ms();
        let year = app::cases::ssr::store::year_of(now);
        let mut tasks = Vec::new();
        for i in 0..40 {
            let db = app.state.db.clone();
            tasks.push(tokio::spawn(async move {
                let mut tx = db.begin().await.unwrap();
                // Every fifth registration fails after drawing its number: its number comes back.
                let opened =
                    app::cases::api::open(&mut tx, &[case_with("norrvik-social", "SN", now, None, "")]).await.unwrap();
                if i % 5 == 4 {
                    tx.rollback().await.unwrap();
                    None
                } else {
                    tx.commit().await.unwrap();
                    opened[0].case_number.clone()
                }
            }));
        }
        let mut numbers: Vec<String> = Vec::new();
        for task in tasks {
            numbers.extend(task.await.unwrap());
        }
        numbers.sort();
        let expected: Vec<String> = (1..=32).map(|n| format!("SN {year}/{n:04}")).collect();
        assert_eq!(
            numbers, expected,
            "{backend:?}: 32 committed registrations, numbers 1–32, none twice, none skipped"
        );
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM cases").await, 32);
        // A department of its own keeps its own series.
        let mut tx = app.state.db.begin().await.unwrap();
        let other = app::cases::api::open(&mut tx, &[case_with("norrvik-bygg", "BN", now, None, "")]).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(other[0].case_number.as_deref(), Some(format!("BN {year}/0001").as_str()));
        // Two organisations may use the same prefix: each numbers its own cases.
        let mut sjovik = case_with("sjovik-ks", "KS", now, None, "");
        sjovik.organisation_id = "sjovik".into();
        let mut tx = app.state.db.begin().await.unwrap();
        let both =
            app::cases::api::open(&mut tx, &[case_with("norrvik-ks", "KS", now, None, ""), sjovik]).await.unwrap();
        tx.commit().await.unwrap();
        let expected = format!("KS {year}/0001");
        assert!(both.iter().all(|o| o.case_number.as_deref() == Some(expected.as_str())), "{both:?}");
    }
}

/// Submissions that open cases, sent at the same moment through the group commit writer: each
/// stored and registered once though every sender clicks twice, the numbers without gaps even
/// when a bad row fails its batch, and each case with what a single registration gives it — its
/// first document, its timeline, an audit row and a receipt that names its number.
#[tokio::test]
async fn registrations_sent_together_are_stored_once_each_and_numbered_without_gaps() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app(backend).await else { continue };
        let now = app.state.clock.now_ms();
        let year = app::cases::ssr::store::year_of(now);
        let version = scalar(&app, "SELECT current_version FROM forms WHERE id = 'norrvik-felanmalan'").await;
        // Person 0 to 23; every fourth case waits for a registrar (no number), person 5's is
        // confidential, and person 7's names a form version that does not exist: its batch fails
        // and is committed again row by row, without it.
        let row = move |person: usize, click: usize| {
            let reference = format!("REG-TEST-{person:02}{click}");
            let party = if person == 5 { "Lisa Hemligsson".to_string() } else { format!("Part Nummer{person}") };
            let mut case = case_with("norrvik-social", "SN", now, (person == 5).then_some("OSL 26 kap. 1 §"), &party);
            case.register = person % 4 != 3;
            case.submission_reference = Some(reference.clone());
            let version = if person == 7 { version + 100 } else { version };
            writer_row(&reference, 7000 + person, version, now, case, Some(&format!("p{person}@example.se")))
        };
        let mut sends = Vec::new();
        for person in 0..24 {
            for click in 0..2 {
                let writer = app.state.forms.submissions.clone();
                sends.push((person, tokio::spawn(async move { writer.store(row(person, click)).await })));
            }
        }
        let mut references = std::collections::HashMap::new();
        for (person, send) in sends {
            let stored = send.await.unwrap();
            if person == 7 {
                assert!(stored.is_err(), "{backend:?}: a row the database refuses is refused, alone");
                continue;
            }
            let reference = stored.unwrap().expect("a reference");
            let first = references.entry(person).or_insert_with(|| reference.clone());
            assert_eq!(*first, reference, "{backend:?}: both clicks of person {person} get one reference");
        }
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM submissions").await, 23);
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM cases").await, 23, "{backend:?}: one case per submission");

        // Numbers 1–18 for the 18 registered cases, none twice, none skipped; the five others wait.
        let numbers: Vec<(String, String)> = app::on_db!(&app.state.db, read, |pool| sqlx::query_as(
            "SELECT case_number, status FROM cases WHERE case_number IS NOT NULL ORDER BY case_number"
        )
        .fetch_all(pool)
        .await
        .unwrap());
        let expected: Vec<(String, String)> =
            (1..=18).map(|n| (format!("SN {year}/{n:04}"), "registered".to_string())).collect();
        assert_eq!(numbers, expected, "{backend:?}");
        assert_eq!(
            scalar(&app, "SELECT COUNT(*) FROM cases WHERE case_number IS NULL AND status = 'received' AND registered_at IS NULL").await,
            5
        );

        // Each case: its submission as document 1, registered when received; its timeline; its audit row.
        assert_eq!(
            scalar(
                &app,
                "SELECT COUNT(*) FROM case_documents d JOIN cases c ON c.id = d.case_id \
                WHERE d.number = 1 AND d.kind = 'submission' AND d.direction = 'in' AND d.party = c.party \
                AND d.registered_at = c.received_at AND d.created_by = 'system' AND d.for_party"
            )
            .await,
            23
        );
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM case_documents").await, 23);
        let timeline: Vec<(String, i64)> = app::on_db!(&app.state.db, read, |pool| sqlx::query_as(
            "SELECT kind || ':' || status, COUNT(*) FROM case_events GROUP BY kind, status ORDER BY 1"
        )
        .fetch_all(pool)
        .await
        .unwrap());
        assert_eq!(timeline, [("received:received".to_string(), 23), ("registered:registered".to_string(), 18)]);
        assert_eq!(
            scalar(
                &app,
                "SELECT COUNT(*) FROM audit_events a JOIN cases c ON a.object = 'case:' || c.id \
                WHERE a.action = CASE WHEN c.case_number IS NULL THEN 'case-receive' ELSE 'case-register' END"
            )
            .await,
            23
        );
        assert_eq!(
            time(&app, "SELECT MIN(due_at) FROM cases").await,
            time(&app, "SELECT MAX(due_at) FROM cases").await,
            "{backend:?}: one handling clock for cases received at one moment"
        );

        // One receipt per submission, naming the case number when there is one.
        let receipts: Vec<sqlx::types::Json<serde_json::Value>> = app::on_db!(&app.state.db, read, |pool| {
            sqlx::query_scalar("SELECT payload FROM jobs WHERE kind = 'receipt'").fetch_all(pool).await.unwrap()
        });
        assert_eq!(receipts.len(), 23);
        for sqlx::types::Json(receipt) in receipts {
            let reference = receipt["reference"].as_str().unwrap().to_string();
            let number: Option<String> = app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar(
                "SELECT case_number FROM cases WHERE submission_reference = $1"
            )
            .bind(&reference)
            .fetch_one(pool)
            .await
            .unwrap());
            assert_eq!(receipt["case_number"].as_str(), number.as_deref(), "{backend:?}: {receipt}");
        }

        // The register finds the public cases by their sender, never the confidential one.
        let (_, found) = app.get("/diarium?q=Nummer1").await;
        assert!(found.contains("Part Nummer1"), "{backend:?}: {found}");
        let (_, found) = app.get("/diarium?q=Hemligsson").await;
        assert!(found.contains("data-test=\"register-empty\""), "{backend:?}: {found}");
    }
}

/// Series whose serials outgrow their zero padding, registered through the group commit writer
/// (on PostgreSQL one statement draws and formats the numbers in SQL): every number reads as
/// the portal writes one — padded to the department's digits, never cut — and the receipts
/// name them.
#[tokio::test]
async fn case_numbers_keep_their_padding_and_grow_past_it() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app(backend).await else { continue };
        let now = app.state.clock.now_ms();
        let year = app::cases::ssr::store::year_of(now);
        let version = scalar(&app, "SELECT current_version FROM forms WHERE id = 'norrvik-felanmalan'").await;
        let series = [("norrvik-social", "SN", 2, 97), ("norrvik-bygg", "BN", 4, 9998), ("norrvik-ks", "KS", 1, 0)];
        for (department, _, _, last) in series {
            app::on_db!(&app.state.db, write, |pool| sqlx::query(
                "INSERT INTO case_series (department_id, year, last_serial) VALUES ($1, $2, $3)"
            )
            .bind(department)
            .bind(i64::from(year))
            .bind(last as i64)
            .execute(pool)
            .await
            .unwrap()
            .rows_affected());
        }
        let (stored_before, _) = app::metrics::one_statement_batches();
        for (s, (department, prefix, digits, _)) in series.into_iter().enumerate() {
            let mut sends = Vec::new();
            for n in 0..4 {
                let reference = format!("REG-PAD-{s}{n}");
                let mut case = case_with(department, prefix, now, None, "Part");
                case.serial_digits = digits;
                case.submission_reference = Some(reference.clone());
                let row = writer_row(
                    &reference,
                    5_000_000 + s * 10 + n,
                    version,
                    now,
                    case,
                    Some(&format!("p{n}@example.se")),
                );
                let writer = app.state.forms.submissions.clone();
                sends.push(tokio::spawn(async move { writer.store(row).await }));
            }
            for send in sends {
                assert!(send.await.unwrap().unwrap().is_some(), "{backend:?}: stored");
            }
        }
        let numbers = |department: &'static str| {
            let db = app.state.db.clone();
            async move {
                let numbers: Vec<String> = app::on_db!(&db, read, |pool| {
                    sqlx::query_scalar(
                    "SELECT case_number FROM cases WHERE department_id = $1 ORDER BY length(case_number), case_number"
                )
                .bind(department)
                .fetch_all(pool)
                .await
                .unwrap()
                });
                numbers
            }
        };
        assert_eq!(
            numbers("norrvik-social").await,
            [98, 99, 100, 101].map(|n| format!("SN {year}/{n}")),
            "{backend:?}"
        );
        assert_eq!(
            numbers("norrvik-bygg").await,
            [9999, 10000, 10001, 10002].map(|n| format!("BN {year}/{n}")),
            "{backend:?}"
        );
        assert_eq!(numbers("norrvik-ks").await, [1, 2, 3, 4].map(|n| format!("KS {year}/{n}")), "{backend:?}");
        let receipts: Vec<(String, String)> = app::on_db!(&app.state.db, read, |pool| sqlx::query_as(
            "SELECT c.case_number, j.payload ->> 'case_number' FROM jobs j \
             JOIN cases c ON c.submission_reference = j.payload ->> 'reference' WHERE j.kind = 'receipt'"
        )
        .fetch_all(pool)
        .await
        .unwrap());
        assert_eq!(receipts.len(), 12, "{backend:?}");
        for (number, in_receipt) in receipts {
            assert_eq!(number, in_receipt, "{backend:?}: the receipt names the case's number");
        }
        if matches!(backend, Backend::Postgres) {
            // (The counter is the process's: other tests add to it too, never take from it.)
            assert!(app::metrics::one_statement_batches().0 > stored_before, "batches went in one statement");
        }
        // PostgreSQL's one statement on its own (the writer falls back to steps when it fails, so
        // the numbers above would be right even if it numbered wrongly): next year's series,
        // across the padding's width.
        if let app::db::Db::Postgres(pool, _) = &app.state.db {
            let next_year = now + 366 * 86_400_000;
            sqlx::query(
                "INSERT INTO case_series (department_id, year, last_serial) VALUES ('norrvik-social', $1, 9998)",
            )
            .bind(i64::from(year + 1))
            .execute(pool)
            .await
            .unwrap();
            let cases: Vec<NewCase> =
                (0..3).map(|_| case_with("norrvik-social", "SN", next_year, None, "Part")).collect();
            let mut ids = app::cases::api::CaseIds::default();
            // A statement whose lead does not hold fails whole: no case, no number drawn.
            let refused = app::cases::api::open_in_one_statement(
                pool,
                "lead AS (SELECT 1)",
                "(SELECT count(*) FROM lead) = 2",
                app::db::PgBinds::default(),
                &cases,
                &mut ids,
                |binds, _| (Vec::new(), binds),
            )
            .await;
            assert!(refused.is_err(), "{refused:?}");
            let opened = app::cases::api::open_in_one_statement(
                pool,
                "lead AS (SELECT 1)",
                "(SELECT count(*) FROM lead) = 1",
                app::db::PgBinds::default(),
                &cases,
                &mut ids,
                |binds, _| (Vec::new(), binds),
            )
            .await
            .unwrap()
            .expect("plain cases of one series go in one statement");
            let expected = [9999, 10000, 10001].map(|n| format!("SN {}/{n}", year + 1));
            let returned: Vec<String> = opened.iter().map(|o| o.case_number.clone().unwrap()).collect();
            assert_eq!(returned, expected);
            let stored: Vec<String> =
                sqlx::query_scalar("SELECT case_number FROM cases WHERE case_number LIKE $1 ORDER BY id")
                    .bind(format!("SN {}/%", year + 1))
                    .fetch_all(pool)
                    .await
                    .unwrap();
            assert_eq!(stored, expected, "the numbers stored are those returned, in order");
        }
    }
}

/// Registrations through two group commit writers (as two portal processes send them, each
/// sender its next as soon as the last is stored) and, at the same time, cases opened one by one
/// in transactions of their own (as a guardian's approval opens one): every case in the one
/// series gets its own number, from 1 with none skipped, and every sender its reference.
#[tokio::test]
async fn registrations_from_two_writers_and_single_openings_share_a_series_without_gaps() {
    use app::forms::ssr::group_commit::SubmissionWriter;
    const SENDERS: usize = 6;
    const EACH: usize = 10;
    const SINGLE: usize = 12;
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app(backend).await else { continue };
        let now = app.state.clock.now_ms();
        let year = app::cases::ssr::store::year_of(now);
        let version = scalar(&app, "SELECT current_version FROM forms WHERE id = 'norrvik-felanmalan'").await;
        let writers = [app.state.forms.submissions.clone(), SubmissionWriter::new(app.state.db.clone())];
        let mut tasks = Vec::new();
        for (w, writer) in writers.iter().enumerate() {
            for sender in 0..SENDERS {
                let writer = writer.clone();
                tasks.push(tokio::spawn(async move {
                    // Each sender sends its next as soon as the last is stored, as people do.
                    for n in 0..EACH {
                        let reference = format!("REG-TWO-{w}{sender}{n:02}");
                        let mut case = case_with("norrvik-social", "SN", now, None, "Part");
                        case.submission_reference = Some(reference.clone());
                        let key = 9_000_000 + w * 10_000 + sender * 100 + n;
                        let row = writer_row(&reference, key, version, now, case, None);
                        assert_eq!(writer.store(row).await.unwrap(), Some(reference));
                    }
                }));
            }
        }
        let db = app.state.db.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..SINGLE {
                let mut tx = db.begin().await.unwrap();
                let opened = app::cases::api::open(&mut tx, &[case_with("norrvik-social", "SN", now, None, "En")])
                    .await
                    .unwrap();
                assert!(opened[0].case_number.is_some());
                tx.commit().await.unwrap();
            }
        }));
        for task in tasks {
            task.await.unwrap();
        }
        let total = 2 * SENDERS * EACH + SINGLE;
        let numbers: Vec<String> = app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar(
            "SELECT case_number FROM cases WHERE department_id = 'norrvik-social' ORDER BY case_number"
        )
        .fetch_all(pool)
        .await
        .unwrap());
        let expected: Vec<String> = (1..=total).map(|n| format!("SN {year}/{n:04}")).collect();
        assert_eq!(numbers, expected, "{backend:?}");
        assert_eq!(
            scalar(&app, "SELECT last_serial FROM case_series WHERE department_id = 'norrvik-social'").await,
            total as i64,
            "{backend:?}: the series ends where its last number is"
        );
        assert_eq!(
            scalar(&app, "SELECT COUNT(*) FROM submissions s JOIN cases c ON c.submission_reference = s.reference")
                .await,
            (2 * SENDERS * EACH) as i64,
            "{backend:?}: every submission with its case"
        );
    }
}

#[tokio::test]
async fn a_case_goes_from_submission_to_decision_and_appeal_with_the_applicant_in_my_pages() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(resident) = spawn_app(backend).await else { continue };
        let year = app::cases::ssr::store::year_of(resident.state.clock.now_ms());

        // A signed-in resident sends feedback: it becomes a registered case in the same commit.
        demo_sign_in(&resident, "tolvan").await;
        let receipt = send_feedback(&resident, "Gatlyktan vid skolan är trasig.").await;
        let (status, confirmation) = resident.get(&receipt).await;
        assert_eq!(status, 200);
        let number = format!("KS {year}/0001");
        assert!(confirmation.contains(&number), "the receipt names the case number: {confirmation}");
        assert_eq!(scalar(&resident, "SELECT COUNT(*) FROM cases").await, 1, "a double click made one case");
        let id = scalar(&resident, "SELECT id FROM cases").await;

        // The applicant finds it in My pages.
        let (status, mine) = resident.get("/mina-sidor/arenden").await;
        assert_eq!(status, 200);
        assert!(mine.contains(&number) && mine.contains("Registrerat"), "{mine}");
        assert_eq!(resident.get(&format!("/mina-sidor/arenden/{id}/beslutsdokument")).await.0, 404, "not decided yet");

        // An officer takes it from the unassigned queue and starts; the applicant sees who read it.
        let olle = resident.another_browser();
        demo_sign_in(&olle, "olle").await;
        let (status, queue) = olle.get("/handlaggare/ko/otilldelade").await;
        assert_eq!(status, 200);
        assert!(queue.contains(&number), "{queue}");
        let page = format!("/handlaggare/arenden/{id}");
        let (status, html) = olle.get(&page).await;
        assert_eq!(status, 200);
        assert!(html.contains("Gatlyktan vid skolan är trasig."), "the officer sees the submission as sent");
        let act = |code: &str| format!("{page}/{code}");
        let v = version(&html);
        assert_eq!(olle.post_form(&act("ta"), &[("version", &v)]).await, (303, format!("{page}?klart=ta")));
        // The same form sent again (a second tab, a double click) is refused as a conflict, and says so.
        assert_eq!(olle.post_form(&act("ta"), &[("version", &v)]).await, (303, format!("{page}#form-ta")));
        let (_, html) = olle.get(&page).await;
        assert!(html.contains("Någon annan ändrade ärendet"), "the conflict is explained");
        // Deciding before handling has begun is not a step the lifecycle allows.
        let v = version(&html);
        let decide = [("version", v.as_str()), ("utfall", "approved"), ("skal", "Skäl."), ("lagrum", "FL 32 §")];
        assert_eq!(olle.post_form(&act("beslut"), &decide).await.1, format!("{page}#form-beslut"));
        assert_eq!(text(&resident, &format!("SELECT status FROM cases WHERE id = {id}")).await, "assigned");
        assert_eq!(olle.post_form(&act("paborja"), &[("version", &v)]).await.0, 303);

        // A completion request with a date in the past: the field is named, the text kept.
        let (_, html) = olle.get(&page).await;
        let v = version(&html);
        let request = "Vilken gatlykta gäller det? Ange närmaste adress.";
        let sent = olle
            .post_form(&act("komplettering"), &[("version", &v), ("text", request), ("svara_senast", "2001-01-01")])
            .await;
        assert_eq!(sent, (303, format!("{page}#form-komplettering")));
        let (_, html) = olle.get(&page).await;
        assert!(html.contains("Datumet måste vara efter i dag") && html.contains(request), "problem shown, text kept");
        let due_before = time(&resident, &format!("SELECT due_at FROM cases WHERE id = {id}")).await;
        let sent = olle
            .post_form(&act("komplettering"), &[("version", &v), ("text", request), ("svara_senast", "2099-12-31")])
            .await;
        assert_eq!(sent.0, 303);
        assert_eq!(text(&resident, &format!("SELECT status FROM cases WHERE id = {id}")).await, "completion-requested");

        // The applicant reads the request and answers it in My pages; the case moves on.
        let mine = format!("/mina-sidor/arenden/{id}");
        let (status, html) = resident.get(&mine).await;
        assert_eq!(status, 200);
        assert!(html.contains(request) && html.contains("Svara på begäran"), "{html}");
        assert!(html.contains("Olle Olsson"), "the applicant sees who has read the case");
        assert_eq!(resident.post_form(&format!("{mine}/svar"), &[("text", "  ")]).await.1, format!("{mine}#form-svar"));
        let answered = resident.post_form(&format!("{mine}/svar"), &[("text", "Storgatan 12.")]).await;
        assert_eq!(answered, (303, format!("{mine}?klart=svar")));
        assert_eq!(text(&resident, &format!("SELECT status FROM cases WHERE id = {id}")).await, "in-progress");
        let due_after = time(&resident, &format!("SELECT due_at FROM cases WHERE id = {id}")).await;
        assert!(due_after >= due_before, "the clock waited while completion was requested");

        // The officer refers the case to the fire service; a decision now waits for its answer.
        let (_, html) = olle.get(&page).await;
        let v = version(&html);
        let question = "Behöver platsen ses över av räddningstjänsten?";
        let refer = [
            ("version", v.as_str()),
            ("mottagare", "raddningstjansten"),
            ("text", question),
            ("svara_senast", "2099-12-31"),
        ];
        assert_eq!(olle.post_form(&act("remiss"), &refer).await.0, 303);
        let (_, html) = olle.get(&page).await;
        let v = version(&html);
        let early = [("version", v.as_str()), ("utfall", "approved"), ("skal", "Skäl."), ("lagrum", "FL 32 §")];
        assert_eq!(olle.post_form(&act("beslut"), &early).await.1, format!("{page}#form-beslut"));
        assert!(olle.get(&page).await.1.contains("En remiss är obesvarad"));
        // The fire service's officer sees the referral and what was referred, nothing more, and answers.
        let frida = resident.another_browser();
        demo_sign_in(&frida, "frida").await;
        let (status, list) = frida.get("/handlaggare/remisser").await;
        assert_eq!(status, 200);
        let referral = scalar(&resident, "SELECT id FROM case_referrals").await;
        let referral_page = format!("/handlaggare/remisser/{referral}");
        assert!(list.contains(&referral_page) && list.contains(&number));
        let (status, html) = frida.get(&referral_page).await;
        assert_eq!(status, 200);
        assert!(html.contains(question) && html.contains("Gatlyktan vid skolan är trasig."));
        assert!(!html.contains("Storgatan 12."), "the applicant's later messages were not referred");
        assert_eq!(frida.get(&page).await.0, 404, "the case itself stays with its own organisation");
        let sara = resident.another_browser();
        demo_sign_in(&sara, "sara").await;
        assert_eq!(sara.get(&referral_page).await.0, 404);
        assert_eq!(sara.post_form(&format!("{referral_page}/svar"), &[("text", "x")]).await.0, 404);
        let answer = "Ingen brandrisk. Räddningstjänsten har inget att invända.";
        assert_eq!(frida.post_form(&format!("{referral_page}/svar"), &[("text", answer)]).await.0, 303);
        assert_eq!(
            frida.post_form(&format!("{referral_page}/svar"), &[("text", answer)]).await.1,
            format!("{referral_page}#form-remissvar"),
            "answered once"
        );
        let (_, html) = olle.get(&page).await;
        assert!(html.contains(answer) && html.contains("data-answered=\"true\""));

        // An internal note never reaches the applicant.
        let (_, html) = olle.get(&page).await;
        let v = version(&html);
        let note = "Ringde gatukontoret, lampan byts nästa vecka.";
        assert_eq!(olle.post_form(&act("anteckning"), &[("version", &v), ("text", note)]).await.0, 303);
        assert!(!resident.get(&mine).await.1.contains(note));

        // A rejection without communication is refused until the officer says why it is not needed.
        let (_, html) = olle.get(&page).await;
        let v = version(&html);
        let reasons = "Belysningen på Storgatan sköts av Trafikverket, inte av kommunen.";
        let mut decide =
            vec![("version", v.as_str()), ("utfall", "rejected"), ("skal", reasons), ("lagrum", "FL 32 §")];
        assert_eq!(olle.post_form(&act("beslut"), &decide).await.1, format!("{page}#form-beslut"));
        let (_, html) = olle.get(&page).await;
        assert!(html.contains("kräver att underlaget först har kommunicerats") && html.contains(reasons));
        decide.push(("utan_kommunicering", "Sökanden har själv lämnat alla uppgifter beslutet grundar sig på."));
        assert_eq!(olle.post_form(&act("beslut"), &decide).await.0, 303);

        // The applicant reads the decision, its reasons and how to appeal.
        let (_, html) = resident.get(&mine).await;
        assert!(html.contains("Avslås") && html.contains(reasons), "{html}");
        assert!(html.contains("inom tre veckor") && html.contains("förvaltningsrätten"), "appeal instructions");
        // … also as a document to print or save: the authority, the case number, the addressee,
        // the reasons and the appeal instructions. Nobody else reaches it.
        let document = format!("{mine}/beslutsdokument");
        let (status, html) = resident.get(&document).await;
        assert_eq!(status, 200);
        let facts = between(&html, "data-test=\"decision-document\"", "</article>");
        assert!(facts.contains("Norrvik kommun") && facts.contains(&number) && facts.contains("Tolvan"), "{facts}");
        assert!(facts.contains(reasons) && facts.contains("inom tre veckor"), "{facts}");
        assert_eq!(olle.get(&format!("{page}/beslutsdokument")).await.0, 200);
        let agda = resident.another_browser();
        demo_sign_in(&agda, "agda").await;
        assert_eq!(agda.get(&document).await.0, 404);

        // A registrar registers an appeal that came in on time; the portal says it is in time.
        let rut = resident.another_browser();
        demo_sign_in(&rut, "rut").await;
        let (status, html) = rut.get(&page).await;
        assert_eq!(status, 200);
        let today = app::domain::date::SimpleDate::in_sweden_at(resident.state.clock.now_ms() / 1000).to_string();
        let v = version(&html);
        let appeal = [("version", v.as_str()), ("inkom", today.as_str()), ("delgiven", today.as_str())];
        assert_eq!(rut.post_form(&act("overklagande"), &appeal).await.0, 303);
        let (_, html) = rut.get(&page).await;
        assert!(html.contains("data-in-time=\"true\""), "an appeal the same day is in time");
        assert_eq!(text(&resident, &format!("SELECT status FROM cases WHERE id = {id}")).await, "appealed");

        // Every change and every read by staff is in the audit log, without numbers or texts.
        let reads = scalar(
            &resident,
            &format!("SELECT COUNT(*) FROM audit_events WHERE action = 'case-read' AND object = 'case:{id}'"),
        )
        .await;
        assert!(reads >= 5, "{reads}");
        let leaked = scalar(&resident, "SELECT COUNT(*) FROM audit_events WHERE CAST(details AS TEXT) LIKE '%191212121212%' OR CAST(details AS TEXT) LIKE '%Storgatan%'").await;
        assert_eq!(leaked, 0);

        // The timeline shows the applicant each step, never the internal note.
        let events =
            scalar(&resident, &format!("SELECT COUNT(*) FROM case_events WHERE case_id = {id} AND NOT for_party"))
                .await;
        assert_eq!(events, 1, "only the note is internal");
    }
}

#[tokio::test]
async fn nobody_reaches_a_case_that_is_not_theirs() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(owner) = spawn_app(backend).await else { continue };
        demo_sign_in(&owner, "tolvan").await;
        send_feedback(&owner, "Fler bänkar i parken.").await;
        let id = scalar(&owner, "SELECT id FROM cases").await;
        let (staff_page, my_page) = (format!("/handlaggare/arenden/{id}"), format!("/mina-sidor/arenden/{id}"));

        // Someone not signed in is sent to sign in; the case is never shown.
        let anonymous = owner.another_browser();
        let (status, html) = anonymous.get(&my_page).await;
        assert!(status == 401 || status == 303 || !html.contains("Fler bänkar"), "{status}");
        assert!(!html.contains("Fler bänkar"));
        let answer = anonymous.post_form(&format!("{my_page}/svar"), &[("text", "hej")]).await;
        assert_eq!(answer.0, 303);
        assert!(answer.1.starts_with("/logga-in"), "{answer:?}");

        // Another resident, another organisation's staff and an administrator without case roles:
        // not found, whatever they try, and nothing changes.
        let agda = owner.another_browser();
        demo_sign_in(&agda, "agda").await;
        assert_eq!(agda.get(&my_page).await.0, 404);
        assert_eq!(agda.post_form(&format!("{my_page}/svar"), &[("text", "hej")]).await.0, 404);
        let (status, html) = agda.get(&staff_page).await;
        assert!(status != 200 && !html.contains("Fler bänkar"), "a resident is not staff: {status}");
        assert!(!agda.get("/mina-sidor/arenden").await.1.contains("Fler bänkar"));

        let sara = owner.another_browser();
        demo_sign_in(&sara, "sara").await;
        assert_eq!(sara.get(&staff_page).await.0, 404);
        assert_eq!(sara.post_form(&format!("{staff_page}/ta"), &[("version", "1")]).await.0, 404);
        assert!(!sara.get("/handlaggare/ko/alla").await.1.contains("Fler bänkar"));

        let frida = owner.another_browser();
        demo_sign_in(&frida, "frida").await;
        assert_eq!(frida.get(&staff_page).await.0, 404);

        // A resident is not staff: the back office answers with the staff sign-in.
        let resident_queue = owner.get_response("/handlaggare/ko/alla").await;
        assert!(
            resident_queue.status() == 401 || resident_queue.status().is_redirection(),
            "{}",
            resident_queue.status()
        );
        // A case officer may not do a registrar's or a manager's work.
        let olle = owner.another_browser();
        demo_sign_in(&olle, "olle").await;
        let (_, html) = olle.get(&staff_page).await;
        let v = version(&html);
        assert_eq!(
            olle.post_form(&format!("{staff_page}/tilldela"), &[("version", &v), ("handlaggare", "1")]).await.0,
            403
        );
        assert_eq!(scalar(&owner, &format!("SELECT version FROM cases WHERE id = {id}")).await, 1, "nothing changed");
    }
}

#[tokio::test]
async fn the_register_lists_confidential_entries_with_their_details_left_out() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app(backend).await else { continue };
        let now = app.state.clock.now_ms();
        let year = app::cases::ssr::store::year_of(now);
        let mut tx = app.state.db.begin().await.unwrap();
        let cases = [
            case_with("norrvik-social", "SN", now, Some("OSL 26 kap. 1 §"), "Lisa Lindqvist"),
            case_with("norrvik-bygg", "BN", now + 1, None, "Bygg AB Norrvik"),
        ];
        app::cases::api::open(&mut tx, &cases).await.unwrap();
        tx.commit().await.unwrap();

        let (status, html) = app.get("/diarium").await;
        assert_eq!(status, 200);
        assert!(html.contains(&format!("BN {year}/0001-1")) && html.contains("Bygg AB Norrvik"), "{html}");
        // The confidential entry stays in the list, without its sender or description.
        assert!(html.contains(&format!("SN {year}/0001-1")));
        assert!(!html.contains("Lisa Lindqvist"), "a confidential sender is left out");
        assert_eq!(count(&html, "data-confidential=\"true\""), 1);
        // Searching for what the confidential entry says finds nothing.
        let (_, found) = app.get("/diarium?q=Lindqvist").await;
        assert!(found.contains("data-test=\"register-empty\""), "{found}");
        // Words are found whole or in part, whatever their case (Swedish letters too); words
        // shorter than three letters are left out; every word must be there.
        for (words, entries) in
            [("norrvik+BYGG", 1), ("BIST%C3%85ND", 1), ("bygg+ab", 1), ("ab", 2), ("bygg+bidrag", 0)]
        {
            let (_, found) = app.get(&format!("/diarium?q={words}")).await;
            assert_eq!(count(&found, "data-test=\"register-entry\""), entries, "{words}: {found}");
        }
        let (_, found) = app.get(&format!("/diarium?diarienummer=bn+{year}%2F0001")).await;
        assert_eq!(count(&found, "data-test=\"register-entry\""), 1);
        // By board or office.
        let (_, found) = app.get("/diarium?avdelning=norrvik-bygg").await;
        assert_eq!(count(&found, "data-test=\"register-entry\""), 1);
        assert!(found.contains("<option value=\"norrvik-bygg\" selected"), "the choice is kept");
        // A bad date is named and what was typed kept.
        let (status, bad) = app.get("/diarium?fran=igår&q=bygg").await;
        assert_eq!(status, 200);
        assert!(bad.contains("Skriv ett datum som 2026-12-24") && bad.contains("value=\"igår\""), "{bad}");
    }
}

#[tokio::test]
async fn statistics_count_each_organisations_own_cases_and_download_as_csv() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app(backend).await else { continue };
        let now = app.state.clock.now_ms();
        let made = server::demo_cases::generate(&app.state.db, 120, 7, now, 60).await.unwrap();
        assert_eq!(made.cases, 120);
        demo_sign_in(&app, "olle").await;
        let (status, html) = app.get("/handlaggare/statistik").await;
        assert_eq!(status, 200, "{html}");
        let year_ago = now - 366 * 86_400_000;
        let received = scalar(
            &app,
            &format!(
                "SELECT COUNT(*) FROM cases WHERE organisation_id = 'norrvik' AND received_at >= {}",
                if backend == Backend::Sqlite {
                    year_ago.to_string()
                } else {
                    format!("to_timestamp({})", year_ago / 1000)
                }
            ),
        )
        .await;
        let totals = between(&html, "data-test=\"stats-totals\"", "</dl>");
        let shown: i64 = between(totals, "<dd>", "</dd>").parse().unwrap();
        assert!((shown - received).abs() <= 1, "received in the last year: shown {shown}, stored {received}");
        assert!(
            html.contains("role=\"img\"") && html.contains("<title id=\"stats-chart-title\">"),
            "an accessible chart"
        );
        // A bad date is named, and what was typed kept.
        let (_, bad) = app.get("/handlaggare/statistik?fran=i+fjol").await;
        assert!(bad.contains("Skriv ett datum som 2026-12-24") && bad.contains("value=\"i fjol\""));
        // The CSV has a header and one line per service, and only this organisation's services.
        let response = app.get_response("/handlaggare/statistik.csv").await;
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
        let csv = response.text().await.unwrap();
        assert!(csv.starts_with("\"Tjänst\";\"Avdelning\";\"Inkomna\""), "{csv}");
        assert!(!csv.contains("Sjövik") && !csv.contains("Länsstyrelsen"), "{csv}");
        // Someone without a case role gets nothing.
        let resident = app.another_browser();
        demo_sign_in(&resident, "tolvan").await;
        assert_ne!(resident.get_response("/handlaggare/statistik.csv").await.status(), 200);
    }
}

#[tokio::test]
async fn the_applicant_is_told_by_e_mail_and_the_officer_sees_that_it_was_sent() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app(backend).await else { continue };
        let mail_dir = app.config.mail_dir.clone().unwrap();
        demo_sign_in(&app, "tolvan").await;
        // Tolvan has confirmed an address and asked for notices by e-mail.
        let person = scalar(&app, "SELECT id FROM persons WHERE personal_number = '191212121212'").await;
        let now = app.state.clock.now_ms();
        app::on_db!(&app.state.db, write, |pool| {
            sqlx::query(
                "INSERT INTO person_contacts (person_id, email, email_confirmed_at, notify_email, updated_at) \
                 VALUES ($1, 'tolvan@example.se', $2, TRUE, $2)",
            )
            .bind(person)
            .bind(app::db::Timestamp(now))
            .execute(pool)
            .await
            .unwrap()
            .rows_affected()
        });
        send_feedback(&app, "Skräp i parken vid ån.").await;
        let id = scalar(&app, "SELECT id FROM cases").await;
        let number = text(&app, "SELECT case_number FROM cases").await;
        let mail = wait_for_notice(&mail_dir).await;
        assert!(mail.contains("To: tolvan@example.se") && mail.contains(&number), "{mail}");
        assert!(mail.contains(&format!("{}/mina-sidor/arenden/{id}", app.address)), "a link to the case: {mail}");
        assert!(!mail.contains("Skräp i parken"), "nothing of the case itself goes by e-mail");
        // The officer sees the notice and that it went out.
        let olle = app.another_browser();
        demo_sign_in(&olle, "olle").await;
        let (_, html) = olle.get(&format!("/handlaggare/arenden/{id}")).await;
        assert!(html.contains("data-test=\"case-notice\" data-state=\"done\""), "{html}");
    }
}

async fn wait_for_notice(dir: &std::path::Path) -> String {
    for _ in 0..100 {
        if let Some(entry) = std::fs::read_dir(dir).unwrap().flatten().find(|e| {
            e.file_name().to_string_lossy().starts_with("case-notice-")
                && e.path().extension().is_some_and(|x| x == "eml")
        }) {
            return std::fs::read_to_string(entry.path()).unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no case notice in {}", dir.display())
}

#[tokio::test]
async fn a_manager_assigns_several_cases_at_once_and_queues_filter_and_sort() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app(backend).await else { continue };
        let now = app.state.clock.now_ms();
        let day = 86_400_000;
        let cases = [
            case_with("norrvik-bygg", "BN", now - 30 * day, None, "Första Sökande"),
            case_with("norrvik-bygg", "BN", now - 20 * day, None, "Andra Sökande"),
            case_with("norrvik-bygg", "BN", now - 10 * day, None, "Tredje Sökande"),
        ];
        let mut tx = app.state.db.begin().await.unwrap();
        app::cases::api::open(&mut tx, &cases).await.unwrap();
        tx.commit().await.unwrap();
        let ids: Vec<i64> =
            app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar("SELECT id FROM cases ORDER BY received_at")
                .fetch_all(pool)
                .await
                .unwrap());
        let olle_id = {
            let olle = app.another_browser();
            demo_sign_in(&olle, "olle").await;
            scalar(&app, "SELECT id FROM staff WHERE subject = 'olle'").await.to_string()
        };

        // The manager sees a box on each row and a choice of officer; ticks two, and a third
        // someone else has changed meanwhile (its version is old).
        demo_sign_in(&app, "stina").await;
        let (status, html) = app.get("/handlaggare/ko/otilldelade").await;
        assert_eq!(status, 200);
        assert!(html.contains("data-test=\"bulk-assign\"") && count(&html, "data-test=\"bulk-select\"") == 3, "{html}");
        let ticked = [format!("{}:1", ids[0]), format!("{}:1", ids[1]), format!("{}:0", ids[2])];
        let mut fields = vec![("handlaggare", olle_id.as_str()), ("ordning", "aldst")];
        fields.extend(ticked.iter().map(|t| ("arende", t.as_str())));
        let (status, target) = app.post_form("/handlaggare/ko/otilldelade/tilldela", &fields).await;
        assert_eq!((status, target.as_str()), (303, "/handlaggare/ko/otilldelade?tilldelade=2&ej=1&ordning=aldst"));
        let (_, html) = app.get(&target).await;
        assert!(html.contains("2 ärenden tilldelades.") && html.contains("Ett ärende kunde inte tilldelas"), "{html}");
        let assigned = scalar(&app, &format!("SELECT COUNT(*) FROM cases WHERE assigned_to = {olle_id}")).await;
        assert_eq!(assigned, 2);
        // Nothing ticked, or no officer chosen: said so, nothing assigned.
        let (_, target) = app.post_form("/handlaggare/ko/otilldelade/tilldela", &[("handlaggare", &olle_id)]).await;
        assert!(app.get(&target).await.1.contains("Välj minst ett ärende att tilldela"));
        let (_, target) = app.post_form("/handlaggare/ko/alla/tilldela", &[("arende", &format!("{}:1", ids[2]))]).await;
        assert!(app.get(&target).await.1.contains("Välj vilken handläggare"));

        // Filters: by officer, nobody's, oldest first, received dates (a bad one named and kept).
        let rows = |html: &str| count(html, "data-test=\"case-link\"");
        assert_eq!(rows(&app.get(&format!("/handlaggare/ko/alla?handlaggare={olle_id}")).await.1), 2);
        assert_eq!(rows(&app.get("/handlaggare/ko/alla?handlaggare=ingen").await.1), 1);
        let (_, oldest) = app.get("/handlaggare/ko/alla?ordning=aldst").await;
        let first = between(&oldest, "data-test=\"case-link\">", "<");
        assert!(first.ends_with("/0001"), "oldest first: {first}");
        let (_, newest) = app.get("/handlaggare/ko/alla").await;
        assert!(between(&newest, "data-test=\"case-link\">", "<").ends_with("/0003"));
        let from = app::domain::date::SimpleDate::in_sweden_at((now - 15 * day) / 1000).to_string();
        assert_eq!(rows(&app.get(&format!("/handlaggare/ko/alla?fran={from}")).await.1), 1);
        assert_eq!(rows(&app.get(&format!("/handlaggare/ko/alla?till={from}")).await.1), 2);
        let (status, bad) = app.get("/handlaggare/ko/alla?fran=f%C3%B6rra+veckan").await;
        assert_eq!(status, 200);
        assert!(bad.contains("data-test=\"error-summary\"") && bad.contains("value=\"förra veckan\""), "{bad}");

        // A case officer is not a manager: no boxes, and a forged request assigns nothing.
        let olle = app.another_browser();
        demo_sign_in(&olle, "olle").await;
        let (_, html) = olle.get("/handlaggare/ko/alla").await;
        assert!(!html.contains("data-test=\"bulk-select\""));
        let forged = [("handlaggare", olle_id.as_str()), ("arende", &format!("{}:1", ids[2]))];
        let (_, target) = olle.post_form("/handlaggare/ko/alla/tilldela", &forged).await;
        assert_eq!(target, "/handlaggare/ko/alla?tilldelade=0&ej=1");
        assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM cases WHERE assigned_to = {olle_id}")).await, 2);

        // Olle begins one of his: the decision form starts from the service's usual provisions.
        let page = format!("/handlaggare/arenden/{}", ids[0]);
        let v = version(&olle.get(&page).await.1);
        assert_eq!(olle.post_form(&format!("{page}/paborja"), &[("version", &v)]).await.0, 303);
        let (_, html) = olle.get(&page).await;
        let lagrum = between(&html, "data-test=\"beslut-lagrum\"", "</textarea>");
        assert!(lagrum.ends_with(">Socialtjänstlagen (2001:453) 4 kap. 1 och 3 §§"), "{lagrum}");
    }
}

#[tokio::test]
async fn the_referred_organisation_is_reminded_until_it_answers() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app(backend).await else { continue };
        let mail_dir = app.config.mail_dir.clone().unwrap();
        let frida = app.another_browser();
        demo_sign_in(&frida, "frida").await;
        demo_sign_in(&app, "tolvan").await;
        let question = "Finns det brandrisk vid bänkarna?";
        send_feedback(&app, "Bänkarna vid torget är trasiga.").await;
        let id = scalar(&app, "SELECT id FROM cases").await;
        let stina = app.another_browser();
        demo_sign_in(&stina, "stina").await;
        let page = format!("/handlaggare/arenden/{id}");
        let tomorrow =
            app::domain::date::SimpleDate::in_sweden_at(app.state.clock.now_ms() / 1000).add_days(1).to_string();
        for (code, extra) in [
            ("ta", vec![]),
            ("paborja", vec![]),
            (
                "remiss",
                vec![("mottagare", "raddningstjansten"), ("text", question), ("svara_senast", tomorrow.as_str())],
            ),
        ] {
            let v = version(&stina.get(&page).await.1);
            let mut fields = vec![("version", v.as_str())];
            fields.extend(extra);
            assert_eq!(stina.post_form(&format!("{page}/{code}"), &fields).await.0, 303, "{code}");
        }
        // The reply date is within two days: the first reminder goes at once, to the fire
        // service's case staff, naming the case and the referral's page, never the question.
        let referral = scalar(&app, "SELECT id FROM case_referrals").await;
        let mail = wait_for_mail(&mail_dir, "referral-reminder-").await;
        let number = text(&app, "SELECT case_number FROM cases").await;
        assert!(mail.contains("To: frida.brandt@raddning.example"), "{mail}");
        assert!(mail.contains(&number) && mail.contains(&format!("/handlaggare/remisser/{referral}")), "{mail}");
        assert!(mail.contains("Norrvik kommun") && mail.contains(&tomorrow), "{mail}");
        assert!(!mail.contains(question) && !mail.contains("Bänkarna"), "what was referred stays in the portal");
        // The second waits for the day after the reply date; once the referral is answered it sends nothing.
        let waiting = "SELECT COUNT(*) FROM jobs WHERE kind = 'referral-reminder' AND state = 'waiting'";
        // The mail file is written before the first reminder's job is marked done: wait for that.
        for _ in 0..100 {
            if scalar(&app, waiting).await == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert_eq!(scalar(&app, waiting).await, 1);
        let answered =
            frida.post_form(&format!("/handlaggare/remisser/{referral}/svar"), &[("text", "Ingen brandrisk.")]).await;
        assert_eq!(answered.0, 303);
        app::on_db!(&app.state.db, write, |pool| {
            sqlx::query("UPDATE jobs SET run_at = $1 WHERE kind = 'referral-reminder'")
                .bind(app::db::Timestamp(app.state.clock.now_ms()))
                .execute(pool)
                .await
                .unwrap();
        });
        for _ in 0..100 {
            if scalar(&app, waiting).await == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let last_error =
            text(&app, "SELECT COALESCE(MAX(last_error), '') FROM jobs WHERE kind = 'referral-reminder'").await;
        assert_eq!(scalar(&app, waiting).await, 0, "the reminder ran: {last_error}");
        let reminders = std::fs::read_dir(&mail_dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("referral-reminder-"))
            .count();
        assert_eq!(reminders, 1, "an answered referral is not reminded of");
    }
}

#[tokio::test]
async fn an_administrator_searches_the_audit_log_of_their_own_organisation() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app(backend).await else { continue };
        demo_sign_in(&app, "tolvan").await;
        send_feedback(&app, "Skylten vid badplatsen har blåst ner.").await;
        let id = scalar(&app, "SELECT id FROM cases").await;
        let number = text(&app, "SELECT case_number FROM cases").await;
        let olle = app.another_browser();
        demo_sign_in(&olle, "olle").await;
        assert_eq!(olle.get(&format!("/handlaggare/arenden/{id}")).await.0, 200);
        let olle_id = scalar(&app, "SELECT id FROM staff WHERE subject = 'olle'").await;

        let stina = app.another_browser();
        demo_sign_in(&stina, "stina").await;
        let (status, html) = stina.get("/handlaggare/granskning").await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("Ärende läst") && html.contains("Olle Olsson") && html.contains(&number), "{html}");
        assert!(html.contains(&format!("href=\"/handlaggare/arenden/{id}\"")), "the case is a link");
        assert!(!html.contains("19121212") && !html.contains("Skylten"), "no identity number, nothing typed");
        // By case number, member of staff and kind of event.
        let search = format!(
            "/handlaggare/granskning?diarienummer={}&handlaggare={olle_id}&handelse=case-read",
            number.replace(' ', "+").replace('/', "%2F")
        );
        let (_, found) = stina.get(&search).await;
        assert_eq!(count(&found, "data-test=\"audit-entry\""), 1, "{found}");
        let (_, none) = stina.get("/handlaggare/granskning?handelse=role-grant").await;
        assert!(none.contains("data-test=\"audit-empty\""));
        let (_, bad) = stina.get("/handlaggare/granskning?fran=igår").await;
        assert!(bad.contains("data-test=\"error-summary\"") && bad.contains("value=\"igår\""));
        // The search is itself in the log.
        assert!(scalar(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'audit-search'").await >= 3);
        // The log, the timelines and the documents are append-only, whatever a query asks.
        for sql in [
            "UPDATE audit_events SET actor = 'someone'",
            "DELETE FROM audit_events",
            "UPDATE case_events SET actor_name = 'someone'",
            "DELETE FROM case_events",
            "DELETE FROM case_documents",
            "UPDATE case_documents SET description = 'x'",
        ] {
            let refused = app::on_db!(&app.state.db, write, |pool| sqlx::query(sql).execute(pool).await.is_err());
            assert!(refused, "{sql} must be refused");
        }

        // Another municipality's administrator sees nothing of Norrvik's; an officer may not search.
        let sara = app.another_browser();
        demo_sign_in(&sara, "sara").await;
        let (status, theirs) = sara.get("/handlaggare/granskning").await;
        assert_eq!(status, 200);
        assert!(!theirs.contains("Olle Olsson") && !theirs.contains(&number), "{theirs}");
        assert_eq!(olle.get("/handlaggare/granskning").await.0, 403);
        let (status, _) = app.get("/handlaggare/granskning").await;
        assert_ne!(status, 200, "a resident is not staff");
    }
}

#[tokio::test]
async fn my_cases_come_a_page_at_a_time_newest_first() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app(backend).await else { continue };
        demo_sign_in(&app, "tolvan").await;
        let person = scalar(&app, "SELECT id FROM persons WHERE personal_number = '191212121212'").await;
        let now = app.state.clock.now_ms();
        // Thirty cases of Tolvan's, an hour apart, each named by its age in hours.
        let cases: Vec<NewCase> = (0..30)
            .map(|hours| {
                let mut case = case_with("norrvik-bygg", "BN", now - hours * 3_600_000, None, "Tolvan Tolvansson");
                case.person_id = Some(person);
                case.title = format!("Ärende {hours} timmar gammalt");
                case
            })
            .collect();
        let mut tx = app.state.db.begin().await.unwrap();
        app::cases::api::open(&mut tx, &cases).await.unwrap();
        tx.commit().await.unwrap();

        let (status, first) = app.get("/mina-sidor/arenden").await;
        assert_eq!(status, 200);
        assert_eq!(count(&first, "data-test=\"case-link\""), 25, "a page holds 25 cases");
        assert!(first.contains("Ärende 0 timmar gammalt") && first.contains("Ärende 24 timmar gammalt"));
        assert!(!first.contains("Ärende 25 timmar gammalt"));
        let link = first.split("data-test=\"my-cases-next\"").next().unwrap();
        let next = link.rsplit("href=\"").next().unwrap().split('"').next().unwrap().replace("&amp;", "&");
        assert!(next.starts_with("/mina-sidor/arenden?efter="), "{first}");
        let (status, second) = app.get(&next).await;
        assert_eq!(status, 200);
        assert_eq!(count(&second, "data-test=\"case-link\""), 5);
        assert!(second.contains("Ärende 25 timmar gammalt") && second.contains("Ärende 29 timmar gammalt"));
        assert!(!second.contains("data-test=\"my-cases-next\""), "the last page has no next");
        // A position beyond any date is the first page; one that is not a position is a bad address.
        let (status, far) = app.get("/mina-sidor/arenden?efter=999999999999999-1").await;
        assert_eq!((status, count(&far, "data-test=\"case-link\"")), (200, 25));
        assert_eq!(app.get("/mina-sidor/arenden?efter=igar").await.0, 400);
        // Another resident's list holds none of them.
        let agda = app.another_browser();
        demo_sign_in(&agda, "agda").await;
        assert!(!agda.get("/mina-sidor/arenden").await.1.contains("timmar gammalt"));
    }
}
