//! "Who is the source of …?" questions.

use super::*;

/// "Who is the source of “…”?" for a claim made by one of the bank's actors.
pub(super) fn attribution_question(bank: &Bank, claim: &Claim) -> Option<Question> {
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
