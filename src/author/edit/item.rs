//! The items a teacher edits — actors, claims, implications, responses, questions — and the
//! changes to the model behind every edit: find, replace, remove (with the references to it).

use super::render::{self, Field};
use crate::bank::raw::{RawActor, RawBank, RawClaim, RawImplication, RawQuestion, RawResponse};

/// The kinds of item a teacher adds and edits, each a list of the bank.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Actor,
    Claim,
    Implication,
    Response,
    Question,
}

impl ItemKind {
    pub const ALL: [ItemKind; 5] = [
        ItemKind::Actor,
        ItemKind::Claim,
        ItemKind::Implication,
        ItemKind::Response,
        ItemKind::Question,
    ];

    /// The bank's field that lists items of this kind.
    pub fn list(self) -> &'static str {
        match self {
            ItemKind::Actor => "actors",
            ItemKind::Claim => "claims",
            ItemKind::Implication => "implications",
            ItemKind::Response => "responses",
            ItemKind::Question => "questions",
        }
    }

    /// The record name written in the file.
    pub fn record(self) -> &'static str {
        match self {
            ItemKind::Actor => "Actor",
            ItemKind::Claim => "Claim",
            ItemKind::Implication => "Implication",
            ItemKind::Response => "Response",
            ItemKind::Question => "Question",
        }
    }

    /// How the kind is named to a teacher.
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Actor => "actor",
            ItemKind::Claim => "claim",
            ItemKind::Implication => "implication",
            ItemKind::Response => "response",
            ItemKind::Question => "question",
        }
    }
}

/// One item of the bank, as written in the file.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Actor(RawActor),
    Claim(RawClaim),
    Implication(RawImplication),
    Response(RawResponse),
    Question(RawQuestion),
}

impl Item {
    pub fn kind(&self) -> ItemKind {
        match self {
            Item::Actor(_) => ItemKind::Actor,
            Item::Claim(_) => ItemKind::Claim,
            Item::Implication(_) => ItemKind::Implication,
            Item::Response(_) => ItemKind::Response,
            Item::Question(_) => ItemKind::Question,
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Item::Actor(a) => &a.id,
            Item::Claim(c) => &c.id,
            Item::Implication(i) => &i.id,
            Item::Response(r) => &r.id,
            Item::Question(q) => &q.id,
        }
    }

    /// Whether Dossier generates questions from this item; `None` for kinds that have no switch.
    pub fn derived_questions(&self) -> Option<bool> {
        match self {
            Item::Actor(a) => Some(a.derived_questions),
            Item::Claim(c) => Some(c.derived_questions),
            Item::Implication(i) => Some(i.derived_questions),
            Item::Response(_) | Item::Question(_) => None,
        }
    }

    /// Whether this is a draft the teacher has not confirmed yet.
    pub fn review(&self) -> bool {
        match self {
            Item::Actor(a) => a.review,
            Item::Claim(c) => c.review,
            Item::Implication(i) => i.review,
            Item::Response(r) => r.review,
            Item::Question(q) => q.review,
        }
    }

    pub(super) fn set_review(&mut self, review: bool) {
        match self {
            Item::Actor(a) => a.review = review,
            Item::Claim(c) => c.review = review,
            Item::Implication(i) => i.review = review,
            Item::Response(r) => r.review = review,
            Item::Question(q) => q.review = review,
        }
    }

    /// The passage and quote the item is anchored to, where it has them.
    pub fn anchor(&self) -> Option<(&str, Option<&str>)> {
        match self {
            Item::Actor(a) => a.passages.first().map(|p| (p.as_str(), None)),
            Item::Claim(c) => Some((&c.passage, Some(&c.quote))),
            Item::Implication(i) => Some((&i.passage, Some(&i.quote))),
            Item::Response(r) => Some((&r.passage, Some(&r.quote))),
            Item::Question(q) => Some((&q.passage, q.quote.as_deref())),
        }
    }

    /// A one-line summary for lists: the name, statement or prompt.
    pub fn summary(&self) -> &str {
        match self {
            Item::Actor(a) => &a.name,
            Item::Claim(c) => &c.statement,
            Item::Implication(i) => &i.statement,
            Item::Response(r) => &r.statement,
            Item::Question(q) => &q.prompt,
        }
    }

    pub(super) fn fields(&self) -> Vec<Field> {
        match self {
            Item::Actor(a) => render::actor_fields(a),
            Item::Claim(c) => render::claim_fields(c),
            Item::Implication(i) => render::implication_fields(i),
            Item::Response(r) => render::response_fields(r),
            Item::Question(q) => render::question_fields(q),
        }
    }
}

/// Which item: its kind and id (ids are stable, positions are not).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ItemRef {
    pub kind: ItemKind,
    pub id: String,
}

impl ItemRef {
    pub fn new(kind: ItemKind, id: impl Into<String>) -> Self {
        Self {
            kind,
            id: id.into(),
        }
    }
}

pub(super) fn items_of(raw: &RawBank, kind: ItemKind) -> Vec<Item> {
    match kind {
        ItemKind::Actor => raw.actors.iter().cloned().map(Item::Actor).collect(),
        ItemKind::Claim => raw.claims.iter().cloned().map(Item::Claim).collect(),
        ItemKind::Implication => raw
            .implications
            .iter()
            .cloned()
            .map(Item::Implication)
            .collect(),
        ItemKind::Response => raw.responses.iter().cloned().map(Item::Response).collect(),
        ItemKind::Question => raw.questions.iter().cloned().map(Item::Question).collect(),
    }
}

pub(super) fn push_item(raw: &mut RawBank, item: Item) {
    match item {
        Item::Actor(a) => raw.actors.push(a),
        Item::Claim(c) => raw.claims.push(c),
        Item::Implication(i) => raw.implications.push(i),
        Item::Response(r) => raw.responses.push(r),
        Item::Question(q) => raw.questions.push(q),
    }
}

/// Runs `change` on the item `at` of `raw` (through an [`Item`] copy written back).
pub(super) fn with_item(raw: &mut RawBank, at: &ItemRef, change: impl FnOnce(&mut Item)) {
    fn edit<T: Clone>(
        list: &mut [T],
        id: impl Fn(&T) -> &str,
        wrap: impl Fn(T) -> Item,
        unwrap: impl Fn(Item) -> Option<T>,
        target: &str,
        change: impl FnOnce(&mut Item),
    ) {
        if let Some(slot) = list.iter_mut().find(|x| id(x) == target) {
            let mut item = wrap(slot.clone());
            change(&mut item);
            if let Some(changed) = unwrap(item) {
                *slot = changed;
            }
        }
    }
    let id = at.id.as_str();
    match at.kind {
        ItemKind::Actor => edit(
            &mut raw.actors,
            |a| &a.id,
            Item::Actor,
            |i| match i {
                Item::Actor(a) => Some(a),
                _ => None,
            },
            id,
            change,
        ),
        ItemKind::Claim => edit(
            &mut raw.claims,
            |c| &c.id,
            Item::Claim,
            |i| match i {
                Item::Claim(c) => Some(c),
                _ => None,
            },
            id,
            change,
        ),
        ItemKind::Implication => edit(
            &mut raw.implications,
            |c| &c.id,
            Item::Implication,
            |i| match i {
                Item::Implication(c) => Some(c),
                _ => None,
            },
            id,
            change,
        ),
        ItemKind::Response => edit(
            &mut raw.responses,
            |c| &c.id,
            Item::Response,
            |i| match i {
                Item::Response(c) => Some(c),
                _ => None,
            },
            id,
            change,
        ),
        ItemKind::Question => edit(
            &mut raw.questions,
            |c| &c.id,
            Item::Question,
            |i| match i {
                Item::Question(c) => Some(c),
                _ => None,
            },
            id,
            change,
        ),
    }
}

/// Removes the item `at` and every reference to it.
pub(super) fn delete_item(raw: &mut RawBank, at: &ItemRef) {
    let id = at.id.as_str();
    match at.kind {
        ItemKind::Actor => raw.actors.retain(|a| a.id != id),
        ItemKind::Claim => raw.claims.retain(|c| c.id != id),
        ItemKind::Implication => raw.implications.retain(|i| i.id != id),
        ItemKind::Response => raw.responses.retain(|r| r.id != id),
        ItemKind::Question => {
            raw.questions.retain(|q| q.id != id);
            return;
        }
    }
    for a in &mut raw.actors {
        if a.member_of.as_deref() == Some(id) {
            a.member_of = None;
        }
    }
    for i in &mut raw.implications {
        if i.by.as_deref() == Some(id) {
            i.by = None;
        }
    }
    for c in &mut raw.claims {
        if c.by == id {
            c.by = "article".to_owned();
        }
        c.about.retain(|a| a != id);
    }
    for r in &mut raw.responses {
        r.by.retain(|a| a != id);
    }
    for q in &mut raw.questions {
        q.about.retain(|a| a != id);
    }
}
