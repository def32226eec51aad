//! Pages keep rendering while many requests arrive at once and while another portal instance
//! starts in the same process (building a router once suppressed Leptos' data loading
//! process-wide, which left concurrent pages waiting forever).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report

use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_never_stall_under_concurrent_load_and_restarts() {
    let Some(app) = crate::common::spawn_app(crate::common::Backend::Sqlite).await else { return };
    let app = Arc::new(app);
    let paths = ["/", "/livshandelser", "/organisationer", "/sok?q=bygglov", "/tjanster/norrvik-bygglov"];
    let mut clients = Vec::new();
    for worker in 0..6 {
        let app = app.clone();
        clients.push(tokio::spawn(async move {
            for i in 0..60 {
                let path = paths[(i + worker) % paths.len()];
                let (status, html) = app.get(path).await;
                assert_eq!(status, 200, "{path}");
                assert!(html.contains("</html>"), "{path} is complete");
            }
        }));
    }
    // Meanwhile, other instances start up in the same process.
    for _ in 0..6 {
        let config = app.config.clone();
        let state = app.state.clone();
        let _router = server::router(&config, state).await.expect("router builds");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    for client in clients {
        client.await.expect("every request answered in time");
    }
}
