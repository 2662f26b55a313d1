//! The statistics' per-day and per-card aggregates, kept up to date record by record, so the statistics
//! screen reads a few thousand day counts instead of the whole review log. The progress store persists
//! them in its index (`docs/progress-format.md`); [`super::stats::Stats::compute`] builds them from a
//! slice of records and reads them the same way, so both paths give the same numbers.
//!
//! Undo is exact for a card's latest review (the one the study screen offers to take back), as in
//! [`super::Collection::apply`]; anything else that cannot be applied on top of the aggregates is
//! reported as [`NeedsRebuild`], and the caller rebuilds them from the log.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::record::{Event, Rating, Record, RecordId};
use super::stats::{
    DayStats, HARDEST_LIMIT, HARDEST_MIN_REVIEWS, HISTORY_DAYS, HardQuestion, RetentionCount,
    Stats, date_of_day_number, day_number, day_number_of_date, streaks,
};
use crate::{BankId, QuestionId};

/// A record that cannot be applied on top of the aggregates (an undo of a review other than its
/// card's latest): rebuild them from the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NeedsRebuild;

/// Review counts of one study day of one bank.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
struct DayCounts {
    correct: u32,
    incorrect: u32,
    review_phase_passed: u32,
    review_phase_failed: u32,
}

/// The latest review applied to a card, so it can be taken back exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct LastReview {
    id: RecordId,
    day: i64,
    passed: bool,
    in_review_phase: bool,
    last_day_before: Option<i64>,
}

/// One card's history since its last reset, as the hardest-questions list and true retention need it.
/// Two are equal when the counts are (the undo memory is bookkeeping).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct CardTally {
    last_day: Option<i64>,
    reviews: u32,
    passed: u32,
    lapses: u32,
    last: Option<LastReview>,
}

impl PartialEq for CardTally {
    fn eq(&self, other: &Self) -> bool {
        (self.last_day, self.reviews, self.passed, self.lapses)
            == (other.last_day, other.reviews, other.passed, other.lapses)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct BankAggregates {
    /// Study day number (days since 1970-01-01) → counts; only days with reviews.
    days: BTreeMap<i64, DayCounts>,
    cards: HashMap<QuestionId, CardTally>,
    total_reviews: u64,
    retention_passed: u64,
    retention_failed: u64,
}

/// Everything [`Stats`] is made of, for every bank, with the day boundary it was built with.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatsAggregates {
    rollover_hour: u32,
    banks: HashMap<BankId, BankAggregates>,
}

impl StatsAggregates {
    /// Aggregates `records` (in any order) as [`Stats::compute`] does: undone reviews left out,
    /// reviews and resets applied in time order (log order within a millisecond). Only records of
    /// `bank_filter` count when it is given.
    pub fn build(records: &[Record], bank_filter: Option<&BankId>, rollover_hour: u32) -> Self {
        let in_bank = |r: &Record| bank_filter.is_none_or(|b| &r.bank == b);
        let undone: HashSet<&RecordId> = records
            .iter()
            .filter(|r| in_bank(r))
            .filter_map(|r| match &r.event {
                Event::Undo { review } => Some(review),
                _ => None,
            })
            .collect();
        let mut events: Vec<&Record> = records
            .iter()
            .filter(|r| in_bank(r))
            .filter(|r| match r.event {
                Event::Review { .. } => undone.is_empty() || !undone.contains(&r.id),
                Event::Reset => true,
                _ => false,
            })
            .collect();
        if !events.is_sorted_by_key(|r| r.at_ms) {
            events.sort_by_key(|r| r.at_ms);
        }
        let mut aggregates = Self::empty(rollover_hour);
        for record in events {
            // Undo records were filtered out above, so applying cannot ask for a rebuild.
            let _ = aggregates.apply(record);
        }
        aggregates
    }

    /// No reviews yet, with this day boundary.
    pub fn empty(rollover_hour: u32) -> Self {
        Self {
            rollover_hour: rollover_hour.min(23),
            banks: HashMap::new(),
        }
    }

    /// The day boundary the aggregates were built with; statistics for another one need a rebuild.
    pub fn rollover_hour(&self) -> u32 {
        self.rollover_hour
    }

    /// Applies one record that comes after every record applied so far (in time order). An undo of
    /// its card's latest review is taken back exactly; an undo of anything else asks for a rebuild.
    pub fn apply(&mut self, record: &Record) -> Result<(), NeedsRebuild> {
        match &record.event {
            Event::Review { rating, .. } => {
                let rollover_secs = i64::from(self.rollover_hour) * 3600;
                let day = day_number(record.at_ms, record.utc_offset_secs, rollover_secs);
                let bank = self.bank_mut(&record.bank);
                let card = match bank.cards.get_mut(&record.question) {
                    Some(card) => card,
                    None => bank.cards.entry(record.question.clone()).or_default(),
                };
                let passed = *rating != Rating::Again;
                let in_review_phase = card.last_day.is_some_and(|last| day > last);
                card.last = Some(LastReview {
                    id: record.id.clone(),
                    day,
                    passed,
                    in_review_phase,
                    last_day_before: card.last_day,
                });
                card.last_day = Some(day);
                card.reviews += 1;
                card.passed += u32::from(passed);
                card.lapses += u32::from(in_review_phase && !passed);
                bank.count(day, passed, in_review_phase, 1);
                Ok(())
            }
            Event::Reset => {
                if let Some(card) = self.bank_mut(&record.bank).cards.get_mut(&record.question) {
                    *card = CardTally::default();
                }
                Ok(())
            }
            Event::Undo { review } => {
                let bank = self.banks.get_mut(&record.bank).ok_or(NeedsRebuild)?;
                let card = bank.cards.get_mut(&record.question).ok_or(NeedsRebuild)?;
                let last = card
                    .last
                    .take_if(|last| &last.id == review)
                    .ok_or(NeedsRebuild)?;
                card.last_day = last.last_day_before;
                card.reviews -= 1;
                card.passed -= u32::from(last.passed);
                card.lapses -= u32::from(last.in_review_phase && !last.passed);
                bank.count(last.day, last.passed, last.in_review_phase, -1);
                Ok(())
            }
            Event::Bury | Event::Suspend | Event::Unsuspend | Event::Keep { .. } => Ok(()),
        }
    }

    fn bank_mut(&mut self, bank: &BankId) -> &mut BankAggregates {
        if !self.banks.contains_key(bank) {
            self.banks.insert(bank.clone(), BankAggregates::default());
        }
        self.banks.entry(bank.clone()).or_default()
    }

    /// The statistics of `bank_filter` (every bank when `None`) as seen on `today`: a walk over the
    /// bank's study days and cards, not over its reviews.
    pub fn stats(&self, bank_filter: Option<&BankId>, today: NaiveDate) -> Stats {
        let today_number = day_number_of_date(today);
        let first_number = today_number - (HISTORY_DAYS as i64 - 1);
        let mut days: Vec<DayStats> = (0..HISTORY_DAYS)
            .map(|i| DayStats {
                date: date_of_day_number(first_number + i as i64),
                ..DayStats::default()
            })
            .collect();
        let mut study_days: Vec<i64> = Vec::new();
        let mut total_reviews = 0u64;
        let mut retention = RetentionCount::default();
        let mut hardest: Vec<HardQuestion> = Vec::new();
        let selected = self
            .banks
            .iter()
            .filter(|(id, _)| bank_filter.is_none_or(|b| b == *id));
        for (bank_id, bank) in selected {
            total_reviews += bank.total_reviews;
            retention.passed += bank.retention_passed;
            retention.failed += bank.retention_failed;
            for (&day, counts) in bank.days.range(..=today_number) {
                if counts.correct + counts.incorrect == 0 {
                    continue;
                }
                study_days.push(day);
                if day >= first_number {
                    let entry = &mut days[(day - first_number) as usize];
                    entry.correct += counts.correct;
                    entry.incorrect += counts.incorrect;
                    entry.review_phase_passed += counts.review_phase_passed;
                    entry.review_phase_failed += counts.review_phase_failed;
                }
            }
            hardest.extend(
                bank.cards
                    .iter()
                    .filter(|(_, t)| t.reviews >= HARDEST_MIN_REVIEWS && t.passed < t.reviews)
                    .map(|(question, t)| HardQuestion {
                        bank: bank_id.clone(),
                        question: question.clone(),
                        reviews: t.reviews,
                        lapses: t.lapses,
                        success_rate: t.passed as f32 / t.reviews as f32,
                    }),
            );
        }
        study_days.sort_unstable();
        study_days.dedup();
        let (current_streak_days, longest_streak_days) = streaks(&study_days, today_number);
        hardest.sort_by(|a, b| {
            b.lapses
                .cmp(&a.lapses)
                .then(a.success_rate.total_cmp(&b.success_rate))
                .then(b.reviews.cmp(&a.reviews))
                .then_with(|| a.bank.cmp(&b.bank))
                .then_with(|| a.question.cmp(&b.question))
        });
        hardest.truncate(HARDEST_LIMIT);
        Stats {
            today,
            days,
            current_streak_days,
            longest_streak_days,
            total_reviews,
            retention,
            hardest,
        }
    }
}

impl BankAggregates {
    /// Adds (`sign` 1) or takes back (`sign` -1) one review's share of the counts.
    fn count(&mut self, day: i64, passed: bool, in_review_phase: bool, sign: i32) {
        let add = |value: &mut u32| *value = value.saturating_add_signed(sign);
        let add64 = |value: &mut u64| *value = value.saturating_add_signed(i64::from(sign));
        add64(&mut self.total_reviews);
        let counts = self.days.entry(day).or_default();
        add(if passed {
            &mut counts.correct
        } else {
            &mut counts.incorrect
        });
        if in_review_phase {
            if passed {
                add(&mut counts.review_phase_passed);
                add64(&mut self.retention_passed);
            } else {
                add(&mut counts.review_phase_failed);
                add64(&mut self.retention_failed);
            }
        }
        if counts.correct + counts.incorrect == 0 {
            self.days.remove(&day);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn review(id: &str, day: i64, question: &str, rating: Rating) -> Record {
        Record {
            id: RecordId(id.to_owned()),
            at_ms: day * 86_400_000 + 12 * 3_600_000,
            utc_offset_secs: 0,
            bank: BankId::from("b"),
            question: QuestionId::from(question),
            event: Event::Review {
                rating,
                score: 1.0,
                answer: String::new(),
                duration_ms: 0,
                content_hash: 0,
            },
        }
    }

    fn undo(id: &str, of: &Record) -> Record {
        Record {
            id: RecordId(id.to_owned()),
            at_ms: of.at_ms + 1,
            event: Event::Undo {
                review: of.id.clone(),
            },
            ..of.clone()
        }
    }

    #[test]
    fn undoing_the_latest_review_incrementally_equals_rebuilding_without_it() {
        let a = review("a", 100, "q", Rating::Good);
        let b = review("b", 103, "q", Rating::Again);
        let log = vec![a.clone(), b.clone(), undo("u", &b)];
        let mut incremental = StatsAggregates::empty(4);
        for record in &log {
            incremental.apply(record).unwrap();
        }
        assert_eq!(incremental, StatsAggregates::build(&log, None, 4));
        let today = date_of_day_number(103);
        assert_eq!(incremental.stats(None, today).total_reviews, 1);
    }

    #[test]
    fn undoing_an_older_review_asks_for_a_rebuild() {
        let a = review("a", 100, "q", Rating::Good);
        let b = review("b", 103, "q", Rating::Good);
        let mut aggregates = StatsAggregates::empty(4);
        aggregates.apply(&a).unwrap();
        aggregates.apply(&b).unwrap();
        assert_eq!(aggregates.apply(&undo("u", &a)), Err(NeedsRebuild));
    }
}
