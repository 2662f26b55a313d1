//! Start-up on a 1M-review progress log: `Store::open` plus the card states when there is no index
//! (parse and check every line, replay, write the index) against `Store::open` from the progress index
//! (check the prefix mark, read the lines after it — none here — and decode the index). Peak memory of
//! the same two paths, each in its own process: `examples/startup_index.rs`.

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::progress::{DataDir, Settings, Store};

#[path = "support/progress_fixture.rs"]
mod fixture;

const LOG_REVIEWS: u64 = 1_000_000;

fn replay_log(c: &mut Criterion) {
    let temp = tempfile::tempdir_in(std::env::temp_dir()).expect("temp dir");
    let dir = DataDir::at(temp.path().join("data"));
    std::fs::create_dir_all(&dir.root).expect("data dir");
    fixture::write_log(&dir.log_path(), LOG_REVIEWS);
    let scheduler = Settings::default().scheduler().expect("default settings");

    let mut group = c.benchmark_group("load_1m");
    group.sample_size(10);
    group.bench_function("store_open_without_index", |b| {
        b.iter(|| {
            let _ = std::fs::remove_file(dir.snapshot_path());
            let (mut store, _) = Store::open(&dir).expect("open store");
            let _ = store.collection(&scheduler);
            assert_eq!(store.record_count(), LOG_REVIEWS);
        })
    });
    group.bench_function("store_open_from_index", |b| {
        b.iter(|| {
            let (mut store, _) = Store::open(&dir).expect("open store");
            assert!(!store.read_whole_log());
            let _ = store.collection(&scheduler);
            assert_eq!(store.record_count(), LOG_REVIEWS);
        })
    });
    group.finish();
}

criterion_group!(benches, replay_log);
criterion_main!(benches);
