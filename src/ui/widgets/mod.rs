//! Widgets shared by screens: question renderers, quoted passages, diagnostics.

pub mod diagnostics;
pub mod passage;
pub mod question;
