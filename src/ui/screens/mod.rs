//! One module per screen; each draws from a borrowed state and returns intents.

pub mod author;
pub mod class;
pub mod exam;
pub mod library;
pub mod new_bank;
pub mod preview;
pub mod reader;
pub mod settings;
pub mod stats;
pub mod study;
