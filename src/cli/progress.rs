//! `dossier progress …`: show each question's memory state, merge another device's progress, export
//! it for a teacher, and a hidden command the crash test drives.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{FixedOffset, Offset};
use serde::Serialize;

use crate::progress::{
    DataDir, Notice, ProgressError, Settings, Store, data_dir_or, export, merge,
};
use crate::study::{
    CardPhase, CardState, Collection, Event, Rating, Record, RecordId, ScheduleError, Scheduler,
};
use crate::{BankId, Clock, QuestionId, SystemClock, Timestamp};

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
    /// Print each question's memory state (like Anki's card info): phase, stability, difficulty,
    /// retrievability now, due date, reps and lapses.
    Show {
        /// Only this bank (its id, as in the bank file's `id:`).
        #[arg(long, value_name = "ID")]
        bank: Option<String>,
        #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
        format: ShowFormat,
        /// Show the states as they stood at this moment (only answers before it count) instead of
        /// now (RFC 3339, e.g. 2026-12-01T09:00:00+01:00).
        #[arg(long, value_name = "TIME", value_parser = parse_moment)]
        at: Option<Timestamp>,
        /// Print times in this UTC offset (`UTC`, `+01:00`, `-05:30`) instead of UTC.
        #[arg(long, value_name = "OFFSET", value_parser = parse_offset)]
        tz: Option<FixedOffset>,
    },
    /// Fit your own FSRS parameters to your review history and compare them (log loss, RMSE) with
    /// the ones in use.
    Optimize {
        /// Save the fitted parameters in the settings if they predict your reviews better.
        #[arg(long)]
        apply: bool,
    },
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
    /// Like `debug-append-loop`, but saves the progress index after every answer, so a kill often
    /// lands while the index is being written (for the index crash test).
    #[command(hide = true)]
    DebugIndexLoop,
}

/// Export file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
}

/// How `progress show` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowFormat {
    /// Aligned columns for reading.
    Table,
    /// A JSON array, one object per question, for scripts.
    Json,
}

/// Why a progress command failed.
#[derive(Debug, thiserror::Error)]
enum CommandError {
    #[error(transparent)]
    Progress(#[from] ProgressError),
    #[error("the default scheduling settings were refused ({0}); this is a bug in Dossier")]
    DefaultScheduler(ScheduleError),
    #[error("could not encode the card states as JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("could not write to the terminal: {0}")]
    Stdout(std::io::Error),
    #[error(transparent)]
    Optimize(#[from] super::optimize::OptimizeCommandError),
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

fn run_inner(args: ProgressArgs) -> Result<(), CommandError> {
    let dir = data_dir_or(args.data_dir)?;
    match args.command {
        ProgressCommand::Show {
            bank,
            format,
            at,
            tz,
        } => {
            let view = View {
                now: at.unwrap_or_else(|| SystemClock.now()),
                only_before: at.is_some(),
                offset: tz.unwrap_or(chrono::Utc.fix()),
            };
            show(&dir, bank.map(BankId), format, &view)
        }
        ProgressCommand::Optimize { apply } => Ok(super::optimize::run(&dir, apply)?),
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
            // Export only reads: no lock, no repair, nothing created in the data folder.
            let records = read_records(&dir)?;
            match format {
                ExportFormat::Csv => {}
            }
            match output {
                Some(path) => {
                    let mut bytes = Vec::new();
                    export::write_csv(&records, &mut bytes)
                        .map_err(|e| ProgressError::io("write", &path, e))?;
                    crate::progress::write_atomically(&path, &bytes)?;
                    eprintln!("Wrote {}.", path.display());
                }
                None => {
                    let stdout = std::io::stdout();
                    let mut lock = stdout.lock();
                    export::write_csv(&records, &mut lock)
                        .and_then(|()| lock.flush())
                        .map_err(|e| ProgressError::io("write", &PathBuf::from("<stdout>"), e))?;
                }
            }
            Ok(())
        }
        ProgressCommand::DebugAppendLoop { count } => Ok(debug_append_loop(&dir, count, false)?),
        ProgressCommand::DebugIndexLoop => Ok(debug_append_loop(&dir, None, true)?),
    }
}

fn parse_moment(text: &str) -> Result<Timestamp, String> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map_err(|e| format!("{e}; write a moment like 2026-12-01T09:00:00+01:00"))
}

/// `UTC`, `Z`, `+01:00`, `-0530` or `+1` as a fixed UTC offset.
fn parse_offset(text: &str) -> Result<FixedOffset, String> {
    let help = || format!("`{text}` is not a UTC offset; write UTC, +01:00 or -05:30");
    let text = text.trim();
    if text.eq_ignore_ascii_case("utc") || text.eq_ignore_ascii_case("z") {
        return Ok(chrono::Utc.fix());
    }
    let (sign, rest) = match text.chars().next() {
        Some('+') => (1, &text[1..]),
        Some('-') => (-1, &text[1..]),
        _ => return Err(help()),
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    let (hours, minutes) = match digits.len() {
        1 | 2 => (digits.as_str(), "0"),
        4 => (&digits[..2], &digits[2..]),
        _ => return Err(help()),
    };
    let hours: i32 = hours.parse().map_err(|_| help())?;
    let minutes: i32 = minutes.parse().map_err(|_| help())?;
    if hours > 14 || minutes > 59 {
        return Err(help());
    }
    FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60)).ok_or_else(help)
}

/// The moment and zone `progress show` looks from.
struct View {
    /// Retrievability and "buried" are as of this moment.
    now: Timestamp,
    /// Only records before `now` count (`--at`): the states as they stood then.
    only_before: bool,
    /// Times are printed in this offset.
    offset: FixedOffset,
}

/// `progress show`: every question with a saved state, sorted by bank and question id.
fn show(
    dir: &DataDir,
    bank: Option<BankId>,
    format: ShowFormat,
    view: &View,
) -> Result<(), CommandError> {
    let (settings, settings_notice) = Settings::load_read_only(&dir.settings_path());
    print_notices(settings_notice.as_slice());
    let scheduler = match settings.scheduler() {
        Ok(scheduler) => scheduler,
        Err(e) => {
            eprintln!("note: your scheduling settings are invalid ({e}); the defaults are used.");
            Settings::default()
                .scheduler()
                .map_err(CommandError::DefaultScheduler)?
        }
    };
    let later = |r: &Record| r.at_ms > view.now.timestamp_millis();
    let records = if view.only_before && dir.log_path().exists() {
        read_log_read_only(dir)?
    } else {
        Vec::new()
    };
    let collection = if records.iter().any(later) {
        let before: Vec<Record> = records.into_iter().filter(|r| !later(r)).collect();
        eprintln!(
            "note: states as of {}, replayed from the {} records before it.",
            view.now.with_timezone(&view.offset).to_rfc3339(),
            before.len()
        );
        Collection::replay(&before, &scheduler)
    } else {
        load_collection(dir, &scheduler)?
    };
    let rows = card_rows(&collection, &scheduler, bank.as_ref(), view);
    if !rows.is_empty() {
        eprintln!(
            "note: times in UTC{}; a review falls due at the start of its study day ({:02}:00, the hour the day rolls over).",
            view.offset,
            scheduler.config().rollover_hour
        );
    }
    if rows.is_empty() {
        let mut known: Vec<&str> = collection.bank_ids().map(|b| b.0.as_str()).collect();
        known.sort_unstable();
        match &bank {
            Some(bank) if !known.is_empty() => eprintln!(
                "note: no progress saved for bank `{}`; banks with progress: {}.",
                crate::safe_io::printable(&bank.0),
                crate::safe_io::printable(&known.join(", "))
            ),
            _ => eprintln!("note: no answers saved in {} yet.", dir.root.display()),
        }
    }
    let text = match format {
        ShowFormat::Json => {
            let mut json = serde_json::to_string_pretty(&rows)?;
            json.push('\n');
            json
        }
        ShowFormat::Table if rows.is_empty() => String::new(),
        ShowFormat::Table => table(&rows),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CommandError::Stdout)
}

/// The card states, read without the data folder's lock and without writing anything: `show` works
/// on a read-only folder and while the app runs (it then says so). A data folder that does not exist
/// is not created.
fn load_collection(dir: &DataDir, scheduler: &Scheduler) -> Result<Collection, CommandError> {
    Ok(read_progress(dir, scheduler)?.1)
}

/// The records and card states of `dir`, read only (see [`crate::progress::store::read_only`]), with
/// any notices printed.
fn read_progress(
    dir: &DataDir,
    scheduler: &Scheduler,
) -> Result<(Vec<Record>, Collection), CommandError> {
    if !read_only_preamble(dir) {
        return Ok((Vec::new(), Collection::default()));
    }
    let (records, collection, notices) = crate::progress::store::read_only(dir, scheduler)?;
    print_notices(&notices);
    Ok((records, collection))
}

/// The records of `dir`, read as [`read_progress`] does, without replaying them.
fn read_records(dir: &DataDir) -> Result<Vec<Record>, CommandError> {
    let log = dir.log_path();
    if !read_only_preamble(dir) || !log.exists() {
        return Ok(Vec::new());
    }
    let (records, notices) = crate::progress::log::read_records(&log)?;
    print_notices(&notices);
    Ok(records)
}

/// Says what a reader should know before reading `dir`: that it does not exist (false: nothing to
/// read) or that the app has it open.
fn read_only_preamble(dir: &DataDir) -> bool {
    if !dir.root.exists() {
        eprintln!("note: there is no data folder at {}.", dir.root.display());
        return false;
    }
    if let Some(holder) = crate::progress::DataLock::holder(&dir.lock_path()) {
        eprintln!(
            "note: Dossier is running ({holder}) with this data folder; reading the progress saved so far."
        );
    }
    true
}

/// Every record of the progress file, read without taking the data folder's lock.
fn read_log_read_only(dir: &DataDir) -> Result<Vec<Record>, CommandError> {
    let log = dir.log_path();
    if !log.exists() {
        return Ok(Vec::new());
    }
    let (records, notices) = crate::progress::log::read_records(&log)?;
    print_notices(&notices);
    Ok(records)
}

/// One line of `progress show`; also its JSON object.
#[derive(Debug, Serialize)]
struct CardRow {
    bank: String,
    question: String,
    /// `new`, `learning`, `review` or `relearning`.
    phase: &'static str,
    /// 1-based learning or relearning step, `null` outside the steps.
    step: Option<u32>,
    /// Days until recall falls to 90 %; `null` for a card never rated.
    stability_days: Option<f32>,
    /// 1 (easy) to 10 (hard); `null` for a card never rated.
    difficulty: Option<f32>,
    /// Probability of recall at the moment shown; `null` for a card never rated.
    retrievability: Option<f32>,
    /// RFC 3339 in the offset asked for (UTC by default); `null` for a card never rated.
    due: Option<String>,
    /// The study day the card is due on (a review falls due when that day starts, at the rollover
    /// hour), as a date.
    due_day: Option<String>,
    /// For a graduated card, the days from its last review's study day to its due day.
    interval_days: Option<i64>,
    last_review: Option<String>,
    reps: u32,
    lapses: u32,
    suspended: bool,
    /// Hidden until this moment (RFC 3339), when buried and not yet back.
    buried_until: Option<String>,
    /// How many steps the card's current phase has, for the table's "learning 1/2".
    #[serde(skip)]
    steps: usize,
    #[serde(skip)]
    due_ms: Option<i64>,
    #[serde(skip)]
    interval_secs: Option<i64>,
    #[serde(skip)]
    offset: FixedOffset,
}

fn card_rows(
    collection: &Collection,
    scheduler: &Scheduler,
    only: Option<&BankId>,
    view: &View,
) -> Vec<CardRow> {
    let now_ms = view.now.timestamp_millis();
    let offset = view.offset;
    let at = |ms: i64| crate::study::schedule::timestamp_at(ms, offset);
    let config = scheduler.config();
    let mut rows: Vec<CardRow> = collection
        .bank_ids()
        .filter(|bank| only.is_none_or(|only| only == *bank))
        .flat_map(|bank| collection.cards(bank).map(move |(q, card)| (bank, q, card)))
        .map(|(bank, question, card)| {
            let (phase, step, steps) = match card.phase {
                CardPhase::New => ("new", None, 0),
                CardPhase::Learning { step } => (
                    "learning",
                    Some(step.saturating_add(1)),
                    config.learning_steps_secs.len(),
                ),
                CardPhase::Review => ("review", None, 0),
                CardPhase::Relearning { step } => (
                    "relearning",
                    Some(step.saturating_add(1)),
                    config.relearning_steps_secs.len(),
                ),
            };
            let rated = !card.is_new();
            let interval_days = match (card.phase, card.due, card.last_review_ms) {
                (CardPhase::Review, Some(due), Some(last)) => {
                    Some(scheduler.day_index(at(due)) - scheduler.day_index(at(last)))
                }
                _ => None,
            };
            let interval_secs = match (card.due, card.last_review_ms) {
                (Some(due), Some(last)) => Some((due - last) / 1000),
                _ => None,
            };
            let due_day = card.due.map(|due| {
                let day = scheduler.day_index(at(due));
                crate::study::schedule::timestamp_at(scheduler.day_start_ms(day, offset), offset)
                    .format("%Y-%m-%d")
                    .to_string()
            });
            CardRow {
                bank: bank.0.clone(),
                question: question.0.clone(),
                phase,
                step,
                stability_days: rated.then_some(card.stability),
                difficulty: rated.then_some(card.difficulty),
                retrievability: rated.then(|| scheduler.retrievability(card, now_ms)),
                due: card.due.map(|ms| moment(ms, offset)),
                due_day,
                interval_days,
                last_review: card.last_review_ms.map(|ms| moment(ms, offset)),
                reps: card.reps,
                lapses: card.lapses,
                suspended: card.suspended,
                buried_until: buried_until(card, now_ms).map(|ms| moment(ms, offset)),
                steps,
                due_ms: card.due,
                interval_secs: if card.phase == CardPhase::Review {
                    interval_days.map(|d| d * 86_400)
                } else {
                    interval_secs
                },
                offset,
            }
        })
        .collect();
    rows.sort_by(|a, b| (&a.bank, &a.question).cmp(&(&b.bank, &b.question)));
    rows
}

fn buried_until(card: &CardState, now_ms: i64) -> Option<i64> {
    card.buried_until_ms.filter(|until| *until > now_ms)
}

/// A moment in `offset`, RFC 3339 to the second (not the computer's zone, so output is the same on
/// every machine).
fn moment(ms: i64, offset: FixedOffset) -> String {
    crate::study::schedule::timestamp_at(ms, offset)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// The human table: aligned columns, numbers right-aligned, "-" where a value does not apply.
fn table(rows: &[CardRow]) -> String {
    const HEADER: [&str; 10] = [
        "bank",
        "question",
        "phase",
        "stability",
        "difficulty",
        "recall now",
        "due",
        "interval",
        "reps",
        "lapses",
    ];
    const RIGHT_ALIGNED: [bool; 10] = [
        false, false, false, true, true, true, false, true, true, true,
    ];
    let cells: Vec<[String; 10]> = rows
        .iter()
        .map(|row| {
            let mut phase = match row.step {
                Some(step) if row.steps > 0 => format!("{} {step}/{}", row.phase, row.steps),
                _ => row.phase.to_owned(),
            };
            if row.suspended {
                phase.push_str(", suspended");
            }
            if row.buried_until.is_some() {
                phase.push_str(", buried");
            }
            let or_dash = |value: Option<String>| value.unwrap_or_else(|| "-".to_owned());
            [
                // Ids come from the log, which anyone can edit: never send control characters.
                crate::safe_io::printable(&row.bank).into_owned(),
                crate::safe_io::printable(&row.question).into_owned(),
                phase,
                or_dash(row.stability_days.map(|s| format!("{s:.2}d"))),
                or_dash(row.difficulty.map(|d| format!("{d:.2}"))),
                or_dash(row.retrievability.map(|r| format!("{:.1}%", r * 100.0))),
                or_dash(row.due_ms.map(|ms| table_time(ms, row.offset))),
                or_dash(
                    row.interval_secs
                        .map(crate::study::card_state::interval_label),
                ),
                row.reps.to_string(),
                row.lapses.to_string(),
            ]
        })
        .collect();
    let mut widths = HEADER.map(|h| h.chars().count());
    for line in &cells {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    let header = HEADER.map(str::to_owned);
    for line in std::iter::once(&header).chain(&cells) {
        let mut out = String::new();
        for (i, cell) in line.iter().enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            let pad = " ".repeat(widths[i] - cell.chars().count());
            if RIGHT_ALIGNED[i] {
                out.push_str(&pad);
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.push_str(&pad);
            }
        }
        text.push_str(out.trim_end());
        text.push('\n');
    }
    text
}

/// A moment in `offset` to the minute, for the table.
fn table_time(ms: i64, offset: FixedOffset) -> String {
    crate::study::schedule::timestamp_at(ms, offset)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn debug_append_loop(
    dir: &DataDir,
    count: Option<u64>,
    save_index_each_time: bool,
) -> Result<(), ProgressError> {
    let (mut store, notices) = Store::open(dir)?;
    print_notices(&notices);
    if save_index_each_time && let Ok(scheduler) = crate::progress::Settings::default().scheduler()
    {
        // Derive the state (from the index, or rebuilt) so there is an index to keep saving.
        let _ = store.collection(&scheduler);
    }
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
        if save_index_each_time {
            // The answer is acknowledged first: it is in the log whatever happens to the index.
            let mut out = stdout.lock();
            writeln!(out, "{}", id.0)
                .and_then(|()| out.flush())
                .map_err(|e| ProgressError::io("write", &PathBuf::from("<stdout>"), e))?;
            drop(out);
            store.save_index()?;
            n += 1;
            continue;
        }
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
        eprintln!("note: {}", crate::safe_io::printable(&notice.to_string()));
    }
}
