//! What a hostile visitor tries, and what a shared computer's next user could find: each test
//! is one hole of the hardening review, closed. Both backends where storage is involved.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report

use crate::common::{count, TestApp};

const FAULT: &str = "/formular/norrvik-felanmalan";

async fn session_rows(app: &TestApp) -> i64 {
    app::on_db!(&app.state.db, sessions, |pool| sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sessions")
        .fetch_one(pool)
        .await
        .unwrap())
}

async fn session_data(app: &TestApp) -> String {
    let rows: Vec<String> =
        app::on_db!(&app.state.db, sessions, |pool| sqlx::query_scalar("SELECT data FROM sessions")
            .fetch_all(pool)
            .await
            .unwrap());
    rows.join("\n")
}

async fn post_raw(app: &TestApp, path: &str, headers: &[(&str, &str)], body: String) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!("{}{}", app.address, path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("request")
}

fn encode(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            let enc = |s: &str| {
                s.bytes()
                    .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
                    .collect::<String>()
            };
            format!("{}={}", enc(k), enc(v))
        })
        .collect::<Vec<_>>()
        .join("&")
}

async fn fill_in_fault_report(app: &TestApp, email: &str) -> String {
    let steps: [(&str, Vec<(&str, &str)>); 3] = [
        ("vad", vec![("kategori", "belysning"), ("antal_lampor", "3"), ("beskrivning", "Tre lampor är släckta.")]),
        ("plats", vec![("plats.place", "Storgatan 12, Norrvik"), ("plats.lat", ""), ("plats.lon", "")]),
        ("kontakt", vec![("vill_ha_svar", "yes"), ("namn", "Anna Svensson"), ("epost", email), ("telefon", "")]),
    ];
    for (step, fields) in steps {
        let (status, _) = app.post_form(&format!("{FAULT}/{step}"), &fields).await;
        assert_eq!(status, 303, "step {step}");
    }
    let (status, html) = app.get(&format!("{FAULT}/kontrollera")).await;
    assert_eq!(status, 200);
    let key = html.split("name=\"key\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    assert_eq!(key.len(), 32);
    key
}

/// Hole 1: every spelling of an address is one page; kept pages stay within their budget.
async fn percent_encoded_spellings_redirect_to_the_one_canonical_address(app: TestApp) {
    let (status, _) = app.get("/tjanster/norrvik-bygglov").await;
    assert_eq!(status, 200);
    let kept = app.state.catalog.cache.pages.kept_bytes();
    assert!(kept > 0, "the service page is kept");
    for spelling in
        ["/tjanster/%6Eorrvik-bygglov", "/tjanster/norrvik-b%79gglov", "/tjanster/n%6frrvik-bygglov?lang=en"]
    {
        let response = app.get_response(spelling).await;
        assert_eq!(response.status().as_u16(), 308, "{spelling}");
        let location = response.headers()["location"].to_str().unwrap().to_string();
        assert!(location.starts_with("/tjanster/norrvik-bygglov"), "{spelling} -> {location}");
    }
    assert_eq!(app.state.catalog.cache.pages.kept_bytes(), kept, "no spelling is kept as a page of its own");
    assert!(app.state.catalog.cache.pages.kept_bytes() <= server::page_cache::BUDGET_BYTES);
    let (status, _) = app.get("/tjanster/%zz").await;
    assert_eq!(status, 400, "a broken escape is a bad request, not a page");
}

/// Hole 2: only the fields a step asks are kept, each cut near its limit; big bodies refused.
async fn a_step_keeps_only_its_own_fields_cut_near_their_limits(app: TestApp) {
    let long = "x".repeat(9_000);
    let mut fields: Vec<(String, String)> = vec![
        ("kategori".into(), "belysning".into()),
        ("antal_lampor".into(), "3".into()),
        ("beskrivning".into(), long.clone()),
        ("beskrivning.extra".into(), "smuggled".into()),
        ("kategori.0.x".into(), "smuggled".into()),
        ("annat".into(), "smuggled".into()),
    ];
    for i in 0..400 {
        fields.push((format!("beskrivning.{i}"), "smuggled".into()));
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let body = encode(&refs);
    assert!(body.len() < server::MAX_REQUEST_BODY);
    let response = post_raw(&app, &format!("{FAULT}/vad"), &[("origin", &app.address)], body).await;
    assert_eq!(response.status().as_u16(), 303);
    let data = session_data(&app).await;
    assert!(!data.contains("smuggled"), "fields the step does not ask for are not kept");
    let kept = data.split('x').count() - 1;
    assert!(kept < 6_000 && kept > 1_000, "the description is cut near its limit, kept {kept} characters");
    let (_, html) = app.get(&format!("{FAULT}/vad")).await;
    assert!(html.contains("error-summary"), "too long is an error the visitor sees");

    // A body beyond the limit is refused before it is read, with a page, not a 500.
    let huge = encode(&[("beskrivning", &"y".repeat(server::MAX_REQUEST_BODY))]);
    let response = post_raw(&app, &format!("{FAULT}/vad"), &[("origin", &app.address)], huge).await;
    assert_eq!(response.status().as_u16(), 413);
    assert!(!session_data(&app).await.contains("yyyy"));
}

/// Hole 3: choosing a language writes no session; it lives in its own cookie.
async fn a_language_choice_writes_no_session(app: TestApp) {
    for path in ["/health?lang=en", "/?lang=en", "/tjanster/norrvik-bygglov?lang=en", "/sok?q=bygglov&lang=en"] {
        let response = app.stranger().get(format!("{}{path}", app.address)).send().await.unwrap();
        assert!(response.status().is_success(), "{path}");
    }
    assert_eq!(session_rows(&app).await, 0, "no session row for language choices");
    // The choice is remembered by its cookie.
    let (_, html) = app.get("/?lang=en").await;
    assert!(html.contains("<html lang=\"en\""));
    let (_, html) = app.get("/organisationer").await;
    assert!(html.contains("<html lang=\"en\""), "remembered without the query");
    assert_eq!(session_rows(&app).await, 0);
}

/// Hole 4: a sent draft leaves only its spent key; "clear the form" removes the answers; the
/// session cookie ends with the browser and the record with two idle hours.
async fn personal_data_does_not_linger_after_sending_or_clearing(app: TestApp) {
    let key = fill_in_fault_report(&app, "anna@example.se").await;
    assert!(session_data(&app).await.contains("Storgatan"));
    let (status, location) = app.post_form(&format!("{FAULT}/skicka"), &[("key", &key)]).await;
    assert_eq!(status, 303);
    assert!(location.contains("/kvitto/"));
    let data = session_data(&app).await;
    assert!(!data.contains("Storgatan") && !data.contains("anna@example.se"), "answers left the session: {data}");
    assert!(data.contains(&key), "the spent key still shows this browser its confirmation");
    // A retry from the same browser (the answer was lost on the way) lands on the same
    // confirmation, although the answers have left the session.
    let (status, again) = app.post_form(&format!("{FAULT}/skicka"), &[("key", &key)]).await;
    assert_eq!((status, again.as_str()), (303, location.as_str()));
    let (status, html) = app.get(&location).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-test=\"reference\"") || html.contains(location.rsplit('/').next().unwrap()));
    let (_, html) = app.get(&format!("{FAULT}/plats")).await;
    assert!(!html.contains("Storgatan"), "the step shows nothing of the sent answers");

    // Clearing a draft in progress.
    app.post_form(&format!("{FAULT}/vad"), &[("kategori", "belysning"), ("beskrivning", "Lampan på hörnet.")]).await;
    assert!(session_data(&app).await.contains("Lampan"));
    let (_, html) = app.get(FAULT).await;
    assert!(html.contains("data-test=\"clear-form\""), "the start page offers to clear the form");
    let (status, location) = app.post_form(&format!("{FAULT}/rensa"), &[]).await;
    assert_eq!((status, location.as_str()), (303, FAULT));
    assert!(!session_data(&app).await.contains("Lampan"));

    // The cookie is a browser-session cookie; the stored record ends within two hours.
    let response = app
        .client
        .post(format!("{}{FAULT}/vad", app.address))
        .header("origin", &app.address)
        .form(&[("kategori", "belysning")])
        .send()
        .await
        .unwrap();
    for cookie in response.headers().get_all("set-cookie") {
        let cookie = cookie.to_str().unwrap().to_ascii_lowercase();
        assert!(!cookie.contains("max-age") && !cookie.contains("expires"), "{cookie}");
    }
    let latest: i64 = app::on_db!(&app.state.db, sessions, |pool| sqlx::query_scalar::<_, app::db::Timestamp>(
        "SELECT MAX(expires_at) FROM sessions"
    )
    .fetch_one(pool)
    .await
    .unwrap())
    .0;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64;
    assert!(latest <= now + app::sessions::IDLE_TIMEOUT_MS + 1_000, "idle timeout of two hours at most");
}

/// Hole 5: pages and calls that show answers are never stored by the browser.
async fn pages_with_answers_are_never_stored_by_the_browser(app: TestApp) {
    let key = fill_in_fault_report(&app, "anna@example.se").await;
    for path in [FAULT.to_string(), format!("{FAULT}/vad"), format!("{FAULT}/kontrollera")] {
        let response = app.get_response(&path).await;
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
    let response = app
        .client
        .post(format!("{}/api/forms/check", app.address))
        .header("origin", &app.address)
        .form(&[("form_id", "norrvik-felanmalan")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store", "the form's server function");
    let (_, location) = app.post_form(&format!("{FAULT}/skicka"), &[("key", &key)]).await;
    let response = app.get_response(&location).await;
    assert_eq!(response.headers()["cache-control"], "no-store", "the confirmation");
    // A catalogue page may be cached normally.
    let response = app.get_response("/tjanster/norrvik-bygglov").await;
    assert!(response.headers().get("cache-control").is_none_or(|v| v != "no-store"));
}

/// Hole 6: a new draft gets a new session id (an id planted beforehand never holds answers).
async fn a_new_draft_gets_a_new_session_id(app: TestApp) {
    let cookie_of = |response: &reqwest::Response| {
        response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|c| c.to_str().ok())
            .find(|c| c.starts_with("id="))
            .map(|c| c.split(';').next().unwrap().to_string())
    };
    // An attacker's session: they start a draft and plant its cookie in the victim's browser.
    let attacker = app.stranger();
    let response = attacker
        .post(format!("{}{FAULT}/vad", app.address))
        .header("origin", &app.address)
        .form(&[("kategori", "belysning")])
        .send()
        .await
        .unwrap();
    let planted = cookie_of(&response).expect("the attacker's session cookie");
    // The attacker clears the draft but keeps the id; the victim starts with it.
    attacker.post(format!("{}{FAULT}/rensa", app.address)).header("origin", &app.address).send().await.unwrap();
    let victim = app.stranger();
    let response = victim
        .post(format!("{}{FAULT}/vad", app.address))
        .header("origin", &app.address)
        .header("cookie", &planted)
        .form(&[("kategori", "belysning"), ("beskrivning", "Offrets text")])
        .send()
        .await
        .unwrap();
    let issued = cookie_of(&response).expect("a session cookie is issued when the draft starts");
    assert_ne!(issued, planted, "the planted id is replaced");
    // The planted id shows nothing of the victim's answers.
    let response =
        app.stranger().get(format!("{}{FAULT}/vad", app.address)).header("cookie", &planted).send().await.unwrap();
    assert!(!response.text().await.unwrap().contains("Offrets text"));
}

/// Hole 6: over https the session cookie is named `__Host-…` and is Secure.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cookie_is_host_bound_when_secure() {
    let (url, dir) = crate::common::fresh_database_url(crate::common::Backend::Sqlite).await.unwrap();
    let app = crate::common::spawn_with_config(url, dir, |config| config.secure_cookies = true).await;
    let response = app
        .client
        .post(format!("{}{FAULT}/vad", app.address))
        .header("origin", &app.address)
        .form(&[("kategori", "belysning")])
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("__Host-id="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("Path=/") && !cookie.contains("Domain"), "{cookie}");
}

/// Hole 7: every state-changing request must come from the public origin.
async fn writes_from_other_sites_are_refused_with_a_page(app: TestApp) {
    let fields = encode(&[("kategori", "belysning")]);
    let step = format!("{FAULT}/vad");
    let other_scheme = app.address.replace("http://", "https://");
    let cases: [(&str, Vec<(&str, &str)>); 6] = [
        ("other site", vec![("origin", "https://evil.example")]),
        ("other scheme", vec![("origin", &other_scheme)]),
        ("origin null", vec![("origin", "null")]),
        ("nothing to show where from", vec![]),
        ("cross-site fetch", vec![("sec-fetch-site", "cross-site")]),
        ("foreign referer", vec![("referer", "https://evil.example/page")]),
    ];
    for (name, headers) in cases {
        let response = post_raw(&app, &step, &headers, fields.clone()).await;
        assert_eq!(response.status().as_u16(), 403, "{name}");
        let html = response.text().await.unwrap();
        assert!(html.contains("<h1>") && html.contains("href=\"/\""), "{name}: a page with a way back");
    }
    // Server functions are covered too.
    let response = post_raw(&app, "/api/forms/check", &[("origin", "https://evil.example")], "form_id=x".into()).await;
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(session_rows(&app).await, 0, "nothing was stored");
    // The portal's own pages still post: by Origin, by Sec-Fetch-Site, or by Referer.
    let referer = format!("{}{FAULT}/vad", app.address);
    for headers in
        [vec![("origin", app.address.as_str())], vec![("sec-fetch-site", "same-origin")], vec![("referer", &referer)]]
    {
        let response = post_raw(&app, &step, &headers, fields.clone()).await;
        assert_eq!(response.status().as_u16(), 303, "{headers:?}");
    }
}

/// Hole 8: one address cannot send without end, nor have receipts sent to one recipient.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn floods_of_submissions_and_receipts_are_refused_with_a_page() {
    let (url, dir) = crate::common::fresh_database_url(crate::common::Backend::Sqlite).await.unwrap();
    let app = crate::common::spawn_with_config(url, dir, |config| {
        config.submissions_per_client = 4;
        config.receipts_per_recipient = 2;
    })
    .await;
    // Receipts to one victim: the third is refused, with a page telling when to come back.
    for round in 0..3 {
        let key = fill_in_fault_report(&app, "offer@example.se").await;
        let response =
            post_raw(&app, &format!("{FAULT}/skicka"), &[("origin", &app.address)], format!("key={key}")).await;
        if round < 2 {
            assert_eq!(response.status().as_u16(), 303, "round {round}");
        } else {
            assert_eq!(response.status().as_u16(), 429);
            assert!(response.headers().contains_key("retry-after"));
            let html = response.text().await.unwrap();
            assert!(html.contains("<h1>För många försök"), "{html}");
            // Nothing typed is lost: the answers are still there.
            let (_, html) = app.get(&format!("{FAULT}/kontrollera")).await;
            assert!(html.contains("offer@example.se"));
        }
    }
    // Submissions from one address: three attempts so far (every attempt counts), one more
    // passes, then refused.
    let key = fill_in_fault_report(&app, "annan@example.se").await;
    let (status, _) = app.post_form(&format!("{FAULT}/skicka"), &[("key", &key)]).await;
    assert_eq!(status, 303);
    let key = fill_in_fault_report(&app, "tredje@example.se").await;
    let (status, _) = app.post_form(&format!("{FAULT}/skicka"), &[("key", &key)]).await;
    assert_eq!(status, 429);
    let stored: i64 = app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar("SELECT COUNT(*) FROM submissions")
        .fetch_one(pool)
        .await
        .unwrap());
    assert_eq!(stored, 3);
}

/// Hole 9: a client that trickles its headers is cut off; it does not hold a connection.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_trickling_headers_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (url, dir) = crate::common::fresh_database_url(crate::common::Backend::Sqlite).await.unwrap();
    let app = crate::common::spawn_with_config(url, dir, |_| {}).await;
    let host = app.address.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let started = std::time::Instant::now();
    let mut buffer = Vec::new();
    // Never finish the headers; the server must close the connection.
    let read = tokio::time::timeout(
        server::HEADER_READ_TIMEOUT + std::time::Duration::from_secs(5),
        stream.read_to_end(&mut buffer),
    )
    .await;
    assert!(read.is_ok(), "the connection was closed by the server");
    assert!(started.elapsed() >= server::HEADER_READ_TIMEOUT - std::time::Duration::from_secs(1));
}

/// Hole 9: a client that sends its body slowly gets a 408 when the request time is up.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_trickling_its_body_is_answered_408() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (url, dir) = crate::common::fresh_database_url(crate::common::Backend::Sqlite).await.unwrap();
    let app = crate::common::spawn_with_config(url, dir, |config| config.request_timeout_secs = 2).await;
    let host = app.address.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST {FAULT}/vad HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nkategori=",
        app.address
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let started = std::time::Instant::now();
    let mut answer = vec![0u8; 1024];
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut answer)).await;
    let n = read.expect("answered before the test gave up").unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]).to_string();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(started.elapsed() >= std::time::Duration::from_millis(1_500));
}

/// Hole 9: beyond the connection cap, a new connection waits until one is free.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_beyond_the_cap_wait_for_a_free_one() {
    use tokio::io::AsyncWriteExt;
    let (url, dir) = crate::common::fresh_database_url(crate::common::Backend::Sqlite).await.unwrap();
    let app = crate::common::spawn_with_config(url, dir, |_| {}).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = server::router(&app.config, app.state.clone()).await.unwrap();
    tokio::spawn(async move { server::serve_with_limit(listener, router, 1).await });
    // One client holds the only connection (it has not finished its headers yet).
    let mut holder = tokio::net::TcpStream::connect(address).await.unwrap();
    holder.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let url = format!("http://{address}/health");
    let waiting = tokio::time::timeout(std::time::Duration::from_secs(2), reqwest::get(&url)).await;
    assert!(waiting.is_err(), "a second connection is not served while the first holds the only slot");
    drop(holder);
    let served = tokio::time::timeout(std::time::Duration::from_secs(5), reqwest::get(&url)).await;
    assert_eq!(served.expect("served once the slot is free").unwrap().status(), 200);
}

/// Hole 12: the kept-page marker never reaches a client.
async fn the_kept_page_marker_never_leaves_the_server(app: TestApp) {
    for path in ["/tjanster/norrvik-bygglov", "/tjanster/norrvik-bygglov?x=1", "/?lang=en", "/organisationer?a=b"] {
        let response = app.get_response(path).await;
        assert!(!response.headers().contains_key(app::layout::CATALOGUE_PAGE_HEADER), "{path}");
        assert_eq!(count(&response.text().await.unwrap(), "<html"), 1);
    }
}

/// Hole 12: the language switch carries only the page's own parameters.
async fn the_language_switch_echoes_only_the_pages_own_parameters(app: TestApp) {
    let (status, html) = app.get("/sok?q=bygglov&utm=%3Cscript%3E&andra=1").await;
    assert_eq!(status, 200);
    let switch = html.split("data-test=\"lang-switch\"").next().unwrap().rsplit("href=\"").next().unwrap();
    let switch = switch.split('"').next().unwrap().replace("&amp;", "&");
    assert!(switch.starts_with("/sok?") && switch.contains("q=bygglov") && switch.contains("lang=en"), "{switch}");
    assert!(!switch.contains("utm") && !switch.to_lowercase().contains("script"), "{switch}");
}

/// Hole 12: each part of a composite question is linked to its own message.
async fn a_wrong_part_of_a_location_is_linked_to_its_message(app: TestApp) {
    app.post_form(
        &format!("{FAULT}/vad"),
        &[("kategori", "belysning"), ("antal_lampor", "3"), ("beskrivning", "Tre lampor är släckta.")],
    )
    .await;
    let (status, _) = app
        .post_form(&format!("{FAULT}/plats"), &[("plats.place", ""), ("plats.lat", "norr"), ("plats.lon", "öst")])
        .await;
    assert_eq!(status, 303);
    let (_, html) = app.get(&format!("{FAULT}/plats")).await;
    let input = html.split("name=\"plats.lat\"").next().unwrap().rsplit("<input").next().unwrap().to_string()
        + html.split("name=\"plats.lat\"").nth(1).unwrap().split('>').next().unwrap();
    assert!(input.contains("aria-invalid=\"true\""), "{input}");
    let described =
        input.split("aria-describedby=\"").nth(1).expect("linked to its message").split('"').next().unwrap();
    assert!(html.contains(&format!("id=\"{described}\"")), "the message {described} is on the page");
}

/// Hole 12: the date example of "when did you notice the fault?" is not in the future.
async fn a_date_example_is_a_date_the_question_accepts(app: TestApp) {
    app.post_form(
        &format!("{FAULT}/vad"),
        &[("kategori", "belysning"), ("antal_lampor", "3"), ("beskrivning", "Tre lampor är släckta.")],
    )
    .await;
    let (status, html) = app.get(&format!("{FAULT}/plats")).await;
    assert_eq!(status, 200);
    // The format hint's own words: the form's texts (in the island's props too) say "till exempel" elsewhere.
    let hint = html.split("år-månad-dag, till exempel ").nth(1).expect("a date example").get(..10).unwrap().to_string();
    let example = app::domain::date::SimpleDate::parse(&hint).expect("a date");
    let today = app::domain::date::SimpleDate::today_in_sweden();
    assert!(example.to_days() <= today.to_days(), "{hint} is not after today");
    assert!(example.to_days() >= today.add_days(-365).to_days(), "{hint} is within the last year");
}

both_backends!(
    the_language_switch_echoes_only_the_pages_own_parameters,
    a_wrong_part_of_a_location_is_linked_to_its_message,
    a_date_example_is_a_date_the_question_accepts,
    percent_encoded_spellings_redirect_to_the_one_canonical_address,
    a_step_keeps_only_its_own_fields_cut_near_their_limits,
    a_language_choice_writes_no_session,
    personal_data_does_not_linger_after_sending_or_clearing,
    pages_with_answers_are_never_stored_by_the_browser,
    a_new_draft_gets_a_new_session_id,
    writes_from_other_sites_are_refused_with_a_page,
    the_kept_page_marker_never_leaves_the_server,
);
