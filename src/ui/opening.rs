//! The window while the data opens. `ui::run` opens the banks and the progress store on a thread as the
//! window is created; nearly always they are ready before the window is, and the app's first frame is
//! the library. When they are not ready soon (the first start after an update validates every bank
//! again; a folder without a usable index replays the whole progress file) the window shows that it is
//! opening, instead of staying blank, and the app takes over as soon as the data arrives.

use std::sync::mpsc::{Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use egui::Ui;

use super::app::{DossierApp, LaunchOptions};
use super::state::AppState;

/// How long the window's creator waits for the data before showing the opening screen: long enough
/// that a usual start never flashes it, short enough that a long one is never a blank window.
pub const WAIT_BEFORE_SHOWING: Duration = Duration::from_millis(300);

/// The app, or the opening screen until its state arrives.
pub enum Launch {
    Opening(Opening),
    Ready(Box<DossierApp>),
}

/// Waiting for the state opened on a thread.
pub struct Opening {
    arriving: Receiver<AppState>,
    options: LaunchOptions,
    since: Instant,
}

impl Launch {
    /// The app when `arriving` delivers its state within `wait`, otherwise the opening screen, which
    /// takes the state when it comes. Should the thread end without one (it panicked), the state is
    /// opened here, as it was before there was a thread.
    pub fn new(arriving: Receiver<AppState>, options: LaunchOptions, wait: Duration) -> Self {
        match arriving.recv_timeout(wait) {
            Err(RecvTimeoutError::Timeout) => Self::Opening(Opening {
                arriving,
                options,
                since: Instant::now(),
            }),
            arrived => Self::Ready(Box::new(app_with(arrived.ok(), &options))),
        }
    }

    /// The running app, once there is one.
    pub fn app(&mut self) -> Option<&mut DossierApp> {
        match self {
            Self::Ready(app) => Some(app),
            Self::Opening(_) => None,
        }
    }

    /// Draws one frame: the app's, or the opening screen's (taking the state if it arrived).
    pub fn frame_ui(&mut self, ui: &mut Ui) {
        if let Self::Opening(opening) = self {
            match opening.arriving.try_recv() {
                Err(TryRecvError::Empty) => {
                    opening_ui(ui, opening.since.elapsed());
                    ui.ctx().request_repaint_after(Duration::from_millis(50));
                    return;
                }
                arrived => {
                    let app = app_with(arrived.ok(), &opening.options);
                    *self = Self::Ready(Box::new(app));
                }
            }
        }
        if let Self::Ready(app) = self {
            app.frame_ui(ui);
        }
    }
}

impl eframe::App for Launch {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }
}

/// Gives the opening screen the student's theme and text size (read from the settings file, a few
/// bytes), so a light-theme window does not open dark.
pub fn apply_saved_look(ctx: &egui::Context, data_dir: Option<std::path::PathBuf>) {
    let settings = crate::progress::location::data_dir_or(data_dir)
        .ok()
        .map(|dir| crate::progress::settings::Settings::load(&dir.settings_path()).0)
        .unwrap_or_default();
    super::theme::install_fonts(ctx);
    super::theme::apply(ctx, settings.theme, settings.text_scale);
}

/// The app on the state that arrived, or, when the thread ended without one, on a state opened here.
fn app_with(arrived: Option<AppState>, options: &LaunchOptions) -> DossierApp {
    let state = arrived
        .unwrap_or_else(|| AppState::open(Box::new(crate::SystemClock), options.data_dir.clone()));
    DossierApp::new(state, options)
}

fn opening_ui(ui: &mut Ui, waited: Duration) {
    egui::CentralPanel::default().show(ui, |ui| {
        opening_text_ui(ui, waited);
    });
}

fn opening_text_ui(ui: &mut Ui, waited: Duration) {
    ui.vertical_centered(|ui| {
        ui.add_space(ui.available_height() / 3.0);
        ui.spinner();
        ui.add_space(8.0);
        ui.heading("Opening your banks and progress…");
        // After a few seconds, say why it takes long and that nothing is wrong.
        if waited > Duration::from_secs(2) {
            ui.add_space(4.0);
            // A readable measure in a wide window, the whole width in a narrow one.
            let width = ui
                .available_width()
                .min(36.0 * ui.text_style_height(&egui::TextStyle::Body));
            ui.allocate_ui(egui::vec2(width, 0.0), |ui| {
                ui.add(
                    egui::Label::new(
                        "The first start after an update checks every bank again, and a long \
                         history is read once to rebuild its index. Nothing is lost; later starts \
                         are quick.",
                    )
                    .wrap(),
                );
            });
        }
    });
}
