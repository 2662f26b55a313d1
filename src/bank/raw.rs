//! The serde mirror of a `.ron` bank file, as close to what a teacher types as possible.
//!
//! Nothing here is checked beyond what serde enforces: ids may clash, references may dangle, quotes may
//! be misquoted. [`super::validate`] turns a [`RawBank`] into a [`super::Bank`] that cannot be invalid.
//! Optional fields default (`#[serde(default)]`) so a hand-written file only says what matters, and
//! unknown fields are errors so that a typo (`promt`) is caught instead of silently ignored.

use serde::{Deserialize, Serialize};

/// A whole bank file: what the article is, the article itself as passages, its model (actors, claims,
/// implications, responses) and the questions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Bank")]
pub struct RawBank {
    pub id: String,
    pub title: String,
    /// Where the text comes from, e.g. "article text, undated, publisher unknown".
    pub source: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Whether Dossier adds questions generated from the model (attribution, certainty, roles, causes).
    #[serde(default = "default_true")]
    pub derived_questions: bool,
    /// A teacher's default exam: how many questions, which sections, time limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exam: Option<RawExam>,
    #[serde(default)]
    pub passages: Vec<RawPassage>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<RawActor>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<RawClaim>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub implications: Vec<RawImplication>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<RawResponse>,
    #[serde(default)]
    pub questions: Vec<RawQuestion>,
}

fn default_language() -> String {
    "en".to_owned()
}

fn default_true() -> bool {
    true
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn is_true(value: &bool) -> bool {
    *value
}

/// The exam a teacher sets for the bank; students may still choose their own.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Exam")]
pub struct RawExam {
    pub questions: usize,
    #[serde(default)]
    pub sections: Vec<String>,
    #[serde(default)]
    pub time_limit_minutes: Option<u32>,
    /// The day of the exam, `"2026-12-21"`: until then the schedule brings every question back before
    /// it (see `docs/scheduling.md`). A date the student sets in Settings wins.
    #[serde(default)]
    pub date: Option<String>,
}

/// One paragraph of the article, word for word, under its section heading.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Passage")]
pub struct RawPassage {
    pub id: String,
    pub section: String,
    pub text: String,
}

/// A person, state or body that acts or speaks in the article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Actor")]
pub struct RawActor {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// One line: what this actor does or says in the article.
    pub role: String,
    #[serde(default)]
    pub passages: Vec<String>,
    /// The actor id of the body this actor belongs to (a minister of "G7 finance ministers", a
    /// spokesperson of a ministry). A generated question never offers the body as a wrong speaker for
    /// its member, or the member for its body: a careful reader could defend either.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_of: Option<String>,
    /// Whether Dossier generates questions about this actor (its role, the claims it makes). Off when
    /// the article says too little about it for a fair question; on by default.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub derived_questions: bool,
    /// A draft item (from `dossier new` or an import) the teacher has not confirmed yet; the app marks
    /// it until they do. Confirming removes the field.
    #[serde(default, skip_serializing_if = "is_false")]
    pub review: bool,
}

/// How sure the article is of a claim. Teaching this difference is half of reading news well: a rumour
/// must never be learnt as a fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Certainty {
    /// "Reports suggest …": reported, not confirmed.
    Reported,
    /// "… is rumored to …": hearsay.
    Rumored,
    /// Said on the record by a named official body or office holder.
    Official,
    /// A characterisation or warning by analysts or experts.
    Analysis,
    /// Stated by the article in its own voice, as fact.
    Asserted,
    /// The article's own argument or recommendation ("the West must …"), in its own voice only.
    Opinion,
    /// Attributed to a named source who is not an official: a campaigner, a charity, a voter, a
    /// correspondent. What they say is theirs, not the article's and not an official position.
    Attributed,
}

impl Certainty {
    pub const ALL: [Certainty; 7] = [
        Certainty::Reported,
        Certainty::Rumored,
        Certainty::Official,
        Certainty::Analysis,
        Certainty::Asserted,
        Certainty::Opinion,
        Certainty::Attributed,
    ];

    /// How the certainty is shown to a student.
    pub fn label(self) -> &'static str {
        match self {
            Certainty::Reported => "reported (not confirmed)",
            Certainty::Rumored => "rumored",
            Certainty::Official => "an official statement",
            Certainty::Analysis => "analysts' or experts' view",
            Certainty::Asserted => "stated as fact by the article",
            Certainty::Opinion => "the article's own opinion",
            Certainty::Attributed => "a named source's own view (not official)",
        }
    }
}

/// Something the article says happened or was said.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Claim")]
pub struct RawClaim {
    pub id: String,
    /// The claim in plain words, as a student should remember it (hedges kept).
    pub statement: String,
    /// Who makes the claim: an actor id, or "article" when the article says it in its own voice.
    #[serde(default = "default_by")]
    pub by: String,
    /// Actor ids the claim is about.
    #[serde(default)]
    pub about: Vec<String>,
    pub certainty: Certainty,
    pub passage: String,
    /// Verbatim words of the passage that carry the claim.
    pub quote: String,
    /// Whether Dossier generates questions from this claim (who said it, how sure the article is). Off
    /// when a generated question about it would be unfair; on by default.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub derived_questions: bool,
    /// A draft item (from `dossier new` or an import) the teacher has not confirmed yet; the app marks
    /// it until they do. Confirming removes the field.
    #[serde(default, skip_serializing_if = "is_false")]
    pub review: bool,
}

fn default_by() -> String {
    "article".to_owned()
}

/// What the article says may follow from the alliance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Implication")]
pub struct RawImplication {
    pub id: String,
    pub statement: String,
    /// What leads to it, short ("the exchange of military technology").
    pub cause: String,
    /// What may follow, short ("faster nuclear proliferation").
    pub effect: String,
    #[serde(default = "default_implication_certainty")]
    pub certainty: Certainty,
    /// Who says it may follow: an actor id (analysts, a minister). `None` is the article's own voice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    pub passage: String,
    pub quote: String,
    /// Whether Dossier may ask "what leads to <effect>?". Off when the article ties the effect to
    /// so much that wrong answers could be defended.
    #[serde(default = "default_true")]
    pub ask_cause: bool,
    /// A cause broad enough to fit other effects too ("the exchange of military technology"): never
    /// offered as a wrong answer to another implication's cause question.
    #[serde(default)]
    pub broad_cause: bool,
    /// Whether Dossier generates questions from this implication (its cause); on by default.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub derived_questions: bool,
    /// A draft item (from `dossier new` or an import) the teacher has not confirmed yet; the app marks
    /// it until they do. Confirming removes the field.
    #[serde(default, skip_serializing_if = "is_false")]
    pub review: bool,
}

fn default_implication_certainty() -> Certainty {
    Certainty::Analysis
}

/// A response the article says is taken or considered (sanctions, support, diplomacy).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Response")]
pub struct RawResponse {
    pub id: String,
    pub statement: String,
    /// Actor ids who take or consider it.
    #[serde(default)]
    pub by: Vec<String>,
    /// How far the response has got in the article: done, pledged, under way, being explored, or only
    /// recommended by the article. `None` when the article does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ResponseStatus>,
    pub passage: String,
    pub quote: String,
    /// A draft item (from `dossier new` or an import) the teacher has not confirmed yet; the app marks
    /// it until they do. Confirming removes the field.
    #[serde(default, skip_serializing_if = "is_false")]
    pub review: bool,
}

/// How far a response has got, as the article tells it. Students confuse what was done with what was
/// only promised or proposed; questions about responses test exactly that.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ResponseStatus {
    /// Already taken ("have imposed sanctions").
    Done,
    /// Promised or committed to, not yet carried out ("pledged to", "will").
    Pledged,
    /// In progress ("are strengthening").
    UnderWay,
    /// Being considered or explored ("are exploring", "could").
    Exploring,
    /// Urged by the article in its own voice ("must", "should"), not reported as taken by anyone.
    Recommended,
}

impl ResponseStatus {
    pub const ALL: [ResponseStatus; 5] = [
        ResponseStatus::Done,
        ResponseStatus::Pledged,
        ResponseStatus::UnderWay,
        ResponseStatus::Exploring,
        ResponseStatus::Recommended,
    ];

    /// How the status is shown to a student.
    pub fn label(self) -> &'static str {
        match self {
            ResponseStatus::Done => "already done",
            ResponseStatus::Pledged => "pledged, not yet done",
            ResponseStatus::UnderWay => "under way",
            ResponseStatus::Exploring => "being explored",
            ResponseStatus::Recommended => "only recommended by the article",
        }
    }
}

/// One hand-written question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Question")]
pub struct RawQuestion {
    pub id: String,
    pub prompt: String,
    /// The passage the answer comes from; empty (left out) in a bank without an article, such as one
    /// imported from a quiz file: such a question has no "Show in article".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub passage: String,
    /// Verbatim words of the passage that support the answer; highlighted in the feedback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Why the answer is right, in the article's words.
    #[serde(default)]
    pub explanation: String,
    /// Ids of the actors, claims, implications or responses this question tests.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    pub answer: RawAnswer,
    /// A draft item (from `dossier new` or an import) the teacher has not confirmed yet; the app marks
    /// it until they do. Confirming removes the field.
    #[serde(default, skip_serializing_if = "is_false")]
    pub review: bool,
    /// An open-book question ("In this paragraph, …"): the study screen shows its passage before the
    /// student answers, not only in the feedback.
    #[serde(default, skip_serializing_if = "is_false")]
    pub show_passage: bool,
}

/// The kind of question and its answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum RawAnswer {
    /// Multiple choice: shown shuffled; more than one `correct` makes it multi-select.
    Choice {
        correct: Vec<String>,
        wrong: Vec<String>,
    },
    /// True or false.
    TrueFalse { answer: bool },
    /// A short typed answer; any of `accept` is right, small typos forgiven.
    Typed { accept: Vec<String> },
    /// A sentence with gaps in braces: "Analysts called it a {desperate} alliance". Alternatives are
    /// separated by `|`: "{Stoltenberg|Jens Stoltenberg}".
    Cloze { text: String },
    /// Pairs to match, left to right; the right-hand sides are shuffled.
    Matching { pairs: Vec<(String, String)> },
    /// Items in their correct order; shown shuffled.
    Ordering { items: Vec<String> },
    /// Front is the prompt; the student reveals the back and grades themself.
    Flashcard { back: String },
    /// A number typed by the student; right when it falls in any of `accept` (a value with a tolerance,
    /// or a range), with that answer's credit.
    Numeric { accept: Vec<RawNumeric> },
    /// The student picks the sentence of the passage that supports (or, with `contradicts: true`,
    /// contradicts) `statement`; the right sentence is the one containing `evidence`.
    Evidence {
        statement: String,
        evidence: String,
        #[serde(default)]
        contradicts: bool,
    },
    /// Two linked parts, as reading assessments ask them. Part A is a choice on the prompt (`correct`
    /// and `wrong` as in `Choice`); Part B asks which sentence of the passage best supports the Part-A
    /// answer, the right one being the sentence containing `evidence`. Both right is full credit, Part
    /// A alone half, Part B without Part A none.
    TwoPart {
        correct: Vec<String>,
        wrong: Vec<String>,
        evidence: String,
    },
}

/// One accepted numeric answer: `(value: 1822, tolerance: 5)` or `(min: 3.141, max: 3.142)`, with
/// `credit` in percent (default 100) for answers worth part of the marks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Number")]
pub struct RawNumeric {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default = "full_credit", skip_serializing_if = "is_full_credit")]
    pub credit: u8,
}

fn full_credit() -> u8 {
    100
}

fn is_full_credit(credit: &u8) -> bool {
    *credit == 100
}
