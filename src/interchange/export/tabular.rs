//! Row-per-question exports: CSV for spreadsheets, Aiken for Moodle's simplest importer.

use std::fmt::Write as _;

use super::{Exported, category_of, evidence_prompt, named};
use crate::bank::{Answer, Bank};
use crate::study::grade::expected_text;

/// CSV with a header row: id, kind, section, prompt, answer, wrong options (`; `-separated),
/// explanation. The first two text columns after the section (prompt, answer) read as term and
/// definition in spreadsheets and flashcard apps.
pub fn csv(bank: &Bank) -> Exported {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record([
        "id",
        "kind",
        "section",
        "prompt",
        "answer",
        "wrong",
        "explanation",
    ]);
    for q in &bank.questions {
        let wrong = match &q.answer {
            Answer::Choice { options, correct } => options
                .iter()
                .zip(correct)
                .filter(|(_, c)| !**c)
                .map(|(o, _)| o.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            _ => String::new(),
        };
        let _ = writer.write_record([
            q.id.0.as_str(),
            q.answer.kind().label(),
            category_of(bank, q).unwrap_or_default(),
            &evidence_prompt(q),
            &expected_text(&q.answer),
            &wrong,
            &q.explanation,
        ]);
    }
    Exported {
        bytes: writer.into_inner().unwrap_or_default(),
        notes: Vec::new(),
    }
}

/// Aiken: one-answer multiple choice only (true/false as two options, evidence over its sentences);
/// every other question is left out and said.
pub fn aiken(bank: &Bank) -> Exported {
    let mut out = String::new();
    let mut notes = Vec::new();
    for q in &bank.questions {
        let options: Vec<(String, bool)> = match &q.answer {
            Answer::Choice { options, correct } if correct.iter().filter(|c| **c).count() == 1 => {
                super::shuffled_options(q, options, correct)
            }
            Answer::TrueFalse { answer } => {
                vec![("True".to_owned(), *answer), ("False".to_owned(), !*answer)]
            }
            Answer::Evidence {
                sentences,
                correct_sentence,
                ..
            } if sentences.len() <= 26 => sentences
                .iter()
                .enumerate()
                .map(|(i, s)| (s.clone(), i == *correct_sentence))
                .collect(),
            _ => {
                notes.push(format!(
                    "{} is left out: Aiken holds only one-answer multiple choice",
                    named(q)
                ));
                continue;
            }
        };
        if options.len() > 26 {
            notes.push(format!("{} is left out: more than 26 options", named(q)));
            continue;
        }
        let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(out, "{}", one_line(&evidence_prompt(q)));
        let mut right = 'A';
        for (i, (text, is_right)) in options.iter().enumerate() {
            let letter = char::from(b'A' + i as u8);
            if *is_right {
                right = letter;
            }
            let _ = writeln!(out, "{letter}. {}", one_line(text));
        }
        let _ = writeln!(out, "ANSWER: {right}\n");
    }
    Exported {
        bytes: out.into_bytes(),
        notes,
    }
}
