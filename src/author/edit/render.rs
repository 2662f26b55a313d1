//! Bank items as RON text, written the way a teacher would write them by hand: one field a line, the
//! answer on one line, defaults left out, every string escaped so that it reads back exactly.

use crate::bank::raw::{
    Certainty, RawActor, RawAnswer, RawClaim, RawImplication, RawQuestion, RawResponse,
    ResponseStatus,
};

/// A RON value, as much of RON as bank items use.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Str(String),
    Ident(&'static str),
    Bool(bool),
    Number(f64),
    List(Vec<Value>),
    Tuple(Vec<Value>),
    Record(&'static str, Vec<(&'static str, Value)>),
}

/// One field of an item: `None` when it is left out because it has its default value.
pub(crate) type Field = (&'static str, Option<Value>);

/// `text` as a RON string literal: quotes, backslashes and control characters escaped, everything
/// else (typographic quotes, any script) kept as it is.
pub fn ron_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Value {
    /// The value on one line: `"text"`, `["a", "b"]`, `Choice(correct: ["a"], wrong: ["b"])`.
    pub(crate) fn inline(&self) -> String {
        match self {
            Value::Str(s) => ron_string(s),
            Value::Ident(name) => (*name).to_owned(),
            Value::Bool(b) => b.to_string(),
            Value::Number(x) => format!("{x:?}"),
            Value::List(items) => format!("[{}]", join(items)),
            Value::Tuple(items) => format!("({})", join(items)),
            Value::Record(name, fields) => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|(field, value)| format!("{field}: {}", value.inline()))
                    .collect();
                format!("{name}({})", fields.join(", "))
            }
        }
    }
}

fn join(items: &[Value]) -> String {
    items
        .iter()
        .map(Value::inline)
        .collect::<Vec<_>>()
        .join(", ")
}

/// An item written over several lines, one field a line, indented by `unit` inside its parentheses.
/// The first line has no indentation: the caller puts it where the item goes.
pub(crate) fn item_text(name: &str, fields: &[Field], unit: &str) -> String {
    let mut out = format!("{name}(\n");
    for (field, value) in fields {
        if let Some(value) = value {
            out.push_str(&format!("{unit}{field}: {},\n", value.inline()));
        }
    }
    out.push(')');
    out
}

fn string(s: &str) -> Value {
    Value::Str(s.to_owned())
}

fn strings(items: &[String]) -> Value {
    Value::List(items.iter().map(|s| string(s)).collect())
}

fn unless_empty(items: &[String]) -> Option<Value> {
    (!items.is_empty()).then(|| strings(items))
}

fn flag(value: bool, default: bool) -> Option<Value> {
    (value != default).then_some(Value::Bool(value))
}

pub(crate) fn certainty(value: Certainty) -> Value {
    Value::Ident(match value {
        Certainty::Reported => "Reported",
        Certainty::Rumored => "Rumored",
        Certainty::Official => "Official",
        Certainty::Analysis => "Analysis",
        Certainty::Asserted => "Asserted",
        Certainty::Opinion => "Opinion",
        Certainty::Attributed => "Attributed",
    })
}

fn status(value: ResponseStatus) -> Value {
    Value::Ident(match value {
        ResponseStatus::Done => "Done",
        ResponseStatus::Pledged => "Pledged",
        ResponseStatus::UnderWay => "UnderWay",
        ResponseStatus::Exploring => "Exploring",
        ResponseStatus::Recommended => "Recommended",
    })
}

pub(crate) fn actor_fields(a: &RawActor) -> Vec<Field> {
    vec![
        ("id", Some(string(&a.id))),
        ("name", Some(string(&a.name))),
        ("aliases", unless_empty(&a.aliases)),
        ("role", Some(string(&a.role))),
        ("passages", unless_empty(&a.passages)),
        ("member_of", a.member_of.as_deref().map(string)),
        ("derived_questions", flag(a.derived_questions, true)),
        ("review", flag(a.review, false)),
    ]
}

pub(crate) fn claim_fields(c: &RawClaim) -> Vec<Field> {
    vec![
        ("id", Some(string(&c.id))),
        ("statement", Some(string(&c.statement))),
        ("by", (c.by != "article").then(|| string(&c.by))),
        ("about", unless_empty(&c.about)),
        ("certainty", Some(certainty(c.certainty))),
        ("passage", Some(string(&c.passage))),
        ("quote", Some(string(&c.quote))),
        ("derived_questions", flag(c.derived_questions, true)),
        ("review", flag(c.review, false)),
    ]
}

pub(crate) fn implication_fields(i: &RawImplication) -> Vec<Field> {
    vec![
        ("id", Some(string(&i.id))),
        ("statement", Some(string(&i.statement))),
        ("cause", Some(string(&i.cause))),
        ("effect", Some(string(&i.effect))),
        (
            "certainty",
            (i.certainty != Certainty::Analysis).then(|| certainty(i.certainty)),
        ),
        ("by", i.by.as_deref().map(string)),
        ("passage", Some(string(&i.passage))),
        ("quote", Some(string(&i.quote))),
        ("ask_cause", flag(i.ask_cause, true)),
        ("broad_cause", flag(i.broad_cause, false)),
        ("derived_questions", flag(i.derived_questions, true)),
        ("review", flag(i.review, false)),
    ]
}

pub(crate) fn response_fields(r: &RawResponse) -> Vec<Field> {
    vec![
        ("id", Some(string(&r.id))),
        ("statement", Some(string(&r.statement))),
        ("by", unless_empty(&r.by)),
        ("status", r.status.map(status)),
        ("passage", Some(string(&r.passage))),
        ("quote", Some(string(&r.quote))),
        ("review", flag(r.review, false)),
    ]
}

pub(crate) fn question_fields(q: &RawQuestion) -> Vec<Field> {
    vec![
        ("id", Some(string(&q.id))),
        ("prompt", Some(string(&q.prompt))),
        ("passage", Some(string(&q.passage))),
        ("quote", q.quote.as_deref().map(string)),
        (
            "explanation",
            (!q.explanation.is_empty()).then(|| string(&q.explanation)),
        ),
        ("about", unless_empty(&q.about)),
        ("tags", unless_empty(&q.tags)),
        ("answer", Some(answer(&q.answer))),
        ("review", flag(q.review, false)),
    ]
}

pub(crate) fn answer(answer: &RawAnswer) -> Value {
    match answer {
        RawAnswer::Choice { correct, wrong } => Value::Record(
            "Choice",
            vec![("correct", strings(correct)), ("wrong", strings(wrong))],
        ),
        RawAnswer::TrueFalse { answer } => {
            Value::Record("TrueFalse", vec![("answer", Value::Bool(*answer))])
        }
        RawAnswer::Typed { accept } => Value::Record("Typed", vec![("accept", strings(accept))]),
        RawAnswer::Numeric { accept } => Value::Record(
            "Numeric",
            vec![(
                "accept",
                Value::List(
                    accept
                        .iter()
                        .map(|n| {
                            let mut fields = Vec::new();
                            for (name, x) in [
                                ("value", n.value),
                                ("tolerance", n.tolerance),
                                ("min", n.min),
                                ("max", n.max),
                            ] {
                                if let Some(x) = x {
                                    fields.push((name, Value::Number(x)));
                                }
                            }
                            if n.credit != 100 {
                                fields.push(("credit", Value::Number(f64::from(n.credit))));
                            }
                            Value::Record("Number", fields)
                        })
                        .collect(),
                ),
            )],
        ),
        RawAnswer::Cloze { text } => Value::Record("Cloze", vec![("text", string(text))]),
        RawAnswer::Matching { pairs } => Value::Record(
            "Matching",
            vec![(
                "pairs",
                Value::List(
                    pairs
                        .iter()
                        .map(|(l, r)| Value::Tuple(vec![string(l), string(r)]))
                        .collect(),
                ),
            )],
        ),
        RawAnswer::Ordering { items } => Value::Record("Ordering", vec![("items", strings(items))]),
        RawAnswer::Flashcard { back } => Value::Record("Flashcard", vec![("back", string(back))]),
        RawAnswer::Evidence {
            statement,
            evidence,
            contradicts,
        } => {
            let mut fields = vec![
                ("statement", string(statement)),
                ("evidence", string(evidence)),
            ];
            if *contradicts {
                fields.push(("contradicts", Value::Bool(true)));
            }
            Value::Record("Evidence", fields)
        }
        RawAnswer::TwoPart {
            correct,
            wrong,
            evidence,
        } => Value::Record(
            "TwoPart",
            vec![
                ("correct", strings(correct)),
                ("wrong", strings(wrong)),
                ("evidence", string(evidence)),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_strings_read_back_exactly() {
        for text in [
            "plain",
            "a \"straight\" quote",
            "back\\slash",
            "two\nlines\tand\r",
            "“typographic” — 北朝鮮",
            "bell\u{7}",
        ] {
            let parsed: String = ron::from_str(&ron_string(text)).expect("reads back");
            assert_eq!(parsed, text);
        }
    }
}
