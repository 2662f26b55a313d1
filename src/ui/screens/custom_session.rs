//! The custom-session window: a section, only new or only learnt questions, at most a number of
//! questions or minutes, and, when asked, beyond today's limits. Enter starts, Escape closes.

use egui::{RichText, Ui};

use crate::BankId;
use crate::study::session::{Only, SessionFilter};
use crate::ui::intent::Intent;
use crate::ui::state::AppState;

/// What the student is choosing in the window.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomSessionDraft {
    pub bank: BankId,
    pub section: Option<String>,
    pub only: Option<Only>,
    /// 0 means no limit.
    pub max_questions: u32,
    /// 0 means no limit.
    pub minutes: u32,
    pub ahead: bool,
}

impl CustomSessionDraft {
    pub fn new(bank: BankId) -> Self {
        Self {
            bank,
            section: None,
            only: None,
            max_questions: 20,
            minutes: 0,
            ahead: false,
        }
    }

    /// The filter the session is started with.
    pub fn filter(&self) -> SessionFilter {
        SessionFilter {
            section: self.section.clone(),
            only: self.only,
            max_questions: (self.max_questions > 0).then_some(self.max_questions),
            minutes: (self.minutes > 0).then_some(self.minutes),
            ahead: self.ahead,
            past_review_limit: self.ahead,
            ..SessionFilter::default()
        }
    }
}

/// Draws the window; returns false when it should close.
pub fn custom_session_ui(
    ctx: &egui::Context,
    state: &AppState,
    draft: &mut CustomSessionDraft,
    intents: &mut Vec<Intent>,
) -> bool {
    let Some(bank) = state.bank(&draft.bank).cloned() else {
        return false;
    };
    let mut keep = true;
    let start = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
    egui::Window::new("Custom session")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
        .show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.add(egui::Label::new(RichText::new(&bank.title).strong()).wrap());
            fields_ui(ui, &bank, draft);
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                let go = ui.add(egui::Button::new("Start").shortcut_text("Enter"));
                if go.clicked() || start {
                    intents.push(Intent::StartStudy {
                        bank: draft.bank.clone(),
                        filter: draft.filter(),
                    });
                    keep = false;
                }
                if ui
                    .add(egui::Button::new("Cancel").shortcut_text("Esc"))
                    .clicked()
                {
                    keep = false;
                }
            });
        });
    keep
}

fn fields_ui(ui: &mut Ui, bank: &crate::bank::Bank, draft: &mut CustomSessionDraft) {
    let mut sections: Vec<&str> = Vec::new();
    for passage in &bank.passages {
        if !sections.contains(&passage.section.as_str()) {
            sections.push(&passage.section);
        }
    }
    let label = ui.label("Section");
    egui::ComboBox::from_id_salt("custom-section")
        .width(ui.available_width().min(360.0))
        .wrap_mode(egui::TextWrapMode::Truncate)
        .selected_text(draft.section.as_deref().unwrap_or("The whole article"))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut draft.section, None, "The whole article");
            for section in sections {
                ui.selectable_value(&mut draft.section, Some(section.to_owned()), section);
            }
        })
        .response
        .labelled_by(label.id);
    ui.label("Questions");
    ui.horizontal_wrapped(|ui| {
        ui.selectable_value(&mut draft.only, None, "All");
        ui.selectable_value(&mut draft.only, Some(Only::New), "Only new");
        ui.selectable_value(
            &mut draft.only,
            Some(Only::Learnt),
            "Only ones I have learnt",
        );
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("At most");
        ui.add(egui::DragValue::new(&mut draft.max_questions).range(0..=9999))
            .labelled_by(label.id);
        ui.label("questions (0: no limit)");
    });
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Stop after");
        ui.add(egui::DragValue::new(&mut draft.minutes).range(0..=600))
            .labelled_by(label.id);
        ui.label("minutes (0: no limit)");
    });
    ui.checkbox(
        &mut draft.ahead,
        "Beyond today's limits: new questions past the daily limit, and reviews not due yet",
    );
}
