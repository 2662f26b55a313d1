//! A cloze question's sentence with its gaps: every gap as wide as the others until typed into, and
//! the ids that let Enter move from one gap to the next.

use egui::{RichText, Ui};

use super::question::AnswerDraft;
use crate::QuestionId;
use crate::bank::{ClozeSegment, Question};

/// The id of gap `gap` of a cloze question, so Enter can move the focus from one gap to the next.
pub fn gap_id(question: &QuestionId, gap: usize) -> egui::Id {
    egui::Id::unique(("cloze-gap", question, gap))
}

/// The gap of the question on screen that has the keyboard focus, if any.
pub fn focused_gap(ctx: &egui::Context, question: &QuestionId, gaps: usize) -> Option<usize> {
    let focused = ctx.memory(|m| m.focused())?;
    (0..gaps).find(|&gap| gap_id(question, gap) == focused)
}

pub(super) fn cloze_ui(
    ui: &mut Ui,
    question: &Question,
    segments: &[ClozeSegment],
    draft: &mut AnswerDraft,
) {
    if !says_fill_in_the_gaps(&question.prompt) {
        ui.label(RichText::new("Fill in the gaps.").weak());
    }
    let font = egui::FontId::proportional(17.0);
    // Every gap starts at the same width, so the width does not hint at the answer's length, and
    // grows with what is typed, so a right answer is never cut off.
    let min_width = 7.0 * font.size;
    ui.horizontal_wrapped(|ui| {
        // Each word carries its own space: spacing between items as well drew the sentence with
        // double gaps ("The  mayor  called  it").
        ui.spacing_mut().item_spacing.x = 0.0;
        let mut gap = 0usize;
        for segment in segments {
            match segment {
                ClozeSegment::Text(text) => {
                    for word in text.split_inclusive(' ') {
                        ui.label(RichText::new(word).size(17.0));
                    }
                }
                ClozeSegment::Gap { .. } => {
                    ui.add_space(3.0);
                    if let Some(text) = draft.gaps.get_mut(gap) {
                        let typed_width = ui.fonts_mut(|f| {
                            f.layout_no_wrap(text.clone(), font.clone(), egui::Color32::WHITE)
                                .size()
                                .x
                        });
                        let width = (typed_width + font.size).max(min_width);
                        let response = ui.add(
                            egui::TextEdit::singleline(text)
                                .id(gap_id(&question.id, gap))
                                .font(font.clone())
                                .desired_width(width)
                                .hint_text(format!("gap {}", gap + 1)),
                        );
                        let name = format!("Gap {}", gap + 1);
                        response.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::TextInput, true, name.clone())
                        });
                        let response = response.on_hover_text(format!("Gap {}", gap + 1));
                        if gap == 0 && !draft.focused {
                            response.request_focus();
                            draft.focused = true;
                        }
                    }
                    ui.add_space(3.0);
                    gap += 1;
                }
            }
        }
    });
}

/// Whether a prompt already tells the student to fill in the gaps, so the instruction is not said
/// twice.
fn says_fill_in_the_gaps(prompt: &str) -> bool {
    let prompt = prompt.to_lowercase();
    prompt.contains("fill in the gap") || prompt.contains("fill the gap")
}
