//! Reading bank files from disk: one file, a folder or a list of paths, with the checks that span
//! files (a bank id used twice). The rules themselves are in the parent module; this part only reads,
//! bounds what it reads, and turns read errors into diagnostics.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::spans::{self, Step};
use super::{Checked, Limits, check_source, too_large_message};
use crate::BankId;
use crate::bank::cache::{BankCache, FileStamp, SourceKey};
use crate::bank::diagnostic::Diagnostic;
use crate::bank::lazy::LazyBank;
use crate::bank::model::Bank;

/// One file of a folder or path list, loaded or not. A broken file never hides the good ones.
#[derive(Clone, Debug)]
pub struct LoadedBank {
    pub path: PathBuf,
    /// The bank, or every diagnostic of the file (errors and warnings, in file order).
    pub result: Result<Bank, Vec<Diagnostic>>,
    /// Warnings of a bank that loaded; empty when `result` is an error (they are in it then).
    pub warnings: Vec<Diagnostic>,
}

/// Reads and validates one bank file. An unreadable file or one that is not UTF-8 is a diagnostic too.
pub fn load_bank_file(path: &Path) -> Result<Bank, Vec<Diagnostic>> {
    check_bank_file(path, &Limits::default()).0.into_result()
}

/// Loads every `*.ron` file directly in `dir`, sorted by file name. Bank ids must be unique across them.
/// An unreadable folder gives one entry, for the folder, with the error.
pub fn load_folder(dir: &Path) -> Vec<LoadedBank> {
    load_paths(&[dir.to_path_buf()])
}

/// Loads files and folders (each folder's `*.ron` files, sorted), checking that bank ids are unique
/// across everything loaded.
pub fn load_paths(paths: &[PathBuf]) -> Vec<LoadedBank> {
    load_paths_with(paths, &Limits::default())
}

/// [`load_paths`] with explicit limits.
pub fn load_paths_with(paths: &[PathBuf], limits: &Limits) -> Vec<LoadedBank> {
    load_paths_from(paths, limits)
}

/// One bank file of the app's library: known by its summary (its content read when opened), or
/// broken with its diagnostics.
#[derive(Clone, Debug)]
pub struct LibraryBank {
    pub path: PathBuf,
    pub result: Result<LazyBank, Vec<Diagnostic>>,
}

/// [`load_paths`] for the app's library, through the bank cache: a file whose bytes were validated
/// before (by this build) is not validated again, and only its summary is read (see
/// [`crate::bank::lazy`]); every bank validated here is stored in the cache. With `trust_stamps`, a
/// file whose stamp proves it unchanged since it was hashed is not even read (the start-up case; see
/// [`crate::bank::cache`]); without, every file is read and hashed (a reload the user asked for, or
/// one after a change on disk). Broken files are never cached, and bank ids are still checked across
/// every file. Banks from the cache carry no warnings (nothing in the app shows them; `dossier check`
/// does not use the cache).
pub fn load_paths_lazy(
    paths: &[PathBuf],
    cache: &mut BankCache,
    trust_stamps: bool,
) -> Vec<LibraryBank> {
    let limits = Limits::default();
    let mut loaded: Vec<(LibraryBank, Option<Arc<str>>)> = files_of(paths)
        .into_iter()
        .map(|file| match file {
            Ok(file) => load_one_lazy(&file, &limits, cache, trust_stamps),
            Err((path, error)) => {
                let (bank, source) = unreadable(&path, &error);
                let result = bank.result.map(LazyBank::loaded);
                (LibraryBank { path, result }, Some(source))
            }
        })
        .collect();
    let mut first: HashMap<BankId, PathBuf> = HashMap::new();
    for (bank, source) in &mut loaded {
        let Ok(ok) = &bank.result else { continue };
        match first.entry(ok.id.clone()) {
            Entry::Vacant(slot) => {
                slot.insert(bank.path.clone());
            }
            Entry::Occupied(other) => {
                // A bank known by its summary was not read: read it now for the error's position.
                let source = source
                    .take()
                    .or_else(|| read_source(&bank.path, &limits).ok())
                    .unwrap_or_else(|| Arc::from(""));
                let diagnostic = duplicate_id(&bank.path, &source, &ok.id, other.get());
                bank.result = Err(vec![diagnostic]);
            }
        }
    }
    loaded.into_iter().map(|(bank, _)| bank).collect()
}

/// One file for [`load_paths_lazy`], with its text when it was read.
fn load_one_lazy(
    path: &Path,
    limits: &Limits,
    cache: &mut BankCache,
    trust_stamps: bool,
) -> (LibraryBank, Option<Arc<str>>) {
    let done = |result| LibraryBank {
        path: path.to_path_buf(),
        result,
    };
    // Taken before reading: if the file changes in between, the hash of the bytes actually read
    // still decides, so the cache can never pair a bank with bytes it was not validated from.
    let stamp = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_file)
        .map(|m| FileStamp::of(&m));
    if trust_stamps
        && let Some(stamp) = &stamp
        && let Some(bank) = cache.lookup_unread(path, stamp)
    {
        return (done(Ok(bank)), None);
    }
    let source = match read_source(path, limits) {
        Ok(source) => source,
        Err(failed) => {
            let (checked, source) = *failed;
            return (done(Err(checked.diagnostics)), Some(source));
        }
    };
    let key = SourceKey::of(source.as_bytes(), stamp);
    if let Some(bank) = cache.lookup_summary(path, &key, None) {
        return (done(Ok(bank)), Some(source));
    }
    let (checked, source) = check_read(path, source, limits);
    let result = match checked.bank {
        Some(bank) => {
            cache.store(path, &key, &bank);
            Ok(LazyBank::loaded(bank))
        }
        None => Err(checked.diagnostics),
    };
    (done(result), Some(source))
}

/// Validates the text of a bank that is not a file (the bundled banks) through the bank cache, under
/// the name `path`; see [`load_paths_lazy`].
pub fn load_bank_str_lazy(
    source: &'static str,
    path: &Path,
    cache: &mut BankCache,
) -> Result<LazyBank, Vec<Diagnostic>> {
    let key = SourceKey::of(source.as_bytes(), None);
    if let Some(bank) = cache.lookup_summary(path, &key, Some(source)) {
        return Ok(bank);
    }
    let mut bank = super::load_bank_str(source, path)?;
    // As a bank read back from the cache has it.
    bank.path = Some(path.to_path_buf());
    cache.store(path, &key, &bank);
    Ok(LazyBank::loaded(bank))
}

/// The files `paths` name (each folder's `*.ron` files, sorted), each once, or the folder that could
/// not be listed with its error.
fn files_of(paths: &[PathBuf]) -> Vec<Result<PathBuf, (PathBuf, std::io::Error)>> {
    let mut files = Vec::new();
    // A file named twice (`check a.ron a.ron`, or a folder and a file in it) is checked once, so it
    // is not reported as clashing with itself.
    let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    let mut first_time = |file: &Path| {
        seen.insert(std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf()))
    };
    for path in paths {
        if path.is_dir() {
            match ron_files_in(path) {
                Ok(found) => files.extend(found.into_iter().filter(|f| first_time(f)).map(Ok)),
                Err(error) => files.push(Err((path.clone(), error))),
            }
        } else if first_time(path) {
            files.push(Ok(path.clone()));
        }
    }
    files
}

fn load_paths_from(paths: &[PathBuf], limits: &Limits) -> Vec<LoadedBank> {
    let mut loaded: Vec<(LoadedBank, Arc<str>)> = files_of(paths)
        .into_iter()
        .map(|file| match file {
            Ok(file) => load_one(&file, limits),
            Err((path, error)) => unreadable(&path, &error),
        })
        .collect();
    reject_duplicate_bank_ids(&mut loaded);
    loaded.into_iter().map(|(bank, _)| bank).collect()
}

/// The `*.ron` files directly in `dir`, sorted.
fn ron_files_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_ron = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("ron"));
        if is_ron && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn load_one(path: &Path, limits: &Limits) -> (LoadedBank, Arc<str>) {
    let (checked, source) = check_bank_file(path, limits);
    let loaded = match checked.bank {
        Some(bank) => LoadedBank {
            path: path.to_path_buf(),
            result: Ok(bank),
            warnings: checked.diagnostics,
        },
        None => LoadedBank {
            path: path.to_path_buf(),
            result: Err(checked.diagnostics),
            warnings: Vec::new(),
        },
    };
    (loaded, source)
}

fn unreadable(path: &Path, error: &std::io::Error) -> (LoadedBank, Arc<str>) {
    let source: Arc<str> = Arc::from("");
    let diagnostic = Diagnostic::error(
        path,
        source.clone(),
        0..0,
        format!("cannot read `{}`: {error}", path.display()),
    );
    let loaded = LoadedBank {
        path: path.to_path_buf(),
        result: Err(vec![diagnostic]),
        warnings: Vec::new(),
    };
    (loaded, source)
}

fn reject_duplicate_bank_ids(loaded: &mut [(LoadedBank, Arc<str>)]) {
    let mut first: HashMap<BankId, PathBuf> = HashMap::new();
    for (bank, source) in loaded.iter_mut() {
        let Ok(ok) = &bank.result else { continue };
        match first.entry(ok.id.clone()) {
            Entry::Vacant(slot) => {
                slot.insert(bank.path.clone());
            }
            Entry::Occupied(other) => {
                let diagnostic = duplicate_id(&bank.path, source, &ok.id, other.get());
                let mut diagnostics = std::mem::take(&mut bank.warnings);
                diagnostics.push(diagnostic);
                bank.result = Err(diagnostics);
            }
        }
    }
}

/// The error on a bank whose id an earlier file has, at its `id` field in `source`.
fn duplicate_id(path: &Path, source: &Arc<str>, id: &BankId, other: &Path) -> Diagnostic {
    let span = spans::parse(source)
        .map(|tree| tree.find(&[Step::Field("id")]).0.span())
        .unwrap_or(0..0);
    Diagnostic::error(
        path,
        source.clone(),
        span,
        format!("bank id `{id}` is already used by {}", other.display()),
    )
    .with_hint("progress is stored by bank id, so every bank needs its own")
}

/// Reads and validates one file, returning the text too (empty when unreadable).
pub fn check_bank_file(path: &Path, limits: &Limits) -> (Checked, Arc<str>) {
    match read_source(path, limits) {
        Ok(source) => check_read(path, source, limits),
        Err(failed) => *failed,
    }
}

/// Validates the text read from `path`.
fn check_read(path: &Path, source: Arc<str>, limits: &Limits) -> (Checked, Arc<str>) {
    let mut checked = check_source(&source, Some(&source), path, limits);
    if let Some(bank) = &mut checked.bank {
        bank.path = Some(path.to_path_buf());
    }
    (checked, source)
}

/// The text of a bank file, or the diagnostic saying why it cannot be read (with the text shown).
fn read_source(path: &Path, limits: &Limits) -> Result<Arc<str>, Box<(Checked, Arc<str>)>> {
    let fail = |source: Arc<str>, span: Range<usize>, message: String| {
        let diagnostic = Diagnostic::error(path, source.clone(), span, message);
        Err(Box::new((
            Checked {
                bank: None,
                diagnostics: vec![diagnostic],
                suggestion_work: 0,
            },
            source,
        )))
    };
    // Only a regular file is read (a FIFO would block, /dev/zero never ends), and never more than
    // the limit, whatever the file claims to be.
    let bytes = match crate::safe_io::read_limited(path, limits.max_file_bytes as u64) {
        Ok(bytes) => bytes,
        Err(crate::safe_io::ReadError::TooLarge { size, .. }) => {
            return fail(Arc::from(""), 0..0, too_large_message(size, limits));
        }
        Err(error) => {
            return fail(
                Arc::from(""),
                0..0,
                format!(
                    "cannot read `{}`: {error}",
                    crate::safe_io::printable(&path.display().to_string())
                ),
            );
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Arc::from(text)),
        Err(error) => {
            // The valid prefix is the same in the lossy text, so `at` is a byte offset of the file
            // too; the span is empty so that it never ends past the file's last byte.
            let at = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            fail(
                Arc::from(text),
                at..at,
                "the file is not UTF-8 text: save it as UTF-8 in your editor".to_owned(),
            )
        }
    }
}
