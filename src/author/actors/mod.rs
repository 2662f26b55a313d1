//! Who acts or speaks in an English news article: named people, states and bodies (runs of capitalised
//! words and acronyms), titled people ("NATO Secretary-General Jens Stoltenberg"), described speakers
//! ("a State Department official") and groups ("analysts", "authoritarian regimes"), with the other forms
//! the article uses for each merged into aliases.
//!
//! The rules are about English capitalisation and news style, not about any one article:
//! - a run of capitalised words (joined by "of", "for", "de", "&") is a name, except for a sentence's first
//!   word when that word is never capitalised elsewhere in the article or is a function word ("The",
//!   "Moreover", "Reports");
//! - a run always followed by a lowercase word and ending like a demonym ("North Korean weapons",
//!   "Western influence") is an adjective, not a name; with a group noun it names a group ("Western
//!   nations");
//! - a title word splits a run into the office and the person ("Prime Minister" + "Keir Starmer");
//! - aliases: an acronym and its expansion ("EU" ↔ "European Union", "UN Security Council" ↔ "United
//!   Nations Security Council"), a shorter form that ends a longer name ("State Department"), a person's
//!   surname or family name used alone ("Stoltenberg", "Kim"), a capital city standing for its country
//!   ("Moscow" for Russia) and "the West" for "Western nations"; possessives are stripped.

use std::collections::HashMap;

use super::segment::{Token, TokenKind, sentence_ranges, strip_possessive, tokens};

mod lexicon;

use lexicon::*;
pub(crate) use lexicon::{FUNCTION_WORDS, TITLE_WORDS_LOWER};

/// What kind of actor a draft actor is; decides the certainty of what it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActorKind {
    /// A person named with an office title, or a described office holder ("a spokesperson for …").
    OfficeHolder,
    /// A person named without an office.
    Person,
    /// A state, city or named body.
    Body,
    /// Analysts, experts, authoritarian regimes …
    Group,
}

/// An actor found in the article, before it becomes a bank actor.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundActor {
    pub name: String,
    pub aliases: Vec<String>,
    pub kind: ActorKind,
    /// Whether the name is a lowercase phrase ("analysts"), found case-insensitively.
    pub lowercase: bool,
    /// Passage indices where the name or an alias occurs.
    pub passages: Vec<usize>,
    /// How often the name or an alias occurs.
    pub mentions: usize,
    /// Where it is first mentioned: (passage, byte offset), for ordering.
    pub first: (usize, usize),
}

impl FoundActor {
    /// The name and every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// One candidate name as the text writes it.
#[derive(Clone, Debug)]
struct Candidate {
    text: String,
    kind: ActorKind,
    /// For a titled person, the office phrase written before the name ("NATO Secretary-General").
    office: Option<String>,
    at: (usize, usize),
}

/// A country or capital of [`CAPITALS`]: a name even where it only starts sentences.
pub(crate) fn is_known_place(word: &str) -> bool {
    CAPITALS
        .iter()
        .any(|(city, country)| *city == word || *country == word)
}

fn is_title(word: &str) -> bool {
    TITLE_WORDS.contains(&word)
}

fn is_demonym(word: &str) -> bool {
    const IRREGULAR: &[&str] = &[
        "german",
        "dutch",
        "french",
        "greek",
        "thai",
        "swiss",
        "welsh",
        "czech",
        "israeli",
        "iraqi",
        "pakistani",
        "saudi",
        "somali",
        "yemeni",
        "qatari",
        "kuwaiti",
        "bangladeshi",
        "nepali",
        "afghan",
        "filipino",
        "scots",
        "basque",
        "catalan",
        "flemish",
    ];
    let w = word.to_lowercase();
    if IRREGULAR.contains(&w.as_str()) {
        return true;
    }
    ["ean", "ian", "ican", "ese", "ish", "ern", "ic"]
        .iter()
        .any(|s| w.ends_with(s) && w.len() > s.len() + 2)
}

/// "Drivers'" or "Teachers’": a plural possessive, which can sit inside a name.
fn is_plural_possessive(word: &str) -> bool {
    word.len() > 3 && (word.ends_with("s'") || word.ends_with("s’"))
}

/// Whether the word after token `t` in `sentence` continues a name: it starts with a capital letter
/// or is a particle ("de", "van").
fn toks_next_capitalised(sentence: &str, t: &Token) -> bool {
    let rest = sentence[t.range.end..].trim_start();
    let next: &str = rest.split_whitespace().next().unwrap_or("");
    next.chars().next().is_some_and(char::is_uppercase) || NAME_JOINERS.contains(&next)
}

/// Whether every mention of a place-like name follows "in", "near", "from" … ("fishermen in
/// Peterhead", "a nurse from Khayelitsha"): a place mentioned in passing, which neither acts nor
/// speaks. Bodies ("at the Bank of England") and names with a title are kept.
fn only_in_passing(actor: &FoundActor, passages: &[&str]) -> bool {
    const LOCATIVES: &[&str] = &[
        "in",
        "near",
        "from",
        "at",
        "across",
        "outside",
        "inside",
        "throughout",
        "around",
    ];
    if actor.lowercase
        || actor.kind != ActorKind::Body
        || actor
            .names()
            .any(|n| n.split_whitespace().any(|w| BODY_WORDS.contains(&w)))
    {
        return false;
    }
    let mut seen = false;
    for passage in passages {
        for name in actor.names() {
            for at in occurrences(passage, name, false) {
                seen = true;
                let mut before = passage[..at].split_whitespace().rev();
                let mut word = before.next().unwrap_or("");
                if word.eq_ignore_ascii_case("the") {
                    word = before.next().unwrap_or("");
                }
                if !LOCATIVES.contains(&word) {
                    return false;
                }
            }
        }
    }
    seen
}

fn is_thing_name(text: &str) -> bool {
    text.split_whitespace()
        .last()
        .is_some_and(|w| THING_NOUNS.contains(&strip_possessive(w)))
}

/// Lowercase, without periods or a leading "the": the key under which forms of one name meet.
pub fn name_key(name: &str) -> String {
    let lower = name.trim().to_lowercase().replace(['.', '’', '\''], "");
    let lower = lower.strip_prefix("the ").unwrap_or(&lower).to_owned();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Splits capitalised hyphen compounds that join two names ("Korea-Russia") into two word tokens;
/// titles such as "Secretary-General" stay whole.
fn split_name_compounds<'a>(sentence: &'a str, toks: Vec<Token<'a>>) -> Vec<Token<'a>> {
    let mut out = Vec::with_capacity(toks.len());
    for t in toks {
        // "AVA-ASAJA" (acronyms joined) is one name.
        let acronyms = t
            .text
            .split(['-', '‐'])
            .all(|p| p.len() >= 2 && p.chars().all(char::is_uppercase));
        // "Jean-Luc de la Fontaine": a compound followed by another name is one person's name.
        let name_follows = toks_next_capitalised(sentence, &t);
        if t.kind == TokenKind::Word
            && !name_follows
            && t.is_capitalised()
            && !is_title(t.text)
            && !BODY_WORDS.contains(&t.text)
            && !acronyms
            && let Some(h) = t.text.find(['-', '‐'])
        {
            let dash_len = t.text[h..].chars().next().map_or(1, char::len_utf8);
            let right = &t.text[h + dash_len..];
            if right.chars().next().is_some_and(char::is_uppercase) {
                let a = t.range.start..t.range.start + h;
                let b = t.range.start + h + dash_len..t.range.end;
                out.push(Token {
                    text: &sentence[a.clone()],
                    range: a,
                    kind: TokenKind::Word,
                });
                out.push(Token {
                    text: &sentence[b.clone()],
                    range: b,
                    kind: TokenKind::Word,
                });
                continue;
            }
        }
        out.push(t);
    }
    out
}

/// Finds the actors of an article given as its passages' texts.
pub fn find_actors(passages: &[&str]) -> Vec<FoundActor> {
    let capitalised_inside = words_capitalised_inside(passages);
    let lowercase_words = lowercase_words(passages);
    let mut candidates: Vec<Candidate> = Vec::new();
    // A name run → whether it is ever followed by something other than a lowercase word.
    let mut runs_seen: HashMap<String, bool> = HashMap::new();
    let mut pending: Vec<(Candidate, Option<String>)> = Vec::new();
    for (p, passage) in passages.iter().enumerate() {
        for range in sentence_ranges(passage) {
            let sentence = &passage[range.clone()];
            let toks = split_name_compounds(sentence, tokens(sentence));
            let mut i = 0;
            while i < toks.len() {
                if !toks[i].is_capitalised() {
                    i += 1;
                    continue;
                }
                let mut j = i + 1;
                while j < toks.len() {
                    // "North Korea-Russia": a hyphen between names ends the name.
                    let gap = &sentence
                        [toks[j - 1].range.end..toks[j].range.start.max(toks[j - 1].range.end)];
                    if !gap.is_empty() && gap.chars().all(|c| matches!(c, '-' | '‐')) {
                        break;
                    }
                    // "Russia's Putin" is two names; "Drivers' Association" (a plural possessive
                    // before a capitalised word) is one.
                    let joins = strip_possessive(toks[j - 1].text) == toks[j - 1].text
                        || is_plural_possessive(toks[j - 1].text)
                        // "Alzheimer's Association", "Women's Hospital": a possessive before a body
                        // word, unless the owner is a country ("Russia's Defence Ministry").
                        || BODY_WORDS.contains(&toks[j].stem())
                            && !is_known_place(strip_possessive(toks[j - 1].text));
                    // "Food and Drug Administration", "Department of Forestry and Fire Protection":
                    // "and" inside a body's name, when the name already has "of" or the words after
                    // "and" end in a body word.
                    let and_run = if toks[j].text == "and" && joins {
                        let after = toks[j + 1..]
                            .iter()
                            .take_while(|t| t.is_capitalised())
                            .count();
                        let has_of = toks[i..j].iter().any(|t| matches!(t.text, "of" | "for"));
                        let ends_in_body =
                            after > 0 && BODY_WORDS.contains(&toks[j + after].stem());
                        (after >= 2 && has_of || ends_in_body).then_some(after)
                    } else {
                        None
                    };
                    // Particles, one or several: "Anna de Vries", "Ursula van der Berg".
                    let particles = toks[j..]
                        .iter()
                        .take(3)
                        .take_while(|t| NAME_JOINERS.contains(&t.text))
                        .count();
                    if toks[j].is_capitalised() && joins {
                        j += 1;
                    } else if let Some(after) = and_run {
                        j += after + 1;
                    } else if particles > 0
                        && toks.get(j + particles).is_some_and(|n| n.is_capitalised())
                        && joins
                    {
                        j += particles + 1;
                    } else {
                        break;
                    }
                }
                let mut start = i;
                // Sentence-initial words (or the first word of a quotation) that are not names.
                while start < j {
                    let word = strip_possessive(toks[start].text);
                    // The first word of the sentence, of a quotation, or of a sentence inside a
                    // quotation ("“We did not choose this. Energy costs have doubled,” said …").
                    let initial = start == 0
                        || toks[start - 1].kind == TokenKind::Punct
                            && (super::segment::is_quote_mark(toks[start - 1].text)
                                || matches!(toks[start - 1].text, "." | "?" | "!"));
                    let lower = word.to_lowercase();
                    // Inside a sentence a capitalised "Old" or "New" belongs to the name ("the Old
                    // River Bridge", "New York"); at its head it may be an ordinary adjective.
                    let function = FUNCTION_WORDS.contains(&lower.as_str())
                        && (initial || !NAME_ADJECTIVES.contains(&lower.as_str()));
                    // An acronym, a title, or the first of several capitalised words is a name unless
                    // the article also writes it in lower case ("Increased Support" is not a name).
                    let strong = toks[start].is_acronym()
                        || is_title(word)
                        || start + 1 < j
                        || is_known_place(word);
                    let weak_initial = initial
                        && (lowercase_words.contains(&lower)
                            || !strong && !capitalised_inside.contains(word));
                    if function || weak_initial || NAME_JOINERS.contains(&word) {
                        start += 1;
                    } else {
                        break;
                    }
                }
                // "Western nations agree." at a sentence start: a group, though "Western" is no name.
                if start == j
                    && j == i + 1
                    && !FUNCTION_WORDS.contains(&toks[i].text.to_lowercase().as_str())
                    && let Some(noun) = toks
                        .get(j)
                        .filter(|n| n.is_lowercase_word() && GROUP_NOUNS.contains(&n.text))
                {
                    let text = sentence[toks[i].range.start..noun.range.end].to_owned();
                    candidates.push(Candidate {
                        text,
                        kind: ActorKind::Group,
                        office: None,
                        at: (p, range.start + toks[i].range.start),
                    });
                }
                let mut end = j;
                while end > start && NAME_JOINERS.contains(&toks[end - 1].text) {
                    end -= 1;
                }
                if start < end {
                    let text_range = toks[start].range.start..toks[end - 1].range.end;
                    let text = strip_possessive(&sentence[text_range.clone()]).to_owned();
                    let next = toks.get(end);
                    let followed_by_lowercase = next.is_some_and(|n| n.is_lowercase_word())
                        && strip_possessive(toks[end - 1].text) == toks[end - 1].text;
                    let entry = runs_seen.entry(text.clone()).or_insert(false);
                    if !followed_by_lowercase {
                        *entry = true;
                    }
                    let at = (p, range.start + text_range.start);
                    let group = next
                        .filter(|n| n.is_lowercase_word() && GROUP_NOUNS.contains(&n.text))
                        .map(|n| sentence[toks[start].range.start..n.range.end].to_owned());
                    // "The U.S. and its allies": the partners act together.
                    let with_allies = (toks.get(end).is_some_and(|t| t.text == "and")
                        && toks
                            .get(end + 1)
                            .is_some_and(|t| matches!(t.text, "its" | "their"))
                        && toks
                            .get(end + 2)
                            .is_some_and(|t| matches!(t.text, "allies" | "partners")))
                    .then(|| {
                        let from = if start > 0 && toks[start - 1].text.eq_ignore_ascii_case("the")
                        {
                            start - 1
                        } else {
                            start
                        };
                        sentence[toks[from].range.start..toks[end + 2].range.end].to_owned()
                    });
                    if let Some(joint) = with_allies {
                        candidates.push(Candidate {
                            text: capitalise(&joint),
                            kind: ActorKind::Group,
                            office: None,
                            at,
                        });
                    } else {
                        for candidate in classify_run(&toks[start..end], sentence, at) {
                            pending.push((candidate, group.clone()));
                        }
                    }
                }
                i = j.max(i + 1);
            }
            // Groups named with a lowercase adjective ("authoritarian regimes") or speakers named alone.
            for (k, t) in toks.iter().enumerate() {
                if !(t.is_lowercase_word() && GROUP_NOUNS.contains(&t.text)) {
                    continue;
                }
                let at = (p, range.start + t.range.start);
                let modifier = k.checked_sub(1).map(|m| &toks[m]).filter(|m| {
                    m.is_lowercase_word()
                        && !QUANTIFIERS.contains(&m.text)
                        && !FUNCTION_WORDS.contains(&m.text)
                        && !m.text.ends_with("ing")
                        && !m.text.ends_with("ed")
                        && !super::cues::is_speech_verb(m.text)
                });
                if let Some(m) = modifier {
                    let text = capitalise(&sentence[m.range.start..t.range.end]);
                    candidates.push(Candidate {
                        text,
                        kind: ActorKind::Group,
                        office: None,
                        at,
                    });
                } else if SPEAKER_NOUNS.contains(&t.text) && speech_verb_follows(&toks, k) {
                    candidates.push(Candidate {
                        text: capitalise(t.text),
                        kind: ActorKind::Group,
                        office: None,
                        at,
                    });
                }
            }
        }
    }
    for (candidate, group) in pending {
        let adjective = !runs_seen.get(&candidate.text).copied().unwrap_or(true)
            && candidate
                .text
                .split_whitespace()
                .last()
                .is_some_and(is_demonym);
        if adjective {
            if let Some(group) = group {
                candidates.push(Candidate {
                    text: group,
                    kind: ActorKind::Group,
                    office: None,
                    at: candidate.at,
                });
            }
            continue;
        }
        if is_calendar_word(&candidate.text) || is_thing_name(&candidate.text) {
            continue;
        }
        candidates.push(candidate);
    }
    // "Alzheimer" of "Alzheimer's disease" beside "Alzheimer's Association": part of that name.
    let owners: Vec<String> = candidates
        .iter()
        .filter_map(|c| {
            let (head, rest) = c.text.split_once(['’', '\''])?;
            rest.starts_with("s ").then(|| head.to_owned())
        })
        .collect();
    candidates.retain(|c| !owners.contains(&c.text));
    let mut actors = merge(candidates);
    locate(&mut actors, passages);
    actors.retain(|a| a.mentions > 0 && !only_in_passing(a, passages));
    actors.sort_by_key(|a| a.first);
    actors
}

/// A run of capitalised tokens as a candidate: a titled person, a person, or a body.
/// The body a title belongs to ("NATO" in "NATO Secretary-General Jens Stoltenberg") is returned
/// too.
fn classify_run(run: &[Token], sentence: &str, at: (usize, usize)) -> Vec<Candidate> {
    let text_of = |from: usize, to: usize| {
        strip_possessive(&sentence[run[from].range.start..run[to - 1].range.end]).to_owned()
    };
    // "Leeds General Infirmary", "Chief Medical Office": a run ending in a body word is a body,
    // whatever title-like word it holds.
    let ends_as_body = run.last().is_some_and(|t| BODY_WORDS.contains(&t.stem()));
    if let Some(last_title) = run.iter().rposition(|t| is_title(t.stem()))
        && last_title + 1 < run.len()
        && !ends_as_body
    {
        let office = run[..=last_title]
            .iter()
            .any(|t| OFFICE_TITLES.contains(&t.stem()));
        let office_phrase = office.then(|| text_of(0, last_title + 1));
        let mut found = vec![Candidate {
            text: text_of(last_title + 1, run.len()),
            kind: if office {
                ActorKind::OfficeHolder
            } else {
                ActorKind::Person
            },
            office: office_phrase,
            at,
        }];
        let first_title = run
            .iter()
            .position(|t| is_title(t.stem()))
            .unwrap_or(last_title);
        // Only a body's name: "NATO Secretary-General", not the portfolio in "Environment Minister".
        let prefix = &run[..first_title];
        let body = prefix
            .iter()
            .any(|t| t.is_acronym() || BODY_WORDS.contains(&t.stem()))
            || prefix.len() == 1 && is_known_place(prefix[0].stem());
        if first_title > 0 && body {
            found.push(Candidate {
                text: text_of(0, first_title),
                kind: ActorKind::Body,
                office: None,
                at,
            });
        }
        return found;
    }
    let words: Vec<&str> = run.iter().map(|t| t.stem()).collect();
    let body = words.iter().any(|w| BODY_WORDS.contains(w) || is_title(w))
        || run.iter().any(|t| t.is_acronym())
        || words.len() == 1
        || super::cues::PLACE_FIRST_WORDS.contains(&words[0])
        || words.len() > 4;
    vec![Candidate {
        text: text_of(0, run.len()),
        kind: if body {
            ActorKind::Body
        } else {
            ActorKind::Person
        },
        office: None,
        at,
    }]
}

fn is_calendar_word(text: &str) -> bool {
    const CALENDAR: &[&str] = &[
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
        "Christmas",
        "Easter",
        "AM",
        "PM",
        "GMT",
        "BST",
        "EST",
        "UTC",
    ];
    text.split_whitespace().all(|w| {
        CALENDAR.contains(&w.trim_end_matches('.')) || w.chars().all(|c| c.is_ascii_digit())
    })
}

fn speech_verb_follows(toks: &[Token], k: usize) -> bool {
    const VERBS: &[&str] = &[
        "said",
        "say",
        "says",
        "warn",
        "warned",
        "warns",
        "believe",
        "believes",
        "argue",
        "argued",
        "described",
        "describe",
        "have",
        "has",
        "expect",
        "fear",
        "told",
        "claim",
        "claimed",
        "suggest",
        "suggested",
        "predict",
        "predicted",
        "noted",
        "estimate",
        "estimated",
        "urged",
        "called",
        "criticised",
        "criticized",
        "accused",
        "insist",
        "insisted",
        "point",
        "pointed",
        "see",
        "saw",
        "question",
        "questioned",
        "cautioned",
        "added",
        "stated",
        "believe",
    ];
    toks[k + 1..]
        .iter()
        .take(3)
        .any(|t| VERBS.contains(&t.text))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Words that occur capitalised somewhere other than at the start of a sentence or quotation.
fn words_capitalised_inside(passages: &[&str]) -> std::collections::HashSet<String> {
    let mut set = std::collections::HashSet::new();
    for passage in passages {
        for range in sentence_ranges(passage) {
            let toks = split_name_compounds(&passage[range.clone()], tokens(&passage[range]));
            for (k, t) in toks.iter().enumerate() {
                let initial = k == 0
                    || toks[k - 1].kind == TokenKind::Punct
                        && (super::segment::is_quote_mark(toks[k - 1].text)
                            || matches!(toks[k - 1].text, "." | "?" | "!"));
                if !initial && t.is_capitalised() {
                    set.insert(t.stem().to_owned());
                }
            }
        }
    }
    set
}

/// Every word the article writes in lower case.
fn lowercase_words(passages: &[&str]) -> std::collections::HashSet<String> {
    passages
        .iter()
        .flat_map(|p| tokens(p))
        .filter(|t| t.is_lowercase_word())
        .map(|t| t.stem().to_owned())
        .collect()
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| {
            !matches!(
                w.to_lowercase().as_str(),
                "of" | "the" | "for" | "and" | "&" | "de"
            )
        })
        .filter_map(|w| w.chars().next())
        .collect::<String>()
        .to_uppercase()
}

fn acronym_letters(name: &str) -> Option<String> {
    let letters: String = name.chars().filter(|c| *c != '.').collect();
    (letters.len() >= 2 && letters.chars().all(|c| c.is_ascii_uppercase())).then_some(letters)
}

/// Whether `short` abbreviates `long`: "EU" ↔ "European Union", "UN Security Council" ↔ "United
/// Nations Security Council".
fn abbreviates(short: &str, long: &str) -> bool {
    let short_words: Vec<&str> = short.split_whitespace().collect();
    let long_words: Vec<&str> = long.split_whitespace().collect();
    if short_words.is_empty() || long_words.len() <= short_words.len() {
        return false;
    }
    let Some(letters) = acronym_letters(short_words[0]) else {
        return false;
    };
    // The rest of the short form must end the long form word for word.
    let rest = &short_words[1..];
    if !long_words.ends_with(rest) {
        return false;
    }
    let head = long_words[..long_words.len() - rest.len()].join(" ");
    initials(&head) == letters
}

/// Merges candidates that name one actor into one, with the other forms as aliases.
fn merge(candidates: Vec<Candidate>) -> Vec<FoundActor> {
    let mut actors: Vec<FoundActor> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut offices: Vec<(usize, String)> = Vec::new();
    for c in &candidates {
        let key = name_key(&c.text);
        if key.is_empty() {
            continue;
        }
        let index = *by_key.entry(key).or_insert_with(|| {
            actors.push(FoundActor {
                name: c.text.clone(),
                aliases: Vec::new(),
                kind: c.kind,
                lowercase: c.text.chars().skip(1).all(|ch| !ch.is_uppercase())
                    && c.kind == ActorKind::Group,
                passages: Vec::new(),
                mentions: 0,
                first: c.at,
            });
            actors.len() - 1
        });
        if c.kind == ActorKind::OfficeHolder {
            actors[index].kind = ActorKind::OfficeHolder;
        }
        if let Some(office) = &c.office {
            offices.push((index, office.clone()));
        }
    }
    for (index, office) in offices {
        push_alias(&mut actors[index], &office);
    }
    // Fold `from` into `into`: its name becomes an alias.
    let mut merged_into: Vec<Option<usize>> = vec![None; actors.len()];
    let names: Vec<String> = actors.iter().map(|a| a.name.clone()).collect();
    let is_person = |a: &FoundActor| matches!(a.kind, ActorKind::Person | ActorKind::OfficeHolder);
    for (i, short) in names.iter().enumerate() {
        let short_words: Vec<&str> = short.split_whitespace().collect();
        let mut targets: Vec<usize> = Vec::new();
        for (j, long) in names.iter().enumerate() {
            let west = short == "West" && long.starts_with("Western ");
            if i == j
                || actors[j].kind == ActorKind::Group && actors[i].kind != ActorKind::Group && !west
            {
                continue;
            }
            let long_words: Vec<&str> = long.split_whitespace().collect();
            let suffix = long_words.len() > short_words.len()
                && long_words.ends_with(&short_words)
                && (short_words.len() >= 2 || is_person(&actors[j]));
            let family_name = short_words.len() == 1
                && long_words.len() >= 3
                && long_words[0] == short_words[0]
                && is_person(&actors[j]);
            let capital = CAPITALS.iter().any(|(city, country)| {
                city == short
                    && (country == long
                        || COUNTRY_FORMS
                            .iter()
                            .any(|(full, form)| full == country && form == long))
            });
            if suffix || family_name || capital || west || abbreviates(short, long) {
                targets.push(j);
            }
        }
        targets.retain(|j| *j != i);
        if let [only] = targets[..] {
            merged_into[i] = Some(only);
        }
    }
    // Resolve chains (a → b → c) and move names over.
    for i in 0..actors.len() {
        let mut target = merged_into[i];
        let mut guard = 0;
        while let Some(t) = target.and_then(|t| merged_into[t]) {
            target = Some(t);
            guard += 1;
            if guard > actors.len() {
                target = None;
                break;
            }
        }
        if target.is_none() {
            // A cycle: keep this one as it is.
            merged_into[i] = None;
        }
        if let Some(t) = target {
            if t == i {
                merged_into[i] = None;
                continue;
            }
            merged_into[i] = Some(t);
            let (name, aliases, first, kind) = {
                let a = &actors[i];
                (a.name.clone(), a.aliases.clone(), a.first, a.kind)
            };
            let into = &mut actors[t];
            push_alias(into, if name == "West" { "the West" } else { &name });
            for alias in aliases {
                push_alias(into, &alias);
            }
            into.first = into.first.min(first);
            if kind == ActorKind::OfficeHolder && into.kind == ActorKind::Person {
                into.kind = ActorKind::OfficeHolder;
            }
        }
    }
    actors
        .into_iter()
        .enumerate()
        .filter(|(i, _)| merged_into[*i].is_none())
        .map(|(_, a)| a)
        .collect()
}

fn push_alias(actor: &mut FoundActor, alias: &str) {
    if name_key(alias) != name_key(&actor.name)
        && !actor.aliases.iter().any(|a| name_key(a) == name_key(alias))
    {
        actor.aliases.push(alias.to_owned());
    }
}

/// Whether `name` occurs in `text` as whole words (a possessive ending allowed), case-sensitively
/// unless `any_case`; returns the byte offsets of every occurrence.
pub fn occurrences(text: &str, name: &str, any_case: bool) -> Vec<usize> {
    let mut found = Vec::new();
    if name.is_empty() {
        return found;
    }
    let (hay, needle) = if any_case {
        (text.to_lowercase(), name.to_lowercase())
    } else {
        (text.to_owned(), name.to_owned())
    };
    // Lowercasing can change byte lengths; fall back to case-sensitive search when it does.
    let (hay, needle) = if hay.len() == text.len() {
        (hay, needle)
    } else {
        (text.to_owned(), name.to_owned())
    };
    let mut from = 0;
    while let Some(pos) = hay[from..].find(&needle) {
        let start = from + pos;
        let end = start + needle.len();
        let before_ok = hay[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric() && c != '-');
        let after_ok = hay[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric() && c != '-')
            || hay[end..].starts_with("’s")
            || hay[end..].starts_with("'s");
        if before_ok && after_ok {
            found.push(start);
        }
        from = start + needle.len().max(1);
        while from < hay.len() && !hay.is_char_boundary(from) {
            from += 1;
        }
    }
    found
}

/// Fills in each actor's passages and mention count by searching for its name and aliases.
fn locate(actors: &mut [FoundActor], passages: &[&str]) {
    for actor in actors.iter_mut() {
        let names: Vec<String> = actor.names().map(str::to_owned).collect();
        for (p, passage) in passages.iter().enumerate() {
            let count: usize = names
                .iter()
                .map(|n| occurrences(passage, n, actor.lowercase || n.starts_with("the ")).len())
                .sum();
            if count > 0 {
                actor.passages.push(p);
                actor.mentions += count;
            }
        }
    }
}

/// Adds an actor for a speaker described rather than named ("a State Department official"), unless
/// one of that name exists; returns its index. The passages are located afresh.
pub fn add_described(
    actors: &mut Vec<FoundActor>,
    phrase: &str,
    kind: ActorKind,
    passages: &[&str],
    at: (usize, usize),
) -> usize {
    let name = capitalise(phrase.trim());
    let key = name_key(&name);
    if let Some(i) = actors
        .iter()
        .position(|a| a.names().any(|n| name_key(n) == key))
    {
        return i;
    }
    let mut actor = FoundActor {
        lowercase: !name.chars().skip(1).any(char::is_uppercase),
        name: name.clone(),
        aliases: Vec::new(),
        kind,
        passages: Vec::new(),
        mentions: 0,
        first: at,
    };
    // "A State Department official" is also written "State Department official".
    if let Some(rest) = ["A ", "An ", "The "]
        .iter()
        .find_map(|d| name.strip_prefix(d))
    {
        push_alias(&mut actor, rest);
    }
    locate(std::slice::from_mut(&mut actor), passages);
    if actor.mentions == 0 {
        actor.mentions = 1;
        actor.passages.push(at.0);
    }
    actors.push(actor);
    actors.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, Vec<String>)> {
        find_actors(&[text])
            .into_iter()
            .map(|a| (a.name, a.aliases))
            .collect()
    }

    #[test]
    fn titled_person_keeps_office_as_alias_and_surname_merges() {
        let found = names(
            "NATO Secretary-General Jens Stoltenberg warned of risks. Later, Stoltenberg left.",
        );
        assert!(
            found.iter().any(|(n, a)| n == "Jens Stoltenberg"
                && a.contains(&"Stoltenberg".to_owned())
                && a.contains(&"NATO Secretary-General".to_owned())),
            "{found:?}"
        );
        assert!(found.iter().any(|(n, _)| n == "NATO"), "{found:?}");
    }

    #[test]
    fn acronym_and_expansion_merge() {
        let found = names(
            "The European Union met. Later the EU said no. The United Nations Security Council and the UN Security Council are one.",
        );
        assert!(
            found
                .iter()
                .any(|(n, a)| n == "European Union" && a.contains(&"EU".to_owned())),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(n, a)| n == "United Nations Security Council"
                    && a.contains(&"UN Security Council".to_owned())),
            "{found:?}"
        );
    }

    #[test]
    fn sentence_starts_and_adjectives_are_not_names() {
        let found = names(
            "Reports suggest that Russia is weak. Moreover, North Korean weapons reach Moscow. Western nations and the West agree.",
        );
        let plain: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert!(plain.contains(&"Russia"), "{plain:?}");
        assert!(
            !plain
                .iter()
                .any(|n| n.contains("Reports") || n.contains("Moreover") || *n == "North Korean"),
            "{plain:?}"
        );
        assert!(
            found
                .iter()
                .any(|(n, a)| n == "Russia" && a.contains(&"Moscow".to_owned())),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(n, a)| n == "Western nations" && a.contains(&"the West".to_owned())),
            "{found:?}"
        );
    }
}
