//! How a question's options look once the answer is checked: every right option marked, each wrong
//! pick marked, the student's own picks labelled. Apart from [`super::question`], which draws the
//! question while it is being answered.

use egui::{RichText, Ui};

use super::question::{AnswerDraft, TRUE_FALSE_OPTIONS, option_text};
use crate::bank::{Answer, Question};
use crate::ui::theme;

/// How an option reads once the answer is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marked {
    /// A right option, picked or not.
    Right { picked: bool },
    /// A wrong option the student picked.
    WrongPick,
    /// A wrong option left alone.
    Plain,
}

/// The options of a choice, true/false or two-part question (both parts) after checking, marked where
/// the student looks: every right option ✔ in green, a wrong pick ✖ in red, each pick labelled "your
/// answer". The
/// symbols and words carry the meaning too, not only the colour. Returns false (drawing nothing)
/// for other kinds, which the feedback explains part by part instead.
pub fn checked_options_ui(
    ui: &mut Ui,
    question: &Question,
    draft: &AnswerDraft,
    dark: bool,
) -> bool {
    let choice_rows = |options: &[String], correct: &[bool]| -> Vec<(String, Marked)> {
        draft
            .order
            .iter()
            .enumerate()
            .map(|(position, &option)| {
                let picked = draft.ticked.get(option).copied().unwrap_or(false);
                let text = option_text(position, &options[option]);
                (text, mark(correct[option], picked))
            })
            .collect()
    };
    let rows: Vec<(String, Marked)> = match &question.answer {
        Answer::Choice { options, correct } => choice_rows(options, correct),
        Answer::TwoPart {
            options,
            correct,
            sentences,
            correct_sentence,
            ..
        } => {
            ui.label(RichText::new("Part A").strong());
            let width = ui.available_width();
            marked_rows_ui(ui, choice_rows(options, correct), width, dark);
            ui.add_space(8.0);
            ui.label(RichText::new("Part B").strong());
            sentences
                .iter()
                .enumerate()
                .map(|(i, sentence)| {
                    let text = format!("{}   {sentence}", i + 1);
                    (
                        text,
                        mark(i == *correct_sentence, draft.selected == Some(i)),
                    )
                })
                .collect()
        }
        Answer::TrueFalse { answer } => TRUE_FALSE_OPTIONS
            .into_iter()
            .map(|(label, value)| {
                let picked = draft.true_false == Some(value);
                (label.to_owned(), mark(*answer == value, picked))
            })
            .collect(),
        Answer::Evidence {
            sentences,
            correct_sentence,
            ..
        } => sentences
            .iter()
            .enumerate()
            .map(|(i, sentence)| {
                let picked = draft.selected == Some(i);
                (
                    option_text(i, sentence),
                    mark(i == *correct_sentence, picked),
                )
            })
            .collect(),
        _ => return false,
    };
    if let Answer::Evidence {
        statement,
        contradicts,
        ..
    } = &question.answer
    {
        let verb = if *contradicts {
            "contradicts"
        } else {
            "supports"
        };
        ui.label(RichText::new(format!("Statement: “{statement}”")).italics());
        ui.label(RichText::new(format!("The sentence that {verb} it:")).weak());
    }
    // True/false keeps its two buttons side by side after checking, as before it.
    if matches!(question.answer, Answer::TrueFalse { .. }) {
        ui.horizontal_wrapped(|ui| marked_rows_ui(ui, rows, 140.0, dark));
    } else {
        let width = ui.available_width();
        marked_rows_ui(ui, rows, width, dark);
    }
    true
}

/// Options or sentences after checking, each with its mark (see [`checked_options_ui`]), `width` wide.
fn marked_rows_ui(ui: &mut Ui, rows: Vec<(String, Marked)>, width: f32, dark: bool) {
    for (text, marked) in rows {
        let (symbol, color, note) = match marked {
            Marked::Right { picked: true } => ("✔", theme::correct_color(dark), " · your answer"),
            Marked::Right { picked: false } => ("✔", theme::correct_color(dark), " · right answer"),
            Marked::WrongPick => ("✖", theme::wrong_color(dark), " · your answer"),
            Marked::Plain => ("   ", ui.visuals().weak_text_color(), ""),
        };
        let label = RichText::new(format!("{symbol}  {text}{note}"))
            .size(16.0)
            .color(color);
        let stroke = if marked == Marked::Plain {
            ui.visuals().widgets.noninteractive.bg_stroke
        } else {
            egui::Stroke::new(1.5, color)
        };
        ui.add(
            egui::Button::new(label)
                .sense(egui::Sense::hover())
                .stroke(stroke)
                .min_size(egui::vec2(width, 36.0))
                .wrap(),
        );
    }
}

fn mark(right: bool, picked: bool) -> Marked {
    match (right, picked) {
        (true, picked) => Marked::Right { picked },
        (false, true) => Marked::WrongPick,
        (false, false) => Marked::Plain,
    }
}
