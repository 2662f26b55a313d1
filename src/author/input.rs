//! An article as the teacher has it — plain text, Markdown, or a web page saved as HTML — turned into a
//! headline and paragraphs under section headings. Nothing is invented: every paragraph is the article's
//! text with its whitespace collapsed (and, for Markdown and HTML, its markup removed).

use std::path::Path;

use scraper::{ElementRef, Html, Node};

/// The largest article accepted, in bytes: far above any news article (a 20,000-word report is about
/// 130 KB) and small enough to draft in well under a second.
pub const MAX_ARTICLE_BYTES: usize = 4 * 1024 * 1024;

/// Why an article cannot be read. Each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("the article is empty: there is no text to draft from")]
    Empty,
    #[error(
        "the article is too large ({bytes} bytes; at most {limit} bytes): split it, or paste only the article's text"
    )]
    TooLarge { bytes: usize, limit: usize },
    #[error("this is not a text file (it looks binary): save the article as .txt, .md or .html")]
    Binary,
    #[error(
        "the article is not UTF-8 text (first bad byte at offset {offset}): save it as UTF-8 in your editor"
    )]
    NotUtf8 { offset: usize },
    #[error("no paragraphs were found in the page: save the article's text as .txt and try that")]
    NoParagraphs,
}

/// How the article is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArticleFormat {
    /// Paragraphs separated by blank lines, or one per line; headings are short lines without final
    /// punctuation.
    Text,
    /// `#` headings, blank-line paragraphs, inline markup removed.
    Markdown,
    /// A saved web page: the article's headings and paragraphs; navigation, headers, footers, asides,
    /// scripts and forms are skipped.
    Html,
}

impl ArticleFormat {
    /// The format a file's extension says (`.md`, `.html`, anything else is text), checked against the
    /// content for files that lie about it.
    pub fn of(path: &Path, text: &str) -> Self {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("md" | "markdown" | "mdown") => ArticleFormat::Markdown,
            Some("html" | "htm" | "xhtml") => ArticleFormat::Html,
            _ => Self::sniff(text),
        }
    }

    /// The format pasted text seems to be in.
    pub fn sniff(text: &str) -> Self {
        let head: String = text
            .trim_start()
            .chars()
            .take(512)
            .collect::<String>()
            .to_lowercase();
        if head.starts_with("<!doctype html")
            || head.starts_with("<html")
            || head.contains("<body")
            || (head.starts_with('<') && head.contains("<p"))
        {
            ArticleFormat::Html
        } else if text
            .lines()
            .any(|l| l.starts_with("# ") || l.starts_with("## "))
        {
            ArticleFormat::Markdown
        } else {
            ArticleFormat::Text
        }
    }
}

/// One paragraph of the article under its section heading (`None` before the first heading).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub section: Option<String>,
    pub text: String,
}

/// What was read from the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    pub headline: Option<String>,
    pub paragraphs: Vec<Paragraph>,
}

/// Checks raw bytes: size, binary content, UTF-8. A byte-order mark is dropped.
pub fn decode(bytes: &[u8]) -> Result<String, InputError> {
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(InputError::TooLarge {
            bytes: bytes.len(),
            limit: MAX_ARTICLE_BYTES,
        });
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if sample.contains(&0) || controls * 100 > sample.len().max(1) {
        return Err(InputError::Binary);
    }
    let text = String::from_utf8(bytes.to_vec()).map_err(|e| InputError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })?;
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    Ok(text)
}

/// Reads the article's headline and paragraphs.
pub fn parse(text: &str, format: ArticleFormat) -> Result<Article, InputError> {
    if text.len() > MAX_ARTICLE_BYTES {
        return Err(InputError::TooLarge {
            bytes: text.len(),
            limit: MAX_ARTICLE_BYTES,
        });
    }
    if text.trim().is_empty() {
        return Err(InputError::Empty);
    }
    let article = match format {
        ArticleFormat::Text => parse_text(text),
        ArticleFormat::Markdown => parse_markdown(text),
        ArticleFormat::Html => parse_html(text),
    };
    if article.paragraphs.is_empty() {
        return Err(if format == ArticleFormat::Html {
            InputError::NoParagraphs
        } else {
            InputError::Empty
        });
    }
    Ok(article)
}

/// Whitespace runs become one space; other control characters are dropped (they cannot be typed and
/// would only confuse a teacher reading the bank).
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A short line without final punctuation: a heading (or, first of all, the headline).
pub fn looks_like_heading(line: &str) -> bool {
    let line = line.trim();
    let words = line.split_whitespace().count();
    let last = line.chars().last();
    !line.is_empty()
        && line.chars().count() <= 100
        && words <= 14
        && last.is_some_and(|c| c.is_alphanumeric() || c == ')')
        && !line.chars().next().is_some_and(char::is_lowercase)
}

/// Blocks of non-empty lines separated by blank lines.
fn blocks(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.trim());
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Builds the article from a sequence of (is heading, text) lines: the first heading before any
/// paragraph is the headline, later ones are sections.
fn assemble(items: Vec<(bool, String)>) -> Article {
    let mut headline = None;
    let mut section: Option<String> = None;
    let mut paragraphs = Vec::new();
    let count = items.len();
    for (k, (heading, text)) in items.into_iter().enumerate() {
        if text.is_empty() {
            continue;
        }
        // A heading with nothing after it is a paragraph of its own (a one-line article).
        if heading && k + 1 < count {
            if paragraphs.is_empty() && headline.is_none() && section.is_none() {
                headline = Some(text);
            } else {
                section = Some(text);
            }
        } else {
            paragraphs.push(Paragraph {
                section: section.clone(),
                text,
            });
        }
    }
    Article {
        headline,
        paragraphs,
    }
}

fn parse_text(text: &str) -> Article {
    let blocks = blocks(text);
    let wrapped = blocks.iter().any(|b| b.len() > 1) && blocks.len() > 1
        || blocks.len() > 1 && blocks.iter().all(|b| b.len() == 1);
    let mut items = Vec::new();
    if wrapped {
        // Blank-line paragraphs, possibly hard-wrapped; a block may start with a heading line.
        for block in blocks {
            let mut lines = block.as_slice();
            if lines.len() > 1
                && looks_like_heading(lines[0])
                && !looks_like_heading(lines[1])
                && lines[0].len() * 2 < lines[1].len()
            {
                items.push((true, collapse_whitespace(lines[0])));
                lines = &lines[1..];
            }
            let joined = collapse_whitespace(&lines.join(" "));
            let heading = lines.len() == 1 && looks_like_heading(&joined);
            items.push((heading, joined));
        }
    } else {
        // One paragraph per line.
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let line = collapse_whitespace(line);
            items.push((looks_like_heading(&line), line));
        }
    }
    assemble(items)
}

fn strip_markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '!' && chars.get(i + 1) == Some(&'[') {
            // An image: drop it with its alt text.
            if let Some(close) = chars[i..].iter().position(|&d| d == ')') {
                i += close + 1;
                continue;
            }
        }
        if c == '['
            && let Some(mid) = chars[i..].iter().position(|&d| d == ']')
        {
            let after = i + mid + 1;
            if chars.get(after) == Some(&'(')
                && let Some(close) = chars[after..].iter().position(|&d| d == ')')
            {
                out.extend(&chars[i + 1..i + mid]);
                i = after + close + 1;
                continue;
            }
        }
        let emphasis = matches!(c, '*' | '`')
            || c == '_'
                && (i == 0
                    || !chars[i - 1].is_alphanumeric()
                    || chars.get(i + 1).is_none_or(|n| !n.is_alphanumeric()));
        if !emphasis {
            out.push(c);
        }
        i += 1;
    }
    collapse_whitespace(&out)
}

fn parse_markdown(text: &str) -> Article {
    let mut items: Vec<(bool, String)> = Vec::new();
    let mut paragraph: Vec<String> = Vec::new();
    let mut in_code = false;
    let mut headline_taken = false;
    let flush = |paragraph: &mut Vec<String>, items: &mut Vec<(bool, String)>| {
        if !paragraph.is_empty() {
            items.push((false, strip_markdown_inline(&paragraph.join(" "))));
            paragraph.clear();
        }
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            flush(&mut paragraph, &mut items);
            continue;
        }
        if in_code {
            continue;
        }
        if trimmed.is_empty() || matches!(trimmed, "---" | "***" | "___") {
            flush(&mut paragraph, &mut items);
            continue;
        }
        if let Some(level) = trimmed
            .find(|c| c != '#')
            .filter(|l| *l > 0 && *l <= 6 && trimmed[*l..].starts_with(' '))
        {
            flush(&mut paragraph, &mut items);
            let heading = strip_markdown_inline(trimmed[level..].trim().trim_end_matches('#'));
            if level == 1 && !headline_taken && items.is_empty() {
                headline_taken = true;
            }
            items.push((true, heading));
            continue;
        }
        let content = trimmed.trim_start_matches('>').trim_start();
        let item = content
            .strip_prefix("- ")
            .or_else(|| content.strip_prefix("* "))
            .or_else(|| content.strip_prefix("+ "));
        if let Some(item) = item {
            flush(&mut paragraph, &mut items);
            paragraph.push(item.to_owned());
            continue;
        }
        paragraph.push(content.to_owned());
    }
    flush(&mut paragraph, &mut items);
    items.retain(|(_, t)| !t.is_empty());
    // Only a leading `#` heading is a headline; a leading `##` is a section.
    let mut article = assemble(items);
    if !headline_taken && let Some(h) = article.headline.take() {
        for p in article
            .paragraphs
            .iter_mut()
            .filter(|p| p.section.is_none())
        {
            p.section = Some(h.clone());
        }
    }
    article
}

/// Elements whose content is never article text.
const SKIPPED_ELEMENTS: &[&str] = &[
    "nav", "footer", "aside", "script", "style", "noscript", "form", "button", "svg", "template",
    "iframe", "select", "figure", "menu", "dialog", "head",
];

fn parse_html(text: &str) -> Article {
    let document = Html::parse_document(text);
    let root = ["article", "main", "[role=main]", "body"]
        .iter()
        .filter_map(|s| scraper::Selector::parse(s).ok())
        .find_map(|s| document.select(&s).next());
    let mut items = Vec::new();
    let mut title = None;
    if let Some(root) = root {
        walk_html(root, &mut items);
    }
    if !items.first().is_some_and(|(h, _)| *h)
        && let Ok(selector) = scraper::Selector::parse("title")
    {
        title = document
            .select(&selector)
            .next()
            .map(|t| collapse_whitespace(&t.text().collect::<String>()));
    }
    let mut article = assemble(items);
    if article.headline.is_none() {
        article.headline = title.filter(|t| !t.is_empty());
    }
    article
}

fn element_text(element: ElementRef) -> String {
    let mut out = String::new();
    for node in element.descendants() {
        if let Node::Text(t) = node.value() {
            let skipped = node
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|a| SKIPPED_ELEMENTS.contains(&a.value().name()));
            if !skipped {
                out.push_str(t);
            }
        }
    }
    collapse_whitespace(&out)
}

fn walk_html(element: ElementRef, items: &mut Vec<(bool, String)>) {
    for child in element.children().filter_map(ElementRef::wrap) {
        let name = child.value().name();
        let class = child.value().attr("class").unwrap_or("").to_lowercase();
        let role = child.value().attr("role").unwrap_or("");
        let noise = [
            "nav",
            "footer",
            "sidebar",
            "share",
            "related",
            "advert",
            "newsletter",
            "cookie",
            "comment",
            "promo",
            "byline",
        ]
        .iter()
        .any(|n| class.split_whitespace().any(|c| c.contains(n)))
            || matches!(
                role,
                "navigation" | "contentinfo" | "complementary" | "banner"
            );
        if SKIPPED_ELEMENTS.contains(&name) || noise {
            continue;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let text = element_text(child);
                if !text.is_empty() {
                    items.push((true, text));
                }
            }
            "p" => {
                let text = element_text(child);
                // "Advertisement", "Share": a paragraph of a word or two without a full stop is chrome.
                let words = text.split_whitespace().count();
                if words >= 4 || words > 0 && text.ends_with(['.', '?', '!', '”', '"']) {
                    items.push((false, text));
                }
            }
            "li" if !child
                .children()
                .filter_map(ElementRef::wrap)
                .any(|c| c.value().name() == "p") =>
            {
                let text = element_text(child);
                if text.split_whitespace().count() >= 6 {
                    items.push((false, text));
                }
            }
            "header" => {
                // An article's header holds its headline; its other parts are bylines and dates.
                for heading in child
                    .descendants()
                    .filter_map(ElementRef::wrap)
                    .filter(|e| e.value().name() == "h1")
                {
                    items.push((true, element_text(heading)));
                }
            }
            _ => walk_html(child, items),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_rule_needs_a_short_unpunctuated_line() {
        assert!(looks_like_heading("A Deal Born of Desperation"));
        assert!(!looks_like_heading("The council met on Monday."));
        assert!(!looks_like_heading("lowercase start"));
    }

    #[test]
    fn one_paragraph_per_line_with_headline_and_sections() {
        let article = parse(
            "Big News Today\nFirst paragraph here.\nThe Section\nSecond one.",
            ArticleFormat::Text,
        )
        .expect("parsed");
        assert_eq!(article.headline.as_deref(), Some("Big News Today"));
        assert_eq!(article.paragraphs.len(), 2);
        assert_eq!(article.paragraphs[0].section, None);
        assert_eq!(
            article.paragraphs[1].section.as_deref(),
            Some("The Section")
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined() {
        let article = parse(
            "One line\nwraps here.\n\nSecond\nparagraph.",
            ArticleFormat::Text,
        )
        .expect("parsed");
        let texts: Vec<&str> = article.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, vec!["One line wraps here.", "Second paragraph."]);
    }

    #[test]
    fn bad_bytes_are_refused_with_reasons() {
        assert_eq!(decode(b""), Err(InputError::Empty));
        assert_eq!(decode(b"  \n "), Err(InputError::Empty));
        assert_eq!(decode(b"\x00\x01\x02binary"), Err(InputError::Binary));
        assert_eq!(
            decode(b"caf\xe9 au lait"),
            Err(InputError::NotUtf8 { offset: 3 })
        );
        assert!(matches!(
            decode(&vec![b'a'; MAX_ARTICLE_BYTES + 1]),
            Err(InputError::TooLarge { .. })
        ));
    }
}
