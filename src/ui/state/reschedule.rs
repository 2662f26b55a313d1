//! Rescheduling after a settings change or a bank's new exam date: the store replays the log on a
//! thread ([`crate::progress::reschedule`]); this starts it, says how far it is, and swaps in the new
//! card states when they arrive. Studying goes on meanwhile: answers are saved as always and the
//! store applies them on top of the replay.

use super::*;

impl AppState {
    /// Reschedules the card states with the current scheduler: at once when that needs no replay,
    /// otherwise on the store's thread (the status line shows the progress; [`Self::poll_reschedule`]
    /// takes the result).
    pub(super) fn reschedule(&mut self) {
        self.progress_version += 1;
        let Some(store) = &mut self.store else {
            return;
        };
        if let Some((collection, notice)) = store.reschedule(&self.scheduler, self.wake.clone()) {
            self.collection = collection;
            self.notices
                .extend(notice.into_iter().map(|n| info(n.to_string())));
        }
    }

    /// Takes the result of a rescheduling whose thread is done; returns whether one is still running
    /// (the caller looks again soon, besides the repaint the thread asks for).
    pub fn poll_reschedule(&mut self) -> bool {
        let Some(store) = &mut self.store else {
            return false;
        };
        if let Some(result) = store.poll_reschedule() {
            self.rescheduled(result);
        }
        self.store
            .as_ref()
            .is_some_and(|s| s.reschedule_fraction().is_some())
    }

    /// How far a rescheduling is (0.0 to 1.0), while one runs.
    pub fn rescheduling_progress(&self) -> Option<f32> {
        self.store.as_ref()?.reschedule_fraction()
    }

    /// Waits for a running rescheduling and takes its result. For tests and benchmarks.
    pub fn wait_for_reschedule(&mut self) {
        if let Some(result) = self.store.as_mut().and_then(|s| s.wait_reschedule()) {
            self.rescheduled(result);
        }
    }

    /// How the app asks for a repaint from another thread (the eframe shell sets it).
    pub fn set_wake(&mut self, wake: crate::progress::reschedule::Wake) {
        self.wake = wake;
    }

    fn rescheduled(
        &mut self,
        result: Result<(Collection, Option<crate::progress::Notice>), crate::progress::Notice>,
    ) {
        match result {
            Ok((collection, notice)) => {
                let old = std::mem::replace(&mut self.collection, collection);
                crate::progress::store::drop_elsewhere(old);
                if let Some(active) = &mut self.session {
                    active.session.rescheduled(&self.collection);
                }
                self.progress_version += 1;
                self.notices
                    .extend(notice.into_iter().map(|n| info(n.to_string())));
            }
            Err(notice) => self.notices.push(error(notice.to_string())),
        }
    }
}
