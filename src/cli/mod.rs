//! Terminal commands: `check`, `new`, `progress`.
//!
//! `dossier` with no arguments opens the app; every subcommand lives here, one file each, so `main.rs`
//! only parses and dispatches. Add a subcommand by adding a variant to [`Command`] and a module.

pub mod check;
pub mod class;
pub mod export;
pub mod import;
pub mod new;
mod optimize;
pub mod progress;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Study a current-affairs article with spaced repetition.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without a command, the app opens on the library.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Keep progress and settings in this folder instead of the usual data folder.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print milliseconds from start to the first painted frame, then quit (also DOSSIER_MEASURE_STARTUP=1).
    #[arg(long, hide = true)]
    pub measure_startup: bool,
    /// With --measure-startup: after the first frame, switch to this screen as its navigation button
    /// would and print the milliseconds until it is painted (`screen_ms=`), e.g. `statistics`.
    #[arg(long, hide = true, value_name = "SCREEN", value_parser = nav_screen)]
    pub measure_screen: Option<crate::ui::intent::Screen>,
}

/// A screen of the navigation bar by its label, in any case (`statistics`, `Settings`).
fn nav_screen(name: &str) -> Result<crate::ui::intent::Screen, String> {
    use crate::ui::intent::Screen;
    Screen::NAV
        .into_iter()
        .find(|s| s.label().eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            let names: Vec<String> = Screen::NAV
                .iter()
                .map(|s| s.label().to_lowercase())
                .collect();
            format!(
                "not a screen of the navigation bar; one of: {}",
                names.join(", ")
            )
        })
}

/// The terminal commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate bank files or folders of banks, printing every problem found.
    Check(check::CheckArgs),
    /// Draft a bank from an article (.txt, .md or .html) for the teacher to review.
    New(new::NewArgs),
    /// Merge, export or inspect the student's saved progress (not banks: see `export`).
    Progress(progress::ProgressArgs),
    /// Turn quiz files (GIFT, Aiken, Moodle XML, Anki text, CSV/TSV) into a bank.
    Import(import::ImportArgs),
    /// Write a bank as GIFT, Moodle XML, Aiken, Anki text, CSV, QTI 2.1, a printable HTML worksheet or
    /// JSON (for progress, see `progress export`).
    Export(export::ExportArgs),
    /// Open the app straight into a study session on a bank file.
    Study {
        /// The bank file (.ron) to study.
        bank: PathBuf,
    },
    /// Make a fixed exam paper for a class: the same questions, order and options for everyone.
    Paper(class::PaperArgs),
    /// Open the app straight into an exam paper a teacher handed out.
    Exam {
        /// The paper file (.paper.json).
        paper: PathBuf,
    },
    /// The class report from the result files students hand in: item analysis, distractors, mastery.
    Results(class::ResultsArgs),
    /// Open the app on the Class screen with these result files or folders.
    Class {
        /// Result files (.json) or folders of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

/// Runs a terminal command and returns the process exit code. `Study`, `Exam` and `Class` open the app and are
/// handled by the binary.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Check(args) => check::run(&args),
        Command::New(args) => new::run(&args),
        Command::Progress(args) => progress::run(args),
        Command::Import(args) => import::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Paper(args) => class::run_paper(&args),
        Command::Results(args) => class::run_results(&args),
        Command::Study { .. } | Command::Exam { .. } | Command::Class { .. } => ExitCode::from(2),
    }
}
