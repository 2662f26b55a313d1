//! Drafting a bank from an article: compared with the hand-built bundled bank, for every input form,
//! every certainty cue, bad input, and (by property test) that no drafted quote is ever misquoted.

use std::path::{Path, PathBuf};
use std::process::Command;

use dossier::author::actors::name_key;
use dossier::author::cues::suggest_certainty;
use dossier::author::{
    ArticleFormat, DraftOptions, Drafted, InputError, draft_from_bytes, draft_from_text,
};
use dossier::bank::raw::{Certainty, RawAnswer, RawBank};
use dossier::bank::text::{find_quote, sentence_ranges};
use dossier::bank::validate::{Limits, check_bank_str, load_bank_file};
use proptest::prelude::*;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn draft(text: &str, format: ArticleFormat) -> Drafted {
    draft_from_text(text, Some(format), "test article", &DraftOptions::default()).expect("drafted")
}

/// The draft's RON passes the same check as `dossier check`, with no error.
fn assert_valid(drafted: &Drafted) {
    let checked = check_bank_str(&drafted.ron, Path::new("draft.ron"), &Limits::default());
    let errors: Vec<&str> = checked
        .diagnostics
        .iter()
        .filter(|d| checked.bank.is_none() || d.message.is_empty())
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        checked.bank.is_some(),
        "the draft is not a valid bank: {errors:?}\n{}",
        drafted.ron
    );
}

fn names(bank: &RawBank, id: usize) -> Vec<String> {
    let a = &bank.actors[id];
    std::iter::once(a.name.clone())
        .chain(a.aliases.iter().cloned())
        .map(|n| name_key(&n))
        .collect()
}

fn passage_text<'a>(bank: &'a RawBank, id: &str) -> &'a str {
    bank.passages
        .iter()
        .find(|p| p.id == id)
        .map_or("", |p| p.text.as_str())
}

#[test]
fn drafted_bundled_article_finds_the_hand_built_actors_and_claims() {
    let text =
        std::fs::read_to_string(repo("quizzes/north-korea-russia.txt")).expect("bundled article");
    let drafted = draft(&text, ArticleFormat::Text);
    assert_valid(&drafted);
    let found = &drafted.draft.bank;
    let hand = load_bank_file(&repo("quizzes/north-korea-russia.ron")).expect("bundled bank loads");

    // Actors: a match by name or alias, either way.
    let hand_names: Vec<Vec<String>> = hand
        .actors
        .iter()
        .map(|a| {
            std::iter::once(&a.name)
                .chain(&a.aliases)
                .map(|n| name_key(n))
                .collect()
        })
        .collect();
    let matches = |f: &[String], h: &[String]| f.iter().any(|n| h.contains(n));
    let found_names: Vec<Vec<String>> = (0..found.actors.len()).map(|i| names(found, i)).collect();
    let recalled = hand_names
        .iter()
        .filter(|h| found_names.iter().any(|f| matches(f, h)))
        .count();
    let precise = found_names
        .iter()
        .filter(|f| hand_names.iter().any(|h| matches(f, h)))
        .count();
    let actor_recall = recalled as f64 / hand_names.len() as f64;
    let actor_precision = precise as f64 / found_names.len().max(1) as f64;

    // Claims: a drafted claim on the same paragraph whose quote overlaps the hand-built one.
    let mut claims_found = 0;
    let mut certainty_right = 0;
    let mut missed = Vec::new();
    for claim in &hand.claims {
        let passage = hand.passage(&claim.passage).expect("hand passage");
        let Some(hand_span) = find_quote(&passage.text, &claim.quote) else {
            continue;
        };
        let overlapping: Vec<_> = found
            .claims
            .iter()
            .filter(|c| passage_text(found, &c.passage) == passage.text)
            .filter_map(|c| find_quote(&passage.text, &c.quote).map(|r| (c, r)))
            .filter(|(_, r)| r.start < hand_span.end && hand_span.start < r.end)
            .collect();
        if overlapping.is_empty() {
            missed.push(claim.id.as_str());
            continue;
        }
        claims_found += 1;
        let best = overlapping
            .iter()
            .max_by_key(|(_, r)| {
                r.end
                    .min(hand_span.end)
                    .saturating_sub(r.start.max(hand_span.start))
            })
            .map(|(c, _)| c.certainty);
        if best == Some(claim.certainty) {
            certainty_right += 1;
        }
    }
    let claim_recall = claims_found as f64 / hand.claims.len() as f64;
    let certainty = certainty_right as f64 / claims_found.max(1) as f64;
    println!(
        "draft vs hand-built bank: actors recall {:.0} % ({recalled}/{}), precision {:.0} % ({precise}/{}); claims recall {:.0} % ({claims_found}/{}); certainty right on {:.0} % ({certainty_right}/{claims_found}) of the claims found; missed claims: {missed:?}",
        actor_recall * 100.0,
        hand_names.len(),
        actor_precision * 100.0,
        found_names.len(),
        claim_recall * 100.0,
        hand.claims.len(),
        certainty * 100.0,
    );
    let found_actor_names: Vec<&str> = found.actors.iter().map(|a| a.name.as_str()).collect();
    assert!(
        actor_recall >= 0.90,
        "actor recall {actor_recall:.2} < 0.90; found {found_actor_names:?}"
    );
    assert!(
        actor_precision >= 0.80,
        "actor precision {actor_precision:.2} < 0.80; found {found_actor_names:?}"
    );
    assert!(
        claim_recall >= 0.75,
        "claim recall {claim_recall:.2} < 0.75; missed {missed:?}"
    );
    assert!(
        certainty >= 0.80,
        "certainty right on {certainty:.2} < 0.80 of the claims found"
    );
    // Everything drafted is flagged for the teacher.
    assert!(found.actors.iter().all(|a| a.review) && found.claims.iter().all(|c| c.review));
    assert!(found.questions.iter().all(|q| q.review) && !found.questions.is_empty());
}

#[test]
fn plain_text_with_headings_gets_sections_and_a_headline() {
    let text = "Council Votes on New Budget\n\nThe city council approved a new budget on Monday, Mayor Ann Lee said.\n\nWhat Changes\n\nSchools get 12 million dollars more. Critics say the plan is too small.\n";
    let drafted = draft(text, ArticleFormat::Text);
    assert_valid(&drafted);
    let bank = &drafted.draft.bank;
    assert_eq!(bank.title, "Council Votes on New Budget");
    let sections: Vec<&str> = bank.passages.iter().map(|p| p.section.as_str()).collect();
    assert_eq!(sections, vec!["Introduction", "What Changes"]);
}

#[test]
fn plain_text_without_headings_is_one_passage_per_paragraph() {
    let text = "The river flooded the town of Ashford on Tuesday.\nResidents said the water rose within an hour.\nThe Environment Agency warned that more rain could follow.";
    let drafted = draft(text, ArticleFormat::Text);
    assert_valid(&drafted);
    let bank = &drafted.draft.bank;
    assert_eq!(bank.passages.len(), 3);
    assert!(bank.passages.iter().all(|p| p.section == "Introduction"));
}

#[test]
fn markdown_headings_and_inline_markup_are_read() {
    let text = "# Storm Hits Coast\n\nA **storm** hit the coast of [Brittany](https://example.org) on Sunday.\n\n## Damage\n\nThe French government said 300 homes lost power.\n";
    let drafted = draft(text, ArticleFormat::Markdown);
    assert_valid(&drafted);
    let bank = &drafted.draft.bank;
    assert_eq!(bank.title, "Storm Hits Coast");
    assert_eq!(
        bank.passages[0].text,
        "A storm hit the coast of Brittany on Sunday."
    );
    assert_eq!(bank.passages[1].section, "Damage");
    let claim = bank
        .claims
        .iter()
        .find(|c| c.quote.contains("300 homes"))
        .expect("official claim drafted");
    assert_eq!(claim.certainty, Certainty::Official);
}

#[test]
fn html_page_keeps_the_article_and_drops_navigation_and_footer() {
    let html = r#"<!DOCTYPE html><html><head><title>Site | Port strike</title><script>var x = "Nope.";</script></head>
<body><nav><a href="/">Home</a><p>Subscribe to our newsletter for more news today.</p></nav>
<article><header><h1>Port Workers Strike</h1><p class="byline">By A. Writer</p></header>
<p>Dock workers at the Port of Felixstowe walked out on Friday, the union Unite said.</p>
<h2>Talks Stall</h2><p>Talks with the employer broke down, according to a union official.</p>
<aside><p>Read more: ten other stories you might like here.</p></aside></article>
<footer><p>Copyright 2026 Example News. All rights reserved.</p></footer></body></html>"#;
    let drafted = draft(html, ArticleFormat::Html);
    assert_valid(&drafted);
    let bank = &drafted.draft.bank;
    assert_eq!(bank.title, "Port Workers Strike");
    let all: String = bank
        .passages
        .iter()
        .map(|p| p.text.clone())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        all.contains("walked out on Friday") && all.contains("Talks with the employer"),
        "{all}"
    );
    for noise in [
        "newsletter",
        "Copyright",
        "Read more",
        "var x",
        "By A. Writer",
    ] {
        assert!(
            !all.contains(noise),
            "page chrome `{noise}` became a passage: {all}"
        );
    }
    assert_eq!(bank.passages[1].section, "Talks Stall");
}

#[test]
fn forms_of_one_name_merge_into_aliases() {
    let text = "The European Union (EU) met NATO Secretary-General Mark Rutte in Brussels. The EU said Rutte was welcome. Russia criticised the meeting, and Moscow later summoned envoys. The U.S. State Department said the State Department would comment.";
    let drafted = draft(text, ArticleFormat::Text);
    assert_valid(&drafted);
    let actors = &drafted.draft.bank.actors;
    let find = |name: &str| {
        actors
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("no actor {name}: {actors:?}"))
    };
    assert!(find("European Union").aliases.contains(&"EU".to_owned()));
    let rutte = find("Mark Rutte");
    assert!(
        rutte.aliases.contains(&"Rutte".to_owned())
            && rutte.aliases.contains(&"NATO Secretary-General".to_owned())
    );
    assert!(find("Russia").aliases.contains(&"Moscow".to_owned()));
    assert!(
        find("U.S. State Department")
            .aliases
            .contains(&"State Department".to_owned())
    );
    assert!(
        !actors
            .iter()
            .any(|a| a.name == "EU" || a.name == "Moscow" || a.name == "Rutte")
    );
}

#[test]
fn every_certainty_cue_gives_its_certainty() {
    let cases = [
        (
            "Reports suggest that the factory will close.",
            Certainty::Reported,
        ),
        (
            "According to media reports, the factory will close.",
            Certainty::Reported,
        ),
        ("The factory is rumored to be closing.", Certainty::Rumored),
        ("The factory is reportedly closing.", Certainty::Rumored),
        ("The owner allegedly hid the losses.", Certainty::Rumored),
        (
            "The minister said the factory would close.",
            Certainty::Official,
        ),
        (
            "The Ministry of Health declared an emergency.",
            Certainty::Official,
        ),
        // A spokesperson speaks for their body: official for a public one, the body's own view for a
        // company, union or association (docs/drafting.md).
        (
            "A spokesperson for the company labelled the report “false”.",
            Certainty::Attributed,
        ),
        (
            "A spokesperson for the ministry labelled the report “false”.",
            Certainty::Official,
        ),
        (
            "The chair of the residents' association said the plan was rushed.",
            Certainty::Attributed,
        ),
        (
            "The union's general secretary, Mary O'Neill, said teachers were exhausted.",
            Certainty::Attributed,
        ),
        (
            "The city's police chief said two roads were closed.",
            Certainty::Official,
        ),
        (
            "The mayor, Lena Ortiz, said the decision would help.",
            Certainty::Official,
        ),
        (
            "People familiar with the matter said the deal was close.",
            Certainty::Reported,
        ),
        (
            "“Buses alone will not fix the traffic,” said the association's chair, Tom Becker.",
            Certainty::Attributed,
        ),
        (
            "The plant will close in May, said Jane Roe, the country's energy minister.",
            Certainty::Official,
        ),
        (
            "Prime Minister Jane Roe warned of job losses.",
            Certainty::Official,
        ),
        (
            "The government pledged to help the workers.",
            Certainty::Official,
        ),
        ("The council announced a new plan.", Certainty::Official),
        (
            "Analysts said the closure was inevitable.",
            Certainty::Analysis,
        ),
        ("Experts warn that prices will rise.", Certainty::Analysis),
        (
            "Hydrologists say the aquifers are draining.",
            Certainty::Analysis,
        ),
        (
            "According to a study by the University of Leeds, demand has doubled.",
            Certainty::Analysis,
        ),
        ("Shopkeepers said trade had halved.", Certainty::Attributed),
        (
            "Anonymous sources said the deal was close.",
            Certainty::Reported,
        ),
        (
            "Jane Doe, a campaigner with Fair Work, said the closure was cruel.",
            Certainty::Attributed,
        ),
        (
            "“It is a disaster,” said local voter Tom Smith.",
            Certainty::Attributed,
        ),
        (
            "The charity said families were struggling.",
            Certainty::Attributed,
        ),
        (
            "Our correspondent said the mood was grim.",
            Certainty::Attributed,
        ),
        (
            "The town must find new jobs for its workers.",
            Certainty::Opinion,
        ),
        ("The region should invest in training.", Certainty::Opinion),
        (
            "New investment is needed to save the town.",
            Certainty::Opinion,
        ),
        (
            "The factory closed on Monday after 80 years.",
            Certainty::Asserted,
        ),
    ];
    let mut wrong = Vec::new();
    for (sentence, expected) in cases {
        let (got, _) = suggest_certainty(sentence);
        if got != expected {
            wrong.push(format!("{sentence:?}: {got:?}, expected {expected:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_speaker_is_the_subject_with_its_appositive_never_the_clause_after_the_verb() {
    let cases = [
        (
            "The mayor, Lena Ortiz, said the decision would \"reconnect the east side.\"",
            Some("The mayor, Lena Ortiz"),
        ),
        (
            "Critics of the plan, including the Harwick Drivers' Association, argue that cars should also be allowed.",
            Some("Critics of the plan, including the Harwick Drivers' Association"),
        ),
        (
            "\"Buses alone will not fix the traffic,\" said the association's chair, Tom Becker.",
            Some("the association's chair, Tom Becker"),
        ),
        (
            "The agreement raises wages by 6 percent, said Pieter Jansen, a spokesman for the port authority.",
            Some("Pieter Jansen, a spokesman for the port authority"),
        ),
        (
            "According to J. K. Patel, an economist at the LSE, the ban will have little effect.",
            Some("J. K. Patel, an economist at the LSE"),
        ),
        ("According to police, the man fled.", Some("police")),
        (
            "The council said the decision would help.",
            Some("The council"),
        ),
        (
            "People familiar with the matter said the deal was close.",
            Some("People familiar with the matter"),
        ),
    ];
    let mut wrong = Vec::new();
    for (sentence, expected) in cases {
        let (_, speaker) = suggest_certainty(sentence);
        if speaker.as_deref() != expected {
            wrong.push(format!("{sentence:?}: {speaker:?}, expected {expected:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn empty_binary_non_utf8_and_huge_inputs_are_refused_clearly() {
    let opts = DraftOptions::default();
    let err = |bytes: &[u8]| draft_from_bytes(bytes, None, "x", &opts).expect_err("refused");
    assert_eq!(err(b""), InputError::Empty);
    assert_eq!(err(b"\n\n   \n"), InputError::Empty);
    assert_eq!(
        err(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00"),
        InputError::Binary
    );
    assert!(matches!(
        err(b"Caf\xe9 cr\xe8me"),
        InputError::NotUtf8 { .. }
    ));
    let big = vec![b'a'; 10 * 1024 * 1024];
    let message = err(&big).to_string();
    assert!(message.contains("too large"), "{message}");
}

#[test]
fn text_without_punctuation_and_one_huge_paragraph_still_give_valid_banks() {
    let no_punctuation =
        "the mayor of springfield opened a bridge and residents cheered loudly for hours";
    assert_valid(&draft(no_punctuation, ArticleFormat::Text));
    let sentence = "The Harbour Authority said on Monday that 40 ships had been delayed by the storm, and analysts warned that prices could rise. ";
    let huge = sentence.repeat(2000);
    let drafted = draft(&huge, ArticleFormat::Text);
    assert_valid(&drafted);
    let bank = &drafted.draft.bank;
    assert!(
        bank.passages.len() > 1,
        "a 250 KB paragraph is split into passages"
    );
    assert!(
        bank.claims.len() <= 40 && bank.questions.len() <= 25,
        "drafts are capped"
    );
    let one_word = "x".repeat(100_000);
    assert_valid(&draft(&one_word, ArticleFormat::Text));
}

#[test]
fn another_language_gets_passages_and_a_plain_note() {
    let text = "Le gouvernement a annoncé lundi un nouveau plan pour les hôpitaux de la région. Les syndicats ont déclaré que les mesures étaient insuffisantes et que la situation restait très difficile pour le personnel.";
    let drafted = draft(text, ArticleFormat::Text);
    assert_valid(&drafted);
    assert!(!drafted.draft.cues_available);
    assert!(
        drafted
            .draft
            .notes
            .iter()
            .any(|n| n.contains("French") && n.contains("only for English")),
        "{:?}",
        drafted.draft.notes
    );
    assert!(drafted.draft.bank.claims.is_empty());
    assert_eq!(drafted.draft.bank.language, "fr");
}

fn article_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("the"),
        Just("said"),
        Just("Minister"),
        Just("U.S."),
        Just("Mr."),
        Just("could"),
        Just("analysts"),
        Just("reportedly"),
        Just("must"),
        Just("pledged to"),
        Just("Jan."),
        Just("North Korea’s"),
        Just("EU"),
        Just("12.5"),
        Just("“quoted words,”"),
        Just("{brace}"),
        Just("a|b"),
        Just("Élodie"),
        Just("—"),
        Just("(aside)"),
        Just("\"straight\""),
        Just("it's"),
        Just("Stoltenberg"),
        Just("Department"),
        Just("\\"),
        Just("rumored"),
        Just("sanctions"),
    ];
    let sentence = (
        prop::collection::vec(word, 1..14),
        prop_oneof![Just("."), Just("?"), Just("!"), Just(""), Just(".”")],
    )
        .prop_map(|(words, end)| format!("{}{end}", words.join(" ")));
    let paragraph = prop::collection::vec(sentence, 1..5).prop_map(|s| s.join(" "));
    prop::collection::vec(paragraph, 1..6).prop_map(|p| p.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_drafted_quote_ever_fails_the_verbatim_check(text in article_text()) {
        let Ok(drafted) = draft_from_text(&text, Some(ArticleFormat::Text), "prop", &DraftOptions::default()) else {
            return Ok(());
        };
        let bank = &drafted.draft.bank;
        for c in &bank.claims {
            prop_assert!(find_quote(passage_text(bank, &c.passage), &c.quote).is_some(), "claim quote {:?}", c.quote);
        }
        for i in &bank.implications {
            prop_assert!(find_quote(passage_text(bank, &i.passage), &i.quote).is_some(), "implication quote {:?}", i.quote);
        }
        for r in &bank.responses {
            prop_assert!(find_quote(passage_text(bank, &r.passage), &r.quote).is_some(), "response quote {:?}", r.quote);
        }
        for q in &bank.questions {
            let passage = passage_text(bank, &q.passage);
            if let Some(quote) = &q.quote {
                prop_assert!(find_quote(passage, quote).is_some(), "question quote {:?}", quote);
            }
            if let RawAnswer::Evidence { evidence, .. } = &q.answer {
                let in_sentences = sentence_ranges(passage).iter().filter(|r| find_quote(&passage[(*r).clone()], evidence).is_some()).count();
                prop_assert_eq!(in_sentences, 1);
            }
        }
        let checked = check_bank_str(&drafted.ron, Path::new("prop.ron"), &Limits::default());
        prop_assert!(checked.bank.is_some(), "invalid bank: {:?}", checked.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>());
    }
}

#[test]
fn dossier_new_writes_a_checked_bank_beside_the_article_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp dir");
    let article = dir.path().join("floods.txt");
    std::fs::write(&article, "Floods Hit Valley\nThe Environment Agency said 200 homes were flooded on Sunday.\nExperts warn that the river could rise again.\n").expect("write article");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args([
                "new",
                article.to_str().expect("utf-8 path"),
                "--title",
                "Valley floods",
            ])
            .output()
            .expect("run dossier new")
    };
    let first = run();
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{stdout} {}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        stdout.contains("passages")
            && stdout.contains("claims by certainty")
            && stdout.contains("review: true"),
        "{stdout}"
    );
    let bank = dir.path().join("floods.ron");
    let text = std::fs::read_to_string(&bank).expect("bank written");
    assert!(text.contains("title: \"Valley floods\""), "{text}");
    let check = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", bank.to_str().expect("utf-8")])
        .output()
        .expect("run check");
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let second = run();
    assert_eq!(second.status.code(), Some(0));
    assert!(
        dir.path().join("floods-2.ron").exists(),
        "a second draft gets a fresh name"
    );
    assert_eq!(
        std::fs::read_to_string(&bank).expect("still there"),
        text,
        "the first draft is untouched"
    );
    let refused = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args([
            "new",
            article.to_str().expect("utf-8"),
            "-o",
            bank.to_str().expect("utf-8"),
        ])
        .output()
        .expect("run");
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("already exists"));
}

#[test]
fn a_speaker_known_only_by_name_gets_no_question_and_an_office_holder_keeps_the_office() {
    let text = "Gov. Gavin Newsom declared an emergency on Sunday. The fire spread overnight, and Newsom said more help was coming.\n\nGreenpeace said the fires were a warning. Residents said they had no time to leave. Experts warn that the season could last longer.";
    let drafted = draft(text, ArticleFormat::Text);
    assert_valid(&drafted);
    let bank = &drafted.draft.bank;
    let claim = |words: &str| {
        bank.claims
            .iter()
            .find(|c| c.quote.contains(words))
            .unwrap_or_else(|| panic!("no claim with {words:?}: {:#?}", bank.claims))
    };
    assert_eq!(
        claim("more help was coming").certainty,
        Certainty::Official,
        "a surname alone, after the full title, is still the governor"
    );
    let greenpeace = claim("the fires were a warning");
    let on_greenpeace = bank
        .questions
        .iter()
        .filter(|q| q.about.contains(&greenpeace.id))
        .count();
    assert_eq!(
        on_greenpeace, 0,
        "whether Greenpeace holds an office is a guess: no question may rest on it"
    );
    assert!(
        !greenpeace.derived_questions,
        "nor a question Dossier generates from the model, until the teacher has checked it"
    );
    let validated = dossier::bank::validate::load_bank_str(&drafted.ron, Path::new("d.ron"))
        .expect("the draft is valid");
    assert!(
        validated
            .questions
            .iter()
            .all(|q| !q.about.contains(&greenpeace.id)),
        "no generated question is about the guessed claim: {:?}",
        validated
            .questions
            .iter()
            .filter(|q| q.about.contains(&greenpeace.id))
            .map(|q| &q.id)
            .collect::<Vec<_>>()
    );
    let guessed_comment = drafted
        .draft
        .comments
        .iter()
        .find(|(id, _)| *id == greenpeace.id)
        .map(|(_, c)| c.as_str())
        .unwrap_or("");
    assert!(guessed_comment.contains("guessed"), "{guessed_comment}");
}
