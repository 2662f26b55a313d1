//! Reading another device's progress for `dossier progress merge`: the other side may be a data dir
//! (a USB stick's `dossier-data/`, a synced folder) or a log file. It is only read, never changed,
//! and its lock is not taken (it is usually a copy).

use std::path::Path;

use super::location::DataDir;
use super::{Notice, ProgressError, log};
use crate::study::Record;

/// The records of the data dir or log file at `other`, skipping damaged lines (with a notice).
pub fn read_other(other: &Path) -> Result<(Vec<Record>, Vec<Notice>), ProgressError> {
    let path = if other.is_dir() {
        DataDir::at(other).log_path()
    } else {
        other.to_path_buf()
    };
    if !path.is_file() {
        return Err(ProgressError::NotAProgressLog {
            path: other.to_path_buf(),
        });
    }
    log::read_records(&path)
}
