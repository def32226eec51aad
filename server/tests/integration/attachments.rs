//! Attached files, on both backends: a building permit's drawings attached to a signed-in
//! person's draft (streamed, kept by their contents outside the web root), listed and removed
//! on the step, signed and sent with the application and registered as the case's documents,
//! downloaded only by the applicant and the staff who may read the case (each download
//! audited). Hostile uploads get a message naming the file and the rule while the rest of the
//! step is kept: a web page named `.pdf`, a polyglot, an empty file, one too large, path
//! characters in a name, too many files; a body over the limit is refused before it is read.
//! Abandoned drafts' files are forgotten after a day and their contents swept; a person's draft
//! keeps its files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::*;

const FORM: &str = "/formular/norrvik-bygglov";
pub const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00";

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap())
}

pub async fn sign_in(app: &TestApp, person: &str) -> TestApp {
    let browser = app.another_browser();
    assert_eq!(browser.post_form("/demo-inloggning", &[("person", person)]).await.0, 303, "{person}");
    browser
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    html.split(start).nth(1).and_then(|rest| rest.split(end).next()).unwrap_or_default()
}

/// The first step of the building permit: an extension, which needs a site plan and drawings.
pub async fn first_step(app: &TestApp) {
    let fields = [
        ("fastighet", "Norrvik Björken 4"),
        ("typ", "tillbyggnad"),
        ("beskrivning", "Ett inglasat uterum på 25 kvadratmeter mot trädgården."),
        ("yta", "25"),
        ("brandskydd", "no"),
    ];
    let (status, next) = app.post_form(&format!("{FORM}/atgard"), &fields).await;
    assert_eq!((status, next.as_str()), (303, "/formular/norrvik-bygglov/ritningar"));
}

async fn drawings_attached(app: TestApp) {
    let anna = sign_in(&app, "tolvan").await;
    first_step(&anna).await;
    let (_, step) = anna.get(&format!("{FORM}/ritningar")).await;
    assert!(step.contains("enctype=\"multipart/form-data\""), "the step posts files: {step}");
    assert!(step.contains("type=\"file\""), "{step}");
    assert!(
        step.contains("Filtyper: PDF, JPEG eller PNG. Högst 10 MB per fil."),
        "the rules are told up front: {step}"
    );

    // Continue without files: both required questions say so, in the summary and at the field.
    let (status, here) = anna.post_files(&format!("{FORM}/ritningar"), &[Part::Text("_action", "")]).await;
    assert_eq!((status, here.as_str()), (303, "/formular/norrvik-bygglov/ritningar"));
    let (_, step) = anna.get(&format!("{FORM}/ritningar")).await;
    assert!(step.contains("Välj en fil att bifoga för ”Situationsplan”"), "{step}");
    assert!(step.contains("Välj en fil att bifoga för ”Fasad- och planritningar”"), "{step}");

    // The site plan and two drawings, with "continue": attached, and on to the applicant step.
    let parts = [
        Part::File("situationsplan", "C:\\Users\\anna\\Situationsplan.pdf", PDF),
        Part::File("planritningar", "fasad-söder.png", PNG),
        Part::File("planritningar", "plan 1.pdf", PDF),
    ];
    let (status, next) = anna.post_files(&format!("{FORM}/ritningar"), &parts).await;
    assert_eq!((status, next.as_str()), (303, "/formular/norrvik-bygglov/sokande"), "all accepted");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM attachments").await, 3);
    assert_eq!(scalar(&app, "SELECT COUNT(DISTINCT sha256) FROM attachments").await, 2, "kept once by contents");
    let (_, step) = anna.get(&format!("{FORM}/ritningar")).await;
    assert_eq!(count(&step, "data-test=\"attached-file\""), 3, "{step}");
    assert!(step.contains(">Situationsplan.pdf<"), "the name without the path: {step}");
    assert!(step.contains(">fasad-söder.png<"), "{step}");
    assert!(!step.contains("C:\\"), "{step}");
    // Kept by their contents (a SHA-256 name), outside the web root: the files are only
    // reachable through the portal's checks.
    let on_disk = walk(&app.config.attachments_dir.join("blobs"));
    assert_eq!(on_disk.len(), 2, "{on_disk:?}");
    assert!(on_disk.iter().all(|p| p.file_name().unwrap().len() == 64), "{on_disk:?}");

    // She downloads one back: as a download, never shown in the browser.
    let link = format!("{FORM}/bilagor/{}", between(&step, "href=\"/formular/norrvik-bygglov/bilagor/", "\""));
    assert_eq!(link.len(), FORM.len() + "/bilagor/".len() + 32, "{link}");
    let response = anna.get_response(&link).await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"Situationsplan.pdf\""));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers["content-security-policy"].to_str().unwrap().starts_with("sandbox"));
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);
    // Nobody else gets it: not another browser, not another person.
    assert_eq!(app.another_browser().get(&link).await.0, 404);
    assert_eq!(sign_in(&app, "agda").await.get(&link).await.0, 404);

    // She removes a drawing: gone from the step and from the draft's rows.
    let remove = between(&step, "name=\"_action\" value=\"remove-file:planritningar:", "\"").to_string();
    let (status, _) = anna
        .post_files(
            &format!("{FORM}/ritningar"),
            &[Part::Text("_action", &format!("remove-file:planritningar:{remove}"))],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM attachments").await, 2);
    assert_eq!(count(&anna.get(&format!("{FORM}/ritningar")).await.1, "data-test=\"attached-file\""), 2);

    // The applicant step, the check page (the files by name and size), and sending.
    let fields = [("namn", "Tolvan Tolvansson"), ("epost", "tolvan@example.com")];
    assert_eq!(anna.post_form(&format!("{FORM}/sokande"), &fields).await.0, 303);
    let (_, check) = anna.get(&format!("{FORM}/kontrollera")).await;
    assert!(check.contains("Situationsplan.pdf ("), "{check}");
    let key = between(&check, "name=\"key\" value=\"", "\"").to_string();
    // The building permit is signed: sending goes through the demo's signing page.
    let (status, receipt) = anna.sign_and_send(FORM, &key).await;
    assert_eq!(status, 303, "{receipt}");
    assert!(receipt.starts_with(&format!("{FORM}/kvitto/BYGG-")), "{receipt}");
    // The draft's link is spent; the files are the case's now.
    assert_eq!(anna.get(&link).await.0, 404);
    let case = scalar(&app, "SELECT id FROM cases").await;
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM attachments WHERE case_id IS NOT NULL").await, 2);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM case_documents WHERE kind = 'attachment'").await, 2);
    // The public register describes them by what was asked for, never by the file's name.
    let (_, register) = app.another_browser().get("/diarium").await;
    assert!(register.contains("Bilaga: Situationsplan"), "{register}");
    assert!(!register.contains("Situationsplan.pdf") && !register.contains("plan 1.pdf"), "{register}");

    // The applicant sees them in My pages and downloads one.
    let (_, mine) = anna.get(&format!("/mina-sidor/arenden/{case}")).await;
    let prefix = format!("/mina-sidor/arenden/{case}/bilagor/");
    let download = format!("{prefix}{}", between(&mine, &format!("href=\"{prefix}"), "\""));
    assert_eq!(download.len(), prefix.len() + 32, "{mine}");
    let response = anna.get_response(&download).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes().await.unwrap().as_ref(), PDF);

    // A case officer of the department reads the case and downloads it: audited.
    let olle = sign_in(&app, "olle").await;
    let staff_link = download.replace(&format!("/mina-sidor/arenden/{case}"), &format!("/handlaggare/arenden/{case}"));
    let (_, page) = olle.get(&format!("/handlaggare/arenden/{case}")).await;
    assert!(page.contains(&staff_link), "the back office links the file: {page}");
    let before = scalar(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'attachment-download'").await;
    assert_eq!(olle.get_response(&staff_link).await.status(), 200);
    let after = scalar(&app, "SELECT COUNT(*) FROM audit_events WHERE action = 'attachment-download'").await;
    assert_eq!(after, before + 1, "every download of a case's file is audited");

    // Nobody else: another resident, staff of another municipality, nobody signed in; and the
    // file is not reachable under another case's address.
    assert_eq!(sign_in(&app, "agda").await.get(&download).await.0, 404);
    assert_eq!(sign_in(&app, "sven").await.get(&staff_link).await.0, 404);
    let nobody = app.another_browser().get_response(&download).await;
    assert_eq!(nobody.status(), 303, "sign in first");
    let elsewhere = staff_link.replace(&format!("/arenden/{case}/"), &format!("/arenden/{}/", case + 1000));
    assert_eq!(olle.get(&elsewhere).await.0, 404);
}

async fn hostile_uploads_are_refused_by_name_and_rule(app: TestApp) {
    let anna = sign_in(&app, "tolvan").await;
    first_step(&anna).await;
    let html_named_pdf = b"<html><script>alert(document.cookie)</script></html>";
    // A PNG that also carries a web page after its header: a PNG by its bytes, and named .pdf.
    let mut polyglot = PNG.to_vec();
    polyglot.extend_from_slice(b"<html><script>alert(1)</script>");
    let too_big = vec![b'%'; 10_000_001];
    let mut too_big = too_big;
    too_big[..5].copy_from_slice(b"%PDF-");
    let parts = [
        Part::File("situationsplan", "situationsplan.pdf", html_named_pdf),
        Part::File("planritningar", "ritning.pdf", &polyglot),
        Part::File("planritningar", "tom.pdf", b""),
        Part::File("planritningar", "stor.pdf", &too_big),
        Part::File("planritningar", "program.exe", PDF),
        Part::File("teknisk_beskrivning", "beskrivning.png", PNG),
    ];
    let (status, here) = anna.post_files(&format!("{FORM}/ritningar"), &parts).await;
    assert_eq!((status, here.as_str()), (303, "/formular/norrvik-bygglov/ritningar"), "back to the step");
    let (_, step) = anna.get(&format!("{FORM}/ritningar")).await;
    for message in [
        "Filen situationsplan.pdf är inte det som filnamnet säger. Den måste vara PDF, JPEG eller PNG",
        "Filen ritning.pdf är inte det som filnamnet säger",
        "Filen tom.pdf är tom",
        "Filen stor.pdf får vara högst 10 MB",
        "Filen program.exe måste vara PDF, JPEG eller PNG",
        "Filen beskrivning.png måste vara PDF",
    ] {
        assert!(step.contains(message), "{message}: {step}");
    }
    assert!(step.contains("data-test=\"error-summary\""), "{step}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM attachments").await, 0, "nothing attached");
    // Nothing refused stays on disk, staged or kept.
    assert!(walk(&app.config.attachments_dir).is_empty(), "{:?}", walk(&app.config.attachments_dir));

    // Path characters and control characters in a name: kept as a plain name.
    let parts = [Part::File("situationsplan", "../../etc/pass\twd<b>.pdf", PDF)];
    let (status, _) = anna.post_files(&format!("{FORM}/ritningar"), &parts).await;
    assert_eq!(status, 303);
    let name =
        app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar::<_, String>("SELECT file_name FROM attachments")
            .fetch_one(pool)
            .await
            .unwrap());
    assert_eq!(name, "passwdb.pdf");

    // More files than the question takes: the extra are refused with the limit named.
    let parts = [Part::File("situationsplan", "andra.pdf", PDF)];
    anna.post_files(&format!("{FORM}/ritningar"), &parts).await;
    let (_, step) = anna.get(&format!("{FORM}/ritningar")).await;
    assert!(step.contains("Du kan bifoga en fil för ”Situationsplan”"), "{step}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM attachments").await, 1);

    // A value posted for a file question (another draft's file, say) is never taken.
    let forged = "0123456789abcdef0123456789abcdef/10/pdf/forged.pdf";
    let (status, _) = anna
        .post_files(
            &format!("{FORM}/ritningar"),
            &[Part::Text("planritningar", forged), Part::Text("situationsplan", forged)],
        )
        .await;
    assert_eq!(status, 303);
    let (_, step) = anna.get(&format!("{FORM}/ritningar")).await;
    assert!(!step.contains("forged.pdf"), "{step}");
}

async fn what_was_typed_survives_a_refused_file(app: TestApp) {
    // A step with text and a file: a wrong file, and the text kept.
    let visitor = sign_in(&app, "agda").await;
    first_step(&visitor).await;
    let parts = [Part::File("situationsplan", "karta.jpg", PDF), Part::File("planritningar", "ritning.pdf", PDF)];
    let (status, _) = visitor.post_files(&format!("{FORM}/ritningar"), &parts).await;
    assert_eq!(status, 303);
    let (_, step) = visitor.get(&format!("{FORM}/ritningar")).await;
    assert!(step.contains("Filen karta.jpg är inte det som filnamnet säger"), "{step}");
    assert_eq!(count(&step, "data-test=\"attached-file\""), 1, "the good file is attached: {step}");
    // The first step's answers are still there.
    let (_, first) = visitor.get(&format!("{FORM}/atgard")).await;
    assert!(first.contains("Norrvik Björken 4"), "{first}");
}

async fn a_body_over_the_limit_is_refused_unread(app: TestApp) {
    let anna = sign_in(&app, "tolvan").await;
    first_step(&anna).await;
    // A declared length over the limit: refused before a byte of the body is sent.
    let address = app.address.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let head = format!(
        "POST {FORM}/ritningar HTTP/1.1\r\nHost: {address}\r\nOrigin: {}\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: 500000000\r\n\r\n",
        app.address
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut answer)).await;
    let read = read.expect("answered without the body").unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");

    // A plain (not multipart) post stays small.
    let big = "x".repeat(100_000);
    let (status, _) = anna.post_form(&format!("{FORM}/atgard"), &[("beskrivning", &big)]).await;
    assert_eq!(status, 413);
    // And nothing was left in staging.
    assert!(walk(&app.config.attachments_dir.join("staging")).is_empty());
}

async fn abandoned_files_are_forgotten_and_swept(app: TestApp) {
    // Two unfinished drafts with a file each: one the person clears (its draft is gone, its file
    // left behind, as an anonymous visitor's is when the session ends), one kept.
    let agda = sign_in(&app, "agda").await;
    first_step(&agda).await;
    assert_eq!(
        agda.post_files(&format!("{FORM}/ritningar"), &[Part::File("situationsplan", "a.png", PNG)]).await.0,
        303
    );
    assert_eq!(agda.post_form(&format!("{FORM}/rensa"), &[]).await, (303, FORM.to_string()));
    let tolvan = sign_in(&app, "tolvan").await;
    first_step(&tolvan).await;
    assert_eq!(
        tolvan.post_files(&format!("{FORM}/ritningar"), &[Part::File("situationsplan", "b.pdf", PDF)]).await.0,
        303
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM attachments").await, 2);
    // A day later: the cleared draft's file is forgotten; the kept draft's file stays.
    let later = app.state.clock.now_ms() + 2 * 86_400_000;
    assert_eq!(app::attachments::forget_abandoned(&app.state.db, later).await.unwrap(), 1);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM attachments").await, 1);
    // The sweep removes the file no row names (once it is more than an hour old).
    let blobs = app.config.attachments_dir.join("blobs");
    for blob in walk(&blobs) {
        let file = std::fs::File::options().append(true).open(&blob).unwrap();
        file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200)).unwrap();
    }
    let files = app.state.forms.files.clone().unwrap();
    assert_eq!(files.sweep(&app.state.db).await.unwrap(), 1);
    assert_eq!(walk(&blobs).len(), 1, "the kept draft's file stays");
    let (_, step) = tolvan.get(&format!("{FORM}/ritningar")).await;
    let link = format!("{FORM}/bilagor/{}", between(&step, "href=\"/formular/norrvik-bygglov/bilagor/", "\""));
    assert_eq!(tolvan.get_response(&link).await.status(), 200, "and can still be downloaded");
}

/// With JavaScript the step's uploads, removals and "continue" are posted in place: the answer
/// is the step's files and problems as they are now (or where to go), and the verdicts are the
/// same as without JavaScript.
async fn files_attach_in_place(app: TestApp) {
    let anna = sign_in(&app, "tolvan").await;
    first_step(&anna).await;
    let step = format!("{FORM}/ritningar");

    // "Upload" under the site plan: attached, listed for the question, no problems.
    let parts =
        [Part::Text("_action", "upload:situationsplan"), Part::File("situationsplan", "Situationsplan.pdf", PDF)];
    let (status, answer) = anna.post_files_in_place(&step, &parts).await;
    assert_eq!(status, 200, "{answer}");
    let site_plan = answer["stay"]["files"]["situationsplan"].as_array().unwrap().clone();
    assert_eq!(site_plan.len(), 1, "{answer}");
    assert!(site_plan[0].as_str().unwrap().contains("Situationsplan.pdf"), "{answer}");
    assert_eq!(answer["stay"]["files"]["planritningar"], serde_json::json!([]), "{answer}");
    assert_eq!(answer["stay"]["errors"], serde_json::json!([]), "{answer}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM attachments").await, 1);

    // A web page named .pdf under the drawings: refused by name and rule, the site plan kept.
    let parts = [Part::Text("_action", "upload:planritningar"), Part::File("planritningar", "fasad.pdf", b"<html>")];
    let (status, answer) = anna.post_files_in_place(&step, &parts).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["stay"]["files"]["situationsplan"].as_array().unwrap().len(), 1, "{answer}");
    let errors = answer["stay"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{answer}");
    assert_eq!(errors[0]["field"], "planritningar");
    assert_eq!(errors[0]["problem"], serde_json::json!({ "FileNotWhatItSays": "fasad.pdf" }));
    // The page without JavaScript says the same.
    let (_, page) = anna.get(&step).await;
    assert!(page.contains("Filen fasad.pdf är inte det som filnamnet säger"), "{page}");

    // "Continue" without the drawings: the step's own problem, in place.
    let (status, answer) = anna.post_files_in_place(&step, &[Part::Text("_action", "")]).await;
    assert_eq!(status, 200, "{answer}");
    let errors = answer["stay"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{answer}");
    assert_eq!(
        (errors[0]["field"].as_str(), &errors[0]["problem"]),
        (Some("planritningar"), &serde_json::json!("ChooseFile"))
    );

    // Removing the site plan: gone from the answer and from the draft's rows.
    let id = site_plan[0].as_str().unwrap().split('/').next().unwrap().to_string();
    let remove = format!("remove-file:situationsplan:{id}");
    let (status, answer) = anna.post_files_in_place(&step, &[Part::Text("_action", &remove)]).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["stay"]["files"]["situationsplan"], serde_json::json!([]), "{answer}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM attachments").await, 0);

    // "Continue" with both files chosen: attached, and on to the next step.
    let parts = [Part::File("situationsplan", "Situationsplan.pdf", PDF), Part::File("planritningar", "plan.png", PNG)];
    let (status, answer) = anna.post_files_in_place(&step, &parts).await;
    assert_eq!((status, answer), (200, serde_json::json!({ "go": format!("{FORM}/sokande") })));

    // Someone else's removal of her file does nothing to her draft.
    let (_, page) = anna.get(&step).await;
    let theirs = between(&page, "value=\"remove-file:planritningar:", "\"").to_string();
    let agda = sign_in(&app, "agda").await;
    first_step(&agda).await;
    let remove = format!("remove-file:planritningar:{theirs}");
    let (status, answer) = agda.post_files_in_place(&step, &[Part::Text("_action", &remove)]).await;
    assert_eq!((status, &answer["stay"]["files"]["planritningar"]), (200, &serde_json::json!([])), "{answer}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM attachments").await, 2, "hers are both kept");

    // Nobody signed in: sent to the form's start (which offers signing in), nothing kept.
    let (status, answer) = app.another_browser().post_files_in_place(&step, &parts).await;
    assert_eq!((status, answer), (200, serde_json::json!({ "go": FORM })));
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM attachments").await, 2);
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(walk(&path));
            } else {
                files.push(path);
            }
        }
    }
    files
}

both_backends!(
    drawings_attached,
    hostile_uploads_are_refused_by_name_and_rule,
    what_was_typed_survives_a_refused_file,
    a_body_over_the_limit_is_refused_unread,
    abandoned_files_are_forgotten_and_swept,
    files_attach_in_place,
);
