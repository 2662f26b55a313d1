//! Raw bank → validated [`super::Bank`], collecting every error rather than stopping at the first.
//!
//! Loading is three steps. RON syntax and shape are checked by `ron` (one error at most: after a syntax
//! error nothing further can be trusted). Then every semantic rule runs over the whole bank and every
//! problem is kept, each with a path into the file (`questions[3].answer.correct[1]`). Only if there is
//! something to report is the file scanned for positions ([`spans`]), so a valid bank loads at close
//! to the speed of the bare parse.

mod spans;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ron::extensions::Extensions;

use self::spans::Step;
use super::diagnostic::{Diagnostic, Severity};
use super::model::{Answer, Bank, ClozeSegment, Origin, Question};
use super::raw::{RawAnswer, RawBank, RawQuestion};
use super::text::{fold_char, sentences};
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
}

impl Checked {
    fn into_result(self) -> Result<Bank, Vec<Diagnostic>> {
        match self.bank {
            Some(bank) => Ok(bank),
            None => Err(self.diagnostics),
        }
    }
}

/// One file of a folder or path list, loaded or not. A broken file never hides the good ones.
#[derive(Clone, Debug)]
pub struct LoadedBank {
    pub path: PathBuf,
    /// The bank, or every diagnostic of the file (errors and warnings, in file order).
    pub result: Result<Bank, Vec<Diagnostic>>,
    /// Warnings of a bank that loaded; empty when `result` is an error (they are in it then).
    pub warnings: Vec<Diagnostic>,
}

/// Validates the text of a bank file. `path` is where the text came from: diagnostics name it and the
/// bank records it. Warnings are dropped on success; use [`check_bank_str`] to see them.
pub fn load_bank_str(source: &str, path: &Path) -> Result<Bank, Vec<Diagnostic>> {
    check_bank_str(source, path, &Limits::default()).into_result()
}

/// Reads and validates one bank file. An unreadable file or one that is not UTF-8 is a diagnostic too.
pub fn load_bank_file(path: &Path) -> Result<Bank, Vec<Diagnostic>> {
    check_bank_file(path, &Limits::default()).0.into_result()
}

/// Loads every `*.ron` file directly in `dir`, sorted by file name. Bank ids must be unique across them.
/// An unreadable folder gives one entry, for the folder, with the error.
pub fn load_folder(dir: &Path) -> Vec<LoadedBank> {
    load_paths(&[dir.to_path_buf()])
}

/// Loads files and folders (each folder's `*.ron` files, sorted), checking that bank ids are unique
/// across everything loaded.
pub fn load_paths(paths: &[PathBuf]) -> Vec<LoadedBank> {
    load_paths_with(paths, &Limits::default())
}

/// [`load_paths`] with explicit limits.
pub fn load_paths_with(paths: &[PathBuf], limits: &Limits) -> Vec<LoadedBank> {
    let mut loaded: Vec<(LoadedBank, Arc<str>)> = Vec::new();
    for path in paths {
        if path.is_dir() {
            match ron_files_in(path) {
                Ok(files) => {
                    for file in files {
                        loaded.push(load_one(&file, limits));
                    }
                }
                Err(error) => loaded.push(unreadable(path, &error)),
            }
        } else {
            loaded.push(load_one(path, limits));
        }
    }
    reject_duplicate_bank_ids(&mut loaded);
    loaded.into_iter().map(|(bank, _)| bank).collect()
}

/// The `*.ron` files directly in `dir`, sorted.
fn ron_files_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_ron = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("ron"));
        if is_ron && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn load_one(path: &Path, limits: &Limits) -> (LoadedBank, Arc<str>) {
    let (checked, source) = check_bank_file(path, limits);
    let loaded = match checked.bank {
        Some(bank) => LoadedBank {
            path: path.to_path_buf(),
            result: Ok(bank),
            warnings: checked.diagnostics,
        },
        None => LoadedBank {
            path: path.to_path_buf(),
            result: Err(checked.diagnostics),
            warnings: Vec::new(),
        },
    };
    (loaded, source)
}

fn unreadable(path: &Path, error: &std::io::Error) -> (LoadedBank, Arc<str>) {
    let source: Arc<str> = Arc::from("");
    let diagnostic = Diagnostic::error(
        path,
        source.clone(),
        0..0,
        format!("cannot read `{}`: {error}", path.display()),
    );
    let loaded = LoadedBank {
        path: path.to_path_buf(),
        result: Err(vec![diagnostic]),
        warnings: Vec::new(),
    };
    (loaded, source)
}

fn reject_duplicate_bank_ids(loaded: &mut [(LoadedBank, Arc<str>)]) {
    let mut first: HashMap<BankId, PathBuf> = HashMap::new();
    for (bank, source) in loaded.iter_mut() {
        let Ok(ok) = &bank.result else { continue };
        match first.entry(ok.id.clone()) {
            Entry::Vacant(slot) => {
                slot.insert(bank.path.clone());
            }
            Entry::Occupied(other) => {
                let span = spans::parse(source)
                    .map(|tree| tree.find(&[Step::Field("id")]).0.span())
                    .unwrap_or(0..0);
                let diagnostic = Diagnostic::error(
                    &bank.path,
                    source.clone(),
                    span,
                    format!(
                        "bank id `{}` is already used by {}",
                        ok.id,
                        other.get().display()
                    ),
                )
                .with_hint("progress is stored by bank id, so every bank needs its own");
                let mut diagnostics = std::mem::take(&mut bank.warnings);
                diagnostics.push(diagnostic);
                bank.result = Err(diagnostics);
            }
        }
    }
}

/// Reads and validates one file, returning the text too (empty when unreadable).
pub fn check_bank_file(path: &Path, limits: &Limits) -> (Checked, Arc<str>) {
    let fail = |source: Arc<str>, span: Range<usize>, message: String| {
        let diagnostic = Diagnostic::error(path, source.clone(), span, message);
        (
            Checked {
                bank: None,
                diagnostics: vec![diagnostic],
            },
            source,
        )
    };
    let size = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(error) => {
            return fail(
                Arc::from(""),
                0..0,
                format!("cannot read `{}`: {error}", path.display()),
            );
        }
    };
    if size > limits.max_file_bytes as u64 {
        return fail(Arc::from(""), 0..0, too_large_message(size, limits));
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            return fail(
                Arc::from(""),
                0..0,
                format!("cannot read `{}`: {error}", path.display()),
            );
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let source: Arc<str> = Arc::from(text);
            let mut checked = check_source(source.clone(), path, limits);
            if let Some(bank) = &mut checked.bank {
                bank.path = Some(path.to_path_buf());
            }
            (checked, source)
        }
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let at = text
                .char_indices()
                .map(|(i, _)| i)
                .nth(
                    String::from_utf8_lossy(&error.as_bytes()[..at])
                        .chars()
                        .count(),
                )
                .unwrap_or(text.len());
            fail(
                Arc::from(text),
                at..at + 1,
                "the file is not UTF-8 text: save it as UTF-8 in your editor".to_owned(),
            )
        }
    }
}

/// Validates the text of a bank file with explicit limits, keeping warnings.
pub fn check_bank_str(source: &str, path: &Path, limits: &Limits) -> Checked {
    let mut checked = check_source(Arc::from(source), path, limits);
    if let Some(bank) = &mut checked.bank {
        bank.path = Some(path.to_path_buf());
    }
    checked
}

fn too_large_message(size: u64, limits: &Limits) -> String {
    format!(
        "the file is too large ({size} bytes; a bank may have at most {} bytes)",
        limits.max_file_bytes
    )
}

fn check_source(source: Arc<str>, path: &Path, limits: &Limits) -> Checked {
    if source.len() > limits.max_file_bytes {
        let message = too_large_message(source.len() as u64, limits);
        return Checked {
            bank: None,
            diagnostics: vec![Diagnostic::error(path, source, 0..0, message)],
        };
    }
    // A byte-order mark is invisible in editors; ron does not expect it.
    let text = source.strip_prefix('\u{feff}').unwrap_or(&source);
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
                diagnostic = Diagnostic::error(path, source, span, diagnostic.message.clone());
                diagnostic.hint = hint;
            }
            return Checked {
                bank: None,
                diagnostics: vec![diagnostic],
            };
        }
    };
    let mut validator = Validator {
        limits,
        pending: Vec::new(),
        errors: 0,
    };
    let bank = validator.bank(raw);
    let has_errors = validator
        .pending
        .iter()
        .any(|p| p.severity == Severity::Error);
    let diagnostics = validator.resolve(path, &source);
    Checked {
        bank: if has_errors { None } else { bank },
        diagnostics,
    }
}

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

struct Validator<'l> {
    limits: &'l Limits,
    pending: Vec<Pending>,
    /// How many of `pending` are errors (kept as a count: checked once per question).
    errors: usize,
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

/// The closest of `candidates` to `wrong`, if any is close enough to be a likely typo.
pub fn closest<'c>(wrong: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let wrong_lower = wrong.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = strsim::damerau_levenshtein(&wrong_lower, &candidate.to_lowercase());
        let allowed = (wrong.chars().count().max(candidate.chars().count()) / 3).max(1);
        if distance <= allowed && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// A `help:` text for a name that matched nothing: the likely intended one, or the choices.
fn suggestion(wrong: &str, candidates: &[&str], kind: &str) -> Option<String> {
    if let Some(best) = closest(wrong, candidates.iter().copied()) {
        return Some(format!("did you mean `{best}`?"));
    }
    if candidates.is_empty() {
        return Some(format!("this bank defines no {kind}s yet"));
    }
    let shown: Vec<String> = candidates
        .iter()
        .take(8)
        .map(|c| format!("`{c}`"))
        .collect();
    let more = if candidates.len() > 8 { ", …" } else { "" };
    Some(format!("known {kind}s: {}{more}", shown.join(", ")))
}

/// Text folded the way quotes are compared (see [`super::text::find_quote`]): typographic and straight
/// quotes alike, whitespace runs as one space.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(fold_char) {
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(c);
    }
    out
}

fn fold_quote(quote: &str) -> String {
    fold(quote.trim())
}

/// The same wording, ignoring case and the differences [`fold`] ignores: for spotting duplicates.
fn same_key(text: &str) -> String {
    fold(text.trim()).to_lowercase()
}

const ANSWER_KINDS: [&str; 8] = [
    "Choice",
    "TrueFalse",
    "Typed",
    "Cloze",
    "Matching",
    "Ordering",
    "Flashcard",
    "Evidence",
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

/// Per-passage data computed once: its folded text for quote checks and its sentences for evidence.
struct PassageInfo {
    folded: String,
    sentences: Option<(Vec<String>, Vec<String>)>,
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

    fn resolve(self, path: &Path, source: &Arc<str>) -> Vec<Diagnostic> {
        if self.pending.is_empty() {
            return Vec::new();
        }
        let tree = spans::parse(source);
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
    ) -> HashMap<&'r str, usize> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            if id.trim().is_empty() || id.len() > self.limits.max_text_bytes {
                self.text(|| at(list, i, "id"), id, Some(&format!("the {what} id")));
            }
            match seen.entry(id) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                }
                Entry::Occupied(first) => {
                    let first = *first.get();
                    self.duplicate(at(list, i, "id"), at(list, first, "id"), what, id);
                }
            }
        }
        seen
    }

    fn duplicate(&mut self, path: Vec<Step>, first: Vec<Step>, what: &str, id: &str) {
        self.push(Pending {
            path,
            inner: None,
            severity: Severity::Error,
            message: format!("duplicate {what} id `{id}`"),
            hint: Some("ids must be unique within a bank; rename one of them".to_owned()),
            related: Some((first, "first used here".to_owned())),
        });
    }

    fn reference(
        &mut self,
        path: Vec<Step>,
        id: &str,
        known: &HashMap<&str, usize>,
        what: &str,
    ) -> Option<usize> {
        if let Some(i) = known.get(id) {
            return Some(*i);
        }
        let mut candidates: Vec<&str> = known.keys().copied().collect();
        candidates.sort_unstable();
        let hint = suggestion(id, &candidates, what);
        self.error(path, format!("there is no {what} with id `{id}`"), hint);
        None
    }

    fn quote(
        &mut self,
        path: impl FnOnce() -> Vec<Step>,
        passage: Option<(usize, &str)>,
        info: &[PassageInfo],
        quote: &str,
        what: &str,
    ) {
        if quote.trim().is_empty() {
            self.error(path(), format!("the {what} is empty"), None);
            return;
        }
        let Some((index, passage_id)) = passage else {
            return;
        };
        if !info[index].folded.contains(&fold_quote(quote)) {
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
        let passage_ref = |v: &mut Self, path: Vec<Step>, id: &str| {
            v.reference(path, id, &passage_ids, "passage")
                .map(|i| (i, passages[i].id.as_str()))
        };
        let passage_index = |v: &mut Self, path: Vec<Step>, id: &str| {
            v.reference(path, id, &passage_ids, "passage")
        };

        // The model: actors, claims, implications, responses. Questions' `about` may name any of them,
        // so their ids share one namespace.
        let actor_ids = self.ids("actors", actors.iter().map(|a| a.id.as_str()), "actor");
        let mut model_ids: HashMap<&str, usize> = actor_ids.clone();
        let mut model_paths: HashMap<&str, Vec<Step>> = HashMap::new();
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
                    join(at("actors", i, "passages"), [Step::Item(j)]),
                    passage,
                );
            }
        }
        for (i, claim) in claims.iter().enumerate() {
            self.text(
                || at("claims", i, "statement"),
                &claim.statement,
                Some("the statement"),
            );
            if claim.by != "article" {
                let hint_known =
                    self.reference(at("claims", i, "by"), &claim.by, &actor_ids, "actor");
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
            for (j, about) in claim.about.iter().enumerate() {
                self.reference(
                    join(at("claims", i, "about"), [Step::Item(j)]),
                    about,
                    &actor_ids,
                    "actor",
                );
            }
            let passage = passage_ref(self, at("claims", i, "passage"), &claim.passage);
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
            let passage = passage_ref(self, at("implications", i, "passage"), &implication.passage);
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
                    join(at("responses", i, "by"), [Step::Item(j)]),
                    by,
                    &actor_ids,
                    "actor",
                );
            }
            let passage = passage_ref(self, at("responses", i, "passage"), &response.passage);
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
            let mut known: Vec<&str> = Vec::new();
            for passage in &passages {
                if !known.contains(&passage.section.as_str()) {
                    known.push(&passage.section);
                }
            }
            for (j, section) in exam.sections.iter().enumerate() {
                if !known.contains(&section.as_str()) {
                    let hint = suggestion(section, &known, "section");
                    self.error(
                        vec![Step::Field("exam"), Step::Field("sections"), Step::Item(j)],
                        format!("no passage has the section heading `{section}`"),
                        hint,
                    );
                }
            }
        }

        // Questions, converted as they are checked.
        let mut out = Vec::with_capacity(questions.len());
        let mut question_index: HashMap<QuestionId, usize> =
            HashMap::with_capacity(questions.len());
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
            match question_index.entry(question.1.id.clone()) {
                Entry::Vacant(slot) => {
                    slot.insert(out.len());
                    out.push(question);
                }
                Entry::Occupied(first) => {
                    let first_item = out.get(*first.get()).map_or(0, |q: &(usize, Question)| q.0);
                    self.duplicate(
                        at("questions", i, "id"),
                        at("questions", first_item, "id"),
                        "question",
                        &question.1.id.0,
                    );
                }
            }
        }
        if self.errors > 0 {
            return None;
        }
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
            questions: out.into_iter().map(|(_, q)| q).collect(),
            question_index: HashMap::new(),
        };
        bank.question_index = question_index;
        if derived_questions {
            for question in super::derive::derive_questions(&bank) {
                if let Entry::Vacant(slot) = bank.question_index.entry(question.id.clone()) {
                    slot.insert(bank.questions.len());
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
        model_ids: &HashMap<&str, usize>,
        info: &mut [PassageInfo],
        hash_buffer: &mut String,
        passages: &[super::model::Passage],
    ) -> Option<(usize, Question)>
    where
        F: Fn(&mut Self, Vec<Step>, &str) -> Option<usize>,
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
                join(q("about")(), [Step::Item(j)]),
                about,
                model_ids,
                "actor, claim, implication or response",
            );
        }
        let passage = passage_ref(self, q("passage")(), &question.passage)
            .map(|p| (p, passages[p].id.as_str()));
        if let Some(quote) = &question.quote {
            self.quote(q("quote"), passage, info, quote, "quote");
        }
        let answer = self.answer(i, &question.answer, passage, info, passages);
        if self.error_count() > errors_before {
            return None;
        }
        let answer = answer?;
        hash_buffer.clear();
        hash_buffer.push_str(&question.prompt);
        hash_buffer.push('\u{1f}');
        canonical_answer(&question.answer, hash_buffer);
        let content_hash = stable_hash(hash_buffer.as_bytes());
        let RawQuestion {
            id,
            prompt,
            passage,
            quote,
            explanation,
            about,
            tags,
            answer: _,
        } = question;
        Some((
            i,
            Question {
                id: QuestionId(id),
                prompt,
                passage,
                quote,
                explanation,
                about,
                tags,
                answer,
                origin: Origin::Authored,
                content_hash,
            },
        ))
    }

    fn error_count(&self) -> usize {
        self.errors
    }

    fn push(&mut self, pending: Pending) {
        if pending.severity == Severity::Error {
            self.errors += 1;
        }
        self.pending.push(pending);
    }

    /// Checks the answer of question `i` and builds its validated form.
    fn answer(
        &mut self,
        i: usize,
        answer: &RawAnswer,
        passage: Option<(usize, &str)>,
        info: &mut [PassageInfo],
        passages: &[super::model::Passage],
    ) -> Option<Answer> {
        let base = || at("questions", i, "answer");
        let field = |name| move || join(at("questions", i, "answer"), [Step::Field(name)]);
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
                let mut seen: HashMap<String, Vec<Step>> = HashMap::new();
                let all = correct
                    .iter()
                    .enumerate()
                    .map(|(j, o)| ("correct", j, o))
                    .chain(wrong.iter().enumerate().map(|(j, o)| ("wrong", j, o)));
                for (list, j, option) in all {
                    let path = join(field(list)(), [Step::Item(j)]);
                    self.text(|| path.clone(), option, Some("an option"));
                    match seen.entry(same_key(option)) {
                        Entry::Vacant(slot) => {
                            slot.insert(path);
                        }
                        Entry::Occupied(first) => {
                            self.push(Pending {
                                path,
                                inner: None,
                                severity: Severity::Error,
                                message: format!("the option `{}` is listed twice", option.trim()),
                                hint: Some("each option must be different".to_owned()),
                                related: Some((
                                    first.get().clone(),
                                    "first listed here".to_owned(),
                                )),
                            });
                        }
                    }
                }
                let options = correct.iter().chain(wrong).cloned().collect();
                let flags = (0..correct.len() + wrong.len())
                    .map(|k| k < correct.len())
                    .collect();
                Some(Answer::Choice {
                    options,
                    correct: flags,
                })
            }
            RawAnswer::TrueFalse { answer } => Some(Answer::TrueFalse { answer: *answer }),
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
                    self.text(
                        || join(field("accept")(), [Step::Item(j)]),
                        a,
                        Some("an accepted answer"),
                    );
                }
                Some(Answer::Typed {
                    accept: accept.clone(),
                })
            }
            RawAnswer::Cloze { text } => {
                self.text(field("text"), text, Some("the cloze text"));
                match parse_cloze(text) {
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
                    let mut seen: HashMap<String, usize> = HashMap::new();
                    for (j, pair) in pairs.iter().enumerate() {
                        let item = if side == 0 { &pair.0 } else { &pair.1 };
                        let path = || join(field("pairs")(), [Step::Item(j), Step::Item(side)]);
                        self.text(path, item, Some("a matching item"));
                        if let Some(&first) = seen.get(&same_key(item)) {
                            self.push(Pending {
                                path: path(),
                                inner: None,
                                severity: Severity::Error,
                                message: format!("`{}` appears in two pairs", item.trim()),
                                hint: Some("each item may be matched only once".to_owned()),
                                related: Some((
                                    join(field("pairs")(), [Step::Item(first), Step::Item(side)]),
                                    "also here".to_owned(),
                                )),
                            });
                        } else {
                            seen.insert(same_key(item), j);
                        }
                    }
                }
                Some(Answer::Matching {
                    pairs: pairs.clone(),
                })
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
                let mut seen: HashMap<String, usize> = HashMap::new();
                for (j, item) in items.iter().enumerate() {
                    let path = || join(field("items")(), [Step::Item(j)]);
                    self.text(path, item, Some("an item"));
                    if let Some(&first) = seen.get(&same_key(item)) {
                        self.push(Pending {
                            path: path(),
                            inner: None,
                            severity: Severity::Error,
                            message: format!("the item `{}` is listed twice", item.trim()),
                            hint: Some("each item must be different".to_owned()),
                            related: Some((
                                join(field("items")(), [Step::Item(first)]),
                                "first listed here".to_owned(),
                            )),
                        });
                    } else {
                        seen.insert(same_key(item), j);
                    }
                }
                Some(Answer::Ordering {
                    items: items.clone(),
                })
            }
            RawAnswer::Flashcard { back } => {
                self.text(field("back"), back, Some("the back of the card"));
                Some(Answer::Flashcard { back: back.clone() })
            }
            RawAnswer::Evidence {
                statement,
                evidence,
                contradicts,
            } => {
                self.text(field("statement"), statement, Some("the statement"));
                if evidence.trim().is_empty() {
                    self.error(
                        field("evidence")(),
                        "the evidence is empty".to_owned(),
                        None,
                    );
                    return None;
                }
                let (index, passage_id) = passage?;
                let needle = fold_quote(evidence);
                if !info[index].folded.contains(&needle) {
                    self.error(
                        field("evidence")(),
                        format!("this evidence is not in passage `{passage_id}`"),
                        Some(
                            "copy the words exactly from the passage (spacing and curly or \
                             straight quotes may differ, nothing else)"
                                .to_owned(),
                        ),
                    );
                    return None;
                }
                let (list, folded) = info[index].sentences.get_or_insert_with(|| {
                    let list = sentences(&passages[index].text);
                    let folded = list.iter().map(|s| fold(s)).collect();
                    (list, folded)
                });
                let matching: Vec<usize> = folded
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.contains(&needle))
                    .map(|(k, _)| k)
                    .collect();
                match matching.as_slice() {
                    [one] => Some(Answer::Evidence {
                        statement: statement.clone(),
                        evidence: evidence.clone(),
                        contradicts: *contradicts,
                        sentences: list.clone(),
                        correct_sentence: *one,
                    }),
                    [] => {
                        self.error(
                            field("evidence")(),
                            "this evidence runs across two sentences".to_owned(),
                            Some(
                                "quote words from the one sentence the student should pick"
                                    .to_owned(),
                            ),
                        );
                        None
                    }
                    several => {
                        self.error(
                            field("evidence")(),
                            format!(
                                "this evidence occurs in {} sentences of passage `{passage_id}`",
                                several.len()
                            ),
                            Some("quote enough words to pick out one sentence".to_owned()),
                        );
                        None
                    }
                }
            }
        }
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
            let _ = write!(out, "truefalse\u{1f}{answer}");
        }
        RawAnswer::Typed { accept } => list("typed", accept, out),
        RawAnswer::Cloze { text } => {
            out.push_str("cloze\u{1f}");
            out.push_str(text);
        }
        RawAnswer::Matching { pairs } => {
            out.push_str("matching");
            for (left, right) in pairs {
                let _ = write!(out, "\u{1e}{left}\u{1d}{right}");
            }
        }
        RawAnswer::Ordering { items } => list("ordering", items, out),
        RawAnswer::Flashcard { back } => {
            out.push_str("flashcard\u{1f}");
            out.push_str(back);
        }
        RawAnswer::Evidence {
            statement,
            evidence,
            contradicts,
        } => {
            let _ = write!(
                out,
                "evidence\u{1f}{statement}\u{1f}{evidence}\u{1f}{contradicts}"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn near_misses_are_suggested_and_far_ones_are_not() {
        assert_eq!(closest("promt", ["prompt", "passage"]), Some("prompt"));
        assert_eq!(closest("nato", ["NATO", "eu"]), Some("NATO"));
        assert_eq!(closest("zebra", ["prompt", "passage"]), None);
    }
}
