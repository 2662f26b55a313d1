//! "Who is the source of …?" questions.

use super::*;
use crate::bank::model::Actor;

/// "According to the article, who is the source of this: “…”?" for a claim made by one of the bank's
/// actors. Never offered as a wrong speaker: an actor named in the claim's paragraph, one whose name
/// contains the speaker's or is contained in it (the spokesperson and the State Department), and the body
/// the speaker belongs to or a member of the speaker's own body (`member_of`, followed both ways and
/// through every level): a careful reader could defend any of them.
pub(super) fn attribution_question(bank: &Bank, claim: &Claim) -> Option<Question> {
    if !claim.derived_questions {
        return None;
    }
    let speaker = bank.actor(&claim.by)?;
    if !speaker.derived_questions {
        return None;
    }
    let passage = bank.passage(&claim.passage)?;
    let speaker_names = actor_names(speaker);
    // A quote that names its speaker ("Beijing officially maintains …") gives the answer away.
    if speaker_names
        .iter()
        .any(|name| contains_phrase(&claim.quote, name))
    {
        return None;
    }
    let related = related_bodies(bank, speaker);
    let candidates: Vec<String> = bank
        .actors
        .iter()
        .filter(|actor| actor.id != speaker.id && actor.derived_questions)
        .filter(|actor| !related.contains(actor.id.as_str()))
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
        "According to the article, who is the source of this: {}?",
        quoted(&claim.quote)
    );
    let explanation = format!(
        "The article attributes this to {}: {}",
        in_sentence(&speaker.name, &bank.passages),
        quoted(&source_sentences(&passage.text, &claim.quote))
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

/// The ids of every body `actor` belongs to (its `member_of`, that body's, and so on) and of every
/// actor that belongs to `actor`, at any depth. Fellow members of one body are not related: another
/// minister of the same group is a fair wrong speaker. A loop of `member_of` ends where it started.
pub(super) fn related_bodies<'b>(bank: &'b Bank, actor: &'b Actor) -> HashSet<&'b str> {
    let mut bodies: HashSet<&str> = HashSet::new();
    let mut current = actor.member_of.as_deref();
    while let Some(body) = current {
        if body == actor.id || !bodies.insert(body) {
            break;
        }
        current = bank.actor(body).and_then(|b| b.member_of.as_deref());
    }
    let mut related = bodies;
    for other in &bank.actors {
        let mut current = other.member_of.as_deref();
        let mut seen: HashSet<&str> = HashSet::new();
        while let Some(body) = current {
            if !seen.insert(body) {
                break;
            }
            if body == actor.id {
                related.insert(other.id.as_str());
                break;
            }
            current = bank.actor(body).and_then(|b| b.member_of.as_deref());
        }
    }
    related
}
