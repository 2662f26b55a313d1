//! Append + fsync latency of the progress log with 1M reviews already in it, next to a bare
//! `write + fdatasync` of the same bytes. Target: append ≤ 1.3× bare.

use std::fs::OpenOptions;
use std::io::Write;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::progress::{DataDir, Store};

#[path = "support/progress_fixture.rs"]
mod fixture;

const LOG_REVIEWS: u64 = 1_000_000;

fn log_append(c: &mut Criterion) {
    let temp = tempfile::tempdir_in(std::env::temp_dir()).expect("temp dir");
    let dir = DataDir::at(temp.path().join("data"));
    std::fs::create_dir_all(&dir.root).expect("data dir");
    fixture::write_log(&dir.log_path(), LOG_REVIEWS);
    let (mut store, _) = Store::open(&dir).expect("open store");
    let bare_path = temp.path().join("bare.jsonl");
    std::fs::copy(dir.log_path(), &bare_path).expect("copy log");
    let mut bare = OpenOptions::new()
        .append(true)
        .open(&bare_path)
        .expect("open bare");

    let mut n = LOG_REVIEWS;
    let next_line = |n: &mut u64| {
        *n += 1;
        let record = fixture::sample_review(*n);
        let mut line = serde_json::to_vec(&record).expect("encode");
        line.push(b'\n');
        (record, line)
    };

    // Percentiles, interleaving the two so both see the same disk conditions.
    let samples = 500;
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..samples {
        let (record, line) = next_line(&mut n);
        let start = Instant::now();
        store.append(record).expect("append");
        ours.push(start.elapsed().as_nanos());
        let start = Instant::now();
        bare.write_all(&line).expect("write");
        bare.sync_data().expect("fsync");
        theirs.push(start.elapsed().as_nanos());
    }
    ours.sort_unstable();
    theirs.sort_unstable();
    let p = |v: &[u128], q| fixture::percentile_us(v, q);
    println!(
        "log_append percentiles over {samples} appends to a {LOG_REVIEWS}-review log:\n  \
         Store::append      p50 {:8.1} µs  p99 {:8.1} µs\n  \
         bare write+fsync   p50 {:8.1} µs  p99 {:8.1} µs\n  \
         ratio p50 {:.2}×, p99 {:.2}×",
        p(&ours, 50),
        p(&ours, 99),
        p(&theirs, 50),
        p(&theirs, 99),
        p(&ours, 50) / p(&theirs, 50),
        p(&ours, 99) / p(&theirs, 99),
    );

    let mut group = c.benchmark_group("log_append_1m");
    group.sample_size(30);
    group.bench_function("store_append_fsync", |b| {
        b.iter(|| {
            let (record, _) = next_line(&mut n);
            store.append(record).expect("append");
        })
    });
    group.bench_function("bare_write_fsync", |b| {
        b.iter(|| {
            let (_, line) = next_line(&mut n);
            bare.write_all(&line).expect("write");
            bare.sync_data().expect("fsync");
        })
    });
    group.finish();
}

criterion_group!(benches, log_append);
criterion_main!(benches);
