//! Actor ↔ role matching questions.

use super::*;

/// Actor ↔ role matching: the actors in file order, split into groups of at most four whose sizes differ
/// by at most one (so no group is left with a single pair).
pub(super) fn role_matching_questions(bank: &Bank) -> Vec<Question> {
    let actors: Vec<&crate::bank::model::Actor> =
        bank.actors.iter().filter(|a| a.derived_questions).collect();
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
        // One line per actor, the role after a colon: a role written as a label ("Reportedly committed
        // …") keeps its capital without standing capitalised in the middle of a sentence.
        let explanation = std::iter::once("From the article:".to_owned())
            .chain(
                pairs
                    .iter()
                    .map(|(name, role)| format!("{name}: {}.", role.trim().trim_end_matches('.'))),
            )
            .collect::<Vec<_>>()
            .join("\n");
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
            review: false,
        });
    }
    questions
}
