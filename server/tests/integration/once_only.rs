//! Once-only, on both backends: a signed-in applicant's name and registered address come from
//! the population registry into the building permit's applicant step, with a note saying so;
//! a protected identity's address is never fetched or shown; a registry that cannot be asked
//! leaves the questions for typing and says so; what the applicant changed is what stays.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::attachments::{first_step, sign_in, PDF};
use crate::common::*;

const FORM: &str = "/formular/norrvik-bygglov";

/// Signs in `person`, fills in the first two steps and returns the applicant step's page.
async fn applicant_step(app: &TestApp, person: &str) -> (TestApp, String) {
    let browser = sign_in(app, person).await;
    first_step(&browser).await;
    let parts = [Part::File("situationsplan", "plan.pdf", PDF), Part::File("planritningar", "fasad.pdf", PDF)];
    let (status, next) = browser.post_files(&format!("{FORM}/ritningar"), &parts).await;
    assert_eq!((status, next.as_str()), (303, "/formular/norrvik-bygglov/sokande"));
    let (status, page) = browser.get(&format!("{FORM}/sokande")).await;
    assert_eq!(status, 200);
    (browser, page)
}

fn value_of(page: &str, id: &str) -> String {
    let input = page.split(&format!("id=\"{id}\"")).nth(1).unwrap_or_default();
    let tag = input.split('>').next().unwrap_or_default();
    tag.split("value=\"").nth(1).and_then(|v| v.split('"').next()).unwrap_or_default().to_string()
}

async fn the_registry_fills_in_name_and_address(app: TestApp) {
    let (anna, page) = applicant_step(&app, "anna").await;
    assert!(page.contains("data-fetched=\"form-fetched-registry\""), "{page}");
    assert!(page.contains("hämtade från folkbokföringen (Skatteverket)"), "{page}");
    assert_eq!(value_of(&page, "f-namn"), "Anna Berg");
    assert_eq!(value_of(&page, "f-adress-street"), "Strandvägen 4");
    assert_eq!(value_of(&page, "f-adress-postcode"), "999 10");
    assert_eq!(value_of(&page, "f-adress-city"), "Norrvik");
    // She changes her name as she wants it written: what she typed stays, nothing is fetched again.
    let fields = [
        ("namn", "Anna Maria Berg"),
        ("adress.street", "Strandvägen 4"),
        ("adress.postcode", "999 10"),
        ("adress.city", "Norrvik"),
        ("epost", "anna.berg@example.com"),
    ];
    assert_eq!(anna.post_form(&format!("{FORM}/sokande"), &fields).await.0, 303);
    let (_, page) = anna.get(&format!("{FORM}/sokande")).await;
    assert_eq!(value_of(&page, "f-namn"), "Anna Maria Berg");
    assert!(!page.contains("data-test=\"fetched\""), "{page}");

    // Another person gets their own details, never the last applicant's.
    let (_, page) = applicant_step(&app, "tolvan").await;
    assert!(page.contains("data-test=\"fetched\""), "{page}");
    assert_eq!(value_of(&page, "f-namn"), "Tolvan Tolvansson");
    assert!(!page.contains("Strandvägen"), "{page}");
    // A visitor who is not signed in never reaches the step (the application is signed), so
    // nothing is fetched for them.
    let visitor = app.another_browser();
    assert_eq!(visitor.get_location(&format!("{FORM}/sokande")).await, (302, FORM.into()));
}

async fn a_protected_address_is_never_fetched(app: TestApp) {
    let (_, page) = applicant_step(&app, "kim").await;
    assert!(page.contains("data-fetched=\"form-fetched-no-address\""), "{page}");
    assert_eq!(value_of(&page, "f-namn"), "Kim Skyddad");
    assert_eq!(value_of(&page, "f-adress-street"), "");
    assert_eq!(value_of(&page, "f-adress-city"), "");
}

both_backends!(the_registry_fills_in_name_and_address, a_protected_address_is_never_fetched);

#[tokio::test]
async fn a_registry_that_cannot_be_asked_leaves_the_questions_for_typing() {
    let Some((url, dir)) = fresh_database_url(Backend::Sqlite).await else { return };
    // Nothing listens on port 1: the registry is down.
    let app = spawn_with_config(url, dir, |config| config.registry_url = Some("http://127.0.0.1:1".into())).await;
    let (_, page) = applicant_step(&app, "anna").await;
    assert!(page.contains("data-fetched=\"form-fetched-unavailable\""), "{page}");
    assert!(page.contains("Fyll i dem själv"), "{page}");
    assert_eq!(value_of(&page, "f-namn"), "");
}
