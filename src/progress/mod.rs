//! Progress that is never lost: the data dir, the append-only review log, snapshots, merge, export.
//!
//! The review log ([`log`]) is the single truth: every answer is one JSON line, written and fsynced
//! before [`Store::append`] returns. Everything else (card states, statistics) is derived from it and
//! may be cached in a [`snapshot`], which is thrown away whenever it disagrees with the log. One
//! running Dossier owns a data dir at a time ([`lock`]). The on-disk format and the recovery rules are
//! documented in `docs/progress-format.md`.

pub mod changes;
pub mod export;
pub mod index;
pub mod location;
pub mod lock;
pub mod log;
pub mod merge;
pub mod question_log;
pub mod recovery;
pub mod reports;
pub mod reschedule;
pub mod settings;
pub mod snapshot;
pub mod store;

use std::fmt;
use std::path::{Path, PathBuf};

pub use changes::changed_questions;
pub use location::{DataDir, DataDirSource, data_dir, data_dir_or};
pub use lock::DataLock;
pub use log::ReviewLog;
pub use settings::{Settings, Theme};
pub use snapshot::{LogMark, Snapshot};
pub use store::Store;

/// Something the student should be told about their progress files, as a sentence they can read
/// ("The last answer in the progress file was cut off …"). Notices never stop the app; errors do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub message: String,
}

impl Notice {
    /// Wraps a user-facing sentence.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Why a progress operation failed. Every variant's message is a sentence the UI can show as is.
#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    /// No home directory or platform data dir could be found, and no override was given.
    #[error(
        "could not find a folder to keep progress in; set DOSSIER_DATA_DIR or create a `dossier-data` folder next to the program"
    )]
    NoDataDir,
    /// Another Dossier holds the data dir's lock.
    #[error("Dossier is already running ({holder}) with this data folder: {}", dir.display())]
    AlreadyRunning { holder: String, dir: PathBuf },
    /// A file operation failed; `action` says what we were doing, in words.
    #[error("could not {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file we wrote ourselves could not be turned into JSON (should not happen; reported, not panicked).
    #[error("could not encode {what}: {source}")]
    Encode {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    /// A record that could not be read back once written, so it is refused instead of saved.
    #[error("this answer cannot be saved: {reason}")]
    Unwritable { reason: String },
    /// A file given on the command line (e.g. to merge) is not a progress log or data folder.
    #[error("{} is not a Dossier data folder or progress log", path.display())]
    NotAProgressLog { path: PathBuf },
}

impl ProgressError {
    /// Builds an [`ProgressError::Io`] with the action and path that failed.
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Writes `bytes` to `path` so that after a crash the file holds either its old or its new content,
/// never a mix: a temp file next to it, fsync, rename over, fsync the directory. A symlink at `path`
/// is followed, and the file it points at is replaced (people keep the log in a synced folder that
/// way): the link itself is never turned into a regular file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ProgressError> {
    use std::io::Write;

    let resolved = resolve_symlinks(path);
    let path = resolved.as_path();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_owned());
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file =
            std::fs::File::create(&temp).map_err(|e| ProgressError::io("create", &temp, e))?;
        file.write_all(bytes)
            .map_err(|e| ProgressError::io("write", &temp, e))?;
        file.sync_all()
            .map_err(|e| ProgressError::io("save to disk", &temp, e))?;
        drop(file);
        std::fs::rename(&temp, path).map_err(|e| ProgressError::io("replace", path, e))?;
        sync_dir(dir)
    })();
    if result.is_err() {
        // Best effort: a leftover temp file is harmless, but don't litter.
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Where writing to `path` really lands: the final target of a chain of symlinks (even one that does not
/// exist yet), or `path` itself. Gives up after 40 links, as the OS does.
pub fn resolve_symlinks(path: &Path) -> PathBuf {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        let is_link = std::fs::symlink_metadata(&current).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return current;
        }
        let Ok(target) = std::fs::read_link(&current) else {
            return current;
        };
        current = match current.parent() {
            Some(parent) if target.is_relative() => parent.join(target),
            _ => target,
        };
    }
    path.to_path_buf()
}

/// Removes temp files that an interrupted atomic write of `file_name` left in `dir` (a merge killed
/// halfway leaves a `.progress.jsonl.<pid>.tmp` the size of the log). Only for files that the
/// holder of the data folder's lock alone writes, so no other process can be writing them now.
pub fn remove_stale_temp_files(dir: &Path, file_name: &str) {
    let prefix = format!(".{file_name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_temp = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if is_temp && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Makes a directory's entries (new, renamed files) durable. A no-op where directories cannot be
/// opened as files (Windows), where rename is durable through other means.
pub fn sync_dir(dir: &Path) -> Result<(), ProgressError> {
    #[cfg(unix)]
    {
        let handle =
            std::fs::File::open(dir).map_err(|e| ProgressError::io("open folder", dir, e))?;
        handle
            .sync_all()
            .map_err(|e| ProgressError::io("save folder to disk", dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// A name for a copy of `path` set aside because it was damaged: `progress.jsonl.2026-11-25T15-08-07.corrupt`,
/// with a counter if that name is taken, so an earlier copy is never overwritten.
pub fn corrupt_copy_path(path: &Path, now: chrono::DateTime<chrono::Local>) -> PathBuf {
    let stamp = now.format("%Y-%m-%dT%H-%M-%S");
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".to_owned());
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let mut candidate = dir.join(format!("{name}.{stamp}.corrupt"));
    let mut n = 2;
    while candidate.exists() {
        candidate = dir.join(format!("{name}.{stamp}-{n}.corrupt"));
        n += 1;
    }
    candidate
}
