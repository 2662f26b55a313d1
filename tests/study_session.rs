//! Studying a bank: the queue, the daily new-card limit, undo, stale states, and replaying the log.

use chrono::{DateTime, Duration};
use dossier::bank::Bank;
use dossier::study::synthetic::synthetic_bank;
use dossier::study::{
    CardPhase, Collection, Event, Rating, Record, RecordId, Response, Scheduler, SchedulerConfig,
    Session, SessionError, SessionFilter,
};
use dossier::{QuestionId, Timestamp};

fn at(text: &str) -> Timestamp {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn scheduler() -> Scheduler {
    Scheduler::new(SchedulerConfig {
        fuzz: false,
        ..SchedulerConfig::default()
    })
    .unwrap()
}

/// Answers every question currently available with `rating`, returning the records and the ids shown.
fn study_all(
    session: &mut Session,
    collection: &mut Collection,
    scheduler: &Scheduler,
    now: Timestamp,
    rating: Rating,
) -> (Vec<Record>, Vec<QuestionId>) {
    let mut records = Vec::new();
    let mut shown = Vec::new();
    while let Some(question) = session.current().cloned() {
        shown.push(question);
        records.push(session.rate(rating, collection, scheduler, now).unwrap());
    }
    (records, shown)
}

fn new_session(
    bank: &Bank,
    collection: &Collection,
    scheduler: &Scheduler,
    now: Timestamp,
) -> Session {
    Session::new(bank, collection, scheduler, SessionFilter::default(), now)
}

#[test]
fn daily_new_limit_holds_until_the_rollover_hour() {
    let bank = synthetic_bank(50);
    let scheduler = scheduler();
    let mut collection = Collection::default();
    let evening = at("2026-03-01T22:00:00+01:00");
    let mut session = new_session(&bank, &collection, &scheduler, evening);
    let (_, shown) = study_all(
        &mut session,
        &mut collection,
        &scheduler,
        evening,
        Rating::Easy,
    );
    assert_eq!(shown.len(), 20);
    assert_eq!(collection.counts(&bank, evening).new_available, 0);

    let after_midnight = at("2026-03-02T02:00:00+01:00");
    let session = new_session(&bank, &collection, &scheduler, after_midnight);
    assert_eq!(session.current(), None);
    assert_eq!(collection.counts(&bank, after_midnight).new_available, 0);

    let next_morning = at("2026-03-02T05:00:00+01:00");
    assert_eq!(collection.counts(&bank, next_morning).new_available, 20);
    let mut session = new_session(&bank, &collection, &scheduler, next_morning);
    let (_, shown) = study_all(
        &mut session,
        &mut collection,
        &scheduler,
        next_morning,
        Rating::Easy,
    );
    assert_eq!(shown.len(), 20);
}

#[test]
fn daily_new_limit_holds_after_changing_time_zone_within_the_day() {
    let bank = synthetic_bank(50);
    let scheduler = scheduler();
    let mut collection = Collection::default();
    let tokyo_evening = at("2026-03-01T22:00:00+09:00");
    let mut session = new_session(&bank, &collection, &scheduler, tokyo_evening);
    study_all(
        &mut session,
        &mut collection,
        &scheduler,
        tokyo_evening,
        Rating::Easy,
    );

    // Flew west: two hours later in UTC+8 it is 23:00 on the same study day.
    let beijing_same_night = at("2026-03-01T23:00:00+08:00");
    assert_eq!(
        collection.new_introduced_today(&bank.id, beijing_same_night),
        20
    );
    assert_eq!(
        collection.counts(&bank, beijing_same_night).new_available,
        0
    );
    let session = new_session(&bank, &collection, &scheduler, beijing_same_night);
    assert_eq!(session.current(), None);

    let beijing_next_day = at("2026-03-02T09:00:00+08:00");
    assert_eq!(collection.counts(&bank, beijing_next_day).new_available, 20);
}

#[test]
fn undo_restores_card_queue_position_and_clears_the_verdict() {
    let bank = synthetic_bank(12);
    let scheduler = scheduler();
    let mut collection = Collection::default();
    let now = at("2026-03-01T10:00:00+00:00");
    let mut session = new_session(&bank, &collection, &scheduler, now);
    // Get one card into learning so the queue has both kinds.
    session
        .rate(Rating::Again, &mut collection, &scheduler, now)
        .unwrap();

    let before_collection = collection.clone();
    let before_progress = session.progress();
    let question = session.current().cloned().unwrap();
    let later = now + Duration::seconds(30);
    session
        .answer(&bank, &Response::Choice(vec![1]), later)
        .unwrap();
    let record = session
        .rate(Rating::Good, &mut collection, &scheduler, later)
        .unwrap();
    let next_after_rating = session.current().cloned();
    assert_ne!(collection, before_collection);

    let undo = session.undo(&mut collection, &scheduler, later).unwrap();
    assert_eq!(
        undo.event,
        Event::Undo {
            review: record.id.clone()
        }
    );
    assert_eq!(collection, before_collection);
    assert_eq!(session.current(), Some(&question));
    assert!(session.verdict().is_none());
    assert_eq!(session.progress(), before_progress);
    assert_eq!(session.summary().answered, 1);

    // Rating again leads to the same next question as before the undo.
    session
        .rate(Rating::Good, &mut collection, &scheduler, later)
        .unwrap();
    assert_eq!(session.current().cloned(), next_after_rating);
}

#[test]
fn undo_of_the_very_first_rating_makes_the_card_new_again_as_replay_would() {
    let bank = synthetic_bank(5);
    let scheduler = scheduler();
    let mut collection = Collection::default();
    let now = at("2026-03-01T10:00:00+00:00");
    let mut session = new_session(&bank, &collection, &scheduler, now);
    let review = session
        .rate(Rating::Hard, &mut collection, &scheduler, now)
        .unwrap();
    let undo = session.undo(&mut collection, &scheduler, now).unwrap();
    assert_eq!(collection, Collection::default());
    assert_eq!(Collection::replay(&[review, undo], &scheduler), collection);
    assert!(session.undo(&mut collection, &scheduler, now).is_none());
}

#[test]
fn rating_a_card_changed_elsewhere_is_refused() {
    let bank = synthetic_bank(5);
    let scheduler = scheduler();
    let mut collection = Collection::default();
    let now = at("2026-03-01T10:00:00+00:00");
    let mut session = new_session(&bank, &collection, &scheduler, now);
    let question = session.current().cloned().unwrap();
    let elsewhere = Record {
        id: RecordId::new(now.timestamp_millis()),
        at_ms: now.timestamp_millis(),
        utc_offset_secs: 0,
        bank: bank.id.clone(),
        question: question.clone(),
        event: Event::Suspend,
    };
    collection.apply(&elsewhere, &scheduler);
    let before = collection.clone();
    let refused = session.rate(Rating::Good, &mut collection, &scheduler, now);
    assert_eq!(refused, Err(SessionError::CardModified(question)));
    assert_eq!(collection, before);
}

#[test]
fn a_card_rated_again_comes_back_when_its_step_is_due_not_before() {
    let bank = synthetic_bank(6);
    let scheduler = scheduler();
    let mut collection = Collection::default();
    let start = at("2026-03-01T10:00:00+00:00");
    let mut session = new_session(&bank, &collection, &scheduler, start);
    let forgotten = session.current().cloned().unwrap();
    session
        .rate(Rating::Again, &mut collection, &scheduler, start)
        .unwrap();
    assert_ne!(session.current(), Some(&forgotten));
    // 30 s later the one-minute step is not due yet.
    session
        .rate(
            Rating::Easy,
            &mut collection,
            &scheduler,
            start + Duration::seconds(30),
        )
        .unwrap();
    assert_ne!(session.current(), Some(&forgotten));
    // Two minutes in, it is due and comes first.
    session
        .rate(
            Rating::Easy,
            &mut collection,
            &scheduler,
            start + Duration::minutes(2),
        )
        .unwrap();
    assert_eq!(session.current(), Some(&forgotten));
    assert!(matches!(
        collection.card(&bank.id, &forgotten).phase,
        CardPhase::Learning { step: 0 }
    ));
}

#[test]
fn siblings_are_not_shown_back_to_back() {
    let mut bank = synthetic_bank(16);
    for (i, question) in bank.questions.iter_mut().enumerate() {
        question.about = vec![if i < 8 { "kim" } else { "putin" }.to_owned()];
    }
    let scheduler = scheduler();
    let mut collection = Collection::default();
    let now = at("2026-03-01T10:00:00+00:00");
    let mut session = new_session(&bank, &collection, &scheduler, now);
    let (_, shown) = study_all(&mut session, &mut collection, &scheduler, now, Rating::Easy);
    assert_eq!(shown.len(), 16);
    let about = |q: &QuestionId| bank.question(q).unwrap().about.clone();
    for pair in shown.windows(2) {
        assert_ne!(about(&pair[0]), about(&pair[1]), "{pair:?} are siblings");
    }
}

fn review(bank: &Bank, question: &str, rating: Rating, now: Timestamp) -> Record {
    Record {
        id: RecordId::new(now.timestamp_millis()),
        at_ms: now.timestamp_millis(),
        utc_offset_secs: now.offset().local_minus_utc(),
        bank: bank.id.clone(),
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
fn most_forgotten_reviews_come_first() {
    let bank = synthetic_bank(3);
    let scheduler = Scheduler::new(SchedulerConfig {
        learning_steps_secs: Vec::new(),
        fuzz: false,
        ..SchedulerConfig::default()
    })
    .unwrap();
    let day0 = at("2026-03-01T10:00:00+00:00");
    let log = [
        review(&bank, "q00000", Rating::Easy, day0),
        review(&bank, "q00001", Rating::Hard, day0),
        review(&bank, "q00002", Rating::Good, day0),
    ];
    let collection = Collection::replay(&log, &scheduler);
    let year_later = day0 + Duration::days(365);
    let mut session = new_session(&bank, &collection, &scheduler, year_later);
    let mut order = Vec::new();
    let mut collection = collection;
    while let Some(q) = session.current().cloned() {
        order.push(q.0);
        session
            .rate(Rating::Easy, &mut collection, &scheduler, year_later)
            .unwrap();
    }
    assert_eq!(order, ["q00001", "q00002", "q00000"]);
}

#[test]
fn filter_limits_the_session_to_a_section() {
    let bank = synthetic_bank(30);
    let scheduler = scheduler();
    let mut collection = Collection::default();
    let now = at("2026-03-01T10:00:00+00:00");
    let filter = SessionFilter {
        section: Some("Weapons".into()),
        ..SessionFilter::default()
    };
    let mut session = Session::new(&bank, &collection, &scheduler, filter, now);
    let (_, shown) = study_all(&mut session, &mut collection, &scheduler, now, Rating::Easy);
    assert_eq!(shown.len(), 10);
    for q in &shown {
        assert_eq!(bank.section_of(bank.question(q).unwrap()), Some("Weapons"));
    }
}

#[test]
fn replaying_the_log_gives_the_same_collection_as_studying() {
    let bank = synthetic_bank(40);
    let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
    let mut collection = Collection::default();
    let mut log = Vec::new();
    let mut now = at("2026-03-01T20:00:00-05:00");
    for day in 0..10 {
        let mut session = new_session(&bank, &collection, &scheduler, now);
        let mut step = 0;
        while session.current().is_some() && step < 60 {
            let rating = Rating::ALL[(day + step) % 4];
            log.push(
                session
                    .rate(rating, &mut collection, &scheduler, now)
                    .unwrap(),
            );
            if step % 7 == 3 {
                now += Duration::seconds(1);
                log.push(session.undo(&mut collection, &scheduler, now).unwrap());
            }
            if step % 11 == 5 && session.current().is_some() {
                now += Duration::seconds(1);
                log.push(session.bury(&mut collection, &scheduler, now).unwrap());
            }
            step += 1;
            now += Duration::minutes(3);
        }
        now += Duration::days(1);
    }
    assert_eq!(Collection::replay(&log, &scheduler), collection);
    let mut shuffled = log.clone();
    shuffled.reverse();
    assert_eq!(Collection::replay(&shuffled, &scheduler), collection);
    let json = serde_json::to_string(&collection).unwrap();
    let restored: Collection = serde_json::from_str(&json).unwrap();
    assert_eq!(restored, collection);
}

#[test]
fn suspended_questions_are_left_out_and_counted() {
    let bank = synthetic_bank(4);
    let scheduler = scheduler();
    let mut collection = Collection::default();
    let now = at("2026-03-01T10:00:00+00:00");
    let mut session = new_session(&bank, &collection, &scheduler, now);
    let suspended = session.current().cloned().unwrap();
    session.suspend(&mut collection, &scheduler, now).unwrap();
    let (_, shown) = study_all(&mut session, &mut collection, &scheduler, now, Rating::Easy);
    assert!(!shown.contains(&suspended));
    assert_eq!(collection.counts(&bank, now).suspended, 1);
    let next_week = now + Duration::days(7);
    let session = new_session(&bank, &collection, &scheduler, next_week);
    assert_ne!(session.current(), Some(&suspended));
}

#[test]
fn summary_counts_right_answers_and_elapsed_time() {
    let bank = synthetic_bank(9);
    let scheduler = scheduler();
    let mut collection = Collection::default();
    let start = at("2026-03-01T10:00:00+00:00");
    let mut session = new_session(&bank, &collection, &scheduler, start);
    let mut now = start;
    while let Some(question) = session.current().cloned() {
        let q = bank.question(&question).unwrap();
        let response = match &q.answer {
            dossier::bank::Answer::TrueFalse { answer } => Response::TrueFalse(!answer),
            _ => Response::Flashcard(Rating::Good),
        };
        now += Duration::seconds(10);
        session.answer(&bank, &response, now).unwrap();
        session
            .rate(Rating::Easy, &mut collection, &scheduler, now)
            .unwrap();
    }
    let summary = session.summary();
    assert_eq!(summary.answered, 9);
    // Only the flashcard (self-graded Good) is right; the true/false was answered wrongly and the
    // others got a response of the wrong kind.
    assert_eq!(summary.correct, 1);
    assert_eq!(
        summary.missed.len(),
        8,
        "every wrong answer is listed to look at again"
    );
    assert!(summary.missed.iter().all(|id| {
        !matches!(
            bank.question(id).map(|q| &q.answer),
            Some(dossier::bank::Answer::Flashcard { .. })
        )
    }));
    assert_eq!(summary.elapsed, std::time::Duration::from_secs(90));
    assert!(summary.next_due_ms.unwrap() > now.timestamp_millis());
    assert!(session.is_finished());
}

#[test]
fn new_questions_are_spread_among_due_reviews_and_counted() {
    let bank = synthetic_bank(15);
    let scheduler = Scheduler::new(SchedulerConfig {
        learning_steps_secs: Vec::new(),
        fuzz: false,
        ..SchedulerConfig::default()
    })
    .unwrap();
    let day0 = at("2026-03-01T10:00:00+00:00");
    let log: Vec<Record> = bank.questions[..10]
        .iter()
        .map(|q| review(&bank, &q.id.0, Rating::Good, day0))
        .collect();
    let mut collection = Collection::replay(&log, &scheduler);
    let later = day0 + Duration::days(60);
    let counts = collection.counts(&bank, later);
    assert_eq!(
        (counts.due_today, counts.new_available, counts.total),
        (10, 5, 15)
    );
    let mut session = new_session(&bank, &collection, &scheduler, later);
    let (_, shown) = study_all(
        &mut session,
        &mut collection,
        &scheduler,
        later,
        Rating::Good,
    );
    let new_positions: Vec<usize> = shown
        .iter()
        .enumerate()
        .filter(|(_, q)| bank.position(q).is_some_and(|i| i >= 10))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(new_positions.len(), 5);
    assert!(
        new_positions[0] < 5,
        "first new card at {}",
        new_positions[0]
    );
    assert!(
        new_positions[4] >= 10,
        "new cards bunched: {new_positions:?}"
    );
}

#[test]
fn missed_questions_are_listed_once_and_an_undone_miss_is_forgotten() {
    let bank = synthetic_bank(3);
    let scheduler = scheduler();
    let mut collection = Collection::default();
    let start = at("2026-03-01T10:00:00+00:00");
    let mut session = new_session(&bank, &collection, &scheduler, start);
    let first = session.current().cloned().unwrap();
    session
        .rate(Rating::Again, &mut collection, &scheduler, start)
        .unwrap();
    assert_eq!(session.summary().missed, vec![first.clone()]);

    session.undo(&mut collection, &scheduler, start).unwrap();
    assert!(
        session.summary().missed.is_empty(),
        "an undone miss is not a miss"
    );

    // Missed, then missed again when the learning step brings it back: listed once.
    let mut now = start;
    let mut misses_of_first = 0;
    while misses_of_first < 2 {
        session.refresh(&collection, now);
        match session.current().cloned() {
            Some(question) => {
                let rating = if question == first {
                    Rating::Again
                } else {
                    Rating::Easy
                };
                if question == first {
                    misses_of_first += 1;
                }
                session
                    .rate(rating, &mut collection, &scheduler, now)
                    .unwrap();
            }
            None => now += Duration::minutes(2),
        }
        assert!(
            now < start + Duration::hours(1),
            "the missed question never came back"
        );
    }
    assert_eq!(session.summary().missed, vec![first]);
}

/// 30 questions learnt with Easy on day one, all due again some days later, for the review limit.
fn thirty_due_reviews(scheduler: &Scheduler) -> (Bank, Collection, Timestamp) {
    let bank = synthetic_bank(30);
    let mut collection = Collection::default();
    let start = at("2026-03-01T10:00:00+01:00");
    let mut session = new_session(&bank, &collection, scheduler, start);
    study_all(
        &mut session,
        &mut collection,
        scheduler,
        start,
        Rating::Easy,
    );
    (bank, collection, start + Duration::days(60))
}

#[test]
fn reviews_past_the_daily_limit_wait_and_can_be_studied_anyway() {
    let scheduler = Scheduler::new(SchedulerConfig {
        fuzz: false,
        new_per_day: 30,
        max_reviews_per_day: 12,
        ..SchedulerConfig::default()
    })
    .unwrap();
    let (bank, mut collection, later) = thirty_due_reviews(&scheduler);
    let counts = collection.counts(&bank, later);
    assert_eq!((counts.due_today, counts.due_over_limit), (12, 18));
    let mut session = new_session(&bank, &collection, &scheduler, later);
    assert_eq!(session.held_back(), 18);
    let (_, shown) = study_all(
        &mut session,
        &mut collection,
        &scheduler,
        later,
        Rating::Good,
    );
    assert_eq!(shown.len(), 12);
    let counts = collection.counts(&bank, later);
    assert_eq!(
        (counts.due_today, counts.due_over_limit),
        (0, 18),
        "the limit counts today's reviews"
    );
    let anyway = SessionFilter {
        past_review_limit: true,
        ..SessionFilter::default()
    };
    let mut session = Session::new(&bank, &collection, &scheduler, anyway, later);
    assert_eq!(session.held_back(), 0);
    let (_, shown) = study_all(
        &mut session,
        &mut collection,
        &scheduler,
        later,
        Rating::Good,
    );
    assert_eq!(shown.len(), 18);
}

#[test]
fn a_session_running_past_the_rollover_starts_the_new_days_new_questions() {
    let bank = synthetic_bank(50);
    let scheduler = scheduler();
    let mut collection = Collection::default();
    let evening = at("2026-03-01T23:30:00+01:00");
    let mut session = new_session(&bank, &collection, &scheduler, evening);
    let (_, shown) = study_all(
        &mut session,
        &mut collection,
        &scheduler,
        evening,
        Rating::Easy,
    );
    assert_eq!(shown.len(), 20, "today's 20 new questions");
    let before_rollover = at("2026-03-02T03:59:00+01:00");
    assert!(!session.start_new_day(&bank, &collection, &scheduler, before_rollover));
    assert!(session.current().is_none());
    let after_rollover = at("2026-03-02T04:01:00+01:00");
    assert!(session.start_new_day(&bank, &collection, &scheduler, after_rollover));
    let (_, shown_next) = study_all(
        &mut session,
        &mut collection,
        &scheduler,
        after_rollover,
        Rating::Easy,
    );
    assert_eq!(
        shown_next.len(),
        20,
        "the new day's 20 new questions, in the same session"
    );
    assert!(shown_next.iter().all(|q| !shown.contains(q)));
}
