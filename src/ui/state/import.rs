//! The Import screen: a quiz file (GIFT, Aiken, Moodle XML, Anki text, CSV/TSV) and optionally its
//! article in, a preview of every question that will be imported and every one skipped with why, then
//! one atomic save into the library folder. Nothing is written before Save; Cancel leaves no trace.
//! The reading and checking is [`crate::interchange::preview`]; this is what the screen's buttons do.

use super::*;
use crate::interchange::preview::{ImportPreview, preview_import};
use crate::interchange::{ImportOptions, QuizFile, quiz_files_in};

/// What the teacher typed and what the last preview found.
#[derive(Clone, Debug, Default)]
pub struct ImportSession {
    /// The quiz file's path, as typed or chosen.
    pub file: String,
    /// The article's path (optional): .txt, .md, .html, or a bank whose passages to use.
    pub article: String,
    /// The bank title; filled with the preview's default, editable.
    pub title: String,
    /// The file name in the library folder; filled with a free one, editable.
    pub file_name: String,
    pub preview: Option<ImportPreview>,
    /// Why the last preview or save did not happen, shown on the screen until the next try.
    pub error: Option<String>,
    /// The system's file dialog came back without a file (cancelled, or no dialog service here).
    pub no_file_chosen: bool,
    /// Where the screen puts the keyboard focus next frame (once): the file field when the screen
    /// opens empty, the title field after a preview, so typing and Enter go on from there.
    pub focus: Option<ImportFocus>,
}

/// A field of the Import screen to put the keyboard focus in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFocus {
    File,
    Title,
}

impl ImportSession {
    /// Whether the preview shows the file and article now in the fields (else Save would save
    /// something other than what the fields say: preview again first).
    pub fn preview_is_current(&self) -> bool {
        self.preview.as_ref().is_some_and(|p| {
            p.file == Path::new(self.file.trim())
                && p.article.as_deref() == article_path(&self.article).as_deref()
        })
    }

    /// Whether Save would write a bank now.
    pub fn can_save(&self) -> bool {
        self.preview_is_current() && self.preview.as_ref().is_some_and(ImportPreview::can_save)
    }
}

fn article_path(text: &str) -> Option<PathBuf> {
    let text = text.trim();
    (!text.is_empty()).then(|| PathBuf::from(text))
}

/// What the teacher does on the Import screen.
#[derive(Clone, Debug)]
pub enum ImportIntent {
    /// Open the screen, on this quiz file (previewed at once) or on the session already open.
    Open(Option<PathBuf>),
    /// Ask for the quiz file with the system's file dialog.
    ChooseFile,
    /// Ask for the article with the system's file dialog.
    ChooseArticle,
    /// Preview the file (and article) now in the fields.
    Preview,
    /// Save the previewed bank into the library.
    Save,
    /// Leave without writing anything.
    Cancel,
}

impl AppState {
    /// Runs what the Import screen asked for, except the file dialogs (see [`Self::import_chosen`]).
    pub fn import(&mut self, intent: ImportIntent) {
        match intent {
            ImportIntent::Open(path) => self.open_import(path),
            ImportIntent::Preview => self.import_preview(),
            ImportIntent::Save => self.import_save(),
            ImportIntent::Cancel => {
                self.import = None;
                self.screen = Screen::Library;
            }
            // The app shows the dialog, then calls `import_chosen`.
            ImportIntent::ChooseFile | ImportIntent::ChooseArticle => {}
        }
    }

    fn open_import(&mut self, path: Option<PathBuf>) {
        self.screen = Screen::Import;
        match path {
            Some(path) => {
                self.import = Some(ImportSession {
                    file: path.display().to_string(),
                    ..ImportSession::default()
                });
                self.import_preview();
            }
            None => {
                self.import.get_or_insert_with(|| ImportSession {
                    focus: Some(ImportFocus::File),
                    ..ImportSession::default()
                });
            }
        }
    }

    /// What the system's file dialog returned for the quiz file (`article` false) or the article;
    /// a file is previewed at once, nothing chosen shows the path-field hint.
    pub fn import_chosen(&mut self, article: bool, picked: Option<PathBuf>) {
        let session = self.import.get_or_insert_with(ImportSession::default);
        match picked {
            Some(path) => {
                session.no_file_chosen = false;
                let shown = path.display().to_string();
                if article {
                    session.article = shown;
                } else {
                    session.file = shown;
                }
                if !session.file.trim().is_empty() {
                    self.import_preview();
                }
            }
            None => session.no_file_chosen = true,
        }
    }

    fn library_dir(&self) -> Result<PathBuf, String> {
        match self.data_dir.as_ref().map(|d| d.quizzes_dir()) {
            Some(Ok(dir)) => Ok(dir),
            Some(Err(e)) => Err(format!("Could not open your library folder: {e}")),
            None => Err("There is no data folder to save the bank in.".to_owned()),
        }
    }

    fn import_preview(&mut self) {
        let library = self.library_dir().unwrap_or_default();
        let ids: Vec<String> = self.banks().map(|b| b.id.0.clone()).collect();
        let Some(session) = self.import.as_mut() else {
            return;
        };
        session.error = None;
        let file = session.file.trim();
        if file.is_empty() {
            session.preview = None;
            session.error = Some(
                "Type the quiz file's path, or choose it with the system's file dialog.".into(),
            );
            return;
        }
        let article = article_path(&session.article);
        let previous = session.preview.take();
        match preview_import(
            Path::new(file),
            article.as_deref(),
            &ImportOptions::default(),
            &library,
            &|id| ids.iter().any(|taken| taken == id),
        ) {
            Ok(preview) => {
                // Keep what the teacher typed; replace only the defaults of an earlier preview.
                let was_default = |typed: &str, old: Option<&str>| {
                    typed.trim().is_empty() || old.is_some_and(|o| o == typed)
                };
                if was_default(
                    &session.title,
                    previous.as_ref().map(|p| p.default_title.as_str()),
                ) {
                    session.title = preview.default_title.clone();
                }
                if was_default(
                    &session.file_name,
                    previous.as_ref().map(|p| p.default_file_name.as_str()),
                ) {
                    session.file_name = preview.default_file_name.clone();
                }
                session.focus = preview.can_save().then_some(ImportFocus::Title);
                session.preview = Some(preview);
            }
            Err(e) => session.error = Some(e.to_string()),
        }
    }

    fn import_save(&mut self) {
        let dir = self.library_dir();
        let Some(session) = self.import.as_mut() else {
            return;
        };
        if !session.preview_is_current() {
            session.error = Some(
                "The file or article changed since the preview: preview again, then save.".into(),
            );
            return;
        }
        let Some(preview) = &session.preview else {
            return;
        };
        let dir = match dir {
            Ok(dir) => dir,
            Err(message) => {
                session.error = Some(message);
                return;
            }
        };
        match preview.save_into(&dir, &session.file_name, &session.title) {
            Ok(path) => {
                let id = crate::BankId(preview.bank_id().to_owned());
                let text = format!(
                    "Imported {} of {} questions into {}.",
                    preview.items.len(),
                    preview.import.found,
                    path.display()
                );
                self.import = None;
                self.reload_banks();
                self.selected_bank = Some(id);
                self.screen = Screen::Library;
                self.notices.push(info(text));
            }
            Err(e) => session.error = Some(as_sentence(&e.to_string())),
        }
    }

    /// Finds the quiz files in the library folder, for the library's "Import…" list.
    pub(super) fn find_quiz_files(&mut self) {
        self.quiz_files = match self.data_dir.as_ref().map(|d| d.quizzes_dir()) {
            Some(Ok(dir)) => quiz_files_in(&dir),
            _ => Vec::new(),
        };
    }

    /// The quiz files in the library folder that are not banks yet.
    pub fn quiz_files(&self) -> &[QuizFile] {
        &self.quiz_files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/interchange")
            .join(name)
    }

    fn state(dir: &Path) -> AppState {
        let clock = crate::FixedClock::new(
            chrono::DateTime::parse_from_rfc3339("2026-03-02T10:00:00+00:00").expect("valid time"),
        );
        AppState::open(Box::new(clock), Some(dir.to_path_buf()))
    }

    #[test]
    fn a_changed_field_needs_a_new_preview_before_save() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut state = state(dir.path());
        state.import(ImportIntent::Open(Some(fixture("questions.aiken.txt"))));
        let session = state.import.as_mut().expect("open");
        assert!(session.can_save());
        assert_eq!(session.file_name, "questions-aiken.ron");
        session.file = fixture("damaged.gift").display().to_string();
        assert!(!session.can_save());
        state.import(ImportIntent::Save);
        let session = state.import.as_ref().expect("still open");
        assert!(
            session
                .error
                .as_deref()
                .is_some_and(|e| e.contains("preview again"))
        );
        let quizzes = dir.path().join("quizzes");
        assert!(
            std::fs::read_dir(&quizzes).map_or(true, |mut d| d.next().is_none()),
            "nothing written"
        );
    }

    #[test]
    fn a_title_the_teacher_typed_survives_a_new_preview() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut state = state(dir.path());
        state.import(ImportIntent::Open(Some(fixture("questions.aiken.txt"))));
        let session = state.import.as_mut().expect("open");
        session.title = "My science quiz".into();
        session.file = fixture("damaged.gift").display().to_string();
        state.import(ImportIntent::Preview);
        let session = state.import.as_ref().expect("open");
        assert_eq!(session.title, "My science quiz");
        assert_eq!(session.file_name, "damaged.ron");
    }
}
