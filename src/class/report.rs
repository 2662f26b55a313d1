//! The class report: for one paper, the test and item statistics, distractor analysis, time, mastery
//! per section and actor, and flags a teacher can act on.

use std::path::PathBuf;

use serde::Serialize;

use super::results::{Attempt, Duplicate, Group, GroupKey, Skipped, WhichAttempt, one_per_student};
use super::stats::{ItemStats, TestStats, item_stats, test_stats};

/// Facility at or above this: too easy (Moodle's bands call 90–94 % "very easy", 95 % and more
/// "extremely easy").
pub const TOO_EASY: f64 = 0.90;
/// Facility at or below this: too hard (Moodle: 6–10 % "very difficult", 5 % or less "extremely
/// difficult or something wrong with the question").
pub const TOO_HARD: f64 = 0.10;
/// Discrimination index below this (but not negative): does not discriminate (Moodle: "0–19 very
/// weak, probably not sufficient").
pub const WEAK_DISCRIMINATION: f64 = 20.0;
/// Discriminative efficiency below this: Moodle marks the question as dubious.
pub const DUBIOUS_EFFICIENCY: f64 = 15.0;

/// Something a teacher can act on about one question.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "flag", rename_all = "snake_case")]
pub enum Flag {
    /// Facility ≥ [`TOO_EASY`].
    TooEasy,
    /// Facility ≤ [`TOO_HARD`].
    TooHard,
    /// Discrimination index 0 ≤ DI < [`WEAK_DISCRIMINATION`], or efficiency < [`DUBIOUS_EFFICIENCY`].
    DoesNotDiscriminate,
    /// Discrimination index < 0: the weaker students did better on it than the stronger ones; often a
    /// wrong key or an ambiguous question.
    DiscriminatesNegatively,
    /// A wrong option of a multiple-choice (or two-part) question that no one chose: it does not
    /// distract.
    UnchosenDistractor { option: String },
    /// A wrong option the top third chose more often than the right one: often a wrong key, or an
    /// option that is right too.
    DistractorBeatsKey { option: String },
}

impl Flag {
    /// The flag in a few words for tables.
    pub fn short(&self) -> String {
        match self {
            Flag::TooEasy => "too easy".to_owned(),
            Flag::TooHard => "too hard".to_owned(),
            Flag::DoesNotDiscriminate => "does not discriminate".to_owned(),
            Flag::DiscriminatesNegatively => "discriminates negatively".to_owned(),
            Flag::UnchosenDistractor { option } => format!("nobody chose \"{option}\""),
            Flag::DistractorBeatsKey { option } => {
                format!("top third chose \"{option}\" over the key")
            }
        }
    }
}

/// How often one response was given: overall and by the top and bottom thirds of the class.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ResponseCount {
    /// The option text, the answer as typed, or "(no answer)".
    pub response: String,
    /// A right option (or, for free answers, an answer that got full credit).
    pub is_key: bool,
    pub count: usize,
    pub top_third: usize,
    pub bottom_third: usize,
}

/// One question of the paper with its statistics.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ItemReport {
    /// 1-based place on the paper.
    pub position: usize,
    pub question_id: String,
    pub prompt: String,
    pub section: String,
    pub kind: String,
    pub actors: Vec<String>,
    #[serde(flatten)]
    pub stats: ItemStats,
    /// Mean time spent on the question, seconds.
    pub mean_time_secs: f64,
    /// Every option (for choice questions, also those nobody chose), or the answers given; most
    /// frequent first for free answers.
    pub responses: Vec<ResponseCount>,
    pub flags: Vec<Flag>,
}

/// The class's mastery of one section or actor: the mean score over the questions about it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mastery {
    pub name: String,
    pub questions: usize,
    /// 0..=1.
    pub mastery: f64,
}

/// One student's line in the teacher's report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StudentRow {
    /// The name, or a pseudonym in exports when asked.
    pub student: String,
    /// % of the maximum.
    pub score_percent: f64,
    pub time_secs: f64,
    pub file: PathBuf,
}

/// The report on one paper.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassReport {
    #[serde(flatten)]
    pub paper: GroupKey,
    pub which_attempt: WhichAttempt,
    pub test: TestStats,
    /// Size of the top and bottom groups used in distractor analysis (⌊S/3⌋).
    pub third_size: usize,
    pub items: Vec<ItemReport>,
    pub sections: Vec<Mastery>,
    pub actors: Vec<Mastery>,
    pub students: Vec<StudentRow>,
    /// Students with more than one attempt.
    pub duplicates: Vec<Duplicate>,
    /// Attempts counted without a student name (never merged).
    pub unnamed: usize,
    /// Files skipped, with the reason (damaged, other papers, practice exams, …).
    pub skipped: Vec<Skipped>,
    /// Other papers found among the files, with how many attempts each: not mixed into this report.
    pub other_papers: Vec<(GroupKey, usize)>,
    /// Distribution of the total scores: 10 bins of 10 % (the last includes 100 %).
    pub histogram: [usize; 10],
}

/// Builds the report on a group of attempts of one paper.
pub fn build_report(group: &Group, which: WhichAttempt) -> ClassReport {
    let (attempts, duplicates) = one_per_student(group.attempts.clone(), which);
    let questions = attempts.first().map_or(0, |a| a.items.len());
    let scores: Vec<Vec<f64>> = attempts
        .iter()
        .map(|a| a.items.iter().map(|i| i.score).collect())
        .collect();
    let item_stats: Vec<ItemStats> = (0..questions).map(|q| item_stats(&scores, q)).collect();
    let variances: Vec<Option<f64>> = item_stats.iter().map(|s| s.mark_variance).collect();
    let test = test_stats(&scores, questions, &variances);

    // Thirds by total score, best first; ties keep the attempt order (start time).
    let mut ranked: Vec<usize> = (0..attempts.len()).collect();
    ranked.sort_by(|&a, &b| attempts[b].total().total_cmp(&attempts[a].total()));
    let third_size = attempts.len() / 3;
    let mut third = vec![0i8; attempts.len()];
    for &i in &ranked[..third_size] {
        third[i] = 1;
    }
    for &i in &ranked[attempts.len() - third_size..] {
        third[i] = -1;
    }

    let items: Vec<ItemReport> = item_stats
        .into_iter()
        .enumerate()
        .map(|(q, stats)| item_report(&attempts, &third, q, stats))
        .collect();

    let mut histogram = [0usize; 10];
    for a in &attempts {
        let percent = 100.0 * a.total() / questions.max(1) as f64;
        histogram[((percent / 10.0).floor() as usize).min(9)] += 1;
    }
    let students = attempts
        .iter()
        .map(|a| StudentRow {
            student: a.student.clone(),
            score_percent: 100.0 * a.total() / questions.max(1) as f64,
            time_secs: a.items.iter().map(|i| i.time_ms as f64).sum::<f64>() / 1000.0,
            file: a.path.clone(),
        })
        .collect();
    ClassReport {
        paper: group.key.clone(),
        which_attempt: which,
        test,
        third_size,
        sections: mastery(&items, |i| vec![i.section.clone()]),
        actors: mastery(&items, |i| i.actors.clone()),
        items,
        students,
        duplicates,
        unnamed: attempts
            .iter()
            .filter(|a| a.student_key().is_none())
            .count(),
        skipped: Vec::new(),
        other_papers: Vec::new(),
        histogram,
    }
}

fn item_report(attempts: &[Attempt], third: &[i8], q: usize, stats: ItemStats) -> ItemReport {
    let first = &attempts[0].items[q];
    let n = attempts.len().max(1) as f64;
    let mean_time_secs = attempts
        .iter()
        .map(|a| a.items[q].time_ms as f64)
        .sum::<f64>()
        / n
        / 1000.0;
    let has_options = !first.meta.options.is_empty();
    let mut responses: Vec<ResponseCount> = if has_options {
        first
            .meta
            .options
            .iter()
            .enumerate()
            .map(|(i, option)| ResponseCount {
                response: option.clone(),
                is_key: first.meta.keys.contains(&i),
                count: 0,
                top_third: 0,
                bottom_third: 0,
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut unanswered = ResponseCount {
        response: "(no answer)".to_owned(),
        is_key: false,
        count: 0,
        top_third: 0,
        bottom_third: 0,
    };
    for (a, attempt) in attempts.iter().enumerate() {
        let item = &attempt.items[q];
        let bump = |r: &mut ResponseCount| {
            r.count += 1;
            match third[a] {
                1 => r.top_third += 1,
                -1 => r.bottom_third += 1,
                _ => {}
            }
        };
        let answered = if has_options {
            !item.chosen.is_empty()
        } else {
            !item.answer_text.trim().is_empty()
        };
        if !answered {
            bump(&mut unanswered);
        } else if has_options {
            for &c in &item.chosen {
                if let Some(r) = responses.get_mut(c) {
                    bump(r);
                }
            }
        } else {
            let text = item.answer_text.trim();
            let found = responses
                .iter()
                .position(|r| r.response.to_lowercase() == text.to_lowercase());
            let index = found.unwrap_or_else(|| {
                responses.push(ResponseCount {
                    response: text.to_owned(),
                    is_key: false,
                    count: 0,
                    top_third: 0,
                    bottom_third: 0,
                });
                responses.len() - 1
            });
            responses[index].is_key |= item.score >= 1.0 - 1e-4;
            bump(&mut responses[index]);
        }
    }
    if !has_options {
        responses.sort_by(|a, b| b.count.cmp(&a.count).then(a.response.cmp(&b.response)));
    }
    let mut flags = Vec::new();
    if let Some(f) = stats.facility {
        if f >= TOO_EASY {
            flags.push(Flag::TooEasy);
        } else if f <= TOO_HARD {
            flags.push(Flag::TooHard);
        }
    }
    match stats.discrimination_index {
        Some(di) if di < 0.0 => flags.push(Flag::DiscriminatesNegatively),
        Some(di)
            if di < WEAK_DISCRIMINATION
                || stats
                    .discriminative_efficiency
                    .is_some_and(|de| de < DUBIOUS_EFFICIENCY) =>
        {
            flags.push(Flag::DoesNotDiscriminate)
        }
        _ => {}
    }
    // Authored distractors (not true/false, not an evidence question's sentences).
    let choice = matches!(
        first.meta.kind.as_str(),
        "multiple choice" | "multi-select" | "two-part"
    );
    if has_options {
        let key_top = responses
            .iter()
            .filter(|r| r.is_key)
            .map(|r| r.top_third)
            .max()
            .unwrap_or(0);
        for r in responses.iter().filter(|r| !r.is_key) {
            if choice && r.count == 0 {
                flags.push(Flag::UnchosenDistractor {
                    option: r.response.clone(),
                });
            } else if r.top_third > key_top {
                flags.push(Flag::DistractorBeatsKey {
                    option: r.response.clone(),
                });
            }
        }
    }
    if unanswered.count > 0 {
        responses.push(unanswered);
    }
    ItemReport {
        position: q + 1,
        question_id: first.meta.question_id.clone(),
        prompt: first.meta.prompt.clone(),
        section: first.meta.section.clone(),
        kind: first.meta.kind.clone(),
        actors: first.meta.actors.clone(),
        stats,
        mean_time_secs,
        responses,
        flags,
    }
}

/// Mean facility of the questions under each name (`names_of` an item), names in order met.
fn mastery(items: &[ItemReport], names_of: impl Fn(&ItemReport) -> Vec<String>) -> Vec<Mastery> {
    let mut out: Vec<(String, f64, usize)> = Vec::new();
    for item in items {
        let Some(f) = item.stats.facility else {
            continue;
        };
        for name in names_of(item).into_iter().filter(|n| !n.is_empty()) {
            match out.iter_mut().find(|(n, _, _)| *n == name) {
                Some((_, sum, count)) => {
                    *sum += f;
                    *count += 1;
                }
                None => out.push((name, f, 1)),
            }
        }
    }
    out.into_iter()
        .map(|(name, sum, count)| Mastery {
            name,
            questions: count,
            mastery: sum / count as f64,
        })
        .collect()
}

/// A stable pseudonym for a student name ("Student-3F9A2C"): the same name (case and spacing ignored)
/// always gets the same one, so exports can be compared over time without names in them.
pub fn pseudonym(name: &str) -> String {
    match super::results::student_key(name) {
        None => "(no name)".to_owned(),
        Some(key) => format!(
            "Student-{:06X}",
            crate::stable_hash(key.as_bytes()) & 0xff_ffff
        ),
    }
}

impl ClassReport {
    /// The report with every student name replaced by its [`pseudonym`] and file names reduced to
    /// their pseudonym too (result file names contain the student's name).
    pub fn pseudonymised(&self) -> ClassReport {
        let mut out = self.clone();
        let file_of = |student: &str| PathBuf::from(format!("{}.json", pseudonym(student)));
        for s in &mut out.students {
            s.file = file_of(&s.student);
            s.student = pseudonym(&s.student);
        }
        for d in &mut out.duplicates {
            d.kept = file_of(&d.student);
            d.ignored = d.ignored.iter().map(|_| file_of(&d.student)).collect();
            d.student = pseudonym(&d.student);
        }
        for s in &mut out.skipped {
            s.path = s
                .path
                .file_name()
                .map(|_| PathBuf::from("(a file)"))
                .unwrap_or_default();
        }
        out
    }

    /// Questions with at least one flag.
    pub fn flagged(&self) -> impl Iterator<Item = &ItemReport> {
        self.items.iter().filter(|i| !i.flags.is_empty())
    }
}

/// Reads, groups and reports in one go: the report on `paper` (or, without one, on the only paper
/// found), with everything skipped and every other paper listed. `Err` lists the papers found when
/// there is more than one and none was chosen, or says that nothing usable was found.
pub fn report_on(
    loaded: super::results::Loaded,
    paper: Option<&str>,
    which: WhichAttempt,
) -> Result<ClassReport, ReportError> {
    let (groups, grouping_skipped) = super::results::group_attempts(loaded.attempts);
    let mut skipped = loaded.skipped;
    skipped.extend(grouping_skipped);
    let chosen = match paper {
        Some(id) => {
            let matching: Vec<&Group> = groups.iter().filter(|g| g.key.paper_id == id).collect();
            match matching.as_slice() {
                [] => {
                    return Err(ReportError::NoSuchPaper {
                        paper: id.to_owned(),
                        found: summary(&groups),
                        skipped,
                    });
                }
                [one] => (*one).clone(),
                _ => {
                    return Err(ReportError::SeveralBankVersions {
                        paper: id.to_owned(),
                        found: summary(&groups),
                    });
                }
            }
        }
        None => match groups.as_slice() {
            [] => return Err(ReportError::NothingToReport { skipped }),
            [one] => one.clone(),
            _ => {
                return Err(ReportError::SeveralPapers {
                    found: summary(&groups),
                });
            }
        },
    };
    let mut report = build_report(&chosen, which);
    report.other_papers = summary(&groups)
        .into_iter()
        .filter(|(k, _)| *k != chosen.key)
        .collect();
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    report.skipped = skipped;
    Ok(report)
}

fn summary(groups: &[Group]) -> Vec<(GroupKey, usize)> {
    groups
        .iter()
        .map(|g| (g.key.clone(), g.attempts.len()))
        .collect()
}

/// Why no report could be made.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("no results of a paper were found{}", list_skipped(.skipped))]
    NothingToReport { skipped: Vec<Skipped> },
    #[error("results of several papers were found; choose one with --paper:{}", list_groups(.found))]
    SeveralPapers { found: Vec<(GroupKey, usize)> },
    #[error("no results of paper {paper} were found; papers found:{}{}", list_groups(.found), list_skipped(.skipped))]
    NoSuchPaper {
        paper: String,
        found: Vec<(GroupKey, usize)>,
        skipped: Vec<Skipped>,
    },
    #[error("results of paper {paper} come from different versions of its bank, which are not mixed:{}", list_groups(.found))]
    SeveralBankVersions {
        paper: String,
        found: Vec<(GroupKey, usize)>,
    },
}

fn list_groups(found: &[(GroupKey, usize)]) -> String {
    found
        .iter()
        .map(|(k, n)| format!("\n  {} — {n} result(s)", k))
        .collect()
}

fn list_skipped(skipped: &[Skipped]) -> String {
    skipped
        .iter()
        .map(|s| format!("\n  skipped {}: {}", s.path.display(), s.reason))
        .collect()
}
