//! `DossierApp`: the eframe shell. Each frame it draws the current screen from [`AppState`], collects
//! the intents the screens return, and runs them after drawing, in one place.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use egui::{RichText, Ui};

use super::intent::{ClassIntent, Intent, Screen};
use super::screens;
use super::shortcuts::{self, Action};
use super::state::{AppState, AuthorIntent};
use super::theme;
use super::widgets::question::AnswerDraft;
use crate::study::session::SessionFilter;

/// How the app was started.
#[derive(Clone, Debug, Default)]
pub struct LaunchOptions {
    /// Open straight into a session on this bank file (`dossier study BANK`).
    pub study_bank: Option<PathBuf>,
    /// Open straight into this exam paper (`dossier exam PAPER`).
    pub exam_paper: Option<PathBuf>,
    /// Open the Class screen on these result files or folders (`dossier class FOLDER`).
    pub class_results: Vec<PathBuf>,
    /// Use this data folder instead of the usual one.
    pub data_dir: Option<PathBuf>,
    /// Print milliseconds from process start to the first painted frame, then quit.
    pub measure_startup: Option<Instant>,
}

/// The running app.
pub struct DossierApp {
    pub state: AppState,
    draft: AnswerDraft,
    settings_draft: screens::settings::SettingsDraft,
    /// Settings → "Optimize from my reviews", running off the frame.
    pub optimizer: super::optimizer::OptimizerJob,
    reader: screens::reader::ReaderView,
    preview: screens::preview::PreviewView,
    new_bank: screens::new_bank::NewBankView,
    author: screens::author::AuthorView,
    stats: screens::stats::StatsView,
    exam: screens::exam::ExamView,
    class: screens::class::ClassScreen,
    show_help: bool,
    /// The "Open a bank file" window (Ctrl+O): a path field, and the system's file dialog when it has one.
    open_dialog: Option<OpenDialog>,
    /// The custom-session window, while it is open.
    custom_session: Option<screens::custom_session::CustomSessionDraft>,
    applied_look: Option<(crate::progress::settings::Theme, f32)>,
    /// Set by the file watcher when a bank file changes on disk; the next frame reloads.
    banks_changed: Arc<AtomicBool>,
    watcher: Option<notify::RecommendedWatcher>,
    measure_startup: Option<Instant>,
    frames: u64,
    /// Whether fonts, look and file watcher are set up (see [`DossierApp::prepare`]).
    prepared: bool,
}

impl DossierApp {
    /// Builds the app around an opened state. Fonts, theme and the file watcher need a context: see
    /// [`DossierApp::prepare`].
    pub fn new(mut state: AppState, options: &LaunchOptions) -> Self {
        if let Some(path) = &options.study_bank {
            state.open_bank_file(path);
            if let Some(id) = state.selected_bank.clone() {
                state.start_study(&id, SessionFilter::default());
            }
        }
        if let Some(path) = &options.exam_paper {
            state.open_paper(path);
        }
        if !options.class_results.is_empty() {
            state.open_class(options.class_results.clone());
        }
        Self {
            state,
            draft: AnswerDraft::default(),
            settings_draft: Default::default(),
            optimizer: Default::default(),
            reader: Default::default(),
            preview: Default::default(),
            new_bank: Default::default(),
            author: Default::default(),
            stats: Default::default(),
            exam: Default::default(),
            class: Default::default(),
            show_help: false,
            open_dialog: None,
            custom_session: None,
            applied_look: None,
            banks_changed: Arc::new(AtomicBool::new(false)),
            watcher: None,
            measure_startup: options.measure_startup,
            frames: 0,
            prepared: false,
        }
    }

    fn apply_look(&mut self, ctx: &egui::Context) {
        let look = (self.state.settings.theme, self.state.settings.text_scale);
        if self.applied_look != Some(look) {
            theme::apply(ctx, look.0, look.1);
            self.applied_look = Some(look);
        }
    }

    /// Installs the fonts, applies the saved theme and text size, and starts watching bank files.
    /// Called before the first frame when there is a context then, so that frame is already drawn in
    /// the student's theme and size, with no flash of the defaults; otherwise the first frame does it.
    pub fn prepare(&mut self, ctx: &egui::Context) {
        theme::install_fonts(ctx);
        self.apply_look(ctx);
        self.watcher = watch_banks(ctx, &self.state, self.banks_changed.clone());
        self.prepared = true;
    }

    /// Draws one frame of the whole app into `ui` and runs the resulting intents.
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        if !self.prepared {
            self.prepare(ui.ctx());
        }
        if self.banks_changed.swap(false, Ordering::Relaxed) {
            self.state.reload_banks();
            self.state.author_check_disk();
        }
        self.ask_before_closing_with_unsaved_edits(ui.ctx());
        self.apply_look(ui.ctx());
        if let Some(wait) = self.state.exam_tick() {
            // The exam clock: repaint once a second while an exam with a time limit runs.
            ui.ctx().request_repaint_after(wait);
        }
        if self.state.poll_class() {
            // Result files are being read off the frame: look again soon.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        if let Some(wait) = self.state.tidy_notices() {
            ui.ctx().request_repaint_after(wait);
        }
        if let Some(wait) = self.optimizer.poll() {
            ui.ctx().request_repaint_after(wait);
        }
        if let Some(wait) = self.state.tick() {
            // A learning card is waiting: wake up when it is due, not before (no busy repaint).
            ui.ctx().request_repaint_after(wait);
        }
        if ui.ctx().input(|i| i.viewport().close_requested()) && !self.state.may_close() {
            // Answers could not be saved anywhere: keep the window open and say so (see may_close).
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::CancelClose);
        }
        let mut intents = Vec::new();
        self.global_keys(ui.ctx(), &mut intents);
        self.dropped_files(ui.ctx(), &mut intents);

        let nav = egui::Panel::top("nav").show(ui, |ui| self.nav_ui(ui, &mut intents));
        let below_nav = nav.response.rect.bottom();
        // The rating bar is the bottom-most panel, so a notice appearing or going in the status line
        // above it never moves the buttons under the student's finger.
        if self.state.screen == Screen::Study
            && screens::study::shows_rating_bar(&self.state, &self.draft)
        {
            egui::Panel::bottom("rating-bar").show(ui, |ui| {
                reading_column(ui, |ui| {
                    screens::study::rating_panel_ui(ui, &self.state, &self.draft, &mut intents);
                });
            });
        }
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui, &mut intents));
        // Windows first, so their Enter is theirs and not the screen's below them.
        if let Some(dialog) = &mut self.open_dialog
            && !open_dialog_ui(ui.ctx(), dialog, &mut intents)
        {
            self.open_dialog = None;
        }
        if let Some(draft) = &mut self.custom_session
            && !screens::custom_session::custom_session_ui(
                ui.ctx(),
                &self.state,
                draft,
                &mut intents,
            )
        {
            self.custom_session = None;
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.state.screen == Screen::Author {
                // The editor uses the whole width: the article beside the model.
                self.screen_ui(ui, &mut intents);
            } else {
                reading_column(ui, |ui| self.screen_ui(ui, &mut intents));
            }
        });
        if self.show_help {
            help_window(ui.ctx(), &mut self.show_help, below_nav);
        }
        if self.state.screen == Screen::Study {
            screens::study::confirm_end_ui(ui.ctx(), &self.state, &mut intents);
        }
        for intent in intents {
            self.run(ui.ctx(), intent);
        }
        self.frames += 1;
        if let Some(started) = self.measure_startup {
            // The first frame is painted once `ui` returns; print when the second one starts.
            if self.frames == 1 {
                ui.ctx().request_repaint();
            } else {
                println!("startup_ms={}", started.elapsed().as_millis());
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                self.measure_startup = None;
            }
        }
    }

    fn screen_ui(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        // Each screen under its own id, so its scroll position (and every other remembered widget
        // state) is its own and does not carry over to the next screen.
        let screen = self.state.screen;
        ui.push_id(screen.label(), |ui| self.screen_contents_ui(ui, intents));
    }

    fn screen_contents_ui(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        match self.state.screen {
            Screen::Library => screens::library::library_ui(ui, &self.state, intents),
            Screen::Study => screens::study::study_ui(ui, &self.state, &mut self.draft, intents),
            Screen::Read => screens::reader::reader_ui(ui, &self.state, &mut self.reader, intents),
            Screen::Actors => screens::reader::actors_ui(ui, &self.state, intents),
            Screen::Exam => screens::exam::exam_ui(ui, &self.state, &mut self.exam, intents),
            Screen::Stats => screens::stats::stats_ui(ui, &self.state, &mut self.stats, intents),
            Screen::Settings => screens::settings::settings_ui(
                ui,
                &self.state,
                &mut self.settings_draft,
                &self.optimizer,
                intents,
            ),
            Screen::Preview => {
                screens::preview::preview_ui(ui, &self.state, &mut self.preview, intents)
            }
            Screen::NewBank => screens::new_bank::new_bank_ui(ui, &mut self.new_bank, intents),
            Screen::Author => screens::author::author_ui(
                ui,
                self.state.editor.as_mut(),
                &mut self.author,
                intents,
            ),
            Screen::Class => screens::class::class_ui(ui, &self.state, &mut self.class, intents),
        }
    }

    fn nav_ui(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        // Wraps onto a second line in a narrow window or at large text sizes instead of clipping.
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Dossier").strong().size(17.0));
            ui.separator();
            let mut screens: Vec<Screen> = Screen::NAV.to_vec();
            if self.state.session.is_some() {
                screens.insert(1, Screen::Study);
            }
            if self.state.editor.is_some() {
                screens.push(Screen::Author);
            }
            for screen in screens {
                if ui
                    .selectable_label(self.state.screen == screen, screen.label())
                    .clicked()
                {
                    intents.push(Intent::Navigate(screen));
                }
            }
            if ui
                .button("?")
                .on_hover_text("Keyboard shortcuts (F1)")
                .clicked()
            {
                self.show_help = !self.show_help;
            }
        });
    }

    fn status_ui(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        let dark = ui.visuals().dark_mode;
        for (i, notice) in self.state.notices.iter().enumerate().rev().take(3) {
            ui.horizontal(|ui| {
                let color = if notice.is_error {
                    theme::wrong_color(dark)
                } else {
                    ui.visuals().text_color()
                };
                if ui.small_button("✖").on_hover_text("Dismiss").clicked() {
                    intents.push(Intent::DismissNotice(i));
                }
                ui.add(egui::Label::new(RichText::new(&notice.text).color(color)).wrap());
            });
        }
        ui.horizontal(|ui| {
            let pending = self.state.store.as_ref().map_or(0, |s| s.pending_count());
            if !self.state.saves_progress() {
                ui.colored_label(theme::wrong_color(dark), "⚠ Progress is not being saved");
            } else if pending > 0 {
                ui.colored_label(
                    theme::wrong_color(dark),
                    format!("⚠ {pending} answer(s) waiting to be saved"),
                );
                if ui.button("Retry").clicked() {
                    intents.push(Intent::RetryPendingWrites);
                }
            } else {
                ui.label(RichText::new("✔ All progress saved").small().weak());
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(RichText::new("F1 shortcuts").small().weak());
            });
        });
    }

    fn global_keys(&mut self, ctx: &egui::Context, intents: &mut Vec<Intent>) {
        let authoring = self.state.screen == Screen::Author;
        let form_open = self
            .state
            .editor
            .as_ref()
            .is_some_and(|s| s.form.is_some() || s.trying.is_some());
        if authoring && form_open {
            // A form of the editor is open: its fields keep their own Ctrl+Z; Escape closes it.
            if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape)) {
                let trying = self
                    .state
                    .editor
                    .as_ref()
                    .is_some_and(|s| s.trying.is_some());
                intents.push(Intent::Author(if trying {
                    AuthorIntent::StopTrying
                } else {
                    AuthorIntent::CancelForm
                }));
            }
            return;
        }
        let contexts: &[shortcuts::Context] = if authoring {
            &[shortcuts::Context::Global, shortcuts::Context::Authoring]
        } else {
            &[shortcuts::Context::Global]
        };
        for action in shortcuts::pressed(ctx, contexts) {
            match action {
                Action::Undo if authoring => {
                    intents.push(Intent::Author(AuthorIntent::Undo));
                }
                Action::Redo => intents.push(Intent::Author(AuthorIntent::Redo)),
                Action::Save => {
                    intents.push(Intent::Author(AuthorIntent::Save { overwrite: false }))
                }
                Action::Bury | Action::Suspend if authoring => {}
                Action::Back if authoring && !self.show_help => {
                    intents.push(Intent::Author(AuthorIntent::Close { discard: false }));
                }
                Action::Undo => intents.push(Intent::Undo),
                Action::Bury => intents.push(Intent::Bury),
                Action::Suspend => intents.push(Intent::Suspend),
                Action::OpenBank => intents.push(Intent::OpenBankDialog),
                Action::GoLibrary => intents.push(Intent::Navigate(Screen::Library)),
                Action::GoRead => intents.push(Intent::Navigate(Screen::Read)),
                Action::GoStats => intents.push(Intent::Navigate(Screen::Stats)),
                Action::GoSettings => intents.push(Intent::Navigate(Screen::Settings)),
                Action::GoExam => intents.push(Intent::Navigate(Screen::Exam)),
                Action::GoActors => intents.push(Intent::Navigate(Screen::Actors)),
                Action::GoPreview => intents.push(Intent::Navigate(Screen::Preview)),
                Action::ToggleHelp => self.show_help = !self.show_help,
                Action::Back => {
                    if self.show_help {
                        self.show_help = false;
                    } else if self.open_dialog.is_some() {
                        self.open_dialog = None;
                    } else if self.custom_session.is_some() {
                        self.custom_session = None;
                    } else if self.state.screen == Screen::Study {
                        intents.push(Intent::AskEndSession);
                    } else if self.state.screen != Screen::Library {
                        intents.push(Intent::Navigate(Screen::Library));
                    }
                }
                _ => {}
            }
        }
    }

    fn dropped_files(&mut self, ctx: &egui::Context, intents: &mut Vec<Intent>) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        let (results, others): (Vec<PathBuf>, Vec<PathBuf>) = dropped
            .into_iter()
            .partition(|p| p.is_dir() || screens::class::is_result_file(p));
        if !results.is_empty() {
            intents.push(Intent::Class(ClassIntent::OpenResults(results)));
        }
        for path in others {
            if crate::class::paper::is_paper_path(&path) {
                intents.push(Intent::Class(ClassIntent::OpenPaper(path)));
            } else {
                intents.push(Intent::OpenBank(path));
            }
        }
    }

    /// Opens the card of an actor, claim, implication or response in the reader, as clicking its marked
    /// words does.
    pub fn open_reader_card(&mut self, target: crate::bank::reader::MarkTarget) {
        self.reader.open_card = Some(target);
        self.state.screen = Screen::Read;
    }

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
                if let Some(path) = picked
                    && state.draft_new_bank(super::state::ArticleSource::File(path), title)
                {
                    self.new_bank = Default::default();
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
                state.reader_focus = super::state::ReaderFocus {
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
        }
    }

    fn run_optimizer(&mut self, ctx: &egui::Context, action: super::optimizer::OptimizerAction) {
        use super::optimizer::{OptimizerAction, OptimizerJob};
        let state = &mut self.state;
        match action {
            OptimizerAction::Start => {
                // The whole log, read from disk when the student asks for a fit.
                let records = match state
                    .store
                    .as_ref()
                    .map(crate::progress::Store::all_records)
                {
                    Some(Ok(records)) => records,
                    Some(Err(e)) => {
                        state.notices.push(super::state::error(format!(
                            "Your progress file could not be read for the fit: {e}"
                        )));
                        return;
                    }
                    None => Vec::new(),
                };
                let ctx = ctx.clone();
                self.optimizer.start(
                    &records,
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

    fn run_class(&mut self, intent: ClassIntent) {
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
                    .selected()
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
                    state.notices.push(super::state::Notice {
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

impl DossierApp {
    /// Closing the window with unsaved edits in the editor asks first, on the authoring screen.
    fn ask_before_closing_with_unsaved_edits(&mut self, ctx: &egui::Context) {
        let dirty = self
            .state
            .editor
            .as_ref()
            .is_some_and(|s| s.editor.is_dirty());
        if dirty && ctx.input(|i| i.viewport().close_requested()) {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.state.screen = Screen::Author;
            if let Some(session) = self.state.editor.as_mut() {
                session.confirm_close = true;
            }
        }
    }
}

impl eframe::App for DossierApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }
}

/// What the "Open a bank file" window holds.
#[derive(Default)]
struct OpenDialog {
    path: String,
    /// The system's file dialog came back without a file: cancelled, or there is no dialog service.
    no_file: bool,
    focused: bool,
}

/// The "Open a bank file" window; returns false when it should close.
fn open_dialog_ui(ctx: &egui::Context, dialog: &mut OpenDialog, intents: &mut Vec<Intent>) -> bool {
    let mut keep = true;
    egui::Window::new("Open a bank file")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
        .show(ctx, |ui| {
            ui.set_max_width(440.0);
            let label = ui.label("Bank file path");
            let field_id = egui::Id::unique("open-bank-path");
            // Read before the field takes the key and lets go of the focus.
            let entered = ui.memory(|m| m.has_focus(field_id))
                && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter));
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut dialog.path)
                        .id(field_id)
                        .hint_text("/home/you/banks/article.ron")
                        .desired_width(ui.available_width()),
                )
                .labelled_by(label.id);
            if !dialog.focused {
                field.request_focus();
                dialog.focused = true;
            }
            let path = dialog.path.trim();
            ui.horizontal_wrapped(|ui| {
                let open = ui.add_enabled(
                    !path.is_empty(),
                    egui::Button::new("Open").shortcut_text("Enter"),
                );
                if (open.clicked() || entered) && !path.is_empty() {
                    intents.push(Intent::OpenBank(PathBuf::from(path)));
                }
                if ui.button("Choose with the system's file dialog…").clicked() {
                    intents.push(Intent::SystemFileDialog);
                }
                if ui
                    .add(egui::Button::new("Cancel").shortcut_text("Esc"))
                    .clicked()
                {
                    keep = false;
                }
            });
            if dialog.no_file {
                ui.add(
                    egui::Label::new(
                        "No file was chosen. If no file window appeared, this system has no \
                         file-dialog service (on Linux, xdg-desktop-portal): type or paste the \
                         file's path above, or drop the file on this window.",
                    )
                    .wrap(),
                );
            }
        });
    keep
}

/// A comfortable reading column, centred on wide windows.
fn reading_column(ui: &mut Ui, add_contents: impl FnOnce(&mut Ui)) {
    let width = ui.available_width().min(860.0);
    let margin = ((ui.available_width() - width) / 2.0).max(0.0);
    ui.horizontal_top(|ui| {
        ui.add_space(margin);
        ui.vertical(|ui| {
            ui.set_max_width(width);
            add_contents(ui);
        });
    });
}

/// Watches the user's library folder and opened bank files, so a teacher who saves in their editor sees
/// the result in the app without reloading by hand.
fn watch_banks(
    ctx: &egui::Context,
    state: &AppState,
    changed: Arc<AtomicBool>,
) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher;
    let ctx = ctx.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            let is_bank = event
                .paths
                .iter()
                .any(|p| p.extension().is_some_and(|e| e == "ron"));
            if is_bank
                && (event.kind.is_modify() || event.kind.is_create() || event.kind.is_remove())
            {
                changed.store(true, Ordering::Relaxed);
                ctx.request_repaint();
            }
        }
    })
    .ok()?;
    if let Some(Ok(dir)) = state.data_dir.as_ref().map(|d| d.quizzes_dir()) {
        // Without a watch the library still reloads with the Reload button.
        let _ = watcher.watch(&dir, notify::RecursiveMode::NonRecursive);
    }
    Some(watcher)
}

/// Opens a file or folder with the desktop's default program.
fn open_with_system(state: &mut AppState, path: &std::path::Path) {
    #[cfg(target_os = "windows")]
    let result = std::process::Command::new("explorer").arg(path).spawn();
    #[cfg(target_os = "macos")]
    let result = std::process::Command::new("open").arg(path).spawn();
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let result = std::process::Command::new("xdg-open").arg(path).spawn();
    if let Err(e) = result {
        state.notices.push(super::state::Notice {
            text: format!(
                "Could not open {}: {e}. Open it yourself from your file manager.",
                path.display()
            ),
            is_error: true,
        });
    }
}

fn help_window(ctx: &egui::Context, open: &mut bool, below_nav: f32) {
    // Below the navigation bar and inside the window, scrolling when the list is taller than that.
    let screen = ctx.content_rect();
    let area =
        egui::Rect::from_min_max(egui::pos2(screen.left(), below_nav), screen.max).shrink(8.0);
    egui::Window::new("Keyboard shortcuts")
        .open(open)
        .collapsible(false)
        .resizable(false)
        .constrain_to(area)
        .default_pos(area.left_top())
        .max_width(area.width())
        .max_height(area.height())
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(area.height() - 60.0)
                .show(ui, |ui| shortcut_grid_ui(ctx, ui));
        });
}

fn shortcut_grid_ui(ctx: &egui::Context, ui: &mut Ui) {
    egui::Grid::new("shortcuts")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            let mut seen = Vec::new();
            for row in shortcuts::table() {
                if seen.contains(&row.description) {
                    continue;
                }
                seen.push(row.description);
                let keys = match row.action {
                    Action::Choose(_) => "1 – 9".to_owned(),
                    Action::Rate(_) => "1 – 4".to_owned(),
                    _ => ctx.format_shortcut(&row.keys),
                };
                ui.label(RichText::new(keys).monospace());
                ui.label(row.description);
                ui.end_row();
            }
        });
}
