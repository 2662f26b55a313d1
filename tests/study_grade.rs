//! Grading every kind of question as a student would expect: right, partly right, wrong, and typos.

use dossier::QuestionId;
use dossier::bank::{Answer, ClozeSegment, Origin, Question};
use dossier::study::grade::KnownAnswers;
use dossier::study::{Outcome, Rating, Response, grade, grade_with, response_text};

fn question(answer: Answer) -> Question {
    Question {
        id: QuestionId("q".into()),
        prompt: "Who said it?".into(),
        passage: "p1".into(),
        quote: None,
        explanation: String::new(),
        about: Vec::new(),
        tags: Vec::new(),
        answer,
        origin: Origin::Authored,
        review: false,
        content_hash: 1,
    }
}

fn typed(accept: &[&str]) -> Question {
    question(Answer::Typed {
        accept: accept.iter().map(|s| s.to_string()).collect(),
    })
}

fn typed_answer(q: &Question, text: &str) -> dossier::study::Verdict {
    grade(q, &Response::Typed(text.into()))
}

#[test]
fn typo_in_actor_name_is_forgiven_and_the_spelling_shown() {
    let verdict = typed_answer(&typed(&["Stoltenberg"]), "Stoltenburg");
    assert_eq!(verdict.outcome, Outcome::Correct);
    assert_eq!(verdict.forgiven_typo.as_deref(), Some("Stoltenberg"));
}

#[test]
fn russia_is_not_a_typo_of_prussia() {
    let q = typed(&["Prussia"]);
    assert_eq!(typed_answer(&q, "Russia").outcome, Outcome::Wrong);
    let known = KnownAnswers::from_texts(["Russia".to_string()]);
    let verdict = grade_with(&q, &Response::Typed("Russia".into()), &known);
    assert_eq!(verdict.outcome, Outcome::Wrong);
}

#[test]
fn typo_that_is_as_near_another_known_name_is_not_forgiven() {
    let q = typed(&["Kim Jong Un"]);
    let known = KnownAnswers::from_texts(["Kim Jong Il".to_string()]);
    let near_both = grade_with(&q, &Response::Typed("Kim Jong Ul".into()), &known);
    assert_eq!(near_both.outcome, Outcome::Wrong);
    let other_name = grade_with(&q, &Response::Typed("Kim Jong Il".into()), &known);
    assert_eq!(other_name.outcome, Outcome::Wrong);
    let same_without_rival = grade(&q, &Response::Typed("Kim Jong Ul".into()));
    assert_eq!(same_without_rival.outcome, Outcome::Correct);
}

#[test]
fn short_answers_get_no_typo_allowance() {
    assert_eq!(
        typed_answer(&typed(&["Kim"]), "Kin").outcome,
        Outcome::Wrong
    );
}

#[test]
fn case_punctuation_articles_and_typographic_quotes_do_not_matter() {
    let q = typed(&["Kremlin"]);
    let verdict = typed_answer(&q, "  the KREMLIN. ");
    assert_eq!(verdict.outcome, Outcome::Correct);
    assert_eq!(verdict.forgiven_typo, None);
    let apostrophe = typed(&["Russia's army"]);
    assert_eq!(
        typed_answer(&apostrophe, "Russia’s Army").outcome,
        Outcome::Correct
    );
    assert_eq!(typed_answer(&q, "").outcome, Outcome::Wrong);
}

#[test]
fn any_accepted_answer_counts() {
    let q = typed(&[
        "Democratic People's Republic of Korea",
        "North Korea",
        "DPRK",
    ]);
    assert_eq!(typed_answer(&q, "dprk").outcome, Outcome::Correct);
    assert_eq!(typed_answer(&q, "South Korea").outcome, Outcome::Wrong);
}

fn choice(correct: &[bool]) -> Question {
    question(Answer::Choice {
        options: (0..correct.len()).map(|i| format!("Option {i}")).collect(),
        correct: correct.to_vec(),
    })
}

#[test]
fn single_choice_is_right_or_wrong() {
    let q = choice(&[true, false, false]);
    assert_eq!(
        grade(&q, &Response::Choice(vec![0])).outcome,
        Outcome::Correct
    );
    assert_eq!(
        grade(&q, &Response::Choice(vec![2])).outcome,
        Outcome::Wrong
    );
    assert_eq!(
        grade(&q, &Response::Choice(vec![0, 1])).outcome,
        Outcome::Wrong
    );
    assert_eq!(grade(&q, &Response::Choice(vec![0])).expected, "Option 0");
}

#[test]
fn multi_select_gives_partial_credit_but_nothing_for_ticking_everything() {
    let q = choice(&[true, true, false, false]);
    let all_right = grade(&q, &Response::Choice(vec![1, 0]));
    assert_eq!(all_right.outcome, Outcome::Correct);
    let half = grade(&q, &Response::Choice(vec![0]));
    assert_eq!(half.outcome, Outcome::Partial);
    assert!((half.score - 0.5).abs() < 1e-6);
    assert!(half.parts.iter().any(|p| p.label == "Option 1" && !p.right));
    let everything = grade(&q, &Response::Choice(vec![0, 1, 2, 3]));
    assert_eq!(everything.outcome, Outcome::Wrong);
}

#[test]
fn true_false_grades() {
    let q = question(Answer::TrueFalse { answer: false });
    assert_eq!(
        grade(&q, &Response::TrueFalse(false)).outcome,
        Outcome::Correct
    );
    assert_eq!(
        grade(&q, &Response::TrueFalse(true)).outcome,
        Outcome::Wrong
    );
}

fn cloze() -> Question {
    question(Answer::Cloze {
        segments: vec![
            ClozeSegment::Text("Troops from ".into()),
            ClozeSegment::Gap {
                accept: vec!["North Korea".into(), "DPRK".into()],
            },
            ClozeSegment::Text(" fought in ".into()),
            ClozeSegment::Gap {
                accept: vec!["Kursk".into()],
            },
        ],
    })
}

#[test]
fn cloze_credits_each_gap_and_says_which_was_missed() {
    let q = cloze();
    let both = grade(&q, &Response::Cloze(vec!["dprk".into(), "kursk".into()]));
    assert_eq!(both.outcome, Outcome::Correct);
    let one = grade(
        &q,
        &Response::Cloze(vec!["North Korea".into(), "Kyiv".into()]),
    );
    assert_eq!(one.outcome, Outcome::Partial);
    assert!(one.parts[0].right && !one.parts[1].right);
    assert_eq!(one.parts[1].expected, "Kursk");
    let none = grade(&q, &Response::Cloze(vec![]));
    assert_eq!(none.outcome, Outcome::Wrong);
    assert_eq!(none.expected, "Troops from [North Korea] fought in [Kursk]");
}

#[test]
fn cloze_typo_is_forgiven_per_gap_with_the_spelling() {
    let verdict = grade(
        &cloze(),
        &Response::Cloze(vec!["North Koera".into(), "Kursk".into()]),
    );
    assert_eq!(verdict.outcome, Outcome::Correct);
    assert_eq!(
        verdict.parts[0].accepted_spelling.as_deref(),
        Some("North Korea")
    );
}

#[test]
fn matching_credits_each_pair() {
    let q = question(Answer::Matching {
        pairs: vec![
            ("Putin".into(), "Russia".into()),
            ("Kim".into(), "North Korea".into()),
            ("Yoon".into(), "South Korea".into()),
        ],
    });
    let right = grade(&q, &Response::Matching(vec![Some(0), Some(1), Some(2)]));
    assert_eq!(right.outcome, Outcome::Correct);
    let swapped = grade(&q, &Response::Matching(vec![Some(0), Some(2), Some(1)]));
    assert_eq!(swapped.outcome, Outcome::Partial);
    assert_eq!(swapped.parts[1].given, "South Korea");
    let wrong = grade(&q, &Response::Matching(vec![None, Some(2), Some(0)]));
    assert_eq!(wrong.outcome, Outcome::Wrong);
}

#[test]
fn ordering_credits_pairs_in_the_right_relative_order() {
    let q = question(Answer::Ordering {
        items: vec!["A".into(), "B".into(), "C".into(), "D".into()],
    });
    assert_eq!(
        grade(&q, &Response::Ordering(vec![0, 1, 2, 3])).outcome,
        Outcome::Correct
    );
    let one_swap = grade(&q, &Response::Ordering(vec![1, 0, 2, 3]));
    assert_eq!(one_swap.outcome, Outcome::Partial);
    assert!((one_swap.score - 5.0 / 6.0).abs() < 1e-6);
    let reversed = grade(&q, &Response::Ordering(vec![3, 2, 1, 0]));
    assert_eq!(reversed.outcome, Outcome::Wrong);
}

#[test]
fn flashcards_are_self_graded() {
    let q = question(Answer::Flashcard {
        back: "Kursk".into(),
    });
    assert_eq!(
        grade(&q, &Response::Flashcard(Rating::Again)).outcome,
        Outcome::Wrong
    );
    assert_eq!(
        grade(&q, &Response::Flashcard(Rating::Hard)).outcome,
        Outcome::Correct
    );
    assert_eq!(response_text(&q, &Response::Flashcard(Rating::Good)), "");
}

#[test]
fn evidence_is_right_only_on_the_sentence_holding_it() {
    let q = question(Answer::Evidence {
        statement: "Troops were sent.".into(),
        evidence: "Troops arrived.".into(),
        contradicts: false,
        sentences: vec!["Talks began.".into(), "Troops arrived.".into()].into(),
        correct_sentence: 1,
    });
    assert_eq!(grade(&q, &Response::Evidence(1)).outcome, Outcome::Correct);
    assert_eq!(grade(&q, &Response::Evidence(0)).outcome, Outcome::Wrong);
    assert_eq!(
        grade(&q, &Response::Evidence(0)).expected,
        "Troops arrived."
    );
}

#[test]
fn a_response_of_the_wrong_kind_is_wrong_not_a_crash() {
    let q = question(Answer::TrueFalse { answer: true });
    assert_eq!(
        grade(&q, &Response::Typed("true".into())).outcome,
        Outcome::Wrong
    );
    let ordering = question(Answer::Ordering {
        items: vec!["A".into(), "B".into()],
    });
    assert_eq!(
        grade(&ordering, &Response::Ordering(vec![9, 1, 1])).outcome,
        Outcome::Wrong
    );
}

#[test]
fn suggested_rating_follows_correctness_and_speed() {
    let q = typed(&["Stoltenberg"]);
    let right = typed_answer(&q, "Stoltenberg");
    assert_eq!(right.suggested_rating(1_000), Rating::Easy);
    assert_eq!(right.suggested_rating(5_000), Rating::Good);
    assert_eq!(right.suggested_rating(60_000), Rating::Hard);
    let typo = typed_answer(&q, "Stoltenburg");
    assert_eq!(typo.suggested_rating(1_000), Rating::Good);
    assert_eq!(
        typed_answer(&q, "Lavrov").suggested_rating(1_000),
        Rating::Again
    );
    let partial = grade(&cloze(), &Response::Cloze(vec!["DPRK".into()]));
    assert_eq!(partial.suggested_rating(1_000), Rating::Hard);
}

#[test]
fn longer_questions_allow_more_time_before_an_answer_counts_as_slow() {
    let short = typed_answer(&typed(&["Kursk"]), "Kursk");
    let mut long_question = typed(&["Kursk"]);
    long_question.prompt = "Which region ".repeat(40);
    let long = typed_answer(&long_question, "Kursk");
    assert_eq!(short.suggested_rating(40_000), Rating::Hard);
    assert_eq!(long.suggested_rating(40_000), Rating::Good);
}

#[test]
fn response_text_reads_like_the_answer_given() {
    let q = question(Answer::Matching {
        pairs: vec![
            ("Putin".into(), "Russia".into()),
            ("Kim".into(), "DPRK".into()),
        ],
    });
    assert_eq!(
        response_text(&q, &Response::Matching(vec![Some(1), None])),
        "Putin → DPRK; Kim → —"
    );
}

fn two_part() -> Question {
    question(Answer::TwoPart {
        options: vec!["Reported".into(), "Confirmed".into()],
        correct: vec![true, false],
        evidence: "Reports suggest".into(),
        sentences: vec!["Reports suggest a deal.".into(), "Analysts agree.".into()].into(),
        correct_sentence: 0,
    })
}

#[test]
fn two_part_scores_are_linked_full_half_or_nothing() {
    let q = two_part();
    let answer = |choice: usize, sentence: usize| {
        grade(
            &q,
            &Response::TwoPart {
                choice: vec![choice],
                sentence,
            },
        )
    };
    let both = answer(0, 0);
    assert_eq!((both.outcome, both.score), (Outcome::Correct, 1.0));
    let part_a_only = answer(0, 1);
    assert_eq!(
        (part_a_only.outcome, part_a_only.score),
        (Outcome::Partial, 0.5)
    );
    let part_b_only = answer(1, 0);
    assert_eq!(
        (part_b_only.outcome, part_b_only.score),
        (Outcome::Wrong, 0.0)
    );
    assert!(
        !part_b_only.parts[1].right,
        "evidence for a wrong answer is not marked right"
    );
    assert_eq!(answer(1, 1).score, 0.0);
}

#[test]
fn two_part_feedback_and_log_text_name_both_parts() {
    let q = two_part();
    let response = Response::TwoPart {
        choice: vec![1],
        sentence: 1,
    };
    let verdict = grade(&q, &response);
    let labels: Vec<&str> = verdict.parts.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["Part A", "Part B"]);
    assert_eq!(verdict.expected, "A: Reported | B: Reports suggest a deal.");
    assert_eq!(
        response_text(&q, &response),
        "A: Confirmed | B: Analysts agree."
    );
}
