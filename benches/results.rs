//! `dossier results` over a large year: 10,000 result files of a 40-question paper (simulated students
//! on the bundled bank, written by this bench into a temporary folder), timed as a teacher runs it —
//! the release binary, reading the `.json` files — with its peak memory, and DuckDB running the SQL of
//! docs/class-results.md over the `.csv` twins of the same files, in the same run.
//!
//! Run: `CARGO_TARGET_DIR=/work/bench-target cargo bench --bench results [-- STUDENTS]`. Needs
//! `python3` with `duckdb` for the comparison (skipped, with a message, without it).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::TimeZone;
use dossier::bank::validate::load_bank_file;
use dossier::class::paper::{PaperSpec, make_paper};
use dossier::class::simulate::{ClassPlan, simulate_class};

fn main() {
    let students: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let bank = load_bank_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("quizzes/north-korea-russia.ron"),
    )
    .expect("the bundled bank loads");
    let paper = make_paper(
        &bank,
        &PaperSpec {
            questions: 40,
            sections: Vec::new(),
            seed: 2026,
            time_limit_secs: Some(2400),
            title: String::new(),
        },
    )
    .expect("a paper");
    let dir = tempfile::tempdir().expect("a temp dir");
    let made = Instant::now();
    let start = chrono::FixedOffset::east_opt(0)
        .and_then(|o| o.with_ymd_and_hms(2026, 9, 1, 8, 0, 0).single())
        .expect("a time");
    let plan = ClassPlan {
        students,
        seed: 1,
        planted: None,
        start,
    };
    let mut bytes = 0u64;
    for (i, result) in simulate_class(&bank, &paper, &plan).iter().enumerate() {
        // Plain writes: the bench measures reading, not the exam's fsyncs.
        let stem = dir.path().join(format!("exam-{i:05}"));
        let json = result.to_json().expect("json");
        let csv = result.to_csv();
        bytes += (json.len() + csv.len()) as u64;
        std::fs::write(stem.with_extension("json"), json).expect("write json");
        std::fs::write(stem.with_extension("csv"), csv).expect("write csv");
    }
    println!(
        "results/setup: {students} students × {} questions, {:.0} MB of result files written in {:.1} s",
        paper.questions.len(),
        bytes as f64 / 1e6,
        made.elapsed().as_secs_f64()
    );

    // Warm the page cache once for both readers, then take the best of three.
    let dossier = env!("CARGO_BIN_EXE_dossier");
    let mut best = Duration::MAX;
    let mut peak_kb = 0u64;
    for _ in 0..3 {
        let (elapsed, peak) = run_dossier(dossier, dir.path());
        best = best.min(elapsed);
        peak_kb = peak_kb.max(peak);
    }
    println!(
        "results/dossier: {:.3} s (best of 3), peak memory {:.0} MB",
        best.as_secs_f64(),
        peak_kb as f64 / 1024.0
    );

    match run_duckdb(dir.path()) {
        Ok(duck) => println!(
            "results/duckdb: {:.3} s (best of 3, same files as CSV); dossier / duckdb = {:.2}",
            duck.as_secs_f64(),
            best.as_secs_f64() / duck.as_secs_f64()
        ),
        Err(why) => println!("results/duckdb: skipped ({why}); scripts/test installs duckdb"),
    }
}

/// Runs `dossier results DIR --format json -o FILE`, polling its peak resident memory (VmHWM).
fn run_dossier(binary: &str, dir: &Path) -> (Duration, u64) {
    let out = dir.join("..").join("h16-bench-report.json");
    let started = Instant::now();
    let mut child = Command::new(binary)
        .arg("results")
        .arg(dir)
        .args(["--format", "json", "-o"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dossier runs");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path)
            && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
        {
            peak = peak.max(
                line.split_whitespace()
                    .nth(1)
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(0),
            );
        }
        if child.try_wait().ok().flatten().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let elapsed = started.elapsed();
    let _ = std::fs::remove_file(out);
    (elapsed, peak)
}

const DUCKDB_RUNNER: &str = r#"
import sys, time, duckdb
sql = sys.stdin.read()
best = None
for _ in range(3):
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    t = time.perf_counter()
    con.execute(sql)
    con.execute("SELECT * FROM item_stats").fetchall()
    con.execute("SELECT * FROM test_stats").fetchall()
    e = time.perf_counter() - t
    best = e if best is None else min(best, e)
print(best)
"#;

/// The documented SQL over the CSV files; seconds, best of three (inside Python, after `import`).
fn run_duckdb(dir: &Path) -> Result<Duration, String> {
    use std::io::Write;
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/class-results.md"),
    )
    .map_err(|e| format!("docs/class-results.md: {e}"))?;
    let start = page.find("```sql\n").ok_or("no sql block")? + "```sql\n".len();
    let end = start + page[start..].find("```").ok_or("sql block not closed")?;
    let sql = page[start..end].replace("results/**/*.csv", &format!("{}/*.csv", dir.display()));
    let mut child = Command::new("python3")
        .args(["-c", DUCKDB_RUNNER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("python3: {e}"))?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(sql.as_bytes())
        .map_err(|e| format!("writing the SQL: {e}"))?;
    let out = child
        .wait_with_output()
        .map_err(|e| format!("python3: {e}"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().unwrap_or("").trim();
    let secs: f64 = last.parse().map_err(|e| format!("{e}: {last}"))?;
    Ok(Duration::from_secs_f64(secs))
}
