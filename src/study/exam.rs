//! Exam mode: a fixed set of questions answered without feedback, then scored at once, with a result
//! file a teacher can collect.
//!
//! The pieces are independent of grading and scheduling: [`pick_questions`] chooses the questions,
//! [`Exam`] records answers (of any response type `R`) and time, [`Exam::score`] takes a grading closure
//! and gives an [`ExamResult`], which [`save_result`] writes as `.csv` and `.json`. An exam never
//! touches the spaced-repetition schedule by itself.

use chrono::DateTime;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use crate::bank::{self, Bank, Origin, Question};
use crate::{BankId, QuestionId, Timestamp};

mod result;
pub(crate) use result::csv_field;
pub use result::{CSV_HEADER, ExamFileError, ExamItem, ExamResult, save_result};

/// What an exam asks: chosen by the student or taken from the teacher's `exam` in the bank
/// ([`ExamSpec::from_bank`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamSpec {
    /// How many questions; fewer are asked when the chosen sections do not have that many.
    pub questions: usize,
    /// Section headings to draw from; empty means the whole article.
    pub sections: Vec<String>,
    /// `None`: no time limit.
    pub time_limit_secs: Option<u32>,
    /// Same seed, same bank: same questions in the same order.
    pub seed: u64,
}

impl ExamSpec {
    /// The teacher's exam from the bank file, with a seed (e.g. from the date, so a class gets the same
    /// exam on the same day, or random for practice).
    pub fn from_bank(spec: &bank::ExamSpec, seed: u64) -> Self {
        Self {
            questions: spec.questions,
            sections: spec.sections.clone(),
            time_limit_secs: spec.time_limit_minutes.map(|m| m.saturating_mul(60)),
            seed,
        }
    }
}

/// Chooses the exam's questions: deterministic for a seed, spread evenly over the sections, no
/// duplicates, fewer than asked when there are not enough.
///
/// How: the questions of each chosen section are shuffled with the seed, hand-written ones before
/// derived ones; then one question is taken from each section in turn (sections in a seeded order, so a
/// short exam does not always favour the first sections) until enough are picked; finally the picks are
/// shuffled. So within a section authored questions are always preferred, and no section gets a second
/// question before every section with questions left has one. Unknown section names are ignored.
pub fn pick_questions(bank: &Bank, spec: &ExamSpec) -> Vec<QuestionId> {
    let mut rng = SplitMix64::new(spec.seed);
    let mut sections: Vec<Option<&str>> = bank
        .sections()
        .into_iter()
        .filter(|s| spec.sections.is_empty() || spec.sections.iter().any(|c| c == s))
        .map(Some)
        .collect();
    // Questions without a passage (a bank imported without its article) have no section: they are
    // one group of their own, asked when the exam is on the whole bank.
    if spec.sections.is_empty() && bank.questions.iter().any(|q| bank.section_of(q).is_none()) {
        sections.push(None);
    }
    let mut queues: Vec<Vec<&Question>> = sections
        .iter()
        .map(|section| {
            let in_section = |origin: Origin| -> Vec<&Question> {
                bank.questions
                    .iter()
                    .filter(|q| q.origin == origin && bank.section_of(q) == *section)
                    .collect()
            };
            let mut authored = in_section(Origin::Authored);
            let mut derived = in_section(Origin::Derived);
            rng.shuffle(&mut authored);
            rng.shuffle(&mut derived);
            // Popped from the back: derived at the front, authored at the back.
            derived.reverse();
            authored.reverse();
            derived.extend(authored);
            derived
        })
        .collect();
    rng.shuffle(&mut queues);

    let mut seen: HashSet<&QuestionId> = HashSet::new();
    let mut picked: Vec<QuestionId> = Vec::new();
    while picked.len() < spec.questions && queues.iter().any(|q| !q.is_empty()) {
        for queue in &mut queues {
            if picked.len() >= spec.questions {
                break;
            }
            while let Some(question) = queue.pop() {
                if seen.insert(&question.id) {
                    picked.push(question.id.clone());
                    break;
                }
            }
        }
    }
    rng.shuffle(&mut picked);
    picked
}

/// Why an exam operation was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExamError {
    /// None of the requested questions is in the bank (e.g. sections without questions).
    #[error("no questions to ask: the chosen sections have no questions")]
    NoQuestions,
    /// The exam ended (finished, or out of time) before this action.
    #[error("the exam is already finished")]
    AlreadyFinished,
    /// Scoring before the end would give feedback during the exam.
    #[error("the exam is not finished yet")]
    NotFinished,
    /// Navigation to a question index the exam does not have.
    #[error("there is no question {index} in this exam of {len}")]
    NoSuchQuestion {
        /// The index asked for.
        index: usize,
        /// How many questions the exam has.
        len: usize,
    },
}

/// When the one-minute warning shows.
pub const LAST_MINUTE_MS: u64 = 60_000;

/// What a student would give up by finishing now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FinishWarning {
    pub unanswered: usize,
    pub flagged: usize,
    /// Time left, when the exam has a limit.
    pub remaining_ms: Option<u64>,
}

impl FinishWarning {
    /// "3 questions unanswered, 1 flagged and 12:30 left — finish anyway?"
    pub fn question(&self) -> String {
        let mut parts = Vec::new();
        if self.unanswered > 0 {
            parts.push(format!(
                "{} question{} unanswered",
                self.unanswered,
                if self.unanswered == 1 { "" } else { "s" }
            ));
        }
        if self.flagged > 0 {
            parts.push(format!("{} flagged to come back to", self.flagged));
        }
        if let Some(ms) = self.remaining_ms {
            let secs = ms / 1000;
            parts.push(format!("{}:{:02} left", secs / 60, secs % 60));
        }
        let text = match parts.len() {
            0 => String::new(),
            1 => parts[0].clone(),
            n => format!("{} and {}", parts[..n - 1].join(", "), parts[n - 1]),
        };
        format!("{text} — finish anyway?")
    }
}

/// Where an exam stands after an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExamStatus {
    /// Show question `index` (0-based) next.
    Asking {
        /// 0-based position in the exam.
        index: usize,
    },
    /// Over (all answered and finished, finished early, or out of time): show the result.
    Finished,
}

#[derive(Clone, Debug)]
struct Slot<R> {
    question: Question,
    section: String,
    response: Option<R>,
    time_ms: u64,
    flagged: bool,
}

/// One exam in progress: the questions (copied, so reloading the bank mid-exam changes nothing), the
/// student's responses and the time spent on each. It gives no feedback: nothing here says whether an
/// answer is right until [`Exam::score`] after the end. Time comes in as `now` on every call; when the
/// time limit has passed, the next call finishes the exam at the deadline and refuses late answers.
#[derive(Clone, Debug)]
pub struct Exam<R> {
    student_name: String,
    bank_id: BankId,
    bank_version: Option<String>,
    time_limit_secs: Option<u32>,
    slots: Vec<Slot<R>>,
    current: usize,
    started: Timestamp,
    /// When the current question was shown; its time runs from here.
    shown_ms: i64,
    finished: Option<Timestamp>,
    paper_id: Option<String>,
}

impl<R> Exam<R> {
    /// Marks the exam as taken from a paper, so its result names the paper.
    pub fn with_paper(mut self, paper_id: &str) -> Self {
        self.paper_id = Some(paper_id.to_owned());
        self
    }

    /// The paper the exam is taken from, if any.
    pub fn paper_id(&self) -> Option<&str> {
        self.paper_id.as_deref()
    }

    /// Starts an exam on `questions` (usually from [`pick_questions`]); ids not in the bank and repeated
    /// ids are skipped, so each question is asked once.
    pub fn start(
        bank: &Bank,
        questions: &[QuestionId],
        time_limit_secs: Option<u32>,
        student_name: &str,
        now: Timestamp,
    ) -> Result<Self, ExamError> {
        let mut seen: HashSet<&QuestionId> = HashSet::new();
        let slots: Vec<Slot<R>> = questions
            .iter()
            .filter(|id| seen.insert(id))
            .filter_map(|id| bank.question(id))
            .map(|q| Slot {
                question: q.clone(),
                section: bank.section_of(q).unwrap_or_default().to_owned(),
                response: None,
                time_ms: 0,
                flagged: false,
            })
            .collect();
        if slots.is_empty() {
            return Err(ExamError::NoQuestions);
        }
        Ok(Self {
            student_name: student_name.trim().to_owned(),
            bank_id: bank.id.clone(),
            bank_version: bank.version.clone(),
            time_limit_secs,
            slots,
            current: 0,
            started: now,
            shown_ms: now.timestamp_millis(),
            finished: None,
            paper_id: None,
        })
    }

    /// How many questions the exam has.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Always false: an exam cannot be started without questions.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The question being shown (0-based index), or `None` once finished.
    pub fn current(&self) -> Option<(usize, &Question)> {
        match self.finished {
            Some(_) => None,
            None => Some((self.current, &self.slots[self.current].question)),
        }
    }

    /// The response given so far to question `index`, to show it again when the student goes back.
    pub fn response(&self, index: usize) -> Option<&R> {
        self.slots.get(index).and_then(|s| s.response.as_ref())
    }

    /// How many questions have a response.
    pub fn answered(&self) -> usize {
        self.slots.iter().filter(|s| s.response.is_some()).count()
    }

    /// Marks question `index` to come back to, or clears the mark. Marks change nothing in the score.
    pub fn toggle_flag(&mut self, index: usize) {
        if self.finished.is_none()
            && let Some(slot) = self.slots.get_mut(index)
        {
            slot.flagged = !slot.flagged;
        }
    }

    /// Whether question `index` is marked to come back to.
    pub fn is_flagged(&self, index: usize) -> bool {
        self.slots.get(index).is_some_and(|s| s.flagged)
    }

    /// What finishing now would give up, for asking the student first: unanswered questions, flagged
    /// ones, time left. `None` when there is nothing to give up (all answered, none flagged, and no
    /// time limit or no time left).
    pub fn finish_warning(&self, now: Timestamp) -> Option<FinishWarning> {
        let warning = FinishWarning {
            unanswered: self.slots.len() - self.answered(),
            flagged: self.slots.iter().filter(|s| s.flagged).count(),
            remaining_ms: self.remaining_ms(now).filter(|ms| *ms > 0),
        };
        (warning.unanswered > 0 || warning.flagged > 0 || warning.remaining_ms.is_some())
            .then_some(warning)
    }

    /// Whether the end is less than a minute away (and not yet reached): time to warn the student.
    pub fn in_last_minute(&self, now: Timestamp) -> bool {
        self.finished.is_none()
            && self
                .remaining_ms(now)
                .is_some_and(|ms| ms > 0 && ms <= LAST_MINUTE_MS)
    }

    /// Whether the exam is over.
    pub fn is_finished(&self) -> bool {
        self.finished.is_some()
    }

    /// Milliseconds left at `now` (never negative), or `None` without a time limit.
    pub fn remaining_ms(&self, now: Timestamp) -> Option<u64> {
        let deadline = self.deadline_ms()?;
        let end = self
            .finished
            .map_or(now.timestamp_millis(), |f| f.timestamp_millis());
        Some(u64::try_from(deadline - end).unwrap_or(0))
    }

    /// Checks the clock: call it from the UI's timer. Finishes the exam at the deadline when the time is
    /// up.
    pub fn tick(&mut self, now: Timestamp) -> ExamStatus {
        self.check_deadline(now);
        self.status()
    }

    /// Records `response` for the current question (replacing an earlier one) and moves on to the next
    /// question without a response, if any, else stays. When the time is up the response is refused
    /// and the exam finishes at the deadline.
    pub fn answer(&mut self, response: R, now: Timestamp) -> Result<ExamStatus, ExamError> {
        self.check_deadline(now);
        if self.finished.is_some() {
            return Err(ExamError::AlreadyFinished);
        }
        self.charge_time(now.timestamp_millis());
        self.slots[self.current].response = Some(response);
        let len = self.slots.len();
        if let Some(next) = (1..len)
            .map(|step| (self.current + step) % len)
            .find(|&i| self.slots[i].response.is_none())
        {
            self.current = next;
        }
        Ok(self.status())
    }

    /// Shows question `index` (to skip ahead or go back and change an answer).
    pub fn go_to(&mut self, index: usize, now: Timestamp) -> Result<ExamStatus, ExamError> {
        self.check_deadline(now);
        if self.finished.is_some() {
            return Err(ExamError::AlreadyFinished);
        }
        if index >= self.slots.len() {
            return Err(ExamError::NoSuchQuestion {
                index,
                len: self.slots.len(),
            });
        }
        self.charge_time(now.timestamp_millis());
        self.current = index;
        Ok(self.status())
    }

    /// Ends the exam now, answered or not (unanswered questions score 0); when the time ran out
    /// before `now`, it ends at the deadline instead. Finishing an exam that had already ended is
    /// refused.
    pub fn finish(&mut self, now: Timestamp) -> Result<(), ExamError> {
        if self.finished.is_some() {
            return Err(ExamError::AlreadyFinished);
        }
        self.check_deadline(now);
        if self.finished.is_none() {
            self.charge_time(now.timestamp_millis());
            self.finished = Some(now);
        }
        Ok(())
    }

    /// Grades every question with `grade(question, response) -> (score 0..=1, answer as text, expected
    /// answer as text)` and builds the result. Unanswered questions score 0 with an empty answer and
    /// [`expected_answer_text`] as the expected one. Scores are clamped to 0..=1 (NaN counts as 0); a
    /// question is correct with a score of 1 (within rounding).
    pub fn score<F>(&self, mut grade: F) -> Result<ExamResult, ExamError>
    where
        F: FnMut(&Question, &R) -> (f32, String, String),
    {
        let finished = self.finished.ok_or(ExamError::NotFinished)?;
        let items: Vec<ExamItem> = self
            .slots
            .iter()
            .map(|slot| {
                let (score, answer_text, expected) = match &slot.response {
                    Some(response) => grade(&slot.question, response),
                    None => (0.0, String::new(), expected_answer_text(&slot.question)),
                };
                let score = if score.is_nan() {
                    0.0
                } else {
                    score.clamp(0.0, 1.0)
                };
                ExamItem {
                    question_id: slot.question.id.clone(),
                    section: slot.section.clone(),
                    prompt: slot.question.prompt.clone(),
                    answer_text,
                    correct: score >= 1.0 - 1e-4,
                    score,
                    expected,
                    time_ms: slot.time_ms,
                    kind: slot.question.answer.kind().label().to_owned(),
                    options: Vec::new(),
                    keys: Vec::new(),
                    chosen: Vec::new(),
                    actors: Vec::new(),
                }
            })
            .collect();
        let score = mean(items.iter().map(|i| i.score));
        let mut per_section: Vec<(String, f32, usize)> = Vec::new();
        for item in &items {
            if !per_section.iter().any(|(s, _, _)| s == &item.section) {
                let in_section = || items.iter().filter(|i| i.section == item.section);
                per_section.push((
                    item.section.clone(),
                    mean(in_section().map(|i| i.score)),
                    in_section().count(),
                ));
            }
        }
        Ok(ExamResult {
            student_name: self.student_name.clone(),
            bank_id: self.bank_id.clone(),
            bank_version: self.bank_version.clone(),
            started_ms: self.started.timestamp_millis(),
            finished_ms: finished.timestamp_millis(),
            utc_offset_secs: finished.offset().local_minus_utc(),
            items,
            score,
            per_section,
            paper_id: self.paper_id.clone(),
        })
    }

    fn status(&self) -> ExamStatus {
        match self.finished {
            Some(_) => ExamStatus::Finished,
            None => ExamStatus::Asking {
                index: self.current,
            },
        }
    }

    fn deadline_ms(&self) -> Option<i64> {
        self.time_limit_secs
            .map(|secs| self.started.timestamp_millis() + i64::from(secs) * 1000)
    }

    fn check_deadline(&mut self, now: Timestamp) {
        if self.finished.is_some() {
            return;
        }
        if let Some(deadline) = self.deadline_ms()
            && now.timestamp_millis() >= deadline
        {
            self.charge_time(deadline);
            let at = DateTime::from_timestamp_millis(deadline)
                .map_or(now, |utc| utc.with_timezone(now.offset()));
            self.finished = Some(at);
        }
    }

    /// Adds the time since the current question was shown to it, and restarts the stopwatch.
    fn charge_time(&mut self, now_ms: i64) {
        let spent = u64::try_from(now_ms - self.shown_ms).unwrap_or(0);
        self.slots[self.current].time_ms += spent;
        self.shown_ms = now_ms.max(self.shown_ms);
    }
}

fn mean(scores: impl Iterator<Item = f32>) -> f32 {
    let (sum, count) = scores.fold((0.0f64, 0u32), |(s, n), x| (s + f64::from(x), n + 1));
    if count == 0 {
        0.0
    } else {
        (sum / f64::from(count)) as f32
    }
}

/// The right answer of a question in words, for the result of a question left unanswered (the grader
/// describes it for answered ones).
pub fn expected_answer_text(question: &Question) -> String {
    super::grade::expected_text(&question.answer)
}

/// SplitMix64: a tiny generator whose output is fixed forever, so a seed picks the same exam in every
/// version of Dossier and of its dependencies.
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher–Yates.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}
