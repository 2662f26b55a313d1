//! A simulated class taking a paper, through the same exam, grading and result code as real students:
//! for trying the class report as a teacher would, for tests, and for the benchmark.
//!
//! Each student has an ability θ ~ N(0, 1); each question a difficulty b spread over −1.5..1.5; a
//! student answers right with probability 1 / (1 + e^(−1.7 (θ − b))) (the two-parameter logistic model
//! of item response theory with the usual scaling) and otherwise picks a wrong option at random. A
//! *planted* question is miskeyed: students who know the topic (θ > 0) pick the same wrong option, as
//! they would if the bank's key were wrong, while the others guess.

use chrono::Duration;

use crate::Timestamp;
use crate::bank::{Answer, Bank, ClozeSegment, Question};
use crate::study::exam::{Exam, ExamResult, SplitMix64};
use crate::study::grade::{KnownAnswers, Response, grade_with, response_text};

use super::answers::describe_item;
use super::paper::Paper;

/// What to simulate.
#[derive(Clone, Debug)]
pub struct ClassPlan {
    pub students: usize,
    pub seed: u64,
    /// The id of a question to plant as miskeyed, if any.
    pub planted: Option<String>,
    /// When the first student starts; each next one a minute later.
    pub start: Timestamp,
}

fn uniform(rng: &mut SplitMix64) -> f64 {
    (rng.next() >> 11) as f64 / (1u64 << 53) as f64
}

fn normal(rng: &mut SplitMix64) -> f64 {
    let u1 = uniform(rng).max(1e-12);
    let u2 = uniform(rng);
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A right (`true`) or wrong response of the kind the question asks for; `wrong_pick` chooses which
/// wrong option.
fn response(question: &Question, right: bool, wrong_pick: u64) -> Response {
    match &question.answer {
        Answer::Choice { options, correct } => {
            response_choice(options.len(), correct, right, wrong_pick)
        }
        Answer::TrueFalse { answer } => Response::TrueFalse(*answer == right),
        Answer::Numeric { accept } => Response::Typed(if right {
            accept
                .first()
                .map(|n| n.value.to_string())
                .unwrap_or_default()
        } else {
            "not a number".to_owned()
        }),
        Answer::Typed { accept } => Response::Typed(if right {
            accept.first().cloned().unwrap_or_default()
        } else {
            "I am not sure".to_owned()
        }),
        Answer::Cloze { segments } => Response::Cloze(
            segments
                .iter()
                .filter_map(|s| match s {
                    ClozeSegment::Gap { accept } => Some(if right {
                        accept.first().cloned().unwrap_or_default()
                    } else {
                        "something".to_owned()
                    }),
                    ClozeSegment::Text(_) => None,
                })
                .collect(),
        ),
        Answer::Matching { pairs } => {
            let n = pairs.len();
            Response::Matching(
                (0..n)
                    .map(|i| Some(if right || n < 2 { i } else { (i + 1) % n }))
                    .collect(),
            )
        }
        Answer::Ordering { items } => {
            let mut order: Vec<usize> = (0..items.len()).collect();
            if !right {
                order.reverse();
            }
            Response::Ordering(order)
        }
        Answer::Flashcard { .. } => Response::Flashcard(crate::study::Rating::Good),
        Answer::Evidence {
            sentences,
            correct_sentence,
            ..
        } => {
            let n = sentences.len().max(1);
            Response::Evidence(if right || n < 2 {
                *correct_sentence
            } else {
                (*correct_sentence + 1 + (wrong_pick as usize % (n - 1))) % n
            })
        }
        Answer::TwoPart {
            options,
            correct,
            sentences,
            correct_sentence,
            ..
        } => {
            let choice = match response_choice(options.len(), correct, right, wrong_pick) {
                Response::Choice(picked) => picked,
                _ => Vec::new(),
            };
            let n = sentences.len().max(1);
            let sentence = if right || n < 2 {
                *correct_sentence
            } else {
                (*correct_sentence + 1 + (wrong_pick as usize % (n - 1))) % n
            };
            Response::TwoPart { choice, sentence }
        }
    }
}

/// A right or wrong pick among `n` options, `correct` marking the right ones.
fn response_choice(n: usize, correct: &[bool], right: bool, wrong_pick: u64) -> Response {
    if right {
        Response::Choice((0..n).filter(|&i| correct[i]).collect())
    } else {
        let wrong: Vec<usize> = (0..n).filter(|&i| !correct[i]).collect();
        match wrong.len() {
            0 => Response::Choice(Vec::new()),
            k => Response::Choice(vec![wrong[(wrong_pick % k as u64) as usize]]),
        }
    }
}

/// Names like "Student 07 Ada" (deterministic, distinct).
fn student_name(i: usize) -> String {
    const NAMES: [&str; 12] = [
        "Ada", "Bo", "Chen", "Dara", "Emeka", "Farah", "Gus", "Hana", "Ivo", "Jun", "Kemal", "Lea",
    ];
    format!("{} {:02}", NAMES[i % NAMES.len()], i + 1)
}

/// Has the class take `paper` on `bank` and returns the scored results, one per student, as the app
/// would save them. The paper must fit the bank (see [`Paper::check_bank`]).
pub fn simulate_class(bank: &Bank, paper: &Paper, plan: &ClassPlan) -> Vec<ExamResult> {
    let known = KnownAnswers::from_bank(bank);
    let mut rng = SplitMix64::new(plan.seed);
    let difficulty: Vec<f64> = paper
        .questions
        .iter()
        .map(|_| uniform(&mut rng) * 3.0 - 1.5)
        .collect();
    let mut results = Vec::with_capacity(plan.students);
    for s in 0..plan.students {
        let ability = normal(&mut rng);
        let started = plan.start + Duration::minutes(s as i64);
        let Ok(exam) = Exam::<Response>::start(
            bank,
            &paper.question_ids(),
            paper.time_limit_secs,
            &student_name(s),
            started,
        ) else {
            continue;
        };
        let mut exam = exam.with_paper(&paper.paper_id);
        let mut now = started;
        for (q, paper_question) in paper.questions.iter().enumerate() {
            let Some(question) = bank.question(&paper_question.id) else {
                continue;
            };
            now += Duration::milliseconds(8_000 + (rng.next() % 50_000) as i64);
            let planted = plan.planted.as_deref() == Some(question.id.0.as_str());
            let (right, pick) = if planted {
                if ability > 0.0 {
                    // The option the knowledgeable students take for right.
                    (false, 0)
                } else {
                    let options = match &question.answer {
                        Answer::Choice { options, .. } => options.len().max(1) as u64,
                        _ => 2,
                    };
                    (rng.next().is_multiple_of(options), rng.next())
                }
            } else {
                let p = 1.0 / (1.0 + (-1.7 * (ability - difficulty[q])).exp());
                (uniform(&mut rng) < p, rng.next())
            };
            let _ = exam.go_to(q, now);
            let _ = exam.answer(response(question, right, pick), now);
        }
        let _ = exam.finish(now + Duration::seconds(5));
        let Ok(mut result) = exam.score(|question, response| {
            let verdict = grade_with(question, response, &known);
            (
                verdict.score,
                response_text(question, response),
                verdict.expected,
            )
        }) else {
            continue;
        };
        for (i, item) in result.items.iter_mut().enumerate() {
            if let Some(question) = bank.question(&item.question_id) {
                describe_item(
                    item,
                    bank,
                    question,
                    exam.response(i),
                    paper.order_of(&question.id),
                );
            }
        }
        results.push(result);
    }
    results
}
