//! A teacher's view of a bank before handing it out: every question with its answer, explanation and
//! quote, section by section, with the id to find it in the file. Nothing here touches progress.

use egui::{RichText, Ui};

use crate::bank::{Answer, Bank, Origin, Question};
use crate::study::grade::expected_text;
use crate::ui::intent::{Intent, Screen};
use crate::ui::state::AppState;
use crate::ui::theme;

/// Most questions drawn at once: every one is laid out each frame, and a real bank has a few hundred.
const MAX_SHOWN: usize = 400;

/// What the preview shows: the search text and whether generated questions are listed.
#[derive(Debug)]
pub struct PreviewView {
    pub search: String,
    pub show_generated: bool,
}

impl Default for PreviewView {
    fn default() -> Self {
        Self {
            search: String::new(),
            show_generated: true,
        }
    }
}

pub fn preview_ui(
    ui: &mut Ui,
    state: &AppState,
    view: &mut PreviewView,
    intents: &mut Vec<Intent>,
) {
    crate::ui::widgets::bank_picker::bank_picker_ui(ui, state, intents);
    let Some(bank) = state.selected() else {
        ui.label("Pick a bank in the library first.");
        return;
    };
    let dark = ui.visuals().dark_mode;
    // The title, the explanation and the search scroll with the list: fixed above it, they left a
    // list one line tall in an 800×600 window with large text.
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("Preview: {}", bank.title))
                        .font(theme::title_font())
                        .strong(),
                );
                if ui.button("Back to library").clicked() {
                    intents.push(Intent::Navigate(Screen::Library));
                }
            });
            ui.label(
                RichText::new(
                    "Every question as students will meet it, with its answer. Previewing saves \
                     no progress.",
                )
                .weak(),
            );
            ui.horizontal_wrapped(|ui| {
                let label = ui.label("Find:");
                ui.add(
                    egui::TextEdit::singleline(&mut view.search)
                        .hint_text("words in a prompt, an answer or an id")
                        .desired_width(280.0),
                )
                .labelled_by(label.id);
                ui.checkbox(&mut view.show_generated, "Show generated questions");
            });
            let mut shown = matching(bank, view);
            let found = shown.len();
            let mut count = format!("{found} of {} questions", bank.questions.len());
            if found > MAX_SHOWN {
                shown.truncate(MAX_SHOWN);
                count.push_str(&format!(
                    "; showing the first {MAX_SHOWN}, narrow them down with Find"
                ));
            }
            ui.label(RichText::new(count).small().weak());
            ui.add_space(4.0);
            let mut section = None;
            for (number, question) in shown {
                let this_section = bank.section_of(question);
                if this_section != section {
                    section = this_section;
                    ui.add_space(8.0);
                    ui.label(RichText::new(this_section.unwrap_or("No section")).strong());
                }
                question_card_ui(ui, number, question, dark);
            }
        });
}

/// The questions to list, each with its number in the bank (1-based): section by section in article
/// order, and in file order within a section (hand-written ones, then generated ones).
fn matching<'b>(bank: &'b Bank, view: &PreviewView) -> Vec<(usize, &'b Question)> {
    let needle = view.search.trim().to_lowercase();
    let sections = bank.sections();
    let section_rank = |question: &Question| {
        bank.section_of(question)
            .and_then(|s| sections.iter().position(|known| *known == s))
            .unwrap_or(sections.len())
    };
    let mut shown: Vec<(usize, &Question)> = bank
        .questions
        .iter()
        .enumerate()
        .filter(|(_, q)| view.show_generated || q.origin == Origin::Authored)
        .filter(|(_, q)| {
            needle.is_empty()
                || [
                    &q.prompt,
                    &q.id.0,
                    &q.explanation,
                    &expected_text(&q.answer),
                ]
                .iter()
                .any(|text| text.to_lowercase().contains(&needle))
        })
        .map(|(i, q)| (i + 1, q))
        .collect();
    shown.sort_by_key(|(_, q)| section_rank(q));
    shown
}

fn question_card_ui(ui: &mut Ui, number: usize, question: &Question, dark: bool) {
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let origin = match question.origin {
                Origin::Authored => "written by the teacher",
                Origin::Derived => "generated",
            };
            ui.label(
                RichText::new(format!(
                    "#{number} · {} · {origin} · id {}",
                    question.answer.kind().label(),
                    question.id.0
                ))
                .small()
                .weak(),
            );
            ui.add(egui::Label::new(&question.prompt).wrap());
            ui.add(
                egui::Label::new(
                    RichText::new(format!("Answer: {}", expected_text(&question.answer)))
                        .color(theme::correct_color(dark)),
                )
                .wrap(),
            );
            if let Answer::Choice { options, correct }
            | Answer::TwoPart {
                options, correct, ..
            } = &question.answer
            {
                let wrong: Vec<&str> = options
                    .iter()
                    .zip(correct)
                    .filter(|(_, right)| !**right)
                    .map(|(option, _)| option.as_str())
                    .collect();
                ui.add(
                    egui::Label::new(
                        RichText::new(format!("Wrong options: {}", wrong.join(" · ")))
                            .color(theme::wrong_color(dark)),
                    )
                    .wrap(),
                );
            }
            if !question.explanation.trim().is_empty() {
                ui.add(egui::Label::new(RichText::new(&question.explanation).weak()).wrap());
            }
            if let Some(quote) = &question.quote {
                ui.add(
                    egui::Label::new(RichText::new(format!("Quote: “{quote}”")).italics()).wrap(),
                );
            }
        });
}
