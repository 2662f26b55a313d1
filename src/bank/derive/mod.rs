//! Questions generated from a bank's model (attribution, certainty, roles, causes, response status), so
//! that every bank — a teacher's too — gets them for free.
//!
//! Guarantees, each tested (here and in `tests/derived_questions.rs`):
//! - **Stable ids** built only from what a question is derived from (`derived/certainty/<claim-id>`), so a
//!   student's progress survives reloads and edits elsewhere in the bank.
//! - **Deterministic**: the same bank gives the same questions, options and order; every choice is seeded
//!   with [`crate::stable_hash`] of the question id, never with a thread RNG.
//! - **No defensible wrong option**: distractors come from the same bank, never equal the answer after
//!   folding, and leave out whatever a careful reader could defend: for a speaker, an actor named in the
//!   same paragraph, one whose name contains the speaker's, and the body the speaker belongs to or its
//!   members (`member_of`); for a cause, one from the same paragraph, sharing a content word, or leading
//!   to a similar effect; for a certainty or a status, the labels listed as defensible for it. A question
//!   left with fewer than two plainly wrong options is not generated.
//! - **Cannot be gamed**: no certainty label answers more than 40 % of the label questions (the rest are
//!   asked the other way round, "Which of these does the article present as …?"), and likewise for
//!   statuses.
//! - **Right about voices**: "the article's own opinion" only for the article's own voice; a claim or a
//!   cause by someone else is put in their name, never "according to the article".
//! - **Grammar**: names keep their capitals, only a leading article is lower-cased inside a sentence, a
//!   common noun capitalised as a label ("Analysts") is lower-cased; quotes inside quotes become single
//!   marks; a quoted statement reads on its own (no dangling "In return, …").
//! - **Switched off per item**: `derived_questions: false` on a bank, actor, claim or implication.

mod attribution;
mod cause;
mod certainty;
mod roles;
mod status;
mod wording;

use std::collections::HashSet;

use super::model::{Answer, Bank, Certainty, Claim, Implication, Origin, Question};
use super::text::{find_quote, fold_char, sentence_ranges};
use crate::{QuestionId, stable_hash};

use self::attribution::attribution_question;
use self::cause::cause_question;
use self::certainty::certainty_questions;
use self::roles::role_matching_questions;
use self::status::status_questions;
use self::wording::*;

/// How many distractors a generated multiple-choice question offers at most.
const MAX_DISTRACTORS: usize = 3;

/// How many actors a generated matching question pairs at most.
const MAX_ACTORS_PER_MATCHING: usize = 4;

/// Questions generated from `bank`'s actors, claims and implications, in a fixed order: attribution,
/// certainty, role matching, causes. Called by validation after the bank is known to be consistent, and
/// only when the bank's `derived_questions` is true.
pub fn derive_questions(bank: &Bank) -> Vec<Question> {
    let mut questions = Vec::new();
    for claim in &bank.claims {
        if let Some(question) = attribution_question(bank, claim) {
            questions.push(question);
        }
    }
    questions.extend(certainty_questions(bank));
    questions.extend(role_matching_questions(bank));
    for implication in &bank.implications {
        if let Some(question) = cause_question(bank, implication) {
            questions.push(question);
        }
    }
    questions.extend(status_questions(bank));
    questions
}

/// A single-answer choice question citing `claim`'s passage and quote.
#[allow(clippy::too_many_arguments)]
fn choice_question(
    id: String,
    prompt: String,
    claim: &Claim,
    explanation: String,
    about: Vec<String>,
    kind_tag: &str,
    correct: String,
    distractors: Vec<String>,
) -> Question {
    let correct_flags = std::iter::once(true)
        .chain(distractors.iter().map(|_| false))
        .collect();
    let answer = Answer::Choice {
        options: std::iter::once(correct).chain(distractors).collect(),
        correct: correct_flags,
    };
    Question {
        content_hash: content_hash(&prompt, &answer),
        id: QuestionId(id),
        prompt,
        passage: claim.passage.clone(),
        quote: Some(claim.quote.clone()),
        explanation,
        about,
        tags: vec!["derived".to_owned(), kind_tag.to_owned()],
        answer,
        origin: Origin::Derived,
        review: false,
    }
}

/// Up to [`MAX_DISTRACTORS`] of `candidates`, chosen with a seed from `id`: never equal to `answer` or to
/// each other after folding. `None` when fewer than two distinct ones remain.
fn pick_distractors(id: &str, answer: &str, candidates: Vec<String>) -> Option<Vec<String>> {
    let mut seen = HashSet::from([fold(answer)]);
    let mut distinct: Vec<String> = candidates
        .into_iter()
        .filter(|c| !c.trim().is_empty() && seen.insert(fold(c)))
        .collect();
    if distinct.len() < 2 {
        return None;
    }
    let mut rng = SplitMix64::new(stable_hash(id.as_bytes()));
    rng.shuffle(&mut distinct);
    distinct.truncate(MAX_DISTRACTORS);
    Some(distinct)
}

/// What a student is asked and what counts as right, hashed the same way for every derived question.
fn content_hash(prompt: &str, answer: &Answer) -> u64 {
    let mut buffer = String::from(prompt);
    buffer.push('\u{1f}');
    match answer {
        Answer::Choice { options, correct } => {
            for (option, is_correct) in options.iter().zip(correct) {
                buffer.push_str(if *is_correct { "right" } else { "wrong" });
                buffer.push('\u{1e}');
                buffer.push_str(option);
                buffer.push('\u{1f}');
            }
        }
        Answer::Matching { pairs } => {
            buffer.push_str("matching");
            for (left, right) in pairs {
                buffer.push('\u{1e}');
                buffer.push_str(left);
                buffer.push('\u{1d}');
                buffer.push_str(right);
            }
        }
        other => buffer.push_str(other.kind().label()),
    }
    stable_hash(buffer.as_bytes())
}

/// A tiny seeded generator (SplitMix64) whose sequence is fixed forever, unlike `rand`'s `StdRng`, so
/// derived distractors and their order never change between versions of Dossier's dependencies.
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Fisher–Yates shuffle.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            // `i + 1` fits in u64 and the result is at most `i`, so both casts are lossless.
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests;
