//! The article's model, drafted: passages, actors, claims (with certainty from [`super::cues`]),
//! implications, responses, and generated cloze and evidence questions, ranked and capped so that a
//! 1,000-word article gives a bank a student can finish. Every quote is a slice of its passage.

use std::collections::HashSet;
use std::ops::Range;

use super::actors::{ActorKind, FoundActor, add_described, find_actors, name_key, occurrences};
use super::cues::{CueReading, GUESSED_SPEAKER_RULE, implication_cue, read_cues, response_cue};
use super::input::Article;
use super::segment::{TokenKind, quotations, sentence_ranges, strip_possessive, tokens};
use crate::bank::raw::{
    Certainty, RawActor, RawAnswer, RawBank, RawClaim, RawImplication, RawPassage, RawQuestion,
    RawResponse,
};
use crate::bank::text::{contains_quote, sentence_ranges as bank_sentence_ranges};

/// The longest passage drafted, in bytes; a longer paragraph is split at sentence ends (a bank's texts
/// may be at most 64 KiB).
mod clauses;
mod questions;

use clauses::{cause_and_effect, clause_end, clause_start, response_status};
use questions::generate_questions;

const MAX_PASSAGE_BYTES: usize = 12 * 1024;
/// The longest quote drafted, in bytes: a long sentence is quoted up to a word boundary.
const MAX_QUOTE_BYTES: usize = 280;
const MAX_ACTORS: usize = 30;
const MAX_CLAIMS: usize = 36;
const MAX_CLAIMS_PER_PASSAGE: usize = 3;
const MAX_IMPLICATIONS: usize = 12;
const MAX_RESPONSES: usize = 12;
const MAX_CLOZE: usize = 12;
const MAX_EVIDENCE: usize = 8;
/// Drafting stops reading sentences for claims after this many (the passages are all kept).
const MAX_SENTENCES_READ: usize = 4000;

/// What the teacher asked for.
#[derive(Clone, Debug, Default)]
pub struct DraftOptions {
    /// The bank's title; otherwise the headline, otherwise the first words of the article.
    pub title: Option<String>,
    /// Where the text comes from, e.g. the file name.
    pub source: Option<String>,
}

/// A drafted bank with what the teacher should know about it.
#[derive(Clone, Debug)]
pub struct Draft {
    pub bank: RawBank,
    /// Comments for the writer, keyed by item id: why an item was drafted as it was.
    pub comments: Vec<(String, String)>,
    /// The language detected, in words ("English").
    pub language_name: String,
    /// Whether the English cue rules ran (claims, implications, responses, actors).
    pub cues_available: bool,
    /// Plain-language notes for the teacher (e.g. that certainty detection is not available).
    pub notes: Vec<String>,
}

impl Draft {
    /// The comment for an item, if any.
    pub fn comment(&self, id: &str) -> Option<&str> {
        self.comments
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, c)| c.as_str())
    }

    /// How many claims have each certainty, in [`Certainty::ALL`] order, leaving out zeros.
    pub fn claims_by_certainty(&self) -> Vec<(Certainty, usize)> {
        Certainty::ALL
            .iter()
            .map(|c| {
                (
                    *c,
                    self.bank
                        .claims
                        .iter()
                        .filter(|k| k.certainty == *c)
                        .count(),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// How many items carry `review: true`.
    pub fn flagged(&self) -> usize {
        let b = &self.bank;
        b.actors.iter().filter(|a| a.review).count()
            + b.claims.iter().filter(|a| a.review).count()
            + b.implications.iter().filter(|a| a.review).count()
            + b.responses.iter().filter(|a| a.review).count()
            + b.questions.iter().filter(|a| a.review).count()
    }
}

/// Makes an id from words: lowercase letters and digits joined by hyphens, at most `words` words.
pub fn slug(text: &str, words: usize) -> String {
    const SKIP: &[&str] = &[
        "a", "an", "the", "of", "and", "to", "in", "on", "for", "is", "are", "its", "this", "that",
    ];
    let mut parts: Vec<String> = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let w = word.to_lowercase();
        if w.is_empty()
            || SKIP.contains(&w.as_str()) && parts.is_empty() && text.split_whitespace().count() > 1
        {
            continue;
        }
        if SKIP.contains(&w.as_str()) {
            continue;
        }
        parts.push(w);
        if parts.len() == words {
            break;
        }
    }
    if parts.is_empty() {
        "item".to_owned()
    } else {
        parts.join("-")
    }
}

/// Ids handed out so far; a clash gets a number.
#[derive(Default)]
struct Ids(HashSet<String>);

impl Ids {
    fn fresh(&mut self, base: &str) -> String {
        let base = if base == "article" {
            "article-actor"
        } else {
            base
        };
        let mut id = base.to_owned();
        let mut n = 2;
        while !self.0.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

/// Cuts `text` at a word boundary at most `max` bytes long (the whole text when it fits).
fn cut_at_word(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match text[..end].rfind(char::is_whitespace) {
        Some(space) if space > max / 3 => text[..space].trim_end_matches([',', ';', ':']),
        _ => &text[..end],
    }
}

/// Splits a paragraph into passage-sized pieces at sentence ends (or, for a sentence longer than a
/// passage, at spaces).
fn split_paragraph(text: &str) -> Vec<String> {
    if text.len() <= MAX_PASSAGE_BYTES {
        return vec![text.to_owned()];
    }
    let mut pieces = Vec::new();
    let mut current = String::new();
    for range in sentence_ranges(text) {
        let mut sentence = &text[range];
        while sentence.len() > MAX_PASSAGE_BYTES {
            let head = cut_at_word(sentence, MAX_PASSAGE_BYTES);
            let head = if head.is_empty() {
                &sentence[..sentence.floor_char_boundary_compat(MAX_PASSAGE_BYTES)]
            } else {
                head
            };
            if !current.is_empty() {
                pieces.push(std::mem::take(&mut current));
            }
            pieces.push(head.trim().to_owned());
            sentence = sentence[head.len()..].trim_start();
        }
        if current.len() + sentence.len() + 1 > MAX_PASSAGE_BYTES && !current.is_empty() {
            pieces.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(sentence);
    }
    if !current.trim().is_empty() {
        pieces.push(current);
    }
    pieces.retain(|p| !p.trim().is_empty());
    pieces
}

trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, at: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, at: usize) -> usize {
        let mut at = at.min(self.len());
        while !self.is_char_boundary(at) {
            at -= 1;
        }
        at
    }
}

/// A sentence of a passage, read once.
struct Sentence<'a> {
    passage: usize,
    /// Byte range in the passage.
    range: Range<usize>,
    text: &'a str,
    cues: CueReading,
    /// Actor indices mentioned.
    mentions: Vec<usize>,
    /// Resolved speaker actor index.
    speaker: Option<usize>,
}

/// A claim before ranking.
struct ClaimDraft {
    sentence: usize,
    quote: String,
    score: i32,
}

/// Drafts a bank from an article.
pub fn draft_bank(article: &Article, options: &DraftOptions) -> Draft {
    let mut notes = Vec::new();
    let mut ids = Ids::default();
    let mut passages: Vec<RawPassage> = Vec::new();
    let mut section_counts: Vec<(String, usize)> = Vec::new();
    let mut passage_ids = Ids::default();
    for paragraph in &article.paragraphs {
        let section = paragraph
            .section
            .clone()
            .unwrap_or_else(|| "Introduction".to_owned());
        for piece in split_paragraph(&paragraph.text) {
            let n = match section_counts.iter_mut().find(|(s, _)| *s == section) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    section_counts.push((section.clone(), 1));
                    1
                }
            };
            let base = if paragraph.section.is_none() {
                "intro".to_owned()
            } else {
                slug(&section, 3)
            };
            let id = passage_ids.fresh(&format!("{base}-{n}"));
            passages.push(RawPassage {
                id,
                section: section.clone(),
                text: piece,
            });
        }
    }
    let texts: Vec<&str> = passages.iter().map(|p| p.text.as_str()).collect();
    let all_text = texts.join("\n");
    let detected = whatlang::detect(&all_text);
    let (language_code, language_name, english) = match detected {
        Some(info)
            if info.lang() != whatlang::Lang::Eng
                && (info.is_reliable() || info.confidence() > 0.5) =>
        {
            (
                iso_639_1(info.lang()).to_owned(),
                info.lang().eng_name().to_owned(),
                false,
            )
        }
        _ => ("en".to_owned(), "English".to_owned(), true),
    };
    if !english {
        notes.push(format!(
            "The article seems to be in {language_name}: certainty detection (claims, implications, responses) and actor detection work only for English text, so this draft has the passages and cloze questions only."
        ));
    }
    let mut actors: Vec<FoundActor> = if english {
        find_actors(&texts)
    } else {
        Vec::new()
    };
    actors.truncate(400);
    let mut sentences: Vec<Sentence> = Vec::new();
    if english {
        'read: for (p, passage) in texts.iter().enumerate() {
            for range in sentence_ranges(passage) {
                if sentences.len() >= MAX_SENTENCES_READ {
                    notes.push(format!("The text is long: claims were drafted from its first {MAX_SENTENCES_READ} sentences only."));
                    break 'read;
                }
                let text = &passage[range.clone()];
                let cues = read_cues(text);
                sentences.push(Sentence {
                    passage: p,
                    range,
                    text,
                    cues,
                    mentions: Vec::new(),
                    speaker: None,
                });
            }
        }
    }
    // Speakers: an actor named in the speaker phrase, or a described speaker added as an actor.
    let mut last_person: Vec<Option<usize>> = vec![None; texts.len()];
    // Actors found by name; described speakers added below get their kind from a guess.
    let named_actors = actors.len();
    // The last speaker of each passage and the certainty of what they said.
    let mut last_speaker: Vec<Option<(usize, Certainty)>> = vec![None; texts.len()];
    for s in sentences.iter_mut() {
        let speaker_phrase = s.cues.speaker.clone().map(|r| s.text[r].to_owned());
        if let Some(phrase) = speaker_phrase {
            s.speaker = resolve_speaker(
                &mut actors,
                &phrase,
                s.cues.certainty,
                &texts,
                (s.passage, s.range.start),
                last_person[s.passage],
            );
        }
        // "Newsom said", after "Gov. Gavin Newsom": the actor's office decides what the name alone
        // cannot.
        if s.cues.rule == GUESSED_SPEAKER_RULE
            && let Some(a) = s.speaker
            && a < named_actors
            && actors[a].kind == ActorKind::OfficeHolder
        {
            s.cues.certainty = Certainty::Official;
            s.cues.rule = "speaker with a speech verb, an office holder";
        }
        // "Its president, Rui Costa, said …" after a body that holds no office spoke: the title is
        // that body's, not a public one.
        if s.cues.certainty == Certainty::Official
            && let Some(phrase) = s.cues.speaker.clone().map(|r| s.text[r].to_lowercase())
            && (phrase.starts_with("its ") || phrase.starts_with("their "))
            && last_speaker[s.passage].is_some_and(|(a, c)| {
                c == Certainty::Attributed && actors[a].kind == ActorKind::Body
            })
        {
            s.cues.certainty = Certainty::Attributed;
            s.cues.rule = "speaker with a speech verb, an officer of the body named before";
        }
        if let Some(a) = s.speaker {
            last_speaker[s.passage] = Some((a, s.cues.certainty));
        }
        s.mentions = mentioned(&actors, s.text);
        if let Some(person) = s.mentions.iter().rev().find(|a| {
            matches!(
                actors[**a].kind,
                ActorKind::Person | ActorKind::OfficeHolder
            )
        }) {
            last_person[s.passage] = Some(*person);
        }
    }
    // Which actors to keep: every speaker, then the most mentioned, up to the cap.
    let speakers: HashSet<usize> = sentences.iter().filter_map(|s| s.speaker).collect();
    let mut order: Vec<usize> = (0..actors.len()).collect();
    order.sort_by_key(|a| {
        (
            !speakers.contains(a),
            std::cmp::Reverse(actors[*a].mentions),
            actors[*a].first,
        )
    });
    let kept: HashSet<usize> = order
        .into_iter()
        .take(MAX_ACTORS.max(speakers.len()))
        .collect();
    let mut actor_ids: Vec<Option<String>> = vec![None; actors.len()];
    let mut raw_actors = Vec::new();
    let mut by_first: Vec<usize> = kept.iter().copied().collect();
    by_first.sort_by_key(|a| actors[*a].first);
    for a in by_first {
        let actor = &actors[a];
        let id = ids.fresh(&slug(&actor.name, 4));
        actor_ids[a] = Some(id.clone());
        raw_actors.push(RawActor {
            id,
            name: actor.name.clone(),
            aliases: actor.aliases.clone(),
            role: draft_role(actor, &sentences, a),
            passages: actor
                .passages
                .iter()
                .map(|p| passages[*p].id.clone())
                .collect(),
            member_of: None,
            derived_questions: true,
            review: true,
        });
    }
    // An office holder belongs to the body its names mention ("A State Department official",
    // "NATO Secretary-General"): generated questions then never offer one as a wrong speaker for the other.
    for (a, actor) in actors.iter().enumerate() {
        if actor.kind != ActorKind::OfficeHolder {
            continue;
        }
        let Some(id) = &actor_ids[a] else { continue };
        let body = actors
            .iter()
            .enumerate()
            .filter(|(b, other)| {
                *b != a && other.kind == ActorKind::Body && actor_ids[*b].is_some()
            })
            .filter(|(_, other)| {
                other.names().any(|n| {
                    actor
                        .names()
                        .any(|m| m != n && !occurrences(m, n, false).is_empty())
                })
            })
            .max_by_key(|(_, other)| other.name.len())
            .and_then(|(b, _)| actor_ids[b].clone());
        if let Some(raw) = raw_actors.iter_mut().find(|r| &r.id == id) {
            raw.member_of = body;
        }
    }
    let mut comments: Vec<(String, String)> = Vec::new();
    // Claims.
    let mut claim_drafts: Vec<ClaimDraft> = Vec::new();
    for (k, s) in sentences.iter().enumerate() {
        if s.cues.is_question || s.text.split_whitespace().count() < 4 {
            continue;
        }
        let hedge_only = s.cues.rule == "the article's own hedge";
        let has_actor = !s.mentions.is_empty() || s.speaker.is_some();
        let asserted = s.cues.certainty == Certainty::Asserted;
        if hedge_only && s.speaker.is_none() || asserted && !has_actor {
            continue;
        }
        let quote = claim_quote(s);
        let mut score = match s.cues.certainty {
            Certainty::Asserted => 1,
            Certainty::Opinion => 3,
            _ => 4,
        };
        score += s.mentions.len().min(3) as i32;
        if !quotations(s.text).is_empty() {
            score += 1;
        }
        claim_drafts.push(ClaimDraft {
            sentence: k,
            quote,
            score,
        });
    }
    let chosen = rank_per_passage(
        &claim_drafts,
        |c| (c.score, sentences[c.sentence].passage),
        MAX_CLAIMS,
        MAX_CLAIMS_PER_PASSAGE,
    );
    let mut claims = Vec::new();
    for c in chosen.iter().map(|i| &claim_drafts[*i]) {
        let s = &sentences[c.sentence];
        let id = ids.fresh(&format!("c-{}", slug(&c.quote, 4)));
        let by = s
            .speaker
            .and_then(|a| actor_ids[a].clone())
            .unwrap_or_else(|| "article".to_owned());
        let about = s
            .mentions
            .iter()
            .filter(|a| Some(**a) != s.speaker)
            .filter_map(|a| actor_ids[*a].clone())
            .collect();
        let cue = s.cues.cue.clone().map(|r| s.text[r].to_owned());
        comments.push((
            id.clone(),
            match cue {
                Some(cue) => format!("certainty from “{cue}” ({}): check it", s.cues.rule),
                None => {
                    "no attribution or hedge found: stated in the article's own voice?".to_owned()
                }
            },
        ));
        claims.push(RawClaim {
            id,
            statement: claim_statement(s, &c.quote),
            by,
            about,
            certainty: s.cues.certainty,
            passage: passages[s.passage].id.clone(),
            quote: c.quote.clone(),
            derived_questions: true,
            review: true,
        });
    }
    // Implications and responses.
    let mut implications = Vec::new();
    let mut responses = Vec::new();
    for s in &sentences {
        if s.cues.is_question {
            continue;
        }
        if implications.len() < MAX_IMPLICATIONS
            && let Some(cue) = implication_cue(s.text)
            && let Some((clause, cause, effect)) = cause_and_effect(s.text, cue.clone())
        {
            let quote = &s.text[clause.clone()];
            if contains_quote(texts[s.passage], quote) {
                let id = ids.fresh(&format!("i-{}", slug(effect, 4)));
                let certainty = match s.cues.certainty {
                    Certainty::Asserted => Certainty::Asserted,
                    c if s.speaker.is_some() => c,
                    _ => Certainty::Opinion,
                };
                comments.push((
                    id.clone(),
                    format!(
                        "from “{}”: check the cause and effect",
                        &s.text[cue.clone()]
                    ),
                ));
                implications.push(RawImplication {
                    id,
                    // Cause, cue and effect without the attribution or quotation marks around them.
                    statement: statement_of(&format!("{cause} {} {effect}", &s.text[cue.clone()])),
                    cause: capitalise_first(cause),
                    effect: effect.to_owned(),
                    certainty,
                    passage: passages[s.passage].id.clone(),
                    quote: quote.to_owned(),
                    by: s.speaker.and_then(|a| actor_ids[a].clone()),
                    ask_cause: true,
                    broad_cause: false,
                    derived_questions: true,
                    review: true,
                });
            }
        }
        if responses.len() < MAX_RESPONSES
            && let Some(cue) = response_cue(s.text)
        {
            let end = clause_end(s.text, cue.end);
            let quote = s.text[cue.start..end].trim();
            if quote.split_whitespace().count() >= 3 && contains_quote(texts[s.passage], quote) {
                let subject_text = &s.text[..cue.start];
                let by: Vec<String> = s
                    .mentions
                    .iter()
                    .filter(|a| {
                        actors[**a].names().any(|n| {
                            !occurrences(subject_text, n, actors[**a].lowercase).is_empty()
                        })
                    })
                    .chain(s.speaker.iter())
                    .filter_map(|a| actor_ids[*a].clone())
                    .collect::<Vec<_>>();
                let mut by_unique = Vec::new();
                for b in by {
                    if !by_unique.contains(&b) {
                        by_unique.push(b);
                    }
                }
                let start = clause_start(s.text, cue.start);
                let id = ids.fresh(&format!("r-{}", slug(&s.text[cue.end..end], 4)));
                comments.push((
                    id.clone(),
                    format!("from “{}”: who takes it?", &s.text[cue.clone()]),
                ));
                responses.push(RawResponse {
                    id,
                    statement: statement_of(s.text[start..end].trim()),
                    by: by_unique,
                    status: response_status(&s.text[cue.clone()]),
                    passage: passages[s.passage].id.clone(),
                    quote: quote.to_owned(),
                    review: true,
                });
            }
        }
    }
    // No question rests on a certainty guessed from a name's shape.
    let guessed: HashSet<&str> = chosen
        .iter()
        .map(|i| &claim_drafts[*i])
        .zip(&claims)
        .filter(|(c, _)| sentences[c.sentence].cues.rule == GUESSED_SPEAKER_RULE)
        .map(|(_, claim)| claim.id.as_str())
        .collect();
    // Nor do the questions Dossier generates from the model: the claim's own switch stays off until
    // the teacher has checked the certainty (and turns it on in Edit).
    let guessed_ids: HashSet<String> = guessed.iter().map(|id| (*id).to_owned()).collect();
    let questions = generate_questions(
        &passages,
        &claims,
        &guessed,
        &raw_actors,
        &actors,
        &actor_ids,
        &mut comments,
    );
    for claim in claims.iter_mut().filter(|c| guessed_ids.contains(&c.id)) {
        claim.derived_questions = false;
    }
    let title = options
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| article.headline.clone())
        .unwrap_or_else(|| {
            let first = texts.first().copied().unwrap_or("Article");
            let words: Vec<&str> = first.split_whitespace().take(8).collect();
            format!(
                "{} …",
                words.join(" ").trim_end_matches([',', '.', ';', ':'])
            )
        });
    let bank = RawBank {
        id: slug(&title, 6),
        title: title.trim().to_owned(),
        source: options
            .source
            .clone()
            .unwrap_or_else(|| "article text, undated, publisher unknown".to_owned()),
        language: language_code,
        authors: Vec::new(),
        version: None,
        derived_questions: true,
        exam: None,
        passages,
        actors: raw_actors,
        claims,
        implications,
        responses,
        questions,
    };
    Draft {
        bank,
        comments,
        language_name,
        cues_available: english,
        notes,
    }
}

fn iso_639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Eng => "en",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Swe => "sv",
        Dan => "da",
        Nob => "no",
        Fin => "fi",
        Tur => "tr",
        Ara => "ar",
        Heb => "he",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        other => other.code(),
    }
}

/// The actors whose name or an alias occurs in `text`.
fn mentioned(actors: &[FoundActor], text: &str) -> Vec<usize> {
    actors
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.names()
                .any(|n| !occurrences(text, n, a.lowercase).is_empty())
        })
        .map(|(i, _)| i)
        .collect()
}

/// The actor a speaker phrase names, adding a described speaker ("a State Department official",
/// "security analysts") as an actor of its own.
fn resolve_speaker(
    actors: &mut Vec<FoundActor>,
    phrase: &str,
    certainty: Certainty,
    texts: &[&str],
    at: (usize, usize),
    last_person: Option<usize>,
) -> Option<usize> {
    let lower = phrase.trim().to_lowercase();
    if matches!(lower.as_str(), "he" | "she") {
        return last_person;
    }
    if matches!(lower.as_str(), "they" | "it" | "we" | "i" | "you") {
        return None;
    }
    let described = matches!(lower.split_whitespace().next(), Some("a" | "an" | "one"))
        || lower
            .split_whitespace()
            .next()
            .is_some_and(|w| !phrase.trim().starts_with(|c: char| c.is_uppercase()) && w != "the");
    let named: Vec<usize> = mentioned(actors, phrase);
    // "the union", "the association's chair": a definite description of a body the article names
    // ("National Teachers' Union") is that body, or its officer when the phrase also names them.
    let definite = lower
        .strip_prefix("the ")
        .map(|rest| rest.split_whitespace().collect::<Vec<_>>());
    if named.is_empty()
        && let Some(rest) = &definite
        && let [noun] = rest[..]
    {
        let noun = strip_possessive(noun);
        if let Some(body) = actors
            .iter()
            .enumerate()
            .filter(|(_, a)| a.kind == ActorKind::Body && a.first.0 <= at.0)
            .filter(|(_, a)| {
                a.name
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| w.eq_ignore_ascii_case(noun))
            })
            .max_by_key(|(_, a)| a.first)
            .map(|(i, _)| i)
        {
            return Some(body);
        }
    }
    // Findings ("a survey by the University of Michigan") are the named body's.
    let finding = lower.split_whitespace().take(3).any(|w| {
        matches!(
            w,
            "study" | "survey" | "report" | "poll" | "analysis" | "research" | "review" | "audit"
        )
    });
    if finding && let Some(body) = named.iter().max_by_key(|a| actors[**a].name.len()) {
        return Some(*body);
    }
    // A named person in the phrase is the speaker ("Jane Doe, a campaigner").
    if let Some(person) = named.iter().find(|a| {
        matches!(
            actors[**a].kind,
            ActorKind::Person | ActorKind::OfficeHolder
        )
    }) {
        return Some(*person);
    }
    if described || named.is_empty() {
        if phrase.split_whitespace().count() > 8 {
            return named.first().copied();
        }
        let kind = match certainty {
            Certainty::Official => ActorKind::OfficeHolder,
            Certainty::Analysis => ActorKind::Group,
            _ => ActorKind::Person,
        };
        return Some(add_described(actors, phrase, kind, texts, at));
    }
    // The longest name wins: "U.S. State Department" over "U.S.".
    named.into_iter().max_by_key(|a| actors[*a].name.len())
}

/// A short draft role: the words after the actor's first mention where a verb seems to follow.
fn draft_role(actor: &FoundActor, sentences: &[Sentence], index: usize) -> String {
    let mut fallback = None;
    for s in sentences
        .iter()
        .filter(|s| s.mentions.contains(&index) || s.speaker == Some(index))
    {
        if s.speaker == Some(index) && s.cues.certainty != Certainty::Asserted {
            return format!(
                "Speaks in the article: {}",
                cut_at_word(&statement_of(s.text), 120)
            );
        }
        for name in actor.names() {
            for at in occurrences(s.text, name, actor.lowercase) {
                let after = &s.text[at + name.len()..];
                let after = after
                    .strip_prefix("’s")
                    .or_else(|| after.strip_prefix("'s"))
                    .unwrap_or(after);
                let toks = tokens(after);
                let verbish = toks.first().is_some_and(|t| {
                    t.kind == TokenKind::Word
                        && t.is_lowercase_word()
                        && !super::actors::FUNCTION_WORDS.contains(&t.text)
                        || matches!(
                            t.text,
                            "has"
                                | "have"
                                | "is"
                                | "are"
                                | "was"
                                | "were"
                                | "will"
                                | "also"
                                | "could"
                                | "would"
                                | "may"
                        )
                });
                if verbish {
                    let end = clause_end(after, 0);
                    let role = cut_at_word(after[..end].trim(), 110).trim();
                    if role.split_whitespace().count() >= 2 {
                        return capitalise_first(role);
                    }
                }
            }
        }
        fallback.get_or_insert_with(|| {
            format!("Mentioned: {}", cut_at_word(&statement_of(s.text), 110))
        });
    }
    fallback.unwrap_or_else(|| "Mentioned in the article".to_owned())
}

/// The claim's quote: the quotation when the sentence quotes someone, otherwise the sentence.
fn claim_quote(s: &Sentence) -> String {
    if (s.speaker.is_some() || s.cues.certainty != Certainty::Asserted)
        && let Some(q) = quotations(s.text)
            .into_iter()
            .filter(|q| s.text[q.clone()].split_whitespace().count() >= 2)
            .max_by_key(|q| q.len())
    {
        let inner = s.text[q].trim().trim_end_matches([',', '.']);
        return cut_at_word(inner, MAX_QUOTE_BYTES).to_owned();
    }
    let body = s
        .text
        .trim_end_matches(['.', '!', '?', '”', '"', '’'])
        .trim_end();
    let body = if body.is_empty() { s.text } else { body };
    cut_at_word(body, MAX_QUOTE_BYTES).to_owned()
}

/// What is claimed, without the words that say how sure it is (those live in the certainty, and would
/// give the derived "how does the article present this claim?" question away): the quotation when
/// someone is quoted, the clause after "… that" when a cue introduces one, otherwise the sentence.
fn claim_statement(s: &Sentence, quote: &str) -> String {
    let quoted = quotations(s.text)
        .iter()
        .any(|q| s.text[q.clone()].contains(quote));
    // A quoted sentence stands on its own; a quoted phrase ("an affront to …") needs its sentence.
    let full_sentence = quote.chars().next().is_some_and(char::is_uppercase);
    if quoted && full_sentence && quote.split_whitespace().count() >= 4 {
        return statement_of(quote);
    }
    if let Some(cue) = &s.cues.cue {
        let after = &s.text[cue.end..];
        if let Some(that) = after.find(" that ")
            && after[..that].split_whitespace().count() <= 3
        {
            let rest = after[that + " that ".len()..].trim();
            if rest.split_whitespace().count() >= 3 {
                return statement_of(rest);
            }
        }
    }
    statement_of(s.text)
}

/// A statement in plain words: the sentence, trimmed of connectives, capitalised, ending in a period.
fn statement_of(text: &str) -> String {
    let mut t = text.trim();
    for lead in [
        "Moreover, ",
        "However, ",
        "Meanwhile, ",
        "Furthermore, ",
        "In addition, ",
        "But ",
        "And ",
        "Also, ",
    ] {
        if let Some(rest) = t.strip_prefix(lead) {
            t = rest;
        }
    }
    let t = cut_at_word(t, 400);
    let mut s = capitalise_first(t);
    if !s.ends_with(['.', '!', '?', '”', '"', '’']) {
        s.push('.');
    }
    s
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Picks up to `cap` items by score, at most `per_group` from a group, returned in their original
/// order.
fn rank_per_passage<T>(
    items: &[T],
    key: impl Fn(&T) -> (i32, usize),
    cap: usize,
    per_group: usize,
) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|i| (std::cmp::Reverse(key(&items[*i]).0), *i));
    let mut per: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut chosen = Vec::new();
    for i in order {
        let group = key(&items[i]).1;
        let n = per.entry(group).or_insert(0);
        if *n < per_group && chosen.len() < cap {
            *n += 1;
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    chosen
}

/// Whether two names are the same actor's (for comparing a draft with a hand-built bank).
pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}
