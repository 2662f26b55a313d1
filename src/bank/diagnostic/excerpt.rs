//! The few lines of a file that one diagnostic shows, cut to a window around its span and with
//! control characters made visible, as a codespan file numbered like the real one. This keeps what a
//! diagnostic renders small however long the file's lines are, and keeps a file from driving the
//! terminal it is shown in.

use std::ops::Range;

use super::floor_char_boundary;
use crate::safe_io::is_hidden_or_control;

/// How many lines of the file one diagnostic shows at most (a span over more lines is shown by its
/// first line).
pub const MAX_SHOWN_LINES: usize = 6;
/// About how many characters of a long line are shown around the span.
pub const WINDOW_CHARS: usize = 120;

/// The part of a file a diagnostic shows, as a codespan file: a few whole or cut lines, numbered as in
/// the real file, with control characters replaced by visible symbols of the same width.
pub(super) struct Excerpt {
    name: String,
    text: String,
    lines: Vec<ExcerptLine>,
}

struct ExcerptLine {
    /// Byte range in `text`, without the `\n`.
    range: Range<usize>,
    /// 1-based number of the line in the real file.
    number: usize,
    /// Where the real line starts, and the part of it that is shown (bytes of the real file).
    line_start: usize,
    shown: Range<usize>,
    /// 1-based column, in the real line, of the first shown character.
    first_column: usize,
    /// Bytes of the `…` put before the shown part when the line was cut on the left.
    lead: usize,
}

impl Excerpt {
    /// The excerpt of `source` showing `spans`, and the spans moved into it.
    pub(super) fn new(
        name: String,
        source: &str,
        spans: &[Range<usize>],
    ) -> (Self, Vec<Range<usize>>) {
        // (line start, line number, shown part) of every line a span touches, up to MAX_SHOWN_LINES.
        let mut wanted: Vec<(usize, usize, Range<usize>)> = Vec::new();
        for span in spans {
            let (mut start, number) = line_start_and_number(source, span.start);
            for offset in 0..MAX_SHOWN_LINES {
                let end = line_end(source, start);
                let from = span.start.clamp(start, end);
                let to = span.end.clamp(from, end);
                wanted.push((start, number + offset, window(source, start..end, from..to)));
                if span.end <= end || end >= source.len() {
                    break;
                }
                start = end + 1;
            }
        }
        wanted.sort_by_key(|w| w.0);
        wanted.dedup_by(|later, first| {
            if later.0 == first.0 {
                first.2 = first.2.start.min(later.2.start)..first.2.end.max(later.2.end);
                true
            } else {
                false
            }
        });
        let mut excerpt = Self {
            name,
            text: String::new(),
            lines: Vec::with_capacity(wanted.len()),
        };
        for (line_start, number, shown) in wanted {
            let begin = excerpt.text.len();
            let lead = if shown.start > line_start { "…" } else { "" };
            excerpt.text.push_str(lead);
            excerpt
                .text
                .extend(source[shown.clone()].chars().map(visible));
            if shown.end < line_end(source, line_start) {
                excerpt.text.push('…');
            }
            excerpt.lines.push(ExcerptLine {
                range: begin..excerpt.text.len(),
                number,
                line_start,
                first_column: 1 + source[line_start..shown.start].chars().count(),
                shown,
                lead: lead.len(),
            });
            excerpt.text.push('\n');
        }
        let mapped = spans
            .iter()
            .map(|span| {
                let start = excerpt.map(source, span.start);
                start..excerpt.map(source, span.end).max(start)
            })
            .collect();
        (excerpt, mapped)
    }

    /// Where byte `offset` of `source` is in the excerpt, clamped into the shown part of its line
    /// (or of the nearest shown line before it).
    fn map(&self, source: &str, offset: usize) -> usize {
        let Some(line) = self
            .lines
            .iter()
            .rev()
            .find(|l| l.line_start <= offset)
            .or(self.lines.first())
        else {
            return 0;
        };
        let clamped = offset.clamp(line.shown.start, line.shown.end);
        let chars = source[line.shown.start..clamped].chars().count();
        let shown = &self.text[line.range.start + line.lead..line.range.end];
        line.range.start
            + line.lead
            + shown
                .char_indices()
                .nth(chars)
                .map_or(shown.len(), |(i, _)| i)
    }

    fn line(&self, line_index: usize) -> Result<&ExcerptLine, codespan_reporting::files::Error> {
        self.lines
            .get(line_index)
            .ok_or(codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: self.lines.len().saturating_sub(1),
            })
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Excerpt {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.text)
    }

    fn line_index(
        &'a self,
        (): (),
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self
            .lines
            .iter()
            .rposition(|l| l.range.start <= byte_index)
            .unwrap_or(0))
    }

    fn line_number(
        &'a self,
        (): (),
        line_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.line(line_index)?.number)
    }

    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let line = self.line(line_index)?;
        let from = line.range.start + line.lead;
        let to = byte_index.clamp(from, line.range.end);
        Ok(line.first_column + self.text[from..to].chars().count())
    }

    fn line_range(
        &'a self,
        (): (),
        line_index: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let line = self.line(line_index)?;
        // Include the `\n`, as codespan expects of a line.
        Ok(line.range.start..line.range.end + 1)
    }
}

/// The start of the line holding `offset` and its 1-based number.
fn line_start_and_number(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (start, 1 + before.bytes().filter(|b| *b == b'\n').count())
}

fn line_end(source: &str, line_start: usize) -> usize {
    source[line_start..]
        .find('\n')
        .map_or(source.len(), |i| line_start + i)
}

/// The part of `line` to show for the span `span` in it: all of it when short, otherwise about
/// [`WINDOW_CHARS`] characters starting a little before the span (a long span is cut).
fn window(source: &str, line: Range<usize>, span: Range<usize>) -> Range<usize> {
    const BEFORE: usize = WINDOW_CHARS / 3;
    let text = &source[line.clone()];
    if text.len() <= WINDOW_CHARS {
        return line;
    }
    let before = &source[line.start..span.start];
    let start = before
        .char_indices()
        .rev()
        .nth(BEFORE.saturating_sub(1))
        .map_or(line.start, |(i, _)| line.start + i);
    let end = source[start..line.end]
        .char_indices()
        .nth(WINDOW_CHARS)
        .map_or(line.end, |(i, _)| start + i);
    start..end
}

/// A character as it may be shown in a source line: control and invisible characters become a
/// visible symbol (`␛` for ESC, `␀` for NUL, `�` for the rest), one character for one, so columns stay
/// right. Tabs are kept (codespan expands them).
fn visible(c: char) -> char {
    match c {
        '\t' => c,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if is_hidden_or_control(c) => '\u{fffd}',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use codespan_reporting::files::Files;

    #[test]
    fn a_long_line_is_cut_around_the_span_and_keeps_its_real_numbers() {
        let source = format!("first\n{}BAD{}\n", "a".repeat(5_000), "b".repeat(5_000));
        let at = source.find("BAD").unwrap();
        let (excerpt, spans) =
            Excerpt::new("f.ron".into(), &source, std::slice::from_ref(&(at..at + 3)));
        assert!(
            excerpt.text.chars().count() <= WINDOW_CHARS + 3,
            "{}",
            excerpt.text
        );
        assert!(excerpt.text.starts_with('…') && excerpt.text.trim_end().ends_with('…'));
        assert_eq!(&excerpt.text[spans[0].clone()], "BAD");
        let location = excerpt.location((), spans[0].start).unwrap();
        assert_eq!((location.line_number, location.column_number), (2, 5_001));
    }

    #[test]
    fn control_characters_are_shown_as_symbols_of_one_character() {
        let source = "id: \"a\u{1b}[2Jb\u{0}\"\n";
        let (excerpt, spans) = Excerpt::new("f.ron".into(), source, std::slice::from_ref(&(5..11)));
        assert_eq!(excerpt.text, "id: \"a␛[2Jb␀\"\n");
        assert_eq!(&excerpt.text[spans[0].clone()], "a␛[2Jb");
    }
}
