//! One study session on one bank: which question comes next, grading the answer, rating it, and undo.
//!
//! The queue is built once from the collection: due reviews first in importance (lowest recall
//! probability first), new questions up to the daily limit spread evenly among them, and learning
//! cards coming back when their step is due. Questions about the same thing (sharing an `about` id)
//! are not shown back to back when anything else can go between them.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::card_state::{CardState, NextStates};
use super::collection::Collection;
use super::grade::{KnownAnswers, Outcome, Response, Verdict, grade_with, response_text};
pub use super::queue::{Only, SessionFilter};
use super::queue::{interleave, push_new};
use super::record::{Event, Rating, Record, RecordId};
use super::schedule::Scheduler;
use crate::bank::Bank;
use crate::{BankId, QuestionId, Timestamp};

/// How far ahead a learning card may be shown when nothing else is left (as Anki's "learn ahead").
pub const LEARN_AHEAD_SECS: i64 = 20 * 60;

/// How far down the queue to look for a question that is not a sibling of the one just shown.
const SIBLING_LOOKAHEAD: usize = 8;

/// Why a session action was refused. Each leaves the session and collection unchanged.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SessionError {
    #[error("there is no question to answer right now")]
    NoCurrentQuestion,
    #[error("question {0} is no longer in the bank; reload the session")]
    QuestionNotInBank(QuestionId),
    #[error("card {0} was modified elsewhere since it was shown; reload the session")]
    CardModified(QuestionId),
}

/// What the end-of-session screen shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionSummary {
    /// Ratings given (a learning card answered twice counts twice).
    pub answered: u32,
    /// Of those, answered right: not rated Again and not graded wrong, as the statistics count it.
    pub correct: u32,
    /// `correct / answered`, 0 when nothing was answered.
    pub accuracy: f32,
    /// From the session's start to its latest rating.
    pub elapsed: Duration,
    /// When the next question of this session's selection falls due, if any.
    pub next_due_ms: Option<i64>,
    /// Questions answered wrong or partly wrong at least once, in the order first missed: what the
    /// end-of-session screen offers to look at again.
    pub missed: Vec<QuestionId>,
}

/// What the review log says when the student overruled the grader with "I was right", after the
/// answer they gave, so the teacher's export shows it.
pub const OVERRIDE_NOTE: &str = "[counted right by the student]";

/// The session's progress in questions (see [`Session::question_progress`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuestionProgress {
    /// Questions done for this session (graduated, buried or suspended).
    pub done: u32,
    /// Questions still to show, including ones coming back after Again.
    pub left: u32,
    /// `done + left`.
    pub total: u32,
    /// Ratings given (a question answered twice counts twice).
    pub answers: u32,
}

/// Where the current card came from, so undo can put it back exactly.
#[derive(Clone, Debug, PartialEq)]
enum Source {
    Main(usize),
    Learning(i64),
}

/// The question on screen.
#[derive(Clone, Debug, PartialEq)]
struct Current {
    question: QuestionId,
    source: Source,
    /// The card's state when shown; rating is refused if the collection no longer agrees.
    state: CardState,
    shown_ms: i64,
    verdict: Option<Verdict>,
    answer_text: String,
    duration_ms: Option<u64>,
    /// The student said "I was right" about a typed or cloze answer the grader did not accept.
    overridden: bool,
}

/// What a question needs after the bank is out of reach (rating has no bank parameter).
#[derive(Clone, Debug, PartialEq)]
struct QueuedInfo {
    about: Vec<String>,
    /// Hand-written questions on one passage give each other away too (one prompt quotes another's
    /// answer); `None` for generated ones.
    passage: Option<String>,
    content_hash: u64,
}

/// Enough to take back one rating, bury or suspend.
#[derive(Clone, Debug)]
struct UndoEntry {
    record: Record,
    /// The card as it was on screen before the action.
    shown: Current,
    requeued: bool,
    counted_correct: bool,
    counted_missed: bool,
    was_answer: bool,
    next_due_before: Option<i64>,
    last_about_before: Vec<String>,
    last_passage_before: Option<String>,
    last_action_before: i64,
}

/// A study session: a queue over one bank, driven by the UI with an explicit `now` on every call.
#[derive(Clone, Debug)]
pub struct Session {
    bank: BankId,
    known: KnownAnswers,
    info: HashMap<QuestionId, QueuedInfo>,
    main: VecDeque<QuestionId>,
    /// Learning cards waiting for their step, as (due ms, question), sorted by due.
    learning: Vec<(i64, QuestionId)>,
    current: Option<Current>,
    undo_stack: Vec<UndoEntry>,
    last_about: Vec<String>,
    /// The passage of the question shown last, so the next one comes from another passage if it can.
    last_passage: Option<String>,
    /// Bumped each time a question is put on screen, so the UI starts a fresh answer (and a fresh
    /// shuffle) even when the same question comes straight back.
    presentation: u64,
    /// How many different questions the session started with (and gained by undo): the progress bar's
    /// whole.
    total_questions: u32,
    started_ms: i64,
    last_action_ms: i64,
    answered: u32,
    correct: u32,
    next_due_ms: Option<i64>,
    /// Every rating that was not right, in order (a question may appear more than once).
    missed: Vec<QuestionId>,
    /// The selection the queue was built for, to build the next day's queue (see
    /// [`Self::start_new_day`]).
    filter: SessionFilter,
    /// When the study day the queue was built for ends.
    day_end_ms: i64,
    /// Due reviews left out by the daily review limit.
    held_back: u32,
}

impl Session {
    /// Builds the queue for `bank` at `now`: due reviews (lowest recall probability first), new
    /// questions in bank order up to what is left of today's limit, spread evenly among the reviews,
    /// and learning cards due today. Suspended and buried questions are left out.
    pub fn new(
        bank: &Bank,
        collection: &Collection,
        scheduler: &Scheduler,
        filter: SessionFilter,
        now: Timestamp,
    ) -> Session {
        let now_ms = now.timestamp_millis();
        let end_of_day = scheduler.end_of_day_ms(now);
        let new_allowance = if filter.ahead {
            usize::MAX
        } else {
            scheduler
                .config()
                .new_per_day
                .saturating_sub(collection.new_introduced_today(&bank.id, now)) as usize
        };
        let wants_new = filter.only != Some(Only::Learnt);
        let wants_learnt = filter.only != Some(Only::New);
        let mut reviews: Vec<(f32, &QuestionId)> = Vec::new();
        let mut new_cards: Vec<&QuestionId> = Vec::new();
        let mut learning: Vec<(i64, QuestionId)> = Vec::new();
        let mut info = HashMap::new();
        let mut next_due_ms: Option<i64> = None;
        for question in &bank.questions {
            if !filter.matches(bank, question) {
                continue;
            }
            let state = collection.card_ref(&bank.id, &question.id);
            let queued = match state {
                None if wants_new => push_new(&mut new_cards, &question.id, new_allowance),
                None => false,
                Some(state) if !state.is_available(now_ms) => false,
                Some(state) if state.is_new() => {
                    wants_new && push_new(&mut new_cards, &question.id, new_allowance)
                }
                Some(_) if !wants_learnt => false,
                Some(state) => {
                    let due = state.due.unwrap_or(now_ms);
                    if due >= end_of_day && filter.ahead && !state.is_learning() {
                        reviews.push((scheduler.retrievability(state, now_ms), &question.id));
                        true
                    } else if due >= end_of_day {
                        next_due_ms = Some(next_due_ms.map_or(due, |n| n.min(due)));
                        false
                    } else if state.is_learning() {
                        learning.push((due, question.id.clone()));
                        true
                    } else {
                        reviews.push((scheduler.retrievability(state, now_ms), &question.id));
                        true
                    }
                }
            };
            if queued {
                info.insert(
                    question.id.clone(),
                    QueuedInfo {
                        about: question.about.clone(),
                        // Hand-written questions on one passage give each other away; generated
                        // ones are kept apart by what they are `about` already.
                        passage: (question.origin == crate::bank::Origin::Authored)
                            .then(|| question.passage.clone()),
                        content_hash: question.content_hash,
                    },
                );
            }
        }
        reviews.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut held_back = 0;
        if !filter.past_review_limit {
            let allowance = collection.review_allowance(&bank.id, now) as usize;
            held_back = reviews.len().saturating_sub(allowance) as u32;
            // The most urgent (lowest recall) reviews come first, so those are the ones studied.
            for (_, question) in reviews.drain(allowance.min(reviews.len())..) {
                info.remove(question);
            }
        }
        learning.sort();
        let mut main = interleave(
            reviews.into_iter().map(|(_, q)| q.clone()).collect(),
            new_cards.into_iter().cloned().collect(),
        );
        if let Some(max) = filter.max_questions {
            let max = max as usize;
            learning.truncate(max);
            main.truncate(max.saturating_sub(learning.len()));
            info.retain(|id, _| main.contains(id) || learning.iter().any(|(_, q)| q == id));
        }
        let mut session = Session {
            bank: bank.id.clone(),
            known: KnownAnswers::from_bank(bank),
            info,
            main,
            learning,
            current: None,
            undo_stack: Vec::new(),
            last_about: Vec::new(),
            last_passage: None,
            presentation: 0,
            total_questions: 0,
            started_ms: now_ms,
            last_action_ms: now_ms,
            answered: 0,
            correct: 0,
            next_due_ms,
            missed: Vec::new(),
            filter,
            day_end_ms: end_of_day,
            held_back,
        };
        session.total_questions = session.info.len() as u32;
        session.pick_next(collection, now_ms);
        session
    }

    /// A number that changes whenever a question is put on screen, even the same one again.
    pub fn presentation(&self) -> u64 {
        self.presentation
    }

    /// The ratings that fit the verdict on the current answer (see [`Verdict::fitting_ratings`]);
    /// all four for a self-graded flashcard.
    pub fn fitting_ratings(&self) -> Vec<Rating> {
        match self.verdict() {
            Some(verdict) => verdict.fitting_ratings().to_vec(),
            None => Rating::ALL.to_vec(),
        }
    }

    /// "I was right": the student overrules the grader on a typed or cloze answer it did not accept
    /// (a synonym, a spelling the teacher did not list). The verdict becomes right, and the review
    /// records that the student said so. Returns whether anything changed.
    pub fn override_verdict(&mut self, bank: &Bank) -> bool {
        let Some(current) = self.current.as_mut() else {
            return false;
        };
        let overridable = bank.question(&current.question).is_some_and(|q| {
            matches!(
                q.answer,
                crate::bank::Answer::Typed { .. } | crate::bank::Answer::Cloze { .. }
            )
        });
        match current.verdict.as_mut() {
            Some(verdict) if overridable && verdict.outcome != Outcome::Correct => {
                verdict.outcome = Outcome::Correct;
                verdict.score = 1.0;
                for part in &mut verdict.parts {
                    part.right = true;
                }
                current.overridden = true;
                true
            }
            _ => false,
        }
    }

    /// Whether the current verdict was overruled by the student.
    pub fn is_overridden(&self) -> bool {
        self.current.as_ref().is_some_and(|c| c.overridden)
    }

    /// Due reviews the daily review limit left out of this session ("N more due — study them
    /// anyway?").
    pub fn held_back(&self) -> u32 {
        self.held_back
    }

    /// When the session runs past the day's rollover, queues the new study day's work (its new
    /// questions under a fresh daily limit, and the reviews that fell due), keeping the question on
    /// screen, the counts and undo. Returns whether a new day began. Call after each action.
    pub fn start_new_day(
        &mut self,
        bank: &Bank,
        collection: &Collection,
        scheduler: &Scheduler,
        now: Timestamp,
    ) -> bool {
        if now.timestamp_millis() < self.day_end_ms {
            return false;
        }
        let fresh = Session::new(bank, collection, scheduler, self.filter.clone(), now);
        let on_screen = self.current.as_ref().map(|c| c.question.clone());
        self.main = fresh
            .current
            .map(|c| c.question)
            .into_iter()
            .chain(fresh.main)
            .filter(|q| Some(q) != on_screen.as_ref())
            .collect();
        for (due, question) in fresh.learning {
            if !self.learning.iter().any(|(_, q)| q == &question)
                && Some(&question) != on_screen.as_ref()
            {
                self.insert_learning(due, question);
            }
        }
        self.info.extend(fresh.info);
        self.total_questions = self.info.len() as u32;
        self.day_end_ms = fresh.day_end_ms;
        self.held_back = fresh.held_back;
        if self.current.is_none() {
            self.pick_next(collection, now.timestamp_millis());
        }
        true
    }

    /// The question to show, or `None` when finished or waiting for a learning step
    /// ([`Self::next_learning_due_ms`] says when to call [`Self::refresh`]).
    pub fn current(&self) -> Option<&QuestionId> {
        self.current.as_ref().map(|c| &c.question)
    }

    /// The verdict on the current question once answered.
    pub fn verdict(&self) -> Option<&Verdict> {
        self.current.as_ref()?.verdict.as_ref()
    }

    /// The rating to pre-select for the current answer (see [`Verdict::suggested_rating`]).
    pub fn suggested_rating(&self) -> Option<Rating> {
        let current = self.current.as_ref()?;
        let verdict = current.verdict.as_ref()?;
        Some(verdict.suggested_rating(current.duration_ms.unwrap_or(0)))
    }

    /// Grades `response` to the current question, remembering how long the student took since it was
    /// shown. Answering twice keeps the first verdict: the student cannot retry until right.
    pub fn answer(
        &mut self,
        bank: &Bank,
        response: &Response,
        now: Timestamp,
    ) -> Result<&Verdict, SessionError> {
        let current = self
            .current
            .as_mut()
            .ok_or(SessionError::NoCurrentQuestion)?;
        if current.verdict.is_none() {
            let question = bank
                .question(&current.question)
                .ok_or_else(|| SessionError::QuestionNotInBank(current.question.clone()))?;
            let duration = (now.timestamp_millis() - current.shown_ms).max(0) as u64;
            current.verdict = Some(grade_with(question, response, &self.known));
            current.answer_text = response_text(question, response);
            current.duration_ms = Some(duration);
        }
        current
            .verdict
            .as_ref()
            .ok_or(SessionError::NoCurrentQuestion)
    }

    /// The four outcomes for the current card, for the rating buttons' intervals.
    pub fn next_states(&self, scheduler: &Scheduler, now: Timestamp) -> Option<NextStates> {
        let current = self.current.as_ref()?;
        Some(scheduler.next_states_in(&self.bank, &current.question, &current.state, now))
    }

    /// Rates the current card: returns the record for the caller to persist (already applied to
    /// `collection`) and moves on. Refused, with nothing changed, if the card's state in `collection`
    /// is no longer the one shown.
    pub fn rate(
        &mut self,
        rating: Rating,
        collection: &mut Collection,
        scheduler: &Scheduler,
        now: Timestamp,
    ) -> Result<Record, SessionError> {
        let now_ms = now.timestamp_millis();
        let current = self.checked_current(collection)?;
        // "Right" means what the statistics mean: not rated Again (and not a wrong verdict).
        let (score, correct) = match &current.verdict {
            Some(v) => (
                v.score,
                v.outcome != Outcome::Wrong && rating != Rating::Again,
            ),
            None => {
                let right = rating != Rating::Again;
                (if right { 1.0 } else { 0.0 }, right)
            }
        };
        let content_hash = self
            .info
            .get(&current.question)
            .map_or(0, |i| i.content_hash);
        let record = self.record(
            &current.question,
            now,
            Event::Review {
                rating,
                score,
                answer: if current.overridden {
                    format!("{} {OVERRIDE_NOTE}", current.answer_text)
                } else {
                    current.answer_text.clone()
                },
                duration_ms: current
                    .duration_ms
                    .unwrap_or_else(|| (now_ms - current.shown_ms).max(0) as u64),
                content_hash,
            },
        );
        collection.apply(&record, scheduler);
        let new_state = collection.card(&self.bank, &current.question);
        let requeued = new_state.is_learning()
            && new_state
                .due
                .is_some_and(|due| due < scheduler.end_of_day_ms(now));
        let next_due_before = self.next_due_ms;
        match new_state.due {
            Some(due) if requeued => self.insert_learning(due, current.question.clone()),
            Some(due) => self.next_due_ms = Some(self.next_due_ms.map_or(due, |n| n.min(due))),
            None => {}
        }
        self.answered += 1;
        if correct {
            self.correct += 1;
        }
        let fully_right = current
            .verdict
            .as_ref()
            .is_none_or(|v| v.outcome == Outcome::Correct);
        let missed = !correct || !fully_right;
        if missed {
            self.missed.push(current.question.clone());
        }
        self.finish_action(
            UndoEntry {
                record: record.clone(),
                shown: current,
                requeued,
                counted_correct: correct,
                counted_missed: missed,
                was_answer: true,
                next_due_before,
                last_about_before: self.last_about.clone(),
                last_passage_before: self.last_passage.clone(),
                last_action_before: self.last_action_ms,
            },
            collection,
            now_ms,
        );
        Ok(record)
    }

    /// Hides the current question until tomorrow's study day; returns the record to persist.
    pub fn bury(
        &mut self,
        collection: &mut Collection,
        scheduler: &Scheduler,
        now: Timestamp,
    ) -> Result<Record, SessionError> {
        self.set_aside(Event::Bury, collection, scheduler, now)
    }

    /// Hides the current question until the student unsuspends it; returns the record to persist.
    pub fn suspend(
        &mut self,
        collection: &mut Collection,
        scheduler: &Scheduler,
        now: Timestamp,
    ) -> Result<Record, SessionError> {
        self.set_aside(Event::Suspend, collection, scheduler, now)
    }

    fn set_aside(
        &mut self,
        event: Event,
        collection: &mut Collection,
        scheduler: &Scheduler,
        now: Timestamp,
    ) -> Result<Record, SessionError> {
        let current = self.checked_current(collection)?;
        let record = self.record(&current.question, now, event);
        collection.apply(&record, scheduler);
        self.finish_action(
            UndoEntry {
                record: record.clone(),
                shown: current,
                requeued: false,
                counted_correct: false,
                counted_missed: false,
                was_answer: false,
                next_due_before: self.next_due_ms,
                last_about_before: self.last_about.clone(),
                last_passage_before: self.last_passage.clone(),
                last_action_before: self.last_action_ms,
            },
            collection,
            now.timestamp_millis(),
        );
        Ok(record)
    }

    /// Takes back the latest rating, bury or suspend of this session: returns the `Undo` record to
    /// persist (already applied), and puts the session back exactly as it was before, with that question
    /// on screen again, unanswered. `None` when there is nothing to undo, or the card was changed
    /// elsewhere since (then nothing changes).
    pub fn undo(
        &mut self,
        collection: &mut Collection,
        scheduler: &Scheduler,
        now: Timestamp,
    ) -> Option<Record> {
        let entry = self.undo_stack.last()?;
        if !collection.can_undo(&self.bank, &entry.shown.question, &entry.record.id) {
            return None;
        }
        let entry = self.undo_stack.pop()?;
        let record = self.record(
            &entry.shown.question,
            now,
            Event::Undo {
                review: entry.record.id.clone(),
            },
        );
        collection.apply(&record, scheduler);
        if let Some(next) = self.current.take() {
            self.put_back(next);
        }
        if entry.requeued {
            self.learning.retain(|(_, q)| q != &entry.shown.question);
        }
        if entry.was_answer {
            self.answered = self.answered.saturating_sub(1);
            if entry.counted_correct {
                self.correct = self.correct.saturating_sub(1);
            }
            if entry.counted_missed
                && let Some(last) = self.missed.iter().rposition(|q| q == &entry.shown.question)
            {
                self.missed.remove(last);
            }
        }
        self.next_due_ms = entry.next_due_before;
        self.last_about = entry.last_about_before;
        self.last_passage = entry.last_passage_before;
        self.presentation += 1;
        self.last_action_ms = entry.last_action_before;
        // The state the undo restored: the one shown then, unless the answers were rescheduled
        // with new settings since (see `Self::rescheduled`).
        let state = collection.card(&self.bank, &entry.shown.question);
        self.current = Some(Current {
            shown_ms: now.timestamp_millis(),
            verdict: None,
            answer_text: String::new(),
            duration_ms: None,
            overridden: false,
            state,
            ..entry.shown
        });
        Some(record)
    }

    /// Whether [`Self::undo`] has something to take back.
    pub fn can_undo(&self) -> bool {
        !self.undo_stack.is_empty()
    }

    /// The card states were replayed with new settings (a rescheduling landed): the question on
    /// screen takes its state from `collection`, so rating it is not refused as "modified
    /// elsewhere". The queue keeps its order; the new schedule applies from the next rating.
    pub fn rescheduled(&mut self, collection: &Collection) {
        if let Some(current) = &mut self.current {
            current.state = collection.card(&self.bank, &current.question);
        }
    }

    /// Shows a learning card whose step has come due while nothing was on screen. Call when
    /// [`Self::next_learning_due_ms`] has passed.
    pub fn refresh(&mut self, collection: &Collection, now: Timestamp) {
        if self.current.is_none() {
            self.pick_next(collection, now.timestamp_millis());
        }
    }

    /// When the next waiting learning card comes due, if any.
    pub fn next_learning_due_ms(&self) -> Option<i64> {
        self.learning.first().map(|(due, _)| *due)
    }

    /// (ratings given, questions still to show including the current one and waiting learning cards).
    pub fn progress(&self) -> (u32, u32) {
        (self.answered, self.remaining_questions())
    }

    /// How far the session has come, in questions: a question answered Again is still to go, so the
    /// counter and the progress bar move together and only when a question is done for the session.
    pub fn question_progress(&self) -> QuestionProgress {
        let left = self.remaining_questions();
        let total = self.total_questions.max(left);
        QuestionProgress {
            done: total - left,
            left,
            total,
            answers: self.answered,
        }
    }

    fn remaining_questions(&self) -> u32 {
        (self.main.len() + self.learning.len() + usize::from(self.current.is_some())) as u32
    }

    /// The numbers for the end-of-session screen.
    pub fn summary(&self) -> SessionSummary {
        let learning_due = self.next_learning_due_ms();
        let next_due_ms = match (learning_due, self.next_due_ms) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        SessionSummary {
            answered: self.answered,
            correct: self.correct,
            accuracy: if self.answered == 0 {
                0.0
            } else {
                self.correct as f32 / self.answered as f32
            },
            elapsed: Duration::from_millis((self.last_action_ms - self.started_ms).max(0) as u64),
            next_due_ms,
            missed: {
                let mut seen = std::collections::HashSet::new();
                self.missed
                    .iter()
                    .filter(|q| seen.insert(*q))
                    .cloned()
                    .collect()
            },
        }
    }

    /// True when nothing is left: no current question, nothing queued, no learning card waiting.
    pub fn is_finished(&self) -> bool {
        self.current.is_none() && self.main.is_empty() && self.learning.is_empty()
    }

    /// The bank this session studies.
    pub fn bank(&self) -> &BankId {
        &self.bank
    }

    fn checked_current(&self, collection: &Collection) -> Result<Current, SessionError> {
        let current = self
            .current
            .as_ref()
            .ok_or(SessionError::NoCurrentQuestion)?;
        let state = collection.card_ref(&self.bank, &current.question);
        let unchanged = match state {
            Some(state) => *state == current.state,
            None => current.state == CardState::default(),
        };
        if !unchanged {
            return Err(SessionError::CardModified(current.question.clone()));
        }
        Ok(current.clone())
    }

    fn record(&self, question: &QuestionId, now: Timestamp, event: Event) -> Record {
        let at_ms = now.timestamp_millis();
        Record {
            id: RecordId::new(at_ms),
            at_ms,
            utc_offset_secs: now.offset().local_minus_utc(),
            bank: self.bank.clone(),
            question: question.clone(),
            event,
        }
    }

    fn finish_action(&mut self, entry: UndoEntry, collection: &Collection, now_ms: i64) {
        self.last_about.clone_from(&entry.shown_about(&self.info));
        self.last_passage = self
            .info
            .get(&entry.shown.question)
            .and_then(|i| i.passage.clone());
        self.undo_stack.push(entry);
        self.last_action_ms = now_ms;
        self.current = None;
        self.pick_next(collection, now_ms);
    }

    fn insert_learning(&mut self, due: i64, question: QuestionId) {
        let at = self
            .learning
            .partition_point(|(d, q)| (*d, q) <= (due, &question));
        self.learning.insert(at, (due, question));
    }

    fn put_back(&mut self, current: Current) {
        match current.source {
            Source::Main(index) => self
                .main
                .insert(index.min(self.main.len()), current.question),
            Source::Learning(due) => self.insert_learning(due, current.question),
        }
    }

    /// Chooses what to show: a learning card whose step is due, else the next queued question that
    /// is not a sibling of the last one, else a learning card due within [`LEARN_AHEAD_SECS`].
    fn pick_next(&mut self, collection: &Collection, now_ms: i64) {
        let learning_due = self.learning.first().is_some_and(|(due, _)| *due <= now_ms);
        let learn_ahead = self
            .learning
            .first()
            .is_some_and(|(due, _)| *due <= now_ms + LEARN_AHEAD_SECS * 1000);
        let picked = if learning_due || (self.main.is_empty() && learn_ahead) {
            let (due, question) = self.learning.remove(0);
            Some((question, Source::Learning(due)))
        } else {
            let index = (0..self.main.len().min(SIBLING_LOOKAHEAD))
                .find(|i| !self.is_sibling_of_last(&self.main[*i]))
                .unwrap_or(0);
            self.main
                .remove(index)
                .map(|question| (question, Source::Main(index)))
        };
        self.current = picked.map(|(question, source)| Current {
            state: collection.card(&self.bank, &question),
            question,
            source,
            shown_ms: now_ms,
            verdict: None,
            answer_text: String::new(),
            duration_ms: None,
            overridden: false,
        });
        if self.current.is_some() {
            self.presentation += 1;
        }
    }

    fn is_sibling_of_last(&self, question: &QuestionId) -> bool {
        self.info.get(question).is_some_and(|i| {
            i.about.iter().any(|a| self.last_about.contains(a))
                || (i.passage.is_some() && self.last_passage == i.passage)
        })
    }
}

impl UndoEntry {
    fn shown_about(&self, info: &HashMap<QuestionId, QueuedInfo>) -> Vec<String> {
        info.get(&self.shown.question)
            .map(|i| i.about.clone())
            .unwrap_or_default()
    }
}
