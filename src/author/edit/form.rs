//! The small form behind "Claim…", "Actor…", "Cloze question…" and the rest: prefilled from the words a
//! teacher selected in a passage (the quote is the selection, verbatim; the passage is where it is; the
//! certainty and speaker are guessed from the sentence; the id comes from the words), then turned into
//! an [`Edit`] once the teacher has filled in the rest.

use std::ops::Range;

use super::{BankEditor, Edit, Item, ItemKind, ItemRef, Problem, suggest_certainty};
use crate::bank::raw::{
    Certainty, RawActor, RawAnswer, RawClaim, RawImplication, RawQuestion, RawResponse,
    ResponseStatus,
};
use crate::bank::text::sentence_ranges;

/// What the selected words are to become.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKind {
    Claim,
    Actor,
    /// Another name for an actor the bank already has.
    AliasOf,
    Implication,
    Response,
    /// The sentence with the selected words as the gap.
    Cloze,
    /// A multiple-choice (or typed) question whose answer is the selection.
    Question,
    /// "Which sentence supports …?", the selection being the evidence.
    Evidence,
}

impl FormKind {
    pub const ALL: [FormKind; 8] = [
        FormKind::Claim,
        FormKind::Actor,
        FormKind::AliasOf,
        FormKind::Implication,
        FormKind::Response,
        FormKind::Cloze,
        FormKind::Question,
        FormKind::Evidence,
    ];

    /// The button that opens the form.
    pub fn button(self) -> &'static str {
        match self {
            FormKind::Claim => "Claim…",
            FormKind::Actor => "Actor…",
            FormKind::AliasOf => "Alias of…",
            FormKind::Implication => "Implication…",
            FormKind::Response => "Response…",
            FormKind::Cloze => "Cloze question…",
            FormKind::Question => "Question about this…",
            FormKind::Evidence => "Evidence question…",
        }
    }

    fn item_kind(self) -> ItemKind {
        match self {
            FormKind::Claim => ItemKind::Claim,
            FormKind::Actor | FormKind::AliasOf => ItemKind::Actor,
            FormKind::Implication => ItemKind::Implication,
            FormKind::Response => ItemKind::Response,
            FormKind::Cloze | FormKind::Question | FormKind::Evidence => ItemKind::Question,
        }
    }
}

/// The fields of the form, as text the teacher edits. Which are shown depends on `kind`.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemForm {
    pub kind: FormKind,
    /// The item as it was, when an existing one is edited: fields the form does not show are kept.
    pub base: Option<Item>,
    pub id: String,
    pub passage: String,
    pub quote: String,
    /// The statement (claim, implication, response), the name (actor) or the prompt (question).
    pub text: String,
    /// An actor's role, or a question's explanation.
    pub detail: String,
    pub cause: String,
    pub effect: String,
    pub certainty: Certainty,
    /// The speaker (a claim's `by`, `article` for the article's own voice), a response's actor, the
    /// actor an alias belongs to.
    pub actor: String,
    /// The right answer, the cloze text or the statement an evidence question is about.
    pub answer: String,
    /// Wrong options, one a line.
    pub wrong: String,
    /// Ids of what the item is about: the actors a claim is about; the actors, claims, implications
    /// or responses a question tests. Chosen from lists, never typed.
    pub about: Vec<String>,
    /// A question's tags, separated by commas.
    pub tags: String,
    /// The actor (a state, a body) an actor belongs to; empty for none.
    pub member_of: String,
    /// How far a response has got; `None` when the article does not say.
    pub status: Option<ResponseStatus>,
    /// Problems from the last attempt to save, shown next to their fields.
    pub problems: Vec<Problem>,
}

/// `range` (bytes of `text`) widened to whole words: a drag that starts or ends inside a word takes
/// the whole word, as a teacher selecting "words" means; surrounding spaces are dropped.
pub fn snap_to_words(text: &str, range: Range<usize>) -> Range<usize> {
    let in_word = |c: char| c.is_alphanumeric() || c == '\'' || c == '’' || c == '-';
    let mut start = range.start.min(text.len());
    let mut end = range.end.min(text.len()).max(start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let starts_inside = text[start..].chars().next().is_some_and(in_word);
    if starts_inside {
        while let Some(c) = text[..start].chars().next_back().filter(|c| in_word(*c)) {
            start -= c.len_utf8();
        }
    }
    let ends_inside = text[..end].chars().next_back().is_some_and(in_word);
    if ends_inside {
        while let Some(c) = text[end..].chars().next().filter(|c| in_word(*c)) {
            end += c.len_utf8();
        }
    }
    let selected = &text[start..end];
    let lead = selected.len() - selected.trim_start().len();
    let trail = selected.len() - selected.trim_end().len();
    start + lead..(end - trail).max(start + lead)
}

/// The sentence of `text` that holds `range` (bytes), or the whole text.
fn sentence_around(text: &str, range: &Range<usize>) -> Range<usize> {
    sentence_ranges(text)
        .into_iter()
        .find(|s| s.start <= range.start && range.end <= s.end)
        .unwrap_or(0..text.len())
}

impl ItemForm {
    /// A form for the words at `range` (bytes) of passage `passage_id`, prefilled.
    pub fn from_selection(
        kind: FormKind,
        editor: &BankEditor,
        passage_id: &str,
        range: Range<usize>,
    ) -> Option<Self> {
        let passage = editor.raw().passages.iter().find(|p| p.id == passage_id)?;
        let text = &passage.text;
        let range = snap_to_words(text, range);
        let selection = text.get(range.clone())?.to_owned();
        if selection.is_empty() {
            return None;
        }
        let sentence_range = sentence_around(text, &range);
        let sentence = &text[sentence_range.clone()];
        let (certainty, speaker) = suggest_certainty(sentence, &editor.raw().actors);
        let mut form = Self {
            kind,
            base: None,
            id: editor.new_id(kind.item_kind(), &selection),
            passage: passage.id.clone(),
            quote: selection.clone(),
            text: String::new(),
            detail: String::new(),
            cause: String::new(),
            effect: String::new(),
            certainty,
            actor: speaker.clone().unwrap_or_else(|| "article".to_owned()),
            answer: String::new(),
            wrong: String::new(),
            about: Vec::new(),
            tags: String::new(),
            member_of: String::new(),
            status: None,
            problems: Vec::new(),
        };
        match kind {
            FormKind::Claim | FormKind::Response => form.text = sentence.to_owned(),
            FormKind::Implication => {
                form.text = sentence.to_owned();
                form.certainty = Certainty::Analysis;
            }
            FormKind::Actor => form.text = selection.clone(),
            FormKind::AliasOf => {
                form.actor = speaker
                    .or_else(|| editor.raw().actors.first().map(|a| a.id.clone()))
                    .unwrap_or_default();
            }
            FormKind::Cloze => {
                let (start, end) = (
                    range.start - sentence_range.start,
                    range.end - sentence_range.start,
                );
                let strip = |s: &str| s.replace(['{', '}', '|'], "");
                form.text = "Fill in the gap.".to_owned();
                form.answer = format!(
                    "{}{{{}}}{}",
                    strip(&sentence[..start]),
                    strip(selection.as_str()),
                    strip(&sentence[end..])
                );
                form.quote = sentence.to_owned();
            }
            FormKind::Question => form.answer = selection.clone(),
            FormKind::Evidence => form.text = "Which sentence supports the statement?".to_owned(),
        }
        Some(form)
    }

    /// A form over an existing item, for editing it.
    pub fn for_item(item: &Item) -> Self {
        let mut form = Self {
            kind: FormKind::Claim,
            base: Some(item.clone()),
            id: item.id().to_owned(),
            passage: String::new(),
            quote: String::new(),
            text: item.summary().to_owned(),
            detail: String::new(),
            cause: String::new(),
            effect: String::new(),
            certainty: Certainty::Asserted,
            actor: "article".to_owned(),
            answer: String::new(),
            wrong: String::new(),
            about: Vec::new(),
            tags: String::new(),
            member_of: String::new(),
            status: None,
            problems: Vec::new(),
        };
        match item {
            Item::Actor(a) => {
                form.kind = FormKind::Actor;
                form.detail = a.role.clone();
                form.passage = a.passages.first().cloned().unwrap_or_default();
                form.answer = a.aliases.join("\n");
                form.member_of = a.member_of.clone().unwrap_or_default();
            }
            Item::Claim(c) => {
                (form.passage, form.quote, form.certainty) =
                    (c.passage.clone(), c.quote.clone(), c.certainty);
                form.actor = c.by.clone();
                form.about = c.about.clone();
            }
            Item::Implication(i) => {
                form.kind = FormKind::Implication;
                (form.passage, form.quote, form.certainty) =
                    (i.passage.clone(), i.quote.clone(), i.certainty);
                (form.cause, form.effect) = (i.cause.clone(), i.effect.clone());
            }
            Item::Response(r) => {
                form.kind = FormKind::Response;
                (form.passage, form.quote) = (r.passage.clone(), r.quote.clone());
                form.actor = r.by.first().cloned().unwrap_or_default();
                form.status = r.status;
            }
            Item::Question(q) => {
                form.passage = q.passage.clone();
                form.quote = q.quote.clone().unwrap_or_default();
                form.detail = q.explanation.clone();
                form.about = q.about.clone();
                form.tags = q.tags.join(", ");
                match &q.answer {
                    RawAnswer::Cloze { text } => {
                        form.kind = FormKind::Cloze;
                        form.answer = text.clone();
                    }
                    RawAnswer::Evidence { statement, .. } => {
                        form.kind = FormKind::Evidence;
                        form.answer = statement.clone();
                    }
                    RawAnswer::Choice { correct, wrong } => {
                        form.kind = FormKind::Question;
                        form.answer = correct.join("\n");
                        form.wrong = wrong.join("\n");
                    }
                    RawAnswer::Typed { accept } => {
                        form.kind = FormKind::Question;
                        form.answer = accept.join("\n");
                    }
                    _ => form.kind = FormKind::Question,
                }
            }
        }
        form
    }

    /// Whether the form edits an existing item rather than adding one.
    pub fn is_edit(&self) -> bool {
        self.base.is_some() && self.kind != FormKind::AliasOf
    }

    /// The edit the form describes, or the first thing missing (before the bank is even checked).
    pub fn to_edit(&self, editor: &BankEditor) -> Result<Edit, Problem> {
        let lines = |text: &str| -> Vec<String> {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let actor_or_none =
            |id: &str| (!id.trim().is_empty() && id != "article").then(|| id.trim().to_owned());
        let missing = |field: &str, what: &str| Problem {
            message: format!("{what} is empty"),
            hint: Some("fill it in".to_owned()),
            field: Some(field.to_owned()),
        };
        let base = self.base.clone();
        let item = match self.kind {
            FormKind::AliasOf => {
                let at = ItemRef::new(ItemKind::Actor, self.actor.clone());
                let Some(Item::Actor(mut actor)) = editor.item(&at) else {
                    return Err(Problem {
                        message: "choose the actor this is another name for".to_owned(),
                        hint: None,
                        field: Some("actor".to_owned()),
                    });
                };
                if !actor.aliases.contains(&self.quote) && actor.name != self.quote {
                    actor.aliases.push(self.quote.clone());
                }
                if !actor.passages.contains(&self.passage) {
                    actor.passages.push(self.passage.clone());
                }
                return Ok(Edit::Replace(Item::Actor(actor)));
            }
            FormKind::Actor => {
                let mut actor = match base {
                    Some(Item::Actor(a)) => a,
                    _ => RawActor {
                        id: self.id.clone(),
                        name: String::new(),
                        aliases: vec![],
                        role: String::new(),
                        passages: (!self.passage.is_empty())
                            .then(|| self.passage.clone())
                            .into_iter()
                            .collect(),
                        member_of: None,
                        derived_questions: true,
                        review: false,
                    },
                };
                actor.name = self.text.trim().to_owned();
                actor.role = self.detail.trim().to_owned();
                actor.aliases = lines(&self.answer);
                actor.member_of = actor_or_none(&self.member_of);
                if actor.role.is_empty() {
                    return Err(missing("role", "the role"));
                }
                Item::Actor(actor)
            }
            FormKind::Claim => {
                let mut claim = match base {
                    Some(Item::Claim(c)) => c,
                    _ => RawClaim {
                        id: self.id.clone(),
                        statement: String::new(),
                        by: String::new(),
                        about: vec![],
                        certainty: self.certainty,
                        passage: self.passage.clone(),
                        quote: self.quote.clone(),
                        derived_questions: true,
                        review: false,
                    },
                };
                claim.statement = self.text.trim().to_owned();
                claim.by = actor_or_none(&self.actor).unwrap_or_else(|| "article".to_owned());
                claim.certainty = self.certainty;
                claim.about = self.about.clone();
                Item::Claim(claim)
            }
            FormKind::Implication => {
                let mut implication = match base {
                    Some(Item::Implication(i)) => i,
                    _ => RawImplication {
                        id: self.id.clone(),
                        statement: String::new(),
                        cause: String::new(),
                        effect: String::new(),
                        certainty: self.certainty,
                        by: None,
                        passage: self.passage.clone(),
                        quote: self.quote.clone(),
                        ask_cause: true,
                        broad_cause: false,
                        derived_questions: true,
                        review: false,
                    },
                };
                implication.statement = self.text.trim().to_owned();
                implication.cause = self.cause.trim().to_owned();
                implication.effect = self.effect.trim().to_owned();
                implication.certainty = self.certainty;
                Item::Implication(implication)
            }
            FormKind::Response => {
                let mut response = match base {
                    Some(Item::Response(r)) => r,
                    _ => RawResponse {
                        id: self.id.clone(),
                        statement: String::new(),
                        by: vec![],
                        status: None,
                        passage: self.passage.clone(),
                        quote: self.quote.clone(),
                        review: false,
                    },
                };
                response.statement = self.text.trim().to_owned();
                // A response taken by several actors keeps the others; the form picks the first.
                let mut by = response.by.clone();
                match actor_or_none(&self.actor) {
                    Some(first) => {
                        by.retain(|id| *id != first);
                        by.insert(0, first);
                    }
                    None => by.clear(),
                }
                response.by = by;
                response.status = self.status;
                Item::Response(response)
            }
            FormKind::Cloze | FormKind::Question | FormKind::Evidence => {
                let mut question = match base {
                    Some(Item::Question(q)) => q,
                    _ => RawQuestion {
                        id: self.id.clone(),
                        prompt: String::new(),
                        passage: self.passage.clone(),
                        quote: (!self.quote.is_empty()).then(|| self.quote.clone()),
                        explanation: String::new(),
                        about: vec![],
                        tags: vec![],
                        answer: RawAnswer::Flashcard {
                            back: String::new(),
                        },
                        review: false,
                        show_passage: false,
                    },
                };
                question.prompt = self.text.trim().to_owned();
                question.explanation = self.detail.trim().to_owned();
                question.about = self.about.clone();
                question.tags = self
                    .tags
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_owned)
                    .collect();
                question.answer = match (self.kind, &question.answer) {
                    (FormKind::Cloze, _) => RawAnswer::Cloze {
                        text: self.answer.trim().to_owned(),
                    },
                    (
                        FormKind::Evidence,
                        RawAnswer::Evidence {
                            evidence,
                            contradicts,
                            ..
                        },
                    ) => RawAnswer::Evidence {
                        statement: self.answer.trim().to_owned(),
                        evidence: evidence.clone(),
                        contradicts: *contradicts,
                    },
                    (FormKind::Evidence, _) => RawAnswer::Evidence {
                        statement: self.answer.trim().to_owned(),
                        evidence: self.quote.clone(),
                        contradicts: false,
                    },
                    (
                        _,
                        RawAnswer::Choice { .. }
                        | RawAnswer::Typed { .. }
                        | RawAnswer::Flashcard { .. },
                    ) => {
                        let correct = lines(&self.answer);
                        let wrong = lines(&self.wrong);
                        if correct.is_empty() {
                            return Err(missing("answer", "the answer"));
                        }
                        if wrong.is_empty() {
                            RawAnswer::Typed { accept: correct }
                        } else {
                            RawAnswer::Choice { correct, wrong }
                        }
                    }
                    (_, other) => other.clone(),
                };
                Item::Question(question)
            }
        };
        Ok(if self.is_edit() {
            Edit::Replace(item)
        } else {
            Edit::Add(item)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BANK: &str = r#"Bank(
    id: "form-test",
    title: "Form test",
    source: "a test",
    passages: [
        Passage(id: "p1", section: "Talks", text: "The union and the ministry pledged to meet on Friday."),
    ],
    actors: [
        Actor(id: "union", name: "The union", role: "Leads the strike", passages: ["p1"]),
        Actor(id: "ministry", name: "The ministry", role: "Calls the talks", passages: ["p1"]),
    ],
    responses: [
        Response(
            id: "meet",
            statement: "The union and the ministry pledged to meet on Friday.",
            by: ["union", "ministry"],
            status: Pledged,
            passage: "p1",
            quote: "pledged to meet on Friday",
        ),
    ],
)
"#;

    #[test]
    fn a_responses_status_and_second_actor_survive_its_form_and_can_be_changed() {
        let editor = BankEditor::from_text(BANK.to_owned(), std::path::Path::new("form.ron"))
            .expect("the test bank loads");
        let at = ItemRef::new(ItemKind::Response, "meet");
        let item = editor.item(&at).expect("the response");
        let mut form = ItemForm::for_item(&item);
        assert_eq!(form.status, Some(ResponseStatus::Pledged));
        let Ok(Edit::Replace(Item::Response(same))) = form.to_edit(&editor) else {
            panic!("an edit of the response");
        };
        assert_eq!(same.by, ["union", "ministry"]);
        assert_eq!(same.status, Some(ResponseStatus::Pledged));
        form.status = Some(ResponseStatus::Done);
        form.actor = "ministry".to_owned();
        let Ok(Edit::Replace(Item::Response(changed))) = form.to_edit(&editor) else {
            panic!("an edit of the response");
        };
        assert_eq!(changed.status, Some(ResponseStatus::Done));
        assert_eq!(changed.by, ["ministry", "union"], "the chosen actor first");
        form.status = None;
        let Ok(Edit::Replace(Item::Response(unsaid))) = form.to_edit(&editor) else {
            panic!("an edit of the response");
        };
        assert_eq!(
            unsaid.status, None,
            "\"the article does not say\" removes it"
        );
    }

    #[test]
    fn a_sloppy_drag_takes_whole_words() {
        let text = "Reports suggest that ships are already waiting.";
        let start = text.find("hat ships").unwrap_or(0);
        let end = text.find("alrea").unwrap_or(0) + 5;
        assert_eq!(
            &text[snap_to_words(text, start..end)],
            "that ships are already"
        );
        let exact = text.find("ships").unwrap_or(0);
        assert_eq!(&text[snap_to_words(text, exact - 1..exact + 6)], "ships");
    }
}
