//! What the feedback after an answer offers beyond the verdict: the question's own history and a way
//! to tell the teacher something is wrong with it.

use std::path::Path;

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::progress::reports::{REPORTS_CSV, REPORTS_FILE, load};
use dossier::study::{Event, Rating, Record, RecordId};
use dossier::ui::state::AppState;
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

const BANK: &str = "Bank(id: \"fb\", title: \"Feedback\", source: \"t\", derived_questions: false,
    passages: [Passage(id: \"p1\", section: \"One\", text: \"Russia and Ukraine talked.\")],
    questions: [Question(id: \"typed\", prompt: \"Which country talked with Ukraine?\", passage: \"p1\",
        answer: Typed(accept: [\"Russia\"]))])";

fn open(dir: &Path, seed: impl FnOnce(&mut AppState)) -> Harness<'static, DossierApp> {
    let path = dir.join("fb.ron");
    std::fs::write(&path, BANK).expect("bank");
    let mut state = AppState::open(Box::new(clock()), Some(dir.to_path_buf()));
    seed(&mut state);
    drop(state);
    let state = AppState::open(Box::new(clock()), Some(dir.to_path_buf()));
    let options = LaunchOptions {
        study_bank: Some(path),
        ..Default::default()
    };
    let app = DossierApp::new(state, &options);
    let mut harness = Harness::builder()
        .with_size([1000.0, 900.0])
        .build_ui_state(|ui, app: &mut DossierApp| app.frame_ui(ui), app);
    harness.run_steps(4);
    harness
}

fn answer_wrong(harness: &mut Harness<'_, DossierApp>) {
    harness.event(egui::Event::Text("France".into()));
    harness.run_steps(2);
    harness.key_press(Key::Enter);
    harness.run_steps(3);
}

#[test]
fn the_feedback_shows_the_question_s_own_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = open(dir.path(), |state| {
        let at_ms = state.clock.now().timestamp_millis() - 3 * 86_400_000;
        let record = Record {
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
        };
        state
            .store
            .as_mut()
            .expect("store")
            .append(record)
            .expect("saved");
    });
    answer_wrong(&mut harness);
    harness
        .get_by_label("Your history with this question")
        .click();
    harness.run_steps(1);
    // Read from the log on a thread ("Loading your history…" meanwhile).
    harness.state().state.wait_for_histories();
    harness.run_steps(3);
    let entry = harness
        .query_all_by_label_contains("Belarus")
        .next()
        .expect("the earlier answer is listed");
    let label = {
        use egui_kittest::kittest::NodeT;
        let node = entry.accesskit_node();
        node.label().or_else(|| node.value()).unwrap_or_default()
    };
    assert!(label.contains("27 Feb 2026"), "{label}");
    assert!(label.contains("Again"), "{label}");
    assert!(label.contains("due again"), "{label}");
}

#[test]
fn a_problem_report_is_saved_for_the_teacher_and_exported_with_the_results() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = open(dir.path(), |_| {});
    answer_wrong(&mut harness);
    harness
        .get_by_label("Report a problem with this question")
        .click();
    harness.run_steps(3);
    assert!(
        harness
            .get_by_label("What is wrong with this question?")
            .is_focused()
    );
    harness.event(egui::Event::Text("The article also names Belarus".into()));
    harness.run_steps(1);
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    assert!(
        harness.state().state.verdict_shown(),
        "Enter saved the report; it did not rate the question"
    );
    let reports = load(&dir.path().join(REPORTS_FILE)).expect("reports");
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].note, "The article also names Belarus");
    assert_eq!(reports[0].question.0, "typed");

    let out = tempfile::tempdir().expect("export dir");
    dossier::progress::reports::export_csv(&reports, out.path()).expect("exported");
    let csv = std::fs::read_to_string(out.path().join(REPORTS_CSV)).expect("csv");
    assert!(csv.contains("The article also names Belarus"), "{csv}");
}

#[test]
fn an_open_book_question_shows_its_passage_before_the_answer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ob.ron");
    std::fs::write(
        &path,
        BANK.replace("id: \"fb\"", "id: \"ob\"")
            .replace("answer: Typed", "show_passage: true, answer: Typed"),
    )
    .expect("bank");
    let state = AppState::open(Box::new(clock()), Some(dir.path().to_path_buf()));
    let options = LaunchOptions {
        study_bank: Some(path),
        ..Default::default()
    };
    let mut harness = Harness::builder()
        .with_size([1000.0, 800.0])
        .build_ui_state(
            |ui, app: &mut DossierApp| app.frame_ui(ui),
            DossierApp::new(state, &options),
        );
    harness.run_steps(4);
    assert!(harness.query_by_label("Read this passage — One").is_some());
    assert!(
        harness
            .query_by_label("Russia and Ukraine talked.")
            .is_some()
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let closed_book = open(dir.path(), |_| {});
    assert!(
        closed_book
            .query_by_label("Russia and Ukraine talked.")
            .is_none(),
        "a closed-book question does not show it"
    );
}
