//! The study engine: grading, FSRS scheduling and the session queue. Pure: no egui, no disk; time is
//! passed in.

pub mod exam;
pub mod record;
pub mod stats;

pub use record::{Event, Rating, Record, RecordId};
