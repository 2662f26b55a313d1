//! The progress index (`progress-index.bin`, format 4): start-up reads only the log's lines after it and
//! must then see exactly what a full replay of the log gives; anything it cannot trust is rebuilt from
//! the log, with a notice when something was wrong; killing the app while it writes the index loses
//! nothing; two devices merged give the states of their union.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

use chrono::NaiveDate;
use dossier::progress::changes::LastContentHashes;
use dossier::progress::{DataDir, Settings, Store};
use dossier::study::stats::Stats;
use dossier::study::{Collection, Event, Rating, Record, RecordId, Scheduler};
use dossier::{BankId, QuestionId};
use proptest::prelude::*;

const DAY_MS: i64 = 86_400_000;
const START_MS: i64 = 1_700_000_000_000;

fn scheduler() -> Scheduler {
    Settings::default().scheduler().unwrap()
}

fn record(id: &str, at_ms: i64, question: &str, event: Event) -> Record {
    Record {
        id: RecordId(id.to_owned()),
        at_ms,
        utc_offset_secs: 3600,
        bank: BankId::from("nk"),
        question: QuestionId::from(question),
        event,
    }
}

fn review(id: &str, at_ms: i64, question: &str, rating: Rating) -> Record {
    record(
        id,
        at_ms,
        question,
        Event::Review {
            rating,
            score: 1.0,
            answer: String::new(),
            duration_ms: 1000,
            content_hash: 7,
        },
    )
}

/// Reviews of five questions, one every few hours, with ratings cycling.
fn history(prefix: &str, from_ms: i64, count: usize) -> Vec<Record> {
    (0..count)
        .map(|i| {
            review(
                &format!("{prefix}{i:05}"),
                from_ms + i as i64 * 5 * 3_600_000,
                &format!("q{}", i % 5),
                Rating::ALL[(i * 7 / 3) % 4],
            )
        })
        .collect()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 12, 31).unwrap()
}

/// What a full replay of the log gives: card states, changed-question hashes and statistics.
fn full_replay(records: &[Record]) -> (Collection, LastContentHashes, Stats) {
    let scheduler = scheduler();
    (
        Collection::replay(records, &scheduler),
        LastContentHashes::of(records),
        Stats::compute(records, None, today(), scheduler.config().rollover_hour),
    )
}

fn as_opened(store: &mut Store) -> (Collection, LastContentHashes, Stats) {
    let scheduler = scheduler();
    (
        store.collection(&scheduler).0,
        store.last_content_hashes(&scheduler).0.into_owned(),
        store.stats(None, today(), &scheduler),
    )
}

/// A data folder whose index covers `indexed` and whose log then gains `after` behind its back (the
/// app was killed before it saved the index again).
fn folder_with_index_then(indexed: &[Record], after: &[Record]) -> (tempfile::TempDir, DataDir) {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path().join("data"));
    {
        let (mut store, _) = Store::open(&dir).unwrap();
        for r in indexed {
            store.append(r.clone()).unwrap();
        }
        let _ = store.collection(&scheduler());
        store.save_index().unwrap();
    }
    let mut log = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.log_path())
        .unwrap();
    for r in after {
        writeln!(log, "{}", serde_json::to_string(r).unwrap()).unwrap();
    }
    (temp, dir)
}

#[test]
fn a_start_that_reads_only_the_tail_sees_what_a_full_replay_sees() {
    let indexed = history("a", START_MS, 300);
    let mut after = history("b", START_MS + 300 * 5 * 3_600_000, 40);
    let latest = after.last().cloned().unwrap();
    after.push(record(
        "b-undo",
        latest.at_ms + 1,
        &latest.question.0,
        Event::Undo {
            review: latest.id.clone(),
        },
    ));
    let (_temp, dir) = folder_with_index_then(&indexed, &after);
    let (mut store, notices) = Store::open(&dir).unwrap();
    assert_eq!(notices, []);
    assert!(
        !store.read_whole_log(),
        "only the lines after the index are read"
    );
    let all: Vec<Record> = indexed.iter().chain(&after).cloned().collect();
    assert_eq!(store.record_count(), all.len() as u64);
    assert_eq!(as_opened(&mut store), full_replay(&all));
}

/// A question last reviewed long before the rest of the history: its undo memory is let go.
fn with_an_old_question(mut records: Vec<Record>) -> (Vec<Record>, Record) {
    let old = review("old-review", START_MS - 10 * DAY_MS, "old-q", Rating::Good);
    records.insert(0, old.clone());
    (records, old)
}

#[test]
fn undoing_an_answer_older_than_the_undo_memory_after_a_restart_is_exact() {
    let (indexed, old) = with_an_old_question(history("a", START_MS, 60));
    let (_temp, dir) = folder_with_index_then(&indexed, &[]);
    let (mut store, _) = Store::open(&dir).unwrap();
    assert!(!store.read_whole_log());
    let undo = record(
        "z-undo",
        indexed.last().unwrap().at_ms + 1,
        "old-q",
        Event::Undo {
            review: old.id.clone(),
        },
    );
    store.append(undo.clone()).unwrap();
    let all: Vec<Record> = indexed.iter().cloned().chain([undo]).collect();
    let opened = as_opened(&mut store);
    assert_eq!(opened, full_replay(&all));
    assert!(
        opened
            .0
            .card_ref(&BankId::from("nk"), &QuestionId::from("old-q"))
            .is_none(),
        "the undone answer's question is new again"
    );
    drop(store);
    let (mut store, _) = Store::open(&dir).unwrap();
    assert_eq!(as_opened(&mut store), full_replay(&all), "and stays so");
}

#[test]
fn the_undo_memory_of_old_changes_is_let_go_and_recent_ones_kept() {
    let (records, old) = with_an_old_question(history("a", START_MS, 60));
    let recent = records.last().unwrap().clone();
    let scheduler = scheduler();
    let mut collection = Collection::replay(&records, &scheduler);
    let bank = BankId::from("nk");
    assert!(collection.can_undo(&bank, &old.question, &old.id));
    collection.forget_undo_before(recent.at_ms - DAY_MS);
    assert!(!collection.can_undo(&bank, &old.question, &old.id));
    assert!(collection.can_undo(&bank, &recent.question, &recent.id));
    assert_eq!(
        collection,
        Collection::replay(&records, &scheduler),
        "no card state changes"
    );
}

#[test]
fn a_clone_of_the_card_states_is_not_changed_by_answers_given_to_the_original() {
    let records = history("a", START_MS, 60);
    let scheduler = scheduler();
    let mut studied = Collection::replay(&records, &scheduler);
    let kept = studied.clone();
    let next = review(
        "b-next",
        records.last().unwrap().at_ms + 1,
        "q0",
        Rating::Again,
    );
    studied.apply(&next, &scheduler);
    let (bank, q0) = (BankId::from("nk"), QuestionId::from("q0"));
    assert_ne!(studied.card(&bank, &q0), kept.card(&bank, &q0));
    assert_eq!(kept, Collection::replay(&records, &scheduler));
    let all: Vec<Record> = records.iter().cloned().chain([next]).collect();
    assert_eq!(studied, Collection::replay(&all, &scheduler));
}

#[test]
fn an_index_of_the_previous_binary_format_is_rebuilt_quietly() {
    let records = history("a", START_MS, 40);
    let (_temp, dir) = folder_with_index_then(&records, &[]);
    // Format 3 (the previous Dossier's): same header, older format number.
    let mut bytes = std::fs::read(dir.snapshot_path()).unwrap();
    bytes[8..12].copy_from_slice(&3u32.to_le_bytes());
    std::fs::write(dir.snapshot_path(), &bytes).unwrap();
    let (mut store, notices) = Store::open(&dir).unwrap();
    assert_eq!(notices, [], "an upgrade is nothing to worry about");
    assert!(store.read_whole_log());
    assert_eq!(as_opened(&mut store), full_replay(&records));
    drop(store);
    let bytes = std::fs::read(dir.snapshot_path()).unwrap();
    assert_eq!(bytes[8..12], 4u32.to_le_bytes(), "saved in the new format");
    let (store, _) = Store::open(&dir).unwrap();
    assert!(!store.read_whole_log(), "and used next time");
}

#[test]
fn a_record_from_the_past_after_the_index_makes_a_full_rebuild_that_is_right() {
    let indexed = history("a", START_MS, 100);
    // A line merged in by hand, older than the index's latest record, and a repeat of a prefix line.
    let past = review("zz-old", START_MS + 3 * DAY_MS, "q1", Rating::Again);
    let repeat = indexed[10].clone();
    let (_temp, dir) = folder_with_index_then(&indexed, &[past.clone(), repeat]);
    let (mut store, _) = Store::open(&dir).unwrap();
    assert!(store.read_whole_log());
    let mut all = indexed.clone();
    all.push(past);
    assert_eq!(
        store.record_count(),
        all.len() as u64,
        "the repeat counts once"
    );
    assert_eq!(as_opened(&mut store), full_replay(&all));
}

#[test]
fn a_damaged_index_is_rebuilt_from_the_log_with_a_notice() {
    let indexed = history("a", START_MS, 60);
    let (_temp, dir) = folder_with_index_then(&indexed, &[]);
    let mut bytes = std::fs::read(dir.snapshot_path()).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(dir.snapshot_path(), &bytes).unwrap();
    let log_before = std::fs::read(dir.log_path()).unwrap();

    let (mut store, notices) = Store::open(&dir).unwrap();
    assert!(
        notices.iter().any(|n| n.message.contains("study index")),
        "{notices:?}"
    );
    assert_eq!(as_opened(&mut store), full_replay(&indexed));
    drop(store);
    assert_eq!(std::fs::read(dir.log_path()).unwrap(), log_before);
    let (store, notices) = Store::open(&dir).unwrap();
    assert_eq!(notices, [], "the rebuilt index is used next time");
    assert!(!store.read_whole_log());
}

#[test]
fn an_index_of_another_log_is_not_trusted() {
    let indexed = history("a", START_MS, 60);
    let (_temp, dir) = folder_with_index_then(&indexed, &[]);
    // The log replaced by another device's copy of a different length and content.
    let other = history("c", START_MS, 80);
    let text: String = other
        .iter()
        .map(|r| serde_json::to_string(r).unwrap() + "\n")
        .collect();
    std::fs::write(dir.log_path(), text).unwrap();
    let (mut store, notices) = Store::open(&dir).unwrap();
    assert!(
        notices.iter().any(|n| n.message.contains("did not match")),
        "{notices:?}"
    );
    assert_eq!(as_opened(&mut store), full_replay(&other));
}

#[test]
fn an_old_format_snapshot_is_migrated_in_place_and_the_log_left_alone() {
    let records = history("a", START_MS, 50);
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path().join("data"));
    std::fs::create_dir_all(&dir.root).unwrap();
    let text: String = records
        .iter()
        .map(|r| serde_json::to_string(r).unwrap() + "\n")
        .collect();
    std::fs::write(dir.log_path(), &text).unwrap();
    // What Dossier wrote before the index: format 1, the card states of the whole log.
    let mark = dossier::progress::LogMark::of_log(&dir.log_path()).unwrap();
    let old = serde_json::json!({
        "format": 1,
        "log": mark,
        "record_count": records.len(),
        "state": {
            "scheduler": scheduler().config(),
            "collection": Collection::replay(&records, &scheduler()),
        },
    });
    std::fs::write(dir.old_snapshot_path(), old.to_string()).unwrap();

    let (mut store, notices) = Store::open(&dir).unwrap();
    assert_eq!(notices, [], "an upgrade is nothing to worry about");
    assert_eq!(as_opened(&mut store), full_replay(&records));
    drop(store);
    assert_eq!(std::fs::read_to_string(dir.log_path()).unwrap(), text);
    assert!(
        std::fs::read(dir.snapshot_path())
            .unwrap()
            .starts_with(b"DSSRIDX"),
        "the index is now in the binary format"
    );
    assert!(
        !dir.old_snapshot_path().exists(),
        "and the old JSON one is gone"
    );
    let (mut store, _) = Store::open(&dir).unwrap();
    assert!(!store.read_whole_log());
    assert_eq!(as_opened(&mut store), full_replay(&records));
}

#[test]
fn answers_written_after_a_settings_change_use_the_new_settings_after_a_restart() {
    let records = history("a", START_MS, 30);
    let (_temp, dir) = folder_with_index_then(&records, &[]);
    let changed = Settings {
        learning_steps_mins: vec![30, 120],
        ..Settings::default()
    }
    .scheduler()
    .unwrap();
    let (mut store, _) = Store::open(&dir).unwrap();
    assert_eq!(
        store.collection(&changed).0,
        Collection::replay(&records, &changed)
    );
    let more = history("b", START_MS + 40 * DAY_MS, 5);
    for r in &more {
        store.append(r.clone()).unwrap();
    }
    drop(store);
    let all: Vec<Record> = records.iter().chain(&more).cloned().collect();
    let (mut store, _) = Store::open(&dir).unwrap();
    assert!(!store.read_whole_log());
    assert_eq!(
        store.collection(&changed).0,
        Collection::replay(&all, &changed)
    );
}

/// A small seeded generator, so a failing run can be replayed exactly.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn no_acknowledged_answer_is_lost_when_killed_while_the_index_is_written() {
    const KILLS: usize = 60;
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path().join("data"));
    let mut rng = XorShift(dossier::stable_hash(b"progress_index_crash"));
    let mut acknowledged: HashSet<String> = HashSet::new();
    for round in 0..KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["progress", "debug-index-loop", "--data-dir"])
            .arg(&dir.root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        // Each acknowledgement is followed by an index write: killing right after reading one
        // usually lands in the middle of that write.
        let wait_for = 1 + rng.below(8);
        let mut line = String::new();
        for _ in 0..wait_for {
            line.clear();
            if stdout.read_line(&mut line).unwrap() == 0 {
                break;
            }
            if let Some(id) = line.strip_suffix('\n') {
                acknowledged.insert(id.to_owned());
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let mut rest = String::new();
        stdout.read_to_string(&mut rest).unwrap();
        acknowledged.extend(
            rest.split_inclusive('\n')
                .filter_map(|l| l.strip_suffix('\n'))
                .map(str::to_owned),
        );

        let (mut store, notices) = Store::open(&dir)
            .unwrap_or_else(|e| panic!("round {round}: store did not reopen: {e}"));
        assert!(
            notices.iter().all(|n| !n.message.contains("study index")),
            "round {round}: an interrupted index write must not look like damage: {notices:?}"
        );
        let records = store.all_records().unwrap();
        let present: HashSet<&str> = records.iter().map(|r| r.id.0.as_str()).collect();
        let missing: Vec<&String> = acknowledged
            .iter()
            .filter(|id| !present.contains(id.as_str()))
            .collect();
        assert!(missing.is_empty(), "round {round}: lost {missing:?}");
        assert_eq!(
            store.collection(&scheduler()).0,
            Collection::replay(&records, &scheduler()),
            "round {round}: states differ from a replay of the log"
        );
        let leftovers: Vec<String> = std::fs::read_dir(&dir.root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp") || n.ends_with(".corrupt"))
            .collect();
        assert_eq!(leftovers, Vec::<String>::new(), "round {round}");
    }
    assert!(acknowledged.len() >= KILLS, "{}", acknowledged.len());
}

/// One device's log: reviews, some undone straight away, a reset now and then.
/// Records are a minute or more apart, starting at `from_ms`.
fn device_log(prefix: &str, from_ms: i64, choices: &[(u8, u8, u8)]) -> Vec<Record> {
    let mut log = Vec::new();
    let mut at_ms = from_ms;
    for (i, &(question, rating, kind)) in choices.iter().enumerate() {
        at_ms += i64::from(question) * 3_600_000 + 60_000;
        let id = format!("{prefix}-{i:04}");
        let q = format!("q{}", question % 4);
        let r = review(&id, at_ms, &q, Rating::ALL[usize::from(rating % 4)]);
        match kind % 10 {
            0 => log.push(record(&id, at_ms, &q, Event::Reset)),
            1 => {
                log.push(r.clone());
                log.push(record(
                    &format!("{id}-undo"),
                    at_ms + 1,
                    &q,
                    Event::Undo { review: r.id },
                ));
            }
            _ => log.push(r),
        }
    }
    log
}

fn folder(records: &[Record]) -> (tempfile::TempDir, DataDir) {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path().join("data"));
    let (mut store, _) = Store::open(&dir).unwrap();
    let _ = store.collection(&scheduler());
    for r in records {
        store.append(r.clone()).unwrap();
    }
    (temp, dir)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn merging_two_devices_gives_the_states_of_replaying_their_union(
        shared in prop::collection::vec((0u8..8, 0u8..4, 0u8..10), 0..12),
        mine in prop::collection::vec((0u8..8, 0u8..4, 0u8..10), 0..20),
        theirs in prop::collection::vec((0u8..8, 0u8..4, 0u8..10), 0..20),
    ) {
        // Each device studies after the shared history; the second a few milliseconds off the
        // first, so no two devices' records share a moment (whose order a merge would choose).
        let common = device_log("s", START_MS, &shared);
        let later = START_MS + 1000 * DAY_MS;
        let mut a = common.clone();
        a.extend(device_log("a", later, &mine));
        let mut b = common.clone();
        b.extend(device_log("b", later + 7, &theirs));
        let (_ta, dir_a) = folder(&a);
        let (_tb, dir_b) = folder(&b);

        let mut union: Vec<Record> = a.clone();
        let ids: HashSet<RecordId> = a.iter().map(|r| r.id.clone()).collect();
        union.extend(b.iter().filter(|r| !ids.contains(&r.id)).cloned());
        // The union in the order a merge writes it: time, then id for records of the same moment.
        union.sort_by(|x, y| x.at_ms.cmp(&y.at_ms).then_with(|| x.id.cmp(&y.id)));
        let expected = full_replay(&union);

        let (mut store, _) = Store::open(&dir_a).unwrap();
        let _ = store.collection(&scheduler());
        let (other, _) = dossier::progress::merge::read_other(&dir_b.root).unwrap();
        store.merge_from(other).unwrap();
        prop_assert_eq!(&as_opened(&mut store), &expected);
        drop(store);
        // And the next start, from the index saved after the merge.
        let (mut store, _) = Store::open(&dir_a).unwrap();
        prop_assert!(!store.read_whole_log());
        prop_assert_eq!(&as_opened(&mut store), &expected);
    }
}

#[test]
fn a_format_2_json_index_is_replaced_by_the_binary_one_quietly() {
    let records = history("a", START_MS, 40);
    let (_temp, dir) = folder_with_index_then(&records, &[]);
    // What the previous Dossier left: a format-2 JSON index under the old name, no binary one.
    std::fs::remove_file(dir.snapshot_path()).unwrap();
    std::fs::write(
        dir.old_snapshot_path(),
        br#"{"format":2,"prefix":{},"derived":{}}"#,
    )
    .unwrap();
    let (mut store, notices) = Store::open(&dir).unwrap();
    assert_eq!(notices, [], "an upgrade is nothing to worry about");
    assert_eq!(as_opened(&mut store), full_replay(&records));
    drop(store);
    assert!(!dir.old_snapshot_path().exists());
    let (store, _) = Store::open(&dir).unwrap();
    assert!(!store.read_whole_log(), "the new index is used next time");
}

#[test]
fn an_index_with_one_flipped_byte_is_not_trusted() {
    let indexed = history("a", START_MS, 60);
    let (_temp, dir) = folder_with_index_then(&indexed, &[]);
    let mut bytes = std::fs::read(dir.snapshot_path()).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x40;
    std::fs::write(dir.snapshot_path(), &bytes).unwrap();
    let (mut store, notices) = Store::open(&dir).unwrap();
    assert!(
        notices.iter().any(|n| n.message.contains("checksum")),
        "{notices:?}"
    );
    assert_eq!(as_opened(&mut store), full_replay(&indexed));
}

#[test]
fn a_start_leaves_the_statistics_encoded_until_they_are_asked_for_and_counts_answers_given_meanwhile()
 {
    let indexed = history("a", START_MS, 60);
    let after = history("b", START_MS + 20 * 86_400_000, 12);
    let (_temp, dir) = folder_with_index_then(&indexed, &after);
    let (mut store, _) = Store::open(&dir).unwrap();
    let _ = store.collection(&scheduler());
    let _ = store.last_content_hashes(&scheduler());
    assert!(
        !store.stats_decoded(),
        "the first screen needs no statistics"
    );
    let all: Vec<Record> = indexed.iter().chain(&after).cloned().collect();
    assert_eq!(
        store.stats(None, today(), &scheduler()),
        full_replay(&all).2,
        "the records after the index are counted"
    );
    assert!(store.stats_decoded());
    // Saved again and reopened, they are still right.
    store.save_index().unwrap();
    drop(store);
    let (store, _) = Store::open(&dir).unwrap();
    assert_eq!(
        store.stats(None, today(), &scheduler()),
        full_replay(&all).2
    );
}
