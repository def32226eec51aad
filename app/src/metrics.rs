//! Figures the domain keeps for the operator's `/metrics` (rendered by the server crate, which
//! this crate must not depend on): plain atomics, so recording costs no lock and no allocation.

use std::sync::atomic::{AtomicU64, Ordering};

/// Upper bounds of the group-commit batch-size buckets; the last equals the largest batch
/// (`group_commit::MAX_BATCH`), so every batch lands in a bucket of its own size or below.
pub const BATCH_SIZE_BOUNDS: [u64; 7] = [1, 2, 4, 8, 16, 32, 64];

/// A histogram of whole numbers over fixed bounds: a fixed number of atomics, however much is
/// recorded.
#[derive(Debug)]
pub struct CountHistogram<const N: usize> {
    bounds: [u64; N],
    /// Non-cumulative: `buckets[i]` counts values in `(bounds[i-1], bounds[i]]`.
    buckets: [AtomicU64; N],
    count: AtomicU64,
    sum: AtomicU64,
}

/// What a histogram held at one moment, in the cumulative form Prometheus expects.
#[derive(Clone, Debug, PartialEq)]
pub struct HistogramSnapshot {
    /// `(upper bound, observations at or below it)`; `+Inf` is `count`.
    pub buckets: Vec<(u64, u64)>,
    pub count: u64,
    pub sum: u64,
}

impl<const N: usize> CountHistogram<N> {
    pub const fn new(bounds: [u64; N]) -> Self {
        CountHistogram {
            bounds,
            buckets: [const { AtomicU64::new(0) }; N],
            count: AtomicU64::new(0),
            sum: AtomicU64::new(0),
        }
    }

    pub fn observe(&self, value: u64) {
        // Values above the last bound are counted only in `+Inf` (the count).
        if let Some(i) = self.bounds.iter().position(|&bound| value <= bound) {
            self.buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        self.sum.fetch_add(value, Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> HistogramSnapshot {
        let mut cumulative = 0;
        let buckets = self
            .bounds
            .iter()
            .zip(&self.buckets)
            .map(|(&bound, bucket)| {
                cumulative += bucket.load(Ordering::Relaxed);
                (bound, cumulative)
            })
            .collect();
        // Read after the buckets: a value recorded meanwhile may show in the count only, which
        // keeps `+Inf` at or above every bucket, as the format requires.
        let count = self.count.load(Ordering::Relaxed).max(cumulative);
        HistogramSnapshot { buckets, count, sum: self.sum.load(Ordering::Relaxed) }
    }
}

/// Submissions per shared commit (`forms::ssr::group_commit`), for the whole process.
static GROUP_COMMIT_BATCH: CountHistogram<7> = CountHistogram::new(BATCH_SIZE_BOUNDS);

/// Records one group commit of `rows` submissions.
pub fn record_group_commit_batch(rows: usize) {
    GROUP_COMMIT_BATCH.observe(rows as u64);
}

/// The batch sizes recorded so far in this process.
pub fn group_commit_batches() -> HistogramSnapshot {
    GROUP_COMMIT_BATCH.snapshot()
}

/// Upper bounds of the shared-commit duration buckets, in microseconds (rendered in seconds).
pub const COMMIT_MICROS_BOUNDS: [u64; 12] =
    [250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 250_000, 1_000_000, 5_000_000];

/// How long each shared commit held its batch, from taking a connection to the commit's return:
/// what every sender in the batch waited for the database. With the batch sizes it shows a
/// commit's cost as a fixed part and a part per submission.
static GROUP_COMMIT_MICROS: CountHistogram<12> = CountHistogram::new(COMMIT_MICROS_BOUNDS);

/// Records how long one shared commit took (failed ones included: their senders waited too).
pub fn record_group_commit_duration(took: std::time::Duration) {
    GROUP_COMMIT_MICROS.observe(u64::try_from(took.as_micros()).unwrap_or(u64::MAX));
}

/// The shared-commit durations recorded so far in this process, in microseconds.
pub fn group_commit_durations() -> HistogramSnapshot {
    GROUP_COMMIT_MICROS.snapshot()
}

/// PostgreSQL's one-statement registrations (`cases::api::open_in_one_statement`): batches
/// stored that way, and those whose statement failed and went in steps after all (a key sent
/// before, or something wrong: then every batch pays a failed statement, which this shows).
static ONE_STATEMENT_STORED: AtomicU64 = AtomicU64::new(0);
static ONE_STATEMENT_FAILED: AtomicU64 = AtomicU64::new(0);

/// Records a one-statement batch: stored, or failed (and committed in steps instead).
pub fn record_one_statement(stored: bool) {
    let counter = if stored { &ONE_STATEMENT_STORED } else { &ONE_STATEMENT_FAILED };
    counter.fetch_add(1, Ordering::Relaxed);
}

/// One-statement batches so far in this process: (stored, failed).
pub fn one_statement_batches() -> (u64, u64) {
    (ONE_STATEMENT_STORED.load(Ordering::Relaxed), ONE_STATEMENT_FAILED.load(Ordering::Relaxed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_cumulative_and_large_values_count_only_in_inf() {
        let histogram = CountHistogram::new([1, 4]);
        for value in [1, 2, 4, 5, 100] {
            histogram.observe(value);
        }
        let snapshot = histogram.snapshot();
        assert_eq!(snapshot.buckets, vec![(1, 1), (4, 3)]);
        assert_eq!(snapshot.count, 5);
        assert_eq!(snapshot.sum, 112);
    }
}
