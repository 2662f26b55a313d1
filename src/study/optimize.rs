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
use std::sync::atomic::{AtomicBool, Ordering};
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

impl OptimizeProgress {
    /// How far along, 0.0 to 1.0, for a progress bar.
    pub fn fraction(&self) -> f32 {
        if self.finished {
            1.0
        } else if self.total == 0 {
            0.0
        } else {
            (self.done as f32 / self.total as f32).clamp(0.0, 1.0)
        }
    }
}

/// How well a set of parameters predicts the student's own answers (fsrs' `evaluate`): lower is
/// better for both.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Evaluation {
    /// Mean log loss of the predicted recall probabilities against what happened.
    pub log_loss: f32,
    /// Root mean square error between predicted and actual recall rates, over bins of similar reviews.
    pub rmse_bins: f32,
}

/// What a fit found: the fitted parameters and how both they and the current ones do on the history.
#[derive(Clone, Debug, PartialEq)]
pub struct OptimizeReport {
    /// The fitted parameters (21 for FSRS-6).
    pub parameters: Vec<f32>,
    /// The parameters in use now (the defaults when the student has none) on the same history.
    pub current: Evaluation,
    /// The fitted parameters on the history.
    pub fitted: Evaluation,
    /// How many training items the history gave.
    pub items: usize,
}

impl OptimizeReport {
    /// Whether the fitted parameters predict the history better (lower log loss) than the current
    /// ones: only then are they worth applying.
    pub fn improves(&self) -> bool {
        self.fitted.log_loss < self.current.log_loss
    }
}

/// Why no parameters were fitted.
#[derive(Debug, thiserror::Error)]
pub enum OptimizeError {
    #[error(
        "not enough review history yet: {items} usable reviews, at least {needed} needed ({} more reviews needed, each on a later day than the question's previous review)",
        needed - items
    )]
    NotEnoughHistory { items: usize, needed: usize },
    #[error("FSRS could not fit parameters to this history: {0}")]
    Fsrs(#[from] fsrs::FSRSError),
    #[error("your review history could not be read: {0}")]
    History(String),
    #[error("the fit was cancelled")]
    Cancelled,
    #[error("the fitting thread stopped unexpectedly")]
    Crashed,
}

/// Turns the progress log into FSRS training items, as the fsrs crate's own conversion does: per
/// question, its reviews in time order (undone ones left out, a reset starting a new history), with
/// days counted in study days (rolling over at `rollover_hour`). One item per review after the first,
/// holding the history up to it; an item whose last review is on the same study day as the one before
/// it is dropped (fsrs learns only from reviews after at least a day). Items come in the order of
/// their last review (ties by bank and question), so the same log always gives the same items.
pub fn training_items(records: &[Record], rollover_hour: u32) -> Vec<FSRSItem> {
    let undone = crate::study::record::undone_ids(records);
    let mut order: Vec<&Record> = records
        .iter()
        .filter(|r| !undone.contains(&r.id))
        .filter(|r| matches!(r.event, Event::Review { .. } | Event::Reset))
        .collect();
    order.sort_by_key(|r| r.at_ms);

    type Key<'a> = (&'a BankId, &'a QuestionId);
    /// (moment, study day, rating) of each review of a card since its last reset.
    type History = Vec<(i64, i64, u32)>;
    let mut histories: HashMap<Key, History> = HashMap::new();
    let mut finished: Vec<(Key, History)> = Vec::new();
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
                    .push((record.at_ms, day, rating_number(*rating)));
            }
            _ => {
                if let Some(history) = histories.remove(&key) {
                    finished.push((key, history));
                }
            }
        }
    }
    finished.extend(histories);

    let mut items: Vec<(i64, Key, FSRSItem)> = Vec::new();
    for (key, history) in finished {
        let mut reviews = Vec::with_capacity(history.len());
        let mut previous_day = None;
        for (at_ms, day, rating) in history {
            let delta_t = previous_day.map_or(0, |p: i64| (day - p).max(0));
            previous_day = Some(day);
            reviews.push(FSRSReview {
                rating,
                delta_t: u32::try_from(delta_t).unwrap_or(u32::MAX),
            });
            if reviews.len() >= 2 && delta_t > 0 {
                items.push((
                    at_ms,
                    key,
                    FSRSItem {
                        reviews: reviews.clone(),
                    },
                ));
            }
        }
    }
    items.sort_by(|a, b| (a.0, a.1, a.2.reviews.len()).cmp(&(b.0, b.1, b.2.reviews.len())));
    items.into_iter().map(|(_, _, item)| item).collect()
}

/// How well `parameters` (empty = FSRS defaults) predict `items`.
pub fn evaluate(items: &[FSRSItem], parameters: &[f32]) -> Result<Evaluation, OptimizeError> {
    let parameters = fsrs::check_and_fill_parameters(parameters)?;
    let model = fsrs::FSRS::new(&parameters)?;
    let evaluation = model.evaluate(items.to_vec(), |_| true)?;
    Ok(Evaluation {
        log_loss: evaluation.log_loss,
        rmse_bins: evaluation.rmse_bins,
    })
}

/// Fits parameters to `items` and evaluates them and `current` (the parameters in use; empty = FSRS
/// defaults) on the same items, calling `on_progress` about ten times a second while it works and
/// once at the end. Setting `cancel` stops the fit within a moment with [`OptimizeError::Cancelled`].
/// Blocking; see [`optimize_in_background`].
pub fn optimize(
    items: Vec<FSRSItem>,
    current: &[f32],
    cancel: &AtomicBool,
    mut on_progress: impl FnMut(OptimizeProgress),
) -> Result<OptimizeReport, OptimizeError> {
    if items.len() < MIN_TRAINING_ITEMS {
        return Err(OptimizeError::NotEnoughHistory {
            items: items.len(),
            needed: MIN_TRAINING_ITEMS,
        });
    }
    let count = items.len();
    let current_evaluation = evaluate(&items, current)?;
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
                finished: false,
            },
        )
    };
    let training_set = items.clone();
    let result = std::thread::scope(|scope| {
        let shared = Arc::clone(&progress);
        let worker = scope.spawn(move || {
            fsrs::compute_parameters(ComputeParametersInput {
                train_set: training_set,
                progress: Some(shared),
                ..ComputeParametersInput::default()
            })
        });
        while !worker.is_finished() {
            if cancel.load(Ordering::Relaxed)
                && let Ok(mut state) = progress.lock()
            {
                state.want_abort = true;
            }
            on_progress(report(&progress));
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        worker.join()
    });
    let mut last = report(&progress);
    last.finished = true;
    last.done = last.total;
    on_progress(last);
    // A cancel that came too late to interrupt the fit still discards its result.
    if cancel.load(Ordering::Relaxed) {
        return Err(OptimizeError::Cancelled);
    }
    let parameters = match result {
        Ok(Ok(parameters)) => parameters,
        Ok(Err(e)) => return Err(e.into()),
        Err(_) => return Err(OptimizeError::Crashed),
    };
    let fitted = evaluate(&items, &parameters)?;
    Ok(OptimizeReport {
        parameters,
        current: current_evaluation,
        fitted,
        items: count,
    })
}

/// Runs [`optimize`] on its own thread so the UI stays responsive; `on_progress` is called from that
/// thread (send the value to the UI and request a repaint); set `cancel` to stop it.
pub fn optimize_in_background(
    items: Vec<FSRSItem>,
    current: Vec<f32>,
    cancel: Arc<AtomicBool>,
    on_progress: impl FnMut(OptimizeProgress) + Send + 'static,
) -> JoinHandle<Result<OptimizeReport, OptimizeError>> {
    std::thread::spawn(move || optimize(items, &current, &cancel, on_progress))
}
