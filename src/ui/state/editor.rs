//! The authoring screen's state: the bank being edited, what the teacher was last told, and the
//! questions the screen must ask (delete with references? close with unsaved edits? the file changed
//! on disk?). Every button of the screen becomes an [`AuthorIntent`] run here, testable without a window.

use super::*;
use crate::author::edit::{BankEditor, Edit, EditError, ItemForm, ItemRef, Problem};

/// A bank open in the editor.
pub struct EditorSession {
    pub editor: BankEditor,
    /// The last thing to tell the teacher: saved, refused and why.
    pub message: Option<Notice>,
    /// An item the teacher asked to delete that others refer to: the references, to ask about.
    pub pending_delete: Option<(ItemRef, Vec<String>)>,
    /// The teacher asked to close with unsaved edits: ask whether to save.
    pub confirm_close: bool,
    /// The file changed on disk while editing: ask whether to keep the edits or load the file.
    pub conflict: bool,
    /// The form being filled in, if any.
    pub form: Option<ItemForm>,
    /// A question being tried as a student: its id (nothing is saved).
    pub trying: Option<QuestionId>,
}

/// What the teacher did on the authoring screen.
#[derive(Clone, Debug)]
// A few of these are made per click, never stored in bulk: their size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum AuthorIntent {
    /// Opens the bank in the editor (banks in the library folder only).
    Open(BankId),
    /// Opens a form (new item from a selection, or an existing item).
    OpenForm(Box<ItemForm>),
    CancelForm,
    /// Saves the open form into the bank (checked first).
    SubmitForm,
    Apply(Edit),
    /// Deletes an item, asking first when others refer to it.
    Delete(ItemRef),
    /// Deletes the item asked about, with its references.
    ConfirmDelete,
    CancelDelete,
    /// Saves; `overwrite` replaces a change another program made to the file.
    Save {
        overwrite: bool,
    },
    Undo,
    Redo,
    /// Drops the edits and takes the file as it is on disk.
    ReloadFromDisk,
    /// Leaves the editor; `discard` drops unsaved edits, otherwise they are asked about.
    Close {
        discard: bool,
    },
    /// Saves, then closes.
    SaveAndClose,
    CancelClose,
    TryAsStudent(QuestionId),
    StopTrying,
}

impl AppState {
    /// Whether a bank can be edited in the app: it is in the user's library folder (the bundled one
    /// and opened files are not theirs to rewrite here) and loads.
    pub fn can_edit(&self, bank: &BankId) -> bool {
        self.library.iter().any(|e| {
            e.origin == BankOrigin::Library && e.bank.as_ref().is_ok_and(|b| &b.id == bank)
        })
    }

    /// Runs one intent of the authoring screen.
    pub fn author(&mut self, intent: AuthorIntent) {
        if let AuthorIntent::Open(id) = &intent {
            self.open_editor(id);
            return;
        }
        let Some(session) = self.editor.as_mut() else {
            return;
        };
        let stamp = self.clock.now().format("%Y%m%dT%H%M%S%3f").to_string();
        match intent {
            AuthorIntent::Open(_) => {}
            AuthorIntent::OpenForm(form) => session.form = Some(*form),
            AuthorIntent::CancelForm => session.form = None,
            AuthorIntent::SubmitForm => {
                let Some(form) = session.form.as_mut() else {
                    return;
                };
                let editing = form.is_edit();
                let result = form
                    .to_edit(&session.editor)
                    .map_err(|p| EditError::Invalid(vec![p]))
                    .and_then(|edit| session.editor.apply(edit));
                match result {
                    Ok(()) => {
                        session.form = None;
                        let done = if editing {
                            "Changed"
                        } else {
                            "Added to the bank"
                        };
                        session.message = Some(info(format!("{done} (not saved yet).")));
                    }
                    Err(EditError::Invalid(problems)) => form.problems = problems,
                    Err(other) => {
                        form.problems = vec![Problem {
                            message: other.to_string(),
                            hint: None,
                            field: None,
                        }]
                    }
                }
            }
            AuthorIntent::Apply(edit) => match session.editor.apply(edit) {
                Ok(()) => session.message = None,
                Err(other) => session.message = Some(error(format!("Not changed: {other}"))),
            },
            AuthorIntent::Delete(item) => {
                let edit = Edit::Delete {
                    item: item.clone(),
                    remove_references: false,
                };
                match session.editor.apply(edit) {
                    Ok(()) => session.message = None,
                    // Others refer to it: ask, then delete with the references.
                    Err(EditError::Referenced(by)) => session.pending_delete = Some((item, by)),
                    Err(other) => session.message = Some(error(format!("Not deleted: {other}"))),
                }
            }
            AuthorIntent::ConfirmDelete => {
                if let Some((item, _)) = session.pending_delete.take() {
                    let result = session.editor.apply(Edit::Delete {
                        item,
                        remove_references: true,
                    });
                    session.message = result.err().map(|e| error(format!("Not deleted: {e}")));
                }
            }
            AuthorIntent::CancelDelete => session.pending_delete = None,
            AuthorIntent::Save { overwrite } => {
                if session.editor.changed_on_disk() && !overwrite {
                    session.conflict = true;
                    return;
                }
                match session.editor.save(&stamp, overwrite) {
                    Ok(()) => {
                        session.conflict = false;
                        session.message = Some(info(format!(
                            "Saved {} (the previous version is in history/).",
                            session.editor.path().display()
                        )));
                        self.reload_banks();
                    }
                    Err(e) => session.message = Some(error(format!("Not saved: {e}"))),
                }
            }
            AuthorIntent::Undo => {
                if !session.editor.undo() {
                    session.message = Some(info("Nothing to undo.".to_owned()));
                }
            }
            AuthorIntent::Redo => {
                if !session.editor.redo() {
                    session.message = Some(info("Nothing to redo.".to_owned()));
                }
            }
            AuthorIntent::ReloadFromDisk => {
                session.conflict = false;
                if let Err(diagnostics) = session.editor.reload_from_disk() {
                    let first = diagnostics
                        .first()
                        .map_or(String::new(), |d| d.message.clone());
                    session.message = Some(error(format!(
                        "The file on disk does not pass check ({first}); your edits are kept."
                    )));
                }
            }
            AuthorIntent::Close { discard } => {
                if session.editor.is_dirty() && !discard {
                    session.confirm_close = true;
                } else {
                    self.editor = None;
                    self.screen = Screen::Library;
                }
            }
            AuthorIntent::SaveAndClose => {
                session.confirm_close = false;
                self.author(AuthorIntent::Save { overwrite: false });
                if self.editor.as_ref().is_some_and(|s| !s.editor.is_dirty()) {
                    self.editor = None;
                    self.screen = Screen::Library;
                }
            }
            AuthorIntent::CancelClose => session.confirm_close = false,
            AuthorIntent::TryAsStudent(id) => session.trying = Some(id),
            AuthorIntent::StopTrying => session.trying = None,
        }
    }

    /// Notices a change to the edited file made by another program, so the screen can ask.
    pub fn author_check_disk(&mut self) {
        if let Some(session) = self.editor.as_mut()
            && session.editor.changed_on_disk()
        {
            session.conflict = true;
        }
    }

    fn open_editor(&mut self, id: &BankId) {
        let Some(entry) = self.library.iter().find(|e| {
            e.origin == BankOrigin::Library && e.bank.as_ref().is_ok_and(|b| &b.id == id)
        }) else {
            self.notices.push(error(
                "Only banks in your library folder can be edited here: add the bank to the library first."
                    .to_owned(),
            ));
            return;
        };
        match BankEditor::open(&entry.path) {
            Ok(editor) => {
                self.editor = Some(EditorSession {
                    editor,
                    message: None,
                    pending_delete: None,
                    confirm_close: false,
                    conflict: false,
                    form: None,
                    trying: None,
                });
                self.selected_bank = Some(id.clone());
                self.screen = Screen::Author;
            }
            Err(diagnostics) => {
                let first = diagnostics
                    .first()
                    .map_or(String::new(), |d| d.message.clone());
                self.notices
                    .push(error(format!("The bank cannot be edited: {first}")));
            }
        }
    }
}
