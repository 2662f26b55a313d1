//! The store the app talks to: the data dir's lock, its review log, and every record in memory.

use std::collections::HashSet;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::log::{ReviewLog, check_writable};
use super::snapshot::{self, LogMark, SnapshotLoad};
use super::{DataDir, DataLock, Notice, ProgressError};
use crate::study::{Collection, Record, RecordId, Scheduler, SchedulerConfig};

/// One student's progress, open for writing by this process only. Records are kept in memory in log
/// order; those not yet on disk (a write failed) are the last [`Store::pending_count`] of them and
/// are retried by [`Store::retry_pending`] and by every [`Store::append`]: an answer is never silently
/// dropped.
#[derive(Debug)]
pub struct Store {
    dir: DataDir,
    log: ReviewLog,
    records: Vec<Record>,
    /// `records[..written]` are fsynced; the rest are pending.
    written: usize,
    /// Test seam: recovery files cannot be written either.
    fail_recovery: bool,
    // Declared last so it is released last, after the log is closed.
    _lock: DataLock,
}

/// What [`Store::merge_from`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MergeReport {
    /// Records that were only in the other log and are now in this one.
    pub added: usize,
    /// Records in the log after the merge.
    pub total: usize,
}

impl Store {
    /// Opens the data dir (creating it), takes its lock, and loads and repairs the log. The notices
    /// tell the student about any repair (a cut-off last answer, a damaged file set aside).
    pub fn open(dir: &DataDir) -> Result<(Self, Vec<Notice>), ProgressError> {
        let is_new = !dir.root.exists();
        std::fs::create_dir_all(&dir.root)
            .map_err(|e| ProgressError::io("create the data folder", &dir.root, e))?;
        if is_new && let Some(parent) = dir.root.parent() {
            // Make the new folder's own entry durable, not just the files inside it.
            let parent = if parent.as_os_str().is_empty() {
                std::path::Path::new(".")
            } else {
                parent
            };
            super::sync_dir(parent)?;
        }
        let lock = DataLock::acquire(&dir.lock_path())?;
        // With the lock held no other Dossier writes here: temp files are leftovers of a killed write.
        // A symlinked log's temp files sit next to the file it points at.
        for file in [dir.log_path(), dir.snapshot_path()] {
            let real = super::resolve_symlinks(&file);
            if let (Some(parent), Some(name)) = (real.parent(), real.file_name()) {
                super::remove_stale_temp_files(parent, &name.to_string_lossy());
            }
        }
        let (log, mut records, mut notices) = ReviewLog::open(&dir.log_path())?;
        let written = records.len();
        let (recovered, recovery_files, recovery_notices) = super::recovery::load(dir, &records);
        records.extend(recovered);
        let mut store = Self {
            dir: dir.clone(),
            log,
            records,
            written,
            fail_recovery: false,
            _lock: lock,
        };
        // Answers kept in a recovery file when the app last closed go into the log now; if that
        // fails too they stay pending here (and in their file) like any unsaved answer.
        if store.pending_count() > 0 || !recovery_files.is_empty() {
            notices.extend(recovery_notices);
            match store.retry_pending() {
                Ok(()) => {
                    for file in recovery_files {
                        let _ = std::fs::remove_file(file);
                    }
                }
                Err(e) => notices.push(Notice::new(format!(
                    "Recovered answers could not be written to the progress file yet ({e}); \
                     Dossier keeps them and will retry."
                ))),
            }
        }
        Ok((store, notices))
    }

    /// Keeps the pending records safe when the app closes and they still cannot be written to the
    /// log: writes them to a recovery file (see [`super::recovery`]) that the next start adds to the
    /// log. Returns where they went; `Ok(None)` when nothing was pending.
    pub fn save_pending_for_recovery(&self) -> Result<Option<std::path::PathBuf>, ProgressError> {
        if self.pending_count() == 0 {
            return Ok(None);
        }
        if self.fail_recovery {
            return Err(ProgressError::io(
                "write the recovery file",
                &self.dir.root,
                std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left (simulated)"),
            ));
        }
        super::recovery::save(&self.dir, &self.records[self.written..]).map(Some)
    }

    /// Makes [`Store::save_pending_for_recovery`] fail as if no folder had space left. For tests.
    #[doc(hidden)]
    pub fn simulate_recovery_failure(&mut self) {
        self.fail_recovery = true;
    }

    /// Every record, saved or pending, in the order they happened here (merged logs: time order).
    pub fn records(&self) -> &[Record] {
        &self.records
    }

    /// The data dir this store owns.
    pub fn data_dir(&self) -> &DataDir {
        &self.dir
    }

    /// Records the student's action. Returns only after it (and any earlier pending ones) is fsynced:
    /// an `Ok` survives a crash or power loss. On a write error the record is kept in memory as
    /// pending and the error returned for the UI to show; a record that could never be read back
    /// (a NaN score) is refused and not kept.
    pub fn append(&mut self, record: Record) -> Result<(), ProgressError> {
        check_writable(&record)?;
        self.records.push(record);
        self.retry_pending()
    }

    /// Tries again to write the pending records (all in one write and one fsync). If that fails they
    /// are written to a recovery file as well (see [`Store::save_pending_for_recovery`]).
    pub fn retry_pending(&mut self) -> Result<(), ProgressError> {
        if self.written == self.records.len() {
            return Ok(());
        }
        if let Err(e) = self.log.append(&self.records[self.written..]) {
            // Also keep them in a recovery file when one can be written, so that not even a crash
            // or power cut before the next successful write loses them (the next start merges it).
            let _ = self.save_pending_for_recovery();
            return Err(e);
        }
        self.written = self.records.len();
        Ok(())
    }

    /// How many records are only in memory because writing them failed.
    pub fn pending_count(&self) -> usize {
        self.records.len() - self.written
    }

    /// Adds the records of another log (another device's) that this one lacks, by record id, then
    /// rewrites the log atomically in time order. Merging the same log again adds nothing.
    pub fn merge_from(&mut self, other: Vec<Record>) -> Result<MergeReport, ProgressError> {
        self.retry_pending()?;
        let mut seen: HashSet<RecordId> = self.records.iter().map(|r| r.id.clone()).collect();
        let new: Vec<Record> = other
            .into_iter()
            .filter(|r| seen.insert(r.id.clone()))
            .collect();
        if new.is_empty() {
            return Ok(MergeReport {
                added: 0,
                total: self.records.len(),
            });
        }
        let added = new.len();
        let mut merged = self.records.clone();
        merged.extend(new);
        merged.sort_by(|a, b| a.at_ms.cmp(&b.at_ms).then_with(|| a.id.cmp(&b.id)));
        self.log.replace_all(&merged)?;
        self.records = merged;
        self.written = self.records.len();
        Ok(MergeReport {
            added,
            total: self.records.len(),
        })
    }

    /// The log's current mark (for snapshots).
    pub fn log_mark(&self) -> Result<LogMark, ProgressError> {
        LogMark::of_log(self.log.path())
    }

    /// Caches `state`, derived from every saved record, next to the log. Skipped (returns `Ok`) while
    /// records are pending, since the state would then describe more than the log holds.
    pub fn save_snapshot<S: Serialize>(&self, state: &S) -> Result<(), ProgressError> {
        if self.pending_count() > 0 {
            return Ok(());
        }
        snapshot::save(
            &self.dir.snapshot_path(),
            self.log_mark()?,
            self.records.len() as u64,
            state,
        )
    }

    /// The cached state if it was derived from exactly this log; otherwise `rebuild` derives it from
    /// the records and the result is cached for next time. A failure to cache is not an error (the
    /// cache is optional); it is returned as a notice.
    pub fn state_or_rebuild<S, F>(&self, rebuild: F) -> (S, Option<Notice>)
    where
        S: Serialize + DeserializeOwned,
        F: FnOnce(&[Record]) -> S,
    {
        let mark = self.log_mark();
        if let Ok(mark) = &mark
            && self.pending_count() == 0
            && let SnapshotLoad::Fresh(state) = snapshot::load(
                &self.dir.snapshot_path(),
                mark,
                Some(self.records.len() as u64),
            )
        {
            return (state, None);
        }
        let state = rebuild(&self.records);
        let notice = self.save_snapshot(&state).err().map(cache_notice);
        (state, notice)
    }

    /// Every card state, from the snapshot when it was derived from exactly this log with this
    /// scheduler's settings; otherwise replayed from the log and the snapshot refreshed. Changing a
    /// setting (a learning step, the retention) therefore never shows states computed with the old one.
    pub fn collection(&self, scheduler: &Scheduler) -> (Collection, Option<Notice>) {
        let replay = |records: &[Record]| CollectionSnapshot {
            scheduler: scheduler.config().clone(),
            collection: Collection::replay(records, scheduler),
        };
        let (cached, notice) = self.state_or_rebuild(replay);
        if cached.scheduler == *scheduler.config() {
            return (cached.collection, notice);
        }
        let fresh = replay(&self.records);
        let notice = self.save_snapshot(&fresh).err().map(cache_notice);
        (fresh.collection, notice)
    }

    /// Makes the next `count` writes fail as a full disk would. For tests of the pending queue.
    #[doc(hidden)]
    pub fn simulate_write_failures(&mut self, count: u32) {
        self.log.simulate_write_failures(count);
    }
}

/// What a command that only reads sees of a data folder: its records and card states, read without
/// taking the lock, repairing, creating or writing anything (so it works on a read-only folder and
/// while the app runs). Damaged lines are skipped with a notice, as for a merge source.
pub fn read_only(
    dir: &DataDir,
    scheduler: &Scheduler,
) -> Result<(Vec<Record>, Collection, Vec<Notice>), ProgressError> {
    let log = dir.log_path();
    if !log.exists() {
        return Ok((Vec::new(), Collection::default(), Vec::new()));
    }
    let (records, notices) = super::log::read_records(&log)?;
    let cached = LogMark::of_log(&log).ok().and_then(|mark| {
        match snapshot::load::<CollectionSnapshot>(
            &dir.snapshot_path(),
            &mark,
            Some(records.len() as u64),
        ) {
            SnapshotLoad::Fresh(cached) if cached.scheduler == *scheduler.config() => {
                Some(cached.collection)
            }
            _ => None,
        }
    });
    let mut notices = notices;
    if cached.is_some() {
        notices.push(Notice::new(format!(
            "States read from the study cache ({}), which matches the {} records of the progress file.",
            dir.snapshot_path().display(),
            records.len()
        )));
    }
    let collection = cached.unwrap_or_else(|| Collection::replay(&records, scheduler));
    Ok((records, collection, notices))
}

/// The snapshot of [`Store::collection`]: the card states and the settings they were replayed with.
#[derive(Serialize, Deserialize)]
struct CollectionSnapshot {
    scheduler: SchedulerConfig,
    collection: Collection,
}

fn cache_notice(error: ProgressError) -> Notice {
    Notice::new(format!(
        "Could not save the study cache ({error}); Dossier will rebuild it next time."
    ))
}
