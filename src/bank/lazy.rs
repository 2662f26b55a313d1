//! Banks loaded only when opened. The library's first screen needs a few facts of every bank (its
//! title, its questions' ids and content hashes, the teacher's exam date), not their passages,
//! prompts and explanations; a student with a hundred banks of a thousand questions would otherwise
//! read and keep some 150 MB of questions at every start to draw one list. So the bank cache keeps a
//! [`BankSummary`] beside each validated bank, the library holds a [`LazyBank`] (the summary, and the
//! full bank once something asks for it), and the full bank is read from the cache the first time a
//! screen opens it (studying, reading, the statistics, an exam).

use std::ops::Deref;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use super::cache::SourceKey;
use super::model::{Bank, Origin};
use crate::{BankId, QuestionId};

/// What the library, the schedule's counts and the changed-question check need to know of a bank's
/// questions; both a full [`Bank`] and a [`BankSummary`] answer it.
pub trait QuestionList {
    fn bank_id(&self) -> &BankId;
    /// Every question's id and content hash, in the bank's question order.
    fn question_digests(&self) -> impl Iterator<Item = (&QuestionId, u64)>;
    fn question_count(&self) -> usize;
}

impl QuestionList for Bank {
    fn bank_id(&self) -> &BankId {
        &self.id
    }
    fn question_digests(&self) -> impl Iterator<Item = (&QuestionId, u64)> {
        self.questions.iter().map(|q| (&q.id, q.content_hash))
    }
    fn question_count(&self) -> usize {
        self.questions.len()
    }
}

/// One question, as the library sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionDigest {
    pub id: QuestionId,
    pub content_hash: u64,
    /// Generated from the article's model (the library says how many are).
    pub derived: bool,
}

/// A validated bank's facts the library shows and schedules with, without its content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankSummary {
    pub id: BankId,
    pub title: String,
    /// Where the article comes from (the library's second line).
    pub source: String,
    /// The exam day the teacher set in the bank file (see [`Bank::exam_date`]).
    pub exam_date: Option<chrono::NaiveDate>,
    pub questions: Vec<QuestionDigest>,
}

impl BankSummary {
    pub fn of(bank: &Bank) -> Self {
        Self {
            id: bank.id.clone(),
            title: bank.title.clone(),
            source: bank.source.clone(),
            exam_date: bank.exam_date(),
            questions: bank
                .questions
                .iter()
                .map(|q| QuestionDigest {
                    id: q.id.clone(),
                    content_hash: q.content_hash,
                    derived: q.origin == Origin::Derived,
                })
                .collect(),
        }
    }

    /// The exam day the teacher set, as [`Bank::exam_date`] gives it.
    pub fn exam_date(&self) -> Option<chrono::NaiveDate> {
        self.exam_date
    }

    /// How many questions were generated from the article's model.
    pub fn derived_count(&self) -> usize {
        self.questions.iter().filter(|q| q.derived).count()
    }

    /// The content hash of the question `id`, if the bank has it.
    pub fn content_hash(&self, id: &QuestionId) -> Option<u64> {
        self.questions
            .iter()
            .find(|q| &q.id == id)
            .map(|q| q.content_hash)
    }
}

impl QuestionList for BankSummary {
    fn bank_id(&self) -> &BankId {
        &self.id
    }
    fn question_digests(&self) -> impl Iterator<Item = (&QuestionId, u64)> {
        self.questions.iter().map(|q| (&q.id, q.content_hash))
    }
    fn question_count(&self) -> usize {
        self.questions.len()
    }
}

/// Where the full bank of a summary is read from when it is first opened.
#[derive(Clone, Debug)]
pub(crate) struct FullSource {
    /// The cache entry holding the validated bank.
    pub entry: PathBuf,
    /// The bank's own path (a file, or `bundled/…` for a bundled bank), set on the bank read.
    pub path: PathBuf,
    /// What the entry must have been validated from.
    pub key: SourceKey,
    /// The text of a bundled bank, validated again if its entry is gone; a file is read again.
    pub bundled_text: Option<&'static str>,
}

struct Inner {
    summary: BankSummary,
    full: OnceLock<Option<Arc<Bank>>>,
    source: Option<FullSource>,
}

/// A bank in the library: its summary always, its full content once opened. Cloning shares both.
#[derive(Clone)]
pub struct LazyBank(Arc<Inner>);

impl std::fmt::Debug for LazyBank {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazyBank")
            .field("id", &self.0.summary.id)
            .field("loaded", &self.is_loaded())
            .finish()
    }
}

impl LazyBank {
    /// A bank validated just now: its full content is at hand.
    pub fn loaded(bank: Bank) -> Self {
        Self(Arc::new(Inner {
            summary: BankSummary::of(&bank),
            full: OnceLock::from(Some(Arc::new(bank))),
            source: None,
        }))
    }

    /// A bank known by its summary, its content to be read from the cache entry `source` names.
    pub(crate) fn deferred(summary: BankSummary, source: FullSource) -> Self {
        Self(Arc::new(Inner {
            summary,
            full: OnceLock::new(),
            source: Some(source),
        }))
    }

    pub fn summary(&self) -> &BankSummary {
        &self.0.summary
    }

    /// Whether the full bank has been read (for tests and benchmarks: the library must not read it).
    pub fn is_loaded(&self) -> bool {
        self.0.full.get().is_some_and(Option::is_some)
    }

    /// The full bank, read from the cache the first time it is asked for. `None` only if it can no
    /// longer be read as validated (its cache entry and its file both changed or went since the
    /// library was loaded); the file watcher then reloads the library.
    pub fn full(&self) -> Option<&Arc<Bank>> {
        self.0
            .full
            .get_or_init(|| {
                let source = self.0.source.as_ref()?;
                super::cache::read_full(source, &self.0.summary.id).map(Arc::new)
            })
            .as_ref()
    }
}

impl Deref for LazyBank {
    type Target = BankSummary;
    fn deref(&self) -> &BankSummary {
        &self.0.summary
    }
}
