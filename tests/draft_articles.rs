//! Drafting articles the rules were never tuned on (tests/fixtures/draft/): each article's `.expect`
//! file is what a careful teacher would draft from it — its actors, and for each claim its speaker and
//! certainty. The draft must find them, draft no junk actor, and generate no question that is wrong.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use dossier::author::actors::name_key;
use dossier::author::{ArticleFormat, DraftOptions, draft_from_text};
use dossier::bank::raw::{Certainty, RawAnswer, RawBank};
use dossier::bank::text::{find_quote, sentence_ranges};
use dossier::bank::validate::{Limits, check_bank_str};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/draft")
}

/// One article's hand-made expectations.
#[derive(Default)]
struct Expected {
    /// Each required actor as its acceptable forms (name keys).
    actors: Vec<Vec<String>>,
    /// Actors that may be drafted without being junk.
    ok: Vec<String>,
    claims: Vec<ExpectedClaim>,
}

struct ExpectedClaim {
    words: String,
    /// Name keys of acceptable speakers; "article" for the article's own voice.
    speakers: Vec<String>,
    certainty: Certainty,
}

fn certainty_named(name: &str) -> Certainty {
    match name {
        "Reported" => Certainty::Reported,
        "Rumored" => Certainty::Rumored,
        "Official" => Certainty::Official,
        "Analysis" => Certainty::Analysis,
        "Asserted" => Certainty::Asserted,
        "Opinion" => Certainty::Opinion,
        "Attributed" => Certainty::Attributed,
        other => panic!("unknown certainty {other:?} in an .expect file"),
    }
}

fn forms(list: &str) -> Vec<String> {
    list.split(" | ").map(name_key).collect()
}

fn read_expected(path: &Path) -> Expected {
    let text = std::fs::read_to_string(path).expect("expect file");
    let mut expected = Expected::default();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (kind, rest) = line.split_once(": ").expect("`kind: value` lines");
        match kind {
            "actor" => expected.actors.push(forms(rest)),
            "ok" => expected.ok.push(name_key(rest)),
            "claim" => {
                let (words, who) = rest
                    .split_once(" => ")
                    .expect("claim: words => who / certainty");
                let (speakers, certainty) = who.rsplit_once(" / ").expect("who / certainty");
                expected.claims.push(ExpectedClaim {
                    words: words.to_owned(),
                    speakers: forms(speakers),
                    certainty: certainty_named(certainty),
                });
            }
            other => panic!("unknown line kind {other:?} in {}", path.display()),
        }
    }
    expected
}

/// How one drafted article measures against its expectations, and what is wrong with it.
struct Measured {
    actor_recall: (usize, usize),
    actor_precision: (usize, usize),
    claims_found: (usize, usize),
    certainty_right: (usize, usize),
    speaker_right: (usize, usize),
    wrong: Vec<String>,
}

fn actor_keys(bank: &RawBank) -> HashMap<String, Vec<String>> {
    bank.actors
        .iter()
        .map(|a| {
            let keys = std::iter::once(&a.name)
                .chain(&a.aliases)
                .map(|n| name_key(n))
                .collect();
            (a.id.clone(), keys)
        })
        .collect()
}

fn measure(name: &str) -> Measured {
    let dir = fixtures();
    let article_path = ["txt", "md"]
        .iter()
        .map(|ext| dir.join(format!("{name}.{ext}")))
        .find(|p| p.exists())
        .expect("article file");
    let format = if article_path.extension().is_some_and(|e| e == "md") {
        ArticleFormat::Markdown
    } else {
        ArticleFormat::Text
    };
    let text = std::fs::read_to_string(&article_path).expect("article");
    let expected = read_expected(&dir.join(format!("{name}.expect")));
    let drafted =
        draft_from_text(&text, Some(format), name, &DraftOptions::default()).expect("drafted");
    let checked = check_bank_str(&drafted.ron, Path::new("draft.ron"), &Limits::default());
    let mut wrong = Vec::new();
    if checked.bank.is_none() {
        wrong.push(format!(
            "the draft is not a valid bank: {:?}",
            checked
                .diagnostics
                .iter()
                .map(|d| &d.message)
                .collect::<Vec<_>>()
        ));
    }
    let bank = &drafted.draft.bank;
    let keys = actor_keys(bank);

    let recalled = expected
        .actors
        .iter()
        .filter(|forms| {
            let found = keys.values().any(|k| k.iter().any(|n| forms.contains(n)));
            if !found {
                wrong.push(format!("actor {:?} not found", forms[0]));
            }
            found
        })
        .count();
    let mut precise = 0;
    for actor in &bank.actors {
        let k = &keys[&actor.id];
        let known = expected
            .actors
            .iter()
            .any(|f| k.iter().any(|n| f.contains(n)))
            || k.iter().any(|n| expected.ok.contains(n));
        if known {
            precise += 1;
        } else {
            wrong.push(format!(
                "junk actor {:?} (aliases {:?})",
                actor.name, actor.aliases
            ));
        }
    }

    // A drafted claim answers an expected one when its quote lies in the sentence holding the words.
    let sentence_of = |words: &str| {
        bank.passages.iter().find_map(|p| {
            let at = p.text.find(words)?;
            let range = sentence_ranges(&p.text)
                .into_iter()
                .find(|r| r.start <= at && at < r.end)?;
            Some((p.id.clone(), range))
        })
    };
    let claim_sentence = |claim: &dossier::bank::raw::RawClaim| {
        let passage = bank.passages.iter().find(|p| p.id == claim.passage)?;
        let quote = find_quote(&passage.text, &claim.quote)?;
        Some((passage.id.clone(), quote))
    };
    let (mut found, mut certainty_right, mut speaker_right) = (0, 0, 0);
    let mut verified = Vec::new();
    for e in &expected.claims {
        let Some((passage, sentence)) = sentence_of(&e.words) else {
            wrong.push(format!("fixture: no sentence holds {:?}", e.words));
            continue;
        };
        let Some(claim) = bank.claims.iter().find(|c| {
            claim_sentence(c).is_some_and(|(p, q)| {
                p == passage && q.start < sentence.end && sentence.start < q.end
            })
        }) else {
            wrong.push(format!("claim {:?} not drafted", e.words));
            continue;
        };
        found += 1;
        if claim.certainty == e.certainty {
            certainty_right += 1;
            verified.push(claim.id.clone());
        } else {
            wrong.push(format!(
                "claim {:?}: certainty {:?}, expected {:?}",
                e.words, claim.certainty, e.certainty
            ));
        }
        let speaker_keys = if claim.by == "article" {
            vec!["article".to_owned()]
        } else {
            keys.get(&claim.by).cloned().unwrap_or_default()
        };
        if speaker_keys.iter().any(|k| e.speakers.contains(k)) {
            speaker_right += 1;
        } else {
            let by = bank
                .actors
                .iter()
                .find(|a| a.id == claim.by)
                .map_or(claim.by.clone(), |a| a.name.clone());
            wrong.push(format!(
                "claim {:?}: speaker {by:?}, expected {:?}",
                e.words, e.speakers
            ));
        }
    }
    // Every certainty the draft teaches has been checked by hand.
    for claim in &bank.claims {
        if claim.certainty != Certainty::Asserted && !verified.contains(&claim.id) {
            wrong.push(format!(
                "unexpected {:?} claim {:?}",
                claim.certainty, claim.quote
            ));
        }
    }
    // A generated evidence question rests on a claim whose certainty was checked above.
    for q in &bank.questions {
        if let RawAnswer::Evidence { statement, .. } = &q.answer
            && !q.about.iter().any(|c| verified.contains(c))
        {
            wrong.push(format!(
                "evidence question {:?} ({statement:?}) rests on an unchecked or wrong claim",
                q.id
            ));
        }
    }
    // Implications: the cause is what leads to the effect, never the attribution around it.
    for i in &bank.implications {
        let first = i
            .cause
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_lowercase();
        if [
            "said",
            "says",
            "say",
            "argue",
            "argues",
            "warned",
            "warn",
            "told",
            "according",
        ]
        .contains(&first.as_str())
        {
            wrong.push(format!("implication cause {:?} is an attribution", i.cause));
        }
    }
    Measured {
        actor_recall: (recalled, expected.actors.len()),
        actor_precision: (precise, bank.actors.len()),
        claims_found: (found, expected.claims.len()),
        certainty_right: (certainty_right, found),
        speaker_right: (speaker_right, found),
        wrong,
    }
}

fn percent((n, d): (usize, usize)) -> String {
    format!("{:.0} % ({n}/{d})", 100.0 * n as f64 / d.max(1) as f64)
}

const ARTICLES: &[&str] = &[
    "river",
    "wire",
    "appositive",
    "according",
    "possessive",
    "quotes",
    "names",
    // Written after the rules above were fixed, and modelled before their first draft was seen.
    "wildfire",
    "fishing",
    "drug",
    // Written after those three were fixed too; its first draft had two wrong certainties and a junk
    // actor.
    "metro",
];

#[test]
fn unseen_articles_are_drafted_with_the_right_speakers_certainties_and_no_junk_actors() {
    let mut all_wrong = Vec::new();
    for name in ARTICLES {
        let m = measure(name);
        println!(
            "{name}: actors recall {}, precision {}; claims recall {}; certainty right {}; speaker right {}",
            percent(m.actor_recall),
            percent(m.actor_precision),
            percent(m.claims_found),
            percent(m.certainty_right),
            percent(m.speaker_right),
        );
        for w in &m.wrong {
            println!("  {name}: {w}");
        }
        all_wrong.extend(m.wrong.into_iter().map(|w| format!("{name}: {w}")));
    }
    assert!(all_wrong.is_empty(), "{all_wrong:#?}");
}
