//! `dossier progress show` as a student or teacher runs it: the real binary on a data folder whose
//! answers were saved with the store API, read back as a table and as JSON.

use std::path::Path;
use std::process::{Command, Output};

use dossier::progress::{DataDir, Settings, Store};
use dossier::study::{CardState, Collection, Event, Rating, Record, RecordId};
use dossier::{BankId, QuestionId};

/// The moment the tests look at the cards (given with `--at`), two days after the first answer.
const AT: &str = "2026-11-03T12:00:00+00:00";
const DAY_MS: i64 = 86_400_000;
/// 2026-11-01T10:00:00Z.
const START_MS: i64 = 1_761_991_200_000;

fn answer(id: &str, at_ms: i64, bank: &str, question: &str, rating: Rating) -> Record {
    Record {
        id: RecordId(id.to_owned()),
        at_ms,
        utc_offset_secs: 0,
        bank: BankId::from(bank),
        question: QuestionId::from(question),
        event: Event::Review {
            rating,
            score: 1.0,
            answer: "an answer".to_owned(),
            duration_ms: 3000,
            content_hash: 1,
        },
    }
}

/// Two banks: `nk` with a graduated card, one still in learning and one suspended; `other` with one.
fn answers() -> Vec<Record> {
    vec![
        answer("r1", START_MS, "nk", "q-graduated", Rating::Good),
        answer("r2", START_MS + 60_000, "nk", "q-learning", Rating::Again),
        answer("r3", START_MS + 700_000, "nk", "q-graduated", Rating::Good),
        answer("r4", START_MS + DAY_MS, "other", "o1", Rating::Easy),
        answer("r5", START_MS + DAY_MS, "nk", "q-suspended", Rating::Good),
        Record {
            id: RecordId("r6".to_owned()),
            event: Event::Suspend,
            ..answer(
                "r6",
                START_MS + DAY_MS + 1,
                "nk",
                "q-suspended",
                Rating::Good,
            )
        },
    ]
}

fn data_folder(records: &[Record]) -> (tempfile::TempDir, DataDir) {
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path().join("data"));
    let (mut store, _) = Store::open(&dir).unwrap();
    for record in records {
        store.append(record.clone()).unwrap();
    }
    (temp, dir)
}

fn show(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["progress", "--data-dir", dir.to_str().unwrap(), "show"])
        .args(["--at", AT])
        .args(extra)
        .env("TZ", "UTC")
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn json(output: &Output) -> Vec<serde_json::Value> {
    serde_json::from_str(&stdout(output)).unwrap()
}

/// What the app itself replays the log to, with the given settings.
fn expected(records: &[Record], settings: &Settings) -> Collection {
    Collection::replay(records, &settings.scheduler().unwrap())
}

fn at_ms() -> i64 {
    chrono::DateTime::parse_from_rfc3339(AT)
        .unwrap()
        .timestamp_millis()
}

fn utc(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

fn card(collection: &Collection, bank: &str, question: &str) -> CardState {
    collection.card(&BankId::from(bank), &QuestionId::from(question))
}

/// The table's cells, split on the two-space column gaps.
fn cells(line: &str) -> Vec<&str> {
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn table_shows_every_answered_question_in_aligned_columns() {
    let records = answers();
    let (_temp, dir) = data_folder(&records);
    let text = stdout(&show(&dir.root, &[]));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(
        cells(lines[0]),
        [
            "bank",
            "question",
            "phase",
            "stability",
            "difficulty",
            "recall now",
            "due",
            "interval",
            "reps",
            "lapses"
        ]
    );
    // The last column is right-aligned, so aligned rows all end at the same place.
    assert!(
        lines.iter().all(|l| l.chars().count() == lines[0].len()),
        "{text}"
    );
    let phase_at = lines[0].find("phase").unwrap();
    let due_at = lines[0].find("due").unwrap();
    let rows: Vec<Vec<&str>> = lines[1..].iter().map(|l| cells(l)).collect();
    let questions: Vec<(&str, &str)> = rows.iter().map(|r| (r[0], r[1])).collect();
    assert_eq!(
        questions,
        [
            ("nk", "q-graduated"),
            ("nk", "q-learning"),
            ("nk", "q-suspended"),
            ("other", "o1")
        ]
    );
    let collection = expected(&records, &Settings::default());
    for (line, row) in lines[1..].iter().zip(&rows) {
        let state = card(&collection, row[0], row[1]);
        assert_eq!(line[phase_at..].split("  ").next(), Some(row[2]), "{text}");
        let due = chrono::DateTime::from_timestamp_millis(state.due.unwrap()).unwrap();
        assert_eq!(
            &line[due_at..due_at + 16],
            due.format("%Y-%m-%d %H:%M").to_string(),
            "{text}"
        );
        assert_eq!(row[8], state.reps.to_string());
        assert_eq!(row[3], format!("{:.2}d", state.stability));
    }
    assert_eq!(rows[0][2], "review");
    assert_eq!(rows[1][2], "learning 1/2");
    assert_eq!(rows[2][2], "learning 2/2, suspended");
}

#[test]
fn json_gives_the_states_the_app_replays_with_recall_at_the_given_moment() {
    let records = answers();
    let (_temp, dir) = data_folder(&records);
    let cards = json(&show(&dir.root, &["--format", "json"]));
    assert_eq!(cards.len(), 4);
    let settings = Settings::default();
    let scheduler = settings.scheduler().unwrap();
    let collection = expected(&records, &settings);
    for shown in &cards {
        let state = card(
            &collection,
            shown["bank"].as_str().unwrap(),
            shown["question"].as_str().unwrap(),
        );
        assert_eq!(
            shown["stability_days"].as_f64().unwrap() as f32,
            state.stability
        );
        assert_eq!(
            shown["difficulty"].as_f64().unwrap() as f32,
            state.difficulty
        );
        assert_eq!(
            shown["retrievability"].as_f64().unwrap() as f32,
            scheduler.retrievability(&state, at_ms())
        );
        assert_eq!(shown["due"], utc(state.due.unwrap()).as_str());
        assert_eq!(shown["reps"], state.reps);
        assert_eq!(shown["lapses"], state.lapses);
        assert_eq!(shown["suspended"], state.suspended);
    }
    let graduated = &cards[0];
    assert_eq!(graduated["question"], "q-graduated");
    assert_eq!(graduated["phase"], "review");
    let recall = graduated["retrievability"].as_f64().unwrap();
    assert!(recall > 0.0 && recall < 1.0, "{recall}");
}

#[test]
fn bank_filter_shows_only_that_banks_questions() {
    let (_temp, dir) = data_folder(&answers());
    let cards = json(&show(&dir.root, &["--bank", "other", "--format", "json"]));
    let shown: Vec<&str> = cards
        .iter()
        .map(|c| c["question"].as_str().unwrap())
        .collect();
    assert_eq!(shown, ["o1"]);

    let output = show(&dir.root, &["--bank", "nk-typo", "--format", "json"]);
    assert_eq!(json(&output), Vec::<serde_json::Value>::new());
    assert!(
        stderr(&output).contains("banks with progress: nk, other"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn show_works_while_the_app_holds_the_data_folder() {
    let records = answers();
    let (_temp, dir) = data_folder(&records);
    let alone = stdout(&show(&dir.root, &["--format", "json"]));
    let (_app, _) = Store::open(&dir).unwrap();
    let output = show(&dir.root, &["--format", "json"]);
    assert_eq!(stdout(&output), alone);
    assert!(stderr(&output).contains("running"), "{}", stderr(&output));
}

#[test]
fn changed_learning_steps_are_shown_even_after_the_cache_was_saved() {
    let records = answers();
    let (_temp, dir) = data_folder(&records);
    let before = json(&show(&dir.root, &["--bank", "nk", "--format", "json"]));
    // The app saves the cache (show only reads it).
    let (mut store, _) = Store::open(&dir).unwrap();
    let _ = store.collection(&Settings::default().scheduler().unwrap());
    drop(store);
    assert!(dir.snapshot_path().exists());
    let settings = Settings {
        learning_steps_mins: vec![30, 120],
        ..Settings::default()
    };
    settings.save(&dir.settings_path()).unwrap();
    let after = json(&show(&dir.root, &["--bank", "nk", "--format", "json"]));
    let learning = card(&expected(&records, &settings), "nk", "q-learning");
    assert_eq!(after[1]["question"], "q-learning");
    assert_eq!(after[1]["due"], utc(learning.due.unwrap()).as_str());
    assert_ne!(after[1]["due"], before[1]["due"]);
}

#[test]
fn a_data_folder_that_does_not_exist_shows_nothing_and_is_not_created() {
    let temp = tempfile::tempdir().unwrap();
    let missing = temp.path().join("nobody");
    let output = show(&missing, &["--format", "json"]);
    assert_eq!(json(&output), Vec::<serde_json::Value>::new());
    assert!(
        stderr(&output).contains("no answers saved"),
        "{}",
        stderr(&output)
    );
    assert!(!missing.exists());
    assert_eq!(stdout(&show(&missing, &[])), "");
}

#[test]
fn at_a_moment_shows_the_states_as_they_stood_then_not_later_answers() {
    let records = answers();
    let (_temp, dir) = data_folder(&records);
    // Before the second day: `o1` and `q-suspended` were not answered yet.
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["progress", "--data-dir", dir.root.to_str().unwrap(), "show"])
        .args(["--at", "2025-11-01T12:00:00+00:00", "--format", "json"])
        .output()
        .unwrap();
    let cards = json(&output);
    let shown: Vec<&str> = cards
        .iter()
        .map(|c| c["question"].as_str().unwrap())
        .collect();
    assert_eq!(shown, ["q-graduated", "q-learning"]);
    assert!(
        stderr(&output).contains("records before it"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn times_are_printed_in_utc_or_the_offset_asked_for_with_interval_and_due_day() {
    let records = answers();
    let (_temp, dir) = data_folder(&records);
    let collection = expected(&records, &Settings::default());
    let state = card(&collection, "nk", "q-graduated");
    let in_utc = json(&show(&dir.root, &["--bank", "nk", "--format", "json"]));
    assert_eq!(in_utc[0]["due"], utc(state.due.unwrap()).as_str());
    assert!(in_utc[0]["due"].as_str().unwrap().ends_with("+00:00"));
    let scheduler = Settings::default().scheduler().unwrap();
    let at = |ms: i64| {
        dossier::study::schedule::timestamp_at(ms, chrono::FixedOffset::east_opt(0).unwrap())
    };
    let days = scheduler.day_index(at(state.due.unwrap()))
        - scheduler.day_index(at(state.last_review_ms.unwrap()));
    assert_eq!(in_utc[0]["interval_days"], days);
    assert_eq!(
        in_utc[0]["due_day"],
        at(state.due.unwrap())
            .format("%Y-%m-%d")
            .to_string()
            .as_str()
    );
    let east = json(&show(
        &dir.root,
        &["--bank", "nk", "--format", "json", "--tz", "+05:30"],
    ));
    let due = east[0]["due"].as_str().unwrap();
    assert!(due.ends_with("+05:30"), "{due}");
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(due)
            .unwrap()
            .timestamp_millis(),
        state.due.unwrap()
    );
    let bad = show(&dir.root, &["--tz", "Mars"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("not a UTC offset"));
}

fn optimize(dir: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["progress", "--data-dir", dir.to_str().unwrap(), "optimize"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn optimize_says_how_many_more_reviews_are_needed() {
    let (_temp, dir) = data_folder(&answers());
    let output = optimize(&dir.root, &[]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("more reviews needed"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn optimize_compares_log_loss_and_applies_only_when_asked() {
    use dossier::study::synthetic::{simulate_student, synthetic_bank};
    let bank = synthetic_bank(40);
    let start = chrono::DateTime::parse_from_rfc3339("2026-01-05T19:00:00+00:00").unwrap();
    let (log, _) = simulate_student(
        &bank,
        &Settings::default().scheduler().unwrap(),
        20,
        3,
        start,
    );
    let (_temp, dir) = data_folder(&log);
    let looked = optimize(&dir.root, &[]);
    let text = stdout(&looked);
    assert!(
        text.contains("FSRS defaults") && text.contains("log loss"),
        "{text}"
    );
    assert!(!dir.settings_path().exists(), "looking writes nothing");
    let applied = stdout(&optimize(&dir.root, &["--apply"]));
    let (settings, _) = Settings::load(&dir.settings_path());
    if applied.contains("Saved") {
        assert_eq!(settings.fsrs_parameters.len(), 21);
    } else {
        assert!(applied.contains("not better"), "{applied}");
        assert!(settings.fsrs_parameters.is_empty());
    }
}

#[test]
fn show_says_when_the_states_come_from_the_study_cache() {
    let (_temp, dir) = data_folder(&answers());
    let first = show(&dir.root, &["--format", "json"]);
    assert!(
        !stderr(&first).contains("study cache"),
        "{}",
        stderr(&first)
    );
    {
        // The app saves the cache when it opens the folder.
        let (mut store, _) = Store::open(&dir).unwrap();
        let _ = store.collection(&Settings::default().scheduler().unwrap());
    }
    let second = show(&dir.root, &["--format", "json"]);
    assert!(
        stderr(&second).contains("study cache"),
        "{}",
        stderr(&second)
    );
    assert_eq!(stdout(&first), stdout(&second));
}
