//! How generated questions word names, quotes and statements, and how they compare texts.

use super::*;
use crate::bank::model::Passage;

/// A name as it reads inside a sentence. A leading article is lower-cased ("A spokesperson …" → "a
/// spokesperson …", "The U.S. and its allies" → "the U.S. and its allies") and the rest keeps its own
/// capitals. A name without an article keeps its capital when it is a proper name and loses it when it
/// is a common noun the bank capitalised as a label ("Security analysts" → "security analysts"). Which it
/// is comes from the article: how the name is written where it occurs inside a sentence. A name that
/// occurs only at the start of sentences, or not at all, is taken for a common noun when nothing but its
/// first letter is a capital ("Experts", "Non-state actors"); a name with another capital ("Kim Jong
/// Un", "NATO", "Western nations" seen as such) is kept.
pub(super) fn in_sentence(name: &str, passages: &[Passage]) -> String {
    let name = name.trim();
    for article in ["A ", "An ", "The "] {
        if let Some(rest) = name.strip_prefix(article) {
            return format!("{}{rest}", article.to_lowercase());
        }
    }
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    if !first.is_uppercase() {
        return name.to_owned();
    }
    let lowered = || {
        first
            .to_lowercase()
            .chain(chars.clone())
            .collect::<String>()
    };
    match capitalised_inside_sentences(name, passages) {
        Some(true) => name.to_owned(),
        Some(false) => lowered(),
        None if name.chars().skip(1).any(char::is_uppercase) => name.to_owned(),
        None => lowered(),
    }
}

/// How `name` is written where the article uses it inside a sentence (not first in it): `Some(true)`
/// when mostly with a capital, `Some(false)` when mostly without, `None` when it never occurs there.
fn capitalised_inside_sentences(name: &str, passages: &[Passage]) -> Option<bool> {
    let needle: Vec<char> = name.chars().flat_map(char::to_lowercase).collect();
    let (mut upper, mut lower) = (0usize, 0usize);
    for passage in passages {
        let text: Vec<char> = passage.text.chars().collect();
        let folded: Vec<char> = text
            .iter()
            .map(|c| c.to_lowercase().next().unwrap_or(*c))
            .collect();
        if folded.len() < needle.len() {
            continue;
        }
        for start in 0..=folded.len() - needle.len() {
            if folded[start..start + needle.len()] != needle[..] {
                continue;
            }
            let before_ok = start == 0 || !text[start - 1].is_alphanumeric();
            let end = start + needle.len();
            let after_ok = end == text.len() || !text[end].is_alphanumeric();
            if !before_ok || !after_ok || starts_sentence(&text, start) {
                continue;
            }
            if text[start].is_uppercase() {
                upper += 1;
            } else {
                lower += 1;
            }
        }
    }
    (upper + lower > 0).then_some(upper >= lower)
}

/// Whether the character at `at` is the first of a sentence: nothing but spaces and opening quotes or
/// brackets before it since the start of the text or a full stop, question or exclamation mark.
fn starts_sentence(text: &[char], at: usize) -> bool {
    for &c in text[..at].iter().rev() {
        match c {
            ' ' | '\n' | '“' | '‘' | '"' | '\'' | '(' | '[' => continue,
            '.' | '?' | '!' | ':' => return true,
            _ => return false,
        }
    }
    true
}

/// Words that link a sentence to the one before ("In return, …", "Moreover, …"): a statement shown on
/// its own in a prompt must not begin with one, or it dangles.
const CONNECTIVES: [&str; 30] = [
    "in return",
    "in turn",
    "moreover",
    "however",
    "furthermore",
    "in addition",
    "additionally",
    "meanwhile",
    "also",
    "still",
    "yet",
    "therefore",
    "thus",
    "hence",
    "instead",
    "nevertheless",
    "nonetheless",
    "besides",
    "likewise",
    "similarly",
    "consequently",
    "as a result",
    "at the same time",
    "by contrast",
    "in contrast",
    "on the other hand",
    "even so",
    "then",
    "and",
    "but",
];

/// A statement as it reads on its own, inside quotation marks in a prompt or an option: trimmed, without
/// a final full stop, without a leading connective ("In return, Russia …" → "Russia …") and with its
/// first letter a capital.
pub(super) fn standalone(statement: &str) -> String {
    let mut text = statement.trim().trim_end_matches('.').trim_end();
    // "And" and "But" dangle without a comma too; the others only with one ("Still, …", not
    // "Still waters …").
    while let Some(rest) = CONNECTIVES.iter().find_map(|c| {
        let head = text.get(..c.len())?;
        let after = text.get(c.len()..)?;
        let dangles =
            after.starts_with(',') || (matches!(*c, "and" | "but") && after.starts_with(' '));
        (head.eq_ignore_ascii_case(c) && dangles).then(|| after.trim_start_matches([',', ' ']))
    }) {
        if rest.is_empty() {
            break;
        }
        text = rest;
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text` in double quotation marks, with quotation marks inside it turned into single ones, so a
/// quote of a quote never shows doubled marks (“a ‘desperate alliance’ formed …”). Punctuation that
/// only ended the clause where the words stood (“…stability,”) is dropped, and a quote that is one whole
/// quotation keeps a single pair of marks.
pub(super) fn quoted(text: &str) -> String {
    let mut inner: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '“' | '„' => '‘',
            '”' => '’',
            '"' => '\'',
            other => other,
        })
        .collect();
    loop {
        let trimmed = inner.trim_end();
        let shorter = if let Some(rest) = trimmed.strip_suffix(",’") {
            format!("{rest}’")
        } else if let Some(rest) = trimmed.strip_suffix([',', ';', ':']) {
            rest.to_owned()
        } else {
            break;
        };
        inner = shorter;
    }
    let inner = inner.trim_end();
    // A quote that is itself one whole quotation needs no second pair of marks.
    let whole = inner
        .strip_prefix('‘')
        .and_then(|rest| rest.strip_suffix('’'))
        .filter(|rest| !rest.contains(['‘', '’']));
    format!("“{}”", whole.unwrap_or(inner))
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
