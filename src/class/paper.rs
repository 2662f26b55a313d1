//! Exam papers: the exact exam a teacher hands out, so every student of a class answers the same
//! questions in the same order with the same options, and their results can be compared item by item.
//!
//! A paper names its questions by id and records each one's content hash, so a student's app can tell
//! whether the bank it has is the one the paper was made from ([`Paper::check_bank`]). It does not copy
//! the questions: the bank travels with the paper (the teacher hands out both, or the student already
//! has it), and the check makes a mismatch loud instead of silent.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::bank::{Answer, Bank, Question};
use crate::study::exam::{ExamSpec, SplitMix64, pick_questions};
use crate::{BankId, QuestionId, stable_hash};

/// What a paper file says it is, so a result file or a bank opened by mistake is refused clearly.
pub const PAPER_FORMAT: &str = "dossier-exam-paper";
/// Bumped when a paper file changes incompatibly; older apps refuse newer papers with a message.
pub const PAPER_FORMAT_VERSION: u32 = 1;
/// The extension paper files get (`.paper.json` keeps them apart from result files).
pub const PAPER_EXTENSION: &str = "paper.json";

/// What the teacher asks for when making a paper.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaperSpec {
    /// How many questions; fewer when the chosen sections do not have that many.
    pub questions: usize,
    /// Section headings to draw from; empty: the whole article.
    pub sections: Vec<String>,
    /// The same seed and bank give the same paper (same questions, order, options and id).
    pub seed: u64,
    /// `None`: no time limit.
    pub time_limit_secs: Option<u32>,
    /// Shown to students above the exam; empty: the bank's title.
    pub title: String,
}

/// One question of a paper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperQuestion {
    /// The question's id in the bank.
    pub id: QuestionId,
    /// The question's content hash when the paper was made (hex), to detect a changed question.
    pub content_hash: String,
    /// Display order of the options (choice, and the choice part of a two-part question), right-hand
    /// sides (matching) or starting order (ordering), as indices into the bank's list; empty for other
    /// kinds.
    #[serde(default)]
    pub order: Vec<usize>,
}

/// A fixed exam, as saved in a `.paper.json` file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paper {
    /// Always [`PAPER_FORMAT`].
    pub format: String,
    /// [`PAPER_FORMAT_VERSION`] when written by this version.
    pub format_version: u32,
    /// Stable id: `<bank>-<8 hex digits>` from the bank, the questions, their order and the limit.
    /// Every result of this paper carries it.
    pub paper_id: String,
    /// Shown to the student.
    pub title: String,
    /// The bank the questions come from.
    pub bank_id: BankId,
    /// The bank's `version` field when the paper was made.
    pub bank_version: Option<String>,
    /// A hash (hex) of every question id and content hash in the bank when the paper was made: equal
    /// means the bank's questions are exactly as they were.
    pub bank_hash: String,
    /// The bank's file name when the paper was made: where to look for it next to the paper.
    #[serde(default)]
    pub bank_file: Option<String>,
    /// `None`: no time limit.
    pub time_limit_secs: Option<u32>,
    /// The questions in the order asked.
    pub questions: Vec<PaperQuestion>,
    /// The day of the exam, if the teacher set one (in the bank file or in Settings): a student who
    /// opens the paper before then studies towards it (see `docs/scheduling.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exam_date: Option<chrono::NaiveDate>,
}

/// Why a paper could not be made, read or taken.
#[derive(Debug, thiserror::Error)]
pub enum PaperError {
    #[error("no questions to put on the paper: the chosen sections have no gradable questions")]
    NoQuestions,
    #[error("could not read the paper {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not an exam paper: {reason}", path.display())]
    NotAPaper { path: PathBuf, reason: String },
    #[error(
        "{} was made by a newer Dossier (paper format {found}, this version reads {PAPER_FORMAT_VERSION}); update Dossier",
        path.display()
    )]
    TooNew { path: PathBuf, found: u32 },
    #[error("could not save the paper: {0}")]
    Write(#[from] crate::progress::ProgressError),
    #[error("could not write the paper: {0}")]
    Json(#[from] serde_json::Error),
}

/// How the bank at hand differs from the one a paper was made from.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BankMismatch {
    #[error(
        "this paper is for the bank \"{wanted}\", which is not in your library; open that bank (ask your teacher for its .ron file) and then the paper again"
    )]
    Missing { wanted: BankId },
    #[error(
        "the bank \"{bank}\" has changed since this paper was made: {}; ask your teacher for the bank the paper was made from",
        describe(.missing, .changed)
    )]
    Changed {
        bank: BankId,
        /// Questions of the paper no longer in the bank.
        missing: Vec<QuestionId>,
        /// Questions of the paper whose text or answer changed.
        changed: Vec<QuestionId>,
    },
}

fn describe(missing: &[QuestionId], changed: &[QuestionId]) -> String {
    let list = |ids: &[QuestionId]| {
        let shown: Vec<&str> = ids.iter().take(5).map(|q| q.0.as_str()).collect();
        let more = ids.len().saturating_sub(5);
        let mut text = shown.join(", ");
        if more > 0 {
            text.push_str(&format!(" and {more} more"));
        }
        text
    };
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!(
            "{} question(s) missing ({})",
            missing.len(),
            list(missing)
        ));
    }
    if !changed.is_empty() {
        parts.push(format!(
            "{} question(s) changed ({})",
            changed.len(),
            list(changed)
        ));
    }
    parts.join(", ")
}

/// The hash of a bank's questions (ids and content hashes, in order), as [`Paper::bank_hash`] holds it.
pub fn bank_hash(bank: &Bank) -> String {
    let mut text = String::new();
    for question in &bank.questions {
        text.push_str(&question.id.0);
        text.push('\u{1f}');
        text.push_str(&format!("{:016x}\u{1e}", question.content_hash));
    }
    format!("{:016x}", stable_hash(text.as_bytes()))
}

/// The display order a paper fixes for a question, if its kind has one: a seeded permutation of its
/// options, right-hand sides or items (an ordering question never starts in the right order).
fn fixed_order(question: &Question, seed: u64) -> Vec<usize> {
    let n = match &question.answer {
        Answer::Choice { options, .. } | Answer::TwoPart { options, .. } => options.len(),
        Answer::Matching { pairs } => pairs.len(),
        Answer::Ordering { items } => items.len(),
        _ => return Vec::new(),
    };
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = SplitMix64::new(seed ^ stable_hash(question.id.0.as_bytes()));
    rng.shuffle(&mut order);
    if matches!(question.answer, Answer::Ordering { .. })
        && n >= 2
        && order.iter().enumerate().all(|(i, &v)| i == v)
    {
        order.rotate_left(1);
    }
    order
}

/// Makes a paper from a bank: questions picked as an exam picks them ([`pick_questions`]: spread over
/// the sections, hand-written first), flashcards left out (a student grades those, which an exam cannot
/// allow), options in a seeded order.
pub fn make_paper(bank: &Bank, spec: &PaperSpec) -> Result<Paper, PaperError> {
    let gradable = |q: &&Question| !matches!(q.answer, Answer::Flashcard { .. });
    let pick = ExamSpec {
        // Ask for extra so that flashcards dropped below still leave enough.
        questions: spec.questions.saturating_mul(2).max(spec.questions),
        sections: spec.sections.clone(),
        time_limit_secs: spec.time_limit_secs,
        seed: spec.seed,
    };
    let questions: Vec<PaperQuestion> = pick_questions(bank, &pick)
        .iter()
        .filter_map(|id| bank.question(id))
        .filter(gradable)
        .take(spec.questions)
        .map(|q| PaperQuestion {
            id: q.id.clone(),
            content_hash: format!("{:016x}", q.content_hash),
            order: fixed_order(q, spec.seed),
        })
        .collect();
    if questions.is_empty() {
        return Err(PaperError::NoQuestions);
    }
    let mut identity = format!("{}\u{1f}{:?}", bank.id.0, spec.time_limit_secs);
    for q in &questions {
        identity.push_str(&format!(
            "\u{1e}{}\u{1f}{}\u{1f}{:?}",
            q.id.0, q.content_hash, q.order
        ));
    }
    let bank_part: String = bank
        .id
        .0
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .take(40)
        .collect();
    let title = match spec.title.trim() {
        "" => bank.title.clone(),
        t => t.to_owned(),
    };
    Ok(Paper {
        format: PAPER_FORMAT.to_owned(),
        format_version: PAPER_FORMAT_VERSION,
        paper_id: format!(
            "{bank_part}-{:08x}",
            stable_hash(identity.as_bytes()) & 0xffff_ffff
        ),
        title,
        bank_id: bank.id.clone(),
        bank_version: bank.version.clone(),
        bank_hash: bank_hash(bank),
        bank_file: bank
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned()),
        time_limit_secs: spec.time_limit_secs,
        questions,
        exam_date: bank.exam_date(),
    })
}

impl Paper {
    /// The paper as pretty JSON.
    pub fn to_json(&self) -> Result<String, PaperError> {
        Ok(serde_json::to_string_pretty(self)?)
    }

    /// Reads a paper, refusing anything that is not one (a result file, a bank) with a clear reason.
    pub fn from_json(json: &str, path: &Path) -> Result<Self, PaperError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| PaperError::NotAPaper {
                path: path.to_path_buf(),
                reason: format!("not JSON ({e})"),
            })?;
        if value.get("format").and_then(|f| f.as_str()) != Some(PAPER_FORMAT) {
            let reason = if value.get("items").is_some() {
                "it is an exam result; open it on the Class screen or with `dossier results`"
            } else {
                "it has no \"format\": \"dossier-exam-paper\" field"
            };
            return Err(PaperError::NotAPaper {
                path: path.to_path_buf(),
                reason: reason.to_owned(),
            });
        }
        let found = value
            .get("format_version")
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        if found > u64::from(PAPER_FORMAT_VERSION) {
            return Err(PaperError::TooNew {
                path: path.to_path_buf(),
                found: u32::try_from(found).unwrap_or(u32::MAX),
            });
        }
        serde_json::from_value(value).map_err(|e| PaperError::NotAPaper {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })
    }

    /// Reads a paper file.
    pub fn load(path: &Path) -> Result<Self, PaperError> {
        let json = std::fs::read_to_string(path).map_err(|source| PaperError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_json(&json, path)
    }

    /// Writes the paper atomically.
    pub fn save(&self, path: &Path) -> Result<(), PaperError> {
        let json = self.to_json()?;
        crate::progress::write_atomically(path, json.as_bytes())?;
        Ok(())
    }

    /// Whether `bank` can give this paper: the same bank id and every question present with the
    /// content it had. Edits to other questions of the bank do not matter.
    pub fn check_bank(&self, bank: &Bank) -> Result<(), BankMismatch> {
        if bank.id != self.bank_id {
            return Err(BankMismatch::Missing {
                wanted: self.bank_id.clone(),
            });
        }
        let mut missing = Vec::new();
        let mut changed = Vec::new();
        for q in &self.questions {
            match bank.question(&q.id) {
                None => missing.push(q.id.clone()),
                Some(found) if format!("{:016x}", found.content_hash) != q.content_hash => {
                    changed.push(q.id.clone())
                }
                Some(_) => {}
            }
        }
        if missing.is_empty() && changed.is_empty() {
            Ok(())
        } else {
            Err(BankMismatch::Changed {
                bank: bank.id.clone(),
                missing,
                changed,
            })
        }
    }

    /// Of the banks at hand, the one this paper can be taken from; else why not (the bank is missing,
    /// or every copy has changed).
    pub fn find_bank<'a>(
        &self,
        banks: impl IntoIterator<Item = &'a Bank>,
    ) -> Result<&'a Bank, BankMismatch> {
        let mut mismatch = BankMismatch::Missing {
            wanted: self.bank_id.clone(),
        };
        for bank in banks {
            match self.check_bank(bank) {
                Ok(()) => return Ok(bank),
                Err(e @ BankMismatch::Changed { .. }) => mismatch = e,
                Err(BankMismatch::Missing { .. }) => {}
            }
        }
        Err(mismatch)
    }

    /// The question ids in the order asked.
    pub fn question_ids(&self) -> Vec<QuestionId> {
        self.questions.iter().map(|q| q.id.clone()).collect()
    }

    /// The fixed display order for a question of this paper, if it has one.
    pub fn order_of(&self, id: &QuestionId) -> Option<&[usize]> {
        self.questions
            .iter()
            .find(|q| &q.id == id)
            .map(|q| q.order.as_slice())
            .filter(|o| !o.is_empty())
    }

    /// Where to look for the paper's bank next to the paper file: the recorded file name, then every
    /// `.ron` file in the same folder.
    pub fn bank_candidates(&self, paper_path: &Path) -> Vec<PathBuf> {
        let dir = paper_path.parent().unwrap_or_else(|| Path::new("."));
        let mut paths = Vec::new();
        if let Some(name) = &self.bank_file {
            let named = dir.join(name);
            if named.is_file() {
                paths.push(named);
            }
        }
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut rons: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "ron") && !paths.contains(p))
                .collect();
            rons.sort();
            paths.extend(rons);
        }
        paths
    }
}

/// Whether a path names a paper file (by its `.paper.json` ending), so the app can tell a dropped
/// paper from a dropped bank or result.
pub fn is_paper_path(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().ends_with(".paper.json"))
}

/// The permutation `order` if it is one of `0..n`, else `None` (a damaged paper falls back to the
/// bank's order instead of panicking).
pub fn valid_order(order: &[usize], n: usize) -> Option<&[usize]> {
    if order.len() != n {
        return None;
    }
    let mut seen = vec![false; n];
    for &i in order {
        if i >= n || std::mem::replace(&mut seen[i], true) {
            return None;
        }
    }
    Some(order)
}

/// `path` with `.paper.json` added unless it already ends so (a bare `.json` becomes `.paper.json`).
pub fn with_paper_extension(path: &Path) -> PathBuf {
    if is_paper_path(path) {
        return path.to_path_buf();
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "exam".to_owned());
    let stem = name.strip_suffix(".json").unwrap_or(&name);
    path.with_file_name(format!("{stem}.{PAPER_EXTENSION}"))
}
