//! The study engine: grading, FSRS scheduling and the session queue. Pure: no egui, no disk; time is
//! passed in.

pub mod card_state;
pub mod collection;
pub mod exam;
pub mod exam_date;
pub mod grade;
pub mod optimize;
mod queue;
pub mod record;
pub mod schedule;
pub mod session;
pub mod stats;
pub mod stats_index;
pub mod synthetic;

pub use card_state::{CardPhase, CardState, NextStates};
pub use collection::{BankCounts, Collection};
pub use grade::{
    KnownAnswers, Outcome, PartFeedback, Response, Verdict, grade, grade_with, response_text,
};
pub use record::{Event, Rating, Record, RecordId};
pub use schedule::{ScheduleError, Scheduler, SchedulerConfig};

pub use session::{Session, SessionError, SessionFilter, SessionSummary};
