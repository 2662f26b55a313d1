use super::*;
use crate::BankId;
use crate::bank::model::{Actor, Passage, QuestionIndex, Response, ResponseStatus};

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
fn every_claim_gets_a_certainty_question_in_one_form_or_the_other() {
    let bank = bank();
    let questions = derive_questions(&bank);
    for claim in &bank.claims {
        let label = find(&questions, &format!("derived/certainty/{}", claim.id));
        let which = find(&questions, &format!("derived/which/{}", claim.id));
        assert!(
            label.is_some() || which.is_some(),
            "{} is not asked",
            claim.id
        );
    }
}

#[test]
fn no_label_answers_more_than_its_share_of_label_questions() {
    let mut bank = bank();
    for i in 0..8 {
        let mut extra = claim(
            &format!("fact{i}"),
            "article",
            Certainty::Asserted,
            "p4",
            "Sanctions could limit the trade",
        );
        extra.statement = format!("Fact number {i} holds");
        bank.claims.push(extra);
    }
    let questions = derive_questions(&bank);
    let labels: Vec<String> = questions
        .iter()
        .filter(|q| q.id.0.starts_with("derived/certainty/"))
        .map(|q| options(q).0)
        .collect();
    let facts = labels
        .iter()
        .filter(|l| *l == Certainty::Asserted.label())
        .count();
    assert!(
        facts as f64 <= 0.4 * labels.len() as f64,
        "{facts} of {} label questions answer “stated as fact”",
        labels.len()
    );
    // The claims left out of the label form are asked the other way round.
    let which = questions
        .iter()
        .filter(|q| q.id.0.starts_with("derived/which/fact"))
        .count();
    assert!(which >= 8 - facts, "{which} which-questions");
}

#[test]
fn a_which_question_asks_for_the_label_among_claims_of_other_labels() {
    // With only claims in someone's words beside it, every wrong option would be defensible (they are
    // reported speech): no question.
    let questions = derive_questions(&bank());
    assert!(find(&questions, "derived/which/shells").is_none());
    let mut bank = bank();
    for (id, passage) in [("trade", "p4"), ("war", "p5")] {
        let mut fact = claim(id, "article", Certainty::Asserted, passage, "could");
        fact.statement = format!("The {id} goes on");
        bank.claims.push(fact);
    }
    let questions = derive_questions(&bank);
    let question =
        find(&questions, "derived/which/shells").expect("reported claims are asked both ways");
    assert_eq!(
        question.prompt,
        "Which of these does the article present as reported, not confirmed?"
    );
    let (right, wrong) = options(question);
    assert_eq!(right, "Statement of shells");
    let mut wrong = wrong;
    wrong.sort();
    assert_eq!(wrong, ["The trade goes on", "The war goes on"]);
}

#[test]
fn a_claim_in_someones_words_is_never_offered_reported() {
    let questions = derive_questions(&bank());
    for id in ["derived/certainty/affront", "derived/certainty/desperate"] {
        let Some(question) = find(&questions, id) else {
            continue;
        };
        let (_, wrong) = options(question);
        assert!(
            !wrong.contains(&Certainty::Reported.label().to_owned()),
            "{id} offers “reported”: {wrong:?}"
        );
    }
    let mut bank = bank();
    bank.claims[0].certainty = Certainty::Attributed;
    let questions = derive_questions(&bank);
    let (right, wrong) = options(find(&questions, "derived/certainty/affront").expect("asked"));
    assert_eq!(right, Certainty::Attributed.label());
    assert!(!wrong.contains(&Certainty::Reported.label().to_owned()));
    assert!(!wrong.contains(&Certainty::Analysis.label().to_owned()));
    assert!(wrong.contains(&Certainty::Official.label().to_owned()));
}

#[test]
fn an_opinion_by_a_named_speaker_is_taught_as_their_view_not_the_articles() {
    let mut bank = bank();
    bank.claims[2].certainty = Certainty::Opinion;
    let questions = derive_questions(&bank);
    let question = find(&questions, "derived/certainty/desperate")
        .or_else(|| find(&questions, "derived/which/desperate"))
        .expect("asked");
    let (right, wrong) = options(question);
    assert_ne!(right, Certainty::Opinion.label());
    assert!(!question.explanation.contains("article's own"));
    if question.id.0.starts_with("derived/certainty/") {
        assert_eq!(right, Certainty::Attributed.label());
        assert!(!wrong.contains(&Certainty::Analysis.label().to_owned()));
    }
}

#[test]
fn items_with_derived_questions_off_generate_nothing() {
    let mut bank = bank();
    bank.claims[0].derived_questions = false;
    bank.implications[1].derived_questions = false;
    bank.actors[2].derived_questions = false;
    let questions = derive_questions(&bank);
    for id in [
        "derived/certainty/affront",
        "derived/which/affront",
        "derived/attribution/affront",
        "derived/cause/limit",
        "derived/attribution/desperate",
    ] {
        assert!(find(&questions, id).is_none(), "{id} was generated");
    }
    for question in &questions {
        assert!(
            !question.about.iter().any(|a| a == "analysts"),
            "{} is about analysts",
            question.id
        );
        if let Answer::Choice { options, .. } = &question.answer {
            assert!(
                !options.contains(&"tighter sanctions".to_owned()),
                "{} offers a switched-off cause",
                question.id
            );
            assert!(
                !options.contains(&"Analysts".to_owned()),
                "{} offers a switched-off actor",
                question.id
            );
        }
    }
}

#[test]
fn a_member_is_never_offered_beside_its_body_and_the_other_way_round() {
    let mut bank = bank();
    // A minister and the body he belongs to, with names that share nothing.
    bank.passages
        .push(passage("p7", "“Enough,” said the chancellor."));
    bank.actors.push(actor(
        "chancellor",
        "Rachel Reeves",
        &[],
        "Said enough",
        &["p7"],
    ));
    bank.actors
        .push(actor("g7", "G7 finance ministers", &[], "Met in Rome", &[]));
    bank.actors.last_mut().expect("pushed").member_of = None;
    if let Some(reeves) = bank.actors.iter_mut().find(|a| a.id == "chancellor") {
        reeves.member_of = Some("g7".to_owned());
    }
    bank.claims.push(claim(
        "enough",
        "chancellor",
        Certainty::Official,
        "p7",
        "“Enough,”",
    ));
    let questions = derive_questions(&bank);
    let (right, wrong) = options(find(&questions, "derived/attribution/enough").expect("asked"));
    assert_eq!(right, "Rachel Reeves");
    assert!(
        !wrong.contains(&"G7 finance ministers".to_owned()),
        "{wrong:?}"
    );
    // And the body's own words never offer its member.
    bank.claims.push(claim(
        "rome",
        "g7",
        Certainty::Official,
        "p6",
        "Aid could help",
    ));
    let questions = derive_questions(&bank);
    if let Some(question) = find(&questions, "derived/attribution/rome") {
        let (_, wrong) = options(question);
        assert!(!wrong.contains(&"Rachel Reeves".to_owned()), "{wrong:?}");
    }
}

#[test]
fn a_cause_said_by_someone_names_them_not_the_article() {
    let mut bank = bank();
    bank.implications[0].by = Some("experts".to_owned());
    let questions = derive_questions(&bank);
    let question = find(&questions, "derived/cause/spread").expect("asked");
    assert!(
        question.prompt.starts_with("According to experts, "),
        "{}",
        question.prompt
    );
    assert!(!question.prompt.contains("According to the article"));
    assert!(question.about.contains(&"experts".to_owned()));
}

#[test]
fn names_keep_their_capitals_and_only_a_leading_article_is_lowered() {
    let passages = vec![passage(
        "p",
        "Analysts spoke. Then security analysts and the Western nations met Jens Stoltenberg and NATO.",
    )];
    let cases = [
        (
            "A spokesperson for the U.S. State Department",
            "a spokesperson for the U.S. State Department",
        ),
        ("The U.S. and its allies", "the U.S. and its allies"),
        ("Security analysts", "security analysts"),
        ("Western nations", "Western nations"),
        ("Jens Stoltenberg", "Jens Stoltenberg"),
        ("NATO", "NATO"),
        ("Analysts", "analysts"),
        ("Kim Jong Un", "Kim Jong Un"),
    ];
    for (name, expected) in cases {
        assert_eq!(in_sentence(name, &passages), expected, "{name}");
    }
}

#[test]
fn a_quoted_statement_reads_on_its_own_without_doubled_marks() {
    assert_eq!(
        standalone("In return, Russia is offering technology."),
        "Russia is offering technology"
    );
    assert_eq!(standalone("moreover, the war goes on"), "The war goes on");
    assert_eq!(standalone("Still waters run deep"), "Still waters run deep");
    assert_eq!(standalone("Andorra votes"), "Andorra votes");
    assert_eq!(
        quoted("a “desperate alliance” formed"),
        "“a ‘desperate alliance’ formed”"
    );
    assert_eq!(
        quoted("“an affront to international stability,”"),
        "“an affront to international stability”"
    );
    assert_eq!(
        quoted("“It is,” she said, “a threat.”"),
        "“‘It is,’ she said, ‘a threat.’”"
    );
    assert_eq!(quoted("citing its violation,"), "“citing its violation”");
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

fn response(id: &str, statement: &str, status: Option<ResponseStatus>) -> Response {
    Response {
        id: id.to_owned(),
        statement: statement.to_owned(),
        by: Vec::new(),
        status,
        passage: "p4".to_owned(),
        quote: "Sanctions could limit the trade".to_owned(),
        review: false,
    }
}

#[test]
fn status_questions_never_offer_a_defensible_status_or_give_it_away() {
    let mut bank = bank();
    bank.responses = vec![
        response(
            "ramp",
            "Ramping up sanctions",
            Some(ResponseStatus::Pledged),
        ),
        response(
            "unity",
            "Greater unity among democracies",
            Some(ResponseStatus::Recommended),
        ),
        response(
            "aid",
            "Increased support for Ukraine",
            Some(ResponseStatus::Exploring),
        ),
        response(
            "vow",
            "A pledge of more sanctions",
            Some(ResponseStatus::Pledged),
        ),
        response("talks", "Talks", None),
    ];
    let questions = derive_questions(&bank);
    let (right, wrong) = options(find(&questions, "derived/status/ramp").expect("asked"));
    assert_eq!(right, ResponseStatus::Pledged.label());
    assert!(!wrong.contains(&ResponseStatus::UnderWay.label().to_owned()));
    assert!(find(&questions, "derived/status/unity").is_some());
    // What is explored may be read as under way, pledged or done: too few plainly wrong statuses.
    assert!(find(&questions, "derived/status/aid").is_none());
    // "A pledge of …" gives the answer away; no status, no question.
    assert!(find(&questions, "derived/status/vow").is_none());
    assert!(find(&questions, "derived/status/talks").is_none());
}

#[test]
fn a_cause_of_a_similar_effect_is_never_a_wrong_option_but_a_shared_name_is_no_similarity() {
    let mut bank = bank();
    bank.passages.push(passage(
        "p7",
        "Shells could escalate the conflict in China.",
    ));
    bank.implications.push(implication(
        "escalate",
        "shipments of shells",
        "an escalating conflict in China",
        "p7",
        "Shells could escalate the conflict",
    ));
    bank.implications[2].effect = "a longer conflict".to_owned();
    bank.implications[1].effect = "less trade with China".to_owned();
    let questions = derive_questions(&bank);
    let (_, wrong) = options(find(&questions, "derived/cause/escalate").expect("asked"));
    assert!(
        !wrong.contains(&"the influx of weapons".to_owned()),
        "{wrong:?}"
    );
    assert!(
        wrong.contains(&"tighter sanctions".to_owned()),
        "“China” in both effects does not make them alike: {wrong:?}"
    );
}
