//! The article reader's map from text to model: which bytes of a passage are an actor's name or the
//! quote of a claim, implication or response, so the reader can mark them and show their card, and
//! where a question's quote is, for "show in article".

use std::ops::Range;

use super::text::{find_quote, fold_char};
use super::{Bank, Claim, Question};

/// What a marked stretch of a passage stands for; ids as in the bank.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MarkTarget {
    /// A claim's quote.
    Claim(String),
    /// An implication's quote.
    Implication(String),
    /// A response's quote.
    Response(String),
    /// An actor's name or alias.
    Actor(String),
}

impl MarkTarget {
    /// Tie-break order when two candidates cover the same text equally narrowly: actors first, then
    /// claims, implications, responses.
    fn rank(&self) -> u8 {
        match self {
            MarkTarget::Actor(_) => 0,
            MarkTarget::Claim(_) => 1,
            MarkTarget::Implication(_) => 2,
            MarkTarget::Response(_) => 3,
        }
    }
}

/// One marked stretch of a passage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// Byte range into the passage's `text`, always on char boundaries.
    pub range: Range<usize>,
    /// What the stretch stands for: the card to show on hover or click.
    pub target: MarkTarget,
    /// The next-narrowest candidate covering this stretch, if any: for an actor named inside a claim's
    /// quote, that claim. Lets the reader keep underlining the claim through the name while the name
    /// itself is marked as the actor.
    pub enclosing: Option<MarkTarget>,
}

/// The marks of one passage, sorted by position and never overlapping, so the reader can lay the text
/// out in one pass. Empty for an unknown passage.
///
/// Candidates are the quotes of the passage's claims, implications and responses (first occurrence, as
/// validation checks them) and every whole-word, case-sensitive occurrence of an actor's name or alias
/// (typographic and straight quotes alike). Overlaps are resolved in two steps:
/// 1. Actor names among themselves: the longer match wins ("South Korea" over an alias "Korea"), then
///    the earlier one, then the actor listed first in the bank.
/// 2. Then, for every stretch of text, the narrowest candidate covering it wins (ties: actor, claim,
///    implication, response, then bank order). So an actor named inside a claim's quote is marked as
///    the actor, and the claim's mark continues on both sides of the name as separate marks with the
///    same target; a quote nested inside a longer quote wins over the longer one in the same way.
///
/// Adjacent stretches with the same target (and the same [`Mark::enclosing`]) are merged into one mark.
pub fn passage_marks(bank: &Bank, passage_id: &str) -> Vec<Mark> {
    let Some(passage) = bank.passage(passage_id) else {
        return Vec::new();
    };
    let text = passage.text.as_str();
    let mut candidates: Vec<Mark> = Vec::new();
    let quotes = bank
        .claims
        .iter()
        .filter(|c| c.passage == passage_id)
        .map(|c| (&c.quote, MarkTarget::Claim(c.id.clone())))
        .chain(
            bank.implications
                .iter()
                .filter(|i| i.passage == passage_id)
                .map(|i| (&i.quote, MarkTarget::Implication(i.id.clone()))),
        )
        .chain(
            bank.responses
                .iter()
                .filter(|r| r.passage == passage_id)
                .map(|r| (&r.quote, MarkTarget::Response(r.id.clone()))),
        );
    for (quote, target) in quotes {
        if let Some(range) = find_quote(text, quote) {
            candidates.push(Mark {
                range,
                target,
                enclosing: None,
            });
        }
    }
    candidates.extend(actor_marks(bank, text));
    flatten(candidates)
}

/// The questions that test an actor, claim, implication or response (its id is in their `about`), in
/// bank order: the "which questions test it" list of the card shown for a mark.
pub fn questions_about<'a>(bank: &'a Bank, target_id: &str) -> Vec<&'a Question> {
    bank.questions
        .iter()
        .filter(|q| q.about.iter().any(|a| a == target_id))
        .collect()
}

/// The questions that test an actor: those about the actor itself and those about a claim the actor
/// makes or is the subject of. The actors view and the statistics count mastery over this same set.
pub fn questions_on_actor<'a>(bank: &'a Bank, actor_id: &str) -> Vec<&'a Question> {
    let claims = actor_claims(bank, actor_id);
    let claim_ids: Vec<&str> = claims
        .made
        .iter()
        .chain(&claims.about)
        .map(|c| c.id.as_str())
        .collect();
    bank.questions
        .iter()
        .filter(|q| {
            q.about
                .iter()
                .any(|a| a == actor_id || claim_ids.contains(&a.as_str()))
        })
        .collect()
}

/// The claims an actor makes and the claims made about them, each in bank order, for the actors view
/// and the actor's card.
pub fn actor_claims<'a>(bank: &'a Bank, actor_id: &str) -> ActorClaims<'a> {
    ActorClaims {
        made: bank.claims.iter().filter(|c| c.by == actor_id).collect(),
        about: bank
            .claims
            .iter()
            .filter(|c| c.about.iter().any(|a| a == actor_id))
            .collect(),
    }
}

/// See [`actor_claims`]. A claim an actor makes about themself is in both lists.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorClaims<'a> {
    /// Claims whose `by` is the actor.
    pub made: Vec<&'a Claim>,
    /// Claims whose `about` lists the actor.
    pub about: Vec<&'a Claim>,
}

/// Where to highlight `quote` in a passage for "show in article": as [`find_quote`] (whitespace,
/// typographic quotes and dashes forgiven), and failing that the same ignoring letter case (a derived
/// question may capitalise the quote's first word). `None` when the quote is not in the passage.
pub fn highlight_range(passage_text: &str, quote: &str) -> Option<Range<usize>> {
    find_quote(passage_text, quote).or_else(|| {
        let (hay, offsets) = folded(passage_text, true);
        let (needle, _) = folded(quote.trim(), true);
        let start = find_all(&hay, &needle).next()?;
        Some(offsets[start]..offsets[start + needle.len()])
    })
}

/// Every whole-word occurrence of every actor's name and aliases, overlaps among them resolved (step 1
/// of [`passage_marks`]).
fn actor_marks(bank: &Bank, text: &str) -> Vec<Mark> {
    let (hay, offsets) = folded(text, false);
    // (range, actor order, target)
    let mut found: Vec<(Range<usize>, usize, MarkTarget)> = Vec::new();
    for (order, actor) in bank.actors.iter().enumerate() {
        for name in std::iter::once(&actor.name).chain(&actor.aliases) {
            let (needle, _) = folded(name.trim(), false);
            for start in find_all(&hay, &needle) {
                let end = start + needle.len();
                let before_ok = start == 0 || !hay[start - 1].is_alphanumeric();
                let after_ok = end == hay.len() || !hay[end].is_alphanumeric();
                if before_ok && after_ok {
                    found.push((
                        offsets[start]..offsets[end],
                        order,
                        MarkTarget::Actor(actor.id.clone()),
                    ));
                }
            }
        }
    }
    found.sort_by(|a, b| {
        (b.0.len())
            .cmp(&a.0.len())
            .then(a.0.start.cmp(&b.0.start))
            .then(a.1.cmp(&b.1))
    });
    let mut kept: Vec<Mark> = Vec::new();
    for (range, _, target) in found {
        if kept
            .iter()
            .all(|k| k.range.end <= range.start || range.end <= k.range.start)
        {
            kept.push(Mark {
                range,
                target,
                enclosing: None,
            });
        }
    }
    kept
}

/// Step 2 of [`passage_marks`]: narrowest candidate per stretch, adjacent equal targets merged.
fn flatten(candidates: Vec<Mark>) -> Vec<Mark> {
    let mut bounds: Vec<usize> = candidates
        .iter()
        .flat_map(|m| [m.range.start, m.range.end])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    let mut marks: Vec<Mark> = Vec::new();
    for pair in bounds.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let mut covering: Vec<(usize, &Mark)> = candidates
            .iter()
            .enumerate()
            .filter(|(_, m)| m.range.start <= start && end <= m.range.end)
            .collect();
        covering.sort_by_key(|(i, m)| (m.range.len(), m.target.rank(), *i));
        let mut covering = covering.into_iter().map(|(_, m)| &m.target);
        let Some(target) = covering.next() else {
            continue;
        };
        let enclosing = covering.find(|t| *t != target);
        match marks.last_mut() {
            Some(last)
                if last.range.end == start
                    && &last.target == target
                    && last.enclosing.as_ref() == enclosing =>
            {
                last.range.end = end;
            }
            _ => marks.push(Mark {
                range: start..end,
                target: target.clone(),
                enclosing: enclosing.cloned(),
            }),
        }
    }
    marks
}

/// `text` folded char by char ([`fold_char`]), with the byte offset of each char plus a final entry
/// for the end. As a loose quote (`loose`), also lowercased and with whitespace runs collapsed to one
/// space, like [`find_quote`]; otherwise (names) matched as written.
fn folded(text: &str, loose: bool) -> (Vec<char>, Vec<usize>) {
    let mut chars = Vec::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len() + 1);
    for (offset, c) in text.char_indices() {
        let mut c = fold_char(c);
        if loose && c == ' ' && chars.last() == Some(&' ') {
            continue;
        }
        if loose {
            let mut lower = c.to_lowercase();
            if let (Some(l), None) = (lower.next(), lower.next()) {
                c = l;
            }
        }
        chars.push(c);
        offsets.push(offset);
    }
    offsets.push(text.len());
    (chars, offsets)
}

/// Start indices of every occurrence of `needle` in `hay` (overlapping ones included); none for an
/// empty needle.
fn find_all<'a>(hay: &'a [char], needle: &'a [char]) -> impl Iterator<Item = usize> + 'a {
    let windows = if needle.is_empty() || needle.len() > hay.len() {
        None
    } else {
        Some(hay.windows(needle.len()))
    };
    windows
        .into_iter()
        .flatten()
        .enumerate()
        .filter(move |(_, w)| *w == needle)
        .map(|(i, _)| i)
}
