//! Text helpers shared by validation, grading and the reader: finding a quote in a passage the way a
//! person would (typographic and straight quotes alike, any run of whitespace alike) and splitting a
//! passage into sentences without breaking "U.S. State Department" in two.

use std::ops::Range;

/// Folds the characters that people type differently but mean the same: typographic quotes and
/// apostrophes to straight ones, dashes to a hyphen, non-breaking spaces to spaces.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

/// `text` folded with [`fold_char`] and whitespace runs collapsed to one space, with, for every char of
/// the result, the byte offset in `text` where it came from (plus one final entry for the end).
fn folded_with_offsets(text: &str) -> (Vec<char>, Vec<usize>) {
    let mut chars = Vec::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len() + 1);
    for (offset, c) in text.char_indices() {
        let folded = fold_char(c);
        if folded == ' ' && chars.last() == Some(&' ') {
            continue;
        }
        chars.push(folded);
        offsets.push(offset);
    }
    offsets.push(text.len());
    (chars, offsets)
}

/// Where `quote` occurs in `passage`, as a byte range of `passage`, ignoring differences of whitespace
/// and of typographic vs. straight quotes and dashes. Leading/trailing whitespace of the quote is ignored.
/// Returns `None` for an empty quote.
pub fn find_quote(passage: &str, quote: &str) -> Option<Range<usize>> {
    let (hay, hay_offsets) = folded_with_offsets(passage);
    let (needle, _) = folded_with_offsets(quote.trim());
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    let start = hay
        .windows(needle.len())
        .position(|w| w == needle.as_slice())?;
    let end = start + needle.len();
    // The end offset is where the char after the match starts, so the range covers the last char whole.
    Some(hay_offsets[start]..hay_offsets[end])
}

/// Whether `quote` occurs in `passage` (see [`find_quote`]).
pub fn contains_quote(passage: &str, quote: &str) -> bool {
    find_quote(passage, quote).is_some()
}

/// Splits a paragraph into sentences, as byte ranges of `text` (trimmed). A period ends a sentence only
/// when followed by whitespace and then an uppercase letter or an opening quote, and not when it closes
/// an initialism like "U.S." or a title like "Mr.". Closing quotes after the punctuation stay with
/// the sentence.
pub fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut ranges = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '?' | '!') {
            // Swallow closing quotes/brackets right after the punctuation.
            let mut end = i + 1;
            while end < chars.len() && matches!(chars[end].1, '”' | '"' | '’' | '\'' | ')') {
                end += 1;
            }
            let next_is_space = end < chars.len() && chars[end].1.is_whitespace();
            let mut next_word = end;
            while next_word < chars.len() && chars[next_word].1.is_whitespace() {
                next_word += 1;
            }
            let next_starts_sentence = next_word < chars.len()
                && (chars[next_word].1.is_uppercase()
                    || matches!(chars[next_word].1, '“' | '"' | '‘'));
            let is_abbreviation = c == '.' && ends_with_abbreviation(&chars[..i]);
            if next_is_space && next_starts_sentence && !is_abbreviation {
                let end_byte = chars.get(end).map_or(text.len(), |(b, _)| *b);
                push_trimmed(text, start..end_byte, &mut ranges);
                start = chars[next_word].0;
                i = next_word;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut ranges);
    ranges
}

/// The sentences of a paragraph as strings (see [`sentence_ranges`]).
pub fn sentences(text: &str) -> Vec<String> {
    sentence_ranges(text)
        .into_iter()
        .map(|r| text[r].to_owned())
        .collect()
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if slice.trim().is_empty() {
        return;
    }
    out.push(range.start + lead..range.end - trail);
}

/// Whether the word just before a period is an initialism ("U.S", "U.N") or a common title.
fn ends_with_abbreviation(before: &[(usize, char)]) -> bool {
    let word: String = before
        .iter()
        .rev()
        .take_while(|(_, c)| !c.is_whitespace())
        .map(|(_, c)| *c)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let word = word.trim_start_matches(['(', '“', '"', '‘']);
    const TITLES: [&str; 8] = ["Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Gen", "Sen"];
    if TITLES.contains(&word) {
        return true;
    }
    // Initialisms: single letters separated by periods, e.g. "U.S" (the final period is the one at hand).
    let parts: Vec<&str> = word.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase))
        || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_and_straight_quotes_match() {
        let passage = "Analysts have described this cooperation as a “desperate alliance” formed";
        let range = find_quote(passage, "as a \"desperate  alliance\"").expect("found");
        assert_eq!(&passage[range], "as a “desperate alliance”");
    }

    #[test]
    fn missing_quote_is_not_found() {
        assert!(find_quote("North Korea supplies shells.", "Russia supplies shells").is_none());
        assert!(find_quote("anything", "  ").is_none());
    }

    #[test]
    fn initialisms_do_not_end_sentences() {
        let text =
            "In a move, the U.S. State Department reacted. Reports suggest more. Will it? Or not?";
        assert_eq!(
            sentences(text),
            vec![
                "In a move, the U.S. State Department reacted.",
                "Reports suggest more.",
                "Will it?",
                "Or not?"
            ]
        );
    }

    #[test]
    fn quoted_sentence_keeps_its_closing_quote() {
        let text = "“This is a threat.” An official said so. The U.S. and its allies agreed.";
        assert_eq!(
            sentences(text),
            vec![
                "“This is a threat.”",
                "An official said so.",
                "The U.S. and its allies agreed."
            ]
        );
    }
}
