//! Every integration test, linked into one binary (see `autotests = false` in Cargo.toml): one link
//! of the GUI stack instead of one per file keeps the test build fast and small on disk.

mod bank_fixtures;
mod bank_mutations;
mod bundled_bank;
mod cli_check;
mod cli_progress;
mod exam_mode;
mod progress_crash;
mod progress_store;
mod reader_marks;
mod stats_history;
mod study_grade;
mod study_optimize;
mod study_schedule;
mod study_session;
mod ui_study;
