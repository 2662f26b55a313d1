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

/// Below this width the article and the model are shown one at a time, with tabs.
const TWO_COLUMNS_MIN_WIDTH: f32 = 900.0;

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
    selection_bar_ui(ui, session, view, narrow, intents);
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

fn model_ui(
    ui: &mut Ui,
    session: &EditorSession,
    view: &mut AuthorView,
    intents: &mut Vec<Intent>,
    dark: bool,
) {
    let editor = &session.editor;
    let needle = view.filter.trim().to_lowercase();
    egui::ScrollArea::vertical()
        .id_salt("author-model")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("Find:");
                ui.add(
                    egui::TextEdit::singleline(&mut view.filter)
                        .hint_text("words or an id")
                        .desired_width(200.0),
                )
                .labelled_by(label.id);
            });
            let drafts: usize = ItemKind::ALL
                .iter()
                .map(|k| editor.items(*k).iter().filter(|i| i.review()).count())
                .sum();
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{drafts} draft item(s) to review"));
                if ui
                    .add_enabled(drafts > 0, egui::Button::new("Confirm all drafts"))
                    .clicked()
                {
                    send(intents, AuthorIntent::Apply(Edit::ConfirmAll));
                }
                if ui
                    .add_enabled(drafts > 0, egui::Button::new("Discard all drafts"))
                    .clicked()
                {
                    send(intents, AuthorIntent::Apply(Edit::DiscardAllDrafts));
                }
            });
            for kind in ItemKind::ALL {
                let items: Vec<Item> = editor
                    .items(kind)
                    .into_iter()
                    .filter(|i| {
                        needle.is_empty()
                            || i.id().to_lowercase().contains(&needle)
                            || i.summary().to_lowercase().contains(&needle)
                    })
                    .collect();
                let count = items.len();
                egui::CollapsingHeader::new(format!("{}s ({count})", capitalised(kind.label())))
                    .id_salt(kind.list())
                    .default_open(true)
                    .show(ui, |ui| {
                        for item in &items {
                            ui.push_id((kind.list(), item.id()), |ui| {
                                item_row_ui(ui, item, intents, dark)
                            });
                        }
                    });
            }
        });
}

fn item_row_ui(ui: &mut Ui, item: &Item, intents: &mut Vec<Intent>, dark: bool) {
    let at = ItemRef::new(item.kind(), item.id());
    egui::Frame::group(ui.style())
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                if item.review() {
                    ui.label(
                        RichText::new("● draft")
                            .color(theme::partial_color(dark))
                            .strong(),
                    );
                }
                ui.add(egui::Label::new(item.summary()).wrap());
            });
            let anchor = match item.anchor() {
                Some((passage, Some(quote))) => format!("{} · ¶ {passage}: “{quote}”", item.id()),
                Some((passage, None)) => format!("{} · ¶ {passage}", item.id()),
                None => item.id().to_owned(),
            };
            ui.add(egui::Label::new(RichText::new(anchor).small().weak()).wrap());
            ui.horizontal_wrapped(|ui| {
                if ui.button("Edit…").clicked() {
                    focus_form_when_open(ui);
                    send(
                        intents,
                        AuthorIntent::OpenForm(Box::new(ItemForm::for_item(item))),
                    );
                }
                if item.review() && ui.button("Confirm").clicked() {
                    send(intents, AuthorIntent::Apply(Edit::Confirm(at.clone())));
                }
                if ui.button("Delete").clicked() {
                    send(intents, AuthorIntent::Delete(at.clone()));
                }
                let certainty = match item {
                    Item::Claim(c) => Some(c.certainty),
                    Item::Implication(i) => Some(i.certainty),
                    _ => None,
                };
                if let Some(current) = certainty {
                    let mut chosen = current;
                    certainty_combo(ui, "Certainty", &mut chosen);
                    if chosen != current {
                        send(
                            intents,
                            AuthorIntent::Apply(Edit::SetCertainty(at.clone(), chosen)),
                        );
                    }
                }
                if let Some(on) = item.derived_questions() {
                    let mut checked = on;
                    if ui.checkbox(&mut checked, "Generated questions").changed() {
                        send(
                            intents,
                            AuthorIntent::Apply(Edit::SetGeneratedQuestions(at.clone(), checked)),
                        );
                    }
                }
                if let Item::Question(q) = item {
                    if ui.button("↑").on_hover_text("Move up").clicked() {
                        send(
                            intents,
                            AuthorIntent::Apply(Edit::MoveQuestion {
                                id: q.id.clone(),
                                up: true,
                            }),
                        );
                    }
                    if ui.button("↓").on_hover_text("Move down").clicked() {
                        send(
                            intents,
                            AuthorIntent::Apply(Edit::MoveQuestion {
                                id: q.id.clone(),
                                up: false,
                            }),
                        );
                    }
                    if ui.button("Try as a student").clicked() {
                        send(
                            intents,
                            AuthorIntent::TryAsStudent(crate::QuestionId(q.id.clone())),
                        );
                    }
                }
            });
        });
}

fn certainty_combo(ui: &mut Ui, label: &str, value: &mut Certainty) {
    egui::ComboBox::from_label(label)
        .width(130.0)
        .selected_text(format!("{value:?}"))
        .show_ui(ui, |ui| {
            for certainty in Certainty::ALL {
                ui.selectable_value(
                    value,
                    certainty,
                    format!("{certainty:?} — {}", certainty.label()),
                );
            }
        });
}

fn actor_combo(
    ui: &mut Ui,
    label: &str,
    value: &mut String,
    actors: &[(String, String)],
    none: Option<&str>,
) {
    let shown = actors
        .iter()
        .find(|(id, _)| id == value)
        .map(|(_, name)| name.clone())
        .or_else(|| none.map(str::to_owned))
        .unwrap_or_else(|| value.clone());
    egui::ComboBox::from_label(label)
        .selected_text(shown)
        .show_ui(ui, |ui| {
            if let Some(none) = none {
                let none_id = if label == "Said by" { "article" } else { "" };
                ui.selectable_value(value, none_id.to_owned(), none);
            }
            for (id, name) in actors {
                ui.selectable_value(value, id.clone(), name);
            }
        });
}

fn problems_for(ui: &mut Ui, problems: &[Problem], field: Option<&str>, dark: bool) {
    for problem in problems.iter().filter(|p| match field {
        Some(f) => p.field.as_deref() == Some(f),
        None => p.field.is_none() || !KNOWN_FIELDS.contains(&p.field.as_deref().unwrap_or("")),
    }) {
        let text = match &problem.hint {
            Some(hint) => format!("✖ {} — {hint}", problem.message),
            None => format!("✖ {}", problem.message),
        };
        ui.add(egui::Label::new(RichText::new(text).color(theme::wrong_color(dark))).wrap());
    }
}

/// Fields the form shows problems next to; problems about other fields show at the bottom.
const KNOWN_FIELDS: [&str; 10] = [
    "statement",
    "name",
    "role",
    "prompt",
    "cause",
    "effect",
    "answer",
    "quote",
    "explanation",
    "actor",
];

/// Marks that the next form drawn should put the keyboard in its first field.
fn focus_form_when_open(ui: &Ui) {
    ui.data_mut(|d| d.insert_temp(egui::Id::unique("author-form-focus-pending"), (2u8, 0u64)));
}

fn text_field(ui: &mut Ui, label: &str, value: &mut String, multiline: bool) {
    let label = ui.label(label);
    let edit = if multiline {
        egui::TextEdit::multiline(value).desired_rows(2)
    } else {
        egui::TextEdit::singleline(value)
    };
    let field = ui
        .add(edit.desired_width(f32::INFINITY))
        .labelled_by(label.id);
    // The first field of a form that just opened takes the keyboard, so the teacher can type at once.
    // Asked for on two frames: a modal that has just opened takes the focus from what is under it
    // once, on its second frame.
    // Only the first field drawn in a pass takes it.
    let opened = egui::Id::unique("author-form-focus-pending");
    let pass = ui.ctx().cumulative_pass_nr();
    let (frames_left, taken_in) = ui
        .data_mut(|d| d.get_temp::<(u8, u64)>(opened))
        .unwrap_or((0, 0));
    if frames_left > 0 && taken_in != pass {
        field.request_focus();
        ui.data_mut(|d| d.insert_temp(opened, (frames_left - 1, pass)));
        ui.ctx().request_repaint();
    }
}

fn form_ui(ui: &mut Ui, session: &mut EditorSession, intents: &mut Vec<Intent>, dark: bool) {
    let actors: Vec<(String, String)> = session
        .editor
        .raw()
        .actors
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    let Some(form) = session.form.as_mut() else {
        return;
    };
    let max_height = ui.ctx().content_rect().height() * 0.8;
    let width = (ui.ctx().content_rect().width() * 0.9).min(620.0);
    let title = match (form.kind, form.is_edit()) {
        (FormKind::AliasOf, _) => "Another name for an actor".to_owned(),
        (kind, true) => format!("Edit {}", form_noun(kind)),
        (kind, false) => format!("New {}", form_noun(kind)),
    };
    egui::Modal::new(egui::Id::unique("author-form")).show(ui.ctx(), |ui| {
        ui.set_width(width);
        ui.label(RichText::new(title).strong().size(17.0));
        egui::ScrollArea::vertical()
            .max_height(max_height)
            .show(ui, |ui| {
                if !form.quote.is_empty() {
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!("¶ {} · “{}”", form.passage, form.quote))
                                .italics(),
                        )
                        .wrap(),
                    );
                }
                if !form.is_edit() && form.kind != FormKind::AliasOf {
                    ui.label(RichText::new(format!("id: {}", form.id)).small().weak());
                }
                let p = form.problems.clone();
                match form.kind {
                    FormKind::Claim => {
                        text_field(
                            ui,
                            "Statement (in plain words, keeping the article's hedges):",
                            &mut form.text,
                            true,
                        );
                        problems_for(ui, &p, Some("statement"), dark);
                        certainty_combo(ui, "How sure the article is", &mut form.certainty);
                        actor_combo(
                            ui,
                            "Said by",
                            &mut form.actor,
                            &actors,
                            Some("the article itself"),
                        );
                    }
                    FormKind::Actor => {
                        text_field(ui, "Name:", &mut form.text, false);
                        problems_for(ui, &p, Some("name"), dark);
                        text_field(
                            ui,
                            "Role (one line: what this actor does or says):",
                            &mut form.detail,
                            false,
                        );
                        problems_for(ui, &p, Some("role"), dark);
                        text_field(ui, "Other names (one a line):", &mut form.answer, true);
                    }
                    FormKind::AliasOf => {
                        ui.label(format!("“{}” is another name for:", form.quote));
                        actor_combo(ui, "Actor", &mut form.actor, &actors, None);
                        problems_for(ui, &p, Some("actor"), dark);
                    }
                    FormKind::Implication => {
                        text_field(ui, "Statement:", &mut form.text, true);
                        problems_for(ui, &p, Some("statement"), dark);
                        text_field(
                            ui,
                            "Cause (what leads to it, short):",
                            &mut form.cause,
                            false,
                        );
                        problems_for(ui, &p, Some("cause"), dark);
                        text_field(
                            ui,
                            "Effect (what may follow, short):",
                            &mut form.effect,
                            false,
                        );
                        problems_for(ui, &p, Some("effect"), dark);
                        certainty_combo(ui, "How sure the article is", &mut form.certainty);
                    }
                    FormKind::Response => {
                        text_field(ui, "Statement:", &mut form.text, true);
                        problems_for(ui, &p, Some("statement"), dark);
                        actor_combo(
                            ui,
                            "Taken by",
                            &mut form.actor,
                            &actors,
                            Some("nobody named"),
                        );
                    }
                    FormKind::Cloze => {
                        text_field(ui, "Prompt:", &mut form.text, false);
                        problems_for(ui, &p, Some("prompt"), dark);
                        text_field(
                            ui,
                            "Text with gaps in {braces} (alternatives separated by |):",
                            &mut form.answer,
                            true,
                        );
                        problems_for(ui, &p, Some("answer"), dark);
                        text_field(ui, "Explanation:", &mut form.detail, true);
                    }
                    FormKind::Question => {
                        text_field(ui, "Prompt:", &mut form.text, true);
                        problems_for(ui, &p, Some("prompt"), dark);
                        text_field(ui, "Right answer(s), one a line:", &mut form.answer, true);
                        problems_for(ui, &p, Some("answer"), dark);
                        text_field(
                            ui,
                            "Wrong options, one a line (none: the student types the answer):",
                            &mut form.wrong,
                            true,
                        );
                        text_field(ui, "Explanation:", &mut form.detail, true);
                    }
                    FormKind::Evidence => {
                        text_field(ui, "Prompt:", &mut form.text, false);
                        problems_for(ui, &p, Some("prompt"), dark);
                        text_field(
                            ui,
                            "Statement the selected sentence supports:",
                            &mut form.answer,
                            true,
                        );
                        problems_for(ui, &p, Some("answer"), dark);
                        text_field(ui, "Explanation:", &mut form.detail, true);
                    }
                }
                problems_for(ui, &p, Some("quote"), dark);
                problems_for(ui, &p, Some("explanation"), dark);
                problems_for(ui, &p, None, dark);
            });
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button("Save to bank").clicked() {
                send(intents, AuthorIntent::SubmitForm);
            }
            if ui.button("Cancel").clicked() {
                send(intents, AuthorIntent::CancelForm);
            }
        });
    });
}

fn form_noun(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Claim => "claim",
        FormKind::Actor | FormKind::AliasOf => "actor",
        FormKind::Implication => "implication",
        FormKind::Response => "response",
        FormKind::Cloze => "cloze question",
        FormKind::Question => "question",
        FormKind::Evidence => "evidence question",
    }
}

/// One question as a student meets it, graded, with nothing saved.
fn try_ui(
    ui: &mut Ui,
    session: &EditorSession,
    view: &mut AuthorView,
    intents: &mut Vec<Intent>,
    dark: bool,
) {
    let Some(id) = &session.trying else { return };
    let bank = session.editor.bank().clone();
    let Some(question) = bank.question(id) else {
        send(intents, AuthorIntent::StopTrying);
        return;
    };
    if view.try_draft.as_ref().is_none_or(|(q, _)| q != id) {
        view.try_draft = Some((id.clone(), AnswerDraft::for_question(question)));
        view.try_verdict = None;
    }
    let max_height = ui.ctx().content_rect().height() * 0.8;
    let width = (ui.ctx().content_rect().width() * 0.9).min(700.0);
    egui::Modal::new(egui::Id::unique("author-try")).show(ui.ctx(), |ui| {
        ui.set_width(width);
        ui.label(
            RichText::new("As a student sees it (nothing is saved)")
                .small()
                .weak(),
        );
        egui::ScrollArea::vertical()
            .max_height(max_height)
            .show(ui, |ui| {
                ui.add(
                    egui::Label::new(RichText::new(&question.prompt).font(theme::prompt_font()))
                        .wrap(),
                );
                if let Some((_, draft)) = view.try_draft.as_mut() {
                    answer_ui(ui, question, draft);
                }
                if let Some(verdict) = &view.try_verdict {
                    let (text, color) = match verdict.outcome {
                        Outcome::Correct => ("Right", theme::correct_color(dark)),
                        Outcome::Partial => ("Partly right", theme::partial_color(dark)),
                        Outcome::Wrong => ("Not right", theme::wrong_color(dark)),
                    };
                    ui.label(RichText::new(text).strong().color(color));
                    ui.add(
                        egui::Label::new(format!("Answer: {}", expected_text(&question.answer)))
                            .wrap(),
                    );
                    if !question.explanation.is_empty() {
                        ui.add(
                            egui::Label::new(RichText::new(&question.explanation).weak()).wrap(),
                        );
                    }
                }
            });
        ui.horizontal(|ui| {
            let response = view
                .try_draft
                .as_ref()
                .and_then(|(_, d)| d.response(question));
            if ui
                .add_enabled(response.is_some(), egui::Button::new("Check"))
                .clicked()
                && let Some(response) = response
            {
                view.try_verdict = Some(grade(question, &response));
            }
            if ui.button("Done").clicked() {
                view.try_draft = None;
                view.try_verdict = None;
                send(intents, AuthorIntent::StopTrying);
            }
        });
    });
}
