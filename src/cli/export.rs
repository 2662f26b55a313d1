//! `dossier export BANK --format gift|moodle-xml|aiken|anki|csv|qti|html|json [-o FILE]`: a bank, derived
//! questions included, in the formats of LMSs, Anki and print. What a format cannot hold is said on
//! stderr, question by question. (`dossier progress export` exports a student's progress instead.)
//!
//! Exit codes: 0 written, 1 when the bank is invalid or the file cannot be written.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::bank::validate::load_bank_file;
use crate::interchange::export::{ExportFormat, export};

/// Arguments of `dossier export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The bank file (.ron) to export.
    #[arg(value_name = "BANK")]
    pub bank: PathBuf,
    /// The format to write.
    #[arg(long, value_enum)]
    pub format: ExportAs,
    /// Write here (replacing an earlier export); without it the export goes to stdout (except `qti`,
    /// a zip, which needs a file).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats `--format` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportAs {
    /// Moodle's GIFT text format.
    Gift,
    /// Moodle XML question export.
    MoodleXml,
    /// Aiken (one-answer multiple choice only).
    Aiken,
    /// Anki text import file (tab-separated, headers set).
    Anki,
    /// CSV, one row per question.
    Csv,
    /// IMS QTI 2.1 content package (zip) for Canvas, Blackboard and other LMSs.
    Qti,
    /// A printable worksheet with the article and an answer key.
    Html,
    /// JSON for scripts (schema dossier-export/1).
    Json,
}

impl From<ExportAs> for ExportFormat {
    fn from(value: ExportAs) -> Self {
        match value {
            ExportAs::Gift => ExportFormat::Gift,
            ExportAs::MoodleXml => ExportFormat::MoodleXml,
            ExportAs::Aiken => ExportFormat::Aiken,
            ExportAs::Anki => ExportFormat::Anki,
            ExportAs::Csv => ExportFormat::Csv,
            ExportAs::Qti => ExportFormat::Qti,
            ExportAs::Html => ExportFormat::Html,
            ExportAs::Json => ExportFormat::Json,
        }
    }
}

/// Runs `dossier export`; see the module docs.
pub fn run(args: &ExportArgs) -> ExitCode {
    let bank = match load_bank_file(&args.bank) {
        Ok(bank) => bank,
        Err(diagnostics) => {
            let mut err = codespan_reporting::term::termcolor::StandardStream::stderr(
                codespan_reporting::term::termcolor::ColorChoice::Never,
            );
            for d in diagnostics.iter().filter(|d| d.is_error()) {
                let _ = d.emit(&mut err);
            }
            eprintln!(
                "dossier export: {} is not a valid bank; fix it first (`dossier check`)",
                args.bank.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let format = ExportFormat::from(args.format);
    if format == ExportFormat::Qti && args.output.is_none() {
        eprintln!("dossier export: a QTI package is a zip file: give `-o FILE.zip`");
        return ExitCode::from(2);
    }
    let exported = export(&bank, format);
    for note in &exported.notes {
        eprintln!("note: {note}");
    }
    match &args.output {
        Some(path) => match crate::interchange::save_replacing(path, &exported.bytes) {
            Ok(()) => {
                eprintln!(
                    "wrote {} ({} questions)",
                    path.display(),
                    bank.questions.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("dossier export: cannot write {}: {e}", path.display());
                ExitCode::FAILURE
            }
        },
        None => {
            let mut out = io::stdout().lock();
            match out.write_all(&exported.bytes).and_then(|()| out.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::FAILURE,
            }
        }
    }
}
