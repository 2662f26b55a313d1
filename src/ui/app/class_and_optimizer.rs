//! The intents of the Settings optimizer and of exam papers and class results, run for
//! [`DossierApp::run`]: the parts of the dispatch that open the system's file dialogs.

use super::super::intent::{ClassIntent, Screen};
use super::DossierApp;

impl DossierApp {
    pub(super) fn run_optimizer(
        &mut self,
        ctx: &egui::Context,
        action: super::super::optimizer::OptimizerAction,
    ) {
        use super::super::optimizer::{OptimizerAction, OptimizerJob};
        let state = &mut self.state;
        match action {
            OptimizerAction::Start => {
                // The whole log is read on the fit's thread, from the log as written now.
                let reader = state.store.as_ref().map(crate::progress::Store::log_reader);
                let records = move || match reader {
                    Some(reader) => match reader.records(&mut |_| true) {
                        Ok(records) => Ok(records.unwrap_or_default()),
                        Err(e) => Err(e.to_string()),
                    },
                    None => Ok(Vec::new()),
                };
                let ctx = ctx.clone();
                self.optimizer.start(
                    records,
                    state.settings.rollover_hour,
                    state.settings.fsrs_parameters.clone(),
                    move || ctx.request_repaint(),
                );
            }
            OptimizerAction::Cancel => self.optimizer.cancel(),
            OptimizerAction::Apply => {
                if let Some(parameters) = self.optimizer.better_parameters() {
                    state.settings.fsrs_parameters = parameters.to_vec();
                    state.save_settings();
                    self.optimizer = OptimizerJob::Idle;
                }
            }
            OptimizerAction::Discard => self.optimizer = OptimizerJob::Idle,
            OptimizerAction::UseDefaults => {
                state.settings.fsrs_parameters.clear();
                state.save_settings();
                self.optimizer = OptimizerJob::Idle;
            }
        }
    }

    pub(super) fn run_class(&mut self, intent: ClassIntent) {
        let state = &mut self.state;
        match intent {
            ClassIntent::OpenPaperDialog => {
                if let Some(path) = rfd::FileDialog::new()
                    .set_title("Open an exam paper")
                    .add_filter("Exam paper", &["json"])
                    .pick_file()
                {
                    state.open_paper(&path);
                }
            }
            ClassIntent::OpenPaper(path) => state.open_paper(&path),
            ClassIntent::StartPaper => {
                state.start_paper_exam();
                self.exam.reset();
            }
            ClassIntent::ClosePaper => state.exam_paper = None,
            ClassIntent::MakePaperDialog(choice) => {
                let name = state
                    .selected_summary()
                    .map_or("exam".to_owned(), |b| b.id.0.clone());
                if let Some(path) = rfd::FileDialog::new()
                    .set_title("Save the exam paper as…")
                    .set_file_name(format!("{name}.paper.json"))
                    .save_file()
                {
                    state.make_paper(&choice, &path);
                }
            }
            ClassIntent::ToggleFlag(index) => state.exam_toggle_flag(index),
            ClassIntent::OpenResultsDialog => {
                if let Some(folder) = rfd::FileDialog::new()
                    .set_title("Open a folder of exam results")
                    .pick_folder()
                {
                    state.open_class(vec![folder]);
                }
            }
            ClassIntent::OpenResults(paths) => state.open_class(paths),
            ClassIntent::SelectPaper(index) => state.select_class_paper(index),
            ClassIntent::SetAttempt(which) => state.set_class_attempt(which),
            ClassIntent::Export { html, pseudonymise } => {
                let (name, ext) = if html {
                    ("class-report.html", "html")
                } else {
                    ("class-report.csv", "csv")
                };
                if let Some(path) = rfd::FileDialog::new()
                    .set_title("Save the class report as…")
                    .set_file_name(name)
                    .add_filter(ext, &[ext])
                    .save_file()
                {
                    state.export_class(&path, html, pseudonymise);
                }
            }
            ClassIntent::CloseResults => state.cancel_class(),
            ClassIntent::PreviewQuestion { bank, question } => {
                if state
                    .library
                    .iter()
                    .any(|e| e.bank.as_ref().is_ok_and(|b| b.id == bank))
                {
                    state.selected_bank = Some(bank);
                    self.preview.search = question;
                    state.screen = Screen::Preview;
                } else {
                    state.notices.push(super::super::state::Notice {
                        text: format!(
                            "The bank {bank} is not in your library: open it to preview its questions."
                        ),
                        is_error: true,
                    });
                }
            }
        }
    }
}
