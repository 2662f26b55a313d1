//! "Did you mean …?": the likely intended name for one that matched nothing, found with bounded
//! work. A hostile or broken file may hold thousands of dangling references and ids of any length,
//! so names are compared only up to a length, candidates whose length alone rules them out are
//! skipped, and each file has a budget of edit-distance work.

use crate::safe_io::shortened;

/// Names longer than this are never compared for "did you mean": nobody mistypes a 60,000-character
/// id into another, and comparing costs the product of the lengths.
pub const MAX_SUGGESTED_CHARS: usize = 64;

/// The most edit-distance work (cells of the distance table, the product of the two lengths) spent on
/// "did you mean" hints for one file. Far above what a real bank needs (a few thousand); once it is
/// spent the remaining errors are still reported, only without a guess.
pub const SUGGESTION_WORK_PER_FILE: u64 = 4_000_000;

/// The closest of `candidates` to `wrong`, if any is close enough to be a likely typo.
pub fn closest<'c>(wrong: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let mut budget = SUGGESTION_WORK_PER_FILE;
    closest_within(wrong, candidates, &mut budget)
}

/// [`closest`], spending at most `budget` cells of edit-distance work (taken off `budget`). Names
/// longer than [`MAX_SUGGESTED_CHARS`] are skipped, and so is a candidate whose length alone puts it
/// too far away (the distance is at least the difference in length).
pub fn closest_within<'c>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    budget: &mut u64,
) -> Option<&'c str> {
    let wrong_len = wrong.chars().count();
    if wrong_len > MAX_SUGGESTED_CHARS {
        return None;
    }
    let wrong_lower = wrong.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate.len() > MAX_SUGGESTED_CHARS * 4 {
            continue;
        }
        let candidate_len = candidate.chars().count();
        let allowed = (wrong_len.max(candidate_len) / 3).max(1);
        if candidate_len > MAX_SUGGESTED_CHARS || wrong_len.abs_diff(candidate_len) > allowed {
            continue;
        }
        let cost = ((wrong_len + 1) * (candidate_len + 1)) as u64;
        if *budget < cost {
            break;
        }
        *budget -= cost;
        let distance = strsim::damerau_levenshtein(&wrong_lower, &candidate.to_lowercase());
        if distance <= allowed && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// A `help:` text for a name that matched nothing: the likely intended one, or the choices.
pub(super) fn suggestion(
    wrong: &str,
    candidates: &[&str],
    kind: &str,
    budget: &mut u64,
) -> Option<String> {
    if let Some(best) = closest_within(wrong, candidates.iter().copied(), budget) {
        return Some(format!("did you mean `{}`?", shortened(best, 80)));
    }
    if candidates.is_empty() {
        return Some(format!("this bank defines no {kind}s yet"));
    }
    let shown: Vec<String> = candidates
        .iter()
        .take(8)
        .map(|c| format!("`{}`", shortened(c, 40)))
        .collect();
    let more = if candidates.len() > 8 { ", …" } else { "" };
    Some(format!("known {kind}s: {}{more}", shown.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_suggested_and_far_ones_are_not() {
        assert_eq!(closest("promt", ["prompt", "passage"]), Some("prompt"));
        assert_eq!(closest("nato", ["NATO", "eu"]), Some("NATO"));
        assert_eq!(closest("zebra", ["prompt", "passage"]), None);
    }

    #[test]
    fn the_work_spent_never_exceeds_the_budget_and_long_names_cost_nothing() {
        let ids: Vec<String> = (0..5_000).map(|i| format!("actor-{i}")).collect();
        let mut budget = 10_000;
        let _ = closest_within("actor-12x", ids.iter().map(String::as_str), &mut budget);
        assert!(budget <= 10_000);
        let long = "x".repeat(60_000);
        let mut budget = SUGGESTION_WORK_PER_FILE;
        assert_eq!(closest_within(&long, [long.as_str()], &mut budget), None);
        assert_eq!(budget, SUGGESTION_WORK_PER_FILE);
    }
}
