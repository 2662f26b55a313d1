//! The teacher's spreadsheet: one CSV row per review (RFC 4180 quoting), readable by any spreadsheet.

use std::io::Write;

use chrono::{FixedOffset, Offset, TimeZone, Utc};

use crate::study::{Event, Record};

/// The CSV header, in column order.
pub const CSV_HEADER: [&str; 11] = [
    "review_id",
    "time",
    "bank",
    "question",
    "rating",
    "score",
    "answer",
    "duration_ms",
    "content_hash",
    "undone",
    "utc_offset_secs",
];

/// Writes one row per review (other events are not reviews), in log order. `time` is the student's
/// local time with its offset (RFC 3339); `undone` says whether the student took the review back.
pub fn write_csv(records: &[Record], out: &mut dyn Write) -> std::io::Result<()> {
    let undone = crate::study::record::undone_ids(records);
    write_row(out, CSV_HEADER.iter().map(|s| (*s).to_owned()))?;
    for record in records {
        let Event::Review {
            rating,
            score,
            answer,
            duration_ms,
            content_hash,
        } = &record.event
        else {
            continue;
        };
        write_row(
            out,
            [
                record.id.0.clone(),
                local_time(record),
                record.bank.0.clone(),
                record.question.0.clone(),
                rating.label().to_owned(),
                score.to_string(),
                answer.clone(),
                duration_ms.to_string(),
                format!("{content_hash:016x}"),
                undone.contains(&record.id).to_string(),
                record.utc_offset_secs.to_string(),
            ],
        )?;
    }
    Ok(())
}

fn local_time(record: &Record) -> String {
    let offset = FixedOffset::east_opt(record.utc_offset_secs).unwrap_or_else(|| Utc.fix());
    offset
        .timestamp_millis_opt(record.at_ms)
        .single()
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_else(|| record.at_ms.to_string())
}

fn write_row(out: &mut dyn Write, fields: impl IntoIterator<Item = String>) -> std::io::Result<()> {
    let mut line = String::new();
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&quote(&field));
    }
    line.push_str("\r\n");
    out.write_all(line.as_bytes())
}

/// Quotes a field when it needs it (comma, quote, line break, or leading/trailing space), doubling
/// quotes inside. A field a spreadsheet would run as a formula — one starting with `=`, `+`, `-`, `@`,
/// a tab or a carriage return (OWASP's CSV injection list) — gets a leading `'`, except a plain
/// negative number such as `-3` or `-0.5` (so `-inf`, `-NaN` and `-1+2` are defused too).
fn quote(field: &str) -> String {
    let defused;
    let field = if looks_like_formula(field) {
        defused = format!("'{field}");
        defused.as_str()
    } else {
        field
    };
    if field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ') {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

fn looks_like_formula(field: &str) -> bool {
    if let Some(rest) = field.strip_prefix('-') {
        let plain_number = rest.starts_with(|c: char| c.is_ascii_digit())
            && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && rest.bytes().filter(|&b| b == b'.').count() <= 1;
        return !plain_number;
    }
    field.starts_with(['=', '+', '@', '\t', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_with_commas_quotes_and_newlines_stay_in_one_cell() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a, b"), "\"a, b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn answers_that_look_like_formulas_are_not_run_by_the_spreadsheet() {
        assert_eq!(quote("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(quote("-3"), "-3");
        assert_eq!(quote("-cmd"), "'-cmd");
        assert_eq!(quote("-0.5"), "-0.5");
        for sneaky in ["-inf", "-NaN", "-infinity", "-1+2", "-1e5"] {
            assert_eq!(quote(sneaky), format!("'{sneaky}"));
        }
        assert_eq!(quote("\t=1+1"), "'\t=1+1");
        assert_eq!(quote("\r=1+1"), "\"'\r=1+1\"");
    }
}
