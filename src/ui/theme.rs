//! Fonts, text sizes, spacing and colours, set once at start-up and when the settings change, so
//! screens never pick sizes or colours of their own.

use egui::{Color32, FontFamily, FontId, Style, TextStyle, ThemePreference};

use crate::progress::settings::Theme;

/// Installs the fonts once: egui's defaults, with the monospace font (Hack) as a fallback for the
/// proportional text, so arrows and symbols (↑ ↓ ▲ ▼ ◐) render instead of empty boxes.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    if let Some(proportional) = fonts.families.get_mut(&FontFamily::Proportional) {
        proportional.push("Hack".to_owned());
    }
    ctx.set_fonts(fonts);
}

/// The text size a reading app needs: larger than egui's default, with a clear heading scale.
pub fn apply(ctx: &egui::Context, theme: Theme, text_scale: f32) {
    ctx.set_theme(match theme {
        Theme::System => ThemePreference::System,
        Theme::Light => ThemePreference::Light,
        Theme::Dark => ThemePreference::Dark,
    });
    ctx.all_styles_mut(style_for_reading);
    // Text size is a zoom, so every widget, margin and line grows together and nothing clips.
    ctx.set_zoom_factor(text_scale.clamp(0.75, 2.0));
}

fn style_for_reading(style: &mut Style) {
    style.text_styles = [
        (
            TextStyle::Heading,
            FontId::new(24.0, FontFamily::Proportional),
        ),
        (TextStyle::Body, FontId::new(15.5, FontFamily::Proportional)),
        (
            TextStyle::Button,
            FontId::new(15.5, FontFamily::Proportional),
        ),
        (
            TextStyle::Monospace,
            FontId::new(13.5, FontFamily::Monospace),
        ),
        (
            TextStyle::Small,
            FontId::new(12.5, FontFamily::Proportional),
        ),
    ]
    .into();
    style.spacing.item_spacing = egui::vec2(8.0, 8.0);
    style.spacing.button_padding = egui::vec2(10.0, 5.0);
    style.spacing.interact_size.y = 28.0;
    style.spacing.combo_width = 220.0;
    // Scroll bars that take their own space, so they never cover the end of a line or a button.
    style.spacing.scroll = egui::style::ScrollStyle::solid();
}

/// The font of a question prompt: a little larger than body text, the focus of the screen.
pub fn prompt_font() -> FontId {
    FontId::new(19.0, FontFamily::Proportional)
}

/// The font of a screen title or a bank's title.
pub fn title_font() -> FontId {
    FontId::new(20.0, FontFamily::Proportional)
}

/// Colours for verdicts, readable on both light and dark backgrounds.
pub fn correct_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(110, 200, 120)
    } else {
        Color32::from_rgb(20, 120, 40)
    }
}

pub fn partial_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(230, 180, 80)
    } else {
        Color32::from_rgb(160, 100, 0)
    }
}

pub fn wrong_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(240, 110, 100)
    } else {
        Color32::from_rgb(180, 30, 30)
    }
}

/// The background of highlighted words in a quoted passage.
pub fn highlight_bg(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(200, 170, 40, 70)
    } else {
        Color32::from_rgb(255, 236, 150)
    }
}

/// A subtle background for model marks (actors, claims) in the reader.
pub fn mark_bg(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(90, 140, 230, 50)
    } else {
        Color32::from_rgb(225, 235, 252)
    }
}

/// The accent used for the primary action on a screen.
pub fn accent(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(70, 120, 200)
    } else {
        Color32::from_rgb(40, 90, 170)
    }
}

/// The colour of actor names marked in the reader.
pub fn actor_color(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(130, 180, 255)
    } else {
        Color32::from_rgb(25, 80, 170)
    }
}
