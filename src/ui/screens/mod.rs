//! One module per screen; each draws from a borrowed state and returns intents.

pub mod author;
pub mod class;
pub mod custom_session;
pub mod exam;
pub mod import;
pub mod library;
pub mod new_bank;
pub mod preview;
pub mod reader;
pub mod settings;
pub mod stats;
pub mod study;
mod study_end;
mod study_feedback;
