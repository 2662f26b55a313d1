//! Anki text export: a file Anki's "Import File" reads as it is. Headers set the separator (tab), HTML,
//! and which columns hold the note type, deck (the bank title), tags (section and kind) and a stable
//! GUID (so importing again updates the notes instead of duplicating them). Cloze questions become
//! Anki `Cloze` notes (`{{c1::…}}`); everything else a `Basic` note with the answer, the quote and the
//! passage on the back.

use super::{Exported, category_of, evidence_prompt};
use crate::bank::{Answer, Bank, ClozeSegment, Question};
use crate::stable_hash;
use crate::study::grade::expected_text;

/// Text as Anki HTML: `& < >` escaped, line breaks as `<br>`.
pub fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "<br>")
}

/// An Anki tag: no spaces (Anki separates tags by spaces).
fn tag(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join("_")
}

/// Writes the bank as Anki text.
pub fn write(bank: &Bank) -> Exported {
    let mut out = String::from(
        "#separator:tab\n#html:true\n#notetype column:1\n#deck column:2\n#tags column:3\n#guid column:4\n#columns:Note type\tDeck\tTags\tGUID\tFront\tBack\n",
    );
    let mut writer = ::csv::WriterBuilder::new()
        .delimiter(b'\t')
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    for q in &bank.questions {
        let mut tags = vec![tag(q.answer.kind().label())];
        if let Some(section) = category_of(bank, q) {
            tags.insert(0, tag(section));
        }
        let guid = format!(
            "dossier-{:016x}",
            stable_hash(format!("{}\u{1f}{}", bank.id, q.id).as_bytes())
        );
        let (notetype, front, back) = note(bank, q);
        let _ = writer.write_record([
            notetype,
            &html(&bank.title.replace("::", ":")),
            &tags.join(" "),
            &guid,
            &front,
            &back,
        ]);
    }
    out.push_str(&String::from_utf8_lossy(
        &writer.into_inner().unwrap_or_default(),
    ));
    Exported {
        bytes: out.into_bytes(),
        notes: Vec::new(),
    }
}

fn note(bank: &Bank, q: &Question) -> (&'static str, String, String) {
    let mut back_extra = Vec::new();
    if !q.explanation.trim().is_empty() {
        back_extra.push(html(&q.explanation));
    }
    if let Some(quote) = &q.quote {
        back_extra.push(format!("<i>“{}”</i>", html(quote)));
    }
    if let Some(passage) = bank.passage(&q.passage) {
        back_extra.push(format!(
            "<small>{} — {}</small>",
            html(&passage.section),
            html(&passage.text)
        ));
    }
    let extra = back_extra.join("<br><br>");
    match &q.answer {
        Answer::Cloze { segments } => {
            // The cloze is its own prompt in Anki ("Fill in the gaps." would become part of the text).
            let mut text = String::new();
            let mut n = 0;
            for segment in segments {
                match segment {
                    ClozeSegment::Text(t) => text.push_str(&html(t)),
                    ClozeSegment::Gap { accept } => {
                        n += 1;
                        let answer = accept.first().map(String::as_str).unwrap_or_default();
                        text.push_str(&format!(
                            "{{{{c{n}::{}}}}}",
                            html(&answer.replace("}}", "} }"))
                        ));
                    }
                }
            }
            ("Cloze", text, extra)
        }
        _ => {
            let mut front = html(&evidence_prompt(q));
            match &q.answer {
                Answer::Choice { options, correct } => {
                    for (i, (option, _)) in super::shuffled_options(q, options, correct)
                        .iter()
                        .enumerate()
                    {
                        front.push_str(&format!(
                            "<br>{}. {}",
                            char::from(b'A' + (i % 26) as u8),
                            html(option)
                        ));
                    }
                }
                Answer::TrueFalse { .. } => front.push_str("<br>True or false?"),
                Answer::Ordering { items } => {
                    front.push_str("<br>Put in order:");
                    for i in super::shuffled(items.len(), &q.id.0) {
                        front.push_str(&format!("<br>• {}", html(&items[i])));
                    }
                }
                _ => {}
            }
            let answer = html(&expected_text(&q.answer));
            let back = if extra.is_empty() {
                answer
            } else {
                format!("{answer}<br><br>{extra}")
            };
            ("Basic", front, back)
        }
    }
}
