//! A database that goes away gives a clear 503 page, and the portal recovers by itself when
//! it returns. PostgreSQL is reached through a TCP proxy the test can cut.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report

use std::sync::{
    atomic::{AtomicBool, Ordering},
    Arc,
};
use tokio::{net::TcpListener, sync::Notify};

/// Forwards connections to PostgreSQL while `up`; cutting it closes every open connection.
struct Proxy {
    port: u16,
    up: Arc<AtomicBool>,
    cut: Arc<Notify>,
}

impl Proxy {
    async fn start(target: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let cut = Arc::new(Notify::new());
        let (up2, cut2) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else { break };
                if !up2.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let target = target.clone();
                let cut = cut2.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = tokio::net::TcpStream::connect(&target).await else { return };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.notified() => {}
                    }
                });
            }
        });
        Proxy { port, up, cut }
    }

    fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.notify_waiters();
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

/// A page nobody has read before the outage.
const UNREAD: &str = "/organisationer/sjovik";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_outage_gives_503_and_the_portal_recovers() {
    let Some((url, _db)) = crate::common::fresh_database_url(crate::common::Backend::Postgres).await else { return };
    let (prefix, rest) = url.split_once("@").unwrap();
    let (host, database) = rest.split_once('/').unwrap();
    let proxy = Proxy::start(host.to_string()).await;
    let proxied = format!("{prefix}@127.0.0.1:{}/{database}", proxy.port);
    let app = crate::common::spawn_with_url(proxied, None).await;

    for path in ["/tjanster/norrvik-bygglov", "/organisationer/norrvik"] {
        let (status, _) = app.get(path).await;
        assert_eq!(status, 200, "{path}");
    }

    proxy.down();
    // Catalogue pages read before are served from memory through the outage…
    let (status, html) = app.get("/tjanster/norrvik-bygglov").await;
    assert_eq!(status, 200, "information read before stays up");
    assert!(html.contains("Bygglov"));
    assert_eq!(app.get("/organisationer/norrvik").await.0, 200, "a kept organisation page stays up");
    // …while a page that needs the database says clearly that it is away.
    let (status, html) = app.get(UNREAD).await;
    assert_eq!(status, 503, "a clear 503 while the database is away");
    assert!(html.contains("Tjänsten är tillfälligt otillgänglig"), "friendly Swedish message");
    assert!(!html.to_lowercase().contains("sqlx") && !html.contains("connection"), "no raw error text");
    let health = app.get_response("/health").await;
    assert_eq!(health.status(), 503);

    proxy.restore();
    let mut recovered = false;
    for _ in 0..40 {
        let (status, _) = app.get(UNREAD).await;
        if status == 200 {
            recovered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    assert!(recovered, "the portal recovers by itself once the database is back");
}
