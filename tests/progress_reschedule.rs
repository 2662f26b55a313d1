//! Rescheduling with new settings on a thread: the answers given while the log is replayed are all
//! in the log afterwards, applied once, and the states are those of a fresh replay of the whole log;
//! the index saved meanwhile serves the next start.

use std::collections::HashSet;
use std::sync::Arc;

use dossier::progress::reschedule::Wake;
use dossier::progress::{DataDir, Settings, Store};
use dossier::study::synthetic::{simulate_student, synthetic_bank};
use dossier::study::{Collection, Event, Rating, Record, RecordId, Scheduler, SchedulerConfig};

fn old_settings() -> Scheduler {
    Settings::default().scheduler().expect("defaults")
}

fn new_settings() -> Scheduler {
    Scheduler::new(SchedulerConfig {
        desired_retention: 0.8,
        learning_steps_secs: vec![120, 1200],
        ..old_settings().config().clone()
    })
    .expect("valid settings")
}

fn no_wake() -> Wake {
    Arc::new(|| {})
}

/// A store holding a few weeks of a simulated student's reviews, its states derived (as the app
/// has them after start-up); returns the store and the time of the last review.
fn store_with_history(dir: &DataDir) -> (Store, i64) {
    let bank = synthetic_bank(30);
    let start = chrono::DateTime::parse_from_rfc3339("2026-02-01T19:00:00+01:00").expect("date");
    let (log, _) = simulate_student(&bank, &old_settings(), 20, 3, start);
    let last = log.iter().map(|r| r.at_ms).max().expect("reviews");
    let (mut store, _) = Store::open(dir).expect("store");
    for record in log {
        store.append(record).expect("append");
    }
    let _ = store.collection(&old_settings());
    (store, last)
}

fn answer(at_ms: i64, question: &str, rating: Rating) -> Record {
    Record {
        id: RecordId::new(at_ms),
        at_ms,
        utc_offset_secs: 3600,
        bank: "synthetic".into(),
        question: question.into(),
        event: Event::Review {
            rating,
            score: 1.0,
            answer: "typed".into(),
            duration_ms: 3000,
            content_hash: 0,
        },
    }
}

fn ids(records: &[Record]) -> HashSet<RecordId> {
    records.iter().map(|r| r.id.clone()).collect()
}

#[test]
fn answers_given_while_rescheduling_are_all_kept_and_the_states_equal_a_fresh_replay() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = DataDir::at(temp.path().join("data"));
    let (mut store, last) = store_with_history(&dir);
    let before = store.all_records().expect("log");
    store.hold_reschedules(true);
    assert!(
        store.reschedule(&new_settings(), no_wake()).is_none(),
        "a history is replayed on a thread"
    );
    assert_eq!(store.reschedule_fraction(), Some(0.0));
    let during: Vec<Record> = (1..=5)
        .map(|i| answer(last + i * 60_000, &format!("q{i}"), Rating::Good))
        .collect();
    for record in &during {
        store
            .append(record.clone())
            .expect("saved while rescheduling");
    }
    // The same settings again (a second keystroke) keep the replay running.
    assert!(store.reschedule(&new_settings(), no_wake()).is_none());
    store.hold_reschedules(false);
    let (collection, notice) = store
        .wait_reschedule()
        .expect("a replay was running")
        .expect("it succeeded");
    assert_eq!(notice, None);
    assert_eq!(store.reschedule_fraction(), None);

    let all = store.all_records().expect("log");
    assert_eq!(all.len(), before.len() + during.len(), "each answer once");
    assert!(ids(&all).is_superset(&ids(&during)));
    assert_eq!(collection, Collection::replay(&all, &new_settings()));
    // Answers after it are applied on top as usual.
    store
        .append(answer(last + 3_600_000, "q7", Rating::Again))
        .expect("saved");
    let all = store.all_records().expect("log");
    assert_eq!(
        store.collection(&new_settings()).0,
        Collection::replay(&all, &new_settings())
    );
    drop(store);

    // The next start uses the index: no whole-log read, the same states.
    let (mut store, _) = Store::open(&dir).expect("reopened");
    assert!(!store.read_whole_log());
    assert_eq!(
        store.collection(&new_settings()).0,
        Collection::replay(&all, &new_settings())
    );
}

#[test]
fn an_undo_of_an_older_answer_during_the_replay_is_replayed_again_not_lost() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = DataDir::at(temp.path().join("data"));
    let (mut store, last) = store_with_history(&dir);
    let older = store
        .all_records()
        .expect("log")
        .into_iter()
        .find(|r| matches!(r.event, Event::Review { .. }))
        .expect("a review");
    store.hold_reschedules(true);
    assert!(store.reschedule(&new_settings(), no_wake()).is_none());
    // Not the card's latest change: it cannot be applied on top of the replay.
    let undo = Record {
        id: RecordId::new(last + 60_000),
        at_ms: last + 60_000,
        utc_offset_secs: 3600,
        bank: older.bank.clone(),
        question: older.question.clone(),
        event: Event::Undo {
            review: older.id.clone(),
        },
    };
    store.append(undo).expect("saved");
    store.hold_reschedules(false);
    let (collection, _) = store
        .wait_reschedule()
        .expect("running")
        .expect("it succeeded");
    let all = store.all_records().expect("log");
    assert_eq!(collection, Collection::replay(&all, &new_settings()));
}

#[test]
fn a_change_of_the_daily_limits_alone_needs_no_replay() {
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = DataDir::at(temp.path().join("data"));
    let (mut store, _) = store_with_history(&dir);
    let limits = Scheduler::new(SchedulerConfig {
        new_per_day: 5,
        max_reviews_per_day: 50,
        ..old_settings().config().clone()
    })
    .expect("valid");
    let (collection, _) = store
        .reschedule(&limits, no_wake())
        .expect("done at once, no thread");
    let all = store.all_records().expect("log");
    assert_eq!(collection, Collection::replay(&all, &limits));
    assert_eq!(collection.new_per_day(), 5);
}
