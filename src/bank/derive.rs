//! Questions generated from a bank's model (attribution, certainty, roles, causes), so that every bank —
//! a teacher's too — gets them for free.
//!
//! Guarantees, each tested below:
//! - **Stable ids** built only from what a question is derived from (`derived/certainty/<claim-id>`), so a
//!   student's progress survives reloads and edits elsewhere in the bank.
//! - **Deterministic**: the same bank gives the same questions, options and order; every choice is seeded
//!   with [`crate::stable_hash`] of the question id, never with a thread RNG.
//! - **Distractors come from the same bank** and never equal the answer after case, quote, dash and space
//!   folding; they are chosen conservatively: an actor named in the same paragraph as the speaker, or whose
//!   name contains the speaker's (the spokesperson and the State Department), is never offered against the
//!   speaker, and a cause from the same paragraph or sharing a content word with the right cause is never
//!   offered against it, because the article often names one cause in several words.
//! - **Skipped rather than bad**: a question that would have fewer than two distinct distractors, a prompt
//!   that would give its answer away, or a group of actors with clashing roles is not emitted.

use std::collections::HashSet;

use super::model::{Answer, Bank, Certainty, Claim, Implication, Origin, Question};
use super::text::{find_quote, fold_char, sentence_ranges};
use crate::{QuestionId, stable_hash};

/// How many distractors a generated multiple-choice question offers at most.
const MAX_DISTRACTORS: usize = 3;

/// How many actors a generated matching question pairs at most.
const MAX_ACTORS_PER_MATCHING: usize = 4;

/// Questions generated from `bank`'s actors, claims and implications, in a fixed order: attribution,
/// certainty, role matching, causes. Called by validation after the bank is known to be consistent, and
/// only when the bank's `derived_questions` is true.
pub fn derive_questions(bank: &Bank) -> Vec<Question> {
    let mut questions = Vec::new();
    for claim in &bank.claims {
        if let Some(question) = attribution_question(bank, claim) {
            questions.push(question);
        }
    }
    for claim in &bank.claims {
        if let Some(question) = certainty_question(bank, claim) {
            questions.push(question);
        }
    }
    questions.extend(role_matching_questions(bank));
    for implication in &bank.implications {
        if let Some(question) = cause_question(bank, implication) {
            questions.push(question);
        }
    }
    questions
}

/// "Who is the source of “…”?" for a claim made by one of the bank's actors.
fn attribution_question(bank: &Bank, claim: &Claim) -> Option<Question> {
    let speaker = bank.actor(&claim.by)?;
    let passage = bank.passage(&claim.passage)?;
    let speaker_names = actor_names(speaker);
    // A quote that names its speaker ("Beijing officially maintains …") gives the answer away.
    if speaker_names
        .iter()
        .any(|name| contains_phrase(&claim.quote, name))
    {
        return None;
    }
    let candidates: Vec<String> = bank
        .actors
        .iter()
        .filter(|actor| actor.id != speaker.id)
        .filter(|actor| !actor.passages.contains(&claim.passage))
        .filter(|actor| {
            !actor_names(actor)
                .iter()
                .any(|name| contains_phrase(&passage.text, name))
        })
        .filter(|actor| {
            let names = actor_names(actor);
            !names.iter().any(|a| {
                speaker_names
                    .iter()
                    .any(|b| contains_phrase(a, b) || contains_phrase(b, a))
            })
        })
        .map(|actor| actor.name.clone())
        .collect();
    let id = format!("derived/attribution/{}", claim.id);
    let distractors = pick_distractors(&id, &speaker.name, candidates)?;
    let prompt = format!(
        "According to the article, who is the source of this: “{}”?",
        claim.quote.trim()
    );
    let explanation = format!(
        "The article attributes this to {}: “{}”",
        mid_sentence(&speaker.name),
        source_sentences(&passage.text, &claim.quote)
    );
    Some(choice_question(
        id,
        prompt,
        claim,
        explanation,
        vec![claim.id.clone(), speaker.id.clone()],
        "attribution",
        speaker.name.clone(),
        distractors,
    ))
}

/// "How does the article present the claim …?" → its certainty, among other certainty labels. The label
/// most easily confused with the right one (reported ↔ rumored, official ↔ analysis) is always offered,
/// because telling those apart is the point of the question; labels a careful reader could defend for the
/// same claim are never offered (see [`certainty_distractors`]).
fn certainty_question(bank: &Bank, claim: &Claim) -> Option<Question> {
    let passage = bank.passage(&claim.passage)?;
    let id = format!("derived/certainty/{}", claim.id);
    let (always, mut others) = certainty_distractors(claim.certainty);
    let mut rng = SplitMix64::new(stable_hash(id.as_bytes()));
    rng.shuffle(&mut others);
    let distractors: Vec<String> = always
        .into_iter()
        .chain(others)
        .take(MAX_DISTRACTORS)
        .map(|c| c.label().to_owned())
        .collect();
    let statement = claim.statement.trim().trim_end_matches('.');
    let prompt = format!("How does the article present this claim: {statement}?");
    let source = bank
        .actor(&claim.by)
        .map_or_else(|| "the article".to_owned(), |a| a.name.clone());
    let explanation = format!(
        "It is {}: {}. The article says: “{}”",
        claim.certainty.label(),
        certainty_reason(claim.certainty, &source),
        source_sentences(&passage.text, &claim.quote)
    );
    let mut about = vec![claim.id.clone()];
    if bank.actor(&claim.by).is_some() {
        about.push(claim.by.clone());
    }
    Some(choice_question(
        id,
        prompt,
        claim,
        explanation,
        about,
        "certainty",
        claim.certainty.label().to_owned(),
        distractors,
    ))
}

/// The wrong labels a certainty question may offer: one that is always offered, and a pool to draw the
/// rest from. Labels a careful reader could defend for the same claim are left out: a report in the
/// article's own voice that a body condemned or pledged something is never offered "an official
/// statement", and "stated as fact" and "the article's own opinion" are never offered against each other,
/// since where the article stops stating and starts arguing is a matter of judgement.
fn certainty_distractors(certainty: Certainty) -> (Option<Certainty>, Vec<Certainty>) {
    use Certainty::{Analysis, Asserted, Attributed, Official, Opinion, Reported, Rumored};
    match certainty {
        Reported => (Some(Rumored), vec![Official, Analysis, Asserted, Opinion]),
        Rumored => (Some(Reported), vec![Official, Analysis, Asserted, Opinion]),
        Official => (Some(Analysis), vec![Reported, Rumored, Asserted, Opinion]),
        Analysis => (Some(Official), vec![Reported, Rumored, Asserted, Opinion]),
        Asserted => (None, vec![Reported, Rumored, Analysis]),
        Opinion => (None, vec![Reported, Rumored, Official, Analysis]),
        Attributed => (Some(Official), vec![Reported, Rumored, Asserted]),
    }
}

/// Why a claim has its certainty, in words a student can check against the quote.
fn certainty_reason(certainty: Certainty, source: &str) -> String {
    match certainty {
        Certainty::Reported => {
            "the article passes it on from reports, without confirming it".to_owned()
        }
        Certainty::Rumored => {
            "the article calls it a rumour, so it must not be learnt as a fact".to_owned()
        }
        Certainty::Official => format!("it is said on the record by {source}"),
        Certainty::Analysis => format!("it is how {source} characterise or warn about it"),
        Certainty::Asserted => {
            "the article states it in its own voice, without attributing it".to_owned()
        }
        Certainty::Opinion => {
            "it is the article's own argument or recommendation, not a reported fact".to_owned()
        }
        Certainty::Attributed => {
            format!("it is what {source} say, attributed to them and not an official position")
        }
    }
}

/// Actor ↔ role matching: the actors in file order, split into groups of at most four whose sizes differ
/// by at most one (so no group is left with a single pair).
fn role_matching_questions(bank: &Bank) -> Vec<Question> {
    let actors = &bank.actors;
    if actors.len() < 2 {
        return Vec::new();
    }
    let groups = actors.len().div_ceil(MAX_ACTORS_PER_MATCHING);
    let base = actors.len() / groups;
    let extra = actors.len() % groups;
    let mut questions = Vec::new();
    let mut start = 0;
    for group in 0..groups {
        let size = base + usize::from(group < extra);
        let members = &actors[start..start + size];
        start += size;
        if members.len() < 2 {
            continue;
        }
        let roles: HashSet<String> = members.iter().map(|a| fold(&a.role)).collect();
        let names: HashSet<String> = members.iter().map(|a| fold(&a.name)).collect();
        if roles.len() != members.len() || names.len() != members.len() {
            continue;
        }
        // Cite the first member who is named in one of their passages, with the name as it is written there.
        let cited = members.iter().find_map(|actor| {
            actor.passages.iter().find_map(|pid| {
                let passage = bank.passage(pid)?;
                actor_names(actor).iter().find_map(|name| {
                    find_quote(&passage.text, name)
                        .map(|range| (passage.id.clone(), passage.text[range].to_owned()))
                })
            })
        });
        let Some((passage, quote)) = cited else {
            continue;
        };
        let ids: Vec<&str> = members.iter().map(|a| a.id.as_str()).collect();
        let id = format!("derived/roles/{}", ids.join("+"));
        let prompt = "Match each actor to what the article says they do or say.".to_owned();
        let pairs: Vec<(String, String)> = members
            .iter()
            .map(|a| (a.name.clone(), a.role.clone()))
            .collect();
        let explanation = format!(
            "From the article: {}.",
            pairs
                .iter()
                .map(|(name, role)| format!("{name} — {role}"))
                .collect::<Vec<_>>()
                .join("; ")
        );
        let answer = Answer::Matching { pairs };
        questions.push(Question {
            content_hash: content_hash(&prompt, &answer),
            id: QuestionId(id),
            prompt,
            passage,
            quote: Some(quote),
            explanation,
            about: members.iter().map(|a| a.id.clone()).collect(),
            tags: vec!["derived".to_owned(), "roles".to_owned()],
            answer,
            origin: Origin::Derived,
            show_passage: false,
            review: false,
        });
    }
    questions
}

/// "According to the article, what leads, or could lead, to <effect>?" with other implications' causes as
/// distractors. Causes from the same paragraph, or sharing a content word with the right cause, are left
/// out: they are often the same cause in other words.
fn cause_question(bank: &Bank, implication: &Implication) -> Option<Question> {
    if !implication.ask_cause {
        return None;
    }
    let passage = bank.passage(&implication.passage)?;
    let answer_stems = content_stems(&implication.cause);
    let candidates: Vec<String> = bank
        .implications
        .iter()
        .filter(|other| other.id != implication.id && other.passage != implication.passage)
        .filter(|other| !other.broad_cause)
        .filter(|other| content_stems(&other.cause).is_disjoint(&answer_stems))
        .map(|other| other.cause.clone())
        .collect();
    let id = format!("derived/cause/{}", implication.id);
    let distractors = pick_distractors(&id, &implication.cause, candidates)?;
    let prompt = format!(
        "According to the article, what leads, or could lead, to {}?",
        implication.effect.trim().trim_end_matches('.')
    );
    let explanation = format!(
        "The article links {} to {}: “{}”",
        implication.cause,
        implication.effect,
        source_sentences(&passage.text, &implication.quote)
    );
    let answer = Answer::Choice {
        options: std::iter::once(implication.cause.clone())
            .chain(distractors.iter().cloned())
            .collect(),
        correct: std::iter::once(true)
            .chain(distractors.iter().map(|_| false))
            .collect(),
    };
    Some(Question {
        content_hash: content_hash(&prompt, &answer),
        id: QuestionId(id),
        prompt,
        passage: implication.passage.clone(),
        quote: Some(implication.quote.clone()),
        explanation,
        about: vec![implication.id.clone()],
        tags: vec!["derived".to_owned(), "cause".to_owned()],
        answer,
        origin: Origin::Derived,
        show_passage: false,
        review: false,
    })
}

/// A single-answer choice question citing `claim`'s passage and quote.
#[allow(clippy::too_many_arguments)]
fn choice_question(
    id: String,
    prompt: String,
    claim: &Claim,
    explanation: String,
    about: Vec<String>,
    kind_tag: &str,
    correct: String,
    distractors: Vec<String>,
) -> Question {
    let correct_flags = std::iter::once(true)
        .chain(distractors.iter().map(|_| false))
        .collect();
    let answer = Answer::Choice {
        options: std::iter::once(correct).chain(distractors).collect(),
        correct: correct_flags,
    };
    Question {
        content_hash: content_hash(&prompt, &answer),
        id: QuestionId(id),
        prompt,
        passage: claim.passage.clone(),
        quote: Some(claim.quote.clone()),
        explanation,
        about,
        tags: vec!["derived".to_owned(), kind_tag.to_owned()],
        answer,
        origin: Origin::Derived,
        show_passage: false,
        review: false,
    }
}

/// Up to [`MAX_DISTRACTORS`] of `candidates`, chosen with a seed from `id`: never equal to `answer` or to
/// each other after folding. `None` when fewer than two distinct ones remain.
fn pick_distractors(id: &str, answer: &str, candidates: Vec<String>) -> Option<Vec<String>> {
    let mut seen = HashSet::from([fold(answer)]);
    let mut distinct: Vec<String> = candidates
        .into_iter()
        .filter(|c| !c.trim().is_empty() && seen.insert(fold(c)))
        .collect();
    if distinct.len() < 2 {
        return None;
    }
    let mut rng = SplitMix64::new(stable_hash(id.as_bytes()));
    rng.shuffle(&mut distinct);
    distinct.truncate(MAX_DISTRACTORS);
    Some(distinct)
}

/// A name as it reads inside a sentence: "A spokesperson …" becomes "a spokesperson …", "The West"
/// becomes "the West"; proper names are left alone.
fn mid_sentence(name: &str) -> String {
    for article in ["A ", "An ", "The "] {
        if let Some(rest) = name.strip_prefix(article) {
            return format!("{}{rest}", article.to_lowercase());
        }
    }
    name.to_owned()
}

/// The name and aliases of an actor.
fn actor_names(actor: &super::model::Actor) -> Vec<&str> {
    std::iter::once(actor.name.as_str())
        .chain(actor.aliases.iter().map(String::as_str))
        .filter(|name| !name.trim().is_empty())
        .collect()
}

/// The whole sentence(s) of `passage` that contain `quote`, for explanations; the quote itself if it
/// cannot be found.
fn source_sentences(passage: &str, quote: &str) -> String {
    let Some(found) = find_quote(passage, quote) else {
        return quote.trim().to_owned();
    };
    let ranges: Vec<_> = sentence_ranges(passage)
        .into_iter()
        .filter(|r| r.start < found.end && found.start < r.end)
        .collect();
    match (ranges.first(), ranges.last()) {
        (Some(first), Some(last)) => passage[first.start..last.end].to_owned(),
        _ => quote.trim().to_owned(),
    }
}

/// Text folded for comparison: typographic quotes and dashes as typed ones, lowercase, whitespace runs
/// as one space, trimmed.
fn fold(text: &str) -> String {
    words(text).join(" ")
}

/// The words of `text`, folded, with punctuation trimmed from their ends and a possessive "'s" dropped,
/// so "Pyongyang’s" is the word "pyongyang" and "U.S." is "u.s".
fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|word| {
            let folded: String = word
                .chars()
                .map(fold_char)
                .flat_map(char::to_lowercase)
                .collect();
            let trimmed = folded.trim_matches(|c: char| !c.is_alphanumeric());
            trimmed.strip_suffix("'s").unwrap_or(trimmed).to_owned()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// Whether the words of `needle` occur, in a row, among the words of `haystack` (so "EU" is not found
/// in "neutral", but "State Department" is found in "a State Department official").
fn contains_phrase(haystack: &str, needle: &str) -> bool {
    let hay = words(haystack);
    let needle = words(needle);
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Short words and words that say nothing about what a cause is; left out when comparing causes.
const NOT_CONTENT: [&str; 12] = [
    "about", "after", "could", "their", "these", "those", "which", "where", "other", "under",
    "while", "through",
];

/// The first five letters of each content word of `text` (five or more letters, not in [`NOT_CONTENT`]):
/// a crude stem, so "sanctions" and "sanctioned" meet, and "technology" in two causes marks them as one.
fn content_stems(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|word| word.chars().count() >= 5 && !NOT_CONTENT.contains(&word.as_str()))
        .map(|word| word.chars().take(5).collect())
        .collect()
}

/// What a student is asked and what counts as right, hashed the same way for every derived question.
fn content_hash(prompt: &str, answer: &Answer) -> u64 {
    let mut buffer = String::from(prompt);
    buffer.push('\u{1f}');
    match answer {
        Answer::Choice { options, correct } => {
            for (option, is_correct) in options.iter().zip(correct) {
                buffer.push_str(if *is_correct { "right" } else { "wrong" });
                buffer.push('\u{1e}');
                buffer.push_str(option);
                buffer.push('\u{1f}');
            }
        }
        Answer::Matching { pairs } => {
            buffer.push_str("matching");
            for (left, right) in pairs {
                buffer.push('\u{1e}');
                buffer.push_str(left);
                buffer.push('\u{1d}');
                buffer.push_str(right);
            }
        }
        other => buffer.push_str(other.kind().label()),
    }
    stable_hash(buffer.as_bytes())
}

/// A tiny seeded generator (SplitMix64) whose sequence is fixed forever, unlike `rand`'s `StdRng`, so
/// derived distractors and their order never change between versions of Dossier's dependencies.
struct SplitMix64(u64);

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Fisher–Yates shuffle.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            // `i + 1` fits in u64 and the result is at most `i`, so both casts are lossless.
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
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
            passage: passage.to_owned(),
            quote: quote.to_owned(),
            ask_cause: true,
            broad_cause: false,
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
}
