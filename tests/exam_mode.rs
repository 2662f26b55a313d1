//! Exam mode: which questions an exam picks, how answers and time are recorded without feedback, how
//! it is scored, and the result files a teacher collects.

use std::collections::{HashMap, HashSet};

use chrono::{Duration, FixedOffset, TimeZone};
use dossier::bank::{Answer, Bank, Origin, Passage, Question, QuestionIndex};
use dossier::study::exam::{
    CSV_HEADER, Exam, ExamError, ExamResult, ExamSpec, ExamStatus, expected_answer_text,
    pick_questions, save_result,
};
use dossier::{BankId, QuestionId, Timestamp};

/// Sections A (3 authored, 2 derived), B (1 authored, 1 derived), C (2 derived).
fn bank() -> Bank {
    let plan = [
        ("a1", "pa", Origin::Authored),
        ("a2", "pa", Origin::Authored),
        ("a3", "pa", Origin::Authored),
        ("b1", "pb", Origin::Authored),
        ("ad1", "pa", Origin::Derived),
        ("ad2", "pa", Origin::Derived),
        ("bd1", "pb", Origin::Derived),
        ("cd1", "pc", Origin::Derived),
        ("cd2", "pc", Origin::Derived),
    ];
    let questions: Vec<Question> = plan
        .iter()
        .map(|(id, passage, origin)| Question {
            id: QuestionId::from(*id),
            prompt: format!("Is {id} true?"),
            passage: (*passage).to_owned(),
            quote: None,
            explanation: String::new(),
            about: Vec::new(),
            tags: Vec::new(),
            answer: Answer::TrueFalse { answer: true },
            origin: *origin,
            show_passage: false,
            review: false,
            content_hash: 0,
        })
        .collect();
    let question_index = QuestionIndex::of(&questions);
    let passage = |id: &str, section: &str| Passage {
        id: id.to_owned(),
        section: section.to_owned(),
        text: "Text.".to_owned(),
    };
    Bank {
        id: BankId::from("nk-russia"),
        title: "Test".to_owned(),
        source: String::new(),
        language: "en".to_owned(),
        authors: Vec::new(),
        version: Some("3".to_owned()),
        path: None,
        exam: None,
        passages: vec![passage("pa", "A"), passage("pb", "B"), passage("pc", "C")],
        actors: Vec::new(),
        claims: Vec::new(),
        implications: Vec::new(),
        responses: Vec::new(),
        questions,
        question_index,
    }
}

fn spec(questions: usize, sections: &[&str], seed: u64) -> ExamSpec {
    ExamSpec {
        questions,
        sections: sections.iter().map(|s| (*s).to_owned()).collect(),
        time_limit_secs: None,
        seed,
    }
}

fn section_of(id: &QuestionId) -> char {
    id.0.chars().next().unwrap().to_ascii_uppercase()
}

fn start_time() -> Timestamp {
    FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 3, 10, 14, 5, 9)
        .unwrap()
}

fn secs(s: i64) -> Timestamp {
    start_time() + Duration::seconds(s)
}

/// Grades a true/false answer.
fn grade(question: &Question, response: &bool) -> (f32, String, String) {
    let Answer::TrueFalse { answer } = question.answer else {
        unreachable!()
    };
    let score = if *response == answer { 1.0 } else { 0.0 };
    (score, response.to_string(), answer.to_string())
}

#[test]
fn same_seed_picks_the_same_exam() {
    let bank = bank();
    assert_eq!(
        pick_questions(&bank, &spec(5, &[], 7)),
        pick_questions(&bank, &spec(5, &[], 7))
    );
    let orders: HashSet<Vec<QuestionId>> = (0..10)
        .map(|seed| pick_questions(&bank, &spec(5, &[], seed)))
        .collect();
    assert!(
        orders.len() > 1,
        "different seeds should give different exams"
    );
}

#[test]
fn short_exam_takes_one_question_from_each_section() {
    let bank = bank();
    for seed in 0..20 {
        let picked = pick_questions(&bank, &spec(3, &[], seed));
        let sections: HashSet<char> = picked.iter().map(section_of).collect();
        assert_eq!(sections, HashSet::from(['A', 'B', 'C']), "seed {seed}");
    }
}

#[test]
fn questions_without_a_passage_are_asked_as_a_group_of_their_own() {
    let mut bank = bank();
    // As imported from a quiz file without its article: passage-less questions beside the sections.
    for id in ["n1", "n2"] {
        let mut question = bank.questions[0].clone();
        question.id = QuestionId::from(id);
        question.passage = String::new();
        bank.questions.push(question);
    }
    bank.question_index = QuestionIndex::of(&bank.questions);
    let everything = pick_questions(&bank, &spec(20, &[], 3));
    assert_eq!(
        everything.len(),
        11,
        "every question, the passage-less ones too"
    );
    let chosen = pick_questions(&bank, &spec(20, &["A"], 3));
    assert!(chosen.iter().all(|q| section_of(q) == 'A'), "{chosen:?}");
    bank.passages.clear();
    for question in &mut bank.questions {
        question.passage = String::new();
    }
    assert_eq!(pick_questions(&bank, &spec(4, &[], 3)).len(), 4);
}

#[test]
fn authored_questions_are_preferred_within_a_section() {
    let bank = bank();
    for seed in 0..20 {
        let picked = pick_questions(&bank, &spec(6, &[], seed));
        let from_a: Vec<&str> = picked
            .iter()
            .filter(|q| section_of(q) == 'A')
            .map(|q| q.0.as_str())
            .collect();
        assert_eq!(from_a.len(), 2);
        assert!(
            from_a.iter().all(|id| !id.contains('d')),
            "seed {seed}: {from_a:?}"
        );
        // Eight of nine: the one left out is a derived one from A.
        let eight = pick_questions(&bank, &spec(8, &[], seed));
        let left_out: Vec<&Question> = bank
            .questions
            .iter()
            .filter(|q| !eight.contains(&q.id))
            .collect();
        assert_eq!(left_out.len(), 1);
        assert_eq!(left_out[0].origin, Origin::Derived);
    }
}

#[test]
fn exam_longer_than_the_bank_asks_every_question_once() {
    let picked = pick_questions(&bank(), &spec(50, &[], 1));
    assert_eq!(picked.len(), 9);
    assert_eq!(picked.iter().collect::<HashSet<_>>().len(), 9);
}

#[test]
fn chosen_sections_limit_the_exam() {
    let bank = bank();
    let picked = pick_questions(&bank, &spec(5, &["B", "C"], 3));
    assert_eq!(picked.len(), 4);
    assert!(picked.iter().all(|q| section_of(q) != 'A'));
    let none = pick_questions(&bank, &spec(5, &["No such section"], 3));
    assert!(none.is_empty());
    assert_eq!(
        Exam::<bool>::start(&bank, &none, None, "", start_time()).err(),
        Some(ExamError::NoQuestions)
    );
}

fn three_question_exam(time_limit_secs: Option<u32>) -> Exam<bool> {
    let ids = [
        QuestionId::from("a1"),
        QuestionId::from("b1"),
        QuestionId::from("cd1"),
    ];
    Exam::start(
        &bank(),
        &ids,
        time_limit_secs,
        "  Ann O'Neil / 3B ",
        start_time(),
    )
    .unwrap()
}

#[test]
fn answers_and_time_are_kept_per_question_and_scored_only_at_the_end() {
    let mut exam = three_question_exam(None);
    assert_eq!(
        exam.answer(true, secs(10)),
        Ok(ExamStatus::Asking { index: 1 })
    );
    assert_eq!(
        exam.answer(false, secs(15)),
        Ok(ExamStatus::Asking { index: 2 })
    );
    // Back to the first question to change the answer, 3 more seconds on it.
    assert_eq!(exam.go_to(0, secs(20)), Ok(ExamStatus::Asking { index: 0 }));
    assert_eq!(
        exam.answer(false, secs(23)),
        Ok(ExamStatus::Asking { index: 2 })
    );
    assert_eq!(exam.answered(), 2);
    assert_eq!(exam.score(grade).err(), Some(ExamError::NotFinished));

    exam.finish(secs(30)).unwrap();
    assert_eq!(exam.current(), None);
    let result = exam.score(grade).unwrap();
    let rows: Vec<(&str, &str, bool, u64, &str)> = result
        .items
        .iter()
        .map(|i| {
            (
                i.question_id.0.as_str(),
                i.answer_text.as_str(),
                i.correct,
                i.time_ms,
                i.expected.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("a1", "false", false, 13_000),
            ("b1", "false", false, 5_000),
            // Shown from 15 s to 20 s and from 23 s to 30 s, never answered.
            ("cd1", "", false, 12_000),
        ]
        .into_iter()
        // The test's grader says "true"; an unanswered question shows the bank's answer as the
        // study screen words it ("True").
        .map(|(id, a, c, t)| (id, a, c, t, if a.is_empty() { "True" } else { "true" }))
        .collect::<Vec<_>>()
    );
    assert_eq!(result.student_name, "Ann O'Neil / 3B");
    assert_eq!(result.bank_version.as_deref(), Some("3"));
    assert_eq!(result.finished_ms - result.started_ms, 30_000);
}

#[test]
fn score_is_the_mean_credit_overall_and_per_section() {
    let mut exam = three_question_exam(None);
    exam.answer(true, secs(1)).unwrap();
    exam.answer(true, secs(2)).unwrap();
    exam.answer(true, secs(3)).unwrap();
    exam.finish(secs(4)).unwrap();
    // Partial credit for b1: not correct, half a point.
    let result = exam
        .score(|q, r| {
            let (score, a, e) = grade(q, r);
            (if q.id.0 == "b1" { 0.5 } else { score }, a, e)
        })
        .unwrap();
    assert_eq!(result.score, 2.5 / 3.0);
    assert_eq!(
        result.per_section,
        vec![
            ("A".to_owned(), 1.0, 1),
            ("B".to_owned(), 0.5, 1),
            ("C".to_owned(), 1.0, 1)
        ]
    );
    assert!(!result.items[1].correct);
}

#[test]
fn time_limit_ends_the_exam_at_the_deadline_and_refuses_late_answers() {
    let mut exam = three_question_exam(Some(60));
    exam.answer(true, secs(20)).unwrap();
    assert_eq!(exam.tick(secs(59)), ExamStatus::Asking { index: 1 });
    assert_eq!(exam.remaining_ms(secs(59)), Some(1_000));
    assert_eq!(exam.answer(true, secs(75)), Err(ExamError::AlreadyFinished));
    assert!(exam.is_finished());
    assert_eq!(exam.remaining_ms(secs(90)), Some(0));
    let result = exam.score(grade).unwrap();
    assert_eq!(result.finished_ms - result.started_ms, 60_000);
    assert_eq!(result.items[1].time_ms, 40_000);
    assert_eq!(result.items[1].answer_text, "");
    assert_eq!(result.score, 1.0 / 3.0);
}

#[test]
fn finishing_twice_is_refused() {
    let mut exam = three_question_exam(None);
    exam.finish(secs(5)).unwrap();
    assert_eq!(exam.finish(secs(6)), Err(ExamError::AlreadyFinished));
    assert_eq!(exam.go_to(1, secs(7)), Err(ExamError::AlreadyFinished));
}

#[test]
fn unanswered_question_shows_the_right_answer_in_words() {
    let mut q = bank().questions[0].clone();
    q.answer = Answer::Choice {
        options: vec!["Russia".into(), "Ukraine".into(), "China".into()],
        correct: vec![true, true, false],
    };
    assert_eq!(expected_answer_text(&q), "Russia; Ukraine");
}

fn finished_result() -> ExamResult {
    let mut exam = three_question_exam(None);
    exam.answer(true, secs(10)).unwrap();
    exam.finish(secs(12)).unwrap();
    let mut result = exam.score(grade).unwrap();
    result.items[0].answer_text = "Yes, \"mostly\"\nI think".to_owned();
    result.items[1].answer_text = "=HYPERLINK(\"x\")".to_owned();
    result
}

#[test]
fn result_json_round_trips() {
    let result = finished_result();
    let json = result.to_json().unwrap();
    assert_eq!(ExamResult::from_json(&json).unwrap(), result);
    assert!(ExamResult::from_json("{ not json").is_err());
}

#[test]
fn result_csv_has_one_quoted_row_per_question_and_no_formulas() {
    let csv = finished_result().to_csv();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], CSV_HEADER);
    assert_eq!(
        lines[1],
        "Ann O'Neil / 3B,nk-russia,3,2026-03-10T14:05:09+01:00,2026-03-10T14:05:21+01:00,a1,A,Is a1 true?,\"Yes, \"\"mostly\"\"\nI think\",true,yes,1,10,,1,1773147909000"
    );
    assert_eq!(
        lines[2],
        "Ann O'Neil / 3B,nk-russia,3,2026-03-10T14:05:09+01:00,2026-03-10T14:05:21+01:00,b1,B,Is b1 true?,\"'=HYPERLINK(\"\"x\"\")\",True,no,0,2,,2,1773147909000"
    );
    assert_eq!(
        lines.len(),
        5,
        "header, three rows, and the empty rest after the last CRLF"
    );
}

#[test]
fn saved_result_gets_a_safe_unique_name_and_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let result = finished_result();
    let (csv, json) = save_result(dir.path(), &result).unwrap();
    assert_eq!(
        csv.file_name().unwrap(),
        "exam-nk-russia-20260310-140521-Ann-O-Neil-3B.csv"
    );
    assert_eq!(
        json.file_name().unwrap(),
        "exam-nk-russia-20260310-140521-Ann-O-Neil-3B.json"
    );
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), result.to_csv());
    let read_back = ExamResult::from_json(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(read_back, result);

    let (csv2, _) = save_result(dir.path(), &result).unwrap();
    assert_eq!(
        csv2.file_name().unwrap(),
        "exam-nk-russia-20260310-140521-Ann-O-Neil-3B-2.csv"
    );
    let files: HashMap<String, ()> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| (e.unwrap().file_name().to_string_lossy().into_owned(), ()))
        .collect();
    assert_eq!(files.len(), 4, "no temporary files left: {files:?}");
}

#[test]
fn result_without_a_student_name_is_saved_as_anonymous() {
    let mut result = finished_result();
    result.student_name = " ../ ".to_owned();
    assert_eq!(
        result.file_stem(),
        "exam-nk-russia-20260310-140521-anonymous"
    );
}

#[test]
fn repeated_or_unknown_question_ids_are_asked_once_or_not_at_all() {
    let ids = [
        QuestionId::from("a1"),
        QuestionId::from("gone"),
        QuestionId::from("a1"),
    ];
    let exam = Exam::<bool>::start(&bank(), &ids, None, "", start_time()).unwrap();
    assert_eq!(exam.len(), 1);
}

#[test]
fn finishing_after_the_time_ran_out_ends_the_exam_at_the_deadline() {
    let mut exam = three_question_exam(Some(60));
    exam.answer(true, secs(10)).unwrap();
    assert_eq!(exam.finish(secs(300)), Ok(()));
    let result = exam.score(grade).unwrap();
    assert_eq!(result.finished_ms - result.started_ms, 60_000);
    assert_eq!(result.items[1].time_ms, 50_000);
}

#[test]
fn a_two_part_question_earns_half_a_point_in_an_exam_for_part_a_alone() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/mini.ron");
    let bank = dossier::bank::validate::load_bank_file(&path).expect("valid");
    let id = QuestionId::from("two-part-sanctions");
    let question = bank
        .question(&id)
        .expect("the fixture has a two-part question");
    let Answer::TwoPart {
        correct,
        correct_sentence,
        ..
    } = &question.answer
    else {
        panic!("not a two-part question");
    };
    let right = correct.iter().position(|c| *c).expect("a right option");
    let wrong_sentence = (*correct_sentence + 1) % 3;
    let mut exam = Exam::start(&bank, &[id], None, "Ann", start_time()).unwrap();
    exam.answer(
        dossier::study::Response::TwoPart {
            choice: vec![right],
            sentence: wrong_sentence,
        },
        secs(5),
    )
    .unwrap();
    exam.finish(secs(6)).unwrap();
    let known = dossier::study::KnownAnswers::from_bank(&bank);
    let result = exam
        .score(|q, r| {
            let verdict = dossier::study::grade_with(q, r, &known);
            (
                verdict.score,
                dossier::study::response_text(q, r),
                verdict.expected,
            )
        })
        .unwrap();
    assert_eq!(result.score, 0.5);
    assert!(!result.items[0].correct);
    assert!(
        result.items[0]
            .answer_text
            .starts_with("A: More sanctions | B: ")
    );
}

#[test]
fn finishing_with_questions_unanswered_or_flagged_or_time_left_asks_first() {
    let mut exam = three_question_exam(Some(600));
    exam.answer(true, secs(10)).unwrap();
    exam.toggle_flag(0);
    let warning = exam.finish_warning(secs(30)).expect("something to lose");
    assert_eq!(warning.unanswered, 2);
    assert_eq!(warning.flagged, 1);
    assert_eq!(warning.remaining_ms, Some(570_000));
    assert_eq!(
        warning.question(),
        "2 questions unanswered, 1 flagged to come back to and 9:30 left — finish anyway?"
    );
    exam.toggle_flag(0);
    assert!(!exam.is_flagged(0), "a flag clears the second time");

    // Everything answered and no limit: nothing to ask.
    let mut untimed = three_question_exam(None);
    for s in [1, 2, 3] {
        untimed.answer(true, secs(s)).unwrap();
    }
    assert_eq!(untimed.finish_warning(secs(4)), None);
    // …but with time left, still ask.
    let mut timed = three_question_exam(Some(600));
    for s in [1, 2, 3] {
        timed.answer(true, secs(s)).unwrap();
    }
    assert_eq!(
        timed.finish_warning(secs(4)).map(|w| w.question()),
        Some("9:56 left — finish anyway?".to_owned())
    );
}

#[test]
fn the_last_minute_is_announced_only_in_the_last_minute() {
    let exam = three_question_exam(Some(300));
    assert!(!exam.in_last_minute(secs(239)));
    assert!(exam.in_last_minute(secs(240)));
    assert!(exam.in_last_minute(secs(299)));
    assert!(!exam.in_last_minute(secs(300)), "over, not warning");
    assert!(!three_question_exam(None).in_last_minute(secs(10)));
}

#[test]
fn flags_do_not_change_the_score() {
    let mut exam = three_question_exam(None);
    exam.toggle_flag(1);
    exam.answer(true, secs(1)).unwrap();
    exam.finish(secs(2)).unwrap();
    exam.toggle_flag(2);
    assert!(!exam.is_flagged(2), "no flags after the end");
    let result = exam.score(grade).unwrap();
    assert!((result.score - 1.0 / 3.0).abs() < 1e-6);
}
