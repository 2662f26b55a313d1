//! The study screen: one question at a time, the feedback that quotes the article, and the rating bar.

use egui::{RichText, Ui};

use crate::QuestionId;
use crate::bank::{Answer, Bank, Passage, Question, QuestionKind};
use crate::study::Rating;
use crate::study::grade::{Outcome, Response, Verdict, expected_text};
use crate::ui::intent::{Intent, Screen};
use crate::ui::shortcuts::{self, Action};
use crate::ui::state::{ActiveSession, AppState};
use crate::ui::theme;
use crate::ui::widgets::passage::quote_ui;
use crate::ui::widgets::question::{AnswerDraft, answer_ui, checked_options_ui};

/// Draws the running session. `draft` is the answer being given to the current question.
pub fn study_ui(ui: &mut Ui, state: &AppState, draft: &mut AnswerDraft, intents: &mut Vec<Intent>) {
    let Some(active) = &state.session else {
        ui.label("No session is running.");
        return;
    };
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
    if draft.question.as_ref() != Some(&question.id) {
        *draft = AnswerDraft::for_question(question);
    }
    keyboard(ui, state, active, question, draft, intents);

    let dark = ui.visuals().dark_mode;
    let (done, remaining) = active.session.progress();
    ui.horizontal(|ui| {
        ui.label(RichText::new(&active.bank.title).strong());
        if let Some(section) = active.bank.section_of(question) {
            ui.label(RichText::new(format!("· {section}")).weak());
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(format!("{done} done · {remaining} to go"));
        });
    });
    let total = (done + remaining).max(1);
    ui.add(egui::ProgressBar::new(done as f32 / total as f32).desired_height(6.0));
    ui.add_space(8.0);

    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            question_body_ui(ui, active, question, draft, dark, intents)
        });
}

/// Whether the rating bar is shown: after checking, or once a flashcard is revealed.
pub fn shows_rating_bar(state: &AppState, draft: &AnswerDraft) -> bool {
    let Some(active) = &state.session else {
        return false;
    };
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
    );
}

/// The prompt, the answer area, and the Check button or the feedback.
fn question_body_ui(
    ui: &mut Ui,
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
    if !(answered && checked_options_ui(ui, question, draft, dark)) {
        ui.add_enabled_ui(!answered, |ui| answer_ui(ui, question, draft));
    }
    ui.add_space(8.0);

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
        Some(verdict) => feedback_ui(ui, &active.bank, question, verdict, dark, intents),
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
    for action in shortcuts::pressed(ui.ctx(), &[context]) {
        match action {
            Action::Rate(n) => {
                if let Some(rating) = rating_for_key(state, n) {
                    rate(question, active, rating, intents);
                }
            }
            Action::Submit if rating_shown => {
                rate(question, active, suggested(active, question), intents)
            }
            Action::Submit => {
                if let Some(response) = draft.response(question) {
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

fn suggested(active: &ActiveSession, question: &Question) -> Rating {
    if matches!(question.answer, Answer::Flashcard { .. }) && active.verdict().is_none() {
        Rating::Good
    } else {
        active.suggested()
    }
}

/// Which rating a number key means: 1–4 with four buttons, 1–2 (Again, Good) with two.
fn rating_for_key(state: &AppState, n: u8) -> Option<Rating> {
    ratings_shown(state)
        .get(usize::from(n).checked_sub(1)?)
        .copied()
}

fn ratings_shown(state: &AppState) -> Vec<Rating> {
    if state.settings.four_rating_buttons {
        Rating::ALL.to_vec()
    } else {
        vec![Rating::Again, Rating::Good]
    }
}

fn feedback_ui(
    ui: &mut Ui,
    bank: &Bank,
    question: &Question,
    verdict: &Verdict,
    dark: bool,
    intents: &mut Vec<Intent>,
) {
    let (icon, text, color) = match verdict.outcome {
        Outcome::Correct => ("✔", "Correct", theme::correct_color(dark)),
        Outcome::Partial => ("◐", "Partly correct", theme::partial_color(dark)),
        Outcome::Wrong => ("✖", "Not quite", theme::wrong_color(dark)),
    };
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.5, color))
        .inner_margin(12.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(format!("{icon} {text}"))
                    .color(color)
                    .size(18.0)
                    .strong(),
            );
            if verdict.outcome != Outcome::Correct
                || matches!(question.answer, Answer::Flashcard { .. })
            {
                ui.add(
                    egui::Label::new(
                        RichText::new(format!("Answer: {}", verdict.expected)).strong(),
                    )
                    .wrap(),
                );
            }
            if let Some(accepted) = &verdict.forgiven_typo {
                ui.label(
                    RichText::new(format!(
                        "Small typo forgiven — the spelling is “{accepted}”."
                    ))
                    .color(theme::partial_color(dark)),
                );
            }
            let single_answer = matches!(
                question.answer.kind(),
                QuestionKind::Choice
                    | QuestionKind::TrueFalse
                    | QuestionKind::Evidence
                    | QuestionKind::Typed
                    | QuestionKind::Numeric
            );
            for part in verdict.parts.iter().filter(|_| !single_answer) {
                let (mark, color) = if part.right {
                    ("✔", theme::correct_color(dark))
                } else {
                    ("✖", theme::wrong_color(dark))
                };
                let given = if part.given.is_empty() {
                    "—"
                } else {
                    part.given.as_str()
                };
                let text = if part.right {
                    format!("{mark} {}: {given}", part.label)
                } else {
                    format!("{mark} {}: {given} → {}", part.label, part.expected)
                };
                ui.add(egui::Label::new(RichText::new(text).color(color)).wrap());
            }
            if !question.explanation.is_empty() {
                ui.add_space(4.0);
                ui.add(egui::Label::new(&question.explanation).wrap());
            }
            if let Some(passage) = bank.passage(&question.passage) {
                ui.add_space(4.0);
                ui.label(
                    RichText::new(format!("From the article — {}", passage.section))
                        .small()
                        .weak(),
                );
                quote_ui(ui, &passage.text, question.quote.as_deref());
                if ui.link("Show in article").clicked() {
                    intents.push(show_in_article(bank, passage, question));
                }
            }
        });
}

/// The rating buttons with their next intervals ("Good · 3d"); the suggested one is highlighted.
fn rating_bar_ui(
    ui: &mut Ui,
    state: &AppState,
    active: &ActiveSession,
    verdict: Option<&Verdict>,
    intents: &mut Vec<Intent>,
    flashcard: bool,
) {
    let now = state.clock.now();
    let next = active.session.next_states(&state.scheduler, now);
    let suggested = if verdict.is_some() {
        active.suggested()
    } else {
        Rating::Good
    };
    ui.label(RichText::new("How well did you know it?").weak());
    ui.horizontal_wrapped(|ui| {
        for (i, rating) in ratings_shown(state).into_iter().enumerate() {
            let interval = next
                .as_ref()
                .map(|n| n.interval_label(rating, now))
                .unwrap_or_default();
            let mut text = RichText::new(format!("{}\n{}", rating.label(), interval)).size(15.0);
            if rating == suggested {
                text = text.color(egui::Color32::WHITE);
            }
            let mut button = egui::Button::new(text)
                .shortcut_text(format!("{}", i + 1))
                .min_size(egui::vec2(120.0, 44.0));
            if rating == suggested {
                button = button
                    .fill(theme::accent(ui.visuals().dark_mode))
                    .selected(true);
            }
            let hover = if rating == suggested {
                "Suggested — press Enter"
            } else {
                ""
            };
            let response = ui.add(button);
            let response = if hover.is_empty() {
                response
            } else {
                response.on_hover_text(hover)
            };
            if response.clicked() {
                if flashcard {
                    intents.push(Intent::Answer(Response::Flashcard(rating)));
                }
                intents.push(Intent::Rate(rating));
            }
        }
    });
    if let Some(verdict) = verdict
        && verdict.outcome == Outcome::Correct
        && active.suggested() == Rating::Easy
    {
        ui.label(
            RichText::new("Quick and right: the top rating is suggested.")
                .small()
                .weak(),
        );
    }
}

/// Every card left is a learning card whose next step is minutes away: say when, rather than end.
fn waiting_ui(ui: &mut Ui, state: &AppState, active: &ActiveSession, intents: &mut Vec<Intent>) {
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

/// The end of a session: what was done and what to do next.
fn summary_ui(ui: &mut Ui, _state: &AppState, active: &ActiveSession, intents: &mut Vec<Intent>) {
    let summary = active.session.summary();
    ui.add_space(24.0);
    ui.vertical_centered(|ui| {
        ui.label(
            RichText::new("Session complete")
                .font(theme::title_font())
                .strong(),
        );
        ui.add_space(8.0);
        ui.label(format!(
            "{} answered · {:.0}% right · {} min",
            summary.answered,
            summary.accuracy * 100.0,
            (summary.elapsed.as_secs() / 60).max(1)
        ));
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

/// Opens the reader at the passage the question quotes, with the quote highlighted.
fn show_in_article(bank: &Bank, passage: &Passage, question: &Question) -> Intent {
    Intent::ShowInArticle {
        bank: bank.id.clone(),
        passage: passage.id.clone(),
        quote: question.quote.clone(),
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
