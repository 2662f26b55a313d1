//! How a session ends: the short break while learning cards wait, "End this session?", and the
//! summary with the questions worth another look. Split from `study.rs` to keep it readable.

use egui::{RichText, Ui};

use crate::QuestionId;
use crate::bank::Bank;
use crate::study::grade::expected_text;
use crate::ui::intent::{Intent, Screen};
use crate::ui::state::{ActiveSession, AppState};
use crate::ui::theme;

use super::study_feedback::show_in_article;

/// Every card left is a learning card whose next step is minutes away: say when, rather than end.
pub(super) fn waiting_ui(
    ui: &mut Ui,
    state: &AppState,
    active: &ActiveSession,
    intents: &mut Vec<Intent>,
) {
    let now_ms = state.clock.now().timestamp_millis();
    let wait_secs = active
        .session
        .next_learning_due_ms()
        .map_or(0, |due| ((due - now_ms) / 1000).max(0));
    ui.add_space(24.0);
    ui.vertical_centered(|ui| {
        ui.label(
            RichText::new("Well done — a short break")
                .font(theme::title_font())
                .strong(),
        );
        ui.label(format!(
            "The questions you are still learning come back in {}:{:02}. Stay, or come back later.",
            wait_secs / 60,
            wait_secs % 60
        ));
        ui.add_space(12.0);
        back_to_library_ui(ui, intents);
    });
}

/// "End this session?" after Escape: Enter ends it (and shows the summary), Escape studies on.
pub fn confirm_end_ui(ctx: &egui::Context, state: &AppState, intents: &mut Vec<Intent>) {
    let Some(active) = state.session.as_ref().filter(|a| a.confirm_end) else {
        return;
    };
    if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter)) {
        intents.push(Intent::ConfirmEndSession(true));
    }
    let left = active.session.question_progress().left;
    egui::Modal::new(egui::Id::unique("confirm-end-session")).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.label(RichText::new("End this session?").strong().size(17.0));
        ui.add(
            egui::Label::new(format!(
                "Your answers so far are saved. {left} question{} left for later.",
                if left == 1 { " is" } else { "s are" }
            ))
            .wrap(),
        );
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            if ui
                .add(egui::Button::new("End session").shortcut_text("Enter"))
                .clicked()
            {
                intents.push(Intent::ConfirmEndSession(true));
            }
            if ui
                .add(egui::Button::new("Keep studying").shortcut_text("Esc"))
                .clicked()
            {
                intents.push(Intent::ConfirmEndSession(false));
            }
        });
    });
}

/// The end of a session: what was done and what to do next. Shown however the session ends.
pub(super) fn summary_ui(
    ui: &mut Ui,
    _state: &AppState,
    active: &ActiveSession,
    intents: &mut Vec<Intent>,
) {
    let summary = active.session.summary();
    let left = active.session.question_progress().left;
    ui.add_space(24.0);
    ui.vertical_centered(|ui| {
        let title = if active.ended && left > 0 {
            "Session ended"
        } else {
            "Session complete"
        };
        ui.label(RichText::new(title).font(theme::title_font()).strong());
        if active.ended && left > 0 {
            ui.label(format!(
                "{left} question{} left for later.",
                if left == 1 { "" } else { "s" }
            ));
        }
        ui.add_space(8.0);
        if summary.answered == 0 {
            ui.label("Nothing answered in this session.");
        } else {
            ui.label(format!(
                "{} answered · {:.0}% right · {} min",
                summary.answered,
                summary.accuracy * 100.0,
                (summary.elapsed.as_secs() / 60).max(1)
            ));
        }
        let next = summary
            .next_due_ms
            .and_then(chrono::DateTime::from_timestamp_millis)
            .map(|t| {
                t.with_timezone(&chrono::Local)
                    .format("%A %-d %B, %H:%M")
                    .to_string()
            });
        ui.label(match next {
            Some(when) => format!("Next review due: {when}"),
            None => "Nothing else is scheduled yet.".to_owned(),
        });
        ui.add_space(16.0);
        if !summary.missed.is_empty() {
            let again = egui::Button::new(format!("Study the {} I missed", summary.missed.len()))
                .min_size(egui::vec2(200.0, 36.0));
            if ui
                .add(again)
                .on_hover_text("A new session on just these questions, due or not")
                .clicked()
            {
                intents.push(Intent::StartStudy {
                    bank: active.bank.id.clone(),
                    filter: crate::study::session::SessionFilter::just(summary.missed.clone()),
                });
            }
        }
        back_to_library_ui(ui, intents);
        if ui
            .add(egui::Button::new("Read the article").min_size(egui::vec2(200.0, 36.0)))
            .clicked()
        {
            intents.push(Intent::EndSession);
            intents.push(Intent::Navigate(Screen::Read));
        }
    });
    if !summary.missed.is_empty() {
        ui.add_space(20.0);
        missed_ui(ui, &active.bank, &summary.missed, intents);
    }
}

/// The questions missed this session, each with its answer and a way to its passage: going over
/// mistakes straight away, against the article, is where a session teaches most.
fn missed_ui(ui: &mut Ui, bank: &Bank, missed: &[QuestionId], intents: &mut Vec<Intent>) {
    let dark = ui.visuals().dark_mode;
    ui.label(RichText::new(format!("Worth another look ({})", missed.len())).strong());
    ui.label(RichText::new("Answered wrong or partly wrong in this session.").weak());
    ui.add_space(4.0);
    egui::ScrollArea::vertical()
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for question in missed.iter().filter_map(|id| bank.question(id)) {
                egui::Frame::group(ui.style())
                    .inner_margin(10.0)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.add(egui::Label::new(&question.prompt).wrap());
                        let answer = format!("Answer: {}", expected_text(&question.answer));
                        ui.add(
                            egui::Label::new(
                                RichText::new(answer).color(theme::correct_color(dark)),
                            )
                            .wrap(),
                        );
                        if let Some(passage) = bank.passage(&question.passage)
                            && ui
                                .link(format!("Show in article — {}", passage.section))
                                .clicked()
                        {
                            intents.push(show_in_article(bank, passage, question));
                        }
                    });
            }
        });
}

/// The button that ends the session (Esc does the same).
fn back_to_library_ui(ui: &mut Ui, intents: &mut Vec<Intent>) {
    let button = egui::Button::new("Back to library")
        .shortcut_text("Esc")
        .min_size(egui::vec2(200.0, 36.0));
    if ui.add(button).clicked() {
        intents.push(Intent::EndSession);
    }
}
