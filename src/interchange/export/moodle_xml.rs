//! Moodle XML export: multichoice (single and multiple), truefalse, shortanswer, matching, numerical,
//! essay and cloze (Moodle's embedded answers, for any number of gaps); ordering as matching items to
//! positions and evidence as multiple choice over the passage's sentences. Sections become categories
//! and explanations general feedback.

use std::fmt::Write as _;

use super::{Exported, category_of, evidence_prompt, named, number};
use crate::bank::{Answer, Bank, ClozeSegment, Question};

/// Escapes text for XML content and attributes.
pub fn xml(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// `<tag format="plain_text"><text>…</text></tag>`.
fn text_element(tag: &str, text: &str) -> String {
    format!(
        "<{tag} format=\"plain_text\"><text>{}</text></{tag}>",
        xml(text)
    )
}

/// Writes the bank as a Moodle XML quiz file.
pub fn write(bank: &Bank) -> Exported {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
    let mut notes = Vec::new();
    let mut current: Option<&str> = None;
    for q in &bank.questions {
        let category = category_of(bank, q);
        if category.is_some() && category != current {
            let path = format!(
                "$course$/top/{}/{}",
                bank.title.replace('/', "-"),
                category.unwrap_or_default().replace('/', "-")
            );
            let _ = writeln!(
                out,
                "  <question type=\"category\"><category><text>{}</text></category></question>",
                xml(&path)
            );
            current = category;
        }
        out.push_str(&question(q, &mut notes));
    }
    out.push_str("</quiz>\n");
    Exported {
        bytes: out.into_bytes(),
        notes,
    }
}

fn answer(fraction: f64, text: &str) -> String {
    format!(
        "    <answer fraction=\"{}\" format=\"plain_text\"><text>{}</text></answer>\n",
        number(fraction),
        xml(text)
    )
}

fn question(q: &Question, notes: &mut Vec<String>) -> String {
    let mut body = String::new();
    let kind = match &q.answer {
        Answer::Choice { options, correct } => {
            let right = correct.iter().filter(|c| **c).count();
            let single = right == 1;
            let _ = writeln!(
                body,
                "    <single>{single}</single>\n    <shuffleanswers>1</shuffleanswers>\n    <answernumbering>abc</answernumbering>"
            );
            for (option, is_right) in options.iter().zip(correct) {
                let fraction = match (single, *is_right) {
                    (true, true) => 100.0,
                    (true, false) => 0.0,
                    (false, true) => (100_000.0 / right as f64).round() / 1000.0,
                    (false, false) => -(100_000.0 / right as f64).round() / 1000.0,
                };
                body.push_str(&answer(fraction, option));
            }
            "multichoice"
        }
        Answer::TwoPart {
            options, correct, ..
        } => {
            notes.push(format!(
                "{}: Part A is written as multiple choice, Part B is left out",
                named(q)
            ));
            body.push_str("    <single>true</single>\n    <shuffleanswers>1</shuffleanswers>\n");
            for (option, is_right) in options.iter().zip(correct) {
                body.push_str(&answer(if *is_right { 100.0 } else { 0.0 }, option));
            }
            "multichoice"
        }
        Answer::TrueFalse { answer: value } => {
            body.push_str(&answer(if *value { 100.0 } else { 0.0 }, "true"));
            body.push_str(&answer(if *value { 0.0 } else { 100.0 }, "false"));
            "truefalse"
        }
        Answer::Typed { accept } => {
            body.push_str("    <usecase>0</usecase>\n");
            for a in accept {
                body.push_str(&answer(100.0, a));
            }
            "shortanswer"
        }
        Answer::Cloze { segments } => {
            let mut text = String::new();
            for segment in segments {
                match segment {
                    ClozeSegment::Text(t) => text.push_str(&t.replace(['{', '}'], "")),
                    ClozeSegment::Gap { accept } => {
                        let answers: Vec<String> = accept
                            .iter()
                            .map(|a| {
                                format!(
                                    "={}",
                                    a.replace('}', "\\}")
                                        .replace('~', "\\~")
                                        .replace('#', "\\#")
                                )
                            })
                            .collect();
                        let _ = write!(text, "{{1:SHORTANSWER:{}}}", answers.join("~"));
                    }
                }
            }
            return wrap(q, "cloze", &format!("{} {text}", q.prompt), &body);
        }
        Answer::Matching { pairs } => {
            body.push_str("    <shuffleanswers>1</shuffleanswers>\n");
            for (left, right) in pairs {
                let _ = writeln!(
                    body,
                    "    <subquestion format=\"plain_text\"><text>{}</text><answer><text>{}</text></answer></subquestion>",
                    xml(left),
                    xml(right)
                );
            }
            "matching"
        }
        Answer::Ordering { items } => {
            notes.push(format!(
                "{}: written as matching each item to its position",
                named(q)
            ));
            for (i, item) in items.iter().enumerate() {
                let _ = writeln!(
                    body,
                    "    <subquestion format=\"plain_text\"><text>{}</text><answer><text>{}</text></answer></subquestion>",
                    xml(item),
                    i + 1
                );
            }
            return wrap(
                q,
                "matching",
                &format!("{} (Match each item to its position.)", q.prompt),
                &body,
            );
        }
        Answer::Flashcard { back } => {
            let _ = writeln!(
                body,
                "    <responseformat>editor</responseformat>\n    {}",
                text_element("graderinfo", back)
            );
            "essay"
        }
        Answer::Evidence {
            sentences,
            correct_sentence,
            ..
        } => {
            notes.push(format!(
                "{}: written as multiple choice over the passage's sentences",
                named(q)
            ));
            body.push_str("    <single>true</single>\n    <shuffleanswers>0</shuffleanswers>\n");
            for (i, s) in sentences.iter().enumerate() {
                body.push_str(&answer(if i == *correct_sentence { 100.0 } else { 0.0 }, s));
            }
            return wrap(q, "multichoice", &evidence_prompt(q), &body);
        }
        Answer::Numeric { accept } => {
            for n in accept {
                let tolerance = n.tolerance.unwrap_or((n.max - n.min) / 2.0);
                let value = if n.tolerance.is_some() {
                    n.value
                } else {
                    (n.min + n.max) / 2.0
                };
                let _ = writeln!(
                    body,
                    "    <answer fraction=\"{}\"><text>{}</text><tolerance>{}</tolerance></answer>",
                    number((f64::from(n.credit) * 100.0).round()),
                    number(value),
                    number(tolerance)
                );
            }
            "numerical"
        }
    };
    wrap(q, kind, &q.prompt, &body)
}

fn wrap(q: &Question, kind: &str, prompt: &str, body: &str) -> String {
    let mut out = format!("  <question type=\"{kind}\">\n");
    let _ = writeln!(out, "    <name><text>{}</text></name>", xml(&q.id.0));
    let _ = writeln!(out, "    {}", text_element("questiontext", prompt));
    let _ = writeln!(
        out,
        "    {}",
        text_element("generalfeedback", &q.explanation)
    );
    let _ = writeln!(out, "    <defaultgrade>1</defaultgrade>");
    out.push_str(body);
    out.push_str("  </question>\n");
    out
}
