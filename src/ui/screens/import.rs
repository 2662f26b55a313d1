//! "Import…": a quiz file from Moodle, Anki or a spreadsheet (and optionally its article) previewed
//! question by question — kind, prompt, answer, options, linked passage — with every question skipped
//! and why, then saved into the library. The fields and the save come first, so they stay on screen
//! in a small window; the long lists scroll below. Nothing is written until "Save to library".

use egui::{RichText, Ui};

use crate::interchange::preview::{ImportPreview, PreviewItem, Problem};
use crate::ui::intent::Intent;
use crate::ui::state::{ImportFocus, ImportIntent, ImportSession};
use crate::ui::theme;

/// Most questions (and problems) drawn at once: each is laid out every frame.
const MAX_SHOWN: usize = 300;

/// The accessible names of the fields, shared with the tests.
pub const FILE_LABEL: &str = "Quiz file";
pub const ARTICLE_LABEL: &str = "Article (optional)";
pub const TITLE_LABEL: &str = "Bank title";
pub const FILE_NAME_LABEL: &str = "File name in your library";

pub fn import_ui(ui: &mut Ui, session: Option<&mut ImportSession>, intents: &mut Vec<Intent>) {
    // One scroll area for the whole screen: at 800x600 with large text the fields alone fill the
    // window, and the preview must still be reachable below them.
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| screen_ui(ui, session, intents));
}

fn screen_ui(ui: &mut Ui, session: Option<&mut ImportSession>, intents: &mut Vec<Intent>) {
    let Some(session) = session else {
        ui.label("Nothing to import.");
        if ui.button("Import a quiz file…").clicked() {
            intents.push(Intent::Import(ImportIntent::Open(None)));
        }
        return;
    };
    let dark = ui.visuals().dark_mode;
    ui.label(
        RichText::new("Import a quiz")
            .font(theme::title_font())
            .strong(),
    );
    ui.add(
        egui::Label::new(
            "GIFT, Aiken or Moodle XML from Moodle, an Anki text export, or a CSV/TSV of terms and definitions. Preview shows every question as it will be imported; nothing is written until you save.",
        )
        .wrap(),
    );
    ui.add_space(6.0);
    let focus = session.focus.take();
    let file_enter = path_row_ui(
        ui,
        FILE_LABEL,
        &mut session.file,
        "/home/you/moodle/unit-1.gift",
        focus == Some(ImportFocus::File),
        ImportIntent::ChooseFile,
        intents,
    );
    let article_enter = path_row_ui(
        ui,
        ARTICLE_LABEL,
        &mut session.article,
        ".txt, .md or .html, or a bank whose passages to use",
        false,
        ImportIntent::ChooseArticle,
        intents,
    );
    ui.label(
        RichText::new(
            "With an article, the passages come from it and each question is linked to the passage that best supports it.",
        )
        .small()
        .weak(),
    );
    ui.horizontal_wrapped(|ui| {
        let has_file = !session.file.trim().is_empty();
        let preview = ui
            .add_enabled(
                has_file,
                egui::Button::new("Preview").shortcut_text("Enter"),
            )
            .on_disabled_hover_text("Type the quiz file's path, or choose it, first");
        if (preview.clicked() || file_enter || article_enter) && has_file {
            intents.push(Intent::Import(ImportIntent::Preview));
        }
        if ui
            .add(egui::Button::new("Cancel").shortcut_text("Esc"))
            .on_hover_text("Back to the library; nothing is written")
            .clicked()
        {
            intents.push(Intent::Import(ImportIntent::Cancel));
        }
    });
    if session.no_file_chosen {
        ui.add(
            egui::Label::new(
                "No file was chosen. If no file window appeared, this system has no file-dialog \
                 service (on Linux, xdg-desktop-portal): type or paste the file's path above, or \
                 drop the file on this window.",
            )
            .wrap(),
        );
    }
    if let Some(error) = &session.error {
        ui.add(
            egui::Label::new(
                RichText::new(format!("⚠ {error}"))
                    .color(theme::wrong_color(dark))
                    .strong(),
            )
            .wrap(),
        );
    }
    let current = session.preview_is_current();
    let can_save = session.can_save();
    let Some(preview) = &session.preview else {
        return;
    };
    ui.separator();
    ui.add(egui::Label::new(RichText::new(preview.summary()).strong()).wrap());
    if preview.article.is_some() {
        ui.add(
            egui::Label::new(format!(
                "Linked to the article's {} passages; {} weak link{} marked for review.",
                preview.passages,
                preview.weak_links,
                if preview.weak_links == 1 { "" } else { "s" }
            ))
            .wrap(),
        );
    } else {
        ui.add(
            egui::Label::new(
                RichText::new(
                    "No article: the questions stand alone (no passages, no \"Show in article\").",
                )
                .weak(),
            )
            .wrap(),
        );
    }
    if !current {
        ui.label(
            RichText::new("The file or article changed: preview again before saving.")
                .color(theme::partial_color(dark)),
        );
    }
    let mut save = false;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(TITLE_LABEL);
        let field = ui
            .add(egui::TextEdit::singleline(&mut session.title).desired_width(260.0))
            .labelled_by(label.id);
        if focus == Some(ImportFocus::Title) {
            field.request_focus();
            field.scroll_to_me(Some(egui::Align::Center));
        }
        save |= entered(ui, &field);
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(FILE_NAME_LABEL);
        let field = ui
            .add(egui::TextEdit::singleline(&mut session.file_name).desired_width(220.0))
            .labelled_by(label.id);
        save |= entered(ui, &field);
        let button = ui
            .add_enabled(can_save, egui::Button::new("Save to library"))
            .on_hover_text("Write the bank into your library folder (never over another file)")
            .on_disabled_hover_text(if preview.can_save() {
                "Preview again first"
            } else {
                "No question could be imported"
            });
        save |= button.clicked();
    });
    if save && can_save {
        intents.push(Intent::Import(ImportIntent::Save));
    }
    ui.add_space(4.0);
    lists_ui(ui, preview, dark);
}

/// A labelled path field with its "Choose…" button; returns whether Enter was pressed in the field.
fn path_row_ui(
    ui: &mut Ui,
    label: &str,
    path: &mut String,
    hint: &str,
    focus: bool,
    choose: ImportIntent,
    intents: &mut Vec<Intent>,
) -> bool {
    let mut enter = false;
    let name = ui.label(label);
    ui.horizontal(|ui| {
        let choose_width = 110.0;
        let field = ui
            .add(
                egui::TextEdit::singleline(path)
                    .hint_text(hint)
                    .desired_width((ui.available_width() - choose_width).max(120.0)),
            )
            .labelled_by(name.id);
        if focus {
            field.request_focus();
        }
        enter = entered(ui, &field);
        if ui
            .button("Choose…")
            .on_hover_text(format!("{label}: pick it with the system's file dialog"))
            .clicked()
        {
            intents.push(Intent::Import(choose));
        }
    });
    enter
}

/// Whether Enter was pressed in this single-line field (which then lets go of the focus).
fn entered(ui: &Ui, field: &egui::Response) -> bool {
    field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
}

fn lists_ui(ui: &mut Ui, preview: &ImportPreview, dark: bool) {
    ui.label(
        RichText::new(format!("Questions to import ({})", preview.items.len()))
            .strong()
            .size(16.0),
    );
    if preview.items.is_empty() {
        ui.label("None: no question in this file could be carried. See why below.");
    }
    for (number, item) in preview.items.iter().enumerate().take(MAX_SHOWN) {
        ui.push_id(("import-item", number), |ui| {
            item_ui(ui, number + 1, item, dark)
        });
    }
    if preview.items.len() > MAX_SHOWN {
        ui.label(format!(
            "… and {} more, all saved with the others.",
            preview.items.len() - MAX_SHOWN
        ));
    }
    ui.add_space(8.0);
    ui.label(
        RichText::new(format!("Skipped ({})", preview.skipped.len()))
            .strong()
            .size(16.0),
    );
    if preview.skipped.is_empty() {
        ui.label("None: every question in the file is imported.");
    }
    problems_ui(ui, &preview.skipped, theme::wrong_color(dark));
    if !preview.lost.is_empty() {
        ui.add_space(8.0);
        ui.label(
            RichText::new(format!(
                "Imported with a detail lost ({})",
                preview.lost.len()
            ))
            .strong()
            .size(16.0),
        );
        problems_ui(ui, &preview.lost, theme::partial_color(dark));
    }
}

fn item_ui(ui: &mut Ui, number: usize, item: &PreviewItem, dark: bool) {
    egui::Frame::group(ui.style())
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(format!("#{number} · {} · id {}", item.kind, item.id))
                    .small()
                    .weak(),
            );
            ui.add(egui::Label::new(&item.prompt).wrap());
            ui.add(
                egui::Label::new(
                    RichText::new(format!("Answer: {}", item.answer))
                        .color(theme::correct_color(dark)),
                )
                .wrap(),
            );
            if !item.wrong_options.is_empty() {
                ui.add(
                    egui::Label::new(
                        RichText::new(format!("Wrong options: {}", item.wrong_options.join(" · ")))
                            .color(theme::wrong_color(dark)),
                    )
                    .wrap(),
                );
            }
            if let Some(passage) = &item.passage {
                let text = format!(
                    "Linked passage: {} ({}) — “{}”",
                    passage.section, passage.id, passage.excerpt
                );
                ui.add(egui::Label::new(RichText::new(text).weak()).wrap());
                if item.weak_link {
                    ui.add(
                        egui::Label::new(
                            RichText::new(
                                "⚠ Weak link: few words in common with this passage. It is marked for review: check it in the bank.",
                            )
                            .color(theme::partial_color(dark)),
                        )
                        .wrap(),
                    );
                }
            }
        });
    ui.add_space(4.0);
}

fn problems_ui(ui: &mut Ui, problems: &[Problem], color: egui::Color32) {
    for (k, problem) in problems.iter().enumerate().take(MAX_SHOWN) {
        ui.push_id(("import-problem", k), |ui| {
            ui.add(
                egui::Label::new(
                    RichText::new(format!("{}: {}", problem.location, problem.reason)).color(color),
                )
                .wrap(),
            );
            if let Some(hint) = &problem.hint {
                ui.add(egui::Label::new(RichText::new(format!("help: {hint}")).weak()).wrap());
            }
        });
    }
    if problems.len() > MAX_SHOWN {
        ui.label(format!("… and {} more.", problems.len() - MAX_SHOWN));
    }
}
