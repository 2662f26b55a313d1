//! The finer points a student sees on screen, checked on what is painted: the statistics charts'
//! axes and bars, a matching dropdown's width, the reader's legend and its marks by keyboard, and the
//! settings' columns.

use std::path::Path;

use chrono::TimeZone;
use dossier::bank::Bank;
use dossier::progress::location::DataDir;
use dossier::progress::settings::Settings;
use dossier::study::{Event, Rating, Record, RecordId};
use dossier::ui::intent::Screen;
use dossier::ui::state::AppState;
use dossier::ui::{DossierApp, LaunchOptions};
use dossier::{BankId, FixedClock};
use egui::accesskit::Role;
use egui::epaint::{Shape, TextShape};
use egui::{Key, Rect};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

/// An 800×600 window at 150 % text is 533×400 points. The harness usually applies the text zoom to
/// the size it is given (800×600 at 1.5 gives 533×400 points), but not on every screen: opened
/// straight on the Exam screen it kept 800×600 points. Giving it 533×400 keeps every screen at or
/// below the real size (most get 355×266 points, stricter than the real window).
const SMALL: [f32; 2] = [800.0 / 1.5, 600.0 / 1.5];

fn clock() -> FixedClock {
    let offset = chrono::FixedOffset::east_opt(3600).expect("valid offset");
    FixedClock::new(
        offset
            .with_ymd_and_hms(2026, 3, 2, 10, 0, 0)
            .single()
            .expect("valid time"),
    )
}

/// The app on `dir` with the every-kind bank in its library, text at `scale`.
fn state(dir: &Path, scale: f32) -> AppState {
    Settings {
        text_scale: scale,
        ..Settings::default()
    }
    .save(&DataDir::at(dir).settings_path())
    .expect("settings saved");
    let quizzes = dir.join("quizzes");
    std::fs::create_dir_all(&quizzes).expect("quizzes");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ui/every-kind.ron");
    std::fs::copy(fixture, quizzes.join("every-kind.ron")).expect("bank");
    AppState::open(Box::new(clock()), Some(dir.to_path_buf()))
}

fn harness(
    state: AppState,
    size: [f32; 2],
    options: LaunchOptions,
) -> Harness<'static, DossierApp> {
    let app = DossierApp::new(state, &options);
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

/// Every shape painted in the last frame, nested lists flattened.
fn painted(harness: &Harness<'_, DossierApp>) -> Vec<Shape> {
    fn flatten(shape: &Shape, out: &mut Vec<Shape>) {
        match shape {
            Shape::Vec(shapes) => shapes.iter().for_each(|s| flatten(s, out)),
            other => out.push(other.clone()),
        }
    }
    let mut out = Vec::new();
    for clipped in &harness.output().shapes {
        flatten(&clipped.shape, &mut out);
    }
    out
}

fn texts(harness: &Harness<'_, DossierApp>) -> Vec<TextShape> {
    painted(harness)
        .into_iter()
        .filter_map(|s| match s {
            Shape::Text(text) => Some(text),
            _ => None,
        })
        .collect()
}

/// Saves a review straight into the log, as if `question` had been studied at `at_ms`.
fn save_review(state: &mut AppState, bank: &Bank, question: usize, at_ms: i64, rating: Rating) {
    let question = &bank.questions[question];
    let record = Record {
        id: RecordId::new(at_ms),
        at_ms,
        utc_offset_secs: 3600,
        bank: bank.id.clone(),
        question: question.id.clone(),
        event: Event::Review {
            rating,
            score: if rating == Rating::Again { 0.0 } else { 1.0 },
            answer: String::new(),
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

/// The "Reviews per day" plot area (without its axes), found by its name for screen readers.
fn reviews_chart(harness: &Harness<'_, DossierApp>) -> Rect {
    harness
        .get_by_label_contains("Reviews per day chart")
        .rect()
}

/// The numbers written along the left of a chart: its y axis.
fn y_axis_numbers(harness: &Harness<'_, DossierApp>, chart: Rect) -> Vec<f64> {
    texts(harness)
        .iter()
        .filter(|t| {
            let rect = t.visual_bounding_rect();
            rect.max.x <= chart.min.x + 1.0
                && rect.center().y >= chart.min.y - 8.0
                && rect.center().y <= chart.max.y + 8.0
        })
        .filter_map(|t| t.galley.text().replace('−', "-").trim().parse().ok())
        .collect()
}

#[test]
fn an_empty_reviews_chart_counts_up_from_zero_never_below() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = state(dir.path(), 1.0);
    state.screen = Screen::Stats;
    let harness = harness(state, [1000.0, 1400.0], LaunchOptions::default());
    let chart = reviews_chart(&harness);
    let numbers = y_axis_numbers(&harness, chart);
    assert!(
        numbers.len() >= 2,
        "the y axis is labelled: {numbers:?} left of {chart:?}"
    );
    assert!(
        numbers.iter().all(|n| *n >= 0.0),
        "no negative counts on the y axis: {numbers:?}"
    );
    assert!(numbers.contains(&0.0), "it starts at 0: {numbers:?}");
}

#[test]
fn days_without_answers_get_no_bar_in_the_reviews_chart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = state(dir.path(), 1.0);
    let bank = state.selected().expect("the bundled bank").clone();
    let now_ms = state.clock.now().timestamp_millis();
    let day = 86_400_000;
    // Three days ago: two right, one wrong. Yesterday: one right. Every other day: nothing.
    save_review(&mut state, &bank, 0, now_ms - 3 * day, Rating::Good);
    save_review(&mut state, &bank, 1, now_ms - 3 * day + 1000, Rating::Good);
    save_review(&mut state, &bank, 2, now_ms - 3 * day + 2000, Rating::Again);
    save_review(&mut state, &bank, 3, now_ms - day, Rating::Good);
    state.screen = Screen::Stats;
    let harness = harness(state, [1000.0, 1400.0], LaunchOptions::default());
    let chart = reviews_chart(&harness);
    let bars: Vec<Rect> = painted(&harness)
        .into_iter()
        .filter_map(|s| match s {
            Shape::Rect(rect) if chart.expand(1.0).contains_rect(rect.rect) => Some(rect.rect),
            _ => None,
        })
        .collect();
    // A right bar on each of the two days and a wrong one stacked on the first: nothing for the 28
    // empty days (a bar of height 0 is drawn as a blob on the axis).
    assert_eq!(bars.len(), 3, "{bars:?}");
    assert!(
        bars.iter().all(|b| b.height() >= 2.0),
        "every bar drawn stands up: {bars:?}"
    );
}

const LONG_CHOICE: &str = "will reopen to traffic only after the engineers have finished inspecting \
    every pillar, cable and joint of the old structure, which may take several weeks";

#[test]
fn a_long_matching_choice_does_not_widen_its_dropdown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bank = format!(
        "Bank(id: \"m\", title: \"M\", source: \"t\", derived_questions: false, \
         passages: [Passage(id: \"p\", section: \"S\", text: \"Engineers will inspect the dam. Then \
         the bridge reopens.\")], questions: [Question(id: \"q\", prompt: \"Match.\", passage: \"p\", \
         answer: Matching(pairs: [(\"Engineers\", \"inspect the dam\"), (\"The bridge\", \"{LONG_CHOICE}\")]))])"
    );
    let path = dir.path().join("m.ron");
    std::fs::write(&path, bank).expect("bank");
    let options = LaunchOptions {
        study_bank: Some(path),
        ..Default::default()
    };
    let mut harness = harness(state(dir.path(), 1.0), [1000.0, 800.0], options);
    let dropdown =
        |h: &Harness<'_, DossierApp>| h.get_by_role_and_label(Role::ComboBox, "The bridge").rect();
    let before = dropdown(&harness);
    harness
        .get_by_role_and_label(Role::ComboBox, "The bridge")
        .click();
    harness.run_steps(3);
    let item = harness
        .query_all_by_label(LONG_CHOICE)
        .find(|n| n.accesskit_node().role() != Role::Label)
        .expect("the long choice is in the open list");
    let item_rect = item.rect();
    assert!(
        item_rect.width() <= before.width() + 1.0,
        "the open list is as wide as the box: {item_rect:?} vs {before:?}"
    );
    item.click();
    harness.run_steps(3);
    let after = dropdown(&harness);
    assert!(harness.state().state.session.is_some(), "still answering");
    assert!(
        (after.width() - before.width()).abs() < 0.5,
        "the box keeps its width with the long choice in it: {before:?} → {after:?}"
    );
    assert!(after.max.x <= 1000.0, "{after:?} inside the window");
}

/// The painted galley whose text is exactly `text`.
fn galley_of(harness: &Harness<'_, DossierApp>, text: &str) -> Option<TextShape> {
    texts(harness).into_iter().find(|t| t.galley.text() == text)
}

/// The format of the stretch `part` in the painted galley `text`.
fn format_of(shape: &TextShape, part: &str) -> egui::text::TextFormat {
    let job = &shape.galley.job;
    job.sections
        .iter()
        .find(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0] == part)
        .unwrap_or_else(|| panic!("{part} is a stretch of its own in {:?}", job.text))
        .format
        .clone()
}

fn reader(dir: &Path, size: [f32; 2], scale: f32) -> Harness<'static, DossierApp> {
    let mut state = state(dir, scale);
    state.selected_bank = Some(BankId("every-kind".into()));
    state.screen = Screen::Read;
    harness(state, size, LaunchOptions::default())
}

/// The word `text` painted on the row of the "Mark actors and claims" box (not the navigation's
/// "Actors" button).
fn legend_entry(harness: &Harness<'_, DossierApp>, text: &str) -> Option<TextShape> {
    let row = harness.get_by_label("Mark actors and claims").rect();
    texts(harness).into_iter().find(|t| {
        let y = t.visual_bounding_rect().center().y;
        t.galley.text() == text && y >= row.min.y && y <= row.max.y
    })
}

const FIRST_PASSAGE: &str =
    "Reports suggest that the river rose by two metres. The mayor called it “a warning”.";

#[test]
fn the_reader_s_marks_have_a_legend_that_looks_like_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = reader(dir.path(), [1000.0, 800.0], 1.0);
    let passage = galley_of(&harness, FIRST_PASSAGE).expect("the first passage is painted");
    let actor = format_of(&passage, "The mayor");
    let claim = format_of(&passage, "the river rose by two metres");
    let plain = format_of(&passage, "Reports suggest that ");
    let legend_actors = legend_entry(&harness, "Actors").expect("a legend entry for actors");
    let legend_claims = legend_entry(&harness, "claims").expect("a legend entry for claims");
    assert_eq!(format_of(&legend_actors, "Actors").color, actor.color);
    assert_ne!(actor.color, plain.color, "actors stand out");
    assert_eq!(
        format_of(&legend_claims, "claims").underline,
        claim.underline
    );
    assert!(claim.underline.width > 0.0, "claims are underlined");

    harness.get_by_label("Mark actors and claims").click();
    harness.run_steps(3);
    assert!(
        legend_entry(&harness, "Actors").is_none(),
        "no legend without marks"
    );
}

/// Presses Tab until the focused widget's name is `name` (at most `limit` times).
fn tab_to(harness: &mut Harness<'_, DossierApp>, role: Role, name: &str, limit: usize) -> bool {
    for _ in 0..limit {
        press(harness, Key::Tab);
        if harness
            .query_all_by_role_and_label(role, name)
            .any(|n| n.is_focused())
        {
            return true;
        }
    }
    false
}

#[test]
fn every_claim_and_actor_in_the_reader_is_reached_by_tab_and_opened_with_enter() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = reader(dir.path(), SMALL, 1.5);
    let claim = "The river rose by two metres.";
    assert!(
        tab_to(&mut harness, Role::Button, claim, 40),
        "Tab reaches the claim, named by what it claims"
    );
    press(&mut harness, Key::Enter);
    assert!(
        harness
            .query_by_label_contains("How sure the article is: reported")
            .is_some(),
        "Enter opens the claim's card"
    );
    assert!(
        harness
            .query_by_label("Said by: the article itself")
            .is_some()
    );
    press(&mut harness, Key::Escape);
    assert!(
        harness
            .query_by_label("Said by: the article itself")
            .is_none(),
        "Escape closes the card"
    );
    assert_eq!(
        harness.state().state.screen,
        Screen::Read,
        "and stays in the reader"
    );

    let actor = "The mayor (actor)";
    assert!(
        tab_to(&mut harness, Role::Button, actor, 40),
        "then the actor"
    );
    press(&mut harness, Key::Space);
    assert!(
        harness
            .query_by_label("Calls the flood a warning.")
            .is_some(),
        "Space opens the actor's card"
    );
}

#[test]
fn settings_labels_share_one_column_and_their_controls_line_up() {
    for (size, scale) in [([1000.0, 800.0], 1.0), (SMALL, 1.5)] {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut state = state(dir.path(), scale);
        state.screen = Screen::Settings;
        let harness = harness(state, size, LaunchOptions::default());
        // Each row's label, and the control beside it (the first of a row of buttons).
        let rows = [
            ("Theme", "Follow system"),
            ("Text size", "Text size"),
            ("Rating buttons", "Four (Again, Hard, Good, Easy)"),
            ("New questions per day", "New questions per day"),
            ("Desired retention", "Desired retention"),
            ("Learning steps (minutes)", "Learning steps (minutes)"),
            ("Relearning steps (minutes)", "Relearning steps (minutes)"),
            ("New day starts at", "New day starts at"),
            ("Maximum interval (days)", "Maximum interval (days)"),
            ("Reviews per day (per bank)", "Reviews per day (per bank)"),
            ("Spread review dates", "Spread review dates"),
            (
                "Your name (for exam results)",
                "Your name (for exam results)",
            ),
        ];
        let mut labels = Vec::new();
        let mut controls = Vec::new();
        for (label, control) in rows {
            labels.push((
                label,
                harness.get_by_role_and_label(Role::Label, label).rect(),
            ));
            let rect = harness
                .query_all_by_label(control)
                .filter(|n| n.accesskit_node().role() != Role::Label)
                .map(|n| n.rect())
                .min_by(|a, b| a.min.x.total_cmp(&b.min.x))
                .unwrap_or_else(|| panic!("{control} has a control"));
            controls.push((control, rect));
        }
        let label_x = labels[0].1.min.x;
        let control_x = controls[0].1.min.x;
        let widest_label = labels.iter().map(|(_, r)| r.max.x).fold(f32::MIN, f32::max);
        for (name, rect) in &labels {
            assert!(
                (rect.min.x - label_x).abs() < 1.0,
                "at {scale}: label {name} {rect:?} starts where the others do ({label_x})"
            );
        }
        for (name, rect) in &controls {
            assert!(
                (rect.min.x - control_x).abs() < 1.0,
                "at {scale}: the control of {name} {rect:?} lines up with the others ({control_x})"
            );
        }
        assert!(
            control_x > widest_label,
            "at {scale}: controls ({control_x}) right of every label ({widest_label})"
        );
    }
}

#[test]
fn the_status_line_stays_at_the_foot_of_the_window_below_the_rating_bar() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = LaunchOptions {
        study_bank: Some(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ui/every-kind.ron"),
        ),
        ..Default::default()
    };
    let mut harness = harness(state(dir.path(), 1.5), SMALL, options);
    let status = |h: &Harness<'_, DossierApp>| h.get_by_label("✔ All progress saved").rect();
    let before = status(&harness);
    // Whatever comes first, answered: a flashcard is revealed, anything else checked as picked.
    press(&mut harness, Key::Num1);
    press(&mut harness, Key::Enter);
    let bar = harness.get_by_label("How well did you know it?").rect();
    let after = status(&harness);
    assert_eq!(after, before, "the status line does not move");
    assert!(
        after.min.y >= bar.max.y,
        "the status {after:?} is below the rating bar {bar:?}"
    );
}

#[test]
fn the_next_question_starts_at_its_top_after_feedback_scrolled_down() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = LaunchOptions {
        study_bank: Some(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ui/every-kind.ron"),
        ),
        ..Default::default()
    };
    let mut harness = harness(state(dir.path(), 1.5), SMALL, options);
    for _ in 0..3 {
        // Answer (a flashcard: reveal), go on with the suggested rating.
        press(&mut harness, Key::Num1);
        press(&mut harness, Key::Enter);
        press(&mut harness, Key::Enter);
        let state = &harness.state().state;
        let Some((bank, id)) = state.current_question() else {
            break;
        };
        let prompt = bank.question(id).expect("in the bank").prompt.clone();
        let header = harness.get_by_label_contains(" done · ").rect();
        let shown = harness
            .query_all_by_label(&prompt)
            .next()
            .unwrap_or_else(|| panic!("{prompt} is shown"))
            .rect();
        assert!(
            shown.min.y >= header.max.y,
            "{prompt:?} {shown:?} starts below the session header {header:?}, not scrolled off"
        );
    }
}

#[test]
fn a_cloze_sentence_is_spaced_as_a_sentence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bank = "Bank(id: \"c\", title: \"C\", source: \"t\", derived_questions: false, \
        passages: [Passage(id: \"p\", section: \"S\", text: \"The mayor called it a warning.\")], \
        questions: [Question(id: \"q\", prompt: \"Complete the sentence.\", passage: \"p\", \
        answer: Cloze(text: \"The mayor called it a {warning}.\"))])";
    let path = dir.path().join("c.ron");
    std::fs::write(&path, bank).expect("bank");
    let options = LaunchOptions {
        study_bank: Some(path),
        ..Default::default()
    };
    let harness = harness(state(dir.path(), 1.0), [1000.0, 800.0], options);
    let word = |w: &str| {
        harness
            .query_all_by_label_contains(w)
            .map(|n| n.rect())
            .min_by(|a, b| a.width().total_cmp(&b.width()))
            .unwrap_or_else(|| panic!("{w} is shown"))
    };
    let (the, mayor) = (word("The "), word("mayor "));
    let gap = mayor.min.x - the.max.x;
    assert!(
        gap.abs() < 1.0,
        "one space between words (carried by the word), not a space and a gap: {gap}"
    );
}

#[test]
fn the_exam_can_be_started_in_a_small_window_with_large_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = state(dir.path(), 1.5);
    state.screen = Screen::Exam;
    let size = SMALL;
    let mut harness = harness(state, size, LaunchOptions::default());
    let window = Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size[0], size[1]));
    for _ in 0..8 {
        harness
            .get_by_role_and_label(Role::Label, "Time limit")
            .scroll_down();
        harness.run_steps(2);
    }
    let start = harness
        .get_by_role_and_label(Role::Button, "Start exam")
        .rect();
    assert!(
        window.contains_rect(start),
        "Start exam {start:?} can be brought into {window:?}"
    );
    let sections = harness
        .get_by_role_and_label(Role::Label, "Sections")
        .rect();
    let first = harness
        .query_all_by_role(Role::CheckBox)
        .map(|n| n.rect())
        .filter(|r| r.min.y > sections.min.y)
        .min_by(|a, b| a.min.y.total_cmp(&b.min.y))
        .expect("a box per section");
    assert!(
        first.min.y - sections.max.y < 20.0,
        "the Sections label {sections:?} sits just above its first box {first:?}"
    );
}

#[test]
fn a_session_ended_after_check_shows_its_summary_without_the_rating_bar() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = LaunchOptions {
        study_bank: Some(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ui/every-kind.ron"),
        ),
        ..Default::default()
    };
    let mut harness = harness(state(dir.path(), 1.5), SMALL, options);
    press(&mut harness, Key::Num1);
    press(&mut harness, Key::Enter);
    assert!(
        harness
            .query_by_label("How well did you know it?")
            .is_some()
    );
    press(&mut harness, Key::Escape);
    press(&mut harness, Key::Enter);
    assert!(harness.query_by_label("Session ended").is_some());
    assert!(
        harness
            .query_by_label("How well did you know it?")
            .is_none(),
        "no ratings under the summary"
    );
}

#[test]
fn tab_brings_the_focused_control_into_view() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = state(dir.path(), 1.5);
    state.screen = Screen::Exam;
    let mut harness = harness(state, SMALL, LaunchOptions::default());
    assert!(
        tab_to(&mut harness, Role::Button, "Start exam", 40),
        "Tab reaches Start exam"
    );
    harness.run();
    let start = harness
        .get_by_role_and_label(Role::Button, "Start exam")
        .rect();
    let status = harness.get_by_label("F1 shortcuts").rect();
    assert!(
        start.max.y <= status.min.y && start.min.y >= 0.0,
        "the focused Start exam {start:?} is in view above the status line {status:?}"
    );
}
