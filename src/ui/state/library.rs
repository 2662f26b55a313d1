//! The library: the bundled banks, the library folder and opened files, and changes teachers make to them.

use super::*;
use crate::bank::lazy::LazyBank;

/// The banks that ship inside the binary, so the app works from any folder and on any machine.
pub const BUNDLED_BANKS: &[(&str, &str)] = &[(
    "north-korea-russia.ron",
    include_str!("../../../quizzes/north-korea-russia.ron"),
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
    /// Its summary, and its content once a screen opens it (see [`crate::bank::lazy`]).
    pub bank: Result<LazyBank, Vec<Diagnostic>>,
    /// The diagnostics rendered as text once, for the library's error view.
    pub rendered_errors: String,
    /// Questions the teacher changed since the student last answered them: the library asks whether
    /// to keep or reset their progress.
    pub changed: Vec<QuestionId>,
}

impl LibraryEntry {
    fn new(path: PathBuf, origin: BankOrigin, result: Result<LazyBank, Vec<Diagnostic>>) -> Self {
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
            bank: result,
            rendered_errors,
            changed: Vec::new(),
        }
    }
}

impl AppState {
    /// Loads the bundled banks and every bank in the user's library folder again; opened banks stay.
    /// A changed exam date in a bank file reschedules the card states.
    pub fn reload_banks(&mut self) {
        // Asked for, or after a change on disk: every file is read and hashed again.
        self.load_library(false);
        if self.follow_bank_exam_dates() {
            self.reschedule();
        }
    }

    /// The bank-loading part of [`Self::reload_banks`]. With `trust_stamps` (at start), a bank file
    /// whose size and times prove it unchanged since it was cached is not read at all.
    pub(super) fn load_library(&mut self, trust_stamps: bool) {
        let opened: Vec<PathBuf> = self
            .library
            .iter()
            .filter(|e| e.origin == BankOrigin::Opened)
            .map(|e| e.path.clone())
            .collect();
        self.library.clear();
        self.library_version += 1;
        for (name, source) in BUNDLED_BANKS {
            let path = PathBuf::from(format!("bundled/{name}"));
            let result = match &mut self.bank_cache {
                Some(cache) => validate::load_bank_str_lazy(source, &path, cache),
                None => validate::load_bank_str(source, &path).map(LazyBank::loaded),
            };
            self.library
                .push(LibraryEntry::new(path, BankOrigin::Bundled, result));
        }
        if let Some(Ok(dir)) = self.data_dir.as_ref().map(|d| d.quizzes_dir()) {
            let loaded: Vec<(PathBuf, Result<LazyBank, Vec<Diagnostic>>)> =
                match &mut self.bank_cache {
                    Some(cache) => validate::load_paths_lazy(&[dir], cache, trust_stamps)
                        .into_iter()
                        .map(|l| (l.path, l.result))
                        .collect(),
                    None => validate::load_folder(&dir)
                        .into_iter()
                        .map(|l| (l.path, l.result.map(LazyBank::loaded)))
                        .collect(),
                };
            for (path, result) in loaded {
                self.library
                    .push(LibraryEntry::new(path, BankOrigin::Library, result));
            }
        }
        for path in opened {
            self.open_bank_file(&path);
        }
        // The cache keeps only what this library has: entries of banks deleted, renamed or no longer
        // open go.
        if let Some(cache) = &mut self.bank_cache {
            cache.remove_unused();
        }
        self.find_changed_questions();
        self.find_quiz_files();
        if self
            .selected_bank
            .as_ref()
            .is_none_or(|id| self.bank_summary(id).is_none())
        {
            self.selected_bank = self.most_useful_bank();
        }
    }

    /// Looks for questions changed since they were last answered, in every loaded bank.
    pub(super) fn find_changed_questions(&mut self) {
        // From the progress index (kept up to date as answers are saved), not from the log.
        let empty = crate::progress::changes::LastContentHashes::default();
        let hashes = match &mut self.store {
            Some(store) => store.last_content_hashes(&self.scheduler).0,
            None => std::borrow::Cow::Borrowed(&empty),
        };
        for entry in &mut self.library {
            entry.changed = match &entry.bank {
                Ok(bank) => hashes.changed_in(bank.summary()),
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
            let Some(content_hash) = bank.content_hash(&id) else {
                continue;
            };
            let event = if keep {
                crate::study::Event::Keep { content_hash }
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
        let result = match &mut self.bank_cache {
            // A folder is refused by `load_bank_file` with a clear message, not loaded as a library.
            Some(cache) if !path.is_dir() => {
                validate::load_paths_lazy(&[path.to_path_buf()], cache, false)
                    .into_iter()
                    .next()
                    .map_or_else(
                        || validate::load_bank_file(path).map(LazyBank::loaded),
                        |loaded| loaded.result,
                    )
            }
            _ => validate::load_bank_file(path).map(LazyBank::loaded),
        };
        self.library_version += 1;
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

    /// Every valid bank, by its summary (reading none of their content).
    pub fn banks(&self) -> impl Iterator<Item = &LazyBank> {
        self.library.iter().filter_map(|e| e.bank.as_ref().ok())
    }

    /// The bank `id` by its summary, without reading its content.
    pub fn bank_summary(&self, id: &BankId) -> Option<&LazyBank> {
        self.banks().find(|b| &b.id == id)
    }

    /// The bank `id`, whole: read from the bank cache the first time a screen opens it.
    pub fn bank(&self, id: &BankId) -> Option<&Arc<Bank>> {
        self.bank_summary(id)?.full()
    }

    /// The bank every screen shows, whole (see [`Self::bank`]).
    pub fn selected(&self) -> Option<&Arc<Bank>> {
        self.selected_bank.as_ref().and_then(|id| self.bank(id))
    }

    /// The bank every screen shows, by its summary.
    pub fn selected_summary(&self) -> Option<&LazyBank> {
        self.selected_bank
            .as_ref()
            .and_then(|id| self.bank_summary(id))
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
