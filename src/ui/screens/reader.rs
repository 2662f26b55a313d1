//! The article reader and the actors view: the article section by section in a reading column, the
//! model's actors and claims marked in the text, and each one's card (who, what, how sure, which
//! questions test it and how well the student knows them).

use std::collections::HashMap;

use egui::{RichText, Sense, Ui};

use crate::bank::reader::{
    Mark, MarkTarget, actor_claims, passage_marks, questions_about, questions_on_actor,
};
use crate::bank::text::find_quote;
use crate::bank::{Bank, Certainty, Claim, Question};
use crate::study::session::SessionFilter;
use crate::study::stats::KNOWN_RETRIEVABILITY;
use crate::ui::intent::Intent;
use crate::ui::state::AppState;
use crate::ui::theme;
use crate::ui::widgets::passage::highlighted_job;

/// What the reader remembers between frames.
pub struct ReaderView {
    /// Show the model's marks in the text.
    pub show_marks: bool,
    /// The mark whose card is open.
    pub open_card: Option<MarkTarget>,
    /// Marks per passage, built when the bank changes, not every frame.
    marks: HashMap<String, Vec<Mark>>,
    marks_for: Option<crate::BankId>,
    /// The focus already scrolled to, so "show in article" scrolls once.
    scrolled_to: Option<String>,
}

impl Default for ReaderView {
    fn default() -> Self {
        Self {
            show_marks: true,
            open_card: None,
            marks: HashMap::new(),
            marks_for: None,
            scrolled_to: None,
        }
    }
}

/// How well the student knows these questions: (known, total), where known means the chance of
/// recalling it now is at least [`KNOWN_RETRIEVABILITY`] and it is not in its (re)learning steps —
/// a question just missed is not known — the same rule the statistics use.
pub fn mastery(state: &AppState, bank: &Bank, questions: &[&Question]) -> (usize, usize) {
    let now_ms = state.clock.now().timestamp_millis();
    let known = questions
        .iter()
        .filter(|q| {
            let card = state.collection.card(&bank.id, &q.id);
            !card.is_new()
                && !card.is_learning()
                && state.scheduler.retrievability(&card, now_ms) >= KNOWN_RETRIEVABILITY
        })
        .count();
    (known, questions.len())
}

/// What the reader and the actors screen say for a bank imported without its article.
pub const NO_ARTICLE: &str = "This bank has no article: its questions were imported from a quiz file on their own, so there is nothing to read here. To read along, import the quiz again with its article (Library → Import…).";

pub fn reader_ui(ui: &mut Ui, state: &AppState, view: &mut ReaderView, intents: &mut Vec<Intent>) {
    crate::ui::widgets::bank_picker::bank_picker_ui(ui, state, intents);
    let Some(bank) = state.selected() else {
        ui.label("Pick a bank in the library to read its article.");
        return;
    };
    if view.marks_for.as_ref() != Some(&bank.id) {
        view.marks = bank
            .passages
            .iter()
            .map(|p| (p.id.clone(), passage_marks(bank, &p.id)))
            .collect();
        view.marks_for = Some(bank.id.clone());
        view.open_card = None;
    }
    ui.horizontal(|ui| {
        ui.vertical(|ui| {
            ui.add(
                egui::Label::new(
                    RichText::new(&bank.title)
                        .font(theme::title_font())
                        .strong(),
                )
                .wrap(),
            );
            ui.label(RichText::new(&bank.source).small().weak());
        });
    });
    if !bank.has_article() {
        ui.add(egui::Label::new(NO_ARTICLE).wrap());
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut view.show_marks, "Mark actors and claims");
        if view.show_marks {
            // A legend, so the marks say what they are: each word styled exactly as its marks are.
            ui.label(legend_job(ui, "Actors", &MarkTarget::Actor(String::new())));
            ui.label(legend_job(ui, "claims", &MarkTarget::Claim(String::new())));
            ui.label(
                RichText::new("— click one, or Tab to it and press Enter, to see its card.")
                    .small()
                    .weak(),
            );
        }
    });
    ui.separator();

    if let Some(target) = view.open_card.clone() {
        egui::Panel::right("card")
            .resizable(true)
            .default_size(280.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    if ui.small_button("✖ Close").clicked() {
                        view.open_card = None;
                    }
                    card_ui(ui, state, bank, &target);
                });
            });
    }

    let focus = state.reader_focus.clone();
    let mut clicked_target = None;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for section in bank.sections() {
                let questions: Vec<&Question> = bank
                    .questions
                    .iter()
                    .filter(|q| bank.section_of(q) == Some(section))
                    .collect();
                let (known, total) = mastery(state, bank, &questions);
                ui.add_space(10.0);
                ui.horizontal(|ui| {
                    ui.label(RichText::new(section).strong().size(18.0));
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui
                            .add_enabled(total > 0, egui::Button::new("Study this section"))
                            .clicked()
                        {
                            intents.push(Intent::StartStudy {
                                bank: bank.id.clone(),
                                filter: SessionFilter {
                                    section: Some(section.to_owned()),
                                    ..Default::default()
                                },
                            });
                        }
                        ui.label(
                            RichText::new(format!("{known}/{total} known"))
                                .small()
                                .weak(),
                        )
                        .on_hover_text(
                            "Questions on this section you would very likely answer right today",
                        );
                    });
                });
                for passage in bank.passages.iter().filter(|p| p.section == section) {
                    let focused = focus.passage.as_deref() == Some(passage.id.as_str());
                    let mut highlights: Vec<std::ops::Range<usize>> = Vec::new();
                    let marks: &[Mark] = if view.show_marks {
                        view.marks.get(&passage.id).map_or(&[], Vec::as_slice)
                    } else {
                        &[]
                    };
                    if focused
                        && let Some(range) = focus
                            .quote
                            .as_deref()
                            .and_then(|q| find_quote(&passage.text, q))
                    {
                        highlights.push(range);
                    }
                    let wrap = ui.available_width().min(720.0);
                    let job = if highlights.is_empty() && !marks.is_empty() {
                        marked_job(ui, &passage.text, marks, wrap)
                    } else {
                        highlighted_job(ui, &passage.text, &highlights, wrap, false)
                    };
                    // Clicks, but no Tab stop: the marks in it are the Tab stops (see below).
                    let (pos, galley, response) =
                        egui::Label::new(job).sense(Sense::CLICK).layout_in_ui(ui);
                    // Its words, for a screen reader (a laid-out label reports nothing itself).
                    response.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Label, true, passage.text.as_str())
                    });
                    ui.painter()
                        .galley(pos, galley.clone(), ui.visuals().text_color());
                    if focused && view.scrolled_to.as_deref() != Some(passage.id.as_str()) {
                        response.scroll_to_me(Some(egui::Align::Center));
                        view.scrolled_to = Some(passage.id.clone());
                    }
                    if let Some(target) = mark_stops_ui(ui, bank, passage, marks, &galley, pos) {
                        clicked_target = Some(target);
                    }
                    let pointer = response.hover_pos().or(response.interact_pointer_pos());
                    if let Some(pointer) = pointer {
                        let cursor = galley.cursor_from_pos(pointer - pos);
                        let byte = char_to_byte(&passage.text, cursor.index.0);
                        if let Some(mark) = marks.iter().find(|m| m.range.contains(&byte)) {
                            ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
                            if response.clicked() {
                                clicked_target = Some(mark.target.clone());
                            }
                        }
                    }
                    ui.add_space(6.0);
                }
            }
        });
    if let Some(target) = clicked_target {
        view.open_card = Some(target);
    }
}

fn char_to_byte(text: &str, char_index: usize) -> usize {
    text.char_indices()
        .nth(char_index)
        .map_or(text.len(), |(b, _)| b)
}

/// The passage's plain text format.
fn plain_format(ui: &Ui) -> egui::text::TextFormat {
    egui::text::TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: ui.visuals().text_color(),
        ..Default::default()
    }
}

/// How a mark of this kind looks: actors in the accent colour, claims and the like underlined (a
/// background tint over most of an article is low in contrast and tiring to read). One function for
/// the text and the legend, so the legend always looks like the marks.
fn mark_format(ui: &Ui, target: &MarkTarget) -> egui::text::TextFormat {
    let dark = ui.visuals().dark_mode;
    let plain = plain_format(ui);
    match target {
        MarkTarget::Actor(_) => egui::text::TextFormat {
            color: theme::actor_color(dark),
            ..plain
        },
        _ => egui::text::TextFormat {
            underline: egui::Stroke::new(1.0, theme::actor_color(dark).gamma_multiply(0.8)),
            ..plain
        },
    }
}

/// A legend entry: `word` styled as the marks of `kind`.
fn legend_job(ui: &Ui, word: &str, kind: &MarkTarget) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    job.append(word, 0.0, mark_format(ui, kind));
    job
}

/// The passage with the model's marks styled by [`mark_format`].
fn marked_job(ui: &Ui, text: &str, marks: &[Mark], wrap: f32) -> egui::text::LayoutJob {
    let plain = plain_format(ui);
    let mut job = egui::text::LayoutJob::default();
    job.wrap.max_width = wrap;
    let mut at = 0;
    for mark in marks {
        if mark.range.start < at || mark.range.end > text.len() {
            continue;
        }
        job.append(&text[at..mark.range.start], 0.0, plain.clone());
        job.append(
            &text[mark.range.clone()],
            0.0,
            mark_format(ui, &mark.target),
        );
        at = mark.range.end;
    }
    job.append(&text[at..], 0.0, plain);
    job
}

/// One Tab stop per actor or claim marked in a passage (a claim split by a name inside it is still
/// one stop), in reading order, named for a screen reader by what it stands for, and opened with
/// Enter or Space as a click would. The focused one is ringed, all its pieces, and scrolled to.
/// Returns the target opened this frame.
fn mark_stops_ui(
    ui: &Ui,
    bank: &Bank,
    passage: &crate::bank::Passage,
    marks: &[Mark],
    galley: &egui::Galley,
    pos: egui::Pos2,
) -> Option<MarkTarget> {
    let mut targets: Vec<&MarkTarget> = Vec::new();
    for mark in marks {
        if !targets.contains(&&mark.target) {
            targets.push(&mark.target);
        }
    }
    let mut opened = None;
    for (n, target) in targets.into_iter().enumerate() {
        let pieces: Vec<egui::Rect> = marks
            .iter()
            .filter(|m| &m.target == target)
            .flat_map(|m| {
                let start = passage.text[..m.range.start].chars().count();
                let len = passage.text[m.range.clone()].chars().count();
                char_rects(galley, start..start + len)
            })
            .map(|r| r.translate(pos.to_vec2()))
            .collect();
        let Some(first) = pieces.first().copied() else {
            continue;
        };
        let id = ui.scope_id().with(("reader-mark", &passage.id, n));
        let response = ui
            .interact(first, id, Sense::click())
            .on_hover_cursor(egui::CursorIcon::PointingHand);
        let name = mark_name(bank, target);
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        if response.gained_focus() {
            response.scroll_to_me(None);
        }
        if response.has_focus() {
            let stroke = ui.visuals().selection.stroke;
            for piece in &pieces {
                ui.painter()
                    .rect_stroke(piece.expand(2.0), 2.0, stroke, egui::StrokeKind::Outside);
            }
        }
        if response.clicked() {
            opened = Some(target.clone());
        }
    }
    opened
}

/// What a screen reader says for a mark: the actor's name, or the claim (implication, response).
fn mark_name(bank: &Bank, target: &MarkTarget) -> String {
    match target {
        MarkTarget::Actor(id) => bank
            .actor(id)
            .map_or_else(|| id.clone(), |a| format!("{} (actor)", a.name)),
        MarkTarget::Claim(id) => bank
            .claim(id)
            .map_or_else(|| id.clone(), |c| c.statement.clone()),
        MarkTarget::Implication(id) => bank
            .implications
            .iter()
            .find(|i| &i.id == id)
            .map_or_else(|| id.clone(), |i| i.statement.clone()),
        MarkTarget::Response(id) => bank
            .responses
            .iter()
            .find(|r| &r.id == id)
            .map_or_else(|| id.clone(), |r| r.statement.clone()),
    }
}

/// The rectangles, relative to the galley, covering the characters `chars` (char indices), one per
/// row they run over.
fn char_rects(galley: &egui::Galley, chars: std::ops::Range<usize>) -> Vec<egui::Rect> {
    let mut rects = Vec::new();
    let mut row_start = 0;
    for row in &galley.rows {
        let count = row.glyphs.len();
        let from = chars.start.max(row_start);
        let to = chars.end.min(row_start + count);
        if from < to {
            let first = &row.glyphs[from - row_start];
            let last = &row.glyphs[to - 1 - row_start];
            let rect = row.rect();
            rects.push(egui::Rect::from_x_y_ranges(
                rect.min.x + first.pos.x..=rect.min.x + last.max_x(),
                rect.y_range(),
            ));
        }
        row_start += row.char_count_including_newline().0;
    }
    rects
}

/// The card of an actor, claim, implication or response.
fn card_ui(ui: &mut Ui, state: &AppState, bank: &Bank, target: &MarkTarget) {
    let id = match target {
        MarkTarget::Actor(id)
        | MarkTarget::Claim(id)
        | MarkTarget::Implication(id)
        | MarkTarget::Response(id) => id,
    };
    match target {
        MarkTarget::Actor(id) => {
            if let Some(actor) = bank.actor(id) {
                ui.label(RichText::new(&actor.name).strong().size(17.0));
                if !actor.aliases.is_empty() {
                    ui.label(
                        RichText::new(format!("also: {}", actor.aliases.join(", ")))
                            .small()
                            .weak(),
                    );
                }
                ui.add(egui::Label::new(&actor.role).wrap());
            }
        }
        MarkTarget::Claim(id) => {
            if let Some(claim) = bank.claim(id) {
                ui.label(RichText::new("Claim").small().weak());
                ui.add(egui::Label::new(RichText::new(&claim.statement).strong()).wrap());
                let who = bank
                    .actor(&claim.by)
                    .map_or("the article itself", |a| a.name.as_str());
                ui.label(format!("Said by: {who}"));
                certainty_ui(ui, claim.certainty);
            }
        }
        MarkTarget::Implication(id) => {
            if let Some(implication) = bank.implications.iter().find(|i| &i.id == id) {
                ui.label(RichText::new("Implication").small().weak());
                ui.add(egui::Label::new(RichText::new(&implication.statement).strong()).wrap());
                ui.label(format!("Cause: {}", implication.cause));
                ui.label(format!("Possible effect: {}", implication.effect));
                certainty_ui(ui, implication.certainty);
            }
        }
        MarkTarget::Response(id) => {
            if let Some(response) = bank.responses.iter().find(|r| &r.id == id) {
                ui.label(RichText::new("Response").small().weak());
                ui.add(egui::Label::new(RichText::new(&response.statement).strong()).wrap());
            }
        }
    }
    let questions = questions_about(bank, id);
    let (known, total) = mastery(state, bank, &questions);
    ui.separator();
    ui.label(format!(
        "Tested by {total} question{}; you know {known}.",
        if total == 1 { "" } else { "s" }
    ));
    for q in questions.iter().take(8) {
        ui.add(egui::Label::new(RichText::new(format!("• {}", q.prompt)).small()).wrap());
    }
}

fn certainty_ui(ui: &mut Ui, certainty: Certainty) {
    let dark = ui.visuals().dark_mode;
    let color = match certainty {
        Certainty::Rumored | Certainty::Reported => theme::partial_color(dark),
        Certainty::Official | Certainty::Asserted => theme::correct_color(dark),
        Certainty::Analysis | Certainty::Opinion | Certainty::Attributed => {
            ui.visuals().text_color()
        }
    };
    ui.label(RichText::new(format!("How sure the article is: {}", certainty.label())).color(color));
}

/// Every actor with their role, the claims made by and about them, and the student's mastery.
pub fn actors_ui(ui: &mut Ui, state: &AppState, intents: &mut Vec<Intent>) {
    crate::ui::widgets::bank_picker::bank_picker_ui(ui, state, intents);
    let Some(bank) = state.selected() else {
        ui.label("Pick a bank in the library first.");
        return;
    };
    ui.label(
        RichText::new("Who did and said what")
            .font(theme::title_font())
            .strong(),
    );
    ui.label(
        RichText::new("Every actor in the article, what they say and what is said about them.")
            .weak(),
    );
    if bank.actors.is_empty() {
        ui.add(
            egui::Label::new(if bank.has_article() {
                "This bank names no actors: its teacher did not add any."
            } else {
                NO_ARTICLE
            })
            .wrap(),
        );
        return;
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, actor) in bank.actors.iter().enumerate() {
                ui.push_id(&actor.id, |ui| {
                    let questions = questions_on_actor(bank, &actor.id);
                    let (known, total) = mastery(state, bank, &questions);
                    egui::CollapsingHeader::new(
                        RichText::new(format!("{}  ·  {known}/{total} known", actor.name)).strong(),
                    )
                    .default_open(i == 0)
                    .show(ui, |ui| {
                        ui.add(egui::Label::new(&actor.role).wrap());
                        let claims = actor_claims(bank, &actor.id);
                        claim_list_ui(ui, "Says", &claims.made);
                        claim_list_ui(ui, "Said about them", &claims.about);
                    });
                });
            }
        });
}

/// A titled list of claims, each with how sure the article is of it; nothing when empty.
fn claim_list_ui(ui: &mut Ui, title: &str, claims: &[&Claim]) {
    if claims.is_empty() {
        return;
    }
    ui.label(RichText::new(title).small().weak());
    for claim in claims {
        ui.add(
            egui::Label::new(format!(
                "• {} — {}",
                claim.statement,
                claim.certainty.label()
            ))
            .wrap(),
        );
    }
}
