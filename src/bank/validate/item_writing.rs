//! The item-writing check of `dossier check`: warnings about questions that are valid but badly written,
//! the flaws item-writing guides name first. Each finding points at the text it is about, like an error.
//!
//! - The right option is the longest in most of the bank's choice questions (test-wise students pick
//!   the longest).
//! - "All of the above" / "none of the above".
//! - The answer's words appear in the prompt.
//! - Two prompts nearly the same.
//! - One set of wrong options reused across many questions.
//! - A prompt that points at what the student cannot see ("this paragraph", "these avenues").
//! - A quotation that ends in punctuation the article does not have there.
//!
//! Only hand-written questions are checked; generated ones are the generator's business (and tested).
//! Everything here is linear or close to it in the number of questions, so a large bank checks fast.

use std::collections::HashMap;
use std::ops::Range;

use super::spans::Step;
use super::{Pending, at, join};
use crate::bank::diagnostic::Severity;
use crate::bank::model::{Answer, Bank, ClozeSegment, Origin, Question, QuestionKind};
use crate::bank::text::fold_char;

/// The share of single-answer choice questions in which the right option may be the longest before
/// the bank is warned about it, and how many such questions the bank needs for the warning to mean
/// anything.
const LONGEST_RIGHT_SHARE: f64 = 0.5;
const LONGEST_RIGHT_MIN_QUESTIONS: usize = 6;

/// How many questions may share one set of wrong options before it is "reused across many questions".
const MAX_SHARED_OPTION_SET: usize = 2;

/// Up to how many passages a quotation is looked for outside its question's own passage.
const MAX_PASSAGES_SEARCHED: usize = 200;

/// How alike two prompts may be (normalised edit similarity) before they are "nearly the same".
const NEAR_DUPLICATE_SIMILARITY: f64 = 0.9;

/// Every finding for the hand-written questions of `bank`, with a path into the file.
pub(super) fn findings(bank: &Bank) -> Vec<Pending> {
    // Hand-written questions come first, in file order: index k here is `questions[k]` in the file.
    let authored: Vec<&Question> = bank
        .questions
        .iter()
        .take_while(|q| q.origin == Origin::Authored)
        .collect();
    let mut out = Vec::new();
    longest_option_is_right(&authored, &mut out);
    for (i, question) in authored.iter().enumerate() {
        all_or_none_of_the_above(i, question, &mut out);
        answer_in_prompt(i, question, &mut out);
        points_at_the_unseen(i, question, &mut out);
        quotation_punctuation(i, question, bank, &mut out);
    }
    near_duplicate_prompts(&authored, &mut out);
    reused_option_sets(&authored, &mut out);
    out
}

fn warning(path: Vec<Step>, message: String, hint: &str) -> Pending {
    Pending {
        path,
        inner: None,
        severity: Severity::Warning,
        message,
        hint: Some(hint.to_owned()),
        related: None,
    }
}

/// Words of `text`, lower-cased and folded, punctuation dropped.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| {
            w.chars()
                .map(fold_char)
                .flat_map(char::to_lowercase)
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The options of a single-answer choice question (or Part A of a two-part one): right one, wrong ones.
fn single_choice(question: &Question) -> Option<(usize, &[String])> {
    let (options, correct) = match &question.answer {
        Answer::Choice { options, correct }
        | Answer::TwoPart {
            options, correct, ..
        } => (options, correct),
        _ => return None,
    };
    let mut right = correct.iter().enumerate().filter(|(_, c)| **c);
    match (right.next(), right.next()) {
        (Some((k, _)), None) => Some((k, options)),
        _ => None,
    }
}

fn option_path(i: usize, question: &Question, k: usize) -> Vec<Step> {
    let right = match &question.answer {
        Answer::Choice { correct, .. } | Answer::TwoPart { correct, .. } => {
            correct.iter().filter(|c| **c).count()
        }
        _ => 0,
    };
    let (field, index) = if k < right {
        ("correct", k)
    } else {
        ("wrong", k - right)
    };
    join(
        at("questions", i, "answer"),
        [Step::Field(field), Step::Item(index)],
    )
}

fn longest_option_is_right(authored: &[&Question], out: &mut Vec<Pending>) {
    let mut asked = 0usize;
    let mut longest_right: Vec<usize> = Vec::new();
    for (i, question) in authored.iter().enumerate() {
        let Some((right, options)) = single_choice(question) else {
            continue;
        };
        if options.len() < 3 {
            continue;
        }
        asked += 1;
        let length = |k: usize| options[k].chars().count();
        if (0..options.len()).all(|k| k == right || length(k) < length(right)) {
            longest_right.push(i);
        }
    }
    if asked >= LONGEST_RIGHT_MIN_QUESTIONS
        && longest_right.len() as f64 > LONGEST_RIGHT_SHARE * asked as f64
    {
        let first = longest_right[0];
        out.push(warning(
            at("questions", first, "answer"),
            format!(
                "the right option is the longest in {} of {asked} choice questions (this is the first)",
                longest_right.len()
            ),
            "students learn to pick the longest option: lengthen wrong options or shorten right ones",
        ));
    }
}

fn all_or_none_of_the_above(i: usize, question: &Question, out: &mut Vec<Pending>) {
    let options = match &question.answer {
        Answer::Choice { options, .. } | Answer::TwoPart { options, .. } => options,
        _ => return,
    };
    for (k, option) in options.iter().enumerate() {
        let folded = words(option).join(" ");
        if matches!(
            folded.as_str(),
            "all of the above" | "none of the above" | "all of these" | "none of these"
        ) {
            out.push(warning(
                option_path(i, question, k),
                format!("`{}` as an option", option.trim()),
                "options are shuffled, so there is no “above”; and it can be answered by spotting two \
                 right or one wrong option: write a real option",
            ));
        }
    }
}

/// Words too common to give an answer away.
const COMMON: [&str; 24] = [
    "the", "a", "an", "of", "to", "in", "on", "and", "or", "is", "are", "it", "its", "as", "by",
    "for", "with", "that", "this", "be", "at", "from", "has", "have",
];

/// Whether the words of `needle` (not all common words) occur in a row in `hay`.
fn contains_words(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty()
        && needle.iter().any(|w| !COMMON.contains(&w.as_str()))
        && hay.windows(needle.len()).any(|w| w == needle)
}

/// `text` without its quotations (“…”): words quoted from the article are there to be read, so they
/// neither give an answer away nor point at anything unseen.
fn outside_quotations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '“' => depth += 1,
            '”' => {
                depth = depth.saturating_sub(1);
                out.push_str(" \u{2026} ");
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn answer_in_prompt(i: usize, question: &Question, out: &mut Vec<Pending>) {
    let prompt = words(&outside_quotations(&question.prompt));
    let given_away: Option<(Vec<Step>, &str)> = match &question.answer {
        Answer::Choice { .. } | Answer::TwoPart { .. } => {
            single_choice(question).and_then(|(right, options)| {
                let answer = words(&options[right]);
                // The answer is only given away if no wrong option is in the prompt as well.
                let wrong_too = options
                    .iter()
                    .enumerate()
                    .any(|(k, o)| k != right && contains_words(&prompt, &words(o)));
                (contains_words(&prompt, &answer) && !wrong_too)
                    .then(|| (option_path(i, question, right), options[right].as_str()))
            })
        }
        Answer::Typed { accept } => accept.iter().enumerate().find_map(|(j, a)| {
            contains_words(&prompt, &words(a)).then(|| {
                (
                    join(
                        at("questions", i, "answer"),
                        [Step::Field("accept"), Step::Item(j)],
                    ),
                    a.as_str(),
                )
            })
        }),
        _ => None,
    };
    if let Some((path, answer)) = given_away {
        out.push(warning(
            path,
            format!("the prompt contains the answer `{}`", answer.trim()),
            "a student can answer by matching words: reword the prompt or the answer",
        ));
    }
}

/// Nouns after "this"/"these" that name something every student can see.
const VISIBLE: [&str; 17] = [
    "article",
    "question",
    "statement",
    "statements",
    "claim",
    "claims",
    "items",
    "options",
    "choices",
    "answers",
    "phrases",
    "sentences",
    "events",
    "headings",
    "words",
    "pairs",
    "steps",
];

/// Words after "this"/"these" that make it a pronoun, not a determiner: "put these in order", "keep
/// this from being …", "is this true".
const FUNCTION_WORDS: [&str; 26] = [
    "in", "into", "are", "is", "to", "from", "with", "by", "on", "at", "for", "and", "or", "were",
    "was", "do", "does", "have", "has", "be", "being", "means", "mean", "shows", "says",
    "suggests",
];

/// Nouns after "this"/"the" that name the passage itself.
const PASSAGE_NOUNS: [&str; 6] = [
    "paragraph",
    "passage",
    "section",
    "excerpt",
    "sentence",
    "text",
];

fn points_at_the_unseen(i: usize, question: &Question, out: &mut Vec<Pending>) {
    let kind = question.answer.kind();
    // Evidence and two-part questions show the passage's sentences before the student answers.
    if matches!(kind, QuestionKind::Evidence | QuestionKind::TwoPart) {
        return;
    }
    let has_options = matches!(
        kind,
        QuestionKind::Choice
            | QuestionKind::MultiChoice
            | QuestionKind::Matching
            | QuestionKind::Ordering
    );
    let prompt = &outside_quotations(&question.prompt);
    let tokens = words(prompt);
    for (k, pair) in tokens.windows(2).enumerate() {
        let (demonstrative, noun) = (pair[0].as_str(), pair[1].as_str());
        if !matches!(demonstrative, "this" | "these") {
            continue;
        }
        // "…this claim: …" or "…these words “…”" shows what it points at.
        if shown_after(prompt, demonstrative, noun) {
            continue;
        }
        let unseen = if PASSAGE_NOUNS.contains(&noun) {
            true
        } else if FUNCTION_WORDS.contains(&noun) {
            // A pronoun, not a determiner: "put these in order" (the items shown), "keep this from".
            false
        } else if VISIBLE.contains(&noun) {
            !has_options && demonstrative == "these"
        } else {
            // "these avenues", "this trend": something in the article the prompt does not name.
            !(has_options && demonstrative == "these" && k > 0 && tokens[k - 1] == "of")
        };
        if unseen {
            out.push(warning(
                at("questions", i, "prompt"),
                format!(
                    "the prompt says “{demonstrative} {noun}” but the student does not see it when answering"
                ),
                "name the thing in the prompt (or quote it), or make it an evidence or two-part \
                 question, which shows the passage",
            ));
            return;
        }
    }
}

/// Whether the prompt shows what "`demonstrative` `noun`" points at: the words are followed by a colon,
/// a quotation or a bracket ("this claim: …", "these words “…”").
fn shown_after(prompt: &str, demonstrative: &str, noun: &str) -> bool {
    let lower = prompt.to_lowercase();
    let phrase = format!("{demonstrative} {noun}");
    lower.find(&phrase).is_some_and(|at| {
        lower[at + phrase.len()..]
            .trim_start()
            .starts_with([':', '“', '"', '('])
    })
}

/// Texts of a question a student reads besides its options, for comparing prompts.
fn read_text(question: &Question) -> String {
    match &question.answer {
        Answer::Cloze { segments } => {
            let mut text = question.prompt.clone();
            for segment in segments {
                match segment {
                    ClozeSegment::Text(t) => text.push_str(t),
                    ClozeSegment::Gap { .. } => text.push_str(" _ "),
                }
            }
            text
        }
        Answer::Evidence { statement, .. } => format!("{} {statement}", question.prompt),
        _ => question.prompt.clone(),
    }
}

fn near_duplicate_prompts(authored: &[&Question], out: &mut Vec<Pending>) {
    // Nearly identical texts share their first or their second half: compare only within those
    // buckets, so the check stays close to linear.
    let texts: Vec<String> = authored
        .iter()
        .map(|q| words(&read_text(q)).join(" "))
        .collect();
    let mut buckets: HashMap<(bool, String), Vec<usize>> = HashMap::new();
    for (i, text) in texts.iter().enumerate() {
        let tokens: Vec<&str> = text.split(' ').collect();
        if tokens.len() < 4 {
            continue;
        }
        let half = tokens.len() / 2;
        buckets
            .entry((true, tokens[..half].join(" ")))
            .or_default()
            .push(i);
        buckets
            .entry((false, tokens[half..].join(" ")))
            .or_default()
            .push(i);
    }
    let mut reported: Vec<(usize, usize)> = Vec::new();
    let mut groups: Vec<&Vec<usize>> = buckets.values().filter(|g| g.len() > 1).collect();
    groups.sort();
    for group in groups {
        for (a, &first) in group.iter().enumerate().take(50) {
            for &later in group.iter().skip(a + 1).take(50) {
                if reported.contains(&(first, later)) {
                    continue;
                }
                let similarity = strsim::normalized_levenshtein(&texts[first], &texts[later]);
                if similarity >= NEAR_DUPLICATE_SIMILARITY {
                    reported.push((first, later));
                }
            }
        }
    }
    reported.sort_unstable();
    for (first, later) in reported {
        let mut finding = warning(
            at("questions", later, "prompt"),
            "this prompt is nearly the same as an earlier one".to_owned(),
            "a student who learns one answers the other by recognition: ask something different, or \
             merge them",
        );
        finding.related = Some((
            at("questions", first, "prompt"),
            "the earlier one".to_owned(),
        ));
        out.push(finding);
    }
}

/// One set of wrong options behind more than [`MAX_SHARED_OPTION_SET`] questions: reported once, at
/// the first question over the limit.
fn reused_option_sets(authored: &[&Question], out: &mut Vec<Pending>) {
    let mut sets: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
    for (i, question) in authored.iter().enumerate() {
        let (options, correct) = match &question.answer {
            Answer::Choice { options, correct }
            | Answer::TwoPart {
                options, correct, ..
            } => (options, correct),
            _ => continue,
        };
        let mut key: Vec<String> = options
            .iter()
            .zip(correct)
            .filter(|(_, right)| !**right)
            .map(|(o, _)| words(o).join(" "))
            .collect();
        if key.len() < 2 {
            continue;
        }
        key.sort();
        sets.entry(key).or_default().push(i);
    }
    let mut reused: Vec<&Vec<usize>> = sets
        .values()
        .filter(|users| users.len() > MAX_SHARED_OPTION_SET)
        .collect();
    reused.sort();
    for users in reused {
        let mut finding = warning(
            at("questions", users[MAX_SHARED_OPTION_SET], "answer"),
            format!(
                "the same wrong options are used by {} questions",
                users.len()
            ),
            "students learn that those options are never right: vary them",
        );
        finding.related = Some((
            at("questions", users[0], "answer"),
            "first used here".to_owned(),
        ));
        out.push(finding);
    }
}

/// Quotations (“…”) in a question's prompt, explanation and options that end in punctuation the article
/// does not have there: “…stability.” where the article has “…stability,”.
///
/// The words are looked for in the question's own passage, then, in a bank of at most
/// [`MAX_PASSAGES_SEARCHED`] passages, in the others (an explanation may quote another section); a
/// larger bank is checked against the own passage only, so the check stays linear.
fn quotation_punctuation(i: usize, question: &Question, bank: &Bank, out: &mut Vec<Pending>) {
    let own = bank.passage(&question.passage).map(|p| p.text.as_str());
    let others = (bank.passages.len() <= MAX_PASSAGES_SEARCHED)
        .then_some(&bank.passages)
        .into_iter()
        .flatten()
        .map(|p| p.text.as_str());
    let passages = || own.into_iter().chain(others.clone());
    let mut texts: Vec<(Vec<Step>, &str)> = vec![
        (at("questions", i, "prompt"), question.prompt.as_str()),
        (
            at("questions", i, "explanation"),
            question.explanation.as_str(),
        ),
    ];
    if let Answer::Choice { options, .. } | Answer::TwoPart { options, .. } = &question.answer {
        for (k, option) in options.iter().enumerate() {
            texts.push((option_path(i, question, k), option.as_str()));
        }
    }
    for (path, text) in texts {
        for (range, words_end, mark) in quotations_ending_in_punctuation(text) {
            let quoted = &text[range.start..words_end];
            if quoted.split_whitespace().count() < 3 {
                continue;
            }
            let Some(actual) = passages().find_map(|passage| punctuation_after(passage, quoted))
            else {
                continue;
            };
            if actual != Some(mark) {
                let had = actual.map_or("no punctuation".to_owned(), |c| format!("`{c}`"));
                out.push(Pending {
                    path: path.clone(),
                    inner: Some(range.clone()),
                    severity: Severity::Warning,
                    message: format!(
                        "this quotation ends in `{mark}`, but the article has {had} here"
                    ),
                    hint: Some(
                        "quote the article's punctuation, or end the quotation before it"
                            .to_owned(),
                    ),
                    related: None,
                });
            }
        }
    }
}

/// Quotations in `text` whose last character before the closing mark is punctuation: (byte range of the
/// quoted words and mark, end of the words, the mark).
fn quotations_ending_in_punctuation(text: &str) -> Vec<(Range<usize>, usize, char)> {
    let mut found = Vec::new();
    let mut open: Option<usize> = None;
    for (at, c) in text.char_indices() {
        match c {
            '“' => open = Some(at + c.len_utf8()),
            '”' => {
                if let Some(start) = open.take() {
                    let inner = &text[start..at];
                    if let Some(mark) = inner.chars().last().filter(|m| ".,;:!?".contains(*m)) {
                        found.push((start..at, at - mark.len_utf8(), mark));
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// In `passage`, the punctuation right after the words `quoted` (ignoring quote marks), if the words
/// are there: `Some(Some(c))`, `Some(None)` when a letter, space or the end follows, `None` when absent.
fn punctuation_after(passage: &str, quoted: &str) -> Option<Option<char>> {
    let needle: String = quoted.chars().map(fold_char).collect();
    let hay: String = passage.chars().map(fold_char).collect();
    let at = hay.find(&needle)?;
    let next = hay[at + needle.len()..]
        .chars()
        .find(|c| !matches!(c, '"' | '\''));
    Some(next.filter(|c| ".,;:!?".contains(*c)))
}
