//! One question's records, for its history on the feedback screen: the log is streamed once for
//! them (on a thread: seconds on a long history), then only the lines appended since are read each
//! time progress changes, after checking the log still begins with what was read. A log rewritten
//! meanwhile (a merge) is read again; nothing is kept across restarts, so a restart reads afresh.

use std::collections::HashSet;

use super::ProgressError;
use super::snapshot::LogMark;
use super::store::LogReader;
use crate::study::{Record, RecordId};
use crate::{BankId, QuestionId};

/// What [`QuestionLog::catch_up`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatchUp {
    /// The lines appended since were read (this many of them were the question's).
    Extended(usize),
    /// The log no longer begins with what was read (rewritten by a merge): read it again.
    Rewritten,
}

/// The records of one question in the log up to a known point, in log order.
#[derive(Clone, Debug)]
pub struct QuestionLog {
    bank: BankId,
    question: QuestionId,
    records: Vec<Record>,
    ids: HashSet<RecordId>,
    /// The part of the log read so far.
    read_to: LogMark,
}

impl QuestionLog {
    /// The question's records in the log as the reader sees it (its pending records left out):
    /// one streamed pass over the log's bytes, parsing only lines that name the question.
    pub fn read(
        reader: &LogReader,
        bank: &BankId,
        question: &QuestionId,
    ) -> Result<Self, ProgressError> {
        let mut log = Self {
            bank: bank.clone(),
            question: question.clone(),
            records: Vec::new(),
            ids: HashSet::new(),
            read_to: mark_at(reader)?,
        };
        log.take(reader.question_records(0, bank, question)?);
        Ok(log)
    }

    /// Reads the lines appended to the log since (up to the reader's end), when the log still begins
    /// with the part read before.
    pub fn catch_up(&mut self, reader: &LogReader) -> Result<CatchUp, ProgressError> {
        let from = self.read_to.len_bytes;
        if reader.len_bytes() < from
            || LogMark::of_prefix(reader.path(), from)?.as_ref() != Some(&self.read_to)
        {
            return Ok(CatchUp::Rewritten);
        }
        if reader.len_bytes() == from {
            return Ok(CatchUp::Extended(0));
        }
        let added = self.take(reader.question_records(from, &self.bank, &self.question)?);
        self.read_to = mark_at(reader)?;
        Ok(CatchUp::Extended(added))
    }

    /// The question's records read so far plus the reader's pending ones of it, in log order.
    pub fn records_with_pending(&self, reader: &LogReader) -> Vec<Record> {
        let mut records = self.records.clone();
        records.extend(
            reader
                .pending()
                .iter()
                .filter(|r| r.bank == self.bank && r.question == self.question)
                .filter(|r| !self.ids.contains(&r.id))
                .cloned(),
        );
        records
    }

    /// Whether this is the log of that question.
    pub fn is_of(&self, bank: &BankId, question: &QuestionId) -> bool {
        &self.bank == bank && &self.question == question
    }

    /// Adds records not seen yet; returns how many.
    fn take(&mut self, records: Vec<Record>) -> usize {
        let before = self.records.len();
        for record in records {
            if self.ids.insert(record.id.clone()) {
                self.records.push(record);
            }
        }
        self.records.len() - before
    }
}

fn mark_at(reader: &LogReader) -> Result<LogMark, ProgressError> {
    LogMark::of_prefix(reader.path(), reader.len_bytes())?.ok_or_else(|| {
        ProgressError::io(
            "read the progress file",
            reader.path(),
            std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "it is shorter than Dossier wrote it",
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::{DataDir, Store};
    use crate::study::{Event, Rating};

    fn review(at_ms: i64, question: &str) -> Record {
        Record {
            id: RecordId::new(at_ms),
            at_ms,
            utc_offset_secs: 0,
            bank: "b".into(),
            question: question.into(),
            event: Event::Review {
                rating: Rating::Good,
                score: 1.0,
                answer: String::new(),
                duration_ms: 1000,
                content_hash: 0,
            },
        }
    }

    #[test]
    fn a_question_log_reads_only_its_question_then_only_the_lines_appended_since() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = DataDir::at(temp.path().join("data"));
        let (mut store, _) = Store::open(&dir).expect("store");
        let start = 1_770_000_000_000;
        for i in 0..30 {
            store
                .append(review(start + i, if i % 3 == 0 { "q" } else { "other" }))
                .expect("saved");
        }
        let (bank, question) = (BankId::from("b"), QuestionId::from("q"));
        let mut log = QuestionLog::read(&store.log_reader(), &bank, &question).expect("read");
        assert_eq!(log.records.len(), 10);
        store.append(review(start + 100, "q")).expect("saved");
        store.append(review(start + 101, "other")).expect("saved");
        assert_eq!(
            log.catch_up(&store.log_reader()).expect("read"),
            CatchUp::Extended(1)
        );
        assert_eq!(
            log.catch_up(&store.log_reader()).expect("read"),
            CatchUp::Extended(0)
        );
        assert_eq!(log.records_with_pending(&store.log_reader()).len(), 11);
    }

    #[test]
    fn a_log_rewritten_by_a_merge_is_read_again() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = DataDir::at(temp.path().join("data"));
        let (mut store, _) = Store::open(&dir).expect("store");
        let start = 1_770_000_000_000;
        for i in 0..5 {
            store.append(review(start + 10 + i, "q")).expect("saved");
        }
        let (bank, question) = (BankId::from("b"), QuestionId::from("q"));
        let mut log = QuestionLog::read(&store.log_reader(), &bank, &question).expect("read");
        // Another device's earlier answer goes first: the log's beginning changes.
        store.merge_from(vec![review(start, "q")]).expect("merged");
        assert_eq!(
            log.catch_up(&store.log_reader()).expect("read"),
            CatchUp::Rewritten
        );
        let again = QuestionLog::read(&store.log_reader(), &bank, &question).expect("read");
        assert_eq!(again.records.len(), 6);
    }
}
