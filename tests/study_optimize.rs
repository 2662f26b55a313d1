//! Fitting the student's own FSRS parameters from their history.

use chrono::DateTime;
use dossier::study::optimize::{OptimizeError, optimize, optimize_in_background, training_items};
use dossier::study::synthetic::{simulate_student, synthetic_bank};
use dossier::study::{Event, Rating, Record, RecordId, Scheduler, SchedulerConfig};

fn scheduler() -> Scheduler {
    Scheduler::new(SchedulerConfig {
        fuzz: false,
        ..SchedulerConfig::default()
    })
    .unwrap()
}

#[test]
fn parameters_fitted_from_a_month_of_history_are_usable_and_progress_is_reported() {
    let bank = synthetic_bank(60);
    let start = DateTime::parse_from_rfc3339("2026-01-05T19:00:00+01:00").unwrap();
    let (log, _) = simulate_student(&bank, &scheduler(), 30, 7, start);
    let items = training_items(&log, 4);
    assert!(items.len() >= 64, "only {} items", items.len());
    let (sender, receiver) = std::sync::mpsc::channel();
    let handle = optimize_in_background(items, move |progress| {
        let _ = sender.send(progress);
    });
    let parameters = handle.join().unwrap().unwrap();
    assert_eq!(parameters.len(), 21);
    assert!(parameters.iter().all(|p| p.is_finite()));
    let reports: Vec<_> = receiver.iter().collect();
    assert!(reports.last().unwrap().finished);
    let personal = Scheduler::new(SchedulerConfig {
        parameters,
        ..SchedulerConfig::default()
    });
    assert!(personal.is_ok());
}

#[test]
fn history_of_only_first_day_reviews_is_refused_not_a_panic() {
    let now = DateTime::parse_from_rfc3339("2026-01-05T19:00:00+01:00").unwrap();
    let log: Vec<Record> = (0..50)
        .map(|i| Record {
            id: RecordId::new(now.timestamp_millis() + i),
            at_ms: now.timestamp_millis() + i * 60_000,
            utc_offset_secs: 3600,
            bank: "b".into(),
            question: format!("q{}", i % 10).as_str().into(),
            event: Event::Review {
                rating: Rating::Good,
                score: 1.0,
                answer: String::new(),
                duration_ms: 0,
                content_hash: 0,
            },
        })
        .collect();
    let items = training_items(&log, 4);
    assert!(items.is_empty());
    let refused = optimize(items, |_| {});
    assert!(matches!(
        refused,
        Err(OptimizeError::NotEnoughHistory { .. })
    ));
}

#[test]
fn undone_reviews_are_not_training_data() {
    let day = 86_400_000;
    let base = DateTime::parse_from_rfc3339("2026-01-05T19:00:00+00:00")
        .unwrap()
        .timestamp_millis();
    let review = |id: &str, at_ms: i64| Record {
        id: RecordId(id.into()),
        at_ms,
        utc_offset_secs: 0,
        bank: "b".into(),
        question: "q".into(),
        event: Event::Review {
            rating: Rating::Good,
            score: 1.0,
            answer: String::new(),
            duration_ms: 0,
            content_hash: 0,
        },
    };
    let mut log = vec![review("r1", base), review("r2", base + 3 * day)];
    assert_eq!(training_items(&log, 4).len(), 1);
    log.push(Record {
        id: RecordId("u".into()),
        event: Event::Undo {
            review: RecordId("r2".into()),
        },
        ..review("u", base + 3 * day + 1)
    });
    assert!(training_items(&log, 4).is_empty());
}
