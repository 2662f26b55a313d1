//! The windows and helpers around the screens: the "Open a bank file" window, the shortcut help, the
//! reading column, the file watcher and opening files with the system.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use egui::{RichText, Ui};

use super::super::intent::Intent;
use super::super::shortcuts::{self, Action};
use super::super::state::AppState;

/// What the "Open a bank file" window holds.
#[derive(Default)]
pub(super) struct OpenDialog {
    pub(super) path: String,
    /// The system's file dialog came back without a file: cancelled, or there is no dialog service.
    pub(super) no_file: bool,
    pub(super) focused: bool,
}

/// The "Open a bank file" window; returns false when it should close.
pub(super) fn open_dialog_ui(
    ctx: &egui::Context,
    dialog: &mut OpenDialog,
    intents: &mut Vec<Intent>,
) -> bool {
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

/// egui moves the keyboard focus with Tab but does not scroll to it, so in a small window the focused
/// button can sit below the fold where a keyboard user cannot see it. When the focus has just moved
/// to a widget that was drawn partly or wholly outside its clip rect, ask for it to be scrolled into
/// view the way a screen reader does (an AccessKit "scroll into view" request, which the widget's
/// scroll areas act on while it is drawn this frame). Widgets already in view are left alone, so a
/// click never makes the page jump. Returns the focused widget, for the next frame.
pub(super) fn keep_focus_in_view(ctx: &egui::Context, last: Option<egui::Id>) -> Option<egui::Id> {
    let focused = ctx.memory(|m| m.focused());
    if let Some(id) = focused
        && focused != last
        && let Some(response) = ctx.read_response(id)
        && response.interact_rect.area() + 1.0 < response.rect.area()
    {
        ctx.input_mut(|i| {
            i.events.push(egui::Event::AccessKitActionRequest(
                egui::accesskit::ActionRequest {
                    action: egui::accesskit::Action::ScrollIntoView,
                    target_tree: egui::accesskit::TreeId::ROOT,
                    target_node: id.accesskit_id(),
                    data: None,
                },
            ));
        });
    }
    focused
}

/// A comfortable reading column, centred on wide windows.
pub(super) fn reading_column(ui: &mut Ui, add_contents: impl FnOnce(&mut Ui)) {
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
pub(super) fn watch_banks(
    ctx: &egui::Context,
    state: &AppState,
    changed: Arc<AtomicBool>,
) -> Option<notify::RecommendedWatcher> {
    use notify::Watcher;
    let ctx = ctx.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            let is_bank = event.paths.iter().any(|p| {
                p.extension().is_some_and(|e| {
                    // Banks, and the quiz files the library lists for import.
                    ["ron", "txt", "gift", "xml", "csv", "tsv"]
                        .iter()
                        .any(|known| e.eq_ignore_ascii_case(known))
                })
            });
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
pub(super) fn open_with_system(state: &mut AppState, path: &std::path::Path) {
    #[cfg(target_os = "windows")]
    let result = std::process::Command::new("explorer").arg(path).spawn();
    #[cfg(target_os = "macos")]
    let result = std::process::Command::new("open").arg(path).spawn();
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    let result = std::process::Command::new("xdg-open").arg(path).spawn();
    if let Err(e) = result {
        state.notices.push(super::super::state::Notice {
            text: format!(
                "Could not open {}: {e}. Open it yourself from your file manager.",
                path.display()
            ),
            is_error: true,
        });
    }
}

pub(super) fn help_window(ctx: &egui::Context, open: &mut bool, between: std::ops::Range<f32>) {
    // Between the navigation bar and the status line, scrolling when the list is taller than that.
    let screen = ctx.content_rect();
    let area = egui::Rect::from_min_max(
        egui::pos2(screen.left(), between.start),
        egui::pos2(screen.right(), between.end.min(screen.bottom())),
    )
    .shrink(8.0);
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
