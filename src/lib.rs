//! Dossier: study a current-affairs article with spaced repetition.
//!
//! The crate is a pure core (`bank`, `study`, `progress`) that knows nothing of egui, plus a thin `ui`
//! layer that renders the core's state and sends intents back, and a `cli` for the terminal commands.
//! Data flows one way: files → [`bank`] (validated, immutable) → [`study`] (pure, given `now`) →
//! [`progress`] (appended and fsynced) → [`ui`].

pub mod author;
pub mod bank;
pub mod class;
pub mod cli;
pub mod interchange;
pub mod progress;
pub mod safe_io;
pub mod study;
pub mod ui;

use std::fmt;

use serde::{Deserialize, Serialize};

/// A bank's stable id as written in its file (`id: "north-korea-russia"`). Progress is keyed by it, so
/// renaming a bank's file or title keeps the student's progress.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BankId(pub String);

/// A question's stable id within its bank. Hand-written questions carry the id their author gave;
/// derived ones get an id built from what they were derived from (`derived/certainty/<claim>`), so
/// progress survives reloads and edits elsewhere in the bank.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct QuestionId(pub String);

impl fmt::Display for BankId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for QuestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for BankId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl From<&str> for QuestionId {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

/// The moment "now", with the user's UTC offset: the study core needs both, because "today" (for daily
/// limits and due dates) is a local calendar day that rolls over at a configurable hour.
pub type Timestamp = chrono::DateTime<chrono::FixedOffset>;

/// Where the core gets the time from. Injected so every scheduling behaviour is tested with a fixed
/// clock instead of sleeps. `Send` because the app's state is opened on a thread while the window
/// is being created (see `ui::run`).
pub trait Clock: Send {
    fn now(&self) -> Timestamp;
}

/// The real clock: local time with the system's current UTC offset.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        chrono::Local::now().fixed_offset()
    }
}

/// A clock that stands still until moved; for tests and simulations. Clones share the time: a test
/// gives the app a clone and moves the app's clock by moving its own.
#[derive(Clone, Debug)]
pub struct FixedClock(std::sync::Arc<std::sync::Mutex<Timestamp>>);

impl FixedClock {
    pub fn new(at: Timestamp) -> Self {
        Self(std::sync::Arc::new(std::sync::Mutex::new(at)))
    }

    /// Moves the clock forward (or back, for time-zone tests).
    pub fn advance(&self, by: chrono::Duration) {
        let now = self.now();
        self.set(now + by);
    }

    pub fn set(&self, at: Timestamp) {
        *self.time() = at;
    }

    /// The time, locked. A panic while the lock was held cannot leave a torn timestamp: a poisoned
    /// lock is taken back.
    fn time(&self) -> std::sync::MutexGuard<'_, Timestamp> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        *self.time()
    }
}

/// 64-bit FNV-1a: a hash whose value is fixed forever (unlike `std`'s `DefaultHasher`), for seeds and
/// content hashes that are stored on disk or must not change between Rust versions.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}
