//! An exam: set-up, answers, the timer, the result and its files.

use super::*;
use crate::class::answers::describe_item;
use crate::class::paper::{Paper, PaperSpec, make_paper};

/// An exam being taken or just finished.
pub struct ExamRun {
    pub bank: Arc<Bank>,
    pub exam: Exam<Response>,
    /// Whether the answers go into the study schedule when the exam ends (off by default: an exam
    /// measures, it does not train).
    pub record_in_schedule: bool,
    /// Set when the exam ends.
    pub result: Option<ExamResult>,
    /// Where the result files were saved.
    pub saved_to: Option<(PathBuf, PathBuf)>,
    /// The paper being taken, if the exam is a teacher's paper.
    pub paper: Option<Arc<Paper>>,
}

/// A paper the student opened, with the bank it will be taken from, waiting on the Exam screen for
/// "Start".
#[derive(Clone, Debug)]
pub struct OpenPaper {
    pub paper: Arc<Paper>,
    pub path: PathBuf,
    pub bank: Arc<Bank>,
}

/// What the student chose on the exam set-up form.
#[derive(Clone, Debug, PartialEq)]
pub struct ExamChoice {
    pub questions: usize,
    /// Empty: every section.
    pub sections: Vec<String>,
    pub time_limit_minutes: Option<u32>,
    pub seed: u64,
    pub record_in_schedule: bool,
}

impl AppState {
    /// Starts an exam on the selected bank. Flashcards are left out: they are graded by the student,
    /// which an exam cannot allow.
    pub fn start_exam(&mut self, choice: &ExamChoice) {
        let Some(bank) = self.selected().cloned() else {
            self.notices
                .push(error("Pick a bank in the library first.".into()));
            return;
        };
        let spec = ExamSpec {
            questions: choice.questions.saturating_mul(2).max(choice.questions),
            sections: choice.sections.clone(),
            time_limit_secs: choice.time_limit_minutes.map(|m| m * 60),
            seed: choice.seed,
        };
        let picked: Vec<QuestionId> = crate::study::exam::pick_questions(&bank, &spec)
            .into_iter()
            .filter(|id| {
                bank.question(id)
                    .is_some_and(|q| !matches!(q.answer, crate::bank::Answer::Flashcard { .. }))
            })
            .take(choice.questions)
            .collect();
        let now = self.clock.now();
        match Exam::start(
            &bank,
            &picked,
            spec.time_limit_secs,
            &self.settings.student_name,
            now,
        ) {
            Ok(exam) => {
                self.exam = Some(ExamRun {
                    bank,
                    exam,
                    record_in_schedule: choice.record_in_schedule,
                    result: None,
                    saved_to: None,
                    paper: None,
                })
            }
            Err(e) => self
                .notices
                .push(error(format!("Could not start the exam: {e}"))),
        }
    }

    /// Records the answer to the exam's current question and moves to the next unanswered one.
    pub fn exam_answer(&mut self, response: Response) {
        let now = self.clock.now();
        let Some(run) = &mut self.exam else { return };
        match run.exam.answer(response, now) {
            Ok(ExamStatus::Finished) | Err(_) => self.finish_exam(),
            Ok(ExamStatus::Asking { .. }) => {}
        }
    }

    /// Shows exam question `index`.
    pub fn exam_go_to(&mut self, index: usize) {
        let now = self.clock.now();
        if let Some(run) = &mut self.exam
            && run.exam.go_to(index, now).is_err()
        {
            self.finish_exam();
        }
    }

    /// Ends the exam if its time is up; returns how long until it is, for the UI's timer.
    pub fn exam_tick(&mut self) -> Option<std::time::Duration> {
        let now = self.clock.now();
        let run = self.exam.as_mut()?;
        if run.result.is_some() {
            return None;
        }
        if run.exam.tick(now) == ExamStatus::Finished {
            self.finish_exam();
            return None;
        }
        run.exam
            .remaining_ms(now)
            .map(|ms| std::time::Duration::from_millis(ms.clamp(200, 1000)))
    }

    /// Ends the exam, scores it, saves the result files and, if chosen, records the answers in the
    /// schedule.
    pub fn finish_exam(&mut self) {
        let now = self.clock.now();
        let Some(run) = &mut self.exam else { return };
        if run.result.is_some() {
            return;
        }
        // Already finished (time up) is fine: the result is what matters.
        let _ = run.exam.finish(now);
        let known = crate::study::KnownAnswers::from_bank(&run.bank);
        let scored = run.exam.score(|question, response| {
            let verdict = crate::study::grade_with(question, response, &known);
            (
                verdict.score,
                crate::study::response_text(question, response),
                verdict.expected,
            )
        });
        let mut result = match scored {
            Ok(result) => result,
            Err(e) => {
                self.notices
                    .push(error(format!("The exam could not be scored: {e}")));
                return;
            }
        };
        for (i, item) in result.items.iter_mut().enumerate() {
            if let Some(question) = run.bank.question(&item.question_id) {
                let order = run.paper.as_ref().and_then(|p| p.order_of(&question.id));
                describe_item(item, &run.bank, question, run.exam.response(i), order);
            }
        }
        if let Some(dir) = &self.data_dir {
            match crate::study::exam::save_result(&dir.root.join("exams"), &result) {
                Ok(paths) => run.saved_to = Some(paths),
                Err(e) => self
                    .notices
                    .push(error(format!("The exam result could not be saved: {e}"))),
            }
        }
        let mut records = Vec::new();
        if run.record_in_schedule {
            for item in &result.items {
                if item.answer_text.is_empty() {
                    continue;
                }
                let rating = if item.correct {
                    Rating::Good
                } else if item.score > 0.0 {
                    Rating::Hard
                } else {
                    Rating::Again
                };
                let at_ms = now.timestamp_millis();
                records.push(Record {
                    id: crate::study::RecordId::new(at_ms),
                    at_ms,
                    utc_offset_secs: now.offset().local_minus_utc(),
                    bank: run.bank.id.clone(),
                    question: item.question_id.clone(),
                    event: crate::study::Event::Review {
                        rating,
                        score: item.score,
                        answer: item.answer_text.clone(),
                        duration_ms: item.time_ms,
                        content_hash: run
                            .bank
                            .question(&item.question_id)
                            .map_or(0, |q| q.content_hash),
                    },
                });
            }
        }
        run.result = Some(result);
        for record in records {
            self.collection.apply(&record, &self.scheduler);
            self.persist(record);
        }
    }

    /// Copies the last exam's result files into a folder of the student's choice.
    pub fn export_exam(&mut self, folder: &Path) {
        let Some(result) = self.exam.as_ref().and_then(|r| r.result.as_ref()) else {
            return;
        };
        match crate::study::exam::save_result(folder, result) {
            Ok((csv, _)) => {
                self.notices.push(info(format!(
                    "Exam result saved as {} (and .json).",
                    csv.display()
                )));
                self.export_problem_reports(folder);
            }
            Err(e) => self
                .notices
                .push(error(format!("Could not save the exam result there: {e}"))),
        }
    }

    /// Writes the student's problem reports as a spreadsheet beside exported results, so the teacher
    /// gets them with the results.
    fn export_problem_reports(&mut self, folder: &Path) {
        let Some(dir) = &self.data_dir else { return };
        let path = dir.root.join(crate::progress::reports::REPORTS_FILE);
        let result = crate::progress::reports::load(&path)
            .and_then(|reports| crate::progress::reports::export_csv(&reports, folder));
        match result {
            Ok(Some(csv)) => self.notices.push(info(format!(
                "Your problem reports are in {}.",
                csv.display()
            ))),
            Ok(None) => {}
            Err(e) => self.notices.push(error(format!(
                "The problem reports could not be exported: {e}"
            ))),
        }
    }
}

impl AppState {
    /// The id of the library's bank the paper was made from (only banks with the paper's bank id are
    /// read whole), or why there is none.
    fn find_paper_bank(
        &self,
        paper: &crate::class::paper::Paper,
    ) -> Result<BankId, crate::class::paper::BankMismatch> {
        let banks = self
            .banks()
            .filter(|b| b.id == paper.bank_id)
            .filter_map(|b| b.full());
        paper
            .find_bank(banks.map(|b| b.as_ref()))
            .map(|b| b.id.clone())
    }

    /// Opens a paper file: finds its bank (in the library, or next to the paper) and shows the paper
    /// on the Exam screen, ready to start. A missing or changed bank is said plainly and nothing
    /// starts.
    pub fn open_paper(&mut self, path: &Path) {
        let paper = match Paper::load(path) {
            Ok(paper) => Arc::new(paper),
            Err(e) => {
                self.notices.push(error(e.to_string()));
                return;
            }
        };
        let mut found = self.find_paper_bank(&paper);
        if found.is_err() {
            for candidate in paper.bank_candidates(path) {
                if let Ok(bank) = validate::load_bank_file(&candidate)
                    && bank.id == paper.bank_id
                {
                    self.open_bank_file(&candidate);
                    found = self.find_paper_bank(&paper);
                    if found.is_ok() {
                        break;
                    }
                }
            }
        }
        match found {
            Ok(_) => {
                let bank = self
                    .banks()
                    .filter(|b| b.id == paper.bank_id)
                    .filter_map(|b| b.full())
                    .find(|b| paper.check_bank(b).is_ok())
                    .cloned();
                if let Some(bank) = bank {
                    self.follow_paper_exam_date(&bank, paper.exam_date);
                    self.selected_bank = Some(bank.id.clone());
                    self.exam_paper = Some(OpenPaper {
                        paper,
                        path: path.to_path_buf(),
                        bank,
                    });
                    self.screen = Screen::Exam;
                }
            }
            Err(mismatch) => self.notices.push(error(format!(
                "Cannot start the paper {}: {mismatch}.",
                path.display()
            ))),
        }
    }

    /// A paper's exam date still ahead becomes the bank's exam date in the student's settings, unless
    /// they set one themselves: from now on the schedule studies towards it.
    fn follow_paper_exam_date(
        &mut self,
        bank: &crate::bank::Bank,
        date: Option<chrono::NaiveDate>,
    ) {
        let Some(date) = date else { return };
        let today = self.clock.now().date_naive();
        if date <= today || self.settings.exam_dates.contains_key(&bank.id.0) {
            return;
        }
        self.settings.exam_dates.insert(bank.id.0.clone(), date);
        self.save_settings();
        self.notices.push(info(format!(
            "This paper's exam is on {}: until then every question of {} comes back before it (Settings → Exam dates).",
            date.format("%-d %B %Y"),
            bank.title
        )));
    }

    /// Starts the opened paper: exactly its questions, in its order, with its time limit.
    pub fn start_paper_exam(&mut self) {
        let Some(open) = self.exam_paper.take() else {
            return;
        };
        if let Err(mismatch) = open.paper.check_bank(&open.bank) {
            self.notices
                .push(error(format!("Cannot start the paper: {mismatch}.")));
            return;
        }
        let now = self.clock.now();
        match Exam::start(
            &open.bank,
            &open.paper.question_ids(),
            open.paper.time_limit_secs,
            &self.settings.student_name,
            now,
        ) {
            Ok(exam) => {
                self.exam = Some(ExamRun {
                    bank: open.bank.clone(),
                    exam: exam.with_paper(&open.paper.paper_id),
                    record_in_schedule: false,
                    result: None,
                    saved_to: None,
                    paper: Some(open.paper.clone()),
                })
            }
            Err(e) => self
                .notices
                .push(error(format!("Could not start the paper: {e}"))),
        }
    }

    /// Makes a paper from the selected bank with the set-up form's choices and saves it at `path`
    /// (`.paper.json` added when missing). Returns where it went.
    pub fn make_paper(&mut self, choice: &ExamChoice, path: &Path) -> Option<PathBuf> {
        let Some(bank) = self.selected().cloned() else {
            self.notices
                .push(error("Pick a bank in the library first.".into()));
            return None;
        };
        let spec = PaperSpec {
            questions: choice.questions,
            sections: choice.sections.clone(),
            seed: choice.seed,
            time_limit_secs: choice.time_limit_minutes.map(|m| m.saturating_mul(60)),
            title: String::new(),
        };
        let path = crate::class::paper::with_paper_extension(path);
        let exam_date = self.settings.exam_dates.get(&bank.id.0).copied();
        let saved = make_paper(&bank, &spec).and_then(|mut paper| {
            paper.exam_date = exam_date.or(paper.exam_date);
            paper.save(&path)?;
            Ok(paper)
        });
        match saved {
            Ok(paper) => {
                let bank_file = bank
                    .path
                    .as_ref()
                    .and_then(|p| p.file_name())
                    .map_or("the bank file".to_owned(), |n| {
                        n.to_string_lossy().into_owned()
                    });
                self.notices.push(info(format!(
                    "Saved paper {} ({} questions) as {}. Hand it out with {bank_file}.",
                    paper.paper_id,
                    paper.questions.len(),
                    path.display()
                )));
                Some(path)
            }
            Err(e) => {
                self.notices
                    .push(error(format!("Could not make the paper: {e}")));
                None
            }
        }
    }

    /// Flags or unflags exam question `index` to come back to.
    pub fn exam_toggle_flag(&mut self, index: usize) {
        if let Some(run) = &mut self.exam {
            run.exam.toggle_flag(index);
        }
    }
}
