//! What goes into a study session's queue: the part of the bank chosen, and how new questions are
//! spread among the due reviews. [`super::session`] builds the queue with these.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use crate::QuestionId;
use crate::bank::{Bank, Question};

/// Which part of the bank to study; `None` means no restriction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionFilter {
    /// Only questions whose passage is in this section.
    pub section: Option<String>,
    /// Only questions with this tag.
    pub tag: Option<String>,
    /// Only questions about this actor id.
    pub actor: Option<String>,
    /// Study every due review, past the daily review limit ("study them anyway").
    pub past_review_limit: bool,
}

impl SessionFilter {
    /// Whether `question` belongs in a session with this filter.
    pub fn matches(&self, bank: &Bank, question: &Question) -> bool {
        self.section
            .as_deref()
            .is_none_or(|s| bank.section_of(question) == Some(s))
            && self
                .tag
                .as_ref()
                .is_none_or(|t| question.tags.iter().any(|q| q == t))
            && self
                .actor
                .as_ref()
                .is_none_or(|a| question.about.iter().any(|q| q == a))
    }
}

pub(super) fn push_new<'a>(
    new_cards: &mut Vec<&'a QuestionId>,
    id: &'a QuestionId,
    allowance: usize,
) -> bool {
    if new_cards.len() < allowance {
        new_cards.push(id);
        true
    } else {
        false
    }
}

/// Spreads `new` evenly through `reviews` (reviews keep their order, new cards keep theirs).
pub(super) fn interleave(reviews: Vec<QuestionId>, new: Vec<QuestionId>) -> VecDeque<QuestionId> {
    let total = reviews.len() + new.len();
    let mut out = VecDeque::with_capacity(total);
    let mut reviews = reviews.into_iter();
    let mut new_iter = new.iter().cloned();
    let new_count = new.len();
    let mut placed_new = 0usize;
    for slot in 0..total {
        // Place a new card when it is "behind" its even share of the slots so far.
        let want_new = (placed_new + 1) * total <= (slot + 1) * new_count;
        let next = if want_new {
            new_iter.next().or_else(|| reviews.next())
        } else {
            reviews.next().or_else(|| new_iter.next())
        };
        if let Some(q) = next {
            if want_new {
                placed_new += 1;
            }
            out.push_back(q);
        }
    }
    out
}
