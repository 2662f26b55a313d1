//! The study screen's feedback: the verdict, "I was right", the passage with its quote, the question's
//! own history and "Report a problem with this question". Split from `study.rs` to keep it readable.

use egui::{RichText, Ui};

use crate::bank::{Answer, Bank, Passage, Question, QuestionKind};
use crate::study::grade::{Outcome, Verdict};
use crate::ui::intent::Intent;
use crate::ui::state::{ActiveSession, AppState, QuestionHistory};
use crate::ui::theme;
use crate::ui::widgets::passage::quote_ui;
use crate::ui::widgets::question::AnswerDraft;

pub(super) fn feedback_ui(
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
                passage_quote_ui(ui, bank, passage, question, intents);
            }
        })
        .response
}

/// "Your history with this question": each answer, its rating, and when the schedule brought it
/// back; replayed only while open.
pub(super) fn history_ui(ui: &mut Ui, state: &AppState, bank: &Bank, question: &Question) {
    egui::CollapsingHeader::new("Your history with this question")
        .id_salt(("history", &question.id))
        .show(ui, |ui| {
            let history = match state.question_history(&bank.id, &question.id) {
                QuestionHistory::Ready(history) => history,
                QuestionHistory::Loading => {
                    // Read on a thread; the app is woken when it is done.
                    ui.horizontal(|ui| {
                        ui.add(egui::Spinner::new());
                        ui.label(RichText::new("Loading your history…").weak());
                    });
                    return;
                }
                QuestionHistory::Unavailable(reason) => {
                    ui.add(egui::Label::new(RichText::new(reason).weak()).wrap());
                    return;
                }
            };
            if history.is_empty() {
                ui.label(RichText::new("First time: no earlier answers.").weak());
            }
            for entry in history {
                let when = local_time(entry.at_ms, entry.utc_offset_secs, "%-d %b %Y %H:%M");
                let next = entry.next_due_ms.map_or(String::new(), |due| {
                    format!(
                        " → due again {}",
                        local_time(due, entry.utc_offset_secs, "%-d %b %H:%M")
                    )
                });
                let answer = if entry.answer.is_empty() {
                    String::new()
                } else {
                    format!(" · “{}”", entry.answer)
                };
                ui.add(
                    egui::Label::new(format!("{when}: {}{answer}{next}", entry.rating.label()))
                        .wrap(),
                );
            }
        });
}

fn local_time(ms: i64, offset_secs: i32, format: &str) -> String {
    use chrono::Offset;
    let offset = chrono::FixedOffset::east_opt(offset_secs).unwrap_or_else(|| chrono::Utc.fix());
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&offset).format(format).to_string())
        .unwrap_or_default()
}

/// "Report a problem with this question": a note for the teacher, saved with the progress.
pub(super) fn report_ui(
    ui: &mut Ui,
    question: &Question,
    draft: &mut AnswerDraft,
    intents: &mut Vec<Intent>,
) {
    let Some(note) = &mut draft.report else {
        if ui
            .link("Report a problem with this question")
            .on_hover_text("A note for your teacher: a wrong answer, a typo, an unclear question")
            .clicked()
        {
            draft.report = Some(String::new());
        }
        return;
    };
    let field_id = egui::Id::unique(("report", &question.id));
    let entered = ui.memory(|m| m.has_focus(field_id))
        && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
    let label = ui.label("What is wrong with this question?");
    let field = ui
        .add(
            egui::TextEdit::singleline(note)
                .id(field_id)
                .desired_width(ui.available_width())
                .hint_text("e.g. the article says 2023, not 2024"),
        )
        .labelled_by(label.id);
    if !draft.report_focused {
        field.request_focus();
        draft.report_focused = true;
    }
    let mut close = false;
    ui.horizontal_wrapped(|ui| {
        let can_save = !note.trim().is_empty();
        let save = ui.add_enabled(
            can_save,
            egui::Button::new("Save report").shortcut_text("Enter"),
        );
        if can_save && (save.clicked() || entered) {
            intents.push(Intent::ReportProblem {
                question: question.id.clone(),
                note: note.trim().to_owned(),
            });
            close = true;
        }
        if ui.button("Cancel").clicked() {
            close = true;
        }
    });
    if close {
        draft.report = None;
    }
}

/// The passage a question comes from, its quote highlighted, with a way to the article.
pub(super) fn passage_quote_ui(
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

/// Opens the reader at the passage the question quotes, with the quote highlighted.
pub(super) fn show_in_article(bank: &Bank, passage: &Passage, question: &Question) -> Intent {
    Intent::ShowInArticle {
        bank: bank.id.clone(),
        passage: passage.id.clone(),
        quote: question.quote.clone(),
    }
}
