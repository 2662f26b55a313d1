//! The bundled bank, `quizzes/north-korea-russia.ron`, checked against the project's copy of the article
//! (`quizzes/north-korea-russia.txt`): it must rebuild the article word for word, quote it verbatim, test
//! every actor, claim, implication and response, use every kind of question in every section, and derive
//! the same questions every time it is loaded.
//!
//! Loading: the validator (`bank::validate::load_bank_file`) was written in parallel with this test, so
//! the bank is parsed here with ron + `RawBank` and converted minimally by `load` below. When the
//! validator is merged, `load` should become `load_bank_file(&bank_path())`.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use dossier::bank::derive::derive_questions;
use dossier::bank::raw::{RawAnswer, RawBank};
use dossier::bank::text::{contains_quote, fold_char, sentences};
use dossier::bank::{Answer, Bank, Certainty, ClozeSegment, Origin, Question, QuestionKind};
use dossier::{BankId, QuestionId, stable_hash};

fn quizzes() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("quizzes")
}

fn raw_bank() -> RawBank {
    let source = std::fs::read_to_string(quizzes().join("north-korea-russia.ron")).unwrap();
    ron::from_str(&source).unwrap()
}

fn article() -> String {
    std::fs::read_to_string(quizzes().join("north-korea-russia.txt")).unwrap()
}

/// A minimal stand-in for the validator: raw → Bank, hand-written questions first, then derived ones.
fn load() -> Bank {
    let raw = raw_bank();
    let passages: HashMap<String, String> = raw
        .passages
        .iter()
        .map(|p| (p.id.clone(), p.text.clone()))
        .collect();
    let questions: Vec<Question> = raw
        .questions
        .iter()
        .map(|q| Question {
            id: QuestionId(q.id.clone()),
            prompt: q.prompt.clone(),
            passage: q.passage.clone(),
            quote: q.quote.clone(),
            explanation: q.explanation.clone(),
            about: q.about.clone(),
            tags: q.tags.clone(),
            answer: convert_answer(&q.answer, &passages[&q.passage]),
            origin: Origin::Authored,
            content_hash: stable_hash(q.prompt.as_bytes()),
        })
        .collect();
    let mut bank = Bank {
        id: BankId(raw.id),
        title: raw.title,
        source: raw.source,
        language: raw.language,
        authors: raw.authors,
        version: raw.version,
        path: None,
        exam: raw.exam,
        passages: raw.passages,
        actors: raw.actors,
        claims: raw.claims,
        implications: raw.implications,
        responses: raw.responses,
        questions,
        question_index: HashMap::new(),
    };
    if raw.derived_questions {
        let derived = derive_questions(&bank);
        bank.questions.extend(derived);
    }
    bank.question_index = bank
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.clone(), i))
        .collect();
    bank
}

fn convert_answer(answer: &RawAnswer, passage: &str) -> Answer {
    match answer.clone() {
        RawAnswer::Choice { correct, wrong } => Answer::Choice {
            correct: correct
                .iter()
                .map(|_| true)
                .chain(wrong.iter().map(|_| false))
                .collect(),
            options: correct.into_iter().chain(wrong).collect(),
        },
        RawAnswer::TrueFalse { answer } => Answer::TrueFalse { answer },
        RawAnswer::Typed { accept } => Answer::Typed { accept },
        RawAnswer::Cloze { text } => Answer::Cloze {
            segments: cloze_segments(&text),
        },
        RawAnswer::Matching { pairs } => Answer::Matching { pairs },
        RawAnswer::Ordering { items } => Answer::Ordering { items },
        RawAnswer::Flashcard { back } => Answer::Flashcard { back },
        RawAnswer::Evidence {
            statement,
            evidence,
            contradicts,
        } => {
            let sentences = sentences(passage);
            let correct_sentence = sentences
                .iter()
                .position(|s| contains_quote(s, &evidence))
                .unwrap_or(usize::MAX);
            Answer::Evidence {
                statement,
                evidence,
                contradicts,
                sentences,
                correct_sentence,
            }
        }
    }
}

fn cloze_segments(text: &str) -> Vec<ClozeSegment> {
    let mut segments = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}').unwrap();
        segments.push(ClozeSegment::Text(rest[..open].to_owned()));
        segments.push(ClozeSegment::Gap {
            accept: rest[open + 1..close]
                .split('|')
                .map(str::to_owned)
                .collect(),
        });
        rest = &rest[close + 1..];
    }
    segments.push(ClozeSegment::Text(rest.to_owned()));
    segments
}

fn fold(text: &str) -> String {
    text.chars()
        .map(fold_char)
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn authored(bank: &Bank) -> impl Iterator<Item = &Question> {
    bank.questions
        .iter()
        .filter(|q| q.origin == Origin::Authored)
}

#[test]
fn passages_rebuild_the_article_word_for_word() {
    let bank = load();
    let mut lines: Vec<&str> = Vec::new();
    let mut section: Option<&str> = None;
    for (i, passage) in bank.passages.iter().enumerate() {
        // The lede has no heading in the article: its section name is the bank's own.
        if i > 0 && section != Some(passage.section.as_str()) {
            lines.push(&passage.section);
        }
        section = Some(&passage.section);
        lines.push(&passage.text);
    }
    assert_eq!(lines.join("\n"), article().trim_end());
    assert_eq!(bank.passages[0].section, "Introduction");
}

#[test]
fn the_article_copy_has_seven_sections_and_a_lede() {
    let bank = load();
    let sections = bank.sections();
    assert_eq!(sections.len(), 8, "{sections:?}");
    assert_eq!(sections[1], "A Deal Born of Desperation");
    assert_eq!(sections[7], "The Path Forward");
}

#[test]
fn every_quote_is_verbatim_in_its_passage() {
    let bank = load();
    let text = |id: &str| bank.passage(id).map(|p| p.text.clone()).unwrap();
    for claim in &bank.claims {
        assert!(
            contains_quote(&text(&claim.passage), &claim.quote),
            "claim {}",
            claim.id
        );
    }
    for implication in &bank.implications {
        assert!(
            contains_quote(&text(&implication.passage), &implication.quote),
            "implication {}",
            implication.id
        );
    }
    for response in &bank.responses {
        assert!(
            contains_quote(&text(&response.passage), &response.quote),
            "response {}",
            response.id
        );
    }
    for question in &bank.questions {
        let quote = question.quote.as_deref().unwrap_or_default();
        assert!(
            contains_quote(&text(&question.passage), quote),
            "question {} has no verbatim quote",
            question.id
        );
        if let Answer::Evidence {
            sentences,
            correct_sentence,
            ..
        } = &question.answer
        {
            assert!(
                *correct_sentence < sentences.len(),
                "question {}",
                question.id
            );
        }
    }
}

#[test]
fn every_actor_claim_implication_and_response_is_tested() {
    let bank = load();
    let tested: HashSet<&str> = bank
        .questions
        .iter()
        .flat_map(|q| q.about.iter().map(String::as_str))
        .collect();
    let model = bank
        .actors
        .iter()
        .map(|a| &a.id)
        .chain(bank.claims.iter().map(|c| &c.id))
        .chain(bank.implications.iter().map(|i| &i.id))
        .chain(bank.responses.iter().map(|r| &r.id));
    let untested: Vec<&String> = model.filter(|id| !tested.contains(id.as_str())).collect();
    assert!(untested.is_empty(), "never tested: {untested:?}");
}

#[test]
fn questions_only_test_ids_in_the_model() {
    let bank = load();
    let known: HashSet<&str> = bank
        .actors
        .iter()
        .map(|a| a.id.as_str())
        .chain(bank.claims.iter().map(|c| c.id.as_str()))
        .chain(bank.implications.iter().map(|i| i.id.as_str()))
        .chain(bank.responses.iter().map(|r| r.id.as_str()))
        .collect();
    for question in &bank.questions {
        for id in &question.about {
            assert!(
                known.contains(id.as_str()),
                "{} tests unknown {id}",
                question.id
            );
        }
    }
}

#[test]
fn every_question_kind_appears_including_a_contradiction() {
    let bank = load();
    let kinds: HashSet<QuestionKind> = authored(&bank).map(|q| q.answer.kind()).collect();
    for kind in QuestionKind::ALL {
        assert!(kinds.contains(&kind), "no {} question", kind.label());
    }
    assert!(authored(&bank).any(|q| matches!(
        q.answer,
        Answer::Evidence {
            contradicts: true,
            ..
        }
    )));
}

#[test]
fn every_section_has_hand_written_questions() {
    let bank = load();
    for section in bank.sections() {
        let count = authored(&bank)
            .filter(|q| bank.section_of(q) == Some(section))
            .count();
        assert!(count >= 4, "section {section:?} has only {count} questions");
    }
}

#[test]
fn there_are_at_least_eighty_hand_written_questions_with_unique_ids() {
    let bank = load();
    assert!(authored(&bank).count() >= 80);
    let ids: HashSet<&QuestionId> = bank.questions.iter().map(|q| &q.id).collect();
    assert_eq!(ids.len(), bank.questions.len());
}

#[test]
fn every_hand_written_question_explains_its_answer() {
    let bank = load();
    for question in authored(&bank) {
        assert!(
            question.explanation.chars().count() >= 20,
            "question {} has no real explanation",
            question.id
        );
    }
}

#[test]
fn no_wrong_option_repeats_a_right_one() {
    let bank = load();
    for question in &bank.questions {
        if let Answer::Choice { options, correct } = &question.answer {
            let right: HashSet<String> = options
                .iter()
                .zip(correct)
                .filter(|(_, c)| **c)
                .map(|(o, _)| fold(o))
                .collect();
            let folded: HashSet<String> = options.iter().map(|o| fold(o)).collect();
            assert_eq!(
                folded.len(),
                options.len(),
                "{}: repeated option",
                question.id
            );
            for (option, is_right) in options.iter().zip(correct) {
                assert!(
                    *is_right || !right.contains(&fold(option)),
                    "{}: distractor {option:?} equals the answer",
                    question.id
                );
            }
            assert!(options.len() >= 3, "{}: too few options", question.id);
        }
    }
}

#[test]
fn derived_questions_are_identical_across_two_loads() {
    let first = load();
    let second = load();
    let derived = |bank: &Bank| -> Vec<Question> {
        bank.questions
            .iter()
            .filter(|q| q.origin == Origin::Derived)
            .cloned()
            .collect()
    };
    assert!(!derived(&first).is_empty());
    assert_eq!(derived(&first), derived(&second));
}

#[test]
fn every_claim_has_a_derived_certainty_question_and_speakers_an_attribution() {
    let bank = load();
    for claim in &bank.claims {
        let id = QuestionId(format!("derived/certainty/{}", claim.id));
        let question = bank.question(&id).unwrap();
        let Answer::Choice { options, .. } = &question.answer else {
            panic!("certainty question {id} is not a choice");
        };
        assert_eq!(options[0], claim.certainty.label());
    }
    let attributed = bank
        .questions
        .iter()
        .filter(|q| q.id.0.starts_with("derived/attribution/"))
        .count();
    assert!(attributed >= 5, "only {attributed} attribution questions");
    let causes = bank
        .questions
        .iter()
        .filter(|q| q.id.0.starts_with("derived/cause/"))
        .count();
    assert_eq!(causes, bank.implications.len());
}

#[test]
fn the_articles_hedges_are_kept_in_the_model() {
    let bank = load();
    // The article hedges exactly two things in "A Deal Born of Desperation": the supplies (reported) and
    // Russia's offer (rumored). The bank must keep both hedges.
    let certainty = |id: &str| bank.claim(id).map(|c| c.certainty);
    assert_eq!(certainty("c-nk-supplies"), Some(Certainty::Reported));
    assert_eq!(certainty("c-russia-offers"), Some(Certainty::Rumored));
    for claim in &bank.claims {
        let quote = claim.quote.to_lowercase();
        if quote.contains("rumored") || quote.contains("reports suggest") {
            assert!(
                matches!(claim.certainty, Certainty::Rumored | Certainty::Reported),
                "{} drops the article's hedge",
                claim.id
            );
        }
    }
}
