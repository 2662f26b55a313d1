//! Where each value of a RON file is: a small tree of byte spans, built by a tokenizer that knows just
//! enough RON to follow structs, tuples, lists and maps.
//!
//! serde gives us values without positions, so semantic errors ("quote not in passage") would have
//! nowhere to point. This tree gives them a place: `questions[3].answer.correct[1]`. It is only built
//! when there is something to report, so loading a valid bank never pays for it. It never panics on
//! odd input: when it cannot follow the text, it stops and lookups fall back to the nearest parent.

use std::ops::Range;

/// One step of a path into the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    Field(&'static str),
    Item(usize),
}

/// A value and where it is.
#[derive(Debug)]
pub(crate) enum Node<'a> {
    /// `Name(field: value, …)`, `(field: value)`, `Name(value, …)`, `(value, …)` or a bare `Name`.
    /// `head` is the name and opening parenthesis: pointing at a multi-line value, we point there.
    /// `fields` hold each field's name, where the name starts, and its value; `end` is just after the
    /// closing parenthesis (editing in place needs the whole extent).
    Compound {
        head: Range<usize>,
        fields: Vec<(&'a str, usize, Node<'a>)>,
        items: Vec<Node<'a>>,
        end: usize,
    },
    /// `[a, b]` or `{k: v}` (map entries are stored as values only); `end` is just after the bracket.
    List {
        head: Range<usize>,
        items: Vec<Node<'a>>,
        end: usize,
    },
    /// A string, number, char or other single token.
    Scalar { span: Range<usize> },
}

impl<'a> Node<'a> {
    /// The span to underline for this value.
    pub(crate) fn span(&self) -> Range<usize> {
        match self {
            Node::Compound { head, .. } | Node::List { head, .. } => head.clone(),
            Node::Scalar { span } => span.clone(),
        }
    }

    /// The whole text of this value, from its name or opening bracket to its closing one.
    pub(crate) fn full(&self) -> Range<usize> {
        match self {
            Node::Compound { head, end, .. } | Node::List { head, end, .. } => head.start..*end,
            Node::Scalar { span } => span.clone(),
        }
    }

    /// The items of a list or tuple; empty for anything else.
    pub(crate) fn items(&self) -> &[Node<'a>] {
        match self {
            Node::Compound { items, .. } | Node::List { items, .. } => items,
            Node::Scalar { .. } => &[],
        }
    }

    /// The named fields of a record, each with where its name starts; empty for anything else.
    pub(crate) fn fields(&self) -> &[(&'a str, usize, Node<'a>)] {
        match self {
            Node::Compound { fields, .. } => fields,
            _ => &[],
        }
    }

    fn child(&self, step: Step) -> Option<&Node<'a>> {
        match (self, step) {
            // `Some(x)` written explicitly: look through it.
            (Node::Compound { items, fields, .. }, Step::Field(_)) if fields.is_empty() => {
                items.first().and_then(|inner| inner.child(step))
            }
            (Node::Compound { fields, .. }, Step::Field(name)) => fields
                .iter()
                .find(|(n, _, _)| *n == name)
                .map(|(_, _, v)| v),
            (Node::Compound { items, .. } | Node::List { items, .. }, Step::Item(i)) => {
                items.get(i)
            }
            _ => None,
        }
    }

    /// The deepest node along `path`, and how many steps were followed to reach it.
    pub(crate) fn find(&self, path: &[Step]) -> (&Node<'a>, usize) {
        let mut node = self;
        for (depth, step) in path.iter().enumerate() {
            match node.child(*step) {
                Some(next) => node = next,
                None => return (node, depth),
            }
        }
        // `Some(x)` written explicitly: point at `x`.
        if let Node::Compound { fields, items, .. } = node
            && fields.is_empty()
            && items.len() == 1
        {
            return (&items[0], path.len());
        }
        (node, path.len())
    }
}

const MAX_DEPTH: usize = 128;

/// Builds the span tree of `source`'s top-level value, or `None` when the text is not RON it can follow.
pub(crate) fn parse(source: &str) -> Option<Node<'_>> {
    let mut scanner = Scanner {
        src: source,
        pos: 0,
    };
    scanner.skip_trivia();
    while scanner.peek() == Some(b'#') {
        scanner.skip_attribute()?;
        scanner.skip_trivia();
    }
    scanner.value(0)
}

struct Scanner<'a> {
    src: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.src.as_bytes().get(self.pos + ahead).copied()
    }

    fn skip_trivia(&mut self) {
        let bytes = self.src.as_bytes();
        loop {
            while self.pos < bytes.len() && bytes[self.pos].is_ascii_whitespace() {
                self.pos += 1;
            }
            let rest = &bytes[self.pos.min(bytes.len())..];
            if rest.starts_with(b"//") {
                match rest.iter().position(|b| *b == b'\n') {
                    Some(i) => self.pos += i + 1,
                    None => self.pos = bytes.len(),
                }
            } else if rest.starts_with(b"/*") {
                let mut depth = 0usize;
                while self.pos < bytes.len() {
                    let rest = &bytes[self.pos..];
                    if rest.starts_with(b"/*") {
                        depth += 1;
                        self.pos += 2;
                    } else if rest.starts_with(b"*/") {
                        depth = depth.saturating_sub(1);
                        self.pos += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        self.pos += 1;
                    }
                }
                self.pos = self.pos.min(bytes.len());
            } else if rest.starts_with("\u{feff}".as_bytes()) {
                self.pos += '\u{feff}'.len_utf8();
            } else {
                break;
            }
        }
    }

    /// Skips `#![enable(…)]`.
    fn skip_attribute(&mut self) -> Option<()> {
        let close = self.src[self.pos..].find(']')?;
        self.pos += close + 1;
        Some(())
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_trivia();
        if self.peek() == Some(byte) {
            self.pos += 1;
            Some(())
        } else {
            None
        }
    }

    fn ident(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        if self.src[self.pos..].starts_with("r#") {
            self.pos += 2;
        }
        let rest = &self.src[self.pos..];
        let len = rest
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(rest.len(), |(i, _)| i);
        if len == 0 {
            self.pos = start;
            return None;
        }
        self.pos += len;
        Some(start..self.pos)
    }

    fn string(&mut self) -> Option<Range<usize>> {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        if self.peek() == Some(b'b') {
            self.pos += 1;
        }
        if self.peek() == Some(b'r') {
            self.pos += 1;
            let mut hashes = 0;
            while self.peek() == Some(b'#') {
                hashes += 1;
                self.pos += 1;
            }
            if self.peek() != Some(b'"') {
                return None;
            }
            self.pos += 1;
            let closing = format!("\"{}", "#".repeat(hashes));
            let end = self.src[self.pos..].find(&closing)?;
            self.pos += end + closing.len();
            return Some(start..self.pos);
        }
        let quote = self.peek()?;
        self.pos += 1;
        while self.pos < bytes.len() {
            match bytes[self.pos] {
                b'\\' => self.pos += 2,
                b if b == quote => {
                    self.pos += 1;
                    return Some(start..self.pos.min(bytes.len()));
                }
                _ => self.pos += 1,
            }
        }
        None
    }

    fn value(&mut self, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_trivia();
        let start = self.pos;
        match self.peek()? {
            b'"' | b'\'' => self.string().map(|span| Node::Scalar { span }),
            b'b' | b'r' if matches!(self.peek_at(1), Some(b'"' | b'#' | b'r' | b'\'')) => {
                if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
                    // `r#ident` or `r#"raw string"#`
                    let after_hashes = self.src[self.pos + 1..].trim_start_matches('#');
                    if !after_hashes.starts_with('"') {
                        return self.named(depth);
                    }
                }
                self.string().map(|span| Node::Scalar { span })
            }
            b'[' => self.list(depth, b']'),
            b'{' => self.list(depth, b'}'),
            b'(' => {
                self.pos += 1;
                self.compound_body(start..self.pos, depth)
            }
            b if b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.') => {
                let rest = &self.src[self.pos..];
                let len = rest
                    .char_indices()
                    .skip(1)
                    .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '+' | '-')))
                    .map_or(rest.len(), |(i, _)| i);
                self.pos += len;
                Some(Node::Scalar {
                    span: start..self.pos,
                })
            }
            _ => self.named(depth),
        }
    }

    /// An identifier: `true`, `Reported`, or the name of `Name(…)`.
    fn named(&mut self, depth: usize) -> Option<Node<'a>> {
        let name = self.ident()?;
        let after_name = self.pos;
        self.skip_trivia();
        if self.peek() == Some(b'(') {
            self.pos += 1;
            self.compound_body(name.start..self.pos, depth)
        } else {
            self.pos = after_name;
            Some(Node::Scalar { span: name })
        }
    }

    /// After `(`: named fields or positional items, up to the matching `)`.
    fn compound_body(&mut self, head: Range<usize>, depth: usize) -> Option<Node<'a>> {
        let mut fields = Vec::new();
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            if self.peek()? == b')' {
                self.pos += 1;
                return Some(Node::Compound {
                    head,
                    fields,
                    items,
                    end: self.pos,
                });
            }
            let before = self.pos;
            let field = self.ident().and_then(|name| {
                self.skip_trivia();
                (self.peek() == Some(b':')).then(|| {
                    self.pos += 1;
                    name
                })
            });
            match field {
                Some(name) => {
                    let start = name.start;
                    let text = self.src[name].trim_start_matches("r#");
                    fields.push((text, start, self.value(depth + 1)?));
                }
                None => {
                    self.pos = before;
                    items.push(self.value(depth + 1)?);
                }
            }
            self.skip_trivia();
            match self.peek()? {
                b',' => self.pos += 1,
                b')' => {}
                _ => return None,
            }
        }
    }

    fn list(&mut self, depth: usize, close: u8) -> Option<Node<'a>> {
        let head = self.pos..self.pos + 1;
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            if self.peek()? == close {
                self.pos += 1;
                return Some(Node::List {
                    head,
                    items,
                    end: self.pos,
                });
            }
            let value = self.value(depth + 1)?;
            if close == b'}' {
                // A map entry: the key was `value`; what we keep is the value after the colon.
                self.expect(b':')?;
                items.push(self.value(depth + 1)?);
            } else {
                items.push(value);
            }
            self.skip_trivia();
            match self.peek()? {
                b',' => self.pos += 1,
                b if b == close => {}
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_fields_and_items_are_found() {
        let src = r#"#![enable(implicit_some)]
// comment
Bank(
    id: "x", /* block /* nested */ */
    questions: [
        (id: "a", answer: Choice(correct: ["p"], wrong: ["q", r"r"])),
        Question(id: "b", quote: Some("z"), pairs: [("a", "b")]),
    ],
)"#;
        let tree = parse(src).expect("parsed");
        let path = [
            Step::Field("questions"),
            Step::Item(0),
            Step::Field("answer"),
            Step::Field("wrong"),
            Step::Item(1),
        ];
        let (node, depth) = tree.find(&path);
        assert_eq!(depth, path.len());
        assert_eq!(&src[node.span()], "r\"r\"");
        let quote = [
            Step::Field("questions"),
            Step::Item(1),
            Step::Field("quote"),
        ];
        let (node, _) = tree.find(&quote);
        assert_eq!(&src[node.span()], "\"z\"");
    }

    #[test]
    fn missing_path_falls_back_to_the_parent() {
        let src = "Bank(id: \"x\", questions: [Question(id: \"a\")])";
        let tree = parse(src).expect("parsed");
        let (node, depth) = tree.find(&[
            Step::Field("questions"),
            Step::Item(0),
            Step::Field("quote"),
        ]);
        assert_eq!(depth, 2);
        assert_eq!(&src[node.span()], "Question(");
    }

    #[test]
    fn broken_text_gives_none_not_a_panic() {
        for src in [
            "Bank(",
            "\"abc",
            "Bank(id: [1, 2",
            "r##\"x\"#",
            "(a: b: c)",
            "é(",
            "",
        ] {
            let _ = parse(src);
        }
    }
}
