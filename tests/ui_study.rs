//! The real app widgets driven headless with egui_kittest: what a student does with mouse and keyboard.

use std::path::{Path, PathBuf};

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::bank::{Answer, Bank, Question};
use dossier::progress::settings::Theme;
use dossier::study::{Event, Rating, Record, RecordId};
use dossier::ui::intent::Screen;
use dossier::ui::state::{AppState, INFO_NOTICE_MS, Notice};
use dossier::ui::{DossierApp, LaunchOptions};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn clock() -> FixedClock {
    let offset = chrono::FixedOffset::east_opt(3600).expect("valid offset");
    FixedClock::new(
        offset
            .with_ymd_and_hms(2026, 3, 2, 10, 0, 0)
            .single()
            .expect("valid time"),
    )
}

fn app(data_dir: &Path, options: LaunchOptions) -> DossierApp {
    let state = AppState::open(Box::new(clock()), Some(data_dir.to_path_buf()));
    DossierApp::new(state, &options)
}

fn harness(app: DossierApp) -> Harness<'static, DossierApp> {
    let mut harness = Harness::builder()
        .with_size([1000.0, 800.0])
        .build_ui_state(|ui, app: &mut DossierApp| app.frame_ui(ui), app);
    harness.run_steps(3);
    harness
}

fn current_kind(harness: &Harness<'_, DossierApp>) -> Option<(String, Answer)> {
    let state = &harness.state().state;
    let (bank, id) = state.current_question()?;
    let question = bank.question(id)?;
    Some((question.id.0.clone(), question.answer.clone()))
}

fn press(harness: &mut Harness<'_, DossierApp>, key: Key) {
    harness.key_press(key);
    harness.run_steps(2);
}

#[test]
fn student_answers_every_kind_of_question_by_mouse_and_keyboard_and_sees_the_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = LaunchOptions {
        study_bank: Some(fixture("ui/every-kind.ron")),
        ..Default::default()
    };
    let mut harness = harness(app(dir.path(), options));
    assert_eq!(
        harness.state().state.screen,
        Screen::Study,
        "study BANK opens straight into a session"
    );

    let mut seen = Vec::new();
    let mut by_mouse = true;
    while let Some((id, answer)) = current_kind(&harness) {
        assert!(
            !seen.contains(&id),
            "question {id} came back although it was rated Easy"
        );
        seen.push(id.clone());
        match answer {
            Answer::Choice { options, correct } => {
                for (option, right) in options.iter().zip(&correct) {
                    if *right {
                        harness.get_by_label_contains(option.as_str()).click();
                        harness.run_steps(2);
                    }
                }
                harness
                    .get_all_by_label_contains("Check")
                    .next()
                    .expect("a Check button")
                    .click();
            }
            Answer::TrueFalse { answer } => {
                press(&mut harness, if answer { Key::Num1 } else { Key::Num2 })
            }
            Answer::Typed { accept } => {
                harness.get_by_label("Your answer:").type_text(&accept[0]);
                harness.run_steps(2);
            }
            Answer::Numeric { accept } => {
                let value = accept[0].value.to_string();
                harness.get_by_label("Your answer:").type_text(&value);
                harness.run_steps(2);
            }
            Answer::Cloze { .. } => {
                harness.get_by_label("Gap 1").type_text("warning");
                harness.run_steps(2);
            }
            Answer::Matching { pairs } => {
                for (left, right) in &pairs {
                    harness.get_by_label(left.as_str()).click();
                    harness.run_steps(2);
                    harness
                        .get_by_role_and_label(Role::Button, right.as_str())
                        .click();
                    harness.run_steps(2);
                }
            }
            Answer::Ordering { .. } => {
                // Two items shown out of order: move the first one down with the keyboard.
                harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
                harness.run_steps(2);
            }
            Answer::Flashcard { back } => {
                press(&mut harness, Key::Space);
                assert!(
                    harness.query_by_label_contains(back.as_str()).is_some(),
                    "the back is revealed"
                );
            }
            Answer::Evidence {
                correct_sentence, ..
            } => {
                press(
                    &mut harness,
                    [Key::Num1, Key::Num2, Key::Num3][correct_sentence],
                );
            }
            Answer::TwoPart {
                options,
                correct,
                correct_sentence,
                ..
            } => {
                // Part A by mouse, Part B by keyboard: the first ↓ selects sentence 1.
                for (option, right) in options.iter().zip(&correct) {
                    if *right {
                        harness.get_by_label_contains(option.as_str()).click();
                        harness.run_steps(2);
                    }
                }
                for _ in 0..=correct_sentence {
                    press(&mut harness, Key::ArrowDown);
                }
            }
        }
        harness.run_steps(2);
        let is_flashcard = id == "flashcard";
        if !is_flashcard {
            if harness
                .state()
                .state
                .session
                .as_ref()
                .is_some_and(|s| s.verdict().is_none())
            {
                press(&mut harness, Key::Enter);
            }
            assert!(
                harness.query_by_label_contains("Correct").is_some(),
                "question {id} should be graded correct"
            );
            assert!(harness.query_by_label_contains("Partly").is_none());
        }
        // Let the rating bar, which appears at the bottom after checking, settle its size first.
        harness.run_steps(3);
        // Rate Easy, alternating mouse and keyboard.
        if by_mouse {
            harness.get_by_label_contains("Easy").click();
            harness.run_steps(3);
        } else {
            press(&mut harness, Key::Num4);
        }
        by_mouse = !by_mouse;
    }
    assert_eq!(seen.len(), 11, "all eleven kinds were asked: {seen:?}");
    assert!(harness.query_by_label("Session complete").is_some());
    assert!(harness.query_by_label_contains("11 answered").is_some());
    let records = harness
        .state()
        .state
        .store
        .as_ref()
        .map(|s| s.record_count());
    assert_eq!(records, Some(11), "every rating was saved to the log");
}

#[test]
fn undo_brings_the_last_question_back_and_is_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = LaunchOptions {
        study_bank: Some(fixture("ui/every-kind.ron")),
        ..Default::default()
    };
    let mut harness = harness(app(dir.path(), options));
    let (first, _) = current_kind(&harness).expect("a question");
    let flashcard = first == "flashcard";
    if flashcard {
        press(&mut harness, Key::Space);
    } else {
        // Any answer will do: pick the first option or type something, then check.
        press(&mut harness, Key::Num1);
        press(&mut harness, Key::Enter);
    }
    // Accept the suggested rating, whichever fits the verdict.
    press(&mut harness, Key::Enter);
    let (second, _) = current_kind(&harness).expect("another question");
    assert_ne!(first, second);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(3);
    let (again, _) = current_kind(&harness).expect("the undone question");
    assert_eq!(again, first, "undo shows the answered question again");
    assert!(
        harness
            .query_by_label_contains("Last answer undone")
            .is_some()
    );
    let log = std::fs::read_to_string(dir.path().join("progress.jsonl")).expect("log written");
    assert!(
        log.contains("\"undo\""),
        "the undo is in the log, so it survives a restart: {log}"
    );
}

#[test]
fn a_wrong_pick_is_marked_at_the_options_and_listed_at_the_end_of_the_session() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = LaunchOptions {
        study_bank: Some(fixture("ui/every-kind.ron")),
        ..Default::default()
    };
    let mut harness = harness(app(dir.path(), options));
    // Bury questions until the single-answer choice question is on screen.
    let (right, wrong) = loop {
        match current_kind(&harness).expect("the choice question comes up") {
            (_, Answer::Choice { options, correct })
                if correct.iter().filter(|c| **c).count() == 1 =>
            {
                let right = options[correct.iter().position(|c| *c).expect("one right")].clone();
                let wrong = options[correct.iter().position(|c| !*c).expect("a wrong one")].clone();
                break (right, wrong);
            }
            _ => {
                harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
                harness.run_steps(3);
            }
        }
    };
    harness.get_by_label_contains(wrong.as_str()).click();
    harness.run_steps(2);
    press(&mut harness, Key::Enter);
    assert!(harness.query_by_label_contains("Not quite").is_some());
    let labels = |text: &str| -> Vec<String> {
        harness
            .get_all_by_label_contains(text)
            .filter_map(|node| node.accesskit_node().label())
            .collect()
    };
    let picked = labels(&wrong);
    assert!(
        picked
            .iter()
            .any(|l| l.starts_with('✖') && l.ends_with("your answer")),
        "the wrong pick is crossed out and named: {picked:?}"
    );
    let answer = labels(&right);
    assert!(
        answer
            .iter()
            .any(|l| l.starts_with('✔') && l.ends_with("right answer")),
        "the right option is ticked: {answer:?}"
    );

    // Rated and the rest put off: the end of the session lists the missed question with its answer.
    let prompt = harness
        .state()
        .state
        .current_question()
        .and_then(|(bank, id)| bank.question(id).map(|q| q.prompt.clone()))
        .expect("the choice question is still on screen");
    // After a wrong answer, Again is the rating offered.
    press(&mut harness, Key::Num1);
    for _ in 0..20 {
        if current_kind(&harness).is_none() {
            break;
        }
        harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
        harness.run_steps(3);
    }
    assert!(
        harness
            .query_by_label_contains("Session complete")
            .is_some()
    );
    assert!(harness.query_by_label("Worth another look (1)").is_some());
    assert!(harness.query_by_label(&prompt).is_some());
    assert!(
        harness
            .query_by_label(&format!("Answer: {right}"))
            .is_some()
    );
}

#[test]
fn library_starts_a_session_on_the_bundled_bank() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(app(dir.path(), LaunchOptions::default()));
    assert!(
        harness
            .query_all_by_label_contains("North Korea")
            .next()
            .is_some(),
        "the bundled bank is listed"
    );
    assert!(harness.query_by_label("Ready to study").is_some());
    harness
        .get_all_by_role_and_label(Role::Button, "Study")
        .next()
        .expect("a Study button")
        .click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.screen, Screen::Study);
    assert!(current_kind(&harness).is_some(), "a question is shown");
}

#[test]
fn a_teacher_previews_every_question_with_its_answer_without_saving_progress() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(app(dir.path(), LaunchOptions::default()));
    harness
        .get_by_role_and_label(Role::Button, "Preview")
        .click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.screen, Screen::Preview);
    let total = harness
        .state()
        .state
        .selected()
        .map(|bank| bank.questions.len())
        .expect("the bundled bank is selected");
    let all = format!("{total} of {total} questions");
    assert!(harness.query_by_label(&all).is_some(), "{all}");
    assert_eq!(
        harness.query_all_by_label("Introduction").count(),
        1,
        "each section is one group, hand-written and generated questions together"
    );
    assert!(
        harness
            .query_by_label("Answer: The U.S. State Department and Western nations")
            .is_some()
    );
    assert!(
        harness
            .query_all_by_label_contains("Wrong options: ")
            .any(|n| {
                let node = n.accesskit_node();
                node.label()
                    .or_else(|| node.value())
                    .is_some_and(|l| l.contains("Kim Jong Un and the government in Moscow"))
            }),
        "a teacher sees the wrong options too"
    );

    harness.get_by_label("Find:").click();
    harness.run_steps(2);
    harness.get_by_label("Find:").type_text("scathing");
    harness.run_steps(3);
    assert!(
        harness.query_by_label(&all).is_none(),
        "the search narrows the list"
    );
    assert!(harness.query_by_label("Answer: scathing").is_some());

    harness.get_by_label("Show generated questions").click();
    harness.run_steps(3);
    assert!(
        harness
            .query_all_by_label_contains("· generated ·")
            .next()
            .is_none(),
        "generated questions can be hidden"
    );
    let log = dir.path().join("progress.jsonl");
    let records = std::fs::read_to_string(&log).unwrap_or_default();
    assert_eq!(records.trim(), "", "previewing writes no progress");
}

#[test]
fn broken_bank_shows_its_error_in_the_library_and_the_others_still_work() {
    let dir = tempfile::tempdir().expect("temp dir");
    let quizzes = dir.path().join("quizzes");
    std::fs::create_dir_all(&quizzes).expect("quizzes dir");
    let source = std::fs::read_to_string(fixture("ui/every-kind.ron")).expect("fixture");
    std::fs::write(
        quizzes.join("broken.ron"),
        source.replace("prompt: \"Match.\"", "promt: \"Match.\""),
    )
    .expect("write broken bank");
    let harness = harness(app(dir.path(), LaunchOptions::default()));
    assert!(
        harness
            .query_by_label_contains("broken.ron cannot be used")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("did you mean `prompt`")
            .is_some(),
        "the diagnostic with its hint is shown"
    );
    assert!(
        harness
            .query_all_by_label_contains("North Korea")
            .next()
            .is_some(),
        "the bundled bank still works"
    );
}

#[test]
fn settings_persist_across_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let mut harness = harness(app(dir.path(), LaunchOptions::default()));
        harness
            .get_by_role_and_label(Role::Button, "Settings")
            .click();
        harness.run_steps(2);
        harness.get_by_label("Dark").click();
        harness.run_steps(2);
        harness.get_by_label("Two (Again, Good)").click();
        harness.run_steps(2);
    }
    let restarted = app(dir.path(), LaunchOptions::default());
    assert_eq!(restarted.state.settings.theme, Theme::Dark);
    assert!(!restarted.state.settings.four_rating_buttons);
}

#[test]
fn reader_follows_a_claim_to_its_card_and_starts_a_section_session() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(app(dir.path(), LaunchOptions::default()));
    // The library's Read button on the bank (the navigation bar has one too).
    harness
        .get_all_by_role_and_label(Role::Button, "Read")
        .last()
        .expect("a Read button")
        .click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.screen, Screen::Read);
    assert!(
        harness
            .query_by_label("A Deal Born of Desperation")
            .is_some(),
        "section headings are shown"
    );
    // Open a claim's card as a click on its marked words would.
    harness
        .state_mut()
        .open_reader_card(dossier::bank::reader::MarkTarget::Claim(
            "c-nk-supplies".into(),
        ));
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label_contains("How sure the article is: reported")
            .is_some()
    );
    assert!(
        harness.query_by_label_contains("Tested by").is_some(),
        "the card lists the questions that test it"
    );
    harness
        .get_all_by_label("Study this section")
        .nth(1)
        .expect("a second section")
        .click();
    harness.run_steps(3);
    let state = &harness.state().state;
    assert_eq!(state.screen, Screen::Study);
    let (bank, id) = state.current_question().expect("a question");
    let question = bank.question(id).expect("in the bank");
    assert_eq!(
        bank.section_of(question),
        Some("A Deal Born of Desperation")
    );
}

#[test]
fn five_question_exam_taken_by_keyboard_shows_the_result_and_saves_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(app(dir.path(), LaunchOptions::default()));
    harness.get_by_role_and_label(Role::Button, "Exam").click();
    harness.run_steps(3);
    let questions = harness.get_by_label("Questions");
    questions.focus();
    harness.run_steps(1);
    // Set 5 questions: select the value and type it.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label("Questions").type_text("5");
    harness.key_press(Key::Tab);
    harness.run_steps(3);
    harness.get_by_label_contains("Start exam").click();
    harness.run_steps(3);
    let len = harness.state().state.exam.as_ref().map(|e| e.exam.len());
    assert_eq!(len, Some(5));
    for _ in 0..5 {
        // Pick the first option where there are options; Enter saves and moves on (without an
        // answer it stays, saying so).
        press(&mut harness, Key::Num1);
        press(&mut harness, Key::Enter);
    }
    harness.get_by_label("Finish exam…").click();
    harness.run_steps(3);
    // Unanswered questions (typed ones) or no limit: finishing asks only when something is lost.
    if harness.query_by_label("Finish anyway").is_some() {
        harness.get_by_label("Finish anyway").click();
        harness.run_steps(3);
    }
    assert!(harness.query_by_label("Exam result").is_some());
    assert!(harness.query_by_label("By section").is_some());
    assert!(harness.query_all_by_label_contains("Your answer:").count() == 5);
    let saved = std::fs::read_dir(dir.path().join("exams"))
        .expect("results folder")
        .count();
    assert_eq!(saved, 2, "the result is saved as .csv and .json");
    let records = harness
        .state()
        .state
        .store
        .as_ref()
        .map_or(0, |s| s.record_count());
    assert_eq!(
        records, 0,
        "an exam does not touch the schedule unless asked to"
    );
}

/// Saves a review of `question` straight into the state's log, as if it had been studied at `at_ms`.
fn save_review(
    state: &mut AppState,
    bank: &Bank,
    question: &Question,
    at_ms: i64,
    rating: Rating,
    answer: &str,
) {
    let record = Record {
        id: RecordId::new(at_ms),
        at_ms,
        utc_offset_secs: 3600,
        bank: bank.id.clone(),
        question: question.id.clone(),
        event: Event::Review {
            rating,
            score: 1.0,
            answer: answer.to_owned(),
            duration_ms: 3000,
            content_hash: question.content_hash,
        },
    };
    state
        .store
        .as_mut()
        .expect("store")
        .append(record)
        .expect("append");
}

#[test]
fn statistics_show_a_seeded_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = AppState::open(Box::new(clock()), Some(dir.path().to_path_buf()));
    let bank = state.selected().expect("bundled bank").clone();
    let now_ms = state.clock.now().timestamp_millis();
    for day in 0..3i64 {
        for (i, question) in bank.questions.iter().take(4).enumerate() {
            let at_ms = now_ms - (3 - day) * 86_400_000 + i as i64 * 1000;
            let rating = if i == 0 { Rating::Again } else { Rating::Good };
            save_review(&mut state, &bank, question, at_ms, rating, "");
        }
    }
    drop(state);
    let mut harness = harness(app(dir.path(), LaunchOptions::default()));
    harness
        .get_by_role_and_label(Role::Button, "Statistics")
        .click();
    harness.run_steps(3);
    assert!(harness.query_by_label("12").is_some(), "12 reviews in all");
    assert_eq!(
        harness.query_all_by_label("3 days").count(),
        2,
        "a three-day streak, also the longest"
    );
    assert!(harness.query_by_label("Reviews per day").is_some());
    assert!(harness.query_by_label("By section").is_some());
}

#[test]
fn a_question_the_teacher_changed_asks_keep_or_reset_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let quizzes = dir.path().join("quizzes");
    std::fs::create_dir_all(&quizzes).expect("quizzes dir");
    let source = std::fs::read_to_string(fixture("ui/every-kind.ron")).expect("fixture");
    std::fs::write(quizzes.join("every-kind.ron"), &source).expect("bank");
    {
        let mut state = AppState::open(Box::new(clock()), Some(dir.path().to_path_buf()));
        let bank = state
            .banks()
            .find(|b| b.id.0 == "every-kind")
            .and_then(|b| b.full())
            .expect("library bank")
            .clone();
        let question = bank.question(&"choice".into()).expect("choice question");
        let at_ms = state.clock.now().timestamp_millis() - 86_400_000;
        save_review(
            &mut state,
            &bank,
            question,
            at_ms,
            Rating::Good,
            "Two metres",
        );
    }
    // The teacher rewrites the question's answer.
    std::fs::write(
        quizzes.join("every-kind.ron"),
        source.replace("\"Two metres\"], wrong", "\"2 metres\"], wrong"),
    )
    .expect("edited bank");
    let mut first = harness(app(dir.path(), LaunchOptions::default()));
    assert!(
        first
            .query_by_label_contains("1 question changed")
            .is_some()
    );
    first.get_by_label("Keep my progress").click();
    first.run_steps(3);
    assert!(first.query_by_label_contains("question changed").is_none());
    drop(first);
    let log = std::fs::read_to_string(dir.path().join("progress.jsonl")).expect("log");
    assert!(log.contains("\"keep\""), "the decision is saved: {log}");
    let restarted = harness(app(dir.path(), LaunchOptions::default()));
    assert!(
        restarted
            .query_by_label_contains("question changed")
            .is_none(),
        "not asked again after a restart"
    );
}

#[test]
fn repeated_notices_show_once_and_info_notices_go_after_a_few_seconds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = AppState::open(Box::new(clock()), Some(dir.path().to_path_buf()));
    state.notices.clear();
    let start = state.clock.now();
    let at = |seconds: i64| Box::new(FixedClock::new(start + chrono::Duration::seconds(seconds)));
    let buried = Notice {
        text: "Question buried until tomorrow.".into(),
        is_error: false,
    };
    let failed = Notice {
        text: "Progress cannot be saved: disk full".into(),
        is_error: true,
    };
    state.notices.extend([
        buried.clone(),
        failed.clone(),
        buried.clone(),
        buried.clone(),
    ]);
    let wait = state.tidy_notices();
    assert_eq!(state.notices, vec![failed.clone(), buried.clone()]);
    assert_eq!(
        wait,
        Some(std::time::Duration::from_millis(INFO_NOTICE_MS as u64))
    );

    // Posted again five seconds later: still one copy, and its time starts again.
    state.clock = at(5);
    state.notices.push(buried.clone());
    state.tidy_notices();
    assert_eq!(state.notices, vec![failed.clone(), buried.clone()]);
    state.clock = at(9);
    state.tidy_notices();
    assert!(
        state.notices.contains(&buried),
        "reposted at 5 s, so still shown at 9 s"
    );
    state.clock = at(14);
    assert_eq!(state.tidy_notices(), None);
    assert_eq!(state.notices, vec![failed], "errors stay until dismissed");
}

#[test]
fn a_very_large_bank_previews_its_first_questions_and_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("large.ron");
    let mut text = String::from(
        "Bank(id: \"large\", title: \"Large\", source: \"test\", derived_questions: false,\n\
         passages: [Passage(id: \"p1\", section: \"One\", text: \"The river rose.\")],\n\
         questions: [\n",
    );
    for i in 0..401 {
        text.push_str(&format!(
            "Question(id: \"q{i}\", prompt: \"Did the river rise ({i})?\", passage: \"p1\", \
             explanation: \"It rose.\", answer: TrueFalse(answer: true)),\n"
        ));
    }
    text.push_str("])\n");
    std::fs::write(&path, text).expect("bank written");
    let mut state = AppState::open(Box::new(clock()), Some(dir.path().to_path_buf()));
    state.open_bank_file(&path);
    state.screen = Screen::Preview;
    let app = DossierApp::new(state, &LaunchOptions::default());
    let harness = harness(app);
    assert!(
        harness
            .query_by_label(
                "401 of 401 questions; showing the first 400, narrow them down with Find"
            )
            .is_some()
    );
    assert!(harness.query_by_label("Did the river rise (0)?").is_some());
    assert!(
        harness
            .query_by_label("Did the river rise (400)?")
            .is_none()
    );
}

#[test]
fn a_teacher_pastes_an_article_and_the_draft_opens_in_preview_saved_in_the_library() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(app(dir.path(), LaunchOptions::default()));
    harness
        .get_by_role_and_label(Role::Button, "New bank from article…")
        .click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.screen, Screen::NewBank);
    harness.get_by_label("Title (optional):").click();
    harness.run_steps(1);
    harness
        .get_by_label("Title (optional):")
        .type_text("Harbour strike");
    harness.run_steps(1);
    harness.get_by_label("Article text:").click();
    harness.run_steps(1);
    harness.get_by_label("Article text:").type_text(
        "Dock workers at the Port of Dover walked out on Friday, the union said. Experts warn that prices could rise.",
    );
    harness.run_steps(2);
    harness
        .get_by_role_and_label(Role::Button, "Draft bank")
        .click();
    harness.run_steps(3);
    let state = &harness.state().state;
    assert_eq!(state.screen, Screen::Preview, "the draft opens for review");
    let bank = state.selected().expect("the draft is selected");
    assert_eq!(bank.title, "Harbour strike");
    let saved = bank.path.clone().expect("saved to a file");
    assert!(
        saved.starts_with(dir.path()),
        "saved in the library folder: {}",
        saved.display()
    );
    let text = std::fs::read_to_string(&saved).expect("the file is there");
    assert!(text.contains("review: true"));
    assert!(
        harness
            .query_by_label_contains("marked for review: open the bank with Edit")
            .is_some(),
        "the notice sends the teacher to the in-app editor to review the draft"
    );
}

#[test]
fn a_teacher_types_the_article_files_path_and_enter_drafts_from_it() {
    // School laptops often have no file-dialog service: the path field is the way in that always works.
    let dir = tempfile::tempdir().expect("temp dir");
    let article = dir.path().join("bridge.md");
    std::fs::write(
        &article,
        "# Council reopens the bridge\n\nThe council voted on Tuesday to reopen the bridge, the mayor said.\n",
    )
    .expect("article written");
    let mut harness = harness(app(dir.path(), LaunchOptions::default()));
    harness
        .get_by_role_and_label(Role::Button, "New bank from article…")
        .click();
    harness.run_steps(3);
    harness.get_by_label("Article file:").click();
    harness.run_steps(1);
    harness
        .get_by_label("Article file:")
        .type_text(&article.display().to_string());
    harness.run_steps(1);
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    let state = &harness.state().state;
    assert_eq!(state.screen, Screen::Preview, "the draft opens for review");
    let bank = state.selected().expect("the draft is selected");
    assert_eq!(bank.title, "Council reopens the bridge");
}

#[test]
fn a_two_part_answer_with_the_wrong_sentence_earns_half_and_marks_both_parts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = LaunchOptions {
        study_bank: Some(fixture("ui/every-kind.ron")),
        ..Default::default()
    };
    let mut harness = harness(app(dir.path(), options));
    let (right, correct_sentence) = loop {
        match current_kind(&harness).expect("the two-part question comes up") {
            (
                _,
                Answer::TwoPart {
                    options,
                    correct,
                    correct_sentence,
                    ..
                },
            ) => {
                let right = options[correct.iter().position(|c| *c).expect("one right")].clone();
                break (right, correct_sentence);
            }
            _ => {
                harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
                harness.run_steps(3);
            }
        }
    };
    // Part A right by mouse; Part B by keyboard, one sentence past the right one.
    harness.get_by_label_contains(right.as_str()).click();
    harness.run_steps(2);
    for _ in 0..=correct_sentence + 1 {
        press(&mut harness, Key::ArrowDown);
    }
    press(&mut harness, Key::Enter);
    let verdict = harness
        .state()
        .state
        .session
        .as_ref()
        .and_then(|s| s.verdict().cloned())
        .expect("checked");
    assert_eq!(verdict.score, 0.5, "Part A alone is half the credit");
    let labels: Vec<String> = harness
        .get_all_by_label_contains("your answer")
        .filter_map(|node| node.accesskit_node().label())
        .collect();
    assert!(
        labels
            .iter()
            .any(|l| l.starts_with('✔') && l.contains(right.as_str())),
        "Part A's pick is ticked: {labels:?}"
    );
    assert!(
        labels.iter().any(|l| l.starts_with('✖')),
        "the wrong sentence is crossed out: {labels:?}"
    );
    assert!(harness.query_by_label("Part B").is_some());
}
