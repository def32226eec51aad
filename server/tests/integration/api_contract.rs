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
        Some(other) => panic!("schema type {other} not covered by this test"),
        None => true,
    };
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
    let responses = &doc["paths"][SERVICES]["get"]["responses"];
    let response = responses
        .get(status.to_string())
        .unwrap_or_else(|| panic!("{request}: status {status} is not documented (body {body})"));
    let content = &response["content"][kind];
    assert!(content.is_object(), "{request}: {status} with {kind} is not documented");
    let problems = violations(doc, &content["schema"], body, "body");
    assert!(problems.is_empty(), "{request}: {status} body outside its schema: {problems:?}");
}

fn parameters(doc: &Value) -> Vec<Value> {
    doc["paths"][SERVICES]["get"]["parameters"].as_array().expect("parameters listed").clone()
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
async fn assert_refused(app: &TestApp, doc: &Value, name: &str, value: &str) {
    let request = format!("{SERVICES}?{name}={}", percent_encode(value));
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
    let operation = &doc["paths"][SERVICES]["get"];
    let responses = operation["responses"].as_object().unwrap();
    let statuses: Vec<&str> = responses.keys().map(String::as_str).collect();
    assert_eq!(statuses, ["200", "400", "500", "503"]);
    for (status, response) in responses {
        assert!(response["description"].is_string(), "{status} has a description");
        let content = response["content"].as_object().unwrap();
        assert_eq!(content.keys().collect::<Vec<_>>(), ["application/json"], "{status}");
        let schema = resolve(&doc, &content["application/json"]["schema"]);
        assert_eq!(schema["type"], "object", "{status}");
    }
    let names: Vec<String> = parameters(&doc).iter().map(|p| p["name"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, ["organisation", "life_event", "lang"]);
    for parameter in parameters(&doc) {
        assert_eq!(parameter["in"], "query");
        let schema = &parameter["schema"];
        assert!(
            schema["enum"].is_array() || (schema["maxLength"].is_u64() && schema["pattern"].is_string()),
            "{parameter} is bounded"
        );
    }
    let lang = parameters(&doc).into_iter().find(|p| p["name"] == "lang").unwrap();
    assert_eq!(lang["schema"]["enum"], serde_json::json!(["sv", "en"]));
}

async fn every_parameter_is_held_to_its_documented_schema(app: TestApp) {
    let doc = document(&app).await;
    for parameter in parameters(&doc) {
        let name = parameter["name"].as_str().unwrap();
        let schema = &parameter["schema"];
        if let Some(values) = schema["enum"].as_array() {
            for value in values {
                let value = value.as_str().unwrap();
                let request = format!("{SERVICES}?{name}={value}");
                let (status, kind, body) = call(&app, &request).await;
                assert_eq!(status, 200, "{request}: {body}");
                assert_documented(&doc, &request, status, &kind, &body);
                assert_eq!(body["lang"], value);
            }
            for outside in ["", "xx", "EN", "Sv", " sv", "sv ", "sv,en", "sv\0"] {
                assert_refused(&app, &doc, name, outside).await;
            }
        }
        if let Some(max) = schema["maxLength"].as_u64() {
            let longest = "a".repeat(max as usize);
            let request = format!("{SERVICES}?{name}={longest}");
            let (status, kind, body) = call(&app, &request).await;
            assert_eq!(status, 200, "{max} characters are allowed: {body}");
            assert_documented(&doc, &request, status, &kind, &body);
            assert_eq!(body["count"], 0);
            // One character too many: the finding schemathesis reported (it was answered 200).
            assert_refused(&app, &doc, name, &"a".repeat(max as usize + 1)).await;
            assert_refused(&app, &doc, name, &"x".repeat(10_000)).await;
        }
        if schema["pattern"].is_string() {
            for outside in ["Norrvik", "norr vik", " norrvik", "norrvik\n", "åsele", "sjo\0vik", "x'--", "😀", "a_b"]
            {
                assert_refused(&app, &doc, name, outside).await;
            }
            // Empty matches the pattern and means no filter.
            let (status, _, all) = call(&app, &format!("{SERVICES}?{name}=")).await;
            let (_, _, unfiltered) = call(&app, SERVICES).await;
            assert_eq!(status, 200);
            assert_eq!(all["count"], unfiltered["count"], "{name}= is no filter");
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
    ] {
        let request = format!("{SERVICES}{request}");
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
    assert_documented(&doc, "during an outage", status, &kind, &body);
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

both_backends!(
    the_main_answers_match_their_reviewed_snapshots,
    the_document_lists_every_answer_with_its_content_type_and_schema,
    every_parameter_is_held_to_its_documented_schema,
    unknown_repeated_and_unreadable_parameters_are_refused_as_documented,
    valid_requests_are_answered_with_the_documented_list,
    a_database_outage_is_answered_503_as_documented,
    other_methods_are_refused_with_the_allowed_ones_named,
);
