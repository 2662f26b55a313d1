//! A made-up bank of any size, for the simulation example, the benchmarks and tests of the study
//! engine, which need banks larger or more regular than the bundled one. Deterministic: the same size
//! gives the same bank.

use crate::bank::{Actor, Answer, Bank, ClozeSegment, Origin, Passage, Question, QuestionIndex};
use crate::{BankId, QuestionId, stable_hash};

/// Names the questions are about; questions sharing one are siblings.
const ACTORS: [(&str, &str); 8] = [
    ("stoltenberg", "Jens Stoltenberg"),
    ("kim", "Kim Jong Un"),
    ("putin", "Vladimir Putin"),
    ("shoigu", "Sergei Shoigu"),
    ("lavrov", "Sergei Lavrov"),
    ("yoon", "Yoon Suk Yeol"),
    ("blinken", "Antony Blinken"),
    ("zelensky", "Volodymyr Zelensky"),
];

const SECTIONS: [&str; 3] = ["Troops", "Weapons", "Diplomacy"];

/// A bank with `questions` questions cycling through every question kind, spread over three sections,
/// each about one of eight actors, with ids `q00000`, `q00001`, …
pub fn synthetic_bank(questions: usize) -> Bank {
    let passages: Vec<Passage> = SECTIONS
        .iter()
        .enumerate()
        .map(|(i, section)| Passage {
            id: format!("p{i}"),
            section: (*section).to_owned(),
            text: format!(
                "{section} were discussed at length. Officials said more would follow. Analysts were not sure."
            ),
        })
        .collect();
    let actors: Vec<Actor> = ACTORS
        .iter()
        .map(|(id, name)| Actor {
            id: (*id).to_owned(),
            name: (*name).to_owned(),
            aliases: Vec::new(),
            role: format!("{name} speaks in the article."),
            passages: Vec::new(),
            member_of: None,
            derived_questions: true,
            review: false,
        })
        .collect();
    let questions: Vec<Question> = (0..questions).map(synthetic_question).collect();
    let question_index = QuestionIndex::of(&questions);
    Bank {
        id: BankId("synthetic".into()),
        title: "Synthetic bank".into(),
        source: "generated".into(),
        language: "en".into(),
        authors: vec!["dossier".into()],
        version: None,
        path: None,
        exam: None,
        passages,
        actors,
        claims: Vec::new(),
        implications: Vec::new(),
        responses: Vec::new(),
        questions,
        question_index,
    }
}

fn synthetic_question(i: usize) -> Question {
    let (actor_id, name) = ACTORS[i % ACTORS.len()];
    let section = i % SECTIONS.len();
    let other = ACTORS[(i + 1) % ACTORS.len()].1;
    let answer = match i % 9 {
        0 => Answer::Choice {
            options: vec![name.into(), other.into(), "Nobody".into()],
            correct: vec![true, false, false],
        },
        1 => Answer::Choice {
            options: vec![
                name.into(),
                other.into(),
                "Nobody".into(),
                "Everyone".into(),
            ],
            correct: vec![true, true, false, false],
        },
        2 => Answer::TrueFalse {
            answer: i.is_multiple_of(2),
        },
        3 => Answer::Typed {
            accept: vec![name.into()],
        },
        4 => Answer::Cloze {
            segments: vec![
                ClozeSegment::Text("It was ".into()),
                ClozeSegment::Gap {
                    accept: vec![name.into()],
                },
                ClozeSegment::Text(" who spoke.".into()),
            ],
        },
        5 => Answer::Matching {
            pairs: vec![
                (name.into(), "spoke first".into()),
                (other.into(), "replied".into()),
            ],
        },
        6 => Answer::Ordering {
            items: vec!["Talks".into(), "Treaty".into(), "Troops".into()],
        },
        7 => Answer::Flashcard {
            back: format!("{name} spoke on {}.", SECTIONS[section]),
        },
        _ => Answer::Evidence {
            statement: "More would follow.".into(),
            evidence: "Officials said more would follow.".into(),
            contradicts: false,
            sentences: vec![
                format!("{} were discussed at length.", SECTIONS[section]),
                "Officials said more would follow.".into(),
                "Analysts were not sure.".into(),
            ]
            .into(),
            correct_sentence: 1,
        },
    };
    let id = format!("q{i:05}");
    Question {
        content_hash: stable_hash(id.as_bytes()),
        id: QuestionId(id),
        prompt: format!("Question {i}: who spoke about {}?", SECTIONS[section]),
        passage: format!("p{section}"),
        quote: None,
        explanation: String::new(),
        about: vec![actor_id.to_owned()],
        tags: vec![SECTIONS[section].to_lowercase()],
        answer,
        origin: Origin::Derived,
        review: false,
    }
}

/// One simulated study day, as the simulation example prints it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SimulatedDay {
    /// Ratings given that day (learning repeats included).
    pub ratings: u32,
    /// Of those, ratings of graduated cards (day-based reviews).
    pub reviews: u32,
    /// Of the reviews, how many the student recalled.
    pub recalled: u32,
    /// New questions started.
    pub new_started: u32,
}

impl SimulatedDay {
    /// Recall rate on day-based reviews (what FSRS aims to hold at the desired retention).
    pub fn retention(&self) -> Option<f32> {
        (self.reviews > 0).then(|| self.recalled as f32 / self.reviews as f32)
    }
}

/// A student who studies `bank` every evening for `days` days, starting at `start`: they remember a
/// review with the probability FSRS predicts (their memory follows the default FSRS model), a new
/// question 60 % and a learning step 85 % of the time, and when right pick Hard, Good or Easy
/// (15/75/10 %). Seeded, so the same seed gives the same log. Returns the log and each day's numbers.
pub fn simulate_student(
    bank: &Bank,
    scheduler: &super::Scheduler,
    days: u32,
    seed: u64,
    start: crate::Timestamp,
) -> (Vec<super::Record>, Vec<SimulatedDay>) {
    simulate_student_remembering(bank, scheduler, scheduler, days, seed, start)
}

/// Like [`simulate_student`], but the student's memory follows `memory` (say, FSRS with other
/// parameters than the scheduler's): a review is recalled with the probability `memory` gives for
/// the card's true state, as if the student's own parameters were known. For testing the optimizer.
pub fn simulate_student_remembering(
    bank: &Bank,
    scheduler: &super::Scheduler,
    memory: &super::Scheduler,
    days: u32,
    seed: u64,
    start: crate::Timestamp,
) -> (Vec<super::Record>, Vec<SimulatedDay>) {
    use super::{CardPhase, Collection, Rating, Session, SessionFilter};

    let mut random = SplitMix(seed);
    let mut collection = Collection::default();
    let mut truth = Collection::default();
    let mut log = Vec::new();
    let mut stats = Vec::with_capacity(days as usize);
    for day in 0..days {
        let mut now = start + chrono::Duration::days(i64::from(day));
        let mut today = SimulatedDay::default();
        let mut session = Session::new(bank, &collection, scheduler, SessionFilter::default(), now);
        for _ in 0..5_000 {
            let Some(question) = session.current().cloned() else {
                match session.next_learning_due_ms() {
                    Some(due) => {
                        now = now.max(super::schedule::timestamp_at(due, *now.offset()));
                        session.refresh(&collection, now);
                        continue;
                    }
                    None => break,
                }
            };
            let card = collection.card(&bank.id, &question);
            let recall_probability = match card.phase {
                CardPhase::New => 0.6,
                CardPhase::Learning { .. } | CardPhase::Relearning { .. } => 0.85,
                CardPhase::Review => {
                    let true_card = truth.card(&bank.id, &question);
                    f64::from(memory.retrievability(&true_card, now.timestamp_millis()))
                }
            };
            let recalled = random.unit() < recall_probability;
            let rating = if !recalled {
                Rating::Again
            } else {
                match random.unit() {
                    x if x < 0.15 => Rating::Hard,
                    x if x < 0.90 => Rating::Good,
                    _ => Rating::Easy,
                }
            };
            now += chrono::Duration::seconds(15 + (random.next() % 30) as i64);
            let Ok(record) = session.rate(rating, &mut collection, scheduler, now) else {
                break;
            };
            truth.apply(&record, memory);
            today.ratings += 1;
            match card.phase {
                CardPhase::New => today.new_started += 1,
                CardPhase::Review => {
                    today.reviews += 1;
                    today.recalled += u32::from(recalled);
                }
                _ => {}
            }
            log.push(record);
        }
        stats.push(today);
    }
    (log, stats)
}

/// A tiny seeded generator (splitmix64), so simulations do not depend on `rand`'s algorithm choices.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}
