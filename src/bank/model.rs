//! The validated, immutable bank: what every other part of Dossier works with.
//!
//! A [`Bank`] can only be made by [`super::validate`], so holding one means every id is unique, every
//! reference resolves, every quote is in its passage and every question can be answered.

use std::hash::BuildHasher as _;
use std::path::PathBuf;
use std::sync::Arc;

pub use super::raw::{
    Certainty, RawActor as Actor, RawClaim as Claim, RawExam as ExamSpec,
    RawImplication as Implication, RawPassage as Passage, RawResponse as Response, ResponseStatus,
};
use hashbrown::{DefaultHashBuilder, HashTable, hash_table};
use serde::{Deserialize, Serialize};

use crate::{BankId, QuestionId};

/// A loaded, valid bank. Serializable for the bank cache ([`super::cache`]), which only hands back
/// banks it validated from the same bytes; the question index is not stored but rebuilt.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Bank {
    pub id: BankId,
    pub title: String,
    pub source: String,
    pub language: String,
    pub authors: Vec<String>,
    pub version: Option<String>,
    /// The file it was loaded from, if any; for "edit in editor" and reload-on-change.
    pub path: Option<PathBuf>,
    pub exam: Option<ExamSpec>,
    pub passages: Vec<Passage>,
    pub actors: Vec<Actor>,
    pub claims: Vec<Claim>,
    pub implications: Vec<Implication>,
    pub responses: Vec<Response>,
    /// Hand-written questions first, in file order, then derived ones.
    pub questions: Vec<Question>,
    /// Finds a question by id; built from `questions` (see [`QuestionIndex::of`]).
    #[serde(skip)]
    pub question_index: QuestionIndex,
}

impl Bank {
    /// The exam day the teacher set in the bank file (`exam: Exam(…, date: "2026-12-21")`), if any.
    pub fn exam_date(&self) -> Option<chrono::NaiveDate> {
        let date = self.exam.as_ref()?.date.as_deref()?;
        chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
    }

    pub fn question(&self, id: &QuestionId) -> Option<&Question> {
        self.position(id).map(|i| &self.questions[i])
    }

    /// Where the question with this id is in `questions`.
    pub fn position(&self, id: &QuestionId) -> Option<usize> {
        self.question_index
            .find(&id.0, |i| self.questions.get(i).map(|q| q.id.0.as_str()))
    }

    pub fn passage(&self, id: &str) -> Option<&Passage> {
        self.passages.iter().find(|p| p.id == id)
    }

    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id == id)
    }

    pub fn claim(&self, id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id == id)
    }

    /// Section headings in article order, each once.
    pub fn sections(&self) -> Vec<&str> {
        let mut sections: Vec<&str> = Vec::new();
        for passage in &self.passages {
            if !sections.contains(&passage.section.as_str()) {
                sections.push(&passage.section);
            }
        }
        sections
    }

    /// Whether the bank has an article: a bank imported from a quiz file may have questions only.
    pub fn has_article(&self) -> bool {
        !self.passages.is_empty()
    }

    /// The section a question belongs to (through its passage).
    pub fn section_of(&self, question: &Question) -> Option<&str> {
        self.passage(&question.passage).map(|p| p.section.as_str())
    }
}

/// Question id → position in a bank's `questions`. The table holds only positions and hashes the ids
/// where they already live, so a large bank is not held twice over: the 100 000-question benchmark
/// loads measurably faster than with a `HashMap<QuestionId, usize>` (see `benches/load_bank.rs`).
#[derive(Clone, Default)]
pub struct QuestionIndex {
    table: HashTable<usize>,
    hasher: DefaultHashBuilder,
}

impl QuestionIndex {
    /// The index of `questions`; where an id repeats, the first question with it is found.
    pub fn of(questions: &[Question]) -> Self {
        let mut index = QuestionIndex::with_capacity(questions.len());
        for (i, question) in questions.iter().enumerate() {
            let _ = index.insert(&question.id.0, i, |k| {
                questions.get(k).map(|q| q.id.0.as_str())
            });
        }
        index
    }

    /// An empty index with room for `questions` ids.
    pub fn with_capacity(questions: usize) -> Self {
        let mut index = QuestionIndex::default();
        index.table.reserve(questions, |_| 0);
        index
    }

    /// The position of `id`, given how to read the id at a position.
    pub(crate) fn find<'q>(
        &self,
        id: &str,
        id_at: impl Fn(usize) -> Option<&'q str>,
    ) -> Option<usize> {
        self.table
            .find(self.hasher.hash_one(id), |&k| id_at(k) == Some(id))
            .copied()
    }

    /// Records that `id` is at `position`, unless it is already indexed: then `Err` holds the earlier
    /// position and nothing changes.
    pub(crate) fn insert<'q>(
        &mut self,
        id: &str,
        position: usize,
        id_at: impl Fn(usize) -> Option<&'q str>,
    ) -> Result<(), usize> {
        let hasher = &self.hasher;
        let rehash = |&k: &usize| id_at(k).map_or(0, |id| hasher.hash_one(id));
        match self
            .table
            .entry(hasher.hash_one(id), |&k| id_at(k) == Some(id), rehash)
        {
            hash_table::Entry::Occupied(first) => Err(*first.get()),
            hash_table::Entry::Vacant(slot) => {
                slot.insert(position);
                Ok(())
            }
        }
    }
}

impl std::fmt::Debug for QuestionIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "QuestionIndex({} ids)", self.table.len())
    }
}

/// Whether a question was written by a person or generated from the bank's model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Origin {
    Authored,
    Derived,
}

/// One question, ready to ask and grade.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: QuestionId,
    pub prompt: String,
    /// The passage id; empty for a question without a passage (a bank imported without its article).
    pub passage: String,
    pub quote: Option<String>,
    pub explanation: String,
    /// Ids of the actors, claims, implications or responses this question tests; questions sharing one
    /// are siblings and are not shown back to back.
    pub about: Vec<String>,
    pub tags: Vec<String>,
    pub answer: Answer,
    pub origin: Origin,
    /// A draft the teacher has not confirmed yet (see `RawQuestion::review`); derived questions never are.
    pub review: bool,
    /// Show the passage while asking (see `RawQuestion::show_passage`).
    pub show_passage: bool,
    /// A hash of what the student is asked and what counts as right. When it changes a lot, earlier
    /// progress on the question may no longer mean anything.
    pub content_hash: u64,
}

/// What kind of question it is; the names are shown to users and used as tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QuestionKind {
    Choice,
    MultiChoice,
    TrueFalse,
    Typed,
    Cloze,
    Matching,
    Ordering,
    Flashcard,
    Evidence,
    Numeric,
    TwoPart,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 11] = [
        QuestionKind::Choice,
        QuestionKind::MultiChoice,
        QuestionKind::TrueFalse,
        QuestionKind::Typed,
        QuestionKind::Cloze,
        QuestionKind::Matching,
        QuestionKind::Ordering,
        QuestionKind::Flashcard,
        QuestionKind::Evidence,
        QuestionKind::Numeric,
        QuestionKind::TwoPart,
    ];

    pub fn label(self) -> &'static str {
        match self {
            QuestionKind::Choice => "multiple choice",
            QuestionKind::MultiChoice => "multi-select",
            QuestionKind::TrueFalse => "true/false",
            QuestionKind::Typed => "typed",
            QuestionKind::Cloze => "cloze",
            QuestionKind::Matching => "matching",
            QuestionKind::Ordering => "ordering",
            QuestionKind::Flashcard => "flashcard",
            QuestionKind::Evidence => "evidence",
            QuestionKind::Numeric => "numeric",
            QuestionKind::TwoPart => "two-part",
        }
    }
}

/// A validated answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// `options` in the file's order: correct ones first, then wrong ones; `correct[i]` says which are
    /// right. The UI shuffles the display order.
    Choice {
        options: Vec<String>,
        correct: Vec<bool>,
    },
    TrueFalse {
        answer: bool,
    },
    Typed {
        accept: Vec<String>,
    },
    Cloze {
        segments: Vec<ClozeSegment>,
    },
    Matching {
        pairs: Vec<(String, String)>,
    },
    Ordering {
        items: Vec<String>,
    },
    Flashcard {
        back: String,
    },
    Evidence {
        statement: String,
        evidence: String,
        contradicts: bool,
        /// The passage split into sentences, the choices shown to the student; shared by every
        /// evidence question on the same passage.
        #[serde(with = "shared_sentences")]
        sentences: Arc<[String]>,
        /// Index of the sentence containing `evidence`.
        correct_sentence: usize,
    },
    /// Part A: a choice on the prompt (`options`, `correct` as in [`Answer::Choice`]); Part B: which
    /// of `sentences` best supports the Part-A answer. Scoring is linked (see the grader).
    TwoPart {
        options: Vec<String>,
        correct: Vec<bool>,
        evidence: String,
        /// The passage split into sentences, shared with evidence questions on the same passage.
        #[serde(with = "shared_sentences")]
        sentences: Arc<[String]>,
        /// Index of the sentence containing `evidence`.
        correct_sentence: usize,
    },
    /// A number; full-credit answers first, in the file's order.
    Numeric {
        accept: Vec<NumericAnswer>,
    },
}

/// One accepted numeric answer, as the closed range `min..=max` (a value with a tolerance becomes
/// `value ± tolerance`), with the credit it earns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NumericAnswer {
    /// The value the teacher wrote (the middle of the range when given as a range); shown as the answer.
    pub value: f64,
    /// How far from `value` still counts, when given as a tolerance.
    pub tolerance: Option<f64>,
    pub min: f64,
    pub max: f64,
    /// Share of the marks, 0.0–1.0.
    pub credit: f32,
}

impl NumericAnswer {
    /// The answer as a teacher reads it: "1822 ± 5", "3.141–3.142" or "42".
    pub fn describe(&self) -> String {
        match self.tolerance {
            Some(t) if t > 0.0 => format!("{} ± {}", self.value, t),
            Some(_) => format!("{}", self.value),
            None if self.min == self.max => format!("{}", self.min),
            None => format!("{}–{}", self.min, self.max),
        }
    }
}

impl Answer {
    pub fn kind(&self) -> QuestionKind {
        match self {
            Answer::Choice { correct, .. } => {
                if correct.iter().filter(|c| **c).count() > 1 {
                    QuestionKind::MultiChoice
                } else {
                    QuestionKind::Choice
                }
            }
            Answer::TrueFalse { .. } => QuestionKind::TrueFalse,
            Answer::Typed { .. } => QuestionKind::Typed,
            Answer::Cloze { .. } => QuestionKind::Cloze,
            Answer::Matching { .. } => QuestionKind::Matching,
            Answer::Ordering { .. } => QuestionKind::Ordering,
            Answer::Flashcard { .. } => QuestionKind::Flashcard,
            Answer::Evidence { .. } => QuestionKind::Evidence,
            Answer::Numeric { .. } => QuestionKind::Numeric,
            Answer::TwoPart { .. } => QuestionKind::TwoPart,
        }
    }
}

/// A piece of a cloze sentence: text shown as is, or a gap with the answers it accepts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ClozeSegment {
    Text(String),
    Gap { accept: Vec<String> },
}

/// Serde for the sentence lists shared between questions (`Arc<[String]>`), without serde's `rc`
/// feature (which would rebuild every crate depending on serde): written as a plain list; the bank
/// cache shares them again after reading.
mod shared_sentences {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(sentences: &Arc<[String]>, to: S) -> Result<S::Ok, S::Error> {
        sentences.as_ref().serialize(to)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Arc<[String]>, D::Error> {
        Vec::<String>::deserialize(from).map(Arc::from)
    }
}
