use super::*;
use crate::BankId;
use crate::bank::model::{Actor, Passage, QuestionIndex};

fn passage(id: &str, text: &str) -> Passage {
    Passage {
        id: id.to_owned(),
        section: "Section".to_owned(),
        text: text.to_owned(),
    }
}

fn actor(id: &str, name: &str, aliases: &[&str], role: &str, passages: &[&str]) -> Actor {
    Actor {
        id: id.to_owned(),
        name: name.to_owned(),
        aliases: aliases.iter().map(|s| (*s).to_owned()).collect(),
        role: role.to_owned(),
        passages: passages.iter().map(|s| (*s).to_owned()).collect(),
        member_of: None,
        derived_questions: true,
        review: false,
    }
}

fn claim(id: &str, by: &str, certainty: Certainty, passage: &str, quote: &str) -> Claim {
    Claim {
        id: id.to_owned(),
        statement: format!("statement of {id}"),
        by: by.to_owned(),
        about: Vec::new(),
        certainty,
        passage: passage.to_owned(),
        quote: quote.to_owned(),
        derived_questions: true,
        review: false,
    }
}

fn implication(id: &str, cause: &str, effect: &str, passage: &str, quote: &str) -> Implication {
    Implication {
        id: id.to_owned(),
        statement: format!("{cause} leads to {effect}"),
        cause: cause.to_owned(),
        effect: effect.to_owned(),
        certainty: Certainty::Analysis,
        by: None,
        passage: passage.to_owned(),
        quote: quote.to_owned(),
        ask_cause: true,
        broad_cause: false,
        derived_questions: true,
        review: false,
    }
}

fn bank() -> Bank {
    Bank {
        id: BankId::from("test"),
        title: "Test".to_owned(),
        source: "test".to_owned(),
        language: "en".to_owned(),
        authors: Vec::new(),
        version: None,
        path: None,
        exam: None,
        passages: vec![
            passage(
                "p1",
                "A spokesperson for the State Department called it “an affront”. Reports suggest shells were sent.",
            ),
            passage(
                "p2",
                "Analysts have described it as “desperate”. Beijing officially maintains a neutral stance.",
            ),
            passage("p3", "Experts warn that technology could spread."),
            passage("p4", "Sanctions could limit the trade."),
            passage("p5", "Weapons could prolong the war."),
            passage("p6", "Aid could help Ukraine resist."),
        ],
        actors: vec![
            actor("dept", "State Department", &[], "Condemned it", &["p1"]),
            actor(
                "spokesperson",
                "State Department spokesperson",
                &[],
                "Called it an affront",
                &["p1"],
            ),
            actor("analysts", "Analysts", &[], "Called it desperate", &["p2"]),
            actor(
                "china",
                "China",
                &["Beijing"],
                "Officially neutral",
                &["p2"],
            ),
            actor("experts", "Experts", &[], "Warn of spread", &["p3"]),
            actor("nato", "NATO", &[], "Echoed the sentiments", &[]),
            actor("eu", "European Union", &["EU"], "Echoed too", &[]),
        ],
        claims: vec![
            claim(
                "affront",
                "spokesperson",
                Certainty::Official,
                "p1",
                "an affront",
            ),
            claim(
                "shells",
                "article",
                Certainty::Reported,
                "p1",
                "shells were sent",
            ),
            claim(
                "desperate",
                "analysts",
                Certainty::Analysis,
                "p2",
                "“desperate”",
            ),
            claim(
                "neutral",
                "china",
                Certainty::Official,
                "p2",
                "Beijing officially maintains a neutral stance",
            ),
        ],
        implications: vec![
            implication(
                "spread",
                "the exchange of technology",
                "proliferation",
                "p3",
                "technology could spread",
            ),
            implication(
                "limit",
                "tighter sanctions",
                "less trade",
                "p4",
                "Sanctions could limit the trade",
            ),
            implication(
                "prolong",
                "the influx of weapons",
                "a longer war",
                "p5",
                "Weapons could prolong the war",
            ),
            implication(
                "resist",
                "more aid",
                "Ukraine resisting",
                "p6",
                "Aid could help Ukraine resist",
            ),
        ],
        responses: Vec::new(),
        questions: Vec::new(),
        question_index: QuestionIndex::default(),
    }
}

fn find<'q>(questions: &'q [Question], id: &str) -> Option<&'q Question> {
    questions.iter().find(|q| q.id.0 == id)
}

fn options(question: &Question) -> (String, Vec<String>) {
    match &question.answer {
        Answer::Choice { options, correct } => {
            let right = options
                .iter()
                .zip(correct)
                .find(|(_, c)| **c)
                .map(|(o, _)| o.clone())
                .unwrap_or_default();
            let wrong = options
                .iter()
                .zip(correct)
                .filter(|(_, c)| !**c)
                .map(|(o, _)| o.clone())
                .collect();
            (right, wrong)
        }
        other => panic!("expected a choice, got {other:?}"),
    }
}

#[test]
fn certainty_question_teaches_a_report_is_not_a_rumour() {
    let questions = derive_questions(&bank());
    let question = find(&questions, "derived/certainty/shells").expect("generated");
    let (right, wrong) = options(question);
    assert_eq!(right, Certainty::Reported.label());
    assert!(wrong.contains(&Certainty::Rumored.label().to_owned()));
    assert_eq!(wrong.len(), MAX_DISTRACTORS);
    assert!(
        question
            .explanation
            .contains("Reports suggest shells were sent.")
    );
    assert_eq!(question.origin, Origin::Derived);
}

#[test]
fn every_claim_gets_a_certainty_question() {
    let bank = bank();
    let questions = derive_questions(&bank);
    for claim in &bank.claims {
        assert!(find(&questions, &format!("derived/certainty/{}", claim.id)).is_some());
    }
}

#[test]
fn attribution_never_offers_the_speakers_own_office_or_neighbours_in_the_paragraph() {
    let questions = derive_questions(&bank());
    let question = find(&questions, "derived/attribution/affront").expect("generated");
    let (right, wrong) = options(question);
    assert_eq!(right, "State Department spokesperson");
    assert!(!wrong.contains(&"State Department".to_owned()));
    assert!(wrong.len() >= 2);
    assert!(question.prompt.contains("“an affront”"));
}

#[test]
fn attribution_is_skipped_when_the_quote_names_the_speaker() {
    let questions = derive_questions(&bank());
    assert!(find(&questions, "derived/attribution/neutral").is_none());
    assert!(find(&questions, "derived/attribution/desperate").is_some());
}

#[test]
fn claims_in_the_articles_own_voice_get_no_attribution_question() {
    let questions = derive_questions(&bank());
    assert!(find(&questions, "derived/attribution/shells").is_none());
}

#[test]
fn cause_question_leaves_out_causes_that_share_a_word() {
    let mut bank = bank();
    bank.implications.push(implication(
        "tech2",
        "access to cutting-edge technology",
        "better missiles",
        "p6",
        "Aid could help Ukraine resist",
    ));
    let questions = derive_questions(&bank);
    let question = find(&questions, "derived/cause/spread").expect("generated");
    let (right, wrong) = options(question);
    assert_eq!(right, "the exchange of technology");
    assert!(!wrong.contains(&"access to cutting-edge technology".to_owned()));
    assert!(question.prompt.contains("proliferation"));
}

#[test]
fn a_broad_cause_is_never_a_wrong_option_and_ask_cause_false_asks_nothing() {
    let mut bank = bank();
    let before = derive_questions(&bank);
    let (_, wrong) = options(find(&before, "derived/cause/limit").expect("generated"));
    assert!(wrong.contains(&"the exchange of technology".to_owned()));

    bank.implications[0].broad_cause = true;
    bank.implications[1].ask_cause = false;
    let after = derive_questions(&bank);
    assert!(find(&after, "derived/cause/limit").is_none());
    let (right, _) = options(find(&after, "derived/cause/spread").expect("still asked"));
    assert_eq!(right, "the exchange of technology");
    for other in ["derived/cause/prolong", "derived/cause/resist"] {
        let (_, wrong) = options(find(&after, other).expect("generated"));
        assert!(
            !wrong.contains(&"the exchange of technology".to_owned()),
            "{other} offers the broad cause: {wrong:?}"
        );
    }
}

#[test]
fn cause_question_is_skipped_with_fewer_than_two_distinct_distractors() {
    let mut bank = bank();
    bank.implications.truncate(2);
    let questions = derive_questions(&bank);
    assert!(find(&questions, "derived/cause/spread").is_none());
    assert!(find(&questions, "derived/cause/limit").is_none());
}

#[test]
fn distractor_equal_to_the_answer_after_folding_is_never_offered() {
    let picked = pick_distractors(
        "x",
        "The Exchange of  technology",
        vec![
            "the exchange of technology".to_owned(),
            "tighter sanctions".to_owned(),
            "Tighter  sanctions".to_owned(),
            "more aid".to_owned(),
        ],
    )
    .expect("two distinct remain");
    assert_eq!(picked.len(), 2);
    assert!(
        picked
            .iter()
            .all(|p| fold(p) != fold("the exchange of technology"))
    );
}

#[test]
fn actors_are_matched_in_groups_of_at_most_four_and_none_alone() {
    let bank = bank();
    let questions = derive_questions(&bank);
    let groups: Vec<&Question> = questions
        .iter()
        .filter(|q| q.id.0.starts_with("derived/roles/"))
        .collect();
    // Seven actors: a group of four and a group of three, in file order.
    let sizes: Vec<usize> = groups
        .iter()
        .map(|q| match &q.answer {
            Answer::Matching { pairs } => pairs.len(),
            _ => 0,
        })
        .collect();
    assert_eq!(sizes, vec![4, 3]);
    assert_eq!(
        groups[0].id.0,
        "derived/roles/dept+spokesperson+analysts+china"
    );
}

#[test]
fn a_claim_in_the_articles_voice_is_never_offered_official_or_opinion() {
    let mut bank = bank();
    bank.claims[1].certainty = Certainty::Asserted;
    let questions = derive_questions(&bank);
    let question = find(&questions, "derived/certainty/shells").expect("generated");
    let (right, wrong) = options(question);
    assert_eq!(right, Certainty::Asserted.label());
    assert!(!wrong.contains(&Certainty::Official.label().to_owned()));
    assert!(!wrong.contains(&Certainty::Opinion.label().to_owned()));
    assert_eq!(wrong.len(), MAX_DISTRACTORS);
}

#[test]
fn the_same_bank_always_derives_the_same_questions() {
    let first = derive_questions(&bank());
    let second = derive_questions(&bank());
    assert_eq!(first, second);
    assert!(!first.is_empty());
}

#[test]
fn changing_one_claim_keeps_the_other_questions_ids() {
    let before = derive_questions(&bank());
    let mut changed = bank();
    changed.claims[1].statement = "something else entirely".to_owned();
    let after = derive_questions(&changed);
    let ids = |qs: &[Question]| qs.iter().map(|q| q.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&before), ids(&after));
    let hash = |qs: &[Question], id: &str| find(qs, id).map(|q| q.content_hash);
    assert_ne!(
        hash(&before, "derived/certainty/shells"),
        hash(&after, "derived/certainty/shells")
    );
    assert_eq!(
        hash(&before, "derived/certainty/affront"),
        hash(&after, "derived/certainty/affront")
    );
}

#[test]
fn phrases_match_whole_words_only() {
    assert!(contains_phrase(
        "a State Department official",
        "State Department"
    ));
    assert!(contains_phrase("Pyongyang’s defense", "Pyongyang"));
    assert!(!contains_phrase("officially neutral", "EU"));
}
