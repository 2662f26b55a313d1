//! Drafting a bank from an article: any news text in (plain text, Markdown, a saved web page), a
//! grounded draft [`crate::bank::raw::RawBank`] out — passages, actors, claims with how sure the article
//! is of each, implications, responses and questions — every element resting on a verbatim span of the
//! article, every drafted item marked `review: true` for the teacher to confirm.
//!
//! No egui, and no disk except in [`save`] (the CLI and the app read the article themselves).
//! [`cues::suggest_certainty`] is the cue rules on their own, for authoring tools that pre-fill a claim
//! from a sentence the teacher picked. See `docs/drafting.md` for what is detected and its limits.
//! [`edit`] edits a bank's RON text in place, for the app's authoring screen.

pub mod actors;
pub mod cues;
pub mod draft;
pub mod edit;
pub mod input;
pub mod save;
pub mod segment;
pub mod writer;

use std::path::Path;

pub use draft::{Draft, DraftOptions};
pub use input::{ArticleFormat, InputError};

/// A draft and its RON text, ready to save.
#[derive(Clone, Debug)]
pub struct Drafted {
    pub draft: Draft,
    /// The bank as a teacher-readable `.ron` file.
    pub ron: String,
}

/// Drafts a bank from an article's bytes. `name` is what the article is called in the file's header
/// comment (its file name, or "pasted text"); `format` is how it is written.
pub fn draft_from_bytes(
    bytes: &[u8],
    format: Option<ArticleFormat>,
    name: &str,
    options: &DraftOptions,
) -> Result<Drafted, InputError> {
    let text = input::decode(bytes)?;
    draft_from_text(&text, format, name, options)
}

/// Drafts a bank from an article's text (see [`draft_from_bytes`]); the format is sniffed when `None`.
pub fn draft_from_text(
    text: &str,
    format: Option<ArticleFormat>,
    name: &str,
    options: &DraftOptions,
) -> Result<Drafted, InputError> {
    let format = format.unwrap_or_else(|| ArticleFormat::sniff(text));
    let article = input::parse(text, format)?;
    let draft = draft::draft_bank(&article, options);
    let ron = writer::write_bank(&draft, name);
    Ok(Drafted { draft, ron })
}

/// The format of an article file, from its extension and content.
pub fn format_of(path: &Path, bytes: &[u8]) -> ArticleFormat {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]);
    ArticleFormat::of(path, &head)
}
