//! Diagnostics: file, line, column, the source line with the span underlined, and a hint.
//!
//! Every problem found in a bank file — a RON syntax error, a misspelled field, a dangling reference, a
//! misquote — becomes one [`Diagnostic`]. It carries the text it points into, so it can be rendered on its
//! own, rustc style, both to a coloured terminal ([`Diagnostic::emit`]) and to a plain string for the
//! in-app error view ([`Diagnostic::render_plain`]).

use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::term::{self, Config};
use serde::Serialize;

use crate::safe_io::{printable, printable_lines, shortened};

mod excerpt;

use excerpt::Excerpt;
pub use excerpt::{MAX_SHOWN_LINES, WINDOW_CHARS};

/// How bad a problem is: errors make a bank unusable, warnings are worth fixing but the bank loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

/// One problem in one file, pointing at the exact text that is wrong.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// The file the problem is in, as the user named it.
    pub path: PathBuf,
    /// Byte offsets into the file's text; always on char boundaries and within the text.
    pub span: Range<usize>,
    /// One sentence on what is wrong.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
    pub severity: Severity,
    /// A second place worth seeing, e.g. where a duplicated id was first defined.
    pub related: Option<(Range<usize>, String)>,
    /// For the last diagnostic of a file with more problems than are shown ("…and 3,900 more
    /// errors"): how many errors it stands for. 0 for every other diagnostic.
    pub more_errors: usize,
    source: Arc<str>,
}

impl Diagnostic {
    /// A diagnostic at `span` of `source`. The span is clamped into the text and onto char boundaries,
    /// so a diagnostic can always be rendered, whatever offsets a caller computed.
    pub fn new(
        path: &Path,
        source: Arc<str>,
        span: Range<usize>,
        severity: Severity,
        message: impl Into<String>,
    ) -> Self {
        let span = clamp_span(&source, span);
        let message: String = message.into();
        Self {
            path: path.to_path_buf(),
            span,
            message: shortened(&message, MAX_MESSAGE_CHARS).into_owned(),
            hint: None,
            severity,
            related: None,
            more_errors: 0,
            source,
        }
    }

    /// An error at `span` of `source`.
    pub fn error(
        path: &Path,
        source: Arc<str>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(path, source, span, Severity::Error, message)
    }

    /// Adds a `help:` line.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a secondary label at another place in the same file.
    #[must_use]
    pub fn with_related(mut self, span: Range<usize>, label: impl Into<String>) -> Self {
        self.related = Some((clamp_span(&self.source, span), label.into()));
        self
    }

    /// Converts a RON parse or type error, whose positions are 1-based line/column with columns counted
    /// in characters, into a diagnostic with byte offsets.
    pub fn from_ron(path: &Path, source: Arc<str>, error: &ron::error::SpannedError) -> Self {
        let start = byte_offset(&source, error.span.start.line, error.span.start.col);
        let end = byte_offset(&source, error.span.end.line, error.span.end.col).max(start);
        let (message, mut hint) = super::validate::describe_ron_error(&error.code);
        let mut span = start..end;
        if let Some(opening) = unclosed_string_before(&source, start) {
            let line = line_col(&source, opening).0;
            hint = Some(format!(
                "the text that starts on line {line} may be missing its closing `\"`"
            ));
        } else if error.code == ron::Error::ExpectedComma {
            // The comma is missing at the end of the previous line, not where the next field starts.
            let before = source[..start].trim_end();
            if source[before.len()..start].contains('\n') {
                span = before.len()..before.len();
                hint = Some("add `,` at the end of this line".to_owned());
            }
        } else {
            // ron's span may start at the whitespace before the offending value.
            let rest = &source[start..];
            let skipped = rest.len() - rest.trim_start().len();
            if skipped > 0 && start + skipped < source.len() {
                span = start + skipped..end.max(start + skipped);
            }
        }
        let mut diagnostic = Self::error(path, source, span, message);
        diagnostic.hint = hint;
        diagnostic
    }

    /// The text this diagnostic points into.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// 1-based line of the span's start.
    pub fn line(&self) -> usize {
        line_col(&self.source, self.span.start).0
    }

    /// 1-based column of the span's start, counted in characters (as editors count them).
    pub fn column(&self) -> usize {
        line_col(&self.source, self.span.start).1
    }

    /// 1-based line and column of the span's end.
    pub fn end_line_column(&self) -> (usize, usize) {
        line_col(&self.source, self.span.end)
    }

    /// How many errors this diagnostic counts for: 1 for an error, 0 for a warning, and the number of
    /// errors not shown for the "…and N more" one.
    pub fn error_count(&self) -> usize {
        match self.severity {
            Severity::Error => self.more_errors.max(1),
            Severity::Warning => 0,
        }
    }

    /// Whether this diagnostic makes the bank unusable.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The codespan form, with spans into `excerpt` and every text made [`printable`].
    fn to_codespan(&self, mapped: &[Range<usize>]) -> CsDiagnostic<()> {
        let base = match self.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        };
        let mut labels = vec![Label::primary((), mapped[0].clone())];
        if let (Some((_, label)), Some(span)) = (&self.related, mapped.get(1)) {
            labels.push(
                Label::secondary((), span.clone()).with_message(printable(label).into_owned()),
            );
        }
        let notes = self
            .hint
            .iter()
            .map(|hint| format!("help: {}", printable_lines(hint)))
            .collect();
        base.with_message(printable(&self.message).into_owned())
            .with_labels(labels)
            .with_notes(notes)
    }

    /// The few lines this diagnostic shows, each cut to a window around its span: what is rendered
    /// stays small however long the file's lines are.
    fn excerpt(&self) -> (Excerpt, CsDiagnostic<()>) {
        let mut spans = vec![self.span.clone()];
        spans.extend(self.related.iter().map(|(span, _)| span.clone()));
        let (excerpt, mapped) = Excerpt::new(
            printable(&self.path.display().to_string()).into_owned(),
            &self.source,
            &spans,
        );
        let diagnostic = self.to_codespan(&mapped);
        (excerpt, diagnostic)
    }

    /// Renders rustc style — `error: …`, `--> file:line:col`, the source line, a caret under the span,
    /// `= help: …` — as plain text, for the in-app error view and for logs. At most
    /// [`MAX_SHOWN_LINES`] lines of the file are shown, each cut to about [`WINDOW_CHARS`] characters
    /// around the span, and control characters from the file are shown escaped, never sent as is.
    pub fn render_plain(&self) -> String {
        let (excerpt, diagnostic) = self.excerpt();
        term::emit_into_string(&Config::default(), &excerpt, &diagnostic)
            .unwrap_or_else(|_| self.fallback_text())
    }

    /// Writes the rustc-style rendering (bounded and escaped as [`Diagnostic::render_plain`]) to a
    /// terminal stream, in colour if the stream supports it.
    pub fn emit(&self, writer: &mut dyn term::termcolor::WriteColor) -> io::Result<()> {
        let (excerpt, diagnostic) = self.excerpt();
        match term::emit_to_write_style(writer, &Config::default(), &excerpt, &diagnostic) {
            Ok(()) => Ok(()),
            Err(codespan_reporting::files::Error::Io(e)) => Err(e),
            Err(_) => writeln!(writer, "{}", self.fallback_text()),
        }
    }

    /// A one-line form, `file:line:col: error: message`, for places without room for the snippet.
    pub fn one_line(&self) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        format!(
            "{}:{}:{}: {severity}: {}",
            printable(&self.path.display().to_string()),
            self.line(),
            self.column(),
            printable(&self.message)
        )
    }

    fn fallback_text(&self) -> String {
        match &self.hint {
            Some(hint) => format!("{}\n  help: {}", self.one_line(), printable_lines(hint)),
            None => self.one_line(),
        }
    }

    /// The machine-readable form used by `dossier check --format json`.
    pub fn to_json(&self) -> JsonDiagnostic {
        let (end_line, end_column) = self.end_line_column();
        JsonDiagnostic {
            path: self.path.display().to_string(),
            severity: self.severity,
            message: printable(&self.message).into_owned(),
            hint: self
                .hint
                .as_deref()
                .map(|h| printable_lines(h).into_owned()),
            line: self.line(),
            column: self.column(),
            end_line,
            end_column,
            start_byte: self.span.start,
            end_byte: self.span.end,
        }
    }
}

/// The longest message kept: a message quotes names from the file, which can be any length.
const MAX_MESSAGE_CHARS: usize = 600;
/// A diagnostic as editors and scripts read it: positions are 1-based, columns in characters, byte
/// offsets 0-based and end-exclusive.
#[derive(Clone, Debug, Serialize)]
pub struct JsonDiagnostic {
    pub path: String,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub start_byte: usize,
    pub end_byte: usize,
}

/// When a parse error comes right after a string that spans lines (`"text,` then a newline), the
/// likely cause is a missing closing quote earlier: returns where that string opened.
fn unclosed_string_before(source: &str, error_at: usize) -> Option<usize> {
    let before = source.get(..error_at)?;
    let closing = before.trim_end().strip_suffix('"')?;
    let opening = closing.rfind('"')?;
    (closing[opening..].contains('\n') && !closing[..opening].ends_with('\\')).then_some(opening)
}

/// The byte offset of 1-based `line` and character `col` in `source`, clamped to the end of that line
/// (or of the text) when the position lies beyond it.
pub fn byte_offset(source: &str, line: usize, col: usize) -> usize {
    let mut line_start = 0;
    if line > 1 {
        let mut seen = 1;
        let mut found = false;
        for (i, b) in source.bytes().enumerate() {
            if b == b'\n' {
                seen += 1;
                if seen == line {
                    line_start = i + 1;
                    found = true;
                    break;
                }
            }
        }
        if !found {
            return source.len();
        }
    }
    let rest = &source[line_start..];
    let line_end = rest.find('\n').map_or(source.len(), |i| line_start + i);
    let mut offset = line_start;
    for c in source[line_start..line_end]
        .chars()
        .take(col.saturating_sub(1))
    {
        offset += c.len_utf8();
    }
    offset
}

/// 1-based line and character column of byte `offset` in `source`.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = 1 + before.bytes().filter(|b| *b == b'\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = 1 + source[line_start..offset].chars().count();
    (line, column)
}

fn floor_char_boundary(source: &str, mut offset: usize) -> usize {
    while offset > 0 && !source.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn clamp_span(source: &str, span: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(source, span.start.min(source.len()));
    let mut end = span.end.clamp(start, source.len());
    while end < source.len() && !source.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let source = "ab\n“é” x\n";
        let offset = byte_offset(source, 2, 5);
        assert_eq!(&source[offset..offset + 1], "x");
        assert_eq!(line_col(source, offset), (2, 5));
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let source = "one\ntwo";
        assert_eq!(byte_offset(source, 9, 1), source.len());
        assert_eq!(byte_offset(source, 1, 99), 3);
        let d = Diagnostic::error(Path::new("x.ron"), source.into(), 5..99, "m");
        assert_eq!(d.span, 5..7);
    }

    #[test]
    fn rendering_shows_file_line_caret_and_help() {
        let source: Arc<str> = "Bank(\n    promt: \"x\",\n)\n".into();
        let d = Diagnostic::error(
            Path::new("bank.ron"),
            source,
            10..15,
            "unknown field `promt`",
        )
        .with_hint("did you mean `prompt`?");
        let text = d.render_plain();
        assert!(text.contains("error: unknown field `promt`"), "{text}");
        assert!(text.contains("bank.ron:2:5"), "{text}");
        assert!(text.contains("^^^^^"), "{text}");
        assert!(text.contains("help: did you mean `prompt`?"), "{text}");
    }
}
