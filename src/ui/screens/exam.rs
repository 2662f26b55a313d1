//! Exam mode: set up a fixed-length test, take it without feedback, then see the result per section and
//! per question, saved as files a teacher can collect.

use egui::{RichText, Ui};

use crate::ui::intent::{ClassIntent, Intent};
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
    /// "Finish anyway?" is being asked.
    confirm_finish: bool,
    /// Enter was pressed with no answer on this question: say so instead of skipping silently.
    no_answer_hint: Option<usize>,
}

impl ExamView {
    /// Forgets the drafts of a previous exam.
    pub fn reset(&mut self) {
        self.draft = AnswerDraft::default();
        self.showing = None;
        self.confirm_finish = false;
        self.no_answer_hint = None;
    }
}

pub fn exam_ui(ui: &mut Ui, state: &AppState, view: &mut ExamView, intents: &mut Vec<Intent>) {
    match &state.exam {
        None if state.exam_paper.is_some() => paper_ui(ui, state, intents),
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
    // The whole form scrolls: at 800×600 with large text, Start was below the window's edge.
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| setup_form_ui(ui, state, bank, choice, intents));
}

/// The exam's choices and the buttons that start it or make a paper of it.
fn setup_form_ui(
    ui: &mut Ui,
    state: &AppState,
    bank: &crate::bank::Bank,
    choice: &mut ExamChoice,
    intents: &mut Vec<Intent>,
) {
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
        });
    // Below the grid, not in it: a grid row is centred vertically, so beside a long list of
    // sections its label sat out of sight at the list's middle.
    ui.add_space(6.0);
    ui.label("Sections");
    ui.indent("exam-sections", |ui| {
        if bank.sections().is_empty() {
            ui.label(RichText::new("All questions (this bank has no sections)").weak());
        }
        for section in bank.sections() {
            let mut on = choice.sections.is_empty() || choice.sections.iter().any(|s| s == section);
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
    ui.add_space(6.0);
    ui.checkbox(
        &mut choice.record_in_schedule,
        "Count my answers in my study schedule",
    );
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
    // No Enter shortcut here: Enter in the form (e.g. after typing a number) must not start the exam.
    ui.horizontal_wrapped(|ui| {
        let start =
            egui::Button::new(RichText::new("Start exam").size(16.0)).min_size(egui::vec2(160.0, 38.0));
        if ui.add(start).clicked() {
            intents.push(Intent::StartExam(choice.clone()));
        }
        if ui
            .button("Open a paper…")
            .on_hover_text("Take the exam paper your teacher gave you (.paper.json)")
            .clicked()
        {
            intents.push(Intent::Class(ClassIntent::OpenPaperDialog));
        }
        if ui
            .button("Make a paper for a class…")
            .on_hover_text("Save these choices as a fixed paper: every student gets the same questions, order and options")
            .clicked()
        {
            intents.push(Intent::Class(ClassIntent::MakePaperDialog(choice.clone())));
        }
    });
}

/// An opened paper, before it starts: what it is, and Start. Enter does not start it.
fn paper_ui(ui: &mut Ui, state: &AppState, intents: &mut Vec<Intent>) {
    let Some(open) = &state.exam_paper else {
        return;
    };
    let paper = &open.paper;
    ui.label(
        RichText::new(&paper.title)
            .font(theme::title_font())
            .strong(),
    );
    ui.label(
        RichText::new(format!(
            "Exam paper {} · {} questions · {}",
            paper.paper_id,
            paper.questions.len(),
            paper
                .time_limit_secs
                .map_or("no time limit".to_owned(), |s| format!(
                    "{} minutes",
                    s.div_ceil(60)
                ))
        ))
        .weak(),
    );
    ui.label(
        RichText::new("No feedback until the end. Your result is saved as a file that names this paper, for your teacher.")
            .weak(),
    );
    if state.settings.student_name.is_empty() {
        ui.label(
            RichText::new(
                "Put your name in Settings first, so your teacher knows the result is yours.",
            )
            .color(theme::wrong_color(ui.visuals().dark_mode)),
        );
    } else {
        ui.label(format!(
            "The result will carry the name {}.",
            state.settings.student_name
        ));
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let start = egui::Button::new(RichText::new("Start the paper").size(16.0))
            .min_size(egui::vec2(160.0, 38.0));
        if ui.add(start).clicked() {
            intents.push(Intent::Class(ClassIntent::StartPaper));
        }
        if ui.button("Not now").clicked() {
            intents.push(Intent::Class(ClassIntent::ClosePaper));
        }
    });
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
        if let Some(order) = run.paper.as_ref().and_then(|p| p.order_of(&question.id)) {
            view.draft.use_order(order);
        }
        view.showing = Some(index);
        view.no_answer_hint = None;
    }
    let now = state.clock.now();
    if view.confirm_finish {
        confirm_finish_ui(ui, run, view, now, intents);
    } else {
        for action in shortcuts::pressed(ui.ctx(), &[shortcuts::Context::Answering]) {
            match action {
                Action::Submit => submit(question, view, index, intents),
                other => view.draft.apply_key(question, other),
            }
        }
    }
    if run.exam.in_last_minute(now) {
        let dark = ui.visuals().dark_mode;
        egui::Frame::new()
            .fill(theme::highlight_bg(dark))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.label(
                    RichText::new("⏰ Less than a minute left: your answers so far are kept when the time is up.")
                        .color(theme::wrong_color(dark))
                        .strong(),
                );
            });
    }
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
            let mut text = if answered {
                format!("{} •", i + 1)
            } else {
                format!("{}", i + 1)
            };
            let hover = if answered {
                "Answered — go to this question"
            } else {
                "Not answered yet — go to this question"
            };
            if run.exam.is_flagged(i) {
                text.push('⚑');
            }
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
            if view.no_answer_hint == Some(index) {
                ui.label(
                    RichText::new("No answer yet: choose one, or press Skip to come back to this question later.")
                        .color(theme::wrong_color(ui.visuals().dark_mode)),
                );
            }
        });
    ui.horizontal_wrapped(|ui| {
        let next = egui::Button::new("Save answer")
            .shortcut_text("Enter")
            .min_size(egui::vec2(120.0, 34.0));
        if ui.add(next).clicked() {
            submit(question, view, index, intents);
        }
        if ui
            .add_enabled(index + 1 < run.exam.len(), egui::Button::new("Skip"))
            .on_hover_text("Leave this question for now")
            .clicked()
        {
            intents.push(Intent::ExamGoTo(index + 1));
        }
        if ui
            .add_enabled(index > 0, egui::Button::new("Previous"))
            .clicked()
        {
            intents.push(Intent::ExamGoTo(index - 1));
        }
        let flagged = run.exam.is_flagged(index);
        if ui
            .selectable_label(flagged, if flagged { "⚑ Flagged" } else { "⚑ Flag" })
            .on_hover_text("Mark this question to come back to")
            .clicked()
        {
            intents.push(Intent::Class(ClassIntent::ToggleFlag(index)));
        }
        if ui.button("Finish exam…").clicked() {
            match run.exam.finish_warning(now) {
                Some(_) => view.confirm_finish = true,
                None => intents.push(Intent::FinishExam),
            }
        }
    });
}

/// Asks before finishing with questions unanswered or flagged, or time left.
fn confirm_finish_ui(
    ui: &mut Ui,
    run: &ExamRun,
    view: &mut ExamView,
    now: crate::Timestamp,
    intents: &mut Vec<Intent>,
) {
    let question = run
        .exam
        .finish_warning(now)
        .map_or("Finish the exam?".to_owned(), |w| w.question());
    egui::Modal::new(egui::Id::unique("confirm-finish")).show(ui.ctx(), |ui| {
        ui.set_max_width(420.0);
        ui.label(RichText::new("Finish the exam?").strong().size(18.0));
        ui.add(egui::Label::new(&question).wrap());
        ui.label(RichText::new("Unanswered questions score 0.").weak());
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let keep = ui.button("Keep going");
            if ui.button("Finish anyway").clicked() {
                view.confirm_finish = false;
                intents.push(Intent::FinishExam);
            }
            if keep.clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                view.confirm_finish = false;
            }
            // Enter keeps going: finishing must be a deliberate click or Tab + Space.
            if !keep.has_focus() && ui.memory(|m| m.focused().is_none()) {
                keep.request_focus();
            }
        });
    });
}

/// Saves the draft as the answer; with no answer given, says so and stays (Skip moves on).
fn submit(
    question: &crate::bank::Question,
    view: &mut ExamView,
    index: usize,
    intents: &mut Vec<Intent>,
) {
    match view.draft.response(question) {
        Some(response) => {
            view.no_answer_hint = None;
            intents.push(Intent::ExamAnswer(response));
        }
        None => view.no_answer_hint = Some(index),
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
                        // Questions of a bank without an article have no section.
                        ui.label(if section.is_empty() {
                            "No section"
                        } else {
                            section
                        });
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
