//! Signing in with an e-ID against a real, third-party OpenID provider: panva's `oidc-provider`
//! (end2end/oidc-provider), started once for the whole test run on 127.0.0.1, with test persons
//! following the Swedish OIDC profile, two broker formats (`ssn`, `nin`) and a "forger" whose
//! published keys do not match its signatures. Every bad sign-in response has a test, and none
//! leaves anyone signed in.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;
use app::identity::ssr::providers::{Audience, ClaimFormat, ProviderConfig};
use std::{
    collections::HashMap,
    io::BufRead,
    sync::{Mutex, OnceLock},
};

/// The test provider's issuers by profile (`se`, `ssn`, `nin`, `staff`, `forger`). The process
/// lives as long as the test binary: it exits when its stdin closes, which the binary's exit does.
fn issuers() -> &'static HashMap<String, String> {
    static PROVIDER: OnceLock<(HashMap<String, String>, Mutex<std::process::Child>)> = OnceLock::new();
    &PROVIDER
        .get_or_init(|| {
            let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/oidc-provider/provider.mjs");
            let mut child = std::process::Command::new("node")
                .arg(&script)
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("node {} did not start ({e}); .ci/setup installs it", script.display()));
            let mut line = String::new();
            std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
            let issuers: HashMap<String, String> = serde_json::from_str(&line).unwrap_or_else(|e| {
                panic!("the test provider printed {line:?} ({e}); is `npm ci` done in end2end/oidc-provider?")
            });
            (issuers, Mutex::new(child))
        })
        .0
}

fn provider(id: &str, profile: &str, claims: ClaimFormat) -> ProviderConfig {
    ProviderConfig {
        id: id.into(),
        label: format!("Test-e-ID {id}"),
        label_en: None,
        issuer: issuers()[profile].clone(),
        client_id: "portal".into(),
        client_secret: "portal-test-secret".into(),
        claims,
        audience: Audience::Residents,
        organisation: None,
        mfa_amr: vec!["mfa".into()],
        mfa_acr: vec![],
        acr_levels: Default::default(),
        extra_scopes: vec![],
    }
}

/// Every provider of the tests: the three formats, the forger, and one nobody answers at.
fn providers() -> Vec<ProviderConfig> {
    let mut down = provider("nere", "se", ClaimFormat::SwedishOidc);
    down.issuer = "http://127.0.0.1:9".into();
    down.label = "Trasig e-legitimation".into();
    let mut staff = provider("norrvik-personal", "staff", ClaimFormat::SwedishOidc);
    staff.audience = Audience::Staff;
    staff.organisation = Some("norrvik".into());
    staff.label = "Norrviks kommun (personal)".into();
    vec![
        staff,
        provider("se", "se", ClaimFormat::SwedishOidc),
        provider("ssn", "ssn", ClaimFormat::Ssn),
        provider("nin", "nin", ClaimFormat::Nin),
        provider("forger", "forger", ClaimFormat::SwedishOidc),
        down,
    ]
}

async fn spawn(backend: Backend) -> Option<TestApp> {
    spawn_adjusted(backend, |_| {}).await
}

async fn spawn_adjusted(backend: Backend, adjust_state: impl FnOnce(&mut app::state::AppState)) -> Option<TestApp> {
    let (url, dir) = fresh_database_url(backend).await?;
    Some(spawn_with_state(url, dir, |config| config.identity_providers = providers(), adjust_state).await)
}

fn op_client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

fn absolute(base: &str, location: &str) -> String {
    reqwest::Url::parse(base).unwrap().join(location).unwrap().to_string()
}

fn location(response: &reqwest::Response) -> String {
    response.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default()
}

/// Goes through the provider as a person would: its login page, the form answered with
/// `answer` (`person=…`, or `cancel=1`), and its redirects, until it sends the browser back to
/// the portal; returns that address (the callback with `code`, `state` and `iss`).
async fn through_provider(app: &TestApp, auth_url: &str, answer: &[(&str, &str)]) -> String {
    let op = op_client();
    let mut url = auth_url.to_string();
    for _ in 0..12 {
        let response = op.get(&url).send().await.unwrap();
        if response.status().is_redirection() {
            url = absolute(&url, &location(&response));
            if url.starts_with(&app.address) {
                return url;
            }
            continue;
        }
        assert_eq!(response.status(), 200, "the provider's login page at {url}");
        let html = response.text().await.unwrap();
        let action = html.split("<form method=\"post\" action=\"").nth(1).unwrap().split('"').next().unwrap();
        let posted = op.post(absolute(&url, &action.replace("&amp;", "&"))).form(answer).send().await.unwrap();
        assert!(posted.status().is_redirection(), "the login form answers with a redirect: {}", posted.status());
        url = absolute(&url, &location(&posted));
        if url.starts_with(&app.address) {
            return url;
        }
    }
    panic!("the provider never sent the browser back")
}

/// Begins a sign-in with `provider` at the portal; returns the provider's authorization URL.
async fn begin(app: &TestApp, provider: &str) -> String {
    let (status, auth_url) = app.post_form(&format!("/logga-in/{provider}"), &[("till", "/mina-sidor")]).await;
    assert_eq!(status, 303, "sign-in with {provider} begins with a redirect to the e-ID");
    auth_url
}

/// The whole sign-in as `person`; returns where the portal sends the browser after the callback.
async fn sign_in(app: &TestApp, provider: &str, person: &str) -> (u16, String) {
    let auth_url = begin(app, provider).await;
    let callback = through_provider(app, &auth_url, &[("person", person)]).await;
    finish(app, &callback).await
}

async fn finish(app: &TestApp, callback: &str) -> (u16, String) {
    let response = app.client.get(callback).send().await.unwrap();
    (response.status().as_u16(), location(&response))
}

/// What My pages answers: the page if signed in, else the way to sign in.
async fn my_pages(app: &TestApp) -> (u16, String) {
    let response = app.get_response("/mina-sidor").await;
    let status = response.status().as_u16();
    let target = location(&response);
    (status, if target.is_empty() { response.text().await.unwrap() } else { target })
}

async fn assert_signed_out(app: &TestApp) {
    let (status, target) = my_pages(app).await;
    assert_eq!((status, target.as_str()), (302, "/logga-in?till=/mina-sidor"), "nobody is signed in");
}

async fn rows(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap())
}

/// The reason the problem page names, after following the portal's redirect to it.
async fn problem_page(app: &TestApp, (status, target): (u16, String)) -> (u16, String) {
    assert_eq!(status, 303, "a refused sign-in redirects to its explanation, not {target}");
    assert!(target.starts_with("/logga-in/problem?orsak="), "{target}");
    let response = app.get_response(&target).await;
    let status = response.status().as_u16();
    let html = response.text().await.unwrap();
    let reason = html.split("data-test=\"sign-in-problem-").nth(1).map(|r| r.split('"').next().unwrap().to_string());
    (status, reason.unwrap_or_else(|| panic!("no problem section in {html}")))
}

#[tokio::test]
async fn a_resident_signs_in_with_each_claim_format_as_one_person_and_signs_out() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn(backend).await else { continue };
        for provider in ["se", "ssn", "nin"] {
            assert_eq!(sign_in(&app, provider, "tolvan").await, (303, "/mina-sidor".to_string()), "{provider}");
            let (status, html) = my_pages(&app).await;
            assert_eq!(status, 200, "{backend:?} {provider}");
            assert!(html.contains("data-test=\"my-pages-name\">Tolvan Tolvansson<"), "{html}");
            assert!(
                html.contains("19121212-****") && !html.contains("191212121212") && !html.contains("19121212-1212")
            );
            assert!(html.contains(&format!("Test-e-ID {provider}")), "the e-ID used is shown");
        }
        assert_eq!(rows(&app, "SELECT COUNT(*) FROM persons").await, 1, "{backend:?}: three e-IDs, one person");
        assert_eq!(rows(&app, "SELECT COUNT(*) FROM sign_ins").await, 3);
        assert_eq!(rows(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'sign-in'").await, 3);
        // The header of every page says who is signed in, and the response is kept by nobody.
        let response = app.get_response("/tjanster/norrvik-bygglov").await;
        assert_eq!(response.headers()["cache-control"], "private, no-store");
        assert!(response.text().await.unwrap().contains("data-test=\"signed-in-as\">Tolvan Tolvansson<"));
        // Signing out ends the session here and sends the browser to the provider's sign-out.
        let (status, target) = app.post_form("/logga-ut", &[]).await;
        assert_eq!(status, 303);
        assert!(target.starts_with(&issuers()["nin"]) && target.contains("id_token_hint="), "{target}");
        assert!(target.contains("post_logout_redirect_uri=") && target.contains("utloggad"), "{target}");
        assert_signed_out(&app).await;
        assert_eq!(rows(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'sign-out'").await, 1);
        // No audit row and no log holds the number.
        assert_eq!(
            rows(
                &app,
                "SELECT COUNT(*) FROM audit_events WHERE CAST(details AS TEXT) LIKE '%1212%' OR actor LIKE '%1212%'"
            )
            .await,
            0
        );
    }
}

/// After a refused sign-in: nobody is signed in, no person was made, and the refusal is audited.
async fn refused_cleanly(app: &TestApp, refusals: i64) {
    assert_signed_out(app).await;
    assert_eq!(rows(app, "SELECT COUNT(*) FROM persons").await, 0, "no person made by a refused sign-in");
    assert_eq!(rows(app, "SELECT COUNT(*) FROM audit_events WHERE action = 'sign-in-refused'").await, refusals);
}

#[tokio::test]
async fn a_sign_in_cancelled_at_the_provider_says_so() {
    let app = spawn(Backend::Sqlite).await.unwrap();
    let callback = through_provider(&app, &begin(&app, "se").await, &[("cancel", "1")]).await;
    assert!(callback.contains("error=access_denied"), "{callback}");
    assert_eq!(problem_page(&app, finish(&app, &callback).await).await, (200, "avbruten".into()));
    refused_cleanly(&app, 1).await;
}

#[tokio::test]
async fn a_tampered_or_missing_state_is_refused() {
    let app = spawn(Backend::Sqlite).await.unwrap();
    // A callback to a session that began no flow: the same page, and no audit row to grow.
    let stray = format!("{}/logga-in/retur?code=x&state=y", app.address);
    assert_eq!(problem_page(&app, finish(&app, &stray).await).await, (400, "utgangen".into()));
    assert_eq!(rows(&app, "SELECT COUNT(*) FROM audit_events").await, 0);
    let callback = through_provider(&app, &begin(&app, "se").await, &[("person", "tolvan")]).await;
    let tampered = callback.replace("state=", "state=x");
    assert_eq!(problem_page(&app, finish(&app, &tampered).await).await, (400, "utgangen".into()));
    let url = reqwest::Url::parse(&callback).unwrap();
    let without_state: Vec<(String, String)> =
        url.query_pairs().filter(|(k, _)| k != "state").map(|(k, v)| (k.into(), v.into())).collect();
    let mut missing = url.clone();
    missing.query_pairs_mut().clear().extend_pairs(&without_state);
    assert_eq!(problem_page(&app, finish(&app, missing.as_str()).await).await, (400, "utgangen".into()));
    refused_cleanly(&app, 2).await;
}

#[tokio::test]
async fn a_replayed_code_is_refused() {
    let app = spawn(Backend::Sqlite).await.unwrap();
    let se = issuers()["se"].clone();
    let callback = through_provider(&app, &begin(&app, "se").await, &[("person", "tolvan")]).await;
    // The genuine answer works once; replayed, its state is spent.
    assert_eq!(finish(&app, &callback).await, (303, "/mina-sidor".into()));
    app.post_form("/logga-ut", &[]).await;
    assert_eq!(problem_page(&app, finish(&app, &callback).await).await, (400, "utgangen".into()));
    // The spent code under a fresh flow's state: the provider refuses it.
    let fresh = begin(&app, "se").await;
    let state = reqwest::Url::parse(&fresh).unwrap().query_pairs().find(|(k, _)| k == "state").unwrap().1.to_string();
    let url = reqwest::Url::parse(&callback).unwrap();
    let code = url.query_pairs().find(|(k, _)| k == "code").unwrap().1.to_string();
    let replay = format!("{}/logga-in/retur?code={code}&state={state}&iss={}", app.address, routes_encode(&se));
    assert_eq!(problem_page(&app, finish(&app, &replay).await).await, (400, "misslyckad".into()));
    assert_signed_out(&app).await;
    // The replay into a signed-out session (no flow begun) is logged, not audited: strangers could
    // otherwise fill the audit table by sending callbacks; the refused code is audited.
    assert_eq!(rows(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'sign-in-refused'").await, 1);
}

#[tokio::test]
async fn an_id_token_with_another_nonce_is_refused() {
    let app = spawn(Backend::Sqlite).await.unwrap();
    let auth_url = begin(&app, "se").await;
    let mut tampered = reqwest::Url::parse(&auth_url).unwrap();
    let pairs: Vec<(String, String)> = tampered
        .query_pairs()
        .map(|(k, v)| (k.to_string(), if k == "nonce" { "another-nonce".to_string() } else { v.to_string() }))
        .collect();
    tampered.query_pairs_mut().clear().extend_pairs(&pairs);
    let callback = through_provider(&app, tampered.as_str(), &[("person", "tolvan")]).await;
    assert_eq!(problem_page(&app, finish(&app, &callback).await).await, (400, "misslyckad".into()));
    refused_cleanly(&app, 1).await;
}

#[tokio::test]
async fn an_id_token_signed_with_another_key_is_refused() {
    let app = spawn(Backend::Sqlite).await.unwrap();
    // The forger signs with a key other than the one it publishes under the same `kid`.
    assert_eq!(problem_page(&app, sign_in(&app, "forger", "tolvan").await).await, (400, "misslyckad".into()));
    refused_cleanly(&app, 1).await;
}

#[tokio::test]
async fn a_response_from_another_issuer_than_the_flow_began_with_is_refused() {
    let app = spawn(Backend::Sqlite).await.unwrap();
    // Mix-up: the flow began at `se`; the answer comes from the `ssn` provider, which knows the
    // same client.
    let auth_url = begin(&app, "se").await;
    let elsewhere = auth_url.replacen(&issuers()["se"], &issuers()["ssn"], 1);
    let callback = through_provider(&app, &elsewhere, &[("person", "tolvan")]).await;
    assert!(callback.contains("iss="), "{callback}");
    assert_eq!(problem_page(&app, finish(&app, &callback).await).await, (400, "misslyckad".into()));
    refused_cleanly(&app, 1).await;
}

#[tokio::test]
async fn a_missing_or_invalid_personal_identity_number_is_refused() {
    let app = spawn(Backend::Sqlite).await.unwrap();
    assert_eq!(problem_page(&app, sign_in(&app, "se", "utan-nummer").await).await, (403, "personnummer".into()));
    assert_eq!(problem_page(&app, sign_in(&app, "se", "fel-nummer").await).await, (403, "personnummer".into()));
    refused_cleanly(&app, 2).await;
}

#[tokio::test]
async fn a_level_of_assurance_too_low_is_refused_and_another_e_id_offered() {
    let app = spawn(Backend::Sqlite).await.unwrap();
    let refused = problem_page(&app, sign_in(&app, "ssn", "lagniva").await).await;
    assert_eq!(refused, (403, "tillitsniva".into()));
    let (_, page) = app.get("/logga-in/problem?orsak=tillitsniva&eid=ssn").await;
    assert!(page.contains("Test-e-ID ssn") && page.contains("data-test=\"sign-in-se\""), "{page}");
    assert!(!page.contains("data-test=\"sign-in-ssn\""), "the e-ID that was too weak is not offered again");
    refused_cleanly(&app, 1).await;
}

#[tokio::test]
async fn an_unreachable_provider_gets_a_503_naming_it() {
    let app = spawn(Backend::Sqlite).await.unwrap();
    let (status, target) = app.post_form("/logga-in/nere", &[("till", "/mina-sidor")]).await;
    assert_eq!(problem_page(&app, (status, target)).await, (503, "otillganglig".into()));
    let (_, page) = app.get("/logga-in/problem?orsak=otillganglig&eid=nere").await;
    assert!(page.contains("Trasig e-legitimation svarar inte just nu"), "{page}");
    refused_cleanly(&app, 1).await;
}

fn routes_encode(text: &str) -> String {
    app::routes::percent_encode(text)
}

#[tokio::test]
async fn an_id_token_past_its_expiry_is_refused() {
    // The portal's clock two hours ahead: the provider's one-hour ID token has expired.
    let ahead =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64 + 2 * 3_600_000;
    let app = spawn_adjusted(Backend::Sqlite, |state| state.identity.clock = app::clock::Clock::fixed_at(ahead))
        .await
        .unwrap();
    assert_eq!(problem_page(&app, sign_in(&app, "se", "tolvan").await).await, (400, "misslyckad".into()));
    assert_signed_out(&app).await;
}

#[tokio::test]
async fn the_demo_sign_in_exists_only_in_demo_configuration() {
    let (url, dir) = fresh_database_url(Backend::Sqlite).await.unwrap();
    let production = spawn_with_config(url, dir, |config| config.demo = false).await;
    let (status, _) = production.get("/demo-inloggning").await;
    assert_eq!(status, 404);
    let (status, _) = production.post_form("/demo-inloggning", &[("person", "tolvan")]).await;
    assert!(status == 404 || status == 405, "no demo sign-in route: {status}");
    assert_signed_out(&production).await;
    let (_, page) = production.get("/logga-in").await;
    assert!(!page.contains("demo-sign-in"), "no test persons offered");

    let demo = spawn_app(Backend::Sqlite).await.unwrap();
    let (status, page) = demo.get("/demo-inloggning?till=/tjanster/bygglov").await;
    assert_eq!(status, 200);
    assert!(page.contains("191212121212") || page.contains("19121212-1212"));
    assert_eq!(
        demo.post_form("/demo-inloggning", &[("person", "agda"), ("till", "/tjanster/bygglov")]).await,
        (303, "/tjanster/bygglov".into())
    );
    let (status, html) = my_pages(&demo).await;
    assert_eq!(status, 200);
    assert!(html.contains("Agda Andersson") && html.contains("Testperson (demo)"));
    // Only the demo's own persons: any other id is refused.
    assert_eq!(
        demo.stranger()
            .post(format!("{}/demo-inloggning", demo.address))
            .header("origin", &demo.address)
            .form(&[("person", "admin")])
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

/// Signs a fresh browser in as a demo person; returns that browser.
async fn demo_browser(app: &TestApp, person: &str) -> reqwest::Client {
    let browser = app.stranger();
    let response = browser
        .post(format!("{}/demo-inloggning", app.address))
        .header("origin", &app.address)
        .form(&[("person", person)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    browser
}

async fn page_for(app: &TestApp, browser: &reqwest::Client, path: &str) -> String {
    browser.get(format!("{}{path}", app.address)).send().await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn kept_pages_never_carry_one_residents_name_to_another() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let (tolvan, agda, anonymous) =
        (demo_browser(&app, "tolvan").await, demo_browser(&app, "agda").await, app.stranger());
    for round in 0..3 {
        for path in ["/", "/tjanster/norrvik-bygglov", "/livshandelser", "/tjanster/norrvik-bygglov?lang=en"] {
            let (t, a, n) = (
                page_for(&app, &tolvan, path).await,
                page_for(&app, &agda, path).await,
                page_for(&app, &anonymous, path).await,
            );
            assert!(t.contains("Tolvan Tolvansson") && !t.contains("Agda Andersson"), "round {round} {path}");
            assert!(a.contains("Agda Andersson") && !a.contains("Tolvan Tolvansson"), "round {round} {path}");
            assert!(
                !n.contains("Tolvan") && !n.contains("Agda") && n.contains("data-test=\"sign-in-link\""),
                "round {round} {path}"
            );
        }
    }
}

#[tokio::test]
async fn my_data_is_only_ever_the_signed_in_persons_own() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let (tolvan, agda) = (demo_browser(&app, "tolvan").await, demo_browser(&app, "agda").await);
    let download = tolvan.get(format!("{}/mina-sidor/mina-uppgifter.json", app.address)).send().await.unwrap();
    assert_eq!(download.headers()["content-disposition"], "attachment; filename=\"mina-uppgifter.json\"");
    let data: serde_json::Value = download.json().await.unwrap();
    assert_eq!(data["personal_identity_number"], "19121212-1212");
    assert_eq!(data["sign_ins"].as_array().unwrap().len(), 1);
    let theirs = page_for(&app, &agda, "/mina-sidor/mina-uppgifter.json").await;
    assert!(theirs.contains("18900101-9802") && !theirs.contains("19121212"), "{theirs}");
    let page = page_for(&app, &agda, "/mina-sidor/mina-uppgifter").await;
    assert!(
        page.contains("18900101-9802") && page.contains("Nedladdning av mina uppgifter"),
        "the download is in the record"
    );
    // Anonymous visitors are sent to sign in, and back.
    let response = app.stranger().get(format!("{}/mina-sidor/mina-uppgifter.json", app.address)).send().await.unwrap();
    assert_eq!(location(&response), "/logga-in?till=/mina-sidor/mina-uppgifter.json");
    let response = app.stranger().get(format!("{}/mina-sidor/mina-uppgifter", app.address)).send().await.unwrap();
    assert_eq!(location(&response), "/logga-in?till=/mina-sidor/mina-uppgifter");
}

#[tokio::test]
async fn a_sign_in_ends_after_the_idle_timeout_and_gets_a_new_session_id() {
    let clock = app::clock::Clock::fixed_at(1_800_000_000_000);
    let (url, dir) = fresh_database_url(Backend::Sqlite).await.unwrap();
    let app = spawn_with_state(
        url,
        dir,
        |_| {},
        |state| {
            state.clock = clock.clone();
            state.identity.clock = clock.clone();
        },
    )
    .await;
    // Each sign-in gives the browser a new session id: one planted before is worth nothing.
    let sign_in_as = |person: &'static str| {
        let app = &app;
        async move {
            let response = app
                .client
                .post(format!("{}/demo-inloggning", app.address))
                .header("origin", &app.address)
                .form(&[("person", person)])
                .send()
                .await
                .unwrap();
            response.headers().get("set-cookie").map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string())
        }
    };
    let first = sign_in_as("agda").await;
    let second = sign_in_as("tolvan").await;
    assert!(first.is_some() && second.is_some() && first != second, "{first:?} → {second:?}");
    assert_eq!(my_pages(&app).await.0, 200);
    // The header says when the sign-in ends, and one click keeps it going (WCAG 2.2.1).
    let (_, page) = my_pages(&app).await;
    assert!(page.contains("data-test=\"sign-in-ends\">Du loggas ut kl. "), "{page}");
    clock.advance_ms(19 * 60_000);
    let stay = app.post_form("/forbli-inloggad", &[("till", "/tjanster/norrvik-bygglov")]).await;
    assert_eq!(stay, (303, "/tjanster/norrvik-bygglov".into()));
    clock.advance_ms(19 * 60_000);
    assert_eq!(my_pages(&app).await.0, 200, "19 minutes idle after staying: still signed in");
    clock.advance_ms(19 * 60_000);
    assert_eq!(my_pages(&app).await.0, 200, "each request counts as activity");
    clock.advance_ms(21 * 60_000);
    assert_signed_out(&app).await;
}

#[tokio::test]
async fn staff_sign_in_with_mfa_and_an_administrator_grants_and_removes_roles() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn(backend).await else { continue };
        // The portal's pages may lead to the providers (sign-in and sign-out posts redirect there).
        let csp =
            app.get_response("/handlaggare").await.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert!(csp.contains(&format!("form-action 'self' {}", "http://127.0.0.1:")), "{csp}");

        // Without a second factor: refused.
        assert_eq!(
            problem_page(&app, sign_in(&app, "norrvik-personal", "petra").await).await,
            (403, "tvafaktor".into())
        );
        // With one: signed in, no roles yet, no way to the roles page.
        assert_eq!(sign_in(&app, "norrvik-personal", "stina").await, (303, "/handlaggare/start".into()));
        let (status, home) = app.get("/handlaggare/start").await;
        assert_eq!(status, 200);
        assert!(
            home.contains("Stina Ståhl") && home.contains("Inga roller ännu") && !home.contains("staff-roles-link")
        );
        assert_eq!(app.get("/handlaggare/roller").await.0, 403);

        // The first administrator comes from the operator's command.
        assert!(server::staff::grant(
            &app.state,
            "norrvik",
            "norrvik-personal",
            "stina",
            "Stina",
            app::access::Role::OrganisationAdmin
        )
        .await
        .unwrap());
        let (status, roles) = app.get("/handlaggare/roller").await;
        assert_eq!(status, 200, "{roles}");

        // Olle signs in elsewhere; Stina gives him a role, which he has at once, then removes it.
        let olle = app.another_browser();
        assert_eq!(sign_in(&olle, "norrvik-personal", "olle").await, (303, "/handlaggare/start".into()));
        let olle_id = rows(&app, "SELECT id FROM staff WHERE subject = 'olle'").await;
        let stina_id = rows(&app, "SELECT id FROM staff WHERE subject = 'stina'").await;
        let grant = app
            .post_form("/handlaggare/roller/tilldela", &[("staff", &olle_id.to_string()), ("role", "case-officer")])
            .await;
        assert_eq!(grant, (303, "/handlaggare/roller".into()));
        assert!(olle.get("/handlaggare/start").await.1.contains("data-test=\"staff-roles\">Handläggare<"));
        let remove = app
            .post_form("/handlaggare/roller/ta-bort", &[("staff", &olle_id.to_string()), ("role", "case-officer")])
            .await;
        assert_eq!(remove, (303, "/handlaggare/roller".into()));
        assert!(olle.get("/handlaggare/start").await.1.contains("Inga roller ännu"), "a removed role is gone at once");
        // A role for one department only: shown with the department; a department of another
        // organisation is refused.
        let scoped =
            [("staff", olle_id.to_string()), ("role", "manager".into()), ("department", "norrvik-bygg".into())];
        let scoped: Vec<(&str, &str)> = scoped.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.post_form("/handlaggare/roller/tilldela", &scoped).await.0, 303);
        assert!(olle.get("/handlaggare/start").await.1.contains("Chef (norrvik-bygg)"));
        let (_, roles_page) = app.get("/handlaggare/roller").await;
        assert!(roles_page.contains(&format!("data-test=\"remove-{olle_id}-manager-norrvik-bygg\"")), "{roles_page}");
        let foreign = [
            ("staff", olle_id.to_string().as_str().to_owned()),
            ("role", "manager".into()),
            ("department", "sjovik-samhallsbyggnad".into()),
        ];
        let foreign: Vec<(&str, &str)> = foreign.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.post_form("/handlaggare/roller/tilldela", &foreign).await.0, 400);
        assert_eq!(app.post_form("/handlaggare/roller/ta-bort", &scoped).await.0, 303);
        assert!(olle.get("/handlaggare/start").await.1.contains("Inga roller ännu"));
        // Olle is no administrator: he changes nothing.
        let (status, _) = olle
            .post_form(
                "/handlaggare/roller/tilldela",
                &[("staff", &olle_id.to_string()), ("role", "organisation-admin")],
            )
            .await;
        assert_eq!(status, 403);
        // Stina cannot remove her own administrator role (nobody would be left to give it back).
        let (status, _) = app
            .post_form(
                "/handlaggare/roller/ta-bort",
                &[("staff", &stina_id.to_string()), ("role", "organisation-admin")],
            )
            .await;
        assert_eq!(status, 400);
        // Every grant and removal is audited, by whom and to whom.
        let audited = rows(&app, &format!("SELECT COUNT(*) FROM audit_events WHERE action IN ('role-grant', 'role-remove') AND object = 'staff:{olle_id}' AND actor = 'staff:{stina_id}'")).await;
        assert_eq!(audited, 4, "{backend:?}");
        assert_eq!(
            rows(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'role-grant' AND actor = 'operator'").await,
            1
        );
    }
}

/// What a route must answer an actor.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// 200 with the actor's own data (their name).
    Own,
    /// Sent to sign in (a page) or `Unauthenticated` (a server function).
    SignIn,
    /// 403, or `Forbidden` from a server function.
    Forbidden,
    /// 404: another organisation's member of staff does not exist for this one.
    NotFound,
    /// 303 back to the page: the change was made.
    Done,
    /// 200, their own list (a server function's data carries no name).
    OwnList,
    /// 303 to the drafts page saying the (own) draft is gone.
    DraftDeleted,
    /// 303 to My pages: whom they act for is chosen (themselves).
    ToMyPages,
}

#[tokio::test]
async fn the_authorization_matrix_leaks_nothing_to_anyone() {
    use Expect::*;
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    // name, demo id (None: anonymous), organisation for staff
    let actors: [(&str, Option<&str>); 6] = [
        ("anonymous", None),
        ("Tolvan Tolvansson", Some("tolvan")),
        ("Agda Andersson", Some("agda")),
        ("Stina Ståhl", Some("stina")),
        ("Sara Sjöberg", Some("sara")),
        ("Olle Olsson", Some("olle")),
    ];
    let mut browsers = Vec::new();
    for (name, id) in actors {
        browsers.push((
            name,
            match id {
                Some(id) => demo_browser(&app, id).await,
                None => app.stranger(),
            },
        ));
    }
    let olle = rows(&app, "SELECT id FROM staff WHERE subject = 'olle'").await.to_string();
    // Every route and server function that touches personal data; per actor, in the order above.
    let matrix: Vec<(&str, &str, String, [Expect; 6])> = vec![
        ("GET", "/mina-sidor", String::new(), [SignIn, Own, Own, SignIn, SignIn, SignIn]),
        ("GET", "/mina-sidor/mina-uppgifter", String::new(), [SignIn, Own, Own, SignIn, SignIn, SignIn]),
        ("GET", "/mina-sidor/mina-uppgifter.json", String::new(), [SignIn, Own, Own, SignIn, SignIn, SignIn]),
        ("POST", "/api/identity/overview", "lang=sv".into(), [SignIn, Own, Own, SignIn, SignIn, SignIn]),
        ("POST", "/api/identity/my-data", "lang=sv".into(), [SignIn, Own, Own, SignIn, SignIn, SignIn]),
        ("GET", "/mina-sidor/paborjade", String::new(), [SignIn, Own, Own, SignIn, SignIn, SignIn]),
        ("POST", "/api/forms/my-drafts", "lang=sv".into(), [SignIn, OwnList, OwnList, SignIn, SignIn, SignIn]),
        (
            "POST",
            "/mina-sidor/paborjade/norrvik-synpunkter/ta-bort",
            String::new(),
            [SignIn, DraftDeleted, DraftDeleted, SignIn, SignIn, SignIn],
        ),
        ("GET", "/mina-sidor/foretrada", String::new(), [SignIn, Own, Own, SignIn, SignIn, SignIn]),
        (
            "POST",
            "/api/identity/represent",
            "refused=false&registry_problem=false".into(),
            [SignIn, Own, Own, SignIn, SignIn, SignIn],
        ),
        ("POST", "/mina-sidor/foretrada", "vem=myself".into(), [SignIn, ToMyPages, ToMyPages, SignIn, SignIn, SignIn]),
        // Both guardians' consent: the list in My pages, and a task nobody here is named in.
        ("POST", "/api/forms/consents", "lang=sv".into(), [SignIn, OwnList, OwnList, SignIn, SignIn, SignIn]),
        ("GET", "/mina-sidor/samtycken/1", String::new(), [SignIn, NotFound, NotFound, SignIn, SignIn, SignIn]),
        (
            "POST",
            "/mina-sidor/samtycken/1/svar",
            "svar=ja".into(),
            [SignIn, NotFound, NotFound, SignIn, SignIn, SignIn],
        ),
        ("GET", "/handlaggare/start", String::new(), [SignIn, SignIn, SignIn, Own, Own, Own]),
        ("POST", "/api/identity/staff-home", String::new(), [SignIn, SignIn, SignIn, Own, Own, Own]),
        ("GET", "/handlaggare/roller", String::new(), [SignIn, SignIn, SignIn, Own, Own, Forbidden]),
        ("POST", "/api/identity/staff-roles", "lang=sv".into(), [SignIn, SignIn, SignIn, Own, Own, Forbidden]),
        (
            "POST",
            "/handlaggare/roller/tilldela",
            format!("staff={olle}&role=manager"),
            [SignIn, SignIn, SignIn, Done, NotFound, Forbidden],
        ),
        (
            "POST",
            "/handlaggare/roller/ta-bort",
            format!("staff={olle}&role=manager"),
            [SignIn, SignIn, SignIn, Done, NotFound, Forbidden],
        ),
    ];
    // What nobody but the person (or, for staff, their own organisation) may see.
    let residents = [("Tolvan Tolvansson", ["Tolvan", "19121212"]), ("Agda Andersson", ["Agda", "18900101"])];
    let organisations = [("Stina Ståhl", "norrvik"), ("Olle Olsson", "norrvik"), ("Sara Sjöberg", "sjovik")];
    let mut checked = 0;
    for (method, path, body, expected) in &matrix {
        for ((name, browser), expect) in browsers.iter().zip(expected) {
            let url = format!("{}{path}", app.address);
            let request = match *method {
                "GET" => browser.get(&url).header("accept", "text/html"),
                _ => browser
                    .post(&url)
                    .header("origin", &app.address)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body.clone()),
            };
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            let target = location(&response);
            let text = response.text().await.unwrap();
            let server_fn = path.starts_with("/api/");
            let what = format!("{method} {path} as {name}: {status} {target}");
            match expect {
                Own => {
                    assert_eq!(status, 200, "{what}");
                    let given = name.split(' ').next().unwrap();
                    assert!(text.contains(given), "{what}: their own data");
                }
                SignIn if server_fn => assert!(text.contains("Unauthenticated"), "{what}: {text}"),
                SignIn => assert!(
                    (302..=303).contains(&status) && (target.starts_with("/logga-in") || target == "/handlaggare"),
                    "{what}"
                ),
                Forbidden if server_fn => assert!(text.contains("Forbidden"), "{what}: {text}"),
                Forbidden => assert_eq!(status, 403, "{what}"),
                NotFound => assert_eq!(status, 404, "{what}"),
                Done => assert_eq!((status, target.as_str()), (303, "/handlaggare/roller"), "{what}"),
                OwnList => assert_eq!(status, 200, "{what}"),
                DraftDeleted => {
                    assert_eq!((status, target.as_str()), (303, "/mina-sidor/paborjade?borttaget=1"), "{what}")
                }
                ToMyPages => assert_eq!((status, target.as_str()), (303, "/mina-sidor"), "{what}"),
            }
            for (resident, markers) in &residents {
                if resident != name {
                    for marker in markers {
                        assert!(!text.contains(marker), "{what}: {resident}'s {marker} leaked");
                    }
                }
            }
            let own_organisation = organisations.iter().find(|(staff, _)| staff == name).map(|(_, org)| *org);
            for (staff, organisation) in &organisations {
                if Some(*organisation) != own_organisation {
                    assert!(!text.contains(staff), "{what}: {staff} of {organisation} leaked");
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 120);
}

#[tokio::test]
async fn contact_details_are_checked_kept_and_the_email_confirmed_by_a_link_sent_as_a_job() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app(backend).await else { continue };
        let mail_dir = app.config.mail_dir.clone().unwrap();
        assert_eq!(app.post_form("/demo-inloggning", &[("person", "lisa")]).await.0, 303);
        // Problems: one message per field in the summary and beside the field; what was typed kept.
        let sent = [("email", "lisa@example"), ("phone", "12"), ("notify_sms", "on")];
        assert_eq!(app.post_form("/mina-sidor/profil", &sent).await, (303, "/mina-sidor/profil#fel".into()));
        let (status, page) = app.get("/mina-sidor/profil").await;
        assert_eq!(status, 200);
        assert!(page.contains("data-test=\"error-summary\""), "{page}");
        assert_eq!(
            count(&page, "data-test=\"field-error\""),
            2,
            "e-mail and phone (a number, even a wrong one, was given)"
        );
        assert!(page.contains("value=\"lisa@example\"") && page.contains("value=\"12\""), "typed values kept");
        assert!(page.contains("<title>Fel: Kontaktuppgifter"), "the title says there are errors");
        let (_, again) = app.get("/mina-sidor/profil").await;
        assert!(!again.contains("error-summary"), "the problems are shown once");
        assert_eq!(rows(&app, "SELECT COUNT(*) FROM person_contacts").await, 0, "nothing saved");

        // Saved: the address unconfirmed, a link on its way as a job in the same commit.
        let good = [("email", "lisa.lindqvist@example.se"), ("phone", "070-123 45 67"), ("notify_email", "on")];
        assert_eq!(app.post_form("/mina-sidor/profil", &good).await, (303, "/mina-sidor/profil?sparad=1".into()));
        let (_, page) = app.get("/mina-sidor/profil?sparad=1").await;
        assert!(page.contains("data-test=\"profile-saved\"") && page.contains("data-test=\"email-unconfirmed\""));
        let mail = wait_for_mail(&mail_dir, "confirm-email-").await;
        assert!(mail.contains("To: lisa.lindqvist@example.se"), "{mail}");
        let link = mail.lines().find(|l| l.contains("/bekrafta-epost?kod=")).unwrap().trim().to_string();
        let code = link.rsplit("kod=").next().unwrap().to_string();
        assert_eq!(
            rows(&app, &format!("SELECT COUNT(*) FROM email_confirmations WHERE token_hash = '{code}'")).await,
            0,
            "only the hash is kept"
        );

        // The link opens a page with a button (a mail scanner following it confirms nothing).
        let opened = app.stranger().get(&link).header("accept", "text/html").send().await.unwrap();
        assert_eq!(opened.status(), 200);
        assert!(opened.text().await.unwrap().contains("data-test=\"confirm-email\""));
        assert_eq!(rows(&app, "SELECT COUNT(*) FROM person_contacts WHERE email_confirmed_at IS NOT NULL").await, 0);
        let confirm = |code: String| {
            let app = &app;
            async move {
                let response = app
                    .stranger()
                    .post(format!("{}/bekrafta-epost", app.address))
                    .header("origin", &app.address)
                    .form(&[("kod", code)])
                    .send()
                    .await
                    .unwrap();
                location(&response)
            }
        };
        assert_eq!(confirm(code.clone()).await, "/bekrafta-epost?resultat=klar");
        assert_eq!(confirm(code.clone()).await, "/bekrafta-epost?resultat=ogiltig", "a link works once");
        assert_eq!(confirm("0".repeat(32)).await, "/bekrafta-epost?resultat=ogiltig");
        assert_eq!(app.get("/bekrafta-epost?resultat=ogiltig").await.0, 400);
        let (_, page) = app.get("/mina-sidor/profil").await;
        assert!(page.contains("data-test=\"email-confirmed\""), "{backend:?}");
        // A changed address is unconfirmed again; my data shows what is kept.
        let changed = [("email", "lisa@example.se"), ("phone", ""), ("notify_email", "on")];
        app.post_form("/mina-sidor/profil", &changed).await;
        let data: serde_json::Value = app.get_response("/mina-sidor/mina-uppgifter.json").await.json().await.unwrap();
        assert_eq!((data["email"].as_str(), data["email_confirmed"].as_bool()), (Some("lisa@example.se"), Some(false)));
        assert_eq!(rows(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'email-confirmed'").await, 1);
    }
}

#[tokio::test]
async fn a_service_that_needs_a_higher_level_refuses_a_lower_sign_in_for_its_pages_only() {
    let app = spawn(Backend::Sqlite).await.unwrap();
    app::on_db!(&app.state.db, write, |pool| {
        sqlx::query("UPDATE services SET min_loa = 4 WHERE id = 'norrvik-bygglov'").execute(pool).await.unwrap();
    });
    let begin_for = |till: &'static str| {
        let app = &app;
        async move {
            let (status, auth_url) = app.post_form("/logga-in/se", &[("till", till)]).await;
            assert_eq!(status, 303);
            let callback = through_provider(app, &auth_url, &[("person", "tolvan")]).await;
            finish(app, &callback).await
        }
    };
    // A substantial (loa3) e-ID is not enough for the building permit's pages…
    let (status, target) = begin_for("/tjanster/norrvik-bygglov").await;
    assert_eq!((status, target.as_str()), (303, "/logga-in/problem?orsak=tillitsniva&eid=se&niva=4"));
    let (status, page) = app.get(&target).await;
    assert_eq!(status, 403);
    assert!(page.contains("tillitsnivå 4"), "{page}");
    assert_signed_out(&app).await;
    // …and enough for everything else.
    assert_eq!(begin_for("/sok").await, (303, "/sok".into()));
}

/// A signing answered at the provider after the flow's time has run out: back to the check page,
/// which says it took too long, nothing sent, still signed in (not the sign-in problem page).
#[tokio::test]
async fn a_signing_answered_too_late_goes_back_to_the_check_page() {
    use crate::represent::{fill_serving_licence, SERVING};
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let clock = app::clock::Clock::fixed_at(app::clock::Clock::system().now_ms());
        let Some(app) = spawn_adjusted(backend, |state| {
            state.clock = clock.clone();
            state.forms.clock = clock.clone();
            state.identity.clock = clock.clone();
            state.cases.clock = clock.clone();
        })
        .await
        else {
            continue;
        };
        assert_eq!(sign_in(&app, "se", "sara").await, (303, "/mina-sidor".to_string()));
        let (status, _) = app.post_form("/mina-sidor/foretrada", &[("vem", "company:5599000014")]).await;
        assert_eq!(status, 303);
        let key = fill_serving_licence(&app).await;
        let (status, auth_url) = app.post_form(&format!("{SERVING}/skicka"), &[("key", &key)]).await;
        assert_eq!(status, 303);
        let callback = through_provider(&app, &auth_url, &[("person", "sara")]).await;
        clock.advance_ms(11 * 60 * 1000);
        let back = (303, format!("{SERVING}/kontrollera?signering=utgangen"));
        assert_eq!(finish(&app, &callback).await, back, "{backend:?}");
        let (_, check) = app.get(&back.1).await;
        assert!(check.contains("Det tog för lång tid att skriva under"), "{check}");
        assert_eq!(rows(&app, "SELECT COUNT(*) FROM submissions").await, 0);
        let (status, html) = my_pages(&app).await;
        assert!(status == 200 && html.contains("Sara Ek"), "still signed in: {html}");
    }
}

/// Sending a signed form is a fresh authentication at the e-ID the person signed in with
/// (`prompt=login`, `max_age=0`): cancelled, or authenticated as someone else, nothing is sent
/// and the person stays signed in as before; as themselves, the case keeps the signature with
/// the provider's name and the level it vouched for.
#[tokio::test]
async fn sending_a_signed_form_is_a_fresh_authentication_as_the_same_person() {
    use crate::represent::{fill_serving_licence, SERVING};
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn(backend).await else { continue };
        assert_eq!(sign_in(&app, "se", "sara").await, (303, "/mina-sidor".to_string()));
        let (status, _) = app.post_form("/mina-sidor/foretrada", &[("vem", "company:5599000014")]).await;
        assert_eq!(status, 303);
        let key = fill_serving_licence(&app).await;
        let sign = || async {
            let (status, auth_url) = app.post_form(&format!("{SERVING}/skicka"), &[("key", &key)]).await;
            assert_eq!(status, 303);
            assert!(auth_url.starts_with(&issuers()["se"]), "signing goes to the e-ID signed in with: {auth_url}");
            assert!(
                auth_url.contains("prompt=login") && auth_url.contains("max_age=0"),
                "a fresh authentication: {auth_url}"
            );
            auth_url
        };
        let check = |reason: &str| (303, format!("{SERVING}/kontrollera?signering={reason}"));

        let callback = through_provider(&app, &sign().await, &[("cancel", "1")]).await;
        assert_eq!(finish(&app, &callback).await, check("avbruten"), "{backend:?}");
        let callback = through_provider(&app, &sign().await, &[("person", "agda")]).await;
        assert_eq!(finish(&app, &callback).await, check("annan-person"), "{backend:?}");
        assert_eq!(rows(&app, "SELECT COUNT(*) FROM submissions").await, 0);
        let (status, html) = my_pages(&app).await;
        assert!(status == 200 && html.contains("Sara Ek"), "still signed in as Sara, acting as before: {html}");
        assert_eq!(rows(&app, "SELECT COUNT(*) FROM persons").await, 1, "Agda was not signed in");

        let callback = through_provider(&app, &sign().await, &[("person", "sara")]).await;
        let (status, back) = finish(&app, &callback).await;
        assert_eq!((status, back.clone()), (303, format!("{SERVING}/skicka?nyckel={key}")));
        let (status, receipt) = app.get_location(&back).await;
        assert_eq!(status, 303);
        assert!(receipt.starts_with(&format!("{SERVING}/kvitto/SERV-")), "{backend:?}: {receipt}");
        let (e_id, loa): (String, i16) =
            app::on_db!(&app.state.db, read, |pool| sqlx::query_as("SELECT e_id, loa FROM case_signatures")
                .fetch_one(pool)
                .await
                .unwrap());
        assert_eq!((e_id.as_str(), loa), ("Test-e-ID se", 3));
        assert_eq!(rows(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'sign-refused'").await, 2);
        assert_eq!(rows(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'sign'").await, 1);
        assert_eq!(rows(&app, "SELECT COUNT(*) FROM sign_ins").await, 1, "signing is not another sign-in");
    }
}
