//! Statistics (filled in with issue 8's aggregates).

use egui::Ui;

use crate::ui::intent::Intent;
use crate::ui::state::AppState;

/// Cached aggregates; rebuilt only when progress changes.
#[derive(Default)]
pub struct StatsView {}

pub fn stats_ui(ui: &mut Ui, _state: &AppState, _view: &mut StatsView, _intents: &mut Vec<Intent>) {
    ui.label("Statistics");
}
