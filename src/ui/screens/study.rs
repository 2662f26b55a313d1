//! The study screen: one question at a time, the feedback that quotes the article, and the rating bar.

use egui::{RichText, Ui};

pub use super::study_end::confirm_end_ui;
use super::study_end::{summary_ui, waiting_ui};
use super::study_feedback::{feedback_ui, history_ui, passage_quote_ui, report_ui};
use crate::bank::{Answer, Question};
use crate::study::Rating;
use crate::study::grade::{Outcome, Response, Verdict};
use crate::ui::intent::Intent;
use crate::ui::shortcuts::{self, Action};
use crate::ui::state::{ActiveSession, AppState};
use crate::ui::theme;
use crate::ui::widgets::question::{
    AnswerDraft, answer_ui, checked_options_ui, focused_gap, gap_id,
};

/// Draws the running session. `draft` is the answer being given to the current question.
pub fn study_ui(ui: &mut Ui, state: &AppState, draft: &mut AnswerDraft, intents: &mut Vec<Intent>) {
    let Some(active) = &state.session else {
        ui.label("No session is running.");
        return;
    };
    if active.ended {
        summary_ui(ui, state, active, intents);
        return;
    }
    let Some(question_id) = active.session.current() else {
        if active.session.is_finished() {
            summary_ui(ui, state, active, intents);
        } else {
            waiting_ui(ui, state, active, intents);
        }
        return;
    };
    let Some(question) = active.bank.question(question_id) else {
        ui.colored_label(
            theme::wrong_color(ui.visuals().dark_mode),
            "This question is no longer in the bank.",
        );
        return;
    };
    let shown = active.session.presentation();
    let fresh = draft.question.as_ref() != Some(&question.id) || draft.shown != shown;
    if fresh {
        // A new question, or the same one back after Again: a clean answer, focus in its first field.
        *draft = AnswerDraft::for_showing(question, shown);
    }
    if !active.confirm_end {
        keyboard(ui, state, active, question, draft, intents);
    }

    let dark = ui.visuals().dark_mode;
    let progress = active.session.question_progress();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&active.bank.title).strong());
        if let Some(section) = active.bank.section_of(question) {
            ui.label(RichText::new(format!("· {section}")).weak());
        }
        ui.label(progress_text(&progress));
    });
    let total = progress.total.max(1);
    ui.add(egui::ProgressBar::new(progress.done as f32 / total as f32).desired_height(6.0));
    ui.add_space(8.0);

    let mut scroll = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if fresh {
        // From its top: the last question's feedback was scrolled into view, and keeping that
        // offset would hide the new prompt above the fold.
        scroll = scroll.vertical_scroll_offset(0.0);
    }
    scroll.show(ui, |ui| {
        question_body_ui(ui, state, active, question, draft, dark, intents)
    });
}

/// The session counter: questions done of all, and what is left; moves exactly when the bar does.
pub fn progress_text(progress: &crate::study::session::QuestionProgress) -> String {
    format!(
        "{} of {} done · {} to go · {} answer{}",
        progress.done,
        progress.total,
        progress.left,
        progress.answers,
        if progress.answers == 1 { "" } else { "s" }
    )
}

/// Whether the rating bar is shown: after checking, or once a flashcard is revealed.
pub fn shows_rating_bar(state: &AppState, draft: &AnswerDraft) -> bool {
    let Some(active) = &state.session else {
        return false;
    };
    if active.ended {
        // Ended with an answer checked but not rated: the summary shows, with nothing to rate.
        return false;
    }
    let Some(question) = active
        .session
        .current()
        .and_then(|id| active.bank.question(id))
    else {
        return false;
    };
    if draft.question.as_ref() != Some(&question.id) {
        return false;
    }
    active.verdict().is_some()
        || (matches!(question.answer, Answer::Flashcard { .. }) && draft.revealed)
}

/// The rating bar, drawn by the app in a panel at the bottom of the window so it stays in view while
/// the feedback above it scrolls.
pub fn rating_panel_ui(
    ui: &mut Ui,
    state: &AppState,
    draft: &AnswerDraft,
    intents: &mut Vec<Intent>,
) {
    let Some(active) = &state.session else { return };
    let Some(question) = active
        .session
        .current()
        .and_then(|id| active.bank.question(id))
    else {
        return;
    };
    let flashcard_revealed = matches!(question.answer, Answer::Flashcard { .. }) && draft.revealed;
    ui.add_space(4.0);
    rating_bar_ui(
        ui,
        state,
        active,
        active.verdict(),
        intents,
        flashcard_revealed,
        suggested(state, active, question),
    );
}

/// The prompt, the answer area, and the Check button or the feedback.
fn question_body_ui(
    ui: &mut Ui,
    state: &AppState,
    active: &ActiveSession,
    question: &Question,
    draft: &mut AnswerDraft,
    dark: bool,
    intents: &mut Vec<Intent>,
) {
    ui.label(RichText::new(question.answer.kind().label()).small().weak());
    ui.add(egui::Label::new(RichText::new(&question.prompt).font(theme::prompt_font())).wrap());
    ui.add_space(6.0);

    let answered = active.verdict().is_some();
    if question.show_passage
        && !answered
        && let Some(passage) = active.bank.passage(&question.passage)
    {
        // An open-book question: the passage to read before answering, with nothing highlighted.
        ui.label(
            RichText::new(format!("Read this passage — {}", passage.section))
                .small()
                .weak(),
        );
        egui::Frame::group(ui.style())
            .inner_margin(10.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.add(egui::Label::new(&passage.text).wrap());
            });
        ui.add_space(6.0);
    }
    if !(answered && checked_options_ui(ui, question, draft, dark)) {
        ui.add_enabled_ui(!answered, |ui| answer_ui(ui, question, draft));
    }
    ui.add_space(8.0);
    if matches!(question.answer, Answer::Flashcard { .. })
        && draft.revealed
        && let Some(passage) = active.bank.passage(&question.passage)
    {
        passage_quote_ui(ui, &active.bank, passage, question, intents);
    }

    match active.verdict() {
        None => {
            if !matches!(question.answer, Answer::Flashcard { .. }) {
                let response = draft.response(question);
                let check = egui::Button::new(RichText::new("Check").size(16.0))
                    .shortcut_text("Enter")
                    .min_size(egui::vec2(140.0, 36.0));
                let clicked = ui
                    .add_enabled(response.is_some(), check)
                    .on_disabled_hover_text("Answer first")
                    .clicked();
                if clicked && let Some(response) = response {
                    intents.push(Intent::Answer(response));
                }
            }
        }
        Some(verdict) => {
            let feedback = feedback_ui(ui, active, question, verdict, dark, intents);
            history_ui(ui, state, &active.bank, question);
            report_ui(ui, question, draft, intents);
            if !draft.scrolled_to_feedback {
                // In a small window the feedback starts below the fold: bring it into view once, so
                // the student reads it before rating.
                feedback.scroll_to_me(Some(egui::Align::Min));
                draft.scrolled_to_feedback = true;
            }
        }
    }
}

/// Keys: numbers pick or rate, Enter checks or accepts, Space reveals.
fn keyboard(
    ui: &Ui,
    state: &AppState,
    active: &ActiveSession,
    question: &Question,
    draft: &mut AnswerDraft,
    intents: &mut Vec<Intent>,
) {
    let rating_shown = active.verdict().is_some()
        || (matches!(question.answer, Answer::Flashcard { .. }) && draft.revealed);
    let context = if rating_shown {
        shortcuts::Context::Rating
    } else {
        shortcuts::Context::Answering
    };
    if rating_shown && ui.ctx().text_edit_focused() {
        // Writing a problem report: the keys are the text's, not the rating bar's.
        return;
    }
    for action in shortcuts::pressed(ui.ctx(), &[context]) {
        match action {
            Action::Rate(n) => {
                if let Some(rating) = rating_for_key(state, active, n) {
                    rate(question, active, rating, intents);
                }
            }
            Action::Override => intents.push(Intent::OverrideVerdict),
            Action::Submit if rating_shown => rate(
                question,
                active,
                suggested(state, active, question),
                intents,
            ),
            Action::Submit if matches!(question.answer, Answer::Flashcard { .. }) => {
                draft.revealed = true;
            }
            Action::Submit => {
                // Enter in a cloze gap goes on to the next empty gap; it checks from the last one or
                // once every gap is filled.
                let gap = focused_gap(ui.ctx(), &question.id, draft.gaps.len());
                if let Some(next) = gap.and_then(|g| draft.next_empty_gap(g)) {
                    ui.ctx()
                        .memory_mut(|m| m.request_focus(gap_id(&question.id, next)));
                } else if let Some(response) = draft.response(question) {
                    intents.push(Intent::Answer(response));
                }
            }
            other => draft.apply_key(question, other),
        }
    }
}

/// A flashcard is answered by its rating; any other question was answered already.
fn rate(question: &Question, active: &ActiveSession, rating: Rating, intents: &mut Vec<Intent>) {
    if matches!(question.answer, Answer::Flashcard { .. }) && active.verdict().is_none() {
        intents.push(Intent::Answer(Response::Flashcard(rating)));
    }
    intents.push(Intent::Rate(rating));
}

fn suggested(state: &AppState, active: &ActiveSession, question: &Question) -> Rating {
    let suggested =
        if matches!(question.answer, Answer::Flashcard { .. }) && active.verdict().is_none() {
            Rating::Good
        } else {
            active.suggested()
        };
    let shown = ratings_shown(state, active);
    if shown.contains(&suggested) {
        suggested
    } else if suggested != Rating::Again && shown.contains(&Rating::Good) {
        Rating::Good
    } else {
        shown.first().copied().unwrap_or(Rating::Again)
    }
}

/// Which rating a number key means: 1–4 (Again, Hard, Good, Easy) with four buttons, 1–2 (Again,
/// Good) with two; only when that rating fits the verdict.
fn rating_for_key(state: &AppState, active: &ActiveSession, n: u8) -> Option<Rating> {
    let rating = *base_ratings(state).get(usize::from(n).checked_sub(1)?)?;
    ratings_shown(state, active)
        .contains(&rating)
        .then_some(rating)
}

fn base_ratings(state: &AppState) -> Vec<Rating> {
    if state.settings.four_rating_buttons {
        Rating::ALL.to_vec()
    } else {
        vec![Rating::Again, Rating::Good]
    }
}

/// The ratings offered: those that fit the verdict (wrong → Again; partly → Again, Hard; right →
/// Hard, Good, Easy; a flashcard any). With two buttons a pass is Good.
fn ratings_shown(state: &AppState, active: &ActiveSession) -> Vec<Rating> {
    let fitting = active.session.fitting_ratings();
    if state.settings.four_rating_buttons {
        fitting
    } else {
        let mut shown = Vec::new();
        if fitting.contains(&Rating::Again) {
            shown.push(Rating::Again);
        }
        if fitting.iter().any(|r| *r != Rating::Again) {
            shown.push(Rating::Good);
        }
        shown
    }
}

/// The rating buttons with their next intervals ("Good · 3d"), only those that fit the verdict; the
/// suggested one is highlighted. The hint line is always there, so the buttons never jump.
fn rating_bar_ui(
    ui: &mut Ui,
    state: &AppState,
    active: &ActiveSession,
    verdict: Option<&Verdict>,
    intents: &mut Vec<Intent>,
    flashcard: bool,
    suggested: Rating,
) {
    let now = state.clock.now();
    let next = active.session.next_states(&state.scheduler, now);
    ui.label(RichText::new("How well did you know it?").weak());
    let base = base_ratings(state);
    ui.horizontal_wrapped(|ui| {
        for rating in ratings_shown(state, active) {
            let key = base.iter().position(|r| *r == rating).map_or(0, |i| i + 1);
            let interval = next
                .as_ref()
                .map(|n| n.interval_label(rating, now))
                .unwrap_or_default();
            let highlighted = rating == suggested;
            let mut text = RichText::new(format!("{}\n{}", rating.label(), interval)).size(15.0);
            let mut key_text = RichText::new(key.to_string()).size(15.0);
            if highlighted {
                text = text.color(egui::Color32::WHITE);
                key_text = key_text.color(egui::Color32::WHITE).strong();
            }
            let mut button = egui::Button::new(text)
                .shortcut_text(key_text)
                .min_size(egui::vec2(120.0, 44.0));
            if highlighted {
                button = button
                    .fill(theme::accent(ui.visuals().dark_mode))
                    .selected(true);
            }
            let response = ui.add(button);
            let response = if highlighted {
                response.on_hover_text("Suggested — press Enter")
            } else {
                response
            };
            if response.clicked() {
                if flashcard {
                    intents.push(Intent::Answer(Response::Flashcard(rating)));
                }
                intents.push(Intent::Rate(rating));
            }
        }
    });
    let hint = match verdict.map(|v| v.outcome) {
        Some(Outcome::Correct) if active.suggested() == Rating::Easy => {
            "Quick and right: the top rating is suggested. Enter accepts it."
        }
        Some(Outcome::Wrong) => "Not known this time: it comes back soon. Enter goes on.",
        Some(Outcome::Partial) => {
            "Partly known: Again to see it soon, Hard to keep it. Enter accepts the suggestion."
        }
        _ => "Enter accepts the suggested rating.",
    };
    ui.label(RichText::new(hint).small().weak());
}
