//! The window while the data opens (`ui::opening`): a usual start goes straight to the library; a
//! start whose data takes long shows that Dossier is opening, then the library as soon as the data
//! arrives; a start whose opening thread died still opens, on the window's own thread.

use std::sync::mpsc;
use std::time::Duration;

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::ui::LaunchOptions;
use dossier::ui::intent::Screen;
use dossier::ui::opening::Launch;
use dossier::ui::state::AppState;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn opened(dir: &std::path::Path) -> AppState {
    let clock = FixedClock::new(
        chrono::FixedOffset::east_opt(0)
            .expect("valid offset")
            .with_ymd_and_hms(2026, 3, 2, 10, 0, 0)
            .single()
            .expect("valid time"),
    );
    AppState::open(Box::new(clock), Some(dir.to_path_buf()))
}

fn options(dir: &std::path::Path) -> LaunchOptions {
    LaunchOptions {
        data_dir: Some(dir.to_path_buf()),
        ..Default::default()
    }
}

fn harness(launch: Launch) -> Harness<'static, Launch> {
    Harness::builder()
        .with_size([800.0, 600.0])
        .build_ui_state(|ui, launch: &mut Launch| launch.frame_ui(ui), launch)
}

fn shows(harness: &Harness<'_, Launch>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn a_slow_start_shows_that_it_is_opening_then_the_library_when_the_data_arrives() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (sender, arriving) = mpsc::channel();
    let launch = Launch::new(arriving, options(dir.path()), Duration::ZERO);
    let mut harness = harness(launch);
    harness.run_steps(3);
    assert!(shows(&harness, "Opening your banks and progress"));
    assert!(harness.state_mut().app().is_none());
    sender.send(opened(dir.path())).expect("the window waits");
    harness.run_steps(3);
    assert!(!shows(&harness, "Opening your banks and progress"));
    let app = harness.state_mut().app().expect("the app took over");
    assert_eq!(app.state.screen, Screen::Library);
    assert!(shows(&harness, "North Korea"), "the bundled bank is listed");
}

#[test]
fn a_usual_start_never_shows_the_opening_screen() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (sender, arriving) = mpsc::channel();
    sender.send(opened(dir.path())).expect("sent");
    let mut launch = Launch::new(arriving, options(dir.path()), Duration::from_millis(300));
    assert!(launch.app().is_some());
    let mut harness = harness(launch);
    harness.run_steps(2);
    assert!(!shows(&harness, "Opening your banks and progress"));
    assert!(shows(&harness, "Library"));
}

#[test]
fn a_start_whose_opening_thread_died_opens_the_data_itself() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (sender, arriving) = mpsc::channel::<AppState>();
    // Waiting: the thread then dies (a panic drops its sender).
    let launch = Launch::new(arriving, options(dir.path()), Duration::ZERO);
    let mut harness = harness(launch);
    harness.run_steps(1);
    assert!(shows(&harness, "Opening your banks and progress"));
    drop(sender);
    harness.run_steps(3);
    let app = harness
        .state_mut()
        .app()
        .expect("opened on the window's thread");
    assert_eq!(
        app.state.data_dir.as_ref().map(|d| d.root.clone()),
        Some(dir.path().to_path_buf())
    );
    assert!(shows(&harness, "North Korea"));
}
