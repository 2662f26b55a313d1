//! Everything the app knows, with no egui in it: the library of banks, the student's progress, the
//! settings and the running session. Intents are applied here, so the behaviour behind every button is
//! testable without a window; the screens only draw this state.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::bank::Bank;
use crate::bank::diagnostic::Diagnostic;
use crate::bank::validate;
use crate::progress::location::DataDir;
use crate::progress::settings::Settings;
use crate::progress::store::Store;
use crate::study::collection::Collection;
use crate::study::exam::{self, Exam, ExamResult, ExamSpec, ExamStatus};
use crate::study::grade::{Response, Verdict};
use crate::study::schedule::{Scheduler, SchedulerConfig};
use crate::study::session::{Session, SessionFilter};
use crate::study::{Rating, Record};
use crate::{BankId, Clock, QuestionId};

use super::intent::Screen;

/// The banks that ship inside the binary, so the app works from any folder and on any machine.
pub const BUNDLED_BANKS: &[(&str, &str)] = &[(
    "north-korea-russia.ron",
    include_str!("../../quizzes/north-korea-russia.ron"),
)];

/// Where a bank in the library came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BankOrigin {
    /// Shipped with Dossier.
    Bundled,
    /// In the user's library folder (data dir `quizzes/`).
    Library,
    /// Opened from elsewhere for this run only.
    Opened,
}

/// One bank file in the library: loaded, or broken with its diagnostics.
#[derive(Clone, Debug)]
pub struct LibraryEntry {
    pub path: PathBuf,
    pub origin: BankOrigin,
    pub bank: Result<Arc<Bank>, Vec<Diagnostic>>,
    /// The diagnostics rendered as text once, for the library's error view.
    pub rendered_errors: String,
    /// Questions the teacher changed since the student last answered them: the library asks whether
    /// to keep or reset their progress.
    pub changed: Vec<QuestionId>,
}

impl LibraryEntry {
    fn new(path: PathBuf, origin: BankOrigin, result: Result<Bank, Vec<Diagnostic>>) -> Self {
        let rendered_errors = match &result {
            Err(diagnostics) => diagnostics
                .iter()
                .map(Diagnostic::render_plain)
                .collect::<Vec<_>>()
                .join("\n"),
            Ok(_) => String::new(),
        };
        Self {
            path,
            origin,
            bank: result.map(Arc::new),
            rendered_errors,
            changed: Vec::new(),
        }
    }
}

/// How long an info notice stays on screen.
pub const INFO_NOTICE_MS: i64 = 8_000;

/// A message for the user that stays until dismissed (errors) or a few seconds (info).
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
}

/// A study session on one bank, with the student's answer so far.
pub struct ActiveSession {
    pub bank: Arc<Bank>,
    pub session: Session,
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

/// An exam being taken or just finished.
pub struct ExamRun {
    pub bank: Arc<Bank>,
    pub exam: Exam<Response>,
    /// Whether the answers go into the study schedule when the exam ends (off by default: an exam
    /// measures, it does not train).
    pub record_in_schedule: bool,
    /// Set when the exam ends.
    pub result: Option<ExamResult>,
    /// Where the result files were saved.
    pub saved_to: Option<(PathBuf, PathBuf)>,
}

/// What the student chose on the exam set-up form.
#[derive(Clone, Debug, PartialEq)]
pub struct ExamChoice {
    pub questions: usize,
    /// Empty: every section.
    pub sections: Vec<String>,
    pub time_limit_minutes: Option<u32>,
    pub seed: u64,
    pub record_in_schedule: bool,
}

/// Everything the statistics screen shows for one bank, computed once when progress changes.
#[derive(Clone, Debug)]
pub struct StatsReport {
    pub bank: BankId,
    pub stats: crate::study::stats::Stats,
    /// Due reviews per day for the next 30 days, today first (overdue counted today).
    pub forecast: Vec<u32>,
    pub by_section: Vec<crate::study::stats::GroupMastery<String>>,
    /// Keyed by actor name.
    pub by_actor: Vec<crate::study::stats::GroupMastery<String>>,
    /// The hardest questions with their prompts.
    pub hardest: Vec<(String, crate::study::stats::HardQuestion)>,
    pub desired_retention: f32,
}

/// Where the reader should scroll to and what to highlight ("show in article").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReaderFocus {
    pub passage: Option<String>,
    pub quote: Option<String>,
}

/// The whole state of the app.
pub struct AppState {
    pub clock: Box<dyn Clock>,
    pub data_dir: Option<DataDir>,
    /// `None` when progress cannot be saved at all (another instance holds the lock): the app still lets
    /// the student read and study, and says clearly that answers are not saved.
    pub store: Option<Store>,
    pub settings: Settings,
    pub scheduler: Scheduler,
    pub collection: Collection,
    pub library: Vec<LibraryEntry>,
    pub selected_bank: Option<BankId>,
    pub session: Option<ActiveSession>,
    pub screen: Screen,
    pub notices: Vec<Notice>,
    /// When each info notice on screen was (last) posted, by its text: they go after a few seconds.
    notice_since: Vec<(String, i64)>,
    pub reader_focus: ReaderFocus,
    pub exam: Option<ExamRun>,
    /// Bumped whenever progress changes, so screens can rebuild cached aggregates only then.
    pub progress_version: u64,
    /// Set once the student was told that closing now loses unsaved answers: closing again quits.
    close_warned: bool,
}

impl AppState {
    /// Opens the data dir (or `data_dir_override`), the progress store, the settings and every bank.
    /// Nothing here fails: each problem becomes a notice and the app starts with what it could load.
    pub fn open(clock: Box<dyn Clock>, data_dir_override: Option<PathBuf>) -> Self {
        let mut notices = Vec::new();
        let data_dir = match data_dir_override {
            Some(path) => Some(DataDir::at(path)),
            None => match crate::progress::location::data_dir() {
                Ok(dir) => Some(dir),
                Err(e) => {
                    notices.push(error(format!("Progress cannot be saved: {e}")));
                    None
                }
            },
        };
        let (settings, settings_notice) = match &data_dir {
            Some(dir) => Settings::load(&dir.settings_path()),
            None => (Settings::default(), None),
        };
        notices.extend(settings_notice.into_iter().map(|n| info(n.to_string())));
        let store = match &data_dir {
            Some(dir) => match Store::open(dir) {
                Ok((store, store_notices)) => {
                    notices.extend(store_notices.into_iter().map(|n| info(n.to_string())));
                    Some(store)
                }
                Err(e) => {
                    notices.push(error(format!(
                        "{} Answers in this window will not be saved.",
                        as_sentence(&e.to_string())
                    )));
                    None
                }
            },
            None => None,
        };
        let (scheduler, scheduler_notice) = scheduler_for(&settings);
        notices.extend(scheduler_notice);
        let collection = match &store {
            Some(store) => {
                // From the snapshot when it matches the log; rebuilt (and re-saved) when it does not.
                let (collection, notice) = store.collection(&scheduler);
                notices.extend(notice.into_iter().map(|n| info(n.to_string())));
                collection
            }
            // Another Dossier has the folder (or it cannot be written): show the progress saved so
            // far, read only, rather than every question as new.
            None => data_dir
                .as_ref()
                .and_then(|dir| crate::progress::store::read_only(dir, &scheduler).ok())
                .map(|(_, collection, _)| collection)
                .unwrap_or_default(),
        };
        let mut state = Self {
            clock,
            data_dir,
            store,
            settings,
            scheduler,
            collection,
            library: Vec::new(),
            selected_bank: None,
            session: None,
            screen: Screen::Library,
            notices,
            notice_since: Vec::new(),
            reader_focus: ReaderFocus::default(),
            exam: None,
            progress_version: 0,
            close_warned: false,
        };
        state.reload_banks();
        state
    }

    /// Loads the bundled banks and every bank in the user's library folder again; opened banks stay.
    pub fn reload_banks(&mut self) {
        let opened: Vec<PathBuf> = self
            .library
            .iter()
            .filter(|e| e.origin == BankOrigin::Opened)
            .map(|e| e.path.clone())
            .collect();
        self.library.clear();
        for (name, source) in BUNDLED_BANKS {
            let path = PathBuf::from(format!("bundled/{name}"));
            let result = validate::load_bank_str(source, &path);
            self.library
                .push(LibraryEntry::new(path, BankOrigin::Bundled, result));
        }
        if let Some(Ok(dir)) = self.data_dir.as_ref().map(|d| d.quizzes_dir()) {
            {
                for loaded in validate::load_folder(&dir) {
                    self.library.push(LibraryEntry::new(
                        loaded.path,
                        BankOrigin::Library,
                        loaded.result,
                    ));
                }
            }
        }
        for path in opened {
            self.open_bank_file(&path);
        }
        self.find_changed_questions();
        if self
            .selected_bank
            .as_ref()
            .is_none_or(|id| self.bank(id).is_none())
        {
            self.selected_bank = self.most_useful_bank();
        }
    }

    /// Looks for questions changed since they were last answered, in every loaded bank.
    fn find_changed_questions(&mut self) {
        let records = self.store.as_ref().map_or(&[][..], |s| s.records());
        // One pass over the records for all banks, not one per bank.
        let hashes = crate::progress::changes::LastContentHashes::of(records);
        for entry in &mut self.library {
            entry.changed = match &entry.bank {
                Ok(bank) => hashes.changed_in(bank),
                Err(_) => Vec::new(),
            };
        }
    }

    /// Answers the library's question about changed questions: keep their progress, or start them
    /// again as new. Either way the decision is saved, so it is asked once.
    pub fn resolve_changed(&mut self, bank_id: &BankId, keep: bool) {
        let Some(entry) = self
            .library
            .iter()
            .find(|e| e.bank.as_ref().is_ok_and(|b| &b.id == bank_id))
        else {
            return;
        };
        let Ok(bank) = entry.bank.clone() else { return };
        let changed = entry.changed.clone();
        let now = self.clock.now();
        let at_ms = now.timestamp_millis();
        for id in changed {
            let Some(question) = bank.question(&id) else {
                continue;
            };
            let event = if keep {
                crate::study::Event::Keep {
                    content_hash: question.content_hash,
                }
            } else {
                crate::study::Event::Reset
            };
            let record = Record {
                id: crate::study::RecordId::new(at_ms),
                at_ms,
                utc_offset_secs: now.offset().local_minus_utc(),
                bank: bank.id.clone(),
                question: id,
                event,
            };
            self.collection.apply(&record, &self.scheduler);
            self.persist(record);
        }
        self.find_changed_questions();
    }

    /// Adds a bank from any path for this run (or reloads it if already open).
    pub fn open_bank_file(&mut self, path: &Path) {
        let result = validate::load_bank_file(path);
        if let Ok(bank) = &result {
            self.selected_bank = Some(bank.id.clone());
        }
        self.library.retain(|e| e.path != path);
        self.library.push(LibraryEntry::new(
            path.to_path_buf(),
            BankOrigin::Opened,
            result,
        ));
        self.find_changed_questions();
    }

    /// Copies a bank file into the user's library folder, so it is there next time. The copy is
    /// atomic; a file already in the library (the same file, or one with the same bytes) is left as
    /// it is, and a different bank with the same file name is kept: the new one gets a free name.
    pub fn import_bank(&mut self, path: &Path) {
        let dir = match self.data_dir.as_ref().map(|d| d.quizzes_dir()) {
            Some(Ok(dir)) => dir,
            Some(Err(e)) => {
                self.notices
                    .push(error(format!("Could not open your library folder: {e}")));
                return;
            }
            None => {
                self.notices.push(error(
                    "There is no data folder to copy the bank into.".into(),
                ));
                return;
            }
        };
        let Some(name) = path.file_name() else {
            self.notices
                .push(error(format!("{} is not a file.", path.display())));
            return;
        };
        let shown = crate::safe_io::printable(&path.display().to_string()).into_owned();
        let bytes = match crate::safe_io::read_limited(
            path,
            validate::Limits::default().max_file_bytes as u64,
        ) {
            Ok(bytes) => bytes,
            Err(e) => {
                self.notices
                    .push(error(format!("Could not copy {shown}: {e}.")));
                return;
            }
        };
        let target = match library_target(&dir, Path::new(name), path, &bytes) {
            LibraryTarget::AlreadyThere(existing) => {
                self.notices.push(info(format!(
                    "{shown} is already in your library (as {}).",
                    existing.display()
                )));
                self.library.retain(|e| e.path != path);
                self.reload_banks();
                return;
            }
            LibraryTarget::Free(target) => target,
        };
        match crate::progress::write_atomically(&target, &bytes) {
            Ok(()) => {
                let renamed = if target.file_name() == Some(name) {
                    String::new()
                } else {
                    format!(
                        " Another bank was already called {}, so this one was saved as {}.",
                        Path::new(name).display(),
                        target
                            .file_name()
                            .map_or(String::new(), |n| n.to_string_lossy().into_owned())
                    )
                };
                self.notices
                    .push(info(format!("Copied {shown} into your library.{renamed}")));
                self.library.retain(|e| e.path != path);
                self.reload_banks();
            }
            Err(e) => self
                .notices
                .push(error(format!("Could not copy {shown}: {e}"))),
        }
    }

    /// Every valid bank.
    pub fn banks(&self) -> impl Iterator<Item = &Arc<Bank>> {
        self.library.iter().filter_map(|e| e.bank.as_ref().ok())
    }

    pub fn bank(&self, id: &BankId) -> Option<&Arc<Bank>> {
        self.banks().find(|b| &b.id == id)
    }

    pub fn selected(&self) -> Option<&Arc<Bank>> {
        self.selected_bank.as_ref().and_then(|id| self.bank(id))
    }

    /// The bank with the most to do today, for the big Study button.
    pub fn most_useful_bank(&self) -> Option<BankId> {
        let now = self.clock.now();
        self.banks()
            .max_by_key(|bank| {
                let counts = self.collection.counts(bank, now);
                (counts.due_today + counts.learning, counts.new_available)
            })
            .map(|b| b.id.clone())
    }

    /// Starts a session; says so when there is nothing to study instead of showing an empty screen.
    pub fn start_study(&mut self, bank_id: &BankId, filter: SessionFilter) {
        let Some(bank) = self.bank(bank_id).cloned() else {
            self.notices
                .push(error(format!("The bank {bank_id} is not loaded.")));
            return;
        };
        let now = self.clock.now();
        let session = Session::new(&bank, &self.collection, &self.scheduler, filter, now);
        if session.current().is_none() {
            self.notices.push(info(
                "Nothing is due in this bank right now. Come back later, or read the article."
                    .into(),
            ));
            return;
        }
        self.selected_bank = Some(bank.id.clone());
        self.session = Some(ActiveSession { bank, session });
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
    fn persist(&mut self, record: Record) {
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

    /// Saves the settings and applies the scheduling ones.
    pub fn save_settings(&mut self) {
        let (scheduler, notice) = scheduler_for(&self.settings);
        self.notices.extend(notice);
        self.scheduler = scheduler;
        if let Some(store) = &self.store {
            self.collection = Collection::replay(store.records(), &self.scheduler);
        }
        self.progress_version += 1;
        if let Some(dir) = &self.data_dir
            && let Err(e) = self.settings.save(&dir.settings_path())
        {
            self.notices
                .push(error(format!("Settings could not be saved: {e}")));
        }
    }

    /// Keeps the notices readable: a repeated notice shows once (its newest copy, with its time
    /// restarted), and an info notice goes after [`INFO_NOTICE_MS`]; errors stay until dismissed.
    /// Returns when the next info notice goes, so the app repaints then instead of polling.
    pub fn tidy_notices(&mut self) -> Option<std::time::Duration> {
        let now_ms = self.clock.now().timestamp_millis();
        let mut kept: Vec<Notice> = Vec::with_capacity(self.notices.len());
        let mut reposted: Vec<String> = Vec::new();
        for notice in std::mem::take(&mut self.notices).into_iter().rev() {
            if kept.contains(&notice) {
                reposted.push(notice.text);
            } else {
                kept.push(notice);
            }
        }
        kept.reverse();
        let infos: Vec<&str> = kept
            .iter()
            .filter(|n| !n.is_error)
            .map(|n| n.text.as_str())
            .collect();
        self.notice_since
            .retain(|(text, _)| infos.contains(&text.as_str()) && !reposted.contains(text));
        for text in infos {
            if !self.notice_since.iter().any(|(t, _)| t == text) {
                self.notice_since.push((text.to_owned(), now_ms));
            }
        }
        let since = |text: &str| {
            self.notice_since
                .iter()
                .find(|(t, _)| t == text)
                .map_or(now_ms, |(_, at)| *at)
        };
        kept.retain(|n| n.is_error || now_ms - since(&n.text) < INFO_NOTICE_MS);
        let next_expiry = kept
            .iter()
            .filter(|n| !n.is_error)
            .map(|n| since(&n.text) + INFO_NOTICE_MS - now_ms)
            .min();
        self.notices = kept;
        next_expiry.map(|ms| std::time::Duration::from_millis(ms.max(0) as u64))
    }

    /// Brings back a learning card whose step has come due; returns when to look again, if a card is
    /// still waiting.
    pub fn tick(&mut self) -> Option<std::time::Duration> {
        let now = self.clock.now();
        let active = self.session.as_mut()?;
        let due_ms = active.session.next_learning_due_ms()?;
        if active.session.current().is_none() && due_ms <= now.timestamp_millis() {
            active.session.refresh(&self.collection, now);
        }
        let wait_ms = (due_ms - now.timestamp_millis()).max(0) as u64;
        Some(std::time::Duration::from_millis(wait_ms.max(500)))
    }

    /// Starts an exam on the selected bank. Flashcards are left out: they are graded by the student,
    /// which an exam cannot allow.
    pub fn start_exam(&mut self, choice: &ExamChoice) {
        let Some(bank) = self.selected().cloned() else {
            self.notices
                .push(error("Pick a bank in the library first.".into()));
            return;
        };
        let spec = ExamSpec {
            questions: choice.questions.saturating_mul(2).max(choice.questions),
            sections: choice.sections.clone(),
            time_limit_secs: choice.time_limit_minutes.map(|m| m * 60),
            seed: choice.seed,
        };
        let picked: Vec<QuestionId> = exam::pick_questions(&bank, &spec)
            .into_iter()
            .filter(|id| {
                bank.question(id)
                    .is_some_and(|q| !matches!(q.answer, crate::bank::Answer::Flashcard { .. }))
            })
            .take(choice.questions)
            .collect();
        let now = self.clock.now();
        match Exam::start(
            &bank,
            &picked,
            spec.time_limit_secs,
            &self.settings.student_name,
            now,
        ) {
            Ok(exam) => {
                self.exam = Some(ExamRun {
                    bank,
                    exam,
                    record_in_schedule: choice.record_in_schedule,
                    result: None,
                    saved_to: None,
                })
            }
            Err(e) => self
                .notices
                .push(error(format!("Could not start the exam: {e}"))),
        }
    }

    /// Records the answer to the exam's current question and moves to the next unanswered one.
    pub fn exam_answer(&mut self, response: Response) {
        let now = self.clock.now();
        let Some(run) = &mut self.exam else { return };
        match run.exam.answer(response, now) {
            Ok(ExamStatus::Finished) | Err(_) => self.finish_exam(),
            Ok(ExamStatus::Asking { .. }) => {}
        }
    }

    /// Shows exam question `index`.
    pub fn exam_go_to(&mut self, index: usize) {
        let now = self.clock.now();
        if let Some(run) = &mut self.exam
            && run.exam.go_to(index, now).is_err()
        {
            self.finish_exam();
        }
    }

    /// Ends the exam if its time is up; returns how long until it is, for the UI's timer.
    pub fn exam_tick(&mut self) -> Option<std::time::Duration> {
        let now = self.clock.now();
        let run = self.exam.as_mut()?;
        if run.result.is_some() {
            return None;
        }
        if run.exam.tick(now) == ExamStatus::Finished {
            self.finish_exam();
            return None;
        }
        run.exam
            .remaining_ms(now)
            .map(|ms| std::time::Duration::from_millis(ms.clamp(200, 1000)))
    }

    /// Ends the exam, scores it, saves the result files and, if chosen, records the answers in the
    /// schedule.
    pub fn finish_exam(&mut self) {
        let now = self.clock.now();
        let Some(run) = &mut self.exam else { return };
        if run.result.is_some() {
            return;
        }
        // Already finished (time up) is fine: the result is what matters.
        let _ = run.exam.finish(now);
        let known = crate::study::KnownAnswers::from_bank(&run.bank);
        let scored = run.exam.score(|question, response| {
            let verdict = crate::study::grade_with(question, response, &known);
            (
                verdict.score,
                crate::study::response_text(question, response),
                verdict.expected,
            )
        });
        let result = match scored {
            Ok(result) => result,
            Err(e) => {
                self.notices
                    .push(error(format!("The exam could not be scored: {e}")));
                return;
            }
        };
        if let Some(dir) = &self.data_dir {
            match exam::save_result(&dir.root.join("exams"), &result) {
                Ok(paths) => run.saved_to = Some(paths),
                Err(e) => self
                    .notices
                    .push(error(format!("The exam result could not be saved: {e}"))),
            }
        }
        let mut records = Vec::new();
        if run.record_in_schedule {
            for item in &result.items {
                if item.answer_text.is_empty() {
                    continue;
                }
                let rating = if item.correct {
                    Rating::Good
                } else if item.score > 0.0 {
                    Rating::Hard
                } else {
                    Rating::Again
                };
                let at_ms = now.timestamp_millis();
                records.push(Record {
                    id: crate::study::RecordId::new(at_ms),
                    at_ms,
                    utc_offset_secs: now.offset().local_minus_utc(),
                    bank: run.bank.id.clone(),
                    question: item.question_id.clone(),
                    event: crate::study::Event::Review {
                        rating,
                        score: item.score,
                        answer: item.answer_text.clone(),
                        duration_ms: item.time_ms,
                        content_hash: run
                            .bank
                            .question(&item.question_id)
                            .map_or(0, |q| q.content_hash),
                    },
                });
            }
        }
        run.result = Some(result);
        for record in records {
            self.collection.apply(&record, &self.scheduler);
            self.persist(record);
        }
    }

    /// Copies the last exam's result files into a folder of the student's choice.
    pub fn export_exam(&mut self, folder: &Path) {
        let Some(result) = self.exam.as_ref().and_then(|r| r.result.as_ref()) else {
            return;
        };
        match exam::save_result(folder, result) {
            Ok((csv, _)) => self.notices.push(info(format!(
                "Exam result saved as {} (and .json).",
                csv.display()
            ))),
            Err(e) => self
                .notices
                .push(error(format!("Could not save the exam result there: {e}"))),
        }
    }

    /// The statistics of a bank: aggregates over the whole log, the due forecast and mastery.
    pub fn stats_report(&self, bank: &Bank) -> StatsReport {
        use crate::study::stats::{Stats, forecast, mastery_by_group};
        let now = self.clock.now();
        let rollover = self.settings.rollover_hour;
        let local_day = |ms: i64| {
            let local = crate::study::schedule::record_time(ms, now.offset().local_minus_utc());
            (local - chrono::Duration::hours(i64::from(rollover))).date_naive()
        };
        let today = local_day(now.timestamp_millis());
        let records = self.store.as_ref().map_or(&[][..], |s| s.records());
        let stats = Stats::compute(records, Some(&bank.id), today, rollover);
        let due_days: Vec<chrono::NaiveDate> = self
            .collection
            .cards(&bank.id)
            .filter(|(_, card)| !card.is_new() && !card.suspended)
            .filter_map(|(_, card)| card.due.map(local_day))
            .collect();
        let retrievability = |id: &QuestionId| {
            let card = self.collection.card(&bank.id, id);
            (!card.is_new()).then(|| self.scheduler.retrievability(&card, now.timestamp_millis()))
        };
        let by_section = mastery_by_group(bank.questions.iter().filter_map(|q| {
            bank.section_of(q)
                .map(|section| (section.to_owned(), retrievability(&q.id)))
        }));
        let by_actor = mastery_by_group(bank.actors.iter().flat_map(|actor| {
            crate::bank::reader::questions_on_actor(bank, &actor.id)
                .into_iter()
                .map(|q| (actor.name.clone(), retrievability(&q.id)))
        }));
        let hardest = stats
            .hardest
            .iter()
            .filter_map(|h| {
                bank.question(&h.question)
                    .map(|q| (q.prompt.clone(), h.clone()))
            })
            .take(10)
            .collect();
        StatsReport {
            bank: bank.id.clone(),
            forecast: forecast(due_days.into_iter(), today, 30),
            stats,
            by_section,
            by_actor,
            hardest,
            desired_retention: self.settings.desired_retention,
        }
    }

    /// Ends the session and returns to the library.
    pub fn end_session(&mut self) {
        self.session = None;
        self.screen = Screen::Library;
    }

    /// The question being asked now, if any.
    pub fn current_question(&self) -> Option<(&Arc<Bank>, &QuestionId)> {
        let active = self.session.as_ref()?;
        Some((&active.bank, active.session.current()?))
    }

    /// Whether answers are being saved.
    pub fn saves_progress(&self) -> bool {
        self.store.is_some()
    }
}

/// Where a bank being added to the library goes.
enum LibraryTarget {
    /// This file (or one with exactly its bytes) is already in the library, here.
    AlreadyThere(PathBuf),
    /// A free name in the library folder.
    Free(PathBuf),
}

/// `name` in `dir`, unless that is `source` itself or already holds `bytes`; a name taken by another
/// bank becomes `name-2.ron`, `name-3.ron`, …
fn library_target(dir: &Path, name: &Path, source: &Path, bytes: &[u8]) -> LibraryTarget {
    let stem = name
        .file_stem()
        .map_or_else(|| "bank".to_owned(), |s| s.to_string_lossy().into_owned());
    let ext = name
        .extension()
        .map_or_else(|| "ron".to_owned(), |e| e.to_string_lossy().into_owned());
    let same_file = |candidate: &Path| match (
        std::fs::canonicalize(candidate),
        std::fs::canonicalize(source),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    for n in 1..=9_999 {
        let candidate = if n == 1 {
            dir.join(name)
        } else {
            dir.join(format!("{stem}-{n}.{ext}"))
        };
        if !candidate.exists() && std::fs::symlink_metadata(&candidate).is_err() {
            return LibraryTarget::Free(candidate);
        }
        let same_bytes = || {
            crate::safe_io::read_limited(&candidate, bytes.len() as u64).is_ok_and(|b| b == bytes)
        };
        if same_file(&candidate) || same_bytes() {
            return LibraryTarget::AlreadyThere(candidate);
        }
    }
    LibraryTarget::Free(dir.join(format!("{stem}-{:016x}.{ext}", rand::random::<u64>())))
}

/// The scheduler for the settings; on bad parameters, the default one and a notice.
fn scheduler_for(settings: &Settings) -> (Scheduler, Option<Notice>) {
    match settings.scheduler() {
        Ok(s) => (s, None),
        Err(e) => {
            let fallback = Scheduler::new(SchedulerConfig::default());
            let notice = error(format!(
                "Your scheduling settings are invalid ({e}); using the defaults."
            ));
            match fallback {
                Ok(s) => (s, Some(notice)),
                Err(_) => unreachable_scheduler(),
            }
        }
    }
}

/// The FSRS defaults are known-good parameters: failing to build a scheduler from them is a bug in
/// Dossier, not something a user or a file can cause.
fn unreachable_scheduler() -> (Scheduler, Option<Notice>) {
    panic!("the default FSRS parameters must always build a scheduler")
}

/// `text` ending in a full stop (or the `?`/`!` it already has), to be followed by another sentence.
fn as_sentence(text: &str) -> String {
    let text = text.trim_end();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

fn error(text: String) -> Notice {
    Notice {
        text,
        is_error: true,
    }
}

fn info(text: String) -> Notice {
    Notice {
        text,
        is_error: false,
    }
}
