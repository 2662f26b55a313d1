//! Opening the log on top of the progress index: only the lines after the indexed prefix are read.

use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom};
use std::path::Path;

use super::{
    BOM, MAX_LOG_BYTES, OpenedLog, ParsedLog, ReviewLog, cut_after_last_good_line, torn_notice,
    utf16_as_utf8,
};
use crate::progress::ProgressError;

impl ReviewLog {
    /// Opens the log when it still begins with the prefix an index was built from (`prefix` bytes
    /// ending in a line break, whose last 4 KiB hash to `mark`), reading and parsing only the lines
    /// after it. Returns `Ok(None)` when that cannot be trusted or needs more than a torn last line
    /// repaired (the prefix changed, damage or a repeated record in the tail, a byte-order mark):
    /// the caller then opens the whole log with [`ReviewLog::open`], which repairs as always.
    pub fn open_after(
        path: &Path,
        mark: &crate::progress::snapshot::LogMark,
        lines_before: u64,
    ) -> Result<Option<OpenedLog>, ProgressError> {
        use std::io::Read;
        let Ok(meta) = std::fs::metadata(path) else {
            return Ok(None);
        };
        if !meta.is_file() || meta.len() < mark.len_bytes || meta.len() > MAX_LOG_BYTES {
            return Ok(None);
        }
        if crate::progress::snapshot::LogMark::of_prefix(path, mark.len_bytes)?.as_ref()
            != Some(mark)
        {
            return Ok(None);
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .map_err(|e| ProgressError::io("open the progress file", path, e))?;
        let offset = mark.len_bytes;
        let mut bytes = Vec::new();
        let read = |file: &mut File, bytes: &mut Vec<u8>| -> std::io::Result<bool> {
            if offset > 0 {
                file.seek(SeekFrom::Start(offset - 1))?;
                let mut last = [0u8; 1];
                file.read_exact(&mut last)?;
                if last[0] != b'\n' {
                    return Ok(false);
                }
            }
            file.seek(SeekFrom::Start(offset))?;
            file.take(MAX_LOG_BYTES - offset).read_to_end(bytes)?;
            Ok(true)
        };
        if !read(&mut file, &mut bytes)
            .map_err(|e| ProgressError::io("read the progress file", path, e))?
        {
            return Ok(None);
        }
        if bytes.starts_with(BOM) || (offset == 0 && utf16_as_utf8(&bytes).is_some()) {
            return Ok(None);
        }
        let parsed = ParsedLog::parse(&bytes);
        let mut damaged = parsed.damaged_lines.clone();
        let mut torn = parsed.torn_line;
        // With no good line after the prefix, a single bad line is a write cut off by a crash too:
        // the prefix before it ends in a good line.
        if parsed.records.is_empty() && damaged.len() == 1 && offset > 0 {
            torn = damaged.pop();
        }
        if !damaged.is_empty() || parsed.duplicates > 0 {
            return Ok(None);
        }
        // Lines are numbered as in the whole file when the prefix has no blank or repeated lines.
        let torn = torn.map(|line| line + usize::try_from(lines_before).unwrap_or(0));
        let mut notices = Vec::new();
        let good_end = parsed.good_end;
        let needs_newline = good_end > 0 && bytes[good_end - 1] != b'\n';
        if torn.is_some() || needs_newline {
            let end = offset + good_end as u64;
            cut_after_last_good_line(&mut file, path, end, needs_newline)?;
            if let Some(line) = torn {
                notices.push(torn_notice(line));
            }
        }
        Ok(Some((Self::over(file, path)?, parsed.records, notices)))
    }
}
