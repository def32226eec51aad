//! Both guardians' consent, on both backends: Anna, acting for Maja, applies for a preschool
//! place; the application waits (no case) until Erik, Maja's other guardian, approves it from his
//! own My pages, and then reaches the back office; a decline opens nothing and both see that the
//! guardians disagree. Only the guardian the request names may see or answer it, once; a
//! guardian whose custody has ended cannot; a sole guardian's application opens at once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use app::domain::date::SimpleDate;

const FORM: &str = "/formular/norrvik-forskola";
const SCHOOL: &str = "/formular/norrvik-skolval";
const MAJA: &str = "child:202101012397";

async fn demo_sign_in(app: &TestApp, person: &str) {
    let (status, _) = app.post_form("/demo-inloggning", &[("person", person)]).await;
    assert_eq!(status, 303, "demo sign-in as {person}");
}

async fn choose(app: &TestApp, value: &str) {
    let (status, location) = app.post_form("/mina-sidor/foretrada", &[("vem", value)]).await;
    assert_eq!((status, location.as_str()), (303, "/mina-sidor"), "{value}");
}

/// A page without Fluent's isolation marks around its arguments.
async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let (status, html) = app.get(path).await;
    (status, html.replace(['\u{2068}', '\u{2069}'], ""))
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap())
}

async fn texts(app: &TestApp, sql: &str) -> Vec<String> {
    app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar::<_, String>(sql).fetch_all(pool).await.unwrap())
}

/// Fills in and sends the preschool application as whoever `app` is (acting for a child);
/// returns the confirmation page's address.
async fn apply(app: &TestApp) -> String {
    let start = SimpleDate::today_in_sweden().add_days(60).to_string();
    let fields = [("startdatum", start.as_str()), ("timmar", "35"), ("schema", "Måndag–fredag 8–15.")];
    assert_eq!(app.post_form(&format!("{FORM}/start"), &fields).await, (303, format!("{FORM}/forskolor")));
    let ranked = [("forskola1", "norrvik-forskolan-solrosen"), ("forskola2", "norrvik-forskolan-granen")];
    assert_eq!(app.post_form(&format!("{FORM}/forskolor"), &ranked).await, (303, format!("{FORM}/syskon")));
    let siblings = [("har_syskon", "yes"), ("syskon_namn", "Olle, Förskolan Hamnen")];
    assert_eq!(app.post_form(&format!("{FORM}/syskon"), &siblings).await, (303, format!("{FORM}/kontrollera")));
    let (status, check) = page(app, &format!("{FORM}/kontrollera")).await;
    assert_eq!(status, 200);
    // The day a place must be offered by: four months from today.
    let today = SimpleDate::today_in_sweden();
    let offer = app::forms::ssr::consent::offer_by(today, 4).to_string();
    assert!(check.contains("data-test=\"offer-by\"") && check.contains(&offer), "{check}");
    let key = check.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let (status, receipt) = app.sign_and_send(FORM, &key).await;
    assert_eq!(status, 303, "{receipt}");
    assert!(receipt.starts_with(&format!("{FORM}/kvitto/FSK-")), "{receipt}");
    // A double click: the same submission, nothing more.
    assert_eq!(app.post_form(&format!("{FORM}/skicka"), &[("key", &key)]).await, (303, receipt.clone()));
    receipt
}

/// The consent request's id (the only one), from the task link in `html`.
fn task_id(html: &str) -> i64 {
    let rest = html.split("/mina-sidor/samtycken/").nth(1).expect("a task link");
    rest.split('"').next().unwrap().parse().unwrap()
}

async fn a_guardian_applies_the_other_approves_and_the_case_reaches_the_back_office(app: TestApp) {
    // Anna, acting for Maja, sends the application: stored once, no case yet.
    demo_sign_in(&app, "anna").await;
    choose(&app, MAJA).await;
    let (status, start) = page(&app, FORM).await;
    assert_eq!(status, 200);
    assert!(start.contains("data-test=\"start-button\"") && start.contains("Maja Berg"), "{start}");
    let receipt = apply(&app).await;
    let (status, confirmation) = page(&app, &receipt).await;
    assert_eq!(status, 200);
    assert!(confirmation.contains("data-test=\"consent-waiting\""), "{confirmation}");
    assert!(!confirmation.contains("data-test=\"case-number\""), "no case yet: {confirmation}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM submissions WHERE form_id = 'norrvik-forskola'").await, 1);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM cases").await, 0, "no case until Erik approves");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM consent_requests WHERE status = 'pending'").await, 1);
    // Nothing in the consent table holds a guardian's number.
    let stored = texts(&app, "SELECT guardian_key || ' ' || guardian_name FROM consent_requests").await;
    assert!(stored.iter().all(|row| !row.contains("199010212380") && row.contains("Erik Berg")), "{stored:?}");
    let (_, mine) = page(&app, "/mina-sidor").await;
    assert!(mine.contains("Väntar på den andra vårdnadshavaren"), "Anna sees it waiting: {mine}");
    assert!(!mine.contains("data-test=\"consent-task\""), "not a task of hers");

    // Erik, in his own My pages, has the task; he reviews the application as sent.
    let erik = app.another_browser();
    demo_sign_in(&erik, "erik").await;
    let (status, his) = page(&erik, "/mina-sidor").await;
    assert_eq!(status, 200);
    assert!(
        his.contains("data-test=\"consent-task\"") && his.contains("Godkänn Anna Bergs ansökan för Maja Berg"),
        "{his}"
    );
    let id = task_id(&his);
    let task = format!("/mina-sidor/samtycken/{id}");
    let (status, html) = page(&erik, &task).await;
    assert_eq!(status, 200);
    for expected in
        ["Förskolan Solrosen", "I Ur och Skur Granen", "Måndag–fredag 8–15.", "data-test=\"consent-approve\""]
    {
        assert!(html.contains(expected), "{expected}: {html}");
    }
    // Sara, no guardian of Maja's, neither sees nor answers it; Anna, who sent it, cannot answer it.
    let sara = app.another_browser();
    demo_sign_in(&sara, "sara-ek").await;
    assert_eq!(sara.get(&task).await.0, 404);
    assert_eq!(sara.post_form(&format!("{task}/svar"), &[("svar", "ja")]).await.0, 404);
    assert!(!page(&sara, "/mina-sidor").await.1.contains("Maja"), "nothing of it in Sara's My pages");
    let (status, own) = page(&app, &task).await;
    assert_eq!(status, 200, "the sender follows it");
    assert!(!own.contains("data-test=\"consent-approve\""), "{own}");
    assert_eq!(app.post_form(&format!("{task}/svar"), &[("svar", "ja")]).await.0, 403);
    // Not signed in: sent to sign in and back; a task that does not exist is not found.
    let (status, location) = app.another_browser().post_form(&format!("{task}/svar"), &[("svar", "ja")]).await;
    assert!(status == 303 && location.starts_with("/logga-in"), "{status} {location}");
    assert_eq!(erik.get("/mina-sidor/samtycken/999999").await.0, 404);
    assert_eq!(erik.post_form(&format!("{task}/svar"), &[("svar", "kanske")]).await.0, 400);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM cases").await, 0, "nothing answered yet");

    // Erik approves: the case opens, registered in the preschool department.
    assert_eq!(erik.post_form(&format!("{task}/svar"), &[("svar", "ja")]).await, (303, format!("{task}?besvarad=ja")));
    // A double click, a retry: already answered, nothing changes.
    assert_eq!(erik.post_form(&format!("{task}/svar"), &[("svar", "ja")]).await, (303, task.clone()));
    assert_eq!(erik.post_form(&format!("{task}/svar"), &[("svar", "nej")]).await, (303, task.clone()));
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM cases").await, 1, "one case");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM consent_requests WHERE status = 'approved'").await, 1);
    let number = texts(&app, "SELECT case_number FROM cases WHERE department_id = 'norrvik-utbildning'").await;
    assert_eq!(number.len(), 1, "registered in the department that owns preschool");
    let number = number[0].clone();
    let case_id = scalar(&app, "SELECT id FROM cases").await;
    let on_behalf = texts(&app, "SELECT on_behalf FROM cases").await;
    assert_eq!(on_behalf, [MAJA]);
    let (_, answered) = page(&erik, &format!("{task}?besvarad=ja")).await;
    assert!(answered.contains("Godkänd av båda vårdnadshavarna"), "{answered}");

    // The back office: Norrvik's unassigned queue holds it.
    let olle = app.another_browser();
    demo_sign_in(&olle, "olle").await;
    let (status, queue) = olle.get("/handlaggare/ko/otilldelade").await;
    assert_eq!(status, 200);
    assert!(queue.contains(&number), "{queue}");

    // Both guardians' My cases: Anna's own; Erik's while acting for Maja.
    let (_, cases) = page(&app, "/mina-sidor/arenden").await;
    assert!(cases.contains(&format!("/mina-sidor/arenden/{case_id}")), "{cases}");
    choose(&erik, MAJA).await;
    let (_, cases) = page(&erik, "/mina-sidor/arenden").await;
    assert!(cases.contains(&format!("/mina-sidor/arenden/{case_id}")), "{cases}");
    let (_, mine) = page(&app, "/mina-sidor").await;
    assert!(mine.contains("Godkänd av båda vårdnadshavarna"), "{mine}");

    // Audited once each, pseudonymously.
    let audit = texts(
        &app,
        "SELECT action || ' ' || actor || ' ' || COALESCE(object, '') || ' ' || CAST(details AS TEXT) FROM audit_events \
         WHERE action LIKE 'consent-%' ORDER BY id",
    )
    .await;
    assert_eq!(audit.len(), 2, "{audit:?}");
    assert!(audit[0].starts_with("consent-requested person:") && audit[1].starts_with("consent-approve person:"));
    assert!(audit.iter().all(|row| !row.contains("1990") && !row.contains("2021")), "{audit:?}");
}

async fn a_declined_application_opens_no_case_and_both_see_the_disagreement(app: TestApp) {
    // Erik has signed in before and asked for notices at a confirmed address.
    let erik = app.another_browser();
    demo_sign_in(&erik, "erik").await;
    let confirmed = app::on_db!(&app.state.db, write, |pool| sqlx::query(
        "INSERT INTO person_contacts (person_id, email, email_confirmed_at, notify_email, updated_at) \
         SELECT id, 'erik@example.se', $1, TRUE, $1 FROM persons WHERE personal_number = '199010212380'"
    )
    .bind(app::db::Timestamp(1))
    .execute(pool)
    .await
    .unwrap()
    .rows_affected());
    assert_eq!(confirmed, 1);
    demo_sign_in(&app, "anna").await;
    choose(&app, MAJA).await;
    apply(&app).await;
    // He is told, with a link to the task and nothing about the child or the service.
    let mail = wait_for_mail(app.config.mail_dir.as_ref().unwrap(), "consent-request").await;
    assert!(mail.contains("erik@example.se") && mail.contains("/mina-sidor/samtycken/"), "{mail}");
    assert!(!mail.contains("Maja") && !mail.contains("2021") && !mail.contains("rskola"), "{mail}");
    let id = task_id(&page(&erik, "/mina-sidor").await.1);
    let task = format!("/mina-sidor/samtycken/{id}");
    assert_eq!(
        erik.post_form(&format!("{task}/svar"), &[("svar", "nej")]).await,
        (303, format!("{task}?besvarad=nej"))
    );
    assert_eq!(
        erik.post_form(&format!("{task}/svar"), &[("svar", "ja")]).await,
        (303, task.clone()),
        "no second answer"
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM cases").await, 0, "no case");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM consent_requests WHERE status = 'declined'").await, 1);
    for (who, browser) in [("Erik", &erik), ("Anna", &app)] {
        let (status, html) = page(browser, &task).await;
        assert_eq!(status, 200, "{who}");
        assert!(html.contains("data-test=\"consent-disagree\""), "{who}: {html}");
        assert!(html.contains("Vårdnadshavarna är inte överens"), "{who}: {html}");
        assert!(!html.contains("data-test=\"consent-approve\""), "{who}: nothing more to answer");
    }
    let (_, mine) = page(&app, "/mina-sidor").await;
    assert!(mine.contains("Vårdnadshavarna är inte överens"), "{mine}");
    let (_, english) = page(&app, &format!("{task}?lang=en")).await;
    assert!(english.contains("The guardians do not agree"), "{english}");
    let audit = texts(&app, "SELECT action FROM audit_events WHERE action LIKE 'consent-%' ORDER BY id").await;
    assert_eq!(audit, ["consent-requested", "consent-decline"]);
}

async fn a_sole_guardians_application_opens_at_once_and_only_for_a_child(app: TestApp) {
    // Not signed in, or for herself: the form explains that the child comes first.
    let (status, html) = page(&app, FORM).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-test=\"form-for-someone-first\"") && html.contains("/logga-in?till="), "{html}");
    demo_sign_in(&app, "anna").await;
    let (_, html) = page(&app, FORM).await;
    assert!(
        html.contains("data-test=\"form-for-someone-first\"") && html.contains("href=\"/mina-sidor/foretrada\""),
        "{html}"
    );
    assert!(!html.contains("data-test=\"start-button\""), "{html}");
    assert_eq!(app.get_location(&format!("{FORM}/start")).await, (302, FORM.into()), "a step waits for the child");

    // Kim has sole custody of Alex (both with protected identity): no one else to ask, so the
    // case opens at once, by the manual route for protected persons.
    let kim = app.another_browser();
    demo_sign_in(&kim, "kim").await;
    choose(&kim, "child:202302012386").await;
    let receipt = apply(&kim).await;
    let (_, confirmation) = page(&kim, &receipt).await;
    assert!(!confirmation.contains("data-test=\"consent-waiting\""), "{confirmation}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM consent_requests").await, 0);
    let cases = texts(&app, "SELECT status || ' ' || COALESCE(secrecy, '') FROM cases").await;
    assert_eq!(cases, ["received OSL 21 kap. 3 §"], "waits for a registrar, secret");
}

both_backends!(
    a_guardian_applies_the_other_approves_and_the_case_reaches_the_back_office,
    a_declined_application_opens_no_case_and_both_see_the_disagreement,
    a_sole_guardians_application_opens_at_once_and_only_for_a_child
);

/// A population registry of our own: Anna and Erik guardians of Maja until `custody` is cleared,
/// then Anna alone.
async fn changing_registry(custody: std::sync::Arc<std::sync::atomic::AtomicBool>) -> String {
    use axum::{routing::post, Json};
    use std::sync::atomic::Ordering;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let person = |pin: &str, given: &str| serde_json::json!({ "pin": pin, "given_name": given, "family_name": "Berg" });
    let maja = person("202101012397", "Maja");
    let (anna, erik) = (person("199010202381", "Anna"), person("199010212380", "Erik"));
    let router = axum::Router::new()
        .route(
            "/v1/person/children",
            post(move |Json(q): Json<serde_json::Value>| {
                let maja = maja.clone();
                async move {
                    let guardian = q["number"] == "199010202381" || q["number"] == "199010212380";
                    Json(if guardian { serde_json::json!([maja]) } else { serde_json::json!([]) })
                }
            }),
        )
        .route(
            "/v1/person/guardians",
            post(move || {
                let (anna, erik, custody) = (anna.clone(), erik.clone(), custody.clone());
                async move {
                    Json(if custody.load(Ordering::SeqCst) {
                        serde_json::json!([anna, erik])
                    } else {
                        serde_json::json!([anna])
                    })
                }
            }),
        )
        .fallback(|| async { axum::http::StatusCode::NOT_FOUND });
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    address
}

#[tokio::test]
async fn a_guardian_whose_custody_has_ended_cannot_answer() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let custody = std::sync::Arc::new(AtomicBool::new(true));
    let registry = changing_registry(custody.clone()).await;
    let Some((url, dir)) = fresh_database_url(Backend::Sqlite).await else { return };
    let app = spawn_with_config(url, dir, |config| config.registry_url = Some(registry)).await;
    demo_sign_in(&app, "anna").await;
    choose(&app, MAJA).await;
    apply(&app).await;
    let erik = app.another_browser();
    demo_sign_in(&erik, "erik").await;
    let id = task_id(&page(&erik, "/mina-sidor").await.1);
    let task = format!("/mina-sidor/samtycken/{id}");
    assert_eq!(erik.get(&task).await.0, 200);

    // Custody ends before Erik answers: the registry is asked again, and he is refused.
    custody.store(false, Ordering::SeqCst);
    assert_eq!(erik.post_form(&format!("{task}/svar"), &[("svar", "ja")]).await, (303, task.clone()));
    let (status, html) = page(&erik, &task).await;
    assert_eq!(status, 403);
    assert!(html.contains("data-test=\"consent-no-longer-guardian\""), "{html}");
    assert!(!html.contains("Förskolan Solrosen"), "nothing of the application: {html}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM cases").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM consent_requests WHERE status = 'pending'").await, 1);
    let refused = texts(&app, "SELECT outcome FROM audit_events WHERE action = 'consent-answer'").await;
    assert_eq!(refused, ["not-guardian"]);
}

/// School choice is open only in its yearly period, 10–31 January: before it the start page says
/// when it opens and no step can be reached, posted or sent; in it Anna ranks schools for Maja,
/// sends on the last day, and the choice waits for Erik like any application about a child;
/// after it, a draft begun meanwhile stays but goes no further.
#[tokio::test]
async fn school_choice_can_be_made_only_in_its_period() {
    const DAY_MS: i64 = 86_400_000;
    for backend in [Backend::Sqlite, Backend::Postgres] {
        // 5 January 2027, noon in Sweden.
        let noon = SimpleDate::new(2027, 1, 5).unwrap().to_days() * DAY_MS + 11 * 3_600_000;
        let clock = app::clock::Clock::fixed_at(noon);
        let Some(app) = spawn_app_with_clock(backend, &clock).await else { continue };
        demo_sign_in(&app, "anna").await;
        choose(&app, MAJA).await;
        let (status, start) = page(&app, SCHOOL).await;
        assert_eq!(status, 200);
        assert!(start.contains("data-test=\"form-closed\"") && start.contains("från och med 2027-01-10"), "{start}");
        assert!(!start.contains("data-test=\"start-button\""), "nothing to start: {start}");
        let response = app.get_response(&format!("{SCHOOL}/arskurs")).await;
        assert!(response.status().is_redirection(), "{}", response.status());
        assert_eq!(response.headers()["location"], SCHOOL);
        assert_eq!(app.post_form(&format!("{SCHOOL}/arskurs"), &[("arskurs", "fk")]).await, (303, SCHOOL.into()));
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM person_drafts").await, 0, "nothing kept while closed");

        // 10 January: open, with the last day said.
        // (Each jump in time outlasts the sign-in: Anna signs in again, as she would.)
        clock.advance_ms(5 * DAY_MS);
        demo_sign_in(&app, "anna").await;
        choose(&app, MAJA).await;
        let (_, start) = page(&app, SCHOOL).await;
        assert!(start.contains("data-test=\"form-last-day\"") && start.contains("2027-01-31"), "{start}");
        assert!(start.contains("data-test=\"start-button\""), "{start}");
        assert_eq!(
            app.post_form(&format!("{SCHOOL}/arskurs"), &[("arskurs", "fk")]).await,
            (303, format!("{SCHOOL}/skolor"))
        );
        let ranked = [("skola1", "norrvik-hamnskolan"), ("skola2", "norrvik-vikhamns-skola")];
        assert_eq!(app.post_form(&format!("{SCHOOL}/skolor"), &ranked).await, (303, format!("{SCHOOL}/mer")));
        let more = [("syskon", "no"), ("stod", "")];
        assert_eq!(app.post_form(&format!("{SCHOOL}/mer"), &more).await, (303, format!("{SCHOOL}/kontrollera")));
        let (status, check) = page(&app, &format!("{SCHOOL}/kontrollera")).await;
        assert_eq!(status, 200);
        assert!(check.contains("Hamnskolan") && check.contains("Vikhamns skola"), "{check}");
        let key = check.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();

        // Sent on the last day: it waits for Erik.
        clock.advance_ms(21 * DAY_MS);
        demo_sign_in(&app, "anna").await;
        choose(&app, MAJA).await;
        let (status, receipt) = app.sign_and_send(SCHOOL, &key).await;
        assert_eq!(status, 303);
        assert!(receipt.starts_with(&format!("{SCHOOL}/kvitto/SKV-")), "{receipt}");
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM consent_requests WHERE status = 'pending'").await, 1);
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM cases").await, 0);

        // A second choice begun on the last day and continued on 1 February: kept, not taken further.
        assert_eq!(
            app.post_form(&format!("{SCHOOL}/arskurs"), &[("arskurs", "ak4")]).await,
            (303, format!("{SCHOOL}/skolor"))
        );
        clock.advance_ms(DAY_MS);
        demo_sign_in(&app, "anna").await;
        choose(&app, MAJA).await;
        assert_eq!(app.post_form(&format!("{SCHOOL}/skolor"), &ranked).await, (303, SCHOOL.into()));
        let (_, start) = page(&app, SCHOOL).await;
        assert!(start.contains("data-test=\"form-closed\"") && start.contains("från och med 2028-01-10"), "{start}");
        assert_eq!(app.get_location(&format!("{SCHOOL}/kontrollera")).await, (302, SCHOOL.into()));
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM person_drafts").await, 1, "the draft stays");
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM submissions WHERE form_id = 'norrvik-skolval'").await, 1);
    }
}
