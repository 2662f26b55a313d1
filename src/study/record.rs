//! What the student did, as it is written to the progress log: one [`Record`] per answer, undo, bury,
//! suspend or reset. Card states are never stored as truth; they are derived by replaying these records
//! in time order, so the log alone can rebuild everything and two devices' logs can be merged.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::{BankId, QuestionId};

/// A unique id for one record, made from the time and randomness, so that the same review appearing in
/// two merged logs is recognised as one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(pub String);

impl RecordId {
    /// A new id: milliseconds since the epoch, then 64 random bits, in hex (sortable by time).
    pub fn new(at_ms: i64) -> Self {
        let random: u64 = rand::random();
        Self(format!("{at_ms:013x}-{random:016x}"))
    }
}

/// The four FSRS/Anki ratings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Rating {
    Again,
    Hard,
    Good,
    Easy,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn label(self) -> &'static str {
        match self {
            Rating::Again => "Again",
            Rating::Hard => "Hard",
            Rating::Good => "Good",
            Rating::Easy => "Easy",
        }
    }
}

/// One line of the progress log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: RecordId,
    /// When it happened: milliseconds since the Unix epoch, UTC.
    pub at_ms: i64,
    /// The student's UTC offset then, so "which day" is answered as the student lived it.
    #[serde(default)]
    pub utc_offset_secs: i32,
    pub bank: BankId,
    pub question: QuestionId,
    pub event: Event,
}

/// What happened to the question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// The student answered and rated.
    Review {
        rating: Rating,
        /// Credit for the answer, 0.0 (wrong) to 1.0 (right); partial credit in between.
        score: f32,
        /// The answer as given, for the teacher's export ("" for flashcards).
        #[serde(default)]
        answer: String,
        /// How long the student took to answer, in milliseconds.
        #[serde(default)]
        duration_ms: u64,
        /// Hash of the question's content when it was answered ([`crate::bank::Question::content_hash`]).
        #[serde(default)]
        content_hash: u64,
    },
    /// Takes back the review with this id, as if it never happened.
    Undo {
        review: RecordId,
    },
    /// Hidden until the next day starts.
    Bury,
    /// Hidden until unsuspended.
    Suspend,
    Unsuspend,
    /// Forget all earlier progress on the question (after the teacher changed it substantially).
    Reset,
    /// Keep the progress on a question the teacher changed: remembers its new content hash so the
    /// student is not asked again. Changes no card state.
    Keep {
        content_hash: u64,
    },
}

/// The ids of the records that an `Undo` record in `records` takes back: replay, statistics, export and
/// the optimiser all leave these out.
pub fn undone_ids(records: &[Record]) -> HashSet<&RecordId> {
    records
        .iter()
        .filter_map(|r| match &r.event {
            Event::Undo { review } => Some(review),
            _ => None,
        })
        .collect()
}
