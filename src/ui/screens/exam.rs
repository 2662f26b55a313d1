//! Exam mode (filled in with issue 8's exam core).

use egui::Ui;

use crate::ui::intent::Intent;
use crate::ui::state::AppState;

/// The exam being set up, taken or reviewed.
#[derive(Default)]
pub struct ExamView {}

pub fn exam_ui(ui: &mut Ui, _state: &AppState, _view: &mut ExamView, _intents: &mut Vec<Intent>) {
    ui.label("Exam");
}
