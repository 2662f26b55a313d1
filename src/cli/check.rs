//! `dossier check PATH...`: validates banks the way the app loads them and explains every problem.
//!
//! Besides the rules that make a bank invalid, it runs the item-writing check (questions that are valid
//! but badly written: the right option always the longest, "none of the above", a prompt pointing at a
//! paragraph the student cannot see, …) and reports its findings as warnings, with positions.
//!
//! Exit codes: 0 when every bank is valid (warnings allowed, unless `--strict`), 1 when any file is
//! invalid or unreadable, or with `--strict` when there is any warning, 2 for usage errors (clap's
//! default). Output goes to stdout: rustc-style diagnostics, coloured on a
//! terminal and plain when piped, then one summary line per valid bank; or JSON with `--format json`.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream, WriteColor};
use serde::Serialize;

use crate::bank::diagnostic::{Diagnostic, JsonDiagnostic};
use crate::bank::validate::{LoadedBank, item_writing_warnings, load_paths};
use crate::bank::{Bank, Origin, QuestionKind};
use crate::safe_io::printable;

/// Arguments of `dossier check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Bank files (`*.ron`) or folders containing them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// `human` for people, `json` for editors and scripts.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour human output: `auto` colours only on a terminal.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Fail (exit 1) on warnings too, including the item-writing check's: for CI and before sharing a
    /// bank.
    #[arg(long)]
    pub strict: bool,
}

/// Output format of `dossier check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

/// Colour choice for human output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Validates every path and prints the result; see the module docs for exit codes.
pub fn run(args: &CheckArgs) -> ExitCode {
    let mut loaded = load_paths(&args.paths);
    for bank in &mut loaded {
        add_item_writing_warnings(bank);
    }
    explain_quiz_files(&mut loaded);
    let quiz_notes = quiz_files_in_folders(&args.paths);
    let mut empty_folders = Vec::new();
    for path in &args.paths {
        if path.is_dir() && !loaded.iter().any(|l| l.path.starts_with(path)) {
            empty_folders.push(path.clone());
        }
    }
    let skipped = subfolders(&args.paths);
    let all_valid = empty_folders.is_empty()
        && loaded.iter().all(|l| l.result.is_ok())
        && !(args.strict && loaded.iter().any(|l| !l.warnings.is_empty()));
    let written = match args.format {
        Format::Json => print_json(&loaded, &empty_folders, &skipped),
        Format::Human => {
            let choice = match args.color {
                Color::Always => ColorChoice::Always,
                Color::Never => ColorChoice::Never,
                Color::Auto if io::stdout().is_terminal() => ColorChoice::Auto,
                Color::Auto => ColorChoice::Never,
            };
            let mut out = StandardStream::stdout(choice);
            print_human(&mut out, &loaded, &empty_folders, &skipped)
        }
    };
    for note in &quiz_notes {
        eprintln!("{note}");
    }
    match written {
        Ok(()) if all_valid => ExitCode::SUCCESS,
        Ok(()) => ExitCode::FAILURE,
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("dossier check: cannot write output: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The folders inside the given folders: `check` looks only at the `*.ron` files directly in a folder
/// (as the library does), and says which subfolders it did not look into.
fn subfolders(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for path in paths.iter().filter(|p| p.is_dir()) {
        if let Ok(entries) = std::fs::read_dir(path) {
            let mut inside: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            inside.sort();
            found.extend(inside);
        }
    }
    found
}

/// A path as it may be printed: control characters in a file name are escaped.
fn shown(path: &std::path::Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

/// Adds the item-writing check's findings to a valid bank's warnings, in file order with the others.
fn add_item_writing_warnings(loaded: &mut LoadedBank) {
    let Ok(bank) = &loaded.result else { return };
    // The file was just read whole and validated; if it cannot be read again, the check is skipped
    // rather than the bank reported broken.
    let limit = crate::bank::validate::Limits::default().max_file_bytes as u64;
    let Ok(source) = crate::safe_io::read_limited(&loaded.path, limit).map(String::from_utf8)
    else {
        return;
    };
    let Ok(source) = source else { return };
    let found = item_writing_warnings(bank, &source, &loaded.path);
    if found.is_empty() {
        return;
    }
    loaded.warnings.extend(found);
    loaded.warnings.sort_by_key(|d| d.span.start);
}

fn print_human(
    out: &mut dyn WriteColor,
    loaded: &[LoadedBank],
    empty_folders: &[PathBuf],
    skipped: &[PathBuf],
) -> io::Result<()> {
    for folder in empty_folders {
        writeln!(out, "error: no bank files (*.ron) in {}", shown(folder))?;
    }
    for folder in skipped {
        writeln!(
            out,
            "note: {} is a subfolder and was not checked (only the *.ron files directly in a folder are); name it to check it",
            shown(folder)
        )?;
    }
    for bank in loaded {
        let diagnostics: &[Diagnostic] = match &bank.result {
            Ok(_) => &bank.warnings,
            Err(diagnostics) => diagnostics,
        };
        for diagnostic in diagnostics {
            diagnostic.emit(out)?;
        }
    }
    for bank in loaded {
        match &bank.result {
            Ok(ok) => writeln!(out, "{}: ok: {}", shown(&bank.path), summary(ok))?,
            Err(diagnostics) => {
                let errors: usize = diagnostics.iter().map(Diagnostic::error_count).sum();
                let plural = if errors == 1 { "error" } else { "errors" };
                writeln!(out, "{}: invalid: {errors} {plural}", shown(&bank.path))?;
            }
        }
    }
    out.flush()
}

/// "12 questions (4 multiple choice, 3 true/false; 5 derived), 8 actors, 10 claims, …".
pub fn summary(bank: &Bank) -> String {
    let counts = kind_counts(bank);
    let by_kind: Vec<String> = counts
        .iter()
        .map(|(kind, n)| format!("{n} {}", kind.label()))
        .collect();
    let derived = bank
        .questions
        .iter()
        .filter(|q| q.origin == Origin::Derived)
        .count();
    format!(
        "bank `{}` \"{}\": {} ({}; {derived} derived), {}, {}, {}, {}",
        printable(&bank.id.0),
        printable(&bank.title),
        counted(bank.questions.len(), "question"),
        if by_kind.is_empty() {
            "none".to_owned()
        } else {
            by_kind.join(", ")
        },
        counted(bank.actors.len(), "actor"),
        counted(bank.claims.len(), "claim"),
        counted(bank.implications.len(), "implication"),
        counted(bank.responses.len(), "response"),
    )
}

fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn kind_counts(bank: &Bank) -> BTreeMap<QuestionKind, usize> {
    let mut counts = BTreeMap::new();
    for question in &bank.questions {
        *counts.entry(question.answer.kind()).or_insert(0) += 1;
    }
    counts
}

#[derive(Serialize)]
struct JsonReport {
    valid: bool,
    files: Vec<JsonFile>,
    /// Subfolders of the given folders, which were not checked.
    skipped_folders: Vec<String>,
}

#[derive(Serialize)]
struct JsonFile {
    path: String,
    valid: bool,
    bank: Option<JsonSummary>,
    diagnostics: Vec<JsonDiagnostic>,
}

#[derive(Serialize)]
struct JsonSummary {
    id: String,
    title: String,
    questions: usize,
    derived_questions: usize,
    questions_by_kind: BTreeMap<String, usize>,
    actors: usize,
    claims: usize,
    implications: usize,
    responses: usize,
}

fn print_json(
    loaded: &[LoadedBank],
    empty_folders: &[PathBuf],
    skipped: &[PathBuf],
) -> io::Result<()> {
    let mut files: Vec<JsonFile> = empty_folders
        .iter()
        .map(|folder| JsonFile {
            path: folder.display().to_string(),
            valid: false,
            bank: None,
            diagnostics: vec![JsonDiagnostic {
                path: folder.display().to_string(),
                severity: crate::bank::diagnostic::Severity::Error,
                message: "no bank files (*.ron) in this folder".to_owned(),
                hint: None,
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
                start_byte: 0,
                end_byte: 0,
            }],
        })
        .collect();
    for bank in loaded {
        let (summary, diagnostics) = match &bank.result {
            Ok(ok) => (Some(json_summary(ok)), &bank.warnings),
            Err(diagnostics) => (None, diagnostics),
        };
        files.push(JsonFile {
            path: bank.path.display().to_string(),
            valid: bank.result.is_ok(),
            bank: summary,
            diagnostics: diagnostics.iter().map(Diagnostic::to_json).collect(),
        });
    }
    let report = JsonReport {
        valid: files.iter().all(|f| f.valid),
        files,
        skipped_folders: skipped.iter().map(|p| p.display().to_string()).collect(),
    };
    let mut out = io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, &report).map_err(io::Error::other)?;
    writeln!(out)?;
    out.flush()
}

fn json_summary(bank: &Bank) -> JsonSummary {
    JsonSummary {
        id: bank.id.to_string(),
        title: bank.title.clone(),
        questions: bank.questions.len(),
        derived_questions: bank
            .questions
            .iter()
            .filter(|q| q.origin == Origin::Derived)
            .count(),
        questions_by_kind: kind_counts(bank)
            .into_iter()
            .map(|(k, n)| (k.label().to_owned(), n))
            .collect(),
        actors: bank.actors.len(),
        claims: bank.claims.len(),
        implications: bank.implications.len(),
        responses: bank.responses.len(),
    }
}

/// A GIFT, Aiken, Moodle XML or Anki file given to `check` is not a broken bank: say what it looks
/// like and how to import it, instead of a RON syntax error.
fn explain_quiz_files(loaded: &mut [LoadedBank]) {
    for bank in loaded.iter_mut() {
        let Err(diagnostics) = &bank.result else {
            continue;
        };
        // A `.ron` file is meant as a bank: its own errors say more than a guess at another format.
        if bank
            .path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
        {
            continue;
        }
        let Some(first) = diagnostics.first() else {
            continue;
        };
        if first.source().trim_start().starts_with("Bank(") {
            continue;
        }
        let Some(format) = crate::interchange::sniff(&bank.path, first.source()) else {
            continue;
        };
        let diagnostic = Diagnostic::error(
            &bank.path,
            std::sync::Arc::from(first.source()),
            0..0,
            format!(
                "this looks like a {} quiz file, not a Dossier bank",
                format.label()
            ),
        )
        .with_hint(format!(
            "import it: dossier import {} -o {}",
            bank.path.display(),
            bank.path.with_extension("ron").display()
        ));
        bank.result = Err(vec![diagnostic]);
    }
}

/// "note: quizzes/unit1.gift looks like GIFT (Moodle): import it with `dossier import …`", for the
/// quiz files in folders given to `check` (which reads only `*.ron` there).
fn quiz_files_in_folders(paths: &[PathBuf]) -> Vec<String> {
    let mut notes = Vec::new();
    for dir in paths.iter().filter(|p| p.is_dir()) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| crate::interchange::is_importable(p))
            .collect();
        files.sort();
        for file in files {
            notes.push(format!(
                "note: {} is a quiz file, not a bank: import it with `dossier import {} -o {}`",
                file.display(),
                file.display(),
                file.with_extension("ron").display()
            ));
        }
    }
    notes
}
