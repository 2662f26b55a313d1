//! Questions a teacher changed since the student last answered them. Progress is keyed by bank id and
//! question id, so fixing a typo keeps it; each review also stores the question's content hash, and a
//! question whose hash differs from its last review's is offered to the student to keep or reset
//! (a reset is an [`Event::Reset`] record).
//!
//! The records are read once for every bank ([`LastContentHashes::of`]); each bank then costs only
//! its own questions, so a library of a hundred banks does not scan the log a hundred times.

use crate::bank::lazy::QuestionList;
use std::collections::HashMap;

use crate::study::collection::QuestionMap;

use serde::{Deserialize, Serialize};

use crate::bank::Bank;
use crate::study::stats_index::NeedsRebuild;
use crate::study::{Event, Record, RecordId};
use crate::{BankId, QuestionId};

/// The content hash each question had when it was last reviewed or kept (`None` after a reset), for
/// every bank, from one pass over the records. Kept up to date record by record ([`Self::apply`]) and
/// persisted in the progress index, so start-up need not read the log for it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LastContentHashes {
    /// Per bank a [`QuestionMap`], as for the card states.
    latest: HashMap<BankId, QuestionMap<Latest>>,
}

/// The hash of one question's latest relevant record, and what undoing that record needs. Two are
/// equal when they hold the same hash (the undo memory is bookkeeping).
#[derive(Clone, Debug, Serialize, Deserialize)]
struct Latest {
    hash: Option<u64>,
    /// `None` once let go (see [`LastContentHashes::forget_undo_before`]): an undo of a review of
    /// this question then asks for a rebuild. Boxed: most questions of a long history have none.
    undo: Option<Box<LatestUndo>>,
}

impl PartialEq for Latest {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash
    }
}

/// The latest record's id and time, and the one before it, so that undoing a review is exact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct LatestUndo {
    record: RecordId,
    at_ms: i64,
    /// Whether `record` is a review (an undo takes back reviews only).
    review: bool,
    before: Before,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
enum Before {
    /// No relevant record came before.
    Nothing,
    /// The previous latest record's id (`None` when its undo memory was let go) and hash.
    Known(Option<RecordId>, Option<u64>),
    /// Forgotten (one undo already went back to it): a further undo needs a rebuild.
    Forgotten,
}

impl LastContentHashes {
    /// Reads every record once. Undone reviews do not count; a hash of 0 means "not recorded" (older
    /// records) and changes nothing. Among records of the same millisecond the later in the log wins,
    /// as in replay.
    pub fn of(records: &[Record]) -> Self {
        Self::of_bank(records, None)
    }

    /// [`LastContentHashes::of`], keeping only the records of `only` when given.
    fn of_bank(records: &[Record], only: Option<&BankId>) -> Self {
        let undone = crate::study::record::undone_ids(records);
        let mut relevant: Vec<&Record> = records
            .iter()
            .filter(|r| only.is_none_or(|bank| *bank == r.bank))
            .filter(|r| match &r.event {
                Event::Review { content_hash, .. } => *content_hash != 0 && !undone.contains(&r.id),
                Event::Keep { .. } | Event::Reset => true,
                _ => false,
            })
            .collect();
        // Stable: records of the same millisecond keep their log order, so the later one wins.
        if !relevant.is_sorted_by_key(|r| r.at_ms) {
            relevant.sort_by_key(|r| r.at_ms);
        }
        let mut hashes = Self::default();
        for record in relevant {
            // No undo records are left, so applying cannot ask for a rebuild.
            let _ = hashes.apply(record);
        }
        for questions in hashes.latest.values_mut() {
            questions.shrink_to_fit();
        }
        hashes
    }

    /// Applies one record that comes after every record applied so far (in time order). An undo of
    /// a question's latest review goes back to the record before it; an undo of an older review
    /// changes nothing (it was not the latest); going back twice asks for a rebuild.
    pub fn apply(&mut self, record: &Record) -> Result<(), NeedsRebuild> {
        let (hash, review) = match &record.event {
            Event::Review { content_hash, .. } if *content_hash != 0 => (Some(*content_hash), true),
            Event::Keep { content_hash } => (Some(*content_hash), false),
            Event::Reset => (None, false),
            Event::Undo { review } => return self.undo(record, review),
            _ => return Ok(()),
        };
        if !self.latest.contains_key(&record.bank) {
            self.latest
                .insert(record.bank.clone(), QuestionMap::default());
        }
        let Some(questions) = self.latest.get_mut(&record.bank) else {
            return Ok(());
        };
        let before = match questions.get(&record.question) {
            Some(old) => Before::Known(old.undo.as_ref().map(|u| u.record.clone()), old.hash),
            None => Before::Nothing,
        };
        questions.insert(
            record.question.clone(),
            Latest {
                hash,
                undo: Some(Box::new(LatestUndo {
                    record: record.id.clone(),
                    at_ms: record.at_ms,
                    review,
                    before,
                })),
            },
        );
        Ok(())
    }

    fn undo(&mut self, record: &Record, review: &RecordId) -> Result<(), NeedsRebuild> {
        let Some(questions) = self.latest.get_mut(&record.bank) else {
            return Ok(());
        };
        let Some(latest) = questions.get_mut(&record.question) else {
            return Ok(());
        };
        let Some(undo) = &mut latest.undo else {
            // Which review came last is no longer known: only the log can tell.
            return Err(NeedsRebuild);
        };
        if &undo.record != review || !undo.review {
            return Ok(());
        }
        let at_ms = undo.at_ms;
        match std::mem::replace(&mut undo.before, Before::Forgotten) {
            Before::Nothing => {
                questions.swap_remove(&record.question);
            }
            Before::Known(id, hash) => {
                latest.hash = hash;
                // Whether that record was a review is not kept: an undo naming it reaches the
                // `Forgotten` arm and asks for a rebuild, which is always right.
                latest.undo = id.map(|id| {
                    Box::new(LatestUndo {
                        record: id,
                        at_ms,
                        review: true,
                        before: Before::Forgotten,
                    })
                });
            }
            Before::Forgotten => return Err(NeedsRebuild),
        }
        Ok(())
    }

    /// Lets go of the undo memory of the latest records made before `cutoff_ms` (which record came
    /// last, and the one before it), as [`crate::study::Collection::forget_undo_before`] does for the
    /// card states: the hashes stay, an undo touching such a question asks for a rebuild.
    pub fn forget_undo_before(&mut self, cutoff_ms: i64) {
        for latest in self
            .latest
            .values_mut()
            .flat_map(|questions| questions.values_mut())
        {
            if latest
                .undo
                .as_ref()
                .is_some_and(|undo| undo.at_ms < cutoff_ms)
            {
                latest.undo = None;
            }
        }
    }

    /// The bank's questions whose content hash differs from the one stored with their latest review,
    /// in the bank's question order.
    pub fn changed_in(&self, bank: &impl QuestionList) -> Vec<QuestionId> {
        let Some(questions) = self.latest.get(bank.bank_id()) else {
            return Vec::new();
        };
        bank.question_digests()
            .filter(|(id, content_hash)| {
                matches!(questions.get(*id), Some(Latest { hash: Some(hash), .. }) if hash != content_hash)
            })
            .map(|(id, _)| id.clone())
            .collect()
    }
}

/// The bank's questions whose content hash differs from the one stored with their latest review
/// (undone reviews do not count; a reset after the review clears it). In the bank's question order.
/// For many banks, build [`LastContentHashes`] once instead.
pub fn changed_questions(records: &[Record], bank: &Bank) -> Vec<QuestionId> {
    LastContentHashes::of_bank(records, Some(&bank.id)).changed_in(bank)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::{Rating, RecordId};

    fn bank(id: &str) -> Bank {
        let source = include_str!("../../tests/fixtures/good/mini.ron").replacen(
            "id: \"mini\"",
            &format!("id: \"{id}\""),
            1,
        );
        crate::bank::validate::load_bank_str(&source, std::path::Path::new("mini.ron")).unwrap()
    }

    fn reviewed(id: &str, at_ms: i64, bank: &str, content_hash: u64) -> Record {
        Record {
            id: RecordId(id.to_owned()),
            at_ms,
            utc_offset_secs: 0,
            bank: BankId::from(bank),
            question: QuestionId::from("what-supplied"),
            event: Event::Review {
                rating: Rating::Good,
                score: 1.0,
                answer: String::new(),
                duration_ms: 0,
                content_hash,
            },
        }
    }

    #[test]
    fn one_pass_keeps_banks_apart_and_lets_the_later_of_two_same_moment_records_win() {
        let (one, two) = (bank("one"), bank("two"));
        let current = one
            .question(&QuestionId::from("what-supplied"))
            .unwrap()
            .content_hash;
        let records = vec![
            reviewed("a", 5, "one", current),
            reviewed("b", 5, "two", current),
            // Same millisecond, later in the log: this is the latest review of bank two's question.
            reviewed("c", 5, "two", current ^ 1),
            // Older than "a" though later in the log (a merged device): does not count as latest.
            reviewed("d", 1, "one", current ^ 1),
        ];
        let hashes = LastContentHashes::of(&records);
        assert_eq!(hashes.changed_in(&one), Vec::<QuestionId>::new());
        assert_eq!(hashes.changed_in(&two), [QuestionId::from("what-supplied")]);
        assert_eq!(changed_questions(&records, &two), hashes.changed_in(&two));
    }
}
