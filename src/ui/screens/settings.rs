//! Settings: appearance, study limits, the scheduler, and where progress is kept. Every change is saved
//! at once; there is no "Apply" to forget.

use egui::{RichText, Ui};

use crate::progress::settings::{Settings, Theme};
use crate::study::schedule::{DESIRED_RETENTION_RANGE, MAX_INTERVAL_RANGE};
use crate::ui::intent::Intent;
use crate::ui::optimizer::{OptimizerAction, OptimizerJob};
use crate::ui::state::AppState;
use crate::ui::theme;

/// The least width of the label column of every settings grid.
const LABEL_WIDTH: f32 = 190.0;

/// Every label of the settings grids. Each grid sizes its own columns, so both get the width of the
/// widest of these (measured in the current font), or a longer label in one grid would push its
/// controls out of line with the other's.
const GRID_LABELS: [&str; 12] = [
    "Theme",
    "Text size",
    "Rating buttons",
    "New questions per day",
    "Desired retention",
    "Learning steps (minutes)",
    "Relearning steps (minutes)",
    "New day starts at",
    "Maximum interval (days)",
    "Reviews per day (per bank)",
    "Spread review dates",
    "Your name (for exam results)",
];

/// The label column's width: [`LABEL_WIDTH`], or the widest of [`GRID_LABELS`] if wider.
fn label_column_width(ui: &Ui) -> f32 {
    GRID_LABELS
        .iter()
        .map(|text| {
            egui::WidgetText::from(*text)
                .into_galley(
                    ui,
                    Some(egui::TextWrapMode::Extend),
                    f32::INFINITY,
                    egui::TextStyle::Body,
                )
                .size()
                .x
        })
        .fold(LABEL_WIDTH, f32::max)
        .ceil()
}

/// Text typed into the learning-steps and exam-date fields, kept until it parses.
#[derive(Default)]
pub struct SettingsDraft {
    learning_steps: Option<String>,
    relearning_steps: Option<String>,
    /// Per bank id, the exam date as typed.
    exam_dates: std::collections::HashMap<String, String>,
}

pub fn settings_ui(
    ui: &mut Ui,
    state: &AppState,
    draft: &mut SettingsDraft,
    optimizer: &OptimizerJob,
    intents: &mut Vec<Intent>,
) {
    let mut settings: Settings = state.settings.clone();
    ui.label(RichText::new("Settings").font(theme::title_font()).strong());
    let label_width = label_column_width(ui);
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.add_space(4.0);
        section(ui, "Appearance");
        egui::Grid::new("appearance").num_columns(2).min_col_width(label_width).spacing([24.0, 10.0]).show(ui, |ui| {
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
        egui::Grid::new("studying").num_columns(2).min_col_width(label_width).spacing([24.0, 10.0]).show(ui, |ui| {
            let label = ui.label("New questions per day");
            ui.add(egui::DragValue::new(&mut settings.daily_new_limit).range(0..=9999)).labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Desired retention");
            ui.add(egui::Slider::new(&mut settings.desired_retention, DESIRED_RETENTION_RANGE).step_by(0.01).custom_formatter(|v, _| format!("{:.0} %", v * 100.0)).custom_parser(parse_percent))
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
            ui.add(egui::DragValue::new(&mut settings.max_interval_days).range(MAX_INTERVAL_RANGE)).labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Reviews per day (per bank)");
            ui.add(egui::DragValue::new(&mut settings.daily_review_limit).range(1..=99_999)).labelled_by(label.id)
                .on_hover_text("Reviews beyond this wait for another day; the library offers to study them anyway.");
            ui.end_row();
            let label = ui.label("Spread review dates");
            ui.checkbox(&mut settings.fuzz, "On (fuzz: ± a few days)")
                .labelled_by(label.id)
                .on_hover_text("Moves each review of 3 days or more by about ±5–15 %, so questions learnt together do not always come back together. Off gives the exact FSRS interval.");
            ui.end_row();
            let label = ui.label("Your name (for exam results)");
            ui.add(egui::TextEdit::singleline(&mut settings.student_name).desired_width(220.0)).labelled_by(label.id);
            ui.end_row();
        });

        crate::ui::widgets::scheduling_help::scheduling_help_ui(ui);

        section(ui, "Exam dates");
        exam_dates_ui(ui, state, draft, &mut settings);

        section(ui, "Your memory model");
        optimizer_ui(ui, &settings, optimizer, intents);

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
        // Empty is allowed: no steps, the first answer goes straight to a review in days.
        Ok(values) if values.iter().all(|v| *v > 0 && *v < 60 * 24) => {
            if response.changed() {
                *steps = values;
            }
        }
        _ => {
            ui.colored_label(
                theme::wrong_color(ui.visuals().dark_mode),
                "Use minutes (1–1439) separated by spaces, e.g. 1 10, or leave empty for none",
            );
        }
    }
}

/// One date field per loaded bank; the teacher's date from the bank file shows as the hint.
fn exam_dates_ui(
    ui: &mut Ui,
    state: &AppState,
    draft: &mut SettingsDraft,
    settings: &mut Settings,
) {
    ui.add(
        egui::Label::new(
            "Until an exam date, every question of the bank comes back before the day and none is put off past it. Leave empty for none.",
        )
        .wrap(),
    );
    for bank in state.banks() {
        let id = bank.id.0.clone();
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(&bank.title);
            let text = draft.exam_dates.entry(id.clone()).or_insert_with(|| {
                settings
                    .exam_dates
                    .get(&id)
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            });
            let hint = match bank.exam_date() {
                Some(date) => format!("{date} (teacher's)"),
                None => "YYYY-MM-DD".to_owned(),
            };
            let response = ui
                .add(
                    egui::TextEdit::singleline(text)
                        .hint_text(hint)
                        .desired_width(130.0),
                )
                .labelled_by(label.id);
            let trimmed = text.trim();
            if trimmed.is_empty() {
                if response.changed() {
                    settings.exam_dates.remove(&id);
                }
            } else if let Ok(date) = chrono::NaiveDate::parse_from_str(trimmed, "%Y-%m-%d") {
                if response.changed() {
                    settings.exam_dates.insert(id.clone(), date);
                }
            } else {
                ui.colored_label(
                    theme::wrong_color(ui.visuals().dark_mode),
                    "Write a date like 2026-12-21",
                );
            }
        });
    }
}

/// "Optimize from my reviews": start, progress and Cancel, then the comparison and the choice.
fn optimizer_ui(ui: &mut Ui, settings: &Settings, job: &OptimizerJob, intents: &mut Vec<Intent>) {
    let own = !settings.fsrs_parameters.is_empty();
    ui.add(
        egui::Label::new(if own {
            "Intervals follow parameters fitted to your own reviews."
        } else {
            "Intervals follow FSRS's default parameters (fitted to many people's reviews). After a few hundred reviews, fitting them to yours can make the dates suit you better."
        })
        .wrap(),
    );
    match job {
        OptimizerJob::Running(_) => {
            if job.reading_history() {
                ui.horizontal(|ui| {
                    ui.add(egui::Spinner::new());
                    ui.label("Reading your reviews…");
                });
            }
            ui.horizontal(|ui| {
                let fraction = job.fraction().unwrap_or(0.0);
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .show_percentage()
                        .desired_width(240.0),
                );
                if ui.button("Cancel").clicked() {
                    intents.push(Intent::Optimizer(OptimizerAction::Cancel));
                }
            });
        }
        OptimizerJob::Finished(Ok(report)) => {
            egui::Grid::new("optimizer-result")
                .num_columns(3)
                .spacing([24.0, 6.0])
                .show(ui, |ui| {
                    ui.label(format!("On {} of your reviews", report.items));
                    ui.label("Log loss");
                    ui.label("RMSE");
                    ui.end_row();
                    ui.label(if own {
                        "Current parameters"
                    } else {
                        "FSRS defaults"
                    });
                    ui.label(format!("{:.4}", report.current.log_loss));
                    ui.label(format!("{:.4}", report.current.rmse_bins));
                    ui.end_row();
                    ui.label("Fitted parameters");
                    ui.label(format!("{:.4}", report.fitted.log_loss));
                    ui.label(format!("{:.4}", report.fitted.rmse_bins));
                    ui.end_row();
                });
            ui.label("Lower is better: how far the predicted chances of remembering were from what you answered.");
            if report.improves() {
                ui.label("The fitted parameters predict your answers better.");
                ui.horizontal(|ui| {
                    if ui.button("Use the fitted parameters").clicked() {
                        intents.push(Intent::Optimizer(OptimizerAction::Apply));
                    }
                    if ui.button("Keep the current ones").clicked() {
                        intents.push(Intent::Optimizer(OptimizerAction::Discard));
                    }
                });
            } else {
                ui.label("The fitted parameters are not better; nothing was changed.");
                if ui.button("OK").clicked() {
                    intents.push(Intent::Optimizer(OptimizerAction::Discard));
                }
            }
        }
        OptimizerJob::Idle | OptimizerJob::Finished(Err(_)) => {
            if let OptimizerJob::Finished(Err(message)) = job {
                ui.add(egui::Label::new(message.as_str()).wrap());
            }
            ui.horizontal(|ui| {
                if ui.button("Optimize from my reviews").clicked() {
                    intents.push(Intent::Optimizer(OptimizerAction::Start));
                }
                if ui
                    .add_enabled(own, egui::Button::new("Back to the defaults"))
                    .clicked()
                {
                    intents.push(Intent::Optimizer(OptimizerAction::UseDefaults));
                }
            });
        }
    }
}
