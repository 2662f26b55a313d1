//! The FSRS wrapper. `fsrs` only turns a memory state and elapsed days into unrounded intervals; this
//! module adds what a student sees: learning and relearning steps in minutes, whole-day intervals that
//! keep Hard ≤ Good ≤ Easy (by shortening, never by lengthening past what the memory state gives),
//! seeded fuzz, a cap, exam dates, and a study day that rolls over at a local hour. `docs/scheduling.md`
//! explains the rules in words.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Offset};
use serde::{Deserialize, Serialize};

use super::card_state::{CardPhase, CardState, NextStates};
use super::record::Rating;
use crate::{BankId, QuestionId, Timestamp, stable_hash};

const SECS_PER_DAY: i64 = 86_400;
const MS_PER_DAY: i64 = SECS_PER_DAY * 1000;

/// The desired retentions the scheduler accepts (the settings screen offers exactly these).
pub const DESIRED_RETENTION_RANGE: std::ops::RangeInclusive<f32> = 0.70..=0.99;
/// The maximum intervals, in days, the scheduler accepts (the settings screen offers exactly these).
pub const MAX_INTERVAL_RANGE: std::ops::RangeInclusive<u32> = 1..=36_500;
/// Before an exam, a review whose interval would pass the exam date is moved into this many last days
/// before it (unless it already happens in them and the student is predicted to remember on the day).
pub const FINAL_STRETCH_DAYS: i64 = 7;

/// The student's scheduling settings. Saved with their preferences; `#[serde(default)]` so settings
/// files from older versions keep loading.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SchedulerConfig {
    /// The probability of recall FSRS aims for when a review falls due (0.90 = 90 %).
    pub desired_retention: f32,
    /// Delays between the first answers of a new card, in seconds; Good on the last step graduates it.
    pub learning_steps_secs: Vec<u32>,
    /// Delays after forgetting a graduated card, in seconds.
    pub relearning_steps_secs: Vec<u32>,
    /// No review is scheduled further away than this.
    pub max_interval_days: u32,
    /// The local hour (0–23) at which a new study day starts, so a session after midnight still counts
    /// as "today".
    pub rollover_hour: u32,
    /// How many new questions may be introduced per study day and bank.
    pub new_per_day: u32,
    /// Spread review intervals a little (seeded by card and review count), so cards learnt together do
    /// not stay due together forever. Off in tests.
    pub fuzz: bool,
    /// The student's own FSRS parameters (from [`super::optimize`]); empty = FSRS defaults.
    pub parameters: Vec<f32>,
    /// At most this many reviews (of questions started on an earlier day) per study day and bank; the
    /// rest wait, and the library offers to study them anyway.
    pub max_reviews_per_day: u32,
    /// Exam dates per bank id: until then no review of that bank is scheduled past the date, and every
    /// question is seen again in the final stretch before it (see [`FINAL_STRETCH_DAYS`]).
    pub exam_dates: BTreeMap<String, NaiveDate>,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        Self {
            desired_retention: 0.90,
            learning_steps_secs: vec![60, 600],
            relearning_steps_secs: vec![600],
            max_interval_days: 36_500,
            rollover_hour: 4,
            new_per_day: 20,
            fuzz: true,
            parameters: Vec::new(),
            max_reviews_per_day: 200,
            exam_dates: BTreeMap::new(),
        }
    }
}

/// Why a [`SchedulerConfig`] cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleError {
    #[error("desired retention must be between 0.70 and 0.99, not {0}")]
    DesiredRetention(f32),
    #[error("the day rollover hour must be 0–23, not {0}")]
    RolloverHour(u32),
    #[error("the maximum interval must be 1–36500 days, not {0}")]
    MaxInterval(u32),
    #[error("a learning step of 0 seconds would show the card again at once")]
    ZeroStep,
    #[error("the FSRS parameters are not valid ({0}); remove them to use the defaults")]
    Parameters(#[from] fsrs::FSRSError),
}

/// Computes next states for cards. Cheap to call (a few float operations per rating); build it once
/// per configuration.
#[derive(Clone, Debug)]
pub struct Scheduler {
    fsrs: fsrs::FSRS,
    config: SchedulerConfig,
    /// FSRS-6's forgetting-curve decay (parameter 20), for retrievability.
    decay: f32,
}

impl Scheduler {
    /// Checks the configuration; the only fallible step, so scheduling itself never fails.
    pub fn new(config: SchedulerConfig) -> Result<Self, ScheduleError> {
        if !DESIRED_RETENTION_RANGE.contains(&config.desired_retention) {
            return Err(ScheduleError::DesiredRetention(config.desired_retention));
        }
        if config.rollover_hour > 23 {
            return Err(ScheduleError::RolloverHour(config.rollover_hour));
        }
        if !MAX_INTERVAL_RANGE.contains(&config.max_interval_days) {
            return Err(ScheduleError::MaxInterval(config.max_interval_days));
        }
        if config
            .learning_steps_secs
            .iter()
            .chain(&config.relearning_steps_secs)
            .any(|s| *s == 0)
        {
            return Err(ScheduleError::ZeroStep);
        }
        let parameters = fsrs::check_and_fill_parameters(&config.parameters)?;
        let decay = parameters
            .get(20)
            .copied()
            .unwrap_or(fsrs::FSRS6_DEFAULT_DECAY);
        let fsrs = fsrs::FSRS::new(&parameters)?;
        Ok(Self {
            fsrs,
            config,
            decay,
        })
    }

    /// The configuration this scheduler was built with.
    pub fn config(&self) -> &SchedulerConfig {
        &self.config
    }

    /// All four outcomes for `card` if rated at `now`, with fuzz seeded by the card's review count only.
    /// Prefer [`Self::next_states_for`] when the question id is known, so cards learnt together spread.
    pub fn next_states(&self, card: &CardState, now: Timestamp) -> NextStates {
        self.next_states_seeded(card, now, 0, None)
    }

    /// All four outcomes for the card of `question` if rated at `now`; fuzz is seeded from the question
    /// id and review count, so replaying the log always gives the same dates.
    pub fn next_states_for(
        &self,
        question: &QuestionId,
        card: &CardState,
        now: Timestamp,
    ) -> NextStates {
        self.next_states_seeded(card, now, stable_hash(question.0.as_bytes()), None)
    }

    /// Like [`Self::next_states_for`], for a question of `bank`: follows the bank's exam date if it has
    /// one. The study engine uses this everywhere, so the buttons show the dates the replay gives.
    pub fn next_states_in(
        &self,
        bank: &BankId,
        question: &QuestionId,
        card: &CardState,
        now: Timestamp,
    ) -> NextStates {
        let exam_day = self.exam_day(bank);
        self.next_states_seeded(card, now, stable_hash(question.0.as_bytes()), exam_day)
    }

    /// The bank's exam date as a study-day index (see [`Self::day_index`]), if one is set.
    pub fn exam_day(&self, bank: &BankId) -> Option<i64> {
        self.config
            .exam_dates
            .get(&bank.0)
            .map(|date| i64::from(date.num_days_from_ce()))
    }

    fn next_states_seeded(
        &self,
        card: &CardState,
        now: Timestamp,
        seed: u64,
        exam_day: Option<i64>,
    ) -> NextStates {
        let now_ms = now.timestamp_millis();
        let today = self.day_index(now);
        let elapsed_days = card
            .last_review_ms
            .map(|last| (today - self.day_index(timestamp_at(last, *now.offset()))).max(0))
            .unwrap_or(0);
        let memory = match card.phase {
            CardPhase::New => None,
            _ => Some(fsrs::MemoryState {
                stability: card.stability,
                difficulty: card.difficulty,
            }),
        };
        let fsrs_states = self.fsrs_next_states(memory, elapsed_days);

        let mut states: [CardState; 4] = std::array::from_fn(|i| {
            let memory = fsrs_states[i].memory;
            CardState {
                phase: card.phase,
                stability: memory.stability,
                difficulty: memory.difficulty,
                due: card.due,
                last_review_ms: Some(now_ms),
                reps: card.reps.saturating_add(1),
                lapses: card.lapses,
                buried_until_ms: None,
                suspended: card.suspended,
            }
        });

        // Outcomes measured in minutes (Some(secs)) or graduated to days (None, filled in below).
        let (steps, step) = match card.phase {
            CardPhase::New => (&self.config.learning_steps_secs, None),
            CardPhase::Learning { step } => (&self.config.learning_steps_secs, Some(step)),
            CardPhase::Relearning { step } => (&self.config.relearning_steps_secs, Some(step)),
            CardPhase::Review => (&self.config.relearning_steps_secs, None),
        };
        let relearning = matches!(card.phase, CardPhase::Review | CardPhase::Relearning { .. });
        let in_steps = !matches!(card.phase, CardPhase::Review);
        let step_phase = |step: u32| {
            if relearning {
                CardPhase::Relearning { step }
            } else {
                CardPhase::Learning { step }
            }
        };

        let mut step_secs: [Option<(CardPhase, i64)>; 4] = [None, None, None, None];
        if let Some(&first) = steps.first() {
            step_secs[0] = Some((step_phase(0), i64::from(first)));
            if in_steps {
                let current = step.unwrap_or(0) as usize;
                let current = current.min(steps.len() - 1);
                let hard_secs = if current == 0 {
                    match steps.get(1) {
                        Some(&second) => (i64::from(first) + i64::from(second)) / 2,
                        None => (i64::from(first) * 3 / 2).min(i64::from(first) + SECS_PER_DAY),
                    }
                } else {
                    i64::from(steps[current])
                };
                step_secs[1] = Some((step_phase(current as u32), hard_secs));
                if let Some(&next) = steps.get(current + 1) {
                    step_secs[2] = Some((step_phase(current as u32 + 1), i64::from(next)));
                }
            }
        }

        // Day intervals for the graduating outcomes: FSRS's interval rounded to whole days (at least
        // one), fuzzed within `fuzz_range`, capped, then moved before an exam date.
        let max = i64::from(self.config.max_interval_days.max(1));
        let graduates = |i: usize| step_secs[i].is_none();
        let mut days = [0i64; 4];
        for i in (0..4).filter(|i| graduates(*i)) {
            let raw = fsrs_states[i].interval;
            let mut ivl = memory_interval_days(raw, max);
            if self.config.fuzz {
                ivl = fuzzed(raw, ivl, seed ^ u64::from(card.reps) ^ ((i as u64) << 60));
            }
            ivl = ivl.clamp(1, max);
            if let Some(exam) = exam_day {
                ivl = self.before_exam(ivl, today, exam, &fsrs_states[i].memory, seed);
            }
            days[i] = ivl;
        }
        // Hard ≤ Good ≤ Easy, as FSRS's reference schedulers keep them, but only ever by shortening the
        // easier outcome's neighbour: no interval gets longer than its memory state supports. Again is
        // not in the chain (it is its own, much lower, stability).
        for i in (1..3).rev() {
            if graduates(i) && graduates(i + 1) && days[i] > days[i + 1] {
                days[i] = days[i + 1];
            }
        }

        let mut intervals_secs = [0i64; 4];
        for i in 0..4 {
            let state = &mut states[i];
            if let Some((phase, secs)) = step_secs[i] {
                state.phase = phase;
                state.due = Some(now_ms + secs * 1000);
                intervals_secs[i] = secs;
            } else {
                state.phase = CardPhase::Review;
                state.due = Some(self.day_start_ms(today + days[i], *now.offset()));
                intervals_secs[i] = days[i] * SECS_PER_DAY;
            }
        }
        if card.phase == CardPhase::Review {
            states[0].lapses = card.lapses.saturating_add(1);
        }
        NextStates {
            states,
            intervals_secs,
        }
    }

    /// FSRS's four outcomes; a memory state FSRS rejects (corrupt snapshot) is treated as a new card
    /// rather than failing the review.
    fn fsrs_next_states(
        &self,
        memory: Option<fsrs::MemoryState>,
        elapsed_days: i64,
    ) -> [fsrs::ItemState; 4] {
        let elapsed = u32::try_from(elapsed_days).unwrap_or(u32::MAX);
        let retention = self.config.desired_retention;
        let states = self
            .fsrs
            .next_states(memory, retention, elapsed)
            .or_else(|_| self.fsrs.next_states(None, retention, 0));
        match states {
            Ok(s) => [s.again, s.hard, s.good, s.easy],
            Err(_) => std::array::from_fn(|i| fsrs::ItemState {
                memory: fsrs::MemoryState {
                    stability: fsrs::DEFAULT_PARAMETERS[i],
                    difficulty: 5.0,
                },
                interval: fsrs::DEFAULT_PARAMETERS[i],
            }),
        }
    }

    /// The exam rule for one graduating outcome reviewed on study day `today`: an interval that would
    /// reach the exam day `exam` is moved into the final stretch before it (seeded, so the bank does
    /// not all come back on the last evening), unless this review already is in the final stretch and
    /// the new memory state predicts recall on the day of at least the desired retention. From the day
    /// before the exam on, intervals are normal again.
    fn before_exam(
        &self,
        days: i64,
        today: i64,
        exam: i64,
        memory: &fsrs::MemoryState,
        seed: u64,
    ) -> i64 {
        let last_day = exam - 1;
        if today >= last_day || today + days < exam {
            return days;
        }
        let days_to_exam = (exam - today) as f32;
        let recall_on_the_day = fsrs::current_retrievability(*memory, days_to_exam, self.decay);
        if exam - today <= FINAL_STRETCH_DAYS && recall_on_the_day >= self.config.desired_retention
        {
            return days;
        }
        let earliest = (today + 1).max(exam - FINAL_STRETCH_DAYS);
        let span = (last_day - earliest + 1).max(1) as u64;
        let pick = earliest + (splitmix64(seed ^ 0x6578_616d) % span) as i64;
        (pick - today).clamp(1, days)
    }

    /// The probability the student still remembers the card at `now` (1.0 for cards never reviewed, so
    /// they sort last among overdue cards).
    pub fn retrievability(&self, card: &CardState, now_ms: i64) -> f32 {
        match (card.phase, card.last_review_ms) {
            (CardPhase::New, _) | (_, None) => 1.0,
            (_, Some(last)) => {
                let days = ((now_ms - last).max(0) as f32) / MS_PER_DAY as f32;
                let memory = fsrs::MemoryState {
                    stability: card.stability.max(0.001),
                    difficulty: card.difficulty,
                };
                fsrs::current_retrievability(memory, days, self.decay)
            }
        }
    }

    /// The study day `at` falls in: a count of local calendar days, where the day starts at the
    /// rollover hour in `at`'s own UTC offset.
    pub fn day_index(&self, at: Timestamp) -> i64 {
        day_index(at, self.config.rollover_hour)
    }

    /// When study day `day` starts (its rollover hour, in `offset`), in milliseconds since the epoch.
    pub fn day_start_ms(&self, day: i64, offset: FixedOffset) -> i64 {
        day_start_ms(day, offset, self.config.rollover_hour)
    }

    /// When the study day containing `now` ends (the next rollover), in milliseconds since the epoch.
    pub fn end_of_day_ms(&self, now: Timestamp) -> i64 {
        self.day_start_ms(self.day_index(now) + 1, *now.offset())
    }
}

/// The study day `at` falls in (see [`Scheduler::day_index`]).
pub fn day_index(at: Timestamp, rollover_hour: u32) -> i64 {
    let shifted = at.naive_local() - Duration::hours(i64::from(rollover_hour));
    i64::from(shifted.date().num_days_from_ce())
}

/// The start of study day `day` (see [`Scheduler::day_start_ms`]).
pub fn day_start_ms(day: i64, offset: FixedOffset, rollover_hour: u32) -> i64 {
    let date = i32::try_from(day)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(NaiveDate::MAX);
    let local = date.and_hms_opt(0, 0, 0).unwrap_or_default()
        + Duration::hours(i64::from(rollover_hour.min(23)));
    (local - Duration::seconds(i64::from(offset.local_minus_utc())))
        .and_utc()
        .timestamp_millis()
}

/// The moment `ms` (since the epoch, UTC) as seen with a UTC offset of `offset_secs` (UTC if invalid).
pub fn timestamp_at(ms: i64, offset: FixedOffset) -> Timestamp {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&offset)
}

/// The moment a record happened, in the offset the student had then.
pub fn record_time(at_ms: i64, utc_offset_secs: i32) -> Timestamp {
    let offset = FixedOffset::east_opt(utc_offset_secs).unwrap_or(chrono::Utc.fix());
    timestamp_at(at_ms, offset)
}

/// The whole-day interval FSRS's unrounded `raw` interval gives: rounded, at least one day, at most
/// `max` (also for an infinite or NaN `raw` from extreme parameters).
pub fn memory_interval_days(raw: f32, max: i64) -> i64 {
    if raw.is_finite() {
        (raw.round() as i64).clamp(1, max.max(1))
    } else {
        max.max(1)
    }
}

/// The days fuzz may pick for an unrounded FSRS interval of `raw` days (FSRS's and Anki's fuzz):
/// below 2.5 days none (the rounded interval itself); from 2.5 days ± (1 day + 15 % of the part
/// between 2.5 and 7 days + 10 % of the part between 7 and 20 days + 5 % of the part above 20 days),
/// rounded, never below 2 days. For example 3 days → 2–4, 10 days → 8–12, 100 days → 93–107.
pub fn fuzz_range(raw: f32) -> (i64, i64) {
    if !raw.is_finite() || raw < 2.5 {
        let rounded = memory_interval_days(raw, i64::MAX);
        return (rounded, rounded);
    }
    let raw = f64::from(raw);
    let ranges = [
        (2.5, 7.0, 0.15),
        (7.0, 20.0, 0.1),
        (20.0, f64::INFINITY, 0.05),
    ];
    let delta: f64 = 1.0
        + ranges
            .iter()
            .map(|(start, end, factor)| factor * (raw.min(*end) - start).max(0.0))
            .sum::<f64>();
    let lower = (raw - delta).round().max(2.0);
    let upper = (raw + delta).round().max(lower);
    (lower as i64, upper as i64)
}

/// One day out of [`fuzz_range`], picked deterministically from `seed`.
fn fuzzed(raw: f32, rounded: i64, seed: u64) -> i64 {
    if !raw.is_finite() || raw < 2.5 {
        return rounded;
    }
    let (lower, upper) = fuzz_range(raw);
    let unit = (splitmix64(seed) >> 11) as f64 / (1u64 << 53) as f64;
    let (lower, upper) = (lower as f64, upper as f64);
    (lower + (unit * (upper - lower + 1.0)).floor()).min(upper) as i64
}

/// One step of splitmix64: a well-mixed 64-bit value from a seed, with no state.
fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The rating's FSRS number (1–4).
pub fn rating_number(rating: Rating) -> u32 {
    match rating {
        Rating::Again => 1,
        Rating::Hard => 2,
        Rating::Good => 3,
        Rating::Easy => 4,
    }
}
