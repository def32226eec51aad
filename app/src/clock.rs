//! The one clock of the portal. Everything that records or compares a time asks a [`Clock`],
//! so a test can set the time (a deadline passing, a lease ending) instead of sleeping.

use std::sync::{
    atomic::{AtomicI64, Ordering},
    Arc,
};

/// The system clock, or — in tests — a clock that stands still until it is moved, or — in a
/// demo — the system clock shifted to another day.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// `None`: the system clock. `Some`: a set time in milliseconds since the Unix epoch.
    fixed: Option<Arc<AtomicI64>>,
    /// Added to the system clock (a demo on another day); 0 otherwise.
    shift_ms: i64,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock { fixed: None, shift_ms: 0 }
    }

    /// A clock that shows `ms` (milliseconds since the Unix epoch) until moved.
    pub fn fixed_at(ms: i64) -> Self {
        Clock { fixed: Some(Arc::new(AtomicI64::new(ms))), shift_ms: 0 }
    }

    /// The system clock moved by whole `days` (a demo shown on another day: time runs as usual).
    pub fn shifted_days(days: i64) -> Self {
        Clock { fixed: None, shift_ms: days * 86_400_000 }
    }

    /// Milliseconds since the Unix epoch (UTC): how the portal's tables store time.
    pub fn now_ms(&self) -> i64 {
        match &self.fixed {
            Some(ms) => ms.load(Ordering::Relaxed),
            None => system_now_ms() + self.shift_ms,
        }
    }

    /// Moves a fixed clock forward (no effect on the system clock); every copy sees it.
    pub fn advance_ms(&self, by: i64) {
        if let Some(ms) = &self.fixed {
            ms.fetch_add(by, Ordering::Relaxed);
        }
    }
}

fn system_now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_moves_only_when_told_and_every_copy_sees_it() {
        let clock = Clock::fixed_at(1_000);
        let copy = clock.clone();
        assert_eq!(copy.now_ms(), 1_000);
        clock.advance_ms(500);
        assert_eq!(copy.now_ms(), 1_500);
        assert!(Clock::system().now_ms() > 1_796_000_000_000 - 400 * 86_400_000);
    }

    #[test]
    fn a_shifted_clock_runs_whole_days_ahead() {
        let shifted = Clock::shifted_days(45).now_ms() - Clock::system().now_ms();
        assert!((45 * 86_400_000..45 * 86_400_000 + 1_000).contains(&shifted), "{shifted}");
    }
}
