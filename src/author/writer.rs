//! Writes a drafted bank as RON the way a teacher would: one item per line, fields in the order of
//! `docs/bank-format.md`, and a `//` comment above every item that says where to look.

use std::fmt::Write as _;

use super::draft::Draft;
use crate::bank::raw::{RawAnswer, RawQuestion};

/// A RON string literal.
fn lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|i| lit(i)).collect();
    format!("[{}]", inner.join(", "))
}

/// One `// …` line (comments never span lines, so a newline in a note cannot break the file).
fn comment(out: &mut String, indent: &str, text: &str) {
    let text = text.replace(['\n', '\r'], " ");
    let _ = writeln!(out, "{indent}// {text}");
}

/// The bank as RON text, with comments for the teacher. `dossier check` accepts it as it is.
pub fn write_bank(draft: &Draft, article_name: &str) -> String {
    let b = &draft.bank;
    let mut out = String::new();
    let article_name = article_name.replace(['\n', '\r'], " ");
    let _ = writeln!(out, "// Drafted by `dossier new` from {article_name}.");
    out.push_str("// Every item with `review: true` is a draft: compare it with its passage, correct it, and delete\n");
    out.push_str("// `review: true` to confirm it (or delete the item). Quotes are the article's own words; statements,\n");
    out.push_str("// roles, causes and effects are first drafts. Run `dossier check` on this file after every edit.\n");
    for note in &draft.notes {
        comment(&mut out, "", note);
    }
    out.push_str("Bank(\n");
    let _ = writeln!(out, "    id: {},", lit(&b.id));
    let _ = writeln!(out, "    title: {},", lit(&b.title));
    out.push_str(
        "    // Where the text comes from: add the publisher and date if you know them.\n",
    );
    let _ = writeln!(out, "    source: {},", lit(&b.source));
    let _ = writeln!(out, "    language: {},", lit(&b.language));
    let _ = writeln!(out, "    derived_questions: {},", b.derived_questions);
    out.push_str("    // The article word for word, one paragraph per passage.\n");
    out.push_str("    passages: [\n");
    for p in &b.passages {
        let _ = writeln!(
            out,
            "        Passage(id: {}, section: {}, text: {}),",
            lit(&p.id),
            lit(&p.section),
            lit(&p.text)
        );
    }
    out.push_str("    ],\n");
    out.push_str("    // Check each actor's name, aliases and role; merge duplicates and delete any that do not act or speak.\n");
    out.push_str("    actors: [\n");
    for a in &b.actors {
        let _ = writeln!(
            out,
            "        Actor(id: {}, name: {}, aliases: {}, role: {}, passages: {}, {}review: {}),",
            lit(&a.id),
            lit(&a.name),
            list(&a.aliases),
            lit(&a.role),
            list(&a.passages),
            a.member_of
                .as_ref()
                .map_or_else(String::new, |m| format!("member_of: {}, ", lit(m))),
            a.review
        );
    }
    out.push_str("    ],\n");
    out.push_str("    // Certainty is how sure the article is: check each against its cue.\n");
    out.push_str("    claims: [\n");
    for c in &b.claims {
        if let Some(note) = draft.comment(&c.id) {
            comment(&mut out, "        ", note);
        }
        let _ = writeln!(
            out,
            "        Claim(id: {}, statement: {}, by: {}, about: {}, certainty: {:?}, passage: {}, quote: {}, {}review: {}),",
            lit(&c.id),
            lit(&c.statement),
            lit(&c.by),
            list(&c.about),
            c.certainty,
            lit(&c.passage),
            lit(&c.quote),
            // Off only where the certainty is a guess, until the teacher has checked it.
            if c.derived_questions {
                ""
            } else {
                "derived_questions: false, "
            },
            c.review
        );
    }
    out.push_str("    ],\n");
    out.push_str("    implications: [\n");
    for i in &b.implications {
        if let Some(note) = draft.comment(&i.id) {
            comment(&mut out, "        ", note);
        }
        let _ = writeln!(
            out,
            "        Implication(id: {}, statement: {}, cause: {}, effect: {}, certainty: {:?}, {}passage: {}, quote: {}, review: {}),",
            lit(&i.id),
            lit(&i.statement),
            lit(&i.cause),
            lit(&i.effect),
            i.certainty,
            i.by.as_ref()
                .map_or_else(String::new, |by| format!("by: {}, ", lit(by))),
            lit(&i.passage),
            lit(&i.quote),
            i.review
        );
    }
    out.push_str("    ],\n");
    out.push_str("    responses: [\n");
    for r in &b.responses {
        if let Some(note) = draft.comment(&r.id) {
            comment(&mut out, "        ", note);
        }
        let _ = writeln!(
            out,
            "        Response(id: {}, statement: {}, by: {}, {}passage: {}, quote: {}, review: {}),",
            lit(&r.id),
            lit(&r.statement),
            list(&r.by),
            r.status
                .map_or_else(String::new, |s| format!("status: {s:?}, ")),
            lit(&r.passage),
            lit(&r.quote),
            r.review
        );
    }
    out.push_str("    ],\n");
    out.push_str("    // Generated questions; Dossier also derives questions from the claims and actors above.\n");
    out.push_str("    questions: [\n");
    for q in &b.questions {
        if let Some(note) = draft.comment(&q.id) {
            comment(&mut out, "        ", note);
        }
        out.push_str(&question(q));
    }
    out.push_str("    ],\n");
    out.push_str(")\n");
    out
}

fn question(q: &RawQuestion) -> String {
    let answer = match &q.answer {
        RawAnswer::Cloze { text } => format!("Cloze(text: {})", lit(text)),
        RawAnswer::Evidence {
            statement,
            evidence,
            contradicts,
        } => {
            format!(
                "Evidence(statement: {}, evidence: {}, contradicts: {contradicts})",
                lit(statement),
                lit(evidence)
            )
        }
        RawAnswer::TrueFalse { answer } => format!("TrueFalse(answer: {answer})"),
        RawAnswer::Typed { accept } => format!("Typed(accept: {})", list(accept)),
        RawAnswer::Numeric { accept } => {
            let numbers: Vec<String> = accept
                .iter()
                .map(|n| {
                    let fields: Vec<String> = [
                        ("value", n.value),
                        ("tolerance", n.tolerance),
                        ("min", n.min),
                        ("max", n.max),
                    ]
                    .into_iter()
                    .filter_map(|(name, x)| x.map(|x| format!("{name}: {x:?}")))
                    .chain((n.credit != 100).then(|| format!("credit: {}", n.credit)))
                    .collect();
                    format!("({})", fields.join(", "))
                })
                .collect();
            format!("Numeric(accept: [{}])", numbers.join(", "))
        }
        RawAnswer::Flashcard { back } => format!("Flashcard(back: {})", lit(back)),
        RawAnswer::Choice { correct, wrong } => {
            format!("Choice(correct: {}, wrong: {})", list(correct), list(wrong))
        }
        RawAnswer::Ordering { items } => format!("Ordering(items: {})", list(items)),
        RawAnswer::TwoPart {
            correct,
            wrong,
            evidence,
        } => format!(
            "TwoPart(correct: {}, wrong: {}, evidence: {})",
            list(correct),
            list(wrong),
            lit(evidence)
        ),
        RawAnswer::Matching { pairs } => {
            let inner: Vec<String> = pairs
                .iter()
                .map(|(l, r)| format!("({}, {})", lit(l), lit(r)))
                .collect();
            format!("Matching(pairs: [{}])", inner.join(", "))
        }
    };
    let mut out = String::new();
    out.push_str("        Question(\n");
    let _ = writeln!(out, "            id: {},", lit(&q.id));
    let _ = writeln!(out, "            prompt: {},", lit(&q.prompt));
    let _ = writeln!(out, "            passage: {},", lit(&q.passage));
    if let Some(quote) = &q.quote {
        let _ = writeln!(out, "            quote: {},", lit(quote));
    }
    let _ = writeln!(out, "            explanation: {},", lit(&q.explanation));
    if !q.about.is_empty() {
        let _ = writeln!(out, "            about: {},", list(&q.about));
    }
    if !q.tags.is_empty() {
        let _ = writeln!(out, "            tags: {},", list(&q.tags));
    }
    let _ = writeln!(out, "            answer: {answer},");
    if q.review {
        out.push_str("            review: true,\n");
    }
    out.push_str("        ),\n");
    out
}
