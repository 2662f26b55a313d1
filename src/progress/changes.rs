//! Questions a teacher changed since the student last answered them. Progress is keyed by bank id and
//! question id, so fixing a typo keeps it; each review also stores the question's content hash, and a
//! question whose hash differs from its last review's is offered to the student to keep or reset
//! (a reset is an [`Event::Reset`] record).

use std::collections::HashMap;

use crate::QuestionId;
use crate::bank::Bank;
use crate::study::{Event, Record};

/// The bank's questions whose content hash differs from the one stored with their latest review
/// (undone reviews do not count; a reset after the review clears it). In the bank's question order.
pub fn changed_questions(records: &[Record], bank: &Bank) -> Vec<QuestionId> {
    let undone = crate::study::record::undone_ids(records);
    // The latest relevant hash per question: Some(hash) after a review, None after a reset.
    let mut last_hash: HashMap<&QuestionId, Option<u64>> = HashMap::new();
    let mut ordered: Vec<&Record> = records.iter().filter(|r| r.bank == bank.id).collect();
    ordered.sort_by_key(|r| r.at_ms);
    for record in ordered {
        match &record.event {
            // A hash of 0 means "not recorded" (older records): no opinion, keep what we had.
            Event::Review { content_hash, .. }
                if *content_hash != 0 && !undone.contains(&record.id) =>
            {
                last_hash.insert(&record.question, Some(*content_hash));
            }
            Event::Reset => {
                last_hash.insert(&record.question, None);
            }
            Event::Keep { content_hash } => {
                last_hash.insert(&record.question, Some(*content_hash));
            }
            _ => {}
        }
    }
    bank.questions
        .iter()
        .filter(|q| matches!(last_hash.get(&q.id), Some(Some(hash)) if *hash != q.content_hash))
        .map(|q| q.id.clone())
        .collect()
}
