//! "Bank: [..]" — which bank a screen shows, on every screen that shows one bank, so after studying
//! one's own bank the statistics or the reader never silently show another.

use egui::Ui;

use crate::ui::intent::Intent;
use crate::ui::state::AppState;

/// A labelled list of the loaded banks; picking one selects it for every screen.
pub fn bank_picker_ui(ui: &mut Ui, state: &AppState, intents: &mut Vec<Intent>) {
    let banks: Vec<_> = state.banks().collect();
    if banks.is_empty() {
        return;
    }
    let selected = state.selected_summary().map(|b| b.id.clone());
    let current = state
        .selected_summary()
        .map_or_else(|| "Choose a bank…".to_owned(), |b| b.title.clone());
    ui.horizontal(|ui| {
        let label = ui.label("Bank");
        egui::ComboBox::from_id_salt("bank-picker")
            .width(ui.available_width().min(420.0))
            .wrap_mode(egui::TextWrapMode::Truncate)
            .selected_text(current)
            .show_ui(ui, |ui| {
                for bank in &banks {
                    let item =
                        egui::Button::selectable(selected.as_ref() == Some(&bank.id), &bank.title);
                    if ui.add(item).clicked() {
                        intents.push(Intent::SelectBank(bank.id.clone()));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
}
