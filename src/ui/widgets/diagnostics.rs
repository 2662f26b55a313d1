//! A broken bank's diagnostics, as the terminal shows them: file:line:col, the source line, a caret
//! under the mistake and a hint, in a monospace box the teacher can select and copy.

use egui::{RichText, Ui};

use crate::ui::theme;

/// Shows pre-rendered diagnostics text in a scrollable monospace block.
pub fn diagnostics_ui(ui: &mut Ui, rendered: &str) {
    let dark = ui.visuals().dark_mode;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.0, theme::wrong_color(dark)))
        .show(ui, |ui| {
            egui::ScrollArea::both()
                .max_height(220.0)
                .id_salt(rendered.len())
                .show(ui, |ui| {
                    ui.add(
                        egui::Label::new(RichText::new(rendered).monospace())
                            .selectable(true)
                            .extend(),
                    );
                });
        });
}
