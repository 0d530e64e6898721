//! Progress of a long job: done, total, failed, rate and ETA.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub job: String,
    /// Settled items (sent, unchanged, skipped or failed), including earlier runs of a resumed job.
    pub done: u64,
    pub total: u64,
    pub failed: u64,
    pub skipped: u64,
    /// Items per second in this run.
    pub rate_per_second: f64,
    /// Seconds left at the current rate; `None` before the first item.
    pub eta_seconds: Option<f64>,
}

/// Computes rates from the items settled in this run (resumed work is not counted as speed).
pub(crate) struct ProgressClock {
    started_ms: u64,
    done_at_start: u64,
}

impl ProgressClock {
    pub fn start(now_ms: u64, done_at_start: u64) -> Self {
        ProgressClock {
            started_ms: now_ms,
            done_at_start,
        }
    }

    pub fn snapshot(
        &self,
        job: &str,
        now_ms: u64,
        done: u64,
        total: u64,
        failed: u64,
        skipped: u64,
    ) -> Progress {
        let elapsed = (now_ms.saturating_sub(self.started_ms)) as f64 / 1000.0;
        let this_run = done.saturating_sub(self.done_at_start) as f64;
        let rate = if elapsed > 0.0 {
            this_run / elapsed
        } else {
            0.0
        };
        let eta = (rate > 0.0).then(|| total.saturating_sub(done) as f64 / rate);
        Progress {
            job: job.to_string(),
            done,
            total,
            failed,
            skipped,
            rate_per_second: rate,
            eta_seconds: eta,
        }
    }
}
