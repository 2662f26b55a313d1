//! Studying by keyboard alone and in a small window with large text, driven headless with egui_kittest:
//! what a student who cannot or does not use a mouse notices.

use std::path::Path;

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::progress::location::DataDir;
use dossier::progress::settings::Settings;
use dossier::study::session::OVERRIDE_NOTE;
use dossier::ui::intent::Screen;
use dossier::ui::state::AppState;
use dossier::ui::{DossierApp, LaunchOptions};
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

/// A bank with one passage and the given questions (RON `Question(...)` items).
fn bank_text(questions: &str) -> String {
    format!(
        "Bank(id: \"kb\", title: \"Keyboard bank\", source: \"test\", derived_questions: false,\n\
         passages: [Passage(id: \"p1\", section: \"One\", text: \"Russia and Ukraine talked. \
         Supplies were dwindling. The mayor called it a warning.\"),\n\
         Passage(id: \"p2\", section: \"Two\", text: \"Engineers will inspect the dam. Then the bridge reopens.\")],\n\
         questions: [{questions}])\n"
    )
}

/// Opens the app straight into a session on `bank` in a window of `size` with text at `scale`.
fn study(dir: &Path, bank: &str, size: [f32; 2], scale: f32) -> Harness<'static, DossierApp> {
    let path = dir.join("kb.ron");
    std::fs::write(&path, bank).expect("bank written");
    open_app(dir, size, scale, Some(path))
}

fn open_app(
    dir: &Path,
    size: [f32; 2],
    scale: f32,
    study_bank: Option<std::path::PathBuf>,
) -> Harness<'static, DossierApp> {
    let settings = Settings {
        text_scale: scale,
        ..Settings::default()
    };
    settings
        .save(&DataDir::at(dir).settings_path())
        .expect("settings saved");
    let state = AppState::open(Box::new(clock()), Some(dir.to_path_buf()));
    let app = DossierApp::new(
        state,
        &LaunchOptions {
            study_bank,
            ..Default::default()
        },
    );
    let mut harness = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut DossierApp| app.frame_ui(ui), app);
    harness.run_steps(4);
    harness
}

fn press(harness: &mut Harness<'_, DossierApp>, key: Key) {
    harness.key_press(key);
    harness.run_steps(3);
}

fn type_text(harness: &mut Harness<'_, DossierApp>, text: &str) {
    harness.event(egui::Event::Text(text.to_owned()));
    harness.run_steps(2);
}

fn answered(harness: &Harness<'_, DossierApp>) -> bool {
    harness
        .state()
        .state
        .session
        .as_ref()
        .is_some_and(|s| s.verdict().is_some())
}

fn gap_value(harness: &Harness<'_, DossierApp>, gap: usize) -> String {
    harness
        .get_by_label(&format!("Gap {gap}"))
        .value()
        .unwrap_or_default()
}

fn gap_focused(harness: &Harness<'_, DossierApp>, gap: usize) -> bool {
    harness.get_by_label(&format!("Gap {gap}")).is_focused()
}

fn labels_containing(harness: &Harness<'_, DossierApp>, text: &str) -> Vec<String> {
    harness
        .query_all_by_label_contains(text)
        .filter_map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .collect()
}

const LONG_CHOICE: &str = "Question(id: \"long\", prompt: \"After weeks of talks that the article \
    describes at length, with both sides blaming each other for the delays and the supplies running \
    low, which country did the article say had talked with Ukraine?\", passage: \"p1\", \
    quote: \"Russia and Ukraine talked\", explanation: \"The first sentence says so.\", \
    answer: Choice(correct: [\"Russia\"], wrong: [\"France\", \"Spain\", \"Italy\"]))";

#[test]
fn after_check_the_feedback_scrolls_into_view_in_a_small_window_with_large_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = study(dir.path(), &bank_text(LONG_CHOICE), [800.0, 600.0], 1.5);
    // Pick "Russia" by its number, then check.
    let russia = labels_containing(&harness, "Russia")
        .into_iter()
        .find(|l| l.ends_with("Russia"))
        .expect("the option is shown");
    let key = [Key::Num1, Key::Num2, Key::Num3, Key::Num4]
        [russia[..1].parse::<usize>().expect("numbered") - 1];
    press(&mut harness, key);
    press(&mut harness, Key::Enter);
    harness.run_steps(4);
    assert!(answered(&harness));
    let verdict = harness.get_by_label("✔ Correct").rect();
    let rating_bar_top = harness
        .get_by_label("How well did you know it?")
        .rect()
        .min
        .y;
    assert!(
        verdict.min.y >= 0.0 && verdict.max.y <= rating_bar_top,
        "the verdict {verdict:?} is in view above the rating bar at {rating_bar_top}"
    );
}

const TWO_GAPS: &str = "Question(id: \"gaps\", prompt: \"Complete the sentence.\", passage: \"p1\", \
    answer: Cloze(text: \"{Russia} and {Ukraine} talked.\"))";

#[test]
fn a_question_back_after_again_starts_clean_with_focus_in_its_first_gap() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = study(dir.path(), &bank_text(TWO_GAPS), [1000.0, 800.0], 1.0);
    assert!(gap_focused(&harness, 1), "the first gap has the focus");
    type_text(&mut harness, "France");
    press(&mut harness, Key::Enter);
    type_text(&mut harness, "Spain");
    press(&mut harness, Key::Enter);
    assert!(answered(&harness), "checked from the last gap");
    press(&mut harness, Key::Num1);
    harness.run_steps(3);
    assert!(!answered(&harness), "rated Again: the question is back");
    assert_eq!(gap_value(&harness, 1), "", "the old answer is gone");
    assert_eq!(gap_value(&harness, 2), "");
    assert!(gap_focused(&harness, 1), "typing goes into the first gap");
    type_text(&mut harness, "Russia");
    assert_eq!(gap_value(&harness, 1), "Russia");
}

const THREE_GAPS: &str = "Question(id: \"three\", prompt: \"Complete the sentences.\", passage: \"p1\", \
    answer: Cloze(text: \"{Russia} and {Ukraine} talked. Supplies were {dwindling}.\"))";

#[test]
fn enter_in_a_gap_moves_to_the_next_empty_gap_and_checks_from_the_last() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = study(dir.path(), &bank_text(THREE_GAPS), [1000.0, 800.0], 1.0);
    type_text(&mut harness, "Russia");
    press(&mut harness, Key::Enter);
    assert!(!answered(&harness), "Enter in the first gap does not check");
    assert!(gap_focused(&harness, 2));
    type_text(&mut harness, "Ukraine");
    press(&mut harness, Key::Enter);
    assert!(!answered(&harness));
    assert!(gap_focused(&harness, 3));
    type_text(&mut harness, "dwindling");
    press(&mut harness, Key::Enter);
    assert!(answered(&harness), "Enter in the last gap checks");
    assert!(harness.query_by_label("✔ Correct").is_some());
}

#[test]
fn gaps_start_at_one_width_and_grow_with_what_is_typed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = study(dir.path(), &bank_text(THREE_GAPS), [1000.0, 800.0], 1.0);
    let widths = |h: &Harness<'_, DossierApp>| {
        [1, 2, 3].map(|g| h.get_by_label(&format!("Gap {g}")).rect().width())
    };
    let empty = widths(&harness);
    assert!(
        (empty[0] - empty[2]).abs() < 0.5,
        "the width does not hint at the answer's length: {empty:?}"
    );
    type_text(&mut harness, "Russia, as the article says again and again");
    let typed = widths(&harness);
    assert!(
        typed[0] > empty[0] + 100.0,
        "a long answer widens its gap: {empty:?} → {typed:?}"
    );
}

const MATCHING: &str = "Question(id: \"match\", prompt: \"Match each one.\", passage: \"p2\", \
    answer: Matching(pairs: [(\"Engineers\", \"inspect the dam\"), (\"The bridge\", \"reopens\"), \
    (\"The mayor\", \"calls it a warning\")]))";

#[test]
fn matching_is_done_with_number_keys() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = study(dir.path(), &bank_text(MATCHING), [1000.0, 800.0], 1.0);
    let number_of = |h: &Harness<'_, DossierApp>, right: &str| -> usize {
        labels_containing(h, right)
            .iter()
            .find(|l| l.ends_with(right) && l.starts_with(|c: char| c.is_ascii_digit()))
            .and_then(|l| l[..1].parse().ok())
            .unwrap_or_else(|| panic!("each choice is numbered: {:?}", labels_containing(h, "")))
    };
    for right in ["inspect the dam", "reopens", "calls it a warning"] {
        let n = number_of(&harness, right);
        press(&mut harness, [Key::Num1, Key::Num2, Key::Num3][n - 1]);
    }
    press(&mut harness, Key::Enter);
    assert!(answered(&harness));
    assert!(harness.query_by_label("✔ Correct").is_some());
}

const TYPED: &str = "Question(id: \"typed\", prompt: \"Which country talked with Ukraine?\", \
    passage: \"p1\", answer: Typed(accept: [\"Russia\"]))";

#[test]
fn a_wrong_answer_can_only_be_rated_again_and_i_was_right_is_recorded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = study(dir.path(), &bank_text(TYPED), [1000.0, 800.0], 1.0);
    type_text(&mut harness, "the Russian Federation");
    press(&mut harness, Key::Enter);
    assert!(harness.query_by_label_contains("Not quite").is_some());
    for rating in ["Hard", "Good", "Easy"] {
        assert!(
            harness
                .query_all_by_role_and_label(Role::Button, rating)
                .next()
                .is_none()
                && labels_containing(&harness, rating)
                    .iter()
                    .all(|l| !l.starts_with(rating)),
            "{rating} is not offered after a wrong answer"
        );
    }
    press(&mut harness, Key::Num4);
    assert!(
        answered(&harness),
        "4 (Easy) does nothing after a wrong answer"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    harness.run_steps(3);
    assert!(harness.query_by_label("✔ Correct").is_some());
    assert!(
        labels_containing(&harness, "Again")
            .iter()
            .all(|l| !l.starts_with("Again")),
        "right now: Hard, Good or Easy"
    );
    press(&mut harness, Key::Num4);
    let log = std::fs::read_to_string(dir.path().join("progress.jsonl")).expect("log");
    assert!(
        log.contains(OVERRIDE_NOTE),
        "the override is recorded: {log}"
    );
    assert!(log.contains("\"Easy\""), "{log}");
}

#[test]
fn the_summary_counts_a_wrong_answer_as_wrong() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = study(dir.path(), &bank_text(LONG_CHOICE), [1000.0, 800.0], 1.0);
    // Pick a wrong option, check, and take the only rating offered.
    let wrong = labels_containing(&harness, "France")
        .into_iter()
        .next()
        .expect("shown");
    let n: usize = wrong[..1].parse().expect("numbered");
    press(
        &mut harness,
        [Key::Num1, Key::Num2, Key::Num3, Key::Num4][n - 1],
    );
    press(&mut harness, Key::Enter);
    press(&mut harness, Key::Enter);
    press(&mut harness, Key::Escape);
    press(&mut harness, Key::Enter);
    assert!(
        harness.query_by_label_contains("0% right").is_some(),
        "{:?}",
        labels_containing(&harness, "right")
    );
}

#[test]
fn escape_asks_before_ending_and_the_summary_shows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = study(
        dir.path(),
        &bank_text(&format!("{TYPED}, {MATCHING}")),
        [1000.0, 800.0],
        1.0,
    );
    press(&mut harness, Key::Escape);
    assert!(harness.query_by_label("End this session?").is_some());
    assert_eq!(harness.state().state.screen, Screen::Study);
    press(&mut harness, Key::Escape);
    assert!(
        harness.query_by_label("End this session?").is_none(),
        "Escape again studies on"
    );
    press(&mut harness, Key::Escape);
    press(&mut harness, Key::Enter);
    assert!(harness.query_by_label("Session ended").is_some());
    assert!(
        harness
            .query_by_label_contains("2 questions left")
            .is_some()
    );
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().state.screen, Screen::Library);
}

#[test]
fn the_counter_moves_only_when_a_question_is_done_and_agrees_with_the_bar() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = study(
        dir.path(),
        &bank_text(&format!("{TYPED}, {MATCHING}")),
        [1000.0, 800.0],
        1.0,
    );
    assert!(harness.query_by_label_contains("0 of 2 done").is_some());
    // Whatever comes first: give a wrong answer and rate Again.
    type_text(&mut harness, "zzz");
    press(&mut harness, Key::Num1);
    press(&mut harness, Key::Enter);
    press(&mut harness, Key::Num1);
    assert!(
        harness.query_by_label_contains("0 of 2 done").is_some(),
        "a question answered Again is still to go: {:?}",
        labels_containing(&harness, "done")
    );
    assert!(harness.query_by_label_contains("1 answer").is_some());
}

const EVIDENCE: &str = "Question(id: \"evidence\", prompt: \"Find the evidence.\", passage: \"p1\", \
    answer: Evidence(statement: \"Supplies ran low.\", evidence: \"Supplies were dwindling\"))";

#[test]
fn an_evidence_answer_marks_the_picked_sentence_and_the_right_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = study(dir.path(), &bank_text(EVIDENCE), [1000.0, 800.0], 1.0);
    press(&mut harness, Key::Num1);
    press(&mut harness, Key::Enter);
    let picked = labels_containing(&harness, "Russia and Ukraine talked");
    assert!(
        picked
            .iter()
            .any(|l| l.starts_with('✖') && l.ends_with("your answer")),
        "{picked:?}"
    );
    let right = labels_containing(&harness, "Supplies were dwindling");
    assert!(
        right
            .iter()
            .any(|l| l.starts_with('✔') && l.ends_with("right answer")),
        "{right:?}"
    );
}

#[test]
fn enter_starts_studying_from_the_library_and_reveals_a_flashcard() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("quizzes");
    std::fs::create_dir_all(&path).expect("quizzes");
    let flashcard = "Question(id: \"card\", prompt: \"Who talked?\", passage: \"p1\", \
        quote: \"Russia and Ukraine talked\", answer: Flashcard(back: \"Russia and Ukraine\"))";
    std::fs::write(path.join("kb.ron"), bank_text(flashcard)).expect("bank");
    let mut harness = open_app(dir.path(), [1000.0, 800.0], 1.0, None);
    assert_eq!(harness.state().state.screen, Screen::Library);
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().state.screen, Screen::Study);
    let on_card = harness
        .state()
        .state
        .current_question()
        .is_some_and(|(_, id)| id.0 == "card");
    if on_card {
        press(&mut harness, Key::Enter);
        assert!(harness.query_by_label("Russia and Ukraine").is_some());
        assert!(
            harness.query_by_label("Show in article").is_some(),
            "a flashcard shows its passage too"
        );
    }
}

#[test]
fn exam_actors_and_preview_have_shortcuts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = open_app(dir.path(), [1000.0, 800.0], 1.0, None);
    for (modifiers, key, screen) in [
        (Modifiers::COMMAND, Key::E, Screen::Exam),
        (
            Modifiers::COMMAND | Modifiers::SHIFT,
            Key::A,
            Screen::Actors,
        ),
        (Modifiers::COMMAND, Key::P, Screen::Preview),
    ] {
        harness.key_press_modifiers(modifiers, key);
        harness.run_steps(3);
        assert_eq!(harness.state().state.screen, screen);
    }
}

#[test]
fn options_come_back_in_another_order_when_a_question_repeats() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = study(dir.path(), &bank_text(LONG_CHOICE), [1000.0, 800.0], 1.0);
    let order = |h: &Harness<'_, DossierApp>| -> Vec<String> {
        let mut rows: Vec<String> = ["Russia", "France", "Spain", "Italy"]
            .iter()
            .filter_map(|o| labels_containing(h, o).into_iter().find(|l| l.ends_with(o)))
            .collect();
        rows.sort();
        rows
    };
    let first = order(&harness);
    let mut orders = vec![first];
    for _ in 0..3 {
        press(&mut harness, Key::Num1);
        press(&mut harness, Key::Enter);
        press(&mut harness, Key::Num1);
        if harness
            .state()
            .state
            .current_question()
            .is_none_or(|(_, id)| id.0 != "long")
        {
            break;
        }
        orders.push(order(&harness));
    }
    assert!(orders.len() > 1, "the question came back after Again");
    assert!(
        orders.windows(2).any(|w| w[0] != w[1]),
        "the options were reshuffled: {orders:?}"
    );
}

#[test]
fn fill_in_the_gaps_is_said_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cloze = "Question(id: \"fill\", prompt: \"Fill in the gaps.\", passage: \"p1\", \
        answer: Cloze(text: \"Supplies were {dwindling}.\"))";
    let harness = study(dir.path(), &bank_text(cloze), [1000.0, 800.0], 1.0);
    assert_eq!(harness.query_all_by_label("Fill in the gaps.").count(), 1);
}

/// The number key that picks the shown option or choice whose label ends with `text`.
fn number_key_for(harness: &Harness<'_, DossierApp>, text: &str) -> Key {
    let label = labels_containing(harness, text)
        .into_iter()
        .map(|l| l.trim_start_matches(['☐', '☑', ' ']).to_owned())
        .find(|l| l.ends_with(text) && l.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or_else(|| panic!("{text} is shown with its number"));
    let n: usize = label[..1].parse().expect("a digit");
    [
        Key::Num1,
        Key::Num2,
        Key::Num3,
        Key::Num4,
        Key::Num5,
        Key::Num6,
    ][n - 1]
}

#[test]
fn a_question_of_every_kind_is_studied_by_keyboard_alone_from_the_library_to_the_summary() {
    use dossier::bank::Answer;
    let dir = tempfile::tempdir().expect("temp dir");
    let quizzes = dir.path().join("quizzes");
    std::fs::create_dir_all(&quizzes).expect("quizzes");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ui/every-kind.ron");
    std::fs::copy(fixture, quizzes.join("every-kind.ron")).expect("bank");
    let mut harness = open_app(dir.path(), [1000.0, 800.0], 1.0, None);

    // Tab to the Study button of "Every kind of question" and press Enter.
    let title = harness
        .query_all_by_label("Every kind of question")
        .map(|n| n.rect())
        .max_by(|a, b| a.min.y.total_cmp(&b.min.y))
        .expect("the bank is listed");
    let target = harness
        .query_all_by_role_and_label(Role::Button, "Study")
        .map(|n| n.rect())
        .filter(|r| r.min.y > title.min.y)
        .min_by(|a, b| a.min.y.total_cmp(&b.min.y))
        .expect("its Study button");
    let mut tabs = 0;
    while harness
        .query_by(|n| n.is_focused())
        .is_none_or(|n| n.rect() != target)
    {
        press(&mut harness, Key::Tab);
        tabs += 1;
        assert!(tabs < 60, "the Study button is reachable with Tab");
    }
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().state.screen, Screen::Study);

    let mut seen = Vec::new();
    while let Some((id, answer)) = harness
        .state()
        .state
        .current_question()
        .and_then(|(b, id)| b.question(id).map(|q| (q.id.0.clone(), q.answer.clone())))
    {
        assert!(!seen.contains(&id), "{id} came back after Easy");
        seen.push(id.clone());
        match answer {
            Answer::Choice { options, correct } => {
                for (option, right) in options.iter().zip(&correct) {
                    if *right {
                        let key = number_key_for(&harness, option);
                        press(&mut harness, key);
                    }
                }
            }
            Answer::TrueFalse { answer } => {
                press(&mut harness, if answer { Key::Num1 } else { Key::Num2 })
            }
            Answer::Typed { accept } => type_text(&mut harness, &accept[0]),
            Answer::Numeric { accept } => type_text(&mut harness, &accept[0].value.to_string()),
            Answer::Cloze { .. } => type_text(&mut harness, "warning"),
            Answer::Matching { pairs } => {
                for (_, right) in &pairs {
                    let key = number_key_for(&harness, right);
                    press(&mut harness, key);
                }
            }
            Answer::Ordering { .. } => {
                harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
                harness.run_steps(2);
            }
            Answer::Flashcard { .. } => {}
            Answer::TwoPart {
                options,
                correct,
                correct_sentence,
                ..
            } => {
                for (option, right) in options.iter().zip(&correct) {
                    if *right {
                        let key = number_key_for(&harness, option);
                        press(&mut harness, key);
                    }
                }
                for _ in 0..=correct_sentence {
                    press(&mut harness, Key::ArrowDown);
                }
            }
            Answer::Evidence {
                correct_sentence, ..
            } => press(
                &mut harness,
                [Key::Num1, Key::Num2, Key::Num3][correct_sentence],
            ),
        }
        // Enter checks (or reveals the flashcard); 4 rates Easy.
        press(&mut harness, Key::Enter);
        if id != "flashcard" {
            assert!(
                harness.query_by_label("✔ Correct").is_some(),
                "{id} is graded right"
            );
        }
        press(&mut harness, Key::Num4);
    }
    assert_eq!(seen.len(), 11, "every kind was asked: {seen:?}");
    assert!(harness.query_by_label("Session complete").is_some());
    assert!(harness.query_by_label_contains("11 answered").is_some());
    press(&mut harness, Key::Escape);
    assert_eq!(harness.state().state.screen, Screen::Library);
}

/// Roles a screen reader user operates; each needs a name to be found and understood.
fn is_control(role: Role) -> bool {
    matches!(
        role,
        Role::Button
            | Role::TextInput
            | Role::MultilineTextInput
            | Role::CheckBox
            | Role::ComboBox
            | Role::SpinButton
            | Role::Slider
            | Role::Link
            | Role::RadioButton
            | Role::Tab
    )
}

#[test]
fn a_screen_reader_finds_every_control_by_role_and_name_on_every_screen_and_tabs_through_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = open_app(dir.path(), [1000.0, 800.0], 1.0, None);
    let screens = [
        (Modifiers::COMMAND, Key::L, Screen::Library),
        (Modifiers::COMMAND, Key::R, Screen::Read),
        (
            Modifiers::COMMAND | Modifiers::SHIFT,
            Key::A,
            Screen::Actors,
        ),
        (Modifiers::COMMAND, Key::E, Screen::Exam),
        (Modifiers::COMMAND, Key::T, Screen::Stats),
        (Modifiers::COMMAND, Key::Comma, Screen::Settings),
        (Modifiers::COMMAND, Key::P, Screen::Preview),
        (Modifiers::COMMAND, Key::I, Screen::Import),
    ];
    for (modifiers, key, screen) in screens {
        harness.key_press_modifiers(modifiers, key);
        harness.run_steps(3);
        assert_eq!(harness.state().state.screen, screen);
        check_names(&mut harness, screen);
    }
    // And the study screen, reached from the library with Enter.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::L);
    harness.run_steps(3);
    press(&mut harness, Key::Enter);
    assert_eq!(harness.state().state.screen, Screen::Study);
    check_names(&mut harness, Screen::Study);
}

fn check_names(harness: &mut Harness<'_, DossierApp>, screen: Screen) {
    let unnamed: Vec<String> = harness
        .query_all_by(|node| is_control(node.role()))
        .filter(|n| {
            n.accesskit_node()
                .label()
                .is_none_or(|l| l.trim().is_empty())
        })
        .map(|n| format!("{:?}", n.accesskit_node().role()))
        .collect();
    assert!(
        unnamed.is_empty(),
        "{screen:?}: controls without a name: {unnamed:?}"
    );
    // Tab visits named controls only, and gets somewhere.
    let mut visited = 0;
    for _ in 0..12 {
        harness.key_press(Key::Tab);
        harness.run_steps(2);
        if let Some(focused) = harness.query_by(|n| n.is_focused()) {
            let node = focused.accesskit_node();
            assert!(
                node.label()
                    .or_else(|| node.value())
                    .is_some_and(|l| !l.trim().is_empty()),
                "{screen:?}: a focused {:?} without a name",
                node.role()
            );
            visited += 1;
        }
    }
    assert!(visited > 0, "{screen:?}: Tab reaches a control");
    // Leave nothing focused for the next screen's shortcuts.
    harness
        .state()
        .state
        .screen
        .eq(&screen)
        .then_some(())
        .expect("Tab did not leave the screen");
    harness.key_press(Key::Escape);
    harness.run_steps(2);
}

#[test]
fn a_question_just_missed_is_not_counted_as_known_anywhere() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = study(dir.path(), &bank_text(TYPED), [1000.0, 800.0], 1.0);
    type_text(&mut harness, "France");
    press(&mut harness, Key::Enter);
    press(&mut harness, Key::Enter);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    harness.run_steps(3);
    assert!(
        harness.query_by_label_contains("0 of 1 known").is_some(),
        "statistics: {:?}",
        labels_containing(&harness, "known")
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run_steps(3);
    assert!(
        harness.query_by_label_contains("0/1 known").is_some(),
        "reader: {:?}",
        labels_containing(&harness, "known")
    );
}
