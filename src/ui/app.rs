//! `DossierApp`: the eframe shell. Each frame it draws the current screen from [`AppState`], collects
//! the intents the screens return, and runs them after drawing, in one place.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use egui::{RichText, Ui};

mod chrome;
mod class_and_optimizer;
mod dispatch;
mod probe;
pub use probe::peak_rss_kb;

use super::intent::{ClassIntent, Intent, Screen};
use super::screens;
use super::shortcuts::{self, Action};
use super::state::{AppState, AuthorIntent, ImportIntent};
use super::theme;
use super::widgets::question::AnswerDraft;
use crate::study::session::SessionFilter;
use chrome::{
    OpenDialog, help_window, keep_focus_in_view, open_dialog_ui, open_with_system, reading_column,
    watch_banks,
};

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
    /// With `measure_startup`: after the first frame, switch to this screen and also print the
    /// milliseconds until it is painted.
    pub measure_screen: Option<Screen>,
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
    /// `--measure-startup`: what is still to be measured and printed (see [`probe`]).
    probe: Option<probe::StartupProbe>,
    frames: u64,
    /// Whether fonts, look and file watcher are set up (see [`DossierApp::prepare`]).
    prepared: bool,
    /// The widget that had the keyboard focus last frame (see [`keep_focus_in_view`]).
    last_focused: Option<egui::Id>,
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
            probe: options
                .measure_startup
                .map(|started| probe::StartupProbe::new(started, options.measure_screen)),
            frames: 0,
            prepared: false,
            last_focused: None,
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
        let repaint = ctx.clone();
        self.state
            .set_wake(Arc::new(move || repaint.request_repaint()));
        self.prepared = true;
    }

    /// Draws one frame of the whole app into `ui` and runs the resulting intents.
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        if !self.prepared {
            self.prepare(ui.ctx());
        }
        self.probe_frame_started(ui.ctx());
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
        if self.state.poll_reschedule() {
            // The thread asks for a repaint as it moves; this is the safety net.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(250));
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
        self.last_focused = keep_focus_in_view(ui.ctx(), self.last_focused);
        let mut intents = Vec::new();
        self.global_keys(ui.ctx(), &mut intents);
        self.dropped_files(ui.ctx(), &mut intents);

        let nav = egui::Panel::top("nav").show(ui, |ui| self.nav_ui(ui, &mut intents));
        let below_nav = nav.response.rect.bottom();
        // Bottom panels stack upwards in the order they are added: the one-line status at the
        // window's foot, the rating bar above it, and notices above both, so a notice appearing or
        // going never moves the rating buttons under the student's finger.
        let above_status = egui::Panel::bottom("status")
            .show(ui, |ui| self.status_line_ui(ui, &mut intents))
            .response
            .rect
            .top();
        if self.state.screen == Screen::Study
            && screens::study::shows_rating_bar(&self.state, &self.draft)
        {
            egui::Panel::bottom("rating-bar").show(ui, |ui| {
                reading_column(ui, |ui| {
                    screens::study::rating_panel_ui(ui, &self.state, &self.draft, &mut intents);
                });
            });
        }
        if !self.state.notices.is_empty() {
            egui::Panel::bottom("notices").show(ui, |ui| self.notices_ui(ui, &mut intents));
        }
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
            help_window(ui.ctx(), &mut self.show_help, below_nav..above_status);
        }
        if self.state.screen == Screen::Study {
            screens::study::confirm_end_ui(ui.ctx(), &self.state, &mut intents);
        }
        if let Some(screen) = self.probe.as_mut().and_then(|p| p.switch(self.frames)) {
            intents.push(Intent::Navigate(screen));
        }
        for intent in intents {
            self.run(ui.ctx(), intent);
        }
        self.frames += 1;
        if self.probe.is_some() {
            // Measuring: the next frame comes at once, not only on input.
            ui.ctx().request_repaint();
        }
    }

    /// Prints what the start-up probe has measured by now; closes the window once it is all printed.
    fn probe_frame_started(&mut self, ctx: &egui::Context) {
        let Some(probe) = &mut self.probe else {
            return;
        };
        if let Some(line) = probe.frame_started(self.frames, self.state.screen) {
            println!("{line}");
        }
        if probe.is_done() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            self.probe = None;
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
            Screen::Import => screens::import::import_ui(ui, self.state.import.as_mut(), intents),
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

    /// The last three notices, newest first, each with its dismiss button.
    fn notices_ui(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>) {
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
    }

    /// One line: whether progress is saved (with Retry when it is not), and where the shortcuts are.
    /// Always as tall as a button, so the panels above it stay put when Retry appears.
    fn status_line_ui(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        /// The width (in points) from which the rescheduling line fits in full beside the progress
        /// bar, the saved line and the shortcut hint.
        const STATUS_WIDE_POINTS: f32 = 760.0;
        let dark = ui.visuals().dark_mode;
        ui.horizontal(|ui| {
            ui.set_min_height(ui.spacing().interact_size.y);
            let pending = self.state.store.as_ref().map_or(0, |s| s.pending_count());
            if let Some(fraction) = self.state.rescheduling_progress() {
                // Before the saved/unsaved line: answers are still saved while this runs, and a
                // failed write still shows below once it is done.
                ui.add(egui::Spinner::new());
                let percent = (fraction * 100.0).floor() as u32;
                let full = format!("Rescheduling your answers with the new settings… {percent} %");
                // In a small window or with large text the whole sentence would push the bar, the
                // saved line and the shortcut hint off the edge: a short one, the sentence on hover.
                if ui.available_width() >= STATUS_WIDE_POINTS {
                    ui.label(full);
                } else {
                    ui.label(format!("Rescheduling… {percent} %"))
                        .on_hover_text(full);
                }
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(120.0)
                        .desired_height(ui.spacing().interact_size.y * 0.5),
                );
                ui.separator();
            }
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
                Action::ImportQuiz => intents.push(Intent::Import(ImportIntent::Open(None))),
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
                    } else if self.state.screen == Screen::Read && self.reader.open_card.is_some() {
                        // A card opened from the keyboard closes from it too.
                        self.reader.open_card = None;
                    } else if self.state.screen == Screen::Import {
                        intents.push(Intent::Import(ImportIntent::Cancel));
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
            } else if crate::interchange::is_importable(&path) {
                // A quiz file from Moodle, Anki or a spreadsheet: preview it for import.
                intents.push(Intent::Import(ImportIntent::Open(Some(path))));
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
