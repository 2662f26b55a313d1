//! A broken bank's diagnostics, made for a window of any width: what is wrong in a sentence that wraps,
//! where (file:line:col), the part of the line around the mistake with a caret under it, and the hint.
//! The full terminal-style report stays one click away, to select and copy.

use egui::{RichText, Ui};

use crate::bank::diagnostic::Diagnostic;
use crate::ui::theme;

/// How many characters of the source line to show on each side of the mistake, so it is never off
/// to the right of a box that scrolls sideways.
const CONTEXT_CHARS: usize = 30;

/// Shows each diagnostic, then the whole report as the terminal prints it, folded.
pub fn diagnostics_ui(ui: &mut Ui, diagnostics: &[Diagnostic], rendered: &str) {
    let dark = ui.visuals().dark_mode;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.0, theme::wrong_color(dark)))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            for diagnostic in diagnostics.iter().take(20) {
                diagnostic_ui(ui, diagnostic, dark);
                ui.add_space(6.0);
            }
            if diagnostics.len() > 20 {
                ui.label(format!("… and {} more.", diagnostics.len() - 20));
            }
            egui::CollapsingHeader::new("Full report, as `dossier check` prints it")
                .id_salt(("full-report", rendered.len()))
                .show(ui, |ui| {
                    egui::ScrollArea::both()
                        .max_height(220.0)
                        .id_salt(("report", rendered.len()))
                        .show(ui, |ui| {
                            ui.add(
                                egui::Label::new(RichText::new(rendered).monospace())
                                    .selectable(true)
                                    .extend(),
                            );
                        });
                });
        });
}

fn diagnostic_ui(ui: &mut Ui, diagnostic: &Diagnostic, dark: bool) {
    let kind = if diagnostic.is_error() {
        "error"
    } else {
        "warning"
    };
    ui.add(
        egui::Label::new(
            RichText::new(format!("{kind}: {}", diagnostic.message))
                .color(theme::wrong_color(dark))
                .strong(),
        )
        .wrap(),
    );
    let file = diagnostic.path.file_name().map_or_else(
        || diagnostic.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    ui.label(
        RichText::new(format!(
            "{file}, line {}, column {}",
            diagnostic.line(),
            diagnostic.column()
        ))
        .small()
        .weak(),
    );
    let (excerpt, caret) = excerpt(diagnostic.source(), diagnostic.span.clone());
    ui.add(
        egui::Label::new(RichText::new(excerpt).monospace())
            .selectable(true)
            .wrap(),
    );
    ui.label(
        RichText::new(caret)
            .monospace()
            .color(theme::wrong_color(dark)),
    );
    if let Some(hint) = &diagnostic.hint {
        ui.add(egui::Label::new(format!("help: {hint}")).wrap());
    }
}

/// The line holding `span`, cut to [`CONTEXT_CHARS`] on each side of it, and a caret line under the
/// span (both in characters, so they line up in a monospace font).
fn excerpt(source: &str, span: std::ops::Range<usize>) -> (String, String) {
    let start = span.start.min(source.len());
    let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |i| start + i);
    let line: Vec<char> = source[line_start..line_end].chars().collect();
    let col = source[line_start..start].chars().count();
    let end = span.end.clamp(start, line_end);
    let width = source[start..end].chars().count().max(1);
    let from = col.saturating_sub(CONTEXT_CHARS);
    let to = (col + width + CONTEXT_CHARS).min(line.len());
    let mut text: String = line[from..to.max(from)].iter().collect();
    let mut lead = col - from;
    if from > 0 {
        text.insert(0, '…');
        lead += 1;
    }
    if to < line.len() {
        text.push('…');
    }
    let caret = format!("{}{}", " ".repeat(lead), "^".repeat(width.min(60)));
    (text.replace('\t', " "), caret)
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn the_excerpt_keeps_the_mistake_near_the_start_of_a_long_line() {
        let line = format!("{}promt: \"x\"{}", "a".repeat(200), "b".repeat(200));
        let start = 200;
        let (text, caret) = excerpt(&line, start..start + 5);
        assert!(text.starts_with('…') && text.ends_with('…'));
        let at = caret.find('^').expect("a caret");
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[at..at + 5].iter().collect::<String>(), "promt");
    }
}
