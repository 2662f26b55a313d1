//! Random damage to a valid bank never crashes the loader, and every error it reports points inside
//! the file: what a teacher mid-edit will throw at it.

use std::path::Path;

use dossier::bank::validate::{Limits, check_bank_str};
use proptest::prelude::*;

const GOOD: &str = include_str!("fixtures/good/mini.ron");

/// The bank split into tokens: strings, words, single punctuation, and whitespace runs.
fn tokens(source: &str) -> Vec<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        let c = chars[i];
        if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
        } else if c.is_alphanumeric() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
        } else if c.is_whitespace() {
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
        } else {
            i += 1;
        }
        out.push(chars[start..i].iter().collect());
    }
    out
}

#[derive(Clone, Debug)]
enum Mutation {
    Truncate(usize),
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    CorruptString(usize, usize, char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let any_index = 0usize..10_000;
    prop_oneof![
        any_index.clone().prop_map(Mutation::Truncate),
        any_index.clone().prop_map(Mutation::Delete),
        any_index.clone().prop_map(Mutation::Duplicate),
        (any_index.clone(), any_index.clone()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (
            any_index.clone(),
            0usize..200,
            prop::sample::select(vec![
                '"', '\\', '{', '}', '|', '\n', 'é', '“', 'x', '\u{0}', ')'
            ])
        )
            .prop_map(|(a, b, c)| Mutation::CorruptString(a, b, c)),
    ]
}

fn apply(source: &str, mutation: &Mutation) -> String {
    let mut toks = tokens(source);
    let n = toks.len();
    if n == 0 {
        return String::new();
    }
    match *mutation {
        Mutation::Truncate(at) => source
            .chars()
            .take(at % (source.chars().count() + 1))
            .collect(),
        Mutation::Delete(i) => {
            toks.remove(i % n);
            toks.concat()
        }
        Mutation::Duplicate(i) => {
            let token = toks[i % n].clone();
            toks.insert(i % n, token);
            toks.concat()
        }
        Mutation::Swap(a, b) => {
            toks.swap(a % n, b % n);
            toks.concat()
        }
        Mutation::CorruptString(i, at, c) => {
            let strings: Vec<usize> = (0..n).filter(|k| toks[*k].starts_with('"')).collect();
            let Some(&k) = strings.get(i % strings.len().max(1)) else {
                return toks.concat();
            };
            let mut chars: Vec<char> = toks[k].chars().collect();
            let at = at % chars.len();
            chars[at] = c;
            toks[k] = chars.into_iter().collect();
            toks.concat()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn damaged_bank_never_panics_and_every_error_points_into_the_file(
        mutations in prop::collection::vec(mutation(), 1..4)
    ) {
        let mut source = GOOD.to_owned();
        for m in &mutations {
            source = apply(&source, m);
        }
        let checked = check_bank_str(&source, Path::new("damaged.ron"), &Limits::default());
        let lines = source.split('\n').count();
        if checked.bank.is_none() {
            prop_assert!(checked.diagnostics.iter().any(|d| d.is_error()));
        }
        for d in &checked.diagnostics {
            prop_assert!(d.span.start <= d.span.end && d.span.end <= source.len());
            prop_assert!(source.is_char_boundary(d.span.start) && source.is_char_boundary(d.span.end));
            prop_assert!((1..=lines).contains(&d.line()), "line {} of {lines}", d.line());
            let line_text = source.split('\n').nth(d.line() - 1).unwrap_or("");
            prop_assert!(d.column() >= 1 && d.column() <= line_text.chars().count() + 1);
            prop_assert!(!d.message.is_empty());
            let rendered = d.render_plain();
            let location = format!("damaged.ron:{}:{}", d.line(), d.column());
            prop_assert!(rendered.contains(&location), "{}", rendered);
        }
    }
}

#[test]
fn tokenizer_round_trips_the_bank() {
    assert_eq!(tokens(GOOD).concat(), GOOD);
}
