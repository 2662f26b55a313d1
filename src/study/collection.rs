//! Every card state of one student, derived from the progress log. The log is the truth; this is its
//! replay, kept up to date record by record while studying, and snapshotted by the progress store so
//! startup does not have to replay years of reviews.

use crate::bank::lazy::QuestionList;
use std::collections::HashMap;
use std::sync::Arc;

use indexmap::IndexMap;

use serde::{Deserialize, Serialize};

use super::card_state::CardState;
use super::record::{Event, Record, RecordId};
use super::schedule::{Scheduler, day_index, day_start_ms, record_time};
use crate::{BankId, QuestionId, Timestamp};

/// What the library screen shows for a bank.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankCounts {
    /// New questions the student may still start today (the daily limit already applied).
    pub new_available: u32,
    /// Questions in learning or relearning steps (minutes apart), due now or later today.
    pub learning: u32,
    /// Review questions due by the end of today's study day, up to what is left of the daily review
    /// limit.
    pub due_today: u32,
    /// Review questions due today beyond the daily review limit: they wait unless the student
    /// chooses to study them anyway.
    pub due_over_limit: u32,
    /// Questions in the bank.
    pub total: u32,
    /// Questions the student suspended.
    pub suspended: u32,
}

/// One card's state plus what is needed to take back its latest change. Two entries are equal when
/// the card stands the same (the undo memory is bookkeeping, not state).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
struct CardEntry {
    state: CardState,
    /// When the card was first rated (since its last reset); for the daily new-card limit.
    introduced_ms: Option<i64>,
    /// The latest record applied to this card and the entry before it, so an undo of that record is
    /// exact without replaying.
    last_change: Option<Box<Change>>,
}

impl PartialEq for CardEntry {
    fn eq(&self, other: &Self) -> bool {
        self.state == other.state && self.introduced_ms == other.introduced_ms
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Change {
    record: RecordId,
    /// When the record happened, so old undo memory can be let go (see [`UNDO_MEMORY_MS`]).
    at_ms: i64,
    state_before: CardState,
    introduced_before: Option<i64>,
}

/// How long the undo memory of a change is kept after the latest record: a student takes back an
/// answer just given, not one from last week, and keeping the memory for every card of years of
/// study would be most of the progress index and of the memory it takes. An undo of an older change
/// is still exact: the store replays the log for it (see `progress::index::Derived::apply`).
pub const UNDO_MEMORY_MS: i64 = 24 * 60 * 60 * 1000;

/// The settings the collection needs to answer "today" questions without a scheduler at hand.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
struct DaySettings {
    rollover_hour: u32,
    new_per_day: u32,
    max_reviews_per_day: u32,
}

impl Default for DaySettings {
    fn default() -> Self {
        Self {
            rollover_hour: 4,
            new_per_day: 20,
            max_reviews_per_day: 200,
        }
    }
}

/// One bank's card states by question: an `IndexMap` keeps the entries in one dense vector (with a
/// table of indices), where a `HashMap`'s empty slots would each cost a whole entry; with 100,000
/// cards that is tens of megabytes. Callers must not rely on the order it iterates in.
type BankCards = QuestionMap<CardEntry>;

/// A map by question id, for one bank's questions: dense (`IndexMap`) and hashed with foldhash, which
/// hashes a short id several times faster than the standard SipHash. The library's figures and the
/// changed-question check look up every question of every bank at start, 100,000 lookups for a
/// hundred large banks. (foldhash is seeded per process, as `std`'s hasher is.)
pub(crate) type QuestionMap<V> = IndexMap<QuestionId, V, foldhash::fast::RandomState>;

/// All card states per bank and question. Unseen questions are new; nothing is stored for them.
///
/// Each bank's cards are shared between clones and copied only when one clone changes them (copy on
/// write): the progress store keeps one collection up to date for its index and the app another for
/// the screens, and with a hundred thousand cards two full copies would double start-up memory. A
/// clone costs one reference count per bank; studying a bank copies that bank's cards once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Collection {
    #[serde(with = "shared_banks")]
    banks: HashMap<BankId, Arc<BankCards>>,
    settings: DaySettings,
}

/// Serializes the shared banks as plain maps, as if they were not shared.
mod shared_banks {
    use super::{Arc, BankCards, BankId, HashMap};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(
        banks: &HashMap<BankId, Arc<BankCards>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(banks.iter().map(|(id, cards)| (id, &**cards)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<HashMap<BankId, Arc<BankCards>>, D::Error> {
        let plain = HashMap::<BankId, BankCards>::deserialize(deserializer)?;
        Ok(plain
            .into_iter()
            .map(|(id, cards)| (id, Arc::new(cards)))
            .collect())
    }
}

impl Collection {
    /// Rebuilds every card state from the log: records are applied in time order (records of the same
    /// millisecond in log order); an `Undo` removes the record it names wherever that is in the
    /// history, as if it never happened. One pass, no per-card history kept; timed on 1M records in
    /// `benches/session_next.rs`.
    pub fn replay(records: &[Record], scheduler: &Scheduler) -> Collection {
        Self::replay_with_progress(records, scheduler, &mut |_, _| true).unwrap_or_default()
    }

    /// [`Self::replay`] for a replay running on a thread: `step(done, total)` is called every few
    /// thousand records (and at the end) with how many of the `total` changes are applied, and
    /// returns `false` to stop early; the replay then returns `None`, never a half-built state.
    pub fn replay_with_progress(
        records: &[Record],
        scheduler: &Scheduler,
        step: &mut dyn FnMut(usize, usize) -> bool,
    ) -> Option<Collection> {
        /// Records applied between two calls of `step`: rare enough to cost nothing, often enough
        /// for a progress bar and a prompt Cancel (a few milliseconds).
        const STEP_RECORDS: usize = 8192;
        let undone = crate::study::record::undone_ids(records);
        let mut order: Vec<&Record> = records
            .iter()
            .filter(|r| !matches!(r.event, Event::Undo { .. }) && !undone.contains(&r.id))
            .collect();
        // Stable: records of the same millisecond keep their order in the log.
        order.sort_by_key(|r| r.at_ms);
        let total = order.len();
        let mut collection = Collection::default();
        collection.use_settings(scheduler);
        for (i, chunk) in order.chunks(STEP_RECORDS).enumerate() {
            if !step(i * STEP_RECORDS, total) {
                return None;
            }
            for record in chunk {
                collection.apply_change(record, scheduler);
            }
        }
        // Grown by doubling while replaying: give back the unused room (the replay owns every bank).
        for cards in collection.banks.values_mut() {
            if let Some(cards) = Arc::get_mut(cards) {
                cards.shrink_to_fit();
            }
        }
        step(total, total).then_some(collection)
    }

    /// Takes the daily limits (new questions, reviews) of `scheduler`: they decide what is offered
    /// today, not how any card stands, so changing them needs no replay.
    pub fn use_day_limits(&mut self, scheduler: &Scheduler) {
        self.use_settings(scheduler);
    }

    /// Applies one new record (just written to the log) on top of the current states. An `Undo` here
    /// can only take back the latest change of its card; an older one takes effect at the next
    /// [`Self::replay`], and [`Self::can_undo`] says which case applies.
    pub fn apply(&mut self, record: &Record, scheduler: &Scheduler) {
        self.use_settings(scheduler);
        match &record.event {
            Event::Undo { review } => {
                // Nothing to copy for a card without an undoable change.
                if !self.can_undo(&record.bank, &record.question, review) {
                    return;
                }
                let Some(cards) = self.banks.get_mut(&record.bank).map(Arc::make_mut) else {
                    return;
                };
                let Some(entry) = cards.get_mut(&record.question) else {
                    return;
                };
                if let Some(change) = entry.last_change.take_if(|c| &c.record == review) {
                    entry.state = change.state_before;
                    entry.introduced_ms = change.introduced_before;
                    // Back to never seen: forget the entry, as a replay without the record would.
                    if entry.state == CardState::default() && entry.introduced_ms.is_none() {
                        cards.swap_remove(&record.question);
                        if cards.is_empty() {
                            self.banks.remove(&record.bank);
                        }
                    }
                }
            }
            _ => self.apply_change(record, scheduler),
        }
    }

    /// Whether `record` is the latest change of its card, so [`Self::apply`] can undo it exactly.
    pub fn can_undo(&self, bank: &BankId, question: &QuestionId, record: &RecordId) -> bool {
        self.banks
            .get(bank)
            .and_then(|cards| cards.get(question))
            .and_then(|entry| entry.last_change.as_ref())
            .is_some_and(|change| &change.record == record)
    }

    /// Forgets the undo memory of the changes made before `cutoff_ms` (see [`UNDO_MEMORY_MS`]);
    /// an undo of one of them then reports [`Self::can_undo`] `false`. Banks with nothing to forget
    /// are left as they are (and stay shared with the collection's clones).
    pub fn forget_undo_before(&mut self, cutoff_ms: i64) {
        let old = |entry: &CardEntry| {
            entry
                .last_change
                .as_ref()
                .is_some_and(|change| change.at_ms < cutoff_ms)
        };
        for cards in self.banks.values_mut() {
            if !cards.values().any(old) {
                continue;
            }
            for entry in Arc::make_mut(cards).values_mut() {
                if old(entry) {
                    entry.last_change = None;
                }
            }
        }
    }

    fn use_settings(&mut self, scheduler: &Scheduler) {
        let config = scheduler.config();
        self.settings = DaySettings {
            rollover_hour: config.rollover_hour,
            new_per_day: config.new_per_day,
            max_reviews_per_day: config.max_reviews_per_day,
        };
    }

    /// The card's entry, created if needed; clones the ids only the first time (replay speed).
    fn entry_or_new(&mut self, bank: &BankId, question: &QuestionId) -> Option<&mut CardEntry> {
        if !self.banks.contains_key(bank) {
            self.banks.insert(bank.clone(), Arc::default());
        }
        let cards = Arc::make_mut(self.banks.get_mut(bank)?);
        if !cards.contains_key(question) {
            cards.insert(question.clone(), CardEntry::default());
        }
        cards.get_mut(question)
    }

    fn apply_change(&mut self, record: &Record, scheduler: &Scheduler) {
        let at = record_time(record.at_ms, record.utc_offset_secs);
        let Some(entry) = self.entry_or_new(&record.bank, &record.question) else {
            return;
        };
        let before = Change {
            record: record.id.clone(),
            at_ms: record.at_ms,
            state_before: entry.state.clone(),
            introduced_before: entry.introduced_ms,
        };
        match &record.event {
            Event::Review { rating, .. } => {
                let next =
                    scheduler.next_states_in(&record.bank, &record.question, &entry.state, at);
                if entry.state.is_new() {
                    entry.introduced_ms = Some(record.at_ms);
                }
                entry.state = next.get(*rating).clone();
            }
            Event::Bury => entry.state.buried_until_ms = Some(scheduler.end_of_day_ms(at)),
            Event::Suspend => entry.state.suspended = true,
            Event::Unsuspend => entry.state.suspended = false,
            Event::Reset => {
                entry.state = CardState::default();
                entry.introduced_ms = None;
            }
            Event::Undo { .. } | Event::Keep { .. } => return,
        }
        entry.last_change = Some(Box::new(before));
    }

    /// The card's state; a question never seen is new.
    pub fn card(&self, bank: &BankId, question: &QuestionId) -> CardState {
        self.card_ref(bank, question).cloned().unwrap_or_default()
    }

    /// The card's state without cloning, `None` for a question never seen.
    pub fn card_ref(&self, bank: &BankId, question: &QuestionId) -> Option<&CardState> {
        self.banks
            .get(bank)
            .and_then(|cards| cards.get(question))
            .map(|entry| &entry.state)
    }

    /// The library's numbers for `bank` at `now`.
    pub fn counts(&self, bank: &impl QuestionList, now: Timestamp) -> BankCounts {
        let now_ms = now.timestamp_millis();
        let end_of_day = self.day_start(now, 1);
        let bank_id = bank.bank_id();
        let cards = self.banks.get(bank_id);
        let mut counts = BankCounts {
            total: bank.question_count() as u32,
            ..BankCounts::default()
        };
        let mut new_cards = 0u32;
        for (question, _) in bank.question_digests() {
            let Some(state) = cards.and_then(|c| c.get(question)).map(|e| &e.state) else {
                new_cards += 1;
                continue;
            };
            if state.suspended {
                counts.suspended += 1;
            } else if !state.is_available(now_ms) {
                continue;
            } else if state.is_new() {
                new_cards += 1;
            } else if state.is_learning() {
                if state.due.is_none_or(|due| due < end_of_day) {
                    counts.learning += 1;
                }
            } else if state.due.is_none_or(|due| due < end_of_day) {
                counts.due_today += 1;
            }
        }
        let allowance = self
            .settings
            .new_per_day
            .saturating_sub(self.new_introduced_today(bank_id, now));
        counts.new_available = new_cards.min(allowance);
        let review_allowance = self.review_allowance(bank_id, now);
        counts.due_over_limit = counts.due_today.saturating_sub(review_allowance);
        counts.due_today -= counts.due_over_limit;
        counts
    }

    /// How many more reviews the daily review limit allows for this bank in the study day of `now`.
    pub fn review_allowance(&self, bank: &BankId, now: Timestamp) -> u32 {
        self.settings
            .max_reviews_per_day
            .saturating_sub(self.reviews_done_today(bank, now))
    }

    /// How many questions of this bank started on an earlier study day were rated during the study
    /// day containing `now` (each counted once): what the daily review limit counts.
    pub fn reviews_done_today(&self, bank: &BankId, now: Timestamp) -> u32 {
        let start = self.day_start(now, 0);
        let end = self.day_start(now, 1);
        self.banks.get(bank).map_or(0, |cards| {
            cards
                .values()
                .filter(|e| e.introduced_ms.is_some_and(|at| at < start))
                .filter(|e| {
                    e.state
                        .last_review_ms
                        .is_some_and(|at| (start..end).contains(&at))
                })
                .count() as u32
        })
    }

    /// When the student last rated a question of this bank.
    pub fn last_studied_ms(&self, bank: &BankId) -> Option<i64> {
        self.banks
            .get(bank)?
            .values()
            .filter_map(|entry| entry.state.last_review_ms)
            .max()
    }

    /// How many new questions of this bank were started during the study day containing `now` (in
    /// `now`'s UTC offset), for the daily limit.
    pub fn new_introduced_today(&self, bank: &BankId, now: Timestamp) -> u32 {
        let start = self.day_start(now, 0);
        let end = self.day_start(now, 1);
        self.banks.get(bank).map_or(0, |cards| {
            cards
                .values()
                .filter(|e| e.introduced_ms.is_some_and(|at| (start..end).contains(&at)))
                .count() as u32
        })
    }

    /// The cards of one bank that have a state, for the session and statistics.
    pub fn cards(&self, bank: &BankId) -> impl Iterator<Item = (&QuestionId, &CardState)> {
        self.banks
            .get(bank)
            .into_iter()
            .flat_map(|cards| cards.iter().map(|(q, e)| (q, &e.state)))
    }

    /// Every bank with at least one card state, in no particular order.
    pub fn bank_ids(&self) -> impl Iterator<Item = &BankId> {
        self.banks.keys()
    }

    /// The daily new-card limit the collection was last replayed or updated with.
    pub fn new_per_day(&self) -> u32 {
        self.settings.new_per_day
    }

    fn day_start(&self, now: Timestamp, days_after_today: i64) -> i64 {
        let rollover = self.settings.rollover_hour;
        day_start_ms(
            day_index(now, rollover) + days_after_today,
            *now.offset(),
            rollover,
        )
    }
}
