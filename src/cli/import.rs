//! `dossier import FILE… [--article ARTICLE] [-o BANK.ron]`: quiz files (GIFT, Aiken, Moodle XML, Anki
//! text, CSV/TSV) become one bank. Every question that cannot be carried is reported, rustc style, on
//! stderr; the summary says how many came through ("imported 14 of 16 questions"). The bank goes to
//! `-o` (a new file, written atomically, never over an existing one) or to stdout.
//!
//! Exit codes: 0 when at least one question was imported and the bank written, 1 otherwise.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use crate::interchange::{self, AssembleOptions, Format, ImportOptions};

/// Arguments of `dossier import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Quiz files to import: GIFT, Aiken, Moodle XML, Anki text export, CSV/TSV (recognised by content).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The article the questions are about (a bank .ron, or an article as `dossier new` reads it:
    /// .txt, .md or .html): its paragraphs become the passages, each question linked to the best one.
    #[arg(long, value_name = "ARTICLE")]
    pub article: Option<PathBuf>,
    /// Write the bank here (a new file); without it the bank is printed.
    #[arg(short, long, value_name = "BANK.ron")]
    pub output: Option<PathBuf>,
    /// Read the files as this format instead of recognising it.
    #[arg(long, value_enum)]
    pub from: Option<FromFormat>,
    /// Field separator of CSV/TSV files: a character, or `tab`, `comma`, `semicolon`.
    #[arg(long, value_name = "SEP")]
    pub separator: Option<String>,
    /// Term/definition rows and Anki Basic notes become typed-answer questions, not flashcards.
    #[arg(long)]
    pub typed: bool,
    /// Bank id (default: from the first file's name).
    #[arg(long)]
    pub id: Option<String>,
    /// Bank title (default: from the first file's name).
    #[arg(long)]
    pub title: Option<String>,
}

/// Formats `--from` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FromFormat {
    Gift,
    Aiken,
    MoodleXml,
    Anki,
    Csv,
}

impl From<FromFormat> for Format {
    fn from(value: FromFormat) -> Self {
        match value {
            FromFormat::Gift => Format::Gift,
            FromFormat::Aiken => Format::Aiken,
            FromFormat::MoodleXml => Format::MoodleXml,
            FromFormat::Anki => Format::AnkiText,
            FromFormat::Csv => Format::Delimited,
        }
    }
}

/// A separator as typed: one character or a name.
pub fn parse_separator(text: &str) -> Result<u8, String> {
    match text.to_ascii_lowercase().as_str() {
        "tab" | "\\t" => Ok(b'\t'),
        "comma" => Ok(b','),
        "semicolon" => Ok(b';'),
        "pipe" => Ok(b'|'),
        _ if text.len() == 1 && text.is_ascii() => Ok(text.as_bytes()[0]),
        _ => Err(format!(
            "`{text}` is not a separator: give one character, or tab, comma, semicolon, pipe"
        )),
    }
}

/// Runs `dossier import`; see the module docs.
pub fn run(args: &ImportArgs) -> ExitCode {
    let separator = match args.separator.as_deref().map(parse_separator).transpose() {
        Ok(s) => s,
        Err(message) => {
            eprintln!("dossier import: {message}");
            return ExitCode::from(2);
        }
    };
    let options = ImportOptions {
        format: args.from.map(Format::from),
        separator,
        typed: args.typed,
    };
    let choice = if io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut err = StandardStream::stderr(choice);
    let mut imports = Vec::new();
    for file in &args.files {
        match interchange::import_file(file, &options) {
            Ok(import) => imports.push(import),
            Err(e) => {
                let _ = writeln!(err, "error: cannot read {}: {e}", file.display());
                return ExitCode::FAILURE;
            }
        }
    }
    let passages = match &args.article {
        Some(article) => match interchange::assemble::article_passages(article) {
            Ok(p) => p,
            Err(message) => {
                let _ = writeln!(err, "error: {message}");
                return ExitCode::FAILURE;
            }
        },
        None => Vec::new(),
    };
    for import in &imports {
        for diagnostic in &import.diagnostics {
            let _ = diagnostic.emit(&mut err);
        }
    }
    let assembled = interchange::assemble(
        &imports,
        &AssembleOptions {
            passages,
            id: args.id.clone().unwrap_or_default(),
            title: args.title.clone().unwrap_or_default(),
        },
    );
    for import in &imports {
        let _ = writeln!(err, "{}", import.summary());
    }
    let total: usize = imports.iter().map(|i| i.questions.len()).sum();
    if args.article.is_some() {
        let _ = writeln!(
            err,
            "linked {total} questions to the article's {} passages; {} weak links marked `review: true`",
            assembled.bank.passages.len(),
            assembled.weak_links
        );
    }
    if total == 0 {
        let _ = writeln!(err, "error: no question could be imported; nothing written");
        return ExitCode::FAILURE;
    }
    let text = match interchange::assemble::to_ron(&assembled.bank) {
        Ok(text) => text,
        Err(e) => {
            let _ = writeln!(err, "error: cannot write the bank: {e}");
            return ExitCode::FAILURE;
        }
    };
    let name = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("imported.ron"));
    if let Err(diagnostics) = crate::bank::validate::load_bank_str(&text, &name) {
        // A bug in the mapping, not in the teacher's file: say so rather than write a broken bank.
        for d in &diagnostics {
            let _ = d.emit(&mut err);
        }
        let _ = writeln!(
            err,
            "error: the imported bank does not pass `dossier check` (a Dossier bug); nothing written"
        );
        return ExitCode::FAILURE;
    }
    match &args.output {
        Some(path) => match interchange::save_new(path, text.as_bytes()) {
            Ok(()) => {
                let _ = writeln!(err, "wrote {} ({total} questions)", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                let _ = writeln!(err, "error: cannot write {}: {e}", path.display());
                ExitCode::FAILURE
            }
        },
        None => {
            let mut out = io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::FAILURE,
            }
        }
    }
}
