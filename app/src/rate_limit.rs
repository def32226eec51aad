//! Fixed-window rate limits kept in memory, bounded in size: anonymous submissions per client
//! address, receipts per recipient. A stranger choosing many keys cannot grow them beyond
//! [`MAX_KEYS`]; when the table is full of live windows, new keys are refused (failing closed:
//! under such a flood nobody new gets through, but nothing runs out of memory).
//! Per process: several portal processes each count their own share.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

/// The most keys one limiter remembers.
pub const MAX_KEYS: usize = 100_000;

#[derive(Debug)]
pub struct RateLimit {
    /// Allowed per window; 0 turns the limit off.
    limit: u32,
    window: Duration,
    counts: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimit {
    pub fn new(limit: u32, window: Duration) -> Self {
        RateLimit { limit, window, counts: Mutex::new(HashMap::new()) }
    }

    /// Counts one use by `key`; `false` when `key` has used up its window.
    pub fn allow(&self, key: &str) -> bool {
        self.allow_at(key, Instant::now())
    }

    /// Counts `n` units (megabytes, say) used by `key`; `false` when they do not fit in what is
    /// left of its window (then nothing is counted).
    pub fn allow_n(&self, key: &str, n: u32) -> bool {
        self.allow_n_at(key, n, Instant::now())
    }

    fn allow_at(&self, key: &str, now: Instant) -> bool {
        self.allow_n_at(key, 1, now)
    }

    fn allow_n_at(&self, key: &str, n: u32, now: Instant) -> bool {
        if self.limit == 0 {
            return true;
        }
        let Ok(mut counts) = self.counts.lock() else { return false };
        if let Some((start, used)) = counts.get_mut(key) {
            if now.duration_since(*start) >= self.window {
                *start = now;
                *used = 0;
            }
            if used.saturating_add(n) > self.limit {
                return false;
            }
            *used += n;
            return true;
        }
        if counts.len() >= MAX_KEYS {
            let window = self.window;
            counts.retain(|_, (start, _)| now.duration_since(*start) < window);
            if counts.len() >= MAX_KEYS {
                return false;
            }
        }
        if n > self.limit {
            return false;
        }
        counts.insert(key.to_string(), (now, n));
        true
    }
}

/// The address a request came from, as the server determined it (the peer, or the configured
/// proxy header); a request extension.
#[derive(Clone, Debug)]
pub struct ClientAddress(pub String);

/// Megabytes of files one client address may attach in an hour (a building permit's drawings
/// are a dozen files of a few megabytes). With abandoned drafts' files forgotten after a day,
/// one address can make the portal hold at most a day of this.
pub const UPLOAD_MB_PER_HOUR: u32 = 500;

/// The limits every request handler shares.
#[derive(Debug)]
pub struct Limits {
    /// Anonymous submissions per client address.
    pub submissions: RateLimit,
    /// Receipts per recipient address (case-insensitive).
    pub receipts: RateLimit,
    /// Megabytes of files attached per client address: what a stranger can make the portal store.
    pub uploads: RateLimit,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new(30, 5)
    }
}

impl Limits {
    /// `submissions` per client address in 10 minutes, `receipts` per recipient in an hour,
    /// [`UPLOAD_MB_PER_HOUR`] megabytes of files per client address in an hour.
    pub fn new(submissions: u32, receipts: u32) -> Self {
        Limits {
            submissions: RateLimit::new(submissions, Duration::from_secs(600)),
            receipts: RateLimit::new(receipts, Duration::from_secs(3600)),
            uploads: RateLimit::new(UPLOAD_MB_PER_HOUR, Duration::from_secs(3600)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_limit_per_window_and_no_more() {
        let limit = RateLimit::new(3, Duration::from_secs(60));
        let start = Instant::now();
        assert!((0..3).all(|_| limit.allow_at("a", start)));
        assert!(!limit.allow_at("a", start), "the fourth in the window is refused");
        assert!(limit.allow_at("b", start), "another key has its own count");
        assert!(limit.allow_at("a", start + Duration::from_secs(61)), "a new window starts afresh");
    }

    #[test]
    fn units_count_by_their_size_and_a_refusal_counts_nothing() {
        let limit = RateLimit::new(100, Duration::from_secs(60));
        let start = Instant::now();
        assert!(limit.allow_n_at("a", 60, start));
        assert!(!limit.allow_n_at("a", 50, start), "60 + 50 is over 100");
        assert!(limit.allow_n_at("a", 40, start), "what is left still fits");
        assert!(!limit.allow_n_at("a", 1, start), "the window is used up");
        assert!(!limit.allow_n_at("b", 101, start), "more than the whole window at once");
        assert!(limit.allow_n_at("b", 100, start));
        assert!(limit.allow_n_at("a", 100, start + Duration::from_secs(61)), "a new window");
    }

    #[test]
    fn zero_turns_the_limit_off() {
        let limit = RateLimit::new(0, Duration::from_secs(60));
        assert!((0..1000).all(|_| limit.allow("a")));
    }

    #[test]
    fn the_table_stays_bounded_and_fails_closed_when_full_of_live_windows() {
        let limit = RateLimit::new(1, Duration::from_secs(60));
        let now = Instant::now();
        for i in 0..MAX_KEYS {
            assert!(limit.allow_at(&i.to_string(), now));
        }
        assert!(!limit.allow_at("one more", now), "full of live windows: refused");
        assert!(limit.allow_at("one more", now + Duration::from_secs(61)), "expired windows make room");
        assert!(limit.counts.lock().unwrap().len() <= MAX_KEYS);
    }
}
