//! Rescheduling: replaying the whole review log with new scheduling settings (a new desired
//! retention, learning steps, parameters, an exam date) on a thread of its own, so the window keeps
//! drawing and the student keeps studying while a long history (1,000,000 reviews: seconds) is
//! replayed. The replay reads the log's bytes as they were when it started; every record written
//! after that is kept aside by the store and applied on top of the replay's result when it arrives
//! ([`resume`]), so nothing is lost and nothing applied twice. UI-free: the app only shows
//! [`ReplayProgress`] and swaps in the result.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

use super::index::{self, Derived, LogPrefix};
use super::snapshot::LogMark;
use super::{Notice, ProgressError};
use crate::study::stats_index::NeedsRebuild;
use crate::study::{Collection, Record, Scheduler};

/// Called from the replay's thread when its progress moves (the app asks for a repaint).
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// The share of the progress bar given to reading and parsing the log (the rest is deriving the
/// states); `benches/reschedule.rs` prints the share of the time it really takes.
pub const READ_SHARE: f32 = 0.25;

/// How far a replay is, shared between its thread and whoever shows it.
pub struct ReplayProgress {
    /// Thousandths done.
    permille: AtomicU32,
    wake: Wake,
}

impl ReplayProgress {
    /// Progress at 0, calling `wake` whenever it moves by a whole percent.
    pub fn new(wake: Wake) -> Self {
        Self {
            permille: AtomicU32::new(0),
            wake,
        }
    }

    /// How far along, 0.0 to 1.0.
    pub fn fraction(&self) -> f32 {
        self.permille.load(Ordering::Relaxed) as f32 / 1000.0
    }

    fn set(&self, fraction: f32) {
        let permille = (fraction.clamp(0.0, 1.0) * 1000.0) as u32;
        let before = self.permille.swap(permille, Ordering::Relaxed);
        if before / 10 != permille / 10 {
            (self.wake)();
        }
    }
}

/// Everything derived from the first part of the log with the new settings.
#[derive(Debug)]
pub struct Replayed {
    pub derived: Derived,
    /// The part of the log it covers (the log as it was when the replay started).
    pub prefix: LogPrefix,
    /// Why the index of that part could not be saved, if it could not (the next start then reads
    /// more of the log; nothing is lost).
    pub index_error: Option<ProgressError>,
    /// A copy of the card states for the app, made here: copying 100,000 cards is tens of
    /// milliseconds, too long for the frame that takes the result.
    pub collection: Collection,
}

/// Replays the first `len_bytes` of the log at `path` (the log as written when the replay started;
/// it only grows at its end meanwhile) with `scheduler`. `Ok(None)` when `cancel` was set. The
/// progress moves from 0 to 1 while the log is read and then replayed.
pub fn replay_prefix(
    path: &Path,
    len_bytes: u64,
    scheduler: &Scheduler,
    progress: &ReplayProgress,
    cancel: &AtomicBool,
) -> Result<Option<(Derived, LogPrefix)>, ProgressError> {
    let Some(mark) = LogMark::of_prefix(path, len_bytes)? else {
        return Err(ProgressError::io(
            "read the progress file",
            path,
            std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "it is shorter than Dossier wrote it",
            ),
        ));
    };
    let total = len_bytes.max(1) as f32;
    let Some(records) = super::log::read_prefix(path, len_bytes, &mut |done| {
        progress.set(READ_SHARE * done as f32 / total);
        !cancel.load(Ordering::Relaxed)
    })?
    else {
        return Ok(None);
    };
    let Some(derived) = Derived::build_with_progress(&records, scheduler, &mut |fraction| {
        progress.set(READ_SHARE + (1.0 - READ_SHARE) * fraction);
        !cancel.load(Ordering::Relaxed)
    }) else {
        return Ok(None);
    };
    let prefix = LogPrefix::of_records(&records, mark);
    Ok(Some((derived, prefix)))
}

/// Applies the records written after a replay's part of the log (`since`, in the order they were
/// written) on top of its result: the states of the whole log with the new settings, as a fresh
/// replay would give them. `Err` when one cannot be applied exactly on top (an undo of a change
/// older than its card's latest, a record from the past): then the log must be replayed again.
pub fn resume(
    mut derived: Derived,
    mut prefix: LogPrefix,
    since: &[Record],
    scheduler: &Scheduler,
) -> Result<(Derived, LogPrefix), NeedsRebuild> {
    index::apply_all(&mut derived, &mut prefix, since, scheduler)?;
    Ok((derived, prefix))
}

/// A test seam: while closed, replays wait before they start (so a test sees one running).
#[derive(Clone, Debug, Default)]
pub struct Gate(Arc<(Mutex<bool>, Condvar)>);

impl Gate {
    /// Closes or opens the gate; opening lets waiting replays go on.
    pub fn set_closed(&self, closed: bool) {
        let (lock, wake) = &*self.0;
        if let Ok(mut shut) = lock.lock() {
            *shut = closed;
        }
        wake.notify_all();
    }

    fn wait(&self, cancel: &AtomicBool) {
        let (lock, wake) = &*self.0;
        let Ok(mut shut) = lock.lock() else { return };
        while *shut && !cancel.load(Ordering::Relaxed) {
            match wake.wait_timeout(shut, std::time::Duration::from_millis(50)) {
                Ok((guard, _)) => shut = guard,
                Err(_) => return,
            }
        }
    }
}

/// A replay running on its thread, and the records written since it started.
pub struct Running {
    scheduler: Scheduler,
    /// Records written to the log after the replay's part of it, in order: applied on top.
    since: Vec<Record>,
    progress: Arc<ReplayProgress>,
    cancel: Arc<AtomicBool>,
    wake: Wake,
    handle: JoinHandle<Result<Option<Replayed>, ProgressError>>,
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running")
            .field("scheduler", self.scheduler.config())
            .field("since", &self.since.len())
            .field("fraction", &self.fraction())
            .finish()
    }
}

/// A replay's result with the records written meanwhile applied on top.
#[derive(Debug)]
pub struct Landed {
    /// The states of the whole log (its part plus the records since) with the new settings.
    pub derived: Derived,
    pub prefix: LogPrefix,
    pub scheduler: Scheduler,
    /// Records not covered by the index the replay saved (all of them when it could not save).
    pub unsaved: u64,
    pub notice: Option<Notice>,
    /// The app's copy of `derived.collection` (pending records not applied).
    pub collection: Collection,
}

/// How a replay ended, for the store.
pub enum Ended {
    Done(Box<Landed>),
    /// A record since could not be applied on top: replay again, with these settings.
    Again(Scheduler, Wake),
    /// The log could not be read: the states stay as they were.
    Failed(ProgressError),
}

impl Running {
    /// Starts replaying the first `len_bytes` of the log at `log` with `scheduler`; the index of that
    /// part is saved to `index_path` when done. `wake` is called as progress moves and at the end.
    pub fn start(
        log: PathBuf,
        len_bytes: u64,
        index_path: PathBuf,
        scheduler: Scheduler,
        wake: Wake,
        gate: Gate,
    ) -> Self {
        let progress = Arc::new(ReplayProgress::new(wake.clone()));
        let cancel = Arc::new(AtomicBool::new(false));
        let handle = {
            let (progress, cancel, scheduler, wake) = (
                Arc::clone(&progress),
                Arc::clone(&cancel),
                scheduler.clone(),
                wake.clone(),
            );
            std::thread::spawn(move || {
                gate.wait(&cancel);
                let replayed = replay_prefix(&log, len_bytes, &scheduler, &progress, &cancel);
                let result = replayed.map(|done| {
                    done.map(|(derived, prefix)| {
                        // Saved here, off the frame: the index of a long history is tens of MB.
                        let index_error = index::save(&index_path, &prefix, &derived).err();
                        let collection = derived.collection.clone();
                        Replayed {
                            collection,
                            derived,
                            prefix,
                            index_error,
                        }
                    })
                });
                wake();
                result
            })
        };
        Self {
            scheduler,
            since: Vec::new(),
            progress,
            cancel,
            wake,
            handle,
        }
    }

    /// The settings being replayed with.
    pub fn scheduler(&self) -> &Scheduler {
        &self.scheduler
    }

    /// How far along, 0.0 to 1.0.
    pub fn fraction(&self) -> f32 {
        self.progress.fraction()
    }

    /// Whether the thread is done (then [`Self::finish`] does not wait).
    pub fn is_finished(&self) -> bool {
        self.handle.is_finished()
    }

    /// Keeps a record just written to the log, to apply on top of the replay.
    pub fn written(&mut self, record: &Record) {
        self.since.push(record.clone());
    }

    /// Stops the replay and waits for its thread (a few milliseconds: it checks often); its result
    /// is dropped.
    pub fn cancel(self) {
        self.cancel.store(true, Ordering::Relaxed);
        let _ = self.handle.join();
    }

    /// Waits for the replay to end and applies the records written since on top.
    pub fn finish(self) -> Ended {
        let replayed = match self.handle.join() {
            Ok(Ok(Some(replayed))) => replayed,
            Ok(Ok(None)) => return Ended::Again(self.scheduler, self.wake),
            Ok(Err(e)) => return Ended::Failed(e),
            Err(_) => {
                return Ended::Failed(ProgressError::io(
                    "replay the progress file",
                    Path::new(""),
                    std::io::Error::other("the replay stopped unexpectedly"),
                ));
            }
        };
        let covered = replayed.prefix.record_count;
        let mut collection = replayed.collection;
        match resume(
            replayed.derived,
            replayed.prefix,
            &self.since,
            &self.scheduler,
        ) {
            Ok((derived, prefix)) => {
                for record in &self.since {
                    collection.apply(record, &self.scheduler);
                }
                let (unsaved, notice) = match replayed.index_error {
                    None => (prefix.record_count - covered, None),
                    Some(e) => (
                        prefix.record_count,
                        Some(Notice::new(format!(
                            "Could not save the study cache ({e}); Dossier will rebuild it next time."
                        ))),
                    ),
                };
                Ended::Done(Box::new(Landed {
                    derived,
                    prefix,
                    scheduler: self.scheduler,
                    unsaved,
                    notice,
                    collection,
                }))
            }
            Err(NeedsRebuild) => Ended::Again(self.scheduler, self.wake),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::{Event, Rating, RecordId, SchedulerConfig};

    fn review(at_ms: i64, question: &str, rating: Rating) -> Record {
        Record {
            id: RecordId::new(at_ms),
            at_ms,
            utc_offset_secs: 3600,
            bank: "b".into(),
            question: question.into(),
            event: Event::Review {
                rating,
                score: 1.0,
                answer: String::new(),
                duration_ms: 1000,
                content_hash: 7,
            },
        }
    }

    fn history() -> Vec<Record> {
        let day = 86_400_000;
        let start = 1_770_000_000_000;
        let ratings = [Rating::Good, Rating::Again, Rating::Hard, Rating::Easy];
        (0..200)
            .map(|i| {
                review(
                    start + i * day / 3,
                    &format!("q{}", i % 17),
                    ratings[i as usize % 4],
                )
            })
            .collect()
    }

    fn write_log(dir: &Path, records: &[Record]) -> PathBuf {
        let path = dir.join("progress.jsonl");
        let mut text = String::new();
        for record in records {
            text.push_str(&serde_json::to_string(record).expect("encode"));
            text.push('\n');
        }
        std::fs::write(&path, text).expect("log");
        path
    }

    fn new_settings() -> Scheduler {
        Scheduler::new(SchedulerConfig {
            desired_retention: 0.8,
            learning_steps_secs: vec![300],
            fuzz: false,
            ..SchedulerConfig::default()
        })
        .expect("valid settings")
    }

    fn no_wake() -> Wake {
        Arc::new(|| {})
    }

    #[test]
    fn a_replay_of_the_first_part_plus_the_records_since_equals_a_fresh_replay_of_the_whole_log() {
        let dir = tempfile::tempdir().expect("temp dir");
        let all = history();
        let (first, since) = all.split_at(150);
        let path = write_log(dir.path(), first);
        let len = std::fs::metadata(&path).expect("log").len();
        let scheduler = new_settings();
        let progress = ReplayProgress::new(no_wake());
        let (derived, prefix) =
            replay_prefix(&path, len, &scheduler, &progress, &AtomicBool::new(false))
                .expect("read")
                .expect("not cancelled");
        assert_eq!(progress.fraction(), 1.0);
        assert_eq!(prefix.record_count, 150);
        let (derived, prefix) = resume(derived, prefix, since, &scheduler).expect("on top");
        assert_eq!(prefix.record_count, 200);
        assert_eq!(derived.collection, Collection::replay(&all, &scheduler));
        assert_eq!(derived, Derived::build(&all, &scheduler));
    }

    #[test]
    fn only_the_bytes_written_when_the_replay_started_are_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let all = history();
        let path = write_log(dir.path(), &all[..100]);
        let len = std::fs::metadata(&path).expect("log").len();
        write_log(dir.path(), &all);
        let (_, prefix) = replay_prefix(
            &path,
            len,
            &new_settings(),
            &ReplayProgress::new(no_wake()),
            &AtomicBool::new(false),
        )
        .expect("read")
        .expect("not cancelled");
        assert_eq!(prefix.record_count, 100);
        assert_eq!(prefix.mark.len_bytes, len);
    }

    #[test]
    fn an_undo_of_an_older_answer_among_the_records_since_asks_for_another_replay() {
        let all = history();
        let scheduler = new_settings();
        let derived = Derived::build(&all, &scheduler);
        let prefix = LogPrefix::of_records(&all, LogMark::empty());
        let last = all.last().expect("records").at_ms;
        // q0's latest change is not all[0]: undoing it cannot be done on top.
        let undo = Record {
            id: RecordId::new(last + 1),
            at_ms: last + 1,
            utc_offset_secs: 3600,
            bank: "b".into(),
            question: "q0".into(),
            event: Event::Undo {
                review: all[0].id.clone(),
            },
        };
        assert!(resume(derived, prefix, &[undo], &scheduler).is_err());
    }

    #[test]
    fn a_cancelled_replay_gives_nothing_rather_than_half_the_states() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = write_log(dir.path(), &history());
        let len = std::fs::metadata(&path).expect("log").len();
        let cancelled = AtomicBool::new(true);
        let result = replay_prefix(
            &path,
            len,
            &new_settings(),
            &ReplayProgress::new(no_wake()),
            &cancelled,
        )
        .expect("read");
        assert!(result.is_none());
    }

    #[test]
    fn a_running_replay_applies_what_was_written_meanwhile_and_saves_the_index_of_its_part() {
        let dir = tempfile::tempdir().expect("temp dir");
        let all = history();
        let path = write_log(dir.path(), &all[..120]);
        let len = std::fs::metadata(&path).expect("log").len();
        let index_path = dir.path().join("progress-index.bin");
        let gate = Gate::default();
        gate.set_closed(true);
        let scheduler = new_settings();
        let mut running = Running::start(
            path,
            len,
            index_path.clone(),
            scheduler.clone(),
            no_wake(),
            gate.clone(),
        );
        for record in &all[120..] {
            running.written(record);
        }
        assert!(!running.is_finished(), "held at the gate");
        gate.set_closed(false);
        let Ended::Done(landed) = running.finish() else {
            panic!("the replay should end with states");
        };
        let Landed {
            derived,
            prefix,
            unsaved,
            collection,
            ..
        } = *landed;
        assert_eq!(
            collection, derived.collection,
            "the app's copy has the records since"
        );
        assert_eq!(derived, Derived::build(&all, &scheduler));
        assert_eq!(prefix.record_count, 200);
        assert_eq!(unsaved, 80);
        match index::load(&index_path) {
            index::IndexLoad::Found(found) => assert_eq!(found.0.record_count, 120),
            other => panic!("no index saved: {other:?}"),
        }
    }

    #[test]
    fn daily_limits_change_without_a_replay_and_other_settings_do_not() {
        let all = history();
        let old = new_settings();
        let mut derived = Derived::build(&all, &old);
        let limits = Scheduler::new(SchedulerConfig {
            new_per_day: 3,
            max_reviews_per_day: 9,
            ..old.config().clone()
        })
        .expect("valid");
        assert!(derived.retune(&limits));
        assert_eq!(derived, Derived::build(&all, &limits));
        let retention = Scheduler::new(SchedulerConfig {
            desired_retention: 0.95,
            ..limits.config().clone()
        })
        .expect("valid");
        assert!(!derived.retune(&retention));
        assert_eq!(derived.scheduler, *limits.config());
    }
}
