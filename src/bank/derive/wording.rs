//! How generated questions word names, quotes and statements, and how they compare texts.

use super::*;

/// A name as it reads inside a sentence: "A spokesperson …" becomes "a spokesperson …", "The West"
/// becomes "the West"; proper names are left alone.
pub(super) fn mid_sentence(name: &str) -> String {
    for article in ["A ", "An ", "The "] {
        if let Some(rest) = name.strip_prefix(article) {
            return format!("{}{rest}", article.to_lowercase());
        }
    }
    name.to_owned()
}

/// The name and aliases of an actor.
pub(super) fn actor_names(actor: &crate::bank::model::Actor) -> Vec<&str> {
    std::iter::once(actor.name.as_str())
        .chain(actor.aliases.iter().map(String::as_str))
        .filter(|name| !name.trim().is_empty())
        .collect()
}

/// The whole sentence(s) of `passage` that contain `quote`, for explanations; the quote itself if it
/// cannot be found.
pub(super) fn source_sentences(passage: &str, quote: &str) -> String {
    let Some(found) = find_quote(passage, quote) else {
        return quote.trim().to_owned();
    };
    let ranges: Vec<_> = sentence_ranges(passage)
        .into_iter()
        .filter(|r| r.start < found.end && found.start < r.end)
        .collect();
    match (ranges.first(), ranges.last()) {
        (Some(first), Some(last)) => passage[first.start..last.end].to_owned(),
        _ => quote.trim().to_owned(),
    }
}

/// Text folded for comparison: typographic quotes and dashes as typed ones, lowercase, whitespace runs
/// as one space, trimmed.
pub(super) fn fold(text: &str) -> String {
    words(text).join(" ")
}

/// The words of `text`, folded, with punctuation trimmed from their ends and a possessive "'s" dropped,
/// so "Pyongyang’s" is the word "pyongyang" and "U.S." is "u.s".
pub(super) fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|word| {
            let folded: String = word
                .chars()
                .map(fold_char)
                .flat_map(char::to_lowercase)
                .collect();
            let trimmed = folded.trim_matches(|c: char| !c.is_alphanumeric());
            trimmed.strip_suffix("'s").unwrap_or(trimmed).to_owned()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// Whether the words of `needle` occur, in a row, among the words of `haystack` (so "EU" is not found
/// in "neutral", but "State Department" is found in "a State Department official").
pub(super) fn contains_phrase(haystack: &str, needle: &str) -> bool {
    let hay = words(haystack);
    let needle = words(needle);
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Short words and words that say nothing about what a cause is; left out when comparing causes.
pub(super) const NOT_CONTENT: [&str; 12] = [
    "about", "after", "could", "their", "these", "those", "which", "where", "other", "under",
    "while", "through",
];

/// The first five letters of each content word of `text` (five or more letters, not in [`NOT_CONTENT`]):
/// a crude stem, so "sanctions" and "sanctioned" meet, and "technology" in two causes marks them as one.
pub(super) fn content_stems(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|word| word.chars().count() >= 5 && !NOT_CONTENT.contains(&word.as_str()))
        .map(|word| word.chars().take(5).collect())
        .collect()
}
