//! The class report as a teacher meets it: result files in a folder, read, grouped by paper, and the
//! statistics Moodle would show, with the flags, damaged files and duplicate students handled.

use std::path::{Path, PathBuf};

use dossier::BankId;
use dossier::class::report::{ClassReport, Flag, ReportError, build_report, report_on};
use dossier::class::results::{WhichAttempt, group_attempts, load_results};
use dossier::class::stats::{item_stats, test_stats};
use dossier::study::exam::{ExamItem, ExamResult, save_result};

/// 2026-12-01T09:00:00Z.
pub const START_MS: i64 = 1_796_115_600_000;

/// A question answered with a score and a typed answer (no options).
pub fn scored(id: &str, section: &str, score: f32) -> ExamItem {
    ExamItem {
        question_id: id.into(),
        section: section.to_owned(),
        prompt: format!("What about {id}?"),
        answer_text: if score > 0.0 {
            "right".into()
        } else {
            "wrong".into()
        },
        correct: score >= 1.0,
        score,
        expected: "right".into(),
        time_ms: 20_000,
        kind: "typed".into(),
        options: Vec::new(),
        keys: Vec::new(),
        chosen: Vec::new(),
        actors: vec![format!("Actor of {section}")],
    }
}

/// A multiple-choice question with options A–D, key `key`, the student's pick `chosen`.
pub fn choice(id: &str, key: usize, chosen: Option<usize>) -> ExamItem {
    let right = chosen == Some(key);
    ExamItem {
        question_id: id.into(),
        section: "Choices".into(),
        prompt: format!("Which is {id}?"),
        answer_text: chosen.map_or(String::new(), |c| ["A", "B", "C", "D"][c].to_owned()),
        correct: right,
        score: if right { 1.0 } else { 0.0 },
        expected: ["A", "B", "C", "D"][key].to_owned(),
        time_ms: 15_000,
        kind: "multiple choice".into(),
        options: ["A", "B", "C", "D"].map(String::from).to_vec(),
        keys: vec![key],
        chosen: chosen.into_iter().collect(),
        actors: Vec::new(),
    }
}

/// A result of `paper` by `student`, started `minute` minutes after [`START_MS`].
pub fn result(paper: &str, student: &str, minute: i64, items: Vec<ExamItem>) -> ExamResult {
    let score = items.iter().map(|i| i.score).sum::<f32>() / items.len().max(1) as f32;
    ExamResult {
        student_name: student.to_owned(),
        bank_id: BankId::from("bank"),
        bank_version: Some("1".to_owned()),
        started_ms: START_MS + minute * 60_000,
        finished_ms: START_MS + minute * 60_000 + 600_000,
        utc_offset_secs: 0,
        items,
        score,
        per_section: Vec::new(),
        paper_id: Some(paper.to_owned()),
    }
}

/// The six students of the hand-computed example (rows) on four questions (columns).
pub const SMALL_CLASS: [[f32; 4]; 6] = [
    [1.0, 1.0, 1.0, 0.0],
    [1.0, 1.0, 0.0, 1.0],
    [1.0, 0.0, 0.0, 0.0],
    [0.0, 1.0, 0.0, 0.0],
    [1.0, 0.0, 1.0, 1.0],
    [0.5, 1.0, 1.0, 1.0],
];

/// Saves the small class as result files (both .json and .csv, as the app does) in `dir`.
pub fn write_small_class(dir: &Path) {
    for (s, row) in SMALL_CLASS.iter().enumerate() {
        let items = row
            .iter()
            .enumerate()
            .map(|(q, &score)| {
                scored(
                    &format!("q{}", q + 1),
                    if q < 2 { "One" } else { "Two" },
                    score,
                )
            })
            .collect();
        save_result(
            dir,
            &result("paper-1", &format!("Student {s}"), s as i64, items),
        )
        .unwrap();
    }
}

fn report(dir: &Path) -> ClassReport {
    report_on(
        load_results(&[dir.to_path_buf()]),
        None,
        WhichAttempt::First,
    )
    .unwrap()
}

fn close(actual: Option<f64>, expected: f64) {
    let actual = actual.expect("a value");
    assert!(
        (actual - expected).abs() < 1e-9,
        "expected {expected}, got {actual}"
    );
}

#[test]
fn moodle_statistics_of_a_small_class_match_the_hand_computed_values() {
    let dir = tempfile::tempdir().unwrap();
    write_small_class(dir.path());
    let report = report(dir.path());
    assert_eq!(report.test.attempts, 6);
    assert_eq!(report.test.questions, 4);
    let q = |n: usize| &report.items[n - 1].stats;

    // Question 1: marks 1,1,1,0,1,½ → facility 4.5/6 = ¾; variance Σ(x − ¾)² / 5 = 7/40.
    close(q(1).facility, 0.75);
    close(q(1).sd, (7.0f64 / 40.0).sqrt());
    // Rest of test 2,2,0,1,2,3 (mean 5/3): covariance with the marks is exactly 0, so both
    // discrimination figures are 0.
    close(q(1).discrimination_index, 0.0);
    close(q(1).discriminative_efficiency, 0.0);

    // Question 2: marks 1,1,0,1,0,1 (facility ⅔, variance 4/15); rest 2,2,1,0,3,2.5 (variance 47/40);
    // covariance −1/10; sorted covariance 1/2.
    close(q(2).facility, 2.0 / 3.0);
    close(q(2).sd, (4.0f64 / 15.0).sqrt());
    close(
        q(2).discrimination_index,
        100.0 * -0.1 / (4.0f64 / 15.0 * 47.0 / 40.0).sqrt(),
    );
    close(q(2).discriminative_efficiency, 100.0 * -0.1 / 0.5);

    // Questions 3 and 4: marks with variance 3/10, rest variance 77/120, covariance 3/20, sorted
    // covariance 7/20.
    for n in [3, 4] {
        close(q(n).facility, 0.5);
        close(
            q(n).discrimination_index,
            100.0 * 0.15 / (0.3f64 * 77.0 / 120.0).sqrt(),
        );
        close(q(n).discriminative_efficiency, 100.0 * 0.15 / 0.35);
    }

    // Totals 3,3,1,1,3,3.5 of 4: mean 14.5/6 marks = 60.41…6 %, median (3 + 3)/2 = 75 %.
    let t = &report.test;
    close(t.mean, 100.0 * 14.5 / 6.0 / 4.0);
    close(t.median, 75.0);
    // k2 = 149/120 (the sample variance in marks), k3 = −55/48, k4 = −1339/480.
    let k2 = 149.0f64 / 120.0;
    close(t.sd, k2.sqrt() * 25.0);
    close(t.skewness, (-55.0 / 48.0) / k2.powf(1.5));
    close(t.kurtosis, (-1339.0 / 480.0) / (k2 * k2));
    // α = P/(P−1) (1 − Σ item variances / k2) with Σ = 7/40 + 4/15 + 3/10 + 3/10 = 25/24.
    let cic = 100.0 * 4.0 / 3.0 * (1.0 - (25.0 / 24.0) / k2);
    close(t.cic, cic);
    let error_ratio = 100.0 * (1.0 - cic / 100.0).sqrt();
    close(t.error_ratio, error_ratio);
    close(t.standard_error, error_ratio * k2.sqrt() * 25.0 / 100.0);

    // Mastery: section One is questions 1–2 (¾ and ⅔), Two is 3–4 (½ each).
    let one = report.sections.iter().find(|m| m.name == "One").unwrap();
    assert!((one.mastery - (0.75 + 2.0 / 3.0) / 2.0).abs() < 1e-12);
    let two_actor = report
        .actors
        .iter()
        .find(|m| m.name == "Actor of Two")
        .unwrap();
    assert!((two_actor.mastery - 0.5).abs() < 1e-12);
    assert_eq!(report.histogram.iter().sum::<usize>(), 6);
    assert_eq!(report.histogram[2], 2, "two students at 25 %");
    assert_eq!(report.histogram[7], 3, "three at 75 %");
    assert_eq!(report.histogram[8], 1, "one at 87.5 %");
}

#[test]
fn a_single_attempt_or_a_constant_question_leaves_undefined_figures_empty() {
    let one = item_stats(&[vec![1.0, 0.0]], 0);
    assert_eq!(one.facility, Some(1.0));
    assert_eq!((one.sd, one.discrimination_index), (None, None));
    let test = test_stats(&[vec![1.0], vec![1.0], vec![1.0]], 1, &[Some(0.0)]);
    assert_eq!(test.mean, Some(100.0));
    assert_eq!(test.skewness, None, "no spread, no skewness");
    assert_eq!(test.cic, None);
}

/// Nine students. Sixteen filler questions (two for each k = 1..8, right when s < k) make the totals
/// fall with s: 19, 16, 15, 12, 12, 7, 7, 4, 3 with the five questions under test, so the top third is
/// s0–s2 and the bottom third s6–s8 (ties keep the order of the attempts).
fn flagged_class(dir: &Path) {
    for s in 0..9usize {
        let strong = s < 3;
        let weak = s >= 6;
        let mut items = vec![
            // Everyone right: too easy.
            choice("easy", 0, Some(0)),
            // Nobody right: too hard.
            choice("hard", 0, Some(1 + s % 3)),
            // Weak students right, strong ones pick B: negative, and B beats the key in the top third.
            choice(
                "miskeyed",
                0,
                Some(if strong {
                    1
                } else if weak {
                    0
                } else {
                    s % 2
                }),
            ),
            // A good question: the stronger the student, the more likely right; D never chosen.
            choice("good", 0, Some(if s < 5 { 0 } else { 1 + s % 2 })),
            // Right or wrong independently of strength: does not discriminate.
            choice("coin", 2, Some(if s % 2 == 0 { 2 } else { 1 })),
        ];
        for k in 1..=8 {
            for r in 0..2 {
                items.push(scored(
                    &format!("f{k}{r}"),
                    "F",
                    if s < k { 1.0 } else { 0.0 },
                ));
            }
        }
        save_result(dir, &result("flags", &format!("S{s}"), s as i64, items)).unwrap();
    }
}

fn flags_of<'a>(report: &'a ClassReport, id: &str) -> &'a [Flag] {
    &report
        .items
        .iter()
        .find(|i| i.question_id == id)
        .unwrap()
        .flags
}

#[test]
fn every_flag_is_raised_on_the_question_that_deserves_it() {
    let dir = tempfile::tempdir().unwrap();
    flagged_class(dir.path());
    let report = report(dir.path());
    assert_eq!(report.third_size, 3);
    assert!(flags_of(&report, "easy").contains(&Flag::TooEasy));
    assert!(flags_of(&report, "hard").contains(&Flag::TooHard));
    let miskeyed = flags_of(&report, "miskeyed");
    assert!(
        miskeyed.contains(&Flag::DiscriminatesNegatively),
        "{miskeyed:?}"
    );
    assert!(miskeyed.contains(&Flag::DistractorBeatsKey { option: "B".into() }));
    assert!(flags_of(&report, "coin").contains(&Flag::DoesNotDiscriminate));
    let good = flags_of(&report, "good");
    assert_eq!(
        good,
        &[Flag::UnchosenDistractor { option: "D".into() }],
        "a good question is only told about its unused option"
    );
    // Distractor analysis: B of the miskeyed question, by the top and bottom thirds.
    let item = report
        .items
        .iter()
        .find(|i| i.question_id == "miskeyed")
        .unwrap();
    let b = item.responses.iter().find(|r| r.response == "B").unwrap();
    assert_eq!((b.count, b.top_third, b.bottom_third), (5, 3, 0));
    let a = item.responses.iter().find(|r| r.response == "A").unwrap();
    assert!(a.is_key);
    assert_eq!((a.count, a.top_third, a.bottom_third), (4, 0, 3));
    // The table and HTML say it in words.
    let table = dossier::class::format::to_table(&report);
    assert!(table.contains("discriminates negatively"), "{table}");
    let html = dossier::class::html::to_html(&report);
    assert!(html.contains("top third chose &quot;B&quot; over the key"));
    assert!(html.contains("<svg"));
}

#[test]
fn damaged_files_are_named_and_skipped_and_the_rest_reported() {
    let dir = tempfile::tempdir().unwrap();
    write_small_class(dir.path());
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    let good = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    let text = std::fs::read_to_string(&good).unwrap();
    write("cut-short.json", &text[..text.len() / 2]);
    write("notes.json", "these are my notes");
    write("empty.json", "{}");
    write(
        "bad-score.json",
        &text.replacen("\"score\": 1.0", "\"score\": 1.7", 1),
    );
    write("lonely.csv", "student,bank\r\n");
    let report = report(dir.path());
    assert_eq!(
        report.test.attempts, 6,
        "the six good files are still reported"
    );
    let reason = |name: &str| {
        report
            .skipped
            .iter()
            .find(|s| s.path.file_name().is_some_and(|n| n == name))
            .map(|s| s.reason.clone())
            .unwrap_or_else(|| panic!("{name} not listed as skipped: {:?}", report.skipped))
    };
    assert!(reason("cut-short.json").contains("cut short"));
    assert!(reason("notes.json").contains("not a valid result file"));
    assert!(reason("empty.json").contains("no answered exam"));
    assert!(reason("bad-score.json").contains("1.7, not between 0 and 1"));
    assert!(reason("lonely.csv").contains(".json twin"));
    assert_eq!(
        report.skipped.len(),
        5,
        "the .csv twins of good files are not complaints"
    );
}

#[test]
fn the_same_student_twice_counts_once_the_first_attempt_unless_asked_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    write_small_class(dir.path());
    // Student 2 (0 % on the paper's first question row [1,0,0,0]) retakes it later with full marks,
    // spelled with other case and spacing.
    let retake = (1..=4)
        .map(|q| scored(&format!("q{q}"), "One", 1.0))
        .collect();
    save_result(dir.path(), &result("paper-1", "  student   2 ", 30, retake)).unwrap();
    let first = report(dir.path());
    assert_eq!(first.test.attempts, 6);
    assert_eq!(first.duplicates.len(), 1);
    assert_eq!(first.duplicates[0].student, "Student 2");
    close(first.test.mean, 100.0 * 14.5 / 24.0);

    let loaded = load_results(&[dir.path().to_path_buf()]);
    let last = report_on(loaded.clone(), None, WhichAttempt::Last).unwrap();
    assert_eq!(last.test.attempts, 6);
    close(last.test.mean, 100.0 * 17.5 / 24.0);
    let all = report_on(loaded, None, WhichAttempt::All).unwrap();
    assert_eq!(all.test.attempts, 7);
    assert!(all.duplicates.is_empty());
}

#[test]
fn results_of_other_papers_bank_versions_or_practice_exams_are_never_mixed_in() {
    let dir = tempfile::tempdir().unwrap();
    write_small_class(dir.path());
    let items = || vec![scored("x1", "S", 1.0), scored("x2", "S", 0.0)];
    save_result(dir.path(), &result("paper-2", "Other class", 0, items())).unwrap();
    let mut practice = result("", "Practising", 0, items());
    practice.paper_id = None;
    save_result(dir.path(), &practice).unwrap();

    let loaded = || load_results(&[dir.path().to_path_buf()]);
    match report_on(loaded(), None, WhichAttempt::First) {
        Err(ReportError::SeveralPapers { found }) => {
            assert_eq!(found.len(), 2);
            assert_eq!((found[0].0.paper_id.as_str(), found[0].1), ("paper-1", 6));
        }
        other => panic!("expected a choice of papers, got {other:?}"),
    }
    let report = report_on(loaded(), Some("paper-1"), WhichAttempt::First).unwrap();
    assert_eq!(report.test.attempts, 6);
    assert_eq!(report.other_papers.len(), 1);
    assert!(
        report
            .skipped
            .iter()
            .any(|s| s.reason.contains("practice exam")),
        "{:?}",
        report.skipped
    );

    // The same paper id from another edition of the bank forms its own group.
    let mut newer = result(
        "paper-1",
        "Late student",
        40,
        (1..=4)
            .map(|q| scored(&format!("q{q}"), "One", 1.0))
            .collect(),
    );
    newer.bank_version = Some("2".to_owned());
    save_result(dir.path(), &newer).unwrap();
    let (groups, _) = group_attempts(loaded().attempts);
    assert_eq!(groups.len(), 3);
    assert!(matches!(
        report_on(loaded(), Some("paper-1"), WhichAttempt::First),
        Err(ReportError::SeveralBankVersions { .. })
    ));
    let group = groups
        .iter()
        .find(|g| g.key.bank_version.as_deref() == Some("2"))
        .unwrap();
    assert_eq!(build_report(group, WhichAttempt::First).test.attempts, 1);
}

#[test]
fn pseudonyms_replace_every_name_and_stay_the_same_between_exports() {
    let dir = tempfile::tempdir().unwrap();
    write_small_class(dir.path());
    let report = report(dir.path());
    let once = report.pseudonymised();
    let again = report.pseudonymised();
    assert_eq!(once.students, again.students);
    let json = dossier::class::format::to_json(&once);
    let html = dossier::class::html::to_html(&once);
    for s in &report.students {
        assert!(
            !json.contains(&s.student),
            "{} leaked into the JSON",
            s.student
        );
        assert!(
            !html.contains(&s.student),
            "{} leaked into the HTML",
            s.student
        );
    }
    assert!(
        once.students
            .iter()
            .all(|s| s.student.starts_with("Student-"))
    );
}

/// The path of the built binary, for the CLI tests.
pub fn dossier() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
}

#[test]
fn dossier_results_prints_the_report_and_writes_csv_json_and_html() {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("results");
    write_small_class(&results);
    std::fs::write(results.join("broken.json"), "{").unwrap();
    let out = dossier().arg("results").arg(&results).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("Coefficient of internal consistency"),
        "{table}"
    );
    assert!(table.contains("21.5 %"), "α of the small class: {table}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken.json"));
    for (format, needle) in [
        ("csv", "facility,sd,"),
        ("json", "\"cic\""),
        ("html", "<svg"),
    ] {
        let file: PathBuf = dir.path().join(format!("report.{format}"));
        let out = dossier()
            .args(["results", "--format", format, "-o"])
            .arg(&file)
            .arg(&results)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(std::fs::read_to_string(&file).unwrap().contains(needle));
    }
    let nothing = dossier()
        .arg("results")
        .arg(dir.path().join("nowhere"))
        .output()
        .unwrap();
    assert!(!nothing.status.success());
    assert!(String::from_utf8_lossy(&nothing.stderr).contains("no such file or folder"));
}
