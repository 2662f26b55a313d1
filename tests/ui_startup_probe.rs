//! The start-up probe (`--measure-startup --measure-screen statistics`) that `benches/startup.rs`
//! times the real window with: after the first frame it goes to the screen through the same intent a
//! click in the navigation bar sends, so the benchmark times what a student's click costs, and it
//! leaves the app alone when not asked to switch.

use std::time::Instant;

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::ui::intent::Screen;
use dossier::ui::state::AppState;
use dossier::ui::{DossierApp, LaunchOptions};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(dir: &std::path::Path, screen: Option<Screen>) -> Harness<'static, DossierApp> {
    let offset = chrono::FixedOffset::east_opt(0).expect("valid offset");
    let clock = FixedClock::new(
        offset
            .with_ymd_and_hms(2026, 3, 2, 10, 0, 0)
            .single()
            .expect("valid time"),
    );
    let state = AppState::open(Box::new(clock), Some(dir.to_path_buf()));
    let options = LaunchOptions {
        measure_startup: Some(Instant::now()),
        measure_screen: screen,
        ..Default::default()
    };
    let app = DossierApp::new(state, &options);
    Harness::builder()
        .with_size([1000.0, 800.0])
        .build_ui_state(|ui, app: &mut DossierApp| app.frame_ui(ui), app)
}

#[test]
fn measured_screen_is_opened_after_the_first_frame_as_a_click_would() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path(), Some(Screen::Stats));
    harness.run_steps(4);
    assert_eq!(harness.state().state.screen, Screen::Stats);
    assert!(
        harness
            .query_all_by_label_contains("reviews in all")
            .next()
            .is_some(),
        "the Statistics screen is drawn"
    );
}

#[test]
fn start_alone_is_measured_without_leaving_the_library() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path(), None);
    harness.run_steps(4);
    assert_eq!(harness.state().state.screen, Screen::Library);
}
