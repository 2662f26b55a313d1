//! Questions generated from a bank's model (attribution, certainty, roles, causes).

use super::model::{Bank, Question};

/// Questions generated from `bank`'s actors, claims, implications and responses.
// Stub so validation compiles; the derive engineer replaces this body.
pub fn derive_questions(_bank: &Bank) -> Vec<Question> {
    Vec::new()
}
