//! One question's records, for its history on the feedback screen: the log is streamed once for
//! them (on a thread: seconds on a long history), then only the lines appended since are read each
//! time progress changes, after checking the log still begins with what was read. A log rewritten
//! meanwhile (a merge) is read again; nothing is kept across restarts, so a restart reads afresh.

use std::collections::HashSet;

use super::snapshot::LogMark;
use super::store::LogReader;
use super::ProgressError;
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
