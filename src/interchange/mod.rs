//! Quizzes in, banks out: the formats teachers and learning platforms already use.
//!
//! Importers follow the ripgrep raw → validated shape: each format's own parser (one file each) finds
//! its questions with their positions and maps each to a [`RawQuestion`], reporting with a
//! [`Diagnostic`] (file:line:col, the line, a caret, a reason) every question it cannot carry and every
//! detail it loses. Nothing is dropped silently: an [`Import`] says how many questions the file had and
//! how many came through. [`assemble`] turns imports (and optionally an article) into a [`RawBank`]
//! that passes `dossier check`. Exporters write a validated [`crate::bank::Bank`] in each format.
//!
//! No egui here, and no disk except [`read_source`], which reads the file to import.

pub mod aiken;
pub mod anki;
pub mod assemble;
pub mod delimited;
pub mod export;
pub mod gift;
pub mod moodle_xml;
pub mod preview;
pub mod source;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::bank::diagnostic::{Diagnostic, Severity};
use crate::bank::raw::RawQuestion;

pub use assemble::{AssembleOptions, Assembled, assemble};
pub use source::read_source;

/// A quiz format Dossier reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Gift,
    Aiken,
    MoodleXml,
    AnkiText,
    /// Term and definition per row, as Quizlet and spreadsheets export them.
    Delimited,
}

impl Format {
    /// The name people know the format by.
    pub fn label(self) -> &'static str {
        match self {
            Format::Gift => "GIFT (Moodle)",
            Format::Aiken => "Aiken (Moodle)",
            Format::MoodleXml => "Moodle XML",
            Format::AnkiText => "Anki plain text",
            Format::Delimited => "CSV/TSV (term, definition)",
        }
    }
}

/// How to read a file whose format leaves choices open.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Force a format instead of recognising it from the file.
    pub format: Option<Format>,
    /// Field separator for CSV/TSV (and Anki files without a `#separator:` header).
    pub separator: Option<u8>,
    /// Anki Basic notes and term/definition rows become typed-answer questions instead of flashcards.
    pub typed: bool,
}

/// One question found in a file, mapped to the bank format.
#[derive(Clone, Debug)]
pub struct ImportedQuestion {
    pub question: RawQuestion,
    /// Where it starts in the file (byte offset into [`Import::source`]).
    pub at: usize,
    /// The question's title or name in the file, if it had one; used for its id.
    pub name: Option<String>,
    /// The category, deck or section it was filed under, if any.
    pub category: Option<String>,
}

/// What reading one file produced.
#[derive(Clone, Debug)]
pub struct Import {
    pub path: PathBuf,
    pub format: Format,
    /// The text the positions refer to (decoded, BOM removed, line ends normalised).
    pub source: Arc<str>,
    pub questions: Vec<ImportedQuestion>,
    /// How many questions (or notes, rows) the file holds, imported or not.
    pub found: usize,
    /// Every question skipped (errors) and every detail lost (warnings), in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Import {
    pub(crate) fn new(path: &Path, format: Format, source: Arc<str>) -> Self {
        Self {
            path: path.to_path_buf(),
            format,
            source,
            questions: Vec::new(),
            found: 0,
            diagnostics: Vec::new(),
        }
    }

    /// Skips a question: an error at `span` saying why.
    pub(crate) fn skip(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let diagnostic = Diagnostic::error(&self.path, Arc::clone(&self.source), span, message);
        self.diagnostics.push(diagnostic);
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    /// Notes a detail that is lost or changed, while the question itself is imported.
    pub(crate) fn lose(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(
            &self.path,
            Arc::clone(&self.source),
            span,
            Severity::Warning,
            message,
        ));
    }

    /// Moves every question the bank format would reject (an option listed twice, a text too long)
    /// from the questions to the diagnostics, so what the preview shows is what the bank will hold.
    fn keep_valid(&mut self) {
        let limits = crate::bank::validate::Limits::default();
        let questions = std::mem::take(&mut self.questions);
        for (k, imported) in questions.into_iter().enumerate() {
            let mut question = imported.question.clone();
            question.id = format!("q{k}");
            let probe = crate::bank::raw::RawBank {
                id: "probe".to_owned(),
                title: "probe".to_owned(),
                source: "probe".to_owned(),
                language: "en".to_owned(),
                authors: Vec::new(),
                version: None,
                derived_questions: false,
                exam: None,
                passages: Vec::new(),
                actors: Vec::new(),
                claims: Vec::new(),
                implications: Vec::new(),
                responses: Vec::new(),
                questions: vec![question],
            };
            match crate::bank::validate::validate_raw(probe, &limits) {
                Ok(_) => self.questions.push(imported),
                Err(messages) => {
                    let at = imported.at;
                    let end = self.source[at..]
                        .find('\n')
                        .map_or(self.source.len(), |n| at + n);
                    self.skip(
                        at..end,
                        format!("this question cannot be carried: {}", messages.join("; ")),
                    );
                }
            }
        }
        self.diagnostics.sort_by_key(|d| d.span.start);
    }

    /// "imported 14 of 16 questions".
    pub fn summary(&self) -> String {
        self.summary_named(&self.path.display().to_string())
    }

    /// [`Self::summary`] with the file called `name` (the app shows the file name, not the path).
    pub fn summary_named(&self, name: &str) -> String {
        format!(
            "{name}: {}: imported {} of {} {}",
            self.format.label(),
            self.questions.len(),
            self.found,
            if self.found == 1 {
                "question"
            } else {
                "questions"
            }
        )
    }
}

/// Reads `path` in its format (recognised from the file unless `options.format` says), never failing
/// on damaged content: what cannot be read is reported in the [`Import`]'s diagnostics. Only an
/// unreadable file is an `Err`.
pub fn import_file(path: &Path, options: &ImportOptions) -> std::io::Result<Import> {
    let (source, mut decoding) = read_source(path)?;
    let mut import = import_str(path, source, options);
    decoding.append(&mut import.diagnostics);
    import.diagnostics = decoding;
    Ok(import)
}

/// Reads already decoded text (see [`read_source`]) in its format.
pub fn import_str(path: &Path, source: Arc<str>, options: &ImportOptions) -> Import {
    let format =
        options
            .format
            .or_else(|| sniff(path, &source))
            .unwrap_or(if options.separator.is_some() {
                Format::Delimited
            } else {
                Format::Gift
            });
    let mut import = match format {
        Format::Gift => gift::parse(path, source),
        Format::Aiken => aiken::parse(path, source),
        Format::MoodleXml => moodle_xml::parse(path, source),
        Format::AnkiText => anki::parse(path, source, options),
        Format::Delimited => delimited::parse(path, source, options),
    };
    import.keep_valid();
    import
}

/// Recognises a quiz file by its content (and, for delimited text, its extension): what `check` says
/// a non-RON file looks like, and what the library offers to import.
pub fn sniff(path: &Path, text: &str) -> Option<Format> {
    let text = text.trim_start_matches('\u{feff}');
    let head: &str = &text[..source::char_boundary_at_most(text, 8192)];
    let trimmed = head.trim_start();
    if trimmed.starts_with("<?xml") || trimmed.starts_with("<quiz") {
        return head.contains("<quiz").then_some(Format::MoodleXml);
    }
    if head.lines().any(|l| {
        let l = l.trim();
        l.starts_with("#separator:")
            || l.starts_with("#html:")
            || l.starts_with("#columns:")
            || l.starts_with("#notetype")
            || l.starts_with("#deck")
            || l.starts_with("#tags column:")
            || l.starts_with("#guid column:")
    }) {
        return Some(Format::AnkiText);
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if aiken::looks_like(head) {
        return Some(Format::Aiken);
    }
    if gift::looks_like(head) {
        return Some(Format::Gift);
    }
    match extension.as_deref() {
        Some("csv" | "tsv") => Some(Format::Delimited),
        Some("gift") => Some(Format::Gift),
        Some("xml") => Some(Format::MoodleXml),
        _ if head.contains('\t')
            && head
                .lines()
                .filter(|l| !l.trim().is_empty())
                .all(|l| l.contains('\t')) =>
        {
            Some(Format::Delimited)
        }
        _ => None,
    }
}

/// Whether a file in the library folder is a quiz Dossier could import (by extension, then content).
pub fn is_importable(path: &Path) -> bool {
    if !importable_extension(path) {
        return false;
    }
    read_source(path).is_ok_and(|(text, _)| sniff(path, &text).is_some())
}

/// A quiz file found in a folder, with the format it looks like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuizFile {
    pub path: PathBuf,
    pub format: Format,
}

/// The quiz files directly in `dir` (what [`is_importable`] accepts), sorted by name: the library lists
/// them with an "Import…" button instead of ignoring them. An unreadable folder has none.
pub fn quiz_files_in(dir: &Path) -> Vec<QuizFile> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<QuizFile> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && importable_extension(p))
        .filter_map(|path| {
            let (text, _) = read_source(&path).ok()?;
            let format = sniff(&path, &text)?;
            Some(QuizFile { path, format })
        })
        .collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

fn importable_extension(path: &Path) -> bool {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    matches!(
        extension.as_deref(),
        Some("txt" | "gift" | "xml" | "csv" | "tsv")
    )
}

/// HTML reduced to the text a reader sees: tags dropped, entities decoded, block elements and `<br>`
/// as line breaks, runs of spaces collapsed. Uses `scraper` (html5ever), so broken markup is read the
/// way browsers read it.
pub fn html_to_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return html.to_owned();
    }
    let fragment = scraper::Html::parse_fragment(html);
    let mut out = String::new();
    collect_text(fragment.root_element(), &mut out);
    tidy(&out)
}

fn collect_text(element: scraper::ElementRef<'_>, out: &mut String) {
    for child in element.children() {
        match child.value() {
            scraper::Node::Text(text) => out.push_str(text),
            scraper::Node::Element(e) => {
                let name = e.name();
                if matches!(name, "script" | "style") {
                    continue;
                }
                let block = matches!(
                    name,
                    "p" | "div"
                        | "li"
                        | "tr"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "ul"
                        | "ol"
                        | "table"
                        | "blockquote"
                        | "pre"
                );
                if name == "br" || block {
                    out.push('\n');
                }
                if name == "img" {
                    let alt = e.attr("alt").unwrap_or_default();
                    if !alt.is_empty() {
                        out.push_str(&format!("[image: {alt}]"));
                    }
                }
                if let Some(inner) = scraper::ElementRef::wrap(child) {
                    collect_text(inner, out);
                }
                if block {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

/// Collapses spaces within lines and blank lines between them, trims both ends.
fn tidy(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

/// Whether HTML contains an image (which no Dossier question can show).
pub fn has_image(html: &str) -> bool {
    let lower = html.to_ascii_lowercase();
    lower.contains("<img") || lower.contains("[sound:")
}

/// A lowercase id made of letters, digits and dashes, at most `max` characters, cut at a dash.
pub fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.chars().count() >= max {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.chars().count() >= max
        && let Some(cut) = out.rfind('-')
    {
        return out[..cut].to_owned();
    }
    out.to_owned()
}

/// Writes a new file atomically and never over an existing one: the content goes to a temporary file
/// next to it, is synced, then linked into place, which fails if the name is taken meanwhile.
pub fn save_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if path.exists() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::AlreadyExists,
            format!("{} already exists; choose another name", path.display()),
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.import.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        match std::fs::hard_link(&temp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(std::io::Error::new(
                e.kind(),
                format!("{} already exists; choose another name", path.display()),
            )),
            // File systems without hard links: the existence check above is the guard.
            Err(_) => std::fs::rename(&temp, path),
        }
    })();
    let _ = std::fs::remove_file(&temp);
    result
}

/// Writes an export atomically, replacing any earlier export of the same name (the teacher asked for
/// that file by name).
pub fn save_replacing(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    crate::progress::write_atomically(path, bytes).map_err(std::io::Error::other)
}
