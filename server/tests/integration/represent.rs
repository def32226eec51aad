//! Acting for someone, on both backends: a guardian acts for a child in their custody and a
//! signatory for their company, as the (demo) registries say; the header shows it on every page.
//! Nobody acts for someone else's child, for a company they do not sign for or that is no longer
//! active, or for a child after custody has ended; a registry that cannot be asked changes
//! nothing and says so.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;

async fn demo_sign_in(app: &TestApp, person: &str) {
    let (status, _) = app.post_form("/demo-inloggning", &[("person", person)]).await;
    assert_eq!(status, 303, "demo sign-in as {person}");
}

async fn choose(app: &TestApp, value: &str) -> String {
    let (status, location) = app.post_form("/mina-sidor/foretrada", &[("vem", value)]).await;
    assert_eq!(status, 303, "{value}");
    location
}

/// Sends the feedback form (a service handled as a case) with `message`, as whoever `app` is.
async fn send_feedback(app: &TestApp, message: &str) {
    const FEEDBACK: &str = "/formular/norrvik-synpunkter";
    let fields = [("typ", "synpunkt"), ("omraden", "gator"), ("meddelande", message), ("foretag", "no")];
    assert_eq!(app.post_form(&format!("{FEEDBACK}/synpunkt"), &fields).await.0, 303);
    assert_eq!(app.post_form(&format!("{FEEDBACK}/kontakt"), &[("vill_ha_svar", "no")]).await.0, 303);
    let (_, check) = app.get(&format!("{FEEDBACK}/kontrollera")).await;
    let key = check.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let (status, receipt) = app.post_form(&format!("{FEEDBACK}/skicka"), &[("key", key.as_str())]).await;
    assert_eq!(status, 303, "{receipt}");
}

async fn audit_details(app: &TestApp) -> Vec<String> {
    app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar::<_, String>(
        "SELECT CAST(details AS TEXT) FROM audit_events WHERE action = 'represent' ORDER BY id"
    )
    .fetch_all(pool)
    .await
    .unwrap())
}

async fn a_guardian_acts_for_a_child_and_a_signatory_for_a_company(app: TestApp) {
    demo_sign_in(&app, "anna").await;
    let (status, page) = app.get("/mina-sidor/foretrada").await;
    assert_eq!(status, 200);
    for expected in
        ["Maja Berg", "Olle Berg", "2021-01-01", "Strandkiosken Norrvik AB", "559900-0022", "Mig själv (Anna Berg)"]
    {
        assert!(page.contains(expected), "{expected}: {page}");
    }
    assert!(!page.contains("Hamnkrogen"), "Anna does not sign for the restaurant");
    assert!(!page.contains("Alex"), "nor has she custody of Kim's child");
    let (_, home) = app.get("/").await;
    assert!(!home.contains("data-test=\"acting-for\""), "herself until she chooses");

    assert_eq!(choose(&app, "child:202101012397").await, "/mina-sidor");
    for page in ["/", "/mina-sidor", "/tjanster"] {
        let (_, html) = app.get(page).await;
        assert!(html.contains("Företräder: Maja Berg"), "{page}: {html}");
    }
    let (_, page) = app.get("/mina-sidor/foretrada").await;
    assert!(
        page.contains("value=\"child:202101012397\" checked")
            || page.contains("checked value=\"child:202101012397\"")
            || page.split("child:202101012397").nth(1).is_some_and(|rest| rest
                .split('>')
                .next()
                .unwrap_or("")
                .contains("checked")),
        "the current choice is ticked: {page}"
    );

    assert_eq!(choose(&app, "company:5599000022").await, "/mina-sidor");
    let (_, html) = app.get("/?lang=en").await;
    assert!(html.contains("Acting for: Strandkiosken Norrvik AB"), "{html}");

    assert_eq!(choose(&app, "myself").await, "/mina-sidor");
    let (_, html) = app.get("/").await;
    assert!(!html.contains("data-test=\"acting-for\""), "{html}");

    // Audited by kind, never by number.
    let details = audit_details(&app).await;
    assert_eq!(details.len(), 3, "{details:?}");
    assert!(details[0].contains("child") && details[1].contains("company") && details[2].contains("myself"));
    assert!(details.iter().all(|d| !d.contains("2021") && !d.contains("5599")), "{details:?}");
}

async fn nobody_acts_for_someone_else_or_a_company_they_do_not_sign_for(app: TestApp) {
    // Not signed in: sent to sign in, and nothing is chosen.
    let (status, location) = app.post_form("/mina-sidor/foretrada", &[("vem", "child:202101012397")]).await;
    assert_eq!(status, 303);
    assert!(location.starts_with("/logga-in"), "{location}");

    demo_sign_in(&app, "anna").await;
    for refused in [
        "child:202302012386",   // Kim's child
        "child:202001012398x",  // not a number the registry gave
        "company:5599000014",   // Sara's restaurant
        "company:5599000030",   // Tolvan's, and deregistered
        "someone:199010212380", // not a kind of someone
        "",
    ] {
        assert_eq!(choose(&app, refused).await, "/mina-sidor/foretrada?fel=1", "{refused}");
    }
    let (_, html) = app.get("/").await;
    assert!(!html.contains("data-test=\"acting-for\""), "nothing was chosen: {html}");
    let (_, page) = app.get("/mina-sidor/foretrada?fel=1").await;
    assert!(page.contains("error-summary") && page.contains("Välj dig själv, ett av dina barn"), "{page}");
    assert!(page.contains("<title>Fel: "), "the title says there is an error");
    assert!(audit_details(&app).await.is_empty(), "a refused choice records no representation");

    // Tolvan signs for a company that is no longer active: shown, but it cannot be chosen.
    let tolvan = app.another_browser();
    demo_sign_in(&tolvan, "tolvan").await;
    let (_, page) = tolvan.get("/mina-sidor/foretrada").await;
    assert!(page.contains("Gamla Bageriet i Norrvik AB") && page.contains("disabled"), "{page}");
    assert_eq!(choose(&tolvan, "company:5599000030").await, "/mina-sidor/foretrada?fel=1");
}

both_backends!(
    a_guardian_acts_for_a_child_and_a_signatory_for_a_company,
    nobody_acts_for_someone_else_or_a_company_they_do_not_sign_for
);

/// A registry of our own: answers every question with `status` and `body`.
async fn fixed_registry(status: u16, body: &'static str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let router = axum::Router::new().fallback(move || async move {
        (axum::http::StatusCode::from_u16(status).unwrap(), [("content-type", "application/json")], body)
    });
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    address
}

async fn with_registry(registry: String) -> Option<TestApp> {
    let (url, dir) = fresh_database_url(Backend::Sqlite).await?;
    Some(spawn_with_config(url, dir, |config| config.registry_url = Some(registry)).await)
}

#[tokio::test]
async fn after_custody_ends_the_child_can_no_longer_be_chosen() {
    // Anna chose Maja while the registry said she had custody; the registry now lists no child.
    let Some(app) = spawn_app(Backend::Sqlite).await else { return };
    demo_sign_in(&app, "anna").await;
    assert_eq!(choose(&app, "child:202101012397").await, "/mina-sidor");
    let Some(later) = with_registry(fixed_registry(200, "[]").await).await else { return };
    demo_sign_in(&later, "anna").await;
    let (_, page) = later.get("/mina-sidor/foretrada").await;
    assert!(!page.contains("Maja"), "{page}");
    assert_eq!(choose(&later, "child:202101012397").await, "/mina-sidor/foretrada?fel=1");
    let (_, html) = later.get("/").await;
    assert!(!html.contains("data-test=\"acting-for\""));
}

#[tokio::test]
async fn a_registry_that_cannot_be_asked_changes_nothing_and_says_so() {
    let Some(app) = with_registry(fixed_registry(503, "{}").await).await else { return };
    demo_sign_in(&app, "anna").await;
    let (status, page) = app.get("/mina-sidor/foretrada").await;
    assert_eq!(status, 200, "the page still answers");
    assert!(page.contains("data-test=\"represent-registry-problem\""), "{page}");
    assert!(page.contains("Mig själv (Anna Berg)"), "she can go on for herself");
    assert_eq!(choose(&app, "child:202101012397").await, "/mina-sidor/foretrada?registret=1");
    assert_eq!(choose(&app, "myself").await, "/mina-sidor", "acting for oneself needs no registry");
}

async fn drafts_are_kept_apart_by_whom_they_are_for(app: TestApp) {
    const FEEDBACK: &str = "/formular/norrvik-synpunkter";
    let first_step = |message: &'static str| {
        let fields = [("typ", "synpunkt"), ("omraden", "gator"), ("meddelande", message), ("foretag", "no")];
        let app = &app;
        async move {
            let (status, _) = app.post_form(&format!("{FEEDBACK}/synpunkt"), &fields).await;
            assert_eq!(status, 303);
        }
    };
    demo_sign_in(&app, "anna").await;
    choose(&app, "child:202101012397").await;
    first_step("Gungan på förskolegården är trasig.").await;
    let kept: Vec<String> = app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar(
        "SELECT on_behalf FROM person_drafts ORDER BY on_behalf"
    )
    .fetch_all(pool)
    .await
    .unwrap());
    assert_eq!(kept, ["child:202101012397"], "the draft is Maja's");
    let (_, drafts) = app.get("/mina-sidor/paborjade").await;
    assert!(drafts.contains("/formular/norrvik-synpunkter/kontakt"), "listed while acting for Maja: {drafts}");

    // For herself, the form starts afresh and her drafts do not show Maja's.
    choose(&app, "myself").await;
    let (_, step) = app.get(&format!("{FEEDBACK}/synpunkt")).await;
    assert!(!step.contains("Gungan på förskolegården"), "{step}");
    let (_, drafts) = app.get("/mina-sidor/paborjade").await;
    assert!(drafts.contains("data-test=\"drafts-empty\""), "{drafts}");
    first_step("Min egen synpunkt om gatan.").await;

    // Back to Maja: her draft is there as left; deleting it leaves Anna's own.
    choose(&app, "child:202101012397").await;
    let (_, step) = app.get(&format!("{FEEDBACK}/synpunkt")).await;
    assert!(step.contains("Gungan på förskolegården är trasig."), "{step}");
    let (status, _) = app.post_form("/mina-sidor/paborjade/norrvik-synpunkter/ta-bort", &[]).await;
    assert_eq!(status, 303);
    let kept: Vec<String> = app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar(
        "SELECT on_behalf FROM person_drafts ORDER BY on_behalf"
    )
    .fetch_all(pool)
    .await
    .unwrap());
    assert_eq!(kept, [""], "only Anna's own draft is left");
}

mod drafts {
    use super::*;
    both_backends!(drafts_are_kept_apart_by_whom_they_are_for);
}

async fn the_other_guardian_sees_the_childs_case_and_nobody_else_does(app: TestApp) {
    // Anna, acting for Maja, sends the feedback form: a case for Maja.
    demo_sign_in(&app, "anna").await;
    choose(&app, "child:202101012397").await;
    send_feedback(&app, "Gungan är trasig.").await;
    let (id, party, on_behalf): (i64, String, Option<String>) = app::on_db!(&app.state.db, read, |pool| {
        sqlx::query_as("SELECT id, party, on_behalf FROM cases ORDER BY id DESC LIMIT 1").fetch_one(pool).await.unwrap()
    });
    assert_eq!((party.as_str(), on_behalf.as_deref()), ("Maja Berg", Some("child:202101012397")));
    let case_page = format!("/mina-sidor/arenden/{id}");
    let (_, mine) = app.get("/mina-sidor/arenden").await;
    assert!(mine.contains(&case_page), "Anna sees it acting for Maja: {mine}");
    // Anna for herself still sees the case she sent.
    choose(&app, "myself").await;
    assert_eq!(app.get(&case_page).await.0, 200);

    // Erik, Maja's other guardian: acting for Maja he sees it; for himself he does not.
    let erik = app.another_browser();
    demo_sign_in(&erik, "erik").await;
    assert_eq!(erik.get(&case_page).await.0, 404, "not his own case");
    let (_, his) = erik.get("/mina-sidor/arenden").await;
    assert!(!his.contains(&case_page));
    choose(&erik, "child:202101012397").await;
    let (_, his) = erik.get("/mina-sidor/arenden").await;
    assert!(his.contains(&case_page), "{his}");
    let (status, page) = erik.get(&case_page).await;
    assert_eq!(status, 200);
    assert!(page.contains("Maja Berg"), "{page}");
    // Acting for Olle instead: Maja's case is not his business then.
    choose(&erik, "child:202001012398").await;
    assert_eq!(erik.get(&case_page).await.0, 404);

    // Sara, no guardian of Maja's, cannot choose her, so never sees the case.
    let sara = app.another_browser();
    demo_sign_in(&sara, "sara-ek").await;
    assert_eq!(choose(&sara, "child:202101012397").await, "/mina-sidor/foretrada?fel=1");
    assert_eq!(sara.get(&case_page).await.0, 404);
}

mod cases {
    use super::*;
    both_backends!(the_other_guardian_sees_the_childs_case_and_nobody_else_does);
}

async fn what_is_sent_for_a_protected_child_is_secret_and_waits_for_a_registrar(app: TestApp) {
    demo_sign_in(&app, "kim").await;
    let (_, page) = app.get("/mina-sidor/foretrada").await;
    assert!(page.contains("Alex Skyddad"), "{page}");
    choose(&app, "child:202302012386").await;
    send_feedback(&app, "Om skolvägen.").await;
    let (status, number, secrecy): (String, Option<String>, Option<String>) =
        app::on_db!(&app.state.db, read, |pool| {
            sqlx::query_as("SELECT status, case_number, secrecy FROM cases WHERE on_behalf = 'child:202302012386'")
                .fetch_one(pool)
                .await
                .unwrap()
        });
    assert_eq!(status, "received", "not registered automatically: a registrar takes it by hand");
    assert!(number.is_none());
    assert_eq!(secrecy.as_deref(), Some("OSL 21 kap. 3 §"));
    // Someone else reading the public register finds nothing of it.
    let register = app.stranger().get(format!("{}/diarium?q=Skyddad", app.address)).send().await.unwrap();
    let register = register.text().await.unwrap();
    assert!(register.contains("<h1"), "{register}");
    assert!(!register.contains("Alex"), "nothing of it in the public register: {register}");
}

mod protected {
    use super::*;
    both_backends!(what_is_sent_for_a_protected_child_is_secret_and_waits_for_a_registrar);
}

pub(crate) const SERVING: &str = "/formular/norrvik-serveringstillstand";

/// Fills in the serving licence for Hamnkrogen, whose signatory `app` acts for, every step
/// (two people with significant influence, the floor plan and the lease as files); returns the
/// check page's idempotency key.
pub(crate) async fn fill_serving_licence(app: &TestApp) -> String {
    const PDF: &[u8] = crate::attachments::PDF;
    let (status, step) = app.get(&format!("{SERVING}/foretag")).await;
    assert_eq!(status, 200);
    assert!(step.contains("value=\"Hamnkrogen i Norrvik AB\"") && step.contains("value=\"559900-0014\""), "{step}");
    assert!(step.contains("Bolagsverket"), "says where they came from: {step}");
    let company = [("foretag", "Hamnkrogen i Norrvik AB"), ("orgnr", "559900-0014"), ("epost", "krogen@example.com")];
    assert_eq!(app.post_form(&format!("{SERVING}/foretag"), &company).await, (303, format!("{SERVING}/lokal")));
    let premises = [
        ("tillstand", "stadigvarande-allmanhet"),
        ("lokalnamn", "Hamnkrogen"),
        ("adress.street", "Hamngatan 1"),
        ("adress.postcode", "123 45"),
        ("adress.city", "Norrvik"),
        ("var", "inne"),
        ("var", "ute"),
        ("tider", "Måndag–söndag 11–01"),
        ("platser", "80"),
    ];
    assert_eq!(app.post_form(&format!("{SERVING}/lokal"), &premises).await, (303, format!("{SERVING}/inflytande")));
    let people = [
        ("personer", "2"),
        ("personer.0.namn", "Sara Ek"),
        ("personer.0.personnummer", "19860511-9885"),
        ("personer.0.roll", "Styrelseledamot"),
        ("personer.1.namn", "Tolvan Tolvansson"),
        ("personer.1.personnummer", "20170101-2393"),
        ("personer.1.roll", "Delägare"),
    ];
    assert_eq!(
        app.post_form(&format!("{SERVING}/inflytande"), &people).await,
        (303, format!("{SERVING}/kunskapsprov"))
    );
    assert_eq!(
        app.post_form(&format!("{SERVING}/kunskapsprov"), &[("prov", "no")]).await,
        (303, format!("{SERVING}/bilagor"))
    );
    let files = [Part::File("planritning", "plan.pdf", PDF), Part::File("hyresavtal", "hyresavtal.pdf", PDF)];
    assert_eq!(app.post_files(&format!("{SERVING}/bilagor"), &files).await, (303, format!("{SERVING}/kontrollera")));
    let (_, check) = app.get(&format!("{SERVING}/kontrollera")).await;
    assert!(check.contains("Tolvan Tolvansson") && check.contains("hyresavtal.pdf"), "{check}");
    let key = check.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    key
}

/// The serving licence, a company's form: only while acting for a company; Sara, who signs for
/// Hamnkrogen, finds its name and organisation number filled in, lists the people with
/// significant influence, attaches the floor plan and the lease, and sends it; the case is the
/// company's, registered in the building and environment department, and Tolvan sees nothing of it.
async fn a_signatory_applies_for_a_serving_licence_for_their_company(app: TestApp) {
    demo_sign_in(&app, "sara-ek").await;
    // Herself: the start page says to choose the company first; no step, no sending.
    let (_, start) = app.get(SERVING).await;
    assert!(start.contains("data-test=\"form-for-someone-first\"") && start.contains("Välj vilket företag"), "{start}");
    assert!(!start.contains("data-test=\"start-button\""), "{start}");
    assert_eq!(app.get_location(&format!("{SERVING}/foretag")).await, (302, SERVING.into()));

    assert_eq!(choose(&app, "company:5599000014").await, "/mina-sidor");
    let (_, start) = app.get(SERVING).await;
    assert!(start.contains("data-test=\"start-button\"") && start.contains("Hamnkrogen i Norrvik AB"), "{start}");
    let key = fill_serving_licence(&app).await;
    // The company's name and number are not the post's to change: shown read-only, and what a
    // tampered post says is replaced by the company Sara acts for.
    let (_, step) = app.get(&format!("{SERVING}/foretag")).await;
    assert!(step.contains("readonly"), "{step}");
    let tampered = [("foretag", "Annat AB"), ("orgnr", "559900-0022"), ("epost", "krogen@example.com")];
    assert_eq!(app.post_form(&format!("{SERVING}/foretag"), &tampered).await.0, 303);
    let (_, check) = app.get(&format!("{SERVING}/kontrollera")).await;
    assert!(check.contains("Hamnkrogen i Norrvik AB") && check.contains("559900-0014"), "{check}");
    assert!(!check.contains("Annat AB") && !check.contains("559900-0022"), "{check}");
    let (status, receipt) = app.sign_and_send(SERVING, &key).await;
    assert_eq!(status, 303);
    assert!(receipt.starts_with(&format!("{SERVING}/kvitto/SERV-")), "{receipt}");

    let case: (String, String, String) = app::on_db!(&app.state.db, read, |pool| sqlx::query_as(
        "SELECT on_behalf, party, department_id FROM cases WHERE service_id = 'norrvik-serveringstillstand'"
    )
    .fetch_one(pool)
    .await
    .unwrap());
    assert_eq!(case, ("company:5599000014".into(), "Hamnkrogen i Norrvik AB".into(), "norrvik-bygg".into()));
    // Sara follows it while acting for the company; Tolvan, named in it, does not see it.
    let (_, cases) = app.get("/mina-sidor/arenden").await;
    assert!(cases.contains("Ansök om serveringstillstånd"), "{cases}");
    let tolvan = app.another_browser();
    demo_sign_in(&tolvan, "tolvan").await;
    assert!(!tolvan.get("/mina-sidor/arenden").await.1.contains("serveringstillstånd"));

    // The officer refers the application to the police, the tax agency and the fire service, as
    // the alcohol act has it; each answers from its own back office, seeing only what was referred.
    let id: i64 = app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar("SELECT id FROM cases")
        .fetch_one(pool)
        .await
        .unwrap());
    let olle = app.another_browser();
    demo_sign_in(&olle, "olle").await;
    let page = format!("/handlaggare/arenden/{id}");
    let refer = |to: &'static str| {
        vec![("mottagare", to), ("text", "Yttra er om ansökan, tack."), ("svara_senast", "2099-12-31")]
    };
    for (code, extra) in [
        ("ta", vec![]),
        ("paborja", vec![]),
        ("remiss", refer("polisen")),
        ("remiss", refer("skatteverket")),
        ("remiss", refer("raddningstjansten")),
    ] {
        let (_, html) = olle.get(&page).await;
        let version = html.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let mut fields = vec![("version", version.as_str())];
        fields.extend(extra);
        assert_eq!(olle.post_form(&format!("{page}/{code}"), &fields).await, (303, format!("{page}?klart={code}")));
    }
    for (person, organisation, answer) in [
        ("paula", "polisen", "Polisen har inget att invända."),
        ("sixten", "skatteverket", "Bolaget har inga skulder hos Kronofogden."),
        ("frida", "raddningstjansten", "Lokalen är godkänd för 80 personer."),
    ] {
        let referral: i64 = app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar(
            "SELECT id FROM case_referrals WHERE organisation_id = $1"
        )
        .bind(organisation)
        .fetch_one(pool)
        .await
        .unwrap());
        let staff = app.another_browser();
        demo_sign_in(&staff, person).await;
        let referral_page = format!("/handlaggare/remisser/{referral}");
        let (status, html) = staff.get(&referral_page).await;
        assert_eq!(status, 200, "{person}");
        assert!(html.contains("Hamnkrogen i Norrvik AB") && html.contains("Yttra er om ansökan"), "{html}");
        assert_eq!(staff.get(&page).await.0, 404, "the case itself stays with Norrvik");
        assert_eq!(staff.post_form(&format!("{referral_page}/svar"), &[("text", answer)]).await.0, 303);
    }
    let (_, html) = olle.get(&page).await;
    assert_eq!(count(&html, "data-answered=\"true\""), 3, "three opinions answered: {html}");
    assert!(html.contains("Bolaget har inga skulder hos Kronofogden."));
}

mod serving {
    use super::*;
    both_backends!(a_signatory_applies_for_a_serving_licence_for_their_company);
}
