//! Sixty days of a simulated student on a bank, printing each day's workload and recall, to see the
//! scheduler settle: a burst of learning while new questions arrive, then reviews spaced further apart
//! while recall stays near the desired retention.
//!
//! Run: `cargo run --example simulate [-- SEED [BANK.ron]]`. Studies the bundled bank
//! (`quizzes/north-korea-russia.ron`) unless another bank file is given.

use chrono::DateTime;
use dossier::bank::validate::load_bank_file;
use dossier::study::synthetic::simulate_student;
use dossier::study::{Scheduler, SchedulerConfig};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seed: u64 = match std::env::args().nth(1) {
        Some(text) => text.parse()?,
        None => 42,
    };
    let path = std::env::args().nth(2).map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("quizzes/north-korea-russia.ron"),
        std::path::PathBuf::from,
    );
    let bank = match load_bank_file(&path) {
        Ok(bank) => bank,
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                eprintln!("{}", diagnostic.render_plain());
            }
            return Err(format!("{} is not a valid bank", path.display()).into());
        }
    };
    let scheduler = Scheduler::new(SchedulerConfig::default())?;
    let start = DateTime::parse_from_rfc3339("2026-01-05T19:00:00+01:00")?;
    let (log, days) = simulate_student(&bank, &scheduler, 60, seed, start);
    println!(
        "{} questions, {} new/day, desired retention {:.0} %, seed {seed}",
        bank.questions.len(),
        scheduler.config().new_per_day,
        scheduler.config().desired_retention * 100.0
    );
    println!("day  new  ratings  reviews  recalled");
    for (day, stats) in days.iter().enumerate() {
        let retention = stats
            .retention()
            .map_or_else(|| "    –".to_owned(), |r| format!("{:5.1} %", r * 100.0));
        println!(
            "{:>3}  {:>3}  {:>7}  {:>7}  {retention}",
            day + 1,
            stats.new_started,
            stats.ratings,
            stats.reviews,
        );
    }
    let (reviews, recalled) = days
        .iter()
        .skip(10)
        .fold((0, 0), |(r, c), d| (r + d.reviews, c + d.recalled));
    println!(
        "{} records; recall on reviews after day 10: {:.1} %",
        log.len(),
        100.0 * f64::from(recalled) / f64::from(reviews.max(1))
    );
    Ok(())
}
