//! "How far has this response got?" questions, from a response's `status`: students confuse what was
//! done with what was only pledged, explored or recommended.

use super::*;
use crate::bank::model::{Response, ResponseStatus};

/// Statuses a careful reader could defend for a response of `status`, besides the right one: never
/// offered. A pledge may already be under way; what is under way may have been pledged or be still
/// explored; what is explored may be read as under way, pledged or, when the article calls it "part of the
/// strategy", done: so an `Exploring` response is asked only if two plainly wrong statuses remain (they
/// never do, and it is not asked).
fn defensible(status: ResponseStatus) -> &'static [ResponseStatus] {
    use ResponseStatus::{Done, Exploring, Pledged, Recommended, UnderWay};
    match status {
        Done => &[UnderWay],
        Pledged => &[UnderWay],
        UnderWay => &[Pledged, Exploring],
        Exploring => &[UnderWay, Pledged, Done],
        Recommended => &[Exploring],
    }
}

/// Words that give the status away when the statement shown in the prompt contains them.
fn giveaway(status: ResponseStatus) -> &'static [&'static str] {
    match status {
        ResponseStatus::Done => &["already"],
        ResponseStatus::Pledged => &["pledge", "promise", "vow", "commit"],
        ResponseStatus::UnderWay => &["under way", "underway", "moves to", "moving to"],
        ResponseStatus::Exploring => &["explor", "consider"],
        ResponseStatus::Recommended => &["must", "should", "recommend", "urge", "needed"],
    }
}

/// The status questions of the bank, at most [`super::certainty::MAX_LABEL_SHARE`] of them with the
/// same answer (see [`super::certainty::capped_by_share`]).
pub(super) fn status_questions(bank: &Bank) -> Vec<Question> {
    let asked: Vec<(&Response, ResponseStatus)> = bank
        .responses
        .iter()
        .filter_map(|r| Some((r, r.status?)))
        .filter(|(r, status)| {
            let lower = r.statement.to_lowercase();
            !giveaway(*status).iter().any(|w| lower.contains(w))
        })
        .collect();
    let candidates: Vec<(Question, ResponseStatus)> = asked
        .into_iter()
        .filter_map(|(r, status)| Some((status_question(bank, r, status)?, status)))
        .collect();
    let labelled: Vec<(&str, ResponseStatus)> = candidates
        .iter()
        .map(|(q, s)| (q.id.0.as_str(), *s))
        .collect();
    let kept = super::certainty::capped_by_share(&labelled, super::certainty::MAX_LABEL_SHARE);
    candidates
        .into_iter()
        .map(|(q, _)| q)
        .filter(|q| kept.contains(&q.id.0))
        .collect()
}

fn status_question(bank: &Bank, response: &Response, status: ResponseStatus) -> Option<Question> {
    let passage = bank.passage(&response.passage)?;
    let id = format!("derived/status/{}", response.id);
    let mut wrong: Vec<ResponseStatus> = ResponseStatus::ALL
        .into_iter()
        .filter(|s| *s != status && !defensible(status).contains(s))
        .collect();
    if wrong.len() < 2 {
        return None;
    }
    SplitMix64::new(stable_hash(id.as_bytes())).shuffle(&mut wrong);
    wrong.truncate(MAX_DISTRACTORS);
    let prompt = format!(
        "How far has this response got, as the article tells it: {}?",
        quoted(&standalone(&response.statement))
    );
    let explanation = format!(
        "It is {}. The article says: {}",
        status.label(),
        quoted(&source_sentences(&passage.text, &response.quote))
    );
    let answer = Answer::Choice {
        options: std::iter::once(status)
            .chain(wrong.iter().copied())
            .map(|s| s.label().to_owned())
            .collect(),
        correct: std::iter::once(true)
            .chain(wrong.iter().map(|_| false))
            .collect(),
    };
    Some(Question {
        content_hash: content_hash(&prompt, &answer),
        id: QuestionId(id),
        prompt,
        passage: response.passage.clone(),
        quote: Some(response.quote.clone()),
        explanation,
        about: vec![response.id.clone()],
        tags: vec!["derived".to_owned(), "status".to_owned()],
        answer,
        origin: Origin::Derived,
        review: false,
    })
}
