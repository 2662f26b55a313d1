//! Interchange speed: importing a generated 10 000-question GIFT file (every GIFT kind, feedback,
//! categories) and exporting the bundled bank to each format. Target: ≤ 1 s for the 10 000 questions.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::interchange::export::{ExportFormat, export};
use dossier::interchange::{ImportOptions, import_str};

fn generate_gift(questions: usize) -> String {
    let mut s = String::with_capacity(questions * 120);
    for i in 0..questions {
        if i % 500 == 0 {
            let _ = writeln!(s, "$CATEGORY: $course$/top/Unit {}\n", i / 500);
        }
        let _ = match i % 6 {
            0 => writeln!(
                s,
                "::q{i}::Which city is capital number {i}? {{=Lisbon#Right. ~Porto ~Coimbra#No. ####Since 1255.}}\n"
            ),
            1 => writeln!(s, "::q{i}::Statement {i} is true.{{TRUE#No#Yes}}\n"),
            2 => writeln!(
                s,
                "::q{i}::Which river flows through city {i}? {{=Danube =%50%Donau =the Danube}}\n"
            ),
            3 => writeln!(
                s,
                "::q{i}::Match pair {i}. {{=a{i} -> b =c{i} -> d =e{i} -> f}}\n"
            ),
            4 => writeln!(s, "::q{i}::In which year, {i}? {{#=1822:5 =%50%1822:10}}\n"),
            _ => writeln!(
                s,
                "The river {i} flows through {{=Paris =paris}} before the sea.\n"
            ),
        };
    }
    s
}

fn bench(c: &mut Criterion) {
    let gift = generate_gift(10_000);
    let source: std::sync::Arc<str> = gift.into();
    let mut group = c.benchmark_group("interchange");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    group.bench_function("import_gift_10000", |b| {
        b.iter(|| {
            let import = import_str(
                Path::new("bench.gift"),
                source.clone(),
                &ImportOptions::default(),
            );
            assert_eq!(import.questions.len(), 10_000);
            black_box(import)
        })
    });
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("quizzes/north-korea-russia.ron");
    let bank = dossier::bank::validate::load_bank_file(&path).expect("bundled bank is valid");
    for format in ExportFormat::ALL {
        group.bench_function(format!("export_bundled_{format:?}"), |b| {
            b.iter(|| black_box(export(&bank, format)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
