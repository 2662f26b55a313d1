//! Studying towards an exam date: the recall the student can expect on the day (FSRS retrievability
//! at the start of the exam day, averaged over the bank and per section), and how it rises with each
//! further day of study. The scheduling rule itself (no interval past the date, every question back
//! in the final stretch) is in [`super::schedule`]; `docs/scheduling.md` explains both.

use chrono::NaiveDate;

use super::card_state::{CardPhase, CardState};
use super::collection::Collection;
use super::record::Rating;
use super::schedule::{Scheduler, timestamp_at};
use crate::Timestamp;
use crate::bank::Bank;

/// The projection looks at most this many study days ahead (longer exams: the first year).
const MAX_PROJECTED_DAYS: i64 = 366;

/// What the library and statistics show about an exam still ahead.
#[derive(Clone, Debug, PartialEq)]
pub struct ExamOutlook {
    /// The exam day.
    pub date: NaiveDate,
    /// Study days left before it, today included.
    pub days_left: i64,
    /// Expected recall on the day if the student stopped studying now: the mean, over every
    /// question, of the probability of remembering it then (0 for questions never studied).
    pub recall: f32,
    /// The same per section heading, in the bank's passage order.
    pub by_section: Vec<(String, f32)>,
    /// Questions not studied yet (they count as 0 in the recall).
    pub not_started: u32,
    /// Expected recall on the day if the student studies through each remaining day (index 0 =
    /// through today, the last = through the day before the exam): new questions at the daily limit,
    /// every review when due, each remembered. How the recall rises with study.
    pub if_studying: Vec<f32>,
}

/// The outlook for `bank`'s exam, or `None` when it has no exam date or the date has come. The
/// projection replays each remaining day for every question: compute it when progress changes, not
/// every frame (the library uses [`exam_recall`]).
pub fn exam_outlook(
    bank: &Bank,
    collection: &Collection,
    scheduler: &Scheduler,
    now: Timestamp,
) -> Option<ExamOutlook> {
    let mut outlook = exam_recall(bank, collection, scheduler, now)?;
    let cards = current_cards(bank, collection);
    let exam_day = scheduler.exam_day(&bank.id)?;
    outlook.if_studying = project(bank, collection, scheduler, now, exam_day, cards);
    Some(outlook)
}

/// The studied questions' states, in bank order (`None` = never studied).
fn current_cards(bank: &Bank, collection: &Collection) -> Vec<Option<CardState>> {
    bank.questions
        .iter()
        .map(|q| collection.card_ref(&bank.id, &q.id).cloned())
        .map(|card| card.filter(|c| !c.is_new()))
        .collect()
}

/// [`exam_outlook`] without the projection (`if_studying` empty): one retrievability per question,
/// cheap enough to draw every frame.
pub fn exam_recall(
    bank: &Bank,
    collection: &Collection,
    scheduler: &Scheduler,
    now: Timestamp,
) -> Option<ExamOutlook> {
    let exam_day = scheduler.exam_day(&bank.id)?;
    let today = scheduler.day_index(now);
    if today >= exam_day {
        return None;
    }
    let date = NaiveDate::from_num_days_from_ce_opt(i32::try_from(exam_day).ok()?)?;
    let exam_ms = scheduler.day_start_ms(exam_day, *now.offset());
    let cards = current_cards(bank, collection);
    let recall_of = |card: &Option<CardState>| {
        card.as_ref()
            .map_or(0.0, |c| scheduler.retrievability(c, exam_ms))
    };
    let mut sections: Vec<(String, f32, u32)> = Vec::new();
    for (question, card) in bank.questions.iter().zip(&cards) {
        let section = bank.section_of(question).unwrap_or("").to_owned();
        let recall = recall_of(card);
        match sections.iter_mut().find(|(s, _, _)| *s == section) {
            Some(entry) => {
                entry.1 += recall;
                entry.2 += 1;
            }
            None => sections.push((section, recall, 1)),
        }
    }
    let total = cards.len().max(1) as f32;
    let recall = cards.iter().map(recall_of).sum::<f32>() / total;
    let not_started = cards.iter().filter(|c| c.is_none()).count() as u32;
    Some(ExamOutlook {
        date,
        days_left: exam_day - today,
        recall,
        by_section: sections
            .into_iter()
            .map(|(s, sum, n)| (s, sum / n.max(1) as f32))
            .collect(),
        not_started,
        if_studying: Vec::new(),
    })
}

/// The expected recall on the exam day after studying through each remaining day (see
/// [`ExamOutlook::if_studying`]). Suspended questions stay as they are.
fn project(
    bank: &Bank,
    collection: &Collection,
    scheduler: &Scheduler,
    now: Timestamp,
    exam_day: i64,
    mut cards: Vec<Option<CardState>>,
) -> Vec<f32> {
    let offset = *now.offset();
    let today = scheduler.day_index(now);
    let last_day = (exam_day - 1).min(today + MAX_PROJECTED_DAYS - 1);
    let exam_ms = scheduler.day_start_ms(exam_day, offset);
    let new_per_day = scheduler.config().new_per_day;
    let mut curve = Vec::new();
    for day in today..=last_day {
        let day_end = scheduler.day_start_ms(day + 1, offset);
        // Studied in the afternoon of each later day; from now on today.
        let studied_at = if day == today {
            now
        } else {
            timestamp_at(scheduler.day_start_ms(day, offset) + 10 * 3_600_000, offset)
        };
        let mut new_left = if day == today {
            new_per_day.saturating_sub(collection.new_introduced_today(&bank.id, now))
        } else {
            new_per_day
        };
        for (question, card) in bank.questions.iter().zip(cards.iter_mut()) {
            let due = match card {
                None if new_left > 0 => {
                    new_left -= 1;
                    true
                }
                None => false,
                Some(state) => !state.suspended && state.due.is_none_or(|d| d < day_end),
            };
            if !due {
                continue;
            }
            // Good through the learning steps until the question is a review again.
            let mut state = card.take().unwrap_or_default();
            let mut at = studied_at.max(timestamp_at(state.due.unwrap_or(0), offset));
            for _ in 0..16 {
                let next = scheduler.next_states_in(&bank.id, &question.id, &state, at);
                state = next.get(Rating::Good).clone();
                if state.phase == CardPhase::Review {
                    break;
                }
                at = timestamp_at(state.due.unwrap_or(at.timestamp_millis()), offset);
            }
            *card = Some(state);
        }
        let total = cards.len().max(1) as f32;
        let recall = cards
            .iter()
            .map(|c| {
                c.as_ref()
                    .map_or(0.0, |c| scheduler.retrievability(c, exam_ms))
            })
            .sum::<f32>()
            / total;
        curve.push(recall);
    }
    curve
}
