//! The class report as text for the terminal, as CSV (one row per question) and as JSON.

use std::fmt::Write as _;

use super::report::ClassReport;
use crate::study::exam::csv_field;

fn percent(value: Option<f64>) -> String {
    value.map_or("—".to_owned(), |v| format!("{v:.1} %"))
}

fn fraction_percent(value: Option<f64>) -> String {
    percent(value.map(|v| v * 100.0))
}

fn number(value: Option<f64>) -> String {
    value.map_or("—".to_owned(), |v| format!("{v:.2}"))
}

/// The report as plain text: the test, every question with its flags, distractors of flagged
/// questions, mastery, students, and what was skipped.
pub fn to_table(report: &ClassReport) -> String {
    let mut out = String::new();
    let t = &report.test;
    let _ = writeln!(out, "Class report — {}", report.paper);
    let _ = writeln!(
        out,
        "{} students, {} questions (first attempt per student unless chosen otherwise)",
        t.attempts, t.questions
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "Test");
    for (name, value) in [
        ("Mean", percent(t.mean)),
        ("Median", percent(t.median)),
        ("Standard deviation", percent(t.sd)),
        ("Skewness", number(t.skewness)),
        ("Kurtosis", number(t.kurtosis)),
        ("Coefficient of internal consistency (α)", percent(t.cic)),
        ("Error ratio", percent(t.error_ratio)),
        ("Standard error", percent(t.standard_error)),
    ] {
        let _ = writeln!(out, "  {name:<42} {value}");
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:>3}  {:<28} {:>9} {:>8} {:>8} {:>8} {:>7}  Flags",
        "#", "Question", "Facility", "SD", "Discr.", "Effic.", "Time"
    );
    for item in &report.items {
        let id: String = item.question_id.chars().take(28).collect();
        let flags: Vec<String> = item.flags.iter().map(|f| f.short()).collect();
        let _ = writeln!(
            out,
            "{:>3}  {:<28} {:>9} {:>8} {:>8} {:>8} {:>6.0}s  {}",
            item.position,
            id,
            fraction_percent(item.stats.facility),
            fraction_percent(item.stats.sd),
            percent(item.stats.discrimination_index),
            percent(item.stats.discriminative_efficiency),
            item.mean_time_secs,
            flags.join("; ")
        );
    }
    let flagged: Vec<_> = report.flagged().collect();
    if !flagged.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "Responses to flagged questions (all / top {n} / bottom {n})",
            n = report.third_size
        );
        for item in flagged {
            let _ = writeln!(out, "  {}. {}", item.position, item.prompt);
            for r in item.responses.iter().take(12) {
                let _ = writeln!(
                    out,
                    "     {} {:<50} {:>3} / {:>3} / {:>3}",
                    if r.is_key { "✔" } else { " " },
                    r.response.chars().take(50).collect::<String>(),
                    r.count,
                    r.top_third,
                    r.bottom_third
                );
            }
        }
    }
    for (title, rows) in [
        ("Mastery by section", &report.sections),
        ("Mastery by actor", &report.actors),
    ] {
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "{title}");
        for m in rows {
            let _ = writeln!(
                out,
                "  {:<42} {:>6.1} %  ({} question{})",
                m.name,
                m.mastery * 100.0,
                m.questions,
                if m.questions == 1 { "" } else { "s" }
            );
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "Students");
    for s in &report.students {
        let name = if s.student.is_empty() {
            "(no name)"
        } else {
            &s.student
        };
        let _ = writeln!(
            out,
            "  {:<42} {:>6.1} %  {:>5.0}s",
            name, s.score_percent, s.time_secs
        );
    }
    for d in &report.duplicates {
        let _ = writeln!(
            out,
            "  note: {} handed in {} attempts; counted {}",
            d.student,
            d.ignored.len() + 1,
            d.kept.display()
        );
    }
    if report.unnamed > 0 {
        let _ = writeln!(
            out,
            "  note: {} result(s) carry no student name; each counts as a different student",
            report.unnamed
        );
    }
    for (key, n) in &report.other_papers {
        let _ = writeln!(out, "Not included: {n} result(s) of {key} (use --paper)");
    }
    for s in &report.skipped {
        let _ = writeln!(out, "Skipped {}: {}", s.path.display(), s.reason);
    }
    out
}

/// The CSV columns of [`to_csv`].
pub const REPORT_CSV_HEADER: &str = "paper,bank,bank_version,position,question_id,section,kind,prompt,attempts,facility,sd,discrimination_index,discriminative_efficiency,mean_time_secs,flags";

/// One row per question with its statistics (facility and SD as fractions 0..=1, the indices in %,
/// empty where undefined) and its flags separated by `; `.
pub fn to_csv(report: &ClassReport) -> String {
    let mut out = String::from(REPORT_CSV_HEADER);
    out.push_str("\r\n");
    let opt = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    for item in &report.items {
        let flags: Vec<String> = item.flags.iter().map(|f| f.short()).collect();
        let fields = [
            report.paper.paper_id.clone(),
            report.paper.bank_id.clone(),
            report.paper.bank_version.clone().unwrap_or_default(),
            item.position.to_string(),
            item.question_id.clone(),
            item.section.clone(),
            item.kind.clone(),
            item.prompt.clone(),
            item.stats.attempts.to_string(),
            opt(item.stats.facility),
            opt(item.stats.sd),
            opt(item.stats.discrimination_index),
            opt(item.stats.discriminative_efficiency),
            item.mean_time_secs.to_string(),
            flags.join("; "),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The whole report as pretty JSON (every number in full precision; `null` where undefined).
pub fn to_json(report: &ClassReport) -> String {
    serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
