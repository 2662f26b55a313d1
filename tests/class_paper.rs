//! Exam papers: made once by the teacher, taken exactly by every student, refused clearly when the
//! bank at hand is not the one the paper was made from; and a simulated class whose planted bad
//! question the report finds.

use std::path::{Path, PathBuf};

use chrono::TimeZone;
use dossier::bank::validate::{load_bank_file, load_bank_str};
use dossier::bank::{Answer, Bank};
use dossier::class::paper::{BankMismatch, Paper, PaperSpec, make_paper, with_paper_extension};
use dossier::class::report::{Flag, report_on};
use dossier::class::results::{WhichAttempt, load_results};
use dossier::class::simulate::{ClassPlan, simulate_class};
use dossier::study::exam::save_result;

use crate::class_report::dossier;

fn bundled_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("quizzes/north-korea-russia.ron")
}

fn bundled() -> Bank {
    load_bank_file(&bundled_path()).unwrap()
}

fn spec(questions: usize, seed: u64) -> PaperSpec {
    PaperSpec {
        questions,
        sections: Vec::new(),
        seed,
        time_limit_secs: Some(1200),
        title: String::new(),
    }
}

#[test]
fn the_same_seed_makes_the_same_paper_and_another_seed_another() {
    let bank = bundled();
    let a = make_paper(&bank, &spec(15, 7)).unwrap();
    assert_eq!(a, make_paper(&bank, &spec(15, 7)).unwrap());
    let b = make_paper(&bank, &spec(15, 8)).unwrap();
    assert_ne!(a.paper_id, b.paper_id);
    assert_eq!(a.questions.len(), 15);
    assert!(a.paper_id.starts_with("north-korea-russia-"));
    assert_eq!(a.time_limit_secs, Some(1200));
    for q in &a.questions {
        let question = bank.question(&q.id).unwrap();
        assert!(
            !matches!(question.answer, Answer::Flashcard { .. }),
            "no self-graded cards"
        );
        if let Answer::Choice { options, .. } = &question.answer {
            let mut sorted = q.order.clone();
            sorted.sort();
            assert_eq!(
                sorted,
                (0..options.len()).collect::<Vec<_>>(),
                "a permutation of the options"
            );
        }
    }
}

#[test]
fn a_paper_round_trips_and_other_files_are_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let paper = make_paper(&bundled(), &spec(5, 1)).unwrap();
    let path = with_paper_extension(&dir.path().join("week 3"));
    assert!(path.to_string_lossy().ends_with("week 3.paper.json"));
    paper.save(&path).unwrap();
    assert_eq!(Paper::load(&path).unwrap(), paper);

    let result = dir.path().join("result.json");
    std::fs::write(&result, "{\"student_name\": \"A\", \"items\": []}").unwrap();
    let refused = Paper::load(&result).unwrap_err().to_string();
    assert!(refused.contains("it is an exam result"), "{refused}");
    let newer = dir.path().join("newer.paper.json");
    std::fs::write(
        &newer,
        std::fs::read_to_string(&path)
            .unwrap()
            .replace("\"format_version\": 1", "\"format_version\": 9"),
    )
    .unwrap();
    assert!(
        Paper::load(&newer)
            .unwrap_err()
            .to_string()
            .contains("newer Dossier")
    );
}

#[test]
fn a_missing_or_changed_bank_is_said_clearly() {
    let bank = bundled();
    let paper = make_paper(&bank, &spec(5, 3)).unwrap();
    assert_eq!(paper.check_bank(&bank), Ok(()));

    let other =
        load_bank_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/mini.ron"))
            .unwrap();
    let missing = paper.find_bank([&other]).unwrap_err();
    assert!(matches!(missing, BankMismatch::Missing { .. }));
    assert!(missing.to_string().contains("not in your library"));

    // The teacher edits the prompt of one question on the paper.
    let source = std::fs::read_to_string(bundled_path()).unwrap();
    let question = bank.question(&paper.questions[0].id).unwrap();
    let edited_source = source.replacen(&question.prompt, "A reworded prompt?", 1);
    assert_ne!(edited_source, source, "the prompt is in the file");
    let edited = load_bank_str(&edited_source, &bundled_path()).unwrap();
    match paper.find_bank([&other, &edited]) {
        Err(BankMismatch::Changed {
            changed, missing, ..
        }) => {
            assert!(missing.is_empty());
            assert!(changed.contains(&question.id));
        }
        other => panic!("expected a changed bank, got {other:?}"),
    }
    let message = paper.check_bank(&edited).unwrap_err().to_string();
    assert!(
        message.contains("has changed since this paper was made"),
        "{message}"
    );
    assert!(message.contains(&question.id.0), "{message}");
}

#[test]
fn dossier_paper_saves_a_paper_students_can_open() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier()
        .arg("paper")
        .arg(bundled_path())
        .args(["--questions", "12", "--seed", "5", "--time", "20m", "-o"])
        .arg(dir.path().join("week3"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let paper = Paper::load(&dir.path().join("week3.paper.json")).unwrap();
    assert_eq!(paper.questions.len(), 12);
    assert_eq!(paper.time_limit_secs, Some(1200));
    assert_eq!(
        paper,
        make_paper(
            &bundled(),
            &PaperSpec {
                questions: 12,
                seed: 5,
                ..spec(12, 5)
            }
        )
        .unwrap()
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(&paper.paper_id));

    let bad = dossier()
        .arg("paper")
        .arg(bundled_path())
        .args(["--sections", "No such section", "-o"])
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("no section \"No such section\""));
    let bad_time = dossier()
        .arg("paper")
        .arg(bundled_path())
        .args(["--time", "soon", "-o"])
        .arg(dir.path().join("x"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&bad_time.stderr).contains("is not a duration"));
}

#[test]
fn a_planted_miskeyed_question_is_flagged_in_a_simulated_class_of_25() {
    let bank = bundled();
    let paper = make_paper(&bank, &spec(15, 7)).unwrap();
    let planted = paper
        .questions
        .iter()
        .filter_map(|q| bank.question(&q.id))
        .find(|q| matches!(&q.answer, Answer::Choice { correct, .. } if correct.iter().filter(|c| **c).count() == 1))
        .unwrap()
        .id
        .0
        .clone();
    let plan = ClassPlan {
        students: 25,
        seed: 7,
        planted: Some(planted.clone()),
        start: chrono::FixedOffset::east_opt(0)
            .unwrap()
            .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
            .unwrap(),
    };
    let dir = tempfile::tempdir().unwrap();
    for result in simulate_class(&bank, &paper, &plan) {
        assert_eq!(result.paper_id.as_deref(), Some(paper.paper_id.as_str()));
        save_result(dir.path(), &result).unwrap();
    }
    let report = report_on(
        load_results(&[dir.path().to_path_buf()]),
        None,
        WhichAttempt::First,
    )
    .unwrap();
    assert_eq!(report.test.attempts, 25);
    let item = report
        .items
        .iter()
        .find(|i| i.question_id == planted)
        .unwrap();
    assert!(
        item.flags.contains(&Flag::DiscriminatesNegatively),
        "planted {planted}: {:?} {:?}",
        item.stats,
        item.flags
    );
    assert!(
        item.flags
            .iter()
            .any(|f| matches!(f, Flag::DistractorBeatsKey { .. })),
        "{:?}",
        item.flags
    );
    let worst = report
        .items
        .iter()
        .filter_map(|i| Some((i.stats.discrimination_index?, &i.question_id)))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .unwrap();
    assert_eq!(
        worst.1, &planted,
        "the planted question discriminates worst"
    );
}

#[test]
fn a_two_part_answer_records_its_choice_for_distractor_analysis() {
    use dossier::class::answers::describe_item;
    use dossier::study::grade::Response;
    let bank = bundled();
    let question = bank
        .questions
        .iter()
        .find(|q| matches!(q.answer, Answer::TwoPart { .. }))
        .expect("the bundled bank has two-part questions");
    let Answer::TwoPart {
        options, correct, ..
    } = &question.answer
    else {
        unreachable!()
    };
    let wrong = correct.iter().position(|c| !c).unwrap();
    let order: Vec<usize> = (0..options.len()).rev().collect();
    let mut item = crate::class_report::scored(&question.id.0, "S", 0.0);
    let response = Response::TwoPart {
        choice: vec![wrong],
        sentence: 0,
    };
    describe_item(&mut item, &bank, question, Some(&response), Some(&order));
    assert_eq!(item.options.len(), options.len());
    assert_eq!(
        item.options[0],
        options[options.len() - 1],
        "in the order shown"
    );
    assert_eq!(item.chosen, vec![options.len() - 1 - wrong]);
    assert!(item.keys.iter().all(|&k| correct[options.len() - 1 - k]));
}
