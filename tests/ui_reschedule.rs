//! What needs the whole review log happens off the frame, with the screen saying so: a settings
//! change reschedules the answers on a thread (progress in the status line, studying goes on, nothing
//! lost), and the feedback's question history is read once and then only extended.

use std::path::Path;

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::bank::synthetic::synthetic_bank_file;
use dossier::bank::validate;
use dossier::progress::{DataDir, Settings, Store};
use dossier::study::synthetic::simulate_student;
use dossier::study::{Collection, Event, Rating, Record, RecordId};
use dossier::ui::intent::Screen;
use dossier::ui::state::{AppState, QuestionHistory};
use dossier::ui::{DossierApp, LaunchOptions};
use egui::Key;
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

/// A data folder with one synthetic bank in its library and four weeks of a simulated student's
/// reviews of it, its index saved (as after an earlier run of the app).
fn folder_with_history(root: &Path) -> DataDir {
    let dir = DataDir::at(root.join("data"));
    let quizzes = dir.quizzes_dir().expect("quizzes folder");
    let path = quizzes.join("s.ron");
    let text = synthetic_bank_file(0, 30);
    std::fs::write(&path, &text).expect("bank");
    let bank = validate::load_bank_str(&text, &path).expect("a valid bank");
    let scheduler = Settings::default().scheduler().expect("defaults");
    let start = chrono::DateTime::parse_from_rfc3339("2026-02-01T19:00:00+01:00").expect("date");
    let (log, _) = simulate_student(&bank, &scheduler, 28, 5, start);
    let (mut store, _) = Store::open(&dir).expect("store");
    for record in log {
        store.append(record).expect("append");
    }
    let _ = store.collection(&scheduler);
    dir
}

fn harness(state: AppState) -> Harness<'static, DossierApp> {
    let app = DossierApp::new(state, &LaunchOptions::default());
    let mut harness = Harness::builder()
        .with_size([1000.0, 2400.0])
        .build_ui_state(|ui, app: &mut DossierApp| app.frame_ui(ui), app);
    harness.run_steps(3);
    harness
}

fn hold_reschedules(harness: &mut Harness<'_, DossierApp>, hold: bool) {
    harness
        .state_mut()
        .state
        .store
        .as_mut()
        .expect("progress is saved")
        .hold_reschedules(hold);
}

/// The card states a fresh replay of the whole log gives with the app's current settings.
fn fresh_replay(state: &AppState) -> (Vec<Record>, Collection) {
    let records = state
        .store
        .as_ref()
        .expect("store")
        .all_records()
        .expect("log");
    let collection = Collection::replay(&records, &state.scheduler);
    (records, collection)
}

#[test]
fn a_settings_change_shows_the_rescheduling_and_then_the_new_schedule() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = folder_with_history(temp.path());
    let mut state = AppState::open(Box::new(clock()), Some(dir.root.clone()));
    state.screen = Screen::Settings;
    let before = state.collection.clone();
    let mut harness = harness(state);
    hold_reschedules(&mut harness, true);

    harness.get_by_label("Spread review dates").click();
    harness.run_steps(2);
    assert!(!harness.state().state.settings.fuzz);
    let (saved, _) = Settings::load(&dir.settings_path());
    assert!(!saved.fuzz, "the settings are saved at once");
    harness.get_by_label_contains("Rescheduling your answers with the new settings… 0 %");
    assert_eq!(
        harness.state().state.collection,
        before,
        "the old schedule shows until the new one is ready"
    );

    hold_reschedules(&mut harness, false);
    harness.state_mut().state.wait_for_reschedule();
    harness.run_steps(2);
    assert!(
        harness
            .query_by_label_contains("Rescheduling your answers")
            .is_none()
    );
    harness.get_by_label_contains("All progress saved");
    let state = &harness.state().state;
    let (_, fresh) = fresh_replay(state);
    assert_eq!(state.collection, fresh);
    assert_ne!(state.collection, before, "without fuzz the dates move");
}

#[test]
fn a_start_with_settings_changed_since_the_index_shows_the_saved_states_then_the_new_ones() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = folder_with_history(temp.path());
    let settings = Settings {
        fuzz: false,
        ..Settings::default()
    };
    settings.save(&dir.settings_path()).expect("settings");
    let mut state = AppState::open(Box::new(clock()), Some(dir.root.clone()));
    let records = state
        .store
        .as_ref()
        .expect("store")
        .all_records()
        .expect("log");
    let defaults = Settings::default().scheduler().expect("defaults");
    assert_eq!(
        state.collection,
        Collection::replay(&records, &defaults),
        "the index's states, not a replay before the first frame"
    );
    state.wait_for_reschedule();
    let (_, fresh) = fresh_replay(&state);
    assert_eq!(state.collection, fresh);
    assert_ne!(state.collection, Collection::replay(&records, &defaults));
}

#[test]
fn answering_while_the_answers_are_rescheduled_loses_nothing_and_applies_nothing_twice() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = folder_with_history(temp.path());
    let mut state = AppState::open(Box::new(clock()), Some(dir.root.clone()));
    let bank = state
        .banks()
        .next()
        .map(|b| b.id.clone())
        .expect("the bank");
    let records_before = state.store.as_ref().expect("store").record_count();
    state.start_study(&bank, Default::default());
    assert_eq!(state.screen, Screen::Study, "something is due");
    let mut harness = harness(state);
    hold_reschedules(&mut harness, true);
    {
        let state = &mut harness.state_mut().state;
        state.settings.desired_retention = 0.8;
        state.save_settings();
    }
    harness.run_steps(2);
    harness.get_by_label_contains("Rescheduling your answers");
    for rating in [Rating::Good, Rating::Again, Rating::Easy] {
        harness.state_mut().state.rate(rating);
        harness.run_steps(2);
    }
    harness.get_by_label_contains("Rescheduling your answers");
    hold_reschedules(&mut harness, false);
    harness.state_mut().state.wait_for_reschedule();
    harness.run_steps(2);
    // The question on screen can still be rated: the session took the new states.
    harness.state_mut().state.rate(Rating::Good);
    harness.run_steps(2);
    let state = &harness.state().state;
    assert!(
        !state.notices.iter().any(|n| n.is_error),
        "{:?}",
        state.notices
    );
    let (records, fresh) = fresh_replay(state);
    assert_eq!(
        records.len() as u64,
        records_before + 4,
        "every answer once"
    );
    assert_eq!(state.collection, fresh);
}

#[test]
fn a_rescheduling_that_cannot_read_the_log_says_so_and_keeps_the_answers() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = folder_with_history(temp.path());
    let state = AppState::open(Box::new(clock()), Some(dir.root.clone()));
    let before = state.collection.clone();
    let mut harness = harness(state);
    hold_reschedules(&mut harness, true);
    {
        let state = &mut harness.state_mut().state;
        state.settings.desired_retention = 0.85;
        state.save_settings();
    }
    let moved = temp.path().join("moved.jsonl");
    std::fs::rename(dir.log_path(), &moved).expect("move the log away");
    hold_reschedules(&mut harness, false);
    harness.state_mut().state.wait_for_reschedule();
    harness.run_steps(2);
    harness.get_by_label_contains("could not be rescheduled");
    assert_eq!(harness.state().state.collection, before);
    assert!(moved.exists());
}

/// A bank with one typed question, so the same question comes back after Again.
const BANK: &str = "Bank(id: \"fb\", title: \"Feedback\", source: \"t\", derived_questions: false,
    passages: [Passage(id: \"p1\", section: \"One\", text: \"Russia and Ukraine talked.\")],
    questions: [Question(id: \"typed\", prompt: \"Which country talked with Ukraine?\", passage: \"p1\",
        answer: Typed(accept: [\"Russia\"]))])";

fn answer_wrong(harness: &mut Harness<'_, DossierApp>) {
    harness.event(egui::Event::Text("France".into()));
    harness.run_steps(2);
    harness.key_press(Key::Enter);
    harness.run_steps(3);
}

#[test]
fn the_history_shows_the_answer_just_given_without_reading_the_whole_log_again() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = DataDir::at(temp.path().join("data"));
    let bank_path = temp.path().join("fb.ron");
    std::fs::write(&bank_path, BANK).expect("bank");
    {
        let (mut store, _) = Store::open(&dir).expect("store");
        let at_ms = clock_ms() - 3 * 86_400_000;
        store
            .append(Record {
                id: RecordId::new(at_ms),
                at_ms,
                utc_offset_secs: 3600,
                bank: "fb".into(),
                question: "typed".into(),
                event: Event::Review {
                    rating: Rating::Again,
                    score: 0.0,
                    answer: "Belarus".into(),
                    duration_ms: 4000,
                    content_hash: 0,
                },
            })
            .expect("saved");
    }
    let state = AppState::open(Box::new(clock()), Some(dir.root.clone()));
    let options = LaunchOptions {
        study_bank: Some(bank_path),
        ..Default::default()
    };
    let app = DossierApp::new(state, &options);
    let mut harness = Harness::builder()
        .with_size([1000.0, 900.0])
        .build_ui_state(|ui, app: &mut DossierApp| app.frame_ui(ui), app);
    harness.run_steps(4);

    answer_wrong(&mut harness);
    harness
        .get_by_label("Your history with this question")
        .click();
    harness.run_steps(1);
    harness.state().state.wait_for_histories();
    harness.run_steps(3);
    assert_eq!(harness.query_all_by_label_contains("Belarus").count(), 1);
    assert_eq!(harness.state().state.history_log_reads(), (1, 1));

    // Again: the learning step brings it back a minute later; the history stays open.
    harness.state_mut().state.rate(Rating::Again);
    harness.run_steps(2);
    harness.state_mut().state.clock = Box::new(FixedClock::new(
        dossier::Clock::now(&clock()) + chrono::Duration::minutes(2),
    ));
    harness.run_steps(3);
    answer_wrong(&mut harness);
    harness.run_steps(5);
    let reads = harness.state().state.history_log_reads();
    assert_eq!(reads.0, 1, "the whole log was streamed once only");
    assert!(
        reads.1 <= 3,
        "one catch-up per change of progress: {reads:?}"
    );
    harness
        .query_all_by_label_contains("Belarus")
        .next()
        .expect("the old answer");
    harness
        .query_all_by_label_contains("France")
        .find(|node| {
            use egui_kittest::kittest::NodeT;
            let node = node.accesskit_node();
            node.label()
                .or_else(|| node.value())
                .is_some_and(|l| l.contains("Again"))
        })
        .expect("the answer just given is listed");
    let state = &harness.state().state;
    let QuestionHistory::Ready(history) = state.question_history(&"fb".into(), &"typed".into())
    else {
        panic!("the history is read");
    };
    assert_eq!(history.len(), 2);
    assert_eq!(state.history_log_reads(), reads, "drawing reads nothing");
}

fn clock_ms() -> i64 {
    dossier::Clock::now(&clock()).timestamp_millis()
}
