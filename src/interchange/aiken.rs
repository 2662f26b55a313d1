//! Aiken, Moodle's simplest format: a question (one or more lines), options `A.` or `A)` followed by a
//! space, and `ANSWER: X` naming the one right option. Blank lines between questions are optional.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::{Format, Import, ImportedQuestion};
use crate::bank::raw::{RawAnswer, RawQuestion};

/// An option line, `A. text` or `B) text`: its letter and where its text starts.
fn option_line(line: &str) -> Option<(char, usize)> {
    let mut chars = line.char_indices();
    let (_, letter) = chars.next()?;
    let (_, mark) = chars.next()?;
    let (space_at, space) = chars.next()?;
    (letter.is_ascii_uppercase() && matches!(mark, '.' | ')') && (space == ' ' || space == '\t'))
        .then_some((letter, space_at + 1))
}

/// The letter of an `ANSWER: X` line (any case, spaces allowed) and its offset in the line.
fn answer_line(line: &str) -> Option<(Option<char>, usize)> {
    let head = line.get(..7)?;
    if !head.eq_ignore_ascii_case("answer:") {
        return None;
    }
    let rest = &line[7..];
    let lead = rest.len() - rest.trim_start().len();
    let letter = rest
        .trim()
        .chars()
        .next()
        .filter(|_| rest.trim().chars().count() == 1);
    Some((letter.map(|c| c.to_ascii_uppercase()), 7 + lead))
}

/// Whether text looks like Aiken: an `ANSWER:` line right after an option line.
pub fn looks_like(head: &str) -> bool {
    let mut previous_was_option = false;
    for line in head.lines() {
        let line = line.trim();
        if answer_line(line).is_some() && previous_was_option {
            return true;
        }
        if !line.is_empty() {
            previous_was_option = option_line(line).is_some();
        }
    }
    false
}

#[derive(Default)]
struct Pending {
    start: usize,
    prompt: Vec<String>,
    options: Vec<(char, String, Range<usize>)>,
}

/// Reads an Aiken file; see the module docs.
pub fn parse(path: &Path, source: Arc<str>) -> Import {
    let mut import = Import::new(path, Format::Aiken, Arc::clone(&source));
    let mut pending: Option<Pending> = None;
    let mut offset = 0;
    for raw_line in source.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let content = raw_line.trim_end_matches('\n');
        let lead = content.len() - content.trim_start().len();
        let line = content.trim();
        let at = line_start + lead;
        if line.is_empty() {
            continue;
        }
        if let Some((letter, letter_at)) = answer_line(line) {
            let Some(question) = pending.take() else {
                import.found += 1;
                import.skip(
                    at..at + line.len(),
                    "this `ANSWER:` line belongs to no question",
                );
                continue;
            };
            import.found += 1;
            finish(
                &mut import,
                question,
                letter,
                at + letter_at..at + line.len(),
            );
            continue;
        }
        if let Some((letter, text_at)) = option_line(line) {
            match &mut pending {
                Some(question) if !question.prompt.is_empty() => {
                    question.options.push((
                        letter,
                        line[text_at..].trim().to_owned(),
                        at..at + line.len(),
                    ));
                }
                _ => {
                    import.found += 1;
                    import.skip(at..at + 2, "this option comes before any question text");
                    pending = None;
                }
            }
            continue;
        }
        match &mut pending {
            Some(question) if question.options.is_empty() => question.prompt.push(line.to_owned()),
            Some(question) => {
                // Text after the options without an ANSWER line: the previous question is incomplete.
                import.found += 1;
                let start = question.start;
                import
                    .skip(
                        start..start + 1,
                        "this question has no `ANSWER:` line after its options",
                    )
                    .hint = Some(
                    "add `ANSWER: A` (the letter of the right option) right after the last option"
                        .to_owned(),
                );
                pending = Some(Pending {
                    start: at,
                    prompt: vec![line.to_owned()],
                    options: Vec::new(),
                });
            }
            None => {
                pending = Some(Pending {
                    start: at,
                    prompt: vec![line.to_owned()],
                    options: Vec::new(),
                })
            }
        }
    }
    if let Some(question) = pending {
        import.found += 1;
        import
            .skip(
                question.start..question.start + 1,
                "the file ends before this question's `ANSWER:` line",
            )
            .hint = Some(
            "add `ANSWER: A` (the letter of the right option) after the last option".to_owned(),
        );
    }
    import
}

fn finish(import: &mut Import, question: Pending, letter: Option<char>, letter_span: Range<usize>) {
    let Some(letter) = letter else {
        import.skip(
            letter_span,
            "`ANSWER:` must be followed by one option letter",
        );
        return;
    };
    if question.options.len() < 2 {
        import.skip(
            question.start..question.start + 1,
            "an Aiken question needs at least two options",
        );
        return;
    }
    if let Some(repeat) = question
        .options
        .iter()
        .enumerate()
        .find_map(|(k, (l, _, span))| {
            question.options[..k]
                .iter()
                .any(|(m, _, _)| m == l)
                .then(|| span.clone())
        })
    {
        import.skip(
            repeat.start..repeat.start + 1,
            "this option letter is used twice",
        );
        return;
    }
    let Some(right) = question.options.iter().position(|(l, _, _)| *l == letter) else {
        import.skip(letter_span, format!("there is no option {letter}"));
        return;
    };
    let mut correct = Vec::new();
    let mut wrong = Vec::new();
    for (k, (_, text, _)) in question.options.into_iter().enumerate() {
        if k == right {
            correct.push(text)
        } else {
            wrong.push(text)
        }
    }
    import.questions.push(ImportedQuestion {
        question: RawQuestion {
            id: String::new(),
            prompt: question.prompt.join(" "),
            passage: String::new(),
            quote: None,
            explanation: String::new(),
            about: Vec::new(),
            tags: Vec::new(),
            answer: RawAnswer::Choice { correct, wrong },
            review: false,
            show_passage: false,
        },
        at: question.start,
        name: None,
        category: None,
    });
}
