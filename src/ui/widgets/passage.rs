//! A passage of the article with words highlighted: the quote that supports an answer, or the marks of
//! the article's model in the reader.

use std::ops::Range;

use egui::text::{LayoutJob, TextFormat};
use egui::{FontId, TextStyle, Ui};

use crate::bank::text::find_quote;
use crate::ui::theme;

/// Builds a layout of `text` where the byte ranges in `highlights` get a coloured background.
/// Ranges must be sorted and not overlap; anything else is drawn plain.
pub fn highlighted_job(
    ui: &Ui,
    text: &str,
    highlights: &[Range<usize>],
    wrap_width: f32,
    italic: bool,
) -> LayoutJob {
    let font: FontId = TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let plain = TextFormat {
        font_id: font.clone(),
        color,
        italics: italic,
        ..Default::default()
    };
    let marked = TextFormat {
        background: theme::highlight_bg(ui.visuals().dark_mode),
        ..plain.clone()
    };
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    let mut at = 0;
    for range in highlights {
        if range.start < at
            || range.end > text.len()
            || !text.is_char_boundary(range.start)
            || !text.is_char_boundary(range.end)
        {
            continue;
        }
        job.append(&text[at..range.start], 0.0, plain.clone());
        job.append(&text[range.clone()], 0.0, marked.clone());
        at = range.end;
    }
    job.append(&text[at..], 0.0, plain);
    job
}

/// The passage, indented like a quotation, with `quote` highlighted if it is found in it.
pub fn quote_ui(ui: &mut Ui, passage: &str, quote: Option<&str>) {
    let highlights: Vec<Range<usize>> = quote
        .and_then(|q| find_quote(passage, q))
        .into_iter()
        .collect();
    egui::Frame::new()
        .inner_margin(egui::Margin {
            left: 12,
            right: 4,
            top: 4,
            bottom: 4,
        })
        .stroke(egui::Stroke::NONE)
        .show(ui, |ui| {
            let rect_left = ui.max_rect().left() - 8.0;
            let job = highlighted_job(ui, passage, &highlights, ui.available_width(), true);
            let response = ui.label(job);
            let stroke = egui::Stroke::new(3.0, ui.visuals().weak_text_color());
            ui.painter()
                .vline(rect_left, response.rect.y_range(), stroke);
        });
}
