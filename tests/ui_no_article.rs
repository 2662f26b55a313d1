//! A bank imported from a quiz file without its article — no passages, sections or actors — on every
//! screen a student or teacher opens: nothing crashes, and nothing offers an article that is not
//! there (no "Show in article", no empty quote box, no empty reader).

use std::path::{Path, PathBuf};

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::bank::Answer;
use dossier::ui::intent::Screen;
use dossier::ui::screens::reader::NO_ARTICLE;
use dossier::ui::state::AppState;
use dossier::ui::{DossierApp, LaunchOptions};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

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

fn press(harness: &mut Harness<'_, DossierApp>, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run_steps(3);
}

fn shows(harness: &Harness<'_, DossierApp>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

/// Nothing on screen points at an article the bank does not have.
fn no_article_parts(harness: &Harness<'_, DossierApp>, screen: &str) {
    for text in ["Show in article", "From the article", "Quote:"] {
        assert!(!shows(harness, text), "{screen} shows `{text}`");
    }
}

#[test]
fn a_bank_without_an_article_studies_reads_previews_and_examines_without_empty_article_parts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = AppState::open(Box::new(clock()), Some(dir.path().to_path_buf()));
    let app = DossierApp::new(
        state,
        &LaunchOptions {
            study_bank: Some(fixture("ui/no-article.ron")),
            ..Default::default()
        },
    );
    let mut harness = Harness::builder()
        .with_size([1000.0, 800.0])
        .build_ui_state(|ui, app: &mut DossierApp| app.frame_ui(ui), app);
    harness.run_steps(4);
    assert_eq!(harness.state().state.screen, Screen::Study);

    // Every question answered wrong once (the feedback has the most to show then); one that comes
    // back is put off until tomorrow.
    let mut seen: Vec<String> = Vec::new();
    let mut steps = 0;
    while let Some((id, answer)) = {
        let state = &harness.state().state;
        state
            .current_question()
            .and_then(|(bank, id)| bank.question(id))
            .map(|q| (q.id.0.clone(), q.answer.clone()))
    } {
        steps += 1;
        assert!(steps <= 12, "the session ends");
        no_article_parts(&harness, "a question");
        if seen.contains(&id) {
            press(&mut harness, Modifiers::COMMAND, Key::B);
            continue;
        }
        seen.push(id);
        match answer {
            Answer::Choice { .. } => {
                harness.get_by_label_contains("Porto").click();
                harness.run_steps(2);
                press(&mut harness, Modifiers::NONE, Key::Enter);
                assert!(
                    shows(&harness, "Lisbon has been the capital"),
                    "the explanation"
                );
            }
            Answer::TrueFalse { .. } => press(&mut harness, Modifiers::NONE, Key::Num2),
            Answer::Typed { .. } => {
                harness.get_by_label("Your answer:").type_text("Rhine");
                harness.run_steps(2);
                press(&mut harness, Modifiers::NONE, Key::Enter);
            }
            Answer::Flashcard { back } => {
                press(&mut harness, Modifiers::NONE, Key::Space);
                assert!(
                    back.contains("course notes"),
                    "no article to compare with: {back}"
                );
                assert!(shows(
                    &harness,
                    "compare your answer with your course notes"
                ));
            }
            other => panic!("the fixture has no {other:?}"),
        }
        no_article_parts(&harness, "the feedback");
        // The rating offered (Again after a wrong answer).
        press(&mut harness, Modifiers::NONE, Key::Enter);
    }
    assert_eq!(seen.len(), 4);
    assert!(shows(&harness, "Worth another look"), "the session summary");
    no_article_parts(&harness, "the session summary");

    press(&mut harness, Modifiers::COMMAND, Key::R);
    assert_eq!(harness.state().state.screen, Screen::Read);
    assert!(
        shows(&harness, NO_ARTICLE),
        "the reader says why it is empty"
    );
    assert!(!shows(&harness, "Mark actors and claims"));

    press(
        &mut harness,
        Modifiers::COMMAND.plus(Modifiers::SHIFT),
        Key::A,
    );
    assert_eq!(harness.state().state.screen, Screen::Actors);
    assert!(shows(&harness, NO_ARTICLE));

    press(&mut harness, Modifiers::COMMAND, Key::P);
    assert_eq!(harness.state().state.screen, Screen::Preview);
    assert!(shows(&harness, "4 of 4 questions"));
    no_article_parts(&harness, "the preview");

    press(&mut harness, Modifiers::COMMAND, Key::T);
    assert_eq!(harness.state().state.screen, Screen::Stats);
    assert!(shows(&harness, "None in this bank."), "no sections, said");

    press(&mut harness, Modifiers::COMMAND, Key::E);
    assert_eq!(harness.state().state.screen, Screen::Exam);
    assert!(shows(&harness, "All questions (this bank has no sections)"));
    harness.get_by_label_contains("Start exam").click();
    harness.run_steps(3);
    let len = harness.state().state.exam.as_ref().map(|e| e.exam.len());
    assert_eq!(
        len,
        Some(3),
        "every question but the flashcard, which an exam cannot grade"
    );
    for _ in 0..3 {
        press(&mut harness, Modifiers::NONE, Key::Num1);
        press(&mut harness, Modifiers::NONE, Key::Enter);
    }
    harness
        .get_by_role_and_label(Role::Button, "Finish exam…")
        .click();
    harness.run_steps(3);
    if harness.query_by_label("Finish anyway").is_some() {
        harness.get_by_label("Finish anyway").click();
        harness.run_steps(3);
    }
    assert!(harness.query_by_label("Exam result").is_some());
    assert!(
        shows(&harness, "No section"),
        "the one group of questions is named"
    );
    no_article_parts(&harness, "the exam result");
}
