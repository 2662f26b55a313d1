use std::process::ExitCode;

use clap::Parser;

/// Dossier: study a current-affairs article with spaced repetition.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Merge or export the student's saved progress.
    Progress(dossier::cli::progress::ProgressArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Progress(args)) => dossier::cli::progress::run(args),
        None => {
            println!("Dossier");
            ExitCode::SUCCESS
        }
    }
}
