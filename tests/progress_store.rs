//! What a student would notice of the progress store: answers kept through crashes, damage and full
//! disks; one Dossier per data folder; merging two devices; the teacher's export.

use std::path::Path;

use dossier::bank::{Answer, Bank, Origin, Question, QuestionIndex};
use dossier::progress::{DataDir, ProgressError, Store, changed_questions, export};
use dossier::study::{Event, Rating, Record, RecordId};
use dossier::{BankId, QuestionId};

fn review(id: &str, at_ms: i64, question: &str, content_hash: u64) -> Record {
    Record {
        id: RecordId(id.to_owned()),
        at_ms,
        utc_offset_secs: 3600,
        bank: BankId::from("nk"),
        question: QuestionId::from(question),
        event: Event::Review {
            rating: Rating::Good,
            score: 1.0,
            answer: format!("answer to {question}"),
            duration_ms: 4200,
            content_hash,
        },
    }
}

fn ids(store: &Store) -> Vec<String> {
    store
        .all_records()
        .unwrap()
        .into_iter()
        .map(|r| r.id.0)
        .collect()
}

fn files_ending_with(dir: &Path, suffix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(suffix))
        .collect()
}

fn store_with(dir: &DataDir, records: &[Record]) {
    let (mut store, _) = Store::open(dir).unwrap();
    for record in records {
        store.append(record.clone()).unwrap();
    }
}

#[test]
fn saved_answers_are_there_after_reopening() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path().join("data"));
    store_with(&dir, &[review("a", 1, "q1", 7), review("b", 2, "q2", 7)]);
    let (store, notices) = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), ["a", "b"]);
    assert_eq!(notices, []);
    assert_eq!(store.all_records().unwrap()[1], review("b", 2, "q2", 7));
}

#[test]
fn cut_off_last_line_is_dropped_with_a_notice_and_the_rest_kept() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    store_with(&dir, &[review("a", 1, "q1", 7), review("b", 2, "q2", 7)]);
    let mut bytes = std::fs::read(dir.log_path()).unwrap();
    bytes.extend_from_slice(br#"{"id":"c","at_ms":3,"bank":"nk","quest"#);
    std::fs::write(dir.log_path(), &bytes).unwrap();

    let (mut store, notices) = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), ["a", "b"]);
    assert_eq!(notices.len(), 1);
    assert!(notices[0].message.contains("cut off"), "{}", notices[0]);
    assert_eq!(
        files_ending_with(temp.path(), ".corrupt"),
        Vec::<String>::new()
    );
    // The next answer starts on its own line instead of gluing onto the fragment.
    store.append(review("d", 4, "q3", 7)).unwrap();
    drop(store);
    let (store, notices) = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), ["a", "b", "d"]);
    assert_eq!(notices, []);
}

#[test]
fn damaged_line_in_the_middle_is_set_aside_in_a_dated_copy_and_good_lines_kept() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    store_with(&dir, &[review("a", 1, "q1", 7), review("b", 2, "q2", 7)]);
    let good = std::fs::read(dir.log_path()).unwrap();
    let first_line_end = good.iter().position(|&b| b == b'\n').unwrap() + 1;
    let mut damaged = good[..first_line_end].to_vec();
    damaged.extend_from_slice(b"\x00\x00garbage{{\n");
    damaged.extend_from_slice(&good[first_line_end..]);
    std::fs::write(dir.log_path(), &damaged).unwrap();

    let (store, notices) = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), ["a", "b"]);
    assert_eq!(notices.len(), 1);
    assert!(notices[0].message.contains("line 2"), "{}", notices[0]);
    assert!(notices[0].message.contains("2 saved"), "{}", notices[0]);
    let copies = files_ending_with(temp.path(), ".corrupt");
    assert_eq!(copies.len(), 1);
    assert!(notices[0].message.contains(&copies[0]));
    assert_eq!(
        std::fs::read(temp.path().join(&copies[0])).unwrap(),
        damaged
    );
    drop(store);
    let (_, notices) = Store::open(&dir).unwrap();
    assert_eq!(notices, [], "the repair is done once");
}

#[test]
fn a_file_with_no_readable_line_is_set_aside_not_emptied() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    std::fs::write(dir.log_path(), b"this is not a progress log\n").unwrap();
    let (store, notices) = Store::open(&dir).unwrap();
    assert_eq!(store.record_count(), 0);
    assert_eq!(notices.len(), 1);
    let copies = files_ending_with(temp.path(), ".corrupt");
    assert_eq!(
        std::fs::read(temp.path().join(&copies[0])).unwrap(),
        b"this is not a progress log\n"
    );
}

#[test]
fn second_instance_is_refused_with_message() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    let (_first, _) = Store::open(&dir).unwrap();
    let err = Store::open(&dir).unwrap_err();
    assert!(matches!(err, ProgressError::AlreadyRunning { .. }));
    let message = err.to_string();
    let pid = format!("(pid {}", std::process::id());
    assert!(
        message.starts_with("Dossier is already running") && message.contains(&pid),
        "{message}"
    );
}

#[test]
fn lock_left_by_a_dead_process_is_taken_over() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    std::fs::write(
        dir.lock_path(),
        "pid=999999\nstarted=2020-01-01T00:00:00+00:00\nhost=old\n",
    )
    .unwrap();
    let (store, _) = Store::open(&dir).unwrap();
    let text = std::fs::read_to_string(dir.lock_path()).unwrap();
    assert!(
        text.starts_with(&format!("pid={}\n", std::process::id())),
        "{text}"
    );
    drop(store);
    // Closing releases it for the next start.
    Store::open(&dir).unwrap();
}

#[test]
fn data_folder_that_cannot_be_created_gives_an_error_not_a_panic() {
    let temp = tempfile::tempdir().unwrap();
    let file = temp.path().join("a-file");
    std::fs::write(&file, b"").unwrap();
    let err = Store::open(&DataDir::at(file.join("data"))).unwrap_err();
    assert!(
        err.to_string().contains("could not create the data folder"),
        "{err}"
    );
}

#[test]
fn answer_that_cannot_be_written_is_kept_pending_and_saved_on_retry() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    let (mut store, _) = Store::open(&dir).unwrap();
    store.append(review("a", 1, "q1", 7)).unwrap();
    store.simulate_write_failures(2);
    let err = store.append(review("b", 2, "q2", 7)).unwrap_err();
    assert!(err.to_string().contains("no space left"), "{err}");
    assert!(store.append(review("c", 3, "q3", 7)).is_err());
    assert_eq!(store.pending_count(), 2);
    assert_eq!(
        ids(&store),
        ["a", "b", "c"],
        "the UI still sees every answer"
    );
    store.retry_pending().unwrap();
    assert_eq!(store.pending_count(), 0);
    drop(store);
    let (store, notices) = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), ["a", "b", "c"]);
    assert_eq!(notices, []);
}

#[test]
fn pending_answers_are_written_by_the_next_answer() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    let (mut store, _) = Store::open(&dir).unwrap();
    store.simulate_write_failures(1);
    assert!(store.append(review("a", 1, "q1", 7)).is_err());
    store.append(review("b", 2, "q2", 7)).unwrap();
    drop(store);
    let (store, _) = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), ["a", "b"]);
}

#[test]
fn answer_with_a_score_that_is_not_a_number_is_refused_not_written() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path());
    let (mut store, _) = Store::open(&dir).unwrap();
    let mut bad = review("a", 1, "q1", 7);
    if let Event::Review { score, .. } = &mut bad.event {
        *score = f32::NAN;
    }
    assert!(matches!(
        store.append(bad),
        Err(ProgressError::Unwritable { .. })
    ));
    assert_eq!(store.pending_count(), 0);
    store.append(review("b", 2, "q1", 7)).unwrap();
}

#[test]
fn merging_another_device_adds_its_answers_in_time_order_and_twice_adds_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let laptop = DataDir::at(temp.path().join("laptop"));
    let home = DataDir::at(temp.path().join("home"));
    store_with(
        &laptop,
        &[review("a", 10, "q1", 7), review("c", 30, "q1", 7)],
    );
    store_with(&home, &[review("b", 20, "q2", 7), review("c", 30, "q1", 7)]);

    let merge = || {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["progress", "merge"])
            .arg(&home.root)
            .arg("--data-dir")
            .arg(&laptop.root)
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
        String::from_utf8(status.stderr).unwrap()
    };
    assert!(merge().contains("1 new records added, 3 in total"));
    let (store, _) = Store::open(&laptop).unwrap();
    assert_eq!(ids(&store), ["a", "b", "c"]);
    let first = std::fs::read(laptop.log_path()).unwrap();
    drop(store);

    assert!(merge().contains("0 new records added, 3 in total"));
    assert_eq!(std::fs::read(laptop.log_path()).unwrap(), first);
    let (store, _) = Store::open(&home).unwrap();
    assert_eq!(
        ids(&store),
        ["b", "c"],
        "the other device's log is only read"
    );
}

#[test]
fn merging_a_folder_with_no_progress_is_a_clear_error() {
    let temp = tempfile::tempdir().unwrap();
    let (mut store, _) = Store::open(&DataDir::at(temp.path().join("me"))).unwrap();
    let err = dossier::progress::merge::read_other(&temp.path().join("nothing")).unwrap_err();
    assert!(
        err.to_string().contains("is not a Dossier data folder"),
        "{err}"
    );
    assert_eq!(store.merge_from(Vec::new()).unwrap().added, 0);
}

#[test]
fn export_writes_one_row_per_review_with_answers_quoted() {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path().join("data"));
    let mut tricky = review("b", 1_700_000_000_000, "q2", 7);
    if let Event::Review { answer, .. } = &mut tricky.event {
        *answer = "Russia, \"mostly\"\nand China".to_owned();
    }
    let undo = Record {
        id: RecordId("u".into()),
        at_ms: 1_700_000_001_000,
        utc_offset_secs: 3600,
        bank: BankId::from("nk"),
        question: QuestionId::from("q2"),
        event: Event::Undo {
            review: RecordId("b".into()),
        },
    };
    store_with(
        &dir,
        &[review("a", 1_699_999_999_000, "q1", 7), tricky, undo],
    );

    let out = temp.path().join("reviews.csv");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["progress", "export", "--format", "csv", "--output"])
        .arg(&out)
        .arg("--data-dir")
        .arg(&dir.root)
        .status()
        .unwrap();
    assert!(status.success());
    let csv = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<&str> = csv.split("\r\n").filter(|r| !r.is_empty()).collect();
    assert_eq!(rows.len(), 3, "header + two reviews, not the undo: {csv}");
    assert!(rows[0].starts_with("review_id,time,bank,question,rating"));
    assert_eq!(
        rows[2],
        "b,2023-11-14T23:13:20.000+01:00,nk,q2,Good,1,\"Russia, \"\"mostly\"\"\nand China\",4200,0000000000000007,true,3600"
    );
    // Same as the library function writes to stdout.
    let store = Store::open(&dir).unwrap().0;
    let mut direct = Vec::new();
    export::write_csv(&store.all_records().unwrap(), &mut direct).unwrap();
    assert_eq!(direct, csv.as_bytes());
}

fn question(id: &str, content_hash: u64) -> Question {
    Question {
        id: QuestionId::from(id),
        prompt: format!("prompt {id}"),
        passage: "p1".into(),
        quote: None,
        explanation: String::new(),
        about: Vec::new(),
        tags: Vec::new(),
        answer: Answer::TrueFalse { answer: true },
        origin: Origin::Authored,
        show_passage: false,
        review: false,
        content_hash,
    }
}

fn bank(questions: Vec<Question>) -> Bank {
    Bank {
        id: BankId::from("nk"),
        title: "North Korea and Russia".into(),
        source: String::new(),
        language: "en".into(),
        authors: Vec::new(),
        version: None,
        path: None,
        exam: None,
        passages: Vec::new(),
        actors: Vec::new(),
        claims: Vec::new(),
        implications: Vec::new(),
        responses: Vec::new(),
        question_index: QuestionIndex::of(&questions),
        questions,
    }
}

#[test]
fn questions_the_teacher_changed_since_the_last_review_are_listed() {
    let records = vec![
        review("a", 1, "same", 1),
        review("b", 2, "edited", 1),
        review("c", 3, "edited-then-reset", 1),
        Record {
            event: Event::Reset,
            ..review("d", 4, "edited-then-reset", 0)
        },
        review("e", 5, "reviewed-after-edit", 1),
        review("f", 6, "reviewed-after-edit", 2),
    ];
    let edited = bank(vec![
        question("same", 1),
        question("edited", 2),
        question("edited-then-reset", 2),
        question("reviewed-after-edit", 2),
        question("never-seen", 2),
    ]);
    assert_eq!(
        changed_questions(&records, &edited),
        [QuestionId::from("edited")]
    );
}
