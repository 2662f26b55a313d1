//! [`Store::reschedule`]: taking new scheduling settings with the log replayed on a thread (see
//! [`crate::progress::reschedule`]), and collecting the result.

use super::*;
use crate::progress::reschedule::Landed;

impl Store {
    /// Takes new scheduling settings without blocking the caller on a long history. When the states
    /// kept up to date already fit them (or differ only in the daily limits) the collection comes
    /// back at once; an empty log is replayed on the spot. Otherwise the log is replayed on a thread
    /// (`wake` is called as it progresses and when it ends: [`Self::poll_reschedule`] then has the
    /// result) and `None` comes back; answers written meanwhile are durable as always and are applied
    /// on top of the replay when it lands. A replay for other settings still running is stopped.
    pub fn reschedule(
        &mut self,
        scheduler: &Scheduler,
        wake: Wake,
    ) -> Option<(Collection, Option<Notice>)> {
        if let Some(running) = &self.rescheduling {
            if running.scheduler().config() == scheduler.config() {
                return None;
            }
            if let Some(running) = self.rescheduling.take() {
                running.cancel();
            }
        }
        if let Some(derived) = &mut self.derived {
            let same = derived.0.scheduler == *scheduler.config();
            if derived.0.retune(scheduler) {
                derived.1 = scheduler.clone();
                if !same {
                    // The index holds other limits than the settings now: saved at the next occasion.
                    self.unsaved += 1;
                }
                return Some(self.collection(scheduler));
            }
        }
        if self.prefix.record_count == 0 {
            // Nothing to read: at once.
            return Some(self.collection(scheduler));
        }
        // Records read at open are dropped: the thread reads the log itself, off the frame.
        self.loaded = None;
        self.rescheduling = Some(Running::start(
            self.log.path().to_path_buf(),
            self.log.len_bytes(),
            self.dir.snapshot_path(),
            scheduler.clone(),
            wake,
            self.reschedule_gate.clone(),
        ));
        None
    }

    /// The card states as kept now, pending records included, whatever settings they were derived
    /// with: while a replay with new settings runs, those of the previous ones (`None` when no
    /// state is derived yet).
    pub fn current_collection(&self) -> Option<Collection> {
        let (derived, scheduler) = self.derived.as_deref()?;
        let mut collection = derived.collection.clone();
        for record in &self.pending {
            collection.apply(record, scheduler);
        }
        Some(collection)
    }

    /// How far a replay started by [`Self::reschedule`] is (0.0 to 1.0), while it runs.
    pub fn reschedule_fraction(&self) -> Option<f32> {
        self.rescheduling.as_ref().map(Running::fraction)
    }

    /// The result of a replay started by [`Self::reschedule`], once its thread is done (`None` while
    /// it runs or when none was started): the card states with the new settings, the answers given
    /// meanwhile included (and pending ones on top), or the error that stopped it, the states then
    /// staying as they were. A result that cannot take a record written meanwhile replays again.
    pub fn poll_reschedule(&mut self) -> Option<Result<(Collection, Option<Notice>), Notice>> {
        if !self.rescheduling.as_ref()?.is_finished() {
            return None;
        }
        self.finish_rescheduling()
    }

    /// Waits for a replay started by [`Self::reschedule`] (and any replay it needs again) and
    /// returns its result as [`Self::poll_reschedule`] does. For tests and the command line.
    pub fn wait_reschedule(&mut self) -> Option<Result<(Collection, Option<Notice>), Notice>> {
        loop {
            self.rescheduling.as_ref()?;
            if let Some(result) = self.finish_rescheduling() {
                return Some(result);
            }
        }
    }

    /// Holds replays before they start (`true`) or lets them go (`false`), so a test sees one
    /// running. For tests.
    #[doc(hidden)]
    pub fn hold_reschedules(&mut self, hold: bool) {
        self.reschedule_gate.set_closed(hold);
    }

    /// Joins the running replay and takes its result; `None` when it had to start again.
    fn finish_rescheduling(&mut self) -> Option<Result<(Collection, Option<Notice>), Notice>> {
        let running = self.rescheduling.take()?;
        match running.finish() {
            Ended::Done(landed) => {
                let Landed {
                    derived,
                    mut prefix,
                    scheduler,
                    unsaved,
                    notice,
                    mut collection,
                } = *landed;
                prefix.mark = self.prefix.mark;
                self.prefix = prefix;
                let old = self.derived.replace(Box::new((derived, scheduler.clone())));
                drop_elsewhere(old);
                self.unsaved = unsaved;
                for record in &self.pending {
                    collection.apply(record, &scheduler);
                }
                Some(Ok((collection, notice)))
            }
            Ended::Again(scheduler, wake) => {
                self.rescheduling = Some(Running::start(
                    self.log.path().to_path_buf(),
                    self.log.len_bytes(),
                    self.dir.snapshot_path(),
                    scheduler,
                    wake,
                    self.reschedule_gate.clone(),
                ));
                None
            }
            Ended::Failed(e) => Some(Err(Notice::new(format!(
                "Your answers could not be rescheduled with the new settings ({e}); until Dossier \
                 can read the progress file the schedule follows the previous settings. Your \
                 answers are saved."
            )))),
        }
    }
}

/// Drops a large value (the states of a long history: a hundred thousand cards, their statistics)
/// on a thread of its own: freeing it takes longer than a frame may.
pub fn drop_elsewhere<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}
