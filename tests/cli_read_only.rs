//! `dossier progress show` and `export` only read (issue #11 item 10): they work while the app holds
//! the data folder and on a folder that cannot be written, and never create or change a file there.

use std::path::Path;
use std::process::{Command, Output};

use dossier::progress::{DataDir, Store};
use dossier::study::{Event, Rating, Record, RecordId};
use dossier::{BankId, QuestionId};

fn progress(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["progress", "--data-dir", dir.to_str().unwrap()])
        .args(args)
        .env("TZ", "UTC")
        .output()
        .unwrap()
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap_or_default())
        })
        .collect();
    files.sort();
    files
}

fn folder_with_one_review() -> (tempfile::TempDir, DataDir) {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path().join("data"));
    let (mut store, _) = Store::open(&dir).unwrap();
    store
        .append(Record {
            id: RecordId("0019a8f3c2b10-5e1d0c9a7b3f2e41".to_owned()),
            at_ms: 1_764_000_000_000,
            utc_offset_secs: 0,
            bank: BankId::from("nk"),
            question: QuestionId::from("q1"),
            event: Event::Review {
                rating: Rating::Good,
                score: 1.0,
                answer: "Kim Jong Un".to_owned(),
                duration_ms: 4200,
                content_hash: 1,
            },
        })
        .unwrap();
    (temp, dir)
}

#[test]
fn export_works_while_the_app_holds_the_data_folder_and_changes_nothing() {
    let (_temp, dir) = folder_with_one_review();
    let _app = Store::open(&dir).unwrap();
    let before = listing(&dir.root);
    let output = progress(&dir.root, &["export"]);
    assert!(output.status.success(), "{output:?}");
    let csv = String::from_utf8(output.stdout).unwrap();
    assert!(csv.contains("Kim Jong Un"), "{csv}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("running"));
    assert_eq!(
        listing(&dir.root),
        before,
        "export wrote into the data folder"
    );
}

#[test]
fn show_and_export_on_a_mistyped_folder_create_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let missing = temp.path().join("dossier-dta");
    for args in [&["show"][..], &["export"][..]] {
        let output = progress(&missing, args);
        assert!(output.status.success(), "{output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("there is no data folder at"), "{stderr}");
        assert!(!missing.exists(), "{args:?} created the folder");
    }
}

#[test]
fn show_and_export_leave_a_damaged_log_as_it_is() {
    let (_temp, dir) = folder_with_one_review();
    let mut log = std::fs::read(dir.log_path()).unwrap();
    log.extend_from_slice(b"garbage\n{\"cut off");
    std::fs::write(dir.log_path(), &log).unwrap();
    std::fs::remove_file(dir.lock_path()).unwrap();
    let before = listing(&dir.root);
    assert!(progress(&dir.root, &["show"]).status.success());
    assert!(progress(&dir.root, &["export"]).status.success());
    assert_eq!(
        listing(&dir.root),
        before,
        "a reader repaired or locked the folder"
    );
}

#[test]
fn ids_with_terminal_escapes_in_the_log_are_shown_escaped() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path().join("data"));
    let (mut store, _) = Store::open(&dir).unwrap();
    store
        .append(Record {
            id: RecordId("r1".to_owned()),
            at_ms: 1_764_000_000_000,
            utc_offset_secs: 0,
            bank: BankId::from("nk\u{1b}]0;pwned\u{7}"),
            question: QuestionId::from("q\u{1b}[2J"),
            event: Event::Bury,
        })
        .unwrap();
    drop(store);
    let output = progress(&dir.root, &["show"]);
    assert!(output.status.success(), "{output:?}");
    assert!(!output.stdout.contains(&0x1b) && !output.stdout.contains(&0x07));
    assert!(String::from_utf8_lossy(&output.stdout).contains("nk\\u{1b}]0;pwned"));
}
