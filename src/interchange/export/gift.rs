//! GIFT export, for Moodle: every kind GIFT has, the rest mapped (see `docs/interchange.md`);
//! sections as `$CATEGORY:`, explanations as general feedback, ids as titles.

use std::fmt::Write as _;

use super::{Exported, category_of, evidence_prompt, gap_count, named, number};
use crate::bank::{Answer, Bank, ClozeSegment, Question};

/// Escapes GIFT's special characters and line breaks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// Writes the bank as GIFT.
pub fn write(bank: &Bank) -> Exported {
    let mut out = String::new();
    let mut notes = Vec::new();
    let _ = writeln!(
        out,
        "// {} — exported from Dossier (bank `{}`)",
        bank.title.replace('\n', " "),
        bank.id
    );
    let mut current: Option<&str> = None;
    for question in &bank.questions {
        let category = category_of(bank, question);
        if category.is_some() && category != current {
            let _ = writeln!(
                out,
                "\n$CATEGORY: {}",
                category.unwrap_or_default().replace('\n', " ")
            );
            current = category;
        }
        out.push('\n');
        if let Some(text) = question_text(question, &mut notes) {
            out.push_str(&text);
            out.push('\n');
        }
    }
    Exported {
        bytes: out.into_bytes(),
        notes,
    }
}

fn feedback(question: &Question) -> String {
    if question.explanation.trim().is_empty() {
        String::new()
    } else {
        format!(" ####{}", escape(&question.explanation))
    }
}

fn question_text(question: &Question, notes: &mut Vec<String>) -> Option<String> {
    let title = format!("::{}::", escape(&question.id.0));
    let prompt = escape(&question.prompt);
    let general = feedback(question);
    let text = match &question.answer {
        Answer::TwoPart {
            options, correct, ..
        } => {
            notes.push(format!("{}: GIFT has no two-part questions; Part A is written as multiple choice, Part B is left out", named(question)));
            let answers: String = options
                .iter()
                .zip(correct)
                .map(|(o, r)| format!(" {}{}", if *r { "=" } else { "~" }, escape(o)))
                .collect();
            format!("{title} {prompt} {{{answers}{general} }}")
        }
        Answer::Choice { options, correct } => {
            let right = correct.iter().filter(|c| **c).count();
            let mut answers = String::new();
            for (option, is_right) in options.iter().zip(correct) {
                let option = escape(option);
                if right == 1 {
                    let _ = write!(answers, " {}{option}", if *is_right { "=" } else { "~" });
                } else {
                    let weight = if *is_right {
                        100.0 / right as f64
                    } else {
                        -100.0 / right as f64
                    };
                    let _ = write!(answers, " ~%{}%{option}", moodle_weight(weight));
                }
            }
            format!("{title} {prompt} {{{answers}{general} }}")
        }
        Answer::TrueFalse { answer } => {
            format!(
                "{title} {prompt} {{{}{general}}}",
                if *answer { "TRUE" } else { "FALSE" }
            )
        }
        Answer::Typed { accept } => {
            let answers: String = accept.iter().map(|a| format!(" ={}", escape(a))).collect();
            format!("{title} {prompt} {{{answers}{general} }}")
        }
        Answer::Cloze { segments } if gap_count(segments) == 1 => {
            let mut text = String::new();
            for segment in segments {
                match segment {
                    ClozeSegment::Text(t) => text.push_str(&escape(t)),
                    ClozeSegment::Gap { accept } => {
                        let answers: String =
                            accept.iter().map(|a| format!(" ={}", escape(a))).collect();
                        let _ = write!(text, "{{{answers}{general} }}");
                    }
                }
            }
            if !matches!(segments.last(), Some(ClozeSegment::Text(t)) if !t.trim().is_empty()) {
                notes.push(format!(
                    "{}: the gap ends the sentence, so Moodle reads it as a short answer",
                    named(question)
                ));
            }
            format!("{title} {text}")
        }
        Answer::Cloze { segments } => {
            notes.push(format!("{} has several gaps, which GIFT cannot hold: written as an essay with the full sentence as feedback", named(question)));
            let full: String = segments
                .iter()
                .map(|s| match s {
                    ClozeSegment::Text(t) => t.clone(),
                    ClozeSegment::Gap { accept } => accept.first().cloned().unwrap_or_default(),
                })
                .collect();
            let blanks: String = segments
                .iter()
                .map(|s| match s {
                    ClozeSegment::Text(t) => t.clone(),
                    ClozeSegment::Gap { .. } => "_____".to_owned(),
                })
                .collect();
            format!(
                "{title} {prompt} {} {{####{}}}",
                escape(&blanks),
                escape(&full)
            )
        }
        Answer::Matching { pairs } => {
            let answers: String = pairs
                .iter()
                .map(|(l, r)| format!(" ={} -> {}", escape(l), escape(&r.replace("->", "→"))))
                .collect();
            format!("{title} {prompt} {{{answers}{general} }}")
        }
        Answer::Ordering { items } => {
            notes.push(format!(
                "{}: GIFT has no ordering; written as matching each item to its position",
                named(question)
            ));
            let answers: String = items
                .iter()
                .enumerate()
                .map(|(i, item)| format!(" ={} -> {}", escape(&item.replace("->", "→")), i + 1))
                .collect();
            format!("{title} {prompt} (Match each item to its position.) {{{answers}{general} }}")
        }
        Answer::Flashcard { back } => {
            format!("{title} {prompt} {{####{}}}", escape(back))
        }
        Answer::Evidence {
            sentences,
            correct_sentence,
            ..
        } => {
            notes.push(format!(
                "{}: written as multiple choice over the passage's sentences",
                named(question)
            ));
            let answers: String = sentences
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    format!(
                        " {}{}",
                        if i == *correct_sentence { "=" } else { "~" },
                        escape(s)
                    )
                })
                .collect();
            format!(
                "{title} {} {{{answers}{general} }}",
                escape(&evidence_prompt(question))
            )
        }
        Answer::Numeric { accept } => {
            let answers: String = accept
                .iter()
                .map(|n| {
                    let credit = if n.credit >= 1.0 {
                        String::new()
                    } else {
                        format!("%{}%", (n.credit * 100.0).round())
                    };
                    match n.tolerance {
                        Some(t) => format!(" ={credit}{}:{}", number(n.value), number(t)),
                        None => format!(" ={credit}{}..{}", number(n.min), number(n.max)),
                    }
                })
                .collect();
            format!("{title} {prompt} {{#{answers}{general} }}")
        }
    };
    Some(text)
}

/// A weight in the form Moodle's list of grades uses (five decimals at most).
fn moodle_weight(weight: f64) -> String {
    let rounded = (weight * 100_000.0).round() / 100_000.0;
    format!("{rounded}")
}
