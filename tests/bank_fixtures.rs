//! Every validation rule, each with a small broken fixture in `tests/fixtures/bad/`: the message a
//! teacher reads, the line:column it points at and the text it underlines.

use std::path::{Path, PathBuf};

use dossier::bank::diagnostic::{Diagnostic, Severity};
use dossier::bank::validate::{
    Limits, check_bank_str, item_writing_warnings, load_bank_file, load_bank_str, load_folder,
    load_paths,
};
use dossier::bank::{Answer, ClozeSegment, QuestionKind};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Loads `bad/<name>.ron`, expects exactly one error, and checks its message, position and the text
/// under the caret.
fn expect_error(name: &str, message: &str, line: usize, column: usize, underlined: &str) {
    let path = fixture(&format!("bad/{name}.ron"));
    let diagnostics = load_bank_file(&path).expect_err("fixture must be invalid");
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{name}: {diagnostics:#?}");
    let error = errors[0];
    assert_eq!(error.message, message, "{name}");
    assert_eq!(
        (error.line(), error.column()),
        (line, column),
        "{name}: {}",
        error.render_plain()
    );
    assert_eq!(&error.source()[error.span.clone()], underlined, "{name}");
}

fn hint_of(name: &str) -> String {
    let path = fixture(&format!("bad/{name}.ron"));
    let diagnostics = load_bank_file(&path).expect_err("fixture must be invalid");
    diagnostics[0].hint.clone().unwrap_or_default()
}

#[test]
fn good_fixture_loads_with_every_answer_kind() {
    let bank = load_bank_file(&fixture("good/mini.ron")).expect("valid");
    let kinds: Vec<QuestionKind> = bank.questions.iter().map(|q| q.answer.kind()).collect();
    for kind in [
        QuestionKind::Choice,
        QuestionKind::TrueFalse,
        QuestionKind::Typed,
        QuestionKind::Cloze,
        QuestionKind::Matching,
        QuestionKind::Ordering,
        QuestionKind::Flashcard,
        QuestionKind::Evidence,
        QuestionKind::TwoPart,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} missing");
    }
    assert_eq!(bank.id.0, "mini");
    assert_eq!(
        bank.path.as_deref(),
        Some(fixture("good/mini.ron").as_path())
    );
}

#[test]
fn evidence_answer_points_at_the_sentence_containing_the_evidence() {
    let bank = load_bank_file(&fixture("good/mini.ron")).expect("valid");
    let question = bank.question(&"evidence-sanctions".into()).expect("exists");
    let Answer::Evidence {
        sentences,
        correct_sentence,
        ..
    } = &question.answer
    else {
        panic!("not an evidence question");
    };
    assert_eq!(sentences.len(), 3);
    assert!(sentences[*correct_sentence].contains("ramp up sanctions"));
}

#[test]
fn cloze_text_becomes_gaps_with_alternatives() {
    let bank = load_bank_file(&fixture("good/mini.ron")).expect("valid");
    let question = bank.question(&"lifeline-cloze".into()).expect("exists");
    let Answer::Cloze { segments } = &question.answer else {
        panic!("not a cloze question");
    };
    assert!(segments.contains(&ClozeSegment::Gap {
        accept: vec!["Moscow".to_owned(), "Russia".to_owned()]
    }));
}

#[test]
fn editing_a_prompt_changes_the_content_hash_but_editing_the_explanation_does_not() {
    let source = std::fs::read_to_string(fixture("good/mini.ron")).expect("read");
    let hash = |text: &str| {
        let bank = load_bank_str(text, Path::new("mini.ron")).expect("valid");
        bank.question(&"rumor-or-fact".into())
            .expect("exists")
            .content_hash
    };
    let original = hash(&source);
    let new_prompt = source.replace("as a confirmed fact", "as a proven fact");
    let new_explanation = source.replace("It is only rumored.", "Only a rumour.");
    assert_ne!(hash(&new_prompt), original);
    assert_eq!(hash(&new_explanation), original);
}

#[test]
fn misspelled_field_suggests_the_right_one() {
    expect_error(
        "misspelled-field",
        "unknown field `promt`, did you mean `prompt`?",
        21,
        13,
        "promt",
    );
}

#[test]
fn misspelled_certainty_suggests_the_right_one() {
    expect_error(
        "misspelled-certainty",
        "unknown certainty `Oficial`, did you mean `Official`?",
        16,
        83,
        "Oficial",
    );
}

#[test]
fn unknown_answer_kind_lists_the_kinds() {
    expect_error(
        "unknown-answer-kind",
        "unknown answer kind `MultipleChoice`",
        24,
        21,
        "MultipleChoice",
    );
    assert!(hint_of("unknown-answer-kind").contains("`Choice`"));
}

#[test]
fn missing_field_is_named_at_the_end_of_its_item() {
    expect_error(
        "missing-field",
        "missing field `prompt` in this Question",
        24,
        9,
        "",
    );
}

#[test]
fn missing_comma_points_at_the_end_of_the_line_before() {
    expect_error("syntax-missing-comma", "expected a comma here", 22, 26, "");
    assert_eq!(
        hint_of("syntax-missing-comma"),
        "add `,` at the end of this line"
    );
}

#[test]
fn unclosed_string_names_the_line_it_starts_on() {
    expect_error("unclosed-string", "expected a comma here", 4, 14, "");
    assert!(hint_of("unclosed-string").contains("line 3"));
}

#[test]
fn text_after_the_bank_is_an_error() {
    expect_error(
        "trailing-characters",
        "unexpected text after the end of the bank",
        27,
        2,
        "",
    );
}

#[test]
fn text_where_a_list_belongs_is_an_error() {
    expect_error(
        "wrong-type",
        "expected a list in square brackets here",
        24,
        37,
        "",
    );
}

#[test]
fn duplicate_question_id_points_at_both() {
    expect_error(
        "duplicate-question-id",
        "duplicate question id `q1`",
        27,
        17,
        "\"q1\"",
    );
    let diagnostics =
        load_bank_file(&fixture("bad/duplicate-question-id.ron")).expect_err("invalid");
    let (related, label) = diagnostics[0].related.clone().expect("first use shown");
    assert_eq!(label, "first used here");
    assert_eq!(
        dossier::bank::diagnostic::line_col(diagnostics[0].source(), related.start).0,
        20
    );
}

#[test]
fn duplicate_passage_id_is_an_error() {
    expect_error(
        "duplicate-passage-id",
        "duplicate passage id `p1`",
        11,
        21,
        "\"p1\"",
    );
}

#[test]
fn duplicate_actor_id_is_an_error() {
    expect_error(
        "duplicate-actor-id",
        "duplicate actor id `us`",
        14,
        19,
        "\"us\"",
    );
}

#[test]
fn claim_cannot_share_an_id_with_an_actor() {
    expect_error(
        "claim-id-clashes-with-actor",
        "duplicate claim id `us`",
        16,
        19,
        "\"us\"",
    );
}

#[test]
fn authored_ids_cannot_look_derived() {
    expect_error(
        "derived-prefix-id",
        "ids starting with `derived/` are reserved for generated questions",
        20,
        17,
        "\"derived/q1\"",
    );
}

#[test]
fn dangling_passage_reference_suggests_a_close_one() {
    expect_error(
        "unknown-passage",
        "there is no passage with id `p2`",
        22,
        22,
        "\"p2\"",
    );
    assert_eq!(hint_of("unknown-passage"), "did you mean `p1`?");
}

#[test]
fn typo_in_actor_id_is_caught_with_a_suggestion() {
    expect_error(
        "unknown-actor",
        "there is no actor with id `usa`",
        16,
        66,
        "\"usa\"",
    );
    assert!(hint_of("unknown-actor").starts_with("did you mean `us`?"));
}

#[test]
fn question_about_an_unknown_claim_suggests_a_close_one() {
    expect_error(
        "unknown-about-id",
        "there is no actor, claim, implication or response with id `afront`",
        23,
        21,
        "\"afront\"",
    );
    assert_eq!(hint_of("unknown-about-id"), "did you mean `affront`?");
}

#[test]
fn misquoted_claim_is_caught() {
    expect_error(
        "quote-not-in-passage",
        "this quote is not in passage `p1`",
        16,
        115,
        "\"an affront to global stability\"",
    );
}

#[test]
fn misquoted_question_is_caught() {
    expect_error(
        "question-quote-not-in-passage",
        "this quote is not in passage `p1`",
        23,
        20,
        "\"pledged to raise sanctions\"",
    );
}

#[test]
fn choice_without_correct_option_is_an_error() {
    expect_error(
        "choice-without-correct",
        "a choice question needs at least one correct option",
        24,
        37,
        "[",
    );
}

#[test]
fn choice_with_one_option_is_an_error() {
    expect_error(
        "choice-with-one-option",
        "a choice question needs at least two options",
        24,
        21,
        "Choice(",
    );
}

#[test]
fn choice_option_listed_twice_is_an_error_even_in_another_case() {
    expect_error(
        "choice-duplicate-option",
        "the option `more sanctions` is listed twice",
        24,
        74,
        "\"more sanctions\"",
    );
}

#[test]
fn cloze_without_gap_is_an_error() {
    expect_error(
        "cloze-without-gap",
        "this cloze text has no gap",
        24,
        34,
        "They pledged to ramp up sanctions.",
    );
}

#[test]
fn unclosed_cloze_gap_points_at_its_brace() {
    expect_error(
        "cloze-unclosed-gap",
        "this gap is never closed",
        24,
        58,
        "{",
    );
}

#[test]
fn empty_cloze_alternative_is_an_error() {
    expect_error(
        "cloze-empty-alternative",
        "this gap has an empty answer",
        24,
        58,
        "{sanctions|}",
    );
}

#[test]
fn matching_with_one_pair_is_an_error() {
    expect_error(
        "matching-one-pair",
        "a matching question needs at least two pairs",
        24,
        37,
        "[",
    );
}

#[test]
fn matching_item_used_twice_is_an_error() {
    expect_error(
        "matching-duplicate-item",
        "`U.S.` appears in two pairs",
        24,
        62,
        "\"U.S.\"",
    );
}

#[test]
fn ordering_with_one_item_is_an_error() {
    expect_error(
        "ordering-one-item",
        "an ordering question needs at least two items",
        24,
        37,
        "[",
    );
}

#[test]
fn ordering_item_listed_twice_is_an_error() {
    expect_error(
        "ordering-duplicate-item",
        "the item `criticism` is listed twice",
        24,
        60,
        "\"criticism\"",
    );
}

#[test]
fn empty_prompt_is_an_error() {
    expect_error("empty-prompt", "the prompt is empty", 21, 21, "\"  \"");
}

#[test]
fn empty_accepted_answer_is_an_error() {
    expect_error(
        "empty-typed-answer",
        "an accepted answer is empty",
        24,
        49,
        "\"\"",
    );
}

#[test]
fn evidence_not_in_passage_is_an_error() {
    expect_error(
        "evidence-not-in-passage",
        "this evidence is not in passage `p1`",
        24,
        82,
        "\"impose tariffs\"",
    );
}

#[test]
fn evidence_spanning_two_sentences_is_an_error() {
    expect_error(
        "evidence-across-sentences",
        "this evidence runs across two sentences",
        24,
        82,
        "\"stability.” The U.S.\"",
    );
}

#[test]
fn question_without_explanation_loads_with_a_warning() {
    let path = fixture("warn/question-without-explanation.ron");
    let source = std::fs::read_to_string(&path).expect("read");
    let checked = check_bank_str(&source, &path, &Limits::default());
    assert!(checked.bank.is_some());
    assert_eq!(checked.diagnostics.len(), 1);
    let warning = &checked.diagnostics[0];
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(warning.message, "question `q1` has no explanation");
    assert_eq!((warning.line(), warning.column()), (20, 17));
}

#[test]
fn every_problem_in_a_file_is_reported_at_once() {
    let source = std::fs::read_to_string(fixture("bad/unknown-passage.ron"))
        .expect("read")
        .replace("by: \"us\"", "by: \"usa\"")
        .replace("\"Talks\"", "\"More sanctions\"");
    let errors = load_bank_str(&source, Path::new("x.ron")).expect_err("invalid");
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let lines: Vec<usize> = errors.iter().map(Diagnostic::line).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "in file order");
}

#[test]
fn oversized_file_is_refused_before_parsing() {
    let source = std::fs::read_to_string(fixture("good/mini.ron")).expect("read");
    let limits = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    let checked = check_bank_str(&source, Path::new("big.ron"), &limits);
    assert!(checked.bank.is_none());
    assert!(
        checked.diagnostics[0]
            .message
            .starts_with("the file is too large")
    );
}

#[test]
fn overlong_text_is_refused() {
    let long = "x".repeat(70_000);
    let source = std::fs::read_to_string(fixture("good/mini.ron"))
        .expect("read")
        .replace("Fill in the gap.", &long);
    let errors = load_bank_str(&source, Path::new("x.ron")).expect_err("invalid");
    assert!(
        errors[0].message.starts_with("this text is too long"),
        "{errors:#?}"
    );
}

#[test]
fn too_many_items_are_refused() {
    let source = std::fs::read_to_string(fixture("good/mini.ron")).expect("read");
    let limits = Limits {
        max_items: 2,
        ..Limits::default()
    };
    let checked = check_bank_str(&source, Path::new("x.ron"), &limits);
    assert!(checked.bank.is_none());
    assert!(
        checked.diagnostics[0].message.starts_with("too many"),
        "{:#?}",
        checked.diagnostics
    );
}

#[test]
fn deeply_nested_file_is_refused_without_crashing() {
    let source = format!("Bank(id: {}\"x\"{})", "[".repeat(5000), "]".repeat(5000));
    let errors = load_bank_str(&source, Path::new("deep.ron")).expect_err("invalid");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line(), 1);
}

#[test]
fn file_that_is_not_utf8_is_an_error_at_the_bad_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("latin1.ron");
    std::fs::write(&path, b"Bank(\n  id: \"caf\xe9\",\n)").expect("write");
    let errors = load_bank_file(&path).expect_err("invalid");
    assert!(errors[0].message.contains("not UTF-8"));
    assert_eq!((errors[0].line(), errors[0].column()), (2, 11));
}

#[test]
fn missing_file_is_a_diagnostic_not_a_panic() {
    let errors = load_bank_file(Path::new("/no/such/bank.ron")).expect_err("invalid");
    assert!(errors[0].message.starts_with("cannot read"));
}

#[test]
fn broken_file_in_a_folder_does_not_hide_the_good_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = std::fs::read_to_string(fixture("good/mini.ron")).expect("read");
    std::fs::write(dir.path().join("a-good.ron"), &good).expect("write");
    std::fs::write(dir.path().join("b-broken.ron"), "Bank(").expect("write");
    std::fs::write(dir.path().join("notes.txt"), "not a bank").expect("write");
    let loaded = load_folder(dir.path());
    assert_eq!(loaded.len(), 2);
    assert!(loaded[0].result.is_ok());
    assert!(loaded[1].result.is_err());
}

#[test]
fn two_banks_with_the_same_id_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let good = std::fs::read_to_string(fixture("good/mini.ron")).expect("read");
    std::fs::write(dir.path().join("one.ron"), &good).expect("write");
    std::fs::write(dir.path().join("two.ron"), &good).expect("write");
    let loaded = load_paths(&[dir.path().to_path_buf()]);
    assert!(loaded[0].result.is_ok());
    let errors = loaded[1].result.as_ref().expect_err("duplicate");
    assert!(
        errors[0]
            .message
            .starts_with("bank id `mini` is already used by")
    );
    assert_eq!((errors[0].line(), errors[0].column()), (3, 9));
}

#[test]
fn template_for_teachers_is_a_valid_bank_without_warnings() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("quizzes/template.ron");
    let source = std::fs::read_to_string(&path).expect("read template");
    let checked = check_bank_str(&source, &path, &Limits::default());
    assert!(checked.bank.is_some(), "{:#?}", checked.diagnostics);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
}

#[test]
fn example_bank_in_the_format_docs_is_valid_and_uses_every_answer_kind() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/bank-format.md");
    let docs = std::fs::read_to_string(&path).expect("read docs");
    let start = docs.find("```ron\n").expect("a ```ron block") + "```ron\n".len();
    let end = start + docs[start..].find("```").expect("closing fence");
    let checked = check_bank_str(&docs[start..end], &path, &Limits::default());
    let Some(bank) = checked.bank else {
        let rendered: Vec<String> = checked
            .diagnostics
            .iter()
            .map(Diagnostic::render_plain)
            .collect();
        panic!("{}", rendered.join("\n"));
    };
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let style = item_writing_warnings(&bank, &docs[start..end], &path);
    assert!(
        style.is_empty(),
        "the example passes the item-writing check: {style:#?}"
    );
    let mut kinds: Vec<QuestionKind> = bank.questions.iter().map(|q| q.answer.kind()).collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds.len(), 9, "{kinds:?}");
}

#[test]
fn two_part_evidence_must_be_in_the_passage() {
    expect_error(
        "two-part-evidence-not-in-passage",
        "this evidence is not in passage `p1`",
        24,
        88,
        "\"impose tariffs\"",
    );
}

#[test]
fn member_of_must_name_a_known_actor() {
    expect_error(
        "member-of-unknown-actor",
        "there is no actor with id `us-govt`",
        14,
        102,
        "\"us-govt\"",
    );
    assert!(hint_of("member-of-unknown-actor").contains("`us`"));
}

#[test]
fn implication_by_must_name_a_known_actor() {
    expect_error(
        "implication-by-unknown-actor",
        "there is no actor with id `allies`",
        19,
        130,
        "\"allies\"",
    );
}

#[test]
fn member_of_may_not_loop_back() {
    let path = fixture("bad/member-of-loop.ron");
    let diagnostics = load_bank_file(&path).expect_err("a loop is an error");
    let errors: Vec<(usize, String)> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.line(), d.message.clone()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                14,
                "`member_of` of actor `spokesperson` loops back to it".to_owned()
            ),
            (
                15,
                "`member_of` of actor `office` loops back to it".to_owned()
            ),
        ]
    );
}

#[test]
fn an_official_or_attributed_claim_without_a_speaker_is_warned_about() {
    use dossier::bank::validate::{Limits, check_bank_str};
    let source = std::fs::read_to_string(fixture("good/mini.ron")).expect("fixture");
    let checked = check_bank_str(&source, Path::new("mini.ron"), &Limits::default());
    let before = checked
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("no speaker is named"))
        .count();
    assert_eq!(before, 0, "the fixture names its speakers");
    // The same bank with one named speaker taken away, as deleting an actor with its references does.
    let first_by = source.find("by: \"").expect("a claim with a speaker");
    let end = first_by + source[first_by + 5..].find('"').expect("closing quote") + 6;
    let speakerless = format!("{}by: \"article\"{}", &source[..first_by], &source[end..]);
    let checked = check_bank_str(&speakerless, Path::new("mini.ron"), &Limits::default());
    // That claim (the State Department's) is `Official`.
    assert!(
        checked.diagnostics.iter().any(|d| {
            d.message
                .contains("`Official` says someone other than the article said it")
                && d.severity == Severity::Warning
        }),
        "a claim said by someone with no speaker named is flagged: {:?}",
        checked.diagnostics
    );
}
