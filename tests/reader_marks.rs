//! The article reader's marks: which bytes of a passage stand for which actor, claim, implication or
//! response, and where "show in article" highlights a quote. Ranges are checked exactly, on a small
//! hand-made bank with typographic quotes and multi-byte characters.

use std::ops::Range;

use dossier::BankId;
use dossier::QuestionId;
use dossier::bank::reader::{
    Mark, MarkTarget, actor_claims, highlight_range, passage_marks, questions_about,
};
use dossier::bank::{
    Actor, Answer, Bank, Certainty, Claim, Implication, Origin, Passage, Question, QuestionIndex,
    Response,
};

const P1: &str = "North Korea’s leader Kim Jong Un met Russia’s President Vladimir Putin in Pyongyang. \
Analysts have described this as a “desperate alliance” that could speed up “nuclear proliferation”, \
leaving us to wonder. South Korea’s Yoon reacted.";

const P2: &str = "Über Putin’s “deal”.";

fn actor(id: &str, name: &str, aliases: &[&str]) -> Actor {
    Actor {
        id: id.to_owned(),
        name: name.to_owned(),
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        role: String::new(),
        passages: Vec::new(),
        member_of: None,
        derived_questions: true,
        review: false,
    }
}

fn claim(id: &str, passage: &str, quote: &str) -> Claim {
    Claim {
        id: id.to_owned(),
        statement: String::new(),
        by: "article".to_owned(),
        about: Vec::new(),
        certainty: Certainty::Analysis,
        passage: passage.to_owned(),
        quote: quote.to_owned(),
        derived_questions: true,
        review: false,
    }
}

fn bank() -> Bank {
    Bank {
        id: BankId::from("test"),
        title: "Test".to_owned(),
        source: String::new(),
        language: "en".to_owned(),
        authors: Vec::new(),
        version: None,
        path: None,
        exam: None,
        passages: vec![
            Passage {
                id: "p1".to_owned(),
                section: "One".to_owned(),
                text: P1.to_owned(),
            },
            Passage {
                id: "p2".to_owned(),
                section: "Two".to_owned(),
                text: P2.to_owned(),
            },
        ],
        actors: vec![
            actor("nk", "North Korea", &["Pyongyang"]),
            actor("sk", "South Korea", &["Korea"]),
            actor("kim", "Kim Jong Un", &["Kim"]),
            actor("putin", "Vladimir Putin", &["Putin"]),
            actor("ru", "Russia", &[]),
            actor("us", "United States", &["US"]),
        ],
        claims: vec![
            claim("alliance", "p1", "a \"desperate alliance\""),
            claim(
                "meeting",
                "p1",
                "Kim Jong Un met Russia's President Vladimir Putin",
            ),
            claim("deal", "p2", "\"deal\""),
        ],
        implications: vec![Implication {
            id: "proliferation".to_owned(),
            statement: String::new(),
            cause: String::new(),
            effect: String::new(),
            certainty: Certainty::Analysis,
            by: None,
            passage: "p1".to_owned(),
            quote: "speed up \"nuclear proliferation\"".to_owned(),
            ask_cause: true,
            broad_cause: false,
            derived_questions: true,
            review: false,
        }],
        responses: vec![Response {
            id: "reaction".to_owned(),
            statement: String::new(),
            by: Vec::new(),
            status: None,
            passage: "p2".to_owned(),
            quote: "Putin’s “deal”".to_owned(),
            review: false,
        }],
        questions: Vec::new(),
        question_index: QuestionIndex::default(),
    }
}

fn shown(text: &str, marks: &[Mark]) -> Vec<(String, MarkTarget)> {
    marks
        .iter()
        .map(|m| (text[m.range.clone()].to_owned(), m.target.clone()))
        .collect()
}

fn actor_t(id: &str) -> MarkTarget {
    MarkTarget::Actor(id.to_owned())
}

fn claim_t(id: &str) -> MarkTarget {
    MarkTarget::Claim(id.to_owned())
}

#[test]
fn actors_and_quotes_are_marked_in_reading_order() {
    let marks = passage_marks(&bank(), "p1");
    assert_eq!(
        shown(P1, &marks),
        vec![
            ("North Korea".to_owned(), actor_t("nk")),
            ("Kim Jong Un".to_owned(), actor_t("kim")),
            (" met ".to_owned(), claim_t("meeting")),
            ("Russia".to_owned(), actor_t("ru")),
            ("’s President ".to_owned(), claim_t("meeting")),
            ("Vladimir Putin".to_owned(), actor_t("putin")),
            ("Pyongyang".to_owned(), actor_t("nk")),
            ("a “desperate alliance”".to_owned(), claim_t("alliance")),
            (
                "speed up “nuclear proliferation”".to_owned(),
                MarkTarget::Implication("proliferation".to_owned())
            ),
            ("South Korea".to_owned(), actor_t("sk")),
        ]
    );
    assert!(marks.windows(2).all(|w| w[0].range.end <= w[1].range.start));
}

#[test]
fn longer_actor_name_wins_over_a_shorter_alias_inside_it() {
    let marks = passage_marks(&bank(), "p1");
    // "Korea" (alias of South Korea) inside "North Korea", "Kim" inside "Kim Jong Un", "Putin" inside
    // "Vladimir Putin" are not marks of their own.
    let texts: Vec<&str> = marks.iter().map(|m| &P1[m.range.clone()]).collect();
    assert!(!texts.contains(&"Korea"));
    assert!(!texts.contains(&"Kim"));
    assert!(!texts.contains(&"Putin"));
}

#[test]
fn actor_names_match_whole_words_with_their_case() {
    let marks = passage_marks(&bank(), "p1");
    // "leaving us to wonder" is not the US.
    assert!(marks.iter().all(|m| m.target != actor_t("us")));
}

#[test]
fn ranges_are_byte_offsets_across_multi_byte_characters() {
    let marks = passage_marks(&bank(), "p2");
    let expected: Vec<(Range<usize>, MarkTarget)> = vec![
        (6..11, actor_t("putin")),
        (11..16, MarkTarget::Response("reaction".to_owned())),
        (16..26, claim_t("deal")),
    ];
    let got: Vec<(Range<usize>, MarkTarget)> =
        marks.into_iter().map(|m| (m.range, m.target)).collect();
    assert_eq!(got, expected);
}

#[test]
fn quote_nested_in_a_longer_quote_splits_it() {
    let mut bank = bank();
    bank.claims
        .push(claim("desperate", "p1", "desperate alliance"));
    let marks = passage_marks(&bank, "p1");
    let shown = shown(P1, &marks);
    let at = shown
        .iter()
        .position(|(t, _)| t == "desperate alliance")
        .unwrap();
    assert_eq!(shown[at].1, claim_t("desperate"));
    assert_eq!(shown[at - 1], ("a “".to_owned(), claim_t("alliance")));
    assert_eq!(shown[at + 1], ("”".to_owned(), claim_t("alliance")));
}

#[test]
fn unknown_passage_has_no_marks() {
    assert!(passage_marks(&bank(), "nope").is_empty());
}

#[test]
fn show_in_article_forgives_straight_quotes_and_spacing() {
    let range = highlight_range(P1, "a \"desperate   alliance\"").unwrap();
    assert_eq!(&P1[range], "a “desperate alliance”");
}

#[test]
fn show_in_article_falls_back_to_ignoring_case() {
    let range = highlight_range(P1, "Desperate alliance").unwrap();
    assert_eq!(&P1[range], "desperate alliance");
    assert_eq!(highlight_range(P2, "über PUTIN's"), Some(0..15));
}

#[test]
fn show_in_article_finds_nothing_for_a_quote_not_in_the_passage() {
    assert_eq!(highlight_range(P1, "peace treaty"), None);
    assert_eq!(highlight_range(P1, "   "), None);
}

fn question(id: &str, about: &[&str]) -> Question {
    Question {
        id: QuestionId::from(id),
        prompt: String::new(),
        passage: "p1".to_owned(),
        quote: None,
        explanation: String::new(),
        about: about.iter().map(|a| (*a).to_owned()).collect(),
        tags: Vec::new(),
        answer: Answer::TrueFalse { answer: true },
        origin: Origin::Authored,
        review: false,
        content_hash: 0,
    }
}

#[test]
fn claim_card_lists_the_questions_that_test_it() {
    let mut bank = bank();
    bank.questions = vec![
        question("q1", &["alliance"]),
        question("q2", &["meeting", "kim"]),
        question("q3", &["alliance", "putin"]),
    ];
    let ids = |target: &str| -> Vec<String> {
        questions_about(&bank, target)
            .iter()
            .map(|q| q.id.0.clone())
            .collect()
    };
    assert_eq!(ids("alliance"), vec!["q1", "q3"]);
    assert_eq!(ids("kim"), vec!["q2"]);
    assert!(ids("proliferation").is_empty());
}

#[test]
fn actor_card_separates_claims_made_from_claims_about_them() {
    let mut bank = bank();
    bank.claims[1].about = vec!["kim".to_owned(), "putin".to_owned()];
    bank.claims[2].by = "putin".to_owned();
    let putin = actor_claims(&bank, "putin");
    let ids = |claims: &[&Claim]| -> Vec<String> { claims.iter().map(|c| c.id.clone()).collect() };
    assert_eq!(ids(&putin.made), vec!["deal"]);
    assert_eq!(ids(&putin.about), vec!["meeting"]);
    assert!(actor_claims(&bank, "us").made.is_empty());
}

#[test]
fn actor_named_inside_a_quote_knows_the_quote_around_it() {
    let marks = passage_marks(&bank(), "p1");
    let kim = marks.iter().find(|m| m.target == actor_t("kim")).unwrap();
    assert_eq!(kim.enclosing, Some(claim_t("meeting")));
    let north_korea = marks.iter().find(|m| m.target == actor_t("nk")).unwrap();
    assert_eq!(north_korea.enclosing, None);
    let meeting_parts: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.target == claim_t("meeting"))
        .collect();
    assert!(meeting_parts.iter().all(|m| m.enclosing.is_none()));
}

mod any_text {
    use super::*;
    use proptest::prelude::*;

    fn word() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "Kim",
            "Kim Jong Un",
            "Über",
            "“deal”",
            "Putin’s",
            "a",
            "US",
            "us",
            "—",
            "é",
            "Korea",
            "North Korea",
            ",",
            "\"x\"",
        ])
        .prop_map(str::to_owned)
    }

    proptest! {
        #[test]
        fn marks_are_sorted_disjoint_and_on_char_boundaries(
            words in prop::collection::vec(word(), 0..30),
            quote_words in prop::collection::vec(word(), 1..4),
        ) {
            let text = words.join(" ");
            let mut bank = bank();
            bank.passages[0].text = text.clone();
            bank.claims[0].quote = quote_words.join(" ");
            let marks = passage_marks(&bank, "p1");
            for mark in &marks {
                prop_assert!(mark.range.start < mark.range.end);
                prop_assert!(text.is_char_boundary(mark.range.start));
                prop_assert!(text.is_char_boundary(mark.range.end));
            }
            prop_assert!(marks.windows(2).all(|w| w[0].range.end <= w[1].range.start));
        }
    }
}
