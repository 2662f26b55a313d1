//! Reading a quiz file as text the parsers can point into: whatever editor or platform saved it.
//!
//! Teachers' files come as UTF-8 with or without a byte-order mark, UTF-16 (Windows Notepad's
//! "Unicode"), or Windows-1252 (older Moodle and Excel exports); with Windows (CRLF), Unix or old Mac
//! line ends. All of them become one UTF-8 text with `\n` line ends, so line and column numbers match
//! what an editor shows; a file that is not UTF-8 is read anyway and said so, at its first odd byte.

use std::path::Path;
use std::sync::Arc;

use crate::bank::diagnostic::{Diagnostic, Severity};

/// Largest quiz file read, against hostile or mistaken input (a 10 000-question GIFT file is ~2 MB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The file's text, decoded and normalised, and a warning when its encoding was not UTF-8.
pub fn read_source(path: &Path) -> std::io::Result<(Arc<str>, Vec<Diagnostic>)> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_FILE_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the file is {size} bytes; quiz files of more than 64 MiB are not read"),
        ));
    }
    let bytes = std::fs::read(path)?;
    Ok(decode(path, &bytes))
}

/// Decodes `bytes` (see the module docs).
pub fn decode(path: &Path, bytes: &[u8]) -> (Arc<str>, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let text: String = if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
        utf8_or_1252(path, rest, &mut warnings)
    } else if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        utf16(rest, u16::from_be_bytes)
    } else {
        utf8_or_1252(path, bytes, &mut warnings)
    };
    let text = normalize_line_ends(&text);
    let source: Arc<str> = text.into();
    let warnings = warnings
        .into_iter()
        .map(|(at, message): (usize, String)| {
            Diagnostic::new(
                path,
                Arc::clone(&source),
                at..at,
                Severity::Warning,
                message,
            )
            .with_hint("save the file as UTF-8 to be sure every character is read as you wrote it")
        })
        .collect();
    (source, warnings)
}

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| read([pair[0], pair[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

fn utf8_or_1252(path: &Path, bytes: &[u8], warnings: &mut Vec<(usize, String)>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(error) => {
            let valid = error.valid_up_to();
            let text: String = bytes.iter().map(|&b| windows_1252(b)).collect();
            // The offset in the decoded text of the first byte that is not UTF-8.
            let at: usize = bytes[..valid]
                .iter()
                .map(|&b| windows_1252(b).len_utf8())
                .sum();
            let _ = path;
            warnings.push((
                at,
                "this file is not UTF-8; it was read as Windows-1252 (Western European)".to_owned(),
            ));
            text
        }
    }
}

/// The character a Windows-1252 byte stands for (undefined bytes as themselves, as browsers do).
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// CRLF and lone CR become LF, so a line is the same line in every file.
fn normalize_line_ends(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_owned();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The largest char boundary of `text` at or below `at`.
pub fn char_boundary_at_most(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// 1-based line of a byte offset, for messages that name a line.
pub fn line_of(text: &str, at: usize) -> usize {
    text.as_bytes()[..at.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
