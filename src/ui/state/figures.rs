//! The library's numbers per bank (new / learning / due today, due tomorrow, last studied), kept
//! between frames. Computing them walks every question of every bank, so with a hundred large banks
//! doing it on every frame made the library sluggish; they are recomputed only when something they
//! depend on changed: progress ([`AppState::progress_version`], which settings changes bump too), the
//! study day (the clock crossing the day boundary, in the current UTC offset) or the banks loaded.

use std::cell::RefCell;
use std::collections::HashMap;

use super::AppState;
use crate::bank::lazy::BankSummary;
use crate::study::collection::BankCounts;
use crate::{BankId, Timestamp};

/// What the library shows for one bank.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BankFigures {
    pub counts: BankCounts,
    /// Reviews falling due during tomorrow's study day ("Done for today — 12 due tomorrow").
    pub due_tomorrow: usize,
    /// Questions generated from the article's model, of `counts.total`.
    pub derived: usize,
    /// When the student last rated a question of this bank.
    pub last_studied_ms: Option<i64>,
}

/// Everything the figures depend on; when any of it changes they are computed again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FiguresKey {
    progress_version: u64,
    library_version: u64,
    library_len: usize,
    /// The end of the current study day: changes at the day boundary and with the UTC offset.
    end_of_day_ms: i64,
}

/// The cached figures, with the key they were computed for.
#[derive(Debug, Default)]
pub(super) struct LibraryFigures {
    key: Option<FiguresKey>,
    banks: HashMap<BankId, BankFigures>,
    most_useful: Option<BankId>,
    /// How many times they were computed: for tests that check they are not recomputed per frame.
    computed: u64,
}

/// The library figures' cell in [`AppState`]: filled lazily from `&AppState`, since screens only get
/// a shared borrow.
pub(super) type FiguresCell = RefCell<LibraryFigures>;

impl AppState {
    /// The library's figures for `bank`, computed at most once per change of progress, day or banks.
    pub fn bank_figures(&self, bank: &BankSummary) -> BankFigures {
        self.refresh_figures();
        let cached = self.library_figures.borrow().banks.get(&bank.id).copied();
        // A bank not among the loaded ones (a caller's own) is computed on the spot.
        cached.unwrap_or_else(|| self.compute_bank_figures(bank, self.clock.now()))
    }

    /// The bank with the most to do today, for the big Study button.
    pub fn most_useful_bank(&self) -> Option<BankId> {
        self.refresh_figures();
        self.library_figures.borrow().most_useful.clone()
    }

    /// How many of a bank's questions fall due during tomorrow's study day: what the library says
    /// when today's work is done ("Done for today — 12 due tomorrow").
    pub fn due_tomorrow(&self, bank: &BankId) -> usize {
        match self.bank_summary(bank) {
            Some(loaded) => self.bank_figures(loaded).due_tomorrow,
            None => 0,
        }
    }

    /// How many times the library figures have been computed since start: each change of progress,
    /// day or banks adds one, drawing frames adds none.
    pub fn library_figures_computed(&self) -> u64 {
        self.library_figures.borrow().computed
    }

    fn figures_key(&self, now: Timestamp) -> FiguresKey {
        FiguresKey {
            progress_version: self.progress_version,
            library_version: self.library_version,
            library_len: self.library.len(),
            end_of_day_ms: self.scheduler.end_of_day_ms(now),
        }
    }

    fn refresh_figures(&self) {
        let now = self.clock.now();
        let key = self.figures_key(now);
        if self.library_figures.borrow().key == Some(key) {
            return;
        }
        let banks: HashMap<BankId, BankFigures> = self
            .banks()
            .map(|bank| (bank.id.clone(), self.compute_bank_figures(bank, now)))
            .collect();
        // The same order and tie-breaking as before the figures were cached: the last of equals.
        let most_useful = self
            .banks()
            .filter_map(|bank| Some((bank, banks.get(&bank.id)?.counts)))
            .max_by_key(|(_, counts)| (counts.due_today + counts.learning, counts.new_available))
            .map(|(bank, _)| bank.id.clone());
        let mut figures = self.library_figures.borrow_mut();
        figures.key = Some(key);
        figures.banks = banks;
        figures.most_useful = most_useful;
        figures.computed += 1;
    }

    fn compute_bank_figures(&self, bank: &BankSummary, now: Timestamp) -> BankFigures {
        let end_of_today = self.scheduler.end_of_day_ms(now);
        let end_of_tomorrow = end_of_today + 86_400_000;
        let due_tomorrow = self
            .collection
            .cards(&bank.id)
            .filter(|(_, card)| !card.is_new() && !card.suspended)
            .filter_map(|(_, card)| card.due)
            .filter(|due| (end_of_today..end_of_tomorrow).contains(due))
            .count();
        BankFigures {
            counts: self.collection.counts(bank, now),
            due_tomorrow,
            derived: bank.derived_count(),
            last_studied_ms: self.collection.last_studied_ms(&bank.id),
        }
    }
}
