//! The egui desktop app. It renders the core's state and sends intents; it never computes a schedule,
//! parses a file or touches the disk itself (that is [`state`], which has no egui in it).

pub mod app;
pub mod intent;
pub mod opening;
pub mod optimizer;
pub mod screens;
pub mod shortcuts;
pub mod state;
pub mod theme;
pub mod widgets;

pub use app::{DossierApp, LaunchOptions};

/// Opens the main window and runs until it is closed.
pub fn run(options: LaunchOptions) -> eframe::Result {
    // The banks and the progress index are read on a second core while eframe creates the window and
    // its OpenGL context (a good part of a start on a slow graphics stack). The window's creator waits
    // a moment for them, then shows that Dossier is opening until they arrive (see `opening`). Should
    // the thread not start, or panic, they are opened on this one as before.
    let (sender, arriving) = std::sync::mpsc::channel();
    let data_dir = options.data_dir.clone();
    let _ = std::thread::Builder::new()
        .name("open-data".to_owned())
        .spawn(move || {
            let _ = sender.send(state::AppState::open(
                Box::new(crate::SystemClock),
                data_dir,
            ));
        });
    eframe::run_native(
        "Dossier",
        native_options(),
        Box::new(move |cc| {
            let data_dir = options.data_dir.clone();
            let mut launch = opening::Launch::new(arriving, options, opening::WAIT_BEFORE_SHOWING);
            match launch.app() {
                Some(app) => app.prepare(&cc.egui_ctx),
                None => opening::apply_saved_look(&cc.egui_ctx, data_dir),
            }
            Ok(Box::new(launch))
        }),
    )
}

/// The window and renderer Dossier opens with; public so the start-up benchmark's floor (a bare eframe
/// window) opens exactly the same kind of window.
pub fn native_options() -> eframe::NativeOptions {
    let icon = eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")).ok();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Dossier")
        .with_app_id("dossier")
        .with_inner_size([960.0, 660.0])
        .with_min_inner_size([640.0, 480.0])
        .with_drag_and_drop(true);
    if let Some(icon) = icon {
        viewport = viewport.with_icon(icon);
    }
    // OpenGL (glow) starts faster than wgpu, which first probes every graphics API; wgpu stays
    // available with DOSSIER_RENDERER=wgpu for machines whose OpenGL driver misbehaves.
    let renderer = match std::env::var("DOSSIER_RENDERER").as_deref() {
        Ok("wgpu") => eframe::Renderer::Wgpu,
        _ => eframe::Renderer::Glow,
    };
    eframe::NativeOptions {
        viewport,
        renderer,
        // Window size and position are remembered by eframe; progress is never stored there.
        persist_window: true,
        ..Default::default()
    }
}
