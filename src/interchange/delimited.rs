//! CSV/TSV term–definition lists, as Quizlet and spreadsheets export them: one row per card, term
//! then definition, with a chosen separator (or one recognised from the first line). Quoted fields may
//! hold separators, doubled quotes and line breaks. A header row naming its columns (`term,definition`,
//! `front,back`, or Dossier's own `prompt,answer,…,explanation` export) is read as one.
//!
//! A row becomes a flashcard (term on the front); with `--typed`, a typed question asking for the term
//! from its definition.

use std::path::Path;
use std::sync::Arc;

use super::{Format, Import, ImportOptions, ImportedQuestion, source::char_boundary_at_most};
use crate::bank::raw::{RawAnswer, RawQuestion};

/// The separator of a file: the option, else `.tsv`/a tab in the first line → tab, else whichever
/// of `;` and `,` the first line has more of.
pub fn separator(path: &Path, text: &str, chosen: Option<u8>) -> u8 {
    if let Some(chosen) = chosen {
        return chosen;
    }
    let first = text.lines().next().unwrap_or_default();
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"))
        || first.contains('\t')
    {
        b'\t'
    } else if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// Reads rows of `text` (starting at byte `base` of the file) as (byte offset, fields).
pub fn rows(text: &str, base: usize, separator: u8) -> Vec<(usize, Result<Vec<String>, String>)> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = ::csv::StringRecord::new();
    loop {
        let at = base + reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => rows.push((at, Ok(record.iter().map(str::to_owned).collect()))),
            Ok(false) => break,
            Err(error) => {
                let at = error.position().map_or(at, |p| base + p.byte() as usize);
                rows.push((at, Err(error.to_string())));
                break;
            }
        }
    }
    rows
}

/// Reads a term–definition file; see the module docs.
pub fn parse(path: &Path, source: Arc<str>, options: &ImportOptions) -> Import {
    let mut import = Import::new(path, Format::Delimited, Arc::clone(&source));
    let head = &source[..char_boundary_at_most(&source, 4096)];
    let sep = separator(path, head, options.separator);
    let mut columns = Columns {
        term: 0,
        definition: 1,
        explanation: None,
        category: None,
        width: 2,
    };
    for (k, (at, row)) in rows(&source, 0, sep).into_iter().enumerate() {
        let fields = match row {
            Ok(fields) => fields,
            Err(message) => {
                import.found += 1;
                import.skip(at..at + 1, format!("this row cannot be read: {message}"));
                continue;
            }
        };
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if k == 0
            && let Some(header) = Columns::from_header(&fields)
        {
            columns = header;
            continue;
        }
        import.found += 1;
        let field = |i: usize| {
            fields
                .get(i)
                .map(|f| f.trim().to_owned())
                .unwrap_or_default()
        };
        let (term, definition) = (field(columns.term), field(columns.definition));
        if term.is_empty() || definition.is_empty() {
            import
                .skip(
                    at..at + 1,
                    if term.is_empty() {
                        "this row has no term"
                    } else {
                        "this row has no definition (is the separator right?)"
                    },
                )
                .hint = Some(format!(
                "rows are `term{}definition`; choose the separator with `--separator`",
                char::from(sep)
            ));
            continue;
        }
        if fields.len() > columns.width
            && fields[columns.width..].iter().any(|f| !f.trim().is_empty())
        {
            import.lose(
                at..at + 1,
                format!(
                    "this row has {} columns; only the term and definition are kept",
                    fields.len()
                ),
            );
        }
        let (prompt, answer) = if options.typed {
            (definition, RawAnswer::Typed { accept: vec![term] })
        } else {
            (term, RawAnswer::Flashcard { back: definition })
        };
        import.questions.push(ImportedQuestion {
            question: RawQuestion {
                id: String::new(),
                prompt,
                passage: String::new(),
                quote: None,
                explanation: columns.explanation.map(field).unwrap_or_default(),
                about: Vec::new(),
                tags: Vec::new(),
                answer,
                review: false,
                show_passage: false,
            },
            at,
            name: None,
            category: columns.category.map(field).filter(|c| !c.is_empty()),
        });
    }
    import
}

struct Columns {
    term: usize,
    definition: usize,
    explanation: Option<usize>,
    category: Option<usize>,
    width: usize,
}

impl Columns {
    /// Columns named by a header row, if the first row is one.
    fn from_header(fields: &[String]) -> Option<Self> {
        let names: Vec<String> = fields
            .iter()
            .map(|f| f.trim().to_ascii_lowercase())
            .collect();
        let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
        let term = find(&["term", "front", "question", "prompt", "word"])?;
        let definition = find(&["definition", "back", "answer", "meaning"])?;
        Some(Columns {
            term,
            definition,
            explanation: find(&["explanation", "notes", "extra"]),
            category: find(&["section", "category", "deck"]),
            width: names.len(),
        })
    }
}
