//! The machine API against its own contract (`/api/v1/openapi.json`), on SQLite and PostgreSQL:
//! every query parameter is held to the schema the document states, and every answer — 200,
//! 400, 503 — is one the document lists, with its content type and body schema. The checks are
//! driven by the served document, so a parameter or limit added there is tested here too.
//! `.ci/check-api` runs schemathesis over the same contract. The bodies of the main answers are
//! kept as reviewed snapshots (`snapshots/`, insta): a change to what clients receive fails here
//! until the new snapshot is reviewed and committed.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report

use crate::common::TestApp;
use serde_json::Value;

const SERVICES: &str = "/api/v1/services";
const REGISTER: &str = "/api/v1/register";

/// The operation's path: the request without its query.
fn path_of(request: &str) -> &str {
    request.split('?').next().unwrap()
}

async fn document(app: &TestApp) -> Value {
    let response = app.client.get(format!("{}/api/v1/openapi.json", app.address)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(content_type(&response), "application/json");
    response.json().await.unwrap()
}

fn content_type(response: &reqwest::Response) -> String {
    let value = response.headers().get("content-type").map(|v| v.to_str().unwrap()).unwrap_or_default();
    value.split(';').next().unwrap().trim().to_string()
}

/// GETs `path_and_query`; returns the status, the content type and the body parsed as JSON.
async fn call(app: &TestApp, path_and_query: &str) -> (u16, String, Value) {
    let response = app.client.get(format!("{}{path_and_query}", app.address)).send().await.expect("request");
    let status = response.status().as_u16();
    let kind = content_type(&response);
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path_and_query}: not JSON ({e}): {text}"));
    (status, kind, body)
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let pointer = reference.strip_prefix('#').expect("local reference");
            let target = doc.pointer(pointer).unwrap_or_else(|| panic!("{reference} does not resolve"));
            resolve(doc, target)
        }
        None => schema,
    }
}

/// Checks `value` against the subset of JSON Schema the document uses; returns what differs.
fn violations(doc: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let schema = resolve(doc, schema);
    let mut found = Vec::new();
    let type_ok = match schema["type"].as_str() {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("boolean") => value.is_boolean(),
        Some(other) => panic!("schema type {other} not covered by this test"),
        None => true,
    };
    if value.is_null() && schema["nullable"] == true {
        return found;
    }
    if !type_ok {
        return vec![format!("{at}: {value} is not of type {}", schema["type"])];
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            found.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if let (Some(minimum), Some(n)) = (schema["minimum"].as_i64(), value.as_i64()) {
        if n < minimum {
            found.push(format!("{at}: {n} < {minimum}"));
        }
    }
    if let (Some("date"), Some(s)) = (schema["format"].as_str(), value.as_str()) {
        if app::domain::date::SimpleDate::parse(s).is_none_or(|d| d.to_string() != s) {
            found.push(format!("{at}: {s} is not a date"));
        }
    }
    if let (Some("uri"), Some(s)) = (schema["format"].as_str(), value.as_str()) {
        if !(s.starts_with("http://") || s.starts_with("https://")) || s.contains(char::is_whitespace) {
            found.push(format!("{at}: {s} is not a URI"));
        }
    }
    if let Some(object) = value.as_object() {
        for key in schema["required"].as_array().into_iter().flatten() {
            if !object.contains_key(key.as_str().unwrap()) {
                found.push(format!("{at}: lacks {key}"));
            }
        }
        for (key, property) in schema["properties"].as_object().into_iter().flatten() {
            if let Some(inner) = object.get(key) {
                found.extend(violations(doc, property, inner, &format!("{at}.{key}")));
            }
        }
    }
    if let Some(items) = value.as_array() {
        for (i, item) in items.iter().enumerate() {
            found.extend(violations(doc, &schema["items"], item, &format!("{at}[{i}]")));
        }
    }
    found
}

/// Asserts that an answer is one the document lists for the operation, with its content type
/// and body schema.
fn assert_documented(doc: &Value, request: &str, status: u16, kind: &str, body: &Value) {
    let responses = &doc["paths"][path_of(request)]["get"]["responses"];
    let response = responses
        .get(status.to_string())
        .unwrap_or_else(|| panic!("{request}: status {status} is not documented (body {body})"));
    let content = &response["content"][kind];
    assert!(content.is_object(), "{request}: {status} with {kind} is not documented");
    let problems = violations(doc, &content["schema"], body, "body");
    assert!(problems.is_empty(), "{request}: {status} body outside its schema: {problems:?}");
}

fn parameters(doc: &Value, path: &str) -> Vec<Value> {
    doc["paths"][path]["get"]["parameters"].as_array().expect("parameters listed").clone()
}

fn paths(doc: &Value) -> Vec<String> {
    doc["paths"].as_object().unwrap().keys().cloned().collect()
}

fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Refused with 400 and the documented error body, naming the parameter, never echoing the value.
async fn assert_refused(app: &TestApp, doc: &Value, path: &str, name: &str, value: &str) {
    let request = format!("{path}?{name}={}", percent_encode(value));
    let (status, kind, body) = call(app, &request).await;
    assert_eq!(status, 400, "{request} must be refused, got {body}");
    assert_documented(doc, &request, status, &kind, &body);
    assert_eq!(body["error"], "bad_request", "{request}");
    assert_eq!(body["parameter"], name, "{request}");
    if value.len() > 3 {
        assert!(!body.to_string().contains(value), "{request}: the value is echoed in {body}");
    }
}

async fn the_document_lists_every_answer_with_its_content_type_and_schema(app: TestApp) {
    let doc = document(&app).await;
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(paths(&doc), [REGISTER, SERVICES]);
    for path in paths(&doc) {
        let operation = &doc["paths"][&path]["get"];
        let responses = operation["responses"].as_object().unwrap();
        let statuses: Vec<&str> = responses.keys().map(String::as_str).collect();
        assert_eq!(statuses, ["200", "400", "500", "503"], "{path}");
        for (status, response) in responses {
            assert!(response["description"].is_string(), "{path} {status} has a description");
            let content = response["content"].as_object().unwrap();
            assert_eq!(content.keys().collect::<Vec<_>>(), ["application/json"], "{path} {status}");
            let schema = resolve(&doc, &content["application/json"]["schema"]);
            assert_eq!(schema["type"], "object", "{path} {status}");
        }
        for parameter in parameters(&doc, &path) {
            assert_eq!(parameter["in"], "query");
            let schema = &parameter["schema"];
            // Every string a stranger can send is bounded: by a list, a length, a pattern of
            // bounded repetition, or a date's shape; every number by a range.
            assert!(
                schema["enum"].is_array()
                    || schema["maxLength"].is_u64()
                    || schema["pattern"].as_str().is_some_and(|p| !p.contains(['*', '+']))
                    || schema["format"] == "date"
                    || (schema["minimum"].is_i64() && schema["maximum"].is_i64()),
                "{path}: {parameter} is bounded"
            );
        }
        let lang = parameters(&doc, &path).into_iter().find(|p| p["name"] == "lang").unwrap();
        assert_eq!(lang["schema"]["enum"], serde_json::json!(["sv", "en"]));
    }
    let names =
        |path| parameters(&doc, path).iter().map(|p| p["name"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(names(SERVICES), ["organisation", "life_event", "lang"]);
    assert_eq!(
        names(REGISTER),
        ["q", "case_number", "organisation", "department", "from", "until", "after", "limit", "lang"]
    );
}

async fn every_parameter_is_held_to_its_documented_schema(app: TestApp) {
    let doc = document(&app).await;
    for path in paths(&doc) {
        let path = path.as_str();
        let accepted = |request: String| {
            let doc = &doc;
            let app = &app;
            async move {
                let (status, kind, body) = call(app, &request).await;
                assert_eq!(status, 200, "{request}: {body}");
                assert_documented(doc, &request, status, &kind, &body);
                body
            }
        };
        for parameter in parameters(&doc, path) {
            let name = parameter["name"].as_str().unwrap();
            let schema = &parameter["schema"];
            if let Some(values) = schema["enum"].as_array() {
                for value in values {
                    let value = value.as_str().unwrap();
                    let body = accepted(format!("{path}?{name}={value}")).await;
                    assert_eq!(body["lang"], value);
                }
                for outside in ["", "xx", "EN", "Sv", " sv", "sv ", "sv,en", "sv\0"] {
                    assert_refused(&app, &doc, path, name, outside).await;
                }
            }
            if let Some(max) = schema["maxLength"].as_u64() {
                let body = accepted(format!("{path}?{name}={}", "a".repeat(max as usize))).await;
                assert_eq!(body["count"], 0, "{max} characters are allowed");
                // One character too many: the finding schemathesis reported (it was answered 200).
                assert_refused(&app, &doc, path, name, &"a".repeat(max as usize + 1)).await;
                assert_refused(&app, &doc, path, name, &"x".repeat(10_000)).await;
            }
            match schema["pattern"].as_str() {
                Some(pattern) if pattern == server::api::ID_PATTERN => {
                    for outside in
                        ["Norrvik", "norr vik", " norrvik", "norrvik\n", "åsele", "sjo\0vik", "x'--", "😀", "a_b"]
                    {
                        assert_refused(&app, &doc, path, name, outside).await;
                    }
                    // Empty matches the pattern and means no filter.
                    let all = accepted(format!("{path}?{name}=")).await;
                    let (_, _, unfiltered) = call(&app, path).await;
                    assert_eq!(all["count"], unfiltered["count"], "{name}= is no filter");
                }
                Some(pattern) => {
                    assert_eq!(pattern, server::api::CURSOR_PATTERN, "{path} {name}: a pattern this test knows");
                    accepted(format!("{path}?{name}=1767225600000-42")).await;
                    accepted(format!("{path}?{name}=999999999999999-999999999999999")).await;
                    for outside in ["", "1767225600000", "-1-2", "1-2-3", "1.5-2", "1-", "1234567890123456-1", "1-2\n"]
                    {
                        assert_refused(&app, &doc, path, name, outside).await;
                    }
                }
                None => {}
            }
            if schema["format"] == "date" {
                for day in ["2026-02-28", "2024-02-29", "0000-02-29", "0001-01-01", "9999-12-31"] {
                    accepted(format!("{path}?{name}={day}")).await;
                }
                for outside in ["", "2026-02-29", "2026-13-01", "2026-2-1", "20260201", "2026-02-01T00:00:00Z", "igår"]
                {
                    assert_refused(&app, &doc, path, name, outside).await;
                }
            }
            if let (Some(min), Some(max)) = (schema["minimum"].as_i64(), schema["maximum"].as_i64()) {
                for n in [min, max] {
                    accepted(format!("{path}?{name}={n}")).await;
                }
                for outside in [(min - 1).to_string(), (max + 1).to_string(), "".into(), "2.5".into(), "ten".into()] {
                    assert_refused(&app, &doc, path, name, &outside).await;
                }
            }
        }
    }
}

async fn unknown_repeated_and_unreadable_parameters_are_refused_as_documented(app: TestApp) {
    let doc = document(&app).await;
    for request in [
        "?organization=sjovik",
        "?organisation=sjovik&page=2",
        "?organisation=sjovik&organisation=norrvik",
        "?lang=en&lang=en",
        "?life_event=bygga&life_event=",
        "?organisation=%ZZ",
        "?organisation=%FF",
        "?lang=%E2%80%8Ben",
        "/api/v1/register?q=bygg&q=lov",
        "/api/v1/register?page=2",
        "/api/v1/register?from=2026-01-01&until=2026-01-01&until=",
    ] {
        let request = if request.starts_with('?') { format!("{SERVICES}{request}") } else { request.to_string() };
        let (status, kind, body) = call(&app, &request).await;
        assert_eq!(status, 400, "{request}: {body}");
        assert_documented(&doc, &request, status, &kind, &body);
    }
}

async fn valid_requests_are_answered_with_the_documented_list(app: TestApp) {
    let doc = document(&app).await;
    for request in [
        "",
        "?organisation=sjovik",
        "?life_event=bygga&lang=en",
        "?life_event=bygga&organisation=sjovik",
        "?organisation=nowhere",
        "?organisation=&life_event=&lang=sv",
        "?lang=en&organisation=norrvik",
    ] {
        let request = format!("{SERVICES}{request}");
        let (status, kind, body) = call(&app, &request).await;
        assert_eq!(status, 200, "{request}: {body}");
        assert_documented(&doc, &request, status, &kind, &body);
        assert_eq!(body["count"].as_u64().unwrap() as usize, body["services"].as_array().unwrap().len());
    }
    let (_, _, sjovik) = call(&app, &format!("{SERVICES}?organisation=sjovik")).await;
    let services = sjovik["services"].as_array().unwrap();
    assert!(!services.is_empty() && services.iter().all(|s| s["organisation"] == "sjovik"));
}

async fn a_database_outage_is_answered_503_as_documented(app: TestApp) {
    let doc = document(&app).await;
    match &app.state.db {
        ::app::db::Db::Sqlite { read, .. } => read.close().await,
        ::app::db::Db::Postgres(pool, sessions) => {
            pool.close().await;
            sessions.close().await
        }
    }
    // A visitor without a session, so the session store (closed too on PostgreSQL) is not read.
    let response = app.stranger().get(format!("{}{SERVICES}?organisation=sjovik", app.address)).send().await.unwrap();
    let status = response.status().as_u16();
    let kind = content_type(&response);
    let text = response.text().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    assert_eq!(status, 503, "{body}");
    assert_documented(&doc, SERVICES, status, &kind, &body);
    assert_eq!(body["error"], "unavailable");
    assert!(!text.to_lowercase().contains("pool") && !text.contains("sqlx"), "no cause in {text}");
}

async fn other_methods_are_refused_with_the_allowed_ones_named(app: TestApp) {
    // From the portal's own origin, so that the cross-site guard in front of every write lets the
    // request reach the router (which is what answers for the API).
    for method in ["POST", "PUT", "DELETE", "PATCH"] {
        let response = app
            .client
            .request(method.parse().unwrap(), format!("{}{SERVICES}", app.address))
            .header("origin", &app.address)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{method}");
        let allow = response.headers().get("allow").expect("Allow header").to_str().unwrap().to_string();
        assert!(allow.contains("GET"), "{method}: {allow}");
    }
}

/// GETs `path_and_query` and asserts the status; returns the body.
async fn body(app: &TestApp, path_and_query: &str, status: u16) -> Value {
    let (got, kind, body) = call(app, path_and_query).await;
    assert_eq!((got, kind.as_str()), (status, "application/json"), "{path_and_query}: {body}");
    body
}

/// The main answers' bodies against their snapshots, the same on both backends. What differs
/// per run is redacted: the test server's address in links (the path stays in the snapshot) and
/// the backend's name in `/health`.
async fn the_main_answers_match_their_reviewed_snapshots(app: TestApp) {
    let address = app.address.clone();
    let public_url = move || {
        let address = address.clone();
        insta::dynamic_redaction(move |value, _| {
            let url = value.as_str().expect("a URL is a string");
            assert!(url.starts_with(&address), "{url} is on the public URL");
            url.replacen(&address, "[public_url]", 1)
        })
    };
    let services = body(&app, &format!("{SERVICES}?organisation=sjovik"), 200).await;
    insta::assert_json_snapshot!("services_of_an_organisation", services, { ".services[].url" => public_url() });
    let services = body(&app, &format!("{SERVICES}?life_event=bygga&lang=en"), 200).await;
    insta::assert_json_snapshot!("services_of_a_life_event_in_english", services, { ".services[].url" => public_url() });
    let none = body(&app, &format!("{SERVICES}?organisation=nowhere"), 200).await;
    insta::assert_json_snapshot!("services_none_found", none);
    let refused = body(&app, &format!("{SERVICES}?lang=xx"), 400).await;
    insta::assert_json_snapshot!("error_parameter_refused", refused);
    let unknown = body(&app, &format!("{SERVICES}?page=2"), 400).await;
    insta::assert_json_snapshot!("error_unknown_parameter", unknown);
    let health = body(&app, "/health", 200).await;
    insta::assert_json_snapshot!("health", health, {
        ".backend" => insta::dynamic_redaction(|value, _| {
            assert!(matches!(value.as_str(), Some("sqlite" | "postgres")), "{value:?}");
            "[backend]"
        })
    });
    insta::assert_json_snapshot!("openapi_document", document(&app).await);
}

/// Three registered cases on 2 March 2026, the social services' one confidential.
async fn three_cases(app: &TestApp) {
    let day = app::domain::date::SimpleDate::new(2026, 3, 2).unwrap().to_days() * 86_400_000 + 9 * 3_600_000;
    let cases = [
        crate::cases::case_with("norrvik-social", "SN", day, Some("OSL 26 kap. 1 §"), "Lisa Lindqvist"),
        crate::cases::case_with("norrvik-bygg", "BN", day + 60_000, None, "Bygg AB Norrvik"),
        crate::cases::case_with("norrvik-bygg", "BN", day + 120_000, None, "Grus och Sten HB"),
    ];
    let mut tx = app.state.db.begin().await.unwrap();
    app::cases::api::open(&mut tx, &cases).await.unwrap();
    tx.commit().await.unwrap();
}

async fn the_register_masks_what_is_confidential_and_pages_by_cursor(app: TestApp) {
    three_cases(&app).await;
    let doc = document(&app).await;
    let request = format!("{REGISTER}?limit=2");
    let (status, kind, first) = call(&app, &request).await;
    assert_documented(&doc, &request, status, &kind, &first);
    insta::assert_json_snapshot!("register_first_page", first, { ".next_cursor" => "[cursor]" });
    let cursor = first["next_cursor"].as_str().expect("a next page");
    let request = format!("{REGISTER}?limit=2&after={cursor}");
    let (status, kind, rest) = call(&app, &request).await;
    assert_documented(&doc, &request, status, &kind, &rest);
    insta::assert_json_snapshot!("register_last_page", rest);
    let entry = &rest["entries"][0];
    // The confidential entry is in the list, in date order, with nothing that identifies anyone.
    assert_eq!((entry["case_number"].as_str(), entry["confidential"].as_bool()), (Some("SN 2026/0001"), Some(true)));
    assert!(entry["party"].is_null() && entry["description"].is_null() && entry["case_title"].is_null());
    assert!(!rest.to_string().contains("Lindqvist"));
    // Searching for what only the confidential entry says finds nothing.
    let found = body(&app, &format!("{REGISTER}?q=Lindqvist"), 200).await;
    assert_eq!(found["count"], 0);
    // The filters: words, case number (any case), organisation and days.
    for (query, count) in [
        ("q=grus+sten", 1),
        ("case_number=bn+2026%2F0002", 1),
        ("organisation=sjovik", 0),
        ("department=norrvik-social", 1),
        ("department=norrvik-bygg&organisation=norrvik", 2),
        ("organisation=norrvik&from=2026-03-02&until=2026-03-02", 3),
        ("from=2026-03-03", 0),
        ("until=2026-03-01", 0),
        ("from=2026-03-03&until=2026-03-01", 0),
    ] {
        let found = body(&app, &format!("{REGISTER}?{query}"), 200).await;
        assert_eq!(found["count"], count, "{query}: {found}");
    }
}

both_backends!(
    the_register_masks_what_is_confidential_and_pages_by_cursor,
    the_main_answers_match_their_reviewed_snapshots,
    the_document_lists_every_answer_with_its_content_type_and_schema,
    every_parameter_is_held_to_its_documented_schema,
    unknown_repeated_and_unreadable_parameters_are_refused_as_documented,
    valid_requests_are_answered_with_the_documented_list,
    a_database_outage_is_answered_503_as_documented,
    other_methods_are_refused_with_the_allowed_ones_named,
);
