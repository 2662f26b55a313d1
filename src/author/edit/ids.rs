//! Ids made from the words an item is about, so a teacher never types one and can still recognise it
//! in the file: "Russia is rumored to be offering" → `russia-rumored-offering`.

/// Words that say nothing about which item this is.
const FILLER: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "with", "and", "or", "but", "is",
    "are", "was", "were", "be", "been", "being", "has", "have", "had", "that", "this", "these",
    "those", "it", "its", "as", "from", "into", "their", "his", "her", "which", "who", "whom",
];

/// Most words an id is made of.
const MAX_WORDS: usize = 4;

/// An id from `words`, not `taken`: the first few meaningful words, lower case, joined by `-`, with
/// `-2`, `-3` … added when that id is already used. `fallback` is used when `words` has no letters or
/// digits at all. The id never changes afterwards, whatever the item comes to say.
pub fn id_from_words(words: &str, fallback: &str, taken: impl Fn(&str) -> bool) -> String {
    let all: Vec<String> = words
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let meaningful: Vec<&String> = all
        .iter()
        .filter(|w| !FILLER.contains(&w.as_str()))
        .collect();
    let chosen: Vec<&String> = if meaningful.is_empty() {
        all.iter().collect()
    } else {
        meaningful
    };
    let mut base = chosen
        .iter()
        .take(MAX_WORDS)
        .map(|w| w.as_str())
        .collect::<Vec<_>>()
        .join("-");
    if base.is_empty() {
        base = fallback.to_owned();
    }
    if base.starts_with("derived") {
        base = format!("{fallback}-{base}");
    }
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_keeps_the_meaningful_words_and_is_unique() {
        let taken = |id: &str| id == "russia-rumored-offering";
        assert_eq!(
            id_from_words("Russia is rumored to be offering", "claim", |_| false),
            "russia-rumored-offering"
        );
        assert_eq!(
            id_from_words("Russia is rumored to be offering", "claim", taken),
            "russia-rumored-offering-2"
        );
        assert_eq!(id_from_words("“ — ”", "claim", |_| false), "claim");
        assert_eq!(
            id_from_words("Pyongyang’s", "actor", |_| false),
            "pyongyang-s"
        );
    }
}
