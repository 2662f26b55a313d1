//! Terminal commands: `check`, `progress`.
//!
//! `dossier` with no arguments opens the app; every subcommand lives here, one file each, so `main.rs`
//! only parses and dispatches. Add a subcommand by adding a variant to [`Command`] and a module.

pub mod check;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Study a current-affairs article with spaced repetition.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without a command, the app opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The terminal commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate bank files or folders of banks, printing every problem found.
    Check(check::CheckArgs),
}

/// Runs a terminal command and returns the process exit code.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Check(args) => check::run(&args),
    }
}
