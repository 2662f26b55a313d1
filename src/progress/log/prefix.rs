//! Reading the beginning of the log from another thread while the app keeps appending to it: only
//! the bytes that were written when the reading started, streamed, with progress and a way to stop.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use super::{BOM, record_problem};
use crate::progress::ProgressError;
use crate::study::Record;

/// Bytes read between two progress reports.
const REPORT_EVERY_BYTES: u64 = 1 << 20;

/// The records in the first `len_bytes` of the log at `path`, in file order, a repeated record id
/// read once, as [`super::ReviewLog::open`] reads them. `len_bytes` must end a line (the length of
/// the log after an append): the log only grows beyond it while this runs, so what is read is
/// exactly what was written then. `progress(bytes_read)` is called every megabyte and at the end;
/// it returns `false` to stop, and the reading then returns `Ok(None)`. Lines that do not hold a
/// plausible record (the store repaired the log when it opened it, so there should be none) are
/// skipped, as for a merge source. Streamed: the log's bytes are never all in memory.
pub fn read_prefix(
    path: &Path,
    len_bytes: u64,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<Option<Vec<Record>>, ProgressError> {
    read_range(path, 0..len_bytes, None, progress)
}

/// The records on the lines between byte `range.start` and `range.end` of the log (both ending a
/// line), read as [`read_prefix`] reads them; with `needle`, only lines containing those bytes are
/// parsed (a question's id as JSON, for its history: the others cost a byte scan, not a parse).
pub fn read_range(
    path: &Path,
    range: std::ops::Range<u64>,
    needle: Option<&[u8]>,
    progress: &mut dyn FnMut(u64) -> bool,
) -> Result<Option<Vec<Record>>, ProgressError> {
    use std::io::{Seek, SeekFrom};
    let mut file =
        File::open(path).map_err(|e| ProgressError::io("open the progress file", path, e))?;
    file.seek(SeekFrom::Start(range.start))
        .map_err(|e| ProgressError::io("read the progress file", path, e))?;
    let len_bytes = range.end.saturating_sub(range.start);
    let at_start = range.start == 0;
    let mut reader = BufReader::with_capacity(1 << 20, file.take(len_bytes));
    let mut seen = HashSet::new();
    let mut records = Vec::new();
    let mut line = Vec::new();
    let mut done = 0u64;
    let mut next_report = 0u64;
    loop {
        line.clear();
        let read = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| ProgressError::io("read the progress file", path, e))?;
        if read == 0 {
            break;
        }
        let bytes = if done == 0 && at_start {
            line.strip_prefix(BOM).unwrap_or(&line)
        } else {
            &line[..]
        };
        done += read as u64;
        if done >= next_report {
            if !progress(done) {
                return Ok(None);
            }
            next_report = done + REPORT_EVERY_BYTES;
        }
        if bytes.iter().all(u8::is_ascii_whitespace)
            || needle.is_some_and(|n| !bytes.windows(n.len()).any(|w| w == n))
        {
            continue;
        }
        if let Ok(record) = serde_json::from_slice::<Record>(bytes)
            && record_problem(&record).is_none()
            && seen.insert(record.id.clone())
        {
            records.push(record);
        }
    }
    if done < len_bytes {
        return Err(ProgressError::io(
            "read the progress file",
            path,
            std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "it became shorter while it was being read",
            ),
        ));
    }
    Ok(progress(done).then_some(records))
}
