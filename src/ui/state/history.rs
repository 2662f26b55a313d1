//! "Your history with this question" on the feedback screen. A question's records are read from the
//! log once, on a thread (the screen says "Loading your history…" meanwhile); after each answer only
//! the lines appended since are read ([`crate::progress::question_log`]). The last few questions are
//! kept, so one coming back in the session does not stream the log again.

use std::thread::JoinHandle;

use super::*;
use crate::progress::question_log::{CatchUp, QuestionLog};
use crate::progress::{ProgressError, store::LogReader};

/// How many questions' records are kept: memory stays bounded however long the session.
const KEPT_QUESTIONS: usize = 16;

/// One past answer to a question, for the feedback's "Your history with this question".
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    pub at_ms: i64,
    pub utc_offset_secs: i32,
    pub rating: Rating,
    pub answer: String,
    /// When the schedule set the question due after this answer.
    pub next_due_ms: Option<i64>,
}

/// What the feedback screen can show of a question's history now.
#[derive(Clone, Debug, PartialEq)]
pub enum QuestionHistory {
    /// Its records are being read from the log on a thread.
    Loading,
    /// Every answer, oldest first (empty: the first time).
    Ready(Vec<HistoryEntry>),
    /// The log could not be read; the sentence says why.
    Unavailable(String),
}

/// The histories read, for [`AppState::question_history`].
#[derive(Default)]
pub(crate) struct HistoryCache {
    /// Most recently used last.
    questions: Vec<CachedQuestion>,
    /// Streams of the whole log (one per question read), and reads of only the lines appended
    /// since: for tests that check an answer costs no whole read.
    whole_reads: u64,
    tail_reads: u64,
}

impl std::fmt::Debug for HistoryCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HistoryCache")
            .field("questions", &self.questions.len())
            .field("whole_reads", &self.whole_reads)
            .field("tail_reads", &self.tail_reads)
            .finish()
    }
}

struct CachedQuestion {
    bank: BankId,
    question: QuestionId,
    load: Load,
    /// The entries built, and the progress version they are for.
    built: Option<(u64, QuestionHistory)>,
}

enum Load {
    Reading(JoinHandle<Result<QuestionLog, ProgressError>>),
    /// Read, and caught up with the log at this progress version (`None`: not yet).
    Read(QuestionLog, Option<u64>),
    Failed(String),
}

impl AppState {
    /// Every answer given to a question (undone ones left out), oldest first, with when the
    /// schedule set it due after each. The first call for a question starts reading its lines of the
    /// log on a thread ([`QuestionHistory::Loading`] until done; the app is woken then); later calls
    /// read only what was appended to the log since progress last changed, and drawing frames with
    /// nothing changed reads nothing.
    pub fn question_history(&self, bank: &BankId, question: &QuestionId) -> QuestionHistory {
        let Some(store) = &self.store else {
            return QuestionHistory::Ready(Vec::new());
        };
        let mut cache = self.history_cache.borrow_mut();
        let position = cache
            .questions
            .iter()
            .position(|q| &q.bank == bank && &q.question == question);
        let mut entry = match position {
            Some(i) => cache.questions.remove(i),
            None => {
                cache.whole_reads += 1;
                CachedQuestion {
                    bank: bank.clone(),
                    question: question.clone(),
                    load: self.read_question_log(store.log_reader(), bank, question),
                    built: None,
                }
            }
        };
        let history = self.history_of(&mut cache, &mut entry, store.log_reader());
        cache.questions.push(entry);
        if cache.questions.len() > KEPT_QUESTIONS {
            cache.questions.remove(0);
        }
        history
    }

    /// How many times question histories streamed the whole log, and how many times they read only
    /// the lines appended since: drawing frames adds to neither, an answer at most one catch-up.
    pub fn history_log_reads(&self) -> (u64, u64) {
        let cache = self.history_cache.borrow();
        (cache.whole_reads, cache.tail_reads)
    }

    /// Waits for the question histories being read. For tests.
    pub fn wait_for_histories(&self) {
        let mut cache = self.history_cache.borrow_mut();
        for entry in &mut cache.questions {
            if let Load::Reading(_) = entry.load
                && let Load::Reading(handle) =
                    std::mem::replace(&mut entry.load, Load::Failed(String::new()))
            {
                entry.load = joined(handle);
            }
        }
    }

    fn read_question_log(&self, reader: LogReader, bank: &BankId, question: &QuestionId) -> Load {
        let (bank, question, wake) = (bank.clone(), question.clone(), self.wake.clone());
        Load::Reading(std::thread::spawn(move || {
            let log = QuestionLog::read(&reader, &bank, &question);
            wake();
            log
        }))
    }

    fn history_of(
        &self,
        cache: &mut HistoryCache,
        entry: &mut CachedQuestion,
        reader: LogReader,
    ) -> QuestionHistory {
        if let Load::Reading(handle) = &entry.load {
            if !handle.is_finished() {
                return QuestionHistory::Loading;
            }
            if let Load::Reading(handle) =
                std::mem::replace(&mut entry.load, Load::Failed(String::new()))
            {
                entry.load = joined(handle);
            }
        }
        let version = self.progress_version;
        if let Some((built, history)) = &entry.built
            && *built == version
        {
            return history.clone();
        }
        let log = match &mut entry.load {
            Load::Reading(_) => return QuestionHistory::Loading,
            Load::Failed(reason) => return QuestionHistory::Unavailable(reason.clone()),
            Load::Read(log, caught_up) => {
                if *caught_up != Some(version) {
                    cache.tail_reads += 1;
                    match log.catch_up(&reader) {
                        Ok(CatchUp::Extended(_)) => *caught_up = Some(version),
                        Ok(CatchUp::Rewritten) => {
                            // Rewritten by a merge: read again, on a thread.
                            cache.whole_reads += 1;
                            entry.load =
                                self.read_question_log(reader, &entry.bank, &entry.question);
                            entry.built = None;
                            return QuestionHistory::Loading;
                        }
                        Err(e) => {
                            let reason = history_unavailable(&e);
                            entry.load = Load::Failed(reason.clone());
                            return QuestionHistory::Unavailable(reason);
                        }
                    }
                }
                &*log
            }
        };
        let history = QuestionHistory::Ready(self.history_entries(
            &entry.bank,
            &entry.question,
            &log.records_with_pending(&reader),
        ));
        entry.built = Some((version, history.clone()));
        history
    }

    /// The answers among `records` (one question's, in log order), undone ones left out, each
    /// with the due date the current schedule gives after it.
    fn history_entries(
        &self,
        bank: &BankId,
        question: &QuestionId,
        records: &[Record],
    ) -> Vec<HistoryEntry> {
        let undone = crate::study::record::undone_ids(records);
        let mine: Vec<Record> = records
            .iter()
            .filter(|r| !undone.contains(&r.id))
            .filter(|r| !matches!(r.event, crate::study::Event::Undo { .. }))
            .cloned()
            .collect();
        let mut history = Vec::new();
        for (i, record) in mine.iter().enumerate() {
            if let crate::study::Event::Review { rating, answer, .. } = &record.event {
                let after = Collection::replay(&mine[..=i], &self.scheduler);
                history.push(HistoryEntry {
                    at_ms: record.at_ms,
                    utc_offset_secs: record.utc_offset_secs,
                    rating: *rating,
                    answer: answer.clone(),
                    next_due_ms: after.card(bank, question).due,
                });
            }
        }
        history
    }
}

fn joined(handle: JoinHandle<Result<QuestionLog, ProgressError>>) -> Load {
    match handle.join() {
        Ok(Ok(log)) => Load::Read(log, None),
        Ok(Err(e)) => Load::Failed(history_unavailable(&e)),
        Err(_) => Load::Failed("Your history could not be read (the reading stopped).".into()),
    }
}

fn history_unavailable(e: &ProgressError) -> String {
    format!("Your history could not be read: {e}.")
}
