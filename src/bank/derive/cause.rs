//! "What leads, or could lead, to …?" questions.

use super::*;

/// "According to the article, what leads, or could lead, to <effect>?" with other implications' causes as
/// distractors. Causes from the same paragraph, or sharing a content word with the right cause, are left
/// out: they are often the same cause in other words.
pub(super) fn cause_question(bank: &Bank, implication: &Implication) -> Option<Question> {
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
        review: false,
    })
}
