//! Sessions a student shapes: going over the ones missed, a custom session, and the library saying
//! when to come back.

use std::path::Path;

use chrono::TimeZone;
use dossier::progress::location::DataDir;
use dossier::progress::settings::Settings;
use dossier::ui::intent::Screen;
use dossier::ui::state::AppState;
use dossier::ui::{DossierApp, LaunchOptions};
use dossier::{Clock, FixedClock};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

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
    open_with_clock(dir, settings, study_bank, Box::new(clock()))
}

fn open_with_clock(
    dir: &Path,
    settings: Settings,
    study_bank: bool,
    clock: Box<dyn dossier::Clock>,
) -> Harness<'static, DossierApp> {
    settings
        .save(&DataDir::at(dir).settings_path())
        .expect("settings saved");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ui/every-kind.ron");
    let quizzes = dir.join("quizzes");
    std::fs::create_dir_all(&quizzes).expect("quizzes");
    std::fs::copy(&fixture, quizzes.join("every-kind.ron")).expect("bank");
    let state = AppState::open(clock, Some(dir.to_path_buf()));
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

/// Gets the every-kind bank's current question wrong (a flashcard: rated Again) and rates it Again;
/// returns its id.
fn miss_current(harness: &mut Harness<'_, DossierApp>) -> dossier::QuestionId {
    let id = harness
        .state()
        .state
        .current_question()
        .map(|(_, id)| id.clone())
        .expect("a question");
    if id.0 == "flashcard" {
        press(harness, Key::Space);
    } else if id.0 == "typed" || id.0 == "cloze" || id.0 == "numeric" {
        harness.event(egui::Event::Text("zzz".into()));
        harness.run_steps(2);
        press(harness, Key::Enter);
    } else {
        // An ordering question checked as shown is wrong; so is option 3 of these choices, or
        // the last sentence for evidence, or False for a false statement.
        let key = match id.0.as_str() {
            "truefalse" => Key::Num1,
            _ => Key::Num3,
        };
        press(harness, key);
        press(harness, Key::Enter);
    }
    press(harness, Key::Num1);
    id
}

#[test]
fn study_the_ones_i_missed_starts_a_session_on_just_those() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = open(dir.path(), Settings::default(), true);
    // Get the first two questions wrong (or, for a flashcard, rate it Again), then end.
    let mut missed = Vec::new();
    for _ in 0..2 {
        missed.push(miss_current(&mut harness));
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

/// Opens the custom-session window of the bank titled `title` from its library entry.
fn open_custom_session(harness: &mut Harness<'_, DossierApp>, title: &str) {
    let buttons: Vec<_> = harness
        .query_all_by_role_and_label(Role::Button, "Custom session…")
        .map(|n| n.rect())
        .collect();
    assert!(!buttons.is_empty());
    // The every-kind bank's button: the one after its title.
    let title = harness
        .query_all_by_label(title)
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
}

/// Types `value` into the custom session's number field `label`.
fn set_number(harness: &mut Harness<'_, DossierApp>, label: &str, value: u32) {
    harness
        .get_by_role_and_label(Role::SpinButton, label)
        .click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text(value.to_string()));
    harness.run_steps(1);
    harness.key_press(Key::Tab);
    harness.run_steps(2);
}

#[test]
fn a_custom_session_asks_only_new_questions_up_to_a_number() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = open(dir.path(), Settings::default(), false);
    open_custom_session(&mut harness, "Every kind of question");
    harness.get_by_label("Only new").click();
    harness.run_steps(2);
    set_number(&mut harness, "At most", 3);
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

#[test]
fn a_custom_session_with_a_minutes_limit_ends_at_the_first_answer_past_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let start = clock().now();
    let shared = FixedClock::new(start);
    let mut harness = open_with_clock(
        dir.path(),
        Settings::default(),
        false,
        Box::new(shared.clone()),
    );
    open_custom_session(&mut harness, "Every kind of question");
    set_number(&mut harness, "Stop after", 1);
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().state.screen, Screen::Study);
    let ended = |h: &Harness<'_, DossierApp>| {
        h.state()
            .state
            .session
            .as_ref()
            .is_some_and(|active| active.ended)
    };
    // Two answers inside the minute: the session goes on.
    miss_current(&mut harness);
    shared.advance(chrono::Duration::seconds(50));
    miss_current(&mut harness);
    assert!(!ended(&harness), "50 seconds in, still studying");
    assert!(harness.query_by_label("Session ended").is_none());
    // The first answer after the minute ends it, with the summary.
    shared.advance(chrono::Duration::seconds(20));
    miss_current(&mut harness);
    assert!(ended(&harness), "70 seconds in, the session is over");
    assert!(
        harness.query_by_label("Session ended").is_some(),
        "the summary shows"
    );
}

#[test]
fn done_for_today_says_how_many_come_back_tomorrow() {
    let dir = tempfile::tempdir().expect("temp dir");
    // No new questions today: the bundled bank has nothing to do, and the statements are studied in
    // a session beyond today's limits.
    let settings = Settings {
        daily_new_limit: 0,
        learning_steps_mins: Vec::new(),
        fuzz: false,
        ..Settings::default()
    };
    settings
        .save(&DataDir::at(dir.path()).settings_path())
        .expect("settings saved");
    let question = |id: &str| {
        format!(
            "Question(id: \"{id}\", prompt: \"The river rose ({id}).\", passage: \"p\", \
             answer: TrueFalse(answer: true))"
        )
    };
    let bank = format!(
        "Bank(id: \"tf\", title: \"Three statements\", source: \"t\", derived_questions: false, \
         passages: [Passage(id: \"p\", section: \"S\", text: \"The river rose.\")], \
         questions: [{}, {}, {}])",
        question("a"),
        question("b"),
        question("c")
    );
    let quizzes = dir.path().join("quizzes");
    std::fs::create_dir_all(&quizzes).expect("quizzes");
    std::fs::write(quizzes.join("tf.ron"), bank).expect("bank");
    let state = AppState::open(Box::new(clock()), Some(dir.path().to_path_buf()));
    let app = DossierApp::new(state, &LaunchOptions::default());
    let mut harness = Harness::builder()
        .with_size([1000.0, 800.0])
        .build_ui_state(|ui, app: &mut DossierApp| app.frame_ui(ui), app);
    harness.run_steps(4);
    open_custom_session(&mut harness, "Three statements");
    harness
        .get_by_label_contains("Beyond today's limits")
        .click();
    harness.run_steps(2);
    press(&mut harness, Key::Enter);
    assert_eq!(progress_total(&harness), Some(3));
    // Two answered right and rated Hard (back in a day), one rated Easy (back later).
    for rating in ["Hard", "Hard", "Easy"] {
        press(&mut harness, Key::Num1);
        press(&mut harness, Key::Enter);
        let button = harness
            .query_all_by_role(Role::Button)
            .find(|n| {
                n.accesskit_node()
                    .label()
                    .is_some_and(|l| l.starts_with(rating))
            })
            .unwrap_or_else(|| panic!("a {rating} button after a right answer"));
        let label = button.accesskit_node().label().unwrap_or_default();
        // "Hard\n1d 2": the rating, the interval, the key.
        let interval = label.lines().nth(1).and_then(|l| l.split(' ').next());
        assert_eq!(
            interval == Some("1d"),
            rating == "Hard",
            "{rating} brings it back tomorrow only when Hard: {label:?}"
        );
        button.click();
        harness.run_steps(3);
    }
    harness
        .get_all_by_role_and_label(Role::Button, "Library")
        .next()
        .expect("the navigation")
        .click();
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label("Done for today — 2 due tomorrow")
            .is_some(),
        "{:?}",
        harness
            .query_all_by_label_contains("for today")
            .map(|n| n.accesskit_node().label())
            .collect::<Vec<_>>()
    );
}
