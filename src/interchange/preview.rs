//! What an import will make, before anything is written: the app's Import screen shows this, then saves
//! it into the library.
//!
//! [`preview_import`] reads the quiz file (and optionally the article), assembles the bank exactly as
//! `dossier import` does and validates its RON text as `dossier check` would, so every question listed
//! is one the saved bank holds, and every question skipped is listed with the same diagnostic words as
//! the CLI prints. [`ImportPreview::save_into`] writes that text atomically, never over an existing file.
//! No egui here; the only disk access is reading the two files and the one write on save.

use std::path::{Path, PathBuf};

use super::{AssembleOptions, Import, ImportOptions, assemble, slug};
use crate::bank::diagnostic::Diagnostic;
use crate::bank::raw::RawBank;
use crate::bank::validate::load_bank_str;
use crate::bank::{Answer, Bank};
use crate::study::grade::expected_text;

/// Most characters of a linked passage shown beside a question: enough to recognise it.
const EXCERPT_CHARS: usize = 160;

/// One question as it will be imported.
#[derive(Clone, Debug, PartialEq)]
pub struct PreviewItem {
    /// The id it gets in the bank.
    pub id: String,
    /// "multiple choice", "true/false", … as the rest of the app names kinds.
    pub kind: &'static str,
    pub prompt: String,
    /// The right answer, as the preview and feedback show it.
    pub answer: String,
    /// What else the student sees: the wrong options of a choice; empty for other kinds.
    pub wrong_options: Vec<String>,
    /// The passage of the article it is linked to, when an article was given.
    pub passage: Option<LinkedPassage>,
    /// The link to the passage is weak: the bank marks it `review: true` for the teacher to confirm.
    pub weak_link: bool,
}

/// The passage a question was linked to, shortened for the preview.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkedPassage {
    pub id: String,
    pub section: String,
    pub excerpt: String,
}

/// A question skipped, or a detail lost, where it is in the quiz file.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// `file:line:col`, as `dossier import` prints it.
    pub location: String,
    /// The diagnostic's own words (the same sentence the CLI prints).
    pub reason: String,
    pub hint: Option<String>,
}

impl Problem {
    fn of(diagnostic: &Diagnostic) -> Self {
        let file = diagnostic.path.file_name().map_or_else(
            || diagnostic.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        Self {
            location: format!("{file}:{}:{}", diagnostic.line(), diagnostic.column()),
            reason: diagnostic.message.clone(),
            hint: diagnostic.hint.clone(),
        }
    }
}

/// Everything the Import screen shows, and the bank it will save.
#[derive(Clone, Debug)]
pub struct ImportPreview {
    pub file: PathBuf,
    pub article: Option<PathBuf>,
    /// What reading the file found, with every diagnostic.
    pub import: Import,
    /// Every question as it will be imported, in file order.
    pub items: Vec<PreviewItem>,
    /// Every question skipped, with why.
    pub skipped: Vec<Problem>,
    /// Details lost or changed on questions that are imported.
    pub lost: Vec<Problem>,
    /// How many passages the article gave (0 without one).
    pub passages: usize,
    pub weak_links: usize,
    /// The title the bank gets unless the teacher types another.
    pub default_title: String,
    /// A file name free in the library folder, for the save field.
    pub default_file_name: String,
    raw: RawBank,
}

/// Why the preview could not be made at all (the file or the article cannot be read).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PreviewError(pub String);

/// Why saving the previewed bank did not happen. Each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    #[error("{0} is already in your library: choose another file name (it was not overwritten)")]
    Exists(String),
    #[error("`{0}` is not a file name: type a name such as unit-1.ron, without folders (/ or \\)")]
    BadName(String),
    #[error("No question could be imported from this file, so there is nothing to save")]
    Nothing,
    #[error("The imported bank did not pass the bank check (a Dossier bug, please report it): {0}")]
    Invalid(String),
    #[error("Could not write {path}: {message}")]
    Write { path: String, message: String },
}

/// Reads `file` (and `article`, when given) and builds the preview. `library` is the folder the bank
/// will be saved in (for a free default file name); `id_taken` says which bank ids the library already
/// uses, so the new bank gets one of its own (progress is kept by bank id).
pub fn preview_import(
    file: &Path,
    article: Option<&Path>,
    options: &ImportOptions,
    library: &Path,
    id_taken: &dyn Fn(&str) -> bool,
) -> Result<ImportPreview, PreviewError> {
    let import = super::import_file(file, options)
        .map_err(|e| PreviewError(format!("Could not read {}: {e}", file.display())))?;
    let passages = match article {
        Some(article) => super::assemble::article_passages(article).map_err(PreviewError)?,
        None => Vec::new(),
    };
    let stem = file.file_stem().map_or_else(
        || "imported".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let base = Some(slug(&stem, 48))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "imported".to_owned());
    let mut id = base.clone();
    let mut n = 2;
    while id_taken(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    let assembled = assemble(
        std::slice::from_ref(&import),
        &AssembleOptions {
            passages,
            id,
            title: String::new(),
        },
    );
    let raw = assembled.bank;
    let bank = validated(&raw).map_err(|e| PreviewError(e.to_string()))?;
    let items = bank.as_ref().map_or_else(Vec::new, items_of);
    let (skipped, lost) = import
        .diagnostics
        .iter()
        .partition::<Vec<&Diagnostic>, _>(|d| d.is_error());
    Ok(ImportPreview {
        file: file.to_path_buf(),
        article: article.map(Path::to_path_buf),
        default_title: raw.title.clone(),
        default_file_name: free_file_name(library, &base),
        skipped: skipped.into_iter().map(Problem::of).collect(),
        lost: lost.into_iter().map(Problem::of).collect(),
        passages: raw.passages.len(),
        weak_links: assembled.weak_links,
        items,
        import,
        raw,
    })
}

/// The bank as RON text and validated; `None` when it has no question (an empty bank is not saved).
fn validated(raw: &RawBank) -> Result<Option<Bank>, SaveError> {
    if raw.questions.is_empty() {
        return Ok(None);
    }
    let text = super::assemble::to_ron(raw).map_err(|e| SaveError::Invalid(e.to_string()))?;
    load_bank_str(&text, Path::new("imported.ron"))
        .map(Some)
        .map_err(|d| {
            SaveError::Invalid(
                d.iter()
                    .map(|d| d.message.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
}

fn items_of(bank: &Bank) -> Vec<PreviewItem> {
    bank.questions
        .iter()
        .map(|q| PreviewItem {
            id: q.id.0.clone(),
            kind: q.answer.kind().label(),
            prompt: q.prompt.clone(),
            answer: expected_text(&q.answer),
            wrong_options: match &q.answer {
                Answer::Choice { options, correct } => options
                    .iter()
                    .zip(correct)
                    .filter(|(_, right)| !**right)
                    .map(|(o, _)| o.clone())
                    .collect(),
                _ => Vec::new(),
            },
            passage: bank.passage(&q.passage).map(|p| LinkedPassage {
                id: p.id.clone(),
                section: p.section.clone(),
                excerpt: excerpt(&p.text),
            }),
            weak_link: q.review && !q.passage.is_empty(),
        })
        .collect()
}

fn excerpt(text: &str) -> String {
    if text.chars().count() <= EXCERPT_CHARS {
        return text.to_owned();
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    let cut = cut.rfind(' ').map_or(cut.as_str(), |at| &cut[..at]);
    format!("{cut} …")
}

/// `stem.ron` in `dir`, or `stem-2.ron`, `stem-3.ron` … — the first that does not exist.
pub fn free_file_name(dir: &Path, stem: &str) -> String {
    let name = |n: usize| {
        if n == 1 {
            format!("{stem}.ron")
        } else {
            format!("{stem}-{n}.ron")
        }
    };
    (1..10_000)
        .map(name)
        .find(|candidate| std::fs::symlink_metadata(dir.join(candidate)).is_err())
        .unwrap_or_else(|| name(1))
}

impl ImportPreview {
    /// "unit1.gift: GIFT (Moodle): imported 14 of 16 questions", as `dossier import` says it.
    pub fn summary(&self) -> String {
        let name = self.file.file_name().map_or_else(
            || self.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        self.import.summary_named(&name)
    }

    /// The bank's id (unique in the library when the preview was made).
    pub fn bank_id(&self) -> &str {
        &self.raw.id
    }

    /// Whether there is anything to save.
    pub fn can_save(&self) -> bool {
        !self.items.is_empty()
    }

    /// Writes the bank, titled `title` (the default when blank), as `file_name` in `dir`: checked as
    /// `dossier check` would, written atomically, never over an existing file. Returns the new path.
    pub fn save_into(
        &self,
        dir: &Path,
        file_name: &str,
        title: &str,
    ) -> Result<PathBuf, SaveError> {
        if !self.can_save() {
            return Err(SaveError::Nothing);
        }
        let name = file_name.trim();
        let plain = Path::new(name)
            .file_name()
            .is_some_and(|n| n.to_string_lossy() == name);
        if name.is_empty() || !plain || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(SaveError::BadName(name.to_owned()));
        }
        let name = if Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
        {
            name.to_owned()
        } else {
            format!("{name}.ron")
        };
        let path = dir.join(&name);
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(SaveError::Exists(name));
        }
        let mut raw = self.raw.clone();
        let title = title.trim();
        if !title.is_empty() {
            raw.title = title.to_owned();
        }
        let text = super::assemble::to_ron(&raw).map_err(|e| SaveError::Invalid(e.to_string()))?;
        load_bank_str(&text, &path).map_err(|d| {
            SaveError::Invalid(
                d.iter()
                    .map(|d| d.message.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        std::fs::create_dir_all(dir).map_err(|e| SaveError::Write {
            path: dir.display().to_string(),
            message: e.to_string(),
        })?;
        super::save_new(&path, text.as_bytes()).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                SaveError::Exists(name.clone())
            } else {
                SaveError::Write {
                    path: path.display().to_string(),
                    message: e.to_string(),
                }
            }
        })?;
        Ok(path)
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

    #[test]
    fn preview_lists_what_the_bank_will_hold_and_what_is_skipped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let preview = preview_import(
            &fixture("damaged.gift"),
            None,
            &ImportOptions::default(),
            dir.path(),
            &|_| false,
        )
        .expect("readable");
        assert_eq!(preview.items.len(), preview.import.questions.len());
        assert!(preview.summary().ends_with("imported 3 of 8 questions"));
        assert!(!preview.skipped.is_empty());
        assert!(
            preview
                .skipped
                .iter()
                .all(|p| p.location.starts_with("damaged.gift:"))
        );
        assert!(preview.items.iter().all(|i| i.passage.is_none()));
        assert_eq!(preview.default_file_name, "damaged.ron");
    }

    #[test]
    fn saving_never_overwrites_and_refuses_paths() {
        let dir = tempfile::tempdir().expect("temp dir");
        let preview = preview_import(
            &fixture("questions.aiken.txt"),
            None,
            &ImportOptions::default(),
            dir.path(),
            &|id| id == "questions-aiken",
        )
        .expect("readable");
        assert_eq!(preview.bank_id(), "questions-aiken-2");
        std::fs::write(dir.path().join("taken.ron"), "keep me").expect("written");
        assert_eq!(
            preview.save_into(dir.path(), "taken.ron", ""),
            Err(SaveError::Exists("taken.ron".into()))
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("taken.ron")).expect("kept"),
            "keep me"
        );
        assert!(matches!(
            preview.save_into(dir.path(), "../escape.ron", ""),
            Err(SaveError::BadName(_))
        ));
        let path = preview
            .save_into(dir.path(), "aiken", "Science quiz")
            .expect("saved");
        assert_eq!(path, dir.path().join("aiken.ron"));
        let bank = crate::bank::validate::load_bank_file(&path).expect("passes check");
        assert_eq!(bank.title, "Science quiz");
        assert_eq!(bank.questions.len(), preview.items.len());
    }
}
