//! Fitting the student's own FSRS parameters from their review history, so intervals follow how they
//! actually remember rather than the average person.
//!
//! How much history is needed (these are `fsrs::compute_parameters`' own thresholds, counted in
//! training items = reviews that have an earlier review of the same question on an earlier day):
//! - fewer than [`MIN_TRAINING_ITEMS`] (8): nothing can be learnt; [`optimize`] refuses with
//!   [`OptimizeError::NotEnoughHistory`] rather than pretend the defaults are "theirs";
//! - 8 to 63: only the four initial stabilities (first-answer intervals) are fitted;
//! - 64 or more: all 21 parameters are trained. In practice a few hundred reviews over several weeks
//!   give parameters worth using; fewer mostly reproduce the defaults.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use fsrs::{CombinedProgressState, ComputeParametersInput, FSRSItem, FSRSReview};

use super::record::{Event, Record};
use super::schedule::{day_index, rating_number, record_time};
use crate::{BankId, QuestionId};

/// Below this many training items `fsrs` cannot fit anything.
pub const MIN_TRAINING_ITEMS: usize = 8;

/// How far the fit has got: `done` of `total` steps (epochs × items); `total` is 0 until known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptimizeProgress {
    /// Steps done.
    pub done: usize,
    /// Steps in all (0 while the data is being prepared).
    pub total: usize,
    /// True on the last report.
    pub finished: bool,
}

/// Why no parameters were fitted.
#[derive(Debug, thiserror::Error)]
pub enum OptimizeError {
    #[error(
        "not enough review history yet: {items} usable reviews, at least {needed} needed (reviews on a later day than the question's first)"
    )]
    NotEnoughHistory { items: usize, needed: usize },
    #[error("FSRS could not fit parameters to this history: {0}")]
    Fsrs(#[from] fsrs::FSRSError),
    #[error("the fitting thread stopped unexpectedly")]
    Crashed,
}

/// Turns the progress log into FSRS training items: per question, its reviews in time order (undone
/// ones left out, a reset starting a new history), with days counted in study days (rolling over at
/// `rollover_hour`). One item per review after the first, holding the history up to it; items with no
/// review after the first day are dropped, because `compute_parameters` panics on them.
pub fn training_items(records: &[Record], rollover_hour: u32) -> Vec<FSRSItem> {
    let undone = crate::study::record::undone_ids(records);
    let mut order: Vec<&Record> = records
        .iter()
        .filter(|r| !undone.contains(&r.id))
        .filter(|r| matches!(r.event, Event::Review { .. } | Event::Reset))
        .collect();
    order.sort_by_key(|r| r.at_ms);

    // Per card: (study day, rating) of each review since its last reset.
    let mut histories: HashMap<(&BankId, &QuestionId), Vec<(i64, u32)>> = HashMap::new();
    let mut finished: Vec<Vec<(i64, u32)>> = Vec::new();
    for record in order {
        let key = (&record.bank, &record.question);
        match &record.event {
            Event::Review { rating, .. } => {
                let day = day_index(
                    record_time(record.at_ms, record.utc_offset_secs),
                    rollover_hour,
                );
                histories
                    .entry(key)
                    .or_default()
                    .push((day, rating_number(*rating)));
            }
            _ => {
                if let Some(history) = histories.remove(&key) {
                    finished.push(history);
                }
            }
        }
    }
    finished.extend(histories.into_values());

    let mut items = Vec::new();
    for history in finished {
        let mut reviews = Vec::with_capacity(history.len());
        let mut previous_day = None;
        for (day, rating) in history {
            let delta_t = previous_day.map_or(0, |p: i64| (day - p).max(0));
            previous_day = Some(day);
            reviews.push(FSRSReview {
                rating,
                delta_t: u32::try_from(delta_t).unwrap_or(u32::MAX),
            });
        }
        for end in 2..=reviews.len() {
            let item = &reviews[..end];
            if item[1..].iter().any(|r| r.delta_t > 0) {
                items.push(FSRSItem {
                    reviews: item.to_vec(),
                });
            }
        }
    }
    items
}

/// Fits parameters to `items`, calling `on_progress` about ten times a second while it works and once
/// at the end. Blocking; see [`optimize_in_background`].
pub fn optimize(
    items: Vec<FSRSItem>,
    mut on_progress: impl FnMut(OptimizeProgress),
) -> Result<Vec<f32>, OptimizeError> {
    if items.len() < MIN_TRAINING_ITEMS {
        return Err(OptimizeError::NotEnoughHistory {
            items: items.len(),
            needed: MIN_TRAINING_ITEMS,
        });
    }
    let progress: Arc<Mutex<CombinedProgressState>> = CombinedProgressState::new_shared();
    let report = |progress: &Arc<Mutex<CombinedProgressState>>| {
        progress.lock().map_or(
            OptimizeProgress {
                done: 0,
                total: 0,
                finished: false,
            },
            |p| OptimizeProgress {
                done: p.current(),
                total: p.total(),
                finished: p.finished(),
            },
        )
    };
    let result = std::thread::scope(|scope| {
        let shared = Arc::clone(&progress);
        let worker = scope.spawn(move || {
            fsrs::compute_parameters(ComputeParametersInput {
                train_set: items,
                progress: Some(shared),
                ..ComputeParametersInput::default()
            })
        });
        while !worker.is_finished() {
            on_progress(report(&progress));
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        worker.join()
    });
    let mut last = report(&progress);
    last.finished = true;
    last.done = last.total;
    on_progress(last);
    match result {
        Ok(parameters) => Ok(parameters?),
        Err(_) => Err(OptimizeError::Crashed),
    }
}

/// Runs [`optimize`] on its own thread so the UI stays responsive; `on_progress` is called from that
/// thread (send the value to the UI and request a repaint).
pub fn optimize_in_background(
    items: Vec<FSRSItem>,
    on_progress: impl FnMut(OptimizeProgress) + Send + 'static,
) -> JoinHandle<Result<Vec<f32>, OptimizeError>> {
    std::thread::spawn(move || optimize(items, on_progress))
}
