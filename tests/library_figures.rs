//! The library's per-bank numbers are kept between frames and follow every change that moves them:
//! an answer, the day boundary, the settings, a reload.

use std::path::Path;

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::bank::synthetic::synthetic_bank_file;
use dossier::study::Rating;
use dossier::study::session::SessionFilter;
use dossier::ui::state::{AppState, BankFigures};
use dossier::{BankId, Timestamp};

fn at(hour: u32) -> Timestamp {
    chrono::FixedOffset::east_opt(3600)
        .expect("valid offset")
        .with_ymd_and_hms(2026, 3, 2, hour, 0, 0)
        .single()
        .expect("valid time")
}

fn library(dir: &Path) -> AppState {
    let quizzes = dir.join("quizzes");
    std::fs::create_dir_all(&quizzes).expect("quizzes");
    std::fs::write(quizzes.join("s.ron"), synthetic_bank_file(0, 30)).expect("bank");
    AppState::open(Box::new(FixedClock::new(at(10))), Some(dir.to_path_buf()))
}

fn figures(state: &AppState) -> BankFigures {
    let id = BankId("synthetic-0".into());
    let bank = state.bank_summary(&id).expect("loaded").clone();
    state.bank_figures(&bank)
}

fn set_clock(state: &mut AppState, at: Timestamp) {
    state.clock = Box::new(FixedClock::new(at));
}

#[test]
fn drawing_the_library_again_does_not_recompute_its_numbers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = library(dir.path());
    let first = figures(&state);
    let computed = state.library_figures_computed();
    for _ in 0..10 {
        assert_eq!(figures(&state), first);
        let _ = state.most_useful_bank();
    }
    assert_eq!(state.library_figures_computed(), computed);
}

#[test]
fn the_numbers_follow_an_answer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = library(dir.path());
    let before = figures(&state);
    assert_eq!(before.counts.learning, 0);
    assert!(before.counts.new_available > 0);
    assert_eq!(before.last_studied_ms, None);

    state.start_study(&BankId("synthetic-0".into()), SessionFilter::default());
    state.rate(Rating::Again);
    let after = figures(&state);
    assert_eq!(after.counts.learning, 1, "the card failed is in learning");
    assert_eq!(after.counts.new_available, before.counts.new_available - 1);
    assert_eq!(after.last_studied_ms, Some(at(10).timestamp_millis()));
}

#[test]
fn the_numbers_follow_the_day_boundary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = library(dir.path());
    state.start_study(&BankId("synthetic-0".into()), SessionFilter::default());
    // Easy on a new card makes it a review card due in a few days.
    state.rate(Rating::Easy);
    let today = figures(&state);
    assert_eq!(today.counts.due_today, 0);
    let id = BankId("synthetic-0".into());
    let due = state
        .collection
        .cards(&id)
        .filter_map(|(_, card)| card.due)
        .max()
        .expect("a due date");

    // Later the same day: nothing to recompute.
    let computed = state.library_figures_computed();
    set_clock(&mut state, at(20));
    assert_eq!(figures(&state), today);
    assert_eq!(state.library_figures_computed(), computed);

    // On the day it falls due, it is due today, without any answer in between.
    let due_day = chrono::DateTime::from_timestamp_millis(due)
        .expect("valid due")
        .with_timezone(at(10).offset());
    set_clock(&mut state, due_day);
    let then = figures(&state);
    assert_eq!(then.counts.due_today, 1);
    assert!(state.library_figures_computed() > computed);
}

#[test]
fn the_numbers_follow_the_settings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = library(dir.path());
    let before = figures(&state);
    assert!(before.counts.new_available >= 2);
    state.settings.daily_new_limit = 1;
    state.save_settings();
    assert_eq!(figures(&state).counts.new_available, 1);
}

#[test]
fn the_numbers_follow_a_reload() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = library(dir.path());
    assert_eq!(figures(&state).counts.total, 30);
    std::fs::write(
        dir.path().join("quizzes").join("s.ron"),
        synthetic_bank_file(0, 40),
    )
    .expect("bigger bank");
    state.reload_banks();
    assert_eq!(figures(&state).counts.total, 40);
}
