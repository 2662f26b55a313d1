//! Statistics: how much the student studies, what is coming, how well they remember, and what they know.
//! Aggregates come from the core ([`AppState::stats_report`]) and are rebuilt only when progress
//! changes, so the screen stays fast with a million reviews.

use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, Plot};

use crate::ui::intent::Intent;
use crate::ui::state::{AppState, StatsReport};
use crate::ui::theme;

/// The cached report and the chosen period.
pub struct StatsView {
    report: Option<(u64, StatsReport)>,
    days: usize,
}

impl Default for StatsView {
    fn default() -> Self {
        Self {
            report: None,
            days: 30,
        }
    }
}

pub fn stats_ui(ui: &mut Ui, state: &AppState, view: &mut StatsView, intents: &mut Vec<Intent>) {
    ui.label(
        RichText::new("Statistics")
            .font(theme::title_font())
            .strong(),
    );
    crate::ui::widgets::bank_picker::bank_picker_ui(ui, state, intents);
    let Some(bank) = state.selected() else {
        ui.label("Pick a bank above or in the library.");
        return;
    };
    let stale = view.report.as_ref().is_none_or(|(version, report)| {
        *version != state.progress_version || report.bank != bank.id
    });
    if stale {
        view.report = Some((state.progress_version, state.stats_report(bank)));
    }
    let Some((_, report)) = &view.report else {
        return;
    };
    let dark = ui.visuals().dark_mode;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let stats = &report.stats;
            ui.horizontal_wrapped(|ui| {
                figure(ui, &stats.total_reviews.to_string(), "reviews in all");
                figure(ui, &days_text(stats.current_streak_days), "current streak");
                figure(ui, &days_text(stats.longest_streak_days), "longest streak");
                let retention = stats.retention_last(30).rate();
                figure(
                    ui,
                    &retention.map_or("—".to_owned(), |r| format!("{:.0} %", r * 100.0)),
                    &format!(
                        "remembered (goal {:.0} %)",
                        report.desired_retention * 100.0
                    ),
                );
            });

            if let Some(exam) = &report.exam {
                exam_ui(ui, exam, dark);
            }

            heading(
                ui,
                "Reviews per day",
                "Answers each day, right (green) and wrong (red).",
            );
            ui.horizontal(|ui| {
                for days in [30, 90, 365] {
                    ui.selectable_value(&mut view.days, days, format!("{days} days"));
                }
            });
            let days = stats.reviews_per_day(view.days);
            let offset = days.len() as f64;
            // Days without answers get no bar at all (a zero-height bar is drawn as a blob).
            let correct: Vec<Bar> = days
                .iter()
                .enumerate()
                .filter(|(_, d)| d.correct > 0)
                .map(|(i, d)| Bar::new(i as f64 - offset + 1.0, f64::from(d.correct)))
                .collect();
            let incorrect: Vec<Bar> = days
                .iter()
                .enumerate()
                .filter(|(_, d)| d.incorrect > 0)
                .map(|(i, d)| Bar::new(i as f64 - offset + 1.0, f64::from(d.incorrect)))
                .collect();
            let highest = days.iter().map(|d| d.reviews()).max().unwrap_or(0);
            let correct = BarChart::new("Right", correct)
                .color(theme::correct_color(dark))
                .width(0.8);
            let incorrect = BarChart::new("Wrong", incorrect)
                .color(theme::wrong_color(dark))
                .width(0.8)
                .stack_on(&[&correct]);
            let (right, wrong) = days
                .iter()
                .fold((0, 0), |(r, w), d| (r + d.correct, w + d.incorrect));
            let summary = format!(
                "Reviews per day chart: {right} right and {wrong} wrong in the last {} days",
                view.days
            );
            small_plot(
                ("reviews-per-day", view.days, highest),
                bar_top(highest),
                (-(view.days as f64) + 0.5, 0.5),
            )
                .x_axis_label("days ago")
                .show(ui, |plot| {
                    plot.bar_chart(correct);
                    plot.bar_chart(incorrect);
                })
                .response
                .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &summary));

            heading(
                ui,
                "Study calendar",
                "Each square is a day of the last year; darker means more answers.",
            );
            heatmap_ui(ui, report, dark);

            heading(
                ui,
                "Coming up",
                "Reviews falling due each day of the next 30 days (overdue ones count today).",
            );
            let due: Vec<Bar> = report
                .forecast
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(i, n)| Bar::new(i as f64, f64::from(*n)))
                .collect();
            let highest = report.forecast.iter().copied().max().unwrap_or(0);
            small_plot(
                ("forecast", highest),
                bar_top(highest),
                (-0.5, report.forecast.len().max(1) as f64 - 0.5),
            )
                .x_axis_label("days from today")
                .show(ui, |plot| {
                    plot.bar_chart(
                        BarChart::new("Due", due)
                            .color(theme::accent(dark))
                            .width(0.8),
                    );
                })
                .response
                .widget_info(|| {
                    let total: u32 = report.forecast.iter().sum();
                    egui::WidgetInfo::labeled(
                        egui::Role::Image,
                        true,
                        format!("Coming up chart: {total} reviews due in the next 30 days"),
                    )
                });

            heading(
                ui,
                "By section",
                "How many questions of each section you would very likely answer right today.",
            );
            mastery_ui(ui, &report.by_section);
            heading(
                ui,
                "By actor",
                "The same for the questions about each actor and their claims.",
            );
            mastery_ui(ui, &report.by_actor);

            heading(
                ui,
                "Hardest questions",
                "Answered Again at least once over 3 or more answers: those forgotten most often after \
                 learning them first, then those with the fewest right answers.",
            );
            if report.hardest.is_empty() {
                ui.label(RichText::new("None yet — that is good news.").weak());
            }
            for (title, hard) in &report.hardest {
                let wrong = hard.reviews - (hard.success_rate * hard.reviews as f32).round() as u32;
                let forgotten = match hard.lapses {
                    0 => String::new(),
                    1 => ", forgotten once after learning it".to_owned(),
                    n => format!(", forgotten {n} times after learning it"),
                };
                ui.add(
                    egui::Label::new(format!(
                        "• {title}  —  wrong {wrong} of {} answers{forgotten}",
                        hard.reviews
                    ))
                    .wrap(),
                );
            }
        });
}

/// The exam day: expected recall overall and per section, and its rise with each day of study.
fn exam_ui(ui: &mut Ui, exam: &crate::study::exam_date::ExamOutlook, dark: bool) {
    heading(
        ui,
        &format!("Exam on {}", exam.date.format("%-d %B %Y")),
        "How likely you are to remember each question on the day (questions not started count as 0).",
    );
    ui.horizontal_wrapped(|ui| {
        figure(
            ui,
            &format!("{:.0} %", exam.recall * 100.0),
            "expected recall if you stop now",
        );
        if let Some(last) = exam.if_studying.last() {
            figure(
                ui,
                &format!("{:.0} %", last * 100.0),
                "if you study every day until then",
            );
        }
        figure(ui, &days_text(exam.days_left as u32), "left to study");
    });
    egui::Grid::new("exam-sections")
        .num_columns(2)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for (section, recall) in &exam.by_section {
                ui.add(egui::Label::new(section).truncate());
                ui.add(
                    egui::ProgressBar::new(*recall)
                        .desired_width(260.0)
                        .text(format!("{:.0} % expected", recall * 100.0)),
                );
                ui.end_row();
            }
        });
    if exam.if_studying.len() > 1 {
        ui.label(
            RichText::new("Expected recall on the day after studying through each day from today:")
                .small()
                .weak(),
        );
        let bars: Vec<Bar> = exam
            .if_studying
            .iter()
            .enumerate()
            .map(|(i, r)| Bar::new(i as f64, f64::from(*r) * 100.0))
            .collect();
        let days = exam.if_studying.len().max(1) as f64;
        small_plot("exam-rise", 100.0, (-0.5, days - 0.5))
            .x_axis_label("days of study from today")
            .show(ui, |plot| {
                plot.bar_chart(
                    BarChart::new("Expected recall %", bars)
                        .color(theme::accent(dark))
                        .width(0.8),
                );
            });
    }
}

fn days_text(days: u32) -> String {
    if days == 1 {
        "1 day".to_owned()
    } else {
        format!("{days} days")
    }
}

fn figure(ui: &mut Ui, value: &str, label: &str) {
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.vertical(|ui| {
                ui.label(RichText::new(value).size(20.0).strong());
                ui.label(RichText::new(label).small().weak());
            });
        });
}

fn heading(ui: &mut Ui, title: &str, explanation: &str) {
    ui.add_space(12.0);
    ui.label(RichText::new(title).strong().size(17.0));
    ui.label(RichText::new(explanation).small().weak());
}

/// The top of a count chart's y axis: a little above the highest bar, 5 when there are none.
fn bar_top(highest: u32) -> f64 {
    (f64::from(highest) * 1.15).max(5.0)
}

/// A bar chart's frame: the whole period along x, even with no bars, and the y axis from 0 to `top`,
/// never below zero.
fn small_plot(
    id: impl std::hash::Hash + std::fmt::Debug,
    top: f64,
    (x_min, x_max): (f64, f64),
) -> Plot<'static> {
    Plot::new(id)
        .height(160.0)
        .default_x_bounds(x_min, x_max)
        .default_y_bounds(0.0, top)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_background(false)
        .include_y(0.0)
        .show_x(false)
        .show_y(false)
        .show_crosshair(false)
}

/// A year of days as squares, weeks as columns, like a contribution calendar.
fn heatmap_ui(ui: &mut Ui, report: &StatsReport, dark: bool) {
    use chrono::Datelike;
    let days = &report.stats.days;
    let max = days.iter().map(|d| d.reviews()).max().unwrap_or(0).max(1);
    let cell = 11.0;
    let gap = 2.0;
    let weeks = days.len().div_ceil(7) + 1;
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(weeks as f32 * (cell + gap), 7.0 * (cell + gap)),
        egui::Sense::hover(),
    );
    let painter = ui.painter_at(rect);
    let empty = if dark {
        Color32::from_gray(45)
    } else {
        Color32::from_gray(225)
    };
    let full = theme::correct_color(dark);
    let first_weekday = days
        .first()
        .map_or(0, |d| d.date.weekday().num_days_from_monday() as usize);
    for (i, day) in days.iter().enumerate() {
        let slot = i + first_weekday;
        let (week, weekday) = (slot / 7, slot % 7);
        let min = rect.min + egui::vec2(week as f32 * (cell + gap), weekday as f32 * (cell + gap));
        let color = if day.reviews() == 0 {
            empty
        } else {
            let t = 0.25 + 0.75 * day.reviews() as f32 / max as f32;
            empty.lerp_to_gamma(full, t)
        };
        painter.rect_filled(
            egui::Rect::from_min_size(min, egui::vec2(cell, cell)),
            2.0,
            color,
        );
    }
    if let Some(pointer) = ui.ctx().pointer_hover_pos().filter(|p| rect.contains(*p)) {
        let week = ((pointer.x - rect.min.x) / (cell + gap)) as usize;
        let weekday = ((pointer.y - rect.min.y) / (cell + gap)) as usize;
        if let Some(day) = (week * 7 + weekday)
            .checked_sub(first_weekday)
            .and_then(|i| days.get(i))
        {
            egui::Tooltip::always_open(
                ui.ctx().clone(),
                ui.layer_id(),
                egui::Id::unique("heatmap-tip"),
                egui::PopupAnchor::Pointer,
            )
            .show(|ui| {
                ui.label(format!(
                    "{}: {} answers",
                    day.date.format("%a %-d %b %Y"),
                    day.reviews()
                ))
            });
        }
    }
}

/// One row per section or actor: the name in the left part of the width (wrapping, never cut to a
/// few letters) and the bar in the rest.
fn mastery_ui(ui: &mut Ui, groups: &[crate::study::stats::GroupMastery<String>]) {
    if groups.is_empty() {
        // A bank imported without its article has no sections; one without actors, no actors.
        ui.label(RichText::new("None in this bank.").weak());
        return;
    }
    let width = ui.available_width();
    let name_width = (width * 0.45).clamp(120.0, 360.0);
    let bar_width = (width - name_width - 16.0).clamp(120.0, 320.0);
    for group in groups {
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Min), |ui| {
            ui.allocate_ui_with_layout(
                egui::vec2(name_width, 0.0),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(name_width);
                    ui.add(egui::Label::new(&group.key).wrap());
                },
            );
            let share = if group.total == 0 {
                0.0
            } else {
                group.known as f32 / group.total as f32
            };
            ui.add(
                egui::ProgressBar::new(share)
                    .desired_width(bar_width)
                    .text(format!("{} of {} known", group.known, group.total)),
            );
        });
    }
}
