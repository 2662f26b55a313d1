//! Where one question stands for one student: its learning phase and FSRS memory, and the four states it
//! could move to next. Card states are never stored as truth; [`super::Collection`] derives them by
//! replaying the progress log, and the progress store snapshots them only to load faster.

use serde::{Deserialize, Serialize};

use super::record::Rating;
use crate::Timestamp;

/// The phase of a card, as in Anki: new cards go through short learning steps (minutes) before they
/// graduate to day-based reviews; a forgotten review goes through relearning steps before coming back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CardPhase {
    /// Never answered.
    #[default]
    New,
    /// In the learning steps; `step` indexes [`super::SchedulerConfig::learning_steps_secs`].
    Learning { step: u32 },
    /// Graduated: due on a day, days or months apart.
    Review,
    /// Forgotten after graduating; `step` indexes [`super::SchedulerConfig::relearning_steps_secs`].
    Relearning { step: u32 },
}

/// Everything the scheduler knows about one question for one student. `stability` and `difficulty` are
/// FSRS's memory state, kept in our own fields because `fsrs::MemoryState` cannot be deserialized; both
/// are 0 for a new card.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CardState {
    /// New, in (re)learning steps, or graduated.
    pub phase: CardPhase,
    /// FSRS stability: days until recall probability falls to 90 %.
    pub stability: f32,
    /// FSRS difficulty, 1 (easy) to 10 (hard).
    pub difficulty: f32,
    /// When the card is next due, milliseconds since the epoch (UTC). `None` for new cards. Review cards
    /// fall due at the start of a study day (the rollover hour), learning cards at an exact moment.
    pub due: Option<i64>,
    /// When it was last reviewed, milliseconds since the epoch (UTC).
    pub last_review_ms: Option<i64>,
    /// How many times it was rated.
    pub reps: u32,
    /// How many times a graduated card was forgotten (rated Again in review).
    pub lapses: u32,
    /// Hidden until this moment (the start of the next study day after burying).
    pub buried_until_ms: Option<i64>,
    /// Hidden until unsuspended.
    pub suspended: bool,
}

impl CardState {
    /// True while the card has never been rated.
    pub fn is_new(&self) -> bool {
        self.phase == CardPhase::New
    }

    /// True in the minute-based phases (learning and relearning steps).
    pub fn is_learning(&self) -> bool {
        matches!(
            self.phase,
            CardPhase::Learning { .. } | CardPhase::Relearning { .. }
        )
    }

    /// Whether the card may be shown at `now_ms`: not suspended and not buried.
    pub fn is_available(&self, now_ms: i64) -> bool {
        !self.suspended && self.buried_until_ms.is_none_or(|until| until <= now_ms)
    }
}

/// The four states a card would move to, computed before the student rates (Anki style) so the rating
/// buttons can show their intervals and rating is a pure lookup.
#[derive(Clone, Debug, PartialEq)]
pub struct NextStates {
    /// Indexed by `Rating as usize` (Again, Hard, Good, Easy).
    pub(crate) states: [CardState; 4],
    /// How far away each outcome is: exact seconds for learning steps, whole days × 86 400 for reviews.
    pub(crate) intervals_secs: [i64; 4],
}

impl NextStates {
    /// The state the card moves to if rated `rating`.
    pub fn get(&self, rating: Rating) -> &CardState {
        &self.states[rating_index(rating)]
    }

    /// How long until the card comes back after `rating`, in seconds (learning steps), or the review
    /// interval in days × 86 400.
    pub fn interval_secs(&self, rating: Rating) -> i64 {
        self.intervals_secs[rating_index(rating)]
    }

    /// The interval as shown on a rating button: "1m", "10m", "1d", "3d", "2mo", "1.5y". Learning steps
    /// count from `now` to the due moment; reviews show their interval in days.
    pub fn interval_label(&self, rating: Rating, now: Timestamp) -> String {
        let state = self.get(rating);
        let secs = match (state.is_learning(), state.due) {
            (true, Some(due)) => ((due - now.timestamp_millis()) / 1000).max(0),
            _ => self.interval_secs(rating),
        };
        interval_label(secs)
    }
}

/// Index of a rating in [`NextStates`]'s arrays.
pub(crate) fn rating_index(rating: Rating) -> usize {
    match rating {
        Rating::Again => 0,
        Rating::Hard => 1,
        Rating::Good => 2,
        Rating::Easy => 3,
    }
}

/// A short human interval: seconds below a minute, minutes below an hour, hours below a day, days below
/// a month, months (30 days) below a year, then years; one decimal only where it matters ("1.5mo").
pub fn interval_label(secs: i64) -> String {
    const MINUTE: i64 = 60;
    const HOUR: i64 = 60 * MINUTE;
    const DAY: i64 = 24 * HOUR;
    let secs = secs.max(0);
    if secs < MINUTE {
        format!("{secs}s")
    } else if secs < HOUR {
        format!("{}m", (secs + MINUTE / 2) / MINUTE)
    } else if secs < DAY {
        format!("{}h", (secs + HOUR / 2) / HOUR)
    } else if secs < 30 * DAY {
        format!("{}d", (secs + DAY / 2) / DAY)
    } else if secs < 365 * DAY {
        format!("{}mo", one_decimal(secs as f64 / (30 * DAY) as f64))
    } else {
        format!("{}y", one_decimal(secs as f64 / (365 * DAY) as f64))
    }
}

fn one_decimal(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 || rounded >= 10.0 {
        format!("{}", rounded.round() as i64)
    } else {
        format!("{rounded:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_labels_read_like_anki_buttons() {
        assert_eq!(interval_label(60), "1m");
        assert_eq!(interval_label(600), "10m");
        assert_eq!(interval_label(86_400), "1d");
        assert_eq!(interval_label(3 * 86_400), "3d");
        assert_eq!(interval_label(60 * 86_400), "2mo");
        assert_eq!(interval_label(45 * 86_400), "1.5mo");
        assert_eq!(interval_label(400 * 86_400), "1.1y");
    }
}
