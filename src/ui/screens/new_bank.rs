//! "New bank from article…": open an article file or paste its text, and Dossier drafts a bank for the
//! teacher to review. The draft is saved into the library folder and opened in Preview.

use egui::{RichText, Ui};

use crate::ui::intent::{Intent, Screen};
use crate::ui::state::ArticleSource;
use crate::ui::theme;

/// What the teacher typed on this screen.
#[derive(Debug, Default)]
pub struct NewBankView {
    pub title: String,
    pub text: String,
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
    ui.horizontal_wrapped(|ui| {
        if ui
            .button("Open article file…")
            .on_hover_text("A .txt, .md or .html file; the bank is drafted from it at once")
            .clicked()
        {
            intents.push(Intent::DraftFromFileDialog {
                title: view.title(),
            });
        }
        ui.label(RichText::new("or paste the article's text below").weak());
    });
    ui.add_space(6.0);
    let label = ui.label("Article text:");
    let rows = ((ui.available_height() - 90.0) / 20.0).clamp(4.0, 18.0) as usize;
    egui::ScrollArea::vertical()
        .max_height(ui.available_height() - 60.0)
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut view.text)
                    .hint_text("Paste a news article here: headline, then paragraphs")
                    .desired_width(f32::INFINITY)
                    .desired_rows(rows),
            )
            .labelled_by(label.id);
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let has_text = !view.text.trim().is_empty();
        if ui
            .add_enabled(has_text, egui::Button::new("Draft bank"))
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
}
