//! Bank files and progress logs built to hurt (issue #11 items 6–9 and 13): one huge line with
//! thousands of errors, dangling references by the thousand, ids tens of thousands of characters
//! long, terminal escapes, non-regular files. The checker and the log loader must answer with bounded
//! work (counted in their own measures, never wall time) and bounded output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dossier::bank::diagnostic::Diagnostic;
use dossier::bank::validate::{
    self, Limits, MAX_DIAGNOSTICS_PER_FILE, SUGGESTION_WORK_PER_FILE, check_bank_str,
};
use dossier::progress::log::ParsedLog;
use dossier::progress::{DataDir, Store};

/// The most bytes one rendered diagnostic may take: a message, a hint and at most a dozen cut lines.
const MAX_RENDERED_BYTES_PER_DIAGNOSTIC: usize = 16 * 1024;

fn mini() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/mini.ron");
    std::fs::read_to_string(path).unwrap()
}

/// The valid mini bank on one line, with `actors` extra actors and one claim per entry of
/// `dangling`, each naming as its author an actor that does not exist.
fn one_line_bank(actors: usize, dangling: &[String]) -> String {
    let body: String = mini()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut extra_actors = String::new();
    for i in 0..actors {
        extra_actors.push_str(&format!(
            "Actor(id: \"actor-number-{i}\", name: \"Person {i}\", role: \"r\"), "
        ));
    }
    let mut extra_claims = String::new();
    for (i, by) in dangling.iter().enumerate() {
        extra_claims.push_str(&format!(
            "Claim(id: \"extra-{i}\", statement: \"s\", by: \"{by}\", certainty: Official, \
             passage: \"react-1\", quote: \"an affront\"), "
        ));
    }
    body.replacen("actors: [", &format!("actors: [{extra_actors}"), 1)
        .replacen("claims: [", &format!("claims: [{extra_claims}"), 1)
}

fn render_all(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().map(|d| d.render_plain().len()).sum()
}

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_one_line_bank_with_thousands_of_errors_reports_a_hundred_and_counts_the_rest() {
    let dangling: Vec<String> = (0..4_000).map(|i| format!("nobody-{i}")).collect();
    let source = one_line_bank(0, &dangling);
    assert!(source.lines().count() == 1 && source.len() > 400_000);
    let checked = check_bank_str(&source, Path::new("big.ron"), &Limits::default());
    assert!(checked.bank.is_none());
    assert_eq!(checked.diagnostics.len(), MAX_DIAGNOSTICS_PER_FILE + 1);
    let last = checked.diagnostics.last().unwrap();
    assert!(
        last.message.contains("3,900 more errors"),
        "{}",
        last.message
    );
    let rendered = render_all(&checked.diagnostics);
    assert!(
        rendered <= checked.diagnostics.len() * MAX_RENDERED_BYTES_PER_DIAGNOSTIC,
        "{rendered} bytes rendered"
    );

    // The terminal gets the same bounded report, and the app starts with the file in its library.
    let temp = tempfile::tempdir().unwrap();
    std::fs::create_dir(temp.path().join("quizzes")).unwrap();
    let path = write(&temp.path().join("quizzes"), "big.ron", &source);
    let output = dossier(&["check", "--color", "never", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        output.stdout.len() < 2 * 1024 * 1024,
        "{} bytes",
        output.stdout.len()
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("invalid: 4000 errors"));
    let state = dossier::ui::state::AppState::open(
        Box::new(dossier::SystemClock),
        Some(temp.path().to_path_buf()),
    );
    let entry = state.library.iter().find(|e| e.path == path).unwrap();
    assert!(entry.rendered_errors.len() < 2 * 1024 * 1024);
}

#[test]
fn did_you_mean_work_stays_within_its_budget_however_many_ids_and_references() {
    let dangling: Vec<String> = (0..8_000).map(|i| format!("actor-numbr-{i}")).collect();
    let source = one_line_bank(8_000, &dangling);
    let checked = check_bank_str(&source, Path::new("refs.ron"), &Limits::default());
    assert!(checked.suggestion_work <= SUGGESTION_WORK_PER_FILE);
    // Typos near a real id still get their guess.
    let first = checked
        .diagnostics
        .iter()
        .find(|d| d.message.contains("actor-numbr-"))
        .unwrap();
    assert!(
        first.hint.as_deref().unwrap_or("").contains("did you mean"),
        "{first:?}"
    );

    // One 60,000-character wrong id against one 60,000-character id: no table of 3.6e9 cells.
    let long_id = "x".repeat(60_000);
    let wrong = format!("{}y", "x".repeat(59_999));
    let source = one_line_bank(0, std::slice::from_ref(&wrong)).replacen(
        "id: \"us-state-dept\"",
        &format!("id: \"{long_id}\""),
        1,
    );
    let checked = check_bank_str(&source, Path::new("long.ron"), &Limits::default());
    assert!(checked.bank.is_none());
    // The short ids that now dangle get their guesses; the long pair alone would be 3.6e9 cells.
    assert!(
        checked.suggestion_work < 100_000,
        "{}",
        checked.suggestion_work
    );
    let rendered = render_all(&checked.diagnostics);
    assert!(rendered <= checked.diagnostics.len() * MAX_RENDERED_BYTES_PER_DIAGNOSTIC);
}

#[cfg(unix)]
#[test]
fn check_refuses_devices_and_pipes_instead_of_reading_forever() {
    let output = dossier(&["check", "/dev/zero"]);
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("not a regular file"), "{text}");

    let temp = tempfile::tempdir().unwrap();
    let fifo = temp.path().join("bank.ron");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let output = dossier(&["check", fifo.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&output.stdout).contains("a pipe"));
    }
}

#[test]
fn control_characters_in_ids_are_refused_and_never_reach_the_terminal() {
    let temp = tempfile::tempdir().unwrap();
    let escape = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{8}";
    let source = mini()
        .replacen("id: \"mini\"", &format!("id: \"mini{escape}\""), 1)
        .replacen("id: \"russia\"", "id: \"rus\u{200b}sia\"", 1);
    let path = write(temp.path(), "escape.ron", &source);
    for format in ["human", "json"] {
        let output = dossier(&[
            "check",
            "--color",
            "never",
            "--format",
            format,
            path.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(1));
        let bytes = &output.stdout;
        assert!(
            !bytes.iter().any(|&b| b == 0x1b || b == 0x07 || b == 0x08),
            "raw control bytes in the {format} output"
        );
        let text = String::from_utf8_lossy(bytes);
        assert!(
            text.contains("invisible or control character (U+001B"),
            "{text}"
        );
        assert!(text.contains("U+200B"), "{text}");
    }
}

#[test]
fn old_mac_line_endings_are_read_as_lines() {
    let source = mini().replace('\n', "\r");
    let checked = check_bank_str(&source, Path::new("cr.ron"), &Limits::default());
    assert!(
        checked.bank.is_some(),
        "{:?}",
        checked.diagnostics.first().map(Diagnostic::render_plain)
    );
    let broken = source.replacen("Choice(", "Choise(", 1);
    let checked = check_bank_str(&broken, Path::new("cr.ron"), &Limits::default());
    assert!(
        checked.diagnostics[0].line() > 1,
        "positions count CR-only lines"
    );
}

#[test]
fn a_folder_says_which_subfolders_it_did_not_check() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "mini.ron", &mini());
    std::fs::create_dir(temp.path().join("term-2")).unwrap();
    write(&temp.path().join("term-2"), "other.ron", &mini());
    let output = dossier(&["check", temp.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("term-2 is a subfolder and was not checked"),
        "{text}"
    );
    let json = dossier(&["check", "--format", "json", temp.path().to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert!(
        report["skipped_folders"][0]
            .as_str()
            .unwrap()
            .ends_with("term-2")
    );
}

#[test]
fn a_file_named_twice_is_checked_once_and_does_not_clash_with_itself() {
    let temp = tempfile::tempdir().unwrap();
    let path = write(temp.path(), "mini.ron", &mini());
    let file = path.to_str().unwrap();
    let folder = temp.path().to_str().unwrap();
    let output = dossier(&["check", file, file, folder]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert_eq!(text.matches("ok: bank `mini`").count(), 1, "{text}");
}

#[test]
fn json_positions_of_invalid_utf8_stay_inside_the_file() {
    let temp = tempfile::tempdir().unwrap();
    let path = temp.path().join("latin1.ron");
    let mut bytes = mini().into_bytes();
    bytes.push(0xE9); // "é" in Latin-1, as the very last byte
    std::fs::write(&path, &bytes).unwrap();
    let output = dossier(&["check", "--format", "json", path.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let diagnostic = &report["files"][0]["diagnostics"][0];
    assert!(
        diagnostic["message"]
            .as_str()
            .unwrap()
            .contains("not UTF-8")
    );
    assert_eq!(
        diagnostic["start_byte"].as_u64().unwrap(),
        bytes.len() as u64 - 1
    );
    assert!(diagnostic["end_byte"].as_u64().unwrap() <= bytes.len() as u64);
}

/// A small deterministic generator, so the fuzz cases are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

/// Adversarial shapes for a bank file, each a few hundred KB at most.
fn adversarial_banks() -> Vec<(String, String)> {
    let mut rng = Lcg(11);
    let mut cases = vec![
        (
            "deep nesting".to_owned(),
            format!("Bank(id: {}", "[".repeat(200_000)),
        ),
        ("one huge line of garbage".to_owned(), "é".repeat(400_000)),
        (
            "huge string".to_owned(),
            format!("Bank(id: \"{}\")", "a".repeat(1_000_000)),
        ),
        (
            "long ids everywhere".to_owned(),
            one_line_bank(
                50,
                &(0..200)
                    .map(|i| format!("{}{i}", "q".repeat(5_000)))
                    .collect::<Vec<_>>(),
            ),
        ),
        (
            "control characters".to_owned(),
            mini().replace("Russia", "\u{1b}[31mRu\u{0}ssia\u{7}\u{202e}"),
        ),
        ("NUL bytes".to_owned(), "\u{0}".repeat(100_000)),
        (
            "unclosed comment".to_owned(),
            format!("/*{}", "x".repeat(100_000)),
        ),
    ];
    // Random splices of bank fragments: unbalanced brackets, stray quotes, repeated fields.
    let fragments = [
        "Bank(",
        ")",
        "[",
        "]",
        "\"",
        "id: ",
        "\"x\"",
        ",",
        "actors: [",
        "Actor(id: \"a\")",
        "claims: [",
        "by: \"nobody\"",
        "//",
        "\r",
        "\n",
        "\u{1b}",
        "questions: [",
        "Question(",
        "answer: Choice(correct: [\"a\"], wrong: [\"a\"])",
        "é",
        "\u{feff}",
    ];
    for n in 0..40 {
        let mut text = String::new();
        for _ in 0..(200 + n * 200) {
            text.push_str(rng.pick(&fragments));
        }
        cases.push((format!("random splice {n}"), text));
    }
    cases
}

#[test]
fn fuzzed_banks_are_checked_with_bounded_work_and_bounded_output() {
    for (name, source) in adversarial_banks() {
        let checked = check_bank_str(&source, Path::new("fuzz.ron"), &Limits::default());
        assert!(
            checked.diagnostics.len() <= MAX_DIAGNOSTICS_PER_FILE + 1,
            "{name}: {} diagnostics",
            checked.diagnostics.len()
        );
        assert!(
            checked.suggestion_work <= SUGGESTION_WORK_PER_FILE,
            "{name}"
        );
        for diagnostic in &checked.diagnostics {
            let rendered = diagnostic.render_plain();
            assert!(
                rendered.len() <= MAX_RENDERED_BYTES_PER_DIAGNOSTIC,
                "{name}: a diagnostic rendered to {} bytes",
                rendered.len()
            );
            assert!(
                !rendered.contains(['\u{1b}', '\u{0}', '\u{7}', '\u{202e}']),
                "{name}: control characters in {rendered:?}"
            );
        }
    }
}

#[test]
fn fuzzed_progress_logs_load_with_bounded_notices() {
    let good = r#"{"id":"a","at_ms":1,"bank":"b","question":"q","event":{"type":"bury"}}"#;
    let mut rng = Lcg(19);
    let mut logs: Vec<(String, Vec<u8>)> = vec![
        ("one huge line".to_owned(), vec![b'x'; 5_000_000]),
        (
            "deep nesting".to_owned(),
            format!("{good}\n{}\n{good}\n", "[".repeat(1_000_000)).into_bytes(),
        ),
        (
            "control characters".to_owned(),
            format!("{good}\n\u{1b}]0;x\u{7}\n").into_bytes(),
        ),
        (
            "many bad lines".to_owned(),
            "bad\n".repeat(200_000).into_bytes(),
        ),
        (
            "long id".to_owned(),
            good.replace("\"a\"", &format!("\"{}\"", "i".repeat(1_000_000)))
                .into_bytes(),
        ),
    ];
    let pieces = [
        good, "\n", "{", "}", "\"id\":", "\u{feff}", "\0", "\r\n", "null", "[[[[",
    ];
    for n in 0..20 {
        let text: String = (0..(100 + n * 500)).map(|_| rng.pick(&pieces)).collect();
        logs.push((format!("random splice {n}"), text.into_bytes()));
    }
    for (name, bytes) in logs {
        let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
        let parsed = ParsedLog::parse(&bytes);
        assert!(
            parsed.records.len() + parsed.damaged_lines.len() <= lines,
            "{name}"
        );

        let temp = tempfile::tempdir().unwrap();
        let dir = DataDir::at(temp.path());
        std::fs::write(dir.log_path(), &bytes).unwrap();
        let (store, notices) = Store::open(&dir).unwrap();
        assert_eq!(store.record_count(), parsed.records.len() as u64, "{name}");
        for notice in notices {
            assert!(
                notice.message.len() < 2_048,
                "{name}: {} byte notice",
                notice.message.len()
            );
        }
    }
}

#[test]
fn a_library_folder_may_hold_a_pipe_without_stopping_the_app() {
    let temp = tempfile::tempdir().unwrap();
    write(temp.path(), "mini.ron", &mini());
    let fifo = temp.path().join("stuck.ron");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let loaded = validate::load_paths(&[temp.path().to_path_buf(), fifo.clone()]);
    assert!(loaded.iter().any(|l| l.result.is_ok()));
    if made.is_ok_and(|s| s.success()) {
        assert!(loaded.iter().any(|l| l.path == fifo && l.result.is_err()));
    }
}
