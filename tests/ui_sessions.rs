//! Sessions a student shapes: going over the ones missed, a custom session, and the library saying
//! when to come back.

use std::path::Path;

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::progress::location::DataDir;
use dossier::progress::settings::Settings;
use dossier::ui::intent::Screen;
use dossier::ui::state::AppState;
use dossier::ui::{DossierApp, LaunchOptions};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn clock() -> FixedClock {
    let offset = chrono::FixedOffset::east_opt(3600).expect("valid offset");
    FixedClock::new(
        offset
            .with_ymd_and_hms(2026, 3, 2, 10, 0, 0)
            .single()
            .expect("valid time"),
    )
}

fn open(dir: &Path, settings: Settings, study_bank: bool) -> Harness<'static, DossierApp> {
    settings
        .save(&DataDir::at(dir).settings_path())
        .expect("settings saved");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ui/every-kind.ron");
    let quizzes = dir.join("quizzes");
    std::fs::create_dir_all(&quizzes).expect("quizzes");
    std::fs::copy(&fixture, quizzes.join("every-kind.ron")).expect("bank");
    let state = AppState::open(Box::new(clock()), Some(dir.to_path_buf()));
    let options = LaunchOptions {
        study_bank: study_bank.then(|| quizzes.join("every-kind.ron")),
        ..Default::default()
    };
    let app = DossierApp::new(state, &options);
    let mut harness = Harness::builder()
        .with_size([1000.0, 800.0])
        .build_ui_state(|ui, app: &mut DossierApp| app.frame_ui(ui), app);
    harness.run_steps(4);
    harness
}

fn press(harness: &mut Harness<'_, DossierApp>, key: Key) {
    harness.key_press(key);
    harness.run_steps(3);
}

fn progress_total(harness: &Harness<'_, DossierApp>) -> Option<u32> {
    let active = harness.state().state.session.as_ref()?;
    Some(active.session.question_progress().total)
}

#[test]
fn study_the_ones_i_missed_starts_a_session_on_just_those() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = open(dir.path(), Settings::default(), true);
    // Get the first two questions wrong (or, for a flashcard, rate it Again), then end.
    let mut missed = Vec::new();
    for _ in 0..2 {
        let id = harness
            .state()
            .state
            .current_question()
            .map(|(_, id)| id.clone())
            .expect("a question");
        missed.push(id.clone());
        if id.0 == "flashcard" {
            press(&mut harness, Key::Space);
        } else if id.0 == "typed" || id.0 == "cloze" {
            harness.event(egui::Event::Text("zzz".into()));
            harness.run_steps(2);
            press(&mut harness, Key::Enter);
        } else {
            // An ordering question checked as shown is wrong; so is option 3 of these choices, or
            // the last sentence for evidence, or False for a false statement.
            let key = match id.0.as_str() {
                "truefalse" => Key::Num1,
                _ => Key::Num3,
            };
            press(&mut harness, key);
            press(&mut harness, Key::Enter);
        }
        press(&mut harness, Key::Num1);
    }
    press(&mut harness, Key::Escape);
    press(&mut harness, Key::Enter);
    let button = harness
        .query_all_by_label_contains("I missed")
        .next()
        .expect("the summary offers the missed ones");
    button.click();
    harness.run_steps(3);
    let state = &harness.state().state;
    assert_eq!(state.screen, Screen::Study);
    let shown = state
        .current_question()
        .map(|(_, id)| id.clone())
        .expect("a question");
    assert!(missed.contains(&shown), "{shown} is one of {missed:?}");
    let total = progress_total(&harness).expect("a session");
    assert!(
        total as usize <= missed.len(),
        "only the missed ones: {total}"
    );
}

#[test]
fn a_custom_session_asks_only_new_questions_up_to_a_number() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = open(dir.path(), Settings::default(), false);
    let buttons: Vec<_> = harness
        .query_all_by_role_and_label(Role::Button, "Custom session…")
        .map(|n| n.rect())
        .collect();
    assert!(!buttons.is_empty());
    // The every-kind bank's button: the one after its title.
    let title = harness
        .query_all_by_label("Every kind of question")
        .map(|n| n.rect().min.y)
        .fold(f32::MIN, f32::max);
    let target = buttons
        .iter()
        .filter(|r| r.min.y > title)
        .min_by(|a, b| a.min.y.total_cmp(&b.min.y))
        .copied()
        .expect("the bank's button");
    harness
        .query_all_by_role_and_label(Role::Button, "Custom session…")
        .find(|n| n.rect() == target)
        .expect("found again")
        .click();
    harness.run_steps(3);
    assert!(harness.query_by_label("Custom session").is_some());
    harness.get_by_label("Only new").click();
    harness.run_steps(2);
    let at_most = harness.get_by_role_and_label(Role::SpinButton, "At most");
    at_most.click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text("3".into()));
    harness.run_steps(1);
    harness.key_press(Key::Tab);
    harness.run_steps(2);
    // Enter starts, as the button says.
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().state.screen, Screen::Study);
    assert_eq!(progress_total(&harness), Some(3));
    assert_eq!(
        harness
            .state()
            .state
            .selected_bank
            .as_ref()
            .map(|b| b.0.as_str()),
        Some("every-kind")
    );
}

#[test]
fn with_nothing_left_the_library_says_done_for_today() {
    let dir = tempfile::tempdir().expect("temp dir");
    let settings = Settings {
        daily_new_limit: 0,
        ..Settings::default()
    };
    let harness = open(dir.path(), settings, false);
    assert!(
        harness
            .query_by_label("Done for today — 0 due tomorrow")
            .is_some()
    );
}
