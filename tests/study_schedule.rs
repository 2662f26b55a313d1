//! Scheduling as the student sees it: the four buttons' intervals, learning steps, the study day.

use chrono::DateTime;
use dossier::Timestamp;
use dossier::study::{CardPhase, CardState, Rating, Scheduler, SchedulerConfig};
use proptest::prelude::*;

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

const DAY_MS: i64 = 86_400_000;

fn phase_strategy() -> impl Strategy<Value = CardPhase> {
    prop_oneof![
        Just(CardPhase::New),
        (0u32..2).prop_map(|step| CardPhase::Learning { step }),
        Just(CardPhase::Review),
        Just(CardPhase::Relearning { step: 0 }),
    ]
}

fn config_strategy() -> impl Strategy<Value = SchedulerConfig> {
    (
        prop_oneof![
            Just(vec![60, 600]),
            Just(vec![600]),
            Just(vec![]),
            Just(vec![60, 300, 900])
        ],
        prop_oneof![Just(vec![600]), Just(vec![]), Just(vec![300, 1200])],
        0.75f32..0.97,
        any::<bool>(),
    )
        .prop_map(|(learning, relearning, retention, fuzz)| SchedulerConfig {
            learning_steps_secs: learning,
            relearning_steps_secs: relearning,
            desired_retention: retention,
            fuzz,
            ..SchedulerConfig::default()
        })
}

proptest! {
    #[test]
    fn again_hard_good_easy_intervals_strictly_increase_and_are_never_in_the_past(
        config in config_strategy(),
        phase in phase_strategy(),
        stability in 0.01f32..40_000.0,
        difficulty in 1.0f32..10.0,
        days_since_review in 0i64..2_000,
        minutes_since_review in 0i64..1_440,
        reps in 0u32..50,
        offset_hours in -11i32..13,
    ) {
        let scheduler = Scheduler::new(config).unwrap();
        let now = at("2026-05-10T15:30:00+00:00")
            .with_timezone(&chrono::FixedOffset::east_opt(offset_hours * 3600).unwrap());
        let now_ms = now.timestamp_millis();
        let last = now_ms - days_since_review * DAY_MS - minutes_since_review * 60_000;
        let card = CardState {
            phase,
            stability: if phase == CardPhase::New { 0.0 } else { stability },
            difficulty: if phase == CardPhase::New { 0.0 } else { difficulty },
            due: Some(last + DAY_MS),
            last_review_ms: (phase != CardPhase::New).then_some(last),
            reps,
            ..CardState::default()
        };
        let next = scheduler.next_states(&card, now);
        let intervals: Vec<i64> = Rating::ALL.iter().map(|r| next.interval_secs(*r)).collect();
        prop_assert!(intervals.windows(2).all(|w| w[0] < w[1]), "intervals {intervals:?}");
        for rating in Rating::ALL {
            let due = next.get(rating).due.unwrap();
            prop_assert!(due > now_ms, "{rating:?} due {} before now {now_ms}", due);
            prop_assert!(due - now_ms <= 36_500 * DAY_MS + DAY_MS);
        }
    }
}

#[test]
fn new_card_buttons_show_anki_style_intervals() {
    let now = at("2026-05-10T10:00:00+02:00");
    let next = scheduler().next_states(&CardState::default(), now);
    assert_eq!(next.interval_label(Rating::Again, now), "1m");
    assert_eq!(next.interval_label(Rating::Hard, now), "6m");
    assert_eq!(next.interval_label(Rating::Good, now), "10m");
    assert_eq!(
        next.get(Rating::Good).phase,
        CardPhase::Learning { step: 1 }
    );
    assert_eq!(next.get(Rating::Easy).phase, CardPhase::Review);
    assert!(next.interval_label(Rating::Easy, now).ends_with('d'));
}

#[test]
fn good_on_the_last_learning_step_graduates_to_a_day_interval() {
    let scheduler = scheduler();
    let start = at("2026-05-10T10:00:00+02:00");
    let first = scheduler
        .next_states(&CardState::default(), start)
        .get(Rating::Good)
        .clone();
    let later = at("2026-05-10T10:11:00+02:00");
    let graduated = scheduler
        .next_states(&first, later)
        .get(Rating::Good)
        .clone();
    assert_eq!(graduated.phase, CardPhase::Review);
    assert!(graduated.due.unwrap() >= scheduler.end_of_day_ms(later));
}

#[test]
fn forgetting_a_review_counts_a_lapse_and_goes_to_relearning() {
    let now = at("2026-05-20T09:00:00+00:00");
    let card = CardState {
        phase: CardPhase::Review,
        stability: 10.0,
        difficulty: 5.0,
        due: Some(now.timestamp_millis()),
        last_review_ms: Some(now.timestamp_millis() - 10 * DAY_MS),
        reps: 4,
        ..CardState::default()
    };
    let next = scheduler().next_states(&card, now);
    let again = next.get(Rating::Again);
    assert_eq!(again.phase, CardPhase::Relearning { step: 0 });
    assert_eq!(again.lapses, 1);
    assert_eq!(next.interval_label(Rating::Again, now), "10m");
    assert!(again.stability < card.stability);
}

#[test]
fn one_day_review_falls_due_at_the_next_rollover_hour() {
    let scheduler = scheduler();
    let late = at("2026-05-10T23:00:00+02:00");
    let card = CardState {
        phase: CardPhase::Review,
        stability: 0.3,
        difficulty: 8.0,
        last_review_ms: Some(late.timestamp_millis() - DAY_MS),
        ..CardState::default()
    };
    let next = scheduler.next_states(&card, late);
    let days = next.interval_secs(Rating::Hard) / 86_400;
    let first_rollover = at("2026-05-11T04:00:00+02:00").timestamp_millis();
    assert_eq!(
        next.get(Rating::Hard).due,
        Some(first_rollover + (days - 1) * DAY_MS)
    );
}

#[test]
fn studying_at_two_am_counts_for_the_previous_study_day() {
    let scheduler = scheduler();
    assert_eq!(
        scheduler.day_index(at("2026-05-11T02:00:00+02:00")),
        scheduler.day_index(at("2026-05-10T09:00:00+02:00"))
    );
    assert_ne!(
        scheduler.day_index(at("2026-05-11T04:00:00+02:00")),
        scheduler.day_index(at("2026-05-10T09:00:00+02:00"))
    );
}

#[test]
fn fuzz_is_deterministic_for_the_same_card_and_spreads_different_cards() {
    let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
    let now = at("2026-05-20T09:00:00+00:00");
    let card = CardState {
        phase: CardPhase::Review,
        stability: 60.0,
        difficulty: 5.0,
        last_review_ms: Some(now.timestamp_millis() - 60 * DAY_MS),
        reps: 5,
        ..CardState::default()
    };
    let due = |id: &str| {
        scheduler
            .next_states_for(&id.into(), &card, now)
            .get(Rating::Good)
            .due
    };
    assert_eq!(due("q1"), due("q1"));
    let distinct: std::collections::BTreeSet<_> = (0..20).map(|i| due(&format!("q{i}"))).collect();
    assert!(distinct.len() > 3, "fuzz gave only {distinct:?}");
}

#[test]
fn invalid_settings_are_refused_with_a_reason() {
    let bad_retention = Scheduler::new(SchedulerConfig {
        desired_retention: 1.5,
        ..SchedulerConfig::default()
    });
    assert!(bad_retention.unwrap_err().to_string().contains("retention"));
    let bad_parameters = Scheduler::new(SchedulerConfig {
        parameters: vec![1.0, 2.0],
        ..SchedulerConfig::default()
    });
    assert!(bad_parameters.is_err());
}
