//! How sure an English news sentence is of what it says, read from its attribution and hedge cues.
//!
//! The rules, in the order they are tried (the first that fits wins):
//! 1. hearsay — "is rumored", "reportedly", "allegedly", "is said to" → [`Certainty::Rumored`];
//! 2. reports — "reports suggest", "according to reports", "media reports" → [`Certainty::Reported`];
//! 3. a speaker with a speech verb ("said", "declared", "labelled", "warned", "pledged", "announced",
//!    "according to", "officially") → the speaker decides: analysts, experts, researchers →
//!    [`Certainty::Analysis`]; officials, ministries, office holders, states and named bodies →
//!    [`Certainty::Official`]; campaigners, charities, voters, residents, correspondents and people named
//!    without an office → [`Certainty::Attributed`]; anonymous "sources" → [`Certainty::Reported`];
//! 4. analysts or experts named without a speech verb ("alarm among security analysts") → Analysis;
//! 5. the article's own obligation words outside quotation marks ("must", "should", "needs to", "are
//!    needed") or its own hedges ("could", "may", "is likely to") → [`Certainty::Opinion`];
//! 6. otherwise the article states it in its own voice → [`Certainty::Asserted`].
//!
//! Everything is matched on whole words, case-insensitively, with typographic and straight quotes alike.
//! The rules are English only: [`super::draft`] skips them for text in another language.

use std::ops::Range;

use super::segment::{Token, TokenKind, is_quote_mark, quotations, tokens};
use crate::bank::raw::Certainty;

mod lexicon;

use lexicon::*;
pub(crate) use lexicon::{IMPLICATION_CUES, OFFICIAL_NOUNS, PLACE_FIRST_WORDS, RESPONSE_CUES};

/// What the cue rules read in one sentence, with byte ranges into that sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CueReading {
    pub certainty: Certainty,
    /// The words naming who says it ("a State Department official"), when someone does.
    pub speaker: Option<Range<usize>>,
    /// The words that decided the certainty ("Reports suggest", "declared"), when any did.
    pub cue: Option<Range<usize>>,
    /// The rule that fired, in a few words, for the comment the teacher reads.
    pub rule: &'static str,
    /// The sentence is a question: the article asks, it does not claim.
    pub is_question: bool,
}

/// The certainty the cue rules suggest for `sentence`, and the words naming its speaker if there is
/// one. For authoring tools that pre-fill a claim from a sentence the teacher picked.
pub fn suggest_certainty(sentence: &str) -> (Certainty, Option<String>) {
    let reading = read_cues(sentence);
    let speaker = reading.speaker.map(|r| sentence[r].to_owned());
    (reading.certainty, speaker)
}

/// A sentence's words, lowercased, with the token index of each.
struct Words<'a> {
    tokens: Vec<Token<'a>>,
    /// (token index, lowercased stem) for word tokens only.
    words: Vec<(usize, String)>,
    quotations: Vec<Range<usize>>,
}

impl<'a> Words<'a> {
    fn new(sentence: &'a str) -> Self {
        let tokens = tokens(sentence);
        let words = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.kind == TokenKind::Word)
            .map(|(i, t)| (i, t.text.to_lowercase()))
            .collect();
        Self {
            tokens,
            words,
            quotations: quotations(sentence),
        }
    }

    fn inside_quotation(&self, token: usize) -> bool {
        let at = self.tokens[token].range.start;
        self.quotations.iter().any(|q| q.contains(&at))
    }

    /// Every match of `phrase` (whole words; one adverb such as "also" may sit after the first
    /// word), as (first word index, last word index) in `self.words`.
    fn find_all(&self, phrase: &str) -> Vec<(usize, usize)> {
        let parts: Vec<&str> = phrase.split(' ').collect();
        let mut found = Vec::new();
        for start in 0..self.words.len() {
            if let Some(end) = self.match_at(start, &parts) {
                found.push((start, end));
            }
        }
        found
    }

    fn match_at(&self, start: usize, parts: &[&str]) -> Option<usize> {
        let mut w = start;
        for (k, part) in parts.iter().enumerate() {
            let word = &self.words.get(w)?.1;
            if word_matches(word, part) {
                w += 1;
                continue;
            }
            // One adverb between the first and second word: "are also exploring".
            if k == 1
                && is_adverb(word)
                && self
                    .words
                    .get(w + 1)
                    .is_some_and(|(_, n)| word_matches(n, part))
            {
                w += 2;
                continue;
            }
            return None;
        }
        Some(w - 1)
    }

    fn range(&self, first: usize, last: usize) -> Range<usize> {
        self.tokens[self.words[first].0].range.start..self.tokens[self.words[last].0].range.end
    }

    fn first_outside_quotes(&self, phrases: &[&str]) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for phrase in phrases {
            for (first, last) in self.find_all(phrase) {
                if self.inside_quotation(self.words[first].0) {
                    continue;
                }
                if best.is_none_or(|(b, _)| first < b) {
                    best = Some((first, last));
                }
            }
        }
        best
    }
}

fn word_matches(word: &str, part: &str) -> bool {
    word == part || super::segment::strip_possessive(word) == part
}

fn is_adverb(word: &str) -> bool {
    matches!(
        word,
        "also" | "now" | "still" | "already" | "again" | "not" | "all" | "both"
    ) || (word.len() > 4 && word.ends_with("ly"))
}

/// Whether `word` (lowercase) is a verb that attributes words to a speaker ("said", "argued").
pub(crate) fn is_speech_verb(word: &str) -> bool {
    SPEECH_VERBS.contains(&word)
}

/// The rule of a [`CueReading`] whose speaker's kind no word of the phrase decides: the certainty is a
/// guess from the name, so no question is drafted on it.
pub const GUESSED_SPEAKER_RULE: &str =
    "speaker with a speech verb; whether they hold a public office is guessed from the name alone";

/// Reads the cues of one sentence (see the module documentation for the rules).
pub fn read_cues(sentence: &str) -> CueReading {
    let words = Words::new(sentence);
    let is_question = sentence
        .trim_end()
        .trim_end_matches(|c: char| is_quote_mark(&c.to_string()) || c == ')')
        .ends_with('?');
    let reading = |certainty, speaker, cue, rule| CueReading {
        certainty,
        speaker,
        cue,
        rule,
        is_question,
    };
    let any = |phrases: &[&str]| {
        phrases
            .iter()
            .flat_map(|p| words.find_all(p))
            .min_by_key(|(first, _)| *first)
    };
    if let Some((first, last)) = any(RUMOR_CUES) {
        // The subject of "is rumored" is what the rumour is about, not who spreads it.
        return reading(
            Certainty::Rumored,
            None,
            Some(words.range(first, last)),
            "hearsay cue",
        );
    }
    if let Some((first, last)) = any(REPORT_CUES) {
        return reading(
            Certainty::Reported,
            None,
            Some(words.range(first, last)),
            "report cue",
        );
    }
    for (w, (token, word)) in words.words.iter().enumerate() {
        if words.inside_quotation(*token) {
            continue;
        }
        // "called the results “encouraging”": a characterisation in quotation marks, not "called
        // for" (a response) or "was called" (a name).
        let calls = matches!(word.as_str(), "called" | "calls" | "calling")
            && !words.quotations.is_empty()
            && words
                .words
                .get(w + 1)
                .is_none_or(|(_, n)| !matches!(n.as_str(), "for" | "on" | "off" | "in" | "up"))
            && w.checked_sub(1)
                .and_then(|p| words.words.get(p))
                .is_none_or(|(_, p)| {
                    !matches!(p.as_str(), "is" | "was" | "be" | "been" | "are" | "were")
                });
        if !SPEECH_VERBS.contains(&word.as_str()) && !calls {
            continue;
        }
        let inverted = *token > 0 && words.tokens[*token - 1].kind == TokenKind::Punct;
        let speaker = if word == "according" {
            if words.words.get(w + 1).is_none_or(|(_, n)| n != "to") {
                continue;
            }
            phrase_after(&words, w + 1, true)
        } else {
            subject_before(&words, w).or_else(|| phrase_after(&words, w, inverted))
        };
        let Some(speaker) = speaker else {
            continue;
        };
        let (certainty, guessed) = speaker_reading(&sentence[speaker.clone()]);
        let cue = words.range(w, w);
        return reading(
            certainty,
            Some(speaker),
            Some(cue),
            if guessed {
                GUESSED_SPEAKER_RULE
            } else {
                "speaker with a speech verb"
            },
        );
    }
    for (w, (token, word)) in words.words.iter().enumerate() {
        if ANALYSIS_NOUNS.contains(&word.as_str()) && !words.inside_quotation(*token) {
            let first = if w > 0
                && words.tokens[words.words[w - 1].0].is_lowercase_word()
                && !is_function_word(&words.words[w - 1].1)
            {
                w - 1
            } else {
                w
            };
            let range = words.range(first, w);
            return reading(
                Certainty::Analysis,
                Some(range.clone()),
                Some(range),
                "analysts or experts named",
            );
        }
    }
    if let Some((first, last)) = words.first_outside_quotes(OPINION_CUES) {
        return reading(
            Certainty::Opinion,
            None,
            Some(words.range(first, last)),
            "the article's own must/should",
        );
    }
    if let Some((first, last)) = words.first_outside_quotes(HEDGE_CUES) {
        return reading(
            Certainty::Opinion,
            None,
            Some(words.range(first, last)),
            "the article's own hedge",
        );
    }
    reading(Certainty::Asserted, None, None, "the article's own voice")
}

/// The certainty of words said by `speaker` (a phrase such as "a spokesperson for the ministry").
pub fn speaker_certainty(speaker: &str) -> Certainty {
    speaker_reading(speaker).0
}

/// [`speaker_certainty`], and whether it is only a guess from the shape of a name ("Greenpeace said":
/// a state or a body? public or not?) because no word of the phrase says what kind of speaker it is.
pub fn speaker_reading(speaker: &str) -> (Certainty, bool) {
    let certainty = speaker_from_words(speaker);
    match certainty {
        Some(c) => (c, false),
        None => {
            // "Russia said", "North Korea said": a known state is no guess.
            let state = tokens(speaker)
                .iter()
                .any(|t| t.is_capitalised() && super::actors::is_known_place(t.stem()));
            (speaker_from_name_shape(speaker), !state)
        }
    }
}

/// The certainty the words of a speaker phrase decide, if any does.
fn speaker_from_words(speaker: &str) -> Option<Certainty> {
    let toks = tokens(speaker);
    // "Gov.", "Sen.": abbreviated titles count as the word.
    let lower: Vec<String> = toks
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| t.lower().trim_end_matches('.').to_owned())
        .collect();
    let has = |list: &[&str]| lower.iter().any(|w| list.contains(&w.as_str()));
    if lower.len() == 1 && PRONOUNS.contains(&lower[0].as_str()) {
        return Some(Certainty::Attributed);
    }
    if has(ANALYSIS_NOUNS) || has(&["think"]) && has(&["tank"]) {
        return Some(Certainty::Analysis);
    }
    // Findings: "a study by …", "a report from …".
    if has(&[
        "study", "studies", "report", "survey", "research", "analysis", "poll",
    ]) || lower
        .iter()
        .any(|w| w.ends_with("ologist") || w.ends_with("ologists"))
    {
        return Some(Certainty::Analysis);
    }
    // "people familiar with the matter", "an official who asked not to be named": not on the record.
    let anonymous = has(&["familiar", "anonymity", "anonymously"])
        || has(&["knowledge"]) && has(&["people", "person"])
        || has(&["asked"]) && has(&["named", "identified"]);
    if has(SOURCE_NOUNS) || anonymous {
        return Some(Certainty::Reported);
    }
    // A public office or body decides (a minister, a mayor, a police chief, a ministry, an agency);
    // a title inside a body that holds no public office (the chair of an association, a union's general
    // secretary, a firm's spokesperson) speaks for that body, not for the public: attributed.
    // A plural possessive inside a name ("Lisbon Commuters' Alliance", "Harwick Drivers'
    // Association") names its members' own organisation.
    let members_body = toks.iter().any(|t| {
        t.is_capitalised() && t.text.len() > 3 && (t.text.ends_with("s'") || t.text.ends_with("s’"))
    });
    let private_body = has(PRIVATE_BODIES) || members_body;
    if has(PUBLIC_OFFICES) && !private_body {
        return Some(Certainty::Official);
    }
    if private_body || has(ATTRIBUTED_NOUNS) {
        return Some(Certainty::Attributed);
    }
    if has(OFFICIAL_NOUNS) || has(OFFICE_NOUNS) || has(super::actors::TITLE_WORDS_LOWER) {
        return Some(Certainty::Official);
    }
    None
}

/// The certainty guessed from the capitalisation of a speaker phrase when no word decides it.
fn speaker_from_name_shape(speaker: &str) -> Certainty {
    let toks = tokens(speaker);
    let capitalised: Vec<&Token> = toks.iter().filter(|t| t.is_capitalised()).collect();
    if capitalised.is_empty() {
        return Certainty::Attributed;
    }
    if capitalised.iter().any(|t| t.is_acronym()) {
        return Certainty::Official;
    }
    if let [only] = capitalised[..] {
        // "Russia said" is a state on the record; "Shopkeepers said" (a capitalised plural at a
        // sentence start) is people speaking for themselves.
        let word = only.stem();
        let plural = word.len() > 4 && word.ends_with('s') && !super::actors::is_known_place(word);
        return if plural {
            Certainty::Attributed
        } else {
            Certainty::Official
        };
    }
    if PLACE_FIRST_WORDS.contains(&capitalised[0].stem()) {
        return Certainty::Official;
    }
    Certainty::Attributed
}

fn is_function_word(word: &str) -> bool {
    super::actors::FUNCTION_WORDS.contains(&word)
}

/// The subject phrase that ends just before word `verb` (skipping auxiliaries), as a byte range.
/// Reads backwards to a clause boundary; a comma-bounded appositive after a name ("Jane Doe, a
/// campaigner,") is included with the name.
fn subject_before(words: &Words, verb: usize) -> Option<Range<usize>> {
    let verb_token = words.words.get(verb)?.0;
    let mut t = verb_token;
    while t > 0 {
        let prev = &words.tokens[t - 1];
        if prev.kind == TokenKind::Word && AUXILIARIES.contains(&prev.text.to_lowercase().as_str())
        {
            t -= 1;
        } else {
            break;
        }
    }
    // "…, John Swinney, who said …": the relative pronoun stands for the phrase before its comma.
    if t >= 2
        && matches!(
            words.tokens[t - 1].text.to_lowercase().as_str(),
            "who" | "which"
        )
        && words.tokens[t - 2].text == ","
    {
        let comma = t - 2;
        return appositive_subject(words, comma).or_else(|| {
            let start = subject_start(words, comma);
            (start < comma && has_content(words, start, comma))
                .then(|| words.tokens[start].range.start..words.tokens[comma - 1].range.end)
        });
    }
    if t > 0 && words.tokens[t - 1].text == "," {
        // "The mayor, Lena Ortiz, said …" / "Critics, including X, argue …": the subject and its
        // comma-bounded appositive. A clause before the comma ("The plant will close, said X") is no
        // subject: the speaker follows the verb instead.
        return appositive_subject(words, t - 1);
    }
    let end = t;
    let start = subject_start(words, end);
    if start == end {
        // "“…,” said X": no subject before the verb.
        return None;
    }
    has_content(words, start, end)
        .then(|| words.tokens[start].range.start..words.tokens[end - 1].range.end)
}

/// Reading backwards from token `end` (exclusive), where a subject phrase starts: at a clause boundary,
/// punctuation, or after nine words.
fn subject_start(words: &Words, end: usize) -> usize {
    let mut start = end;
    let mut count = 0;
    while start > 0 && count < 9 {
        let prev = &words.tokens[start - 1];
        if prev.kind == TokenKind::Punct && !matches!(prev.text, "-" | "‐") {
            break;
        }
        let lower = prev.text.to_lowercase();
        // "people familiar with the matter", "a source close to the minister": the preposition
        // belongs to the description.
        let describing = matches!(lower.as_str(), "with" | "to")
            && start >= 2
            && matches!(
                words.tokens[start - 2].text.to_lowercase().as_str(),
                "familiar" | "close"
            );
        if SUBJECT_BOUNDARIES.contains(&lower.as_str())
            && !describing
            && !(count > 0
                && matches!(lower.as_str(), "by" | "to" | "from" | "in" | "on" | "at")
                && prev_is_inside_name(words, start - 1))
        {
            break;
        }
        if lower == "and" && !(start >= 2 && words.tokens[start - 2].is_capitalised()) {
            break;
        }
        start -= 1;
        count += 1;
    }
    start
}

/// Whether tokens `start..end` hold a word that can name someone (not only determiners and function
/// words, though a pronoun counts).
fn has_content(words: &Words, start: usize, end: usize) -> bool {
    words.tokens[start..end]
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .any(|t| {
            let lower = t.text.to_lowercase();
            !is_function_word(&lower) || PRONOUNS.contains(&lower.as_str())
        })
}

/// Whether tokens `range` read as a clause with its own verb rather than as a name or description.
fn is_clause(words: &Words, range: Range<usize>) -> bool {
    words.tokens[range].iter().any(|t| {
        t.kind == TokenKind::Word && CLAUSE_WORDS.contains(&t.text.to_lowercase().as_str())
    })
}

/// Whether the token starts a non-restrictive relative clause ("…, who chairs the campaign,").
fn starts_relative(words: &Words, token: usize) -> bool {
    words
        .tokens
        .get(token)
        .is_some_and(|t| matches!(t.text.to_lowercase().as_str(), "who" | "whose" | "which"))
}

/// The subject "NP1, NP2," that ends at the comma token `comma`: NP1 back to a clause boundary, NP2 a
/// comma-bounded appositive (a name, a description, "including …", or a relative clause).
fn appositive_subject(words: &Words, comma: usize) -> Option<Range<usize>> {
    let mut k = comma;
    while k > 0 && comma - k < 14 {
        let prev = &words.tokens[k - 1];
        if prev.kind == TokenKind::Punct && !matches!(prev.text, "-" | "‐" | ".") {
            break;
        }
        k -= 1;
    }
    // NP2 is tokens k..comma, opened by a comma.
    if k == 0 || k == comma || words.tokens[k - 1].text != "," {
        return None;
    }
    let relative = starts_relative(words, k);
    if !relative && is_clause(words, k..comma) {
        return None;
    }
    // "The federation, however, said": an adverb between commas is no appositive.
    let aside = !has_content(words, k, comma);
    let np1_end = k - 1;
    let np1_start = subject_start(words, np1_end);
    if np1_start == np1_end
        || is_clause(words, np1_start..np1_end)
        || !has_content(words, np1_start, np1_end)
    {
        return None;
    }
    let last = if aside { np1_end - 1 } else { comma - 1 };
    Some(words.tokens[np1_start].range.start..words.tokens[last].range.end)
}

/// Whether a preposition sits between capitalised words, as in "Bank of England" or "spokesperson for
/// the U.S. State Department" (where it belongs to the subject).
fn prev_is_inside_name(words: &Words, token: usize) -> bool {
    let before = token.checked_sub(1).and_then(|i| words.tokens.get(i));
    before.is_some_and(|t| {
        let lower = t.text.to_lowercase();
        t.kind == TokenKind::Word
            && (t.is_capitalised()
                || OFFICIAL_NOUNS.contains(&lower.as_str())
                || OFFICE_NOUNS.contains(&lower.as_str())
                // "analysts at Morgan Stanley", "campaigners from Save Our Wards".
                || ANALYSIS_NOUNS.contains(&lower.as_str())
                || ATTRIBUTED_NOUNS.contains(&lower.as_str())
                || lower.ends_with("ologists"))
    })
}

/// The phrase after word `word` (an inverted "said the minister" or "according to X"), up to a clause
/// boundary, with the appositives that describe it ("said Tom Becker, the association's chair"), as a
/// byte range. `inverted`: the verb follows a quotation or a comma. A clause after the verb ("said the
/// decision would …", "argue that cars should …") is what is said, not who says it: `None`.
fn phrase_after(words: &Words, word: usize, inverted: bool) -> Option<Range<usize>> {
    let first_token = words.words.get(word)?.0 + 1;
    let first = words.tokens.get(first_token)?;
    if matches!(
        first.text.to_lowercase().as_str(),
        "that" | "which" | "who" | "how" | "what" | "whether" | "if" | "why" | "when"
    ) {
        return None;
    }
    let mut end = first_token;
    while end < words.tokens.len() && end - first_token < 10 {
        let t = &words.tokens[end];
        if t.kind == TokenKind::Punct && t.text != "-" {
            break;
        }
        let lower = t.text.to_lowercase();
        if CLAUSE_WORDS.contains(&lower.as_str()) {
            return None;
        }
        if end > first_token
            && matches!(
                lower.as_str(),
                "that"
                    | "which"
                    | "who"
                    | "on"
                    | "in"
                    | "at"
                    | "after"
                    | "before"
                    | "when"
                    | "as"
                    | "while"
                    | "if"
            )
        {
            break;
        }
        end += 1;
    }
    if end == first_token {
        return None;
    }
    // "said it gave …": a pronoun with words after it opens a clause.
    if PRONOUNS.contains(&first.text.to_lowercase().as_str()) && end > first_token + 1 {
        return None;
    }
    // After a quotation ("…,” said local voter Tom Smith") whatever follows is the speaker.
    let starts_well = inverted
        || first.is_capitalised()
        || matches!(first.text.to_lowercase().as_str(), "the" | "a" | "an")
        || PRONOUNS.contains(&first.text.to_lowercase().as_str());
    if !starts_well {
        return None;
    }
    // "According to X, the ban will …": at the head of a sentence the words after the comma are the
    // main clause unless another comma closes them as an appositive.
    let sentence_initial = word == 1 && words.words[0].1 == "according";
    let end = appositives_after(words, end, !sentence_initial);
    Some(first.range.start..words.tokens[end - 1].range.end)
}

/// Extends a speaker phrase that ends at token `end` (exclusive) over the comma-bounded appositives
/// that follow it: a description ("the chief executive of Weber Logistics"), a name ("Tom Becker") or
/// a relative clause ("who chairs the campaign"). `final_ok`: an appositive may end the sentence.
fn appositives_after(words: &Words, mut end: usize, final_ok: bool) -> usize {
    let tokens = &words.tokens;
    while end < tokens.len() && tokens[end].text == "," {
        let seg_start = end + 1;
        let mut k = seg_start;
        while k < tokens.len() && k - seg_start < 14 {
            let t = &tokens[k];
            if t.kind == TokenKind::Punct && !matches!(t.text, "-" | "‐") {
                break;
            }
            k += 1;
        }
        if k == seg_start {
            break;
        }
        let relative = starts_relative(words, seg_start);
        let opener = tokens[seg_start].text.to_lowercase();
        let describes = relative
            || matches!(
                opener.as_str(),
                "the" | "a" | "an" | "its" | "his" | "her" | "their" | "one"
            )
            || tokens[seg_start].is_capitalised() && !PRONOUNS.contains(&opener.as_str());
        let closed = match tokens.get(k) {
            Some(t) if t.text == "," => true,
            // Only closing punctuation and quote marks left: the appositive ends the sentence.
            _ => {
                final_ok
                    && tokens[k..]
                        .iter()
                        .all(|t| t.kind == TokenKind::Punct && t.text != ",")
            }
        };
        if !describes || !closed || !relative && is_clause(words, seg_start..k) {
            break;
        }
        end = k;
    }
    end
}

/// Where an implication cue sits in `sentence` (outside quotations), as a byte range.
pub(crate) fn implication_cue(sentence: &str) -> Option<Range<usize>> {
    let words = Words::new(sentence);
    words
        .first_outside_quotes(IMPLICATION_CUES)
        .map(|(f, l)| words.range(f, l))
}

/// Where a response cue sits in `sentence`, as a byte range.
pub(crate) fn response_cue(sentence: &str) -> Option<Range<usize>> {
    let words = Words::new(sentence);
    words
        .first_outside_quotes(RESPONSE_CUES)
        .map(|(f, l)| words.range(f, l))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn certainty(s: &str) -> Certainty {
        suggest_certainty(s).0
    }

    #[test]
    fn each_rule_gives_its_certainty() {
        assert_eq!(
            certainty("Russia is rumored to be offering missiles."),
            Certainty::Rumored
        );
        assert_eq!(
            certainty("Reports suggest that the deal is done."),
            Certainty::Reported
        );
        assert_eq!(
            certainty("“It is an affront,” a State Department official declared."),
            Certainty::Official
        );
        assert_eq!(
            certainty("Experts warn that prices will rise."),
            Certainty::Analysis
        );
        assert_eq!(
            certainty("Jane Doe, a campaigner with Clean Air Now, said the plan was weak."),
            Certainty::Attributed
        );
        assert_eq!(
            certainty("The West must foster greater unity."),
            Certainty::Opinion
        );
        assert_eq!(
            certainty("The council approved the budget on Monday."),
            Certainty::Asserted
        );
    }

    #[test]
    fn speaker_is_the_subject_of_the_speech_verb() {
        let (c, who) = suggest_certainty(
            "A spokesperson for the U.S. State Department labeled the cooperation as “an affront”.",
        );
        assert_eq!(c, Certainty::Official);
        assert_eq!(
            who.as_deref(),
            Some("A spokesperson for the U.S. State Department")
        );
        let (c, who) =
            suggest_certainty("“We will not back down,” said Prime Minister Keir Starmer.");
        assert_eq!(c, Certainty::Official);
        assert_eq!(who.as_deref(), Some("Prime Minister Keir Starmer"));
    }

    #[test]
    fn must_inside_a_quotation_is_the_speakers_not_the_articles() {
        let (c, who) = suggest_certainty("“We must act now,” the charity said.");
        assert_eq!(c, Certainty::Attributed);
        assert_eq!(who.as_deref(), Some("the charity"));
    }
}
