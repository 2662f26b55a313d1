//! The store the app talks to: the data dir's lock, its review log, the records not yet written, and
//! the progress index (card states, last content hashes, statistics aggregates) kept up to date as
//! answers are written. The records themselves stay on disk: start-up reads only the log's lines
//! after the index, and whatever needs the whole history reads the log when asked.

use std::collections::HashSet;

use super::changes::LastContentHashes;
use super::index::{self, Derived, IndexLoad, LogPrefix};
use super::log::{ReviewLog, check_writable};
use super::reschedule::{Ended, Gate, Running, Wake};
use super::snapshot::LogMark;
use super::{DataDir, DataLock, Notice, ProgressError};
use crate::study::stats::Stats;
use crate::study::stats_index::StatsAggregates;
use crate::study::{Collection, Record, RecordId, Scheduler, SchedulerConfig};
use crate::{BankId, QuestionId};

mod reading;
mod rescheduling;

pub use reading::LogReader;
pub use rescheduling::drop_elsewhere;

/// The index is rewritten after this many answers (and when the store closes), so a crash costs at
/// most this many records of re-reading at the next start, and studying writes the index rarely.
pub const INDEX_EVERY_RECORDS: u64 = 1000;

/// One student's progress, open for writing by this process only. Records not yet on disk (a write
/// failed) are kept in memory, retried by [`Store::retry_pending`] and by every [`Store::append`]:
/// an answer is never silently dropped. Everything derived from the written records is kept up to
/// date record by record and saved to the index now and then; the log stays the single truth.
#[derive(Debug)]
pub struct Store {
    dir: DataDir,
    log: ReviewLog,
    /// Records written but not yet in the log (a write failed), in the order they happened.
    pending: Vec<Record>,
    /// Figures of the whole written log (records, latest time): what the index will cover.
    prefix: LogPrefix,
    /// What the written records derive to, with the scheduler it was derived with; `None` when it
    /// must be rebuilt from the log (a record could not be applied on top, or no index yet).
    derived: Option<Box<(Derived, Scheduler)>>,
    /// The whole log, when opening had to read it anyway; used by the first rebuild, then dropped.
    loaded: Option<Vec<Record>>,
    /// Records written since the index was last saved (or derived state that was never saved).
    unsaved: u64,
    /// A replay with new settings running on its thread (see [`Store::reschedule`]).
    rescheduling: Option<Running>,
    /// Test seam: holds replays before they start.
    reschedule_gate: Gate,
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
    /// Opens the data dir (creating it), takes its lock, and loads and repairs the log. When the
    /// index matches the log's beginning only the lines after it are read; otherwise the whole log
    /// is read (and the index rebuilt when first needed). The notices tell the student about any
    /// repair (a cut-off last answer, a damaged file set aside, an index that had to be rebuilt).
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
        for file in [dir.log_path(), dir.snapshot_path(), dir.old_snapshot_path()] {
            let real = super::resolve_symlinks(&file);
            if let (Some(parent), Some(name)) = (real.parent(), real.file_name()) {
                super::remove_stale_temp_files(parent, &name.to_string_lossy());
            }
        }
        let mut notices = Vec::new();
        let from_index = match index::load(&dir.snapshot_path()) {
            IndexLoad::Found(found) => {
                let (prefix, derived) = *found;
                let opened = open_on_index(dir, prefix, derived)?;
                if opened.is_none() {
                    notices.push(Notice::new(
                        "The study index did not match your progress file (it was changed, merged or \
                         restored from a copy); it is being rebuilt from the progress file, which is \
                         complete.",
                    ));
                }
                opened
            }
            IndexLoad::Missing | IndexLoad::OldFormat => None,
            IndexLoad::Unusable(reason) => {
                notices.push(Notice::new(format!(
                    "The study index {} could not be used ({reason}); it is being rebuilt from your \
                     progress file, which is complete.",
                    dir.snapshot_path().display()
                )));
                None
            }
        };
        // Records read after the index: the index is saved again on close so the next start skips them.
        let mut tail_records = 0;
        let (log, prefix, derived, loaded, log_notices) = match from_index {
            Some((log, prefix, derived, tail_notices, tail_len)) => {
                tail_records = tail_len;
                (log, prefix, Some(derived), None, tail_notices)
            }
            None => {
                let (log, records, log_notices) = ReviewLog::open(&dir.log_path())?;
                let mark =
                    LogMark::of_prefix(log.path(), log.len_bytes())?.unwrap_or_else(LogMark::empty);
                let prefix = LogPrefix::of_records(&records, mark);
                (log, prefix, None, Some(records), log_notices)
            }
        };
        notices.extend(log_notices);
        let recovered = if super::recovery::any_waiting(dir) {
            let known: HashSet<RecordId> = match &loaded {
                Some(records) => records.iter().map(|r| r.id.clone()).collect(),
                None => super::log::read_records(log.path())
                    .map(|(records, _)| records.into_iter().map(|r| r.id).collect())
                    .unwrap_or_default(),
            };
            Some(super::recovery::load(dir, known))
        } else {
            None
        };
        let mut store = Self {
            dir: dir.clone(),
            log,
            pending: Vec::new(),
            prefix,
            derived,
            loaded,
            unsaved: tail_records,
            rescheduling: None,
            reschedule_gate: Gate::default(),
            fail_recovery: false,
            _lock: lock,
        };
        // Answers kept in a recovery file when the app last closed go into the log now; if that
        // fails too they stay pending here (and in their file) like any unsaved answer.
        if let Some((recovered, recovery_files, recovery_notices)) = recovered
            && (!recovered.is_empty() || !recovery_files.is_empty())
        {
            store.pending = recovered;
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
        if self.pending.is_empty() {
            return Ok(None);
        }
        if self.fail_recovery {
            return Err(ProgressError::io(
                "write the recovery file",
                &self.dir.root,
                std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left (simulated)"),
            ));
        }
        super::recovery::save(&self.dir, &self.pending).map(Some)
    }

    /// Makes [`Store::save_pending_for_recovery`] fail as if no folder had space left. For tests.
    #[doc(hidden)]
    pub fn simulate_recovery_failure(&mut self) {
        self.fail_recovery = true;
    }

    /// Whether opening had to read the whole log (no usable index, or records after it that could
    /// not be applied on top); `false` when only the lines after the index were read. Until the first
    /// rebuild uses them, those records are held in memory.
    pub fn read_whole_log(&self) -> bool {
        self.loaded.is_some()
    }

    /// Records in the log plus pending ones.
    pub fn record_count(&self) -> u64 {
        self.prefix.record_count + self.pending.len() as u64
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
        self.pending.push(record);
        self.retry_pending()
    }

    /// Tries again to write the pending records (all in one write and one fsync). If that fails they
    /// are written to a recovery file as well (see [`Store::save_pending_for_recovery`]). Once they
    /// are written they are applied to the derived state, and every [`INDEX_EVERY_RECORDS`] the index
    /// is saved (a failure to save it is not an error: the log has the answers).
    pub fn retry_pending(&mut self) -> Result<(), ProgressError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        if let Err(e) = self.log.append(&self.pending) {
            // Also keep them in a recovery file when one can be written, so that not even a crash
            // or power cut before the next successful write loses them (the next start merges it).
            let _ = self.save_pending_for_recovery();
            return Err(e);
        }
        for record in std::mem::take(&mut self.pending) {
            self.written(record);
        }
        if self.unsaved >= INDEX_EVERY_RECORDS {
            let _ = self.save_index();
        }
        Ok(())
    }

    /// Takes a record just written to the log into the derived state and the prefix figures.
    fn written(&mut self, record: Record) {
        if let Some(derived) = &mut self.derived {
            let (state, scheduler) = &mut **derived;
            if !self.prefix.follows(&record) || state.apply(&record, scheduler).is_err() {
                self.derived = None;
            }
        }
        if let Some(running) = &mut self.rescheduling {
            running.written(&record);
        }
        self.prefix.push(&record);
        self.unsaved += 1;
        if let Some(loaded) = &mut self.loaded {
            loaded.push(record);
        }
    }

    /// How many records are only in memory because writing them failed.
    pub fn pending_count(&self) -> usize {
        self.pending.len()
    }

    /// Adds the records of another log (another device's) that this one lacks, by record id, then
    /// rewrites the log atomically in time order. Merging the same log again adds nothing. The index
    /// is rebuilt from the merged records and saved.
    pub fn merge_from(&mut self, other: Vec<Record>) -> Result<MergeReport, ProgressError> {
        self.retry_pending()?;
        // The merged log is replayed below, with the settings a running replay was for.
        let rescheduling = self.rescheduling.take().map(|running| {
            let scheduler = running.scheduler().clone();
            running.cancel();
            scheduler
        });
        let mine = self.all_records()?;
        let mut seen: HashSet<RecordId> = mine.iter().map(|r| r.id.clone()).collect();
        let new: Vec<Record> = other
            .into_iter()
            .filter(|r| seen.insert(r.id.clone()))
            .collect();
        if new.is_empty() {
            return Ok(MergeReport {
                added: 0,
                total: mine.len(),
            });
        }
        let added = new.len();
        let mut merged = mine;
        merged.extend(new);
        merged.sort_by(|a, b| a.at_ms.cmp(&b.at_ms).then_with(|| a.id.cmp(&b.id)));
        self.log.replace_all(&merged)?;
        let scheduler = rescheduling.or_else(|| self.derived.take().map(|d| d.1));
        self.derived = None;
        let mark = LogMark::of_prefix(self.log.path(), self.log.len_bytes())?
            .unwrap_or_else(LogMark::empty);
        self.prefix = LogPrefix::of_records(&merged, mark);
        let total = merged.len();
        self.loaded = Some(merged);
        if let Some(scheduler) = scheduler {
            let _ = self.derived_for(&scheduler);
        }
        Ok(MergeReport { added, total })
    }

    /// The log's current mark.
    pub fn log_mark(&self) -> Result<LogMark, ProgressError> {
        LogMark::of_log(self.log.path())
    }

    /// Saves the index (see [`super::index`]) for the log as written now. Skipped (returns `Ok`)
    /// while records are pending or nothing is derived yet. The app calls it when it closes; the
    /// store also calls it every [`INDEX_EVERY_RECORDS`] and after a rebuild. Skipped too while a
    /// replay with new settings runs: its thread saves the index it builds, which supersedes this one.
    pub fn save_index(&mut self) -> Result<(), ProgressError> {
        if self.derived.is_none() || self.rescheduling.is_some() || !self.pending.is_empty() {
            return Ok(());
        }
        // Aggregates that could not be brought up to date (an undo the queued tally could not
        // take back) are rebuilt from the log rather than saved wrong.
        if self.derived.as_ref().is_some_and(|d| !d.0.stats.can_save()) {
            let records = self.all_records()?;
            if let Some(derived) = &mut self.derived {
                let rollover = derived.1.config().rollover_hour;
                derived.0.stats = StatsAggregates::build(&records, None, rollover).into();
            }
        }
        let Some(derived) = &self.derived else {
            return Ok(());
        };
        let Some(mark) = LogMark::of_prefix(self.log.path(), self.log.len_bytes())? else {
            return Ok(());
        };
        self.prefix.mark = mark;
        index::save(&self.dir.snapshot_path(), &self.prefix, &derived.0)?;
        self.unsaved = 0;
        // The JSON index of an older Dossier is replaced now (it is only derived state).
        let _ = std::fs::remove_file(self.dir.old_snapshot_path());
        Ok(())
    }

    /// The derived state for `scheduler`'s settings: the one kept up to date when it was derived
    /// with them, otherwise rebuilt from the whole log (read once) and the index saved. The notice
    /// says why the index could not be saved or the log not read.
    fn derived_for(&mut self, scheduler: &Scheduler) -> (&Derived, Option<Notice>) {
        let fits = |d: &Option<Box<(Derived, Scheduler)>>| {
            d.as_ref()
                .is_some_and(|d| d.0.scheduler == *scheduler.config())
        };
        let mut notice = None;
        if !fits(&self.derived) {
            let records = match self.loaded.take() {
                Some(records) => Ok(records),
                None if self.prefix.record_count == 0 => Ok(Vec::new()),
                None => super::log::read_records(self.log.path()).map(|(records, _)| records),
            };
            match records {
                Ok(records) => {
                    let mark = self.prefix.mark;
                    self.prefix = LogPrefix::of_records(&records, mark);
                    self.derived = Some(Box::new((
                        Derived::build(&records, scheduler),
                        scheduler.clone(),
                    )));
                    drop(records);
                    notice = self.save_index().err().map(cache_notice);
                }
                Err(e) => {
                    notice = Some(Notice::new(format!(
                        "Your progress file could not be read ({e}); Dossier shows no progress until \
                         it can."
                    )));
                    self.derived = Some(Box::new((
                        Derived::build(&[], scheduler),
                        scheduler.clone(),
                    )));
                    // Not saved: it does not describe the log.
                    self.unsaved = 0;
                }
            }
        }
        let derived = self
            .derived
            .as_deref()
            .map(|d| &d.0)
            .unwrap_or_else(|| unreachable_derived());
        (derived, notice)
    }

    /// Every card state with this scheduler's settings: kept up to date since start-up, from the
    /// index when it matched; replayed from the log (and the index refreshed) when the settings are
    /// not the ones it was derived with, so changing a learning step never shows stale states.
    /// Records still pending are included.
    pub fn collection(&mut self, scheduler: &Scheduler) -> (Collection, Option<Notice>) {
        let pending = self.pending.clone();
        let (derived, notice) = self.derived_for(scheduler);
        let mut collection = derived.collection.clone();
        for record in &pending {
            collection.apply(record, scheduler);
        }
        (collection, notice)
    }

    /// Each question's content hash at its latest review, for the changed-question prompt.
    /// Borrowed from the index when no answers are pending (the usual case: no copy of a hash per
    /// question of the whole history).
    pub fn last_content_hashes(
        &mut self,
        scheduler: &Scheduler,
    ) -> (std::borrow::Cow<'_, LastContentHashes>, Option<Notice>) {
        // The hashes do not depend on the settings: the state derived with other ones (while a
        // replay with new settings runs) has the same.
        let notice = match self.derived {
            Some(_) => None,
            None => self.derived_for(scheduler).1,
        };
        let derived = match self.derived.as_deref() {
            Some((derived, _)) => derived,
            None => unreachable_derived(),
        };
        if self.pending.is_empty() {
            return (std::borrow::Cow::Borrowed(&derived.last_hashes), notice);
        }
        let mut hashes = derived.last_hashes.clone();
        for record in &self.pending {
            if hashes.apply(record).is_err() {
                let mut all = self.all_records().unwrap_or_default();
                all.extend(self.pending.iter().cloned());
                return (std::borrow::Cow::Owned(LastContentHashes::of(&all)), notice);
            }
        }
        (std::borrow::Cow::Owned(hashes), notice)
    }

    /// The statistics of one bank (or all) on `today`, from the aggregates: no walk over the log,
    /// whatever its length. With a day boundary other than the aggregates' (or records pending that
    /// cannot be added on top) they are computed from the log read from disk instead.
    pub fn stats(
        &self,
        bank: Option<&BankId>,
        today: chrono::NaiveDate,
        scheduler: &Scheduler,
    ) -> Stats {
        let rollover = scheduler.config().rollover_hour;
        // While a replay with a new day boundary runs, the aggregates of the old one are shown
        // until it lands (as the card states are), rather than reading the whole log on the frame.
        if let Some(derived) = &self.derived
            && let Some(kept) = derived.0.stats.get()
            && (kept.rollover_hour() == rollover || self.rescheduling.is_some())
        {
            if self.pending.is_empty() {
                return kept.stats(bank, today);
            }
            let mut aggregates = kept.clone();
            if self.pending.iter().all(|r| aggregates.apply(r).is_ok()) {
                return aggregates.stats(bank, today);
            }
        }
        let all = self.all_records().unwrap_or_default();
        Stats::compute(&all, bank, today, rollover)
    }

    /// Whether the statistics' aggregates have been decoded from the index (a start leaves them
    /// encoded until the Statistics screen asks). For tests.
    #[doc(hidden)]
    pub fn stats_decoded(&self) -> bool {
        self.derived.as_ref().is_none_or(|d| d.0.stats.is_decoded())
    }

    /// Makes the next `count` writes fail as a full disk would. For tests of the pending queue.
    #[doc(hidden)]
    pub fn simulate_write_failures(&mut self, count: u32) {
        self.log.simulate_write_failures(count);
    }
}

impl Drop for Store {
    /// Saves the index when answers were written since it was last saved, so the next start reads
    /// no lines of the log. Best effort: without it the next start reads the lines after the index.
    /// A replay still running is stopped first (the next start replays with the new settings).
    fn drop(&mut self) {
        if let Some(running) = self.rescheduling.take() {
            running.cancel();
        }
        if self.unsaved > 0 {
            let _ = self.save_index();
        }
    }
}

/// `derived_for` always leaves `derived` set; this keeps the accessor free of `unwrap`.
fn unreachable_derived() -> &'static Derived {
    static EMPTY: std::sync::OnceLock<Derived> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Derived {
        scheduler: SchedulerConfig::default(),
        collection: Collection::default(),
        last_hashes: LastContentHashes::default(),
        stats: crate::study::stats_index::StatsAggregates::empty(4).into(),
    })
}

/// The log opened on an index, the prefix it now covers, the state, the notices of the repair and
/// how many records were read after the index.
type OpenedOnIndex = (
    ReviewLog,
    LogPrefix,
    Box<(Derived, Scheduler)>,
    Vec<Notice>,
    u64,
);

/// Opens the log on top of an index: checks the index's prefix is the log's beginning, reads the
/// records after it and applies them. `None` when the prefix does not match or a record after it
/// cannot be applied on top (from the past, a repeat, an undo of an older change): the caller then
/// reads the whole log.
fn open_on_index(
    dir: &DataDir,
    mut prefix: LogPrefix,
    mut derived: Derived,
) -> Result<Option<OpenedOnIndex>, ProgressError> {
    let Ok(scheduler) = Scheduler::new(derived.scheduler.clone()) else {
        return Ok(None);
    };
    let Some((log, tail, notices)) =
        ReviewLog::open_after(&dir.log_path(), &prefix.mark, prefix.record_count)?
    else {
        return Ok(None);
    };
    if index::apply_all(&mut derived, &mut prefix, &tail, &scheduler).is_err() {
        return Ok(None);
    }
    let tail_len = tail.len() as u64;
    Ok(Some((
        log,
        prefix,
        Box::new((derived, scheduler)),
        notices,
        tail_len,
    )))
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
    let cached =
        LogMark::of_log(&log)
            .ok()
            .and_then(|mark| match index::load(&dir.snapshot_path()) {
                IndexLoad::Found(found)
                    if found.0.mark == mark
                        && found.0.record_count == records.len() as u64
                        && found.1.scheduler == *scheduler.config() =>
                {
                    Some(found.1.collection)
                }
                _ => None,
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

fn cache_notice(error: ProgressError) -> Notice {
    Notice::new(format!(
        "Could not save the study cache ({error}); Dossier will rebuild it next time."
    ))
}
