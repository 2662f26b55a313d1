//! Grading: the student's response to a question becomes a [`Verdict`] with a score, the right answer in
//! words, feedback per part, and a suggested rating. Pure and forgiving in the ways a teacher would be:
//! case, accents of typography, punctuation, "the", and small typos, but never a typo that is really
//! another answer.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::record::Rating;
use crate::bank::text::fold_char;
use crate::bank::{Answer, Bank, ClozeSegment, Question};

/// What the student answered. Indices refer to the question's own lists, in the bank's order (the UI
/// shuffles what it shows, and maps back).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// Option indices chosen (indices into `Answer::Choice.options`).
    Choice(Vec<usize>),
    /// The statement judged true (`true`) or false.
    TrueFalse(bool),
    /// The text typed, as typed.
    Typed(String),
    /// One string per gap.
    Cloze(Vec<String>),
    /// For pair `i` (left side), the index of the right side chosen.
    Matching(Vec<Option<usize>>),
    /// Item indices in the order the student put them.
    Ordering(Vec<usize>),
    /// Self-graded.
    Flashcard(Rating),
    /// The sentence index chosen as evidence.
    Evidence(usize),
    /// A two-part question: the Part-A option indices chosen and the Part-B sentence index.
    TwoPart { choice: Vec<usize>, sentence: usize },
}

/// How the answer was judged overall.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// Full credit (a forgiven typo included).
    Correct,
    /// Some gaps, pairs, options or order right.
    Partial,
    /// No credit.
    Wrong,
}

/// Feedback on one gap, pair, option or position, so the student sees exactly what they missed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartFeedback {
    /// What the part is: "Gap 2", the left side of a pair, an option's text, "Position 3".
    pub label: String,
    /// What the student gave for it ("" for nothing).
    pub given: String,
    /// What was expected.
    pub expected: String,
    /// Whether this part earned its credit.
    pub right: bool,
    /// When a typo was forgiven: the accepted spelling, to show the student.
    pub accepted_spelling: Option<String>,
}

/// The judgement on one answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Right, partly right or wrong.
    pub outcome: Outcome,
    /// Credit from 0.0 to 1.0; partial credit in between.
    pub score: f32,
    /// The right answer, readable.
    pub expected: String,
    /// Per gap / pair / option / position; empty for single-answer kinds.
    pub parts: Vec<PartFeedback>,
    /// The accepted spelling when the answer was right apart from a forgiven typo.
    pub forgiven_typo: Option<String>,
    /// How much text the question asks the student to read (characters), for the speed thresholds of
    /// [`Self::suggested_rating`].
    pub reading_chars: usize,
}

impl Verdict {
    /// The ratings that fit the verdict, so a wrong answer cannot be rated Easy and then counted as
    /// known: wrong → Again; partly right → Again or Hard; right → Hard, Good or Easy.
    pub fn fitting_ratings(&self) -> &'static [Rating] {
        match self.outcome {
            Outcome::Wrong => &[Rating::Again],
            Outcome::Partial => &[Rating::Again, Rating::Hard],
            Outcome::Correct => &[Rating::Hard, Rating::Good, Rating::Easy],
        }
    }

    /// The rating the rating bar pre-selects: wrong → Again; partial → Hard; right → Good, or Easy when
    /// answered fast, or Hard when slow.
    ///
    /// "Fast" and "slow" are relative to a reading budget of 2 s + 40 ms per character of question text
    /// (about 25 characters a second, a brisk reading pace): at most the budget is fast, more than three
    /// times it is slow. A forgiven typo is never Easy.
    pub fn suggested_rating(&self, duration_ms: u64) -> Rating {
        let budget_ms = 2_000 + 40 * self.reading_chars as u64;
        match self.outcome {
            Outcome::Wrong => Rating::Again,
            Outcome::Partial => Rating::Hard,
            Outcome::Correct if duration_ms > 3 * budget_ms => Rating::Hard,
            Outcome::Correct if duration_ms <= budget_ms && self.forgiven_typo.is_none() => {
                Rating::Easy
            }
            Outcome::Correct => Rating::Good,
        }
    }
}

/// Grades `response` with no knowledge of the rest of the bank; see [`grade_with`].
pub fn grade(question: &Question, response: &Response) -> Verdict {
    grade_with(question, response, &KnownAnswers::default())
}

/// The names and answers a bank mentions, normalised once, so that a typed answer that is really one
/// of them is not forgiven as a typo of the accepted answer ("Russia" is not a typo of "Prussia" in a
/// bank that mentions Russia).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KnownAnswers {
    normalized: Vec<String>,
}

impl KnownAnswers {
    /// Actors' names and aliases, options, accepted answers, pair sides and items of every question.
    pub fn from_bank(bank: &Bank) -> Self {
        Self::from_texts(known_answers(bank))
    }

    /// From any list of names and answers.
    pub fn from_texts(texts: impl IntoIterator<Item = String>) -> Self {
        let mut normalized: Vec<String> = texts
            .into_iter()
            .map(|t| normalize_answer(&t))
            .filter(|t| !t.is_empty())
            .collect();
        normalized.sort_unstable();
        normalized.dedup();
        Self { normalized }
    }
}

/// Grades `response`, treating `known` names and answers as rivals when forgiving typos.
pub fn grade_with(question: &Question, response: &Response, known: &KnownAnswers) -> Verdict {
    let known_answers = &known.normalized;
    let reading_chars = reading_chars(question);
    let mut verdict = match (&question.answer, response) {
        (Answer::Choice { options, correct }, Response::Choice(chosen)) => {
            grade_choice(options, correct, chosen)
        }
        (Answer::TrueFalse { answer }, Response::TrueFalse(given)) => {
            single(answer == given, yes_no(*answer))
        }
        (Answer::Typed { accept }, Response::Typed(given)) => {
            let found = match_text(given, accept, known_answers);
            let mut verdict = single(found.right, first(accept));
            verdict.forgiven_typo = found.forgiven;
            verdict
        }
        (Answer::Cloze { segments }, Response::Cloze(given)) => {
            grade_cloze(segments, given, known_answers)
        }
        (Answer::Matching { pairs }, Response::Matching(chosen)) => grade_matching(pairs, chosen),
        (Answer::Ordering { items }, Response::Ordering(order)) => grade_ordering(items, order),
        (Answer::Flashcard { back }, Response::Flashcard(rating)) => {
            single(*rating != Rating::Again, back.clone())
        }
        (Answer::Numeric { accept }, Response::Typed(given)) => grade_numeric(accept, given),
        (
            Answer::Evidence {
                sentences,
                correct_sentence,
                ..
            },
            Response::Evidence(chosen),
        ) => single(
            chosen == correct_sentence,
            sentences
                .get(*correct_sentence)
                .cloned()
                .unwrap_or_default(),
        ),
        (
            Answer::TwoPart {
                options,
                correct,
                sentences,
                correct_sentence,
                ..
            },
            Response::TwoPart { choice, sentence },
        ) => grade_two_part(
            options,
            correct,
            choice,
            sentences,
            *correct_sentence,
            *sentence,
        ),
        (answer, _) => single(false, expected_text(answer)),
    };
    verdict.reading_chars = reading_chars;
    verdict
}

/// The names and answers a bank mentions (actors and aliases, options, accepted answers, pair sides,
/// items), as written; [`KnownAnswers::from_bank`] normalises them for grading.
pub fn known_answers(bank: &Bank) -> Vec<String> {
    let mut known: BTreeSet<String> = BTreeSet::new();
    for actor in &bank.actors {
        known.insert(actor.name.clone());
        known.extend(actor.aliases.iter().cloned());
    }
    for question in &bank.questions {
        match &question.answer {
            Answer::Choice { options, .. } | Answer::TwoPart { options, .. } => {
                known.extend(options.iter().cloned());
            }
            Answer::Typed { accept } => known.extend(accept.iter().cloned()),
            Answer::Cloze { segments } => {
                for segment in segments {
                    if let ClozeSegment::Gap { accept } = segment {
                        known.extend(accept.iter().cloned());
                    }
                }
            }
            Answer::Matching { pairs } => {
                for (left, right) in pairs {
                    known.insert(left.clone());
                    known.insert(right.clone());
                }
            }
            Answer::Ordering { items } => known.extend(items.iter().cloned()),
            Answer::TrueFalse { .. }
            | Answer::Flashcard { .. }
            | Answer::Evidence { .. }
            | Answer::Numeric { .. } => {}
        }
    }
    known.into_iter().collect()
}

/// The student's answer in words, for the progress log and the teacher's export ("" for flashcards).
pub fn response_text(question: &Question, response: &Response) -> String {
    match (&question.answer, response) {
        (Answer::Choice { options, .. }, Response::Choice(chosen)) => chosen
            .iter()
            .filter_map(|i| options.get(*i).cloned())
            .collect::<Vec<_>>()
            .join("; "),
        (_, Response::TrueFalse(given)) => yes_no(*given),
        (_, Response::Typed(given)) => given.trim().to_owned(),
        (_, Response::Cloze(gaps)) => gaps
            .iter()
            .map(|g| g.trim())
            .collect::<Vec<_>>()
            .join(" | "),
        (Answer::Matching { pairs }, Response::Matching(chosen)) => pairs
            .iter()
            .zip(chosen)
            .map(|((left, _), right)| {
                let right = right
                    .and_then(|r| pairs.get(r))
                    .map_or("—", |(_, r)| r.as_str());
                format!("{left} → {right}")
            })
            .collect::<Vec<_>>()
            .join("; "),
        (Answer::Ordering { items }, Response::Ordering(order)) => order
            .iter()
            .filter_map(|i| items.get(*i).cloned())
            .collect::<Vec<_>>()
            .join(" → "),
        (_, Response::Flashcard(_)) => String::new(),
        (Answer::Evidence { sentences, .. }, Response::Evidence(chosen)) => {
            sentences.get(*chosen).cloned().unwrap_or_default()
        }
        (
            Answer::TwoPart {
                options, sentences, ..
            },
            Response::TwoPart { choice, sentence },
        ) => {
            let part_a = choice
                .iter()
                .filter_map(|i| options.get(*i).cloned())
                .collect::<Vec<_>>()
                .join("; ");
            let part_b = sentences.get(*sentence).cloned().unwrap_or_default();
            format!("A: {part_a} | B: {part_b}")
        }
        _ => String::new(),
    }
}

/// The right answer of a question, readable.
pub fn expected_text(answer: &Answer) -> String {
    match answer {
        Answer::Choice { options, correct } => options
            .iter()
            .zip(correct)
            .filter(|(_, c)| **c)
            .map(|(o, _)| o.clone())
            .collect::<Vec<_>>()
            .join("; "),
        Answer::TrueFalse { answer } => yes_no(*answer),
        Answer::Typed { accept } => first(accept),
        Answer::Cloze { segments } => segments
            .iter()
            .map(|s| match s {
                ClozeSegment::Text(text) => text.clone(),
                ClozeSegment::Gap { accept } => format!("[{}]", first(accept)),
            })
            .collect(),
        Answer::Matching { pairs } => pairs
            .iter()
            .map(|(l, r)| format!("{l} → {r}"))
            .collect::<Vec<_>>()
            .join("; "),
        Answer::Ordering { items } => items.join(" → "),
        Answer::Flashcard { back } => back.clone(),
        Answer::Numeric { accept } => accept.first().map(|n| n.describe()).unwrap_or_default(),
        Answer::Evidence {
            sentences,
            correct_sentence,
            ..
        } => sentences
            .get(*correct_sentence)
            .cloned()
            .unwrap_or_default(),
        Answer::TwoPart {
            options,
            correct,
            sentences,
            correct_sentence,
            ..
        } => two_part_expected(options, correct, sentences, *correct_sentence),
    }
}

fn two_part_expected(
    options: &[String],
    correct: &[bool],
    sentences: &[String],
    correct_sentence: usize,
) -> String {
    let part_a = expected_text_choice(options, correct);
    let part_b = sentences.get(correct_sentence).cloned().unwrap_or_default();
    format!("A: {part_a} | B: {part_b}")
}

/// Linked scoring, as reading assessments score Part A / Part B items: evidence only counts for an
/// answer it supports, so both right is full credit, Part A alone half, and Part B without Part A
/// nothing (a right sentence for a wrong answer shows no understanding of either).
fn grade_two_part(
    options: &[String],
    correct: &[bool],
    choice: &[usize],
    sentences: &[String],
    correct_sentence: usize,
    sentence: usize,
) -> Verdict {
    let part_a = grade_choice(options, correct, choice);
    let a_right = part_a.outcome == Outcome::Correct;
    let b_right = sentence == correct_sentence;
    let score = match (a_right, b_right) {
        (true, true) => 1.0,
        (true, false) => 0.5,
        (false, _) => 0.0,
    };
    let expected_sentence = sentences.get(correct_sentence).cloned().unwrap_or_default();
    let parts = vec![
        PartFeedback {
            label: "Part A".to_owned(),
            given: choice
                .iter()
                .filter_map(|i| options.get(*i).cloned())
                .collect::<Vec<_>>()
                .join("; "),
            expected: part_a.expected.clone(),
            right: a_right,
            accepted_spelling: None,
        },
        PartFeedback {
            label: "Part B".to_owned(),
            given: sentences.get(sentence).cloned().unwrap_or_default(),
            expected: expected_sentence,
            // Evidence for a wrong answer earns nothing, so it is not marked right either.
            right: a_right && b_right,
            accepted_spelling: None,
        },
    ];
    from_score(
        score,
        two_part_expected(options, correct, sentences, correct_sentence),
        parts,
    )
}

fn yes_no(value: bool) -> String {
    if value { "True" } else { "False" }.to_owned()
}

fn first(list: &[String]) -> String {
    list.first().cloned().unwrap_or_default()
}

fn single(right: bool, expected: String) -> Verdict {
    Verdict {
        outcome: if right {
            Outcome::Correct
        } else {
            Outcome::Wrong
        },
        score: if right { 1.0 } else { 0.0 },
        expected,
        parts: Vec::new(),
        forgiven_typo: None,
        reading_chars: 0,
    }
}

fn from_score(score: f32, expected: String, parts: Vec<PartFeedback>) -> Verdict {
    let score = score.clamp(0.0, 1.0);
    Verdict {
        outcome: if score >= 1.0 {
            Outcome::Correct
        } else if score > 0.0 {
            Outcome::Partial
        } else {
            Outcome::Wrong
        },
        score,
        expected,
        parts,
        forgiven_typo: None,
        reading_chars: 0,
    }
}

/// A number: the best credit among the accepted ranges containing it. Accepts a decimal comma
/// ("3,14") and spaces or thin spaces between digit groups ("1 822"), as students type them.
fn grade_numeric(accept: &[crate::bank::NumericAnswer], given: &str) -> Verdict {
    let expected = accept.first().map(|n| n.describe()).unwrap_or_default();
    let Some(number) = parse_number(given) else {
        return single(false, expected);
    };
    let credit = accept
        .iter()
        .filter(|n| n.min <= number && number <= n.max)
        .map(|n| n.credit)
        .fold(0.0_f32, f32::max);
    from_score(credit, expected, Vec::new())
}

/// A number as a student types it: "1822", "-3.5", "3,14", "1 822", "1e3"; `None` when it is not one.
pub fn parse_number(text: &str) -> Option<f64> {
    let compact: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '_'))
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    let normalized = if compact.contains(',') && !compact.contains('.') {
        // "3,14" is a decimal comma; "1,822" (three digits after) is a thousands separator.
        match compact.split_once(',') {
            Some((_, after)) if after.len() == 3 && !after.contains(',') => {
                compact.replace(',', "")
            }
            _ if compact.matches(',').count() == 1 => compact.replace(',', "."),
            _ => compact.replace(',', ""),
        }
    } else {
        compact.replace(',', "")
    };
    normalized.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Single choice: right or wrong. Multi-select: (right picks − wrong picks) / number of right options,
/// so ticking everything earns nothing.
fn grade_choice(options: &[String], correct: &[bool], chosen: &[usize]) -> Verdict {
    let chosen: BTreeSet<usize> = chosen
        .iter()
        .copied()
        .filter(|i| *i < options.len())
        .collect();
    let is_right = |i: usize| correct.get(i).copied().unwrap_or(false);
    let total_right = (0..options.len()).filter(|i| is_right(*i)).count().max(1);
    let right_picks = chosen.iter().filter(|i| is_right(**i)).count();
    let wrong_picks = chosen.len() - right_picks;
    let score = if total_right == 1 {
        if right_picks == 1 && wrong_picks == 0 {
            1.0
        } else {
            0.0
        }
    } else {
        (right_picks as f32 - wrong_picks as f32) / total_right as f32
    };
    let parts = options
        .iter()
        .enumerate()
        .filter(|(i, _)| chosen.contains(i) || is_right(*i))
        .map(|(i, option)| PartFeedback {
            label: option.clone(),
            given: if chosen.contains(&i) {
                "chosen"
            } else {
                "not chosen"
            }
            .to_owned(),
            expected: if is_right(i) { "right" } else { "wrong" }.to_owned(),
            right: chosen.contains(&i) == is_right(i),
            accepted_spelling: None,
        })
        .collect();
    from_score(score, expected_text_choice(options, correct), parts)
}

fn expected_text_choice(options: &[String], correct: &[bool]) -> String {
    expected_text(&Answer::Choice {
        options: options.to_vec(),
        correct: correct.to_vec(),
    })
}

fn grade_cloze(segments: &[ClozeSegment], given: &[String], known: &[String]) -> Verdict {
    let gaps: Vec<&Vec<String>> = segments
        .iter()
        .filter_map(|s| match s {
            ClozeSegment::Gap { accept } => Some(accept),
            ClozeSegment::Text(_) => None,
        })
        .collect();
    let mut parts = Vec::with_capacity(gaps.len());
    let mut forgiven_any = None;
    for (i, accept) in gaps.iter().enumerate() {
        let answer = given.get(i).map(String::as_str).unwrap_or("");
        // The other gaps' answers are "listed" answers too: filling gap 1 with gap 2's word is not a typo.
        let mut others: Vec<String> = gaps
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, a)| a.iter().map(|t| normalize_answer(t)))
            .collect();
        others.extend(known.iter().cloned());
        let found = match_text(answer, accept, &others);
        if found.forgiven.is_some() {
            forgiven_any.clone_from(&found.forgiven);
        }
        parts.push(PartFeedback {
            label: format!("Gap {}", i + 1),
            given: answer.trim().to_owned(),
            expected: first(accept),
            right: found.right,
            accepted_spelling: found.forgiven,
        });
    }
    let right = parts.iter().filter(|p| p.right).count();
    let score = if gaps.is_empty() {
        1.0
    } else {
        right as f32 / gaps.len() as f32
    };
    let mut verdict = from_score(
        score,
        expected_text(&Answer::Cloze {
            segments: segments.to_vec(),
        }),
        parts,
    );
    verdict.forgiven_typo = forgiven_any;
    verdict
}

fn grade_matching(pairs: &[(String, String)], chosen: &[Option<usize>]) -> Verdict {
    let parts: Vec<PartFeedback> = pairs
        .iter()
        .enumerate()
        .map(|(i, (left, right))| {
            let pick = chosen.get(i).copied().flatten();
            PartFeedback {
                label: left.clone(),
                given: pick
                    .and_then(|p| pairs.get(p))
                    .map(|(_, r)| r.clone())
                    .unwrap_or_default(),
                expected: right.clone(),
                right: pick == Some(i),
                accepted_spelling: None,
            }
        })
        .collect();
    let right = parts.iter().filter(|p| p.right).count();
    let score = right as f32 / pairs.len().max(1) as f32;
    let expected = expected_text(&Answer::Matching {
        pairs: pairs.to_vec(),
    });
    from_score(score, expected, parts)
}

/// Credit for every pair of items the student put in the right relative order (Kendall's tau as a
/// fraction), so one item out of place costs little and a reversed list earns nothing.
fn grade_ordering(items: &[String], order: &[usize]) -> Verdict {
    let mut seen = BTreeSet::new();
    let order: Vec<usize> = order
        .iter()
        .copied()
        .filter(|i| *i < items.len() && seen.insert(*i))
        .collect();
    let n = items.len();
    let total_pairs = n * n.saturating_sub(1) / 2;
    let mut in_order = 0usize;
    for a in 0..order.len() {
        for b in a + 1..order.len() {
            if order[a] < order[b] {
                in_order += 1;
            }
        }
    }
    let score = if total_pairs == 0 {
        if order.len() == n { 1.0 } else { 0.0 }
    } else {
        in_order as f32 / total_pairs as f32
    };
    let parts = items
        .iter()
        .enumerate()
        .map(|(position, expected)| {
            let given = order.get(position).copied();
            PartFeedback {
                label: format!("Position {}", position + 1),
                given: given
                    .and_then(|g| items.get(g))
                    .cloned()
                    .unwrap_or_default(),
                expected: expected.clone(),
                right: given == Some(position),
                accepted_spelling: None,
            }
        })
        .collect();
    from_score(score, items.join(" → "), parts)
}

/// The result of comparing typed text with accepted answers.
struct TextMatch {
    right: bool,
    /// The accepted spelling, when right only thanks to typo tolerance.
    forgiven: Option<String>,
}

/// Text as compared: Unicode NFKC, typographic quotes and dashes folded, lower case, apostrophes
/// dropped, other punctuation as spaces, whitespace collapsed, and a leading "the", "a" or "an" removed.
pub fn normalize_answer(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.nfkc() {
        let c = fold_char(c);
        if c == '\'' {
            continue;
        }
        for c in c.to_lowercase() {
            cleaned.push(if c.is_alphanumeric() { c } else { ' ' });
        }
    }
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    let words = match words.as_slice() {
        [article, rest @ ..] if !rest.is_empty() && matches!(*article, "the" | "a" | "an") => rest,
        all => all,
    };
    words.join(" ")
}

/// How many edits a typo may have, in proportion to the accepted answer's length: none up to 5
/// characters, then one per 6 characters ("Rusia" for "Russia": 1; "Stoltenburg": 1 of 1 allowed).
fn allowed_typos(accepted_len: usize) -> usize {
    accepted_len / 6
}

/// `others` are already normalised.
fn match_text(given: &str, accept: &[String], others: &[String]) -> TextMatch {
    let given_norm = normalize_answer(given);
    let wrong = TextMatch {
        right: false,
        forgiven: None,
    };
    if given_norm.is_empty() {
        return wrong;
    }
    let accepted: Vec<(String, &String)> = accept
        .iter()
        .map(|a| (normalize_answer(a), a))
        .filter(|(n, _)| !n.is_empty())
        .collect();
    if accepted.iter().any(|(n, _)| *n == given_norm) {
        return TextMatch {
            right: true,
            forgiven: None,
        };
    }
    let Some((distance, spelling, norm)) = accepted
        .iter()
        .map(|(n, a)| (strsim::damerau_levenshtein(&given_norm, n), *a, n))
        .min_by_key(|(d, _, _)| *d)
    else {
        return wrong;
    };
    let same_start = given_norm.chars().next() == norm.chars().next();
    if !same_start || distance > allowed_typos(norm.chars().count()) {
        return wrong;
    }
    // A "typo" that is another listed answer, or at least as near to one, is a different answer.
    let given_len = given_norm.chars().count();
    let rival = others
        .iter()
        .filter(|o| o.len().abs_diff(given_norm.len()) <= 4 * distance + 4)
        .filter(|o| !o.is_empty() && !accepted.iter().any(|(n, _)| n == *o))
        .any(|o| {
            o.chars().count().abs_diff(given_len) <= distance
                && strsim::damerau_levenshtein(&given_norm, o) <= distance
        });
    if rival {
        return wrong;
    }
    TextMatch {
        right: true,
        forgiven: Some(spelling.clone()),
    }
}

/// Characters the student has to read to answer: prompt plus options, pairs, items or sentences.
fn reading_chars(question: &Question) -> usize {
    let count = |list: &[String]| list.iter().map(|s| s.chars().count()).sum::<usize>();
    let answer_chars = match &question.answer {
        Answer::Choice { options, .. } => count(options),
        Answer::Cloze { segments } => segments
            .iter()
            .map(|s| match s {
                ClozeSegment::Text(t) => t.chars().count(),
                ClozeSegment::Gap { .. } => 0,
            })
            .sum(),
        Answer::Matching { pairs } => pairs
            .iter()
            .map(|(l, r)| l.chars().count() + r.chars().count())
            .sum(),
        Answer::Ordering { items } => count(items),
        Answer::Evidence {
            statement,
            sentences,
            ..
        } => statement.chars().count() + count(sentences),
        Answer::TwoPart {
            options, sentences, ..
        } => count(options) + count(sentences),
        Answer::TrueFalse { .. }
        | Answer::Typed { .. }
        | Answer::Flashcard { .. }
        | Answer::Numeric { .. } => 0,
    };
    question.prompt.chars().count() + answer_chars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_ignores_case_punctuation_articles_and_typography() {
        assert_eq!(
            normalize_answer("  The  U.S. State-Department! "),
            "u s state department"
        );
        assert_eq!(normalize_answer("Russia’s"), normalize_answer("russias"));
        assert_eq!(normalize_answer("ＫＩＭ"), "kim");
        assert_eq!(normalize_answer("A"), "a");
    }

    #[test]
    fn typo_allowance_grows_with_length() {
        assert_eq!(allowed_typos(4), 0);
        assert_eq!(allowed_typos(6), 1);
        assert_eq!(allowed_typos(12), 2);
    }
}
