//! The app never loses a student's work (issue #11): adding a bank to the library cannot empty or
//! replace a bank, closing with answers not yet saved keeps them, and a second window shows the
//! progress saved so far. Driven through the app state, as the buttons drive it.

use std::path::Path;

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::progress::{DataDir, Store};
use dossier::study::{Event, Rating, Record, RecordId};
use dossier::ui::state::AppState;
use dossier::{BankId, QuestionId};

fn clock() -> Box<FixedClock> {
    let offset = chrono::FixedOffset::east_opt(3600).unwrap();
    Box::new(FixedClock::new(
        offset
            .with_ymd_and_hms(2026, 3, 2, 10, 0, 0)
            .single()
            .unwrap(),
    ))
}

fn mini() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/mini.ron");
    std::fs::read_to_string(path).unwrap()
}

fn review(id: &str, question: &str) -> Record {
    Record {
        id: RecordId(id.to_owned()),
        at_ms: 1_772_442_000_000,
        utc_offset_secs: 3600,
        bank: BankId::from("mini"),
        question: QuestionId::from(question),
        event: Event::Review {
            rating: Rating::Good,
            score: 1.0,
            answer: "Russia".to_owned(),
            duration_ms: 3000,
            content_hash: 0,
        },
    }
}

fn broken_entries(state: &AppState) -> Vec<String> {
    state
        .library
        .iter()
        .filter(|e| e.bank.is_err())
        .map(|e| e.rendered_errors.clone())
        .collect()
}

#[test]
fn adding_a_bank_that_is_already_in_the_library_leaves_it_intact() {
    let temp = tempfile::tempdir().unwrap();
    let quizzes = temp.path().join("quizzes");
    std::fs::create_dir(&quizzes).unwrap();
    let bank = quizzes.join("mini.ron");
    std::fs::write(&bank, mini()).unwrap();

    let mut state = AppState::open(clock(), Some(temp.path().to_path_buf()));
    state.open_bank_file(&bank); // `dossier study quizzes/mini.ron`
    state.import_bank(&bank); // then "Add to library"
    assert_eq!(std::fs::read_to_string(&bank).unwrap(), mini());
    assert_eq!(broken_entries(&state), Vec::<String>::new());
    assert!(
        state
            .notices
            .iter()
            .any(|n| n.text.contains("already in your library")),
        "{:?}",
        state.notices
    );
}

#[test]
fn adding_a_different_bank_with_a_taken_file_name_keeps_both() {
    let temp = tempfile::tempdir().unwrap();
    let quizzes = temp.path().join("quizzes");
    std::fs::create_dir(&quizzes).unwrap();
    std::fs::write(quizzes.join("mini.ron"), mini()).unwrap();
    let elsewhere = temp.path().join("downloads");
    std::fs::create_dir(&elsewhere).unwrap();
    let other = mini().replace("id: \"mini\"", "id: \"mini-two\"");
    std::fs::write(elsewhere.join("mini.ron"), &other).unwrap();

    let mut state = AppState::open(clock(), Some(temp.path().to_path_buf()));
    state.import_bank(&elsewhere.join("mini.ron"));
    assert_eq!(
        std::fs::read_to_string(quizzes.join("mini.ron")).unwrap(),
        mini()
    );
    assert_eq!(
        std::fs::read_to_string(quizzes.join("mini-2.ron")).unwrap(),
        other
    );
    assert!(state.bank(&BankId::from("mini")).is_some());
    assert!(state.bank(&BankId::from("mini-two")).is_some());
    // Adding the same file again finds it under its new name instead of making a third copy.
    state.import_bank(&elsewhere.join("mini.ron"));
    assert!(!quizzes.join("mini-3.ron").exists());
}

#[test]
fn answers_not_yet_saved_when_the_window_closes_are_there_at_the_next_start() {
    let temp = tempfile::tempdir().unwrap();
    let mut state = AppState::open(clock(), Some(temp.path().to_path_buf()));
    let store = state.store.as_mut().unwrap();
    store.simulate_write_failures(1_000);
    for (id, question) in [("r1", "shells-for-russia"), ("r2", "affront")] {
        assert!(
            store.append(review(id, question)).is_err(),
            "the disk is full"
        );
    }
    assert_eq!(store.pending_count(), 2);
    assert!(state.may_close(), "the answers went to a recovery file");
    drop(state);

    let (store, notices) = Store::open(&DataDir::at(temp.path())).unwrap();
    let ids: Vec<String> = store
        .all_records()
        .unwrap()
        .into_iter()
        .map(|r| r.id.0)
        .collect();
    assert_eq!(ids, ["r1", "r2"]);
    assert!(
        notices.iter().any(|n| n.message.contains("recovered")),
        "{notices:?}"
    );
    assert_eq!(store.pending_count(), 0);
    assert!(!temp.path().join("progress.recovery.jsonl").exists());
}

#[test]
fn closing_when_answers_cannot_be_saved_anywhere_asks_first() {
    let temp = tempfile::tempdir().unwrap();
    let mut state = AppState::open(clock(), Some(temp.path().to_path_buf()));
    let store = state.store.as_mut().unwrap();
    store.simulate_write_failures(1_000);
    store.simulate_recovery_failure();
    let _ = store.append(review("r1", "affront"));
    assert!(!state.may_close(), "the window stays open");
    let warning = state.notices.last().unwrap();
    assert!(warning.is_error);
    assert!(
        warning.text.starts_with("1 answer could not be saved") && warning.text.contains("Retry"),
        "{}",
        warning.text
    );
    assert!(state.may_close(), "closing again, having been told, quits");
}

#[test]
fn a_second_window_says_so_in_sentences_and_shows_the_saved_progress() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    let (mut first, _) = Store::open(&dir).unwrap();
    first.append(review("r1", "affront")).unwrap();
    let quizzes = temp.path().join("quizzes");
    std::fs::create_dir(&quizzes).unwrap();
    std::fs::write(quizzes.join("mini.ron"), mini()).unwrap();

    let state = AppState::open(clock(), Some(temp.path().to_path_buf()));
    assert!(!state.saves_progress());
    let banner = &state.notices[0].text;
    let expected = format!(
        "with this data folder: {}. Answers in this window will not be saved.",
        temp.path().display()
    );
    assert!(banner.ends_with(&expected), "{banner}");
    let card = state
        .collection
        .card(&BankId::from("mini"), &QuestionId::from("affront"));
    assert_eq!(
        card.reps, 1,
        "the answer saved by the first window is shown"
    );
}

/// The window's close button, as the kittest harness can press it: a close event for the root
/// viewport. Returns whether the app cancelled the close.
fn close_window(harness: &mut egui_kittest::Harness<'_, dossier::ui::DossierApp>) -> bool {
    harness
        .input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    harness.step();
    harness
        .output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .is_some_and(|v| v.commands.contains(&egui::ViewportCommand::CancelClose))
}

#[test]
fn the_close_button_keeps_the_window_open_while_answers_cannot_be_saved() {
    let temp = tempfile::tempdir().unwrap();
    let mut state = AppState::open(clock(), Some(temp.path().to_path_buf()));
    let store = state.store.as_mut().unwrap();
    store.simulate_write_failures(1_000);
    store.simulate_recovery_failure();
    let _ = store.append(review("r1", "affront"));
    let app = dossier::ui::DossierApp::new(state, &dossier::ui::LaunchOptions::default());
    let mut harness = egui_kittest::Harness::builder()
        .with_size([800.0, 600.0])
        .build_ui_state(
            |ui, app: &mut dossier::ui::DossierApp| app.frame_ui(ui),
            app,
        );
    harness.run_steps(2);
    assert!(close_window(&mut harness), "the first close is cancelled");
    harness.run_steps(2);
    use egui_kittest::kittest::Queryable;
    assert!(
        harness
            .query_by_label_contains("1 answer could not be saved")
            .is_some(),
        "the student is told why"
    );
    assert!(!close_window(&mut harness), "closing again quits");
}

#[test]
fn answers_that_could_not_be_saved_survive_even_a_crash_before_closing() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    let (mut store, _) = Store::open(&dir).unwrap();
    store.simulate_write_failures(1_000);
    assert!(store.append(review("r1", "affront")).is_err());
    // The process dies here: no close, no retry (dropping the store writes nothing).
    drop(store);
    let (store, notices) = Store::open(&dir).unwrap();
    assert_eq!(store.record_count(), 1, "{notices:?}");
    assert_eq!(store.pending_count(), 0);
}
