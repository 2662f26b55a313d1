//! Cold load of a 1M-review progress log (open, lock, parse and check every line) and load of the
//! derived state from its snapshot (check the snapshot against the log's mark, decode). Target: load
//! from snapshot < 300 ms.

use std::collections::BTreeMap;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::progress::snapshot::{self, LogMark, SnapshotLoad};
use dossier::progress::{DataDir, Store};
use serde::{Deserialize, Serialize};

#[path = "support/progress_fixture.rs"]
mod fixture;

const LOG_REVIEWS: u64 = 1_000_000;

/// Stands in for the study engine's per-question card state until its `Collection` is merged.
#[derive(Serialize, Deserialize)]
struct CardLike {
    stability: f32,
    difficulty: f32,
    due_ms: i64,
    last_review_ms: i64,
    reps: u32,
    lapses: u32,
}

fn replay_log(c: &mut Criterion) {
    let temp = tempfile::tempdir_in(std::env::temp_dir()).expect("temp dir");
    let dir = DataDir::at(temp.path().join("data"));
    std::fs::create_dir_all(&dir.root).expect("data dir");
    fixture::write_log(&dir.log_path(), LOG_REVIEWS);

    let (store, _) = Store::open(&dir).expect("open store");
    let state: BTreeMap<String, CardLike> = store
        .records()
        .iter()
        .map(|r| {
            (
                format!("{}/{}", r.bank, r.question),
                CardLike {
                    stability: 12.5,
                    difficulty: 5.1,
                    due_ms: r.at_ms + 86_400_000,
                    last_review_ms: r.at_ms,
                    reps: 9,
                    lapses: 1,
                },
            )
        })
        .collect();
    store.save_snapshot(&state).expect("snapshot");
    drop(store);

    let mut group = c.benchmark_group("load_1m");
    group.sample_size(10);
    group.bench_function("store_open_full_log", |b| {
        b.iter(|| {
            let (store, _) = Store::open(&dir).expect("open store");
            assert_eq!(store.records().len() as u64, LOG_REVIEWS);
        })
    });
    group.bench_function("snapshot_checked_against_log", |b| {
        b.iter(|| {
            let mark = LogMark::of_log(&dir.log_path()).expect("mark");
            match snapshot::load::<BTreeMap<String, CardLike>>(&dir.snapshot_path(), &mark, None) {
                SnapshotLoad::Fresh(state) => assert_eq!(state.len(), 400),
                _ => panic!("snapshot should match the log"),
            }
        })
    });
    group.finish();
}

criterion_group!(benches, replay_log);
criterion_main!(benches);
