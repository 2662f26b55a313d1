//! Renders a question of any kind and collects the student's answer in an [`AnswerDraft`]. The draft is
//! UI state (what is ticked, typed, dragged); only a finished [`Response`] leaves this module.

use egui::{RichText, Ui};

use crate::bank::{Answer, ClozeSegment, Question};
use crate::study::grade::Response;
use crate::ui::shortcuts::Action;
use crate::{QuestionId, stable_hash};

pub use super::checked::checked_options_ui;
use super::cloze::cloze_ui;
pub use super::cloze::{focused_gap, gap_id};

/// The student's answer in progress for the question on screen.
#[derive(Clone, Debug, Default)]
pub struct AnswerDraft {
    pub question: Option<QuestionId>,
    /// Display order: options of a choice question, right-hand sides of a matching question, or the
    /// current order of an ordering question (indices into the bank's lists).
    pub order: Vec<usize>,
    /// Ticked options (choice), by option index.
    pub ticked: Vec<bool>,
    pub true_false: Option<bool>,
    pub text: String,
    pub gaps: Vec<String>,
    /// For matching: for each left item, the right item chosen.
    pub matches: Vec<Option<usize>>,
    /// The selected item (ordering) or sentence (evidence).
    pub selected: Option<usize>,
    pub revealed: bool,
    /// Whether keyboard focus has been given to the first text field yet.
    pub focused: bool,
    /// Which showing of the question this draft is for ([`crate::study::Session::presentation`]): a
    /// question that comes straight back gets a fresh draft and a fresh shuffle.
    pub shown: u64,
    /// Whether the view has been scrolled to the feedback since the answer was checked.
    pub scrolled_to_feedback: bool,
    /// A problem report being written about the question, while its field is open.
    pub report: Option<String>,
    /// Whether the report field has been given the focus yet.
    pub report_focused: bool,
    /// The sentence last scrolled into view (evidence, two-part), so a sentence picked with ↑/↓ below
    /// the fold is brought into view once, not on every frame.
    pub scrolled_to: Option<usize>,
}

impl AnswerDraft {
    /// A fresh draft for a question, with a shuffle that is the same every time the question is shown,
    /// so the options don't jump around when the window repaints.
    pub fn for_question(question: &Question) -> Self {
        Self::for_showing(question, 0)
    }

    /// A fresh draft for the `shown`-th showing of a question: the options come in another order
    /// each time, so the student remembers the answer, not its place.
    pub fn for_showing(question: &Question, shown: u64) -> Self {
        let seed =
            stable_hash(question.id.0.as_bytes()) ^ shown.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut draft = Self {
            question: Some(question.id.clone()),
            shown,
            ..Self::default()
        };
        match &question.answer {
            Answer::Choice { options, .. } | Answer::TwoPart { options, .. } => {
                draft.order = shuffled(options.len(), seed);
                draft.ticked = vec![false; options.len()];
            }
            Answer::Cloze { segments } => {
                let gaps = segments
                    .iter()
                    .filter(|s| matches!(s, ClozeSegment::Gap { .. }))
                    .count();
                draft.gaps = vec![String::new(); gaps];
            }
            Answer::Matching { pairs } => {
                draft.order = shuffled(pairs.len(), seed);
                draft.matches = vec![None; pairs.len()];
                draft.selected = Some(0);
            }
            Answer::Ordering { items } => {
                draft.order = shuffled_not_identity(items.len(), seed);
                draft.selected = Some(0);
            }
            _ => {}
        }
        draft
    }

    /// Shows the options (choice), right-hand sides (matching) or items (ordering) in `order`, as an
    /// exam paper fixes it; an order that does not fit the question is ignored.
    pub fn use_order(&mut self, order: &[usize]) {
        if crate::class::paper::valid_order(order, self.order.len()).is_some() {
            self.order = order.to_vec();
        }
    }

    /// The answer as the grader takes it, once the student has given enough to check.
    pub fn response(&self, question: &Question) -> Option<Response> {
        match &question.answer {
            Answer::Choice { .. } => {
                let chosen: Vec<usize> =
                    (0..self.ticked.len()).filter(|&i| self.ticked[i]).collect();
                (!chosen.is_empty()).then_some(Response::Choice(chosen))
            }
            Answer::TrueFalse { .. } => self.true_false.map(Response::TrueFalse),
            Answer::Typed { .. } | Answer::Numeric { .. } => {
                (!self.text.trim().is_empty()).then(|| Response::Typed(self.text.clone()))
            }
            Answer::Cloze { .. } => (self.gaps.iter().any(|g| !g.trim().is_empty()))
                .then(|| Response::Cloze(self.gaps.clone())),
            Answer::Matching { .. } => (self.matches.iter().any(Option::is_some))
                .then(|| Response::Matching(self.matches.clone())),
            Answer::Ordering { .. } => Some(Response::Ordering(self.order.clone())),
            Answer::Flashcard { .. } => None,
            Answer::Evidence { .. } => self.selected.map(Response::Evidence),
            Answer::TwoPart { .. } => {
                let choice: Vec<usize> =
                    (0..self.ticked.len()).filter(|&i| self.ticked[i]).collect();
                match (choice.is_empty(), self.selected) {
                    (false, Some(sentence)) => Some(Response::TwoPart { choice, sentence }),
                    _ => None,
                }
            }
        }
    }

    /// Applies a keyboard action to the draft (pick option N, move an item, select a sentence).
    pub fn apply_key(&mut self, question: &Question, action: Action) {
        match (&question.answer, action) {
            (
                Answer::Choice { correct, .. } | Answer::TwoPart { correct, .. },
                Action::Choose(n),
            ) => {
                let Some(&option) = self.order.get(usize::from(n) - 1) else {
                    return;
                };
                let multi = correct.iter().filter(|c| **c).count() > 1;
                if multi {
                    self.ticked[option] = !self.ticked[option];
                } else {
                    self.ticked.iter_mut().for_each(|t| *t = false);
                    self.ticked[option] = true;
                }
            }
            (Answer::Matching { pairs }, Action::Choose(n)) => {
                // Number N gives the selected item the N-th choice, then moves on to the next item
                // still unmatched, so a whole matching question is a few number keys.
                let (Some(row), Some(&right)) = (
                    self.selected,
                    self.order.get(usize::from(n).wrapping_sub(1)),
                ) else {
                    return;
                };
                if let Some(slot) = self.matches.get_mut(row) {
                    *slot = Some(right);
                }
                let next = (row + 1..pairs.len())
                    .chain(0..row)
                    .find(|&r| self.matches[r].is_none());
                self.selected = Some(next.unwrap_or(row));
            }
            (Answer::Matching { pairs }, Action::SelectNext) => {
                self.selected = Some(
                    self.selected
                        .map_or(0, |s| (s + 1).min(pairs.len().saturating_sub(1))),
                );
            }
            (Answer::Matching { .. }, Action::SelectPrev) => {
                self.selected = Some(self.selected.map_or(0, |s| s.saturating_sub(1)));
            }
            (Answer::TrueFalse { .. }, Action::Choose(1)) => self.true_false = Some(true),
            (Answer::TrueFalse { .. }, Action::Choose(2)) => self.true_false = Some(false),
            (Answer::Evidence { sentences, .. }, Action::Choose(n))
                if usize::from(n) <= sentences.len() =>
            {
                self.selected = Some(usize::from(n) - 1);
            }
            (
                Answer::Evidence { sentences, .. } | Answer::TwoPart { sentences, .. },
                Action::SelectNext,
            ) => {
                self.selected = Some(
                    self.selected
                        .map_or(0, |s| (s + 1).min(sentences.len().saturating_sub(1))),
                );
            }
            (Answer::Evidence { .. } | Answer::TwoPart { .. }, Action::SelectPrev) => {
                self.selected = Some(self.selected.map_or(0, |s| s.saturating_sub(1)));
            }
            (Answer::Ordering { items }, Action::SelectNext) => {
                self.selected = Some(
                    self.selected
                        .map_or(0, |s| (s + 1).min(items.len().saturating_sub(1))),
                );
            }
            (Answer::Ordering { .. }, Action::SelectPrev) => {
                self.selected = Some(self.selected.map_or(0, |s| s.saturating_sub(1)));
            }
            (Answer::Ordering { .. }, Action::MoveUp) => self.move_selected(-1),
            (Answer::Ordering { .. }, Action::MoveDown) => self.move_selected(1),
            (Answer::Flashcard { .. }, Action::Reveal) => self.revealed = true,
            _ => {}
        }
    }

    /// Where Enter in gap `from` goes: the next empty gap after it (then before it), or `None` when
    /// it should check the answer (from the last gap, or once every gap is filled).
    pub fn next_empty_gap(&self, from: usize) -> Option<usize> {
        if from + 1 >= self.gaps.len() {
            return None;
        }
        let empty = |i: &usize| self.gaps[*i].trim().is_empty();
        (from + 1..self.gaps.len()).chain(0..from).find(empty)
    }

    fn move_selected(&mut self, by: isize) {
        let Some(at) = self.selected else { return };
        let to = at as isize + by;
        if to < 0 || to as usize >= self.order.len() {
            return;
        }
        self.order.swap(at, to as usize);
        self.selected = Some(to as usize);
    }
}

/// A permutation of `0..n` from a seed (splitmix64 + Fisher–Yates): stable across runs and versions.
pub fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed;
    for i in (1..n).rev() {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        let j = (z % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// Like [`shuffled`], but never the answer itself: an ordering question shown in the right order
/// would give it away.
fn shuffled_not_identity(n: usize, seed: u64) -> Vec<usize> {
    let mut order = shuffled(n, seed);
    if n >= 2 && order.iter().enumerate().all(|(i, &v)| i == v) {
        order.rotate_left(1);
    }
    order
}

/// The two buttons of a true/false question, numbered as the keys that pick them.
pub(super) const TRUE_FALSE_OPTIONS: [(&str, bool); 2] = [("1   True", true), ("2   False", false)];

/// An option as shown, numbered (from 1) as the key that picks it.
pub(super) fn option_text(position: usize, option: &str) -> String {
    format!("{}   {option}", position + 1)
}

/// Draws the answer area for the question. Picking an option never checks the answer by itself: the
/// student confirms with Enter or the Check button, so a slip of the mouse costs nothing.
pub fn answer_ui(ui: &mut Ui, question: &Question, draft: &mut AnswerDraft) {
    match &question.answer {
        Answer::Choice { options, correct } => choice_ui(ui, question, options, correct, draft),
        Answer::TwoPart {
            options,
            correct,
            sentences,
            ..
        } => {
            ui.label(RichText::new("Part A").strong());
            choice_ui(ui, question, options, correct, draft);
            ui.add_space(8.0);
            ui.label(RichText::new("Part B").strong());
            ui.label(
                RichText::new(
                    "Which sentence of the passage best supports your answer to Part A? \
                     Click it, or select it with ↑/↓.",
                )
                .weak(),
            );
            sentences_ui(ui, sentences, draft);
        }
        Answer::TrueFalse { .. } => {
            ui.horizontal(|ui| {
                for (n, (label, value)) in TRUE_FALSE_OPTIONS.into_iter().enumerate() {
                    let button = egui::Button::new(RichText::new(label).size(16.0))
                        .selected(draft.true_false == Some(value))
                        .min_size(egui::vec2(140.0, 40.0));
                    if ui.add(button).clicked() {
                        draft.apply_key(question, Action::Choose(n as u8 + 1));
                    }
                }
            });
        }
        Answer::Typed { .. } | Answer::Numeric { .. } => {
            let hint = if matches!(question.answer, Answer::Numeric { .. }) {
                "Type a number, then press Enter"
            } else {
                "Type your answer, then press Enter"
            };
            let edit = egui::TextEdit::singleline(&mut draft.text)
                .hint_text(hint)
                .desired_width(ui.available_width().min(520.0))
                .font(egui::TextStyle::Body);
            let label = ui.label("Your answer:");
            let response = ui.add(edit).labelled_by(label.id);
            if !draft.focused {
                response.request_focus();
                draft.focused = true;
            }
        }
        Answer::Cloze { segments } => cloze_ui(ui, question, segments, draft),
        Answer::Matching { pairs } => {
            ui.label(
                RichText::new(
                    "Match each item on the left with a choice: pick from its list, or select the \
                     item with ↑/↓ and press the choice's number.",
                )
                .weak(),
            );
            ui.horizontal_wrapped(|ui| {
                for (position, &right) in draft.order.iter().enumerate() {
                    ui.label(RichText::new(option_text(position, &pairs[right].1)).strong());
                    ui.add_space(8.0);
                }
            });
            // Each left item gets a fixed share of the width, so a short one ("Engineers") never
            // wraps letter by letter and a long one wraps at word breaks.
            let label_width = (ui.available_width() * 0.4).clamp(120.0, 380.0);
            for (left, (left_text, _)) in pairs.iter().enumerate() {
                // Top-aligned, so a label that wraps to two lines starts level with its list.
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Min), |ui| {
                    let label = ui
                        .allocate_ui_with_layout(
                            egui::vec2(label_width, 0.0),
                            egui::Layout::top_down(egui::Align::Min),
                            |ui| {
                                ui.set_width(label_width);
                                ui.add_space(3.0);
                                // The item the number keys match now, marked without changing
                                // its name.
                                let text = if draft.selected == Some(left) {
                                    RichText::new(left_text)
                                        .strong()
                                        .background_color(ui.visuals().selection.bg_fill)
                                } else {
                                    RichText::new(left_text)
                                };
                                ui.add(egui::Label::new(text).wrap())
                            },
                        )
                        .inner;
                    let chosen =
                        draft.matches[left].map_or("Choose…".to_owned(), |r| pairs[r].1.clone());
                    let width = ui.available_width().clamp(180.0, 360.0);
                    // `ComboBox::width` is only a minimum: a long choice, truncated at the space
                    // left in the row, would still stretch the box to the window's edge. A child
                    // of exactly this width holds it.
                    ui.allocate_ui_with_layout(
                        egui::vec2(width, 0.0),
                        egui::Layout::left_to_right(egui::Align::Min),
                        |ui| {
                            ui.set_max_width(width);
                            egui::ComboBox::from_id_salt(("match", &question.id, left))
                                .width(width)
                                .wrap_mode(egui::TextWrapMode::Truncate)
                                .selected_text(chosen)
                                .show_ui(ui, |ui| {
                                    // As wide as the box: a long choice wraps instead of
                                    // widening the list.
                                    ui.set_max_width(width);
                                    for &right in &draft.order {
                                        let item = egui::Button::selectable(
                                            draft.matches[left] == Some(right),
                                            &pairs[right].1,
                                        )
                                        .wrap();
                                        if ui.add(item).clicked() {
                                            draft.matches[left] = Some(right);
                                            draft.selected = Some(left);
                                        }
                                    }
                                })
                                .response
                                .labelled_by(label.id);
                        },
                    );
                });
                ui.add_space(4.0);
            }
        }
        Answer::Ordering { items } => {
            ui.label(
                RichText::new(
                    "Put these in order: drag them, or select with ↑/↓ and move with Alt+↑/Alt+↓.",
                )
                .weak(),
            );
            ordering_ui(ui, items, draft);
        }
        Answer::Flashcard { back } => {
            if draft.revealed {
                ui.separator();
                ui.label(RichText::new(back).size(17.0));
                ui.label(
                    RichText::new("Compare it with what you remembered, then rate yourself below.")
                        .weak(),
                );
            } else if ui
                .add(
                    egui::Button::new("Reveal answer")
                        .shortcut_text("Space")
                        .min_size(egui::vec2(160.0, 36.0)),
                )
                .clicked()
            {
                draft.revealed = true;
            }
        }
        Answer::Evidence {
            statement,
            contradicts,
            sentences,
            ..
        } => {
            let verb = if *contradicts {
                "contradicts"
            } else {
                "supports"
            };
            ui.label(RichText::new(format!("Statement: “{statement}”")).italics());
            ui.label(
                RichText::new(format!(
                    "Click the sentence of the passage that {verb} it (or press its number)."
                ))
                .weak(),
            );
            sentences_ui(ui, sentences, draft);
        }
    }
}

/// The options of a choice question (or Part A of a two-part one), numbered as the keys that pick them.
fn choice_ui(
    ui: &mut Ui,
    question: &Question,
    options: &[String],
    correct: &[bool],
    draft: &mut AnswerDraft,
) {
    let multi = correct.iter().filter(|c| **c).count() > 1;
    if multi {
        ui.label(RichText::new("Select every answer that applies.").weak());
    }
    for (position, &option) in draft.order.clone().iter().enumerate() {
        let selected = draft.ticked[option];
        let text = if multi {
            // A box to tick says "more than one" before the instruction is read.
            let tick = if selected { "☑" } else { "☐" };
            format!("{tick} {}", option_text(position, &options[option]))
        } else {
            option_text(position, &options[option])
        };
        let button = egui::Button::new(RichText::new(text).size(16.0))
            .selected(selected)
            .min_size(egui::vec2(ui.available_width(), 36.0))
            .wrap();
        let response = ui.add(button);
        if response.clicked() {
            draft.apply_key(question, Action::Choose((position + 1) as u8));
        }
    }
}

/// The sentences of a passage to pick evidence from (evidence questions, Part B of two-part ones).
fn sentences_ui(ui: &mut Ui, sentences: &[String], draft: &mut AnswerDraft) {
    for (i, sentence) in sentences.iter().enumerate() {
        let button = egui::Button::new(format!("{}   {sentence}", i + 1))
            .selected(draft.selected == Some(i))
            .min_size(egui::vec2(ui.available_width(), 30.0))
            .wrap();
        let response = ui.add(button);
        if response.clicked() {
            draft.selected = Some(i);
        }
        if draft.selected == Some(i) && draft.scrolled_to != Some(i) {
            response.scroll_to_me(None);
            draft.scrolled_to = Some(i);
        }
    }
}

fn ordering_ui(ui: &mut Ui, items: &[String], draft: &mut AnswerDraft) {
    let mut move_from_to = None;
    for position in 0..draft.order.len() {
        let item = draft.order[position];
        let selected = draft.selected == Some(position);
        ui.horizontal(|ui| {
            let up = ui.add_enabled(position > 0, egui::Button::new("▲").small());
            let down = ui.add_enabled(
                position + 1 < draft.order.len(),
                egui::Button::new("▼").small(),
            );
            if up.on_hover_text("Move up").clicked() {
                move_from_to = Some((position, position - 1));
            }
            if down.on_hover_text("Move down").clicked() {
                move_from_to = Some((position, position + 1));
            }
            let id = ui.scope_id().with(("ordering", position));
            let label = egui::Button::new(format!("{}.  {}", position + 1, items[item]))
                .selected(selected)
                .wrap();
            let response = ui.dnd_drag_source(id, position, |ui| ui.add(label)).inner;
            if response.clicked() {
                draft.selected = Some(position);
            }
            if let Some(from) = response.dnd_release_payload::<usize>() {
                move_from_to = Some((*from, position));
            }
        });
    }
    if let Some((from, to)) = move_from_to {
        let item = draft.order.remove(from);
        draft.order.insert(to, item);
        draft.selected = Some(to);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Origin;

    fn two_part() -> Question {
        Question {
            id: QuestionId("q".into()),
            prompt: "How sure?".into(),
            passage: "p".into(),
            quote: None,
            explanation: String::new(),
            about: Vec::new(),
            tags: Vec::new(),
            answer: Answer::TwoPart {
                options: vec!["Reported".into(), "Confirmed".into()],
                correct: vec![true, false],
                evidence: "Reports".into(),
                sentences: vec!["Reports say so.".into(), "Others agree.".into()].into(),
                correct_sentence: 0,
            },
            origin: Origin::Authored,
            show_passage: false,
            review: false,
            content_hash: 0,
        }
    }

    #[test]
    fn a_two_part_answer_is_checked_only_once_both_parts_are_given_by_keyboard() {
        let question = two_part();
        let mut draft = AnswerDraft::for_question(&question);
        assert_eq!(draft.response(&question), None);
        // A number key picks the Part-A option shown at that position.
        draft.apply_key(&question, Action::Choose(1));
        assert_eq!(draft.response(&question), None, "Part B is still open");
        // ↓ selects the first sentence, ↓ again the second, ↑ back to the first.
        draft.apply_key(&question, Action::SelectNext);
        draft.apply_key(&question, Action::SelectNext);
        draft.apply_key(&question, Action::SelectPrev);
        let shown_first = draft.order[0];
        assert_eq!(
            draft.response(&question),
            Some(Response::TwoPart {
                choice: vec![shown_first],
                sentence: 0
            })
        );
    }
}
