//! How long the statistics screen's aggregation takes on a big log: `Stats::compute` over one million
//! synthetic reviews of 2,000 questions spread over two years, with some undos and resets, and the
//! same numbers read from the progress index's aggregates (what the screen does).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use dossier::study::stats::Stats;
use dossier::study::stats_index::StatsAggregates;
use dossier::study::{Event, Rating, Record, RecordId};
use dossier::{BankId, QuestionId};

const RECORDS: usize = 1_000_000;
const QUESTIONS: usize = 2_000;

fn synthetic_log() -> Vec<Record> {
    let banks = [BankId::from("north-korea-russia"), BankId::from("other")];
    let questions: Vec<QuestionId> = (0..QUESTIONS)
        .map(|i| QuestionId(format!("q-{i:05}")))
        .collect();
    let start_ms: i64 = 1_700_000_000_000;
    let span_ms: i64 = 730 * 86_400_000;
    let mut state: u64 = 0x1234_5678;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        state >> 33
    };
    let mut log = Vec::with_capacity(RECORDS);
    for i in 0..RECORDS {
        let at_ms = start_ms + (i as i64) * (span_ms / RECORDS as i64);
        let roll = next();
        let question = questions[(roll as usize) % QUESTIONS].clone();
        let bank = banks[usize::from(roll % 10 == 0)].clone();
        let event = match roll % 1000 {
            0 if i > 0 => Event::Undo {
                review: RecordId(format!("r{}", i - 1)),
            },
            1 => Event::Reset,
            _ => Event::Review {
                rating: Rating::ALL[(roll as usize / 7) % 4],
                score: 1.0,
                answer: String::new(),
                duration_ms: 4_000,
                content_hash: 0,
            },
        };
        log.push(Record {
            id: RecordId(format!("r{i}")),
            at_ms,
            utc_offset_secs: 3600,
            bank,
            question,
            event,
        });
    }
    log
}

fn compute_stats(c: &mut Criterion) {
    let log = synthetic_log();
    let today = NaiveDate::from_ymd_opt(2025, 11, 14).unwrap_or_default();
    let bank = BankId::from("north-korea-russia");
    let mut group = c.benchmark_group("stats");
    group.sample_size(10);
    group.bench_function("compute_1m_records_all_banks", |b| {
        b.iter(|| Stats::compute(black_box(&log), None, today, 4));
    });
    group.bench_function("compute_1m_records_one_bank", |b| {
        b.iter(|| Stats::compute(black_box(&log), Some(&bank), today, 4));
    });
    // What the Statistics screen does now: read the progress index's aggregates.
    let aggregates = StatsAggregates::build(&log, None, 4);
    group.bench_function("from_aggregates_of_1m_records_one_bank", |b| {
        b.iter(|| black_box(&aggregates).stats(Some(&bank), today));
    });
    group.finish();
}

criterion_group!(benches, compute_stats);
criterion_main!(benches);
