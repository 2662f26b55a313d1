//! Terminal commands: `check`, `progress`.

pub mod progress;
