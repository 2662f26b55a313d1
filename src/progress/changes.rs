//! Questions a teacher changed since the student last answered them. Progress is keyed by bank id and
//! question id, so fixing a typo keeps it; each review also stores the question's content hash, and a
//! question whose hash differs from its last review's is offered to the student to keep or reset
//! (a reset is an [`Event::Reset`] record).
//!
//! The records are read once for every bank ([`LastContentHashes::of`]); each bank then costs only
//! its own questions, so a library of a hundred banks does not scan the log a hundred times.

use std::collections::HashMap;

use crate::bank::Bank;
use crate::study::{Event, Record};
use crate::{BankId, QuestionId};

/// The content hash each question had when it was last reviewed or kept (`None` after a reset), for
/// every bank, from one pass over the records.
#[derive(Debug, Default)]
pub struct LastContentHashes {
    /// (time, position in the log, hash) of the latest relevant record per question.
    latest: HashMap<(BankId, QuestionId), (i64, usize, Option<u64>)>,
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
        let mut latest: HashMap<(BankId, QuestionId), (i64, usize, Option<u64>)> = HashMap::new();
        for (position, record) in records.iter().enumerate() {
            if only.is_some_and(|bank| *bank != record.bank) {
                continue;
            }
            let hash = match &record.event {
                Event::Review { content_hash, .. }
                    if *content_hash != 0 && !undone.contains(&record.id) =>
                {
                    Some(*content_hash)
                }
                Event::Keep { content_hash } => Some(*content_hash),
                Event::Reset => None,
                _ => continue,
            };
            let key = (record.bank.clone(), record.question.clone());
            let entry = latest.entry(key).or_insert((record.at_ms, position, hash));
            if (record.at_ms, position) >= (entry.0, entry.1) {
                *entry = (record.at_ms, position, hash);
            }
        }
        Self { latest }
    }

    /// The bank's questions whose content hash differs from the one stored with their latest review,
    /// in the bank's question order.
    pub fn changed_in(&self, bank: &Bank) -> Vec<QuestionId> {
        if self.latest.is_empty() {
            return Vec::new();
        }
        let mut key = (bank.id.clone(), QuestionId(String::new()));
        bank.questions
            .iter()
            .filter(|q| {
                key.1.0.clone_from(&q.id.0);
                matches!(self.latest.get(&key), Some((_, _, Some(hash))) if *hash != q.content_hash)
            })
            .map(|q| q.id.clone())
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
