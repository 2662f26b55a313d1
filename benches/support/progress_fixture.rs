// Shared by the progress benches: a log of realistic review records written straight to disk.

use std::io::{BufWriter, Write};
use std::path::Path;

use dossier::study::{Event, Rating, Record, RecordId};
use dossier::{BankId, QuestionId};

/// One review as the app would log it: ~250 bytes of JSON.
pub fn sample_review(n: u64) -> Record {
    let at_ms = 1_767_225_600_000 + i64::try_from(n).unwrap_or(0) * 9_000;
    Record {
        id: RecordId(format!(
            "{at_ms:013x}-{:016x}",
            dossier::stable_hash(&n.to_le_bytes())
        )),
        at_ms,
        utc_offset_secs: 3600,
        bank: BankId::from("north-korea-russia"),
        question: QuestionId(format!("derived/certainty/claim-{}", n % 400)),
        event: Event::Review {
            rating: Rating::ALL[usize::try_from(n % 4).unwrap_or(0)],
            score: 1.0,
            answer: "Kim Jong Un".to_owned(),
            duration_ms: 4_000 + n % 9_000,
            content_hash: dossier::stable_hash(&(n % 400).to_le_bytes()),
        },
    }
}

/// Writes `count` reviews to `path` as the log's JSON lines.
pub fn write_log(path: &Path, count: u64) {
    let file = std::fs::File::create(path).expect("create bench log");
    let mut out = BufWriter::with_capacity(1 << 20, file);
    for n in 0..count {
        serde_json::to_writer(&mut out, &sample_review(n)).expect("encode");
        out.write_all(b"\n").expect("write");
    }
    out.flush().expect("flush");
}

/// The p-th percentile (0–100) of sorted nanosecond samples, in microseconds.
#[allow(dead_code)]
pub fn percentile_us(sorted: &[u128], p: usize) -> f64 {
    let i = (sorted.len() * p / 100).min(sorted.len() - 1);
    sorted[i] as f64 / 1000.0
}
