//! Checkpoints of resumable jobs: the lowest page whose every item is settled, plus counters of
//! the settled pages. A resumed job re-reads from `next_page`; items of that page that were
//! already sent are skipped by their content hash.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub job: String,
    /// Identifies one run across resumes (document references of the quantity import).
    pub run_id: u64,
    pub per_page: u32,
    pub next_page: u32,
    pub total: u64,
    pub done: u64,
    pub failed: u64,
    pub skipped: u64,
}

impl Checkpoint {
    pub fn fresh(job: &str, run_id: u64, per_page: u32) -> Checkpoint {
        Checkpoint {
            job: job.to_string(),
            run_id,
            per_page,
            next_page: 1,
            total: 0,
            done: 0,
            failed: 0,
            skipped: 0,
        }
    }

    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }

    /// A stored checkpoint of `job`, if it is readable and was made with the same page size
    /// (otherwise page numbers would point elsewhere and the job restarts; hashes make that cheap).
    pub fn from_value(job: &str, per_page: u32, value: &serde_json::Value) -> Option<Checkpoint> {
        let checkpoint: Checkpoint = megaventory::lenient::from_object(value.clone()).ok()?;
        (checkpoint.job == job && checkpoint.per_page == per_page && checkpoint.next_page >= 1)
            .then_some(checkpoint)
    }
}
