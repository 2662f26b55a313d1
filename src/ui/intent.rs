//! What the user asked for, as data. Screens return intents while drawing; [`super::app::DossierApp`]
//! runs them after the frame is drawn, in one place, so the order of effects never depends on the order
//! widgets happen to be drawn in.

use std::path::PathBuf;

use crate::BankId;
use crate::progress::settings::Settings;
use crate::study::Rating;
use crate::study::grade::Response;
use crate::study::session::SessionFilter;

/// A screen of the app; one list feeds both the navigation bar and the dispatch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Screen {
    Library,
    Study,
    Read,
    Actors,
    Exam,
    Stats,
    Settings,
    /// A teacher's read-only list of a bank's questions, opened from the library.
    Preview,
    /// "New bank from article…": a file or pasted text in, a draft bank out.
    NewBank,
    /// The authoring screen: select words in the article to make items; edit and save in place.
    Author,
    /// A teacher's report on a class's exam results.
    Class,
    /// "Import…": a GIFT, Aiken, Moodle XML, Anki or CSV file previewed, then saved as a bank.
    Import,
}

impl Screen {
    /// The screens shown in the navigation bar, in order. Study appears only while a session runs.
    pub const NAV: [Screen; 7] = [
        Screen::Library,
        Screen::Read,
        Screen::Actors,
        Screen::Exam,
        Screen::Class,
        Screen::Stats,
        Screen::Settings,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Screen::Library => "Library",
            Screen::Study => "Study",
            Screen::Read => "Read",
            Screen::Actors => "Actors",
            Screen::Exam => "Exam",
            Screen::Stats => "Statistics",
            Screen::Settings => "Settings",
            Screen::Preview => "Preview",
            Screen::NewBank => "New bank",
            Screen::Author => "Edit",
            Screen::Class => "Class",
            Screen::Import => "Import",
        }
    }
}

/// Something the user did that changes state.
#[must_use]
#[derive(Clone, Debug)]
pub enum Intent {
    Navigate(Screen),
    SelectBank(BankId),
    StartStudy {
        bank: BankId,
        filter: SessionFilter,
    },
    Answer(Response),
    Rate(Rating),
    Undo,
    Bury,
    Suspend,
    EndSession,
    /// Open the custom-session window for this bank.
    CustomSession(BankId),
    /// Escape during a session: ask before ending it.
    AskEndSession,
    /// The answer to "End this session?": true shows the summary, false studies on.
    ConfirmEndSession(bool),
    /// "I was right": count the typed or cloze answer on screen right.
    OverrideVerdict,
    /// Save a note for the teacher about a question of the session's bank.
    ReportProblem {
        question: crate::QuestionId,
        note: String,
    },
    /// Show the "Open a bank file" window (a path field, and the system's file dialog).
    OpenBankDialog,
    /// Ask for a bank file with the system's file dialog.
    SystemFileDialog,
    /// Load a bank from a file the user picked or dropped, without copying it.
    OpenBank(PathBuf),
    /// Copy a dropped or opened bank into the user's library folder.
    ImportBank(PathBuf),
    ReloadBanks,
    /// Open a bank file in the system's editor, for teachers.
    EditInEditor(PathBuf),
    OpenDataFolder,
    /// The settings as the student changed them; saved at once and applied.
    UpdateSettings(Box<Settings>),
    /// Jump to a passage of the article with a quote highlighted.
    ShowInArticle {
        bank: BankId,
        passage: String,
        quote: Option<String>,
    },
    DismissNotice(usize),
    /// Keep (true) or reset (false) the progress on questions the teacher changed.
    ResolveChanged {
        bank: BankId,
        keep: bool,
    },
    StartExam(crate::ui::state::ExamChoice),
    ExamAnswer(Response),
    ExamGoTo(usize),
    FinishExam,
    /// Ask for a folder and save the exam result there too.
    ExportExam,
    /// Leave the result screen for a new exam.
    CloseExam,
    RetryPendingWrites,
    /// Ask for an article file (.txt, .md, .html) and draft a bank from it.
    DraftFromFileDialog {
        title: Option<String>,
    },
    /// Draft a bank from an article: saved into the library and opened in Preview.
    DraftNewBank {
        source: crate::ui::state::ArticleSource,
        title: Option<String>,
    },
    /// Something done on the authoring screen.
    Author(crate::ui::state::AuthorIntent),
    /// Settings → "Optimize from my reviews" and its answers.
    Optimizer(crate::ui::optimizer::OptimizerAction),
    /// Exam papers and class results (see `ui::state::exam` and `ui::state::class`).
    Class(ClassIntent),
    /// The Import screen (see `ui::state::import`).
    Import(crate::ui::state::ImportIntent),
}

/// What a student or teacher did with papers and class results.
#[derive(Clone, Debug)]
pub enum ClassIntent {
    /// Ask for a paper file with the system's file dialog.
    OpenPaperDialog,
    /// Open a paper file (picked, dropped, or `dossier exam PAPER`).
    OpenPaper(PathBuf),
    /// Start the opened paper.
    StartPaper,
    /// Put the opened paper away without starting it.
    ClosePaper,
    /// Ask where to save a paper made with these choices, then make it.
    MakePaperDialog(crate::ui::state::ExamChoice),
    /// Flag or unflag exam question N to come back to.
    ToggleFlag(usize),
    /// Ask for a folder of result files.
    OpenResultsDialog,
    /// Read these result files or folders.
    OpenResults(Vec<PathBuf>),
    /// Show the report on paper N of those found.
    SelectPaper(usize),
    SetAttempt(crate::class::results::WhichAttempt),
    /// Ask where to save the report, as HTML or CSV, with pseudonyms or not.
    Export {
        html: bool,
        pseudonymise: bool,
    },
    /// Stop reading / close the results.
    CloseResults,
    /// Show a question of the report in Preview.
    PreviewQuestion {
        bank: BankId,
        question: String,
    },
}
