//! The Class screen's state: the result files a teacher opened, read off the frame, and the report on
//! the chosen paper.

use std::sync::mpsc;

use super::*;
use crate::class::report::{ClassReport, build_report};
use crate::class::results::{Group, Skipped, WhichAttempt, group_attempts, load_results};

/// What the reader thread hands back.
type Read = (Vec<Group>, Vec<Skipped>);

/// The results a teacher opened and the report shown.
pub struct ClassView {
    /// The files or folders opened.
    pub paths: Vec<PathBuf>,
    /// Set while the files are being read (off the frame); dropping it cancels.
    loading: Option<mpsc::Receiver<Read>>,
    /// Every paper found, largest first.
    pub groups: Vec<Group>,
    /// Files skipped while reading or grouping.
    pub skipped: Vec<Skipped>,
    /// The paper shown (index into `groups`).
    pub selected: usize,
    pub which: WhichAttempt,
    /// The report on the selected paper; `None` while loading or when nothing usable was found.
    pub report: Option<ClassReport>,
    /// Bumped when `report` changes, so the screen rebuilds its cached charts only then.
    pub version: u64,
}

impl ClassView {
    /// Whether the files are still being read.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    fn rebuild(&mut self) {
        self.report = self.groups.get(self.selected).map(|group| {
            let mut report = build_report(group, self.which);
            report.skipped = self.skipped.clone();
            report.other_papers = self
                .groups
                .iter()
                .filter(|g| g.key != group.key)
                .map(|g| (g.key.clone(), g.attempts.len()))
                .collect();
            report
        });
        self.version += 1;
    }

    fn receive(&mut self, (groups, skipped): Read) {
        self.loading = None;
        self.groups = groups;
        self.skipped = skipped;
        self.selected = 0;
        self.rebuild();
    }
}

fn read(paths: &[PathBuf]) -> Read {
    let loaded = load_results(paths);
    let (groups, mut skipped) = group_attempts(loaded.attempts);
    skipped.extend(loaded.skipped);
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    (groups, skipped)
}

impl AppState {
    /// Starts reading result files or folders for the Class screen, off the frame.
    pub fn open_class(&mut self, paths: Vec<PathBuf>) {
        let (send, receive) = mpsc::channel();
        let for_thread = paths.clone();
        std::thread::spawn(move || {
            // The receiver is gone when the teacher cancelled: nothing to do then.
            let _ = send.send(read(&for_thread));
        });
        self.class = Some(ClassView {
            paths,
            loading: Some(receive),
            groups: Vec::new(),
            skipped: Vec::new(),
            selected: 0,
            which: WhichAttempt::First,
            report: None,
            version: 0,
        });
        self.screen = Screen::Class;
    }

    /// Takes the reader's result when it is ready; returns whether the screen should keep polling.
    pub fn poll_class(&mut self) -> bool {
        let Some(view) = &mut self.class else {
            return false;
        };
        let Some(receiver) = &view.loading else {
            return false;
        };
        match receiver.try_recv() {
            Ok(read) => {
                view.receive(read);
                false
            }
            Err(mpsc::TryRecvError::Empty) => true,
            Err(mpsc::TryRecvError::Disconnected) => {
                view.loading = None;
                self.notices
                    .push(error("Reading the result files failed.".into()));
                false
            }
        }
    }

    /// Waits for the reader (tests and scripts; the app polls instead).
    pub fn wait_class(&mut self) {
        if let Some(view) = &mut self.class
            && let Some(receiver) = view.loading.take()
        {
            match receiver.recv() {
                Ok(read) => view.receive(read),
                Err(_) => self
                    .notices
                    .push(error("Reading the result files failed.".into())),
            }
        }
    }

    /// Stops reading and forgets the opened results.
    pub fn cancel_class(&mut self) {
        self.class = None;
    }

    /// Shows the report on paper `index` of those found.
    pub fn select_class_paper(&mut self, index: usize) {
        if let Some(view) = &mut self.class
            && index < view.groups.len()
        {
            view.selected = index;
            view.rebuild();
        }
    }

    /// Changes which attempt counts for a student with several.
    pub fn set_class_attempt(&mut self, which: WhichAttempt) {
        if let Some(view) = &mut self.class {
            view.which = which;
            view.rebuild();
        }
    }

    /// Writes the report (CSV or HTML, optionally with pseudonyms) to `path`.
    pub fn export_class(&mut self, path: &Path, html: bool, pseudonymise: bool) {
        let Some(report) = self.class.as_ref().and_then(|v| v.report.as_ref()) else {
            return;
        };
        let report = if pseudonymise {
            report.pseudonymised()
        } else {
            report.clone()
        };
        let text = if html {
            crate::class::html::to_html(&report)
        } else {
            crate::class::format::to_csv(&report)
        };
        match crate::progress::write_atomically(path, text.as_bytes()) {
            Ok(()) => self
                .notices
                .push(info(format!("Report saved as {}.", path.display()))),
            Err(e) => self
                .notices
                .push(error(format!("Could not save the report: {e}"))),
        }
    }
}
