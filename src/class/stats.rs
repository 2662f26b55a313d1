//! Item and test statistics exactly as Moodle's quiz statistics report computes them (see
//! `docs/class-results.md` for the formulas and where they come from).
//!
//! Input is a score matrix: one row per attempt, one column per question, each score 0..=1 (every
//! Dossier question is worth one mark; an unanswered question scores 0, as in Moodle). Nothing here
//! reads files or knows about students: [`super::report`] does that.

use serde::Serialize;

/// One question's statistics. `None` where Moodle shows nothing (too few attempts, or a zero variance
/// that would divide by zero).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ItemStats {
    /// Attempts counted (`s`).
    pub attempts: usize,
    /// Mean score over the maximum score (0..=1): the share of the marks the class got.
    pub facility: Option<f64>,
    /// Standard deviation of the scores (sample, n − 1), as a fraction of the maximum score.
    pub sd: Option<f64>,
    /// 100 × the correlation between this question's score and the rest of the test (the total minus
    /// this question), −100..=100.
    pub discrimination_index: Option<f64>,
    /// 100 × the covariance with the rest of the test over the largest covariance the same scores could
    /// have (both sorted), −100..=100.
    pub discriminative_efficiency: Option<f64>,
    /// Sample variance of the scores (n − 1); its sum over questions enters Cronbach's α.
    pub mark_variance: Option<f64>,
}

/// The whole test's statistics. Scores are percentages of the maximum (0..=100), as Moodle shows
/// them; skewness and kurtosis do not depend on the scale.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TestStats {
    /// Attempts counted (`S`).
    pub attempts: usize,
    /// Questions (`P`).
    pub questions: usize,
    /// Mean total score, % of the maximum.
    pub mean: Option<f64>,
    /// Median total score, % (the mean of the two middle ones for an even count).
    pub median: Option<f64>,
    /// Sample standard deviation of the total scores, %.
    pub sd: Option<f64>,
    /// k3 / k2^(3/2), with at least 3 attempts.
    pub skewness: Option<f64>,
    /// k4 / k2², with at least 4 attempts (0 for a normal distribution).
    pub kurtosis: Option<f64>,
    /// Coefficient of internal consistency (Cronbach's α) × 100.
    pub cic: Option<f64>,
    /// 100 × √(1 − CIC/100): the share of the SD that is noise.
    pub error_ratio: Option<f64>,
    /// Error ratio × SD / 100, in % of the maximum: how far a student's score may be from their "true"
    /// score.
    pub standard_error: Option<f64>,
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// The statistics of question `item` over the attempts in `scores` (each row a full attempt; rows too
/// short for `item` are not counted).
pub fn item_stats(scores: &[Vec<f64>], item: usize) -> ItemStats {
    let mut marks: Vec<f64> = Vec::with_capacity(scores.len());
    let mut others: Vec<f64> = Vec::with_capacity(scores.len());
    for row in scores {
        if let Some(&mark) = row.get(item) {
            marks.push(mark);
            others.push(row.iter().sum::<f64>() - mark);
        }
    }
    let s = marks.len();
    let mut stats = ItemStats {
        attempts: s,
        ..ItemStats::default()
    };
    if s == 0 {
        return stats;
    }
    let mark_mean = mean(&marks);
    let other_mean = mean(&others);
    // The maximum mark is 1, so facility is the mean mark.
    stats.facility = Some(mark_mean);
    if s < 2 {
        return stats;
    }
    let n1 = (s - 1) as f64;
    let mut mark_sq = 0.0;
    let mut other_sq = 0.0;
    let mut cov = 0.0;
    for (m, o) in marks.iter().zip(&others) {
        let (dm, d_o) = (m - mark_mean, o - other_mean);
        mark_sq += dm * dm;
        other_sq += d_o * d_o;
        cov += dm * d_o;
    }
    let mut sorted_marks = marks.clone();
    let mut sorted_others = others.clone();
    sorted_marks.sort_by(f64::total_cmp);
    sorted_others.sort_by(f64::total_cmp);
    let cov_max: f64 = sorted_marks
        .iter()
        .zip(&sorted_others)
        .map(|(m, o)| (m - mark_mean) * (o - other_mean))
        .sum::<f64>()
        / n1;
    let mark_var = mark_sq / n1;
    let other_var = other_sq / n1;
    let cov = cov / n1;
    stats.mark_variance = Some(mark_var);
    stats.sd = Some(mark_var.sqrt());
    if mark_var * other_var != 0.0 {
        stats.discrimination_index = Some(100.0 * cov / (mark_var * other_var).sqrt());
    }
    if cov_max != 0.0 {
        stats.discriminative_efficiency = Some(100.0 * cov / cov_max);
    }
    stats
}

/// The test statistics of `scores` (rows: attempts; all rows the same length `questions`), given the
/// questions' mark variances from [`item_stats`].
pub fn test_stats(
    scores: &[Vec<f64>],
    questions: usize,
    item_variances: &[Option<f64>],
) -> TestStats {
    let s = scores.len();
    let mut stats = TestStats {
        attempts: s,
        questions,
        ..TestStats::default()
    };
    if s == 0 || questions == 0 {
        return stats;
    }
    let to_percent = 100.0 / questions as f64;
    // Totals in marks: Cronbach's α compares their variance with the questions' (also in marks).
    let totals: Vec<f64> = scores.iter().map(|row| row.iter().sum::<f64>()).collect();
    let avg = mean(&totals);
    stats.mean = Some(avg * to_percent);
    let mut sorted = totals.clone();
    sorted.sort_by(f64::total_cmp);
    let median = if s.is_multiple_of(2) {
        (sorted[s / 2 - 1] + sorted[s / 2]) / 2.0
    } else {
        sorted[s / 2]
    };
    stats.median = Some(median * to_percent);
    if s < 2 {
        return stats;
    }
    let (mut p2, mut p3, mut p4) = (0.0, 0.0, 0.0);
    for t in &totals {
        let d = t - avg;
        p2 += d * d;
        p3 += d * d * d;
        p4 += d * d * d * d;
    }
    let n = s as f64;
    let sd = (p2 / (n - 1.0)).sqrt();
    stats.sd = Some(sd * to_percent);
    if s < 3 {
        return stats;
    }
    let (m2, m3, m4) = (p2 / n, p3 / n, p4 / n);
    let k2 = n * m2 / (n - 1.0);
    let k3 = n * n * m3 / ((n - 1.0) * (n - 2.0));
    if k2 == 0.0 {
        return stats;
    }
    stats.skewness = Some(k3 / k2.powf(1.5));
    if s > 3 {
        let k4 = n * n * ((n + 1.0) * m4 - 3.0 * (n - 1.0) * m2 * m2)
            / ((n - 1.0) * (n - 2.0) * (n - 3.0));
        stats.kurtosis = Some(k4 / (k2 * k2));
    }
    if questions > 1 {
        let p = questions as f64;
        let sum_var: f64 = item_variances.iter().map(|v| v.unwrap_or(0.0)).sum();
        let cic = (100.0 * p / (p - 1.0)) * (1.0 - sum_var / k2);
        stats.cic = Some(cic);
        // α ≤ 1 always (the total's variance is at most P × the sum of the questions'), so the root
        // is defined; the clamp only absorbs rounding when α is 1.
        let error_ratio = 100.0 * (1.0 - cic / 100.0).max(0.0).sqrt();
        stats.error_ratio = Some(error_ratio);
        stats.standard_error = Some(error_ratio * sd * to_percent / 100.0);
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_everyone_gets_right_has_no_discrimination() {
        let scores = vec![vec![1.0, 0.0], vec![1.0, 1.0], vec![1.0, 0.0]];
        let stats = item_stats(&scores, 0);
        assert_eq!(stats.facility, Some(1.0));
        assert_eq!(stats.sd, Some(0.0));
        assert_eq!(stats.discrimination_index, None);
        assert_eq!(stats.discriminative_efficiency, None);
    }

    #[test]
    fn one_attempt_has_a_mean_but_no_spread() {
        let stats = test_stats(&[vec![1.0, 0.0]], 2, &[None, None]);
        assert_eq!(stats.mean, Some(50.0));
        assert_eq!(stats.median, Some(50.0));
        assert_eq!(stats.sd, None);
        assert_eq!(stats.cic, None);
    }
}
