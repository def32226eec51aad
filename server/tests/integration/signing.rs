//! Signing what is sent (a personal e-service): "Sign and send" sends nothing until the sender
//! has signed exactly these answers as themselves; the case keeps who signed, when, with which
//! e-ID and level, the text signed and its SHA-256, and shows them to the applicant and the
//! officer. Here with the demo's signing page (both backends); `identity` signs with a fresh
//! authentication at a real OpenID provider.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use crate::represent::{fill_serving_licence, SERVING};

async fn demo_sign_in(app: &TestApp, person: &str) {
    let (status, _) = app.post_form("/demo-inloggning", &[("person", person)]).await;
    assert_eq!(status, 303, "demo sign-in as {person}");
}

async fn choose(app: &TestApp, value: &str) {
    let (status, location) = app.post_form("/mina-sidor/foretrada", &[("vem", value)]).await;
    assert_eq!((status, location.as_str()), (303, "/mina-sidor"), "{value}");
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar(sql).fetch_one(pool).await.unwrap())
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    html.split(start).nth(1).and_then(|rest| rest.split(end).next()).unwrap_or_default()
}

/// Begins "Sign and send"; returns the demo signing page's flow id and the checksum it shows.
async fn begin_signing(app: &TestApp, key: &str) -> (String, String) {
    let (status, signing) = app.post_form(&format!("{SERVING}/skicka"), &[("key", key)]).await;
    assert_eq!(status, 303);
    assert!(signing.starts_with("/demo-signering?flode="), "{signing}");
    let (status, page) = app.get(&signing).await;
    assert_eq!(status, 200);
    assert!(page.contains("Sara Ek") && page.contains("Ansök om serveringstillstånd"), "who signs what: {page}");
    assert!(page.contains("data-test=\"demo-warning\""), "the demo's signing page says it is a demo: {page}");
    let digest = between(&page, "data-test=\"digest\" class=\"checksum\">", "<").to_string();
    assert_eq!(digest.len(), 64, "{page}");
    (signing.split("flode=").nth(1).unwrap().to_string(), digest)
}

async fn what_is_sent_is_signed_and_the_case_keeps_the_signature(app: TestApp) {
    demo_sign_in(&app, "sara-ek").await;
    choose(&app, "company:5599000014").await;
    let key = fill_serving_licence(&app).await;
    let (_, check) = app.get(&format!("{SERVING}/kontrollera")).await;
    assert!(check.contains("Skriv under och skicka in"), "the check page says sending is signing: {check}");
    let submissions = "SELECT COUNT(*) FROM submissions";

    // Someone else's browser posting the key sends nothing: it has no such draft.
    let stranger = app.another_browser();
    assert_eq!(stranger.post_form(&format!("{SERVING}/skicka"), &[("key", &key)]).await.0, 303);
    // Coming "back from signing" without having signed sends nothing either.
    let (status, back) = app.get_location(&format!("{SERVING}/skicka?nyckel={key}")).await;
    assert_eq!((status, back.as_str()), (303, format!("{SERVING}/kontrollera?signering=andrad").as_str()));
    assert_eq!(scalar(&app, submissions).await, 0);

    // Cancelled on the signing page: back to the check page, which says nothing was sent.
    let (flow, first_digest) = begin_signing(&app, &key).await;
    let (status, back) = app.post_form("/demo-signering", &[("flode", &flow), ("avbryt", "1")]).await;
    assert_eq!((status, back.as_str()), (303, format!("{SERVING}/kontrollera?signering=avbruten").as_str()));
    let (_, check) = app.get(&back).await;
    assert!(check.contains("data-test=\"signing-problem\"") && check.contains("Du avbröt underskriften"), "{check}");
    assert_eq!(app.post_form("/demo-signering", &[("flode", &flow)]).await.0, 404, "a signing flow is used once");
    assert_eq!(scalar(&app, submissions).await, 0);

    // Signed, but an answer changed (another tab) before it was sent: the signature signs the
    // old answers, so nothing is sent and the check page says why.
    let (flow, digest) = begin_signing(&app, &key).await;
    assert_eq!(digest, first_digest, "the same answers, the same checksum");
    let (status, back) = app.post_form("/demo-signering", &[("flode", &flow)]).await;
    assert_eq!((status, back.clone()), (303, format!("{SERVING}/skicka?nyckel={key}")));
    let kunskapsprov = [("prov", "yes"), ("provdatum", "2026-11-03")];
    let (status, _) = app.post_form(&format!("{SERVING}/kunskapsprov"), &kunskapsprov).await;
    assert_eq!(status, 303);
    let (_, step) = app.get(&format!("{SERVING}/kunskapsprov")).await;
    assert!(!step.contains("error-summary"), "the changed answer is accepted: {step}");
    let (status, changed) = app.get_location(&back).await;
    assert_eq!((status, changed.as_str()), (303, format!("{SERVING}/kontrollera?signering=andrad").as_str()));
    assert_eq!(scalar(&app, submissions).await, 0);

    // Signed and sent; a reload of the way back shows the same receipt and sends nothing more.
    let (flow, digest) = begin_signing(&app, &key).await;
    assert_ne!(digest, first_digest, "other answers, another checksum");
    let (_, back) = app.post_form("/demo-signering", &[("flode", &flow)]).await;
    let (status, receipt) = app.get_location(&back).await;
    assert_eq!(status, 303);
    assert!(receipt.starts_with(&format!("{SERVING}/kvitto/SERV-")), "{receipt}");
    assert_eq!(app.get_location(&back).await, (303, receipt.clone()));
    assert_eq!(scalar(&app, submissions).await, 1);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'sign'").await, 2);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'sign-refused'").await, 1);

    // The case keeps the signature: exactly the text signed, whose SHA-256 is the one shown on
    // the signing page, with the answers, the sending's key and the files by their checksums.
    let case_id = scalar(&app, "SELECT id FROM cases").await;
    let (signer, e_id, loa, sha256, text): (String, String, i16, String, String) =
        app::on_db!(&app.state.db, read, |pool| sqlx::query_as(
            "SELECT signer_name, e_id, loa, sha256, signed_text FROM case_signatures WHERE case_id = $1"
        )
        .bind(case_id)
        .fetch_one(pool)
        .await
        .unwrap());
    assert_eq!((signer.as_str(), e_id.as_str(), loa), ("Sara Ek", "Testperson (demo)", 3));
    assert_eq!(sha256, digest);
    assert_eq!(app::attachments::sha256_hex(text.as_bytes()), sha256);
    let pdf_sha256 = app::attachments::sha256_hex(crate::attachments::PDF);
    for part in
        ["Ansök om serveringstillstånd", "Hamnkrogen i Norrvik AB", "Tolvan Tolvansson", "plan.pdf", &key, &pdf_sha256]
    {
        assert!(text.contains(part), "the signed text holds {part:?}: {text}");
    }

    // The case's first document holds the same answers, the repeating group's items too.
    let body: String = app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar(
        "SELECT body FROM case_documents WHERE case_id = $1 AND number = 1"
    )
    .bind(case_id)
    .fetch_one(pool)
    .await
    .unwrap());
    assert!(body.contains("Tolvan Tolvansson") && body.contains("Delägare"), "{body}");

    // Sara sees it on her case page, and so does the officer.
    let (_, mine) = app.get(&format!("/mina-sidor/arenden/{case_id}")).await;
    assert!(mine.contains("data-test=\"case-signature\"") && mine.contains(&sha256), "{mine}");
    assert!(mine.contains("data-intact=\"true\""), "{mine}");
    let olle = app.another_browser();
    demo_sign_in(&olle, "olle").await;
    let (status, staff) = olle.get(&format!("/handlaggare/arenden/{case_id}")).await;
    assert_eq!(status, 200);
    assert!(staff.contains(&sha256) && staff.contains("Hamngatan 1"), "the officer reads what was signed: {staff}");

    // A text changed in the database afterwards no longer matches its checksum, and the page says so.
    app::on_db!(&app.state.db, write, |pool| sqlx::query(
        "UPDATE case_signatures SET signed_text = signed_text || 'x' WHERE case_id = $1"
    )
    .bind(case_id)
    .execute(pool)
    .await
    .unwrap()
    .rows_affected());
    let (_, staff) = olle.get(&format!("/handlaggare/arenden/{case_id}")).await;
    assert!(staff.contains("data-intact=\"false\""), "{staff}");
}

/// A signing page is the signer's own: another browser, or another person, gets nothing of it.
async fn a_signing_flow_is_only_the_signers(app: TestApp) {
    demo_sign_in(&app, "sara-ek").await;
    choose(&app, "company:5599000014").await;
    let key = fill_serving_licence(&app).await;
    let (flow, _) = begin_signing(&app, &key).await;
    let other = app.another_browser();
    demo_sign_in(&other, "tolvan").await;
    assert_eq!(other.get(&format!("/demo-signering?flode={flow}")).await.0, 404);
    assert_eq!(other.post_form("/demo-signering", &[("flode", &flow)]).await.0, 404);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'sign'").await, 0);
}

/// A signed form anyone may otherwise use (the building permit), opened by a visitor who is not
/// signed in: its start page says the application is signed with an e-ID and to sign in first,
/// with the way there and back and no start button; its steps, check page and sending lead back
/// to it. Signed in, the form starts as any other.
async fn a_signed_form_asks_a_visitor_to_sign_in_first(app: TestApp) {
    const PERMIT: &str = "/formular/norrvik-bygglov";
    let (status, start) = app.get(PERMIT).await;
    assert_eq!(status, 200);
    let notice = between(&start, "data-test=\"form-sign-in-first\"", "</div>");
    assert!(notice.contains("Ansökan skrivs under med e-legitimation"), "{start}");
    let sign_in = app::routes::sign_in_and_return(PERMIT);
    assert!(notice.contains(&format!("href=\"{sign_in}\"")), "the way to sign in and back: {notice}");
    assert!(notice.contains("data-test=\"form-sign-in-link\"") && notice.contains(">Logga in</a>"), "{notice}");
    assert!(!start.contains("data-test=\"start-button\""), "{start}");
    assert!(!start.contains("data-test=\"form-for-someone-first\""), "not a form for a child or a company: {start}");
    let (_, english) = app.get(&format!("{PERMIT}?lang=en")).await;
    assert!(english.contains("The application is signed with an e-ID") && english.contains(">Sign in<"), "{english}");
    assert_eq!(app.get(&sign_in).await.0, 200, "the sign-in page");

    // A step opened or posted directly, the check page, sending: back to the start page.
    assert_eq!(app.get_location(&format!("{PERMIT}/atgard")).await, (302, PERMIT.into()), "a step waits for a sign-in");
    let fields = [
        ("fastighet", "Norrvik Björken 4"),
        ("typ", "plank"),
        ("beskrivning", "Ett plank mot gatan, 1,8 meter högt och 12 meter långt."),
        ("brandskydd", "no"),
    ];
    assert_eq!(app.post_form(&format!("{PERMIT}/atgard"), &fields).await, (303, PERMIT.to_string()));
    assert_eq!(app.get_location(&format!("{PERMIT}/kontrollera")).await, (302, PERMIT.into()));
    let key = "0123456789abcdef0123456789abcdef";
    assert_eq!(app.post_form(&format!("{PERMIT}/skicka"), &[("key", key)]).await, (303, PERMIT.to_string()));
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM submissions").await, 0);

    // Signed in: the start button, and the steps.
    demo_sign_in(&app, "tolvan").await;
    let (_, start) = app.get(PERMIT).await;
    assert!(start.contains("data-test=\"start-button\""), "{start}");
    assert!(!start.contains("data-test=\"form-sign-in-first\""), "{start}");
    assert_eq!(app.post_form(&format!("{PERMIT}/atgard"), &fields).await, (303, format!("{PERMIT}/ritningar")));
}

/// A signing left on the signing page longer than a signing may take: "Sign" goes back to the
/// check page, which says it took too long; nothing is sent, and signing again in time sends.
#[tokio::test]
async fn a_signing_left_too_long_is_begun_again() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let clock = app::clock::Clock::fixed_at(app::clock::Clock::system().now_ms());
        let Some(app) = spawn_app_with_clock(backend, &clock).await else { continue };
        demo_sign_in(&app, "sara-ek").await;
        choose(&app, "company:5599000014").await;
        let key = fill_serving_licence(&app).await;
        let (flow, _) = begin_signing(&app, &key).await;
        clock.advance_ms(11 * 60 * 1000);
        let (status, back) = app.post_form("/demo-signering", &[("flode", &flow)]).await;
        assert_eq!((status, back.as_str()), (303, format!("{SERVING}/kontrollera?signering=utgangen").as_str()));
        let (_, check) = app.get(&back).await;
        assert!(check.contains("data-test=\"signing-problem\"") && check.contains("Det tog för lång tid"), "{check}");
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM submissions").await, 0);
        let refused = "SELECT COUNT(*) FROM audit_events WHERE action = 'sign-refused' AND details LIKE '%utgangen%'";
        let refused = if app.state.db.backend() == "postgres" {
            refused.replace("details LIKE", "details::text LIKE")
        } else {
            refused.to_string()
        };
        assert_eq!(scalar(&app, &refused).await, 1, "audited");

        // The signing page reloaded after its time: the same way back (and audited again).
        let (flow, _) = begin_signing(&app, &key).await;
        clock.advance_ms(11 * 60 * 1000);
        let reloaded = app.get_location(&app::routes::demo_signing(&flow)).await;
        assert_eq!(reloaded, (302, format!("{SERVING}/kontrollera?signering=utgangen")));
        assert_eq!(scalar(&app, &refused).await, 2, "audited");
        assert_eq!(app.post_form("/demo-signering", &[("flode", &flow)]).await.0, 404, "that flow is over");
        // Someone else's flow id, or one that never was, is not found.
        assert_eq!(app.get(&app::routes::demo_signing("0123456789abcdef")).await.0, 404);

        let (flow, _) = begin_signing(&app, &key).await;
        let (status, back) = app.post_form("/demo-signering", &[("flode", &flow)]).await;
        assert_eq!((status, back.clone()), (303, format!("{SERVING}/skicka?nyckel={key}")));
        let (status, receipt) = app.get_location(&back).await;
        assert_eq!(status, 303);
        assert!(receipt.starts_with(&format!("{SERVING}/kvitto/")), "{receipt}");
    }
}

/// A signed form's step reloaded after the sign-in ran out (20 minutes idle): to sign in, and
/// back to that step with the draft as it was; the check page likewise. Nothing is lost.
#[tokio::test]
async fn a_step_reloaded_after_the_sign_in_ran_out_signs_in_and_comes_back() {
    const PERMIT: &str = "/formular/norrvik-bygglov";
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let clock = app::clock::Clock::fixed_at(app::clock::Clock::system().now_ms());
        let Some(app) = spawn_app_with_clock(backend, &clock).await else { continue };
        demo_sign_in(&app, "tolvan").await;
        let fields = [
            ("fastighet", "Norrvik Björken 4"),
            ("typ", "plank"),
            ("beskrivning", "Ett plank mot gatan, 1,8 meter högt och 12 meter långt."),
            ("brandskydd", "no"),
        ];
        assert_eq!(app.post_form(&format!("{PERMIT}/atgard"), &fields).await, (303, format!("{PERMIT}/ritningar")));
        clock.advance_ms(25 * 60_000);
        let step = format!("{PERMIT}/atgard");
        let sign_in = app::routes::sign_in_and_return(&step);
        assert_eq!(app.get_location(&step).await, (302, sign_in.clone()), "reloaded: sign in again");
        let check = format!("{PERMIT}/kontrollera");
        assert_eq!(app.get_location(&check).await, (302, app::routes::sign_in_and_return(&check)));
        let (status, page) = app.get(&sign_in).await;
        assert_eq!(status, 200, "{page}");
        demo_sign_in(&app, "tolvan").await;
        let (status, page) = app.get(&step).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("Norrvik Björken 4"), "the draft as it was: {page}");

        // Someone who never signed in in this browser is sent to the start page, which says why.
        let visitor = app.another_browser();
        assert_eq!(visitor.get_location(&step).await, (302, PERMIT.into()));
    }
}

mod demo {
    use super::*;
    both_backends!(
        what_is_sent_is_signed_and_the_case_keeps_the_signature,
        a_signing_flow_is_only_the_signers,
        a_signed_form_asks_a_visitor_to_sign_in_first
    );
}
