//! A paper from start to finish in the real app, driven headless: the teacher makes a paper, two
//! students take it (one carefully, one in a hurry), and the teacher opens the Class report. Also the
//! rules that keep a student from finishing or skipping by accident.

use std::path::{Path, PathBuf};

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::bank::Answer;
use dossier::class::paper::Paper;
use dossier::ui::intent::Screen;
use dossier::ui::state::{AppState, ExamChoice};
use dossier::ui::{DossierApp, LaunchOptions};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The tests' clock: the app holds a clone, the test moves it.
fn class_clock() -> FixedClock {
    FixedClock::new(
        chrono::FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
            .unwrap(),
    )
}

const CLASS_BANK: &str = r#"Bank(
    id: "class-test",
    title: "Class test",
    source: "a test",
    version: "1",
    passages: [
        Passage(id: "p1", section: "First", text: "The river floods every spring. Farmers plant after the flood."),
        Passage(id: "p2", section: "Second", text: "The council met on Monday. It voted to build a dam."),
    ],
    questions: [
        Question(id: "when-floods", prompt: "When does the river flood?", passage: "p1", explanation: "Every spring.",
            answer: Choice(correct: ["Every spring"], wrong: ["Every winter", "Never", "Every decade"])),
        Question(id: "who-plants", prompt: "Who plants after the flood?", passage: "p1", explanation: "Farmers.",
            answer: Choice(correct: ["Farmers"], wrong: ["Fishers", "The council", "Nobody"])),
        Question(id: "when-met", prompt: "When did the council meet?", passage: "p2", explanation: "On Monday.",
            answer: Choice(correct: ["On Monday"], wrong: ["On Friday", "Last year", "Every week"])),
        Question(id: "dam-vote", prompt: "The council voted to build a dam.", passage: "p2", explanation: "It did.",
            answer: TrueFalse(answer: true)),
    ],
)
"#;

fn app(data_dir: &Path, clock: &FixedClock, options: LaunchOptions) -> DossierApp {
    let state = AppState::open(Box::new(clock.clone()), Some(data_dir.to_path_buf()));
    DossierApp::new(state, &options)
}

fn harness(app: DossierApp) -> Harness<'static, DossierApp> {
    let mut harness = Harness::builder()
        .with_size([1000.0, 900.0])
        .build_ui_state(|ui, app: &mut DossierApp| app.frame_ui(ui), app);
    harness.run_steps(3);
    harness
}

fn click(harness: &mut Harness<'_, DossierApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(3);
}

fn press(harness: &mut Harness<'_, DossierApp>, key: Key) {
    harness.key_press(key);
    harness.run_steps(3);
}

/// The teacher's folder with the bank and a paper of all four questions, made through the state the
/// Exam screen's "Make a paper for a class…" button drives (the button only adds a save dialog).
fn teacher_makes_a_paper(folder: &Path, clock: &FixedClock) -> PathBuf {
    let bank_path = folder.join("class-test.ron");
    std::fs::write(&bank_path, CLASS_BANK).unwrap();
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(app(
        data.path(),
        clock,
        LaunchOptions {
            study_bank: None,
            ..Default::default()
        },
    ));
    h.state_mut().state.open_bank_file(&bank_path);
    click(&mut h, "Exam");
    assert!(h.query_by_label("Make a paper for a class…").is_some());
    let choice = ExamChoice {
        questions: 4,
        sections: Vec::new(),
        time_limit_minutes: Some(10),
        seed: 42,
        record_in_schedule: false,
    };
    let path = h
        .state_mut()
        .state
        .make_paper(&choice, &folder.join("week-1"))
        .expect("paper saved");
    assert!(path.ends_with("week-1.paper.json"));
    path
}

/// A student's app opened with `dossier exam PAPER`, their name set.
fn student(
    data: &Path,
    clock: &FixedClock,
    name: &str,
    paper: &Path,
) -> Harness<'static, DossierApp> {
    std::fs::write(
        data.join("settings.json"),
        format!("{{\"student_name\": \"{name}\"}}"),
    )
    .unwrap();
    harness(app(
        data,
        clock,
        LaunchOptions {
            exam_paper: Some(paper.to_path_buf()),
            ..Default::default()
        },
    ))
}

/// Answers the question on screen right (or wrong) by clicking the option, then Enter.
fn answer_current(h: &mut Harness<'_, DossierApp>, right: bool) {
    let question = {
        let run = h.state().state.exam.as_ref().expect("an exam runs");
        let (_, q) = run.exam.current().expect("a question shown");
        q.clone()
    };
    match &question.answer {
        Answer::Choice { options, correct } => {
            let pick = options
                .iter()
                .zip(correct)
                .find(|(_, c)| **c == right)
                .map(|(o, _)| o.clone())
                .unwrap();
            h.get_by_label_contains(&pick).click();
            h.run_steps(2);
        }
        Answer::TrueFalse { answer } => {
            press(
                h,
                if *answer == right {
                    Key::Num1
                } else {
                    Key::Num2
                },
            );
        }
        other => panic!("unexpected kind {other:?}"),
    }
    press(h, Key::Enter);
}

#[test]
fn a_paper_made_by_the_teacher_is_taken_by_two_students_and_reported_on_the_class_screen() {
    let clock = class_clock();
    let folder = tempfile::tempdir().unwrap();
    let paper_path = teacher_makes_a_paper(folder.path(), &clock);
    let paper = Paper::load(&paper_path).unwrap();
    let results = folder.path().join("handed-in");

    // Ada: opens the paper; Enter on the start page does not start it.
    let ada_data = tempfile::tempdir().unwrap();
    let mut ada = student(ada_data.path(), &clock, "Ada", &paper_path);
    assert_eq!(ada.state().state.screen, Screen::Exam);
    assert!(
        ada.query_by_label("Start the paper").is_some(),
        "the bank was found next to the paper"
    );
    press(&mut ada, Key::Enter);
    assert!(
        ada.state().state.exam.is_none(),
        "Enter must not start the exam"
    );
    click(&mut ada, "Start the paper");
    assert_eq!(
        ada.state().state.exam.as_ref().unwrap().exam.len(),
        paper.questions.len()
    );
    // Exactly the paper's questions, in its order, options in its order.
    let first_id = ada
        .state()
        .state
        .exam
        .as_ref()
        .unwrap()
        .exam
        .current()
        .unwrap()
        .1
        .id
        .clone();
    assert_eq!(first_id, paper.questions[0].id);
    for _ in 0..paper.questions.len() {
        clock.advance(chrono::Duration::seconds(20));
        answer_current(&mut ada, true);
    }
    // All answered but time left: finishing asks, and "Keep going" keeps going.
    click(&mut ada, "Finish exam…");
    assert!(
        ada.query_by_label_contains("left — finish anyway?")
            .is_some()
    );
    click(&mut ada, "Keep going");
    assert!(ada.state().state.exam.as_ref().unwrap().result.is_none());
    click(&mut ada, "Finish exam…");
    click(&mut ada, "Finish anyway");
    let ada_result = ada
        .state()
        .state
        .exam
        .as_ref()
        .unwrap()
        .result
        .clone()
        .unwrap();
    assert_eq!(
        ada_result.paper_id.as_deref(),
        Some(paper.paper_id.as_str())
    );
    assert!((ada_result.score - 1.0).abs() < 1e-6);
    let (_, json) = ada
        .state()
        .state
        .exam
        .as_ref()
        .unwrap()
        .saved_to
        .clone()
        .unwrap();
    std::fs::create_dir_all(&results).unwrap();
    std::fs::copy(&json, results.join(json.file_name().unwrap())).unwrap();

    // Bo: answers the first question wrong, presses Enter on the second without answering (nothing
    // is skipped), flags it, and finishes with it unanswered when the last minute is announced.
    let bo_data = tempfile::tempdir().unwrap();
    let mut bo = student(bo_data.path(), &clock, "Bo", &paper_path);
    click(&mut bo, "Start the paper");
    answer_current(&mut bo, false);
    let on = |h: &Harness<'_, DossierApp>| {
        h.state()
            .state
            .exam
            .as_ref()
            .unwrap()
            .exam
            .current()
            .unwrap()
            .0
    };
    assert_eq!(on(&bo), 1);
    press(&mut bo, Key::Enter);
    assert_eq!(on(&bo), 1, "Enter without an answer stays on the question");
    assert!(bo.query_by_label_contains("No answer yet").is_some());
    click(&mut bo, "⚑ Flag");
    assert!(bo.state().state.exam.as_ref().unwrap().exam.is_flagged(1));
    click(&mut bo, "Skip");
    assert_eq!(on(&bo), 2);
    answer_current(&mut bo, true);
    answer_current(&mut bo, true);
    clock.advance(chrono::Duration::seconds(9 * 60 + 5));
    bo.run_steps(2);
    assert!(
        bo.query_by_label_contains("Less than a minute left")
            .is_some()
    );
    click(&mut bo, "Finish exam…");
    assert!(
        bo.query_by_label_contains("1 question unanswered, 1 flagged to come back to and 0:")
            .is_some(),
        "the question says what would be lost"
    );
    click(&mut bo, "Finish anyway");
    let (_, json) = bo
        .state()
        .state
        .exam
        .as_ref()
        .unwrap()
        .saved_to
        .clone()
        .unwrap();
    std::fs::copy(&json, results.join(json.file_name().unwrap())).unwrap();
    let bo_result = bo
        .state()
        .state
        .exam
        .as_ref()
        .unwrap()
        .result
        .clone()
        .unwrap();
    assert!((bo_result.score - 0.5).abs() < 1e-6);

    // The teacher opens the folder on the Class screen.
    let teacher_data = tempfile::tempdir().unwrap();
    let mut teacher = harness(app(teacher_data.path(), &clock, LaunchOptions::default()));
    teacher
        .state_mut()
        .state
        .open_bank_file(&folder.path().join("class-test.ron"));
    teacher.state_mut().state.open_class(vec![results.clone()]);
    teacher.state_mut().state.wait_class();
    teacher.run_steps(3);
    assert_eq!(teacher.state().state.screen, Screen::Class);
    assert!(
        teacher
            .query_by_label_contains("2 students · 4 questions")
            .is_some()
    );
    let report = teacher
        .state()
        .state
        .class
        .as_ref()
        .unwrap()
        .report
        .clone()
        .unwrap();
    assert_eq!(report.paper.paper_id, paper.paper_id);
    let first = &report.items[0];
    assert_eq!(first.stats.facility, Some(0.5), "Ada right, Bo wrong");
    let unanswered = &report.items[1];
    assert!(
        unanswered
            .responses
            .iter()
            .any(|r| r.response == "(no answer)" && r.count == 1)
    );
    // Export as HTML with pseudonyms: no names in the file.
    let html = folder.path().join("report.html");
    teacher.state_mut().state.export_class(&html, true, true);
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(
        !text.contains("Ada") && !text.contains(">Bo<"),
        "names stay out of exports"
    );
    assert!(text.contains("<svg"));
    // A question's Preview button opens it in Preview.
    teacher.get_all_by_label("Preview").next().unwrap().click();
    teacher.run_steps(3);
    assert_eq!(teacher.state().state.screen, Screen::Preview);
}

#[test]
fn enter_in_the_exam_set_up_form_does_not_start_the_exam() {
    let clock = class_clock();
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(app(data.path(), &clock, LaunchOptions::default()));
    click(&mut h, "Exam");
    assert!(h.query_by_label("Start exam").is_some());
    press(&mut h, Key::Enter);
    assert!(h.state().state.exam.is_none());
    click(&mut h, "Start exam");
    assert!(h.state().state.exam.is_some());
}

#[test]
fn a_paper_whose_bank_changed_is_refused_with_the_reason() {
    let clock = class_clock();
    let folder = tempfile::tempdir().unwrap();
    let paper_path = teacher_makes_a_paper(folder.path(), &clock);
    let bank = folder.path().join("class-test.ron");
    let edited = CLASS_BANK.replace("When does the river flood?", "When does the river rise?");
    std::fs::write(&bank, edited).unwrap();
    let data = tempfile::tempdir().unwrap();
    let h = student(data.path(), &clock, "Cy", &paper_path);
    assert!(h.state().state.exam_paper.is_none());
    let notices: Vec<&str> = h
        .state()
        .state
        .notices
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    assert!(
        notices
            .iter()
            .any(|n| n.contains("has changed since this paper was made")
                && n.contains("when-floods")),
        "{notices:?}"
    );
}

/// A file dropped on the window, as the desktop hands it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_paper_opens_it_and_dropping_a_results_folder_opens_the_class_screen() {
    let clock = class_clock();
    let folder = tempfile::tempdir().unwrap();
    let paper_path = teacher_makes_a_paper(folder.path(), &clock);
    let data = tempfile::tempdir().unwrap();
    let mut h = harness(app(data.path(), &clock, LaunchOptions::default()));
    let drop = |h: &mut Harness<'_, DossierApp>, path: &Path| {
        h.input_mut()
            .dropped_files
            .push(std::sync::Arc::new(Dropped(path.to_path_buf())));
        h.run_steps(3);
    };
    drop(&mut h, &paper_path);
    assert_eq!(h.state().state.screen, Screen::Exam);
    assert!(h.query_by_label("Start the paper").is_some());

    let results = folder.path().join("results");
    crate::class_report::write_small_class(&results);
    drop(&mut h, &results);
    h.state_mut().state.wait_class();
    h.run_steps(3);
    assert_eq!(h.state().state.screen, Screen::Class);
    assert!(
        h.query_by_label_contains("6 students · 4 questions")
            .is_some()
    );
}
