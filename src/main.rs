//! The `dossier` binary: parses arguments and dispatches; all logic lives in the library.

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use dossier::cli::{self, Cli, Command};
use dossier::ui::{self, LaunchOptions};

fn main() -> ExitCode {
    let started = Instant::now();
    let cli = Cli::parse();
    let measure = cli.measure_startup
        || std::env::var_os("DOSSIER_MEASURE_STARTUP").is_some_and(|v| v == "1");
    let mut exam_paper = None;
    let mut class_results = Vec::new();
    let study_bank = match cli.command {
        Some(Command::Study { bank }) => Some(bank),
        Some(Command::Exam { paper }) => {
            exam_paper = Some(paper);
            None
        }
        Some(Command::Class { paths }) => {
            class_results = paths;
            None
        }
        Some(Command::Progress(mut args)) => {
            args.data_dir = args.data_dir.or(cli.data_dir);
            return cli::run(Command::Progress(args));
        }
        Some(command) => return cli::run(command),
        None => None,
    };
    let options = LaunchOptions {
        study_bank,
        exam_paper,
        class_results,
        data_dir: cli.data_dir,
        measure_startup: measure.then_some(started),
        measure_screen: cli.measure_screen,
    };
    match ui::run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dossier: could not open the window: {e}");
            ExitCode::FAILURE
        }
    }
}
