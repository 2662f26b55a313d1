//! Saving a draft: the one part of drafting that touches the disk, shared by `dossier new` and the
//! app. A draft is checked as `dossier check` would before it is written, written atomically, and
//! never written over an existing file.

use std::path::{Path, PathBuf};

use super::Drafted;
use crate::bank::validate::{Limits, check_bank_str};

/// Why a drafted bank could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("`{0}` already exists: choose another name with -o, or move the old file away")]
    Exists(PathBuf),
    #[error("could not write `{path}`: {message}")]
    Write { path: PathBuf, message: String },
    #[error(
        "the draft did not pass the bank check (a bug in `dossier new`, please report it):\n{0}"
    )]
    Invalid(String),
}

/// `dir/stem.ron`, or `dir/stem-2.ron`, `dir/stem-3.ron` … — the first that does not exist.
pub fn fresh_bank_path(dir: &Path, stem: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.ron"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.ron")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

/// Checks the drafted bank as `dossier check` would, then writes it atomically to `path`, which must not
/// exist yet.
pub fn save_draft(drafted: &Drafted, path: &Path) -> Result<(), SaveError> {
    if path.exists() {
        return Err(SaveError::Exists(path.to_path_buf()));
    }
    let checked = check_bank_str(&drafted.ron, path, &Limits::default());
    if checked.bank.is_none() {
        let messages: Vec<String> = checked
            .diagnostics
            .iter()
            .map(|d| d.message.clone())
            .collect();
        return Err(SaveError::Invalid(messages.join("\n")));
    }
    crate::progress::write_atomically(path, drafted.ron.as_bytes()).map_err(|e| SaveError::Write {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}
