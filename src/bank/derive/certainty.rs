//! Certainty questions, in two forms that cannot be gamed:
//!
//! - **Label**: "How does the article present the claim “…”?", the answer one certainty label.
//! - **Which**: "Which of these does the article present as a rumour?", the answer one claim among
//!   claims of other certainties.
//!
//! Wrong options are never ones a careful reader could defend ([`defensible`]): a claim in someone's
//! words is never offered "reported (not confirmed)" (the article does report what they said), the
//! article's facts and its opinions are never offered against each other, analysts are never offered
//! against a named non-official source. No label is the answer to more than [`MAX_LABEL_SHARE`] of the
//! label questions: the claims of a label over its share are asked in the "which" form instead, so
//! always answering "stated as fact" earns little.

use super::*;

/// The largest share of a bank's label questions one certainty label may answer (the bundled bank's
/// test keeps it so): a student who always picks the most common label should not pass.
pub(super) const MAX_LABEL_SHARE: f64 = 0.4;

/// The certainty generated questions teach for `claim`. `Opinion` is the article's own voice only; an
/// `Opinion` claim by a named speaker (which `dossier check` warns about) is that speaker's own view,
/// and is never taught as "the article's own opinion".
pub(super) fn effective_certainty(claim: &Claim) -> Certainty {
    if claim.certainty == Certainty::Opinion && claim.by != "article" {
        Certainty::Attributed
    } else {
        claim.certainty
    }
}

/// Labels a careful reader could defend for a claim of `certainty`, besides the right one: never offered
/// as wrong options, and a claim of `certainty` is never a wrong option in a "which" question asking for
/// one of them.
pub(super) fn defensible(certainty: Certainty) -> &'static [Certainty] {
    use Certainty::{Analysis, Asserted, Attributed, Official, Opinion, Reported};
    match certainty {
        // Where the article stops stating and starts arguing is a matter of judgement; a fact about
        // what a body did ("have pledged") can be read as its official position.
        Asserted => &[Opinion, Official],
        Opinion => &[Asserted],
        Reported | Certainty::Rumored => &[],
        // Words someone said are, in a sense, reported by the article.
        Official => &[Reported],
        // Analysts and experts are named sources who are not officials, and the other way round.
        Analysis => &[Reported, Attributed],
        Attributed => &[Reported, Analysis],
    }
}

/// The label most easily confused with `certainty`'s, always offered: telling those two apart is the
/// point of the question.
fn confusable(certainty: Certainty) -> Option<Certainty> {
    use Certainty::{Analysis, Attributed, Official, Reported, Rumored};
    match certainty {
        Reported => Some(Rumored),
        Rumored => Some(Reported),
        Official => Some(Analysis),
        Analysis | Attributed => Some(Official),
        Certainty::Asserted | Certainty::Opinion => None,
    }
}

/// Whether `label` would be a fair wrong answer for a claim of `certainty`.
fn fair_wrong(certainty: Certainty, label: Certainty) -> bool {
    label != certainty && !defensible(certainty).contains(&label)
}

/// The certainty questions of the bank: label questions for most claims, "which" questions for the claims
/// of labels over their share and for every hedged claim (reported, rumored, a named source's view),
/// whose hedges matter most.
pub(super) fn certainty_questions(bank: &Bank) -> Vec<Question> {
    let claims: Vec<&Claim> = bank
        .claims
        .iter()
        .filter(|c| c.derived_questions && speaker_allows(bank, c))
        .collect();
    let labelled: Vec<(&str, Certainty)> = claims
        .iter()
        .map(|c| (c.id.as_str(), effective_certainty(c)))
        .collect();
    let kept = capped_by_share(&labelled, MAX_LABEL_SHARE);
    let mut questions = Vec::new();
    for claim in &claims {
        let certainty = effective_certainty(claim);
        let as_label = kept.contains(claim.id.as_str());
        if as_label && let Some(question) = label_question(bank, claim) {
            questions.push(question);
        }
        let hedged = matches!(
            certainty,
            Certainty::Reported | Certainty::Rumored | Certainty::Attributed
        );
        if (!as_label || hedged)
            && let Some(question) = which_question(bank, claim, &claims)
        {
            questions.push(question);
        }
    }
    questions
}

/// Whether the claim's speaker, if any, still has its generated questions on.
fn speaker_allows(bank: &Bank, claim: &Claim) -> bool {
    bank.actor(&claim.by).is_none_or(|a| a.derived_questions)
}

/// The ids of `items` to keep so that no label answers more than `share` of those kept (at least one of
/// each label is always allowed, so a small bank keeps its questions). The items dropped from an
/// over-represented label are the ones with the lowest hash of their id: a fixed, spread-out choice.
pub(super) fn capped_by_share<L: Copy + Eq + std::hash::Hash>(
    items: &[(&str, L)],
    share: f64,
) -> HashSet<String> {
    let mut kept: Vec<(&str, L)> = items.to_vec();
    loop {
        let mut counts: std::collections::HashMap<L, usize> = std::collections::HashMap::new();
        for (_, label) in &kept {
            *counts.entry(*label).or_default() += 1;
        }
        let allowed = ((share * kept.len() as f64).floor() as usize).max(1);
        // The most common label (the first such in item order, for determinism), if over its share.
        let mut over: Option<(L, usize)> = None;
        for (_, label) in &kept {
            if over.is_none_or(|(_, n)| counts[label] > n) {
                over = Some((*label, counts[label]));
            }
        }
        let Some((over, count)) = over else { break };
        if count <= allowed {
            break;
        }
        let drop = kept
            .iter()
            .enumerate()
            .filter(|(_, (_, label))| *label == over)
            .min_by_key(|(_, (id, _))| stable_hash(id.as_bytes()))
            .map(|(i, _)| i);
        match drop {
            Some(i) => {
                kept.remove(i);
            }
            None => break,
        }
    }
    kept.into_iter().map(|(id, _)| id.to_owned()).collect()
}

/// "How does the article present the claim “…”?" → the claim's certainty label.
fn label_question(bank: &Bank, claim: &Claim) -> Option<Question> {
    let passage = bank.passage(&claim.passage)?;
    let certainty = effective_certainty(claim);
    let id = format!("derived/certainty/{}", claim.id);
    let mut pool: Vec<Certainty> = Certainty::ALL
        .into_iter()
        .filter(|label| fair_wrong(certainty, *label) && Some(*label) != confusable(certainty))
        .collect();
    let mut rng = SplitMix64::new(stable_hash(id.as_bytes()));
    rng.shuffle(&mut pool);
    let distractors: Vec<String> = confusable(certainty)
        .into_iter()
        .chain(pool)
        .take(MAX_DISTRACTORS)
        .map(|c| c.label().to_owned())
        .collect();
    if distractors.len() < 2 {
        return None;
    }
    let statement = quoted(&standalone(&claim.statement));
    let prompt = if rng.next_u64().is_multiple_of(2) {
        format!("How does the article present the claim {statement}?")
    } else {
        format!("In the article, the claim {statement} is presented as what?")
    };
    let explanation = format!(
        "It is {}: {}. The article says: {}",
        certainty.label(),
        reason(bank, claim, certainty),
        quoted(&source_sentences(&passage.text, &claim.quote))
    );
    Some(choice_question(
        id,
        prompt,
        claim,
        explanation,
        about(bank, claim),
        "certainty",
        certainty.label().to_owned(),
        distractors,
    ))
}

/// "Which of these does the article present as a rumour?" → `claim`, among up to three claims of other
/// certainties for which the asked label would be plainly wrong.
fn which_question(bank: &Bank, claim: &Claim, claims: &[&Claim]) -> Option<Question> {
    let passage = bank.passage(&claim.passage)?;
    let certainty = effective_certainty(claim);
    let id = format!("derived/which/{}", claim.id);
    let answer = standalone(&claim.statement);
    let others: Vec<&Claim> = claims
        .iter()
        .copied()
        .filter(|other| other.id != claim.id && fair_wrong(effective_certainty(other), certainty))
        .collect();
    let candidates: Vec<String> = others.iter().map(|c| standalone(&c.statement)).collect();
    let distractors = pick_distractors(&id, &answer, candidates)?;
    let prompt = format!(
        "Which of these does the article present as {}?",
        asked(certainty)
    );
    let mut explanation = format!(
        "{} is {}: {}. The article says: {}",
        quoted(&answer),
        certainty.label(),
        reason(bank, claim, certainty),
        quoted(&source_sentences(&passage.text, &claim.quote))
    );
    let described: Vec<String> = distractors
        .iter()
        .filter_map(|text| {
            let other = others.iter().find(|c| standalone(&c.statement) == *text)?;
            Some(format!(
                "{} is {}",
                quoted(text),
                effective_certainty(other).label()
            ))
        })
        .collect();
    if !described.is_empty() {
        explanation.push_str(&format!(" The others: {}.", described.join("; ")));
    }
    Some(choice_question(
        id,
        prompt,
        claim,
        explanation,
        about(bank, claim),
        "certainty",
        answer,
        distractors,
    ))
}

/// The label as the object of "present as …".
fn asked(certainty: Certainty) -> &'static str {
    match certainty {
        Certainty::Reported => "reported, not confirmed",
        Certainty::Rumored => "a rumour",
        Certainty::Official => "an official statement on the record",
        Certainty::Analysis => "the view or warning of analysts or experts",
        Certainty::Asserted => "a fact, in its own voice",
        Certainty::Opinion => "its own opinion or recommendation",
        Certainty::Attributed => "the view of a named source who is not an official",
    }
}

fn about(bank: &Bank, claim: &Claim) -> Vec<String> {
    let mut about = vec![claim.id.clone()];
    if bank.actor(&claim.by).is_some() {
        about.push(claim.by.clone());
    }
    about
}

/// Why a claim has its certainty, in words a student can check against the quote.
fn reason(bank: &Bank, claim: &Claim, certainty: Certainty) -> String {
    let source = bank.actor(&claim.by).map_or_else(
        || "the source the article names".to_owned(),
        |a| in_sentence(&a.name, &bank.passages),
    );
    match certainty {
        Certainty::Reported => {
            "the article passes it on from reports, without confirming it".to_owned()
        }
        Certainty::Rumored => {
            "the article calls it a rumour, so it must not be learnt as a fact".to_owned()
        }
        Certainty::Official => format!("it comes from {source}, officially and on the record"),
        Certainty::Analysis => format!("it is the characterisation or warning of {source}"),
        Certainty::Asserted => {
            "the article states it in its own voice, without attributing it".to_owned()
        }
        Certainty::Opinion => {
            "it is the article's own argument or recommendation, in its own voice".to_owned()
        }
        Certainty::Attributed => {
            format!("it is the view of {source}, not the article's and not an official position")
        }
    }
}
