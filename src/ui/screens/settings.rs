//! Settings: appearance, study limits, the scheduler, and where progress is kept. Every change is saved
//! at once; there is no "Apply" to forget.

use egui::{RichText, Ui};

use crate::progress::settings::{Settings, Theme};
use crate::ui::intent::Intent;
use crate::ui::state::AppState;
use crate::ui::theme;

/// The width of the label column of every settings grid, so the controls of all sections line up.
const LABEL_WIDTH: f32 = 190.0;

/// Text typed into the learning-steps fields, kept until it parses.
#[derive(Default)]
pub struct SettingsDraft {
    learning_steps: Option<String>,
    relearning_steps: Option<String>,
}

pub fn settings_ui(
    ui: &mut Ui,
    state: &AppState,
    draft: &mut SettingsDraft,
    intents: &mut Vec<Intent>,
) {
    let mut settings: Settings = state.settings.clone();
    ui.label(RichText::new("Settings").font(theme::title_font()).strong());
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(4.0);
        section(ui, "Appearance");
        egui::Grid::new("appearance").num_columns(2).min_col_width(LABEL_WIDTH).spacing([24.0, 10.0]).show(ui, |ui| {
            ui.label("Theme");
            ui.horizontal(|ui| {
                ui.selectable_value(&mut settings.theme, Theme::System, "Follow system");
                ui.selectable_value(&mut settings.theme, Theme::Light, "Light");
                ui.selectable_value(&mut settings.theme, Theme::Dark, "Dark");
            });
            ui.end_row();
            let label = ui.label("Text size");
            ui.add(egui::Slider::new(&mut settings.text_scale, 0.8..=1.6).step_by(0.1).custom_formatter(|v, _| format!("{:.0} %", v * 100.0)).custom_parser(parse_percent))
                .labelled_by(label.id);
            ui.end_row();
            ui.label("Rating buttons");
            // One above the other: side by side they run off a narrow window at large text sizes.
            ui.vertical(|ui| {
                ui.selectable_value(&mut settings.four_rating_buttons, true, "Four (Again, Hard, Good, Easy)");
                ui.selectable_value(&mut settings.four_rating_buttons, false, "Two (Again, Good)");
            });
            ui.end_row();
        });

        section(ui, "Studying");
        egui::Grid::new("studying").num_columns(2).min_col_width(LABEL_WIDTH).spacing([24.0, 10.0]).show(ui, |ui| {
            let label = ui.label("New questions per day");
            ui.add(egui::DragValue::new(&mut settings.daily_new_limit).range(0..=9999)).labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Desired retention");
            ui.add(egui::Slider::new(&mut settings.desired_retention, 0.70..=0.99).step_by(0.01).custom_formatter(|v, _| format!("{:.0} %", v * 100.0)).custom_parser(parse_percent))
                .labelled_by(label.id)
                .on_hover_text("How likely you want to be to remember a question when it comes back. Higher means more reviews.");
            ui.end_row();
            let label = ui.label("Learning steps (minutes)");
            steps_field(ui, label.id, &mut draft.learning_steps, &mut settings.learning_steps_mins);
            ui.end_row();
            let label = ui.label("Relearning steps (minutes)");
            steps_field(ui, label.id, &mut draft.relearning_steps, &mut settings.relearning_steps_mins);
            ui.end_row();
            let label = ui.label("New day starts at");
            ui.add(egui::DragValue::new(&mut settings.rollover_hour).range(0..=23).suffix(":00")).labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Maximum interval (days)");
            ui.add(egui::DragValue::new(&mut settings.max_interval_days).range(1..=36500)).labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Your name (for exam results)");
            ui.add(egui::TextEdit::singleline(&mut settings.student_name).desired_width(220.0)).labelled_by(label.id);
            ui.end_row();
        });

        crate::ui::widgets::scheduling_help::scheduling_help_ui(ui);

        section(ui, "Your progress");
        match &state.data_dir {
            Some(dir) => {
                ui.add(egui::Label::new(dir.describe()).wrap());
                if ui.button("Open data folder").clicked() {
                    intents.push(Intent::OpenDataFolder);
                }
            }
            None => {
                ui.colored_label(theme::wrong_color(ui.visuals().dark_mode), "No data folder: progress is not being saved.");
            }
        }
        if !state.saves_progress() {
            ui.colored_label(theme::wrong_color(ui.visuals().dark_mode), "Answers in this window are not being saved.");
        }
    });
    if settings != state.settings {
        intents.push(Intent::UpdateSettings(Box::new(settings)));
    }
}

/// Reads a percentage as the box shows it ("150", "150 %") into the fraction the setting keeps (1.5).
fn parse_percent(text: &str) -> Option<f64> {
    let number = text.trim().trim_end_matches('%').trim();
    number.parse::<f64>().ok().map(|v| v / 100.0)
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(10.0);
    ui.label(RichText::new(title).strong().size(17.0));
    ui.separator();
}

/// A field for learning steps typed as "1 10"; the setting changes only when the text parses.
fn steps_field(ui: &mut Ui, label: egui::Id, text: &mut Option<String>, steps: &mut Vec<u32>) {
    let buffer = text.get_or_insert_with(|| {
        steps
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    });
    let response = ui
        .add(egui::TextEdit::singleline(buffer).desired_width(120.0))
        .labelled_by(label);
    let parsed: Result<Vec<u32>, _> = buffer.split_whitespace().map(str::parse::<u32>).collect();
    match parsed {
        Ok(values) if !values.is_empty() && values.iter().all(|v| *v > 0 && *v < 60 * 24) => {
            if response.changed() {
                *steps = values;
            }
        }
        _ => {
            ui.colored_label(
                theme::wrong_color(ui.visuals().dark_mode),
                "Use minutes separated by spaces, e.g. 1 10",
            );
        }
    }
}
