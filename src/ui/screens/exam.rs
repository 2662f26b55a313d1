//! Exam mode: set up a fixed-length test, take it without feedback, then see the result per section and
//! per question, saved as files a teacher can collect.

use egui::{RichText, Ui};

use crate::ui::intent::Intent;
use crate::ui::shortcuts::{self, Action};
use crate::ui::state::{AppState, ExamChoice, ExamRun};
use crate::ui::theme;
use crate::ui::widgets::question::{AnswerDraft, answer_ui};

/// The set-up form and the drafts of the exam's answers.
#[derive(Default)]
pub struct ExamView {
    choice: Option<ExamChoice>,
    /// The draft for the question on screen, and which question it belongs to.
    draft: AnswerDraft,
    showing: Option<usize>,
}

impl ExamView {
    /// Forgets the drafts of a previous exam.
    pub fn reset(&mut self) {
        self.draft = AnswerDraft::default();
        self.showing = None;
    }
}

pub fn exam_ui(ui: &mut Ui, state: &AppState, view: &mut ExamView, intents: &mut Vec<Intent>) {
    match &state.exam {
        None => setup_ui(ui, state, view, intents),
        Some(run) if run.result.is_some() => result_ui(ui, state, run, intents),
        Some(run) => taking_ui(ui, state, run, view, intents),
    }
}

fn setup_ui(ui: &mut Ui, state: &AppState, view: &mut ExamView, intents: &mut Vec<Intent>) {
    crate::ui::widgets::bank_picker::bank_picker_ui(ui, state, intents);
    let Some(bank) = state.selected() else {
        ui.label("Pick a bank in the library first.");
        return;
    };
    let choice = view.choice.get_or_insert_with(|| {
        let teacher = bank.exam.as_ref();
        ExamChoice {
            questions: teacher.map_or(10, |e| e.questions),
            sections: teacher.map(|e| e.sections.clone()).unwrap_or_default(),
            time_limit_minutes: teacher.and_then(|e| e.time_limit_minutes),
            seed: state.clock.now().timestamp_millis() as u64,
            record_in_schedule: false,
        }
    });
    ui.label(RichText::new("Exam").font(theme::title_font()).strong());
    ui.label(
        RichText::new("A fixed set of questions with no feedback until the end, like a test in class. The result is saved as a file your teacher can collect.")
            .weak(),
    );
    ui.add_space(8.0);
    egui::Grid::new("exam-setup")
        .num_columns(2)
        .spacing([24.0, 10.0])
        .show(ui, |ui| {
            let label = ui.label("Questions");
            ui.add(
                egui::DragValue::new(&mut choice.questions).range(1..=bank.questions.len().max(1)),
            )
            .labelled_by(label.id);
            ui.end_row();
            ui.label("Time limit");
            ui.horizontal(|ui| {
                for (text, minutes) in [
                    ("None", None),
                    ("10 min", Some(10)),
                    ("20 min", Some(20)),
                    ("30 min", Some(30)),
                ] {
                    ui.selectable_value(&mut choice.time_limit_minutes, minutes, text);
                }
            });
            ui.end_row();
            ui.label("Sections");
            ui.vertical(|ui| {
                for section in bank.sections() {
                    let mut on =
                        choice.sections.is_empty() || choice.sections.iter().any(|s| s == section);
                    if ui.checkbox(&mut on, section).changed() {
                        let mut chosen: Vec<String> = if choice.sections.is_empty() {
                            bank.sections().iter().map(|s| (*s).to_owned()).collect()
                        } else {
                            choice.sections.clone()
                        };
                        chosen.retain(|s| s != section || on);
                        if on && !chosen.iter().any(|s| s == section) {
                            chosen.push(section.to_owned());
                        }
                        choice.sections = if chosen.len() == bank.sections().len() {
                            Vec::new()
                        } else {
                            chosen
                        };
                    }
                }
            });
            ui.end_row();
            ui.label("Schedule");
            ui.checkbox(
                &mut choice.record_in_schedule,
                "Count my answers in my study schedule",
            );
            ui.end_row();
        });
    if state.settings.student_name.is_empty() {
        ui.label(
            RichText::new("Tip: put your name in Settings so it appears on the result.")
                .small()
                .weak(),
        );
    } else {
        ui.label(
            RichText::new(format!(
                "The result will carry the name {}.",
                state.settings.student_name
            ))
            .small()
            .weak(),
        );
    }
    ui.add_space(8.0);
    let start = egui::Button::new(RichText::new("Start exam").size(16.0))
        .shortcut_text("Enter")
        .min_size(egui::vec2(160.0, 38.0));
    let pressed =
        shortcuts::pressed(ui.ctx(), &[shortcuts::Context::Answering]).contains(&Action::Submit);
    if ui.add(start).clicked() || pressed {
        intents.push(Intent::StartExam(choice.clone()));
    }
}

fn taking_ui(
    ui: &mut Ui,
    state: &AppState,
    run: &ExamRun,
    view: &mut ExamView,
    intents: &mut Vec<Intent>,
) {
    let Some((index, question)) = run.exam.current() else {
        return;
    };
    if view.showing != Some(index) || view.draft.question.as_ref() != Some(&question.id) {
        view.draft = AnswerDraft::for_question(question);
        view.showing = Some(index);
    }
    for action in shortcuts::pressed(ui.ctx(), &[shortcuts::Context::Answering]) {
        match action {
            Action::Submit => submit(question, view, index, run.exam.len(), intents),
            other => view.draft.apply_key(question, other),
        }
    }
    let now = state.clock.now();
    ui.horizontal(|ui| {
        ui.label(RichText::new(format!("Question {} of {}", index + 1, run.exam.len())).strong());
        ui.label(RichText::new(format!("· {} answered", run.exam.answered())).weak());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if let Some(ms) = run.exam.remaining_ms(now) {
                let secs = ms / 1000;
                let text = format!("{}:{:02} left", secs / 60, secs % 60);
                let color = if secs < 60 {
                    theme::wrong_color(ui.visuals().dark_mode)
                } else {
                    ui.visuals().text_color()
                };
                ui.label(RichText::new(text).color(color).strong());
            }
        });
    });
    ui.label(RichText::new("• answered").small().weak());
    ui.horizontal_wrapped(|ui| {
        for i in 0..run.exam.len() {
            let answered = run.exam.response(i).is_some();
            // A dot for "answered": a tick would read as "right", which the exam does not tell yet.
            let text = if answered {
                format!("{} •", i + 1)
            } else {
                format!("{}", i + 1)
            };
            let hover = if answered {
                "Answered — go to this question"
            } else {
                "Not answered yet — go to this question"
            };
            if ui
                .selectable_label(i == index, text)
                .on_hover_text(hover)
                .clicked()
            {
                intents.push(Intent::ExamGoTo(i));
            }
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .max_height(ui.available_height() - 60.0)
        .show(ui, |ui| {
            ui.add(
                egui::Label::new(RichText::new(&question.prompt).font(theme::prompt_font())).wrap(),
            );
            ui.add_space(6.0);
            answer_ui(ui, question, &mut view.draft);
        });
    ui.horizontal(|ui| {
        let last = index + 1 == run.exam.len();
        let next = egui::Button::new(if last { "Save answer" } else { "Next" })
            .shortcut_text("Enter")
            .min_size(egui::vec2(120.0, 34.0));
        if ui.add(next).clicked() {
            submit(question, view, index, run.exam.len(), intents);
        }
        if ui
            .add_enabled(index > 0, egui::Button::new("Previous"))
            .clicked()
        {
            intents.push(Intent::ExamGoTo(index - 1));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let unanswered = run.exam.len() - run.exam.answered();
            let finish = ui.button("Finish exam");
            let finish = if unanswered > 0 {
                finish.on_hover_text(format!("{unanswered} question(s) unanswered will score 0"))
            } else {
                finish
            };
            if finish.clicked() {
                intents.push(Intent::FinishExam);
            }
        });
    });
}

/// Saves the draft as the answer (or skips when nothing was given) and moves on.
fn submit(
    question: &crate::bank::Question,
    view: &ExamView,
    index: usize,
    len: usize,
    intents: &mut Vec<Intent>,
) {
    match view.draft.response(question) {
        Some(response) => intents.push(Intent::ExamAnswer(response)),
        None if index + 1 < len => intents.push(Intent::ExamGoTo(index + 1)),
        None => {}
    }
}

fn result_ui(ui: &mut Ui, _state: &AppState, run: &ExamRun, intents: &mut Vec<Intent>) {
    let Some(result) = &run.result else { return };
    let dark = ui.visuals().dark_mode;
    ui.label(
        RichText::new("Exam result")
            .font(theme::title_font())
            .strong(),
    );
    let right = result.items.iter().filter(|i| i.correct).count();
    ui.label(
        RichText::new(format!(
            "{:.0} %  ·  {right} of {} right",
            result.score * 100.0,
            result.items.len()
        ))
        .size(22.0)
        .strong(),
    );
    if let Some((csv, _)) = &run.saved_to {
        ui.label(
            RichText::new(format!("Saved as {} (and .json)", csv.display()))
                .small()
                .weak(),
        );
    }
    ui.horizontal(|ui| {
        if ui.button("Save a copy…").clicked() {
            intents.push(Intent::ExportExam);
        }
        if ui.button("New exam").clicked() {
            intents.push(Intent::CloseExam);
        }
        let missed: Vec<_> = result
            .items
            .iter()
            .filter(|i| !i.correct)
            .map(|i| i.question_id.clone())
            .collect();
        if !missed.is_empty()
            && ui
                .button(format!("Study the {} I missed", missed.len()))
                .on_hover_text("A study session on just these questions, due or not")
                .clicked()
        {
            intents.push(Intent::StartStudy {
                bank: result.bank_id.clone(),
                filter: crate::study::session::SessionFilter::just(missed),
            });
        }
    });
    ui.add_space(6.0);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.label(RichText::new("By section").strong());
            egui::Grid::new("per-section")
                .num_columns(3)
                .striped(true)
                .spacing([20.0, 6.0])
                .show(ui, |ui| {
                    for (section, score, count) in &result.per_section {
                        ui.label(section);
                        ui.label(format!("{:.0} %", score * 100.0));
                        ui.label(
                            RichText::new(format!(
                                "{count} question{}",
                                if *count == 1 { "" } else { "s" }
                            ))
                            .weak(),
                        );
                        ui.end_row();
                    }
                });
            ui.add_space(8.0);
            ui.label(RichText::new("Question by question").strong());
            for (i, item) in result.items.iter().enumerate() {
                ui.push_id(i, |ui| {
                    let (mark, color) = if item.correct {
                        ("✔", theme::correct_color(dark))
                    } else if item.score > 0.0 {
                        ("◐", theme::partial_color(dark))
                    } else {
                        ("✖", theme::wrong_color(dark))
                    };
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.add(
                            egui::Label::new(
                                RichText::new(format!("{mark} {}. {}", i + 1, item.prompt))
                                    .color(color),
                            )
                            .wrap(),
                        );
                        let given = if item.answer_text.is_empty() {
                            "(no answer)"
                        } else {
                            item.answer_text.as_str()
                        };
                        ui.add(egui::Label::new(format!("Your answer: {given}")).wrap());
                        if !item.correct {
                            ui.add(
                                egui::Label::new(
                                    RichText::new(format!("Right answer: {}", item.expected))
                                        .strong(),
                                )
                                .wrap(),
                            );
                        }
                        if let Some(question) = run.bank.question(&item.question_id)
                            && let Some(passage) = run.bank.passage(&question.passage)
                        {
                            ui.collapsing("From the article", |ui| {
                                crate::ui::widgets::passage::quote_ui(
                                    ui,
                                    &passage.text,
                                    question.quote.as_deref(),
                                );
                            });
                        }
                    });
                });
            }
        });
}
