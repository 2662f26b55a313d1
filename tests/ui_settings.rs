//! The settings screen driven headless with egui_kittest: the optimizer a student runs from it, and
//! fields that accept exactly what the scheduler accepts.

use std::path::Path;

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::progress::{DataDir, Settings, Store};
use dossier::study::synthetic::{simulate_student_remembering, synthetic_bank};
use dossier::study::{Scheduler, SchedulerConfig};
use dossier::ui::intent::Screen;
use dossier::ui::state::AppState;
use dossier::ui::{DossierApp, LaunchOptions};
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

fn settings_screen(data_dir: &Path) -> Harness<'static, DossierApp> {
    let mut state = AppState::open(Box::new(clock()), Some(data_dir.to_path_buf()));
    state.screen = Screen::Settings;
    let app = DossierApp::new(state, &LaunchOptions::default());
    let mut harness = Harness::builder()
        .with_size([1000.0, 2400.0])
        .build_ui_state(|ui, app: &mut DossierApp| app.frame_ui(ui), app);
    harness.run_steps(3);
    harness
}

/// A data folder holding three weeks of reviews of a simulated student who forgets faster than FSRS's
/// defaults expect (first-answer stabilities a third of theirs), so fitted parameters are better.
fn folder_with_history(root: &Path) -> DataDir {
    let dir = DataDir::at(root.join("data"));
    let bank = synthetic_bank(40);
    let start = chrono::DateTime::parse_from_rfc3339("2026-02-01T19:00:00+01:00").expect("date");
    let scheduler = Settings::default().scheduler().expect("defaults");
    let mut truth = fsrs::DEFAULT_PARAMETERS.to_vec();
    truth[..4].iter_mut().for_each(|w| *w /= 3.0);
    let memory = Scheduler::new(SchedulerConfig {
        parameters: truth,
        ..SchedulerConfig::default()
    })
    .expect("valid parameters");
    let (log, _) = simulate_student_remembering(&bank, &scheduler, &memory, 21, 9, start);
    let (mut store, _) = Store::open(&dir).expect("store");
    for record in log {
        store.append(record).expect("append");
    }
    dir
}

#[test]
fn optimizing_from_settings_shows_log_loss_before_and_after_and_applies_only_when_agreed() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = folder_with_history(temp.path());
    let mut harness = settings_screen(&dir.root);
    harness.get_by_label("Optimize from my reviews").click();
    harness.run_steps(2);
    harness.state_mut().optimizer.wait();
    harness.run_steps(2);
    harness.get_by_label("Fitted parameters");
    harness.get_by_label("FSRS defaults");
    assert!(
        harness.state().state.settings.fsrs_parameters.is_empty(),
        "nothing changes before the student agrees"
    );
    let parameters = harness
        .state()
        .optimizer
        .better_parameters()
        .map(<[f32]>::to_vec)
        .expect("this student's own parameters predict them better");
    harness.get_by_label("Use the fitted parameters").click();
    harness.run_steps(2);
    assert_eq!(harness.state().state.settings.fsrs_parameters, parameters);
    let (saved, _) = Settings::load(&dir.settings_path());
    assert_eq!(saved.fsrs_parameters, parameters);
    harness.get_by_label("Back to the defaults").click();
    harness.run_steps(2);
    assert!(harness.state().state.settings.fsrs_parameters.is_empty());
    harness.get_by_label("Optimize from my reviews");
}

#[test]
fn optimizing_without_enough_history_says_how_many_more_reviews_are_needed() {
    let temp = tempfile::tempdir().expect("temp dir");
    let mut harness = settings_screen(temp.path());
    harness.get_by_label("Optimize from my reviews").click();
    harness.run_steps(2);
    // The reviews are read on the fit's thread.
    harness.state_mut().optimizer.wait();
    harness.run_steps(2);
    harness.get_by_label_contains("8 more reviews needed");
}

#[test]
fn an_empty_learning_steps_field_is_accepted_and_means_no_steps() {
    let temp = tempfile::tempdir().expect("temp dir");
    let mut harness = settings_screen(temp.path());
    let field = harness.get_by_label("Learning steps (minutes)");
    field.focus();
    harness.run_steps(1);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.run_steps(2);
    assert_eq!(
        harness.state().state.settings.learning_steps_mins,
        Vec::<u32>::new()
    );
    assert!(
        harness
            .state()
            .state
            .scheduler
            .config()
            .learning_steps_secs
            .is_empty()
    );
}

#[test]
fn an_exam_date_typed_in_settings_shows_the_expected_recall_in_the_library_and_statistics() {
    let temp = tempfile::tempdir().expect("temp dir");
    let mut harness = settings_screen(temp.path());
    let bank = harness
        .state()
        .state
        .banks()
        .next()
        .cloned()
        .expect("the bundled bank");
    harness.get_by_label(&bank.title).focus();
    harness.run_steps(1);
    harness.get_by_label(&bank.title).type_text("2026-03-23");
    harness.run_steps(2);
    let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 23).expect("date");
    assert_eq!(
        harness.state().state.settings.exam_dates.get(&bank.id.0),
        Some(&date)
    );
    assert!(harness.state().state.scheduler.exam_day(&bank.id).is_some());
    harness.state_mut().state.screen = Screen::Library;
    harness.run_steps(2);
    harness.get_by_label_contains("expected recall on the day 0 %");
    harness.get_by_label_contains(&format!("{} questions not started", bank.questions.len()));
    harness.state_mut().state.selected_bank = Some(bank.id.clone());
    harness.state_mut().state.screen = Screen::Stats;
    harness.run_steps(2);
    harness.get_by_label("Exam on 23 March 2026");
    harness.get_by_label("if you study every day until then");
}

#[test]
fn a_teachers_exam_date_in_a_library_bank_file_is_followed_from_start_up() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = DataDir::at(temp.path().join("data"));
    let quizzes = dir.quizzes_dir().expect("quizzes folder");
    let (_, source) = dossier::ui::state::BUNDLED_BANKS[0];
    let source = source.replacen(
        "    id: \"north-korea-russia\",",
        "    id: \"nk-exam\",\n    exam: Exam(questions: 5, date: \"2026-03-20\"),",
        1,
    );
    std::fs::write(quizzes.join("nk-exam.ron"), source).expect("write bank");
    let state = AppState::open(Box::new(clock()), Some(dir.root.clone()));
    let id = dossier::BankId::from("nk-exam");
    let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 20).expect("date");
    assert_eq!(
        state.scheduler.exam_day(&id),
        Some(i64::from(chrono::Datelike::num_days_from_ce(&date)))
    );
}

#[test]
fn opening_a_paper_with_an_exam_date_makes_it_the_banks_exam_date() {
    use dossier::class::paper::{PaperSpec, make_paper};
    let temp = tempfile::tempdir().expect("temp dir");
    let mut state = AppState::open(Box::new(clock()), Some(temp.path().join("data")));
    let bank = state
        .banks()
        .next()
        .and_then(|b| b.full())
        .cloned()
        .expect("the bundled bank");
    let spec = PaperSpec {
        questions: 5,
        sections: Vec::new(),
        seed: 1,
        time_limit_secs: None,
        title: String::new(),
    };
    let mut paper = make_paper(&bank, &spec).expect("a paper");
    let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 20).expect("date");
    paper.exam_date = Some(date);
    let path = temp.path().join("week-1.paper.json");
    paper.save(&path).expect("saved");
    state.open_paper(&path);
    assert_eq!(state.settings.exam_dates.get(&bank.id.0), Some(&date));
    assert!(state.scheduler.exam_day(&bank.id).is_some());
    let (saved, _) = Settings::load(&temp.path().join("data").join("settings.json"));
    assert_eq!(saved.exam_dates.get(&bank.id.0), Some(&date));
}
