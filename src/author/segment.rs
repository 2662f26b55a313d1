//! Sentences and words of English news text, with byte ranges into the text they come from, so that
//! every span the drafter quotes is a slice of the article and passes the verbatim check by construction.
//!
//! The sentence splitter is rule-based: a `.`, `?`, `!` or `…` ends a sentence only when what follows
//! (after closing quotes and brackets) is whitespace and then something that can start a sentence (a
//! capital, a digit, an opening quote), and a period does not end one after an abbreviation ("Mr",
//! "Jan", "Gov"), an initial ("J. K. Rowling") or an initialism ("U.S.", "a.m."). Commas and question
//! marks inside a quotation followed by a lowercase word ("“Stop!” she said") stay inside the sentence.

use std::ops::Range;

/// Abbreviations that end in a period without ending the sentence: titles, months, days, and the
/// shortened words of addresses and company names common in news copy. Compared case-sensitively
/// without the period.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "St", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt",
    "Capt", "Maj", "Cmdr", "Adm", "Brig", "Cpl", "Pte", "Jr", "Sr", "Rev", "Hon", "Pres", "Supt",
    "Insp", "Det", "Fr", "No", "Nos", "Vol", "vs", "v", "Inc", "Ltd", "Co", "Corp", "Bros", "Jan",
    "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue",
    "Tues", "Wed", "Thu", "Thurs", "Fri", "Sat", "approx", "est", "Mt", "Ft", "Ave", "Blvd", "Rd",
    "Dept", "Univ", "Assn", "Ald", "Cllr", "e.g", "i.e", "etc", "cf", "al", "Ph.D", "Calif",
    "Mass", "Fla", "Wash", "Ariz", "Penn", "Conn",
];

/// Splits `text` into sentences, as trimmed byte ranges of `text`. Text without any sentence punctuation
/// is one sentence.
pub fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut ranges = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i].1;
        if matches!(c, '.' | '?' | '!' | '…') {
            let mut end = i + 1;
            while end < chars.len() && matches!(chars[end].1, '.' | '?' | '!' | '…') {
                end += 1;
            }
            while end < chars.len() && is_closing(chars[end].1) {
                end += 1;
            }
            let mut next = end;
            while next < chars.len() && chars[next].1.is_whitespace() {
                next += 1;
            }
            let spaced = next > end;
            let starts_sentence = next < chars.len() && {
                let n = chars[next].1;
                n.is_uppercase() || n.is_ascii_digit() || is_opening(n)
            };
            let abbreviation = c == '.' && end == i + 1 && ends_with_abbreviation(&chars[..i]);
            if spaced
                && starts_sentence
                && !abbreviation
                && !inside_attributed_quote(&chars, start, i)
            {
                let end_byte = chars.get(end).map_or(text.len(), |(b, _)| *b);
                push_trimmed(text, start..end_byte, &mut ranges);
                start = chars[next].0;
                i = next;
                continue;
            }
            i = end.max(i + 1);
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut ranges);
    ranges
}

/// Whether the sentence end at `at` lies inside a quotation that closes later and is followed by its
/// attribution ("“We have no choice. The dams are empty,” said the mayor."): the quotation and its
/// speaker stay one sentence. A quotation that closes and is followed by a new sentence still splits.
fn inside_attributed_quote(chars: &[(usize, char)], from: usize, at: usize) -> bool {
    const MAX_QUOTE_CHARS: usize = 600;
    let mut open = false;
    for &(b, c) in chars
        .iter()
        .skip_while(|(b, _)| *b < from)
        .take_while(|(b, _)| *b < chars[at].0)
    {
        let _ = b;
        match c {
            '“' | '«' => open = true,
            '”' | '»' => open = false,
            '"' => open = !open,
            _ => {}
        }
    }
    if !open {
        return false;
    }
    let Some(close) = chars[at + 1..]
        .iter()
        .take(MAX_QUOTE_CHARS)
        .position(|(_, c)| matches!(c, '”' | '»' | '"'))
        .map(|k| at + 1 + k)
    else {
        return false;
    };
    chars[close + 1..]
        .iter()
        .find(|(_, c)| !c.is_whitespace())
        .is_some_and(|(_, c)| c.is_lowercase())
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let slice = &text[range.clone()];
    if slice.trim().is_empty() {
        return;
    }
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    out.push(range.start + lead..range.end - trail);
}

fn is_closing(c: char) -> bool {
    matches!(c, '”' | '"' | '’' | '\'' | ')' | ']' | '»')
}

fn is_opening(c: char) -> bool {
    matches!(c, '“' | '"' | '‘' | '\'' | '(' | '[' | '«')
}

/// Whether the word just before a period is an abbreviation, an initial or an initialism.
fn ends_with_abbreviation(before: &[(usize, char)]) -> bool {
    let word: String = {
        let mut rev: Vec<char> = before
            .iter()
            .rev()
            .take_while(|(_, c)| !c.is_whitespace())
            .map(|(_, c)| *c)
            .collect();
        rev.reverse();
        rev.into_iter().collect()
    };
    let word = word.trim_start_matches(|c: char| is_opening(c) || c == '-');
    if word.is_empty() {
        return false;
    }
    if ABBREVIATIONS.contains(&word) {
        return true;
    }
    // "U.S", "a.m", "U.K": single letters joined by periods (the final period is the one at hand).
    let parts: Vec<&str> = word.split('.').collect();
    if parts.len() >= 2
        && parts
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic))
    {
        return true;
    }
    // An initial: "J." in "J. K. Rowling".
    word.chars().count() == 1 && word.chars().all(char::is_uppercase)
}

/// The sentences of `text` as slices.
pub fn sentences(text: &str) -> Vec<&str> {
    sentence_ranges(text)
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

/// What a token is: a word (letters, digits, inner apostrophes, hyphens and periods) or one punctuation
/// character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Punct,
}

/// A word or punctuation mark of a sentence, with its byte range in that sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub range: Range<usize>,
    pub kind: TokenKind,
}

impl Token<'_> {
    /// The word without a possessive ending ("Korea’s" → "Korea").
    pub fn stem(&self) -> &str {
        strip_possessive(self.text)
    }

    /// Whether the word starts with a capital letter (or is an initialism like "U.S.").
    pub fn is_capitalised(&self) -> bool {
        self.kind == TokenKind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether the token is a word in lower case.
    pub fn is_lowercase_word(&self) -> bool {
        self.kind == TokenKind::Word && self.text.chars().next().is_some_and(char::is_lowercase)
    }

    /// Whether the word is written in capitals only, like "NATO", "EU" or "U.S.".
    pub fn is_acronym(&self) -> bool {
        let stem = self.stem();
        let letters: Vec<char> = stem.chars().filter(|c| c.is_alphabetic()).collect();
        self.kind == TokenKind::Word
            && letters.len() >= 2
            && letters.len() <= 6
            && letters.iter().all(|c| c.is_uppercase())
            && stem.chars().all(|c| c.is_alphabetic() || c == '.')
    }

    pub fn lower(&self) -> String {
        self.stem().to_lowercase()
    }
}

/// Removes a trailing possessive `'s`, `’s` or a bare trailing apostrophe.
pub fn strip_possessive(word: &str) -> &str {
    for suffix in ["’s", "'s", "’S", "'S", "’", "'"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return stem;
        }
    }
    word
}

/// Splits a sentence into words and punctuation. Periods stay inside a word when they join letters
/// ("U.S.", "a.m.") or close an abbreviation ("Mr.", "Jan."); apostrophes and hyphens stay inside when
/// letters follow.
pub fn tokens(sentence: &str) -> Vec<Token<'_>> {
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let d = chars[j].1;
                if d.is_alphanumeric() {
                    j += 1;
                } else if matches!(d, '\'' | '’' | '-' | '‐' | '.' | ',' | '&')
                    && chars.get(j + 1).is_some_and(|(_, e)| e.is_alphanumeric())
                    && (d != ','
                        || (chars[j - 1].1.is_ascii_digit() && chars[j + 1].1.is_ascii_digit()))
                    && (d != '&' || chars[j - 1].1.is_uppercase())
                {
                    j += 2;
                } else if matches!(d, '\'' | '’')
                    && chars[j - 1].1 == 's'
                    && chars.get(j + 1).is_none_or(|(_, e)| !e.is_alphanumeric())
                {
                    // A plural possessive: "analysts’".
                    j += 1;
                    break;
                } else {
                    break;
                }
            }
            // A final period that belongs to the word: "U.S." or "Mr.".
            if chars.get(j).is_some_and(|(_, d)| *d == '.') {
                let word_end = chars[j].0;
                let word = &sentence[start..word_end];
                let initialism = word.contains('.')
                    && word
                        .split('.')
                        .all(|p| p.chars().count() == 1 && p.chars().all(char::is_alphabetic));
                let single_initial =
                    word.chars().count() == 1 && word.chars().all(char::is_uppercase);
                if initialism || single_initial || ABBREVIATIONS.contains(&word) {
                    j += 1;
                }
            }
            let end = chars.get(j).map_or(sentence.len(), |(b, _)| *b);
            out.push(Token {
                text: &sentence[start..end],
                range: start..end,
                kind: TokenKind::Word,
            });
            i = j;
        } else {
            let end = chars.get(i + 1).map_or(sentence.len(), |(b, _)| *b);
            out.push(Token {
                text: &sentence[start..end],
                range: start..end,
                kind: TokenKind::Punct,
            });
            i += 1;
        }
    }
    out
}

/// Whether a punctuation token opens or closes a quotation.
pub fn is_quote_mark(text: &str) -> bool {
    matches!(text, "“" | "”" | "\"" | "‘" | "’" | "«" | "»")
}

/// The quotations in a sentence (text between matching quote marks, marks excluded), as byte ranges.
/// Single quotes count only when they do not look like apostrophes.
pub fn quotations(sentence: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<(usize, char)> = None;
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    for (k, &(at, c)) in chars.iter().enumerate() {
        let prev_alnum = k > 0 && chars[k - 1].1.is_alphanumeric();
        let next_alnum = chars.get(k + 1).is_some_and(|(_, n)| n.is_alphanumeric());
        match (open, c) {
            (None, '“' | '«') => open = Some((at + c.len_utf8(), c)),
            (None, '"') if !prev_alnum => open = Some((at + 1, c)),
            (None, '‘') if !prev_alnum => open = Some((at + c.len_utf8(), c)),
            (Some((from, '“')), '”') | (Some((from, '«')), '»') | (Some((from, '"')), '"') => {
                out.push(from..at);
                open = None;
            }
            (Some((from, '‘')), '’') if !next_alnum => {
                out.push(from..at);
                open = None;
            }
            _ => {}
        }
    }
    out.retain(|r| !sentence[r.clone()].trim().is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_initials_and_initialisms_do_not_split() {
        let text = "Mr. Smith met Dr Jones on Jan. 5 in the U.S. capital. J. K. Rowling spoke at 9 a.m. on Monday. It rained.";
        assert_eq!(
            sentences(text),
            vec![
                "Mr. Smith met Dr Jones on Jan. 5 in the U.S. capital.",
                "J. K. Rowling spoke at 9 a.m. on Monday.",
                "It rained."
            ]
        );
    }

    #[test]
    fn quotation_with_inner_punctuation_stays_one_sentence() {
        let text = "“Stop!” she shouted. “We will not go,” he said. “Never.” Then silence.";
        assert_eq!(
            sentences(text),
            vec![
                "“Stop!” she shouted.",
                "“We will not go,” he said.",
                "“Never.”",
                "Then silence."
            ]
        );
    }

    #[test]
    fn text_without_punctuation_is_one_sentence() {
        assert_eq!(
            sentences("no punctuation at all here"),
            vec!["no punctuation at all here"]
        );
        assert!(sentences("   ").is_empty());
    }

    #[test]
    fn tokens_keep_initialisms_and_possessives_together() {
        let words: Vec<&str> = tokens("The U.S. and North Korea’s allies, 1,200 troops.")
            .iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            words,
            vec![
                "The",
                "U.S.",
                "and",
                "North",
                "Korea’s",
                "allies",
                ",",
                "1,200",
                "troops",
                "."
            ]
        );
    }

    #[test]
    fn quotations_are_found_without_their_marks() {
        let s = "He called it “an affront,” and said ‘no’ while the analysts’ view was \"grim\".";
        let found: Vec<&str> = quotations(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(found, vec!["an affront,", "no", "grim"]);
    }
}
