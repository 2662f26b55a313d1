//! The authoring screen driven headless with egui_kittest, as a teacher would use it: select words in
//! a passage, say what they are, fill in the form, save — and the file keeps everything else.

use std::path::{Path, PathBuf};

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::bank::validate::load_bank_file;
use dossier::ui::intent::Screen;
use dossier::ui::screens::author::passage_widget_id;
use dossier::ui::state::AppState;
use dossier::ui::{DossierApp, LaunchOptions};
use egui::accesskit::Role;
use egui::text::{CCursor, CCursorRange};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const FIXTURE: &str = include_str!("fixtures/author/draft.ron");

fn clock() -> FixedClock {
    let offset = chrono::FixedOffset::east_opt(0).expect("valid offset");
    FixedClock::new(
        offset
            .with_ymd_and_hms(2026, 3, 2, 10, 0, 0)
            .single()
            .expect("valid time"),
    )
}

/// A data folder whose library holds the draft bank, the app open on it in the editor.
fn editing(size: [f32; 2]) -> (tempfile::TempDir, PathBuf, Harness<'static, DossierApp>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let quizzes = dir.path().join("quizzes");
    std::fs::create_dir_all(&quizzes).expect("quizzes folder");
    let path = quizzes.join("draft.ron");
    std::fs::write(&path, FIXTURE).expect("bank written");
    let state = AppState::open(Box::new(clock()), Some(dir.path().to_path_buf()));
    let app = DossierApp::new(state, &LaunchOptions::default());
    let mut harness = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut DossierApp| app.frame_ui(ui), app);
    harness.run_steps(3);
    harness.get_by_role_and_label(Role::Button, "Edit").click();
    harness.run_steps(3);
    assert_eq!(harness.state().state.screen, Screen::Author);
    (dir, path, harness)
}

fn passage_text(harness: &Harness<'_, DossierApp>, passage: &str) -> String {
    let session = harness.state().state.editor.as_ref().expect("editing");
    session
        .editor
        .raw()
        .passages
        .iter()
        .find(|p| p.id == passage)
        .map(|p| p.text.clone())
        .expect("passage exists")
}

/// Selects `phrase` in `passage` as a mouse drag would leave it: the widget's own cursor state.
fn select(harness: &mut Harness<'_, DossierApp>, passage: &str, phrase: &str) {
    let text = passage_text(harness, passage);
    let start = text.find(phrase).expect("phrase in passage");
    let from = text[..start].chars().count();
    let to = from + phrase.chars().count();
    let id = passage_widget_id(passage);
    let ctx = harness.ctx.clone();
    let mut state = egui::text_edit::TextEditState::load(&ctx, id).unwrap_or_default();
    state.cursor.set_char_range(Some(CCursorRange::two(
        CCursor::new(from),
        CCursor::new(to),
    )));
    state.store(&ctx, id);
    ctx.memory_mut(|m| m.request_focus(id));
    harness.run_steps(2);
}

/// Types `words` into the model's Find box.
fn search(harness: &mut Harness<'_, DossierApp>, words: &str) {
    harness.get_by_label("Find:").click();
    harness.run_steps(2);
    harness.get_by_label("Find:").type_text(words);
    harness.run_steps(2);
}

fn click(harness: &mut Harness<'_, DossierApp>, label: &str) {
    harness.get_by_role_and_label(Role::Button, label).click();
    harness.run_steps(3);
}

/// Runs frames until the widget labelled `label` stays where it is: a form that just opened (or a
/// section that just unfolded) moves for a few frames, and a click aimed at where it was would land
/// on its neighbour.
fn settle(harness: &mut Harness<'_, DossierApp>, label: &str) {
    let mut last = None;
    for _ in 0..20 {
        let rect = harness.get_by_label(label).rect();
        if last == Some(rect) {
            return;
        }
        last = Some(rect);
        harness.run_steps(1);
    }
}

/// Types into the field labelled `label`, as a teacher who clicked into it would.
fn fill(harness: &mut Harness<'_, DossierApp>, label: &str, text: &str) {
    settle(harness, label);
    harness.get_by_label(label).click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run_steps(1);
    harness.get_by_label(label).type_text(text);
    harness.run_steps(2);
}

fn save(harness: &mut Harness<'_, DossierApp>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run_steps(3);
}

/// The lines that differ, assuming one block was replaced: (lines removed, lines added).
fn changed_block(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let lines = |v: &[&str]| v.iter().map(|s| s.to_string()).collect();
    (
        lines(&a[prefix..a.len() - suffix]),
        lines(&b[prefix..b.len() - suffix]),
    )
}

fn file(path: &Path) -> String {
    std::fs::read_to_string(path).expect("bank readable")
}

#[test]
fn selected_phrase_becomes_a_claim_with_its_certainty_and_nothing_else_in_the_file_changes() {
    let (_dir, path, mut harness) = editing([1280.0, 800.0]);
    select(
        &mut harness,
        "strike-1",
        "ships are already waiting outside the port",
    );
    assert!(
        harness
            .query_by_label_contains("“ships are already waiting")
            .is_some()
    );
    click(&mut harness, "Claim…");
    fill(
        &mut harness,
        "Statement (in plain words, keeping the article's hedges):",
        "Reports suggest \"ships\" wait outside the port.",
    );
    harness.get_by_label("How sure the article is").click();
    harness.run_steps(2);
    harness.get_by_label_contains("Rumored — ").click();
    harness.run_steps(2);
    click(&mut harness, "Save to bank");
    save(&mut harness);

    let after = file(&path);
    let bank = load_bank_file(&path).expect("the saved file passes check");
    let claim = bank
        .claims
        .iter()
        .find(|c| c.quote == "ships are already waiting outside the port")
        .expect("the phrase is the quote, verbatim");
    assert_eq!(claim.certainty, dossier::bank::Certainty::Rumored);
    assert_eq!(
        claim.statement,
        "Reports suggest \"ships\" wait outside the port."
    );
    let (removed, added) = changed_block(FIXTURE, &after);
    assert!(
        removed.is_empty(),
        "no line of the file changed: {removed:?}"
    );
    assert!(added.concat().contains("certainty: Rumored,"));
    assert!(after.contains("// the article's own voice"));
    let history = dossier::author::edit::history_of(&path);
    assert_eq!(history.len(), 1, "the previous version is kept");
    assert_eq!(file(&history[0]), FIXTURE);
}

#[test]
fn phrase_selected_with_the_keyboard_becomes_an_actor_and_another_becomes_its_alias() {
    let (_dir, path, mut harness) = editing([1280.0, 800.0]);
    // Keyboard: put the cursor before "Dock", then Shift+Right over "Dock workers".
    let id = passage_widget_id("strike-1");
    let ctx = harness.ctx.clone();
    let mut state = egui::text_edit::TextEditState::load(&ctx, id).unwrap_or_default();
    state
        .cursor
        .set_char_range(Some(CCursorRange::one(CCursor::new(0))));
    state.store(&ctx, id);
    ctx.memory_mut(|m| m.request_focus(id));
    harness.run_steps(2);
    for _ in 0.."Dock workers".len() {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    }
    harness.run_steps(2);
    click(&mut harness, "Actor…");
    fill(
        &mut harness,
        "Role (one line: what this actor does or says):",
        "Walk out and halt the harbour",
    );
    click(&mut harness, "Save to bank");

    select(&mut harness, "talks-1", "the ministry");
    click(&mut harness, "Alias of…");
    harness.get_by_label("Actor").click();
    harness.run_steps(2);
    harness
        .get_all_by_label("Transport Ministry")
        .last()
        .expect("the ministry is offered")
        .click();
    harness.run_steps(2);
    click(&mut harness, "Save to bank");
    save(&mut harness);

    let bank = load_bank_file(&path).expect("the saved file passes check");
    let workers = bank
        .actor("dock-workers")
        .expect("new actor with an id from its words");
    assert_eq!(workers.name, "Dock workers");
    assert_eq!(workers.passages, ["strike-1"]);
    let ministry = bank.actor("ministry").expect("kept");
    assert_eq!(ministry.aliases, ["the ministry"]);
    let after = file(&path);
    let (removed, _) = changed_block(FIXTURE, &after);
    assert!(
        removed
            .iter()
            .all(|l| l.contains("passages: [\"talks-1\"]") || l.trim() == "],"),
        "only the ministry's passages line changed: {removed:?}"
    );
}

#[test]
fn cloze_and_evidence_questions_come_from_the_selection() {
    let (_dir, path, mut harness) = editing([1280.0, 800.0]);
    select(&mut harness, "strike-1", "Monday");
    click(&mut harness, "Cloze question…");
    click(&mut harness, "Save to bank");
    select(&mut harness, "talks-1", "talks would resume on Friday");
    click(&mut harness, "Evidence question…");
    fill(
        &mut harness,
        "Statement the selected sentence supports:",
        "The two sides will meet again.",
    );
    click(&mut harness, "Save to bank");
    save(&mut harness);

    let bank = load_bank_file(&path).expect("the saved file passes check");
    let after = file(&path);
    assert!(after.contains(
        "answer: Cloze(text: \"Dock workers in Portmouth walked out on {Monday}, halting the harbour.\"),"
    ));
    assert!(after.contains("evidence: \"talks would resume on Friday\""));
    assert!(bank.questions.iter().any(|q| q.id.0 == "monday"));
    let (removed, _) = changed_block(FIXTURE, &after);
    assert!(removed.is_empty(), "{removed:?}");
}

#[test]
fn an_invalid_edit_is_refused_with_the_checkers_message_and_the_file_is_untouched() {
    let (_dir, path, mut harness) = editing([1280.0, 800.0]);
    select(&mut harness, "strike-1", "halting the harbour");
    click(&mut harness, "Claim…");
    let statement = "Statement (in plain words, keeping the article's hedges):";
    harness.get_by_label(statement).click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.key_press(Key::Backspace);
    harness.run_steps(2);
    click(&mut harness, "Save to bank");
    assert!(
        harness
            .query_by_label_contains("statement is empty")
            .is_some(),
        "the checker's words are shown in the form"
    );
    let session = harness.state().state.editor.as_ref().expect("editing");
    assert!(session.form.is_some(), "the form stays open to fix");
    assert!(!session.editor.is_dirty());
    click(&mut harness, "Cancel");
    save(&mut harness);
    assert_eq!(file(&path), FIXTURE);
}

#[test]
fn undo_restores_the_previous_file_and_drafts_are_confirmed() {
    let (_dir, path, mut harness) = editing([1280.0, 800.0]);
    click(&mut harness, "Confirm all drafts");
    save(&mut harness);
    let confirmed = file(&path);
    assert!(
        !confirmed.contains("review: true"),
        "the review marks are gone"
    );
    load_bank_file(&path).expect("passes check");
    assert!(
        harness.query_by_label_contains("● draft").is_none(),
        "no item is marked as a draft"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    save(&mut harness);
    assert_eq!(file(&path), FIXTURE, "undo brings back the file as it was");
    harness.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
    harness.run_steps(2);
    save(&mut harness);
    assert_eq!(file(&path), confirmed, "redo makes the edit again");
}

#[test]
fn deleting_a_referenced_actor_asks_and_closing_with_unsaved_edits_asks() {
    let (_dir, path, mut harness) = editing([1280.0, 800.0]);
    harness
        .get_all_by_label("Delete")
        .next()
        .expect("a Delete button for the first actor")
        .click();
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label_contains("is referred to by")
            .is_some()
    );
    click(&mut harness, "Delete and remove the references");
    click(&mut harness, "Close");
    assert!(harness.query_by_label_contains("not saved").is_some());
    click(&mut harness, "Close without saving");
    assert_eq!(harness.state().state.screen, Screen::Library);
    assert_eq!(file(&path), FIXTURE, "nothing was saved");
}

#[test]
fn a_question_can_be_tried_as_a_student_without_saving_progress() {
    let (dir, _path, mut harness) = editing([1280.0, 800.0]);

    fill(&mut harness, "Find:", "when-walkout");
    harness
        .get_all_by_label("Try as a student")
        .next()
        .expect("a question to try")
        .click();
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label_contains("As a student sees it")
            .is_some()
    );
    harness.get_by_label_contains("On Monday").click();
    harness.run_steps(2);
    click(&mut harness, "Check");
    assert!(harness.query_by_label("Right").is_some());
    click(&mut harness, "Done");
    let log = dir.path().join("progress.jsonl");
    assert!(
        !log.exists() || std::fs::read_to_string(&log).unwrap_or_default().is_empty(),
        "no progress saved"
    );
}

#[test]
fn a_form_opens_with_the_keyboard_in_its_first_field_and_tab_moves_on() {
    let (_dir, _path, mut harness) = editing([1280.0, 800.0]);
    select(&mut harness, "strike-1", "Dock workers");
    click(&mut harness, "Actor…");
    harness.key_press(Key::Tab);
    harness.run_steps(2);
    harness.event(egui::Event::Text("Walk out".to_owned()));
    harness.run_steps(2);
    let session = harness.state().state.editor.as_ref().expect("editing");
    let form = session.form.as_ref().expect("form open");
    assert_eq!(form.text, "Dock workers", "the name is kept");
    assert_eq!(form.detail, "Walk out", "Tab moved to the role");
}

#[test]
fn an_item_edited_through_its_form_changes_only_its_own_line() {
    let (_dir, path, mut harness) = editing([1280.0, 800.0]);
    search(&mut harness, "as-long-as-it-takes");
    click(&mut harness, "Edit…");
    fill(
        &mut harness,
        "Statement (in plain words, keeping the article's hedges):",
        "The union said the stoppage would go on \"as long as it takes\".",
    );
    click(&mut harness, "Save to bank");
    save(&mut harness);
    let (removed, added) = changed_block(FIXTURE, &file(&path));
    assert_eq!(
        removed,
        [
            "            statement: \"The union said the stoppage would last as long as it takes.\",\n"
        ]
    );
    assert_eq!(
        added,
        [
            "            statement: \"The union said the stoppage would go on \\\"as long as it takes\\\".\",\n"
        ]
    );
}

#[test]
fn a_question_changed_in_the_editor_goes_through_the_keep_or_reset_prompt() {
    use dossier::study::{Event, Rating, Record, RecordId};
    let (_dir, _path, mut harness) = editing([1280.0, 800.0]);
    {
        let state = &mut harness.state_mut().state;
        let bank = state
            .editor
            .as_ref()
            .expect("editing")
            .editor
            .bank()
            .clone();
        let question = bank
            .question(&dossier::QuestionId("when-walkout".into()))
            .expect("question")
            .clone();
        let at_ms = 1_772_445_600_000;
        let record = Record {
            id: RecordId::new(at_ms),
            at_ms,
            utc_offset_secs: 0,
            bank: bank.id.clone(),
            question: question.id.clone(),
            event: Event::Review {
                rating: Rating::Good,
                score: 1.0,
                answer: "On Monday".to_owned(),
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
    search(&mut harness, "when-walkout");
    click(&mut harness, "Edit…");
    fill(
        &mut harness,
        "Prompt:",
        "On which day did the dock workers walk out?",
    );
    click(&mut harness, "Save to bank");
    save(&mut harness);
    let state = &harness.state().state;
    let entry = state
        .library
        .iter()
        .find(|e| e.path.ends_with("draft.ron"))
        .expect("the bank is in the library");
    assert_eq!(
        entry.changed,
        [dossier::QuestionId("when-walkout".into())],
        "the library will ask whether to keep the student's progress"
    );
}

#[test]
fn escape_closes_the_form_and_ctrl_z_in_a_field_does_not_undo_bank_edits() {
    let (_dir, _path, mut harness) = editing([1280.0, 800.0]);
    click(&mut harness, "Confirm all drafts");
    select(&mut harness, "strike-1", "Dock workers");
    click(&mut harness, "Actor…");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run_steps(2);
    let session = harness.state().state.editor.as_ref().expect("editing");
    assert!(
        session.editor.can_undo(),
        "the confirmation was not undone from inside the form"
    );
    assert!(session.form.is_some());
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    let session = harness.state().state.editor.as_ref().expect("editing");
    assert!(session.form.is_none(), "Escape closed the form");
    assert_eq!(
        harness.state().state.screen,
        Screen::Author,
        "and only the form"
    );
}

#[test]
fn a_change_made_by_another_editor_is_noticed_and_the_teacher_chooses() {
    let (_dir, path, mut harness) = editing([1280.0, 800.0]);
    click(&mut harness, "Confirm all drafts");
    let elsewhere = format!("// edited in another editor\n{FIXTURE}");
    std::fs::write(&path, &elsewhere).expect("another editor saves");
    save(&mut harness);
    assert!(
        harness
            .query_by_label_contains("changed by another program")
            .is_some(),
        "the teacher is told before anything is overwritten"
    );
    assert_eq!(file(&path), elsewhere, "nothing overwritten yet");
    click(&mut harness, "Load the file from disk (drop my edits)");
    let session = harness.state().state.editor.as_ref().expect("editing");
    assert_eq!(session.editor.text(), elsewhere);
    assert!(!session.editor.is_dirty());

    click(&mut harness, "Confirm all drafts");
    std::fs::write(&path, FIXTURE).expect("another editor saves again");
    save(&mut harness);
    click(&mut harness, "Keep my edits and overwrite the file");
    let saved = file(&path);
    assert!(saved.starts_with("// edited in another editor"));
    assert!(!saved.contains("review: true"));
}

#[test]
fn a_questions_tags_and_what_it_is_about_are_chosen_in_its_form() {
    let (_dir, path, mut harness) = editing([1280.0, 800.0]);
    search(&mut harness, "when-walkout");
    click(&mut harness, "Edit…");
    fill(
        &mut harness,
        "Tags (separated by commas):",
        "dates, the strike",
    );
    harness.get_by_label("About: 1 chosen").click();
    harness.run_steps(2);
    settle(&mut harness, "Actor: The union");
    harness
        .get_by_role_and_label(Role::CheckBox, "Actor: The union")
        .click();
    harness.run_steps(2);
    assert!(
        harness.query_by_label("About: 2 chosen").is_some(),
        "the heading counts what is chosen"
    );
    click(&mut harness, "Save to bank");
    save(&mut harness);
    let bank = load_bank_file(&path).expect("the edited bank passes check");
    let question = bank
        .questions
        .iter()
        .find(|q| q.id.0 == "when-walkout")
        .expect("the question is still there");
    assert_eq!(question.tags, ["dates", "the strike"]);
    let text = file(&path);
    assert!(
        text.contains("about: [\"walkout\", \"union\"]"),
        "the chosen actor is added to what the question is about:\n{text}"
    );
    // The other items keep their exact text, comments included.
    assert!(text.contains("by: \"article\",   // the article's own voice"));
}

#[test]
fn an_actor_can_be_made_part_of_another_in_its_form() {
    let (_dir, path, mut harness) = editing([1280.0, 800.0]);
    search(&mut harness, "union");
    // The actors are listed first; the union's claim matches too.
    harness
        .get_all_by_role_and_label(Role::Button, "Edit…")
        .next()
        .expect("the union is listed")
        .click();
    harness.run_steps(3);
    settle(&mut harness, "Part of");
    harness.get_by_label("Part of").click();
    harness.run_steps(2);
    settle(&mut harness, "Transport Ministry");
    harness.get_by_label("Transport Ministry").click();
    harness.run_steps(2);
    click(&mut harness, "Save to bank");
    save(&mut harness);
    load_bank_file(&path).expect("the edited bank passes check");
    let (removed, added) = changed_block(FIXTURE, &file(&path));
    assert_eq!(
        removed.len(),
        1,
        "only the union's line changes: {removed:?}"
    );
    assert!(
        added.concat().contains("member_of: \"ministry\""),
        "the union now belongs to the ministry: {added:?}"
    );
}

#[test]
fn each_claim_shows_who_said_it_and_a_search_lists_only_what_it_found() {
    let (_dir, _path, mut harness) = editing([1280.0, 800.0]);
    assert!(
        harness
            .query_by_label_contains("Said by The union")
            .is_some(),
        "the speaker is on the claim's card, not only in its form"
    );
    assert!(
        harness
            .query_by_label_contains("In the article's own voice")
            .is_some()
    );
    search(&mut harness, "walkout");
    assert!(harness.query_by_label("Claims (1)").is_some());
    assert!(
        harness.query_by_label("Implications (0)").is_none(),
        "kinds with nothing found are left out"
    );
}
