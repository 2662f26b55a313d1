//! The library (home screen): every bank with what is due, the big Study button on the most useful one,
//! and broken banks with their errors, never hidden.

use egui::{RichText, Ui};

use crate::study::session::SessionFilter;
use crate::ui::intent::{Intent, Screen};
use crate::ui::state::{AppState, BankOrigin, ImportIntent, LibraryEntry};
use crate::ui::theme;
use crate::ui::widgets::diagnostics::diagnostics_ui;

pub fn library_ui(ui: &mut Ui, state: &AppState, intents: &mut Vec<Intent>) {
    let dark = ui.visuals().dark_mode;
    // Wrapped, never wider than the window: at 800 px with 150 % text the buttons go onto a second
    // line instead of pushing the whole library sideways.
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Library").font(theme::title_font()).strong());
        ui.add_space(12.0);
        let open = egui::Button::new("Open bank…").shortcut_text(ui.ctx().format_shortcut(
            &egui::KeyboardShortcut::new(egui::Modifiers::COMMAND, egui::Key::O),
        ));
        if ui.add(open).clicked() {
            intents.push(Intent::OpenBankDialog);
        }
        let import = egui::Button::new("Import…").shortcut_text(crate::ui::shortcuts::label(
            ui.ctx(),
            crate::ui::shortcuts::Action::ImportQuiz,
        ));
        if ui
            .add(import)
            .on_hover_text("A quiz from Moodle (GIFT, Aiken, Moodle XML), an Anki text export or a CSV/TSV: preview it, then save it as a bank")
            .clicked()
        {
            intents.push(Intent::Import(ImportIntent::Open(None)));
        }
        if ui
            .button("New bank from article…")
            .on_hover_text("Draft a bank from a .txt, .md or .html article, or pasted text")
            .clicked()
        {
            intents.push(Intent::Navigate(Screen::NewBank));
        }
        if ui
            .button("Reload")
            .on_hover_text("Load every bank file again")
            .clicked()
        {
            intents.push(Intent::ReloadBanks);
        }
    });
    ui.label(
        RichText::new("Drop a .ron bank, or a quiz file to import, on this window.")
            .small()
            .weak(),
    );
    ui.add_space(6.0);

    let most_useful = state.most_useful_bank();
    let mut useful_bank = most_useful.as_ref().and_then(|id| state.bank_summary(id));
    if let Some(bank) = useful_bank {
        let mut counts = state.bank_figures(bank).counts;
        if counts.due_today + counts.learning + counts.new_available == 0 {
            // Nothing left anywhere (this is the bank with the most to do): say when to come back
            // for the bank that comes back first, not whichever empty bank is listed last.
            let soonest = state
                .banks()
                .map(|b| (state.due_tomorrow(&b.id), b))
                .filter(|(tomorrow, _)| *tomorrow > 0)
                .max_by_key(|(tomorrow, _)| *tomorrow)
                .map(|(_, b)| b);
            if let Some(soonest) = soonest {
                counts = state.bank_figures(soonest).counts;
                useful_bank = Some(soonest);
            }
        }
        let bank = useful_bank.unwrap_or(bank);
        let todo = counts.due_today + counts.learning + counts.new_available;
        // Not while a text field (the "Open a bank file" path) has the keyboard.
        let enter = !ui.ctx().text_edit_focused()
            && crate::ui::shortcuts::pressed(ui.ctx(), &[crate::ui::shortcuts::Context::Library])
                .contains(&crate::ui::shortcuts::Action::StartStudy);
        if enter && todo > 0 {
            intents.push(Intent::StartStudy {
                bank: bank.id.clone(),
                filter: SessionFilter::default(),
            });
        }
        egui::Frame::group(ui.style())
            .inner_margin(14.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal(|ui| {
                    ui.vertical(|ui| {
                        let tomorrow = state.bank_figures(bank).due_tomorrow;
                        ui.label(
                            RichText::new(if todo > 0 {
                                "Ready to study".to_owned()
                            } else {
                                format!("Done for today — {tomorrow} due tomorrow",)
                            })
                            .strong(),
                        );
                        ui.add(egui::Label::new(&bank.title).wrap());
                        ui.label(
                            RichText::new(format!(
                                "{}\u{a0}due · {}\u{a0}learning · {}\u{a0}new",
                                counts.due_today, counts.learning, counts.new_available
                            ))
                            .weak(),
                        );
                    });
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let study = egui::Button::new(
                            RichText::new("Study")
                                .size(18.0)
                                .strong()
                                .color(egui::Color32::WHITE),
                        )
                        .shortcut_text(RichText::new("Enter").color(egui::Color32::WHITE))
                        .fill(theme::accent(dark))
                        .min_size(egui::vec2(140.0, 44.0));
                        if ui.add_enabled(todo > 0, study).clicked() {
                            intents.push(Intent::StartStudy {
                                bank: bank.id.clone(),
                                filter: SessionFilter::default(),
                            });
                        }
                    });
                });
            });
        ui.add_space(8.0);
    }

    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, entry) in state.library.iter().enumerate() {
                ui.push_id(("library-entry", i), |ui| {
                    entry_ui(ui, state, entry, intents)
                });
                ui.add_space(6.0);
            }
            if state.library.is_empty() {
                ui.label("No banks yet. Open a .ron bank file, or drop one on this window.");
            }
            quiz_files_ui(ui, state, intents);
        });
}

fn entry_ui(ui: &mut Ui, state: &AppState, entry: &LibraryEntry, intents: &mut Vec<Intent>) {
    let dark = ui.visuals().dark_mode;
    egui::Frame::group(ui.style()).inner_margin(12.0).show(ui, |ui| {
        ui.set_width(ui.available_width());
        match &entry.bank {
            Ok(bank) => {
                if !entry.changed.is_empty() {
                    changed_questions_ui(ui, bank, entry.changed.len(), intents);
                }
                let figures = state.bank_figures(bank);
                let counts = figures.counts;
                // Text above, buttons in their own row: at large text sizes a row beside the text
                // would overlap it.
                ui.add(egui::Label::new(RichText::new(&bank.title).strong().size(17.0)).wrap());
                ui.label(RichText::new(&bank.source).weak().small());
                let derived = figures.derived;
                // A no-break space after each number, so a line never ends on a bare "· 0".
                ui.label(format!(
                    "{}\u{a0}questions ({}\u{a0}generated from the article's model) · {}\u{a0}new · {}\u{a0}learning · {}\u{a0}due today",
                    bank.questions.len(),
                    derived,
                    counts.new_available,
                    counts.learning,
                    counts.due_today
                ));
                limit_and_exam_ui(ui, state, bank, &counts, intents);
                let last = figures
                    .last_studied_ms
                    .and_then(chrono::DateTime::from_timestamp_millis)
                    .map(|t| t.with_timezone(&chrono::Local).format("%-d %b %Y, %H:%M").to_string());
                ui.label(
                    RichText::new(match last {
                        Some(when) => format!("Last studied {when} · {}", origin_label(entry.origin)),
                        None => format!("Not studied yet · {}", origin_label(entry.origin)),
                    })
                    .small()
                    .weak(),
                );
                // Below the counts, wrapping in a narrow window, never drawn over them.
                ui.horizontal_wrapped(|ui| {
                    if ui.button("Study").clicked() {
                        intents.push(Intent::StartStudy { bank: bank.id.clone(), filter: SessionFilter::default() });
                    }
                    if ui
                        .button("Custom session…")
                        .on_hover_text("A section, only new or only learnt questions, a number of questions or minutes, beyond today's limits")
                        .clicked()
                    {
                        intents.push(Intent::CustomSession(bank.id.clone()));
                    }
                    if ui.button("Read").clicked() {
                        intents.push(Intent::SelectBank(bank.id.clone()));
                        intents.push(Intent::Navigate(Screen::Read));
                    }
                    if ui
                        .button("Preview")
                        .on_hover_text("Every question with its answer, for checking a bank; saves no progress")
                        .clicked()
                    {
                        intents.push(Intent::SelectBank(bank.id.clone()));
                        intents.push(Intent::Navigate(Screen::Preview));
                    }
                    if entry.origin == BankOrigin::Library
                        && ui
                            .button("Edit")
                            .on_hover_text("Select words in the article to make claims, actors and questions; saves into the file")
                            .clicked()
                    {
                        intents.push(Intent::Author(crate::ui::state::AuthorIntent::Open(bank.id.clone())));
                    }
                    if entry.origin == BankOrigin::Opened && ui.button("Add to library").clicked() {
                        intents.push(Intent::ImportBank(entry.path.clone()));
                    }
                });
            }
            Err(diagnostics) => {
                ui.label(RichText::new(format!("⚠ {} cannot be used", entry.path.display())).color(theme::wrong_color(dark)).strong());
                ui.label(format!(
                    "{} problem{} to fix in the file. The other banks still work.",
                    diagnostics.len(),
                    if diagnostics.len() == 1 { "" } else { "s" }
                ));
                diagnostics_ui(ui, diagnostics, &entry.rendered_errors);
                ui.horizontal(|ui| {
                    if entry.origin != BankOrigin::Bundled && ui.button("Edit in editor").clicked() {
                        intents.push(Intent::EditInEditor(entry.path.clone()));
                    }
                    if ui.button("Check again").clicked() {
                        intents.push(Intent::ReloadBanks);
                    }
                });
            }
        }
    });
}

/// The quiz files in the library folder (GIFT, Aiken, Moodle XML, Anki, CSV/TSV): not banks yet, each
/// with "Import…" to preview and save it as one.
fn quiz_files_ui(ui: &mut Ui, state: &AppState, intents: &mut Vec<Intent>) {
    let files = state.quiz_files();
    if files.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Quiz files in your library folder").strong());
    for (i, file) in files.iter().enumerate() {
        ui.push_id(("quiz-file", i), |ui| {
            egui::Frame::group(ui.style())
                .inner_margin(12.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    let name = file.path.file_name().map_or_else(
                        || file.path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    ui.add(egui::Label::new(RichText::new(&name).strong()).wrap());
                    ui.add(
                        egui::Label::new(format!(
                            "A {} quiz file, not a bank yet: import it to study it here.",
                            file.format.label()
                        ))
                        .wrap(),
                    );
                    if ui
                        .button("Import…")
                        .on_hover_text(format!(
                            "Preview {name}'s questions, then save them as a bank"
                        ))
                        .clicked()
                    {
                        intents.push(Intent::Import(ImportIntent::Open(Some(file.path.clone()))));
                    }
                });
        });
        ui.add_space(6.0);
    }
}

/// Asks what to do with progress on questions the teacher has changed since they were answered.
fn changed_questions_ui(
    ui: &mut Ui,
    bank: &crate::bank::lazy::BankSummary,
    count: usize,
    intents: &mut Vec<Intent>,
) {
    let dark = ui.visuals().dark_mode;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.0, theme::partial_color(dark)))
        .show(ui, |ui| {
            ui.add(
                egui::Label::new(format!(
                    "{count} question{} changed in this bank since you last answered {}. Keep your progress on {}, or start {} again as new?",
                    if count == 1 { "" } else { "s" },
                    if count == 1 { "it" } else { "them" },
                    if count == 1 { "it" } else { "them" },
                    if count == 1 { "it" } else { "them" },
                ))
                .wrap(),
            );
            ui.horizontal(|ui| {
                if ui.button("Keep my progress").clicked() {
                    intents.push(Intent::ResolveChanged { bank: bank.id.clone(), keep: true });
                }
                if ui.button("Start them again").clicked() {
                    intents.push(Intent::ResolveChanged { bank: bank.id.clone(), keep: false });
                }
            });
        });
    ui.add_space(6.0);
}

fn origin_label(origin: BankOrigin) -> &'static str {
    match origin {
        BankOrigin::Bundled => "bundled with Dossier",
        BankOrigin::Library => "in your library",
        BankOrigin::Opened => "opened from a file",
    }
}

/// The reviews the daily limit holds back, with the offer to study them anyway, and the recall to
/// expect on the bank's exam day.
fn limit_and_exam_ui(
    ui: &mut Ui,
    state: &AppState,
    bank: &crate::bank::lazy::BankSummary,
    counts: &crate::study::BankCounts,
    intents: &mut Vec<Intent>,
) {
    if counts.due_over_limit > 0 {
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{} more due — study them anyway?",
                counts.due_over_limit
            ));
            if ui.button("Study all due").clicked() {
                intents.push(Intent::StartStudy {
                    bank: bank.id.clone(),
                    filter: SessionFilter {
                        past_review_limit: true,
                        ..SessionFilter::default()
                    },
                });
            }
        });
    }
    let now = state.clock.now();
    // Only a bank with an exam day is read whole here (the outlook walks its questions' sections).
    if state.scheduler.exam_day(&bank.id).is_some()
        && let Some(full) = state.bank(&bank.id)
        && let Some(exam) =
            crate::study::exam_date::exam_recall(full, &state.collection, &state.scheduler, now)
    {
        let days = match exam.days_left {
            1 => "tomorrow".to_owned(),
            n => format!("in {n} days"),
        };
        ui.label(
            RichText::new(format!(
                "Exam {} ({days}): expected recall on the day {:.0} %{}",
                exam.date.format("%-d %b %Y"),
                exam.recall * 100.0,
                if exam.not_started > 0 {
                    format!(" · {} questions not started", exam.not_started)
                } else {
                    String::new()
                }
            ))
            .strong(),
        );
    }
}
