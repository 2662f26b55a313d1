//! Reading files that a user or another program controls without hanging or running out of memory,
//! and showing text from them without letting it drive the terminal.
//!
//! Every file Dossier reads (a bank, the progress log, settings, the snapshot, a bank being added to
//! the library) goes through [`read_limited`]: only regular files are read (a FIFO would block forever,
//! `/dev/zero` never ends), symlinks are followed to what they point at, and never more than a limit.
//! Every text from a file that is printed or shown goes through [`printable`].

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

/// Why [`read_limited`] refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A FIFO, device, socket or folder: reading it could block forever or never end.
    #[error("it is not a regular file ({kind})")]
    NotAFile { kind: &'static str },
    #[error("it is too large ({size} bytes; the limit is {limit})")]
    TooLarge { size: u64, limit: u64 },
}

impl ReadError {
    /// Whether the file does not exist (often not a problem: the defaults apply).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }

    /// As an `io::Error`, for callers that report I/O errors.
    pub fn into_io(self) -> std::io::Error {
        match self {
            ReadError::Io(e) => e,
            other => std::io::Error::new(std::io::ErrorKind::InvalidData, other.to_string()),
        }
    }
}

/// Reads the whole regular file at `path` (following symlinks), refusing anything that is not a
/// regular file and anything over `limit` bytes. At most `limit + 1` bytes are ever read, even if the
/// file grows while it is read.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile {
            kind: file_kind(&meta),
        });
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let file = std::fs::File::open(path)?;
    // The file may have been swapped for another between the two calls: check what was opened.
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(ReadError::NotAFile {
            kind: file_kind(&opened),
        });
    }
    let capacity = usize::try_from(opened.len().min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a plain file"
}

/// Whether `c` must never reach a terminal or a screen as is: control characters (C0, DEL, C1, which
/// can move the cursor, retitle or clear a terminal), and the invisible format characters that make
/// text look other than it is (zero-width characters, bidirectional overrides, a BOM).
pub fn is_hidden_or_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// `text` with every [`is_hidden_or_control`] character written as a visible escape (`\u{1b}`), so a
/// file cannot drive the terminal or hide what it says. Clean text (the common case) is not copied.
pub fn printable(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// [`printable`], keeping `\n` and `\t` (for texts that are laid out over lines).
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, keep_layout: bool) -> Cow<'_, str> {
    let kept = |c: char| keep_layout && (c == '\n' || c == '\t');
    if !text.chars().any(|c| is_hidden_or_control(c) && !kept(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden_or_control(c) && !kept(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// At most `max_chars` characters of `text`, with `…` when cut: for ids and names quoted in a message,
/// so a 60,000-character id does not make a 60,000-character message.
pub fn shortened(text: &str, max_chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_are_shown_not_sent() {
        assert_eq!(printable("plain"), "plain");
        assert_eq!(
            printable("a\u{1b}]0;pwned\u{7}b"),
            "a\\u{1b}]0;pwned\\u{7}b"
        );
        assert_eq!(printable("x\u{8}\u{9b}\u{202e}"), "x\\u{8}\\u{9b}\\u{202e}");
        assert_eq!(printable_lines("one\ntwo\u{0}"), "one\ntwo\\u{0}");
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        assert_eq!(shortened("abc", 3), "abc");
        assert_eq!(shortened("abcdef", 3), "abc…");
        assert_eq!(shortened("éééé", 2), "éé…");
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_pipes_are_refused_without_reading() {
        assert!(matches!(
            read_limited(Path::new("/dev/zero"), 10),
            Err(ReadError::NotAFile { kind: "a device" })
        ));
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let status = std::process::Command::new("mkfifo").arg(&fifo).status();
        if status.is_ok_and(|s| s.success()) {
            assert!(matches!(
                read_limited(&fifo, 10),
                Err(ReadError::NotAFile { kind: "a pipe" })
            ));
        }
    }

    #[test]
    fn a_file_over_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        std::fs::write(&path, [b'x'; 11]).unwrap();
        assert!(matches!(
            read_limited(&path, 10),
            Err(ReadError::TooLarge {
                size: 11,
                limit: 10
            })
        ));
        assert_eq!(read_limited(&path, 11).unwrap().len(), 11);
    }
}
