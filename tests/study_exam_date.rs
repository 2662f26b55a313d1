//! Studying towards an exam date, simulated over the bundled bank: the schedule brings every question
//! back in the last third before the date, and the recall predicted for the day matches what the
//! simulated student then remembers.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Datelike, Duration};
use dossier::bank::Bank;
use dossier::bank::validate::load_bank_str;
use dossier::study::exam_date::exam_outlook;
use dossier::study::schedule::day_index;
use dossier::study::synthetic::simulate_student;
use dossier::study::{Collection, Event, Scheduler, SchedulerConfig};
use dossier::ui::state::BUNDLED_BANKS;

fn bundled_bank() -> Bank {
    let (name, source) = BUNDLED_BANKS[0];
    load_bank_str(source, std::path::Path::new(name)).expect("the bundled bank is valid")
}

/// The scheduler of a student whose exam on `bank` is `days` days after `start`.
fn with_exam(bank: &Bank, start: dossier::Timestamp, days: i64) -> Scheduler {
    let date = (start + Duration::days(days)).date_naive();
    Scheduler::new(SchedulerConfig {
        exam_dates: BTreeMap::from([(bank.id.0.clone(), date)]),
        ..SchedulerConfig::default()
    })
    .expect("valid settings")
}

/// A seeded coin, so the simulated exam is the same on every run.
fn coin(seed: u64) -> f64 {
    let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
}

/// Twenty-one evenings of study towards an exam on the 22nd day, for five simulated students: every
/// question is reviewed at least once in the last seven days (the last third), and the mean recall
/// predicted on the last evening is within 3 points of the share of questions the students then
/// remember in a simulated exam (151 questions × 5 students; one standard error is about 1 point).
#[test]
fn a_21_day_exam_date_brings_every_question_back_in_the_last_third_and_predicts_recall() {
    let bank = bundled_bank();
    let start = DateTime::parse_from_rfc3339("2026-03-02T19:00:00+01:00").expect("date");
    let scheduler = with_exam(&bank, start, 21);
    let exam_day = i64::from((start + Duration::days(21)).date_naive().num_days_from_ce());
    let (mut predicted, mut remembered, mut first_projection) = (0.0f64, 0.0f64, 0.0f64);
    let students = 5u64;
    for student in 0..students {
        let (log, _) = simulate_student(&bank, &scheduler, 21, 100 + student, start);
        let mut late: HashSet<&str> = HashSet::new();
        for record in &log {
            let day = day_index(
                dossier::study::schedule::record_time(record.at_ms, record.utc_offset_secs),
                4,
            );
            if matches!(record.event, Event::Review { .. }) && day >= exam_day - 7 && day < exam_day
            {
                late.insert(record.question.0.as_str());
            }
            assert!(day < exam_day);
        }
        let missing: Vec<&str> = bank
            .questions
            .iter()
            .map(|q| q.id.0.as_str())
            .filter(|q| !late.contains(q))
            .collect();
        assert!(
            missing.is_empty(),
            "student {student}: not reviewed in the last third: {missing:?}"
        );

        let collection = Collection::replay(&log, &scheduler);
        let last_evening = start + Duration::days(20) + Duration::hours(3);
        let outlook =
            exam_outlook(&bank, &collection, &scheduler, last_evening).expect("exam ahead");
        assert_eq!(outlook.days_left, 1);
        assert_eq!(outlook.not_started, 0);
        predicted += f64::from(outlook.recall);
        let at_start =
            exam_outlook(&bank, &Collection::default(), &scheduler, start).expect("ahead");
        first_projection += f64::from(*at_start.if_studying.last().expect("21 days"));
        assert!(
            at_start.if_studying.windows(2).all(|w| w[1] >= w[0] - 1e-6),
            "recall rises with study"
        );

        let exam_ms = scheduler.day_start_ms(exam_day, *start.offset());
        for (i, question) in bank.questions.iter().enumerate() {
            let card = collection.card(&bank.id, &question.id);
            let recall = f64::from(scheduler.retrievability(&card, exam_ms));
            if coin(student * 10_000 + i as u64) < recall {
                remembered += 1.0;
            }
        }
    }
    let questions = (bank.questions.len() as u64 * students) as f64;
    let predicted = predicted / students as f64;
    let remembered = remembered / questions;
    let first_projection = first_projection / students as f64;
    eprintln!(
        "exam in 21 days: predicted recall on the last evening {predicted:.3}, simulated exam {remembered:.3}, projected at the start {first_projection:.3}"
    );
    assert!(
        (predicted - remembered).abs() < 0.03,
        "predicted {predicted}, remembered {remembered}"
    );
}

/// A well-known question 20 days before the exam comes back in the final week, not in 100 days;
/// after the exam its interval is what it would have been without a date.
#[test]
fn before_the_exam_a_long_interval_is_moved_into_the_final_week_and_after_it_is_normal() {
    let bank = bundled_bank();
    let start = DateTime::parse_from_rfc3339("2026-03-02T19:00:00+01:00").expect("date");
    let scheduler = with_exam(&bank, start, 20);
    let free = Scheduler::new(SchedulerConfig::default()).expect("defaults");
    let question = &bank.questions[0].id;
    let card = dossier::study::CardState {
        phase: dossier::study::CardPhase::Review,
        stability: 40.0,
        difficulty: 5.0,
        last_review_ms: Some((start - Duration::days(30)).timestamp_millis()),
        reps: 4,
        ..Default::default()
    };
    let before = scheduler.next_states_in(&bank.id, question, &card, start);
    let days = before.interval_secs(dossier::study::Rating::Good) / 86_400;
    assert!((13..20).contains(&days), "before the exam: {days} days");
    let after = start + Duration::days(21);
    let normal = free.next_states_in(&bank.id, question, &card, after);
    let with_date = scheduler.next_states_in(&bank.id, question, &card, after);
    assert_eq!(normal, with_date);
    assert!(exam_outlook(&bank, &Collection::default(), &scheduler, after).is_none());
}

/// The bundled bank with `exam: Exam(questions: 5, date: …)` added, as a teacher would write it.
fn bank_with_exam_date(date: &str) -> Result<Bank, Vec<dossier::bank::diagnostic::Diagnostic>> {
    let (name, source) = BUNDLED_BANKS[0];
    let source = source.replacen(
        "    id: \"north-korea-russia\",",
        &format!(
            "    id: \"north-korea-russia\",\n    exam: Exam(questions: 5, date: \"{date}\"),"
        ),
        1,
    );
    load_bank_str(&source, std::path::Path::new(name))
}

#[test]
fn a_teachers_exam_date_in_the_bank_file_is_read_and_a_bad_one_is_pointed_at() {
    let bank = bank_with_exam_date("2026-12-21").expect("valid");
    assert_eq!(
        bank.exam_date(),
        chrono::NaiveDate::from_ymd_opt(2026, 12, 21)
    );
    let errors = bank_with_exam_date("21/12/2026").expect_err("a date the validator refuses");
    let error = errors.iter().find(|d| d.is_error()).expect("an error");
    assert!(
        error.message.contains("`21/12/2026` is not a date"),
        "{}",
        error.message
    );
    let exam_line = error
        .source()
        .lines()
        .position(|l| l.contains("exam: Exam("))
        .expect("the exam line")
        + 1;
    assert_eq!(error.line(), exam_line, "{}", error.render_plain());
    let settings = dossier::progress::Settings::default();
    let config =
        settings.scheduler_config_with([(bank.id.0.clone(), bank.exam_date().expect("date"))]);
    assert_eq!(config.exam_dates.len(), 1);
    let own = dossier::progress::Settings {
        exam_dates: BTreeMap::from([(
            bank.id.0.clone(),
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        )]),
        ..Default::default()
    };
    let config = own.scheduler_config_with([(bank.id.0.clone(), bank.exam_date().expect("date"))]);
    assert_eq!(
        config.exam_dates[&bank.id.0],
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"),
        "the student's date wins"
    );
}
