//! `dossier paper` (make a fixed exam paper for a class) and `dossier results` (the class report from
//! the result files students hand in).
//!
//! Exit codes: 0 on success; 1 when the bank or the results cannot be used (the message says why);
//! 2 for usage errors (clap's default).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::bank::validate::load_bank_file;
use crate::class::paper::{PaperSpec, make_paper};
use crate::class::report::report_on;
use crate::class::results::{WhichAttempt, load_results};
use crate::class::{format, html};

/// Arguments of `dossier paper`.
#[derive(Debug, Args)]
pub struct PaperArgs {
    /// The bank file (.ron) to draw the questions from.
    pub bank: PathBuf,
    /// How many questions (fewer when the sections do not have that many).
    #[arg(long, default_value_t = 15)]
    pub questions: usize,
    /// Only these section headings (repeat the option, or separate with commas); default: all.
    #[arg(long, value_delimiter = ',')]
    pub sections: Vec<String>,
    /// The same seed and bank give the same paper; default: from the clock.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Time limit, e.g. `20m`, `90s`, `1h`; default: none.
    #[arg(long, value_parser = parse_duration_secs)]
    pub time: Option<u32>,
    /// Title shown to students; default: the bank's title.
    #[arg(long, default_value = "")]
    pub title: String,
    /// Where to save the paper (`.paper.json` is added when missing).
    #[arg(short, long)]
    pub output: PathBuf,
}

/// Parses `20m`, `90s`, `1h`, `1h30m` or a bare number of minutes into seconds.
pub fn parse_duration_secs(text: &str) -> Result<u32, String> {
    let text = text.trim();
    if let Ok(minutes) = text.parse::<u32>() {
        return minutes
            .checked_mul(60)
            .filter(|s| *s > 0)
            .ok_or_else(|| "the time limit must be more than 0".to_owned());
    }
    let mut total: u64 = 0;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => {
                return Err(format!(
                    "\"{text}\" is not a duration: write e.g. 20m, 90s or 1h30m"
                ));
            }
        };
        let n: u64 = digits
            .parse()
            .map_err(|_| format!("\"{text}\" is not a duration: write e.g. 20m, 90s or 1h30m"))?;
        total = total.saturating_add(n.saturating_mul(unit));
        digits.clear();
    }
    if !digits.is_empty() || total == 0 {
        return Err(format!(
            "\"{text}\" is not a duration: write e.g. 20m, 90s or 1h30m"
        ));
    }
    u32::try_from(total).map_err(|_| "that time limit is too long".to_owned())
}

/// Makes and saves a paper; prints its id and where it went.
pub fn run_paper(args: &PaperArgs) -> ExitCode {
    let bank = match load_bank_file(&args.bank) {
        Ok(bank) => bank,
        Err(diagnostics) => {
            eprintln!(
                "dossier paper: {} has {} problem(s); run `dossier check {}`",
                args.bank.display(),
                diagnostics.len(),
                args.bank.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let unknown: Vec<&String> = args
        .sections
        .iter()
        .filter(|s| !bank.sections().contains(&s.as_str()))
        .collect();
    if !unknown.is_empty() {
        eprintln!(
            "dossier paper: no section {} in the bank; its sections are: {}",
            unknown
                .iter()
                .map(|s| format!("\"{s}\""))
                .collect::<Vec<_>>()
                .join(", "),
            bank.sections().join(" · ")
        );
        return ExitCode::FAILURE;
    }
    let seed = args
        .seed
        .unwrap_or_else(|| chrono::Utc::now().timestamp_millis() as u64);
    let spec = PaperSpec {
        questions: args.questions.max(1),
        sections: args.sections.clone(),
        seed,
        time_limit_secs: args.time,
        title: args.title.clone(),
    };
    let paper = match make_paper(&bank, &spec) {
        Ok(paper) => paper,
        Err(e) => {
            eprintln!("dossier paper: {e}");
            return ExitCode::FAILURE;
        }
    };
    let output = crate::class::paper::with_paper_extension(&args.output);
    if let Err(e) = paper.save(&output) {
        eprintln!("dossier paper: {e}");
        return ExitCode::FAILURE;
    }
    println!(
        "Saved paper {} ({} questions{}) to {}",
        paper.paper_id,
        paper.questions.len(),
        paper
            .time_limit_secs
            .map_or(String::new(), |s| format!(", {} min", s.div_ceil(60))),
        output.display()
    );
    println!(
        "Students open it with `dossier exam {}` (or drop it on the app); they need the bank {} too.",
        output.display(),
        args.bank.display()
    );
    ExitCode::SUCCESS
}

/// Output format of `dossier results`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Csv,
    Json,
    Html,
}

/// Arguments of `dossier results`.
#[derive(Debug, Args)]
pub struct ResultsArgs {
    /// Result files (.json) or folders of them.
    #[arg(required = true, value_name = "FILES|FOLDER")]
    pub paths: Vec<PathBuf>,
    /// Report on this paper when the files hold several.
    #[arg(long, value_name = "ID")]
    pub paper: Option<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write the report here instead of to the terminal.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Which attempt counts when a student handed in several.
    #[arg(long, value_enum, default_value_t = WhichAttempt::First)]
    pub attempt: WhichAttempt,
    /// Replace student names with stable pseudonyms.
    #[arg(long)]
    pub pseudonymise: bool,
}

/// Reads the results and prints or writes the report.
pub fn run_results(args: &ResultsArgs) -> ExitCode {
    let loaded = load_results(&args.paths);
    let report = match report_on(loaded, args.paper.as_deref(), args.attempt) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("dossier results: {e}");
            return ExitCode::FAILURE;
        }
    };
    let report = if args.pseudonymise {
        report.pseudonymised()
    } else {
        report
    };
    for s in &report.skipped {
        eprintln!(
            "dossier results: skipped {}: {}",
            s.path.display(),
            s.reason
        );
    }
    let text = match args.format {
        ReportFormat::Table => format::to_table(&report),
        ReportFormat::Csv => format::to_csv(&report),
        ReportFormat::Json => format::to_json(&report),
        ReportFormat::Html => html::to_html(&report),
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = crate::progress::write_atomically(path, text.as_bytes()) {
                eprintln!("dossier results: {e}");
                return ExitCode::FAILURE;
            }
            eprintln!(
                "dossier results: {} students, {} questions; report saved to {}",
                report.test.attempts,
                report.test.questions,
                path.display()
            );
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            if stdout.write_all(text.as_bytes()).is_err() {
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
