//! Finding the questions a teacher changed since they were last answered, for a library of 100 banks
//! × 1,000 questions and 1,000,000 reviews (issue #19): one pass over the records for every bank
//! (`LastContentHashes`, what the app does) against one scan of the records per bank (what it did).

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::bank::{Answer, Bank, Origin, Question, QuestionIndex};
use dossier::progress::changes::{LastContentHashes, changed_questions};
use dossier::study::{Event, Rating, Record, RecordId};
use dossier::{BankId, QuestionId};

const BANKS: usize = 100;
const QUESTIONS: usize = 1_000;
const REVIEWS: usize = 1_000_000;

fn bank(b: usize) -> Bank {
    let questions: Vec<Question> = (0..QUESTIONS)
        .map(|q| Question {
            id: QuestionId(format!("q{q}")),
            prompt: String::new(),
            passage: "p".into(),
            quote: None,
            explanation: String::new(),
            about: Vec::new(),
            tags: Vec::new(),
            answer: Answer::TrueFalse { answer: true },
            origin: Origin::Authored,
            review: false,
            // Every tenth question was edited since it was answered.
            content_hash: if q % 10 == 0 { 2 } else { 1 },
        })
        .collect();
    Bank {
        id: BankId(format!("bank-{b}")),
        title: String::new(),
        source: String::new(),
        language: "en".into(),
        authors: Vec::new(),
        version: None,
        path: None,
        exam: None,
        passages: Vec::new(),
        actors: Vec::new(),
        claims: Vec::new(),
        implications: Vec::new(),
        responses: Vec::new(),
        question_index: QuestionIndex::of(&questions),
        questions,
    }
}

fn records() -> Vec<Record> {
    (0..REVIEWS)
        .map(|n| Record {
            id: RecordId(format!("{n:016x}")),
            at_ms: 1_767_225_600_000 + n as i64 * 9_000,
            utc_offset_secs: 0,
            bank: BankId(format!("bank-{}", n % BANKS)),
            question: QuestionId(format!("q{}", (n / BANKS) % QUESTIONS)),
            event: Event::Review {
                rating: Rating::Good,
                score: 1.0,
                answer: String::new(),
                duration_ms: 4_000,
                content_hash: 1,
            },
        })
        .collect()
}

fn changed(c: &mut Criterion) {
    let banks: Vec<Bank> = (0..BANKS).map(bank).collect();
    let records = records();
    let mut group = c.benchmark_group("changed_questions_100_banks_1m_reviews");
    group.sample_size(10);
    group.bench_function("one_pass_for_all_banks", |b| {
        b.iter(|| {
            let hashes = LastContentHashes::of(&records);
            let changed: usize = banks.iter().map(|bank| hashes.changed_in(bank).len()).sum();
            assert_eq!(changed, BANKS * QUESTIONS / 10);
        })
    });
    group.bench_function("one_scan_per_bank", |b| {
        b.iter(|| {
            let changed: usize = banks
                .iter()
                .take(10)
                .map(|bank| changed_questions(&records, bank).len())
                .sum();
            assert_eq!(changed, 10 * QUESTIONS / 10);
        })
    });
    group.finish();
}

criterion_group!(benches, changed);
criterion_main!(benches);
