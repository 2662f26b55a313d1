//! Start-up of the progress store on a long history, without the window: time and peak memory of
//! opening a data folder of 1,000,000 reviews (a) reading the whole log, as every start did before the
//! progress index, and (b) from the index, reading only the lines after it; and (c) the statistics
//! screen's numbers from the index's aggregates. Each mode runs in its own process so its peak RSS
//! (`VmHWM`) is its own. Figures are in `docs/progress-format.md`.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/bench-target cargo run --release --example startup_index -- generate /tmp/d 1000000
//! …/examples/startup_index full /tmp/d     # no index: parse every line, hold every record, replay
//! …/examples/startup_index index /tmp/d    # the index written by the run before
//! …/examples/startup_index stats /tmp/d    # open from the index, then the Statistics numbers
//! ```

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use dossier::progress::{DataDir, Settings, Store};
use dossier::study::{Event, Rating, Record, RecordId};
use dossier::{BankId, QuestionId};

/// One review as the app logs it; 2,000 questions in two banks, one review every 3 minutes of study.
fn review(n: u64) -> Record {
    let at_ms = 1_600_000_000_000 + i64::try_from(n).unwrap_or(0) * 180_000;
    let question = n.wrapping_mul(2_654_435_761) % 2_000;
    Record {
        id: RecordId(format!(
            "{at_ms:013x}-{:016x}",
            dossier::stable_hash(&n.to_le_bytes())
        )),
        at_ms,
        utc_offset_secs: 3600,
        bank: BankId::from(if question.is_multiple_of(10) {
            "other"
        } else {
            "north-korea-russia"
        }),
        question: QuestionId(format!("derived/certainty/claim-{question}")),
        event: Event::Review {
            rating: Rating::ALL[usize::try_from(n % 7 % 4).unwrap_or(0)],
            score: 1.0,
            answer: "Kim Jong Un".to_owned(),
            duration_ms: 4_000 + n % 9_000,
            content_hash: dossier::stable_hash(&question.to_le_bytes()),
        },
    }
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(mode), Some(dir)) = (args.get(1), args.get(2)) else {
        return Err("usage: startup_index generate|full|index|stats DIR [COUNT]".into());
    };
    let dir = DataDir::at(Path::new(dir));
    let scheduler = Settings::default().scheduler()?;
    match mode.as_str() {
        "generate" => {
            let count: u64 = args.get(3).map_or(Ok(1_000_000), |c| c.parse())?;
            std::fs::create_dir_all(&dir.root)?;
            let mut out = BufWriter::new(std::fs::File::create(dir.log_path())?);
            for n in 0..count {
                serde_json::to_writer(&mut out, &review(n))?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
            let _ = std::fs::remove_file(dir.snapshot_path());
            println!("wrote {count} reviews to {}", dir.log_path().display());
        }
        "full" | "index" => {
            if mode == "full" {
                let _ = std::fs::remove_file(dir.snapshot_path());
            }
            let start = Instant::now();
            let (mut store, notices) = Store::open(&dir)?;
            let (collection, _) = store.collection(&scheduler);
            let hashes = store.last_content_hashes(&scheduler).0.into_owned();
            let elapsed = start.elapsed();
            println!(
                "{mode}: open + card states + changed-question hashes of {} records in {:.0} ms \
                 (whole log read: {}), {} cards, peak RSS {:.0} MB, {} notices",
                store.record_count(),
                elapsed.as_secs_f64() * 1000.0,
                store.read_whole_log() || mode == "full",
                collection
                    .cards(&BankId::from("north-korea-russia"))
                    .count(),
                peak_rss_mb(),
                notices.len()
            );
            drop(hashes);
        }
        "stats" => {
            let (store, _) = Store::open(&dir)?;
            let today = chrono::NaiveDate::from_ymd_opt(2025, 11, 14).unwrap_or_default();
            let bank = BankId::from("north-korea-russia");
            let runs: u32 = 20;
            let start = Instant::now();
            let mut total = 0;
            for _ in 0..runs {
                total += store.stats(Some(&bank), today, &scheduler).total_reviews;
            }
            let per_run = start.elapsed().as_secs_f64() * 1000.0 / f64::from(runs);
            println!(
                "stats: Statistics numbers of one bank ({} reviews) from the aggregates in {per_run:.2} ms \
                 (mean of {runs}); peak RSS {:.0} MB",
                total / u64::from(runs),
                peak_rss_mb()
            );
        }
        other => return Err(format!("unknown mode {other}").into()),
    }
    Ok(())
}
