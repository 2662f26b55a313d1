//! Every screen in a small window with large text, and the screens that show one bank: nothing drawn
//! over anything else, nothing cut off, and the bank on screen the one the student picked.

use std::path::{Path, PathBuf};

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::progress::location::DataDir;
use dossier::progress::settings::Settings;
use dossier::ui::intent::Screen;
use dossier::ui::state::{AppState, Notice};
use dossier::ui::{DossierApp, LaunchOptions};
use egui::accesskit::Role;
use egui::{Key, Modifiers, Rect};
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

fn state(dir: &Path, scale: f32) -> AppState {
    let settings = Settings {
        text_scale: scale,
        ..Settings::default()
    };
    settings
        .save(&DataDir::at(dir).settings_path())
        .expect("settings saved");
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

fn rect_of(harness: &Harness<'_, DossierApp>, label: &str) -> Rect {
    harness.get_by_label(label).rect()
}

fn rect_containing(harness: &Harness<'_, DossierApp>, text: &str) -> Rect {
    harness
        .query_all_by_label_contains(text)
        .next()
        .unwrap_or_else(|| panic!("{text} is shown"))
        .rect()
}

/// The window's size in points at `scale` (the text size is a zoom).
fn window(size: [f32; 2], scale: f32) -> Rect {
    Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(size[0], size[1]) / scale)
}

#[test]
fn library_buttons_are_never_drawn_over_a_bank_s_counts_at_800_px() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = state(dir.path(), 1.5);
    state.open_bank_file(&fixture("ui/every-kind.ron"));
    let harness = harness(state, [800.0, 600.0], LaunchOptions::default());
    let counts: Vec<Rect> = harness
        .query_all_by_label_contains("due today")
        .map(|n| n.rect())
        .collect();
    assert!(!counts.is_empty());
    for button in ["Preview", "Add to library"] {
        for node in harness.query_all_by_role_and_label(Role::Button, button) {
            for count in &counts {
                assert!(
                    !node.rect().intersects(*count),
                    "{button} {:?} is drawn over the counts {count:?}",
                    node.rect()
                );
            }
        }
    }
}

#[test]
fn the_library_header_wraps_inside_the_window_at_150_percent_in_800_px() {
    let dir = tempfile::tempdir().expect("temp dir");
    let harness = harness(
        state(dir.path(), 1.5),
        [800.0, 600.0],
        LaunchOptions::default(),
    );
    let window = window([800.0, 600.0], 1.5);
    for button in [
        "Open bank… Ctrl+O",
        "Import… Ctrl+I",
        "New bank from article…",
        "Reload",
    ] {
        let rect = rect_of(&harness, button);
        assert!(
            window.contains_rect(rect),
            "{button} {rect:?} is outside the window {window:?}"
        );
    }
    let title = rect_containing(&harness, "Ready to study");
    assert!(
        title.left() >= 0.0,
        "the library is not pushed sideways: {title:?}"
    );
}

#[test]
fn settings_options_are_not_cut_off_at_160_percent_in_800_px() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = state(dir.path(), 1.6);
    state.screen = Screen::Settings;
    let harness = harness(state, [800.0, 600.0], LaunchOptions::default());
    let window = window([800.0, 600.0], 1.6);
    for option in [
        "Two (Again, Good)",
        "Four (Again, Hard, Good, Easy)",
        "Follow system",
    ] {
        let rect = rect_of(&harness, option);
        assert!(
            rect.max.x <= window.max.x + 0.5,
            "{option} {rect:?} runs off the window {window:?}"
        );
    }
}

#[test]
fn the_shortcut_help_stays_inside_the_window_below_the_navigation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(
        state(dir.path(), 1.5),
        [800.0, 600.0],
        LaunchOptions::default(),
    );
    harness.key_press(Key::F1);
    harness.run_steps(4);
    let nav_bottom = harness
        .get_by_role_and_label(Role::Button, "Library")
        .rect()
        .max
        .y;
    let help = harness
        .query_all_by_label_contains("Keyboard shortcuts")
        .map(|n| n.rect())
        .fold(Rect::NOTHING, |a, b| a.union(b));
    let window = window([800.0, 600.0], 1.5);
    assert!(help.min.y >= nav_bottom, "{help:?} covers the navigation");
    assert!(
        help.max.y <= window.max.y + 0.5,
        "{help:?} runs off {window:?}"
    );
    let status = rect_of(&harness, "F1 shortcuts");
    assert!(
        help.max.y <= status.min.y,
        "{help:?} covers the status line {status:?}"
    );
    // The last shortcut can be scrolled to.
    let last = harness.get_by_label("Accept the suggested rating");
    last.scroll_to_me();
    harness.run_steps(3);
    let last = harness.get_by_label("Accept the suggested rating").rect();
    assert!(last.max.y <= window.max.y + 0.5, "{last:?}");
}

#[test]
fn the_rating_bar_stays_put_when_a_notice_comes_or_goes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = LaunchOptions {
        study_bank: Some(fixture("ui/every-kind.ron")),
        ..Default::default()
    };
    let mut harness = harness(state(dir.path(), 1.0), [1000.0, 700.0], options);
    // Answer whatever comes first, then compare the rating bar with and without a notice.
    let flashcard = harness
        .state()
        .state
        .current_question()
        .is_some_and(|(_, id)| id.0 == "flashcard");
    if flashcard {
        harness.key_press(Key::Space);
    } else {
        harness.key_press(Key::Num1);
        harness.run_steps(2);
        harness.key_press(Key::Enter);
    }
    harness.run_steps(4);
    let bar = rect_of(&harness, "How well did you know it?");
    harness.state_mut().state.notices.push(Notice {
        text: "Last answer undone.".into(),
        is_error: false,
    });
    harness.run_steps(4);
    assert_eq!(rect_of(&harness, "How well did you know it?"), bar);
}

#[test]
fn true_false_keeps_two_buttons_side_by_side_after_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bank = "Bank(id: \"tf\", title: \"TF\", source: \"t\", derived_questions: false, \
        passages: [Passage(id: \"p\", section: \"S\", text: \"The river rose.\")], \
        questions: [Question(id: \"q\", prompt: \"The river rose.\", passage: \"p\", \
        answer: TrueFalse(answer: true))])";
    let path = dir.path().join("tf.ron");
    std::fs::write(&path, bank).expect("bank");
    let options = LaunchOptions {
        study_bank: Some(path),
        ..Default::default()
    };
    let mut harness = harness(state(dir.path(), 1.0), [1000.0, 700.0], options);
    let before = rect_containing(&harness, "True");
    harness.key_press(Key::Num1);
    harness.run_steps(2);
    harness.key_press(Key::Enter);
    harness.run_steps(4);
    let true_row = rect_containing(&harness, "1   True");
    let false_row = rect_containing(&harness, "2   False");
    assert!(
        (true_row.min.y - false_row.min.y).abs() < 1.0,
        "side by side: {true_row:?} {false_row:?}"
    );
    assert!(
        true_row.width() < 2.5 * before.width(),
        "no full-width rows: {before:?} → {true_row:?}"
    );
}

#[test]
fn statistics_names_are_not_cut_to_a_few_letters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = state(dir.path(), 1.0);
    state.screen = Screen::Stats;
    let harness = harness(state, [1000.0, 800.0], LaunchOptions::default());
    let intro = harness
        .query_all_by_label("Introduction")
        .map(|n| n.rect())
        .max_by(|a, b| a.width().total_cmp(&b.width()))
        .expect("the section is listed");
    assert!(intro.width() > 70.0, "{intro:?}");
}

#[test]
fn every_screen_showing_one_bank_has_a_bank_picker_that_selects_the_bank() {
    let dir = tempfile::tempdir().expect("temp dir");
    let quizzes = dir.path().join("quizzes");
    std::fs::create_dir_all(&quizzes).expect("quizzes");
    std::fs::copy(fixture("ui/every-kind.ron"), quizzes.join("every-kind.ron")).expect("bank");
    let mut harness = harness(
        state(dir.path(), 1.0),
        [1000.0, 800.0],
        LaunchOptions::default(),
    );
    for (modifiers, key) in [
        (Modifiers::COMMAND, Key::T),
        (Modifiers::COMMAND, Key::R),
        (Modifiers::COMMAND | Modifiers::SHIFT, Key::A),
        (Modifiers::COMMAND, Key::E),
        (Modifiers::COMMAND, Key::P),
    ] {
        harness.key_press_modifiers(modifiers, key);
        harness.run_steps(3);
        assert!(
            harness.query_by_label("Bank").is_some(),
            "{:?} has a bank picker",
            harness.state().state.screen
        );
    }
    harness.get_by_label("Bank").click();
    harness.run_steps(3);
    harness
        .get_by_role_and_label(Role::Button, "Every kind of question")
        .click();
    harness.run_steps(3);
    let selected = harness.state().state.selected_bank.clone();
    assert_eq!(selected.map(|b| b.0), Some("every-kind".to_owned()));
}

#[test]
fn each_screen_keeps_its_own_scroll_position() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = state(dir.path(), 1.0);
    state.screen = Screen::Stats;
    let mut harness = harness(state, [1000.0, 600.0], LaunchOptions::default());
    let top = rect_of(&harness, "reviews in all");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::R);
    harness.run_steps(3);
    for _ in 0..6 {
        harness
            .query_all_by_label("Introduction")
            .next()
            .expect("the first section")
            .scroll_down();
        harness.run_steps(1);
    }
    harness.key_press_modifiers(Modifiers::COMMAND, Key::T);
    harness.run_steps(3);
    assert_eq!(
        rect_of(&harness, "reviews in all"),
        top,
        "the statistics open at their top"
    );
}

#[test]
fn text_size_typed_as_a_percentage_is_read_as_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = state(dir.path(), 1.0);
    state.screen = Screen::Settings;
    let mut harness = harness(state, [1000.0, 800.0], LaunchOptions::default());
    let value = harness.get_by_role_and_label(Role::SpinButton, "Text size");
    assert_eq!(value.value().as_deref(), Some("100 %"));
    value.click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text("150".into()));
    harness.run_steps(1);
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    assert_eq!(harness.state().state.settings.text_scale, 1.5);
}

#[test]
fn ctrl_o_offers_a_path_field_that_opens_the_bank() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(
        state(dir.path(), 1.0),
        [1000.0, 800.0],
        LaunchOptions::default(),
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run_steps(3);
    let field = harness.get_by_label("Bank file path");
    assert!(field.is_focused(), "typing goes straight into the path");
    harness.event(egui::Event::Text(
        fixture("ui/every-kind.ron").display().to_string(),
    ));
    harness.run_steps(1);
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    assert!(harness.query_by_label("Bank file path").is_none());
    assert!(
        harness
            .query_all_by_label_contains("Every kind of question")
            .next()
            .is_some(),
        "the bank is open"
    );
}

#[test]
fn a_mistake_on_a_long_line_is_shown_near_its_caret_inside_the_window() {
    let dir = tempfile::tempdir().expect("temp dir");
    let quizzes = dir.path().join("quizzes");
    std::fs::create_dir_all(&quizzes).expect("quizzes");
    let source = std::fs::read_to_string(fixture("ui/every-kind.ron")).expect("fixture");
    let long = format!(
        "{}promt: \"Match.\"",
        "        ".repeat(3) + &" ".repeat(120)
    );
    std::fs::write(
        quizzes.join("broken.ron"),
        source.replace("prompt: \"Match.\"", &long),
    )
    .expect("broken bank");
    let harness = harness(
        state(dir.path(), 1.5),
        [800.0, 600.0],
        LaunchOptions::default(),
    );
    let excerpt = rect_containing(&harness, "promt");
    let window = window([800.0, 600.0], 1.5);
    assert!(
        excerpt.max.x <= window.max.x + 0.5,
        "the mistake {excerpt:?} is inside {window:?}"
    );
    assert!(
        harness
            .query_by_label_contains("did you mean `prompt`")
            .is_some()
    );
}

#[test]
fn multi_select_options_have_boxes_and_the_exam_marks_answered_not_right() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = LaunchOptions {
        study_bank: Some(fixture("ui/every-kind.ron")),
        ..Default::default()
    };
    let mut harness = harness(state(dir.path(), 1.0), [1000.0, 800.0], options);
    while harness
        .state()
        .state
        .current_question()
        .is_some_and(|(_, id)| id.0 != "multi")
    {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
        harness.run_steps(3);
    }
    assert!(
        harness.query_all_by_label_contains("☐").any(|n| n
            .accesskit_node()
            .label()
            .is_some_and(|l| l.contains("A storm"))),
        "an unticked box before each option"
    );
    harness.key_press(Key::Num1);
    harness.run_steps(3);
    assert!(harness.query_all_by_label_contains("☑").next().is_some());

    harness.key_press(Key::Escape);
    harness.run_steps(2);
    harness.key_press(Key::Enter);
    harness.run_steps(2);
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run_steps(3);
    harness.get_by_label_contains("Start exam").click();
    harness.run_steps(3);
    harness.key_press(Key::Num1);
    harness.run_steps(2);
    harness.key_press(Key::Enter);
    harness.run_steps(3);
    assert!(harness.query_by_label("1 •").is_some(), "answered, not ✔");
    assert!(harness.query_by_label("1✔").is_none());
}

#[test]
fn the_scheduling_settings_are_explained_in_plain_words() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut state = state(dir.path(), 1.0);
    state.screen = Screen::Settings;
    let mut harness = harness(state, [1000.0, 800.0], LaunchOptions::default());
    harness.get_by_label("What these settings mean").click();
    harness.run_steps(3);
    assert!(harness.query_by_label_contains("9 in 10").is_some());
    assert!(
        harness
            .query_by_label_contains("returns in 1 minute, then in 10")
            .is_some()
    );
}
