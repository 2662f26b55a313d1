//! What a result file records about each answer beyond its score: the options as shown, which were
//! right, which the student picked, and who the question is about. The class report needs these for
//! distractor analysis and mastery per actor, and must not need the bank to read them.

use crate::bank::{Answer, Bank, Question};
use crate::study::exam::ExamItem;
use crate::study::grade::Response;

use super::paper::valid_order;

/// Fills in an exam item's options, keys, chosen positions and actors from the question asked, the
/// student's response (`None`: unanswered) and the display order used (`None`: the bank's order).
pub fn describe_item(
    item: &mut ExamItem,
    bank: &Bank,
    question: &Question,
    response: Option<&Response>,
    order: Option<&[usize]>,
) {
    item.actors = actors_of(bank, question);
    match &question.answer {
        // A two-part question's distractors are the options of its first part.
        Answer::Choice { options, correct }
        | Answer::TwoPart {
            options, correct, ..
        } => {
            let identity: Vec<usize> = (0..options.len()).collect();
            let order = order
                .and_then(|o| valid_order(o, options.len()))
                .unwrap_or(&identity);
            item.options = order.iter().map(|&i| options[i].clone()).collect();
            item.keys = positions(order, |i| correct.get(i).copied().unwrap_or(false));
            let picked = match response {
                Some(Response::Choice(picked)) => Some(picked),
                Some(Response::TwoPart { choice, .. }) => Some(choice),
                _ => None,
            };
            if let Some(picked) = picked {
                item.chosen = positions(order, |i| picked.contains(&i));
            }
        }
        Answer::TrueFalse { answer } => {
            item.options = vec!["True".to_owned(), "False".to_owned()];
            item.keys = vec![if *answer { 0 } else { 1 }];
            if let Some(Response::TrueFalse(given)) = response {
                item.chosen = vec![if *given { 0 } else { 1 }];
            }
        }
        Answer::Evidence {
            sentences,
            correct_sentence,
            ..
        } => {
            item.options = sentences.to_vec();
            item.keys = vec![*correct_sentence];
            if let Some(Response::Evidence(chosen)) = response
                && *chosen < sentences.len()
            {
                item.chosen = vec![*chosen];
            }
        }
        _ => {}
    }
}

fn positions(order: &[usize], pick: impl Fn(usize) -> bool) -> Vec<usize> {
    order
        .iter()
        .enumerate()
        .filter(|(_, i)| pick(**i))
        .map(|(position, _)| position)
        .collect()
}

/// The names of the actors a question tests: those it is about directly, and the speaker and subjects
/// of any claim it is about. Each once, in the order met.
pub fn actors_of(bank: &Bank, question: &Question) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut add = |id: &str| {
        if let Some(actor) = bank.actor(id)
            && !names.contains(&actor.name)
        {
            names.push(actor.name.clone());
        }
    };
    for id in &question.about {
        add(id);
        if let Some(claim) = bank.claim(id) {
            add(&claim.by);
            for about in &claim.about {
                add(about);
            }
        }
    }
    names
}
