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
use crate::study::exam::{Exam, ExamResult, ExamSpec, ExamStatus};
use crate::study::grade::{Response, Verdict};
use crate::study::schedule::{Scheduler, SchedulerConfig};
use crate::study::session::{Session, SessionFilter};
use crate::study::{Rating, Record};
use crate::{BankId, Clock, QuestionId};

use super::intent::Screen;

mod author;
mod class;
mod editor;
mod exam;
mod figures;
mod history;
mod import;
mod library;
mod reschedule;
mod stats;
mod study;

pub use author::ArticleSource;
pub use class::ClassView;
pub use editor::{AuthorIntent, EditorSession};
pub use exam::{ExamChoice, ExamRun, OpenPaper};
pub use figures::BankFigures;
pub use history::{HistoryEntry, QuestionHistory};
pub use import::{ImportFocus, ImportIntent, ImportSession};
pub use library::{BUNDLED_BANKS, BankOrigin, LibraryEntry};
pub use stats::{ReaderFocus, StatsReport, question_title};
pub use study::ActiveSession;

/// How long an info notice stays on screen.
pub const INFO_NOTICE_MS: i64 = 8_000;

/// A message for the user that stays until dismissed (errors) or a few seconds (info).
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub text: String,
    pub is_error: bool,
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
    /// A paper opened and waiting to be started (see `exam::OpenPaper`).
    pub exam_paper: Option<OpenPaper>,
    /// The class report the teacher opened (see `class::ClassView`).
    pub class: Option<ClassView>,
    /// Bumped whenever progress changes, so screens can rebuild cached aggregates only then.
    pub progress_version: u64,
    /// Bumped whenever the loaded banks change (a reload, a bank opened), for the same reason.
    pub library_version: u64,
    /// The library's per-bank numbers, kept between frames (see `figures`).
    library_figures: figures::FiguresCell,
    /// Validated banks kept from earlier starts (see [`crate::bank::cache`]); `None` without a data
    /// folder.
    pub bank_cache: Option<crate::bank::cache::BankCache>,
    /// The question histories read for the feedback screen (see [`AppState::question_history`]),
    /// so it never reads the whole log again after an answer.
    pub(crate) history_cache: std::cell::RefCell<history::HistoryCache>,
    /// The bank open on the authoring screen.
    pub editor: Option<EditorSession>,
    /// The Import screen's file, article, preview and save fields, while it is open.
    pub import: Option<ImportSession>,
    /// Quiz files (GIFT, Aiken, …) in the library folder, listed with "Import…" (see `import`).
    quiz_files: Vec<crate::interchange::QuizFile>,
    /// Set once the student was told that closing now loses unsaved answers: closing again quits.
    close_warned: bool,
    /// Asks the window for a repaint from a background thread (a no-op until the app sets it).
    wake: crate::progress::reschedule::Wake,
}
impl AppState {
    /// Opens the data dir (or `data_dir_override`), the progress store, the settings and every bank.
    /// Nothing here fails: each problem becomes a notice and the app starts with what it could load.
    pub fn open(clock: Box<dyn Clock>, data_dir_override: Option<PathBuf>) -> Self {
        let mut notices = Vec::new();
        let data_dir = match crate::progress::location::data_dir_or(data_dir_override) {
            Ok(dir) => Some(dir),
            Err(e) => {
                notices.push(error(format!("Progress cannot be saved: {e}")));
                None
            }
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
        let (scheduler, scheduler_notice) = scheduler_for(&settings, Vec::new());
        notices.extend(scheduler_notice);
        let bank_cache = data_dir
            .as_ref()
            .map(|dir| crate::bank::cache::BankCache::in_data_dir(&dir.root));
        let mut state = Self {
            clock,
            data_dir,
            store,
            settings,
            scheduler,
            collection: Collection::default(),
            library: Vec::new(),
            selected_bank: None,
            session: None,
            screen: Screen::Library,
            notices,
            notice_since: Vec::new(),
            reader_focus: ReaderFocus::default(),
            exam: None,
            exam_paper: None,
            class: None,
            progress_version: 0,
            library_version: 0,
            library_figures: Default::default(),
            bank_cache,
            history_cache: Default::default(),
            editor: None,
            import: None,
            quiz_files: Vec::new(),
            close_warned: false,
            wake: std::sync::Arc::new(|| {}),
        };
        // Banks first: a teacher's exam date in a bank file changes the scheduler, and the card
        // states are then loaded (from the snapshot when it matches) once, with the right one.
        state.load_library(true);
        state.follow_bank_exam_dates();
        state.load_collection_at_start();
        state.selected_bank = state.most_useful_bank();
        state
    }

    /// The card states at start-up: from the index when it matches the log and the scheduler.
    /// When it holds other settings (changed since, or a bank's new exam date) its states show
    /// while the log is replayed with the current ones on a thread, as after a settings change; with
    /// no index at all they were derived from the log just read.
    fn load_collection_at_start(&mut self) {
        self.progress_version += 1;
        let scheduler = &self.scheduler;
        self.collection = match &mut self.store {
            Some(store) => match store.reschedule(scheduler, self.wake.clone()) {
                Some((collection, notice)) => {
                    self.notices
                        .extend(notice.into_iter().map(|n| info(n.to_string())));
                    collection
                }
                None => store.current_collection().unwrap_or_default(),
            },
            // Another Dossier has the folder (or it cannot be written): show the progress saved so
            // far, read only, rather than every question as new.
            None => self
                .data_dir
                .as_ref()
                .and_then(|dir| crate::progress::store::read_only(dir, scheduler).ok())
                .map(|(_, collection, _)| collection)
                .unwrap_or_default(),
        };
    }

    /// The exam dates teachers set in the loaded bank files, by bank id.
    pub fn bank_exam_dates(&self) -> Vec<(String, chrono::NaiveDate)> {
        self.banks()
            .filter_map(|bank| Some((bank.id.0.clone(), bank.exam_date()?)))
            .collect()
    }

    /// Rebuilds the scheduler when the loaded banks' exam dates differ from the ones it schedules
    /// with; returns whether it did (the card states must then be replayed).
    pub(super) fn follow_bank_exam_dates(&mut self) -> bool {
        let config = self.settings.scheduler_config_with(self.bank_exam_dates());
        if config.exam_dates == self.scheduler.config().exam_dates {
            return false;
        }
        match Scheduler::new(config) {
            Ok(scheduler) => {
                self.scheduler = scheduler;
                self.progress_version += 1;
                true
            }
            Err(_) => false,
        }
    }

    /// Saves the settings (at once) and applies the scheduling ones: the card states are
    /// rescheduled, off the frame when that means replaying a long history (see `reschedule`).
    pub fn save_settings(&mut self) {
        if let Some(dir) = &self.data_dir
            && let Err(e) = self.settings.save(&dir.settings_path())
        {
            self.notices
                .push(error(format!("Settings could not be saved: {e}")));
        }
        let (scheduler, notice) = scheduler_for(&self.settings, self.bank_exam_dates());
        self.notices.extend(notice);
        self.scheduler = scheduler;
        self.reschedule();
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

    /// Whether answers are being saved.
    pub fn saves_progress(&self) -> bool {
        self.store.is_some()
    }
}

/// The scheduler for the settings; on bad parameters, the default one and a notice.
fn scheduler_for(
    settings: &Settings,
    bank_exam_dates: Vec<(String, chrono::NaiveDate)>,
) -> (Scheduler, Option<Notice>) {
    match Scheduler::new(settings.scheduler_config_with(bank_exam_dates)) {
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

pub(super) fn error(text: String) -> Notice {
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
