//! "Report a problem with this question": the student's notes for the teacher, kept in the data dir
//! (`problem-reports.json`, written atomically) and exported as a spreadsheet with the exam results.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{ProgressError, write_atomically};
use crate::{BankId, QuestionId};

/// The file name in the data dir.
pub const REPORTS_FILE: &str = "problem-reports.json";

/// The file name of the spreadsheet written beside exported results.
pub const REPORTS_CSV: &str = "problem-reports.csv";

/// One note about one question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProblemReport {
    /// When it was written: milliseconds since the Unix epoch, UTC.
    pub at_ms: i64,
    pub bank: BankId,
    pub question: QuestionId,
    /// The question's prompt then, so the teacher knows which one even after editing the bank.
    pub prompt: String,
    /// What the student says is wrong.
    pub note: String,
}

/// Every report saved so far; none when there is no file yet. A file that cannot be read is an error,
/// so a new report never overwrites reports it could not read.
pub fn load(path: &Path) -> Result<Vec<ProblemReport>, ProgressError> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            ProgressError::io(
                "read the problem reports in",
                path,
                std::io::Error::other(e),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(ProgressError::io("read", path, e)),
    }
}

/// Adds a report to the file (atomically: the old file stays whole until the new one is in place).
pub fn append(path: &Path, report: ProblemReport) -> Result<(), ProgressError> {
    let mut reports = load(path)?;
    reports.push(report);
    let bytes = serde_json::to_vec_pretty(&reports).map_err(|source| ProgressError::Encode {
        what: "the problem reports",
        source,
    })?;
    write_atomically(path, &bytes)
}

/// Writes the reports as a CSV (time, bank, question, prompt, note) into `folder`; returns its path,
/// or `None` when there are no reports.
pub fn export_csv(
    reports: &[ProblemReport],
    folder: &Path,
) -> Result<Option<PathBuf>, ProgressError> {
    if reports.is_empty() {
        return Ok(None);
    }
    let mut bytes = Vec::new();
    let header = ["time_ms", "bank", "question", "prompt", "note"];
    let path = folder.join(REPORTS_CSV);
    let io = |e: std::io::Error| ProgressError::io("write", &path, e);
    super::export::write_row(&mut bytes, header.iter().map(|s| (*s).to_owned())).map_err(io)?;
    for r in reports {
        super::export::write_row(
            &mut bytes,
            [
                r.at_ms.to_string(),
                r.bank.0.clone(),
                r.question.0.clone(),
                r.prompt.clone(),
                r.note.clone(),
            ],
        )
        .map_err(io)?;
    }
    write_atomically(&path, &bytes)?;
    Ok(Some(path))
}
