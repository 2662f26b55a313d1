//! Which questions a session asks: a section, a tag, an actor — the filter the library, the reader
//! and the custom-session window hand to [`super::session::Session::new`].

use serde::{Deserialize, Serialize};

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
