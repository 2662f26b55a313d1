//! Raw bank → validated [`super::Bank`], collecting every error rather than stopping at the first.
//!
//! Loading is three steps. RON syntax and shape are checked by `ron` (one error at most: after a syntax
//! error nothing further can be trusted). Then every semantic rule runs over the whole bank and every
//! problem is kept, each with a path into the file (`questions[3].answer.correct[1]`). Only if there is
//! something to report is the file scanned for positions ([`spans`]), so a valid bank loads at close
//! to the speed of the bare parse.

mod item_writing;
mod load;
pub(crate) mod spans;
mod suggest;

use std::hash::{BuildHasher as _, Hasher as _};
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use ron::extensions::Extensions;

pub use self::load::{
    LibraryBank, LoadedBank, check_bank_file, load_bank_file, load_bank_str_lazy, load_folder,
    load_paths, load_paths_lazy, load_paths_with,
};
use self::spans::Step;
use self::suggest::suggestion;
pub use self::suggest::{MAX_SUGGESTED_CHARS, SUGGESTION_WORK_PER_FILE, closest, closest_within};
use super::diagnostic::{Diagnostic, Severity};
use super::model::{Answer, Bank, ClozeSegment, Origin, Question, QuestionIndex};
use super::raw::{RawAnswer, RawBank, RawQuestion};
use super::text::{fold_char, sentences};
use crate::safe_io::shortened;
use crate::{BankId, QuestionId, stable_hash};

/// Bounds that keep a hostile or broken file from hanging Dossier or eating all memory. The defaults
/// are far above any real bank (the bundled one is about 100 KiB).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest file accepted, in bytes.
    pub max_file_bytes: usize,
    /// Longest single text (a passage, a prompt, an option), in bytes.
    pub max_text_bytes: usize,
    /// Most entries in any one list (questions, passages, options, …).
    pub max_items: usize,
    /// Deepest nesting of brackets `ron` will follow.
    pub max_nesting: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 16 * 1024 * 1024,
            max_text_bytes: 64 * 1024,
            max_items: 100_000,
            max_nesting: 64,
        }
    }
}

/// What loading one file produced: the bank if it is valid, and every diagnostic (errors and warnings),
/// in file order.
#[derive(Clone, Debug)]
pub struct Checked {
    /// `Some` exactly when there is no error among `diagnostics`.
    pub bank: Option<Bank>,
    pub diagnostics: Vec<Diagnostic>,
    /// Edit-distance work spent on "did you mean" hints (cells of the distance tables), never more
    /// than [`SUGGESTION_WORK_PER_FILE`]: a measure of the checker's effort that tests can bound.
    pub suggestion_work: u64,
}

impl Checked {
    fn into_result(self) -> Result<Bank, Vec<Diagnostic>> {
        match self.bank {
            Some(bank) => Ok(bank),
            None => Err(self.diagnostics),
        }
    }
}

/// Validates the text of a bank file. `path` is where the text came from: diagnostics name it and the
/// bank records it. Warnings are dropped on success; use [`check_bank_str`] to see them.
pub fn load_bank_str(source: &str, path: &Path) -> Result<Bank, Vec<Diagnostic>> {
    check_bank_str(source, path, &Limits::default()).into_result()
}

/// The item-writing check of `dossier check` (see [`item_writing`]): warnings about valid but badly
/// written questions, with positions in `source` (the text `bank` was loaded from). Kept out of loading,
/// which must stay fast; the app never needs it.
pub fn item_writing_warnings(bank: &Bank, source: &str, path: &Path) -> Vec<Diagnostic> {
    let limits = Limits::default();
    let mut validator = Validator {
        limits: &limits,
        dropped_errors: 0,
        dropped_warnings: 0,
        suggestion_budget: SUGGESTION_WORK_PER_FILE,
        pending: Vec::new(),
        errors: 0,
        needle: String::new(),
    };
    // Through `push`, so the per-file cap on reported problems holds for these warnings too.
    for finding in item_writing::findings(bank) {
        validator.push(finding);
    }
    validator.resolve(path, source, || Arc::from(source))
}

/// Validates the text of a bank file with explicit limits, keeping warnings.
pub fn check_bank_str(source: &str, path: &Path, limits: &Limits) -> Checked {
    let mut checked = check_source(source, None, path, limits);
    if let Some(bank) = &mut checked.bank {
        bank.path = Some(path.to_path_buf());
    }
    checked
}

/// Validates a bank built in memory (an import) rather than read from a file: the bank, or the
/// messages of its errors (there is no file to point into).
pub fn validate_raw(raw: RawBank, limits: &Limits) -> Result<Bank, Vec<String>> {
    let mut validator = Validator {
        limits,
        dropped_errors: 0,
        dropped_warnings: 0,
        suggestion_budget: SUGGESTION_WORK_PER_FILE,
        pending: Vec::new(),
        errors: 0,
        needle: String::new(),
    };
    let bank = validator.bank(raw);
    let errors: Vec<String> = validator
        .pending
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| p.message)
        .collect();
    match bank {
        Some(bank) if errors.is_empty() => Ok(bank),
        _ => Err(errors),
    }
}

fn too_large_message(size: u64, limits: &Limits) -> String {
    format!(
        "the file is too large ({size} bytes; a bank may have at most {} bytes)",
        limits.max_file_bytes
    )
}

/// Validates `source`. Diagnostics hold the text as an `Arc`: `shared` when the caller has one,
/// otherwise a copy made only if there is something to report (a valid bank is never copied).
fn check_source(source: &str, shared: Option<&Arc<str>>, path: &Path, limits: &Limits) -> Checked {
    // Old Mac line ends (a lone CR) would make ron read a `//` comment to the end of the file: they
    // are read as line feeds. One byte for one, so every offset stays an offset of the file.
    let normalized: Option<Arc<str>> = has_lone_cr(source).then(|| {
        let bytes = source.as_bytes();
        let text: String = source
            .char_indices()
            .map(|(i, c)| {
                if c == '\r' && bytes.get(i + 1) != Some(&b'\n') {
                    '\n'
                } else {
                    c
                }
            })
            .collect();
        Arc::from(text)
    });
    let (source, shared) = match &normalized {
        Some(text) => (&**text, Some(text)),
        None => (source, shared),
    };
    let shared = || shared.cloned().unwrap_or_else(|| Arc::from(source));
    if source.len() > limits.max_file_bytes {
        let message = too_large_message(source.len() as u64, limits);
        return Checked {
            bank: None,
            diagnostics: vec![Diagnostic::error(path, shared(), 0..0, message)],
            suggestion_work: 0,
        };
    }
    // A byte-order mark is invisible in editors; ron does not expect it.
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    let offset = source.len() - text.len();
    let options = ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(limits.max_nesting);
    let raw: RawBank = match options.from_str(text) {
        Ok(raw) => raw,
        Err(error) => {
            let mut diagnostic = Diagnostic::from_ron(path, Arc::from(text), &error);
            if offset > 0 {
                let span = diagnostic.span.start + offset..diagnostic.span.end + offset;
                let hint = diagnostic.hint.take();
                diagnostic = Diagnostic::error(path, shared(), span, diagnostic.message.clone());
                diagnostic.hint = hint;
            }
            return Checked {
                bank: None,
                diagnostics: vec![diagnostic],
                suggestion_work: 0,
            };
        }
    };
    let mut validator = Validator {
        limits,
        dropped_errors: 0,
        dropped_warnings: 0,
        suggestion_budget: SUGGESTION_WORK_PER_FILE,
        pending: Vec::new(),
        errors: 0,
        needle: String::new(),
    };
    let bank = validator.bank(raw);
    let has_errors = validator.errors > 0;
    let suggestion_work = SUGGESTION_WORK_PER_FILE - validator.suggestion_budget;
    let diagnostics = validator.resolve(path, source, shared);
    Checked {
        bank: if has_errors { None } else { bank },
        diagnostics,
        suggestion_work,
    }
}

fn has_lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

/// Id → index of its first occurrence. Every question looks its references up here, so the map uses
/// hashbrown's fast default hasher rather than the standard library's DoS-resistant one: a bank file
/// is the user's own, not an attacker's stream.
type IdMap<'r> = hashbrown::HashMap<&'r str, usize>;

/// A problem found, with a path into the file instead of a position: positions are looked up only
/// when there is something to report.
struct Pending {
    path: Vec<Step>,
    /// A byte range inside the string value at `path`, when the problem is one part of it.
    inner: Option<Range<usize>>,
    severity: Severity,
    message: String,
    hint: Option<String>,
    related: Option<(Vec<Step>, String)>,
}

/// The most diagnostics kept for one file; the rest are counted in a last "…and N more" diagnostic.
pub const MAX_DIAGNOSTICS_PER_FILE: usize = 100;

struct Validator<'l> {
    limits: &'l Limits,
    /// Problems found past the cap, only counted.
    dropped_errors: usize,
    dropped_warnings: usize,
    /// Edit-distance work left for "did you mean" hints in this file.
    suggestion_budget: u64,
    pending: Vec<Pending>,
    /// How many of `pending` are errors (kept as a count: checked once per question).
    errors: usize,
    /// A folded quote, reused from question to question.
    needle: String,
}

fn at(list: &'static str, i: usize, field: &'static str) -> Vec<Step> {
    vec![Step::Field(list), Step::Item(i), Step::Field(field)]
}

fn join<T>(mut path: Vec<Step>, more: T) -> Vec<Step>
where
    T: IntoIterator<Item = Step>,
{
    path.extend(more);
    path
}

/// Text folded the way quotes are compared (see [`super::text::find_quote`]): typographic and straight
/// quotes alike, whitespace runs as one space.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.extend(folded_chars(text));
    out
}

/// The characters of [`fold`], without building the string.
fn folded_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    let mut after_space = false;
    text.chars().map(fold_char).filter(move |&c| {
        let repeated_space = c == ' ' && after_space;
        after_space = c == ' ';
        !repeated_space
    })
}

/// A quote folded into `out` (reused between calls: a bank has a quote per question).
fn fold_quote_into(quote: &str, out: &mut String) {
    out.clear();
    let quote = quote.trim();
    // Most quotes are plain ASCII that folding leaves as it is: copy them whole.
    let unchanged = quote
        .bytes()
        .all(|b| (b.is_ascii_graphic() && b != b'`') || b == b' ')
        && !quote.contains("  ");
    if unchanged {
        out.push_str(quote);
    } else {
        out.extend(folded_chars(quote));
    }
}

/// A wording as compared for duplicates: trimmed, folded, lower-cased, with Greek final sigma read
/// as sigma (lower-casing a character at a time cannot tell where a word ends).
fn wording(text: &str) -> impl Iterator<Item = char> + '_ {
    folded_chars(text.trim())
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ς' { 'σ' } else { c })
}

/// Items that repeat an earlier one in other words only by case, spacing or quote style: `(later,
/// first)` index pairs, in order. Sorting hashes of the wordings keeps a long list fast without
/// allocating a lower-cased copy of every item; the hasher is randomly seeded, so no file can be
/// crafted to make many different items collide.
fn repeated_items<'a>(items: impl Iterator<Item = &'a str>) -> Vec<(usize, usize)> {
    let seeded = hashbrown::DefaultHashBuilder::default();
    let mut keyed: Vec<(u64, usize, &str)> = items
        .enumerate()
        .map(|(i, item)| {
            let mut hasher = seeded.build_hasher();
            wording(item).for_each(|c| hasher.write_u32(u32::from(c)));
            (hasher.finish(), i, item)
        })
        .collect();
    keyed.sort_unstable_by_key(|&(hash, i, _)| (hash, i));
    let mut repeats = Vec::new();
    for group in keyed.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        for (k, &(_, later, text)) in group.iter().enumerate().skip(1) {
            if let Some(&(_, first, _)) = group[..k]
                .iter()
                .find(|(_, _, earlier)| wording(earlier).eq(wording(text)))
            {
                repeats.push((later, first));
            }
        }
    }
    repeats.sort_unstable();
    repeats
}

const ANSWER_KINDS: [&str; 9] = [
    "Choice",
    "TrueFalse",
    "Typed",
    "Cloze",
    "Matching",
    "Ordering",
    "Flashcard",
    "Evidence",
    "TwoPart",
];

/// Turns ron's error into one sentence and a hint a teacher can act on.
pub(crate) fn describe_ron_error(code: &ron::Error) -> (String, Option<String>) {
    use ron::Error as E;
    let listed = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let within = outer
                .as_deref()
                .map(|o| format!(" of {o}"))
                .unwrap_or_default();
            match closest(found, expected.iter().copied()) {
                Some(best) => (
                    format!("unknown field `{found}`, did you mean `{best}`?"),
                    Some(format!("the fields{within} are {}", listed(expected))),
                ),
                None => (
                    format!("unknown field `{found}`"),
                    Some(format!("the fields{within} are {}", listed(expected))),
                ),
            }
        }
        E::NoSuchEnumVariant {
            expected, found, ..
        } => {
            let what = if expected.contains(&"Rumored") {
                "certainty"
            } else if expected.contains(&"TrueFalse") {
                "answer kind"
            } else {
                "variant"
            };
            let hint = Some(format!("the {what} must be one of {}", listed(expected)));
            match closest(found, expected.iter().copied()) {
                Some(best) => (
                    format!("unknown {what} `{found}`, did you mean `{best}`?"),
                    hint,
                ),
                None => (format!("unknown {what} `{found}`"), hint),
            }
        }
        E::MissingStructField { field, outer } => {
            let within = outer
                .as_deref()
                .map(|o| format!(" in this {o}"))
                .unwrap_or_default();
            (
                format!("missing field `{field}`{within}"),
                Some(format!("add `{field}: …,` before the closing parenthesis")),
            )
        }
        E::DuplicateStructField { field, .. } => (
            format!("field `{field}` is given twice"),
            Some("keep one of them".to_owned()),
        ),
        E::ExpectedDifferentStructName { expected, found } => {
            let hint = if closest(found, [*expected]).is_some() || ANSWER_KINDS.contains(expected) {
                format!("did you mean `{expected}`?")
            } else {
                format!("write `{expected}(…)` or just `(…)`")
            };
            (
                format!("expected `{expected}` here, found `{found}`"),
                Some(hint),
            )
        }
        E::Eof => (
            "the file ends in the middle of a value".to_owned(),
            Some("a `)`, `]` or `\"` is probably missing".to_owned()),
        ),
        E::ExpectedComma => (
            "expected a comma here".to_owned(),
            Some("separate fields and list items with `,`".to_owned()),
        ),
        E::ExpectedStringEnd => (
            "this text has no closing quote".to_owned(),
            Some("end it with `\"`; write a quote inside text as `\\\"`".to_owned()),
        ),
        E::ExpectedString => (
            "expected text in double quotes here".to_owned(),
            Some("write text as \"…\"".to_owned()),
        ),
        E::ExpectedBoolean => ("expected `true` or `false` here".to_owned(), None),
        E::ExpectedArray => (
            "expected a list in square brackets here".to_owned(),
            Some("write lists as [\"a\", \"b\"]".to_owned()),
        ),
        E::ExpectedArrayEnd => (
            "expected `]` or a comma here".to_owned(),
            Some("separate list items with `,` and close the list with `]`".to_owned()),
        ),
        E::ExpectedStructLikeEnd | E::ExpectedOptionEnd => (
            "expected `)` or a comma here".to_owned(),
            Some("separate fields with `,` and close with `)`".to_owned()),
        ),
        E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
            ("expected `(` here".to_owned(), None)
        }
        E::ExpectedIdentifier => ("expected a field name here".to_owned(), None),
        E::TrailingCharacters => (
            "unexpected text after the end of the bank".to_owned(),
            Some("the file is one `Bank(…)`; look for an extra `)` or `]` above".to_owned()),
        ),
        E::ExceededRecursionLimit => (
            "values are nested too deeply".to_owned(),
            Some("a bank never needs more than a few levels of brackets".to_owned()),
        ),
        E::UnexpectedChar(c) => (format!("unexpected character `{c}`"), None),
        E::InvalidValueForType { expected, found } => {
            (format!("expected {expected}, found {found}"), None)
        }
        E::UnclosedBlockComment => (
            "this comment is never closed".to_owned(),
            Some("end it with `*/`".to_owned()),
        ),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            let message = match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            };
            (message, None)
        }
    }
}

/// "1 more error", "3,950 more errors".
fn counted(n: usize, noun: &str) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(d);
    }
    if n == 1 {
        format!("{grouped} {noun}")
    } else {
        format!("{grouped} {noun}s")
    }
}

/// Per-passage data computed once: its folded text for quote checks and its sentences for evidence.
struct PassageInfo {
    folded: String,
    /// The sentences (shared by every evidence question on the passage) and their folded forms.
    sentences: Option<(Arc<[String]>, Vec<String>)>,
}

impl Validator<'_> {
    fn report(
        &mut self,
        severity: Severity,
        path: Vec<Step>,
        message: String,
        hint: Option<String>,
    ) {
        self.push(Pending {
            path,
            inner: None,
            severity,
            message,
            hint,
            related: None,
        });
    }

    fn error(&mut self, path: Vec<Step>, message: String, hint: Option<String>) {
        self.report(Severity::Error, path, message, hint);
    }

    fn error_inside(&mut self, path: Vec<Step>, inner: Range<usize>, message: String, hint: &str) {
        self.push(Pending {
            path,
            inner: Some(inner),
            severity: Severity::Error,
            message,
            hint: Some(hint.to_owned()),
            related: None,
        });
    }

    fn resolve(
        self,
        path: &Path,
        text: &str,
        shared: impl FnOnce() -> Arc<str>,
    ) -> Vec<Diagnostic> {
        if self.pending.is_empty() {
            return Vec::new();
        }
        let source = shared();
        let tree = spans::parse(text);
        let locate = |steps: &[Step], inner: Option<&Range<usize>>| -> Range<usize> {
            let Some(tree) = &tree else { return 0..0 };
            let (node, depth) = tree.find(steps);
            let span = node.span();
            match inner {
                Some(inner) if depth == steps.len() => {
                    let literal = &source[span.clone()];
                    let plain = literal.len() >= 2
                        && literal.starts_with('"')
                        && literal.ends_with('"')
                        && !literal.contains('\\');
                    if plain && span.start + 1 + inner.end < span.end {
                        span.start + 1 + inner.start..span.start + 1 + inner.end
                    } else {
                        span
                    }
                }
                _ => span,
            }
        };
        let mut diagnostics: Vec<Diagnostic> = self
            .pending
            .iter()
            .map(|p| {
                let mut diagnostic = Diagnostic::new(
                    path,
                    source.clone(),
                    locate(&p.path, p.inner.as_ref()),
                    p.severity,
                    p.message.clone(),
                );
                diagnostic.hint = p.hint.clone();
                if let Some((steps, label)) = &p.related {
                    diagnostic = diagnostic.with_related(locate(steps, None), label.clone());
                }
                diagnostic
            })
            .collect();
        diagnostics.sort_by_key(|d| (d.span.start, std::cmp::Reverse(d.severity)));
        let dropped = self.dropped_errors + self.dropped_warnings;
        if dropped > 0 {
            let severity = if self.dropped_errors > 0 {
                Severity::Error
            } else {
                Severity::Warning
            };
            let what = match (self.dropped_errors, self.dropped_warnings) {
                (e, 0) => counted(e, "more error"),
                (0, w) => counted(w, "more warning"),
                (e, w) => format!("{} and {}", counted(e, "more error"), counted(w, "warning")),
            };
            let mut more = Diagnostic::new(
                path,
                source.clone(),
                0..0,
                severity,
                format!(
                    "…and {what} in this file (only the first {MAX_DIAGNOSTICS_PER_FILE} are shown)"
                ),
            )
            .with_hint("fix the ones above and check again to see the rest");
            more.more_errors = self.dropped_errors;
            diagnostics.push(more);
        }
        diagnostics
    }

    /// Checks a text's length; with `what`, also that it is not empty.
    fn text(&mut self, path: impl FnOnce() -> Vec<Step>, value: &str, what: Option<&str>) {
        if value.len() > self.limits.max_text_bytes {
            self.error(
                path(),
                format!(
                    "this text is too long ({} bytes; the limit is {})",
                    value.len(),
                    self.limits.max_text_bytes
                ),
                Some("split it up; a passage is one paragraph".to_owned()),
            );
        } else if let Some(what) = what
            && value.trim().is_empty()
        {
            self.error(path(), format!("{what} is empty"), None);
        }
    }

    fn count(&mut self, path: impl FnOnce() -> Vec<Step>, len: usize, what: &str) -> bool {
        if len > self.limits.max_items {
            self.error(
                path(),
                format!(
                    "too many {what} ({len}; the limit is {})",
                    self.limits.max_items
                ),
                None,
            );
            return false;
        }
        true
    }

    /// Records ids, reporting empty and duplicate ones; returns id → index of first occurrence.
    fn ids<'r>(
        &mut self,
        list: &'static str,
        ids: impl Iterator<Item = &'r str>,
        what: &str,
    ) -> IdMap<'r> {
        let mut seen = IdMap::default();
        for (i, id) in ids.enumerate() {
            if id.trim().is_empty() || id.len() > self.limits.max_text_bytes {
                self.text(|| at(list, i, "id"), id, Some(&format!("the {what} id")));
            } else {
                self.id_characters(|| at(list, i, "id"), id, what);
            }
            match seen.entry(id) {
                hashbrown::hash_map::Entry::Vacant(slot) => {
                    slot.insert(i);
                }
                hashbrown::hash_map::Entry::Occupied(first) => {
                    let first = *first.get();
                    self.duplicate(at(list, i, "id"), at(list, first, "id"), what, id);
                }
            }
        }
        seen
    }

    /// Rejects an id holding a control character (ESC, BEL, NUL, …) or an invisible one (zero-width,
    /// bidirectional overrides): it would look like another id, or drive the terminal it is printed in.
    fn id_characters(&mut self, path: impl FnOnce() -> Vec<Step>, id: &str, what: &str) {
        if let Some((at_char, c)) = id
            .chars()
            .enumerate()
            .find(|(_, c)| crate::safe_io::is_hidden_or_control(*c))
        {
            self.error(
                path(),
                format!(
                    "the {what} id contains an invisible or control character (U+{:04X}, character {})",
                    u32::from(c),
                    at_char + 1
                ),
                Some(
                    "ids are read and typed by people: use letters, digits, `-` and `_`".to_owned(),
                ),
            );
        }
    }

    fn duplicate(&mut self, path: Vec<Step>, first: Vec<Step>, what: &str, id: &str) {
        self.push(Pending {
            path,
            inner: None,
            severity: Severity::Error,
            message: format!("duplicate {what} id `{}`", shortened(id, 80)),
            hint: Some("ids must be unique within a bank; rename one of them".to_owned()),
            related: Some((first, "first used here".to_owned())),
        });
    }

    fn reference(
        &mut self,
        path: impl FnOnce() -> Vec<Step>,
        id: &str,
        known: &IdMap<'_>,
        what: &str,
    ) -> Option<usize> {
        if let Some(i) = known.get(id) {
            return Some(*i);
        }
        // Past the cap the error is only counted: no need to look for a suggestion.
        let hint = if self.is_full() {
            None
        } else {
            let mut candidates: Vec<&str> = known.keys().copied().collect();
            candidates.sort_unstable();
            suggestion(id, &candidates, what, &mut self.suggestion_budget)
        };
        self.error(
            path(),
            format!("there is no {what} with id `{}`", shortened(id, 80)),
            hint,
        );
        None
    }

    /// Checks that `quote` is words of the passage; false when it is empty or not there (an
    /// unknown passage is reported where it is named, so that is not counted here).
    fn quote(
        &mut self,
        path: impl FnOnce() -> Vec<Step>,
        passage: Option<(usize, &str)>,
        info: &[PassageInfo],
        quote: &str,
        what: &str,
    ) -> bool {
        if quote.trim().is_empty() {
            self.error(path(), format!("the {what} is empty"), None);
            return false;
        }
        let Some((index, passage_id)) = passage else {
            return true;
        };
        let mut needle = std::mem::take(&mut self.needle);
        fold_quote_into(quote, &mut needle);
        let found = info[index].folded.contains(needle.as_str());
        self.needle = needle;
        if !found {
            self.error(
                path(),
                format!("this {what} is not in passage `{passage_id}`"),
                Some(
                    "copy the words exactly from the passage (spacing and curly or straight \
                     quotes may differ, nothing else)"
                        .to_owned(),
                ),
            );
        }
        found
    }

    fn bank(&mut self, raw: RawBank) -> Option<Bank> {
        let RawBank {
            id,
            title,
            source,
            language,
            authors,
            version,
            derived_questions,
            exam,
            passages,
            actors,
            claims,
            implications,
            responses,
            questions,
        } = raw;
        let root = |field| move || vec![Step::Field(field)];
        self.text(root("id"), &id, Some("the bank id"));
        if !id.trim().is_empty() && id.len() <= self.limits.max_text_bytes {
            self.id_characters(root("id"), &id, "bank");
        }
        self.text(root("title"), &title, Some("the title"));
        self.text(root("source"), &source, Some("the source"));
        self.text(root("language"), &language, Some("the language"));
        for (i, author) in authors.iter().enumerate() {
            self.text(
                || vec![Step::Field("authors"), Step::Item(i)],
                author,
                Some("an author"),
            );
        }
        if let Some(version) = &version {
            self.text(root("version"), version, None);
        }
        let lists = [
            ("passages", passages.len()),
            ("actors", actors.len()),
            ("claims", claims.len()),
            ("implications", implications.len()),
            ("responses", responses.len()),
            ("questions", questions.len()),
            ("authors", authors.len()),
        ];
        for (list, len) in lists {
            if !self.count(root(list), len, list) {
                return None;
            }
        }

        // Passages.
        let passage_ids = self.ids(
            "passages",
            passages.iter().map(|p| p.id.as_str()),
            "passage",
        );
        let mut info = Vec::with_capacity(passages.len());
        for (i, passage) in passages.iter().enumerate() {
            self.text(
                || at("passages", i, "section"),
                &passage.section,
                Some("the section heading"),
            );
            self.text(
                || at("passages", i, "text"),
                &passage.text,
                Some("the passage text"),
            );
            info.push(PassageInfo {
                folded: fold(&passage.text),
                sentences: None,
            });
        }
        let passage_ref = |v: &mut Self, path: &dyn Fn() -> Vec<Step>, id: &str| {
            v.reference(path, id, &passage_ids, "passage")
                .map(|i| (i, passages[i].id.as_str()))
        };
        let passage_index = |v: &mut Self, path: &dyn Fn() -> Vec<Step>, id: &str| {
            v.reference(path, id, &passage_ids, "passage")
        };

        // The model: actors, claims, implications, responses. Questions' `about` may name any of them,
        // so their ids share one namespace.
        let actor_ids = self.ids("actors", actors.iter().map(|a| a.id.as_str()), "actor");
        let mut model_ids = actor_ids.clone();
        let mut model_paths: hashbrown::HashMap<&str, Vec<Step>> = hashbrown::HashMap::new();
        for (&id, &i) in &actor_ids {
            model_paths.insert(id, at("actors", i, "id"));
        }
        let groups: [(&'static str, &str, Vec<&str>); 3] = [
            (
                "claims",
                "claim",
                claims.iter().map(|c| c.id.as_str()).collect(),
            ),
            (
                "implications",
                "implication",
                implications.iter().map(|c| c.id.as_str()).collect(),
            ),
            (
                "responses",
                "response",
                responses.iter().map(|c| c.id.as_str()).collect(),
            ),
        ];
        for (list, what, ids) in &groups {
            let unique = self.ids(list, ids.iter().copied(), what);
            let mut sorted: Vec<(&str, usize)> = unique.into_iter().collect();
            sorted.sort_by_key(|(_, i)| *i);
            for (id, i) in sorted {
                if let Some(first) = model_paths.get(id) {
                    let first = first.clone();
                    self.duplicate(at(list, i, "id"), first, what, id);
                } else {
                    model_ids.insert(id, model_ids.len());
                    model_paths.insert(id, at(list, i, "id"));
                }
            }
        }
        if let Some(&i) = actor_ids.get("article") {
            self.error(
                at("actors", i, "id"),
                "`article` is reserved for claims the article makes itself".to_owned(),
                Some("give this actor another id".to_owned()),
            );
        }

        for (i, actor) in actors.iter().enumerate() {
            self.text(|| at("actors", i, "name"), &actor.name, Some("the name"));
            self.text(|| at("actors", i, "role"), &actor.role, Some("the role"));
            for (j, alias) in actor.aliases.iter().enumerate() {
                self.text(
                    || join(at("actors", i, "aliases"), [Step::Item(j)]),
                    alias,
                    Some("an alias"),
                );
            }
            for (j, passage) in actor.passages.iter().enumerate() {
                passage_ref(
                    self,
                    &|| join(at("actors", i, "passages"), [Step::Item(j)]),
                    passage,
                );
            }
            if let Some(body) = &actor.member_of {
                if *body == actor.id {
                    self.error(
                        at("actors", i, "member_of"),
                        format!("actor `{body}` cannot be a member of itself"),
                        Some("name the body it belongs to, or remove `member_of`".to_owned()),
                    );
                } else {
                    self.reference(|| at("actors", i, "member_of"), body, &actor_ids, "actor");
                }
            }
        }
        self.member_of_loops(&actors, &actor_ids);
        for (i, claim) in claims.iter().enumerate() {
            self.text(
                || at("claims", i, "statement"),
                &claim.statement,
                Some("the statement"),
            );
            if claim.by != "article" {
                let hint_known =
                    self.reference(|| at("claims", i, "by"), &claim.by, &actor_ids, "actor");
                if hint_known.is_none()
                    && let Some(last) = self.pending.last_mut()
                {
                    let extra = "use \"article\" when the article says it in its own voice";
                    last.hint = Some(match last.hint.take() {
                        Some(h) => format!("{h} ({extra})"),
                        None => extra.to_owned(),
                    });
                }
            }
            if claim.certainty == super::raw::Certainty::Opinion && claim.by != "article" {
                self.report(
                    Severity::Warning,
                    at("claims", i, "certainty"),
                    format!(
                        "`Opinion` is the article's own voice, but this claim is by `{}`",
                        claim.by
                    ),
                    Some(
                        "use `Attributed` for a named source who is not an official (or `Official`, \
                         `Analysis`); generated questions treat it as `Attributed`"
                            .to_owned(),
                    ),
                );
            }
            let needs_speaker = matches!(
                claim.certainty,
                super::raw::Certainty::Official | super::raw::Certainty::Attributed
            );
            if needs_speaker && claim.by == "article" {
                self.report(
                    Severity::Warning,
                    at("claims", i, "by"),
                    format!(
                        "`{:?}` says someone other than the article said it, but no speaker is named",
                        claim.certainty
                    ),
                    Some(
                        "set `by` to the actor who said it (generated questions name the speaker), \
                         or choose the certainty the article's own voice has"
                            .to_owned(),
                    ),
                );
            }
            for (j, about) in claim.about.iter().enumerate() {
                self.reference(
                    || join(at("claims", i, "about"), [Step::Item(j)]),
                    about,
                    &actor_ids,
                    "actor",
                );
            }
            let passage = passage_ref(self, &|| at("claims", i, "passage"), &claim.passage);
            self.quote(
                || at("claims", i, "quote"),
                passage,
                &info,
                &claim.quote,
                "quote",
            );
        }
        for (i, implication) in implications.iter().enumerate() {
            self.text(
                || at("implications", i, "statement"),
                &implication.statement,
                Some("the statement"),
            );
            self.text(
                || at("implications", i, "cause"),
                &implication.cause,
                Some("the cause"),
            );
            self.text(
                || at("implications", i, "effect"),
                &implication.effect,
                Some("the effect"),
            );
            if let Some(by) = &implication.by {
                let known = self.reference(|| at("implications", i, "by"), by, &actor_ids, "actor");
                if known.is_none()
                    && let Some(last) = self.pending.last_mut()
                {
                    let extra = "leave `by` out when the article says it in its own voice";
                    last.hint = Some(match last.hint.take() {
                        Some(h) => format!("{h} ({extra})"),
                        None => extra.to_owned(),
                    });
                }
            }
            let passage = passage_ref(
                self,
                &|| at("implications", i, "passage"),
                &implication.passage,
            );
            self.quote(
                || at("implications", i, "quote"),
                passage,
                &info,
                &implication.quote,
                "quote",
            );
        }
        for (i, response) in responses.iter().enumerate() {
            self.text(
                || at("responses", i, "statement"),
                &response.statement,
                Some("the statement"),
            );
            for (j, by) in response.by.iter().enumerate() {
                self.reference(
                    || join(at("responses", i, "by"), [Step::Item(j)]),
                    by,
                    &actor_ids,
                    "actor",
                );
            }
            let passage = passage_ref(self, &|| at("responses", i, "passage"), &response.passage);
            self.quote(
                || at("responses", i, "quote"),
                passage,
                &info,
                &response.quote,
                "quote",
            );
        }
        if let Some(exam) = &exam {
            if exam.questions == 0 {
                self.error(
                    vec![Step::Field("exam"), Step::Field("questions")],
                    "an exam needs at least one question".to_owned(),
                    None,
                );
            }
            if let Some(date) = &exam.date
                && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err()
            {
                self.error(
                    vec![Step::Field("exam"), Step::Field("date")],
                    format!("`{date}` is not a date"),
                    Some(
                        "write the exam day as year-month-day, e.g. date: \"2026-12-21\""
                            .to_owned(),
                    ),
                );
            }
            let mut known: Vec<&str> = Vec::new();
            let mut known_set: hashbrown::HashSet<&str> = hashbrown::HashSet::new();
            for passage in &passages {
                if known_set.insert(passage.section.as_str()) {
                    known.push(&passage.section);
                }
            }
            for (j, section) in exam.sections.iter().enumerate() {
                if !known_set.contains(section.as_str()) {
                    let hint = if self.is_full() {
                        None
                    } else {
                        suggestion(section, &known, "section", &mut self.suggestion_budget)
                    };
                    self.error(
                        vec![Step::Field("exam"), Step::Field("sections"), Step::Item(j)],
                        format!(
                            "no passage has the section heading `{}`",
                            shortened(section, 80)
                        ),
                        hint,
                    );
                }
            }
        }

        // Questions, converted as they are checked.
        let mut out: Vec<Question> = Vec::with_capacity(questions.len());
        // For each question in `out`, its position in the file (they differ after a rejected one).
        let mut items: Vec<usize> = Vec::with_capacity(questions.len());
        let mut question_index = QuestionIndex::with_capacity(questions.len());
        let mut hash_buffer = String::new();
        for (i, question) in questions.into_iter().enumerate() {
            let converted = self.question(
                i,
                question,
                &passage_index,
                &model_ids,
                &mut info,
                &mut hash_buffer,
                &passages,
            );
            let Some(question) = converted else { continue };
            let id_at = |k: usize| out.get(k).map(|q| q.id.0.as_str());
            match question_index.insert(&question.id.0, out.len(), id_at) {
                Ok(()) => {
                    out.push(question);
                    items.push(i);
                }
                Err(first) => {
                    let first_item = items.get(first).copied().unwrap_or(0);
                    self.duplicate(
                        at("questions", i, "id"),
                        at("questions", first_item, "id"),
                        "question",
                        &question.id.0,
                    );
                }
            }
        }
        if self.errors > 0 {
            return None;
        }
        // hashbrown's maps, unlike std's, must be gone before what their keys borrow moves.
        drop((passage_ids, actor_ids, model_ids, model_paths));
        let mut bank = Bank {
            id: BankId(id),
            title,
            source,
            language,
            authors,
            version,
            path: None,
            exam,
            passages,
            actors,
            claims,
            implications,
            responses,
            questions: out,
            question_index,
        };
        if derived_questions {
            for question in super::derive::derive_questions(&bank) {
                let questions = &bank.questions;
                let id_at = |k: usize| questions.get(k).map(|q| q.id.0.as_str());
                if bank
                    .question_index
                    .insert(&question.id.0, questions.len(), id_at)
                    .is_ok()
                {
                    bank.questions.push(question);
                }
            }
        }
        Some(bank)
    }

    #[allow(clippy::too_many_arguments)]
    fn question<F>(
        &mut self,
        i: usize,
        question: RawQuestion,
        passage_ref: &F,
        model_ids: &IdMap<'_>,
        info: &mut [PassageInfo],
        hash_buffer: &mut String,
        passages: &[super::model::Passage],
    ) -> Option<Question>
    where
        F: Fn(&mut Self, &dyn Fn() -> Vec<Step>, &str) -> Option<usize>,
    {
        let errors_before = self.error_count();
        let q = |field| move || at("questions", i, field);
        self.text(q("id"), &question.id, Some("the question id"));
        if question.id.starts_with("derived/") {
            self.error(
                q("id")(),
                "ids starting with `derived/` are reserved for generated questions".to_owned(),
                Some("choose another id".to_owned()),
            );
        }
        self.text(q("prompt"), &question.prompt, Some("the prompt"));
        self.text(q("explanation"), &question.explanation, None);
        if question.explanation.trim().is_empty() {
            self.report(
                Severity::Warning,
                q("id")(),
                format!("question `{}` has no explanation", question.id),
                Some(
                    "add `explanation: \"…\"`: students learn most from why an answer is right"
                        .to_owned(),
                ),
            );
        }
        for (j, tag) in question.tags.iter().enumerate() {
            self.text(|| join(q("tags")(), [Step::Item(j)]), tag, Some("a tag"));
        }
        for (j, about) in question.about.iter().enumerate() {
            self.reference(
                || join(q("about")(), [Step::Item(j)]),
                about,
                model_ids,
                "actor, claim, implication or response",
            );
        }
        // A question may stand without a passage (a bank imported without its article), but then
        // nothing can quote it.
        let passage = if question.passage.is_empty() {
            let needs_passage = if question.quote.is_some() {
                Some(("quote", "a quote"))
            } else if matches!(question.answer, RawAnswer::Evidence { .. }) {
                Some(("answer", "an evidence question"))
            } else {
                None
            };
            if let Some((field, what)) = needs_passage {
                self.error(
                    q(field)(),
                    format!("{what} needs the passage it comes from"),
                    Some("add `passage: \"…\"` naming one of the bank's passages".to_owned()),
                );
            }
            None
        } else {
            passage_ref(self, &q("passage"), &question.passage)
                .map(|p| (p, passages[p].id.as_str()))
        };
        if let Some(quote) = &question.quote {
            self.quote(q("quote"), passage, info, quote, "quote");
        }
        // Hashed before the answer's strings move into the validated question.
        hash_buffer.clear();
        hash_buffer.push_str(&question.prompt);
        hash_buffer.push('\u{1f}');
        canonical_answer(&question.answer, hash_buffer);
        let content_hash = stable_hash(hash_buffer.as_bytes());
        let RawQuestion {
            id,
            prompt,
            passage: passage_id,
            quote,
            explanation,
            about,
            tags,
            answer,
            review,
            show_passage,
        } = question;
        let answer = self.answer(i, answer, passage, info, passages);
        if self.error_count() > errors_before {
            return None;
        }
        Some(Question {
            id: QuestionId(id),
            prompt,
            passage: passage_id,
            quote,
            explanation,
            about,
            tags,
            answer: answer?,
            origin: Origin::Authored,
            review,
            show_passage,
            content_hash,
        })
    }

    /// Reports every actor whose chain of `member_of` comes back to it. Each actor is walked once:
    /// actors already known to end (at a body with no `member_of`, or an unknown id) stop later walks.
    fn member_of_loops(&mut self, actors: &[super::model::Actor], ids: &IdMap<'_>) {
        // 0 = not seen, 1 = on the current walk, 2 = known to end without a loop.
        let mut state = vec![0u8; actors.len()];
        for start in 0..actors.len() {
            let mut walk: Vec<usize> = Vec::new();
            let mut current = Some(start);
            while let Some(i) = current {
                match state[i] {
                    2 => break,
                    1 => {
                        if let Some(at_loop) = walk.iter().position(|&k| k == i) {
                            for &k in &walk[at_loop..] {
                                self.error(
                                    at("actors", k, "member_of"),
                                    format!(
                                        "`member_of` of actor `{}` loops back to it",
                                        actors[k].id
                                    ),
                                    Some(
                                        "a body cannot belong to one of its own members".to_owned(),
                                    ),
                                );
                                state[k] = 2;
                            }
                        }
                        break;
                    }
                    _ => {
                        state[i] = 1;
                        walk.push(i);
                        current = actors[i]
                            .member_of
                            .as_deref()
                            .filter(|body| *body != actors[i].id)
                            .and_then(|body| ids.get(body).copied());
                    }
                }
            }
            for k in walk {
                state[k] = 2;
            }
        }
    }

    fn error_count(&self) -> usize {
        self.errors
    }

    /// Keeps a problem to report; past [`MAX_DIAGNOSTICS_PER_FILE`] it is only counted, so a file
    /// with thousands of errors costs no more to report than one with a hundred.
    fn push(&mut self, pending: Pending) {
        if pending.severity == Severity::Error {
            self.errors += 1;
        }
        if self.is_full() {
            match pending.severity {
                Severity::Error => self.dropped_errors += 1,
                Severity::Warning => self.dropped_warnings += 1,
            }
            return;
        }
        self.pending.push(pending);
    }

    /// Whether no more problems are kept (see [`Validator::push`]).
    fn is_full(&self) -> bool {
        self.pending.len() >= MAX_DIAGNOSTICS_PER_FILE
    }

    /// Reports each item that repeats an earlier one (see [`repeated_items`]); `path` and `first_path`
    /// locate an item by its index, `message` describes the repeated text.
    fn repeats(
        &mut self,
        repeats: Vec<(usize, usize)>,
        path: impl Fn(usize) -> Vec<Step>,
        message: impl Fn(usize) -> String,
        hint: &str,
        related: &str,
    ) {
        for (later, first) in repeats {
            self.push(Pending {
                path: path(later),
                inner: None,
                severity: Severity::Error,
                message: message(later),
                hint: Some(hint.to_owned()),
                related: Some((path(first), related.to_owned())),
            });
        }
    }

    /// Checks the answer of question `i` and builds its validated form, moving the raw answer's
    /// strings rather than copying them.
    fn answer(
        &mut self,
        i: usize,
        answer: RawAnswer,
        passage: Option<(usize, &str)>,
        info: &mut [PassageInfo],
        passages: &[super::model::Passage],
    ) -> Option<Answer> {
        let base = || at("questions", i, "answer");
        let field = |name| move || join(at("questions", i, "answer"), [Step::Field(name)]);
        let item = |name, j| join(field(name)(), [Step::Item(j)]);
        match answer {
            RawAnswer::Choice { correct, wrong } => {
                if !self.count(field("correct"), correct.len(), "options")
                    || !self.count(field("wrong"), wrong.len(), "options")
                {
                    return None;
                }
                if correct.is_empty() {
                    self.error(
                        field("correct")(),
                        "a choice question needs at least one correct option".to_owned(),
                        Some("put the right answer in `correct: [\"…\"]`".to_owned()),
                    );
                } else if correct.len() + wrong.len() < 2 {
                    self.error(
                        base(),
                        "a choice question needs at least two options".to_owned(),
                        Some("add wrong options in `wrong: [\"…\", \"…\"]`".to_owned()),
                    );
                }
                let right = correct.len();
                let mut options = correct;
                options.extend(wrong);
                let option_path = |k: usize| {
                    if k < right {
                        item("correct", k)
                    } else {
                        item("wrong", k - right)
                    }
                };
                for (k, option) in options.iter().enumerate() {
                    self.text(|| option_path(k), option, Some("an option"));
                }
                self.repeats(
                    repeated_items(options.iter().map(String::as_str)),
                    option_path,
                    |k| format!("the option `{}` is listed twice", options[k].trim()),
                    "each option must be different",
                    "first listed here",
                );
                let flags = (0..options.len()).map(|k| k < right).collect();
                Some(Answer::Choice {
                    options,
                    correct: flags,
                })
            }
            RawAnswer::TrueFalse { answer } => Some(Answer::TrueFalse { answer }),
            RawAnswer::Typed { accept } => {
                if !self.count(field("accept"), accept.len(), "answers") {
                    return None;
                }
                if accept.is_empty() {
                    self.error(
                        field("accept")(),
                        "a typed question needs at least one accepted answer".to_owned(),
                        None,
                    );
                }
                for (j, a) in accept.iter().enumerate() {
                    self.text(|| item("accept", j), a, Some("an accepted answer"));
                }
                Some(Answer::Typed { accept })
            }
            RawAnswer::Cloze { text } => {
                self.text(field("text"), &text, Some("the cloze text"));
                match parse_cloze(&text) {
                    Ok(segments) => Some(Answer::Cloze { segments }),
                    Err(problem) => {
                        self.error_inside(
                            field("text")(),
                            problem.at,
                            problem.message,
                            problem.hint,
                        );
                        None
                    }
                }
            }
            RawAnswer::Matching { pairs } => {
                if !self.count(field("pairs"), pairs.len(), "pairs") {
                    return None;
                }
                if pairs.len() < 2 {
                    self.error(
                        field("pairs")(),
                        "a matching question needs at least two pairs".to_owned(),
                        None,
                    );
                }
                for side in 0..2 {
                    let side_of = |j: usize| {
                        let pair: &(String, String) = &pairs[j];
                        if side == 0 { &pair.0 } else { &pair.1 }
                    };
                    let path = |j| join(field("pairs")(), [Step::Item(j), Step::Item(side)]);
                    for j in 0..pairs.len() {
                        self.text(|| path(j), side_of(j), Some("a matching item"));
                    }
                    self.repeats(
                        repeated_items((0..pairs.len()).map(|j| side_of(j).as_str())),
                        path,
                        |j| format!("`{}` appears in two pairs", side_of(j).trim()),
                        "each item may be matched only once",
                        "also here",
                    );
                }
                Some(Answer::Matching { pairs })
            }
            RawAnswer::Ordering { items } => {
                if !self.count(field("items"), items.len(), "items") {
                    return None;
                }
                if items.len() < 2 {
                    self.error(
                        field("items")(),
                        "an ordering question needs at least two items".to_owned(),
                        None,
                    );
                }
                for (j, text) in items.iter().enumerate() {
                    self.text(|| item("items", j), text, Some("an item"));
                }
                self.repeats(
                    repeated_items(items.iter().map(String::as_str)),
                    |j| item("items", j),
                    |j| format!("the item `{}` is listed twice", items[j].trim()),
                    "each item must be different",
                    "first listed here",
                );
                Some(Answer::Ordering { items })
            }
            RawAnswer::Flashcard { back } => {
                self.text(field("back"), &back, Some("the back of the card"));
                Some(Answer::Flashcard { back })
            }
            RawAnswer::Numeric { accept } => {
                if !self.count(field("accept"), accept.len(), "answers") {
                    return None;
                }
                let mut numbers = Vec::with_capacity(accept.len());
                for (j, raw) in accept.iter().enumerate() {
                    match numeric_answer(raw) {
                        Ok(number) => numbers.push(number),
                        Err(message) => self.error(
                            item("accept", j),
                            message.to_owned(),
                            Some(
                                "write `(value: 1822, tolerance: 5)` or `(min: 3.141, max: 3.142)`"
                                    .to_owned(),
                            ),
                        ),
                    }
                }
                if !numbers.iter().any(|n| n.credit >= 1.0) {
                    self.error(
                        field("accept")(),
                        "a numeric question needs at least one answer with full credit".to_owned(),
                        Some("give one answer `credit: 100` (the default)".to_owned()),
                    );
                }
                // Full-credit answers first, so the one shown as "the answer" is right.
                numbers.sort_by(|a, b| b.credit.total_cmp(&a.credit));
                Some(Answer::Numeric { accept: numbers })
            }
            RawAnswer::Evidence {
                statement,
                evidence,
                contradicts,
            } => {
                self.text(field("statement"), &statement, Some("the statement"));
                let (sentences, correct_sentence) =
                    self.evidence_sentence(i, &evidence, passage, info, passages)?;
                Some(Answer::Evidence {
                    statement,
                    evidence,
                    contradicts,
                    sentences,
                    correct_sentence,
                })
            }
            RawAnswer::TwoPart {
                correct,
                wrong,
                evidence,
            } => {
                // Part A is checked exactly as a choice question (same fields, same paths).
                let part_a = self.answer(
                    i,
                    RawAnswer::Choice { correct, wrong },
                    passage,
                    info,
                    passages,
                );
                let part_b = self.evidence_sentence(i, &evidence, passage, info, passages);
                match (part_a?, part_b?) {
                    (Answer::Choice { options, correct }, (sentences, correct_sentence)) => {
                        Some(Answer::TwoPart {
                            options,
                            correct,
                            evidence,
                            sentences,
                            correct_sentence,
                        })
                    }
                    _ => None,
                }
            }
        }
    }

    /// The passage's sentences and the one that contains `evidence` (of question `i`), reporting
    /// evidence that is not in the passage, spans two sentences or fits several.
    fn evidence_sentence(
        &mut self,
        i: usize,
        evidence: &str,
        passage: Option<(usize, &str)>,
        info: &mut [PassageInfo],
        passages: &[super::model::Passage],
    ) -> Option<(Arc<[String]>, usize)> {
        let field = || join(at("questions", i, "answer"), [Step::Field("evidence")]);
        if !self.quote(field, passage, info, evidence, "evidence") {
            return None;
        }
        let (index, passage_id) = passage?;
        let mut needle = std::mem::take(&mut self.needle);
        fold_quote_into(evidence, &mut needle);
        let (list, folded) = info[index].sentences.get_or_insert_with(|| {
            let list = sentences(&passages[index].text);
            let folded = list.iter().map(|s| fold(s)).collect();
            (list.into(), folded)
        });
        let mut matching = folded
            .iter()
            .enumerate()
            .filter(|(_, s)| s.contains(needle.as_str()))
            .map(|(k, _)| k);
        let (first, others) = (matching.next(), matching.count());
        self.needle = needle;
        let sentences = Arc::clone(list);
        match first {
            Some(one) if others == 0 => Some((sentences, one)),
            None => {
                self.error(
                    field(),
                    "this evidence runs across two sentences".to_owned(),
                    Some("quote words from the one sentence the student should pick".to_owned()),
                );
                None
            }
            Some(_) => {
                self.error(
                    field(),
                    format!(
                        "this evidence occurs in {} sentences of passage `{passage_id}`",
                        others + 1
                    ),
                    Some("quote enough words to pick out one sentence".to_owned()),
                );
                None
            }
        }
    }
}

/// A numeric answer as a closed range, or what is wrong with it.
fn numeric_answer(
    raw: &super::raw::RawNumeric,
) -> Result<super::model::NumericAnswer, &'static str> {
    let finite = |x: Option<f64>| x.is_none_or(f64::is_finite);
    if !(finite(raw.value) && finite(raw.tolerance) && finite(raw.min) && finite(raw.max)) {
        return Err("a numeric answer must be a finite number");
    }
    if raw.credit > 100 {
        return Err("credit is a percentage, at most 100");
    }
    let credit = f32::from(raw.credit) / 100.0;
    match (raw.value, raw.tolerance, raw.min, raw.max) {
        (Some(value), tolerance, None, None) => {
            let t = tolerance.unwrap_or(0.0);
            if t < 0.0 {
                return Err("a tolerance cannot be negative");
            }
            Ok(super::model::NumericAnswer {
                value,
                tolerance: Some(t),
                min: value - t,
                max: value + t,
                credit,
            })
        }
        (None, None, Some(min), Some(max)) if min <= max => Ok(super::model::NumericAnswer {
            value: (min + max) / 2.0,
            tolerance: None,
            min,
            max,
            credit,
        }),
        (None, None, Some(_), Some(_)) => Err("this range's `min` is above its `max`"),
        _ => Err("give either `value` (and optionally `tolerance`) or both `min` and `max`"),
    }
}

/// A problem in a cloze text, at a byte range of it.
#[derive(Debug)]
struct ClozeProblem {
    at: Range<usize>,
    message: String,
    hint: &'static str,
}

/// Splits "Analysts called it a {desperate|hopeless} alliance" into text and gaps.
fn parse_cloze(text: &str) -> Result<Vec<ClozeSegment>, ClozeProblem> {
    let mut segments = Vec::new();
    let mut rest_start = 0;
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        match (c, open) {
            ('{', None) => {
                if i > rest_start {
                    segments.push(ClozeSegment::Text(text[rest_start..i].to_owned()));
                }
                open = Some(i);
            }
            ('{', Some(_)) => {
                return Err(ClozeProblem {
                    at: i..i + 1,
                    message: "a gap cannot contain `{`".to_owned(),
                    hint: "close the gap before with `}`",
                });
            }
            ('}', None) => {
                return Err(ClozeProblem {
                    at: i..i + 1,
                    message: "this `}` closes no gap".to_owned(),
                    hint: "gaps are written `{answer}`; remove the `}` or add the `{`",
                });
            }
            ('}', Some(start)) => {
                let inner = &text[start + 1..i];
                let accept: Vec<String> = inner.split('|').map(|a| a.trim().to_owned()).collect();
                if accept.iter().any(String::is_empty) {
                    return Err(ClozeProblem {
                        at: start..i + 1,
                        message: "this gap has an empty answer".to_owned(),
                        hint: "write the hidden words inside the braces, alternatives separated by `|`",
                    });
                }
                segments.push(ClozeSegment::Gap { accept });
                open = None;
                rest_start = i + 1;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        return Err(ClozeProblem {
            at: start..start + 1,
            message: "this gap is never closed".to_owned(),
            hint: "end the gap with `}`",
        });
    }
    if rest_start < text.len() {
        segments.push(ClozeSegment::Text(text[rest_start..].to_owned()));
    }
    if !segments
        .iter()
        .any(|s| matches!(s, ClozeSegment::Gap { .. }))
    {
        return Err(ClozeProblem {
            at: 0..text.len(),
            message: "this cloze text has no gap".to_owned(),
            hint: "put the hidden words in braces: \"a {desperate} alliance\"",
        });
    }
    Ok(segments)
}

/// The answer in a fixed textual form for the content hash: independent of ron's and Rust's formatting.
fn canonical_answer(answer: &RawAnswer, out: &mut String) {
    let list = |name: &str, items: &[String], out: &mut String| {
        out.push_str(name);
        for item in items {
            out.push('\u{1e}');
            out.push_str(item);
        }
        out.push('\u{1f}');
    };
    match answer {
        RawAnswer::Choice { correct, wrong } => {
            list("choice", correct, out);
            list("wrong", wrong, out);
        }
        RawAnswer::TrueFalse { answer } => {
            out.push_str("truefalse\u{1f}");
            out.push_str(if *answer { "true" } else { "false" });
        }
        RawAnswer::Typed { accept } => list("typed", accept, out),
        RawAnswer::Cloze { text } => {
            out.push_str("cloze\u{1f}");
            out.push_str(text);
        }
        RawAnswer::Matching { pairs } => {
            out.push_str("matching");
            for (left, right) in pairs {
                out.push('\u{1e}');
                out.push_str(left);
                out.push('\u{1d}');
                out.push_str(right);
            }
        }
        RawAnswer::Ordering { items } => list("ordering", items, out),
        RawAnswer::Flashcard { back } => {
            out.push_str("flashcard\u{1f}");
            out.push_str(back);
        }
        RawAnswer::Numeric { accept } => {
            out.push_str("numeric");
            for n in accept {
                out.push('\u{1e}');
                for x in [n.value, n.tolerance, n.min, n.max] {
                    if let Some(x) = x {
                        out.push_str(&x.to_string());
                    }
                    out.push('\u{1d}');
                }
                out.push_str(&n.credit.to_string());
            }
        }
        RawAnswer::Evidence {
            statement,
            evidence,
            contradicts,
        } => {
            for part in ["evidence", statement, evidence] {
                out.push_str(part);
                out.push('\u{1f}');
            }
            out.push_str(if *contradicts { "true" } else { "false" });
        }
        RawAnswer::TwoPart {
            correct,
            wrong,
            evidence,
        } => {
            list("twopart", correct, out);
            list("wrong", wrong, out);
            out.push_str(evidence);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Saved progress remembers each question's content hash; if the hashed text changed between
    /// versions, every question would look edited by its teacher. These strings must never change.
    #[test]
    fn content_hash_input_is_stable_across_versions() {
        let canonical = |answer: RawAnswer| {
            let mut out = String::new();
            canonical_answer(&answer, &mut out);
            out
        };
        assert_eq!(
            canonical(RawAnswer::TrueFalse { answer: true }),
            "truefalse\u{1f}true"
        );
        assert_eq!(
            canonical(RawAnswer::Matching {
                pairs: vec![("a".into(), "b".into()), ("c".into(), "d".into())],
            }),
            "matching\u{1e}a\u{1d}b\u{1e}c\u{1d}d"
        );
        assert_eq!(
            canonical(RawAnswer::Evidence {
                statement: "S".into(),
                evidence: "E".into(),
                contradicts: false,
            }),
            "evidence\u{1f}S\u{1f}E\u{1f}false"
        );
        assert_eq!(
            canonical(RawAnswer::Choice {
                correct: vec!["x".into()],
                wrong: vec!["y".into(), "z".into()],
            }),
            "choice\u{1e}x\u{1f}wrong\u{1e}y\u{1e}z\u{1f}"
        );
    }

    #[test]
    fn repeated_items_ignore_case_spacing_and_quote_style() {
        let items = ["Kim’s  visit", "Putin", "kim's visit", "putin ", "Seoul"];
        assert_eq!(repeated_items(items.into_iter()), vec![(2, 0), (3, 1)]);
        assert!(repeated_items(["a", "b", "c"].into_iter()).is_empty());
        assert_eq!(repeated_items(["ΟΔΟΣ", "οδος"].into_iter()), vec![(1, 0)]);
    }

    #[test]
    fn cloze_gaps_and_alternatives_are_parsed() {
        let segments = parse_cloze("It is a {desperate | hopeless} alliance").expect("valid");
        assert_eq!(
            segments,
            vec![
                ClozeSegment::Text("It is a ".to_owned()),
                ClozeSegment::Gap {
                    accept: vec!["desperate".to_owned(), "hopeless".to_owned()]
                },
                ClozeSegment::Text(" alliance".to_owned()),
            ]
        );
    }

    #[test]
    fn unbalanced_cloze_braces_are_located() {
        let problem = parse_cloze("a {b} c}").expect_err("invalid");
        assert_eq!(problem.at, 7..8);
        let problem = parse_cloze("a {b c").expect_err("invalid");
        assert_eq!(problem.at, 2..3);
    }
}
