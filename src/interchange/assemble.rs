//! Imported questions (and optionally their article) become one bank that passes `dossier check`.
//!
//! Without an article the bank has no passages: its questions stand alone. With one, the passages come
//! from it and each question is linked to the passage sharing most of its distinctive words (weighted
//! by how rare each word is in the article); a link that is weak — few shared words, or a runner-up
//! almost as good — is marked `review: true` for the teacher to confirm.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::{Import, slug};
use crate::bank::raw::{RawAnswer, RawBank, RawPassage, RawQuestion};

/// How to build the bank.
#[derive(Clone, Debug, Default)]
pub struct AssembleOptions {
    /// The article's passages, if the teacher gave one (see [`article_passages`]).
    pub passages: Vec<RawPassage>,
    /// Bank id and title; derived from the first file's name when empty.
    pub id: String,
    pub title: String,
}

/// The bank, with what the linking found.
#[derive(Clone, Debug)]
pub struct Assembled {
    pub bank: RawBank,
    /// Questions whose passage link is weak (marked `review: true`).
    pub weak_links: usize,
}

/// Least share of a question's word weight a passage must hold for the link to count as strong.
const STRONG_COVERAGE: f64 = 0.3;
/// The best passage must beat the runner-up by this factor.
const CLEAR_MARGIN: f64 = 1.25;

/// Builds the bank from every import, in order.
pub fn assemble(imports: &[Import], options: &AssembleOptions) -> Assembled {
    let stem = imports
        .first()
        .and_then(|i| i.path.file_stem())
        .and_then(|s| s.to_str())
        .unwrap_or("imported");
    let id = if options.id.is_empty() {
        slug(stem, 48)
    } else {
        options.id.clone()
    };
    let id = if id.is_empty() {
        "imported".to_owned()
    } else {
        id
    };
    let title = if options.title.is_empty() {
        title_from(stem)
    } else {
        options.title.clone()
    };
    let files: Vec<String> = imports
        .iter()
        .map(|i| {
            let name = i.path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
            format!("{name} ({})", i.format.label())
        })
        .collect();
    let mut used: HashSet<String> = HashSet::new();
    let mut questions = Vec::new();
    for import in imports {
        for imported in &import.questions {
            let mut question = imported.question.clone();
            let base = imported
                .name
                .as_deref()
                .map(|n| slug(n, 40))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| slug(&question.prompt, 40));
            let base = if base.is_empty() || base.starts_with("derived") {
                format!("q-{}", questions.len() + 1)
            } else {
                base
            };
            let mut candidate = base.clone();
            let mut n = 2;
            while !used.insert(candidate.clone()) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            question.id = candidate;
            if let Some(category) = &imported.category
                && !category.is_empty()
                && !question.tags.contains(category)
            {
                question.tags.insert(0, category.clone());
            }
            questions.push(question);
        }
    }
    let mut weak_links = 0;
    if !options.passages.is_empty() {
        let linker = Linker::new(&options.passages);
        for question in &mut questions {
            if let RawAnswer::Flashcard { back } = &mut question.answer
                && back == super::gift::NO_MODEL_ANSWER
            {
                *back = super::gift::NO_MODEL_ANSWER_WITH_ARTICLE.to_owned();
            }
            let (best, strong) = linker.best(&question_words(question));
            question.passage = options.passages[best].id.clone();
            if !strong {
                question.review = true;
                weak_links += 1;
            }
        }
    }
    let bank = RawBank {
        id,
        title,
        source: format!("imported from {}", files.join(", ")),
        language: "en".to_owned(),
        authors: Vec::new(),
        version: None,
        derived_questions: false,
        exam: None,
        passages: options.passages.clone(),
        actors: Vec::new(),
        claims: Vec::new(),
        implications: Vec::new(),
        responses: Vec::new(),
        questions,
    };
    Assembled { bank, weak_links }
}

fn title_from(stem: &str) -> String {
    let words: String = stem.replace(['_', '-'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Imported questions".to_owned(),
    }
}

/// The words a question is about: its prompt, answers and explanation.
fn question_words(question: &RawQuestion) -> Vec<String> {
    let mut text = format!("{} {}", question.prompt, question.explanation);
    let mut add = |s: &str| {
        text.push(' ');
        text.push_str(s);
    };
    match &question.answer {
        RawAnswer::Choice { correct, .. } | RawAnswer::TwoPart { correct, .. } => {
            correct.iter().for_each(|s| add(s))
        }
        RawAnswer::Typed { accept } => accept.iter().for_each(|s| add(s)),
        RawAnswer::Cloze { text } => add(text),
        RawAnswer::Matching { pairs } => pairs.iter().for_each(|(l, r)| {
            add(l);
            add(r);
        }),
        RawAnswer::Ordering { items } => items.iter().for_each(|s| add(s)),
        RawAnswer::Flashcard { back } => add(back),
        RawAnswer::Evidence { statement, .. } => add(statement),
        RawAnswer::Numeric { accept } => accept.iter().for_each(|n| {
            if let Some(v) = n.value {
                add(&v.to_string());
            }
        }),
        RawAnswer::TrueFalse { .. } => {}
    }
    words(&text)
}

/// Lowercase words of three or more letters (or any number), minus the commonest English words.
fn words(text: &str) -> Vec<String> {
    const STOP: &[&str] = &[
        "the",
        "and",
        "for",
        "are",
        "was",
        "were",
        "with",
        "that",
        "this",
        "from",
        "which",
        "what",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "has",
        "have",
        "had",
        "not",
        "but",
        "its",
        "his",
        "her",
        "their",
        "they",
        "them",
        "been",
        "being",
        "into",
        "than",
        "then",
        "also",
        "does",
        "did",
        "can",
        "could",
        "would",
        "should",
        "will",
        "may",
        "might",
        "about",
        "according",
        "article",
        "true",
        "false",
        "one",
        "all",
        "any",
        "each",
        "more",
        "most",
        "other",
        "some",
        "such",
        "only",
        "own",
        "same",
        "so",
        "too",
        "very",
        "fill",
        "gap",
        "you",
        "your",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| {
            (w.chars().count() >= 3 || w.chars().all(|c| c.is_ascii_digit())) && !w.is_empty()
        })
        .filter(|w| !STOP.contains(&w.as_str()))
        .collect()
}

struct Linker {
    passages: Vec<HashSet<String>>,
    document_frequency: HashMap<String, usize>,
}

impl Linker {
    fn new(passages: &[RawPassage]) -> Self {
        let passages: Vec<HashSet<String>> = passages
            .iter()
            .map(|p| {
                words(&format!("{} {}", p.section, p.text))
                    .into_iter()
                    .collect()
            })
            .collect();
        let mut document_frequency = HashMap::new();
        for set in &passages {
            for w in set {
                *document_frequency.entry(w.clone()).or_insert(0) += 1;
            }
        }
        Self {
            passages,
            document_frequency,
        }
    }

    /// The best passage for these words and whether the link is strong.
    fn best(&self, words: &[String]) -> (usize, bool) {
        let n = self.passages.len() as f64;
        let unique: HashSet<&String> = words.iter().collect();
        let weight = |w: &str| {
            let df = self.document_frequency.get(w).copied().unwrap_or(0) as f64;
            (1.0 + n / (1.0 + df)).ln()
        };
        let total: f64 = unique.iter().map(|w| weight(w)).sum();
        let mut scores: Vec<(usize, f64)> = self
            .passages
            .iter()
            .enumerate()
            .map(|(i, set)| {
                (
                    i,
                    unique
                        .iter()
                        .filter(|w| set.contains(**w))
                        .map(|w| weight(w))
                        .sum(),
                )
            })
            .collect();
        scores.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let (best, score) = scores.first().copied().unwrap_or((0, 0.0));
        let runner_up = scores.get(1).map_or(0.0, |s| s.1);
        let strong =
            total > 0.0 && score / total >= STRONG_COVERAGE && score >= runner_up * CLEAR_MARGIN;
        (best, strong)
    }
}

/// The passages of an article: a bank file (`.ron`, its passages), or an article as `dossier new`
/// reads it — plain text, Markdown or a saved web page (see [`crate::author::input`]) — whose
/// paragraphs become the passages, under their section headings (the headline before the first one).
pub fn article_passages(path: &Path) -> Result<Vec<RawPassage>, String> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        let (text, _) =
            super::read_source(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let bank = crate::bank::validate::load_bank_str(&text, path).map_err(|d| {
            format!(
                "{} is not a valid bank ({} problems; run `dossier check` on it)",
                path.display(),
                d.len()
            )
        })?;
        return Ok(bank.passages);
    }
    use crate::author::input;
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
        .len();
    if size > input::MAX_ARTICLE_BYTES as u64 {
        return Err(format!(
            "{} is too large for an article ({size} bytes; at most {} bytes)",
            path.display(),
            input::MAX_ARTICLE_BYTES
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let format = crate::author::format_of(path, &bytes);
    let article = input::decode(&bytes)
        .and_then(|text| input::parse(&text, format))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(passages_of(&article))
}

/// Plain article text → passages (see [`article_passages`]).
pub fn text_passages(text: &str) -> Vec<RawPassage> {
    crate::author::input::parse(text, crate::author::ArticleFormat::Text)
        .map(|article| passages_of(&article))
        .unwrap_or_default()
}

/// An article's paragraphs as passages, with ids made from their section (`rivers-of-europe-1`).
fn passages_of(article: &crate::author::input::Article) -> Vec<RawPassage> {
    let fallback = article
        .headline
        .clone()
        .unwrap_or_else(|| "Article".to_owned());
    let mut passages: Vec<RawPassage> = Vec::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut used: HashSet<String> = HashSet::new();
    for paragraph in &article.paragraphs {
        let section = paragraph
            .section
            .clone()
            .unwrap_or_else(|| fallback.clone());
        let n = counts.entry(section.clone()).or_insert(0);
        *n += 1;
        let base = slug(&section, 32);
        let base = if base.is_empty() {
            "passage".to_owned()
        } else {
            base
        };
        let mut id = format!("{base}-{n}");
        while !used.insert(id.clone()) {
            *n += 1;
            id = format!("{base}-{n}");
        }
        passages.push(RawPassage {
            id,
            section,
            text: paragraph.text.clone(),
        });
    }
    passages
}

/// The bank as RON text, in the style of the hand-written banks (named records, implicit `Some`).
pub fn to_ron(bank: &RawBank) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .extensions(ron::extensions::Extensions::IMPLICIT_SOME)
        .indentor("    ".to_owned());
    let mut text = ron::ser::to_string_pretty(bank, config)?;
    text.push('\n');
    Ok(text)
}
