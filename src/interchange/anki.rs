//! Anki plain-text exports ("Notes in Plain Text" and "Cards in Plain Text") and hand-made Anki import
//! files, as the Anki manual documents them: header lines `#separator:`, `#html:`, `#tags:`,
//! `#columns:`, `#notetype:`, `#deck:`, `#notetype column:`, `#deck column:`, `#tags column:`,
//! `#guid column:` (and `#if matches:`, which only matters to Anki); fields quoted with `"` may hold
//! separators, line breaks and doubled quotes; HTML reduced to text.
//!
//! Basic notes become flashcards (typed answers with `--typed` or a "type in the answer" note type);
//! Cloze notes (`{{c1::…}}`) become clozes. Images and sounds cannot be carried: said per card.

use std::path::Path;
use std::sync::Arc;

use super::{Format, Import, ImportOptions, ImportedQuestion, delimited, has_image, html_to_text};
use crate::bank::raw::{RawAnswer, RawQuestion};

/// The file's headers.
#[derive(Default)]
struct Headers {
    separator: Option<u8>,
    html: Option<bool>,
    tags: Vec<String>,
    notetype: Option<String>,
    deck: Option<String>,
    notetype_column: Option<usize>,
    deck_column: Option<usize>,
    tags_column: Option<usize>,
    guid_column: Option<usize>,
}

fn separator_named(value: &str) -> Option<u8> {
    match value.trim().to_ascii_lowercase().as_str() {
        "tab" | "\\t" => Some(b'\t'),
        "comma" => Some(b','),
        "semicolon" => Some(b';'),
        "space" => Some(b' '),
        "pipe" => Some(b'|'),
        "colon" => Some(b':'),
        other if other.len() == 1 => Some(other.as_bytes()[0]),
        "" if value.starts_with('\t') || value == "\t" => Some(b'\t'),
        _ => None,
    }
}

/// Reads an Anki text file; see the module docs.
pub fn parse(path: &Path, source: Arc<str>, options: &ImportOptions) -> Import {
    let mut import = Import::new(path, Format::AnkiText, Arc::clone(&source));
    let mut headers = Headers::default();
    let mut body_start = 0;
    for line in source.split_inclusive('\n') {
        let Some(header) = line.strip_prefix('#') else {
            break;
        };
        let header = header.trim_end_matches(['\n']);
        let at = body_start;
        body_start += line.len();
        let Some((key, value)) = header.split_once(':') else {
            continue;
        };
        let column = || {
            value
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|&n| n >= 1)
                .map(|n| n - 1)
        };
        match key.trim().to_ascii_lowercase().as_str() {
            "separator" => match separator_named(value) {
                Some(s) => headers.separator = Some(s),
                None => import.lose(
                    at..at + line.trim_end().len(),
                    format!(
                        "`{}` is not a separator Anki knows; using tab",
                        value.trim()
                    ),
                ),
            },
            "html" => headers.html = Some(value.trim().eq_ignore_ascii_case("true")),
            "tags" => headers.tags = value.split_whitespace().map(str::to_owned).collect(),
            "notetype" => headers.notetype = Some(value.trim().to_owned()),
            "deck" => headers.deck = Some(value.trim().to_owned()),
            "notetype column" => headers.notetype_column = column(),
            "deck column" => headers.deck_column = column(),
            "tags column" => headers.tags_column = column(),
            "guid column" => headers.guid_column = column(),
            _ => {}
        }
    }
    let body = &source[body_start..];
    let separator = headers
        .separator
        .or(options.separator)
        .unwrap_or_else(|| delimited::separator(path, body, None));
    let special = [
        headers.notetype_column,
        headers.deck_column,
        headers.tags_column,
        headers.guid_column,
    ];
    for (at, row) in delimited::rows(body, body_start, separator) {
        let columns = match row {
            Ok(columns) => columns,
            Err(message) => {
                import.found += 1;
                import.skip(at..at + 1, format!("this line cannot be read: {message}"));
                continue;
            }
        };
        if columns.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        import.found += 1;
        let column = |n: Option<usize>| n.and_then(|n| columns.get(n)).map(|s| s.trim().to_owned());
        let notetype = column(headers.notetype_column)
            .or_else(|| headers.notetype.clone())
            .unwrap_or_else(|| "Basic".to_owned());
        let deck = column(headers.deck_column).or_else(|| headers.deck.clone());
        let mut tags = headers.tags.clone();
        if let Some(t) = column(headers.tags_column) {
            tags.extend(t.split_whitespace().map(str::to_owned));
        }
        let fields: Vec<&String> = columns
            .iter()
            .enumerate()
            .filter(|(i, _)| !special.contains(&Some(*i)))
            .map(|(_, f)| f)
            .collect();
        let span = at..at + 1;
        if fields.iter().any(|f| has_image(f)) {
            import.lose(
                span.clone(),
                "this card has an image or sound, which Dossier cannot carry; its text is kept",
            );
        }
        let html = headers.html.unwrap_or(true);
        let text = |f: &str| {
            if html {
                html_to_text(f)
            } else {
                f.trim().to_owned()
            }
        };
        let first = fields.first().map(|f| f.as_str()).unwrap_or_default();
        let is_cloze = notetype.to_ascii_lowercase().contains("cloze") || first.contains("{{c");
        let (prompt, answer, explanation) = if is_cloze {
            match anki_cloze(&text(first)) {
                Ok(cloze) => (
                    "Fill in the gaps.".to_owned(),
                    RawAnswer::Cloze { text: cloze },
                    fields.get(1).map(|f| text(f)).unwrap_or_default(),
                ),
                Err(message) => {
                    import.skip(span, message);
                    continue;
                }
            }
        } else {
            let front = text(first);
            let back = fields.get(1).map(|f| text(f)).unwrap_or_default();
            if front.is_empty() || back.is_empty() {
                import.skip(
                    span,
                    if front.is_empty() {
                        "this card has an empty front"
                    } else {
                        "this card has no back (is the separator right?)"
                    },
                );
                continue;
            }
            let extra: Vec<String> = fields
                .iter()
                .skip(2)
                .map(|f| text(f))
                .filter(|f| !f.is_empty())
                .collect();
            let typed = options.typed || notetype.to_ascii_lowercase().contains("type in");
            let answer = if typed {
                RawAnswer::Typed { accept: vec![back] }
            } else {
                RawAnswer::Flashcard { back }
            };
            (front, answer, extra.join(" "))
        };
        import.questions.push(ImportedQuestion {
            question: RawQuestion {
                id: String::new(),
                prompt,
                passage: String::new(),
                quote: None,
                explanation,
                about: Vec::new(),
                tags,
                answer,
                review: false,
                show_passage: false,
            },
            at,
            name: None,
            category: deck,
        });
    }
    import
}

/// `Paris is the {{c1::capital::hint}} of {{c2::France}}` → `Paris is the {capital} of {France}`.
fn anki_cloze(text: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    let mut gaps = 0;
    while let Some(open) = rest.find("{{c") {
        let Some(close) = rest[open..].find("}}") else {
            return Err("a cloze `{{c…` is never closed with `}}`".to_owned());
        };
        let inner = &rest[open + 3..open + close];
        let Some((_, answer)) = inner.split_once("::") else {
            return Err(format!(
                "`{{{{c{inner}}}}}` is not a cloze deletion (`{{{{c1::answer}}}}`)"
            ));
        };
        let answer = answer.split("::").next().unwrap_or_default().trim();
        if answer.is_empty() || answer.contains(['{', '}', '|']) {
            return Err("a cloze deletion is empty or contains `{`, `}` or `|`".to_owned());
        }
        out.push_str(&rest[..open]);
        out.push('{');
        out.push_str(answer);
        out.push('}');
        gaps += 1;
        rest = &rest[open + close + 2..];
    }
    out.push_str(rest);
    if gaps == 0 {
        return Err("this Cloze note has no `{{c1::…}}` deletion".to_owned());
    }
    Ok(out)
}
