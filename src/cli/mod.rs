//! Terminal commands: `check`, `progress`.
