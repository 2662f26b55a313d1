//! Moodle XML, as Moodle's question export writes it: `<quiz>` holding `<question type="…">` elements —
//! multichoice (single and multiple), truefalse, shortanswer, matching, numerical, essay, cloze
//! (`multianswer`, where its sub-questions map to gaps), description (skipped, said) and category
//! (which files the questions after it). Text is HTML (CDATA or escaped), reduced to plain text.
//!
//! Broken XML is reported where it breaks; reading resumes at the next `<question`, so one damaged
//! question costs only itself.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use quick_xml::events::Event;

use super::{Format, Import, ImportedQuestion, has_image, html_to_text, source};
use crate::bank::raw::{RawAnswer, RawNumeric, RawQuestion};

/// A parsed element: enough of a DOM for Moodle's questions.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
    start: usize,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The `<text>` of a child like `<questiontext format="html"><text>…</text></questiontext>`, or
    /// the element's own text.
    fn text_of(&self) -> String {
        match self.child("text") {
            Some(text) => text.text.clone(),
            None => self.text.clone(),
        }
    }

    /// The readable text of a child holding `<text>`, HTML reduced unless the format says otherwise.
    fn readable(&self, child: &str) -> Option<String> {
        let element = self.child(child)?;
        Some(readable(element))
    }
}

fn readable(element: &Element) -> String {
    let raw = element.text_of();
    match element.attr("format") {
        Some("plain_text" | "markdown") => raw.trim().to_owned(),
        _ => html_to_text(&raw),
    }
}

/// Reads a Moodle XML file; see the module docs.
pub fn parse(path: &Path, source: Arc<str>) -> Import {
    let mut import = Import::new(path, Format::MoodleXml, Arc::clone(&source));
    let mut category: Option<String> = None;
    let mut offset = 0;
    let mut saw_quiz = false;
    while offset < source.len() {
        match read_from(&source, offset, &mut |question| {
            handle(&mut import, question, &mut category);
        }) {
            Ok(quiz) => {
                saw_quiz |= quiz;
                break;
            }
            Err((at, message, quiz)) => {
                saw_quiz |= quiz;
                let end = (at + 1).min(source.len());
                import.skip(at..end, format!("broken XML: {message}")).hint = Some(
                    "the rest of this question is skipped; reading resumes at the next `<question`"
                        .to_owned(),
                );
                import.found += 1;
                match source[end..].find("<question") {
                    Some(next) => offset = end + next,
                    None => break,
                }
            }
        }
    }
    if !saw_quiz && import.found == 0 {
        import.skip(
            0..0,
            "this XML has no `<quiz>` element: it is not a Moodle XML question file",
        );
    }
    import
}

/// Parses elements from `offset`, calling `on_question` for every complete `<question>`. Returns
/// whether a `<quiz>` was seen, or where and why the XML broke.
fn read_from(
    source: &str,
    offset: usize,
    on_question: &mut dyn FnMut(Element),
) -> Result<bool, (usize, String, bool)> {
    let mut reader = quick_xml::Reader::from_str(&source[offset..]);
    reader.config_mut().trim_text(false);
    // End tags are matched here, so reading can resume mid-file after damage.
    reader.config_mut().check_end_names = false;
    let mut stack: Vec<Element> = Vec::new();
    let mut saw_quiz = false;
    loop {
        let position = offset + reader.buffer_position() as usize;
        let event = reader.read_event();
        let event = match event {
            Ok(event) => event,
            Err(error) => {
                let at = offset + reader.error_position() as usize;
                // Resumed after damage: the closing tags of elements opened before it are expected.
                let near = source::char_boundary_at_most(source, at + 2);
                let tag_at = source[..near]
                    .rfind("</")
                    .filter(|&t| !source[t..at.max(t)].contains('>'));
                if stack.is_empty()
                    && let Some(end) = tag_at.and_then(|t| source[t..].find('>').map(|e| t + e + 1))
                {
                    return read_from(source, end, on_question).map(|quiz| quiz || saw_quiz);
                }
                return Err((at, error.to_string(), saw_quiz));
            }
        };
        match event {
            Event::Start(start) => {
                let element = element_of(&start, position);
                saw_quiz |= element.name == "quiz";
                stack.push(element);
            }
            Event::Empty(start) => {
                let element = element_of(&start, position);
                close(&mut stack, element, on_question);
            }
            Event::End(end) => {
                let name = String::from_utf8_lossy(end.local_name().as_ref()).into_owned();
                match stack.pop() {
                    Some(element) if element.name == name => {
                        close(&mut stack, element, on_question)
                    }
                    Some(element) => {
                        return Err((
                            position,
                            format!("`</{name}>` closes `<{}>`", element.name),
                            saw_quiz,
                        ));
                    }
                    // Resumed mid-file: closing tags of elements opened before the damage.
                    None => {}
                }
            }
            Event::Text(text) => {
                if let Some(top) = stack.last_mut() {
                    let decoded = text
                        .decode()
                        .map_err(|e| (position, e.to_string(), saw_quiz))?;
                    top.text.push_str(&decoded);
                }
            }
            Event::CData(data) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&data));
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(top) = stack.last_mut() {
                    let name = reference
                        .decode()
                        .map_err(|e| (position, e.to_string(), saw_quiz))?;
                    if let Ok(Some(c)) = reference.resolve_char_ref() {
                        top.text.push(c);
                    } else if let Some(text) = quick_xml::escape::resolve_predefined_entity(&name) {
                        top.text.push_str(text);
                    } else {
                        // An HTML entity (`&nbsp;`): kept for the HTML reader to decode.
                        top.text.push('&');
                        top.text.push_str(&name);
                        top.text.push(';');
                    }
                }
            }
            Event::Eof => {
                if let Some(open) = stack.iter().rev().find(|e| e.name == "question") {
                    return Err((
                        open.start,
                        "the file ends inside this question".to_owned(),
                        saw_quiz,
                    ));
                }
                return Ok(saw_quiz);
            }
            _ => {}
        }
    }
}

fn element_of(start: &quick_xml::events::BytesStart<'_>, position: usize) -> Element {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let attributes = start
        .attributes()
        .flatten()
        .map(|a| {
            let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default();
            (key, value)
        })
        .collect();
    Element {
        name,
        attributes,
        start: position,
        ..Element::default()
    }
}

fn close(stack: &mut [Element], element: Element, on_question: &mut dyn FnMut(Element)) {
    if element.name == "question" && !stack.iter().any(|e| e.name == "question") {
        on_question(element);
    } else if let Some(parent) = stack.last_mut() {
        parent.children.push(element);
    }
}

fn fraction(element: &Element) -> f64 {
    element
        .attr("fraction")
        .and_then(|f| f.trim().parse().ok())
        .unwrap_or(0.0)
}

fn handle(import: &mut Import, question: Element, category: &mut Option<String>) {
    let kind = question.attr("type").unwrap_or_default().to_owned();
    let at = question.start;
    let span = at..at + "<question".len();
    if kind == "category" {
        let path = question
            .child("category")
            .map(Element::text_of)
            .unwrap_or_default();
        *category = Some(super::gift::category_name(&path));
        return;
    }
    import.found += 1;
    let name = question.readable("name").filter(|n| !n.is_empty());
    let prompt = question.readable("questiontext").unwrap_or_default();
    let raw_prompt = question
        .child("questiontext")
        .map(Element::text_of)
        .unwrap_or_default();
    let general = question.readable("generalfeedback").unwrap_or_default();
    if kind == "description" {
        import
            .skip(
                span,
                "a description is text without a question; Dossier has nowhere to show it",
            )
            .hint = Some(
            "if it introduces the questions after it, put it in the article instead".to_owned(),
        );
        return;
    }
    if has_image(&raw_prompt)
        || question
            .child("questiontext")
            .is_some_and(|q| q.child("file").is_some())
    {
        import.lose(
            span.clone(),
            "this question shows an image, which Dossier cannot carry; its text is kept",
        );
    }
    let answers: Vec<&Element> = question.all("answer").collect();
    let answer_text = |a: &Element| readable(a);
    let feedback_of = |a: &Element| a.readable("feedback").unwrap_or_default();
    let mut explanation = general.clone();
    let answer = match kind.as_str() {
        "multichoice" => {
            let single = question
                .child("single")
                .is_none_or(|s| s.text.trim() != "false" && s.text.trim() != "0");
            let mut correct = Vec::new();
            let mut wrong = Vec::new();
            let mut best = f64::MIN;
            for a in &answers {
                best = best.max(fraction(a));
            }
            for a in &answers {
                let f = fraction(a);
                let right = if single {
                    f >= 100.0 || (f == best && f > 0.0)
                } else {
                    f > 0.0
                };
                if single && f > 0.0 && !right {
                    import.lose(
                        a.start..a.start + 7,
                        format!(
                            "“{}” earns {f}% in Moodle; in Dossier it counts as wrong",
                            answer_text(a)
                        ),
                    );
                }
                if right {
                    correct.push(answer_text(a))
                } else {
                    wrong.push(answer_text(a))
                }
                if explanation.is_empty() && right {
                    explanation = feedback_of(a);
                }
            }
            if correct.is_empty() {
                import.skip(
                    span,
                    "no answer of this multiple-choice question earns credit",
                );
                return;
            }
            RawAnswer::Choice { correct, wrong }
        }
        "truefalse" => {
            let right = answers.iter().find(|a| fraction(a) >= 100.0);
            let Some(right) = right else {
                import.skip(
                    span,
                    "neither true nor false is marked right (fraction=\"100\")",
                );
                return;
            };
            if explanation.is_empty() {
                explanation = feedback_of(right);
            }
            RawAnswer::TrueFalse {
                answer: answer_text(right).eq_ignore_ascii_case("true"),
            }
        }
        "shortanswer" => {
            let mut accept = Vec::new();
            for a in &answers {
                let f = fraction(a);
                if f >= 100.0 {
                    accept.push(answer_text(a));
                    if explanation.is_empty() {
                        explanation = feedback_of(a);
                    }
                } else if f > 0.0 {
                    import.lose(a.start..a.start + 7, format!("“{}” earns {f}% in Moodle; Dossier accepts only full-credit typed answers, so it is left out", answer_text(a)));
                }
            }
            if accept.iter().any(|a| a.contains('*')) {
                import.lose(
                    span.clone(),
                    "an answer uses `*` as a wildcard, which Dossier reads literally",
                );
            }
            if accept.is_empty() {
                import.skip(span, "no answer earns full credit");
                return;
            }
            RawAnswer::Typed { accept }
        }
        "matching" => {
            let mut pairs = Vec::new();
            for sub in question.all("subquestion") {
                let left = readable(sub);
                let right = sub
                    .child("answer")
                    .map(|a| a.text_of().trim().to_owned())
                    .unwrap_or_default();
                if left.is_empty() {
                    import.lose(
                        sub.start..sub.start + 12,
                        format!("“{right}” is an extra answer with nothing to match; left out"),
                    );
                } else {
                    pairs.push((left, right));
                }
            }
            if pairs.len() < 2 {
                import.skip(span, "a matching question needs at least two pairs");
                return;
            }
            RawAnswer::Matching { pairs }
        }
        "numerical" => {
            let mut accept = Vec::new();
            for a in &answers {
                let f = fraction(a);
                let text = a.text_of();
                let value = text.trim();
                if value == "*" || f <= 0.0 {
                    continue;
                }
                let Ok(v) = value.parse::<f64>() else {
                    import.skip(a.start..a.start + 7, format!("`{value}` is not a number"));
                    return;
                };
                let tolerance = a
                    .child("tolerance")
                    .and_then(|t| t.text.trim().parse::<f64>().ok())
                    .filter(|t| *t != 0.0)
                    .map(f64::abs);
                accept.push(RawNumeric {
                    value: Some(v),
                    tolerance,
                    min: None,
                    max: None,
                    credit: f.clamp(0.0, 100.0).round() as u8,
                });
                if explanation.is_empty() && f >= 100.0 {
                    explanation = feedback_of(a);
                }
            }
            if question
                .child("units")
                .is_some_and(|u| !u.children.is_empty())
            {
                import.lose(
                    span.clone(),
                    "units are not carried: the student types the number only",
                );
            }
            if !accept.iter().any(|n| n.credit == 100) {
                import.skip(span, "no numeric answer earns full credit");
                return;
            }
            RawAnswer::Numeric { accept }
        }
        "essay" => {
            let model = question.readable("graderinfo").filter(|g| !g.is_empty());
            let back = model.or_else(|| (!general.is_empty()).then(|| general.clone()));
            let back = back.unwrap_or_else(|| {
                import.lose(span.clone(), "an essay question becomes a flashcard; it has no model answer, so the back says there is no model answer");
                super::gift::NO_MODEL_ANSWER.to_owned()
            });
            RawAnswer::Flashcard { back }
        }
        "cloze" | "multianswer" => match cloze(import, &prompt, span.clone()) {
            Some(answer) => answer,
            None => return,
        },
        other => {
            import
                .skip(span, format!("Moodle question type `{other}` has no Dossier equivalent"))
                .hint = Some("Dossier reads multichoice, truefalse, shortanswer, matching, numerical, essay and cloze".to_owned());
            return;
        }
    };
    let prompt = if matches!(answer, RawAnswer::Cloze { .. }) {
        "Fill in the gaps.".to_owned()
    } else {
        prompt
    };
    if prompt.trim().is_empty() {
        import.skip(span, "this question has no text");
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
        at,
        name,
        category: category.clone(),
    });
}

/// Moodle's embedded answers (`{1:SHORTANSWER:=Paris~=paris}`) → a Dossier cloze. Short-answer gaps
/// map; multiple-choice and numeric gaps become typed gaps accepting the right answer (said).
fn cloze(import: &mut Import, text: &str, span: Range<usize>) -> Option<RawAnswer> {
    let mut out = String::new();
    let mut rest = text;
    let mut gaps = 0;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        let mut parts = inner.splitn(3, ':');
        let (weight, kind, answers) = (parts.next(), parts.next(), parts.next());
        let (Some(_), Some(kind), Some(answers)) = (weight, kind, answers) else {
            out.push_str(&rest[..open + close + 1]);
            rest = &rest[open + close + 1..];
            continue;
        };
        let kind = kind.trim().to_ascii_uppercase();
        let mut accept = Vec::new();
        for answer in answers.split('~') {
            let answer = answer.split('#').next().unwrap_or_default();
            let (credit, value) = match answer.strip_prefix('=') {
                Some(v) => (100.0, v),
                None => match answer.strip_prefix('%').and_then(|a| a.split_once('%')) {
                    Some((w, v)) => (w.parse::<f64>().unwrap_or(0.0), v),
                    None => (0.0, answer),
                },
            };
            if credit >= 100.0 {
                let value = if kind.starts_with("NUMERICAL") || kind == "NM" {
                    value.split(':').next().unwrap_or_default()
                } else {
                    value
                };
                accept.push(
                    value
                        .replace("\\}", "}")
                        .replace("\\~", "~")
                        .trim()
                        .to_owned(),
                );
            }
        }
        if !(kind.starts_with("SHORTANSWER") || kind == "SA" || kind == "MW") {
            import.lose(
                span.clone(),
                format!("a `{kind}` gap becomes a typed gap accepting its right answer"),
            );
        }
        if accept.is_empty()
            || accept
                .iter()
                .any(|a| a.is_empty() || a.contains(['{', '}', '|']))
        {
            import.skip(
                span,
                "a gap of this cloze has no full-credit answer Dossier can hold",
            );
            return None;
        }
        out.push_str(&rest[..open]);
        out.push('{');
        out.push_str(&accept.join("|"));
        out.push('}');
        gaps += 1;
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    if gaps == 0 {
        import.skip(span, "this cloze question has no embedded answers");
        return None;
    }
    Some(RawAnswer::Cloze { text: out })
}
