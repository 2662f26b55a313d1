//! The bundled bank, `quizzes/north-korea-russia.ron`, checked against the project's copy of the article
//! (`quizzes/north-korea-russia.txt`): it must rebuild the article word for word, quote it verbatim, test
//! every actor, claim, implication and response, use every kind of question in every section, and derive
//! the same questions every time it is loaded.
//!
//! The bank is loaded exactly as the app loads it (`bank::validate::load_bank_file`: validation, then
//! derived questions), so a bank that the app would refuse fails here too.

use std::collections::HashSet;
use std::path::PathBuf;

use dossier::QuestionId;
use dossier::bank::diagnostic::Diagnostic;
use dossier::bank::text::{contains_quote, fold_char};
use dossier::bank::validate::load_bank_file;
use dossier::bank::{Answer, Bank, Certainty, Origin, Question, QuestionKind};

fn quizzes() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("quizzes")
}

fn article() -> String {
    std::fs::read_to_string(quizzes().join("north-korea-russia.txt")).unwrap()
}

/// The bank as the app loads it; a validation error fails the test with the rendered diagnostics.
fn load() -> Bank {
    let path = quizzes().join("north-korea-russia.ron");
    match load_bank_file(&path) {
        Ok(bank) => bank,
        Err(diagnostics) => panic!(
            "the bundled bank does not validate:\n{}",
            diagnostics
                .iter()
                .map(Diagnostic::render_plain)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
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
        // Only a question about the article's structure (its section headings, which are not passages)
        // has nothing to quote.
        if question.quote.is_none() && question.tags.iter().any(|t| t == "structure") {
            continue;
        }
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
    // Numeric answers exist for imported quizzes; the article has no figure worth asking for.
    for kind in QuestionKind::ALL
        .into_iter()
        .filter(|k| *k != QuestionKind::Numeric)
    {
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
    for claim in bank.claims.iter().filter(|c| c.derived_questions) {
        let label = bank.question(&QuestionId(format!("derived/certainty/{}", claim.id)));
        let which = bank.question(&QuestionId(format!("derived/which/{}", claim.id)));
        assert!(
            label.is_some() || which.is_some(),
            "{} has no certainty question",
            claim.id
        );
        if let Some(question) = label {
            let Answer::Choice { options, .. } = &question.answer else {
                panic!("certainty question {} is not a choice", question.id);
            };
            assert_eq!(options[0], claim.certainty.label());
        }
    }
    let attributed = bank
        .questions
        .iter()
        .filter(|q| q.id.0.starts_with("derived/attribution/"))
        .count();
    assert!(attributed >= 5, "only {attributed} attribution questions");
    for implication in &bank.implications {
        let id = QuestionId(format!("derived/cause/{}", implication.id));
        assert_eq!(
            bank.question(&id).is_some(),
            implication.ask_cause,
            "a cause question for {} exactly when ask_cause is on",
            implication.id
        );
    }
}

/// A cause marked broad fits other effects too, so offering it as a wrong option would punish a
/// careful reader; and a bank that turns a cause question off still tests that implication by hand.
#[test]
fn broad_causes_are_never_wrong_options_and_unasked_causes_are_tested_by_hand() {
    let bank = load();
    for implication in bank.implications.iter().filter(|i| i.broad_cause) {
        for question in bank
            .questions
            .iter()
            .filter(|q| q.id.0.starts_with("derived/cause/"))
        {
            let Answer::Choice { options, correct } = &question.answer else {
                panic!("cause question {} is not a choice", question.id.0);
            };
            let offered_wrong = options
                .iter()
                .zip(correct)
                .any(|(option, right)| !right && *option == implication.cause);
            assert!(
                !offered_wrong,
                "{} offers the broad cause of {} as wrong",
                question.id.0, implication.id
            );
        }
    }
    for implication in bank.implications.iter().filter(|i| !i.ask_cause) {
        let by_hand = bank
            .questions
            .iter()
            .filter(|q| q.origin == Origin::Authored && q.about.contains(&implication.id))
            .count();
        assert!(by_hand >= 1, "{} is not tested at all", implication.id);
    }
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

#[test]
fn an_actors_questions_include_those_about_their_claims() {
    use dossier::bank::reader::{questions_about, questions_on_actor};
    let bank = dossier::bank::validate::load_bank_file(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/quizzes/north-korea-russia.ron"
    )))
    .expect("bundled bank loads");
    let mut wider = 0;
    for actor in &bank.actors {
        let direct = questions_about(&bank, &actor.id);
        let all = questions_on_actor(&bank, &actor.id);
        assert!(
            direct.iter().all(|q| all.contains(q)),
            "{} loses direct questions",
            actor.id
        );
        if all.len() > direct.len() {
            wider += 1;
        }
    }
    assert!(
        wider > 0,
        "questions about an actor's claims count for the actor too"
    );
}

/// The generated label questions ("How does the article present the claim …?") with their answers.
fn certainty_labels(bank: &Bank) -> Vec<(&Question, String, Vec<String>)> {
    let labels: Vec<&str> = Certainty::ALL.iter().map(|c| c.label()).collect();
    bank.questions
        .iter()
        .filter(|q| q.origin == Origin::Derived)
        .filter_map(|q| match &q.answer {
            Answer::Choice { options, correct }
                if options.iter().all(|o| labels.contains(&o.as_str())) =>
            {
                let right = options
                    .iter()
                    .zip(correct)
                    .find(|(_, c)| **c)
                    .map(|(o, _)| o.clone())?;
                let wrong = options
                    .iter()
                    .zip(correct)
                    .filter(|(_, c)| !**c)
                    .map(|(o, _)| o.clone())
                    .collect();
                Some((q, right, wrong))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn no_certainty_label_answers_more_than_forty_percent_of_generated_certainty_questions() {
    let bank = load();
    let asked = certainty_labels(&bank);
    assert!(asked.len() >= 15, "only {} label questions", asked.len());
    for certainty in Certainty::ALL {
        let count = asked
            .iter()
            .filter(|(_, right, _)| right == certainty.label())
            .count();
        assert!(
            count as f64 <= 0.4 * asked.len() as f64,
            "“{}” answers {count} of {} certainty questions",
            certainty.label(),
            asked.len()
        );
    }
    // And the claims left out are asked the other way round, with several prompts.
    let which: HashSet<&str> = bank
        .questions
        .iter()
        .filter(|q| q.id.0.starts_with("derived/which/"))
        .map(|q| q.prompt.as_str())
        .collect();
    assert!(which.len() >= 3, "{which:?}");
}

#[test]
fn generated_certainty_questions_never_offer_a_defensible_wrong_label() {
    let bank = load();
    let label = |c: Certainty| c.label().to_owned();
    for (question, right, wrong) in certainty_labels(&bank) {
        let claim_id = question.id.0.trim_start_matches("derived/certainty/");
        let claim = bank.claim(claim_id).expect("a claim's question");
        if claim.by != "article" {
            assert!(
                !wrong.contains(&label(Certainty::Reported)),
                "{}: a named speaker's words offered as “reported”",
                question.id
            );
        }
        if right == label(Certainty::Asserted) {
            assert!(
                !wrong.contains(&label(Certainty::Opinion)),
                "{}",
                question.id
            );
        }
        if right == label(Certainty::Opinion) {
            assert!(claim.by == "article", "{}", question.id);
            assert!(
                !wrong.contains(&label(Certainty::Asserted)),
                "{}",
                question.id
            );
        }
    }
}

/// Words that may carry a capital inside a sentence: those of actors' names and aliases, and those the
/// article itself capitalises inside sentences.
fn proper_words(bank: &Bank) -> HashSet<String> {
    let mut words = HashSet::new();
    for actor in &bank.actors {
        for name in std::iter::once(&actor.name).chain(&actor.aliases) {
            words.extend(name.split_whitespace().map(bare));
        }
    }
    for passage in &bank.passages {
        for (word, starts) in words_with_starts(&passage.text) {
            if !starts && word.chars().next().is_some_and(char::is_uppercase) {
                words.insert(bare(word));
            }
        }
    }
    words
}

/// A word without surrounding punctuation or a possessive "’s".
fn bare(word: &str) -> String {
    let trimmed = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-');
    let trimmed = trimmed.trim_end_matches('.');
    let trimmed = trimmed
        .strip_suffix("’s")
        .or_else(|| trimmed.strip_suffix("'s"))
        .unwrap_or(trimmed);
    trimmed.to_owned()
}

/// The words of `text`, each with whether it begins a sentence (first, after `.`, `?`, `!` or `:`, or
/// first in a quotation).
fn words_with_starts(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut starts = true;
    for word in text.split_whitespace() {
        // A quotation begins its own sentence: “The U.S. …”.
        let quoted = word.starts_with(['“', '"']);
        out.push((
            word.trim_start_matches(['“', '‘', '"', '(']),
            starts || quoted,
        ));
        starts = word
            .trim_end_matches(['”', '’', '"', ')'])
            .ends_with(['.', '?', '!', ':']);
    }
    out
}

#[test]
fn no_generated_prompt_has_a_capital_mid_sentence_outside_a_name() {
    let bank = load();
    let proper = proper_words(&bank);
    for question in bank
        .questions
        .iter()
        .filter(|q| q.origin == Origin::Derived)
    {
        for text in [&question.prompt, &question.explanation] {
            for (word, starts) in words_with_starts(text) {
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                if capital && !starts {
                    assert!(
                        proper.contains(&bare(word)),
                        "{}: “{word}” mid-sentence in: {text}",
                        question.id
                    );
                }
            }
        }
    }
}

#[test]
fn the_bank_has_twenty_new_deeper_questions_and_two_part_ones() {
    let bank = load();
    let deeper = authored(&bank)
        .filter(|q| {
            q.tags.iter().any(|t| {
                matches!(
                    t.as_str(),
                    "sourcing" | "responses" | "cause-and-effect" | "two-part"
                )
            })
        })
        .count();
    assert!(
        deeper >= 20,
        "only {deeper} questions on sourcing, responses and causes"
    );
    let two_part = authored(&bank)
        .filter(|q| q.answer.kind() == QuestionKind::TwoPart)
        .count();
    assert!(two_part >= 5, "only {two_part} two-part questions");
    let paraphrased = authored(&bank)
        .filter(|q| matches!(&q.answer, Answer::Typed { accept } if accept.len() >= 5))
        .count();
    assert!(
        paraphrased >= 3,
        "only {paraphrased} typed questions accept paraphrases"
    );
}
