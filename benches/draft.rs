//! Drafting a bank from an article (`dossier new`): an 800-word news article (the first 800 words of the
//! bundled one) and a 20,000-word text (the bundled article 25 times over, under numbered headings).
//! Targets: at most 20 ms and at most 1 s.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::author::{ArticleFormat, DraftOptions, draft_from_text};

const ARTICLE: &str = include_str!("../quizzes/north-korea-russia.txt");

/// The first `words` words of the article, keeping its line structure.
fn first_words(words: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for line in ARTICLE.lines() {
        let n = line.split_whitespace().count();
        if count + n > words {
            break;
        }
        count += n;
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn long_text() -> String {
    let mut out = String::new();
    for part in 1..=25 {
        out.push_str(&format!("Part {part}\n"));
        out.push_str(ARTICLE);
        out.push('\n');
    }
    out
}

fn bench(c: &mut Criterion) {
    let article = first_words(800);
    let long = long_text();
    let options = DraftOptions::default();
    let mut group = c.benchmark_group("draft");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    group.bench_function("800-word article", |b| {
        b.iter(|| {
            draft_from_text(
                black_box(&article),
                Some(ArticleFormat::Text),
                "bench",
                &options,
            )
        })
    });
    group.bench_function("20,000-word text", |b| {
        b.iter(|| {
            draft_from_text(
                black_box(&long),
                Some(ArticleFormat::Text),
                "bench",
                &options,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
