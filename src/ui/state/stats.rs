//! What the statistics and reader screens show, computed from progress when it changes.

use super::*;

/// Everything the statistics screen shows for one bank, computed once when progress changes.
#[derive(Clone, Debug)]
pub struct StatsReport {
    pub bank: BankId,
    pub stats: crate::study::stats::Stats,
    /// Due reviews per day for the next 30 days, today first (overdue counted today).
    pub forecast: Vec<u32>,
    pub by_section: Vec<crate::study::stats::GroupMastery<String>>,
    /// Keyed by actor name.
    pub by_actor: Vec<crate::study::stats::GroupMastery<String>>,
    /// The hardest questions, each named by [`question_title`].
    pub hardest: Vec<(String, crate::study::stats::HardQuestion)>,
    pub desired_retention: f32,
    /// The bank's exam still ahead: expected recall on the day and how it rises with study.
    pub exam: Option<crate::study::exam_date::ExamOutlook>,
}

/// Where the reader should scroll to and what to highlight ("show in article").
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReaderFocus {
    pub passage: Option<String>,
    pub quote: Option<String>,
}

impl AppState {
    /// The statistics of a bank: aggregates over the whole log, the due forecast and mastery.
    pub fn stats_report(&self, bank: &Bank) -> StatsReport {
        use crate::study::stats::{Stats, forecast, mastery_by_group};
        let now = self.clock.now();
        let rollover = self.settings.rollover_hour;
        let local_day = |ms: i64| {
            let local = crate::study::schedule::record_time(ms, now.offset().local_minus_utc());
            (local - chrono::Duration::hours(i64::from(rollover))).date_naive()
        };
        let today = local_day(now.timestamp_millis());
        // From the index's per-day aggregates: no walk over the review log, however long.
        let stats = match &self.store {
            Some(store) => store.stats(Some(&bank.id), today, &self.scheduler),
            None => Stats::compute(&[], Some(&bank.id), today, rollover),
        };
        let due_days: Vec<chrono::NaiveDate> = self
            .collection
            .cards(&bank.id)
            .filter(|(_, card)| !card.is_new() && !card.suspended)
            .filter_map(|(_, card)| card.due.map(local_day))
            .collect();
        let retrievability = |id: &QuestionId| {
            let card = self.collection.card(&bank.id, id);
            // A card in its (re)learning steps was just missed or is still being learnt: not known,
            // whatever its recall probability a minute after the answer says.
            (!card.is_new()).then(|| {
                if card.is_learning() {
                    0.0
                } else {
                    self.scheduler.retrievability(&card, now.timestamp_millis())
                }
            })
        };
        let by_section = mastery_by_group(bank.questions.iter().filter_map(|q| {
            bank.section_of(q)
                .map(|section| (section.to_owned(), retrievability(&q.id)))
        }));
        let by_actor = mastery_by_group(bank.actors.iter().flat_map(|actor| {
            crate::bank::reader::questions_on_actor(bank, &actor.id)
                .into_iter()
                .map(|q| (actor.name.clone(), retrievability(&q.id)))
        }));
        let hardest = stats
            .hardest
            .iter()
            .filter_map(|h| {
                bank.question(&h.question)
                    .map(|q| (question_title(q), h.clone()))
            })
            .take(10)
            .collect();
        StatsReport {
            bank: bank.id.clone(),
            forecast: forecast(due_days.into_iter(), today, 30),
            stats,
            by_section,
            by_actor,
            hardest,
            desired_retention: self.settings.desired_retention,
            exam: crate::study::exam_date::exam_outlook(
                bank,
                &self.collection,
                &self.scheduler,
                now,
            ),
        }
    }
}

/// How a question is named in a list: its prompt, or for a cloze its sentence with the gaps blank, as
/// cloze prompts are often all alike ("Fill in the gaps.").
pub fn question_title(question: &crate::bank::Question) -> String {
    match &question.answer {
        crate::bank::Answer::Cloze { segments } => segments
            .iter()
            .map(|s| match s {
                crate::bank::ClozeSegment::Text(text) => text.as_str(),
                crate::bank::ClozeSegment::Gap { .. } => "____",
            })
            .collect(),
        _ => question.prompt.clone(),
    }
}
