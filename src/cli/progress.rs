//! `dossier progress …`: merge another device's progress, export it for a teacher, and a hidden
//! command the crash test drives.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::progress::{DataDir, Notice, ProgressError, Store, data_dir, export, merge};
use crate::study::{Event, Rating, Record, RecordId};
use crate::{BankId, QuestionId};

/// `dossier progress [--data-dir DIR] <command>`.
#[derive(Debug, clap::Args)]
pub struct ProgressArgs {
    /// Use this data folder instead of the usual one.
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: ProgressCommand,
}

/// The progress subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ProgressCommand {
    /// Add another device's progress (a data folder or progress.jsonl) to this one; safe to repeat.
    Merge {
        /// The other data folder (e.g. a USB stick's dossier-data) or its progress.jsonl.
        other: PathBuf,
    },
    /// Write every review as a spreadsheet row.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// Write to this file instead of the terminal.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Appends reviews in a loop, printing each id once it is on disk (for the crash test).
    #[command(hide = true)]
    DebugAppendLoop {
        /// Stop after this many (default: until killed).
        #[arg(long)]
        count: Option<u64>,
    },
}

/// Export file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
}

/// Runs a progress command; messages go to stderr, data to stdout.
pub fn run(args: ProgressArgs) -> ExitCode {
    match run_inner(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run_inner(args: ProgressArgs) -> Result<(), ProgressError> {
    let dir = match args.data_dir {
        Some(path) => DataDir::at(path),
        None => data_dir()?,
    };
    match args.command {
        ProgressCommand::Merge { other } => {
            let (records, read_notices) = merge::read_other(&other)?;
            let (mut store, notices) = Store::open(&dir)?;
            print_notices(&notices);
            print_notices(&read_notices);
            let report = store.merge_from(records)?;
            eprintln!(
                "Merged {}: {} new records added, {} in total.",
                other.display(),
                report.added,
                report.total
            );
            Ok(())
        }
        ProgressCommand::Export { format, output } => {
            let (store, notices) = Store::open(&dir)?;
            print_notices(&notices);
            match format {
                ExportFormat::Csv => {}
            }
            match output {
                Some(path) => {
                    let mut bytes = Vec::new();
                    export::write_csv(store.records(), &mut bytes)
                        .map_err(|e| ProgressError::io("write", &path, e))?;
                    crate::progress::write_atomically(&path, &bytes)?;
                    eprintln!("Wrote {}.", path.display());
                }
                None => {
                    let stdout = std::io::stdout();
                    let mut lock = stdout.lock();
                    export::write_csv(store.records(), &mut lock)
                        .and_then(|()| lock.flush())
                        .map_err(|e| ProgressError::io("write", &PathBuf::from("<stdout>"), e))?;
                }
            }
            Ok(())
        }
        ProgressCommand::DebugAppendLoop { count } => debug_append_loop(&dir, count),
    }
}

fn debug_append_loop(dir: &DataDir, count: Option<u64>) -> Result<(), ProgressError> {
    let (mut store, notices) = Store::open(dir)?;
    print_notices(&notices);
    let stdout = std::io::stdout();
    let mut n: u64 = 0;
    while count.is_none_or(|c| n < c) {
        let at_ms = chrono::Utc::now().timestamp_millis();
        let id = RecordId::new(at_ms);
        // Answers of varying length, so a kill sometimes lands in the middle of a larger write.
        let answer = "x".repeat(usize::try_from(n % 7).unwrap_or(0) * 1000);
        store.append(Record {
            id: id.clone(),
            at_ms,
            utc_offset_secs: 0,
            bank: BankId::from("crash-test"),
            question: QuestionId(format!("q{}", n % 50)),
            event: Event::Review {
                rating: Rating::Good,
                score: 1.0,
                answer,
                duration_ms: 1000,
                content_hash: 1,
            },
        })?;
        let mut out = stdout.lock();
        writeln!(out, "{}", id.0)
            .and_then(|()| out.flush())
            .map_err(|e| ProgressError::io("write", &PathBuf::from("<stdout>"), e))?;
        n += 1;
    }
    Ok(())
}

fn print_notices(notices: &[Notice]) {
    for notice in notices {
        eprintln!("note: {notice}");
    }
}
