//! Frame time while a settings change reschedules 1,000,000 reviews: the app drawn headless with
//! egui_kittest (the whole `DossierApp::frame_ui`, no GPU), one frame every 16 ms as a 60 Hz window
//! would ask, from the click on a setting until the new schedule is in. For comparison, the time the
//! old path took on the frame: the store replaying the log for the new settings synchronously.
//!
//! The data folder is the startup bench's `reviews` folder (the bundled bank and 1,000,000 reviews of
//! a simulated student, `study::synthetic::simulate_student` over 100 synthetic banks), reused from
//! `$CARGO_TARGET_DIR/startup-bench-data` when that bench made it, generated the same way otherwise.
//!
//! Run: `CARGO_TARGET_DIR=/work/bench-target cargo bench --bench reschedule`.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dossier::bank::synthetic::synthetic_bank_file;
use dossier::bank::validate;
use dossier::study::synthetic::simulate_student;
use dossier::study::{Record, Scheduler, SchedulerConfig};
use dossier::ui::intent::Screen;
use dossier::ui::state::AppState;
use dossier::ui::{DossierApp, LaunchOptions};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const BANKS: usize = 100;
const QUESTIONS: usize = 1_000;
const REVIEWS_PER_BANK: usize = 10_000;

fn main() {
    if !std::env::args().any(|a| a == "--bench") {
        println!("reschedule: run with `cargo bench --bench reschedule` to measure");
        return;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let log = review_log(&target);
    let dir = target.join("reschedule-bench-data");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("data folder");
    std::fs::copy(&log, dir.join("progress.jsonl")).expect("copy the log");
    // The first start builds the index (the whole log is read once, as after an update).
    drop(AppState::open(
        Box::new(dossier::SystemClock),
        Some(dir.clone()),
    ));

    let started = Instant::now();
    let mut state = AppState::open(Box::new(dossier::SystemClock), Some(dir.clone()));
    println!(
        "start on the index: {:.0} ms, {} records",
        started.elapsed().as_secs_f64() * 1000.0,
        state.store.as_ref().map_or(0, |s| s.record_count())
    );
    state.screen = Screen::Settings;
    let app = DossierApp::new(state, &LaunchOptions::default());
    let mut harness = Harness::builder()
        .with_size([1000.0, 2400.0])
        .build_ui_state(|ui, app: &mut DossierApp| app.frame_ui(ui), app);
    harness.run_steps(3);

    let idle: Vec<Duration> = (0..30).map(|_| timed_frame(&mut harness)).collect();
    report("idle frames (Settings screen)", &idle);

    // The student turns "Spread review dates" off: every state is replayed with the new settings.
    harness.get_by_label("Spread review dates").click();
    let clicked = Instant::now();
    let mut frames = vec![timed_frame(&mut harness)];
    // When the log was read (the progress bar at its reading share): checks the bar's weights.
    let mut read_at = None;
    while let Some(fraction) = harness.state().state.rescheduling_progress() {
        if read_at.is_none() && fraction >= dossier::progress::reschedule::READ_SHARE {
            read_at = Some(clicked.elapsed());
        }
        std::thread::sleep(Duration::from_millis(16));
        frames.push(timed_frame(&mut harness));
    }
    let landed = clicked.elapsed();
    if let Some(read) = read_at {
        println!(
            "log read and parsed after {:.2} s: {:.0} % of the time (the bar gives it {:.0} %)",
            read.as_secs_f64(),
            100.0 * read.as_secs_f64() / landed.as_secs_f64(),
            100.0 * dossier::progress::reschedule::READ_SHARE
        );
    }
    report(
        "frames from the click until the new schedule is in",
        &frames,
    );
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    let mut slowest: Vec<(usize, &Duration)> = frames.iter().enumerate().collect();
    slowest.sort_by(|a, b| b.1.cmp(a.1));
    println!(
        "first frame (the click) {:.2} ms, last frame (the result swapped in) {:.2} ms, slowest: {}",
        ms(&frames[0]),
        frames.last().map_or(0.0, ms),
        slowest
            .iter()
            .take(3)
            .map(|(i, d)| format!("#{i} {:.2} ms", ms(d)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "new schedule in after {:.2} s ({} frames drawn meanwhile)",
        landed.as_secs_f64(),
        frames.len()
    );

    // The old path: the same replay on the frame (desired retention changed, so nothing fits).
    let scheduler = Scheduler::new(SchedulerConfig {
        desired_retention: 0.85,
        ..harness.state().state.scheduler.config().clone()
    })
    .expect("valid settings");
    let store = harness.state_mut().state.store.as_mut().expect("store");
    let blocked = Instant::now();
    let _ = store.collection(&scheduler);
    println!(
        "the same change replayed on the frame (before): one frame of {:.0} ms",
        blocked.elapsed().as_secs_f64() * 1000.0
    );
}

fn timed_frame(harness: &mut Harness<'_, DossierApp>) -> Duration {
    let started = Instant::now();
    harness.step();
    started.elapsed()
}

fn report(what: &str, frames: &[Duration]) {
    let mut ms: Vec<f64> = frames.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what}: {} frames, median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        ms.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
}

/// The startup bench's 1,000,000-review log, generated the same way when it is not there.
fn review_log(target: &Path) -> PathBuf {
    let reused = target.join("startup-bench-data/v1/reviews/progress.jsonl");
    if reused.exists() {
        return reused;
    }
    let path = target.join("reschedule-bench-log.jsonl");
    if path.exists() {
        return path;
    }
    eprintln!(
        "reschedule: simulating {} reviews …",
        BANKS * REVIEWS_PER_BANK
    );
    let scheduler = Scheduler::new(SchedulerConfig::default()).expect("default scheduler");
    let start = chrono::Local::now().fixed_offset() - chrono::Duration::days(365);
    let mut log: Vec<Record> = Vec::with_capacity(BANKS * REVIEWS_PER_BANK);
    for b in 0..BANKS {
        let text = synthetic_bank_file(b, QUESTIONS);
        let bank = validate::load_bank_str(&text, Path::new("synthetic.ron"))
            .expect("generated banks are valid");
        let (mut records, _) = simulate_student(&bank, &scheduler, 365, b as u64, start);
        records.truncate(REVIEWS_PER_BANK);
        log.extend(records);
    }
    log.sort_by_key(|r| r.at_ms);
    let mut text = String::with_capacity(log.len() * 300);
    for record in &log {
        text.push_str(&serde_json::to_string(record).expect("encode"));
        text.push('\n');
    }
    std::fs::write(&path, text).expect("log");
    path
}
