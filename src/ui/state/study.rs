//! A study session: starting it, answering, rating, undo, and saving each review before saying so.

use super::*;

/// A study session on one bank, with the student's answer so far.
pub struct ActiveSession {
    pub bank: Arc<Bank>,
    pub session: Session,
    /// Escape was pressed: the app asks "End this session?" before ending it.
    pub confirm_end: bool,
    /// The student ended the session before the last question: the summary shows.
    pub ended: bool,
    /// What the session was asked to study (a custom session's time limit lives here).
    pub filter: SessionFilter,
}

impl ActiveSession {
    /// The verdict on the current question once checked; the rating bar shows while there is one.
    pub fn verdict(&self) -> Option<&Verdict> {
        self.session.verdict()
    }

    /// The rating the verdict and the time taken suggest; Enter accepts it.
    pub fn suggested(&self) -> Rating {
        self.session.suggested_rating().unwrap_or(Rating::Good)
    }
}

impl AppState {
    /// Starts a session; says so when there is nothing to study instead of showing an empty screen.
    pub fn start_study(&mut self, bank_id: &BankId, filter: SessionFilter) {
        let Some(bank) = self.bank(bank_id).cloned() else {
            self.notices
                .push(error(format!("The bank {bank_id} is not loaded.")));
            return;
        };
        let now = self.clock.now();
        let session = Session::new(
            &bank,
            &self.collection,
            &self.scheduler,
            filter.clone(),
            now,
        );
        if session.current().is_none() {
            self.notices.push(info(
                "Nothing is due in this bank right now. Come back later, or read the article."
                    .into(),
            ));
            return;
        }
        self.selected_bank = Some(bank.id.clone());
        self.session = Some(ActiveSession {
            bank,
            session,
            confirm_end: false,
            ended: false,
            filter,
        });
        self.screen = Screen::Study;
    }

    /// Checks the answer to the current question.
    pub fn answer(&mut self, response: &Response) {
        let now = self.clock.now();
        if let Some(active) = &mut self.session
            && let Err(e) = active.session.answer(&active.bank, response, now)
        {
            self.notices.push(error(e.to_string()));
        }
    }

    /// Rates the current question, saves the review, and moves on.
    pub fn rate(&mut self, rating: Rating) {
        let now = self.clock.now();
        let Some(active) = &mut self.session else {
            return;
        };
        match active
            .session
            .rate(rating, &mut self.collection, &self.scheduler, now)
        {
            Ok(record) => {
                // A custom session with a time limit ends at the first rating past it.
                if let Some(minutes) = active.filter.minutes {
                    let started = active.session.summary().elapsed;
                    if started.as_secs() >= u64::from(minutes) * 60 {
                        active.ended = true;
                    }
                }
                self.persist(record);
            }
            Err(e) => self.notices.push(error(e.to_string())),
        }
    }

    /// Takes back the last answer in this session.
    pub fn undo(&mut self) {
        let now = self.clock.now();
        let Some(active) = &mut self.session else {
            return;
        };
        match active
            .session
            .undo(&mut self.collection, &self.scheduler, now)
        {
            Some(record) => {
                self.persist(record);
                self.notices.push(info("Last answer undone.".into()));
            }
            None => self
                .notices
                .push(info("Nothing to undo in this session.".into())),
        }
    }

    /// Hides the current question until tomorrow (bury) or until unsuspended (suspend).
    pub fn bury_or_suspend(&mut self, suspend: bool) {
        let now = self.clock.now();
        let Some(active) = &mut self.session else {
            return;
        };
        let record = if suspend {
            active
                .session
                .suspend(&mut self.collection, &self.scheduler, now)
        } else {
            active
                .session
                .bury(&mut self.collection, &self.scheduler, now)
        };
        if let Ok(record) = record {
            self.persist(record);
            self.notices.push(info(if suspend {
                "Question suspended. Unsuspend it from the statistics screen.".into()
            } else {
                "Question buried until tomorrow.".into()
            }));
        }
    }

    /// Appends a record to the log. The store keeps records it could not write and retries them; the
    /// student is told, and nothing is dropped.
    pub(super) fn persist(&mut self, record: Record) {
        self.progress_version += 1;
        if let Some(store) = &mut self.store
            && let Err(e) = store.append(record)
        {
            self.notices.push(error(format!(
                "Your answer could not be saved yet ({e}). Dossier keeps it and will retry."
            )));
        }
    }

    /// Retries writes that failed earlier (disk full, folder read-only).
    pub fn retry_pending(&mut self) {
        if let Some(store) = &mut self.store {
            match store.retry_pending() {
                Ok(()) => self
                    .notices
                    .retain(|n| !n.text.contains("could not be saved")),
                Err(e) => self.notices.push(error(format!("Still cannot save: {e}"))),
            }
        }
    }

    /// Whether the window may close now. Answers waiting to be saved are retried, then written to a
    /// recovery file that the next start adds to the log; if even that fails the student is told and
    /// the window stays open (closing once more quits without them, as they were warned).
    pub fn may_close(&mut self) -> bool {
        let Some(store) = &mut self.store else {
            return true;
        };
        if store.pending_count() == 0 || store.retry_pending().is_ok() {
            // The next start then reads no lines of the log (the store also saves it when dropped,
            // which a window closed by the system may skip). The log has everything either way.
            let _ = store.save_index();
            return true;
        }
        let pending = store.pending_count();
        match store.save_pending_for_recovery() {
            Ok(_) => true,
            Err(_) if self.close_warned => true,
            Err(e) => {
                self.close_warned = true;
                let answers = if pending == 1 { "answer" } else { "answers" };
                self.notices.push(error(format!(
                    "{pending} {answers} could not be saved ({e}). Free some space on the disk and \
                     press Retry before closing; closing again now quits without them."
                )));
                false
            }
        }
    }

    /// Brings back a learning card whose step has come due; returns when to look again, if a card is
    /// still waiting.
    pub fn tick(&mut self) -> Option<std::time::Duration> {
        let now = self.clock.now();
        let active = self.session.as_mut()?;
        // Past the rollover, the new study day's new questions and reviews join the session.
        let bank = Arc::clone(&active.bank);
        active
            .session
            .start_new_day(&bank, &self.collection, &self.scheduler, now);
        let due_ms = active.session.next_learning_due_ms()?;
        if active.session.current().is_none() && due_ms <= now.timestamp_millis() {
            active.session.refresh(&self.collection, now);
        }
        let wait_ms = (due_ms - now.timestamp_millis()).max(0) as u64;
        Some(std::time::Duration::from_millis(wait_ms.max(500)))
    }

    /// Escape during a session: ask before ending it, unless it is over already (then leave).
    pub fn ask_end_session(&mut self) {
        match &mut self.session {
            Some(active) if !active.ended && !active.session.is_finished() => {
                active.confirm_end = !active.confirm_end;
            }
            _ => self.end_session(),
        }
    }

    /// Answers "End this session?": `end` shows the summary of what was done; otherwise study on.
    pub fn confirm_end_session(&mut self, end: bool) {
        if let Some(active) = &mut self.session {
            active.confirm_end = false;
            active.ended |= end;
        }
    }

    /// "I was right": counts the current typed or cloze answer right (see
    /// [`Session::override_verdict`]).
    pub fn override_verdict(&mut self) {
        if let Some(active) = &mut self.session {
            active.session.override_verdict(&active.bank);
        }
    }

    /// Saves the student's note about a question of the running session for the teacher.
    pub fn report_problem(&mut self, question: &QuestionId, note: String) {
        let Some(active) = &self.session else { return };
        let Some(dir) = &self.data_dir else {
            self.notices.push(error(
                "The report cannot be saved: there is no data folder.".into(),
            ));
            return;
        };
        let report = crate::progress::reports::ProblemReport {
            at_ms: self.clock.now().timestamp_millis(),
            bank: active.bank.id.clone(),
            question: question.clone(),
            prompt: active
                .bank
                .question(question)
                .map(|q| q.prompt.clone())
                .unwrap_or_default(),
            note,
        };
        let path = dir.root.join(crate::progress::reports::REPORTS_FILE);
        match crate::progress::reports::append(&path, report) {
            Ok(()) => self.notices.push(info(
                "Report saved for your teacher; it goes with your exported results.".into(),
            )),
            Err(e) => self
                .notices
                .push(error(format!("The report could not be saved: {e}"))),
        }
    }

    /// Ends the session and returns to the library.
    pub fn end_session(&mut self) {
        self.session = None;
        self.screen = Screen::Library;
    }

    /// Whether the current question has been checked (its feedback and rating bar are on screen).
    pub fn verdict_shown(&self) -> bool {
        self.session.as_ref().is_some_and(|a| a.verdict().is_some())
    }

    /// The question being asked now, if any.
    pub fn current_question(&self) -> Option<(&Arc<Bank>, &QuestionId)> {
        let active = self.session.as_ref()?;
        Some((&active.bank, active.session.current()?))
    }
}
