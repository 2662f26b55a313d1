//! Exporters: a validated bank, derived questions included, written in each format a teacher or
//! student takes it to. Every kind a format has is written as that kind; the rest follow the mapping
//! in `docs/interchange.md` (evidence → multiple choice over the passage's sentences, ordering →
//! matching items to positions, flashcard → essay …), and each question changed or left out is said
//! in [`Exported::notes`].

pub mod anki;
pub mod gift;
pub mod html;
pub mod json;
pub mod moodle_xml;
pub mod qti;
pub mod tabular;

use crate::bank::{Answer, Bank, ClozeSegment, Question};
use crate::stable_hash;

/// A format `dossier export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Gift,
    MoodleXml,
    Aiken,
    Anki,
    Csv,
    Qti,
    Html,
    Json,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 8] = [
        ExportFormat::Gift,
        ExportFormat::MoodleXml,
        ExportFormat::Aiken,
        ExportFormat::Anki,
        ExportFormat::Csv,
        ExportFormat::Qti,
        ExportFormat::Html,
        ExportFormat::Json,
    ];

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Gift => "gift.txt",
            ExportFormat::MoodleXml => "moodle.xml",
            ExportFormat::Aiken => "aiken.txt",
            ExportFormat::Anki => "anki.txt",
            ExportFormat::Csv => "csv",
            ExportFormat::Qti => "qti.zip",
            ExportFormat::Html => "html",
            ExportFormat::Json => "json",
        }
    }
}

/// What an exporter wrote, and what it had to change or leave out.
#[derive(Clone, Debug, Default)]
pub struct Exported {
    pub bytes: Vec<u8>,
    /// "question `x` (ordering) is written as matching", "question `y` (cloze) is left out: …".
    pub notes: Vec<String>,
}

/// Writes `bank` in `format`.
pub fn export(bank: &Bank, format: ExportFormat) -> Exported {
    match format {
        ExportFormat::Gift => gift::write(bank),
        ExportFormat::MoodleXml => moodle_xml::write(bank),
        ExportFormat::Aiken => tabular::aiken(bank),
        ExportFormat::Anki => anki::write(bank),
        ExportFormat::Csv => tabular::csv(bank),
        ExportFormat::Qti => qti::write(bank),
        ExportFormat::Html => html::write(bank),
        ExportFormat::Json => json::write(bank),
    }
}

/// The section a question is filed under in an export: its passage's section, else its first tag
/// (an imported category), else none.
pub fn category_of<'b>(bank: &'b Bank, question: &'b Question) -> Option<&'b str> {
    bank.section_of(question)
        .or_else(|| question.tags.first().map(String::as_str))
}

/// A fixed, per-question shuffle (the same in every export of the bank), so a printed or LMS copy
/// never lists the right option first.
pub fn shuffled(n: usize, key: &str) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = stable_hash(key.as_bytes());
    for i in (1..n).rev() {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let j = (z % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    if n >= 2 && order.iter().enumerate().all(|(i, &v)| i == v) {
        order.rotate_left(1);
    }
    order
}

/// The prompt of an evidence question with its statement, as formats without evidence show it.
pub fn evidence_prompt(question: &Question) -> String {
    match &question.answer {
        Answer::Evidence {
            statement,
            contradicts,
            ..
        } => {
            let which = if *contradicts {
                "contradicts"
            } else {
                "supports"
            };
            format!(
                "{} Which sentence of the passage {which} this statement: “{statement}”",
                question.prompt
            )
        }
        _ => question.prompt.clone(),
    }
}

/// The number of gaps in a cloze.
pub fn gap_count(segments: &[ClozeSegment]) -> usize {
    segments
        .iter()
        .filter(|s| matches!(s, ClozeSegment::Gap { .. }))
        .count()
}

/// "question `id` (kind)": how notes name a question.
pub fn named(question: &Question) -> String {
    format!(
        "question `{}` ({})",
        question.id,
        question.answer.kind().label()
    )
}

/// Options of a choice question as (text, right) in a fixed shuffled order.
pub fn shuffled_options(
    question: &Question,
    options: &[String],
    correct: &[bool],
) -> Vec<(String, bool)> {
    shuffled(options.len(), &question.id.0)
        .into_iter()
        .map(|i| (options[i].clone(), correct[i]))
        .collect()
}

/// A number as formats write it: no trailing `.0`.
pub fn number(x: f64) -> String {
    format!("{x}")
}
