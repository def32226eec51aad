//! The authorization matrix of cases, on both backends: every case route, server function and
//! action, asked by every kind of actor — nobody, the applicant, another resident, each role of
//! the case's organisation, a manager of another department, another municipality's staff and
//! the organisation a question was referred to. Who may see a case sees it; nobody else sees
//! the case number, the application or the referral's question anywhere, and nobody changes
//! anything with a request they may not make. The routes are listed once; the expectations are
//! computed from who the actors are, so a route added to the list is checked for all of them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;

const APPLICATION: &str = "Parkbänkarna vid Lindängsskolan är sönder.";
const QUESTION: &str = "Är bänkarna ett brandskyddsproblem?";

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap())
}

async fn sign_in(app: &TestApp, person: &str) -> TestApp {
    let browser = app.another_browser();
    assert_eq!(browser.post_form("/demo-inloggning", &[("person", person)]).await.0, 303, "{person}");
    browser
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    html.split(start).nth(1).and_then(|rest| rest.split(end).next()).unwrap_or_default()
}

/// Tolvan's feedback, registered as a case, taken and begun by Stina and referred to the fire
/// service. Returns (case id, case number, referral id).
async fn a_referred_case(app: &TestApp) -> (i64, String, i64) {
    let tolvan = sign_in(app, "tolvan").await;
    let form = "/formular/norrvik-synpunkter";
    let fields = [("typ", "synpunkt"), ("omraden", "gator"), ("meddelande", APPLICATION), ("foretag", "no")];
    assert_eq!(tolvan.post_form(&format!("{form}/synpunkt"), &fields).await.0, 303);
    assert_eq!(tolvan.post_form(&format!("{form}/kontakt"), &[("vill_ha_svar", "no")]).await.0, 303);
    let (_, check) = tolvan.get(&format!("{form}/kontrollera")).await;
    let key = between(&check, "name=\"key\" value=\"", "\"").to_string();
    assert_eq!(tolvan.post_form(&format!("{form}/skicka"), &[("key", &key)]).await.0, 303);
    let id = scalar(app, "SELECT id FROM cases").await;
    let number =
        app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar::<_, String>("SELECT case_number FROM cases")
            .fetch_one(pool)
            .await
            .unwrap());
    let stina = sign_in(app, "stina").await;
    let page = format!("/handlaggare/arenden/{id}");
    for (code, extra) in [
        ("ta", vec![]),
        ("paborja", vec![]),
        ("remiss", vec![("mottagare", "raddningstjansten"), ("text", QUESTION), ("svara_senast", "2099-12-31")]),
    ] {
        let (_, html) = stina.get(&page).await;
        let version = between(&html, "name=\"version\" value=\"", "\"").to_string();
        let mut fields = vec![("version", version.as_str())];
        fields.extend(extra);
        assert_eq!(stina.post_form(&format!("{page}/{code}"), &fields).await.0, 303, "{code}");
    }
    let referral = scalar(app, "SELECT id FROM case_referrals").await;
    (id, number, referral)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    /// The resident whose case it is.
    Applicant,
    OtherResident,
    /// Staff of the case's organisation with a role over the whole organisation.
    CaseStaff,
    /// A manager of the same organisation, for another department only.
    OtherDepartment,
    OtherOrganisation,
    /// Staff of the organisation the case was referred to.
    Referred,
}

/// What a route shows, and so who may see what on it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shows {
    /// The back office's view of the case (or a list of cases holding it).
    StaffCase,
    /// A queue the case is in: its number.
    StaffQueue,
    /// A queue the case is not in for this actor.
    Nothing,
    /// The applicant's view.
    ApplicantCase,
    /// The referral, to the organisation referred to.
    Referral,
    /// Staff pages about no case in particular (statistics).
    StaffOnly,
    /// Public: the register lists the case number to anyone, never the application.
    Public,
}

impl Shows {
    fn may_see(self, who: Who) -> bool {
        match self {
            Shows::StaffCase | Shows::StaffQueue => who == Who::CaseStaff,
            Shows::ApplicantCase => who == Who::Applicant,
            Shows::Referral => who == Who::Referred,
            Shows::Nothing => false,
            Shows::StaffOnly => {
                matches!(who, Who::CaseStaff | Who::OtherDepartment | Who::OtherOrganisation | Who::Referred)
            }
            Shows::Public => true,
        }
    }

    /// What the route must show those who may see it: a case itself shows the application, a
    /// list the case number.
    fn marker<'a>(self, number: &'a str, path: &str) -> Option<&'a str> {
        let list = ["/arenden", "/remisser", "/my-cases", "/referrals"].iter().any(|end| path.ends_with(end));
        match self {
            Shows::StaffCase | Shows::ApplicantCase | Shows::Referral if !list => Some(APPLICATION),
            Shows::StaffCase | Shows::ApplicantCase | Shows::Referral | Shows::StaffQueue | Shows::Public => {
                Some(number)
            }
            Shows::Nothing | Shows::StaffOnly => None,
        }
    }
}

async fn the_case_authorization_matrix_leaks_nothing(app: TestApp) {
    let (id, number, referral) = a_referred_case(&app).await;
    let version_before = scalar(&app, &format!("SELECT version FROM cases WHERE id = {id}")).await;
    let documents_before = scalar(&app, "SELECT COUNT(*) FROM case_documents").await;

    let maja = sign_in(&app, "maja").await;
    // Maja manages the building department only: the case (the executive office's) is not hers.
    app::on_db!(&app.state.db, write, |pool| {
        sqlx::query("DELETE FROM staff_roles WHERE staff_id = (SELECT id FROM staff WHERE subject = 'maja')")
            .execute(pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO staff_roles (staff_id, organisation_id, department_id, role, granted_by, granted_at) \
             SELECT id, 'norrvik', 'norrvik-bygg', 'manager', 'test', $1 FROM staff WHERE subject = 'maja'",
        )
        .bind(app::db::Timestamp(0))
        .execute(pool)
        .await
        .unwrap();
    });
    let actors: Vec<(&str, Who, TestApp)> = vec![
        ("anonymous", Who::Anonymous, app.another_browser()),
        ("tolvan", Who::Applicant, sign_in(&app, "tolvan").await),
        ("agda", Who::OtherResident, sign_in(&app, "agda").await),
        ("stina (manager)", Who::CaseStaff, sign_in(&app, "stina").await),
        ("olle (case officer)", Who::CaseStaff, sign_in(&app, "olle").await),
        ("rut (registrar)", Who::CaseStaff, sign_in(&app, "rut").await),
        ("maja (building only)", Who::OtherDepartment, maja),
        ("sara (Sjövik)", Who::OtherOrganisation, sign_in(&app, "sara").await),
        ("frida (fire service)", Who::Referred, sign_in(&app, "frida").await),
    ];

    let case = format!("/handlaggare/arenden/{id}");
    let mine = format!("/mina-sidor/arenden/{id}");
    let referral_page = format!("/handlaggare/remisser/{referral}");
    let mut reads: Vec<(String, String, Shows)> = vec![
        (case.clone(), String::new(), Shows::StaffCase),
        ("/handlaggare/ko/alla".into(), String::new(), Shows::StaffQueue),
        ("/handlaggare/ko/remiss".into(), String::new(), Shows::StaffQueue),
        ("/handlaggare/statistik".into(), String::new(), Shows::StaffOnly),
        ("/handlaggare/statistik.csv".into(), String::new(), Shows::StaffOnly),
        ("/handlaggare/remisser".into(), String::new(), Shows::Referral),
        (referral_page.clone(), String::new(), Shows::Referral),
        ("/mina-sidor/arenden".into(), String::new(), Shows::ApplicantCase),
        (mine.clone(), String::new(), Shows::ApplicantCase),
        ("/diarium".into(), String::new(), Shows::Public),
        ("/api/v1/register".into(), String::new(), Shows::Public),
        // Server functions, as the browser build calls them.
        ("/api/cases/queue".into(), "query[queue]=alla&lang=sv".into(), Shows::StaffQueue),
        ("/api/cases/staff-case".into(), format!("id={id}&lang=sv"), Shows::StaffCase),
        ("/api/cases/my-cases".into(), "lang=sv".into(), Shows::ApplicantCase),
        ("/api/cases/my-case".into(), format!("id={id}&lang=sv"), Shows::ApplicantCase),
        ("/api/cases/referrals".into(), "lang=sv".into(), Shows::Referral),
        ("/api/cases/referral".into(), format!("id={referral}&lang=sv"), Shows::Referral),
        ("/api/cases/statistics".into(), "from=&until=&lang=sv".into(), Shows::StaffOnly),
        (
            "/api/cases/register".into(),
            "search[q]=&search[number]=&search[organisation]=&search[department]=&search[from]=&search[until]=&lang=sv"
                .into(),
            Shows::Public,
        ),
    ];
    // The queues the case is not in (it is begun, assigned to Stina and referred).
    for queue in ["nya", "otilldelade", "forsenade", "vantar"] {
        reads.push((format!("/handlaggare/ko/{queue}"), String::new(), Shows::Nothing));
    }
    reads.push(("/handlaggare/ko/mina".into(), String::new(), Shows::Nothing));
    // The audit log: the organisation's administrator (Stina) only.
    reads.push(("/handlaggare/granskning".into(), String::new(), Shows::Nothing));
    reads.push((
        "/api/cases/audit".into(),
        "search[case_number]=&search[staff]=&search[action]=&search[from]=&search[until]=&lang=sv".into(),
        Shows::Nothing,
    ));

    let mut checked = 0;
    for (path, body, shows) in &reads {
        for (name, who, browser) in &actors {
            let url = format!("{}{path}", app.address);
            let request = if body.is_empty() {
                browser.client.get(&url).header("accept", "text/html")
            } else {
                browser
                    .client
                    .post(&url)
                    .header("origin", &app.address)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body.clone())
            };
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let text = response.text().await.unwrap();
            let what = format!("{path} as {name}: {status}");
            // Stina's own queue holds the case ("mine" is hers alone), and she administers
            // Norrvik: its audit log is hers to read.
            let hers = path.ends_with("/mina") || path.ends_with("/granskning") || path.ends_with("/audit");
            let shows = if hers && name.starts_with("stina") { Shows::StaffQueue } else { *shows };
            if shows.may_see(*who) {
                assert_eq!(status, 200, "{what}: {}", &text[..text.len().min(300)]);
                if let Some(marker) = shows.marker(&number, path) {
                    assert!(text.contains(marker), "{what}: shows {marker}");
                }
            }
            // Whatever the answer, nothing of the case reaches those who may not see it.
            let sees_case =
                matches!(who, Who::Applicant | Who::CaseStaff) || (*who == Who::Referred && shows == Shows::Referral);
            let sees_number = sees_case || shows == Shows::Public;
            // The applicant is a party: the referral is part of their case (FL 10 §).
            let sees_question = sees_case;
            for (marker, allowed) in
                [(APPLICATION, sees_case), (number.as_str(), sees_number), (QUESTION, sees_question)]
            {
                assert!(allowed || !text.contains(marker), "{what}: {marker} leaked");
            }
            assert!(
                !text.contains("191212121212") && !text.contains("19121212-1212"),
                "{what}: a full identity number"
            );
            checked += 1;
        }
    }

    // Every action on the case, with a stale version: those who may not reach the case get no
    // further than sign-in or "not found"; the case's own staff get a refusal or the conflict.
    for code in app::cases::ssr::ACTIONS {
        let path = format!("{case}/{code}");
        let fields = [("version", "0"), ("text", "x"), ("svara_senast", "2099-12-31"), ("utfall", "approved")];
        for (name, who, browser) in &actors {
            let (status, target) = browser.post_form(&path, &fields).await;
            let what = format!("POST {path} as {name}: {status} {target}");
            match who {
                Who::Anonymous | Who::Applicant | Who::OtherResident => {
                    assert!(
                        (302..=303).contains(&status) && (target.contains("logga-in") || target == "/handlaggare"),
                        "{what}"
                    )
                }
                Who::OtherDepartment | Who::OtherOrganisation | Who::Referred => assert_eq!(status, 404, "{what}"),
                Who::CaseStaff => {
                    assert!(status == 403 || (status == 303 && target == format!("{case}#form-{code}")), "{what}")
                }
            }
            checked += 1;
        }
    }
    // The referral's answer and the applicant's answer, empty: only the referred organisation
    // and the applicant get as far as being told what is missing.
    for (path, allowed) in [(format!("{referral_page}/svar"), Who::Referred), (format!("{mine}/svar"), Who::Applicant)]
    {
        for (name, who, browser) in &actors {
            let (status, target) = browser.post_form(&path, &[("text", " ")]).await;
            let what = format!("POST {path} as {name}: {status} {target}");
            if *who == allowed {
                assert_eq!(status, 303, "{what}");
                assert!(target.contains("#form-"), "{what}");
            } else {
                assert!(status == 404 || ((302..=303).contains(&status) && !target.contains("#form-")), "{what}");
            }
            checked += 1;
        }
    }
    // Bulk assignment, with the case's current version: everyone but the organisation's manager
    // (Stina, tested in cases.rs) is sent to sign in or told the case was not assigned.
    let ticked = format!("{id}:{version_before}");
    for (name, who, browser) in actors.iter().filter(|(name, ..)| !name.starts_with("stina")) {
        let fields = [("arende", ticked.as_str()), ("handlaggare", "1")];
        let (status, target) = browser.post_form("/handlaggare/ko/alla/tilldela", &fields).await;
        let what = format!("bulk assignment as {name}: {status} {target}");
        match who {
            Who::Anonymous | Who::Applicant | Who::OtherResident => assert!(
                (302..=303).contains(&status) && (target.contains("logga-in") || target == "/handlaggare"),
                "{what}"
            ),
            _ => assert_eq!(target, "/handlaggare/ko/alla?tilldelade=0&ej=1", "{what}"),
        }
        checked += 1;
    }
    assert_eq!(checked, actors.len() * (reads.len() + app::cases::ssr::ACTIONS.len() + 3) - 1);
    assert_eq!(
        scalar(&app, &format!("SELECT version FROM cases WHERE id = {id}")).await,
        version_before,
        "nothing changed"
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM case_documents").await, documents_before, "nothing was added");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM case_referrals WHERE answer IS NOT NULL").await, 0);
}

both_backends!(the_case_authorization_matrix_leaks_nothing);
