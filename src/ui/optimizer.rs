//! "Optimize from my reviews" in Settings: fitting the student's own FSRS parameters on a thread,
//! with a progress bar and Cancel, so the frame never waits for it. The fitting itself is
//! [`crate::study::optimize`]; this only runs it and keeps the result until the student decides.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::study::Record;
use crate::study::optimize::{
    OptimizeError, OptimizeProgress, OptimizeReport, optimize, training_items,
};

/// What the student asked the optimizer to do (from the settings screen).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptimizerAction {
    /// Fit parameters to the review history.
    Start,
    /// Stop a running fit; its result is thrown away.
    Cancel,
    /// Use the fitted parameters (offered only when they are better).
    Apply,
    /// Close the result without changing anything.
    Discard,
    /// Go back to FSRS's default parameters.
    UseDefaults,
}

/// A fit in progress.
pub struct RunningFit {
    progress: Arc<Mutex<OptimizeProgress>>,
    cancel: Arc<AtomicBool>,
    handle: JoinHandle<Result<OptimizeReport, OptimizeError>>,
}

/// Where the optimizer stands, as the settings screen shows it.
#[derive(Default)]
pub enum OptimizerJob {
    /// Nothing running or to show.
    #[default]
    Idle,
    Running(RunningFit),
    /// The fit ended: a report to accept or not, or why there is none.
    Finished(Result<OptimizeReport, String>),
}

impl OptimizerJob {
    /// Starts fitting on a thread: it reads the student's records with `records` (the whole log,
    /// which takes seconds on a long history, so never on the frame), then fits (the parameters in
    /// use are `current`; empty = defaults). With too little history it finishes with a message
    /// saying how many more reviews are needed. `repaint` is called whenever progress moves.
    pub fn start(
        &mut self,
        records: impl FnOnce() -> Result<Vec<Record>, String> + Send + 'static,
        rollover_hour: u32,
        current: Vec<f32>,
        repaint: impl Fn() + Send + 'static,
    ) {
        if matches!(self, Self::Running(_)) {
            return;
        }
        let progress = Arc::new(Mutex::new(OptimizeProgress {
            done: 0,
            total: 0,
            finished: false,
        }));
        let cancel = Arc::new(AtomicBool::new(false));
        let (shared, stop) = (Arc::clone(&progress), Arc::clone(&cancel));
        let handle = std::thread::spawn(move || {
            let items = training_items(&records().map_err(OptimizeError::History)?, rollover_hour);
            if stop.load(Ordering::Relaxed) {
                return Err(OptimizeError::Cancelled);
            }
            optimize(items, &current, &stop, move |p| {
                if let Ok(mut slot) = shared.lock() {
                    *slot = p;
                }
                repaint();
            })
        });
        *self = Self::Running(RunningFit {
            progress,
            cancel,
            handle,
        });
    }

    /// Whether a running fit is still reading the review history (it has no steps to count yet).
    pub fn reading_history(&self) -> bool {
        match self {
            Self::Running(fit) => fit
                .progress
                .lock()
                .is_ok_and(|p| p.total == 0 && !p.finished),
            _ => false,
        }
    }

    /// Asks a running fit to stop; [`Self::poll`] then returns to idle.
    pub fn cancel(&self) {
        if let Self::Running(fit) = self {
            fit.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Collects a fit that has ended. Returns how soon to look again while one is running.
    pub fn poll(&mut self) -> Option<Duration> {
        let Self::Running(fit) = self else {
            return None;
        };
        if !fit.handle.is_finished() {
            return Some(Duration::from_millis(200));
        }
        self.collect();
        None
    }

    /// Blocks until a running fit ends and collects it (for tests and the command line).
    pub fn wait(&mut self) {
        self.collect();
    }

    fn collect(&mut self) {
        if let Self::Running(_) = self
            && let Self::Running(fit) = std::mem::take(self)
        {
            *self = match fit.handle.join() {
                Ok(Ok(report)) => Self::Finished(Ok(report)),
                Ok(Err(OptimizeError::Cancelled)) => Self::Idle,
                Ok(Err(e)) => Self::Finished(Err(e.to_string())),
                Err(_) => Self::Finished(Err(OptimizeError::Crashed.to_string())),
            };
        }
    }

    /// How far a running fit is, 0.0 to 1.0.
    pub fn fraction(&self) -> Option<f32> {
        match self {
            Self::Running(fit) => Some(fit.progress.lock().map_or(0.0, |p| p.fraction())),
            _ => None,
        }
    }

    /// The fitted parameters, if a finished fit found better ones than those in use.
    pub fn better_parameters(&self) -> Option<&[f32]> {
        match self {
            Self::Finished(Ok(report)) if report.improves() => Some(&report.parameters),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starting_a_fit_returns_at_once_and_reads_the_history_on_its_thread() {
        let (release, gate) = std::sync::mpsc::channel::<()>();
        let mut job = OptimizerJob::default();
        job.start(
            move || {
                // Blocks until the test lets it go: `start` must not wait for it.
                let _ = gate.recv();
                Ok(Vec::new())
            },
            4,
            Vec::new(),
            || {},
        );
        assert!(job.reading_history(), "still reading when start returned");
        release.send(()).expect("the thread waits");
        job.wait();
        match job {
            OptimizerJob::Finished(Err(message)) => {
                assert!(message.contains("more reviews needed"), "{message}")
            }
            _ => panic!("an empty history is not enough to fit"),
        }
    }

    #[test]
    fn a_history_that_cannot_be_read_ends_the_fit_with_the_reason() {
        let mut job = OptimizerJob::default();
        job.start(|| Err("the disk went away".into()), 4, Vec::new(), || {});
        job.wait();
        match job {
            OptimizerJob::Finished(Err(message)) => {
                assert!(message.contains("the disk went away"), "{message}")
            }
            _ => panic!("the fit should report the read error"),
        }
    }
}
