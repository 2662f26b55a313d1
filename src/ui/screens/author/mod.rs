//! The authoring screen: the article on one side, the bank's model on the other. The teacher selects
//! words in a passage and says what they are ("Claim…", "Actor…", "Cloze question…"); a small form
//! opens prefilled and the edit goes into the file in place. Every button sends an intent; the only
//! thing drawn here that changes state directly is the text of the open form, a draft like a typed
//! answer.

use std::ops::Range;

use egui::{RichText, Ui};

use crate::author::edit::{
    Edit, FormKind, Item, ItemForm, ItemKind, ItemRef, Problem, snap_to_words,
};
use crate::bank::raw::Certainty;
use crate::study::grade::{Outcome, Verdict, expected_text, grade};
use crate::ui::intent::Intent;
use crate::ui::state::{AuthorIntent, EditorSession};
use crate::ui::theme;
use crate::ui::widgets::question::{AnswerDraft, answer_ui};

mod form;
mod model;
mod try_it;

use self::form::{focus_form_when_open, form_ui};
use self::model::model_ui;
use self::try_it::try_ui;

/// Below this width the article and the model are shown one at a time, with tabs.
const TWO_COLUMNS_MIN_WIDTH: f32 = 900.0;

/// Below this window height the selection's actions are one "Make…" menu instead of a row of buttons.
const COMPACT_BAR_MAX_HEIGHT: f32 = 720.0;

/// Words selected in a passage.
#[derive(Clone, Debug, PartialEq)]
pub struct Selection {
    pub passage: String,
    /// Bytes of the passage's text.
    pub range: Range<usize>,
    pub text: String,
}

/// What the screen remembers between frames.
#[derive(Default)]
pub struct AuthorView {
    pub filter: String,
    pub selection: Option<Selection>,
    /// In the narrow layout: whether the model is shown instead of the article.
    pub show_model: bool,
    try_draft: Option<(crate::QuestionId, AnswerDraft)>,
    try_verdict: Option<Verdict>,
}

/// The id of a passage's selectable text, so a test (or a screen reader) can find it.
pub fn passage_widget_id(passage_id: &str) -> egui::Id {
    egui::Id::unique(("author-passage", passage_id))
}

fn send(intents: &mut Vec<Intent>, intent: AuthorIntent) {
    intents.push(Intent::Author(intent));
}

pub fn author_ui(
    ui: &mut Ui,
    session: Option<&mut EditorSession>,
    view: &mut AuthorView,
    intents: &mut Vec<Intent>,
) {
    let Some(session) = session else {
        ui.label("Choose Edit beside a bank in the library to edit it here.");
        return;
    };
    let dark = ui.visuals().dark_mode;
    let narrow = ui.available_width() < TWO_COLUMNS_MIN_WIDTH;
    header_ui(ui, session, narrow, intents);
    questions_to_answer_ui(ui, session, narrow, intents, dark);
    // In a short window the eight "make" buttons fold into one menu, leaving the height to the text.
    let compact_bar = narrow || ui.ctx().content_rect().height() < COMPACT_BAR_MAX_HEIGHT;
    selection_bar_ui(ui, session, view, compact_bar, intents);
    ui.separator();
    if !narrow {
        ui.columns(2, |columns| {
            article_ui(&mut columns[0], session, view);
            model_ui(&mut columns[1], session, view, intents, dark);
        });
    } else {
        ui.horizontal(|ui| {
            ui.selectable_value(&mut view.show_model, false, "Article");
            ui.selectable_value(&mut view.show_model, true, "Model and questions");
        });
        if view.show_model {
            model_ui(ui, session, view, intents, dark);
        } else {
            article_ui(ui, session, view);
        }
    }
    if session.form.is_some() {
        form_ui(ui, session, intents, dark);
    }
    if session.trying.is_some() {
        try_ui(ui, session, view, intents, dark);
    }
}

fn header_ui(ui: &mut Ui, session: &EditorSession, narrow: bool, intents: &mut Vec<Intent>) {
    let editor = &session.editor;
    ui.horizontal_wrapped(|ui| {
        let title = if narrow {
            RichText::new(&editor.bank().title).strong()
        } else {
            RichText::new(format!("Edit: {}", editor.bank().title))
                .font(theme::title_font())
                .strong()
        };
        ui.label(title)
            .on_hover_text(editor.path().display().to_string());
        // In a narrow window the keys show on hover only, so the buttons stay on one line.
        let button = |ui: &Ui, text: &str, modifiers, key| {
            let keys = ui
                .ctx()
                .format_shortcut(&egui::KeyboardShortcut::new(modifiers, key));
            if narrow {
                (egui::Button::new(text.to_owned()), keys)
            } else {
                (
                    egui::Button::new(text.to_owned()).shortcut_text(keys.clone()),
                    keys,
                )
            }
        };
        let command = egui::Modifiers::COMMAND;
        let (save, keys) = button(ui, "Save", command, egui::Key::S);
        if ui
            .add_enabled(editor.is_dirty(), save)
            .on_hover_text(keys)
            .clicked()
        {
            send(intents, AuthorIntent::Save { overwrite: false });
        }
        let (undo, keys) = button(ui, "Undo", command, egui::Key::Z);
        if ui
            .add_enabled(editor.can_undo(), undo)
            .on_hover_text(keys)
            .clicked()
        {
            send(intents, AuthorIntent::Undo);
        }
        let (redo, keys) = button(
            ui,
            "Redo",
            command.plus(egui::Modifiers::SHIFT),
            egui::Key::Z,
        );
        if ui
            .add_enabled(editor.can_redo(), redo)
            .on_hover_text(keys)
            .clicked()
        {
            send(intents, AuthorIntent::Redo);
        }
        if ui.button("Close").clicked() {
            send(intents, AuthorIntent::Close { discard: false });
        }
        if editor.is_dirty() {
            ui.label(RichText::new("● unsaved").strong());
        }
    });
    if !narrow {
        ui.label(
            RichText::new(format!(
                "{} · select words in a passage, then say what they are. Every change is checked as `dossier check` would.",
                editor.path().display()
            ))
            .small()
            .weak(),
        );
    }
}

/// The banners that ask: the file changed on disk, delete with references, close with unsaved edits,
/// and the last message.
fn questions_to_answer_ui(
    ui: &mut Ui,
    session: &EditorSession,
    narrow: bool,
    intents: &mut Vec<Intent>,
    dark: bool,
) {
    let banner = |ui: &mut Ui, add: &mut dyn FnMut(&mut Ui)| {
        egui::Frame::group(ui.style())
            .stroke(egui::Stroke::new(1.5, theme::partial_color(dark)))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                add(ui);
            });
    };
    if session.conflict {
        banner(ui, &mut |ui| {
            ui.add(
                egui::Label::new(
                    "The file was changed by another program while you were editing it here.",
                )
                .wrap(),
            );
            ui.horizontal_wrapped(|ui| {
                if ui.button("Keep my edits and overwrite the file").clicked() {
                    send(intents, AuthorIntent::Save { overwrite: true });
                }
                if ui
                    .button("Load the file from disk (drop my edits)")
                    .clicked()
                {
                    send(intents, AuthorIntent::ReloadFromDisk);
                }
            });
        });
    }
    if let Some((item, refs)) = &session.pending_delete {
        banner(ui, &mut |ui| {
            ui.add(
                egui::Label::new(format!(
                    "{} `{}` is referred to by {}. Delete it and remove those references?",
                    capitalised(item.kind.label()),
                    item.id,
                    refs.join(", ")
                ))
                .wrap(),
            );
            ui.horizontal_wrapped(|ui| {
                if ui.button("Delete and remove the references").clicked() {
                    send(intents, AuthorIntent::ConfirmDelete);
                }
                if ui.button("Cancel").clicked() {
                    send(intents, AuthorIntent::CancelDelete);
                }
            });
        });
    }
    if session.confirm_close {
        banner(ui, &mut |ui| {
            ui.label("You have edits that are not saved.");
            ui.horizontal_wrapped(|ui| {
                if ui.button("Save and close").clicked() {
                    send(intents, AuthorIntent::SaveAndClose);
                }
                if ui.button("Close without saving").clicked() {
                    send(intents, AuthorIntent::Close { discard: true });
                }
                if ui.button("Keep editing").clicked() {
                    send(intents, AuthorIntent::CancelClose);
                }
            });
        });
    }
    // One line, kept even when empty in a wide window so the passages do not jump when a message
    // comes or goes (hover shows all of it); a narrow window cannot spare the empty line.
    if narrow && session.message.is_none() {
        return;
    }
    let (text, color) = match &session.message {
        Some(message) if message.is_error => (message.text.as_str(), theme::wrong_color(dark)),
        Some(message) => (message.text.as_str(), ui.visuals().text_color()),
        None => (" ", ui.visuals().text_color()),
    };
    ui.add(egui::Label::new(RichText::new(text).color(color)).truncate());
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn selection_bar_ui(
    ui: &mut Ui,
    session: &EditorSession,
    view: &AuthorView,
    narrow: bool,
    intents: &mut Vec<Intent>,
) {
    let actions = |ui: &mut Ui, intents: &mut Vec<Intent>| {
        for kind in FormKind::ALL {
            let form = view.selection.as_ref().and_then(|s| {
                ItemForm::from_selection(kind, &session.editor, &s.passage, s.range.clone())
            });
            let enabled = form.is_some()
                && (kind != FormKind::AliasOf || !session.editor.raw().actors.is_empty());
            if ui
                .add_enabled(enabled, egui::Button::new(kind.button()))
                .clicked()
                && let Some(form) = form
            {
                focus_form_when_open(ui);
                send(intents, AuthorIntent::OpenForm(Box::new(form)));
            }
        }
    };
    let selected = match &view.selection {
        Some(selection) => RichText::new(format!("“{}”", selection.text)).italics(),
        None => RichText::new(
            "Select words in a passage (mouse, or Shift+arrows) to make an item of them.",
        )
        .weak(),
    };
    if narrow {
        ui.horizontal(|ui| {
            let make = ui.add_enabled_ui(view.selection.is_some(), |ui| {
                ui.menu_button("Make…", |ui| actions(ui, intents))
            });
            make.response
                .on_disabled_hover_text("Select words in a passage first");
            ui.add(egui::Label::new(selected).truncate());
        });
    } else {
        ui.horizontal_wrapped(|ui| {
            if let Some(selection) = &view.selection {
                ui.label(RichText::new(format!("Selected in {}:", selection.passage)).weak());
            }
            ui.label(selected);
        });
        ui.horizontal_wrapped(|ui| actions(ui, intents));
    }
}

fn article_ui(ui: &mut Ui, session: &EditorSession, view: &mut AuthorView) {
    let bank = session.editor.bank().clone();
    let anchored = session_anchors(session);
    egui::ScrollArea::vertical()
        .id_salt("author-article")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let mut section = None;
            for passage in &bank.passages {
                if section != Some(passage.section.as_str()) {
                    section = Some(passage.section.as_str());
                    ui.add_space(6.0);
                    ui.label(RichText::new(&passage.section).strong());
                }
                let label = ui.label(RichText::new(format!("¶ {}", passage.id)).small().weak());
                let mut text = passage.text.as_str();
                let output = egui::TextEdit::multiline(&mut text)
                    .id(passage_widget_id(&passage.id))
                    .desired_width(f32::INFINITY)
                    .desired_rows(1)
                    .show(ui);
                output.response.response.clone().labelled_by(label.id);
                if let Some(range) = output.cursor_range
                    && range.is_empty()
                    && view
                        .selection
                        .as_ref()
                        .is_some_and(|s| s.passage == passage.id)
                {
                    // A click without a drag: nothing is selected any more.
                    view.selection = None;
                }
                if let Some(range) = output.cursor_range
                    && !range.is_empty()
                {
                    let chars = range.as_sorted_char_range();
                    let byte = |i: usize| {
                        passage
                            .text
                            .char_indices()
                            .nth(i)
                            .map_or(passage.text.len(), |(b, _)| b)
                    };
                    let bytes =
                        snap_to_words(&passage.text, byte(chars.start.0)..byte(chars.end.0));
                    let selected = Selection {
                        passage: passage.id.clone(),
                        text: passage.text[bytes.clone()].to_owned(),
                        range: bytes,
                    };
                    if view.selection.as_ref() != Some(&selected) {
                        view.selection = Some(selected);
                    }
                }
                let here: Vec<&str> = anchored
                    .iter()
                    .filter(|(p, _)| p == &passage.id)
                    .map(|(_, label)| label.as_str())
                    .collect();
                if !here.is_empty() {
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!("Anchored here: {}", here.join(" · ")))
                                .small()
                                .weak(),
                        )
                        .wrap(),
                    );
                }
            }
        });
}

/// Each item's passage with a short label for it ("claim walkout").
fn session_anchors(session: &EditorSession) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for kind in ItemKind::ALL {
        for item in session.editor.items(kind) {
            if let Some((passage, _)) = item.anchor() {
                out.push((
                    passage.to_owned(),
                    format!("{} {}", kind.label(), item.id()),
                ));
            }
        }
    }
    out
}
