//! Widgets shared by screens: question renderers, quoted passages, diagnostics.

pub mod bank_picker;
pub mod checked;
pub mod cloze;
pub mod diagnostics;
pub mod passage;
pub mod question;
pub mod scheduling_help;
