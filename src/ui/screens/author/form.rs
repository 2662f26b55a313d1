//! The small form behind "Claim…", "Actor…" and the rest, with problems shown next to their fields.

use super::*;
use crate::bank::raw::ResponseStatus;

pub(super) fn certainty_combo(ui: &mut Ui, label: &str, value: &mut Certainty) {
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

/// Checkboxes for what an item is about, folded away until the teacher opens them (a bank has dozens
/// of claims). Ids are chosen, never typed.
fn about_checkboxes(ui: &mut Ui, about: &mut Vec<String>, choices: &[(String, String)]) {
    let heading = match about.len() {
        0 => "About: nothing chosen".to_owned(),
        n => format!("About: {n} chosen"),
    };
    egui::CollapsingHeader::new(heading)
        .id_salt("author-form-about")
        .show(ui, |ui| {
            for (id, label) in choices {
                let mut on = about.contains(id);
                if ui.checkbox(&mut on, label).changed() {
                    if on {
                        about.push(id.clone());
                    } else {
                        about.retain(|a| a != id);
                    }
                }
            }
        });
}

fn status_combo(ui: &mut Ui, value: &mut Option<ResponseStatus>) {
    let shown = value.map_or("the article does not say", ResponseStatus::label);
    egui::ComboBox::from_label("How far it has got")
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, "the article does not say");
            for status in ResponseStatus::ALL {
                ui.selectable_value(value, Some(status), status.label());
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
pub(super) fn focus_form_when_open(ui: &Ui) {
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

pub(super) fn form_ui(
    ui: &mut Ui,
    session: &mut EditorSession,
    intents: &mut Vec<Intent>,
    dark: bool,
) {
    let actors: Vec<(String, String)> = session
        .editor
        .raw()
        .actors
        .iter()
        .map(|a| (a.id.clone(), a.name.clone()))
        .collect();
    // What a question may be about: every actor, claim, implication and response, by kind.
    let about_choices: Vec<(String, String)> = [
        ItemKind::Actor,
        ItemKind::Claim,
        ItemKind::Implication,
        ItemKind::Response,
    ]
    .into_iter()
    .flat_map(|kind| {
        session.editor.items(kind).into_iter().map(move |item| {
            (
                item.id().to_owned(),
                format!("{}: {}", capitalised(kind.label()), item.summary()),
            )
        })
    })
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
                        about_checkboxes(ui, &mut form.about, &actors);
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
                        let others: Vec<(String, String)> = actors
                            .iter()
                            .filter(|(id, _)| *id != form.id)
                            .cloned()
                            .collect();
                        actor_combo(ui, "Part of", &mut form.member_of, &others, Some("none"));
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
                        status_combo(ui, &mut form.status);
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
                        question_extras(ui, form, &about_choices);
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
                        question_extras(ui, form, &about_choices);
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
                        question_extras(ui, form, &about_choices);
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

/// What a question tests and its tags, the same for every question form.
fn question_extras(ui: &mut Ui, form: &mut ItemForm, about_choices: &[(String, String)]) {
    text_field(ui, "Tags (separated by commas):", &mut form.tags, false);
    about_checkboxes(ui, &mut form.about, about_choices);
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

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
