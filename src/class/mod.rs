//! A class's results: exam papers a teacher hands out, the result files students hand back, and the
//! class report (item analysis as Moodle computes it, distractors, mastery, flags). No egui here; the
//! Class screen and `dossier paper` / `dossier results` only call into it.

pub mod answers;
pub mod format;
pub mod html;
pub mod paper;
pub mod report;
pub mod results;
pub mod simulate;
pub mod stats;
