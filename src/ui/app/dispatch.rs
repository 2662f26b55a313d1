//! [`DossierApp::run`]: every intent a screen sends, carried out. The screens only describe what the
//! user asked for; this is where it happens (state changes, file dialogs, navigation).

use super::*;

impl DossierApp {
    /// Runs one intent.
    pub fn run(&mut self, ctx: &egui::Context, intent: Intent) {
        let state = &mut self.state;
        match intent {
            Intent::Navigate(screen) => {
                if screen != Screen::Study || state.session.is_some() {
                    state.screen = screen;
                }
            }
            Intent::SelectBank(id) => state.selected_bank = Some(id),
            Intent::StartStudy { bank, filter } => state.start_study(&bank, filter),
            Intent::CustomSession(bank) => {
                self.custom_session = Some(screens::custom_session::CustomSessionDraft::new(bank));
            }
            Intent::Answer(response) => state.answer(&response),
            Intent::Rate(rating) => state.rate(rating),
            Intent::Undo => {
                state.undo();
                self.draft = AnswerDraft::default();
            }
            Intent::Bury => state.bury_or_suspend(false),
            Intent::Suspend => state.bury_or_suspend(true),
            Intent::EndSession => state.end_session(),
            Intent::AskEndSession => state.ask_end_session(),
            Intent::ConfirmEndSession(end) => state.confirm_end_session(end),
            Intent::OverrideVerdict => state.override_verdict(),
            Intent::ReportProblem { question, note } => state.report_problem(&question, note),
            Intent::OpenBankDialog => self.open_dialog = Some(OpenDialog::default()),
            Intent::SystemFileDialog => {
                let picked = rfd::FileDialog::new()
                    .add_filter("Dossier bank", &["ron"])
                    .add_filter("Exam paper", &["json"])
                    .pick_file();
                match picked {
                    Some(path) if crate::class::paper::is_paper_path(&path) => {
                        self.open_dialog = None;
                        state.open_paper(&path);
                    }
                    Some(path) => {
                        self.open_dialog = None;
                        state.open_bank_file(&path);
                        state.screen = Screen::Library;
                    }
                    None => {
                        if let Some(dialog) = &mut self.open_dialog {
                            dialog.no_file = true;
                        }
                    }
                }
            }
            Intent::OpenBank(path) => {
                self.open_dialog = None;
                if crate::class::paper::is_paper_path(&path) {
                    state.open_paper(&path);
                } else if crate::interchange::is_importable(&path) {
                    // Not a bank but a quiz file: the Import screen previews it.
                    state.import(ImportIntent::Open(Some(path)));
                } else {
                    state.open_bank_file(&path);
                    state.screen = Screen::Library;
                }
            }
            Intent::ImportBank(path) => state.import_bank(&path),
            Intent::DraftFromFileDialog { title } => {
                let picked = rfd::FileDialog::new()
                    .add_filter("Article", &["txt", "md", "markdown", "html", "htm"])
                    .pick_file();
                match picked {
                    Some(path) => {
                        if state.draft_new_bank(crate::ui::state::ArticleSource::File(path), title)
                        {
                            self.new_bank = Default::default();
                        }
                    }
                    None => self.new_bank.no_file = true,
                }
            }
            Intent::DraftNewBank { source, title } => {
                if state.draft_new_bank(source, title) {
                    self.new_bank = Default::default();
                }
            }
            Intent::ReloadBanks => state.reload_banks(),
            Intent::EditInEditor(path) => open_with_system(state, &path),
            Intent::OpenDataFolder => {
                if let Some(dir) = state.data_dir.as_ref().map(|d| d.root.clone()) {
                    open_with_system(state, &dir);
                }
            }
            Intent::UpdateSettings(settings) => {
                state.settings = *settings;
                state.save_settings();
                self.apply_look(ctx);
            }
            Intent::ShowInArticle {
                bank,
                passage,
                quote,
            } => {
                state.selected_bank = Some(bank);
                state.reader_focus = crate::ui::state::ReaderFocus {
                    passage: Some(passage),
                    quote,
                };
                state.screen = Screen::Read;
            }
            Intent::DismissNotice(i) => {
                if i < state.notices.len() {
                    state.notices.remove(i);
                }
            }
            Intent::RetryPendingWrites => state.retry_pending(),
            Intent::ResolveChanged { bank, keep } => state.resolve_changed(&bank, keep),
            Intent::StartExam(choice) => {
                state.start_exam(&choice);
                self.exam.reset();
            }
            Intent::ExamAnswer(response) => state.exam_answer(response),
            Intent::ExamGoTo(index) => state.exam_go_to(index),
            Intent::FinishExam => state.finish_exam(),
            Intent::ExportExam => {
                if let Some(folder) = rfd::FileDialog::new()
                    .set_title("Save the exam result in…")
                    .pick_folder()
                {
                    state.export_exam(&folder);
                }
            }
            Intent::CloseExam => state.exam = None,
            Intent::Author(intent) => self.state.author(intent),
            Intent::Optimizer(action) => self.run_optimizer(ctx, action),
            Intent::Class(intent) => self.run_class(intent),
            Intent::Import(ImportIntent::ChooseFile) => {
                let picked = rfd::FileDialog::new()
                    .set_title("Import a quiz file")
                    .add_filter(
                        "Quiz file (GIFT, Aiken, Moodle XML, Anki, CSV)",
                        &["txt", "gift", "xml", "csv", "tsv"],
                    )
                    .pick_file();
                state.import_chosen(false, picked);
            }
            Intent::Import(ImportIntent::ChooseArticle) => {
                let picked = rfd::FileDialog::new()
                    .set_title("The article the questions are about")
                    .add_filter("Article", &["txt", "md", "markdown", "html", "htm", "ron"])
                    .pick_file();
                state.import_chosen(true, picked);
            }
            Intent::Import(intent) => state.import(intent),
        }
    }
}
