//! Progress files as unlucky students and hostile files leave them (issue #11): duplicated lines, a
//! byte-order mark from Notepad, a log kept in a synced folder through a symlink, impossible values,
//! leftovers of killed writes and full disks, and paths that are not files at all.

use std::path::Path;

use dossier::progress::{DataDir, Store, export};
use dossier::study::{Event, Rating, Record, RecordId};
use dossier::{BankId, QuestionId};

fn review(id: &str, at_ms: i64, score: f32) -> Record {
    Record {
        id: RecordId(id.to_owned()),
        at_ms,
        utc_offset_secs: 0,
        bank: BankId::from("nk"),
        question: QuestionId::from("q1"),
        event: Event::Review {
            rating: Rating::Good,
            score,
            answer: "Kim".to_owned(),
            duration_ms: 1000,
            content_hash: 7,
        },
    }
}

fn line(record: &Record) -> String {
    format!("{}\n", serde_json::to_string(record).unwrap())
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn ids(store: &Store) -> Vec<String> {
    store
        .all_records()
        .unwrap()
        .into_iter()
        .map(|r| r.id.0)
        .collect()
}

#[test]
fn a_line_that_appears_twice_counts_once_in_replay_export_and_merge() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    let a = review("a", 1_000, 1.0);
    let b = review("b", 2_000, 1.0);
    std::fs::write(dir.log_path(), line(&a) + &line(&b) + &line(&a)).unwrap();

    let (mut store, notices) = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), ["a", "b"]);
    assert_eq!(notices, []);
    let mut csv = Vec::new();
    export::write_csv(&store.all_records().unwrap(), &mut csv).unwrap();
    assert_eq!(
        String::from_utf8(csv).unwrap().lines().count(),
        3,
        "header + 2 rows"
    );

    // A merge source with the same record twice adds it once, and keeps no duplicate.
    let other = temp.path().join("other.jsonl");
    let c = review("c", 3_000, 1.0);
    std::fs::write(&other, line(&c) + &line(&c) + &line(&a)).unwrap();
    let (records, _) = dossier::progress::merge::read_other(&other).unwrap();
    let report = store.merge_from(records).unwrap();
    assert_eq!((report.added, report.total), (1, 3));
    drop(store);
    let text = std::fs::read_to_string(dir.log_path()).unwrap();
    assert_eq!(text.lines().count(), 3, "{text}");
}

#[test]
fn a_byte_order_mark_from_notepad_does_not_damage_the_first_record() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    let text = format!(
        "\u{feff}{}{}",
        line(&review("a", 1_000, 1.0)),
        line(&review("b", 2_000, 0.5))
    );
    std::fs::write(dir.log_path(), text).unwrap();
    let (mut store, notices) = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), ["a", "b"]);
    assert_eq!(notices, []);
    assert!(
        !names_in(temp.path())
            .iter()
            .any(|n| n.ends_with(".corrupt"))
    );
    store.append(review("c", 3_000, 1.0)).unwrap();
    drop(store);
    let (store, _) = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), ["a", "b", "c"]);
}

#[cfg(unix)]
#[test]
fn a_symlinked_log_stays_a_symlink_through_recovery_and_merge() {
    let temp = tempfile::tempdir().unwrap();
    let synced = temp.path().join("Dropbox");
    std::fs::create_dir(&synced).unwrap();
    let real = synced.join("progress.jsonl");
    let data = temp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let dir = DataDir::at(&data);
    std::os::unix::fs::symlink(&real, dir.log_path()).unwrap();
    // Damage in the middle makes recovery rewrite the log.
    std::fs::write(
        &real,
        line(&review("a", 1_000, 1.0)) + "garbage\n" + &line(&review("b", 2_000, 1.0)),
    )
    .unwrap();

    let (mut store, notices) = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), ["a", "b"]);
    assert_eq!(notices.len(), 1, "{notices:?}");
    let is_link = |p: &Path| {
        std::fs::symlink_metadata(p)
            .unwrap()
            .file_type()
            .is_symlink()
    };
    assert!(is_link(&dir.log_path()), "recovery replaced the link");
    assert!(!std::fs::read_to_string(&real).unwrap().contains("garbage"));

    store.merge_from(vec![review("c", 3_000, 1.0)]).unwrap();
    store.append(review("d", 4_000, 1.0)).unwrap();
    drop(store);
    assert!(is_link(&dir.log_path()), "merge replaced the link");
    let synced_text = std::fs::read_to_string(&real).unwrap();
    for id in ["\"a\"", "\"b\"", "\"c\"", "\"d\""] {
        assert!(synced_text.contains(id), "{id} missing from {synced_text}");
    }
}

#[test]
fn scores_outside_0_to_1_and_impossible_times_are_damage_not_progress() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    let text = [
        line(&review("a", 1_000, 1.0)),
        line(&review("too-high", 2_000, 7.5)),
        line(&review("negative", 3_000, -1.0)),
        line(&review("year-30000", 884_000_000_000_000, 1.0)),
        line(&review("b", 4_000, 0.5)),
    ]
    .concat();
    std::fs::write(dir.log_path(), &text).unwrap();
    let (mut store, notices) = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), ["a", "b"]);
    assert!(notices[0].message.contains("lines 2, 3, 4"), "{notices:?}");
    let mut csv = Vec::new();
    export::write_csv(&store.all_records().unwrap(), &mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(!csv.contains("7.5") && !csv.contains("too-high"), "{csv}");
    // Nor can the app write such a record.
    assert!(store.append(review("c", 5_000, 1.5)).is_err());
    assert!(store.append(review("d", -5, 1.0)).is_err());
    assert_eq!(store.pending_count(), 0);
}

#[test]
fn temp_files_left_by_a_killed_merge_are_removed_at_the_next_start() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    std::fs::write(dir.log_path(), line(&review("a", 1_000, 1.0))).unwrap();
    std::fs::write(
        temp.path().join(".progress.jsonl.4242.tmp"),
        vec![b'x'; 4096],
    )
    .unwrap();
    std::fs::write(temp.path().join(".progress-index.bin.77.tmp"), b"{").unwrap();
    std::fs::write(temp.path().join(".notes.txt.1.tmp"), b"not ours").unwrap();
    let (store, _) = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), ["a"]);
    let names = names_in(temp.path());
    assert!(
        !names.iter().any(|n| n.starts_with(".progress.jsonl.")),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.starts_with(".progress-index.bin.")),
        "{names:?}"
    );
    assert!(names.contains(&".notes.txt.1.tmp".to_owned()), "{names:?}");
}

#[test]
fn repeated_starts_that_cannot_finish_a_repair_keep_one_copy_of_the_damage() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    let damaged = line(&review("a", 1_000, 1.0)) + "garbage\n" + &line(&review("b", 2_000, 1.0));
    for _ in 0..3 {
        // As if the rewrite had failed on a full disk: the damaged log is back each time.
        std::fs::write(dir.log_path(), &damaged).unwrap();
        let (store, _) = Store::open(&dir).unwrap();
        assert_eq!(ids(&store), ["a", "b"]);
    }
    let copies: Vec<String> = names_in(temp.path())
        .into_iter()
        .filter(|n| n.ends_with(".corrupt"))
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(
        std::fs::read_to_string(temp.path().join(&copies[0])).unwrap(),
        damaged
    );
}

#[cfg(unix)]
#[test]
fn a_log_that_is_a_device_or_a_pipe_is_refused_without_reading_it() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    std::os::unix::fs::symlink("/dev/zero", dir.log_path()).unwrap();
    let err = Store::open(&dir).unwrap_err().to_string();
    assert!(err.contains("not a"), "{err}");
    let (records, _) = dossier::progress::merge::read_other(Path::new("/dev/zero"))
        .map(|r| (r.0.len(), ()))
        .unwrap_or((0, ()));
    assert_eq!(records, 0);
    assert!(dossier::progress::log::read_records(Path::new("/dev/zero")).is_err());
}
