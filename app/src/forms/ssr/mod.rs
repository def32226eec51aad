//! Server side of forms: storage, drafts in the session, the POST handlers, and the outbox.

pub mod draft;
pub mod group_commit;
pub mod handlers;
pub mod outbox;
pub mod pages;
pub mod store;

/// Milliseconds since the Unix epoch: how every form table stores time.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}
