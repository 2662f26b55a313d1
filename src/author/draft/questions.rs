//! The questions a draft comes with: one cloze per passage from its best sentence (gaps on actor
//! names, numbers and long content words) and evidence questions from claims whose certainty is not
//! plain assertion — never on a certainty guessed from a name's shape.

use super::*;

/// Words that are never a cloze gap.
const STOP_WORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "and",
    "or",
    "but",
    "of",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "as",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "has",
    "have",
    "had",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "which",
    "who",
    "their",
    "they",
    "them",
    "he",
    "she",
    "his",
    "her",
    "we",
    "our",
    "not",
    "also",
    "more",
    "most",
    "such",
    "than",
    "very",
    "into",
    "about",
    "after",
    "before",
    "while",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "can",
    "must",
    "does",
    "did",
    "do",
    "there",
    "where",
    "when",
    "what",
    "both",
    "other",
    "some",
    "any",
    "all",
    "each",
    "only",
    "even",
    "said",
    "says",
    "over",
    "under",
    "between",
    "through",
    "further",
    "being",
    "made",
    "make",
    "including",
    "included",
    "includes",
    "according",
    "however",
    "although",
    "because",
    "without",
    "within",
    "against",
    "during",
    "despite",
    "across",
    "around",
    "another",
    "which",
    "whether",
    "because",
];

/// Cloze questions from key sentences (gaps on actor names, numbers and long content words) and
/// evidence questions from claims whose certainty is not plain assertion.
pub(super) fn generate_questions(
    passages: &[RawPassage],
    claims: &[RawClaim],
    guessed: &HashSet<&str>,
    raw_actors: &[RawActor],
    actors: &[FoundActor],
    actor_ids: &[Option<String>],
    comments: &mut Vec<(String, String)>,
) -> Vec<RawQuestion> {
    let mut questions = Vec::new();
    let mut qids = Ids::default();
    // Cloze: the best sentence of each passage, best passages first.
    let mut candidates: Vec<(i32, usize, String, String)> = Vec::new();
    for (p, passage) in passages.iter().enumerate() {
        let mut best: Option<(i32, String, String)> = None;
        for range in sentence_ranges(&passage.text) {
            let sentence = &passage.text[range];
            if sentence.contains(['{', '}', '|'])
                || sentence.len() > 320
                || sentence.split_whitespace().count() < 6
                || sentence.trim_end().ends_with('?')
            {
                continue;
            }
            if let Some((gaps, text)) = cloze_text(sentence, actors) {
                let score =
                    gaps as i32 * 2 + i32::from(sentence.chars().any(|c| c.is_ascii_digit()));
                if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
                    best = Some((score, text, sentence.to_owned()));
                }
            }
        }
        if let Some((score, text, sentence)) = best {
            candidates.push((score, p, text, sentence));
        }
    }
    let chosen = rank_per_passage(&candidates, |c| (c.0, c.1), MAX_CLOZE, 1);
    for (_, p, text, sentence) in chosen.iter().map(|i| &candidates[*i]) {
        let passage = &passages[*p];
        let id = qids.fresh(&format!("cloze-{}", passage.id));
        let quote =
            cut_at_word(sentence.trim_end_matches(['.', '!', '?']), MAX_QUOTE_BYTES).to_owned();
        comments.push((
            id.clone(),
            "gaps chosen on names, numbers and key terms: are they the ones to learn?".to_owned(),
        ));
        questions.push(RawQuestion {
            id,
            prompt: "Fill in the gaps.".to_owned(),
            passage: passage.id.clone(),
            quote: Some(quote),
            explanation: format!("The article: “{}”", sentence.trim()),
            about: Vec::new(),
            tags: vec!["recall".to_owned()],
            answer: RawAnswer::Cloze { text: text.clone() },
            review: true,
            show_passage: false,
        });
    }
    // Evidence: one per (passage, certainty), only when the certainty occurs once in the passage.
    let mut evidence = 0;
    for claim in claims {
        if evidence >= MAX_EVIDENCE
            || claim.certainty == Certainty::Asserted
            || guessed.contains(claim.id.as_str())
        {
            continue;
        }
        let same = claims
            .iter()
            .filter(|c| c.passage == claim.passage && c.certainty == claim.certainty)
            .count();
        let Some(passage) = passages.iter().find(|p| p.id == claim.passage) else {
            continue;
        };
        let bank_sentences = bank_sentence_ranges(&passage.text);
        if same != 1 || bank_sentences.len() < 2 {
            continue;
        }
        let containing = bank_sentences
            .iter()
            .filter(|r| contains_quote(&passage.text[(*r).clone()], &claim.quote))
            .count();
        let total = crate::bank::text::find_quote(&passage.text, &claim.quote).is_some();
        if containing != 1 || !total || passage.text.matches(claim.quote.as_str()).count() > 1 {
            continue;
        }
        let statement = match claim.certainty {
            Certainty::Reported => "The paragraph passes on something reported but not confirmed.",
            Certainty::Rumored => "The paragraph passes on a rumour.",
            Certainty::Official => "An official body or office holder is quoted on the record.",
            Certainty::Analysis => "Analysts or experts give their view.",
            Certainty::Opinion => "The article itself argues or recommends something.",
            Certainty::Attributed => "A source who holds no office gives their own view.",
            Certainty::Asserted => continue,
        };
        let id = qids.fresh(&format!("evidence-{}", claim.id));
        comments.push((id.clone(), format!("built from claim `{}`", claim.id)));
        let _ = (raw_actors, actor_ids);
        questions.push(RawQuestion {
            id,
            prompt: "Pick the sentence that supports the statement.".to_owned(),
            passage: claim.passage.clone(),
            quote: Some(claim.quote.clone()),
            explanation: format!("“{}” — {}.", claim.quote, claim.certainty.label()),
            about: vec![claim.id.clone()],
            tags: vec!["certainty".to_owned()],
            answer: RawAnswer::Evidence {
                statement: statement.to_owned(),
                evidence: claim.quote.clone(),
                contradicts: false,
            },
            review: true,
            show_passage: false,
        });
        evidence += 1;
    }
    questions
}

/// The sentence with gaps in braces on up to three items: actor names, numbers, long content words.
/// Returns the number of gaps and the text, or `None` when nothing is worth a gap.
fn cloze_text(sentence: &str, actors: &[FoundActor]) -> Option<(usize, String)> {
    let mut gaps: Vec<Range<usize>> = Vec::new();
    let overlaps = |r: &Range<usize>, gaps: &[Range<usize>]| {
        gaps.iter().any(|g| g.start < r.end && r.start < g.end)
    };
    // Names first, longest first.
    let mut names: Vec<&str> = actors
        .iter()
        .filter(|a| !a.lowercase)
        .flat_map(|a| a.names())
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for name in names {
        for at in occurrences(sentence, name, false) {
            let r = at..at + name.len();
            if !overlaps(&r, &gaps) && gaps.len() < 2 {
                gaps.push(r);
            }
        }
    }
    let toks = tokens(sentence);
    // Numbers.
    for t in &toks {
        if gaps.len() >= 3 {
            break;
        }
        if t.kind == TokenKind::Word
            && t.text.chars().any(|c| c.is_ascii_digit())
            && !overlaps(&t.range, &gaps)
        {
            gaps.push(t.range.clone());
        }
    }
    // Key terms: the longest content words not yet gapped.
    let mut words: Vec<&crate::author::segment::Token> = toks
        .iter()
        .filter(|t| {
            t.is_lowercase_word()
                && t.text.chars().count() >= 6
                && !STOP_WORDS.contains(&t.text)
                && t.text.chars().all(|c| c.is_alphabetic() || c == '-')
        })
        .collect();
    words.sort_by_key(|t| std::cmp::Reverse(t.text.chars().count()));
    for t in words {
        if gaps.len() >= 3 {
            break;
        }
        if !overlaps(&t.range, &gaps) {
            gaps.push(t.range.clone());
        }
    }
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_by_key(|g| g.start);
    let mut out = String::with_capacity(sentence.len() + 8);
    let mut at = 0;
    for g in &gaps {
        out.push_str(&sentence[at..g.start]);
        out.push('{');
        out.push_str(&sentence[g.clone()]);
        out.push('}');
        at = g.end;
    }
    out.push_str(&sentence[at..]);
    Some((gaps.len(), out))
}
