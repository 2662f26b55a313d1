//! The append-only review log: one [`Record`] per line, JSON, `\n`-terminated (JSON Lines). Appends are
//! fsynced before they return. Loading repairs what a crash can leave behind (a cut-off last line) and
//! sets aside what it cannot explain (damage in the middle), keeping every good line.

use std::fs::{File, OpenOptions};
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::{Notice, ProgressError, corrupt_copy_path, sync_dir, write_atomically};
use crate::safe_io::{ReadError, read_limited};
use crate::study::{Event, Record};

const BOM: &[u8] = b"\xEF\xBB\xBF";

mod prefix;
mod tail;

pub use prefix::{read_prefix, read_range};

/// An opened log with its records and what the student should be told.
pub type OpenedLog = (ReviewLog, Vec<Record>, Vec<Notice>);

/// The largest progress log read: far above a lifetime of study (a million reviews is about 230 MB),
/// low enough that a huge or sparse file cannot exhaust memory.
pub const MAX_LOG_BYTES: u64 = 2 * 1024 * 1024 * 1024;

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// Reads a progress log: a regular file (symlinks followed) of at most [`MAX_LOG_BYTES`].
fn read_log_bytes(path: &Path) -> Result<Vec<u8>, ProgressError> {
    read_limited(path, MAX_LOG_BYTES).map_err(|e| match e {
        ReadError::Io(e) => ProgressError::io("read the progress file", path, e),
        other => ProgressError::io("read the progress file", path, other.into_io()),
    })
}

/// The open log of one data dir. Only the lock holder opens it for writing.
#[derive(Debug)]
pub struct ReviewLog {
    file: File,
    path: PathBuf,
    /// Bytes known to be on disk and complete; the next line is written here.
    len: u64,
    /// A failed write may have left part of a line after `len`: cut it off before the next write.
    needs_truncate: bool,
    /// Test seam: the next this-many writes fail as if the disk were full.
    fail_next_writes: u32,
}

/// What reading a log's bytes found: the good records, and where the damage is.
#[derive(Debug, Default)]
pub struct ParsedLog {
    /// Every line that parsed and holds a plausible record, in file order; a record id seen before
    /// is not repeated (a record id is the record).
    pub records: Vec<Record>,
    /// Byte ranges (including the `\n`) of the good lines, parallel to `records`.
    pub spans: Vec<(usize, usize)>,
    /// 1-based numbers of damaged lines other than a torn last line.
    pub damaged_lines: Vec<usize>,
    /// 1-based number of the last line, if it is damaged (a write cut off by a crash).
    pub torn_line: Option<usize>,
    /// Lines that repeat a record already read (same id), ignored.
    pub duplicates: usize,
    /// End of the last line that parsed (a duplicate included): what follows is a torn write.
    pub good_end: usize,
}

/// The last moment a record may be at: the end of the year 9999, as far as dates are shown.
const MAX_AT_MS: i64 = 253_402_300_799_999;

/// Why a record cannot be right, whoever wrote it: a score outside 0–1, a time before 1970 or after
/// 9999, a UTC offset of a day or more. Such a line is treated as damage, never replayed or exported.
pub fn record_problem(record: &Record) -> Option<String> {
    if let Event::Review { score, .. } = &record.event
        && !(score.is_finite() && (0.0..=1.0).contains(score))
    {
        return Some(format!(
            "its score is {score}, not a number between 0 and 1"
        ));
    }
    if !(0..=MAX_AT_MS).contains(&record.at_ms) {
        return Some(format!(
            "its time ({} ms after 1970) is not between 1970 and 9999",
            record.at_ms
        ));
    }
    if record.utc_offset_secs.unsigned_abs() >= 86_400 {
        return Some(format!(
            "its UTC offset ({} s) is a day or more",
            record.utc_offset_secs
        ));
    }
    None
}

impl ParsedLog {
    /// Splits `bytes` into lines and parses each; never fails (damage is reported, not raised). A
    /// UTF-8 byte-order mark at the start (the file saved once in Notepad) is skipped.
    pub fn parse(bytes: &[u8]) -> Self {
        let mut parsed = ParsedLog::default();
        let mut bad: Vec<usize> = Vec::new();
        let mut seen: std::collections::HashSet<crate::study::RecordId> =
            std::collections::HashSet::new();
        let mut last_good_line = 0;
        let mut last_line = 0;
        let mut start = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
        let mut line_no = 0;
        while start < bytes.len() {
            line_no += 1;
            let end = match memchr_newline(&bytes[start..]) {
                Some(i) => start + i + 1,
                None => bytes.len(),
            };
            let line = &bytes[start..end];
            if !line.iter().all(u8::is_ascii_whitespace) {
                last_line = line_no;
                match serde_json::from_slice::<Record>(line) {
                    Ok(record) if record_problem(&record).is_none() => {
                        last_good_line = line_no;
                        parsed.good_end = end;
                        if seen.insert(record.id.clone()) {
                            parsed.records.push(record);
                            parsed.spans.push((start, end));
                        } else {
                            parsed.duplicates += 1;
                        }
                    }
                    Ok(_) | Err(_) => bad.push(line_no),
                }
            }
            start = end;
        }
        // Only the very last line can be a write cut off by a crash; any other bad line (or a file
        // with no good line at all) is damage we cannot explain, and is set aside, not dropped.
        for line in bad {
            if line == last_line && last_good_line > 0 {
                parsed.torn_line = Some(line);
            } else {
                parsed.damaged_lines.push(line);
            }
        }
        parsed
    }

    /// The good lines' bytes, each ending in `\n`.
    fn good_bytes(&self, bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len());
        for &(start, end) in &self.spans {
            out.extend_from_slice(&bytes[start..end]);
            if out.last() != Some(&b'\n') {
                out.push(b'\n');
            }
        }
        out
    }
}

impl ReviewLog {
    /// Opens (creating if needed) the log at `path`, repairs it, and returns it with its records and
    /// what the student should be told. A cut-off last line is dropped; damage elsewhere makes a dated
    /// `.corrupt` copy of the original (never deleted) and rewrites the log with the good lines only.
    pub fn open(path: &Path) -> Result<(Self, Vec<Record>, Vec<Notice>), ProgressError> {
        Self::open_with(path, set_aside)
    }

    /// [`ReviewLog::open`] with the step that copies a damaged file aside passed in, so a test can
    /// make it fail as a full disk would.
    fn open_with(
        path: &Path,
        set_aside: impl FnOnce(&Path, &[u8]) -> Result<PathBuf, ProgressError>,
    ) -> Result<(Self, Vec<Record>, Vec<Notice>), ProgressError> {
        if let Ok(meta) = std::fs::metadata(path)
            && !meta.is_file()
        {
            return Err(ProgressError::io(
                "open the progress file",
                path,
                ReadError::NotAFile {
                    kind: "not a plain file",
                }
                .into_io(),
            ));
        }
        let existed = path.exists();
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| ProgressError::io("open the progress file", path, e))?;
        if !existed {
            file.sync_all()
                .map_err(|e| ProgressError::io("save to disk", path, e))?;
            if let Some(dir) = path.parent() {
                sync_dir(dir)?;
            }
        }
        let original = read_log_bytes(path)?;
        let converted = utf16_as_utf8(&original);
        let bytes: &[u8] = converted.as_deref().unwrap_or(&original);
        let parsed = ParsedLog::parse(bytes);
        let mut notices = Vec::new();
        let good = parsed.records.len();

        if converted.is_some() || !parsed.damaged_lines.is_empty() {
            let repaired = set_aside(path, &original).and_then(|copy| {
                write_atomically(path, &parsed.good_bytes(bytes))?;
                Ok(copy)
            });
            match repaired {
                Ok(copy) if parsed.damaged_lines.is_empty() => {
                    file = OpenOptions::new()
                        .read(true)
                        .write(true)
                        .open(path)
                        .map_err(|e| ProgressError::io("open the progress file", path, e))?;
                    notices.push(Notice::new(format!(
                        "Your progress file had been saved as UTF-16 (Notepad's \"Unicode\"); it was \
                         converted back to UTF-8 and {good} saved answers and actions were kept. A copy \
                         of the original was saved as {}.",
                        copy.display()
                    )));
                }
                // A UTF-16 file cannot take UTF-8 lines: without the conversion, do not write to it.
                Err(e) if converted.is_some() => return Err(e),
                Ok(copy) => {
                    file = OpenOptions::new()
                        .read(true)
                        .write(true)
                        .open(path)
                        .map_err(|e| ProgressError::io("open the progress file", path, e))?;
                    notices.push(Notice::new(format!(
                        "Part of your progress file was damaged ({}). A copy of the original was saved as {}. \
                         {good} saved answers and actions were kept.",
                        describe_lines(&parsed.damaged_lines),
                        copy.display()
                    )));
                    if let Some(line) = parsed.torn_line {
                        notices.push(torn_notice(line));
                    }
                }
                // A full disk or a read-only folder: keep the file exactly as it is (the damage is
                // not lost) and carry on with the good records; the repair is tried next start.
                Err(e) => {
                    notices.push(Notice::new(format!(
                        "Part of your progress file is damaged ({}) and could not be repaired now ({e}). \
                         Its {good} good saved answers and actions are used; Dossier will try again next time.",
                        describe_lines(&parsed.damaged_lines),
                    )));
                    if original.last().is_some_and(|&b| b != b'\n') {
                        // New lines must not glue onto the damaged last one.
                        file.seek(SeekFrom::End(0))
                            .and_then(|_| file.write_all(b"\n"))
                            .and_then(|()| file.sync_data())
                            .map_err(|e| ProgressError::io("repair", path, e))?;
                    }
                }
            }
        } else {
            let good_end = parsed.good_end;
            let needs_newline = good_end > 0 && bytes[good_end - 1] != b'\n';
            if good_end < bytes.len() || needs_newline {
                cut_after_last_good_line(&mut file, path, good_end as u64, needs_newline)?;
                if let Some(line) = parsed.torn_line {
                    notices.push(torn_notice(line));
                }
            }
        }
        Ok((Self::over(file, path)?, parsed.records, notices))
    }

    /// The log over an open, repaired file, appending at its end.
    fn over(file: File, path: &Path) -> Result<Self, ProgressError> {
        let len = file
            .metadata()
            .map_err(|e| ProgressError::io("read", path, e))?
            .len();
        Ok(Self {
            file,
            path: path.to_path_buf(),
            len,
            needs_truncate: false,
            fail_next_writes: 0,
        })
    }

    /// Writes the records as lines and fsyncs; returns only once they are on disk, so an `Ok`
    /// survives a crash or power loss. On error nothing counts as written: a partly written line is
    /// cut off (now, or before the next write) so the log never gains a half line in the middle.
    pub fn append(&mut self, records: &[Record]) -> Result<(), ProgressError> {
        let mut buf = Vec::with_capacity(256 * records.len());
        for record in records {
            encode_line(record, &mut buf)?;
        }
        let result = self.write_at_end(&buf);
        match result {
            Ok(()) => {
                self.len += buf.len() as u64;
                Ok(())
            }
            Err(e) => {
                self.needs_truncate = self.file.set_len(self.len).is_err();
                Err(ProgressError::io("save your answer to", &self.path, e))
            }
        }
    }

    fn write_at_end(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if self.fail_next_writes > 0 {
            self.fail_next_writes -= 1;
            return Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "no space left on device (simulated)",
            ));
        }
        if self.needs_truncate {
            self.file.set_len(self.len)?;
            self.needs_truncate = false;
        }
        self.file.seek(SeekFrom::Start(self.len))?;
        self.file.write_all(buf)?;
        self.file.sync_data()
    }

    /// Replaces the whole log atomically (temp file, fsync, rename, fsync dir) with these records; for
    /// merge. After a crash the log is either all old or all new.
    pub fn replace_all(&mut self, records: &[Record]) -> Result<(), ProgressError> {
        let mut buf = Vec::with_capacity(256 * records.len());
        for record in records {
            encode_line(record, &mut buf)?;
        }
        write_atomically(&self.path, &buf)?;
        self.file = OpenOptions::new()
            .read(true)
            .write(true)
            .open(&self.path)
            .map_err(|e| ProgressError::io("open the progress file", &self.path, e))?;
        self.len = buf.len() as u64;
        self.needs_truncate = false;
        Ok(())
    }

    /// Bytes of complete, fsynced lines.
    pub fn len_bytes(&self) -> u64 {
        self.len
    }

    /// Where the log lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Makes the next `count` writes fail as a full disk would, to test that answers are kept and
    /// retried. Not for normal use.
    #[doc(hidden)]
    pub fn simulate_write_failures(&mut self, count: u32) {
        self.fail_next_writes = count;
    }
}

/// A log saved as UTF-16 by an editor (Notepad's "Unicode"), recognised by its byte-order mark, as
/// UTF-8 text; `None` for anything else. Unpaired surrogates become U+FFFD (that line is then damage).
fn utf16_as_utf8(bytes: &[u8]) -> Option<Vec<u8>> {
    let little_endian = bytes.starts_with(&[0xFF, 0xFE]);
    if !little_endian && !bytes.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    let units = bytes[2..].chunks_exact(2).map(|pair| {
        if little_endian {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or('\u{FFFD}'))
        .collect();
    Some(text.into_bytes())
}

/// Keeps a copy of a damaged log's `bytes` beside it, never overwriting an earlier copy. A copy with
/// exactly these bytes already there (a start that could not finish the repair, e.g. on a full disk)
/// is reused rather than made again, and a copy that cannot be written completely leaves nothing
/// behind (no empty `.corrupt` files).
fn set_aside(path: &Path, bytes: &[u8]) -> Result<PathBuf, ProgressError> {
    if let Some(existing) = identical_corrupt_copy(path, bytes) {
        return Ok(existing);
    }
    let copy = corrupt_copy_path(path, chrono::Local::now());
    write_atomically(&copy, bytes)?;
    Ok(copy)
}

fn identical_corrupt_copy(path: &Path, bytes: &[u8]) -> Option<PathBuf> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty())?;
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|entry| entry.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                n.starts_with(&format!("{name}.")) && n.ends_with(".corrupt")
            })
        })
        .find(|p| {
            std::fs::metadata(p).is_ok_and(|m| m.len() == bytes.len() as u64)
                && read_limited(p, bytes.len() as u64).is_ok_and(|b| b == bytes)
        })
}

/// Reads another log without changing it (for merge): good records plus notices about skipped lines.
pub fn read_records(path: &Path) -> Result<(Vec<Record>, Vec<Notice>), ProgressError> {
    let original = read_log_bytes(path)?;
    let converted = utf16_as_utf8(&original);
    let parsed = ParsedLog::parse(converted.as_deref().unwrap_or(&original));
    let mut skipped = parsed.damaged_lines.clone();
    skipped.extend(parsed.torn_line);
    let mut notices = Vec::new();
    if !skipped.is_empty() {
        notices.push(Notice::new(format!(
            "{} has damaged lines ({}); they were skipped and {} good records were read.",
            path.display(),
            describe_lines(&skipped),
            parsed.records.len()
        )));
    }
    Ok((parsed.records, notices))
}

/// Rejects records that could not be read back as they were meant (a NaN score would be written as
/// `null`; a score of 7.5 or a time in the year 30000 would be set aside as damage when loaded).
pub fn check_writable(record: &Record) -> Result<(), ProgressError> {
    match record_problem(record) {
        Some(reason) => Err(ProgressError::Unwritable { reason }),
        None => Ok(()),
    }
}

fn encode_line(record: &Record, buf: &mut Vec<u8>) -> Result<(), ProgressError> {
    check_writable(record)?;
    serde_json::to_writer(&mut *buf, record).map_err(|source| ProgressError::Encode {
        what: "a progress record",
        source,
    })?;
    buf.push(b'\n');
    Ok(())
}

/// Cuts the log after its last good line (`end` bytes; a cut-off write after it is dropped), adds the
/// `\n` that line lacks, and makes the repair durable.
fn cut_after_last_good_line(
    file: &mut File,
    path: &Path,
    end: u64,
    needs_newline: bool,
) -> Result<(), ProgressError> {
    file.set_len(end)
        .map_err(|e| ProgressError::io("repair", path, e))?;
    if needs_newline {
        file.seek(SeekFrom::Start(end))
            .and_then(|_| file.write_all(b"\n"))
            .map_err(|e| ProgressError::io("repair", path, e))?;
    }
    file.sync_all()
        .map_err(|e| ProgressError::io("save to disk", path, e))
}

fn torn_notice(line: usize) -> Notice {
    Notice::new(format!(
        "The last entry in your progress file (line {line}) was cut off, probably by a crash or power \
         cut while it was being saved; it was dropped. Everything before it was kept."
    ))
}

fn describe_lines(lines: &[usize]) -> String {
    const SHOWN: usize = 5;
    let shown: Vec<String> = lines.iter().take(SHOWN).map(usize::to_string).collect();
    let word = if lines.len() == 1 { "line" } else { "lines" };
    if lines.len() > SHOWN {
        format!(
            "{word} {} and {} more",
            shown.join(", "),
            lines.len() - SHOWN
        )
    } else {
        format!("{word} {}", shown.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"id":"a","at_ms":1,"bank":"b","question":"q","event":{"type":"bury"}}"#;
    const OTHER: &str = r#"{"id":"b","at_ms":2,"bank":"b","question":"q","event":{"type":"bury"}}"#;

    #[test]
    fn zeros_left_at_the_end_by_a_power_cut_count_as_a_torn_line_not_damage() {
        let mut bytes = format!("{GOOD}\n{OTHER}\n").into_bytes();
        bytes.extend_from_slice(&[0u8; 300]);
        let parsed = ParsedLog::parse(&bytes);
        assert_eq!(parsed.records.len(), 2);
        assert_eq!(parsed.torn_line, Some(3));
        assert!(parsed.damaged_lines.is_empty());
    }

    #[test]
    fn a_damaged_log_that_cannot_be_repaired_on_a_full_disk_is_kept_and_still_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.jsonl");
        let damaged = format!("{GOOD}\ngarbage\n{OTHER}");
        std::fs::write(&path, &damaged).unwrap();
        let full_disk = |_: &Path, _: &[u8]| {
            Err(ProgressError::io(
                "write",
                Path::new("copy"),
                std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left on device"),
            ))
        };
        let (mut log, records, notices) = ReviewLog::open_with(&path, full_disk).unwrap();
        assert_eq!(records.len(), 2);
        assert!(
            notices[0].message.contains("could not be repaired now"),
            "{notices:?}"
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            format!("{damaged}\n")
        );
        let more: Record = serde_json::from_str(&GOOD.replace("\"a\"", "\"c\"")).unwrap();
        log.append(&[more]).unwrap();
        drop(log);
        let (_, records, notices) = ReviewLog::open(&path).unwrap();
        assert_eq!(records.len(), 3, "the repair succeeds once there is room");
        assert!(
            notices[0].message.contains("A copy of the original"),
            "{notices:?}"
        );
    }

    #[test]
    fn a_log_saved_as_utf16_by_notepad_is_converted_back_and_the_original_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.jsonl");
        let text = format!("{GOOD}\r\n{OTHER}\r\n");
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(&path, &utf16).unwrap();
        assert_eq!(read_records(&path).unwrap().0.len(), 2);
        let (mut log, records, notices) = ReviewLog::open(&path).unwrap();
        assert_eq!(records.len(), 2);
        assert!(notices[0].message.contains("UTF-16"), "{notices:?}");
        let more: Record = serde_json::from_str(&GOOD.replace("\"a\"", "\"c\"")).unwrap();
        log.append(&[more]).unwrap();
        drop(log);
        let (_, records, notices) = ReviewLog::open(&path).unwrap();
        assert_eq!((records.len(), notices.len()), (3, 0));
        let copies = std::fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".corrupt")
            })
            .count();
        assert_eq!(copies, 1);
    }

    #[test]
    fn blank_lines_are_ignored_and_a_bad_line_before_the_last_is_damage() {
        let bytes = format!("{GOOD}\n\n  \nnot json\n{OTHER}\n");
        let parsed = ParsedLog::parse(bytes.as_bytes());
        assert_eq!(parsed.records.len(), 2);
        assert_eq!(parsed.damaged_lines, [4]);
        assert_eq!(parsed.torn_line, None);
    }
}
