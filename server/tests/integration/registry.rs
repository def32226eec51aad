//! Contract tests of the registry adapters: the portal's HTTP client against the demo registry
//! over real HTTP (what it fetches, what a protected identity hides), and against registries
//! that are slow, failing, or answer outside the contract — each a clear error, never a hang or
//! someone else's data. The registry is not a database matter, so these run on SQLite only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use app::{
    domain::{
        date::SimpleDate,
        identity::{OrganisationNumber, PersonalIdentityNumber},
    },
    registry::{
        ssr::{http::HttpRegistry, PopulationRegistry, RegistryError},
        CompanyStatus,
    },
};
use std::time::{Duration, Instant};

fn pin(number: &str) -> PersonalIdentityNumber {
    PersonalIdentityNumber::parse(number, SimpleDate::today_in_sweden()).unwrap()
}

fn org(number: &str) -> OrganisationNumber {
    OrganisationNumber::parse(number).unwrap()
}

#[tokio::test]
async fn the_adapter_fetches_persons_custody_and_companies_from_the_demo_registry_over_http() {
    let Some(app) = spawn_app(Backend::Sqlite).await else { return };
    let registry = &app.state.registry;
    assert!(registry.configured, "demo configuration asks the demo registry");

    // Anna Berg: her name and address, and the two children in her custody.
    let anna = registry.population.person(&pin("199010202381")).await.unwrap().expect("Anna is registered");
    assert_eq!((anna.given_name.as_str(), anna.family_name.as_str()), ("Anna", "Berg"));
    let address = anna.address.expect("Anna's address");
    assert_eq!((address.street.as_str(), address.town.as_str()), ("Strandvägen 4", "Norrvik"));
    assert!(!anna.protected);
    let children = registry.population.children(&pin("199010202381")).await.unwrap();
    let names: Vec<&str> = children.iter().map(|c| c.given_name.as_str()).collect();
    assert_eq!(names, ["Maja", "Olle"]);
    assert_eq!(children[0].pin, "202101012397");

    // Maja's guardians: Anna and Erik (joint custody), in number order; Alex's only Kim.
    let guardians = registry.population.guardians(&pin("202101012397")).await.unwrap();
    let names: Vec<(&str, &str)> = guardians.iter().map(|g| (g.given_name.as_str(), g.pin.as_str())).collect();
    assert_eq!(names, [("Anna", "199010202381"), ("Erik", "199010212380")]);
    let alex = registry.population.guardians(&pin("202302012386")).await.unwrap();
    assert_eq!(alex.iter().map(|g| g.given_name.as_str()).collect::<Vec<_>>(), ["Kim"]);
    // Someone in nobody's custody, and someone the registry does not hold: no guardians.
    assert!(registry.population.guardians(&pin("199010202381")).await.unwrap().is_empty());
    assert!(registry.population.guardians(&pin("199010222397")).await.unwrap().is_empty());
    // Debug output never holds a number.
    assert!(!format!("{guardians:?}").contains("1990"));

    // Protected identity: known, but no address ever reaches the portal.
    let kim = registry.population.person(&pin("198606129990")).await.unwrap().expect("Kim is registered");
    assert!(kim.protected && kim.address.is_none());
    let kims_children = registry.population.children(&pin("198606129990")).await.unwrap();
    assert!(kims_children.iter().all(|child| child.protected));

    // A test number the registry does not hold: no person, and no children.
    assert!(registry.population.person(&pin("199010222397")).await.unwrap().is_none());
    assert!(registry.population.children(&pin("199010222397")).await.unwrap().is_empty());
    // Lisa is registered but has custody of no one.
    assert!(registry.population.children(&pin("201701012393")).await.unwrap().is_empty());

    // Companies: their signatories, and the companies a person signs for.
    let kiosk = registry.companies.company(&org("5599000022")).await.unwrap().expect("the kiosk");
    assert_eq!(kiosk.name, "Strandkiosken Norrvik AB");
    assert_eq!(kiosk.status, CompanyStatus::Active);
    let signatories: Vec<&str> = kiosk.signatories.iter().map(|s| s.pin.as_str()).collect();
    assert_eq!(signatories, ["198605119885", "199010202381"]);
    let saras = registry.companies.companies_signed_by(&pin("198605119885")).await.unwrap();
    let mut names: Vec<&str> = saras.iter().map(|c| c.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["Hamnkrogen i Norrvik AB", "Strandkiosken Norrvik AB"]);
    let old = registry.companies.company(&org("5599000030")).await.unwrap().unwrap();
    assert_eq!(old.status, CompanyStatus::Deregistered);
    assert!(registry.companies.company(&org("5599000048")).await.unwrap().is_none(), "no such company");
    assert!(registry.companies.companies_signed_by(&pin("199010212380")).await.unwrap().is_empty());

    // The numbers travel in POST bodies: a lookup by GET, or with a number in the path, finds nothing.
    let (status, body) = app.get("/demo/register/v1/person").await;
    assert_ne!(status, 200);
    assert!(!body.contains("Berg"));
}

/// A registry of our own making on 127.0.0.1: answers every question with `status` and `body`.
async fn fake_registry(status: u16, body: String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let router = axum::Router::new().fallback(move || {
        let body = body.clone();
        async move { (axum::http::StatusCode::from_u16(status).unwrap(), [("content-type", "application/json")], body) }
    });
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    address
}

#[tokio::test]
async fn a_registry_that_does_not_answer_in_time_is_a_timeout_not_a_hang() {
    // It accepts the connection and never says a word.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let _silent = AbortOnDrop(tokio::spawn(async move {
        let mut held = Vec::new();
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            held.push(socket);
        }
    }));
    let registry = HttpRegistry::new(&address, Duration::from_millis(300)).unwrap();
    let started = Instant::now();
    assert_eq!(registry.person(&pin("199010202381")).await.unwrap_err(), RegistryError::TimedOut);
    assert!(started.elapsed() < Duration::from_secs(2), "gave up after {:?}", started.elapsed());
    // Nobody listening at all: unavailable, at once.
    let port = free_port();
    let nobody = HttpRegistry::new(&format!("http://127.0.0.1:{port}"), Duration::from_millis(300)).unwrap();
    assert_eq!(nobody.children(&pin("199010202381")).await.unwrap_err(), RegistryError::Unavailable);
}

#[tokio::test]
async fn a_registry_that_fails_or_strays_from_the_contract_is_refused() {
    let ask = |address: String| async move {
        HttpRegistry::new(&address, Duration::from_secs(2)).unwrap().person(&pin("199010202381")).await
    };
    // An error page.
    let failing = fake_registry(500, "{\"error\": \"down\"}".into()).await;
    assert_eq!(ask(failing).await.unwrap_err(), RegistryError::Unavailable);
    // Not JSON, or not the contract's shape.
    let garbage = fake_registry(200, "<html>maintenance</html>".into()).await;
    assert_eq!(ask(garbage).await.unwrap_err(), RegistryError::BadAnswer);
    let wrong_shape = fake_registry(200, "{\"name\": \"Anna\"}".into()).await;
    assert_eq!(ask(wrong_shape).await.unwrap_err(), RegistryError::BadAnswer);
    // Someone else than the person asked about.
    let other = "{\"pin\": \"199010212380\", \"given_name\": \"Erik\", \"family_name\": \"Berg\"}";
    let stray = fake_registry(200, other.into()).await;
    assert_eq!(ask(stray).await.unwrap_err(), RegistryError::BadAnswer);
    // Far more than any person takes: refused, not read into memory.
    let huge =
        format!("{{\"pin\": \"199010202381\", \"given_name\": \"{}\", \"family_name\": \"B\"}}", "A".repeat(400_000));
    let flood = fake_registry(200, huge).await;
    assert_eq!(ask(flood).await.unwrap_err(), RegistryError::BadAnswer);
    // A protected person with an address anyway: the address is dropped on the way in, and a
    // name with control characters is cleaned.
    let leaky = "{\"pin\": \"199010202381\", \"given_name\": \" An\\u0007na \", \"family_name\": \"Berg\", \
                 \"protected\": true, \"address\": {\"street\": \"Hemlig 1\", \"postal_code\": \"999 99\", \"town\": \"X\"}}";
    let person = ask(fake_registry(200, leaky.into()).await).await.unwrap().unwrap();
    assert!(person.protected && person.address.is_none());
    assert_eq!(person.given_name, "Anna");
    // A list of children with something that is not a personal identity number.
    let children =
        fake_registry(200, "[{\"pin\": \"../../etc\", \"given_name\": \"X\", \"family_name\": \"Y\"}]".into()).await;
    let registry = HttpRegistry::new(&children, Duration::from_secs(2)).unwrap();
    assert_eq!(registry.children(&pin("199010202381")).await.unwrap_err(), RegistryError::BadAnswer);
    // Guardians likewise, and more guardians than a child can have.
    assert_eq!(registry.guardians(&pin("202101012397")).await.unwrap_err(), RegistryError::BadAnswer);
    let one = "{\"pin\": \"199010202381\", \"given_name\": \"A\", \"family_name\": \"B\"}";
    let many = fake_registry(200, format!("[{}]", [one; 5].join(","))).await;
    let registry = HttpRegistry::new(&many, Duration::from_secs(2)).unwrap();
    assert_eq!(registry.guardians(&pin("202101012397")).await.unwrap_err(), RegistryError::BadAnswer);
    // An address that is not http(s) is refused when configured.
    assert_eq!(
        HttpRegistry::new("file:///etc/passwd", Duration::from_secs(1)).unwrap_err(),
        RegistryError::NotConfigured
    );
}

#[tokio::test]
async fn outside_demo_configuration_there_is_no_demo_registry() {
    let Some((url, dir)) = fresh_database_url(Backend::Sqlite).await else { return };
    let app = spawn_with_config(url, dir, |config| config.demo = false).await;
    assert!(!app.state.registry.configured, "no registry unless one is configured");
    let answer = app
        .client
        .post(format!("{}/demo/register/v1/person", app.address))
        .header("content-type", "application/json")
        .header("origin", &app.address)
        .body("{\"number\": \"199010202381\"}")
        .send()
        .await
        .unwrap();
    assert_ne!(answer.status().as_u16(), 200);
    assert!(!answer.text().await.unwrap().contains("Berg"));
    let asked = app.state.registry.population.person(&pin("199010202381")).await;
    assert_eq!(asked.unwrap_err(), RegistryError::NotConfigured);
}
