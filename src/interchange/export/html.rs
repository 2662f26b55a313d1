//! The printable worksheet: one self-contained HTML file (inline print stylesheet, no network) with the
//! article, the questions numbered by section, and the answer key on separate pages. Options are in a
//! fixed shuffled order and lettered; the key names the letter and the words.

use std::fmt::Write as _;

use super::{Exported, category_of, gap_count, shuffled, shuffled_options};
use crate::bank::{Answer, Bank, ClozeSegment, Question};
use crate::study::grade::expected_text;

/// Escapes text for HTML.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font: 11.5pt/1.45 Georgia, "Times New Roman", serif; max-width: 46em; margin: 2em auto; padding: 0 1em; color: #111; }
h1 { font-size: 20pt; margin: 0 0 .2em; }
h2 { font-size: 14pt; border-bottom: 1px solid #999; padding-bottom: .1em; margin-top: 1.4em; }
h3 { font-size: 12pt; margin: 1em 0 .3em; }
.meta { color: #555; font-size: 10pt; }
.name { margin: 1em 0; font-size: 11pt; }
.name span { display: inline-block; min-width: 16em; border-bottom: 1px solid #333; }
.article p { text-align: justify; }
ol.questions { padding-left: 0; list-style: none; }
li.question { margin: .9em 0; break-inside: avoid; page-break-inside: avoid; }
.number { font-weight: bold; margin-right: .3em; }
ol.options { list-style: none; padding-left: 1.6em; margin: .3em 0; }
ol.options li { margin: .15em 0; }
.box { display: inline-block; width: .8em; height: .8em; border: 1px solid #333; margin-right: .4em; vertical-align: -.05em; }
.line { display: block; border-bottom: 1px solid #777; height: 1.6em; margin: .2em 0 .2em 1.6em; }
.gap { display: inline-block; min-width: 6em; border-bottom: 1px solid #333; }
table.match { border-collapse: collapse; margin: .3em 0 .3em 1.6em; }
table.match td { padding: .15em .8em .15em 0; vertical-align: top; }
.statement { font-style: italic; margin-left: 1.6em; }
.key { break-before: page; page-break-before: always; }
.key li { margin: .35em 0; }
.explain { color: #444; font-size: 10pt; }
@page { margin: 18mm 16mm; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"#;

/// Writes the worksheet.
pub fn write(bank: &Bank) -> Exported {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p class=\"meta\">{}</p>\n<p class=\"name\">Name: <span></span> &nbsp; Date: <span style=\"min-width:8em\"></span></p>\n",
        esc(&bank.language),
        esc(&bank.title),
        esc(&bank.title),
        esc(&bank.source)
    );
    if bank.has_article() {
        out.push_str("<section class=\"article\">\n");
        for section in bank.sections() {
            let _ = writeln!(out, "<h2>{}</h2>", esc(section));
            for passage in bank.passages.iter().filter(|p| p.section == section) {
                let _ = writeln!(out, "<p>{}</p>", esc(&passage.text));
            }
        }
        out.push_str("</section>\n");
    }
    let groups = grouped(bank);
    out.push_str("<section class=\"questions\">\n<h2 style=\"break-before: page; page-break-before: always\">Questions</h2>\n");
    let mut key = String::new();
    let mut number = 0;
    for (section, questions) in &groups {
        if let Some(section) = section {
            let _ = writeln!(out, "<h3>{}</h3>", esc(section));
            let _ = writeln!(key, "<h3>{}</h3>", esc(section));
        }
        out.push_str("<ol class=\"questions\">\n");
        key.push_str("<ol class=\"questions\">\n");
        for q in questions {
            number += 1;
            let _ = write!(
                out,
                "<li class=\"question\"><span class=\"number\">{number}.</span>"
            );
            let answer = question_html(q, &mut out);
            out.push_str("</li>\n");
            let _ = write!(key, "<li><span class=\"number\">{number}.</span> {answer}");
            if !q.explanation.trim().is_empty() {
                let _ = write!(
                    key,
                    "<br><span class=\"explain\">{}</span>",
                    esc(&q.explanation)
                );
            }
            key.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
        key.push_str("</ol>\n");
    }
    out.push_str("</section>\n<section class=\"key\">\n<h2>Answer key</h2>\n");
    out.push_str(&key);
    out.push_str("</section>\n</body>\n</html>\n");
    Exported {
        bytes: out.into_bytes(),
        notes: Vec::new(),
    }
}

/// Questions grouped by section, sections in article order, questions without one last.
fn grouped(bank: &Bank) -> Vec<(Option<&str>, Vec<&Question>)> {
    let mut groups: Vec<(Option<&str>, Vec<&Question>)> = bank
        .sections()
        .into_iter()
        .map(|s| (Some(s), Vec::new()))
        .collect();
    for q in &bank.questions {
        let section = category_of(bank, q);
        match groups.iter_mut().find(|(s, _)| *s == section) {
            Some((_, list)) => list.push(q),
            None => groups.push((section, vec![q])),
        }
    }
    groups.retain(|(_, list)| !list.is_empty());
    groups
}

fn letter(i: usize) -> String {
    let mut n = i;
    let mut s = String::new();
    loop {
        s.insert(0, char::from(b'A' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s
}

/// Writes the question and returns its answer-key entry.
fn question_html(q: &Question, out: &mut String) -> String {
    let prompt = esc(&q.prompt);
    match &q.answer {
        Answer::Choice { options, correct } => {
            let multi = correct.iter().filter(|c| **c).count() > 1;
            let _ = write!(
                out,
                " {prompt}{}<ol class=\"options\">",
                if multi {
                    " <em>(tick all that apply)</em>"
                } else {
                    ""
                }
            );
            let mut right = Vec::new();
            for (i, (option, is_right)) in shuffled_options(q, options, correct).iter().enumerate()
            {
                let _ = write!(
                    out,
                    "<li><span class=\"box\"></span>{}. {}</li>",
                    letter(i),
                    esc(option)
                );
                if *is_right {
                    right.push(format!("{} — {}", letter(i), esc(option)));
                }
            }
            out.push_str("</ol>");
            right.join("; ")
        }
        Answer::TwoPart {
            options,
            correct,
            sentences,
            correct_sentence,
            ..
        } => {
            let _ = write!(
                out,
                " <strong>Part A.</strong> {prompt}<ol class=\"options\">"
            );
            let mut right = Vec::new();
            for (i, (option, is_right)) in shuffled_options(q, options, correct).iter().enumerate()
            {
                let _ = write!(
                    out,
                    "<li><span class=\"box\"></span>{}. {}</li>",
                    letter(i),
                    esc(option)
                );
                if *is_right {
                    right.push(format!("{} — {}", letter(i), esc(option)));
                }
            }
            out.push_str("</ol><strong>Part B.</strong> Which sentence best supports your answer to Part A?<ol class=\"options\">");
            for (i, s) in sentences.iter().enumerate() {
                let _ = write!(
                    out,
                    "<li><span class=\"box\"></span>{}. {}</li>",
                    letter(i),
                    esc(s)
                );
            }
            out.push_str("</ol>");
            format!("A: {}; B: {}", right.join("; "), letter(*correct_sentence))
        }
        Answer::TrueFalse { answer } => {
            let _ = write!(
                out,
                " {prompt}<ol class=\"options\"><li><span class=\"box\"></span>True</li><li><span class=\"box\"></span>False</li></ol>"
            );
            (if *answer { "True" } else { "False" }).to_owned()
        }
        Answer::Typed { accept } => {
            let _ = write!(out, " {prompt}<span class=\"line\"></span>");
            esc(&accept.join(" / "))
        }
        Answer::Numeric { .. } => {
            let _ = write!(
                out,
                " {prompt} <em>(a number)</em><span class=\"line\"></span>"
            );
            esc(&expected_text(&q.answer))
        }
        Answer::Cloze { segments } => {
            let _ = write!(
                out,
                " {prompt}<p class=\"statement\" style=\"font-style:normal\">"
            );
            let mut answers = Vec::new();
            let mut n = 0;
            for segment in segments {
                match segment {
                    ClozeSegment::Text(t) => out.push_str(&esc(t)),
                    ClozeSegment::Gap { accept } => {
                        n += 1;
                        let label = if gap_count(segments) > 1 {
                            format!("<sup>{n}</sup>")
                        } else {
                            String::new()
                        };
                        let _ = write!(out, "{label}<span class=\"gap\"></span>");
                        answers.push(format!("{label}{}", esc(&accept.join(" / "))));
                    }
                }
            }
            out.push_str("</p>");
            answers.join("; ")
        }
        Answer::Matching { pairs } => {
            let order = shuffled(pairs.len(), &q.id.0);
            let _ = write!(
                out,
                " {prompt} <em>(write the letter)</em><table class=\"match\">"
            );
            for (i, (left, _)) in pairs.iter().enumerate() {
                let right = &pairs[order[i]].1;
                let _ = write!(
                    out,
                    "<tr><td>{}. {}</td><td>____</td><td>{}. {}</td></tr>",
                    i + 1,
                    esc(left),
                    letter(i),
                    esc(right)
                );
            }
            out.push_str("</table>");
            pairs
                .iter()
                .enumerate()
                .map(|(i, (left, _))| {
                    let at = order.iter().position(|&o| o == i).unwrap_or(0);
                    format!("{} {} → {}", i + 1, esc(left), letter(at))
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        Answer::Ordering { items } => {
            let order = shuffled(items.len(), &q.id.0);
            let _ = write!(
                out,
                " {prompt} <em>(number them in order)</em><ol class=\"options\">"
            );
            for (i, &item) in order.iter().enumerate() {
                let _ = write!(out, "<li>____ {}. {}</li>", letter(i), esc(&items[item]));
            }
            out.push_str("</ol>");
            (0..items.len())
                .map(|k| letter(order.iter().position(|&o| o == k).unwrap_or(0)))
                .collect::<Vec<_>>()
                .join(", ")
        }
        Answer::Flashcard { back } => {
            let _ = write!(
                out,
                " {prompt}<span class=\"line\"></span><span class=\"line\"></span>"
            );
            esc(back)
        }
        Answer::Evidence {
            statement,
            contradicts,
            sentences,
            correct_sentence,
            ..
        } => {
            let which = if *contradicts {
                "contradicts"
            } else {
                "supports"
            };
            let _ = write!(
                out,
                " {prompt}<p class=\"statement\">“{}”</p>Which sentence {which} it?<ol class=\"options\">",
                esc(statement)
            );
            for (i, s) in sentences.iter().enumerate() {
                let _ = write!(
                    out,
                    "<li><span class=\"box\"></span>{}. {}</li>",
                    letter(i),
                    esc(s)
                );
            }
            out.push_str("</ol>");
            format!(
                "{} — {}",
                letter(*correct_sentence),
                esc(sentences
                    .get(*correct_sentence)
                    .map(String::as_str)
                    .unwrap_or_default())
            )
        }
    }
}
