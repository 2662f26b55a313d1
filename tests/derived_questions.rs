//! Generated questions on a teacher's own bank (`tests/fixtures/derive/campaigners.ron`): the regression
//! fixtures for the three wrong answers generated questions once gave, and the grammar every generated
//! question keeps.

use std::path::{Path, PathBuf};

use dossier::QuestionId;
use dossier::bank::diagnostic::Severity;
use dossier::bank::validate::{Limits, check_bank_file};
use dossier::bank::{Answer, Bank, Certainty, Origin, Question};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/derive/campaigners.ron")
}

fn load() -> Bank {
    let (checked, _) = check_bank_file(&fixture(), &Limits::default());
    checked.bank.expect("the fixture loads (with warnings)")
}

fn question<'b>(bank: &'b Bank, id: &str) -> &'b Question {
    bank.question(&QuestionId(id.to_owned()))
        .unwrap_or_else(|| panic!("{id} is generated"))
}

/// (right option, wrong options) of a single-answer choice question.
fn options(question: &Question) -> (String, Vec<String>) {
    let Answer::Choice { options, correct } = &question.answer else {
        panic!("{} is not a choice question", question.id);
    };
    let right = options
        .iter()
        .zip(correct)
        .find(|(_, c)| **c)
        .map(|(o, _)| o.clone())
        .unwrap_or_default();
    let wrong = options
        .iter()
        .zip(correct)
        .filter(|(_, c)| !**c)
        .map(|(o, _)| o.clone())
        .collect();
    (right, wrong)
}

fn derived(bank: &Bank) -> impl Iterator<Item = &Question> {
    bank.questions
        .iter()
        .filter(|q| q.origin == Origin::Derived)
}

#[test]
fn an_opinion_by_a_named_campaigner_is_her_view_not_the_articles_own_opinion() {
    let bank = load();
    let label = question(&bank, "derived/certainty/held-to-account");
    let (right, _) = options(label);
    assert_eq!(right, Certainty::Attributed.label());
    assert!(
        label.explanation.contains("Maya Patel"),
        "{}",
        label.explanation
    );
    assert!(
        !label.explanation.contains("article's own"),
        "{}",
        label.explanation
    );
    let which = question(&bank, "derived/which/held-to-account");
    assert!(!which.prompt.contains("own opinion"), "{}", which.prompt);
    // And `check` says so where the certainty is written.
    let (checked, _) = check_bank_file(&fixture(), &Limits::default());
    let warning = checked
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Warning && d.message.contains("`Opinion`"))
        .expect("a warning about the Opinion claim");
    assert_eq!((warning.line(), warning.column()), (25, 123));
    assert_eq!(&warning.source()[warning.span.clone()], "Opinion");
}

#[test]
fn a_cause_put_forward_by_a_campaigner_is_asked_in_her_name() {
    let bank = load();
    let cause = question(&bank, "derived/cause/spills");
    assert!(
        cause.prompt.starts_with("According to Maya Patel, "),
        "{}",
        cause.prompt
    );
    let analysts = question(&bank, "derived/cause/late");
    assert!(
        analysts.prompt.starts_with("According to analysts, "),
        "{}",
        analysts.prompt
    );
    // Only the article's own causal claim is "according to the article".
    let own = question(&bank, "derived/cause/fines");
    assert!(own.prompt.starts_with("According to the article, "));
}

#[test]
fn a_minister_is_never_offered_beside_his_own_body() {
    let bank = load();
    let (right, wrong) = options(question(&bank, "derived/attribution/funding"));
    assert_eq!(right, "Rachel Reeves");
    assert!(
        !wrong.contains(&"G7 finance ministers".to_owned()),
        "{wrong:?}"
    );
    let (right, wrong) = options(question(&bank, "derived/attribution/review"));
    assert_eq!(right, "G7 finance ministers");
    assert!(!wrong.contains(&"Rachel Reeves".to_owned()), "{wrong:?}");
    // The campaigner and her group likewise.
    let (_, wrong) = options(question(&bank, "derived/attribution/held-to-account"));
    assert!(!wrong.contains(&"Clean Rivers Now".to_owned()), "{wrong:?}");
}

#[test]
fn generated_text_never_doubles_its_quote_marks() {
    let bank = load();
    for question in derived(&bank) {
        for text in [&question.prompt, &question.explanation] {
            let mut open = false;
            for c in text.chars() {
                match c {
                    '“' => {
                        assert!(!open, "{}: nested double quotes in {text}", question.id);
                        open = true;
                    }
                    '”' => open = false,
                    _ => {}
                }
            }
        }
    }
    let attribution = question(&bank, "derived/attribution/held-to-account");
    assert!(
        attribution
            .prompt
            .contains("“The water company must be held to account”?"),
        "{}",
        attribution.prompt
    );
}

#[test]
fn a_speaker_named_inside_a_sentence_keeps_a_proper_name_and_lowers_a_label() {
    let bank = load();
    let explanation = &question(&bank, "derived/attribution/too-late").explanation;
    assert!(
        explanation.starts_with("The article attributes this to analysts:"),
        "{explanation}"
    );
    let explanation = &question(&bank, "derived/certainty/funding").explanation;
    assert!(explanation.contains("from Rachel Reeves,"), "{explanation}");
}
