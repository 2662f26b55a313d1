//! First guesses for a new claim's certainty and speaker from the words of its sentence, so the form
//! opens with a sensible choice the teacher only has to confirm. A stand-in until the drafting rules
//! (`dossier new`) are shared; the teacher always sees and can change the guess.

use crate::bank::raw::{Certainty, RawActor};

fn has_any(haystack: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| haystack.contains(n))
}

/// The certainty the wording of `sentence` signals, and the actor (from `actors`) who says it, if
/// the sentence names one and attributes the words to someone.
pub fn suggest_certainty(sentence: &str, actors: &[RawActor]) -> (Certainty, Option<String>) {
    let lower = sentence.to_lowercase();
    let speaking = has_any(
        &lower,
        &[
            " said",
            " says",
            " stated",
            " announced",
            " labeled",
            " labelled",
            " called",
            " warned",
            " told",
            "according to",
            " declared",
            " insisted",
            " claimed",
        ],
    );
    let official = has_any(
        &lower,
        &[
            "ministry",
            "minister",
            "department",
            "spokesperson",
            "spokesman",
            "spokeswoman",
            "president",
            "secretary",
            "government",
            "official",
            "prime minister",
            "chancellor",
            "white house",
            "kremlin",
        ],
    );
    let certainty = if has_any(&lower, &["rumored", "rumoured", "rumor", "rumour"]) {
        Certainty::Rumored
    } else if has_any(
        &lower,
        &["reportedly", "reports suggest", "reported", "reports say"],
    ) {
        Certainty::Reported
    } else if has_any(
        &lower,
        &["analyst", "expert", "observer", "scholar", "researcher"],
    ) {
        Certainty::Analysis
    } else if speaking && official {
        Certainty::Official
    } else if speaking {
        Certainty::Attributed
    } else if has_any(&lower, &[" must ", " should ", " ought to ", " needs to "]) {
        Certainty::Opinion
    } else {
        Certainty::Asserted
    };
    let speaker = matches!(
        certainty,
        Certainty::Official | Certainty::Attributed | Certainty::Analysis
    )
    .then(|| {
        actors
            .iter()
            .filter_map(|actor| {
                std::iter::once(&actor.name)
                    .chain(&actor.aliases)
                    .filter_map(|name| lower.find(&name.to_lowercase()))
                    .min()
                    .map(|at| (at, actor.id.clone()))
            })
            .min()
            .map(|(_, id)| id)
    })
    .flatten();
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
