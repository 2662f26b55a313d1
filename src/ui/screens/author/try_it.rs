//! "Try as a student": one question as a student meets it, graded, with nothing saved.

use super::*;

/// One question as a student meets it, graded, with nothing saved.
pub(super) fn try_ui(
    ui: &mut Ui,
    session: &EditorSession,
    view: &mut AuthorView,
    intents: &mut Vec<Intent>,
    dark: bool,
) {
    let Some(id) = &session.trying else { return };
    let bank = session.editor.bank().clone();
    let Some(question) = bank.question(id) else {
        send(intents, AuthorIntent::StopTrying);
        return;
    };
    if view.try_draft.as_ref().is_none_or(|(q, _)| q != id) {
        view.try_draft = Some((id.clone(), AnswerDraft::for_question(question)));
        view.try_verdict = None;
    }
    let max_height = ui.ctx().content_rect().height() * 0.8;
    let width = (ui.ctx().content_rect().width() * 0.9).min(700.0);
    egui::Modal::new(egui::Id::unique("author-try")).show(ui.ctx(), |ui| {
        ui.set_width(width);
        ui.label(
            RichText::new("As a student sees it (nothing is saved)")
                .small()
                .weak(),
        );
        egui::ScrollArea::vertical()
            .max_height(max_height)
            .show(ui, |ui| {
                ui.add(
                    egui::Label::new(RichText::new(&question.prompt).font(theme::prompt_font()))
                        .wrap(),
                );
                if let Some((_, draft)) = view.try_draft.as_mut() {
                    answer_ui(ui, question, draft);
                }
                if let Some(verdict) = &view.try_verdict {
                    let (text, color) = match verdict.outcome {
                        Outcome::Correct => ("Right", theme::correct_color(dark)),
                        Outcome::Partial => ("Partly right", theme::partial_color(dark)),
                        Outcome::Wrong => ("Not right", theme::wrong_color(dark)),
                    };
                    ui.label(RichText::new(text).strong().color(color));
                    ui.add(
                        egui::Label::new(format!("Answer: {}", expected_text(&question.answer)))
                            .wrap(),
                    );
                    if !question.explanation.is_empty() {
                        ui.add(
                            egui::Label::new(RichText::new(&question.explanation).weak()).wrap(),
                        );
                    }
                }
            });
        ui.horizontal(|ui| {
            let response = view
                .try_draft
                .as_ref()
                .and_then(|(_, d)| d.response(question));
            if ui
                .add_enabled(response.is_some(), egui::Button::new("Check"))
                .clicked()
                && let Some(response) = response
            {
                view.try_verdict = Some(grade(question, &response));
            }
            if ui.button("Done").clicked() {
                view.try_draft = None;
                view.try_verdict = None;
                send(intents, AuthorIntent::StopTrying);
            }
        });
    });
}
