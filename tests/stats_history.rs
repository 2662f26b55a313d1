//! Every statistic of the statistics screen on one fixed, hand-written review history. The expected
//! numbers were worked out by hand from the table in `history()`.

use chrono::NaiveDate;
use dossier::study::stats::{GroupMastery, HardQuestion, Stats, forecast, mastery_by_group};
use dossier::study::{Event, Rating, Record, RecordId};
use dossier::{BankId, QuestionId};

const OFFSET_SECS: i32 = 3600;
const ROLLOVER_HOUR: u32 = 4;

fn date(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap()
}

fn today() -> NaiveDate {
    date(3, 10)
}

/// A record at local time `(month, day, hour, minute)` in UTC+1.
fn at(id: &str, bank: &str, when: (u32, u32, u32, u32), question: &str, event: Event) -> Record {
    let (month, day, hour, minute) = when;
    let local = date(month, day).and_hms_opt(hour, minute, 0).unwrap();
    Record {
        id: RecordId(id.to_owned()),
        at_ms: local.and_utc().timestamp_millis() - i64::from(OFFSET_SECS) * 1000,
        utc_offset_secs: OFFSET_SECS,
        bank: BankId::from(bank),
        question: QuestionId::from(question),
        event,
    }
}

fn review(
    id: &str,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    question: &str,
    rating: Rating,
) -> Record {
    let event = Event::Review {
        rating,
        score: if rating == Rating::Again { 0.0 } else { 1.0 },
        answer: String::new(),
        duration_ms: 1000,
        content_hash: 0,
    };
    at(id, "b1", (month, day, hour, minute), question, event)
}

/// The history, with what each review counts as ("RP" = review phase: the card's previous review was
/// on an earlier day). Some records are out of time order on purpose, as in a merged log.
fn history() -> Vec<Record> {
    use Rating::*;
    vec![
        review("r1", 2, 20, 10, 0, "q3", Good),  // new
        review("r2", 2, 21, 10, 0, "q3", Good),  // RP pass
        review("r3", 2, 22, 10, 0, "q3", Again), // RP fail (lapse)
        review("r4", 2, 23, 10, 0, "q3", Again), // RP fail (lapse)
        review("r5", 3, 1, 10, 0, "q1", Good),   // new
        review("r6", 3, 1, 10, 5, "q1", Again),  // same day: not RP
        review("r12", 3, 8, 10, 0, "q1", Good),  // RP pass (out of order in the log)
        review("r7", 3, 2, 9, 0, "q1", Good),    // RP pass
        review("r8", 3, 2, 9, 1, "q2", Again),   // new
        review("r9", 3, 3, 3, 0, "q2", Good),    // 03:00 < rollover 04:00: still 2 March, not RP
        review("r10", 3, 4, 12, 0, "q2", Again), // RP fail (lapse)
        review("r11", 3, 4, 12, 1, "q2", Good),  // same day
        review("r13", 3, 9, 10, 0, "q1", Easy),  // undone below
        at(
            "u1",
            "b1",
            (3, 9, 10, 1),
            "q1",
            Event::Undo {
                review: RecordId("r13".to_owned()),
            },
        ),
        review("r14", 3, 9, 11, 0, "q4", Hard),  // new
        review("r15", 3, 10, 8, 0, "q4", Again), // RP fail (lapse)
        at(
            "x1",
            "b2",
            (3, 10, 9, 0),
            "q1",
            Event::Review {
                rating: Again,
                score: 0.0,
                answer: String::new(),
                duration_ms: 0,
                content_hash: 0,
            },
        ),
        at("s1", "b1", (3, 10, 9, 30), "q3", Event::Reset),
        review("r17", 3, 10, 9, 31, "q3", Good), // after reset: new again
    ]
}

fn stats_of_b1() -> Stats {
    Stats::compute(
        &history(),
        Some(&BankId::from("b1")),
        today(),
        ROLLOVER_HOUR,
    )
}

fn day_counts(stats: &Stats) -> Vec<(NaiveDate, u32, u32)> {
    stats
        .study_days()
        .map(|d| (d.date, d.correct, d.incorrect))
        .collect()
}

#[test]
fn reviews_are_counted_per_study_day_with_correct_and_incorrect_split() {
    let stats = stats_of_b1();
    assert_eq!(
        day_counts(&stats),
        vec![
            (date(2, 20), 1, 0),
            (date(2, 21), 1, 0),
            (date(2, 22), 0, 1),
            (date(2, 23), 0, 1),
            (date(3, 1), 1, 1),
            (date(3, 2), 2, 1),
            (date(3, 4), 1, 1),
            (date(3, 8), 1, 0),
            (date(3, 9), 1, 0),
            (date(3, 10), 1, 1),
        ]
    );
    assert_eq!(stats.total_reviews, 15);
}

#[test]
fn review_before_the_rollover_hour_belongs_to_the_previous_day() {
    let stats = stats_of_b1();
    let march_2 = stats.days.iter().find(|d| d.date == date(3, 2)).unwrap();
    assert_eq!(march_2.reviews(), 3);
    let march_3 = stats.days.iter().find(|d| d.date == date(3, 3)).unwrap();
    assert_eq!(march_3.reviews(), 0);
}

#[test]
fn undone_review_is_not_counted() {
    let stats = stats_of_b1();
    let march_9 = stats.days.iter().find(|d| d.date == date(3, 9)).unwrap();
    assert_eq!((march_9.correct, march_9.incorrect), (1, 0));
    assert_eq!(march_9.review_phase_passed, 0);
}

#[test]
fn chart_windows_end_today_and_include_days_without_reviews() {
    let stats = stats_of_b1();
    assert_eq!(stats.days.len(), 365);
    let month = stats.reviews_per_day(30);
    assert_eq!(month.len(), 30);
    assert_eq!(month[0].date, date(2, 9));
    assert_eq!(month[29].date, today());
    assert_eq!(month.iter().map(|d| d.reviews()).sum::<u32>(), 15);
    assert_eq!(stats.reviews_per_day(90).len(), 90);
    assert_eq!(stats.reviews_per_day(1000).len(), 365);
}

#[test]
fn streaks_count_consecutive_study_days() {
    let stats = stats_of_b1();
    assert_eq!(stats.current_streak_days, 3);
    assert_eq!(stats.longest_streak_days, 4);
}

#[test]
fn streak_survives_until_the_day_without_study_is_over() {
    let history = history();
    let filter = BankId::from("b1");
    let tomorrow = Stats::compute(&history, Some(&filter), date(3, 11), ROLLOVER_HOUR);
    assert_eq!(tomorrow.current_streak_days, 3);
    let day_after = Stats::compute(&history, Some(&filter), date(3, 12), ROLLOVER_HOUR);
    assert_eq!(day_after.current_streak_days, 0);
    assert_eq!(day_after.longest_streak_days, 4);
}

#[test]
fn true_retention_counts_only_cards_last_reviewed_on_an_earlier_day() {
    let stats = stats_of_b1();
    assert_eq!((stats.retention.passed, stats.retention.failed), (3, 4));
    assert_eq!(stats.retention.rate(), Some(3.0 / 7.0));
    let week = stats.retention_last(7);
    assert_eq!((week.passed, week.failed), (1, 2));
}

#[test]
fn hardest_questions_need_three_reviews_and_rank_lapses_first() {
    let stats = stats_of_b1();
    assert_eq!(
        stats.hardest,
        vec![
            HardQuestion {
                bank: BankId::from("b1"),
                question: QuestionId::from("q2"),
                reviews: 4,
                lapses: 1,
                success_rate: 0.5,
            },
            HardQuestion {
                bank: BankId::from("b1"),
                question: QuestionId::from("q1"),
                reviews: 4,
                lapses: 0,
                success_rate: 0.75,
            },
        ]
    );
}

#[test]
fn reset_question_starts_its_history_afresh() {
    // Without the reset, q3 (5 reviews, 2 lapses) would top the hardest list.
    let without_reset: Vec<Record> = history()
        .into_iter()
        .filter(|r| r.event != Event::Reset)
        .collect();
    let stats = Stats::compute(
        &without_reset,
        Some(&BankId::from("b1")),
        today(),
        ROLLOVER_HOUR,
    );
    assert_eq!(stats.hardest[0].question, QuestionId::from("q3"));
    assert_eq!(stats.hardest[0].lapses, 2);
    assert_eq!(stats.retention.passed, 4);
    assert!(stats_of_b1().hardest.iter().all(|h| h.question.0 != "q3"));
}

#[test]
fn other_banks_count_only_without_a_filter() {
    let all = Stats::compute(&history(), None, today(), ROLLOVER_HOUR);
    assert_eq!(all.total_reviews, 16);
    let last = all.days.last().unwrap();
    assert_eq!((last.correct, last.incorrect), (1, 2));
}

#[test]
fn empty_log_has_no_retention_and_no_streak() {
    let stats = Stats::compute(&[], None, today(), ROLLOVER_HOUR);
    assert_eq!(stats.total_reviews, 0);
    assert_eq!(stats.retention.rate(), None);
    assert_eq!(
        (stats.current_streak_days, stats.longest_streak_days),
        (0, 0)
    );
    assert!(stats.hardest.is_empty());
    assert_eq!(stats.study_days().count(), 0);
}

#[test]
fn forecast_counts_overdue_cards_today_and_ignores_later_ones() {
    let due = [
        date(3, 1),
        date(3, 10),
        date(3, 11),
        date(3, 11),
        date(3, 13),
        date(4, 30),
    ];
    assert_eq!(forecast(due.into_iter(), today(), 5), vec![2, 2, 0, 1, 0]);
    assert_eq!(
        forecast(due.into_iter(), today(), 30).iter().sum::<u32>(),
        5
    );
    assert!(forecast(due.into_iter(), today(), 0).is_empty());
}

#[test]
fn mastery_groups_keep_first_seen_order_and_count_new_cards() {
    let items = vec![
        ("Background", Some(0.95)),
        ("Weapons", None),
        ("Background", Some(0.5)),
        ("Weapons", Some(0.9)),
        ("Background", None),
        ("Outlook", None),
    ];
    assert_eq!(
        mastery_by_group(items.into_iter()),
        vec![
            GroupMastery {
                key: "Background",
                known: 1,
                total: 3,
                mean_retrievability: Some(0.725)
            },
            GroupMastery {
                key: "Weapons",
                known: 1,
                total: 2,
                mean_retrievability: Some(0.9)
            },
            GroupMastery {
                key: "Outlook",
                known: 0,
                total: 1,
                mean_retrievability: None
            },
        ]
    );
}
