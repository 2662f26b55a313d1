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
    if draft.question.as_ref() != Some(&question.id) || draft.shown != shown {
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

    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            question_body_ui(ui, active, question, draft, dark, intents)
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

fn feedback_ui(
    ui: &mut Ui,
    active: &ActiveSession,
    question: &Question,
    verdict: &Verdict,
    dark: bool,
    intents: &mut Vec<Intent>,
) -> egui::Response {
    let bank = &active.bank;
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
            if active.session.is_overridden() {
                ui.label(
                    RichText::new("Counted right at your word; your review says so.")
                        .small()
                        .weak(),
                );
            }
            let overridable =
                matches!(question.answer, Answer::Typed { .. } | Answer::Cloze { .. });
            if overridable && verdict.outcome != Outcome::Correct {
                let button = egui::Button::new("I was right").shortcut_text("Ctrl+Enter");
                if ui
                    .add(button)
                    .on_hover_text(
                        "Your answer means the same (a synonym, another spelling): count it right",
                    )
                    .clicked()
                {
                    intents.push(Intent::OverrideVerdict);
                }
            }
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
                passage_quote_ui(ui, bank, passage, question, intents);
            }
        })
        .response
}

/// The passage a question comes from, its quote highlighted, with a way to the article.
fn passage_quote_ui(
    ui: &mut Ui,
    bank: &Bank,
    passage: &Passage,
    question: &Question,
    intents: &mut Vec<Intent>,
) {
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
fn summary_ui(ui: &mut Ui, _state: &AppState, active: &ActiveSession, intents: &mut Vec<Intent>) {
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
