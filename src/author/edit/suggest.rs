//! First guesses for a new claim's certainty and speaker from the words of its sentence, so the form
//! opens with a sensible choice the teacher only has to confirm. The certainty comes from the same cue
//! rules `dossier new` drafts with ([`crate::author::cues`]); the speaker they name is matched to one of
//! the bank's actors. The teacher always sees and can change the guess.

use crate::bank::raw::{Certainty, RawActor};

/// The certainty the wording of `sentence` signals, and the actor (from `actors`) who says it, if
/// the sentence names one and attributes the words to someone.
pub fn suggest_certainty(sentence: &str, actors: &[RawActor]) -> (Certainty, Option<String>) {
    let (certainty, speaker_words) = crate::author::cues::suggest_certainty(sentence);
    let attributed = matches!(
        certainty,
        Certainty::Official | Certainty::Attributed | Certainty::Analysis
    );
    if !attributed {
        return (certainty, None);
    }
    // The actor named in the speaker's words ("A spokesperson for the State Department"), else the
    // actor named first in the sentence.
    let first_named_in = |text: &str| {
        let lower = text.to_lowercase();
        actors
            .iter()
            .filter_map(|actor| {
                std::iter::once(&actor.name)
                    .chain(&actor.aliases)
                    .filter(|name| !name.trim().is_empty())
                    .filter_map(|name| lower.find(&name.to_lowercase()))
                    .min()
                    .map(|at| (at, actor.id.clone()))
            })
            .min()
            .map(|(_, id)| id)
    };
    let speaker = speaker_words
        .as_deref()
        .and_then(first_named_in)
        .or_else(|| first_named_in(sentence));
    (certainty, speaker)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hedges_and_attributions_are_recognised() {
        let actors = vec![RawActor {
            id: "state-dept".into(),
            name: "State Department".into(),
            aliases: vec![],
            role: "r".into(),
            passages: vec![],
            member_of: None,
            derived_questions: true,
            review: false,
        }];
        assert_eq!(
            suggest_certainty("Russia is rumored to be offering", &actors).0,
            Certainty::Rumored
        );
        assert_eq!(
            suggest_certainty(
                "A spokesperson for the State Department said it was",
                &actors
            ),
            (Certainty::Official, Some("state-dept".into()))
        );
        assert_eq!(
            suggest_certainty("The West must act.", &actors).0,
            Certainty::Opinion
        );
        assert_eq!(
            suggest_certainty("The talks ended.", &actors).0,
            Certainty::Asserted
        );
    }
}
