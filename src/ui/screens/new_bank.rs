//! "New bank from article…": open an article file or paste its text, and Dossier drafts a bank for the
//! teacher to review. The draft is saved into the library folder and opened in Preview.

use std::path::PathBuf;

use egui::{RichText, Ui};

use crate::ui::intent::{Intent, Screen};
use crate::ui::state::ArticleSource;
use crate::ui::theme;

/// What the teacher typed on this screen.
#[derive(Debug, Default)]
pub struct NewBankView {
    pub title: String,
    pub text: String,
    /// The article file's path, typed or pasted: the way in where the system has no file dialog.
    pub path: String,
    /// The system's file dialog came back without a file: cancelled, or there is no dialog service.
    pub no_file: bool,
}

impl NewBankView {
    fn title(&self) -> Option<String> {
        let title = self.title.trim();
        (!title.is_empty()).then(|| title.to_owned())
    }
}

pub fn new_bank_ui(ui: &mut Ui, view: &mut NewBankView, intents: &mut Vec<Intent>) {
    ui.label(
        RichText::new("New bank from article")
            .font(theme::title_font())
            .strong(),
    );
    ui.add(
        egui::Label::new(
            "Dossier drafts passages, actors, claims with how sure the article is of each, implications, responses and questions. Every drafted item is marked for review: check each against the article before students use the bank.",
        )
        .wrap(),
    );
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Title (optional):");
        ui.add(
            egui::TextEdit::singleline(&mut view.title)
                .hint_text("the article's headline")
                .desired_width(320.0),
        )
        .labelled_by(label.id);
    });
    ui.add_space(6.0);
    // The buttons come before the text box, so they stay on screen in a small window at large text.
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Article file:");
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut view.path)
                    .hint_text("path to a .txt, .md or .html file")
                    .desired_width(320.0),
            )
            .labelled_by(label.id);
        let has_path = !view.path.trim().is_empty();
        let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let open = ui
            .add_enabled(has_path, egui::Button::new("Draft from file"))
            .on_hover_text("Draft a bank from the file whose path is typed here")
            .on_disabled_hover_text("Type or paste the article file's path first");
        if has_path && (open.clicked() || entered) {
            intents.push(Intent::DraftNewBank {
                source: ArticleSource::File(PathBuf::from(view.path.trim())),
                title: view.title(),
            });
        }
        if ui
            .button("Browse…")
            .on_hover_text("Choose the article file in the system's file window")
            .clicked()
        {
            intents.push(Intent::DraftFromFileDialog {
                title: view.title(),
            });
        }
    });
    if view.no_file {
        ui.add(
            egui::Label::new(
                "No file was chosen. If no file window appeared, this system has no file-dialog \
                 service (on Linux, xdg-desktop-portal): type or paste the article file's path \
                 above, or paste its text below.",
            )
            .wrap(),
        );
    }
    ui.horizontal_wrapped(|ui| {
        let has_text = !view.text.trim().is_empty();
        if ui
            .add_enabled(has_text, egui::Button::new("Draft bank"))
            .on_hover_text("Draft a bank from the text pasted below")
            .on_disabled_hover_text("Paste the article's text below first")
            .clicked()
        {
            intents.push(Intent::DraftNewBank {
                source: ArticleSource::Pasted(view.text.clone()),
                title: view.title(),
            });
        }
        if ui.button("Cancel").clicked() {
            intents.push(Intent::Navigate(Screen::Library));
        }
    });
    ui.add_space(6.0);
    let label = ui.label("Article text:");
    egui::ScrollArea::vertical()
        .max_height((ui.available_height() - 8.0).max(80.0))
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut view.text)
                    .hint_text("Paste a news article here: headline, then paragraphs")
                    .desired_width(f32::INFINITY)
                    .desired_rows(8),
            )
            .labelled_by(label.id);
        });
}
