//! The SQL of docs/class-results.md, run by DuckDB over the CSV result files, agrees with
//! `dossier results` to 1e-9 — so a school loading a year of results into DuckDB gets the same item
//! statistics as the app. Needs `python3` with the `duckdb` package, which `scripts/test` installs.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use chrono::TimeZone;
use dossier::bank::validate::load_bank_file;
use dossier::class::paper::{PaperSpec, make_paper};
use dossier::class::report::build_report;
use dossier::class::results::{WhichAttempt, group_attempts, load_results};
use dossier::class::simulate::{ClassPlan, simulate_class};
use dossier::study::exam::save_result;

use crate::class_report::{result, scored, write_small_class};

/// Runs the SQL and prints `{"items": [...], "tests": [...]}`.
const RUNNER: &str = r#"
import json, sys, duckdb
sql = sys.stdin.read()
con = duckdb.connect()
con.execute(sql)
def rows(query):
    cur = con.execute(query)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]
print(json.dumps({
    "items": rows("SELECT * FROM item_stats ORDER BY paper, bank_version, position"),
    "tests": rows("SELECT * FROM test_stats ORDER BY paper, bank_version"),
}))
"#;

/// The first ```sql block of the page: the statistics (the rest are examples).
fn documented_sql() -> String {
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/class-results.md"),
    )
    .expect("docs/class-results.md");
    let start = page.find("```sql\n").expect("an sql block") + "```sql\n".len();
    let end = start + page[start..].find("```").expect("the block ends");
    page[start..end].to_owned()
}

fn run_duckdb(sql: &str) -> serde_json::Value {
    let mut child = Command::new("python3")
        .args(["-c", RUNNER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs (scripts/test checks it is installed)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(sql.as_bytes())
        .expect("SQL written");
    let out = child.wait_with_output().expect("python3 finishes");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("No module named 'duckdb'"),
        "the duckdb Python package is missing: run scripts/test, which installs it, or `python3 -m pip install duckdb`"
    );
    assert!(out.status.success(), "DuckDB failed: {stderr}");
    serde_json::from_slice(&out.stdout).expect("JSON from the runner")
}

fn agree(what: &str, rust: Option<f64>, sql: &serde_json::Value) {
    match (rust, sql.as_f64()) {
        (None, None) => {}
        (Some(r), Some(s)) => assert!((r - s).abs() <= 1e-9, "{what}: dossier {r}, DuckDB {s}"),
        (r, _) => panic!("{what}: dossier {r:?}, DuckDB {sql}"),
    }
}

#[test]
fn the_documented_duckdb_sql_agrees_with_dossier_results_to_1e_9() {
    let dir = tempfile::tempdir().unwrap();
    // Paper 1: the small hand-computed class, plus a retake that must not count.
    write_small_class(dir.path());
    let retake = (1..=4)
        .map(|q| scored(&format!("q{q}"), "One", 1.0))
        .collect();
    save_result(dir.path(), &result("paper-1", "student 2", 30, retake)).unwrap();
    // Paper 2: thirty simulated students on the bundled bank (every kind of question, partial credit),
    // in a sub-folder, with an unnamed student.
    let bank = load_bank_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("quizzes/north-korea-russia.ron"),
    )
    .unwrap();
    let paper = make_paper(
        &bank,
        &PaperSpec {
            questions: 20,
            sections: Vec::new(),
            seed: 11,
            time_limit_secs: None,
            title: String::new(),
        },
    )
    .unwrap();
    let plan = ClassPlan {
        students: 30,
        seed: 3,
        planted: None,
        start: chrono::FixedOffset::east_opt(7200)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 30, 8, 0, 0)
            .unwrap(),
    };
    let class = dir.path().join("class-b");
    for (i, mut r) in simulate_class(&bank, &paper, &plan).into_iter().enumerate() {
        if i == 4 {
            r.student_name.clear();
        }
        save_result(&class, &r).unwrap();
    }
    let sql = documented_sql().replace(
        "results/**/*.csv",
        &format!("{}/**/*.csv", dir.path().display()),
    );
    let duck = run_duckdb(&sql);

    let (mut groups, _) = group_attempts(load_results(&[dir.path().to_path_buf()]).attempts);
    groups.sort_by(|a, b| a.key.cmp(&b.key));
    let tests = duck["tests"].as_array().unwrap();
    assert_eq!(tests.len(), groups.len(), "{duck}");
    let items = duck["items"].as_array().unwrap();
    let mut compared_items = 0;
    for (group, sql_test) in groups.iter().zip(tests) {
        let report = build_report(group, WhichAttempt::First);
        assert_eq!(sql_test["paper"], report.paper.paper_id.as_str());
        assert_eq!(sql_test["attempts"], report.test.attempts as u64);
        let t = &report.test;
        for (name, value) in [
            ("mean", t.mean),
            ("median", t.median),
            ("sd", t.sd),
            ("skewness", t.skewness),
            ("kurtosis", t.kurtosis),
            ("cic", t.cic),
            ("error_ratio", t.error_ratio),
            ("standard_error", t.standard_error),
        ] {
            agree(
                &format!("{} {name}", report.paper.paper_id),
                value,
                &sql_test[name],
            );
        }
        for item in &report.items {
            let row = items
                .iter()
                .find(|r| {
                    r["paper"] == report.paper.paper_id.as_str()
                        && r["position"] == item.position as u64
                })
                .unwrap_or_else(|| panic!("no SQL row for question {}", item.position));
            assert_eq!(row["question_id"], item.question_id.as_str());
            assert_eq!(row["attempts"], item.stats.attempts as u64);
            let what = |name: &str| format!("{} q{} {name}", report.paper.paper_id, item.position);
            agree(&what("facility"), item.stats.facility, &row["facility"]);
            agree(&what("sd"), item.stats.sd, &row["sd"]);
            agree(
                &what("discrimination_index"),
                item.stats.discrimination_index,
                &row["discrimination_index"],
            );
            agree(
                &what("discriminative_efficiency"),
                item.stats.discriminative_efficiency,
                &row["discriminative_efficiency"],
            );
            agree(
                &what("mean_time_secs"),
                Some(item.mean_time_secs),
                &row["mean_time_secs"],
            );
            compared_items += 1;
        }
    }
    assert_eq!(compared_items, 4 + 20);
}
