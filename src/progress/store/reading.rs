//! What needs the records themselves, read from the log on disk when asked: the whole history
//! (export, the optimizer, a merge) and one question's history, on the caller's thread or, through a
//! [`LogReader`], on another one while the app goes on writing.

use std::path::{Path, PathBuf};

use super::*;
use crate::progress::log::{read_prefix, read_range, read_records};

/// The log as written at one moment, plus the records still waiting to be written then: everything
/// another thread needs to read the history while the store goes on appending (the log only grows
/// beyond `len_bytes` meanwhile; a merge, which rewrites it, is a command-line action of its own).
#[derive(Clone, Debug)]
pub struct LogReader {
    path: PathBuf,
    len_bytes: u64,
    pending: Vec<Record>,
}

impl LogReader {
    /// Every record, saved or pending, in log order: the whole log up to the moment the reader was
    /// made, streamed. `progress(bytes_read)` may stop it (`Ok(None)`).
    pub fn records(
        &self,
        progress: &mut dyn FnMut(u64) -> bool,
    ) -> Result<Option<Vec<Record>>, ProgressError> {
        let Some(mut records) = read_prefix(&self.path, self.len_bytes, progress)? else {
            return Ok(None);
        };
        records.extend(self.pending.iter().cloned());
        Ok(Some(records))
    }

    /// The records of one question on the log's lines between byte `from` and the reader's end
    /// (pending ones not included): only the lines naming the question are parsed.
    pub fn question_records(
        &self,
        from: u64,
        bank: &BankId,
        question: &QuestionId,
    ) -> Result<Vec<Record>, ProgressError> {
        let needle =
            serde_json::to_string(&question.0).map_err(|source| ProgressError::Encode {
                what: "a question id",
                source,
            })?;
        let records = read_range(
            &self.path,
            from..self.len_bytes,
            Some(needle.as_bytes()),
            &mut |_| true,
        )?
        .unwrap_or_default();
        Ok(records
            .into_iter()
            .filter(|r| &r.bank == bank && &r.question == question)
            .collect())
    }

    /// The log's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How long the log was when the reader was made: where its reading ends.
    pub fn len_bytes(&self) -> u64 {
        self.len_bytes
    }

    /// The records that were still waiting to be written.
    pub fn pending(&self) -> &[Record] {
        &self.pending
    }
}

impl Store {
    /// Every record, saved or pending, in log order (merged logs: time order), read from the log on
    /// disk: for what needs the whole history (export, a merge). Costs a read of the whole log;
    /// nothing on the frame should call it on a long history: use [`Self::log_reader`] on a thread.
    pub fn all_records(&self) -> Result<Vec<Record>, ProgressError> {
        let mut records = match &self.loaded {
            Some(records) => records.clone(),
            None if self.prefix.record_count == 0 => Vec::new(),
            None => read_records(self.log.path())?.0,
        };
        records.extend(self.pending.iter().cloned());
        Ok(records)
    }

    /// The log as written now, to be read on another thread (see [`LogReader`]).
    pub fn log_reader(&self) -> LogReader {
        LogReader {
            path: self.log.path().to_path_buf(),
            len_bytes: self.log.len_bytes(),
            pending: self.pending.clone(),
        }
    }

    /// The records of one question (every event, undo records included), in log order: one pass
    /// over the log's bytes that parses only the lines naming the question. For its history.
    pub fn question_records(
        &self,
        bank: &BankId,
        question: &QuestionId,
    ) -> Result<Vec<Record>, ProgressError> {
        let mine = |r: &Record| &r.bank == bank && &r.question == question;
        let mut records: Vec<Record> = match &self.loaded {
            Some(records) => records.iter().filter(|r| mine(r)).cloned().collect(),
            None => {
                let mut seen = HashSet::new();
                let reader = LogReader {
                    pending: Vec::new(),
                    ..self.log_reader()
                };
                // Streamed line by line: the history of one question never holds the whole log.
                reader
                    .question_records(0, bank, question)?
                    .into_iter()
                    .filter(|r| seen.insert(r.id.clone()))
                    .collect()
            }
        };
        records.extend(self.pending.iter().filter(|r| mine(r)).cloned());
        Ok(records)
    }
}
