//! A finished exam's result: what the result screen shows and the `.json` and `.csv` files a teacher
//! collects (documented in `docs/exams.md`).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, Offset};
use serde::{Deserialize, Serialize};

use crate::{BankId, QuestionId, Timestamp};

/// One question of a finished exam, as shown on the result screen and written to the result file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExamItem {
    /// The question's stable id, to match results across students.
    pub question_id: QuestionId,
    /// Section heading of the question's passage.
    pub section: String,
    /// The question as asked.
    pub prompt: String,
    /// The student's answer in words; empty when unanswered.
    pub answer_text: String,
    /// Full credit (score 1).
    pub correct: bool,
    /// Credit 0..=1 (partial credit in between).
    pub score: f32,
    /// The right answer in words, from the grader.
    pub expected: String,
    /// Time spent on the question, summed over every visit.
    pub time_ms: u64,
    /// The kind of question (`multiple choice`, `true/false`, …), for the class report.
    #[serde(default)]
    pub kind: String,
    /// The options as shown, in the order shown (choice, true/false, evidence); empty for kinds whose
    /// answer is free (typed, cloze, matching, ordering). For distractor analysis.
    #[serde(default)]
    pub options: Vec<String>,
    /// Positions in `options` of the right ones.
    #[serde(default)]
    pub keys: Vec<usize>,
    /// Positions in `options` the student picked; empty when unanswered.
    #[serde(default)]
    pub chosen: Vec<usize>,
    /// Names of the actors the question is about (directly or through a claim), for the class's
    /// mastery per actor.
    #[serde(default)]
    pub actors: Vec<String>,
}

/// A finished, scored exam: what the result screen shows and what the teacher collects.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExamResult {
    /// As entered; may be empty.
    pub student_name: String,
    /// The bank the exam was drawn from.
    pub bank_id: BankId,
    /// The bank's `version`, so a teacher knows which edition of the questions was asked.
    pub bank_version: Option<String>,
    /// Milliseconds since the Unix epoch, UTC.
    pub started_ms: i64,
    /// When it ended (finished early, all answered, or at the deadline); ms since the epoch, UTC.
    pub finished_ms: i64,
    /// The student's UTC offset at the end, for showing local times and naming the file.
    pub utc_offset_secs: i32,
    /// In the order asked.
    pub items: Vec<ExamItem>,
    /// Mean score over all questions, 0..=1.
    pub score: f32,
    /// (section, mean score 0..=1, number of questions), sections in the order first asked.
    pub per_section: Vec<(String, f32, usize)>,
    /// The paper the exam was taken from (see `class::paper`); `None` for a practice exam whose
    /// questions were drawn at random.
    pub paper_id: Option<String>,
}

impl Default for ExamResult {
    fn default() -> Self {
        Self {
            student_name: String::new(),
            bank_id: BankId(String::new()),
            bank_version: None,
            started_ms: 0,
            finished_ms: 0,
            utc_offset_secs: 0,
            items: Vec::new(),
            score: 0.0,
            per_section: Vec::new(),
            paper_id: None,
        }
    }
}

/// Why a result file could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum ExamFileError {
    /// Not JSON, or not the shape of a result.
    #[error("exam result file is not valid: {0}")]
    Json(#[from] serde_json::Error),
}

/// The CSV columns, one row per question; the exam's own fields repeat on every row so a teacher can
/// paste many students' files into one sheet.
/// `score` and `time_secs` are written in full (shortest text that reads back as the same number), so totals computed
/// from the CSV files agree with the JSON ones; `paper` is empty for a practice exam; `position` is the
/// question's place in the exam (1-based); `started_ms` is the start in ms since the Unix epoch (UTC).
pub const CSV_HEADER: &str = "student,bank,bank_version,started,finished,question_id,section,prompt,answer,expected,correct,score,time_secs,paper,position,started_ms";

impl ExamResult {
    /// Local time of the end of the exam.
    pub fn finished_at(&self) -> Timestamp {
        local_time(self.finished_ms, self.utc_offset_secs)
    }

    /// The result as CSV (RFC 4180: comma-separated, fields quoted when needed, CRLF line ends), with
    /// [`CSV_HEADER`]. Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is prefixed
    /// with `'`, so a student's answer cannot run in the teacher's spreadsheet.
    pub fn to_csv(&self) -> String {
        let started = local_time(self.started_ms, self.utc_offset_secs).to_rfc3339();
        let finished = self.finished_at().to_rfc3339();
        let version = self.bank_version.clone().unwrap_or_default();
        let paper = self.paper_id.clone().unwrap_or_default();
        let started_ms = self.started_ms.to_string();
        let mut out = String::from(CSV_HEADER);
        out.push_str("\r\n");
        for (position, item) in self.items.iter().enumerate() {
            let fields = [
                self.student_name.as_str(),
                &self.bank_id.0,
                &version,
                &started,
                &finished,
                &item.question_id.0,
                &item.section,
                &item.prompt,
                &item.answer_text,
                &item.expected,
                if item.correct { "yes" } else { "no" },
                &item.score.to_string(),
                &(item.time_ms as f64 / 1000.0).to_string(),
                &paper,
                &(position + 1).to_string(),
                &started_ms,
            ];
            let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
        out
    }

    /// The result as pretty JSON; [`ExamResult::from_json`] reads it back unchanged.
    pub fn to_json(&self) -> Result<String, ExamFileError> {
        Ok(serde_json::to_string_pretty(self)?)
    }

    /// Reads a result written by [`ExamResult::to_json`]; missing fields take defaults, so files from
    /// older versions still load.
    pub fn from_json(json: &str) -> Result<Self, ExamFileError> {
        Ok(serde_json::from_str(json)?)
    }

    /// The file name stem: `exam-<bank>-<yyyymmdd-hhmmss>-<student>`, local time of the end, names
    /// reduced to letters, digits, `-` and `_` ("anonymous" when no name was entered).
    pub fn file_stem(&self) -> String {
        let student = match sanitize(&self.student_name) {
            s if s.is_empty() => "anonymous".to_owned(),
            s => s,
        };
        let bank = match sanitize(&self.bank_id.0) {
            b if b.is_empty() => "bank".to_owned(),
            b => b,
        };
        format!(
            "exam-{bank}-{}-{student}",
            self.finished_at().format("%Y%m%d-%H%M%S")
        )
    }
}

/// Writes the result as `<stem>.csv` and `<stem>.json` in `dir` (created if missing), each atomically:
/// written to a temporary file, fsynced, then renamed, so a crash leaves either the whole file or none.
/// An existing result with the same name is never overwritten: `-2`, `-3`… is appended. Returns the
/// paths of (csv, json) once both are durable.
pub fn save_result(dir: &Path, result: &ExamResult) -> io::Result<(PathBuf, PathBuf)> {
    fs::create_dir_all(dir)?;
    let json = result.to_json().map_err(io::Error::other)?;
    let csv = result.to_csv();
    let stem = result.file_stem();
    let (csv_path, json_path) = (1..10_000)
        .map(|n| match n {
            1 => stem.clone(),
            n => format!("{stem}-{n}"),
        })
        .map(|s| (dir.join(format!("{s}.csv")), dir.join(format!("{s}.json"))))
        .find(|(c, j)| !c.exists() && !j.exists())
        .ok_or_else(|| io::Error::other("no free file name"))?;
    write_atomically(&csv_path, csv.as_bytes())?;
    write_atomically(&json_path, json.as_bytes())?;
    sync_dir(dir)?;
    Ok((csv_path, json_path))
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("result path has no file name"))?;
    let tmp = path.with_file_name(format!(".{}.tmp", name.to_string_lossy()));
    let written = (|| {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

/// Makes the renames themselves durable (on Unix a directory is fsynced like a file).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
    }
    Ok(())
}

fn local_time(ms: i64, utc_offset_secs: i32) -> Timestamp {
    let offset = FixedOffset::east_opt(utc_offset_secs).unwrap_or(chrono::Utc.fix());
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&offset)
}

pub(crate) fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// Letters and digits kept (any script), everything else one `-`, at most 40 chars.
fn sanitize(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let short: String = out.chars().take(40).collect();
    short.trim_end_matches('-').to_owned()
}
