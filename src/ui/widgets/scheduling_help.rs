//! The scheduling settings in plain words, for a student who has never heard of spaced repetition.

use egui::{RichText, Ui};

/// What each scheduling setting does, as (setting, explanation).
pub const EXPLANATIONS: [(&str, &str); 6] = [
    (
        "Desired retention",
        "How sure you want to be of remembering a question when it comes back. At 90 % you should \
         know about 9 in 10 of the questions shown on a day. Higher means questions come back sooner: \
         more reviews, less forgotten. Lower means fewer reviews, but more forgotten.",
    ),
    (
        "Learning steps",
        "How soon a new question comes back while you are learning it, in minutes. \"1 10\" means: \
         after your first answer it returns in 1 minute, then in 10; answered right after the last \
         step, it moves on to days.",
    ),
    (
        "Relearning steps",
        "The same for a question you forgot (rated Again): it comes back after these minutes before \
         it goes back to days.",
    ),
    (
        "New questions per day",
        "How many questions you have never seen are added each day. Each one brings reviews on the \
         days after, so more new questions means more work later.",
    ),
    (
        "New day starts at",
        "The hour your study day rolls over: answers given before it count for the day before, so \
         studying after midnight does not break your streak.",
    ),
    (
        "Maximum interval",
        "The longest a question can stay away, however well you know it.",
    ),
];

/// A folded "What these settings mean" section.
pub fn scheduling_help_ui(ui: &mut Ui) {
    egui::CollapsingHeader::new("What these settings mean")
        .id_salt("scheduling-help")
        .show(ui, |ui| {
            for (setting, explanation) in EXPLANATIONS {
                ui.label(RichText::new(setting).strong());
                ui.add(egui::Label::new(explanation).wrap());
                ui.add_space(4.0);
            }
        });
}
