//! "New bank from article…": drafting a bank from a file or pasted text, saving it into the library
//! folder under a fresh name and opening it in Preview for the teacher to review.

use super::*;
use crate::author::save::{fresh_bank_path, save_draft};
use crate::author::{self, ArticleFormat, DraftOptions};

/// Where the article comes from.
#[derive(Clone, Debug)]
pub enum ArticleSource {
    /// A file the teacher picked (.txt, .md, .html).
    File(PathBuf),
    /// Text pasted into the app; the format is sniffed.
    Pasted(String),
}

impl AppState {
    /// Drafts a bank from `source`, saves it into the library folder (never over an existing file)
    /// and opens it in Preview. Returns whether a bank was saved; every failure is a notice.
    pub fn draft_new_bank(&mut self, source: ArticleSource, title: Option<String>) -> bool {
        let dir = match self.data_dir.as_ref().map(|d| d.quizzes_dir()) {
            Some(Ok(dir)) => dir,
            Some(Err(e)) => {
                self.notices
                    .push(error(format!("Could not open your library folder: {e}")));
                return false;
            }
            None => {
                self.notices
                    .push(error("There is no data folder to save the bank in.".into()));
                return false;
            }
        };
        let options = DraftOptions {
            title,
            source: None,
        };
        let (drafted, name, stem) = match &source {
            ArticleSource::File(path) => {
                let too_big = std::fs::metadata(path)
                    .map(|m| m.len() > author::input::MAX_ARTICLE_BYTES as u64)
                    .unwrap_or(false);
                let bytes = if too_big {
                    Err(format!(
                        "{} is too large to draft from (at most {} bytes).",
                        path.display(),
                        author::input::MAX_ARTICLE_BYTES
                    ))
                } else {
                    std::fs::read(path)
                        .map_err(|e| format!("Could not read {}: {e}", path.display()))
                };
                let name = path.file_name().map_or_else(
                    || "the article".to_owned(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let stem = path
                    .file_stem()
                    .map_or_else(|| "draft".to_owned(), |s| s.to_string_lossy().into_owned());
                let drafted = bytes.and_then(|bytes| {
                    let format = author::format_of(path, &bytes);
                    author::draft_from_bytes(&bytes, Some(format), &name, &options)
                        .map_err(|e| format!("Could not draft from {}: {e}", path.display()))
                });
                (drafted, name, stem)
            }
            ArticleSource::Pasted(text) => {
                let drafted = author::draft_from_text(
                    text,
                    Some(ArticleFormat::sniff(text)),
                    "pasted text",
                    &options,
                )
                .map_err(|e| format!("Could not draft from the pasted text: {e}"));
                (drafted, "pasted text".to_owned(), String::new())
            }
        };
        let mut drafted = match drafted {
            Ok(drafted) => drafted,
            Err(message) => {
                self.notices.push(error(message));
                return false;
            }
        };
        // Progress is keyed by bank id: a second draft of the same article gets an id of its own.
        let base = drafted.draft.bank.id.clone();
        let taken = |id: &str| self.banks().any(|b| b.id.0 == id);
        let mut id = base.clone();
        let mut n = 2;
        while taken(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        if id != base {
            drafted.draft.bank.id = id.clone();
            drafted.ron = author::writer::write_bank(&drafted.draft, &name);
        }
        let stem = if stem.is_empty() { id.clone() } else { stem };
        if let Err(e) = std::fs::create_dir_all(&dir) {
            self.notices
                .push(error(format!("Could not create {}: {e}", dir.display())));
            return false;
        }
        let path = fresh_bank_path(&dir, &stem);
        if let Err(e) = save_draft(&drafted, &path) {
            self.notices.push(error(e.to_string()));
            return false;
        }
        self.reload_banks();
        self.selected_bank = Some(crate::BankId(id));
        self.screen = Screen::Preview;
        let mut text = format!(
            "Drafted {} passages, {} actors, {} claims and {} questions into {}. {} items are marked for review: open the bank with Edit (in the Library) to check each one against its passage and confirm it.",
            drafted.draft.bank.passages.len(),
            drafted.draft.bank.actors.len(),
            drafted.draft.bank.claims.len(),
            drafted.draft.bank.questions.len(),
            path.display(),
            drafted.draft.flagged()
        );
        for note in &drafted.draft.notes {
            text.push(' ');
            text.push_str(note);
        }
        self.notices.push(info(text));
        true
    }
}
