//! Answers that could not be written to the log when the app closed (a full disk, a folder turned
//! read-only) are written to a recovery file somewhere writable instead, and the next start adds them
//! to the log. Together with the pending queue of [`super::Store`] this means closing the window never
//! silently drops an answer.
//!
//! Candidates, first that works wins: `progress.recovery.jsonl` in the data folder, then
//! `recovery-<hash>.jsonl` in the user's cache folder, then `dossier-recovery-<hash>.jsonl` in the
//! temp folder, where `<hash>` names the data folder, so each data folder finds its own.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::{DataDir, Notice, ProgressError, log, write_atomically};
use crate::study::{Record, RecordId};

/// Where the recovery file of `dir` may be, in the order they are tried.
pub fn candidates(dir: &DataDir) -> Vec<PathBuf> {
    let root = std::fs::canonicalize(&dir.root).unwrap_or_else(|_| dir.root.clone());
    let tag = format!(
        "{:016x}",
        crate::stable_hash(root.to_string_lossy().as_bytes())
    );
    let mut paths = vec![dir.root.join("progress.recovery.jsonl")];
    if let Some(project) = directories::ProjectDirs::from("", "", "Dossier") {
        paths.push(project.cache_dir().join(format!("recovery-{tag}.jsonl")));
    }
    paths.push(std::env::temp_dir().join(format!("dossier-recovery-{tag}.jsonl")));
    paths
}

/// Writes `pending` (with whatever a recovery file there already holds) to the first candidate that
/// takes it, atomically; returns where.
pub fn save(dir: &DataDir, pending: &[Record]) -> Result<PathBuf, ProgressError> {
    let mut last_error = None;
    for path in candidates(dir) {
        match save_at(&path, pending) {
            Ok(()) => return Ok(path),
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or(ProgressError::NoDataDir))
}

fn save_at(path: &Path, pending: &[Record]) -> Result<(), ProgressError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| ProgressError::io("create the folder", parent, e))?;
    }
    let mut records = if path.exists() {
        log::read_records(path)?.0
    } else {
        Vec::new()
    };
    let mut seen: HashSet<RecordId> = records.iter().map(|r| r.id.clone()).collect();
    records.extend(
        pending
            .iter()
            .filter(|r| seen.insert(r.id.clone()))
            .cloned(),
    );
    let mut bytes = Vec::new();
    for record in &records {
        serde_json::to_writer(&mut bytes, record).map_err(|source| ProgressError::Encode {
            what: "a progress record",
            source,
        })?;
        bytes.push(b'\n');
    }
    write_atomically(path, &bytes)
}

/// Whether a recovery file of `dir` is waiting: only then does opening need every record id of the
/// log (to add only what the log lacks).
pub fn any_waiting(dir: &DataDir) -> bool {
    candidates(dir).iter().any(|path| is_ours(path, dir))
}

/// The records waiting in `dir`'s recovery files whose ids are not in `known`, with the files they
/// came from (to remove once the records are in the log) and a notice for the student.
pub fn load(dir: &DataDir, known: HashSet<RecordId>) -> (Vec<Record>, Vec<PathBuf>, Vec<Notice>) {
    let mut seen = known;
    let mut found = Vec::new();
    let mut files = Vec::new();
    let mut notices = Vec::new();
    for path in candidates(dir) {
        if !is_ours(&path, dir) {
            continue;
        }
        let Ok((records, _)) = log::read_records(&path) else {
            continue;
        };
        let before = found.len();
        found.extend(records.into_iter().filter(|r| seen.insert(r.id.clone())));
        if found.len() > before {
            notices.push(Notice::new(format!(
                "{} answers that could not be saved when Dossier last closed were recovered from {}.",
                found.len() - before,
                path.display()
            )));
        }
        files.push(path);
    }
    (found, files, notices)
}

/// A regular file owned by whoever owns the data folder: in a shared temp folder, a file someone else
/// planted there is not read.
fn is_ours(path: &Path, dir: &DataDir) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(&dir.root).is_ok_and(|root| root.uid() == meta.uid())
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        true
    }
}
