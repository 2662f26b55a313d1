//! How much validation costs on top of parsing: a generated 100 000-question bank, loaded with full
//! validation (`check_bank_str`) and with a bare `ron` parse of the same bytes into `RawBank`.
//! Target: validation adds at most 50 % to the bare parse.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::bank::raw::RawBank;
use dossier::bank::validate::{Limits, check_bank_str};

const QUESTIONS: usize = 100_000;
const PASSAGES: usize = 200;

/// A bank shaped like a real one, only bigger: every answer kind, quotes, about-links, explanations.
fn generate_bank() -> String {
    let mut s = String::with_capacity(40 * 1024 * 1024);
    s.push_str("Bank(\n    id: \"bench\",\n    title: \"Benchmark bank\",\n    source: \"generated\",\n    derived_questions: false,\n    passages: [\n");
    for p in 0..PASSAGES {
        let _ = writeln!(
            s,
            "        Passage(id: \"p{p}\", section: \"Section {}\", text: \"Reports suggest that actor {p} has committed to supplying critical equipment, including shells and rockets. This move is seen as a lifeline for the other side, which is short of supplies. In return, the other side is rumored to be offering “advanced technology” to bolster its partner {p}.\"),",
            p / 10
        );
    }
    s.push_str("    ],\n    actors: [\n");
    for p in 0..PASSAGES {
        let _ = writeln!(
            s,
            "        Actor(id: \"a{p}\", name: \"Actor {p}\", role: \"Supplies equipment\", passages: [\"p{p}\"]),"
        );
    }
    s.push_str("    ],\n    claims: [\n");
    for p in 0..PASSAGES {
        let _ = writeln!(
            s,
            "        Claim(id: \"c{p}\", statement: \"Actor {p} supplies shells.\", by: \"a{p}\", about: [\"a{p}\"], certainty: Reported, passage: \"p{p}\", quote: \"Reports suggest that actor {p}\"),"
        );
    }
    s.push_str("    ],\n    questions: [\n");
    for q in 0..QUESTIONS {
        let p = q % PASSAGES;
        let answer = match q % 8 {
            0 => format!("Choice(correct: [\"Shells and rockets {q}\"], wrong: [\"Jets\", \"Oil\", \"Food\"])"),
            1 => "TrueFalse(answer: false)".to_owned(),
            2 => format!("Typed(accept: [\"actor {p}\", \"Actor {p}\"])"),
            3 => "Cloze(text: \"This move is seen as a {lifeline|life line} for the {other side}.\")".to_owned(),
            4 => "Matching(pairs: [(\"supplier\", \"shells\"), (\"receiver\", \"technology\")])".to_owned(),
            5 => "Ordering(items: [\"shells\", \"lifeline\", \"technology\"])".to_owned(),
            6 => "Flashcard(back: \"The other side is short of supplies.\")".to_owned(),
            _ => "Evidence(statement: \"The partner gets something back.\", evidence: \"rumored to be offering\")".to_owned(),
        };
        let _ = writeln!(
            s,
            "        Question(id: \"q{q}\", prompt: \"What does actor {p} supply according to reports (question {q})?\", passage: \"p{p}\", quote: \"including shells and rockets\", explanation: \"Reports suggest shells and rockets.\", about: [\"c{p}\"], answer: {answer}),"
        );
    }
    s.push_str("    ],\n)\n");
    s
}

fn limits() -> Limits {
    Limits {
        max_file_bytes: 256 * 1024 * 1024,
        ..Limits::default()
    }
}

fn bare_parse(source: &str) -> RawBank {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(source)
        .expect("generated bank parses")
}

fn validate(source: &str) -> usize {
    let checked = check_bank_str(source, Path::new("bench.ron"), &limits());
    checked
        .bank
        .expect("generated bank is valid")
        .questions
        .len()
}

fn load_bank(c: &mut Criterion) {
    let source = generate_bank();
    assert_eq!(validate(&source), QUESTIONS);
    println!(
        "generated bank: {QUESTIONS} questions, {:.1} MiB",
        source.len() as f64 / (1024.0 * 1024.0)
    );
    let mut group = c.benchmark_group("load_bank_100k");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("bare ron parse", |b| {
        b.iter(|| black_box(bare_parse(black_box(&source))))
    });
    group.bench_function("full validation", |b| {
        b.iter(|| black_box(validate(black_box(&source))))
    });
    group.finish();

    // Criterion reports each on its own; the ratio is what the target is about. Timing the two
    // alternately and taking the median of the per-pair ratios cancels the slow drifts of a shared
    // machine that make two separately measured means disagree.
    let time = |f: &dyn Fn()| {
        let start = Instant::now();
        f();
        start.elapsed().as_secs_f64()
    };
    let (mut bare, mut full, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..11 {
        let b = time(&|| drop(black_box(bare_parse(&source))));
        let f = time(&|| {
            black_box(validate(&source));
        });
        bare.push(b);
        full.push(f);
        ratios.push(f / b);
    }
    for list in [&mut bare, &mut full, &mut ratios] {
        list.sort_by(f64::total_cmp);
    }
    println!(
        "alternating runs (medians of 11): bare parse {:.0} ms, full validation {:.0} ms; \
         validation adds {:.0} % (target ≤ 50 %)",
        bare[5] * 1000.0,
        full[5] * 1000.0,
        (ratios[5] - 1.0) * 100.0
    );
}

criterion_group!(benches, load_bank);
criterion_main!(benches);
