//! The bank cache: banks validated once, not at every start. Observed through the cache's counters
//! and files, never through timing.

use std::path::{Path, PathBuf};

use chrono::TimeZone;
use dossier::FixedClock;
use dossier::bank::cache::{BankCache, CacheStats};
use dossier::bank::synthetic::synthetic_bank_file;
use dossier::bank::validate;
use dossier::bank::validate::load_paths_lazy;
use dossier::ui::state::AppState;

fn clock() -> FixedClock {
    let offset = chrono::FixedOffset::east_opt(3600).expect("valid offset");
    FixedClock::new(
        offset
            .with_ymd_and_hms(2026, 3, 2, 10, 0, 0)
            .single()
            .expect("valid time"),
    )
}

/// A data folder with these bank files in its library.
fn data_folder(banks: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let quizzes = dir.path().join("quizzes");
    std::fs::create_dir_all(&quizzes).expect("quizzes");
    for (name, text) in banks {
        std::fs::write(quizzes.join(name), text).expect("bank file");
    }
    dir
}

fn start(dir: &Path) -> AppState {
    AppState::open(Box::new(clock()), Some(dir.to_path_buf()))
}

fn stats(state: &AppState) -> CacheStats {
    state
        .bank_cache
        .as_ref()
        .expect("a data folder has a cache")
        .stats
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(BankCache::in_data_dir(dir).dir())
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Each loaded bank, read whole, as text that covers every field (the question index prints its
/// size).
fn banks_as_text(state: &AppState) -> Vec<String> {
    state
        .banks()
        .map(|bank| format!("{:?}", bank.full().expect("the bank can be read whole")))
        .collect()
}

#[test]
fn unchanged_banks_are_loaded_from_the_cache_at_the_next_start() {
    let dir = data_folder(&[
        ("a.ron", synthetic_bank_file(0, 50)),
        ("b.ron", synthetic_bank_file(1, 50)),
    ]);
    let first = start(dir.path());
    assert_eq!(first.banks().count(), 3, "{:?}", first.notices);
    // The bundled bank and both files validated, and stored.
    assert_eq!(stats(&first).hits, 0);
    assert_eq!(stats(&first).misses, 3);
    assert_eq!(cache_files(dir.path()).len(), 3);
    let validated = banks_as_text(&first);
    drop(first);

    let second = start(dir.path());
    assert_eq!(stats(&second).hits, 3);
    assert_eq!(stats(&second).misses, 0);
    // Exactly the banks validation gave, the bundled one (derived questions, evidence) included.
    assert_eq!(banks_as_text(&second), validated);
}

#[test]
fn a_bank_edited_in_place_at_the_same_size_and_time_is_validated_again() {
    let original = synthetic_bank_file(0, 20);
    let dir = data_folder(&[("a.ron", original.clone())]);
    let file = dir.path().join("quizzes").join("a.ron");
    let modified = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .expect("mtime");
    drop(start(dir.path()));

    // Same length, same modification time, one word different.
    let edited = original.replacen("Synthetic bank 1", "Synthetic bank X", 1);
    assert_eq!(edited.len(), original.len());
    std::fs::write(&file, &edited).expect("edit");
    std::fs::File::options()
        .write(true)
        .open(&file)
        .and_then(|f| f.set_modified(modified))
        .expect("set mtime back");

    let state = start(dir.path());
    assert_eq!(stats(&state).misses, 1, "the edited file is checked again");
    assert_eq!(stats(&state).hits, 1, "the bundled bank is not");
    let titles: Vec<&str> = state.banks().map(|b| b.title.as_str()).collect();
    assert!(
        titles.iter().any(|t| t.starts_with("Synthetic bank X")),
        "{titles:?}"
    );
}

#[test]
fn a_damaged_cache_is_ignored_and_rebuilt() {
    let dir = data_folder(&[
        ("a.ron", synthetic_bank_file(0, 20)),
        ("b.ron", synthetic_bank_file(1, 20)),
    ]);
    let validated = banks_as_text(&start(dir.path()));
    let files = cache_files(dir.path());
    assert_eq!(files.len(), 3);
    // One entry is garbage, one cut short in its bank, one has no header line at all.
    std::fs::write(&files[0], b"\x00\xffnot json at all").expect("damage");
    let text = std::fs::read(&files[1]).expect("entry");
    std::fs::write(&files[1], &text[..text.len() / 2]).expect("truncate");
    std::fs::write(&files[2], b"").expect("empty");

    let state = start(dir.path());
    // The garbage and the empty entry are seen at start; the one cut short in its bank line still
    // gives its summary, and its bank is validated again when it is opened.
    assert_eq!(stats(&state).damaged, 2);
    assert_eq!(stats(&state).hits, 1);
    assert_eq!(banks_as_text(&state), validated, "no bank lost or changed");
    assert!(
        state.notices.iter().all(|n| !n.is_error),
        "a damaged cache is no error: {:?}",
        state.notices
    );
    drop(state);
    let again = start(dir.path());
    assert_eq!(stats(&again).hits, 3, "and it was rewritten");
    assert_eq!(banks_as_text(&again), validated);
}

/// Rewrites the JSON header line of every cache entry with `edit` (given the entry's number), leaving
/// the summary (binary) and the bank after it as they are.
fn edit_entry_headers(data: &Path, edit: impl Fn(usize, &mut serde_json::Value)) {
    for (i, file) in cache_files(data).into_iter().enumerate() {
        let bytes = std::fs::read(&file).expect("entry");
        let newline = bytes
            .iter()
            .position(|&b| b == b'\n')
            .expect("a header line");
        let mut header: serde_json::Value =
            serde_json::from_slice(&bytes[..newline]).expect("header");
        edit(i, &mut header);
        let mut rewritten = header.to_string().into_bytes();
        rewritten.extend_from_slice(&bytes[newline..]);
        std::fs::write(&file, rewritten).expect("rewrite");
    }
}

#[test]
fn an_entry_written_by_another_build_is_not_used() {
    let dir = data_folder(&[("a.ron", synthetic_bank_file(0, 20))]);
    drop(start(dir.path()));
    edit_entry_headers(dir.path(), |_, header| {
        header["build"] = serde_json::Value::from("0.0.1 another-build");
    });
    let state = start(dir.path());
    assert_eq!(stats(&state).hits, 0);
    assert_eq!(stats(&state).misses, 2);
    assert_eq!(stats(&state).damaged, 0, "outdated, not damaged");
    assert_eq!(state.banks().count(), 2);
}

#[test]
fn an_entry_whose_summary_length_is_wrong_is_damaged_and_rebuilt() {
    let dir = data_folder(&[("a.ron", synthetic_bank_file(0, 20))]);
    drop(start(dir.path()));
    let validated = banks_as_text(&start(dir.path()));
    edit_entry_headers(dir.path(), |i, header| {
        // Far beyond the file (one entry), and one byte off (the other).
        let len = header["summary_len"].as_u64().expect("summary_len");
        header["summary_len"] = serde_json::Value::from(if i == 0 { 200_000_000 } else { len + 1 });
    });
    let state = start(dir.path());
    assert_eq!(stats(&state).hits, 0);
    assert_eq!(stats(&state).damaged, 2);
    assert_eq!(
        banks_as_text(&state),
        validated,
        "validated again, the same banks"
    );
    drop(state);
    assert_eq!(
        stats(&start(dir.path())).hits,
        2,
        "and the entries rewritten"
    );
}

#[test]
fn a_broken_bank_is_listed_with_its_errors_at_every_start_and_never_cached() {
    let broken = synthetic_bank_file(1, 5).replacen("passage: \"p0\"", "passage: \"nowhere\"", 1);
    let dir = data_folder(&[
        ("good.ron", synthetic_bank_file(0, 5)),
        ("broken.ron", broken),
    ]);
    for _ in 0..2 {
        let state = start(dir.path());
        let entry = state
            .library
            .iter()
            .find(|e| e.path.ends_with("broken.ron"))
            .expect("the broken bank is listed");
        let errors = entry.bank.as_ref().expect_err("and shown as broken");
        assert!(!errors.is_empty());
        assert!(
            entry.rendered_errors.contains("nowhere"),
            "{}",
            entry.rendered_errors
        );
        assert_eq!(state.banks().count(), 2, "the good ones still load");
    }
    assert_eq!(
        cache_files(dir.path()).len(),
        2,
        "bundled and good.ron only"
    );
}

#[test]
fn entries_of_deleted_banks_are_removed() {
    let dir = data_folder(&[
        ("a.ron", synthetic_bank_file(0, 5)),
        ("b.ron", synthetic_bank_file(1, 5)),
    ]);
    drop(start(dir.path()));
    assert_eq!(cache_files(dir.path()).len(), 3);
    std::fs::remove_file(dir.path().join("quizzes").join("b.ron")).expect("delete");
    drop(start(dir.path()));
    assert_eq!(cache_files(dir.path()).len(), 2);
}

#[test]
fn two_cached_banks_with_one_id_are_still_refused() {
    let same = synthetic_bank_file(0, 5);
    let dir = data_folder(&[("a.ron", same.clone())]);
    drop(start(dir.path()));
    std::fs::write(dir.path().join("quizzes").join("b.ron"), &same).expect("copy");
    drop(start(dir.path()));
    // Both now come from the cache; the second still clashes with the first.
    let state = start(dir.path());
    assert_eq!(stats(&state).hits, 3);
    let clash = state
        .library
        .iter()
        .find(|e| e.path.ends_with("b.ron"))
        .expect("listed");
    assert!(
        clash.rendered_errors.contains("already used"),
        "{}",
        clash.rendered_errors
    );
}

#[test]
fn generated_bank_files_are_valid() {
    for (index, questions) in [(0, 1), (3, 10), (7, 1_000)] {
        let text = synthetic_bank_file(index, questions);
        let bank = validate::load_bank_str(&text, Path::new("synthetic.ron"))
            .unwrap_or_else(|d| panic!("{}", d[0].render_plain()));
        assert_eq!(bank.questions.len(), questions);
    }
}

#[test]
fn the_library_opens_without_reading_any_bank_whole() {
    let dir = data_folder(&[
        ("a.ron", synthetic_bank_file(0, 200)),
        ("b.ron", synthetic_bank_file(1, 200)),
    ]);
    drop(start(dir.path()));
    let state = start(dir.path());
    assert_eq!(stats(&state).hits, 3);
    // What the first frame shows: the big Study button and every bank's counts.
    let useful = state.most_useful_bank().expect("a bank to study");
    for bank in state.banks() {
        let figures = state.bank_figures(bank);
        assert_eq!(figures.counts.total as usize, bank.questions.len());
    }
    assert!(
        state.banks().all(|b| !b.is_loaded()),
        "the library needs only the summaries"
    );
    // Opening one bank reads that one only, and it is the bank validation gives.
    let opened = state.bank(&useful).expect("the bank opens");
    let path = opened
        .path
        .clone()
        .expect("a bank from a file has its path");
    assert_eq!(
        state.banks().filter(|b| b.is_loaded()).count(),
        1,
        "only the opened bank is read"
    );
    let text = std::fs::read_to_string(&path).expect("the bank file");
    if !path.starts_with("bundled") {
        let mut validated = validate::load_bank_str(&text, &path).expect("valid");
        validated.path = Some(path.clone());
        assert_eq!(format!("{:?}", **opened), format!("{validated:?}"));
    }
}

#[test]
fn a_file_whose_stamp_proves_it_unchanged_is_not_read_and_an_edit_is_still_seen() {
    let original = synthetic_bank_file(0, 20);
    let dir = data_folder(&[
        ("a.ron", original.clone()),
        ("b.ron", synthetic_bank_file(1, 20)),
    ]);
    let quizzes = dir.path().join("quizzes");
    // A racy window of zero: the test cannot wait seconds for the files to age.
    let cache = || BankCache::in_data_dir(dir.path()).with_racy_window(std::time::Duration::ZERO);
    let load = |cache: &mut BankCache, trust| {
        load_paths_lazy(std::slice::from_ref(&quizzes), cache, trust)
    };
    let mut first = cache();
    assert_eq!(load(&mut first, true).len(), 2);
    assert_eq!(first.stats.misses, 2);

    let mut second = cache();
    let banks = load(&mut second, true);
    assert!(banks.iter().all(|b| b.result.is_ok()));
    assert_eq!((second.stats.hits, second.stats.unread), (2, 2));

    // Edited in place, at the same size, with the modification time put back: the change time
    // moved, so the file is read, hashed and validated again.
    let file = quizzes.join("a.ron");
    let modified = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .expect("mtime");
    let edited = original.replacen("Synthetic bank 1", "Synthetic bank X", 1);
    assert_eq!(edited.len(), original.len());
    std::fs::write(&file, &edited).expect("edit");
    std::fs::File::options()
        .write(true)
        .open(&file)
        .and_then(|f| f.set_modified(modified))
        .expect("set mtime back");
    let mut third = cache();
    let banks = load(&mut third, true);
    assert_eq!((third.stats.unread, third.stats.misses), (1, 1));
    let titles: Vec<&str> = banks
        .iter()
        .filter_map(|b| Some(b.result.as_ref().ok()?.title.as_str()))
        .collect();
    assert!(
        titles.iter().any(|t| t.starts_with("Synthetic bank X")),
        "{titles:?}"
    );

    // A reload the user asks for reads every file, whatever the stamps say.
    let mut reload = cache();
    load(&mut reload, false);
    assert_eq!((reload.stats.hits, reload.stats.unread), (2, 0));
}
