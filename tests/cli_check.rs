//! `dossier check` as a teacher or a script runs it: the real binary, its exit codes and output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run dossier")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8 output")
}

#[test]
fn valid_bank_exits_zero_with_a_summary_line() {
    let path = fixture("good/mini.ron");
    let output = dossier(&["check", path.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("ok: bank `mini`"), "{text}");
    assert!(
        text.contains("12 questions (3 multiple choice, 1 true/false"),
        "{text}"
    );
    assert!(
        text.contains("3 actors, 2 claims, 1 implication, 1 response"),
        "{text}"
    );
}

#[test]
fn invalid_bank_exits_one_with_a_rustc_style_diagnostic() {
    let path = fixture("bad/misspelled-field.ron");
    let output = dossier(&["check", path.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("error: unknown field `promt`, did you mean `prompt`?"),
        "{text}"
    );
    assert!(text.contains("misspelled-field.ron:21:13"), "{text}");
    assert!(text.contains("^^^^^"), "{text}");
    assert!(text.contains("help: the fields of Question are"), "{text}");
    assert!(text.contains("invalid: 1 error"), "{text}");
}

#[test]
fn piped_output_has_no_colour_codes_unless_asked() {
    let path = fixture("bad/misspelled-field.ron");
    let path = path.to_str().expect("utf-8 path");
    let plain = stdout(&dossier(&["check", path]));
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let coloured = stdout(&dossier(&["check", "--color", "always", path]));
    assert!(coloured.contains('\u{1b}'), "{coloured}");
}

#[test]
fn one_invalid_bank_among_valid_ones_fails_the_whole_check() {
    let good = fixture("good/mini.ron");
    let bad = fixture("bad/empty-prompt.ron");
    let output = dossier(&[
        "check",
        good.to_str().expect("utf-8 path"),
        bad.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("ok: bank `mini`"), "{text}");
    assert!(text.contains("the prompt is empty"), "{text}");
}

#[test]
fn folder_is_checked_file_by_file() {
    let output = dossier(&["check", fixture("good").to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("mini.ron: ok"));
}

#[test]
fn folder_without_banks_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = dossier(&["check", dir.path().to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("no bank files"));
}

#[test]
fn missing_path_is_reported_and_fails() {
    let output = dossier(&["check", "/no/such/bank.ron"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("cannot read `/no/such/bank.ron`"));
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(dossier(&["check"]).status.code(), Some(2));
    assert_eq!(
        dossier(&["check", "--format", "xml", "x.ron"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(dossier(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn json_format_gives_positions_for_editors() {
    let good = fixture("good/mini.ron");
    let bad = fixture("bad/unknown-passage.ron");
    let output = dossier(&[
        "check",
        "--format",
        "json",
        good.to_str().expect("utf-8 path"),
        bad.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(report["valid"], false);
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["valid"], true);
    assert_eq!(files[0]["bank"]["questions"], 12, "9 written and 3 derived");
    assert_eq!(files[0]["bank"]["questions_by_kind"]["evidence"], 1);
    let diagnostic = &files[1]["diagnostics"][0];
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!(diagnostic["message"], "there is no passage with id `p2`");
    assert_eq!(diagnostic["hint"], "did you mean `p1`?");
    assert_eq!(
        (diagnostic["line"].clone(), diagnostic["column"].clone()),
        (22.into(), 22.into())
    );
}

#[test]
fn warnings_are_shown_but_do_not_fail_the_check() {
    let path = fixture("warn/question-without-explanation.ron");
    let output = dossier(&["check", path.to_str().expect("utf-8 path")]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(
        text.contains("warning: question `q1` has no explanation"),
        "{text}"
    );
    assert!(text.contains(": ok: bank `bad`"), "{text}");
}

#[test]
fn item_writing_warnings_are_shown_and_fail_only_with_strict() {
    let path = fixture("lint/badly-written.ron");
    let path = path.to_str().expect("utf-8 path");
    let output = dossier(&["check", "--color", "never", path]);
    assert_eq!(output.status.code(), Some(0), "warnings alone never fail");
    let text = stdout(&output);
    assert!(
        text.contains("warning: `None of the above` as an option"),
        "{text}"
    );
    assert!(text.contains("badly-written.ron:15:102"), "{text}");
    assert!(text.contains("ok: bank `badly-written`"), "{text}");
    let strict = dossier(&["check", "--strict", path]);
    assert_eq!(strict.status.code(), Some(1), "--strict fails on warnings");
    let clean = fixture("good/mini.ron");
    let clean = dossier(&["check", "--strict", clean.to_str().expect("utf-8 path")]);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
}

#[test]
fn quiz_files_are_recognised_with_how_to_import_them_instead_of_a_ron_error() {
    let cases = [
        ("interchange/every-construct.gift", "GIFT (Moodle)"),
        ("interchange/questions.aiken.txt", "Aiken (Moodle)"),
        ("interchange/quiz.moodle.xml", "Moodle XML"),
        ("interchange/notes.anki.txt", "Anki plain text"),
    ];
    for (name, format) in cases {
        let path = fixture(name);
        let shown = path.to_str().expect("utf-8 path");
        let output = dossier(&["check", "--color", "never", shown]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        let text = stdout(&output);
        assert!(
            text.contains(&format!(
                "error: this looks like a {format} quiz file, not a Dossier bank"
            )),
            "{name}: {text}"
        );
        let ron = path.with_extension("ron");
        assert!(
            text.contains(&format!(
                "help: import it: dossier import {shown} -o {}",
                ron.display()
            )),
            "{name}: {text}"
        );
        assert!(!text.contains("expected"), "no RON syntax error: {text}");
    }
}

#[test]
fn a_folder_check_names_the_quiz_files_it_holds_and_how_to_import_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(fixture("good/mini.ron"), dir.path().join("mini.ron")).expect("bank");
    std::fs::copy(
        fixture("interchange/damaged.gift"),
        dir.path().join("unit1.gift"),
    )
    .expect("quiz");
    let output = dossier(&["check", dir.path().to_str().expect("utf-8 path")]);
    let notes = String::from_utf8(output.stderr.clone()).expect("utf-8");
    let quiz = dir.path().join("unit1.gift");
    assert!(
        notes.contains(&format!(
            "note: {} is a quiz file, not a bank: import it with `dossier import {} -o {}`",
            quiz.display(),
            quiz.display(),
            dir.path().join("unit1.ron").display()
        )),
        "{notes}"
    );
}
