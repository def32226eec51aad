//! Level 1 scenarios, run against both SQLite and PostgreSQL with the demo content.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report

use crate::common::{count, links, TestApp};
use std::collections::{BTreeSet, VecDeque};

fn results_section(html: &str) -> String {
    html.split("data-test=\"search-results\"")
        .nth(1)
        .and_then(|rest| rest.split("</ol>").next())
        .unwrap_or_default()
        .to_lowercase()
}

async fn home_page_offers_search_life_events_and_organisations(app: TestApp) {
    let (status, html) = app.get("/").await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"sv\""), "Swedish by default");
    assert_eq!(count(&html, "<h1"), 1, "exactly one h1");
    assert!(html.contains("data-test=\"search-form\""));
    assert!(html.contains("class=\"skip-link\""));
    assert_eq!(count(&html, "data-test=\"life-event-link\""), 10, "ten life events");
    assert!(count(&html, "data-test=\"organisation-link\"") >= 4);
    assert!(html.contains("href=\"/tillganglighet\""), "accessibility statement in the footer");
}

async fn service_page_shows_everything_a_resident_needs(app: TestApp) {
    let (status, html) = app.get("/tjanster/norrvik-bygglov").await;
    assert_eq!(status, 200);
    assert_eq!(count(&html, "<h1"), 1);
    assert!(html.to_lowercase().contains("bygglov"));
    for marker in
        ["data-test=\"service-level\"", "data-test=\"call-to-action\"", "data-test=\"breadcrumbs\"", "riksdagen.se"]
    {
        assert!(html.contains(marker), "service page lacks {marker}");
    }
    let json_ld = html
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("JSON-LD present");
    let value: serde_json::Value = serde_json::from_str(json_ld).expect("JSON-LD parses");
    assert_eq!(value["@type"], "GovernmentService");
    assert!(value["provider"]["name"].as_str().unwrap().contains("Norrvik"));
    assert!(html.contains("/organisationer/raddningstjansten"), "links to the fire service involved");
}

async fn language_is_chosen_by_link_and_remembered_in_the_session(app: TestApp) {
    let response = app.get_response("/tjanster/norrvik-bygglov?lang=en").await;
    let cookie = response.headers().get("set-cookie").expect("session cookie set").to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let html = response.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.to_lowercase().contains("building permit"));
    let (_, later) = app.get("/").await;
    assert!(later.contains("<html lang=\"en\""), "the session remembers English");
    let (_, back) = app.get("/?lang=sv").await;
    assert!(back.contains("<html lang=\"sv\""));
    let (_, unknown) = app.get("/?lang=xx").await;
    assert!(unknown.contains("<html lang=\"sv\""), "unknown languages are ignored");
}

async fn unknown_pages_get_a_friendly_404_in_the_users_language(app: TestApp) {
    for path in ["/tjanster/finns-inte", "/finns-inte", "/livshandelser/nej", "/organisationer/nej", "/avdelningar/nej"]
    {
        let (status, html) = app.get(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("data-test=\"not-found\""), "{path}");
        assert!(html.contains("Sidan kunde inte hittas"), "{path}");
    }
    let (status, html) = app.get("/tjanster/finns-inte?lang=en").await;
    assert_eq!(status, 404);
    assert!(html.contains("Page not found"));
}

async fn search_is_ranked_and_forgives_one_letter_typos(app: TestApp) {
    for query in ["bygglov", "bygglv", "Bygglov", "building%20permit"] {
        let (status, html) = app.get(&format!("/sok?q={query}")).await;
        assert_eq!(status, 200);
        let results = results_section(&html);
        assert!(results.contains("/tjanster/norrvik-bygglov"), "{query} finds the building permit");
    }
    let (_, html) = app.get("/sok?q=bygglov").await;
    let first = results_section(&html);
    let first_link = links(&first).into_iter().next().unwrap_or_default();
    assert!(first_link.contains("bygglov"), "a building permit ranks first, got {first_link}");
    for (query, needle) in [("f%C3%B6rskla", "förskol"), ("preschool", "förskol")] {
        let (_, html) = app.get(&format!("/sok?q={query}")).await;
        assert!(results_section(&html).contains(needle), "{query} finds preschool");
    }
    let (_, html) = app.get("/sok?q=preschool&lang=en").await;
    assert!(results_section(&html).contains("preschool"), "English results in English");
}

async fn empty_huge_and_odd_queries_get_a_helpful_page(app: TestApp) {
    let (status, html) = app.get("/sok").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-test=\"empty-query\""));
    let (status, html) = app.get("/sok?q=+++").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-test=\"empty-query\""));
    let (status, html) = app.get("/sok?q=zzqqxx").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-test=\"no-results\""));
    let huge = "a".repeat(5000);
    let (status, _) = app.get(&format!("/sok?q={huge}")).await;
    assert_eq!(status, 200);
    for odd in [
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "'%20OR%201%3D1%20--",
        "%22*%3A()%5E",
        "%E2%80%AE%F0%9F%98%80%00",
        "NEAR(a%20b)",
        "a%20AND%20OR%20NOT",
    ] {
        let (status, html) = app.get(&format!("/sok?q={odd}")).await;
        assert_eq!(status, 200, "{odd}");
        assert!(!html.contains("<script>alert"), "query is escaped");
    }
}

async fn machine_readable_catalogue_lists_and_filters(app: TestApp) {
    let response = app.get_response("/api/v1/services").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    let services = body["services"].as_array().unwrap();
    assert!(services.len() >= 30, "at least 30 services, got {}", services.len());
    assert_eq!(body["count"].as_u64().unwrap() as usize, services.len());
    for s in services {
        let url = s["url"].as_str().unwrap();
        assert!(url.starts_with(&app.address) && url.contains("/tjanster/"), "{url}");
    }
    let body: serde_json::Value = app.get_response("/api/v1/services?organisation=sjovik").await.json().await.unwrap();
    let sjovik = body["services"].as_array().unwrap();
    assert!(!sjovik.is_empty() && sjovik.iter().all(|s| s["organisation"] == "sjovik"));
    let body: serde_json::Value =
        app.get_response("/api/v1/services?life_event=bygga&lang=en").await.json().await.unwrap();
    let building = body["services"].as_array().unwrap();
    assert!(building.iter().any(|s| s["id"] == "norrvik-bygglov"));
    assert!(building.iter().all(|s| s["url"].as_str().unwrap().ends_with("?lang=en")));
    let both: serde_json::Value =
        app.get_response("/api/v1/services?life_event=bygga&organisation=sjovik").await.json().await.unwrap();
    assert!(both["services"].as_array().unwrap().iter().all(|s| s["organisation"] == "sjovik"));
    let bad = app.get_response("/api/v1/services?lang=xx").await;
    assert_eq!(bad.status(), 400);
    let error: serde_json::Value = bad.json().await.unwrap();
    assert_eq!(error["error"], "bad_request");
    let none: serde_json::Value = app.get_response("/api/v1/services?organisation=nowhere").await.json().await.unwrap();
    assert_eq!(none["count"], 0);
    let openapi: serde_json::Value = app.get_response("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(openapi["paths"]["/api/v1/services"]["get"].is_object());
}

async fn health_reports_the_database(app: TestApp) {
    let response = app.get_response("/health").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
}

async fn security_headers_and_csp_nonce_match_the_page(app: TestApp) {
    let response = app.get_response("/").await;
    let headers = response.headers().clone();
    let csp = headers.get("content-security-policy").expect("CSP").to_str().unwrap().to_string();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"));
    let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("nonce in CSP");
    assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff");
    assert!(headers.get("referrer-policy").is_some());
    let html = response.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "hydration script carries the nonce");
    let second = app.get_response("/").await;
    let csp2 = second.headers().get("content-security-policy").unwrap().to_str().unwrap().to_string();
    assert_ne!(csp, csp2, "a new nonce per response");
}

async fn every_page_reachable_from_home_answers_in_both_languages(app: TestApp) {
    for lang in ["sv", "en"] {
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([format!("/?lang={lang}")]);
        while let Some(path) = queue.pop_front() {
            let (status, html) = app.get(&path).await;
            assert_eq!(status, 200, "{path}");
            assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{path} in {lang}");
            assert_eq!(count(&html, "<h1"), 1, "{path} has one h1");
            for link in links(&html) {
                let link = link.split('#').next().unwrap().to_string();
                if link.starts_with('/')
                    && !link.starts_with("/pkg")
                    && !link.starts_with("/api")
                    && !link.contains("lang=")
                    && !link.ends_with(".svg")
                    && !link.ends_with(".css")
                    && seen.insert(link.clone())
                {
                    queue.push_back(link);
                }
            }
        }
        assert!(seen.len() > 40, "crawled {} pages in {lang}", seen.len());
    }
}

async fn importing_again_changes_nothing(app: TestApp) {
    let before = row_counts(&app).await;
    app::import::import(&app.state.db, &crate::common::content_dir()).await.expect("re-import");
    assert_eq!(before, row_counts(&app).await);
}

async fn a_malformed_file_is_rejected_by_name_and_field_leaving_the_database_unchanged(app: TestApp) {
    let before = row_counts(&app).await;
    let dir = std::env::temp_dir().join(crate::common::unique("content"));
    copy_dir(&crate::common::content_dir(), &dir);
    let file = dir.join("organisations/norrvik.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    // Valid TOML but an unknown life event: caught by validation, after parsing succeeded.
    let broken = text.replacen("life_events = [", "life_events = [\"no-such-event\", ", 1);
    std::fs::write(&file, &broken).unwrap();
    let error = app::import::import(&app.state.db, &dir).await.unwrap_err().to_string();
    assert!(
        error.contains("norrvik.toml") && error.contains("life_events") && error.contains("no-such-event"),
        "{error}"
    );
    // Broken TOML syntax names the file and the line.
    std::fs::write(&file, text.replacen("[organisation]", "[organisation\n", 1)).unwrap();
    let error = app::import::import(&app.state.db, &dir).await.unwrap_err().to_string();
    assert!(error.contains("norrvik.toml") && error.contains("line"), "{error}");
    // A missing English text names the field.
    std::fs::write(&file, text.replacen("[service.text.en]", "[service.text.xx]", 1)).unwrap();
    let error = app::import::import(&app.state.db, &dir).await.unwrap_err().to_string();
    assert!(error.contains("norrvik.toml") && error.contains("text."), "{error}");
    assert_eq!(before, row_counts(&app).await, "nothing half-imported");
    let _ = std::fs::remove_dir_all(&dir);
}

async fn service_pages_are_served_from_memory_and_show_a_new_import_within_seconds(app: TestApp) {
    let (_, html) = app.get("/tjanster/norrvik-bygglov").await;
    assert!(html.contains("Ansök om bygglov"));
    let dir = std::env::temp_dir().join(crate::common::unique("content"));
    copy_dir(&crate::common::content_dir(), &dir);
    let file = dir.join("organisations/norrvik.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("name = \"Ansök om bygglov\"", "name = \"Ansök om bygglov & marklov\"", 1))
        .unwrap();
    app::import::import(&app.state.db, &dir).await.expect("import");
    let started = std::time::Instant::now();
    loop {
        let (status, html) = app.get("/tjanster/norrvik-bygglov").await;
        assert_eq!(status, 200);
        if html.contains("Ansök om bygglov &amp; marklov") {
            break;
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "the new import never showed");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A catalogue page is rendered once per catalogue version and language; every copy served
/// afterwards carries its own CSP nonce, and the language of each visitor is respected.
async fn kept_catalogue_pages_carry_a_fresh_nonce_and_the_visitors_language(app: TestApp) {
    let page = "/tjanster/norrvik-bygglov";
    let mut bodies = Vec::new();
    let mut nonces = BTreeSet::new();
    for _ in 0..3 {
        let response = app.get_response(page).await;
        assert_eq!(response.status(), 200);
        assert!(response.headers().get("x-portal-catalogue-page").is_none(), "the marker never leaves");
        let csp = response.headers()["content-security-policy"].to_str().unwrap().to_string();
        let nonce = csp.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).unwrap().to_string();
        let html = response.text().await.unwrap();
        assert!(html.contains(&format!("nonce=\"{nonce}\"")), "each copy carries its response's nonce");
        bodies.push(html.replace(&nonce, "NONCE"));
        nonces.insert(nonce);
    }
    assert_eq!(nonces.len(), 3, "a new nonce for every response");
    assert!(bodies.iter().all(|b| *b == bodies[0]), "the same page apart from the nonce");
    assert!(bodies[0].contains("<html lang=\"sv\"") && bodies[0].contains("Ansök om bygglov"));

    // Choosing English by link, then visiting the same address, gives English; a new visitor
    // still gets Swedish.
    let (_, english) = app.get(&format!("{page}?lang=en")).await;
    assert!(english.contains("<html lang=\"en\"") && english.contains("Apply for a building permit"));
    let (_, remembered) = app.get(page).await;
    assert!(remembered.contains("<html lang=\"en\""), "the session's language, not the kept Swedish page");
    let stranger = app.stranger().get(format!("{}{page}", app.address)).send().await.unwrap();
    assert!(stranger.text().await.unwrap().contains("<html lang=\"sv\""));

    // Other queries are rendered afresh (and never fill the memory); unknown pages are not kept.
    let (status, html) = app.get(&format!("{page}?utm_source=x")).await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"en\""));
    for _ in 0..2 {
        assert_eq!(app.get("/tjanster/finns-inte").await.0, 404);
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

async fn row_counts(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in [
        "organisations",
        "departments",
        "services",
        "service_texts",
        "life_events",
        "service_related",
        "service_legal_basis",
        "service_authorities",
        "service_life_events",
        "units",
        "unit_texts",
    ] {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let n: i64 = app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar(&sql).fetch_one(pool).await.unwrap());
        counts.push(n);
    }
    counts
}

both_backends!(
    home_page_offers_search_life_events_and_organisations,
    service_page_shows_everything_a_resident_needs,
    language_is_chosen_by_link_and_remembered_in_the_session,
    unknown_pages_get_a_friendly_404_in_the_users_language,
    search_is_ranked_and_forgives_one_letter_typos,
    empty_huge_and_odd_queries_get_a_helpful_page,
    machine_readable_catalogue_lists_and_filters,
    health_reports_the_database,
    security_headers_and_csp_nonce_match_the_page,
    every_page_reachable_from_home_answers_in_both_languages,
    importing_again_changes_nothing,
    a_malformed_file_is_rejected_by_name_and_field_leaving_the_database_unchanged,
    service_pages_are_served_from_memory_and_show_a_new_import_within_seconds,
    kept_catalogue_pages_carry_a_fresh_nonce_and_the_visitors_language,
);
