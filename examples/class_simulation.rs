//! A class of simulated students takes a paper of the bundled bank, one question planted as miskeyed,
//! and their result files are written as the app writes them, to try the class report as a teacher.
//!
//! Run: `cargo run --example class_simulation -- OUT_DIR [STUDENTS] [SEED] [QUESTIONS]`, then
//! `cargo run -- results OUT_DIR` (or open OUT_DIR on the Class screen).

use std::path::PathBuf;

use chrono::TimeZone;
use dossier::bank::Answer;
use dossier::bank::validate::load_bank_file;
use dossier::class::paper::{PaperSpec, make_paper};
use dossier::class::simulate::{ClassPlan, simulate_class};
use dossier::study::exam::save_result;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(
        args.next()
            .ok_or("usage: class_simulation OUT_DIR [STUDENTS] [SEED] [QUESTIONS]")?,
    );
    let students: usize = args.next().map_or(Ok(25), |s| s.parse())?;
    let seed: u64 = args.next().map_or(Ok(7), |s| s.parse())?;
    let questions: usize = args.next().map_or(Ok(15), |s| s.parse())?;
    let bank_path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("quizzes/north-korea-russia.ron");
    let bank = load_bank_file(&bank_path).map_err(|_| "the bundled bank does not load")?;
    let paper = make_paper(
        &bank,
        &PaperSpec {
            questions,
            sections: Vec::new(),
            seed,
            time_limit_secs: Some(20 * 60),
            title: "Class test".to_owned(),
        },
    )?;
    std::fs::create_dir_all(&out)?;
    paper.save(&out.join("class-test.paper.json"))?;
    // Plant the bad key on the paper's first single-answer multiple-choice question.
    let planted = paper
        .questions
        .iter()
        .filter_map(|q| bank.question(&q.id))
        .find(|q| matches!(&q.answer, Answer::Choice { correct, .. } if correct.iter().filter(|c| **c).count() == 1))
        .map(|q| q.id.0.clone());
    let start = chrono::FixedOffset::east_opt(3600)
        .ok_or("offset")?
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .ok_or("time")?;
    let plan = ClassPlan {
        students,
        seed,
        planted: planted.clone(),
        start,
    };
    for result in simulate_class(&bank, &paper, &plan) {
        save_result(&out, &result)?;
    }
    println!(
        "{students} results of paper {} written to {}; planted question: {}",
        paper.paper_id,
        out.display(),
        planted
            .as_deref()
            .unwrap_or("(none: no single-answer choice question on the paper)")
    );
    Ok(())
}
