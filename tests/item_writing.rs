//! The item-writing check of `dossier check`: one fixture with every flaw, each warning at its place.

use std::path::{Path, PathBuf};

use dossier::bank::diagnostic::{Diagnostic, Severity};
use dossier::bank::validate::{item_writing_warnings, load_bank_file};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn warnings(name: &str) -> Vec<Diagnostic> {
    let path = fixture(name);
    let bank = load_bank_file(&path).expect("the fixture is valid");
    let source = std::fs::read_to_string(&path).expect("readable");
    item_writing_warnings(&bank, &source, &path)
}

/// The warning whose message starts with `message`, at `line:column`, underlining `underlined`.
fn expect(found: &[Diagnostic], message: &str, line: usize, column: usize, underlined: &str) {
    let warning = found
        .iter()
        .find(|d| d.message.starts_with(message))
        .unwrap_or_else(|| panic!("no warning “{message}” in {found:#?}"));
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(
        (warning.line(), warning.column()),
        (line, column),
        "{}",
        warning.render_plain()
    );
    assert_eq!(&warning.source()[warning.span.clone()], underlined);
}

#[test]
fn every_item_writing_flaw_is_warned_about_where_it_is() {
    let found = warnings("lint/badly-written.ron");
    expect(
        &found,
        "this quotation ends in `.`, but the article has `,` here",
        12,
        118,
        "a warning to us all.",
    );
    expect(
        &found,
        "the right option is the longest in 6 of 7 choice questions",
        13,
        21,
        "Choice(",
    );
    expect(
        &found,
        "`None of the above` as an option",
        15,
        102,
        "\"None of the above\"",
    );
    expect(
        &found,
        "the prompt contains the answer `The dam`",
        17,
        38,
        "\"The dam\"",
    );
    expect(
        &found,
        "the prompt says “these avenues”",
        20,
        36,
        "\"True or false: residents say these avenues will work.\"",
    );
    expect(
        &found,
        "this prompt is nearly the same as an earlier one",
        24,
        36,
        "\"What did the mayor ask for after the flooding?\"",
    );
    expect(
        &found,
        "the same wrong options are used by 3 questions",
        27,
        21,
        "Choice(",
    );
    expect(
        &found,
        "the prompt says “this paragraph”",
        28,
        36,
        "\"Which word in this paragraph names a structure? (one word)\"",
    );
    assert_eq!(found.len(), 8, "{found:#?}");
}

#[test]
fn well_written_banks_get_no_item_writing_warnings() {
    for name in ["good/mini.ron", "derive/campaigners.ron"] {
        let found = warnings(name);
        assert!(found.is_empty(), "{name}: {found:#?}");
    }
}
#[test]
fn the_bundled_bank_passes_the_item_writing_check() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("quizzes/north-korea-russia.ron");
    let bank = load_bank_file(&path).expect("valid");
    let source = std::fs::read_to_string(&path).expect("readable");
    let found = item_writing_warnings(&bank, &source, &path);
    let rendered: Vec<String> = found.iter().map(Diagnostic::render_plain).collect();
    assert!(found.is_empty(), "{}", rendered.join("\n"));
}
