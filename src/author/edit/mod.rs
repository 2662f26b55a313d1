//! Editing a bank in place: the operations behind the authoring screen, on the file's own text.
//!
//! An edit changes the bank's model ([`RawBank`]); the change is then written into the text at the
//! places the validator's span tree gives for the items concerned, so nothing else in the file moves
//! — not a comment, not a blank line. Every edit is checked as `dossier check` would check the file
//! and refused, with the checker's own words, if it would make the bank invalid; the text it produces
//! must also read back to exactly the model intended, or the edit is refused too. So the editor only
//! ever holds a valid bank whose text says what the screen shows.

mod form;
mod ids;
mod in_place;
mod item;
mod render;
mod save;
mod suggest;
mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ron::extensions::Extensions;

pub use self::form::{FormKind, ItemForm, snap_to_words};
pub use self::ids::id_from_words;
pub use self::item::{Item, ItemKind, ItemRef};
use self::item::{delete_item, items_of, push_item, with_item};
pub use self::render::ron_string;
pub use self::save::{HISTORY_KEPT, history_dir, history_of, save_with_history};
pub use self::suggest::suggest_certainty;
use self::write::write_in_place;
use crate::bank::Bank;
use crate::bank::diagnostic::{Diagnostic, Severity};
use crate::bank::raw::{Certainty, RawBank};
use crate::bank::validate::{Limits, check_bank_str};

/// A change a teacher makes to the bank.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A new item, at the end of its list.
    Add(Item),
    /// The item with this kind and id, as it should now be.
    Replace(Item),
    /// Removes an item. When others refer to it, `remove_references` says whether those references go
    /// too; without it the edit is refused with [`EditError::Referenced`], so the screen can ask.
    Delete {
        item: ItemRef,
        remove_references: bool,
    },
    /// Confirms a draft: its `review` mark goes.
    Confirm(ItemRef),
    /// Confirms every draft item.
    ConfirmAll,
    /// Deletes every draft item, with the references to them.
    DiscardAllDrafts,
    /// A claim's or implication's certainty.
    SetCertainty(ItemRef, Certainty),
    /// Whether Dossier generates questions from this actor, claim or implication.
    SetGeneratedQuestions(ItemRef, bool),
    /// Moves a hand-written question one place up (`up`) or down in the file, and so in Preview.
    MoveQuestion { id: String, up: bool },
}

/// One reason an edit was refused, in `dossier check`'s words, with the field it is about when the
/// edited item has one.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub message: String,
    pub hint: Option<String>,
    pub field: Option<String>,
}

/// Why an edit was not made.
#[derive(Clone, Debug, PartialEq)]
pub enum EditError {
    /// The bank would not pass `dossier check`.
    Invalid(Vec<Problem>),
    /// Other items refer to the one being deleted: each is described ("claim `x` (about)").
    Referenced(Vec<String>),
    NotFound(ItemRef),
    /// The edit could not be written into the file's text faithfully; the file is left as it was.
    NotInPlace(String),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Invalid(problems) => {
                let lines: Vec<String> = problems
                    .iter()
                    .map(|p| match &p.hint {
                        Some(hint) => format!("{} ({hint})", p.message),
                        None => p.message.clone(),
                    })
                    .collect();
                write!(f, "{}", lines.join("; "))
            }
            EditError::Referenced(by) => write!(f, "still referred to by {}", by.join(", ")),
            EditError::NotFound(item) => {
                write!(f, "no {} `{}` in the bank", item.kind.label(), item.id)
            }
            EditError::NotInPlace(why) => write!(f, "the change could not be written: {why}"),
        }
    }
}

impl std::error::Error for EditError {}

/// One state of the bank being edited.
#[derive(Clone)]
struct Version {
    text: String,
    raw: RawBank,
    bank: Arc<Bank>,
}

/// How many edits can be undone.
pub const UNDO_DEPTH: usize = 200;

/// A bank being edited: its text and model, always valid, with undo and redo, and what the file on
/// disk held when it was opened or last saved.
pub struct BankEditor {
    path: PathBuf,
    current: Version,
    undo: Vec<Version>,
    redo: Vec<Version>,
    /// The file's text as last read or written by the editor: a different text on disk means another
    /// program changed it.
    on_disk: String,
}

fn parse_raw(text: &str) -> Result<RawBank, String> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .from_str(body)
        .map_err(|e| e.to_string())
}

fn version(text: String, path: &Path) -> Result<Version, Vec<Diagnostic>> {
    let checked = check_bank_str(&text, path, &Limits::default());
    let Some(bank) = checked.bank else {
        return Err(checked.diagnostics);
    };
    let raw = parse_raw(&text).map_err(|message| {
        vec![Diagnostic::error(
            path,
            Arc::from(text.as_str()),
            0..0,
            message,
        )]
    })?;
    Ok(Version {
        text,
        raw,
        bank: Arc::new(bank),
    })
}

impl BankEditor {
    /// Opens the bank at `path` for editing; a bank that does not pass `check` cannot be edited here
    /// (its diagnostics are returned, to fix in a text editor first).
    pub fn open(path: &Path) -> Result<Self, Vec<Diagnostic>> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            vec![Diagnostic::error(
                path,
                Arc::from(""),
                0..0,
                format!("cannot read `{}`: {e}", path.display()),
            )]
        })?;
        Self::from_text(text, path)
    }

    /// An editor over `text`, as if read from `path`.
    pub fn from_text(text: String, path: &Path) -> Result<Self, Vec<Diagnostic>> {
        let current = version(text.clone(), path)?;
        Ok(Self {
            path: path.to_path_buf(),
            current,
            undo: Vec::new(),
            redo: Vec::new(),
            on_disk: text,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's text as it now stands in the editor.
    pub fn text(&self) -> &str {
        &self.current.text
    }

    /// The model as written in the file.
    pub fn raw(&self) -> &RawBank {
        &self.current.raw
    }

    /// The validated bank, generated questions included: what students would get.
    pub fn bank(&self) -> &Arc<Bank> {
        &self.current.bank
    }

    /// Whether there are edits not saved yet.
    pub fn is_dirty(&self) -> bool {
        self.current.text != self.on_disk
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Every item of `kind`, in file order.
    pub fn items(&self, kind: ItemKind) -> Vec<Item> {
        items_of(&self.current.raw, kind)
    }

    /// The item `at`, if the bank has it.
    pub fn item(&self, at: &ItemRef) -> Option<Item> {
        self.items(at.kind).into_iter().find(|i| i.id() == at.id)
    }

    /// A new id made from `words` for an item of `kind`, unique where it must be: questions among
    /// questions, the others among actors, claims, implications and responses together.
    pub fn new_id(&self, kind: ItemKind, words: &str) -> String {
        let raw = &self.current.raw;
        let taken = |id: &str| {
            if kind == ItemKind::Question {
                raw.questions.iter().any(|q| q.id == id)
            } else {
                id == "article"
                    || raw.actors.iter().any(|a| a.id == id)
                    || raw.claims.iter().any(|c| c.id == id)
                    || raw.implications.iter().any(|i| i.id == id)
                    || raw.responses.iter().any(|r| r.id == id)
            }
        };
        id_from_words(words, kind.label(), taken)
    }

    /// The items that refer to `id`, described for the teacher.
    pub fn references_to(&self, id: &str) -> Vec<String> {
        let raw = &self.current.raw;
        let mut found = Vec::new();
        for a in &raw.actors {
            if a.member_of.as_deref() == Some(id) {
                found.push(format!("actor `{}` (member of)", a.id));
            }
        }
        for c in &raw.claims {
            if c.by == id {
                found.push(format!("claim `{}` (said by)", c.id));
            }
            if c.about.iter().any(|a| a == id) {
                found.push(format!("claim `{}` (about)", c.id));
            }
        }
        for i in &raw.implications {
            if i.by.as_deref() == Some(id) {
                found.push(format!("implication `{}` (said by)", i.id));
            }
        }
        for r in &raw.responses {
            if r.by.iter().any(|a| a == id) {
                found.push(format!("response `{}` (by)", r.id));
            }
        }
        for q in &raw.questions {
            if q.about.iter().any(|a| a == id) {
                found.push(format!("question `{}` (about)", q.id));
            }
        }
        found
    }

    /// Applies `edit` if the bank stays valid; otherwise nothing changes and the error says why.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        let new_raw = self.edited(&edit)?;
        let edited = edited_item(&edit);
        let text = write_in_place(&self.current.text, &self.current.raw, &new_raw)
            .map_err(EditError::NotInPlace)?;
        match parse_raw(&text) {
            Ok(read_back) if read_back == new_raw => {}
            Ok(_) => {
                return Err(EditError::NotInPlace(
                    "the file would not read back as intended".to_owned(),
                ));
            }
            Err(message) => return Err(EditError::NotInPlace(message)),
        }
        let checked = check_bank_str(&text, &self.path, &Limits::default());
        let Some(bank) = checked.bank else {
            let index = edited.as_ref().and_then(|at| {
                items_of(&new_raw, at.kind)
                    .iter()
                    .position(|i| i.id() == at.id)
                    .map(|i| (at.kind, i))
            });
            let problems = checked
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| Problem {
                    message: d.message.clone(),
                    hint: d.hint.clone(),
                    field: index.and_then(|(kind, i)| {
                        in_place::field_at(&text, kind.list(), i, d.span.start)
                    }),
                })
                .collect();
            return Err(EditError::Invalid(problems));
        };
        let next = Version {
            text,
            raw: new_raw,
            bank: Arc::new(bank),
        };
        self.undo.push(std::mem::replace(&mut self.current, next));
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(())
    }

    /// Goes back one edit; `false` when there is none.
    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(previous) => {
                self.redo
                    .push(std::mem::replace(&mut self.current, previous));
                true
            }
            None => false,
        }
    }

    /// Makes the last undone edit again; `false` when there is none.
    pub fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some(next) => {
                self.undo.push(std::mem::replace(&mut self.current, next));
                true
            }
            None => false,
        }
    }

    /// Whether the file on disk no longer holds what the editor last read or wrote there: another
    /// program (or the teacher in a text editor) changed or removed it.
    pub fn changed_on_disk(&self) -> bool {
        std::fs::read_to_string(&self.path).map_or(true, |text| text != self.on_disk)
    }

    /// Saves the text: the file's previous version goes to `history/` (named with `stamp`, a
    /// sortable time), then the file is replaced atomically. Refused when the file changed on disk
    /// meanwhile, unless `overwrite` says the teacher chose to replace that change.
    pub fn save(&mut self, stamp: &str, overwrite: bool) -> Result<(), String> {
        let on_disk = std::fs::read_to_string(&self.path).ok();
        if !overwrite && on_disk.as_deref() != Some(self.on_disk.as_str()) {
            return Err(
                "the file was changed by another program since it was opened here".to_owned(),
            );
        }
        save_with_history(&self.path, &self.current.text, on_disk.as_deref(), stamp)?;
        self.on_disk = self.current.text.clone();
        Ok(())
    }

    /// Drops every edit and takes the file as it now is on disk.
    pub fn reload_from_disk(&mut self) -> Result<(), Vec<Diagnostic>> {
        *self = Self::open(&self.path.clone())?;
        Ok(())
    }

    /// The model after `edit`, not yet checked.
    fn edited(&self, edit: &Edit) -> Result<RawBank, EditError> {
        let mut raw = self.current.raw.clone();
        match edit {
            Edit::Add(item) => push_item(&mut raw, item.clone()),
            Edit::Replace(item) => {
                let at = ItemRef::new(item.kind(), item.id());
                self.require(&at)?;
                with_item(&mut raw, &at, |slot| *slot = item.clone());
            }
            Edit::Delete {
                item,
                remove_references,
            } => {
                self.require(item)?;
                let refs = if item.kind == ItemKind::Question {
                    Vec::new()
                } else {
                    self.references_to(&item.id)
                };
                if !refs.is_empty() && !remove_references {
                    return Err(EditError::Referenced(refs));
                }
                delete_item(&mut raw, item);
            }
            Edit::Confirm(at) => {
                self.require(at)?;
                with_item(&mut raw, at, |slot| slot.set_review(false));
            }
            Edit::ConfirmAll => {
                for kind in ItemKind::ALL {
                    for item in items_of(&self.current.raw, kind) {
                        let at = ItemRef::new(kind, item.id());
                        with_item(&mut raw, &at, |slot| slot.set_review(false));
                    }
                }
            }
            Edit::DiscardAllDrafts => {
                for kind in ItemKind::ALL {
                    for item in items_of(&self.current.raw, kind) {
                        if item.review() {
                            delete_item(&mut raw, &ItemRef::new(kind, item.id()));
                        }
                    }
                }
            }
            Edit::SetCertainty(at, certainty) => {
                self.require(at)?;
                with_item(&mut raw, at, |slot| match slot {
                    Item::Claim(c) => c.certainty = *certainty,
                    Item::Implication(i) => i.certainty = *certainty,
                    _ => {}
                });
            }
            Edit::SetGeneratedQuestions(at, on) => {
                self.require(at)?;
                with_item(&mut raw, at, |slot| match slot {
                    Item::Actor(a) => a.derived_questions = *on,
                    Item::Claim(c) => c.derived_questions = *on,
                    Item::Implication(i) => i.derived_questions = *on,
                    Item::Response(_) | Item::Question(_) => {}
                });
            }
            Edit::MoveQuestion { id, up } => {
                let from = raw
                    .questions
                    .iter()
                    .position(|q| &q.id == id)
                    .ok_or_else(|| EditError::NotFound(ItemRef::new(ItemKind::Question, id)))?;
                let to = if *up {
                    from.checked_sub(1)
                } else {
                    Some(from + 1).filter(|to| *to < raw.questions.len())
                };
                if let Some(to) = to {
                    raw.questions.swap(from, to);
                }
            }
        }
        Ok(raw)
    }

    fn require(&self, at: &ItemRef) -> Result<(), EditError> {
        match self.item(at) {
            Some(_) => Ok(()),
            None => Err(EditError::NotFound(at.clone())),
        }
    }
}

/// The item an edit is about, for pointing its problems at its fields.
fn edited_item(edit: &Edit) -> Option<ItemRef> {
    match edit {
        Edit::Add(item) | Edit::Replace(item) => Some(ItemRef::new(item.kind(), item.id())),
        Edit::SetCertainty(at, _) | Edit::SetGeneratedQuestions(at, _) | Edit::Confirm(at) => {
            Some(at.clone())
        }
        _ => None,
    }
}
