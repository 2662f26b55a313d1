//! `dossier new ARTICLE [-o BANK.ron] [--title T]`: drafts a bank from an article (.txt, .md, .html)
//! and prints what it found and what the teacher must review.
//!
//! The bank is written atomically and never over an existing file: without `-o` it goes beside the
//! article under a fresh name (`article.ron`, `article-2.ron`, …); an existing `-o` file is refused.
//! Exit codes: 0 written, 1 the article could not be read or the file not written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::author::save::{fresh_bank_path, save_draft};
use crate::author::{self, DraftOptions, Drafted};

/// Arguments of `dossier new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The article: plain text (.txt), Markdown (.md) or a saved web page (.html).
    #[arg(value_name = "ARTICLE")]
    pub article: PathBuf,
    /// Where to write the bank (default: beside the article, with a .ron extension).
    #[arg(short, long, value_name = "BANK.ron")]
    pub output: Option<PathBuf>,
    /// The bank's title (default: the article's headline).
    #[arg(long, value_name = "T")]
    pub title: Option<String>,
}

/// What was drafted, in a few lines for the terminal.
pub fn summary(drafted: &Drafted) -> String {
    let d = &drafted.draft;
    let b = &d.bank;
    let mut out = String::new();
    out.push_str(&format!(
        "found: {} passages, {} actors, {} claims, {} implications, {} responses, {} questions (plus those derived from the model)\n",
        b.passages.len(),
        b.actors.len(),
        b.claims.len(),
        b.implications.len(),
        b.responses.len(),
        b.questions.len()
    ));
    if !b.claims.is_empty() {
        let parts: Vec<String> = d
            .claims_by_certainty()
            .iter()
            .map(|(c, n)| format!("{n} {c:?}"))
            .collect();
        out.push_str(&format!("claims by certainty: {}\n", parts.join(", ")));
    }
    out.push_str(&format!("language: {}\n", d.language_name));
    for note in &d.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out.push_str(&format!(
        "{} items are marked `review: true`: check each against its passage, then delete the mark\n",
        d.flagged()
    ));
    out
}

/// Runs `dossier new`.
pub fn run(args: &NewArgs) -> ExitCode {
    let fail = |message: String| {
        eprintln!("error: {message}");
        ExitCode::FAILURE
    };
    let size = match std::fs::metadata(&args.article) {
        Ok(meta) => meta.len(),
        Err(e) => return fail(format!("cannot read `{}`: {e}", args.article.display())),
    };
    if size > author::input::MAX_ARTICLE_BYTES as u64 {
        return fail(format!(
            "`{}` is too large ({size} bytes; at most {} bytes): split it, or keep only the article's text",
            args.article.display(),
            author::input::MAX_ARTICLE_BYTES
        ));
    }
    let bytes = match std::fs::read(&args.article) {
        Ok(bytes) => bytes,
        Err(e) => return fail(format!("cannot read `{}`: {e}", args.article.display())),
    };
    let name = args.article.file_name().map_or_else(
        || "the article".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let options = DraftOptions {
        title: args.title.clone(),
        source: None,
    };
    let format = author::format_of(&args.article, &bytes);
    let drafted = match author::draft_from_bytes(&bytes, Some(format), &name, &options) {
        Ok(drafted) => drafted,
        Err(e) => return fail(format!("`{}`: {e}", args.article.display())),
    };
    let path = match &args.output {
        Some(path) => path.clone(),
        None => {
            let dir = args.article.parent().unwrap_or(Path::new("."));
            let stem = args
                .article
                .file_stem()
                .map_or_else(|| "draft".to_owned(), |s| s.to_string_lossy().into_owned());
            fresh_bank_path(dir, &stem)
        }
    };
    if let Err(e) = save_draft(&drafted, &path) {
        return fail(e.to_string());
    }
    let mut stdout = std::io::stdout().lock();
    let _ = write!(stdout, "{}", summary(&drafted));
    let _ = writeln!(
        stdout,
        "wrote {} — check it with `dossier check {}`",
        path.display(),
        path.display()
    );
    ExitCode::SUCCESS
}
