//! "How does the article present …?" questions.

use super::*;

/// "How does the article present the claim …?" → its certainty, among other certainty labels. The label
/// most easily confused with the right one (reported ↔ rumored, official ↔ analysis) is always offered,
/// because telling those apart is the point of the question; labels a careful reader could defend for the
/// same claim are never offered (see [`certainty_distractors`]).
pub(super) fn certainty_question(bank: &Bank, claim: &Claim) -> Option<Question> {
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
pub(super) fn certainty_distractors(certainty: Certainty) -> (Option<Certainty>, Vec<Certainty>) {
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
pub(super) fn certainty_reason(certainty: Certainty, source: &str) -> String {
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
