//! Every keyboard shortcut in one table, so the help overlay, the button labels and the key handling
//! all agree, and a test can prove that no two shortcuts clash where both are active.

use egui::{Key, KeyboardShortcut, Modifiers};

/// What a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Undo,
    Bury,
    Suspend,
    OpenBank,
    /// The Import screen: a quiz file from Moodle, Anki or a spreadsheet.
    ImportQuiz,
    GoLibrary,
    GoRead,
    GoStats,
    GoSettings,
    GoExam,
    GoActors,
    /// The teacher's preview of the selected bank.
    GoPreview,
    /// Start studying the bank the library suggests.
    StartStudy,
    /// "I was right": count a typed or cloze answer right that the grader did not accept.
    Override,
    /// Leave the current screen (end a session, close a dialog).
    Back,
    /// Check the answer, or, after checking, accept the suggested rating.
    Submit,
    /// Reveal a flashcard.
    Reveal,
    /// Pick option N (1-based) while answering.
    Choose(u8),
    /// Rate with rating N (1 = Again … 4 = Easy) after answering.
    Rate(u8),
    /// Move the selected item of an ordering question.
    MoveUp,
    MoveDown,
    /// Select the previous/next item (ordering, evidence).
    SelectPrev,
    SelectNext,
    ToggleHelp,
    /// Save the bank being edited.
    Save,
    /// Make an undone edit again.
    Redo,
}

/// When a shortcut is active. Shortcuts only need to be distinct within one context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Everywhere.
    Global,
    /// On a question, before the answer is checked.
    Answering,
    /// After the answer is checked, while the rating buttons are shown.
    Rating,
    /// On the library screen.
    Library,
    /// On the authoring screen.
    Authoring,
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Shortcut {
    pub action: Action,
    pub context: Context,
    pub keys: KeyboardShortcut,
    /// What the help overlay says it does.
    pub description: &'static str,
}

const fn key(
    action: Action,
    context: Context,
    modifiers: Modifiers,
    key: Key,
    description: &'static str,
) -> Shortcut {
    Shortcut {
        action,
        context,
        keys: KeyboardShortcut::new(modifiers, key),
        description,
    }
}

use Context::{Answering, Global, Library, Rating};

const NUMBER_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// The table. Order matters only for display; matching tries the most specific modifiers first.
pub fn table() -> Vec<Shortcut> {
    let mut table = vec![
        key(
            Action::Undo,
            Global,
            Modifiers::COMMAND,
            Key::Z,
            "Undo the last answer",
        ),
        key(
            Action::Undo,
            Context::Authoring,
            Modifiers::COMMAND,
            Key::Z,
            "Undo the last edit (editor)",
        ),
        key(
            Action::Redo,
            Context::Authoring,
            Modifiers::COMMAND.plus(Modifiers::SHIFT),
            Key::Z,
            "Redo the edit undone (editor)",
        ),
        key(
            Action::Save,
            Context::Authoring,
            Modifiers::COMMAND,
            Key::S,
            "Save the bank (editor)",
        ),
        key(
            Action::Bury,
            Global,
            Modifiers::COMMAND,
            Key::B,
            "Bury: hide this question until tomorrow",
        ),
        key(
            Action::Suspend,
            Global,
            Modifiers::COMMAND.plus(Modifiers::SHIFT),
            Key::S,
            "Suspend: hide this question until you unsuspend it",
        ),
        key(
            Action::OpenBank,
            Global,
            Modifiers::COMMAND,
            Key::O,
            "Open a bank file",
        ),
        key(
            Action::ImportQuiz,
            Global,
            Modifiers::COMMAND,
            Key::I,
            "Import a quiz file (GIFT, Aiken, Moodle XML, Anki, CSV)",
        ),
        key(
            Action::GoLibrary,
            Global,
            Modifiers::COMMAND,
            Key::L,
            "Library",
        ),
        key(
            Action::GoRead,
            Global,
            Modifiers::COMMAND,
            Key::R,
            "Read the article",
        ),
        key(
            Action::GoStats,
            Global,
            Modifiers::COMMAND,
            Key::T,
            "Statistics",
        ),
        key(
            Action::GoSettings,
            Global,
            Modifiers::COMMAND,
            Key::Comma,
            "Settings",
        ),
        key(Action::GoExam, Global, Modifiers::COMMAND, Key::E, "Exam"),
        key(
            Action::GoActors,
            Global,
            Modifiers::COMMAND.plus(Modifiers::SHIFT),
            Key::A,
            "Actors",
        ),
        key(
            Action::GoPreview,
            Global,
            Modifiers::COMMAND,
            Key::P,
            "Preview the selected bank's questions",
        ),
        key(
            Action::StartStudy,
            Library,
            Modifiers::NONE,
            Key::Enter,
            "Study the suggested bank (in the library)",
        ),
        key(
            Action::Override,
            Rating,
            Modifiers::COMMAND,
            Key::Enter,
            "I was right: count a typed or cloze answer right",
        ),
        key(
            Action::ToggleHelp,
            Global,
            Modifiers::NONE,
            Key::F1,
            "Show or hide keyboard shortcuts",
        ),
        key(
            Action::Back,
            Global,
            Modifiers::NONE,
            Key::Escape,
            "Back / close the card / end the session",
        ),
        key(
            Action::Submit,
            Answering,
            Modifiers::NONE,
            Key::Enter,
            "Check the answer",
        ),
        key(
            Action::Reveal,
            Answering,
            Modifiers::NONE,
            Key::Space,
            "Reveal the flashcard",
        ),
        key(
            Action::MoveUp,
            Answering,
            Modifiers::ALT,
            Key::ArrowUp,
            "Move the selected item up",
        ),
        key(
            Action::MoveDown,
            Answering,
            Modifiers::ALT,
            Key::ArrowDown,
            "Move the selected item down",
        ),
        key(
            Action::SelectPrev,
            Answering,
            Modifiers::NONE,
            Key::ArrowUp,
            "Select the previous item",
        ),
        key(
            Action::SelectNext,
            Answering,
            Modifiers::NONE,
            Key::ArrowDown,
            "Select the next item",
        ),
        key(
            Action::Submit,
            Rating,
            Modifiers::NONE,
            Key::Enter,
            "Accept the suggested rating",
        ),
        key(
            Action::Submit,
            Rating,
            Modifiers::NONE,
            Key::Space,
            "Accept the suggested rating",
        ),
    ];
    for (i, number) in NUMBER_KEYS.iter().enumerate() {
        let n = i as u8 + 1;
        table.push(key(
            Action::Choose(n),
            Answering,
            Modifiers::NONE,
            *number,
            "Pick option N",
        ));
        if n <= 4 {
            table.push(key(
                Action::Rate(n),
                Rating,
                Modifiers::NONE,
                *number,
                "Rate: 1 Again, 2 Hard, 3 Good, 4 Easy",
            ));
        }
    }
    table
}

/// Whether a shortcut is a plain typing key (no Ctrl/Cmd/Alt): those must not fire while a text field has
/// focus, or typing "1" into an answer would pick option 1.
fn is_typing_key(shortcut: &KeyboardShortcut) -> bool {
    let m = shortcut.modifiers;
    let has_modifier = m.command || m.ctrl || m.alt || m.mac_cmd;
    let never_typed = matches!(shortcut.logical_key, Key::Escape | Key::F1 | Key::Enter);
    !has_modifier && !never_typed
}

/// The actions pressed this frame in the given contexts, consuming their keys. While a text field has
/// focus, typing keys are left to it; while a button, list or box has the keyboard focus (reached
/// with Tab), Space and Enter are left to it, so it opens or clicks as keyboard users expect.
pub fn pressed(ctx: &egui::Context, contexts: &[Context]) -> Vec<Action> {
    let typing = ctx.text_edit_focused();
    let widget_focused = !typing && ctx.memory(|m| m.focused().is_some());
    let mut rows: Vec<Shortcut> = table()
        .into_iter()
        .filter(|s| contexts.contains(&s.context))
        .collect();
    // Most specific first: consume_shortcut ignores extra Shift/Alt, so Ctrl+Shift+S must be tried before
    // anything with fewer modifiers.
    rows.sort_by_key(|s| std::cmp::Reverse(modifier_count(s.keys.modifiers)));
    let mut actions = Vec::new();
    ctx.input_mut(|input| {
        for row in &rows {
            if typing && is_typing_key(&row.keys) {
                continue;
            }
            let activates = row.keys.modifiers.is_none()
                && matches!(row.keys.logical_key, Key::Enter | Key::Space);
            if widget_focused && activates {
                continue;
            }
            if input.consume_shortcut(&row.keys) {
                actions.push(row.action);
            }
        }
    });
    actions
}

fn modifier_count(m: Modifiers) -> u8 {
    u8::from(m.ctrl || m.command || m.mac_cmd) + u8::from(m.shift) + u8::from(m.alt)
}

/// The key text for a button ("Ctrl+Z"), from the table, so buttons never show a stale shortcut.
pub fn label(ctx: &egui::Context, action: Action) -> String {
    table()
        .into_iter()
        .find(|s| s.action == action)
        .map(|s| ctx.format_shortcut(&s.keys))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_shortcuts_clash_in_a_context_where_both_are_active() {
        let rows = table();
        for (i, a) in rows.iter().enumerate() {
            for b in &rows[i + 1..] {
                let overlap = a.context == b.context || a.context == Global || b.context == Global;
                if overlap && a.keys == b.keys {
                    assert_eq!(
                        a.action, b.action,
                        "{:?} and {:?} share {:?}",
                        a.action, b.action, a.keys
                    );
                }
            }
        }
    }

    #[test]
    fn number_keys_choose_while_answering_and_rate_after() {
        let rows = table();
        let one: Vec<_> = rows
            .iter()
            .filter(|s| s.keys.logical_key == Key::Num1)
            .collect();
        assert!(
            one.iter()
                .any(|s| s.action == Action::Choose(1) && s.context == Answering)
        );
        assert!(
            one.iter()
                .any(|s| s.action == Action::Rate(1) && s.context == Rating)
        );
    }

    #[test]
    fn typing_keys_are_recognised_so_text_fields_keep_them() {
        assert!(is_typing_key(&KeyboardShortcut::new(
            Modifiers::NONE,
            Key::Num1
        )));
        assert!(is_typing_key(&KeyboardShortcut::new(
            Modifiers::NONE,
            Key::Space
        )));
        assert!(!is_typing_key(&KeyboardShortcut::new(
            Modifiers::COMMAND,
            Key::Z
        )));
        assert!(!is_typing_key(&KeyboardShortcut::new(
            Modifiers::NONE,
            Key::Escape
        )));
    }
}
