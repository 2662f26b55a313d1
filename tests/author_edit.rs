//! The editor's core: edits written into the teacher's file in place, checked as `dossier check`
//! would, with undo, history and on-disk changes noticed.

use std::path::{Path, PathBuf};

use dossier::author::edit::{
    BankEditor, Edit, EditError, HISTORY_KEPT, Item, ItemKind, ItemRef, history_of,
};
use dossier::bank::raw::{Certainty, RawActor, RawAnswer, RawClaim, RawQuestion};
use dossier::bank::validate::load_bank_str;
use proptest::prelude::*;

fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/author/draft.ron")
}

fn fixture_text() -> String {
    std::fs::read_to_string(fixture_path()).expect("fixture readable")
}

fn editor() -> BankEditor {
    BankEditor::from_text(fixture_text(), Path::new("draft.ron")).expect("fixture is valid")
}

/// The lines of `after` that are not lines of `before`, in order, assuming `after` is `before` with
/// one block of lines replaced: everything outside the block must be byte for byte the same.
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
    (
        a[prefix..a.len() - suffix]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        b[prefix..b.len() - suffix]
            .iter()
            .map(|s| s.to_string())
            .collect(),
    )
}

fn claim(editor: &BankEditor, quote: &str, statement: &str) -> RawClaim {
    RawClaim {
        id: editor.new_id(ItemKind::Claim, quote),
        statement: statement.to_owned(),
        by: "article".to_owned(),
        about: vec![],
        certainty: Certainty::Reported,
        passage: "strike-1".to_owned(),
        quote: quote.to_owned(),
        derived_questions: true,
        review: false,
    }
}

#[test]
fn added_claim_is_the_only_change_and_the_file_still_checks() {
    let mut editor = editor();
    let before = editor.text().to_owned();
    let new = claim(
        &editor,
        "ships are already waiting outside the port",
        "Ships are said to be \"waiting\" \\ outside.\nReportedly.",
    );
    editor
        .apply(Edit::Add(Item::Claim(new.clone())))
        .expect("valid edit");
    let (removed, added) = changed_block(&before, editor.text());
    assert!(
        removed.len() <= 1,
        "at most the line with the closing bracket moves: {removed:?}"
    );
    let added = added.concat();
    assert!(added.contains("quote: \"ships are already waiting outside the port\","));
    assert!(added.contains("id: \"ships-already-waiting-outside\""));
    assert!(editor.text().contains("// the article's own voice"));
    assert!(editor.text().contains("/* The union's pledge. */"));
    let bank = load_bank_str(editor.text(), Path::new("draft.ron")).expect("still valid");
    let stored = bank.claim(&new.id).expect("claim is in the bank");
    assert_eq!(
        stored.statement, new.statement,
        "quotes, backslashes and newlines survive"
    );
    assert!(editor.is_dirty());
}

#[test]
fn a_quote_not_in_the_passage_is_refused_with_the_checkers_words_at_the_quote() {
    let mut editor = editor();
    let before = editor.text().to_owned();
    let mut bad = claim(&editor, "ships are waiting", "Ships wait.");
    bad.quote = "ships are waiting at sea".to_owned();
    let error = editor
        .apply(Edit::Add(Item::Claim(bad)))
        .expect_err("refused");
    let EditError::Invalid(problems) = error else {
        panic!("expected a validation error, got {error:?}");
    };
    assert!(
        problems[0].message.contains("not in passage"),
        "{problems:?}"
    );
    assert_eq!(problems[0].field.as_deref(), Some("quote"));
    assert_eq!(editor.text(), before, "nothing changed");
    assert!(!editor.can_undo());
}

#[test]
fn confirming_all_drafts_removes_every_review_mark_and_nothing_else() {
    let mut editor = editor();
    editor.apply(Edit::ConfirmAll).expect("valid");
    assert!(!editor.text().contains("review: true"));
    let expected = fixture_text()
        .lines()
        .filter(|l| l.trim() != "review: true,")
        .map(|l| l.replace(", review: true", ""))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(editor.text().trim_end(), expected.trim_end());
    for kind in ItemKind::ALL {
        assert!(editor.items(kind).iter().all(|i| !i.review()));
    }
}

#[test]
fn deleting_an_actor_others_refer_to_asks_then_removes_the_references() {
    let mut editor = editor();
    let union = ItemRef::new(ItemKind::Actor, "union");
    let refused = editor.apply(Edit::Delete {
        item: union.clone(),
        remove_references: false,
    });
    match refused {
        Err(EditError::Referenced(by)) => {
            assert!(
                by.iter().any(|r| r.contains("as-long-as-it-takes")),
                "{by:?}"
            )
        }
        other => panic!("expected the references to be listed, got {other:?}"),
    }
    editor
        .apply(Edit::Delete {
            item: union,
            remove_references: true,
        })
        .expect("valid");
    let claim = editor
        .item(&ItemRef::new(ItemKind::Claim, "as-long-as-it-takes"))
        .expect("claim kept");
    let Item::Claim(claim) = claim else { panic!() };
    assert_eq!(claim.by, "article");
    assert!(claim.about.is_empty());
    assert!(!editor.text().contains("id: \"union\""));
    assert!(editor.text().contains("// The workers' side."));
}

#[test]
fn undo_and_redo_step_through_edits() {
    let mut editor = editor();
    let original = editor.text().to_owned();
    let walkout = ItemRef::new(ItemKind::Claim, "walkout");
    editor
        .apply(Edit::SetCertainty(walkout.clone(), Certainty::Reported))
        .expect("valid");
    let changed = editor.text().to_owned();
    assert!(changed.contains("certainty: Reported,"));
    let (removed, added) = changed_block(&original, &changed);
    assert_eq!(removed, vec!["            certainty: Asserted,\n"]);
    assert_eq!(added, vec!["            certainty: Reported,\n"]);
    assert!(editor.undo());
    assert_eq!(editor.text(), original);
    assert!(!editor.is_dirty());
    assert!(editor.redo());
    assert_eq!(editor.text(), changed);
}

#[test]
fn questions_move_up_and_down_with_their_text() {
    let mut editor = editor();
    editor
        .apply(Edit::MoveQuestion {
            id: "talks-resume".into(),
            up: true,
        })
        .expect("valid");
    let ids: Vec<String> = editor
        .items(ItemKind::Question)
        .iter()
        .map(|q| q.id().to_owned())
        .collect();
    assert_eq!(ids, ["talks-resume", "when-walkout"]);
    let first = editor.text().find("id: \"talks-resume\"").expect("there");
    let second = editor.text().find("id: \"when-walkout\"").expect("there");
    assert!(first < second);
}

#[test]
fn saving_keeps_the_previous_versions_and_notices_other_editors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("draft.ron");
    std::fs::write(&path, fixture_text()).expect("written");
    let mut editor = BankEditor::open(&path).expect("opens");
    for n in 0..HISTORY_KEPT + 2 {
        let certainty = if n.is_multiple_of(2) {
            Certainty::Reported
        } else {
            Certainty::Asserted
        };
        editor
            .apply(Edit::SetCertainty(
                ItemRef::new(ItemKind::Claim, "walkout"),
                certainty,
            ))
            .expect("valid");
        editor
            .save(&format!("2026030{n:02}"), false)
            .expect("saved");
    }
    assert_eq!(std::fs::read_to_string(&path).expect("read"), editor.text());
    let history = history_of(&path);
    assert_eq!(
        history.len(),
        HISTORY_KEPT,
        "only the last versions are kept"
    );
    assert!(!editor.changed_on_disk());

    std::fs::write(&path, format!("// changed elsewhere\n{}", fixture_text()))
        .expect("another editor writes");
    assert!(editor.changed_on_disk());
    editor
        .apply(Edit::Confirm(ItemRef::new(ItemKind::Actor, "union")))
        .expect("valid");
    assert!(
        editor.save("20260400", false).is_err(),
        "not silently overwritten"
    );
    editor
        .save("20260400", true)
        .expect("teacher chose to overwrite");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), editor.text());
}

fn any_edit(editor: &BankEditor, choice: u8, n: usize, words: &str) -> Edit {
    let pick = |kind: ItemKind| {
        let items = editor.items(kind);
        (!items.is_empty()).then(|| items[n % items.len()].clone())
    };
    let passage = &editor.raw().passages[n % editor.raw().passages.len()];
    let quote: String = passage
        .text
        .split(' ')
        .skip(n % 5)
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    match choice % 9 {
        0 => Edit::Add(Item::Claim(RawClaim {
            id: editor.new_id(ItemKind::Claim, &quote),
            statement: words.to_owned(),
            by: "article".into(),
            about: vec![],
            certainty: Certainty::ALL[n % Certainty::ALL.len()],
            passage: passage.id.clone(),
            quote,
            derived_questions: n.is_multiple_of(3),
            review: n.is_multiple_of(2),
        })),
        1 => Edit::Add(Item::Actor(RawActor {
            id: editor.new_id(ItemKind::Actor, words),
            name: format!("{words} name"),
            aliases: vec![words.to_owned()],
            role: "A role".into(),
            passages: vec![passage.id.clone()],
            member_of: (n > 25).then(|| "ministry".to_owned()),
            derived_questions: true,
            review: false,
        })),
        2 => Edit::Add(Item::Question(RawQuestion {
            id: editor.new_id(ItemKind::Question, words),
            prompt: format!("{words}?"),
            passage: passage.id.clone(),
            quote: Some(quote),
            explanation: String::new(),
            about: vec![],
            tags: vec![],
            answer: RawAnswer::Typed {
                accept: vec![words.to_owned()],
            },
            review: false,
        })),
        3 => match pick(ItemKind::Claim) {
            Some(Item::Claim(mut c)) => {
                c.statement = words.to_owned();
                c.review = !c.review;
                Edit::Replace(Item::Claim(c))
            }
            _ => Edit::ConfirmAll,
        },
        4 => match pick(ItemKind::Actor) {
            Some(item) => Edit::Delete {
                item: ItemRef::new(ItemKind::Actor, item.id()),
                remove_references: n.is_multiple_of(2),
            },
            None => Edit::ConfirmAll,
        },
        5 => match pick(ItemKind::Question) {
            Some(item) => Edit::MoveQuestion {
                id: item.id().to_owned(),
                up: n.is_multiple_of(2),
            },
            None => Edit::DiscardAllDrafts,
        },
        6 => match pick(ItemKind::Claim) {
            Some(item) => Edit::SetCertainty(
                ItemRef::new(ItemKind::Claim, item.id()),
                Certainty::ALL[n % Certainty::ALL.len()],
            ),
            None => Edit::ConfirmAll,
        },
        7 => Edit::SetGeneratedQuestions(
            ItemRef::new(ItemKind::Implication, "food-prices"),
            n.is_multiple_of(2),
        ),
        _ => {
            if n.is_multiple_of(3) {
                Edit::DiscardAllDrafts
            } else {
                Edit::ConfirmAll
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn random_edits_always_leave_a_file_that_checks_and_reads_back_as_shown(
        steps in proptest::collection::vec((any::<u8>(), 0usize..50, "[a-zA-Z\"\\\\ é’\n]{1,12}"), 1..12)
    ) {
        let mut editor = editor();
        for (choice, n, words) in steps {
            let edit = any_edit(&editor, choice, n, &words);
            match editor.apply(edit.clone()) {
                Ok(()) | Err(EditError::Referenced(_)) | Err(EditError::NotFound(_)) => {}
                Err(EditError::Invalid(problems)) => {
                    // Refused edits are fine (an empty statement, a quote across a gap); the file stays.
                    prop_assert!(!problems.is_empty());
                }
                Err(other) => prop_assert!(false, "{edit:?} could not be written: {other}"),
            }
            let bank = load_bank_str(editor.text(), Path::new("draft.ron"));
            prop_assert!(bank.is_ok(), "file no longer checks: {:?}", bank.err());
            let read_back: dossier::bank::raw::RawBank = ron::Options::default()
                .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
                .from_str(editor.text())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&read_back, editor.raw());
            prop_assert!(editor.text().contains("/* The union's pledge. */") || !editor.text().contains("as-long-as-it-takes"));
        }
    }
}

#[test]
fn a_file_with_windows_line_ends_keeps_them() {
    let crlf = fixture_text().replace('\n', "\r\n");
    let mut editor = BankEditor::from_text(crlf, Path::new("draft.ron")).expect("valid");
    let new = claim(
        &editor,
        "ships are already waiting outside the port",
        "Ships wait.",
    );
    editor
        .apply(Edit::Add(Item::Claim(new)))
        .expect("valid edit");
    editor.apply(Edit::ConfirmAll).expect("valid edit");
    let text = editor.text();
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "no bare line feed"
    );
    assert!(!text.contains("\r\r"));
    load_bank_str(text, Path::new("draft.ron")).expect("still valid");
}
