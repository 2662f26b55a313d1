//! How fast the study engine answers the UI: the next question in a 100 000-question collection with
//! 1 000 000 past reviews, grading plus scheduling one answer, and replaying the 1M-record log.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::DateTime;
use criterion::{Criterion, criterion_group, criterion_main};
use dossier::bank::Bank;
use dossier::study::grade::KnownAnswers;
use dossier::study::synthetic::synthetic_bank;
use dossier::study::{
    Collection, Event, Rating, Record, RecordId, Response, Scheduler, SchedulerConfig, Session,
    SessionFilter, grade_with,
};
use dossier::{Timestamp, stable_hash};

const QUESTIONS: usize = 100_000;
const REVIEWS_PER_QUESTION: usize = 10;
const DAY_MS: i64 = 86_400_000;

fn start() -> Timestamp {
    DateTime::parse_from_rfc3339("2025-01-01T19:00:00+01:00").unwrap()
}

/// 10 reviews per question at growing gaps over ~300 days, mostly Good, some Again and Easy.
fn history(bank: &Bank) -> Vec<Record> {
    const GAPS_DAYS: [i64; REVIEWS_PER_QUESTION] = [0, 1, 3, 7, 15, 30, 60, 120, 200, 300];
    let base = start().timestamp_millis();
    let mut log = Vec::with_capacity(QUESTIONS * REVIEWS_PER_QUESTION);
    for (round, gap) in GAPS_DAYS.iter().enumerate() {
        for (i, question) in bank.questions.iter().enumerate() {
            let at_ms = base + gap * DAY_MS + (i as i64) * 10;
            let rating = match stable_hash(&[(i % 251) as u8, round as u8]) % 10 {
                0 => Rating::Again,
                1 => Rating::Hard,
                9 => Rating::Easy,
                _ => Rating::Good,
            };
            log.push(Record {
                id: RecordId(format!("{at_ms:013x}-{i:016x}")),
                at_ms,
                utc_offset_secs: 3600,
                bank: bank.id.clone(),
                question: question.id.clone(),
                event: Event::Review {
                    rating,
                    score: 1.0,
                    answer: String::new(),
                    duration_ms: 5_000,
                    content_hash: question.content_hash,
                },
            });
        }
    }
    log
}

fn benches(c: &mut Criterion) {
    let bank = synthetic_bank(QUESTIONS);
    let scheduler = Scheduler::new(SchedulerConfig::default()).unwrap();
    let log = history(&bank);
    let collection = Collection::replay(&log, &scheduler);
    let now = start() + chrono::Duration::days(330);

    let mut group = c.benchmark_group("study");
    group.sample_size(10);
    group.bench_function("replay 1M records", |b| {
        b.iter(|| Collection::replay(black_box(&log), &scheduler));
    });
    group.bench_function("session new over 100k questions", |b| {
        b.iter(|| {
            Session::new(
                &bank,
                black_box(&collection),
                &scheduler,
                SessionFilter::default(),
                now,
            )
        });
    });
    group.finish();

    let mut group = c.benchmark_group("study");
    group.bench_function("rate and next question (100k, 1M reviews)", |b| {
        let mut working = collection.clone();
        let mut session = Session::new(&bank, &working, &scheduler, SessionFilter::default(), now);
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                if session.current().is_none() {
                    working = collection.clone();
                    session =
                        Session::new(&bank, &working, &scheduler, SessionFilter::default(), now);
                }
                let started = Instant::now();
                let record = session.rate(Rating::Good, &mut working, &scheduler, now);
                black_box(session.current());
                total += started.elapsed();
                black_box(record.unwrap());
            }
            total
        });
    });

    let known = KnownAnswers::from_bank(&bank);
    let typed = bank
        .questions
        .iter()
        .find(|q| matches!(&q.answer, dossier::bank::Answer::Typed { accept } if accept[0] == "Jens Stoltenberg"))
        .unwrap();
    let card = collection.card(&bank.id, &typed.id);
    group.bench_function("answer: grade typed answer with typo + schedule", |b| {
        let response = Response::Typed("Jens Stoltenburg".into());
        b.iter(|| {
            let verdict = grade_with(black_box(typed), &response, &known);
            let next = scheduler.next_states_for(&typed.id, &card, now);
            black_box((verdict, next))
        });
    });
    group.finish();
}

criterion_group!(study, benches);
criterion_main!(study);
