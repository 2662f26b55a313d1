//! GIFT, Moodle's text format, as Moodle documents it: `::title::`, `[html]`/`[markdown]`/`[plain]`
//! text formats, `//` comment lines, `$CATEGORY:` lines, one `{…}` answer block per question
//! (questions separated by blank lines) holding multiple choice (`=right ~wrong`, `%weights%`), true or
//! false (`T`, `TRUE`, `F`, `FALSE`), short answer (all `=`), matching (`=left -> right`), numeric
//! (`#1822:5`, `#3.141..3.142`, several answers with credit), essay (empty braces), per-answer
//! `#feedback`, general feedback `####`, answers mid-sentence (missing word), and the escapes
//! `\~ \= \# \{ \} \: \\` (and `\n` for a line break).

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::{Format, Import, ImportedQuestion, html_to_text, source::line_of};
use crate::bank::raw::{RawAnswer, RawNumeric, RawQuestion};

/// Placeholder back of a flashcard made from an essay question without feedback. A bank imported
/// without its article has none to point to (see [`NO_MODEL_ANSWER_WITH_ARTICLE`]).
pub const NO_MODEL_ANSWER: &str =
    "No model answer was given: compare your answer with your course notes.";

/// [`NO_MODEL_ANSWER`] in a bank imported with its article.
pub const NO_MODEL_ANSWER_WITH_ARTICLE: &str =
    "No model answer was given: compare your answer with the article.";

/// Whether text looks like GIFT: a `::title::`, a `$CATEGORY:` line or an answer block in braces.
pub fn looks_like(head: &str) -> bool {
    let mut braces = false;
    for line in head.lines() {
        let line = line.trim();
        if line.starts_with("//") {
            continue;
        }
        if line.starts_with("::") || line.starts_with("$CATEGORY:") {
            return true;
        }
        if let Some(open) = find_unescaped(line, 0, '{') {
            braces |= find_unescaped(line, open, '}').is_some();
        }
    }
    braces
}

/// Reads a GIFT file; see the module docs.
pub fn parse(path: &Path, source: Arc<str>) -> Import {
    let mut import = Import::new(path, Format::Gift, Arc::clone(&source));
    let masked = mask_comments(&source);
    let mut category: Option<String> = None;
    for block in blocks(&masked) {
        let mut start = block.start;
        let text = &masked[block.clone()];
        if let Some(rest) = text.strip_prefix("$CATEGORY:") {
            let line_end = rest.find('\n').map_or(rest.len(), |n| n);
            let path = rest[..line_end].trim();
            category = Some(category_name(path));
            start += "$CATEGORY:".len() + line_end;
            if masked[start..block.end].trim().is_empty() {
                continue;
            }
        }
        let lead = masked[start..block.end].len() - masked[start..block.end].trim_start().len();
        read_question(
            &mut import,
            &masked,
            start + lead..block.end,
            category.as_deref(),
        );
    }
    import
}

/// A Moodle category path without its context prefix: `$course$/top/Unit 1/Maps` → `Unit 1/Maps`.
pub fn category_name(path: &str) -> String {
    path.split('/')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .filter(|part| !(part.starts_with('$') && part.ends_with('$')) && *part != "top")
        .collect::<Vec<_>>()
        .join("/")
}

/// The text with every `//` comment line blanked out (same byte length, so offsets stay valid).
fn mask_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("//") {
            let (body, newline) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
            // A comment line is not a blank line: it must not end a question. Mark it with a form feed,
            // which `blocks` treats as content and the text readers as whitespace.
            out.push('\u{c}');
            out.extend(std::iter::repeat_n(' ', body.len().saturating_sub(1)));
            out.push_str(newline);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Byte ranges of the runs of non-blank lines.
fn blocks(text: &str) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut current: Option<Range<usize>> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        let blank = content
            .trim_matches(|c: char| c.is_whitespace() && c != '\u{c}')
            .is_empty();
        let comment_only = content.starts_with('\u{c}');
        if blank {
            if let Some(block) = current.take() {
                blocks.push(block);
            }
        } else if !comment_only || current.is_some() {
            let end = offset + content.len();
            match &mut current {
                Some(block) => block.end = end,
                None => current = Some(offset..end),
            }
        }
        offset += line.len();
    }
    if let Some(block) = current {
        blocks.push(block);
    }
    blocks
        .into_iter()
        .map(|b| {
            // Trailing comment lines belong to no question.
            let trimmed =
                text[b.clone()].trim_end_matches(|c: char| c.is_whitespace() || c == '\u{c}');
            b.start..b.start + trimmed.len()
        })
        .filter(|b| !b.is_empty())
        .collect()
}

/// Finds `target` at or after `from`, skipping characters escaped with `\`.
pub fn find_unescaped(text: &str, from: usize, target: char) -> Option<usize> {
    let mut chars = text[from..].char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c == target {
            return Some(from + i);
        }
    }
    None
}

fn find_unescaped_str(text: &str, from: usize, target: &str) -> Option<usize> {
    let mut chars = text[from..].char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if text[from + i..].starts_with(target) {
            return Some(from + i);
        }
    }
    None
}

/// Offsets of every unescaped occurrence of any of `targets`.
fn split_points(text: &str, targets: &[char]) -> Vec<usize> {
    let mut points = Vec::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if targets.contains(&c) {
            points.push(i);
        }
    }
    points
}

/// GIFT text as a reader sees it: escapes resolved, `\n` as a line break, runs of whitespace (line
/// wrapping in the file) as one space, HTML reduced to text when the question is `[html]`.
pub fn unescape(text: &str, html: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => {
                    out.push('\n');
                    space = false;
                    continue;
                }
                Some(e @ ('~' | '=' | '#' | '{' | '}' | ':' | '\\')) => {
                    if space {
                        out.push(' ');
                        space = false;
                    }
                    out.push(e);
                    continue;
                }
                Some(other) => {
                    if space {
                        out.push(' ');
                        space = false;
                    }
                    out.push('\\');
                    out.push(other);
                    continue;
                }
                None => {
                    out.push('\\');
                    continue;
                }
            }
        }
        if c.is_whitespace() || c == '\u{c}' {
            space = !out.is_empty() && !out.ends_with('\n');
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    if html { html_to_text(&out) } else { out }
}

/// One answer of an answer block: `=` or `~`, its `%weight%`, its text and its `#feedback`.
struct Choice {
    right: bool,
    weight: Option<f64>,
    text: String,
    /// Raw text range (into the file), for messages.
    at: Range<usize>,
    feedback: Option<String>,
}

fn read_question(import: &mut Import, text: &str, span: Range<usize>, category: Option<&str>) {
    import.found += 1;
    let block = &text[span.clone()];
    let base = span.start;
    let mut body_start = 0;
    let mut name = None;
    if block.starts_with("::") {
        match find_unescaped_str(block, 2, "::") {
            Some(end) => {
                name = Some(unescape(&block[2..end], false));
                body_start = end + 2;
            }
            None => {
                import
                    .skip(base..base + 2, "this title is never closed")
                    .hint = Some("write the title between `::` and `::`".to_owned());
                return;
            }
        }
    }
    let rest = &block[body_start..];
    let lead = rest.len() - rest.trim_start().len();
    body_start += lead;
    let mut html = false;
    let rest = &block[body_start..];
    if rest.starts_with('[')
        && let Some(close) = rest.find(']')
    {
        let marker = rest[1..close].to_ascii_lowercase();
        if matches!(marker.as_str(), "html" | "moodle" | "plain" | "markdown") {
            html = marker == "html";
            body_start += close + 1;
        }
    }
    let Some(open) = find_unescaped(block, body_start, '{') else {
        let what = block[body_start..].trim();
        let shown: String = what.chars().take(40).collect();
        import
            .skip(
                base..base + block.len(),
                format!("“{shown}” has no answer block `{{…}}`: it is a description or stray text, not a question"),
            )
            .hint = Some(
            "Moodle imports text without answers as a description; Dossier has nowhere to show it. \
             If it is a question, add its answers in braces"
                .to_owned(),
        );
        return;
    };
    let Some(close) = find_unescaped(block, open + 1, '}') else {
        let end_line = line_of(text, span.end);
        import
            .skip(base + open..base + open + 1, "this `{` is never closed")
            .hint = Some(format!(
            "the question ends at the blank line after line {end_line}; close its answers with `}}` \
             (write `\\{{` for a literal brace)"
        ));
        return;
    };
    if let Some(inner) = find_unescaped(block, open + 1, '{').filter(|&i| i < close) {
        import
            .skip(
                base + inner..base + inner + 1,
                "a second `{` before the answers are closed",
            )
            .hint =
            Some("close the answers with `}` first, or write `\\{` for a literal brace".to_owned());
        return;
    }
    if let Some(second) = find_unescaped(block, close + 1, '{') {
        import
            .skip(
                base + second..base + second + 1,
                "a GIFT question has one answer block; this is a second one",
            )
            .hint = Some(
            "separate questions with a blank line, or write `\\{` for a literal brace".to_owned(),
        );
        return;
    }
    if let Some(stray) = find_unescaped(block, close + 1, '}') {
        import
            .skip(
                base + stray..base + stray + 1,
                "this `}` closes no answer block",
            )
            .hint = Some("write `\\}` for a literal brace".to_owned());
        return;
    }
    let before = unescape(&block[body_start..open], html);
    let after = unescape(&block[close + 1..], html);
    let missing_word = !after.trim().is_empty();
    let inner_at = base + open + 1;
    let inner = &block[open + 1..close];
    let answers_span = base + open..base + close + 1;
    let Some(parsed) = read_answers(import, inner, inner_at, answers_span.clone(), html) else {
        return;
    };
    let prompt_for = |gap: &str| {
        if missing_word {
            format!("{} {gap} {}", before.trim_end(), after.trim_start())
                .trim()
                .to_owned()
        } else {
            before.trim().to_owned()
        }
    };
    let (answer, explanation, prompt) = match parsed {
        Parsed::Typed {
            accept,
            explanation,
        } if missing_word => {
            if accept.iter().any(|a| a.contains(['{', '}', '|']))
                || before.contains(['{', '}'])
                || after.contains(['{', '}'])
            {
                import.skip(answers_span, "this missing-word answer or its sentence contains `{`, `}` or `|`, which a Dossier cloze cannot hold");
                return;
            }
            let text = format!(
                "{} {{{}}} {}",
                before.trim_end(),
                accept.join("|"),
                after.trim_start()
            );
            (
                RawAnswer::Cloze {
                    text: text.trim().to_owned(),
                },
                explanation,
                "Fill in the gap.".to_owned(),
            )
        }
        Parsed::Typed {
            accept,
            explanation,
        } => (RawAnswer::Typed { accept }, explanation, prompt_for("")),
        Parsed::Other {
            answer,
            explanation,
        } => (answer, explanation, prompt_for("_____")),
    };
    if prompt.trim().is_empty() {
        import.skip(
            base..base + open.max(1),
            "this question has no text before its answers",
        );
        return;
    }
    import.questions.push(ImportedQuestion {
        question: RawQuestion {
            id: String::new(),
            prompt,
            passage: String::new(),
            quote: None,
            explanation,
            about: Vec::new(),
            tags: Vec::new(),
            answer,
            review: false,
            show_passage: false,
        },
        at: base,
        name,
        category: category.map(str::to_owned),
    });
}

enum Parsed {
    Typed {
        accept: Vec<String>,
        explanation: String,
    },
    Other {
        answer: RawAnswer,
        explanation: String,
    },
}

fn read_answers(
    import: &mut Import,
    inner: &str,
    inner_at: usize,
    span: Range<usize>,
    html: bool,
) -> Option<Parsed> {
    let (body, general) = match find_unescaped_str(inner, 0, "####") {
        Some(at) => (&inner[..at], Some(unescape(&inner[at + 4..], html))),
        None => (inner, None),
    };
    let general = general.filter(|g| !g.is_empty());
    let trimmed = body.trim();
    let lead = body.len() - body.trim_start().len();
    if trimmed.is_empty() {
        if general.is_none() {
            import.lose(span, "an essay question becomes a flashcard the student grades themself; it has no model answer, so the back says there is no model answer");
        }
        let back = general
            .clone()
            .unwrap_or_else(|| NO_MODEL_ANSWER.to_owned());
        return Some(Parsed::Other {
            answer: RawAnswer::Flashcard { back },
            explanation: general.unwrap_or_default(),
        });
    }
    if let Some(numbers) = trimmed.strip_prefix('#') {
        let at = inner_at + lead + 1;
        return read_numeric(import, numbers, at, span, general, html);
    }
    if let Some(parsed) = read_true_false(trimmed, general.clone(), html) {
        return Some(parsed);
    }
    let points = split_points(body, &['=', '~']);
    let first = points.first().copied().unwrap_or(body.len());
    if !body[..first].trim().is_empty() {
        let stray = lead;
        import
            .skip(inner_at + stray..inner_at + first, "stray text before the first answer")
            .hint = Some("each answer starts with `=` (right) or `~` (wrong); write `\\=` or `\\~` for the characters themselves".to_owned());
        return None;
    }
    if points.is_empty() {
        import.skip(span, "these braces hold no answers");
        return None;
    }
    let mut choices = Vec::new();
    for (k, &p) in points.iter().enumerate() {
        let end = points.get(k + 1).copied().unwrap_or(body.len());
        let right = body[p..].starts_with('=');
        let mut piece = &body[p + 1..end];
        let mut piece_at = inner_at + p + 1;
        let mut weight = None;
        if let Some(w) = piece.strip_prefix('%')
            && let Some(close) = w.find('%')
        {
            match w[..close].trim().parse::<f64>() {
                Ok(value) if value.is_finite() => weight = Some(value),
                _ => {
                    import
                        .skip(
                            piece_at..piece_at + close + 2,
                            format!("`{}` is not a percentage", &w[..close]),
                        )
                        .hint = Some("write a weight as `%50%` or `%-25%`".to_owned());
                    return None;
                }
            }
            piece = &w[close + 1..];
            piece_at += close + 2;
        }
        let (text, feedback) = match find_unescaped(piece, 0, '#') {
            Some(h) => (&piece[..h], Some(unescape(&piece[h + 1..], html))),
            None => (piece, None),
        };
        choices.push(Choice {
            right,
            weight,
            text: unescape(text, html).trim().to_owned(),
            at: piece_at..piece_at + text.trim_end().len(),
            feedback: feedback.filter(|f| !f.is_empty()),
        });
    }
    if let Some(empty) = choices.iter().find(|c| c.text.is_empty()) {
        import.skip(
            empty.at.start.saturating_sub(1)..empty.at.start,
            "this answer is empty",
        );
        return None;
    }
    let all_right = choices.iter().all(|c| c.right);
    if all_right
        && choices
            .iter()
            .all(|c| find_unescaped_str(&c.text, 0, "->").is_some() || c.text.contains("->"))
    {
        return read_matching(import, choices, general, span);
    }
    if all_right {
        let mut accept = Vec::new();
        for c in &choices {
            match c.weight {
                Some(w) if w < 100.0 => import.lose(
                    c.at.clone(),
                    format!("“{}” earns {w}% in Moodle; Dossier accepts only full-credit typed answers, so it is left out", c.text),
                ),
                _ => accept.push(c.text.clone()),
            }
        }
        if accept.is_empty() {
            import.skip(span, "no answer earns full credit");
            return None;
        }
        let explanation = explain(general, &choices);
        return Some(Parsed::Typed {
            accept,
            explanation,
        });
    }
    let has_equals = choices.iter().any(|c| c.right);
    let mut correct = Vec::new();
    let mut wrong = Vec::new();
    for c in &choices {
        let credited = if has_equals {
            if !c.right && c.weight.is_some_and(|w| w > 0.0) {
                import.lose(
                    c.at.clone(),
                    format!(
                        "“{}” earns partial credit in Moodle; in Dossier it counts as wrong",
                        c.text
                    ),
                );
            }
            c.right && c.weight.is_none_or(|w| w > 0.0)
        } else {
            c.weight.is_some_and(|w| w > 0.0)
        };
        if credited {
            correct.push(c.text.clone())
        } else {
            wrong.push(c.text.clone())
        }
    }
    if correct.is_empty() {
        import
            .skip(span, "no option is right: none starts with `=` or has a positive `%weight%`")
            .hint = Some("mark the right option with `=`, or give the right options of a multiple-answer question positive weights like `~%50%`".to_owned());
        return None;
    }
    let explanation = explain(general, &choices);
    Some(Parsed::Other {
        answer: RawAnswer::Choice { correct, wrong },
        explanation,
    })
}

/// General feedback, else the right answers' feedback; wrong answers' feedback follows, attributed.
fn explain(general: Option<String>, choices: &[Choice]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let credited = |c: &Choice| c.right || c.weight.is_some_and(|w| w > 0.0);
    match general {
        Some(g) => parts.push(g),
        None => parts.extend(
            choices
                .iter()
                .filter(|c| credited(c))
                .filter_map(|c| c.feedback.clone()),
        ),
    }
    for c in choices.iter().filter(|c| !credited(c)) {
        if let Some(f) = &c.feedback {
            parts.push(format!("“{}”: {f}", c.text));
        }
    }
    parts.join(" ")
}

fn read_true_false(body: &str, general: Option<String>, html: bool) -> Option<Parsed> {
    let (word, feedback) = match find_unescaped(body, 0, '#') {
        Some(h) => (&body[..h], Some(&body[h + 1..])),
        None => (body, None),
    };
    let answer = match word.trim().to_ascii_uppercase().as_str() {
        "T" | "TRUE" => true,
        "F" | "FALSE" => false,
        _ => return None,
    };
    // `{TRUE#shown when wrong#shown when right}`.
    let (if_wrong, if_right) = match feedback {
        Some(f) => match find_unescaped(f, 0, '#') {
            Some(h) => (unescape(&f[..h], html), unescape(&f[h + 1..], html)),
            None => (unescape(f, html), String::new()),
        },
        None => (String::new(), String::new()),
    };
    let explanation = general
        .or_else(|| (!if_right.is_empty()).then_some(if_right))
        .or_else(|| (!if_wrong.is_empty()).then_some(if_wrong))
        .unwrap_or_default();
    Some(Parsed::Other {
        answer: RawAnswer::TrueFalse { answer },
        explanation,
    })
}

fn read_matching(
    import: &mut Import,
    choices: Vec<Choice>,
    general: Option<String>,
    span: Range<usize>,
) -> Option<Parsed> {
    let mut pairs = Vec::new();
    for c in &choices {
        let Some((left, right)) = c.text.split_once("->") else {
            continue;
        };
        let (left, right) = (left.trim(), right.trim());
        if left.is_empty() {
            import.lose(c.at.clone(), format!("“{right}” is an extra right-hand answer with nothing to match; Dossier leaves it out"));
            continue;
        }
        if right.is_empty() {
            import.skip(c.at.clone(), format!("“{left}” has nothing after `->`"));
            return None;
        }
        pairs.push((left.to_owned(), right.to_owned()));
    }
    if pairs.len() < 2 {
        import.skip(span, "a matching question needs at least two pairs");
        return None;
    }
    Some(Parsed::Other {
        answer: RawAnswer::Matching { pairs },
        explanation: explain(general, &choices),
    })
}

fn read_numeric(
    import: &mut Import,
    body: &str,
    at: usize,
    span: Range<usize>,
    general: Option<String>,
    html: bool,
) -> Option<Parsed> {
    let points = split_points(body, &['=', '~']);
    let pieces: Vec<(usize, &str)> = if points.is_empty() {
        vec![(0, body)]
    } else {
        if !body[..points[0]].trim().is_empty() {
            import.skip(
                at..at + points[0],
                "stray text before the first numeric answer",
            );
            return None;
        }
        points
            .iter()
            .enumerate()
            .map(|(k, &p)| {
                (
                    p,
                    &body[p..points.get(k + 1).copied().unwrap_or(body.len())],
                )
            })
            .collect()
    };
    let mut accept = Vec::new();
    let mut feedback = Vec::new();
    for (offset, piece) in pieces {
        let piece_at = at + offset;
        if piece.starts_with('~') {
            import.lose(piece_at..piece_at + piece.trim_end().len(), "a wrong numeric answer (`~`) only carries feedback in Moodle; Dossier leaves it out");
            continue;
        }
        let mut rest = piece.strip_prefix('=').unwrap_or(piece);
        let mut credit = 100.0;
        if let Some(w) = rest.strip_prefix('%')
            && let Some(close) = w.find('%')
        {
            credit = w[..close].trim().parse::<f64>().unwrap_or(f64::NAN);
            rest = &w[close + 1..];
        }
        let (spec, fb) = match find_unescaped(rest, 0, '#') {
            Some(h) => (&rest[..h], Some(unescape(&rest[h + 1..], html))),
            None => (rest, None),
        };
        let spec_at =
            piece_at + (piece.len() - rest.len()) + (spec.len() - spec.trim_start().len());
        let spec = spec.trim();
        let number = |text: &str| text.trim().parse::<f64>().ok().filter(|x| x.is_finite());
        let parsed = if let Some((low, high)) = spec.split_once("..") {
            number(low).zip(number(high)).map(|(min, max)| RawNumeric {
                value: None,
                tolerance: None,
                min: Some(min.min(max)),
                max: Some(max.max(min)),
                credit: 100,
            })
        } else {
            let (value, tolerance) = match find_unescaped(spec, 0, ':') {
                Some(c) => (&spec[..c], Some(&spec[c + 1..])),
                None => (spec, None),
            };
            match (number(value), tolerance.map(number)) {
                (Some(v), None) => Some(RawNumeric {
                    value: Some(v),
                    tolerance: None,
                    min: None,
                    max: None,
                    credit: 100,
                }),
                (Some(v), Some(Some(t))) => Some(RawNumeric {
                    value: Some(v),
                    tolerance: (t != 0.0).then_some(t.abs()),
                    min: None,
                    max: None,
                    credit: 100,
                }),
                _ => None,
            }
        };
        let Some(mut parsed) = parsed else {
            import
                .skip(
                    spec_at..spec_at + spec.len(),
                    format!("`{spec}` is not a number, a `value:tolerance` or a `min..max` range"),
                )
                .hint =
                Some("write numeric answers as `{#1822:5}` or `{#3.141..3.142}`".to_owned());
            return None;
        };
        if !(0.0..=100.0).contains(&credit) {
            import.lose(
                spec_at..spec_at + spec.len(),
                "this answer's credit is not between 0% and 100%; it is left out",
            );
            continue;
        }
        parsed.credit = credit.round() as u8;
        if parsed.credit == 0 {
            continue;
        }
        if parsed.credit == 100
            && let Some(f) = fb.filter(|f| !f.is_empty())
        {
            feedback.push(f);
        }
        accept.push(parsed);
    }
    if !accept.iter().any(|n| n.credit == 100) {
        import.skip(span, "no numeric answer earns full credit");
        return None;
    }
    let explanation = general.unwrap_or_else(|| feedback.join(" "));
    Some(Parsed::Other {
        answer: RawAnswer::Numeric { accept },
        explanation,
    })
}
