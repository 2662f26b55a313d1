//! JSON export for scripts and editors: every question as students meet it (derived ones included),
//! with its answers and wrong options. The schema (`dossier-export/1`) is in `docs/interchange.md`.

use serde_json::{Value, json};

use super::Exported;
use crate::bank::{Answer, Bank, ClozeSegment, Origin, Question};
use crate::study::grade::expected_text;

/// The schema name written in every file; bumped when a field changes meaning.
pub const SCHEMA: &str = "dossier-export/1";

/// Writes the bank as pretty-printed JSON.
pub fn write(bank: &Bank) -> Exported {
    let questions: Vec<Value> = bank.questions.iter().map(|q| question(bank, q)).collect();
    let value = json!({
        "schema": SCHEMA,
        "bank": {
            "id": bank.id.0,
            "title": bank.title,
            "source": bank.source,
            "language": bank.language,
        },
        "passages": bank.passages.iter().map(|p| json!({"id": p.id, "section": p.section, "text": p.text})).collect::<Vec<_>>(),
        "questions": questions,
    });
    let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
    bytes.push(b'\n');
    Exported {
        bytes,
        notes: Vec::new(),
    }
}

fn question(bank: &Bank, q: &Question) -> Value {
    let (right, wrong, detail): (Vec<String>, Vec<String>, Value) = match &q.answer {
        Answer::Choice { options, correct } => (
            options
                .iter()
                .zip(correct)
                .filter(|(_, c)| **c)
                .map(|(o, _)| o.clone())
                .collect(),
            options
                .iter()
                .zip(correct)
                .filter(|(_, c)| !**c)
                .map(|(o, _)| o.clone())
                .collect(),
            json!({"options": options, "correct": correct}),
        ),
        Answer::TrueFalse { answer } => (
            vec![expected_text(&q.answer)],
            vec![if *answer { "False" } else { "True" }.to_owned()],
            json!({"answer": answer}),
        ),
        Answer::Typed { accept } => (accept.clone(), Vec::new(), json!({"accept": accept})),
        Answer::TwoPart {
            options,
            correct,
            evidence,
            sentences,
            correct_sentence,
        } => (
            vec![expected_text(&q.answer)],
            options
                .iter()
                .zip(correct)
                .filter(|(_, c)| !**c)
                .map(|(o, _)| o.clone())
                .collect(),
            json!({"options": options, "correct": correct, "evidence": evidence,
                   "sentences": sentences.as_ref(), "correct_sentence": correct_sentence}),
        ),
        Answer::Cloze { segments } => {
            let parts: Vec<Value> = segments
                .iter()
                .map(|s| match s {
                    ClozeSegment::Text(t) => json!({"text": t}),
                    ClozeSegment::Gap { accept } => json!({"gap": accept}),
                })
                .collect();
            (
                vec![expected_text(&q.answer)],
                Vec::new(),
                json!({"segments": parts}),
            )
        }
        Answer::Matching { pairs } => (
            pairs.iter().map(|(l, r)| format!("{l} → {r}")).collect(),
            Vec::new(),
            json!({"pairs": pairs}),
        ),
        Answer::Ordering { items } => (items.clone(), Vec::new(), json!({"items": items})),
        Answer::Flashcard { back } => (vec![back.clone()], Vec::new(), json!({"back": back})),
        Answer::Evidence {
            statement,
            evidence,
            contradicts,
            sentences,
            correct_sentence,
        } => (
            sentences
                .get(*correct_sentence)
                .cloned()
                .into_iter()
                .collect(),
            sentences
                .iter()
                .enumerate()
                .filter(|(i, _)| i != correct_sentence)
                .map(|(_, s)| s.clone())
                .collect(),
            json!({"statement": statement, "evidence": evidence, "contradicts": contradicts,
                   "sentences": sentences.as_ref(), "correct_sentence": correct_sentence}),
        ),
        Answer::Numeric { accept } => (
            accept
                .iter()
                .filter(|n| n.credit >= 1.0)
                .map(|n| n.describe())
                .collect(),
            Vec::new(),
            json!({"accept": accept.iter().map(|n| json!({"value": n.value, "tolerance": n.tolerance, "min": n.min, "max": n.max, "credit": n.credit})).collect::<Vec<_>>()}),
        ),
    };
    json!({
        "id": q.id.0,
        "origin": if q.origin == Origin::Derived { "derived" } else { "authored" },
        "kind": q.answer.kind().label(),
        "prompt": q.prompt,
        "passage": (!q.passage.is_empty()).then_some(&q.passage),
        "section": bank.section_of(q),
        "quote": q.quote,
        "explanation": q.explanation,
        "tags": q.tags,
        "about": q.about,
        "review": q.review,
        "right": right,
        "wrong": wrong,
        "answer": detail,
    })
}
