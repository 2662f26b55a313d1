//! A cache of state derived from the log (the study engine's collection), so the app need not replay
//! every review at start. Written atomically and tagged with a [`LogMark`] of the log it was derived
//! from; a snapshot whose mark disagrees with the log (the log grew, was repaired or merged, or the
//! snapshot belongs to another log) is ignored and rebuilt from the log, which stays the single truth.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{ProgressError, write_atomically};
use crate::stable_hash;

/// Version of the snapshot file's layout; a snapshot of another version is rebuilt.
pub const SNAPSHOT_FORMAT: u32 = 1;

/// How many bytes at the end of the log are hashed into a [`LogMark`].
const TAIL_BYTES: u64 = 4096;

/// Identifies one exact state of the log cheaply (without reading all of it): its length and a hash
/// of its last 4 KiB, which contain the last record's unique id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogMark {
    pub len_bytes: u64,
    pub tail_hash: u64,
}

impl LogMark {
    /// The mark of the empty log.
    pub fn empty() -> Self {
        Self {
            len_bytes: 0,
            tail_hash: stable_hash(b""),
        }
    }

    /// The mark of the log's first `len` bytes, as [`LogMark::of_log`] gave it when the log was
    /// that long; `None` when the log is shorter now (or missing and `len` is not 0).
    pub fn of_prefix(path: &Path, len: u64) -> Result<Option<Self>, ProgressError> {
        let mut file = match File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((len == 0).then(Self::empty));
            }
            Err(e) => return Err(ProgressError::io("open the progress file", path, e)),
        };
        let read = |file: &mut File| -> std::io::Result<Option<Vec<u8>>> {
            if file.metadata()?.len() < len {
                return Ok(None);
            }
            let start = len.saturating_sub(TAIL_BYTES);
            file.seek(SeekFrom::Start(start))?;
            let mut tail = Vec::with_capacity((len - start) as usize);
            file.take(len - start).read_to_end(&mut tail)?;
            Ok(Some(tail))
        };
        let tail =
            read(&mut file).map_err(|e| ProgressError::io("read the progress file", path, e))?;
        Ok(tail.map(|tail| Self {
            len_bytes: len,
            tail_hash: stable_hash(&tail),
        }))
    }

    /// The mark of the log file as it is on disk now (a missing log is the empty log).
    pub fn of_log(path: &Path) -> Result<Self, ProgressError> {
        let mut file = match File::open(path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self {
                    len_bytes: 0,
                    tail_hash: stable_hash(b""),
                });
            }
            Err(e) => return Err(ProgressError::io("open the progress file", path, e)),
        };
        let read = |file: &mut File| -> std::io::Result<(u64, Vec<u8>)> {
            let len = file.metadata()?.len();
            file.seek(SeekFrom::Start(len.saturating_sub(TAIL_BYTES)))?;
            let mut tail = Vec::with_capacity(TAIL_BYTES as usize);
            file.take(TAIL_BYTES).read_to_end(&mut tail)?;
            Ok((len, tail))
        };
        let (len_bytes, tail) =
            read(&mut file).map_err(|e| ProgressError::io("read the progress file", path, e))?;
        Ok(Self {
            len_bytes,
            tail_hash: stable_hash(&tail),
        })
    }
}

/// The snapshot file: the derived state and the log it was derived from.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Snapshot<S> {
    pub format: u32,
    pub log: LogMark,
    /// Records in the log when the snapshot was taken (checked too when the records are at hand).
    pub record_count: u64,
    pub state: S,
}

/// What [`load`] found.
#[derive(Debug)]
pub enum SnapshotLoad<S> {
    /// The snapshot matches the log: use it.
    Fresh(S),
    /// There is no snapshot yet.
    Missing,
    /// The snapshot was taken from another state of the log: rebuild.
    Stale,
    /// The snapshot could not be read (damaged, or an older layout): rebuild; the reason is for logs.
    Unreadable(String),
}

/// Saves `state` derived from the log as it is at `log` with `record_count` records, atomically.
pub fn save<S: Serialize>(
    path: &Path,
    log: LogMark,
    record_count: u64,
    state: &S,
) -> Result<(), ProgressError> {
    let snapshot = Snapshot {
        format: SNAPSHOT_FORMAT,
        log,
        record_count,
        state,
    };
    let bytes = serde_json::to_vec(&snapshot).map_err(|source| ProgressError::Encode {
        what: "the snapshot",
        source,
    })?;
    write_atomically(path, &bytes)
}

/// Loads the snapshot at `path` if it was derived from exactly the log marked `current` (and, when
/// given, with `record_count` records). Never fails: anything unusable means "rebuild from the log".
pub fn load<S: DeserializeOwned>(
    path: &Path,
    current: &LogMark,
    record_count: Option<u64>,
) -> SnapshotLoad<S> {
    let bytes = match crate::safe_io::read_limited(path, super::log::MAX_LOG_BYTES) {
        Ok(bytes) => bytes,
        Err(e) if e.is_not_found() => return SnapshotLoad::Missing,
        Err(e) => return SnapshotLoad::Unreadable(e.to_string()),
    };
    let snapshot: Snapshot<S> = match serde_json::from_slice(&bytes) {
        Ok(snapshot) => snapshot,
        Err(e) => return SnapshotLoad::Unreadable(e.to_string()),
    };
    if snapshot.format != SNAPSHOT_FORMAT {
        return SnapshotLoad::Unreadable(format!("snapshot format {}", snapshot.format));
    }
    if snapshot.log != *current || record_count.is_some_and(|n| n != snapshot.record_count) {
        return SnapshotLoad::Stale;
    }
    SnapshotLoad::Fresh(snapshot.state)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_of_the_current_log_is_used_and_a_grown_log_makes_it_stale() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("progress.jsonl");
        let snap = dir.path().join("snapshot.json");
        std::fs::write(&log, b"{\"line\":1}\n").unwrap();
        let mark = LogMark::of_log(&log).unwrap();
        save(&snap, mark, 1, &vec![1u32, 2, 3]).unwrap();
        match load::<Vec<u32>>(&snap, &LogMark::of_log(&log).unwrap(), Some(1)) {
            SnapshotLoad::Fresh(state) => assert_eq!(state, vec![1, 2, 3]),
            other => panic!("expected a fresh snapshot, got {other:?}"),
        }
        std::fs::write(&log, b"{\"line\":1}\n{\"line\":2}\n").unwrap();
        let grown = LogMark::of_log(&log).unwrap();
        assert!(matches!(
            load::<Vec<u32>>(&snap, &grown, None),
            SnapshotLoad::Stale
        ));
    }

    #[test]
    fn same_length_log_with_other_content_makes_the_snapshot_stale() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("progress.jsonl");
        let snap = dir.path().join("snapshot.json");
        std::fs::write(&log, b"{\"id\":\"a\"}\n").unwrap();
        save(&snap, LogMark::of_log(&log).unwrap(), 1, &0u8).unwrap();
        std::fs::write(&log, b"{\"id\":\"b\"}\n").unwrap();
        let other = LogMark::of_log(&log).unwrap();
        assert!(matches!(
            load::<u8>(&snap, &other, None),
            SnapshotLoad::Stale
        ));
    }

    #[test]
    fn damaged_snapshot_is_reported_unreadable_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let snap = dir.path().join("snapshot.json");
        std::fs::write(&snap, b"{\"format\":1,\"log\":").unwrap();
        let mark = LogMark::of_log(&dir.path().join("none")).unwrap();
        assert!(matches!(
            load::<u8>(&snap, &mark, None),
            SnapshotLoad::Unreadable(_)
        ));
        assert!(matches!(
            load::<u8>(&dir.path().join("absent"), &mark, None),
            SnapshotLoad::Missing
        ));
    }
}
