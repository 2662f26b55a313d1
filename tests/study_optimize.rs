//! Fitting the student's own FSRS parameters from their history.

use chrono::DateTime;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use dossier::study::optimize::{
    MIN_TRAINING_ITEMS, OptimizeError, evaluate, optimize, optimize_in_background, training_items,
};
use dossier::study::synthetic::{simulate_student, simulate_student_remembering, synthetic_bank};
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
    let cancel = Arc::new(AtomicBool::new(false));
    let handle = optimize_in_background(items, Vec::new(), cancel, move |progress| {
        let _ = sender.send(progress);
    });
    let report = handle.join().unwrap().unwrap();
    let parameters = report.parameters;
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
    let refused = optimize(items, &[], &AtomicBool::new(false), |_| {});
    assert!(matches!(
        refused,
        Err(OptimizeError::NotEnoughHistory { .. })
    ));
    let message = refused.unwrap_err().to_string();
    assert!(message.contains("8 more reviews needed"), "{message}");
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

fn review_at(question: &str, at_ms: i64, rating: Rating) -> Record {
    Record {
        id: RecordId::new(at_ms),
        at_ms,
        utc_offset_secs: 0,
        bank: "b".into(),
        question: question.into(),
        event: Event::Review {
            rating,
            score: 1.0,
            answer: String::new(),
            duration_ms: 0,
            content_hash: 0,
        },
    }
}

#[test]
fn same_day_reviews_are_dropped_as_fsrs_own_conversion_does_and_evaluation_works() {
    let day = 86_400_000;
    let base = DateTime::parse_from_rfc3339("2026-01-05T10:00:00+00:00")
        .unwrap()
        .timestamp_millis();
    let log = vec![
        review_at("q", base, Rating::Again),
        review_at("q", base + 600_000, Rating::Good),
        review_at("q", base + 2 * day, Rating::Good),
        review_at("q", base + 2 * day + 600_000, Rating::Good),
        review_at("q", base + 6 * day, Rating::Good),
    ];
    let items = training_items(&log, 4);
    let lengths: Vec<usize> = items.iter().map(|i| i.reviews.len()).collect();
    assert_eq!(
        lengths,
        [3, 5],
        "only the reviews a day or more after the previous one"
    );
    assert!(items.iter().all(|i| i.reviews.last().unwrap().delta_t > 0));
    assert!(evaluate(&items, &[]).is_ok());
}

#[test]
fn the_same_log_gives_the_same_parameters_on_two_runs_whatever_its_file_order() {
    let bank = synthetic_bank(40);
    let start = DateTime::parse_from_rfc3339("2026-01-05T19:00:00+01:00").unwrap();
    let (mut log, _) = simulate_student(&bank, &scheduler(), 20, 3, start);
    let first = training_items(&log, 4);
    log.reverse();
    assert_eq!(
        training_items(&log, 4),
        first,
        "items follow review time, not file order"
    );
    let never = AtomicBool::new(false);
    let a = optimize(first.clone(), &[], &never, |_| {}).unwrap();
    let b = optimize(training_items(&log, 4), &[], &never, |_| {}).unwrap();
    assert_eq!(a.parameters, b.parameters);
}

#[test]
fn a_cancelled_fit_stops_with_cancelled() {
    let bank = synthetic_bank(30);
    let start = DateTime::parse_from_rfc3339("2026-01-05T19:00:00+01:00").unwrap();
    let (log, _) = simulate_student(&bank, &scheduler(), 15, 5, start);
    let items = training_items(&log, 4);
    assert!(items.len() >= MIN_TRAINING_ITEMS);
    let cancelled = optimize(items, &[], &AtomicBool::new(true), |_| {});
    assert!(
        matches!(cancelled, Err(OptimizeError::Cancelled)),
        "{cancelled:?}"
    );
}

/// A student whose memory is weaker than the average person's (first-answer stabilities a third of
/// FSRS's defaults) studies for 40 days on the default schedule; the fitted parameters must predict
/// their answers better than the defaults, and bring the first-answer stability of Good towards
/// the truth.
#[test]
fn fitting_a_simulated_student_with_known_parameters_lowers_the_log_loss() {
    let mut truth = fsrs::DEFAULT_PARAMETERS.to_vec();
    for w in &mut truth[..4] {
        *w /= 3.0;
    }
    let memory = Scheduler::new(SchedulerConfig {
        parameters: truth.clone(),
        fuzz: false,
        ..SchedulerConfig::default()
    })
    .unwrap();
    let bank = synthetic_bank(80);
    let start = DateTime::parse_from_rfc3339("2026-01-05T19:00:00+01:00").unwrap();
    let (log, _) = simulate_student_remembering(&bank, &scheduler(), &memory, 40, 11, start);
    let items = training_items(&log, 4);
    let report = optimize(items, &[], &AtomicBool::new(false), |_| {}).unwrap();
    eprintln!(
        "items {}: log loss default {:.4} fitted {:.4}; RMSE default {:.4} fitted {:.4}; w[0..4] true {:?} fitted {:?}",
        report.items,
        report.current.log_loss,
        report.fitted.log_loss,
        report.current.rmse_bins,
        report.fitted.rmse_bins,
        &truth[..4],
        &report.parameters[..4]
    );
    assert!(report.improves());
    assert!(report.fitted.log_loss < report.current.log_loss);
    let default_good = fsrs::DEFAULT_PARAMETERS[2];
    assert!(
        (report.parameters[2] - truth[2]).abs() < (default_good - truth[2]).abs(),
        "fitted Good stability {} (true {}, default {default_good})",
        report.parameters[2],
        truth[2]
    );
}
