//! Pause, resume and cancel of running jobs. Cooperative: the WooCommerce side consults its
//! job's control before every read that starts new work (a page, a single entity, a claim), so
//! items already in flight finish and store their links, and a cancelled import keeps its
//! checkpoint for a later resume. Writes (links, acks, checkpoints, logs) are never held back.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlState {
    Running,
    Paused,
    Cancelled,
}

impl ControlState {
    pub fn as_str(self) -> &'static str {
        match self {
            ControlState::Running => "running",
            ControlState::Paused => "paused",
            ControlState::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug)]
pub struct Control {
    pub job: String,
    paused: Cell<bool>,
    cancelled: Cell<bool>,
}

impl Control {
    pub fn new(job: &str) -> Control {
        Control {
            job: job.to_string(),
            paused: Cell::new(false),
            cancelled: Cell::new(false),
        }
    }

    pub fn state(&self) -> ControlState {
        if self.cancelled.get() {
            ControlState::Cancelled
        } else if self.paused.get() {
            ControlState::Paused
        } else {
            ControlState::Running
        }
    }

    pub fn pause(&self) {
        self.paused.set(true);
    }

    pub fn resume(&self) {
        self.paused.set(false);
    }

    /// Also ends a pause: a paused job that is cancelled must stop, not wait.
    pub fn cancel(&self) {
        self.cancelled.set(true);
        self.paused.set(false);
    }
}

/// The controls of the jobs running on one engine object, by job name.
#[derive(Debug, Default)]
pub struct Controls {
    running: RefCell<HashMap<String, Rc<Control>>>,
}

impl Controls {
    /// Registers a job; fails when one of that name is already running on this engine.
    pub fn start(&self, job: &str) -> Result<Rc<Control>, String> {
        let mut running = self.running.borrow_mut();
        if running.contains_key(job) {
            return Err(format!("job {job} is already running on this engine"));
        }
        let control = Rc::new(Control::new(job));
        running.insert(job.to_string(), control.clone());
        Ok(control)
    }

    pub fn finish(&self, job: &str) {
        self.running.borrow_mut().remove(job);
    }

    /// Applies `action` to the job called `job`, or to every job for `"*"`. Returns whether a
    /// running job matched.
    pub fn apply(&self, job: &str, action: impl Fn(&Control)) -> bool {
        let running = self.running.borrow();
        let mut matched = false;
        for control in running.values().filter(|c| job == "*" || c.job == job) {
            action(control);
            matched = true;
        }
        matched
    }

    pub fn running_jobs(&self) -> Vec<(String, ControlState)> {
        let mut jobs: Vec<_> = self
            .running
            .borrow()
            .values()
            .map(|c| (c.job.clone(), c.state()))
            .collect();
        jobs.sort();
        jobs
    }
}

impl PartialOrd for ControlState {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ControlState {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (*self as u8).cmp(&(*other as u8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pause_resume_cancel_reach_only_the_named_job() {
        let controls = Controls::default();
        let products = controls.start("import.products").unwrap();
        let clients = controls.start("import.clients").unwrap();
        assert!(controls.start("import.products").is_err());
        assert!(controls.apply("import.products", Control::pause));
        assert_eq!(products.state(), ControlState::Paused);
        assert_eq!(clients.state(), ControlState::Running);
        assert!(controls.apply("import.products", Control::resume));
        assert_eq!(products.state(), ControlState::Running);
        assert!(!controls.apply("import.discounts", Control::cancel));
        controls.apply("import.products", Control::pause);
        controls.apply("import.products", Control::cancel);
        assert_eq!(
            products.state(),
            ControlState::Cancelled,
            "cancel ends a pause"
        );
        controls.finish("import.products");
        assert_eq!(
            controls.running_jobs(),
            vec![("import.clients".to_string(), ControlState::Running)]
        );
        assert!(controls.apply("*", Control::cancel));
        assert_eq!(clients.state(), ControlState::Cancelled);
    }
}
