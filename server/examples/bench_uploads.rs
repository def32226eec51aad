//! Benchmark (not a test): attaching files. `BENCH_UPLOADS` visitors (default 20) each attach
//! a different 10 MB PDF to a building permit's drawings step at the same time, `BENCH_ROUNDS`
//! times (default 3). Reported: the portal's throughput in MB/s against the ceiling measured
//! in the same run — the same number of parallel writers copying the same bytes to the same
//! disk (create, write, fsync), as the portal stages each file — and how much the portal's
//! resident memory grew at its peak while the uploads ran (target: under 30 MB, since files
//! stream to disk and are never held whole).
//!
//! The portal is the release server binary (`target/release/server`, or `BENCH_SERVER`) in a
//! process of its own, so its memory is measured apart from this client's 600 MB of request
//! bodies. Client and portal share the machine's cores: compare the ratio, not the rates.
//!
//! `cargo build --release -p server --bins --example bench_uploads`, then run
//! `target/release/examples/bench_uploads` (or `.ci/bench`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report

use std::{
    path::{Path, PathBuf},
    process::{Child, Command},
    time::{Duration, Instant},
};

const FORM: &str = "/formular/norrvik-bygglov";
const FILE_BYTES: usize = 10_000_000;
const BOUNDARY: &str = "----portal-bench-boundary-3c1f";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// A kilobyte figure (`VmRSS`, `VmHWM`) from `/proc/<pid>/status`.
fn status_kb(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// A PDF of exactly [`FILE_BYTES`] whose bytes differ per `n` (so none is kept only once).
fn pdf(n: usize) -> Vec<u8> {
    let mut bytes = format!("%PDF-1.7\n% bench file {n}\n").into_bytes();
    let mut state = n as u64 ^ 0x9E37_79B9_7F4A_7C15;
    while bytes.len() < FILE_BYTES {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    bytes.truncate(FILE_BYTES);
    bytes
}

/// The drawings step's multipart body carrying `file` as the facade and floor plans.
fn body(file: &[u8]) -> Vec<u8> {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"_action\"\r\n\r\nupload:planritningar\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"planritningar\"; filename=\"plan.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Copies the demo content to `to`, with the building permit unsigned. The permit is signed, so
/// only a signed-in person may fill it in, and the demo has too few test persons for twenty
/// drafts of their own; this benchmark measures streaming files, not signing, so twenty
/// anonymous visitors attach files to twenty session drafts of the unsigned copy.
fn unsigned_content(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            unsigned_content(&entry.path(), &target);
        } else if entry.file_name() == "norrvik-bygglov.toml" {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(text.contains("\nsigned = true\n"), "the building permit is signed");
            std::fs::write(target, text.replace("\nsigned = true\n", "\nsigned = false\n")).unwrap();
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The portal in a process of its own; stopped when dropped.
struct Portal(Child);

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the release server on a free loopback port over a fresh SQLite database in `dir`.
async fn start_portal(dir: &Path) -> (Portal, String) {
    let server = std::env::var_os("BENCH_SERVER").map(PathBuf::from).unwrap_or_else(|| {
        // target/release/examples/bench_uploads → target/release/server
        std::env::current_exe().unwrap().parent().unwrap().parent().unwrap().join("server")
    });
    assert!(server.exists(), "{} is missing: build it with cargo build --release -p server --bins", server.display());
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let address = format!("http://127.0.0.1:{port}");
    let content = dir.join("content");
    unsigned_content(Path::new(env!("CARGO_MANIFEST_DIR")).join("content").as_path(), &content);
    let child = Command::new(server)
        .arg("serve")
        .env("PORTAL__DATABASE_URL", format!("sqlite://{}", dir.join("portal.db").display()))
        .env("PORTAL__LISTEN", format!("127.0.0.1:{port}"))
        .env("PORTAL__PUBLIC_URL", &address)
        .env("PORTAL__DEMO", "true")
        .env("PORTAL__SECURE_COOKIES", "false")
        .env("PORTAL__CONTENT_DIR", &content)
        .env("PORTAL__ATTACHMENTS_DIR", dir.join("attachments"))
        .env("PORTAL__REQUEST_TIMEOUT_SECS", "300")
        // Twenty visitors are twenty addresses (as behind the proxy that names them), so the
        // per-address upload allowance (500 MB an hour) is each visitor's own.
        .env("PORTAL__CLIENT_IP_HEADER", "x-forwarded-for")
        .env("RUST_LOG", "warn")
        .env("LEPTOS_SITE_ROOT", Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site"))
        .env("LEPTOS_SITE_PKG_DIR", "pkg")
        .env("LEPTOS_OUTPUT_NAME", "portal")
        .spawn()
        .unwrap();
    let portal = Portal(child);
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if client.get(format!("{address}/health")).send().await.is_ok_and(|r| r.status().is_success()) {
            return (portal, address);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the portal did not answer /health within a minute");
}

#[tokio::main]
async fn main() {
    let uploads = env_usize("BENCH_UPLOADS", 20);
    let rounds = env_usize("BENCH_ROUNDS", 3);
    let dir = std::env::temp_dir().join(format!("portal-bench-uploads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (server, address) = start_portal(&dir).await;
    let pid = server.0.id();

    // Untimed: each visitor fills in the first step (a new building: drawings needed), and
    // every body is built before memory is measured.
    let mut visitors = Vec::new();
    for _ in 0..uploads {
        let client =
            reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let fields = [
            ("fastighet", "Norrvik Björken 4"),
            ("typ", "nybyggnad"),
            ("beskrivning", "Ett fristående garage på 30 kvadratmeter."),
            ("brandskydd", "no"),
        ];
        let response = client
            .post(format!("{address}{FORM}/atgard"))
            .header("origin", &address)
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303);
        visitors.push(client);
    }
    let bodies: Vec<Vec<axum::body::Bytes>> = (0..rounds)
        .map(|round| (0..uploads).map(|i| axum::body::Bytes::from(body(&pdf(round * uploads + i)))).collect())
        .collect();
    let total_mb = (uploads * rounds * FILE_BYTES) as f64 / 1e6;

    // The ceiling: the same bytes, the same number of parallel writers, the same disk.
    let ceiling_dir = dir.join("ceiling");
    std::fs::create_dir_all(&ceiling_dir).unwrap();
    let started = Instant::now();
    for (round, files) in bodies.iter().enumerate() {
        let mut tasks = Vec::new();
        for (i, bytes) in files.iter().enumerate() {
            let (path, bytes) = (ceiling_dir.join(format!("{round}-{i}")), bytes.clone());
            tasks.push(tokio::spawn(async move {
                use tokio::io::AsyncWriteExt;
                let mut file = tokio::fs::File::create(&path).await.unwrap();
                for chunk in bytes.chunks(64 * 1024) {
                    file.write_all(chunk).await.unwrap();
                }
                file.sync_all().await.unwrap();
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
    }
    let ceiling = total_mb / started.elapsed().as_secs_f64();
    std::fs::remove_dir_all(&ceiling_dir).unwrap();

    // The portal: the same files posted to the step at the same time.
    let baseline_kb = status_kb(pid, "VmRSS:");
    // Resets the portal's peak (VmHWM) to its current size, so the peak below is this part's.
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
    let started = Instant::now();
    for files in &bodies {
        let mut tasks = Vec::new();
        for (visitor, (client, bytes)) in visitors.iter().zip(files).enumerate() {
            let (client, address, bytes) = (client.clone(), address.clone(), bytes.clone());
            tasks.push(tokio::spawn(async move {
                let response = client
                    .post(format!("{address}{FORM}/ritningar"))
                    .header("origin", &address)
                    .header("x-forwarded-for", format!("192.0.2.{}", visitor + 1))
                    .header("content-type", format!("multipart/form-data; boundary={BOUNDARY}"))
                    .body(bytes)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 303, "upload accepted");
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
    }
    let portal = total_mb / started.elapsed().as_secs_f64();
    let peak_kb = status_kb(pid, "VmHWM:");
    drop(server);
    let db = app::db::Db::connect(&format!("sqlite://{}", dir.join("portal.db").display()), 1).await.unwrap();
    let kept = app::on_db!(&db, read, |pool| sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM attachments")
        .fetch_one(pool)
        .await
        .unwrap());
    assert_eq!(kept as usize, uploads * rounds, "every file attached");
    let growth_mb = peak_kb.saturating_sub(baseline_kb) as f64 / 1024.0;
    println!("uploads: {uploads} parallel × {rounds} rounds of {} MB each", FILE_BYTES / 1_000_000);
    println!("  ceiling (same bytes to the same disk, fsynced): {ceiling:.0} MB/s");
    println!(
        "  portal (multipart → staging → kept by SHA-256): {portal:.0} MB/s = {:.1} % of ceiling (target ≥ 50 %)",
        portal / ceiling * 100.0
    );
    println!(
        "  the portal's peak resident memory growth while uploading: {growth_mb:.1} MB over {:.1} MB (target < 30 MB)",
        baseline_kb as f64 / 1024.0
    );
    let _ = std::fs::remove_dir_all(&dir);
}
