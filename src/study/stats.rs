//! Aggregates from the review log for the statistics screen: reviews per day, study days and streaks,
//! true retention, the hardest questions, the forecast of due reviews and mastery per section or actor.
//!
//! Everything here is computed once when the log changes ([`Stats::compute`] builds the per-day
//! aggregates of [`super::stats_index`] in one pass and reads them), never per frame; the UI only reads the result. Pure: no clock, no
//! disk, no egui — "today" and the day's rollover hour are passed in.

use std::collections::HashMap;
use std::hash::Hash;

use chrono::NaiveDate;

use super::record::Record;
use crate::{BankId, QuestionId};

/// How many days of history [`Stats`] keeps per day: enough for the 30/90/365-day charts and the
/// calendar heatmap.
pub const HISTORY_DAYS: usize = 365;

/// How many questions [`Stats::hardest`] lists at most.
pub const HARDEST_LIMIT: usize = 20;

/// A question needs at least this many reviews before it can be called one of the hardest, so one
/// unlucky first answer does not put it at the top of the list.
pub const HARDEST_MIN_REVIEWS: u32 = 3;

/// A card counts as known in [`mastery_by_group`] when the chance of recalling it now is at least this:
/// the usual desired retention, so "known" means "not yet overdue".
pub const KNOWN_RETRIEVABILITY: f32 = 0.9;

/// What happened on one study day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DayStats {
    /// The study day (see [`Stats::compute`] for how a review's day is found).
    pub date: NaiveDate,
    /// Reviews rated Hard, Good or Easy.
    pub correct: u32,
    /// Reviews rated Again.
    pub incorrect: u32,
    /// Of all reviews that day, those of cards in the review phase (see [`Stats::retention`]) that
    /// were answered Hard, Good or Easy …
    pub review_phase_passed: u32,
    /// … and those answered Again.
    pub review_phase_failed: u32,
}

impl DayStats {
    /// All reviews that day (the heatmap's colour).
    pub fn reviews(&self) -> u32 {
        self.correct + self.incorrect
    }
}

/// Passed and failed reviews of cards in the review phase; the share passed is the student's *true
/// retention*, to compare with the desired retention the scheduler aims for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RetentionCount {
    /// Review-phase reviews answered Hard, Good or Easy.
    pub passed: u64,
    /// Review-phase reviews answered Again.
    pub failed: u64,
}

impl RetentionCount {
    /// The share of review-phase reviews answered Hard, Good or Easy; `None` when there were none, so
    /// the UI says "not enough reviews yet" instead of showing 0 %.
    pub fn rate(&self) -> Option<f32> {
        let total = self.passed + self.failed;
        (total > 0).then(|| self.passed as f32 / total as f32)
    }

    /// How many review-phase reviews the rate is based on.
    pub fn total(&self) -> u64 {
        self.passed + self.failed
    }
}

/// One of the questions the student finds hardest.
#[derive(Clone, Debug, PartialEq)]
pub struct HardQuestion {
    /// The question's bank (the statistics may cover several).
    pub bank: BankId,
    /// The question, to open or study it.
    pub question: QuestionId,
    /// Reviews since its last reset.
    pub reviews: u32,
    /// Again answers on the card while it was in the review phase: things once learnt, then forgotten.
    pub lapses: u32,
    /// Share of all its reviews answered Hard, Good or Easy.
    pub success_rate: f32,
}

/// The aggregates of a review log as seen on one day. Build it with [`Stats::compute`] whenever the log
/// changes and keep it; reading it is free.
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    /// The day the statistics were computed for; the last entry of [`Stats::days`].
    pub today: NaiveDate,
    /// The last [`HISTORY_DAYS`] days, oldest first, ending with `today`; days without reviews are
    /// present with zero counts, so charts need no gap filling.
    pub days: Vec<DayStats>,
    /// Consecutive study days ending today, or ending yesterday when the student has not studied yet
    /// today (the streak is not lost until the day is over).
    pub current_streak_days: u32,
    /// The longest run of consecutive study days in the whole log.
    pub longest_streak_days: u32,
    /// Reviews in the whole log (after undo), including days older than [`HISTORY_DAYS`].
    pub total_reviews: u64,
    /// True retention over the whole log. A review counts when the card's previous review (since its
    /// last reset) was on an earlier day, i.e. the card was in the review phase, as in Anki.
    pub retention: RetentionCount,
    /// Up to [`HARDEST_LIMIT`] questions with at least [`HARDEST_MIN_REVIEWS`] reviews and at least one
    /// Again, hardest first: most lapses, then lowest success rate, then most reviews, then by id.
    pub hardest: Vec<HardQuestion>,
}

impl Stats {
    /// Aggregates `records` (the progress log, in any order) as seen on `today`.
    ///
    /// - Only records of `bank_filter` count when it is given.
    /// - The day of a record is the student's local date at the time (`at_ms + utc_offset_secs`)
    ///   shifted back by `rollover_hour`, so a review at 02:00 with rollover 4 belongs to the day before.
    /// - An `Undo` cancels the review it names, wherever it is in the log; a `Reset` starts the card's
    ///   history afresh for true retention and the hardest questions (the teacher changed it).
    /// - Reviews after `today` (a clock set wrong) count in the totals but not in days or streaks.
    pub fn compute(
        records: &[Record],
        bank_filter: Option<&BankId>,
        today: NaiveDate,
        rollover_hour: u32,
    ) -> Stats {
        super::stats_index::StatsAggregates::build(records, bank_filter, rollover_hour)
            .stats(bank_filter, today)
    }

    /// The last `days` days (clamped to 1..=[`HISTORY_DAYS`]), oldest first, ending today: the data of
    /// the reviews-per-day chart for its 30/90/365-day settings.
    pub fn reviews_per_day(&self, days: usize) -> &[DayStats] {
        let days = days.clamp(1, self.days.len().max(1));
        &self.days[self.days.len().saturating_sub(days)..]
    }

    /// Days of the last [`HISTORY_DAYS`] on which the student reviewed at least once, oldest first: the
    /// filled cells of the calendar heatmap (with [`DayStats::reviews`] as the intensity).
    pub fn study_days(&self) -> impl Iterator<Item = &DayStats> {
        self.days.iter().filter(|d| d.reviews() > 0)
    }

    /// True retention over the last `days` days (clamped to [`HISTORY_DAYS`]), for "this month".
    pub fn retention_last(&self, days: usize) -> RetentionCount {
        self.reviews_per_day(days)
            .iter()
            .fold(RetentionCount::default(), |acc, d| RetentionCount {
                passed: acc.passed + u64::from(d.review_phase_passed),
                failed: acc.failed + u64::from(d.review_phase_failed),
            })
    }
}

/// Due reviews per day for the next `days` days, starting today: entry 0 is today and includes every
/// overdue card (they are all waiting today); due dates beyond the window are not counted.
pub fn forecast(
    due_days: impl Iterator<Item = NaiveDate>,
    today: NaiveDate,
    days: usize,
) -> Vec<u32> {
    let mut counts = vec![0u32; days];
    if days == 0 {
        return counts;
    }
    for due in due_days {
        let offset = (due - today).num_days().max(0);
        if let Some(count) = usize::try_from(offset).ok().and_then(|i| counts.get_mut(i)) {
            *count += 1;
        }
    }
    counts
}

/// How well the student knows one group of cards (a section, an actor).
#[derive(Clone, Debug, PartialEq)]
pub struct GroupMastery<K> {
    /// The group: a section heading, an actor id, …
    pub key: K,
    /// Cards whose retrievability is at least [`KNOWN_RETRIEVABILITY`].
    pub known: u32,
    /// All cards of the group, new ones included.
    pub total: u32,
    /// Mean retrievability of the cards that have been studied; `None` when none has.
    pub mean_retrievability: Option<f32>,
}

/// Groups `(key, retrievability)` pairs, one per card, into per-group mastery, in the order each key
/// first appears (pass sections in article order to get them back in article order). A card never
/// studied has retrievability `None`: it counts in `total` but not in the mean; a non-finite value is
/// treated the same way.
pub fn mastery_by_group<K: Eq + Hash + Clone>(
    items: impl Iterator<Item = (K, Option<f32>)>,
) -> Vec<GroupMastery<K>> {
    let mut groups: Vec<(GroupMastery<K>, f64, u32)> = Vec::new();
    let mut index: HashMap<K, usize> = HashMap::new();
    for (key, retrievability) in items {
        let i = *index.entry(key.clone()).or_insert_with(|| {
            groups.push((
                GroupMastery {
                    key,
                    known: 0,
                    total: 0,
                    mean_retrievability: None,
                },
                0.0,
                0,
            ));
            groups.len() - 1
        });
        let (group, sum, studied) = &mut groups[i];
        group.total += 1;
        if let Some(r) = retrievability.filter(|r| r.is_finite()) {
            *sum += f64::from(r);
            *studied += 1;
            group.known += u32::from(r >= KNOWN_RETRIEVABILITY);
        }
    }
    groups
        .into_iter()
        .map(|(mut group, sum, studied)| {
            group.mean_retrievability = (studied > 0).then(|| (sum / f64::from(studied)) as f32);
            group
        })
        .collect()
}

/// Days since 1970-01-01 of the study day a moment belongs to.
pub(crate) fn day_number(at_ms: i64, utc_offset_secs: i32, rollover_secs: i64) -> i64 {
    (at_ms.div_euclid(1000) + i64::from(utc_offset_secs) - rollover_secs).div_euclid(86_400)
}

pub(crate) fn day_number_of_date(date: NaiveDate) -> i64 {
    (date - NaiveDate::default()).num_days()
}

pub(crate) fn date_of_day_number(day: i64) -> NaiveDate {
    NaiveDate::default() + chrono::Duration::days(day)
}

/// (current, longest) streak over sorted, deduplicated study day numbers, none after `today`.
pub(crate) fn streaks(study_days: &[i64], today: i64) -> (u32, u32) {
    let mut longest = 0u32;
    let mut run = 0u32;
    let mut previous: Option<i64> = None;
    for &day in study_days {
        run = if previous == Some(day - 1) {
            run + 1
        } else {
            1
        };
        longest = longest.max(run);
        previous = Some(day);
    }
    let current = match previous {
        Some(last) if last == today || last == today - 1 => run,
        _ => 0,
    };
    (current, longest)
}
