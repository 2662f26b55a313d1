//! Every integration test, linked into one binary (see `autotests = false` in Cargo.toml): one link
//! of the GUI stack instead of one per file keeps the test build fast and small on disk.

mod author_draft;
mod author_edit;
mod bank_cache;
mod bank_fixtures;
mod bank_mutations;
mod bundled_bank;
mod class_duckdb;
mod class_paper;
mod class_report;
mod cli_check;
mod cli_progress;
mod cli_read_only;
mod derived_questions;
mod draft_articles;
mod exam_mode;
mod hostile_input;
mod interchange;
mod item_writing;
mod library_figures;
mod progress_crash;
mod progress_hostile;
mod progress_index;
mod progress_reschedule;
mod progress_store;
mod reader_marks;
mod stats_history;
mod study_exam_date;
mod study_grade;
mod study_optimize;
mod study_schedule;
mod study_session;
mod ui_author;
mod ui_class;
mod ui_feedback;
mod ui_import;
mod ui_keyboard;
mod ui_layout;
mod ui_no_article;
mod ui_opening;
mod ui_polish;
mod ui_reschedule;
mod ui_safety;
mod ui_sessions;
mod ui_settings;
mod ui_startup_probe;
mod ui_study;

/// With `autotests = false`, a test file not listed above would silently never run.
#[test]
fn every_test_file_is_part_of_the_suite() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let listing = std::fs::read_to_string(dir.join("main.rs")).expect("tests/main.rs is readable");
    let entries = std::fs::read_dir(&dir).expect("tests/ is readable");
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs") && stem != "main" {
            assert!(
                listing.contains(&format!("mod {stem};")),
                "tests/{stem}.rs is not listed in tests/main.rs: add `mod {stem};` there"
            );
        }
    }
}
