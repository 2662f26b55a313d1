//! Reading the result files students hand in: every readable one becomes an [`Attempt`], every other
//! one is named with the reason it was skipped, and attempts are grouped by paper so results of
//! different papers or bank versions are never mixed.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A result file larger than this is not one Dossier wrote (40 questions make about 20 kB).
pub const MAX_RESULT_BYTES: u64 = 8 * 1024 * 1024;

/// One question of a result file as written (see [`crate::study::exam::ExamItem`]).
#[derive(Debug, Deserialize)]
#[serde(default)]
struct RawItem {
    question_id: String,
    section: String,
    prompt: String,
    kind: String,
    answer_text: String,
    /// Read as `f64` from the file's text, so totals agree exactly with other tools reading the same
    /// numbers (the CSV twin, DuckDB).
    score: f64,
    time_ms: u64,
    options: Vec<String>,
    keys: Vec<usize>,
    chosen: Vec<usize>,
    actors: Vec<String>,
}

impl Default for RawItem {
    fn default() -> Self {
        Self {
            question_id: String::new(),
            section: String::new(),
            prompt: String::new(),
            kind: String::new(),
            answer_text: String::new(),
            score: f64::NAN,
            time_ms: 0,
            options: Vec::new(),
            keys: Vec::new(),
            chosen: Vec::new(),
            actors: Vec::new(),
        }
    }
}

/// What every student's copy of a question has in common. Kept once per reader and shared, so ten
/// thousand results of a paper hold its prompts and options once, not ten thousand times.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ItemMeta {
    pub question_id: String,
    pub section: String,
    pub prompt: String,
    pub kind: String,
    /// The options as shown (choice, true/false, evidence); empty for free answers.
    pub options: Vec<String>,
    /// Positions in `options` of the right ones.
    pub keys: Vec<usize>,
    pub actors: Vec<String>,
}

/// One student's answer to one question.
#[derive(Clone, Debug, PartialEq)]
pub struct AttemptItem {
    pub meta: Arc<ItemMeta>,
    /// The answer in words; kept only for questions without options (the report groups free answers
    /// by their text), empty otherwise.
    pub answer_text: String,
    /// 0..=1.
    pub score: f64,
    pub time_ms: u64,
    /// Positions in `meta.options` picked.
    pub chosen: Vec<usize>,
}

/// Shares equal [`ItemMeta`]s within one reader.
#[derive(Default)]
struct Interner(HashSet<Arc<ItemMeta>>);

impl Interner {
    fn intern(&mut self, meta: ItemMeta) -> Arc<ItemMeta> {
        if let Some(found) = self.0.get(&meta) {
            return found.clone();
        }
        let shared = Arc::new(meta);
        self.0.insert(shared.clone());
        shared
    }
}

/// The fields of a result file ([`crate::study::exam::ExamResult`]) the report reads.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ResultFile {
    student_name: String,
    bank_id: String,
    bank_version: Option<String>,
    paper_id: Option<String>,
    started_ms: i64,
    finished_ms: i64,
    items: Vec<RawItem>,
}

/// One student's attempt, read from one result file.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    pub path: PathBuf,
    /// As entered; may be empty.
    pub student: String,
    pub bank_id: String,
    pub bank_version: Option<String>,
    pub paper_id: Option<String>,
    pub started_ms: i64,
    pub finished_ms: i64,
    pub items: Vec<AttemptItem>,
}

impl Attempt {
    /// Who the attempt is by, for spotting the same student twice: the name with case and spacing
    /// ignored. `None` without a name (such attempts are never merged).
    pub fn student_key(&self) -> Option<String> {
        student_key(&self.student)
    }

    /// Sum of the question scores.
    pub fn total(&self) -> f64 {
        self.items.iter().map(|i| i.score).sum()
    }
}

/// The name with case and runs of white space ignored; `None` when empty.
pub fn student_key(name: &str) -> Option<String> {
    let key = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!key.is_empty()).then_some(key)
}

/// A file that was not read, and why, in words for the teacher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: String,
}

/// Everything found in the files and folders given.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub attempts: Vec<Attempt>,
    pub skipped: Vec<Skipped>,
}

/// Reads result files: each path is a result file (`.json`) or a folder searched for them (at any
/// depth, hidden entries and paper files left out). A `.csv` result next to its `.json` twin is the
/// same attempt and is not read again. Files are read on all cores; the order of `attempts` is by path.
pub fn load_results(paths: &[PathBuf]) -> Loaded {
    let mut files: Vec<PathBuf> = Vec::new();
    let mut skipped: Vec<Skipped> = Vec::new();
    for path in paths {
        if path.is_dir() {
            collect_folder(path, 0, &mut files, &mut skipped);
        } else if is_json(path) {
            files.push(path.clone());
        } else if !path.exists() {
            skipped.push(Skipped {
                path: path.clone(),
                reason: "no such file or folder".to_owned(),
            });
        } else {
            skipped.push(Skipped {
                path: path.clone(),
                reason: not_json_reason(path),
            });
        }
    }
    files.sort();
    files.dedup();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = files.len().div_ceil(workers).max(1);
    let read: Vec<Result<Attempt, Skipped>> = std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut interner = Interner::default();
                    part.iter()
                        .map(|p| read_attempt(p, &mut interner))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![Err(Skipped {
                        path: PathBuf::new(),
                        reason: "a reader thread failed".to_owned(),
                    })]
                })
            })
            .collect()
    });
    let mut attempts = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(attempt) => attempts.push(attempt),
            Err(skip) => skipped.push(skip),
        }
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Loaded { attempts, skipped }
}

fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

fn not_json_reason(path: &Path) -> String {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    {
        "a CSV result is read through its .json twin (the exam saves both): hand in the .json file too"
            .to_owned()
    } else {
        "not a result file (results end in .json)".to_owned()
    }
}

fn collect_folder(dir: &Path, depth: usize, files: &mut Vec<PathBuf>, skipped: &mut Vec<Skipped>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            skipped.push(Skipped {
                path: dir.to_path_buf(),
                reason: format!("could not list the folder: {e}"),
            });
            return;
        }
    };
    let mut csvs: Vec<PathBuf> = Vec::new();
    let mut jsons: Vec<PathBuf> = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            if depth < 8 {
                collect_folder(&path, depth + 1, files, skipped);
            }
        } else if super::paper::is_paper_path(&path) {
            // The paper itself, handed in with the results: not an attempt.
        } else if is_json(&path) {
            jsons.push(path);
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            csvs.push(path);
        }
    }
    for csv in csvs {
        if !jsons.contains(&csv.with_extension("json")) {
            skipped.push(Skipped {
                reason: not_json_reason(&csv),
                path: csv,
            });
        }
    }
    files.extend(jsons);
}

/// Reads and checks one result file.
fn read_attempt(path: &Path, interner: &mut Interner) -> Result<Attempt, Skipped> {
    let skip = |reason: String| Skipped {
        path: path.to_path_buf(),
        reason,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| skip(format!("could not read it: {e}")))?
        .len();
    if size > MAX_RESULT_BYTES {
        return Err(skip(format!(
            "{size} bytes is too large to be a result file"
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| skip(format!("could not read it: {e}")))?;
    let file: ResultFile = serde_json::from_slice(&bytes).map_err(|e| {
        skip(if e.is_eof() {
            format!("the file is cut short (damaged or still being copied): {e}")
        } else {
            format!("not a valid result file: {e}")
        })
    })?;
    if file.items.is_empty() {
        return Err(skip(
            "holds no answered exam (no \"items\"): is it a result file?".to_owned(),
        ));
    }
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for (i, item) in file.items.iter().enumerate() {
        if item.question_id.is_empty() {
            return Err(skip(format!("question {} has no question_id", i + 1)));
        }
        if !(0.0..=1.0).contains(&item.score) {
            return Err(skip(format!(
                "the score of question {} ({}) is {}, not between 0 and 1",
                i + 1,
                item.question_id,
                item.score
            )));
        }
        if seen.insert(&item.question_id, ()).is_some() {
            return Err(skip(format!("question {} appears twice", item.question_id)));
        }
        if item
            .keys
            .iter()
            .chain(&item.chosen)
            .any(|&k| k >= item.options.len())
        {
            return Err(skip(format!(
                "question {} names an option it does not have",
                item.question_id
            )));
        }
    }
    Ok(Attempt {
        path: path.to_path_buf(),
        student: file.student_name.trim().to_owned(),
        bank_id: file.bank_id,
        bank_version: file.bank_version,
        paper_id: file.paper_id,
        started_ms: file.started_ms,
        finished_ms: file.finished_ms,
        items: file
            .items
            .into_iter()
            .map(|raw| {
                let has_options = !raw.options.is_empty();
                AttemptItem {
                    meta: interner.intern(ItemMeta {
                        question_id: raw.question_id,
                        section: raw.section,
                        prompt: raw.prompt,
                        kind: raw.kind,
                        options: raw.options,
                        keys: raw.keys,
                        actors: raw.actors,
                    }),
                    answer_text: if has_options {
                        String::new()
                    } else {
                        raw.answer_text
                    },
                    score: raw.score,
                    time_ms: raw.time_ms,
                    chosen: raw.chosen,
                }
            })
            .collect(),
    })
}

/// What a group of comparable attempts shares: the same paper of the same bank version.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct GroupKey {
    pub paper_id: String,
    pub bank_id: String,
    pub bank_version: Option<String>,
}

impl std::fmt::Display for GroupKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "paper {} (bank {}", self.paper_id, self.bank_id)?;
        if let Some(v) = &self.bank_version {
            write!(f, ", version {v}")?;
        }
        write!(f, ")")
    }
}

/// Attempts of one paper.
#[derive(Clone, Debug)]
pub struct Group {
    pub key: GroupKey,
    pub attempts: Vec<Attempt>,
}

/// Sorts attempts into groups by paper and bank version, largest group first. Attempts without a
/// paper (practice exams, each with its own random questions) cannot be compared item by item: they
/// are returned as skipped. Within a group, an attempt whose questions differ from the group's first
/// one is skipped too (a damaged or edited file).
pub fn group_attempts(attempts: Vec<Attempt>) -> (Vec<Group>, Vec<Skipped>) {
    let mut groups: Vec<Group> = Vec::new();
    let mut skipped = Vec::new();
    for attempt in attempts {
        let Some(paper_id) = attempt.paper_id.clone().filter(|p| !p.is_empty()) else {
            skipped.push(Skipped {
                path: attempt.path.clone(),
                reason: "a practice exam, not taken from a paper (each student had other questions); make a paper for the class (Exam → Make a paper) to compare students".to_owned(),
            });
            continue;
        };
        let key = GroupKey {
            paper_id,
            bank_id: attempt.bank_id.clone(),
            bank_version: attempt.bank_version.clone(),
        };
        match groups.iter_mut().find(|g| g.key == key) {
            Some(group) => {
                let same = group.attempts[0]
                    .items
                    .iter()
                    .map(|i| &i.meta.question_id)
                    .eq(attempt.items.iter().map(|i| &i.meta.question_id));
                if same {
                    group.attempts.push(attempt);
                } else {
                    skipped.push(Skipped {
                        path: attempt.path.clone(),
                        reason: format!(
                            "its questions differ from the other results of {}: damaged or edited",
                            group.key
                        ),
                    });
                }
            }
            None => groups.push(Group {
                key,
                attempts: vec![attempt],
            }),
        }
    }
    groups.sort_by(|a, b| {
        b.attempts
            .len()
            .cmp(&a.attempts.len())
            .then(a.key.cmp(&b.key))
    });
    (groups, skipped)
}

/// Which attempt counts when a student handed in more than one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
pub enum WhichAttempt {
    /// The earliest, as Moodle's statistics do by default.
    #[default]
    First,
    /// The latest.
    Last,
    /// Every attempt, each as if by a different student (Moodle warns this may be statistically
    /// invalid).
    All,
}

/// A student with more than one attempt: which file counted and which were left out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    pub student: String,
    pub kept: PathBuf,
    pub ignored: Vec<PathBuf>,
}

/// Keeps one attempt per student (see [`WhichAttempt`]); attempts without a name all count. Order:
/// by start time, then file.
pub fn one_per_student(
    mut attempts: Vec<Attempt>,
    which: WhichAttempt,
) -> (Vec<Attempt>, Vec<Duplicate>) {
    attempts.sort_by(|a, b| a.started_ms.cmp(&b.started_ms).then(a.path.cmp(&b.path)));
    if which == WhichAttempt::All {
        return (attempts, Vec::new());
    }
    let mut by_student: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, attempt) in attempts.iter().enumerate() {
        if let Some(key) = attempt.student_key() {
            by_student.entry(key).or_default().push(i);
        }
    }
    let mut drop = vec![false; attempts.len()];
    let mut duplicates = Vec::new();
    for indices in by_student.values().filter(|v| v.len() > 1) {
        let kept = match which {
            WhichAttempt::Last => indices[indices.len() - 1],
            _ => indices[0],
        };
        for &i in indices {
            drop[i] = i != kept;
        }
        duplicates.push(Duplicate {
            student: attempts[kept].student.clone(),
            kept: attempts[kept].path.clone(),
            ignored: indices
                .iter()
                .filter(|&&i| i != kept)
                .map(|&i| attempts[i].path.clone())
                .collect(),
        });
    }
    duplicates.sort_by(|a, b| a.student.cmp(&b.student));
    let kept = attempts
        .into_iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(a, _)| a)
        .collect();
    (kept, duplicates)
}
