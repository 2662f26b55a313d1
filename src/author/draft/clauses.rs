//! Cutting a sentence at its cues: the clause a response or implication cue sits in, an implication's
//! cause and effect (without the attribution before it or a lone quotation mark), and how far a
//! response has got.

use std::ops::Range;

use crate::bank::raw::ResponseStatus;

const CLAUSE_BREAKS: &[char] = &[',', ';', ':', '—', '–', '(', ')', '.', '?', '!'];

pub(super) fn clause_end(text: &str, from: usize) -> usize {
    text[from..]
        .find(CLAUSE_BREAKS)
        .map_or(text.len(), |i| from + i)
}

pub(super) fn clause_start(text: &str, before: usize) -> usize {
    let head = &text[..before];
    let punct = head.rfind(CLAUSE_BREAKS).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    let that = head.rfind(" that ").map_or(0, |i| i + " that ".len());
    punct.max(that)
}

/// `text` without a quotation mark at its start or end that has no partner inside it.
pub(super) fn balanced(text: &str) -> &str {
    let marks = |t: &str| t.chars().filter(|c| matches!(c, '"' | '“' | '”')).count();
    let mut t = text;
    if marks(t) % 2 == 1 {
        if let Some(rest) = t.strip_prefix(['"', '“']) {
            t = rest.trim_start();
        } else if let Some(rest) = t.strip_suffix(['"', '”']) {
            t = rest.trim_end();
        }
    }
    t
}

/// Speech verbs that can open the clause of an implication cue ("said the decision would …").
const SPEECH_LEADS: &[&str] = &[
    "said",
    "says",
    "say",
    "argue",
    "argues",
    "argued",
    "warned",
    "warns",
    "warn",
    "told",
    "believe",
    "believes",
    "insisted",
    "insists",
    "claimed",
    "claims",
    "added",
    "stressed",
    "predicted",
    "fear",
    "fears",
    "expect",
    "expects",
    "noted",
];

/// The clause around an implication cue, and its cause (before the cue) and effect (after it); both
/// at least two words.
pub(super) fn cause_and_effect(
    text: &str,
    cue: Range<usize>,
) -> Option<(Range<usize>, &str, &str)> {
    let start = clause_start(text, cue.start);
    let end = clause_end(text, cue.end);
    let mut cause = text[start..cue.start].trim();
    for lead in ["and ", "but ", "Moreover ", "However ", "which "] {
        cause = cause.strip_prefix(lead).unwrap_or(cause);
    }
    // "said the decision would …": the attribution is not part of the cause.
    let first_word = cause.split_whitespace().next().unwrap_or("");
    if SPEECH_LEADS.contains(&first_word.to_lowercase().as_str()) {
        cause = cause[first_word.len()..].trim_start();
    }
    // A quotation opened or closed at the cut ("would “reconnect the east side …"): drop the lone mark.
    let effect = balanced(text[cue.end..end].trim());
    let cause = balanced(cause);
    if cause.split_whitespace().count() < 2 || effect.split_whitespace().count() < 2 {
        return None;
    }
    let quote_start = start + text[start..].find(cause)?;
    Some((quote_start..end, cause, effect))
}

/// How far a response has got, read from its cue: "pledged to" is pledged, "is exploring" exploring.
pub(super) fn response_status(cue: &str) -> Option<ResponseStatus> {
    let cue = cue.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| cue.contains(w));
    if has(&[
        "pledge",
        "vow",
        "promise",
        "agreed",
        "will ",
        "plan",
        "intend",
        "threatened",
    ]) {
        Some(ResponseStatus::Pledged)
    } else if has(&[
        "explor", "consider", "call", "urged", "proposed", "seek", "aim",
    ]) {
        Some(ResponseStatus::Exploring)
    } else if has(&["imposed", "launched", "moved"]) {
        Some(ResponseStatus::Done)
    } else if has(&["moves to", "move to", "preparing"]) {
        Some(ResponseStatus::UnderWay)
    } else {
        None
    }
}
