//! "What leads, or could lead, to …?" questions.

use super::*;

/// "According to <whoever says so>, what leads, or could lead, to <effect>?" with other implications'
/// causes as distractors. Left out as wrong options, because a careful reader could defend them: causes
/// from the same paragraph, causes sharing a content word with the right one (often the same cause in
/// other words), broad causes, and causes of an effect that shares a content word other than a name with
/// this effect (they may well lead here too: more weapons boost a war effort). The prompt names who says the effect may follow: the implication's `by`, the
/// article when it is the article's own voice, and "the article reports" otherwise; never "according to
/// the article" for someone else's claim.
pub(super) fn cause_question(bank: &Bank, implication: &Implication) -> Option<Question> {
    if !implication.ask_cause || !implication.derived_questions {
        return None;
    }
    let passage = bank.passage(&implication.passage)?;
    let answer_stems = content_stems(&implication.cause);
    // Names say who is affected, not what the effect is: "Russia" in two effects does not make them one.
    let name_stems: HashSet<String> = bank
        .actors
        .iter()
        .flat_map(|a| actor_names(a).into_iter().flat_map(content_stems))
        .collect();
    let effect_of = |text: &str| -> HashSet<String> {
        content_stems(text)
            .into_iter()
            .filter(|stem| !name_stems.contains(stem))
            .collect()
    };
    let effect_stems = effect_of(&implication.effect);
    let candidates: Vec<String> = bank
        .implications
        .iter()
        .filter(|other| other.id != implication.id && other.passage != implication.passage)
        .filter(|other| other.derived_questions && !other.broad_cause)
        .filter(|other| content_stems(&other.cause).is_disjoint(&answer_stems))
        .filter(|other| effect_of(&other.effect).is_disjoint(&effect_stems))
        .map(|other| other.cause.clone())
        .collect();
    let id = format!("derived/cause/{}", implication.id);
    let distractors = pick_distractors(&id, &implication.cause, candidates)?;
    let effect = implication.effect.trim().trim_end_matches('.');
    let speaker = implication
        .by
        .as_deref()
        .and_then(|by| bank.actor(by))
        .filter(|actor| actor.derived_questions);
    if implication.by.is_some() && speaker.is_none() {
        return None;
    }
    let prompt = match speaker {
        Some(actor) => format!(
            "According to {}, as the article reports, what could lead to {effect}?",
            in_sentence(&actor.name, &bank.passages)
        ),
        None if matches!(
            implication.certainty,
            Certainty::Asserted | Certainty::Opinion
        ) =>
        {
            format!("According to the article, what leads, or could lead, to {effect}?")
        }
        None => format!("In the article, what is said to lead, or possibly lead, to {effect}?"),
    };
    let explanation = format!(
        "The article says: {} The cause: {}. What may follow: {effect}.",
        quoted(&source_sentences(&passage.text, &implication.quote)),
        implication.cause.trim().trim_end_matches('.'),
    );
    let answer = Answer::Choice {
        options: std::iter::once(implication.cause.clone())
            .chain(distractors.iter().cloned())
            .collect(),
        correct: std::iter::once(true)
            .chain(distractors.iter().map(|_| false))
            .collect(),
    };
    let mut about = vec![implication.id.clone()];
    if let Some(actor) = speaker {
        about.push(actor.id.clone());
    }
    Some(Question {
        content_hash: content_hash(&prompt, &answer),
        id: QuestionId(id),
        prompt,
        passage: implication.passage.clone(),
        quote: Some(implication.quote.clone()),
        explanation,
        about,
        tags: vec!["derived".to_owned(), "cause".to_owned()],
        answer,
        origin: Origin::Derived,
        review: false,
    })
}
