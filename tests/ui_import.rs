//! The Import screen driven headless with egui_kittest, as a teacher with a Moodle quiz would use it:
//! the quiz file in the library folder is offered for import, the preview lists every question and
//! every one skipped with why, and only "Save to library" writes — a new file, never over another.

use std::path::{Path, PathBuf};

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::bank::validate::load_bank_file;
use dossier::ui::intent::Screen;
use dossier::ui::screens::import::{ARTICLE_LABEL, FILE_LABEL, FILE_NAME_LABEL, TITLE_LABEL};
use dossier::ui::state::AppState;
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
    let offset = chrono::FixedOffset::east_opt(0).expect("valid offset");
    FixedClock::new(
        offset
            .with_ymd_and_hms(2026, 3, 2, 10, 0, 0)
            .single()
            .expect("valid time"),
    )
}

/// A data folder whose library folder holds `files` (name, content), and the app open on it.
fn app_with(files: &[(&str, &[u8])]) -> (tempfile::TempDir, Harness<'static, DossierApp>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let quizzes = dir.path().join("quizzes");
    std::fs::create_dir_all(&quizzes).expect("quizzes folder");
    for (name, content) in files {
        std::fs::write(quizzes.join(name), content).expect("file written");
    }
    let state = AppState::open(Box::new(clock()), Some(dir.path().to_path_buf()));
    let app = DossierApp::new(state, &LaunchOptions::default());
    let mut harness = Harness::builder()
        .with_size([1000.0, 800.0])
        .build_ui_state(|ui, app: &mut DossierApp| app.frame_ui(ui), app);
    harness.run_steps(3);
    (dir, harness)
}

fn damaged_gift() -> Vec<u8> {
    std::fs::read(fixture("interchange/damaged.gift")).expect("fixture")
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("readable")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn has_label_containing(harness: &Harness<'_, DossierApp>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

fn count_labels_containing(harness: &Harness<'_, DossierApp>, text: &str) -> usize {
    harness.query_all_by_label_contains(text).count()
}

fn type_text(harness: &mut Harness<'_, DossierApp>, text: &str) {
    harness.event(egui::Event::Text(text.to_owned()));
    harness.run_steps(2);
}

fn press(harness: &mut Harness<'_, DossierApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run_steps(3);
}

/// Replaces the text of the field labelled `label` by clicking into it, as a teacher would.
fn retype(harness: &mut Harness<'_, DossierApp>, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run_steps(2);
    press(harness, Modifiers::COMMAND, Key::A);
    type_text(harness, text);
}

#[test]
fn a_quiz_file_in_the_library_folder_is_listed_with_import_and_not_as_a_broken_bank() {
    let gift = damaged_gift();
    let (_dir, mut harness) = app_with(&[("unit1.gift", &gift), ("notes.txt", b"shopping: milk")]);
    assert!(has_label_containing(&harness, "unit1.gift"));
    assert!(has_label_containing(
        &harness,
        "A GIFT (Moodle) quiz file, not a bank yet"
    ));
    assert!(
        !has_label_containing(&harness, "notes.txt"),
        "a text file that is no quiz is not offered"
    );
    assert!(!has_label_containing(&harness, "cannot be used"));
    harness
        .get_by_role_and_label(Role::Button, "Import…")
        .click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.screen, Screen::Import);
    assert!(has_label_containing(
        &harness,
        "unit1.gift: GIFT (Moodle): imported 3 of 8 questions"
    ));
}

#[test]
fn importing_by_keyboard_previews_every_question_and_skip_then_saves_a_bank_that_passes_check() {
    let (dir, mut harness) = app_with(&[]);
    let elsewhere = dir.path().join("from-moodle");
    std::fs::create_dir_all(&elsewhere).expect("folder");
    let quiz = elsewhere.join("unit1.gift");
    std::fs::write(&quiz, damaged_gift()).expect("quiz written");

    press(&mut harness, Modifiers::COMMAND, Key::I);
    assert_eq!(harness.state().state.screen, Screen::Import);
    assert!(
        harness.get_by_label(FILE_LABEL).is_focused(),
        "typing goes straight into the file path"
    );
    type_text(&mut harness, &quiz.display().to_string());
    press(&mut harness, Modifiers::NONE, Key::Enter);

    // Every question as it will be imported: kind, prompt, answer, options; no passage.
    assert!(has_label_containing(
        &harness,
        "unit1.gift: GIFT (Moodle): imported 3 of 8 questions"
    ));
    assert!(has_label_containing(&harness, "Questions to import (3)"));
    assert!(has_label_containing(
        &harness,
        "#1 · multiple choice · id ok-1"
    ));
    assert!(has_label_containing(&harness, "First good question?"));
    assert!(has_label_containing(&harness, "Answer: yes"));
    assert!(has_label_containing(&harness, "Wrong options: no"));
    assert!(has_label_containing(&harness, "#2 · true/false · id ok-2"));
    assert!(has_label_containing(&harness, "#3 · typed · id ok-3"));
    assert!(has_label_containing(
        &harness,
        "No article: the questions stand alone"
    ));
    assert_eq!(count_labels_containing(&harness, "Linked passage"), 0);
    // Every question skipped, where it is and why, in the CLI's words.
    assert!(has_label_containing(&harness, "Skipped (5)"));
    let skipped: Vec<String> = harness
        .query_all_by_label_contains("unit1.gift:")
        .filter_map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .filter(|text| {
            text.strip_prefix("unit1.gift:")
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
        })
        .collect();
    assert_eq!(
        skipped,
        [
            "unit1.gift:3:44: this `{` is never closed",
            "unit1.gift:7:35: a GIFT question has one answer block; this is a second one",
            "unit1.gift:9:22: stray text before the first answer",
            "unit1.gift:11:27: `twelve` is not a number, a `value:tolerance` or a `min..max` range",
            "unit1.gift:13:30: no option is right: none starts with `=` or has a positive `%weight%`",
        ]
    );
    let quizzes = dir.path().join("quizzes");
    assert!(files_in(&quizzes).is_empty(), "nothing written before Save");

    // The preview puts the cursor in the title: type one, Enter saves.
    assert!(harness.get_by_label(TITLE_LABEL).is_focused());
    press(&mut harness, Modifiers::COMMAND, Key::A);
    type_text(&mut harness, "Unit one");
    press(&mut harness, Modifiers::NONE, Key::Enter);

    assert_eq!(harness.state().state.screen, Screen::Library);
    assert_eq!(files_in(&quizzes), ["unit1.ron"]);
    let bank = load_bank_file(&quizzes.join("unit1.ron")).expect("the saved bank passes check");
    assert_eq!(bank.title, "Unit one");
    assert_eq!(bank.questions.len(), 3);
    assert!(!bank.has_article());
    assert_eq!(
        harness
            .state()
            .state
            .selected_bank
            .as_ref()
            .map(|b| b.0.as_str()),
        Some("unit1")
    );
    assert!(
        has_label_containing(&harness, "Unit one"),
        "listed in the library"
    );
    assert!(has_label_containing(
        &harness,
        "Imported 3 of 8 questions into"
    ));
}

#[test]
fn cancel_and_escape_write_nothing() {
    let gift = damaged_gift();
    let (dir, mut harness) = app_with(&[("unit1.gift", &gift)]);
    let quizzes = dir.path().join("quizzes");
    for leave in ["Cancel Esc", "escape"] {
        harness
            .get_by_role_and_label(Role::Button, "Import…")
            .click();
        harness.run_steps(3);
        assert!(has_label_containing(&harness, "imported 3 of 8 questions"));
        if leave == "escape" {
            press(&mut harness, Modifiers::NONE, Key::Escape);
        } else {
            harness.get_by_role_and_label(Role::Button, leave).click();
            harness.run_steps(3);
        }
        assert_eq!(harness.state().state.screen, Screen::Library, "{leave}");
        assert!(harness.state().state.import.is_none());
        assert_eq!(files_in(&quizzes), ["unit1.gift"], "{leave}");
    }
}

#[test]
fn an_existing_bank_is_never_overwritten() {
    let gift = damaged_gift();
    let mini = std::fs::read(fixture("good/mini.ron")).expect("fixture");
    let (dir, mut harness) = app_with(&[("unit1.gift", &gift), ("unit1.ron", &mini)]);
    let quizzes = dir.path().join("quizzes");
    harness
        .get_by_role_and_label(Role::Button, "Import…")
        .click();
    harness.run_steps(3);
    let suggested = harness
        .get_by_label(FILE_NAME_LABEL)
        .value()
        .unwrap_or_default();
    assert_eq!(suggested, "unit1-2.ron", "the suggested name is a free one");
    retype(&mut harness, FILE_NAME_LABEL, "unit1.ron");
    harness
        .get_by_role_and_label(Role::Button, "Save to library")
        .click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.screen, Screen::Import);
    assert!(has_label_containing(
        &harness,
        "unit1.ron is already in your library: choose another file name (it was not overwritten)"
    ));
    assert_eq!(
        std::fs::read(quizzes.join("unit1.ron")).expect("still there"),
        mini
    );
    assert_eq!(files_in(&quizzes), ["unit1.gift", "unit1.ron"]);
}

#[test]
fn with_an_article_each_question_shows_its_passage_and_weak_links_are_flagged() {
    let (dir, mut harness) = app_with(&[]);
    let quiz = dir.path().join("rivers.gift");
    std::fs::write(
        &quiz,
        "::danube::Which capital does the Danube flow through? {=Vienna ~Paris ~Rome}\n\n\
         ::vague::Which answer is right? {=Yes ~No}\n",
    )
    .expect("quiz written");
    let article = dir.path().join("rivers.md");
    std::fs::write(
        &article,
        "# Rivers\n\nThe Danube flows through Vienna and Budapest to the Black Sea.\n\n\
         The Rhine rises in the Swiss Alps and reaches the North Sea.\n",
    )
    .expect("article written");
    press(&mut harness, Modifiers::COMMAND, Key::I);
    type_text(&mut harness, &quiz.display().to_string());
    retype(&mut harness, ARTICLE_LABEL, &article.display().to_string());
    harness
        .get_by_role_and_label(Role::Button, "Preview Enter")
        .click();
    harness.run_steps(3);
    assert!(has_label_containing(
        &harness,
        "Linked to the article's 2 passages; 1 weak link marked for review."
    ));
    assert_eq!(
        count_labels_containing(
            &harness,
            "Linked passage: Rivers (rivers-1) — “The Danube flows"
        ),
        2
    );
    assert_eq!(count_labels_containing(&harness, "⚠ Weak link"), 1);
    harness
        .get_by_role_and_label(Role::Button, "Save to library")
        .click();
    harness.run_steps(3);
    let bank = load_bank_file(&dir.path().join("quizzes/rivers.ron")).expect("passes check");
    assert_eq!(bank.passages.len(), 2);
    let vague = bank
        .questions
        .iter()
        .find(|q| q.id.0 == "vague")
        .expect("imported");
    assert!(
        vague.review,
        "the weak link is marked for review in the bank"
    );
}
