//! The bank's model beside the article: every item with its anchor, draft mark and buttons.

use super::form::certainty_combo;
use super::*;

pub(super) fn model_ui(
    ui: &mut Ui,
    session: &EditorSession,
    view: &mut AuthorView,
    intents: &mut Vec<Intent>,
    dark: bool,
) {
    let editor = &session.editor;
    let needle = view.filter.trim().to_lowercase();
    let names: std::collections::HashMap<&str, &str> = editor
        .raw()
        .actors
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
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
                // While searching, kinds with nothing found are left out rather than listed empty.
                if count == 0 && !needle.is_empty() {
                    continue;
                }
                egui::CollapsingHeader::new(format!("{}s ({count})", capitalised(kind.label())))
                    .id_salt(kind.list())
                    .default_open(true)
                    .show(ui, |ui| {
                        for item in &items {
                            ui.push_id((kind.list(), item.id()), |ui| {
                                item_row_ui(ui, item, &names, intents, dark)
                            });
                        }
                    });
            }
        });
}

/// Who says or does the item, and how far it has got: what a teacher checks first in a draft, shown
/// without opening the form.
fn who_line(item: &Item, names: &std::collections::HashMap<&str, &str>) -> Option<String> {
    let name = |id: &str| names.get(id).copied().unwrap_or(id).to_owned();
    match item {
        Item::Actor(a) => {
            let part_of = a
                .member_of
                .as_deref()
                .map(|body| format!(" · part of {}", name(body)))
                .unwrap_or_default();
            Some(format!("Role: {}{part_of}", a.role))
        }
        Item::Claim(c) if c.by == "article" => Some(format!(
            "In the article's own voice · {}",
            c.certainty.label()
        )),
        Item::Claim(c) => Some(format!("Said by {} · {}", name(&c.by), c.certainty.label())),
        Item::Implication(i) => Some(match &i.by {
            Some(by) => format!("According to {} · {}", name(by), i.certainty.label()),
            None => i.certainty.label().to_owned(),
        }),
        Item::Response(r) => {
            let by: Vec<String> = r.by.iter().map(|id| name(id)).collect();
            let by = if by.is_empty() {
                "nobody named".to_owned()
            } else {
                by.join(", ")
            };
            let status = r
                .status
                .map(|s| format!(" · {}", s.label()))
                .unwrap_or_default();
            Some(format!("Taken by {by}{status}"))
        }
        Item::Question(_) => None,
    }
}

fn item_row_ui(
    ui: &mut Ui,
    item: &Item,
    names: &std::collections::HashMap<&str, &str>,
    intents: &mut Vec<Intent>,
    dark: bool,
) {
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
            if let Some(who) = who_line(item, names) {
                ui.add(egui::Label::new(RichText::new(who).small()).wrap());
            }
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
