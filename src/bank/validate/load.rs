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
use crate::bank::cache::{BankCache, SourceKey};
use crate::bank::diagnostic::Diagnostic;
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
    load_paths_from(paths, limits, None)
}

/// [`load_paths`] through the bank cache: a file whose bytes were validated before (by this build)
/// is taken from `cache` instead of being parsed and validated again, and every bank validated here
/// is stored in it. Broken files are never cached, and bank ids are still checked across every file.
/// Banks from the cache carry no warnings (nothing in the app shows them; `dossier check` does not
/// use the cache).
pub fn load_paths_cached(paths: &[PathBuf], cache: &mut BankCache) -> Vec<LoadedBank> {
    load_paths_from(paths, &Limits::default(), Some(cache))
}

fn load_paths_from(
    paths: &[PathBuf],
    limits: &Limits,
    mut cache: Option<&mut BankCache>,
) -> Vec<LoadedBank> {
    let mut loaded: Vec<(LoadedBank, Arc<str>)> = Vec::new();
    // A file named twice (`check a.ron a.ron`, or a folder and a file in it) is checked once, so it
    // is not reported as clashing with itself.
    let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    let mut first_time = |file: &Path| {
        seen.insert(std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf()))
    };
    for path in paths {
        if path.is_dir() {
            match ron_files_in(path) {
                Ok(files) => {
                    for file in files {
                        if first_time(&file) {
                            loaded.push(load_one(&file, limits, cache.as_deref_mut()));
                        }
                    }
                }
                Err(error) => loaded.push(unreadable(path, &error)),
            }
        } else if first_time(path) {
            loaded.push(load_one(path, limits, cache.as_deref_mut()));
        }
    }
    reject_duplicate_bank_ids(&mut loaded);
    loaded.into_iter().map(|(bank, _)| bank).collect()
}

/// Validates the text of a bank that is not a file (the bundled banks) through the bank cache, under
/// the name `path`; see [`load_paths_cached`].
pub fn load_bank_str_cached(
    source: &str,
    path: &Path,
    cache: &mut BankCache,
) -> Result<Bank, Vec<Diagnostic>> {
    let key = SourceKey::of(source.as_bytes(), None);
    if let Some(bank) = cache.lookup(path, &key) {
        return Ok(bank);
    }
    let result = super::load_bank_str(source, path);
    if let Ok(bank) = &result {
        cache.store(path, &key, bank);
    }
    result
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

fn load_one(path: &Path, limits: &Limits, cache: Option<&mut BankCache>) -> (LoadedBank, Arc<str>) {
    let loaded = |checked: Checked| match checked.bank {
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
    // Taken before reading: if the file changes in between, the hash of the bytes actually read
    // still decides, so the cache can never pair a bank with bytes it was not validated from.
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let source = match read_source(path, limits) {
        Ok(source) => source,
        Err(failed) => {
            let (checked, source) = *failed;
            return (loaded(checked), source);
        }
    };
    let Some(cache) = cache else {
        let (checked, source) = check_read(path, source, limits);
        return (loaded(checked), source);
    };
    let key = SourceKey::of(source.as_bytes(), modified);
    if let Some(bank) = cache.lookup(path, &key) {
        let loaded = LoadedBank {
            path: path.to_path_buf(),
            result: Ok(bank),
            warnings: Vec::new(),
        };
        return (loaded, source);
    }
    let (checked, source) = check_read(path, source, limits);
    if let Some(bank) = &checked.bank {
        cache.store(path, &key, bank);
    }
    (loaded(checked), source)
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
                let span = spans::parse(source)
                    .map(|tree| tree.find(&[Step::Field("id")]).0.span())
                    .unwrap_or(0..0);
                let diagnostic = Diagnostic::error(
                    &bank.path,
                    source.clone(),
                    span,
                    format!(
                        "bank id `{}` is already used by {}",
                        ok.id,
                        other.get().display()
                    ),
                )
                .with_hint("progress is stored by bank id, so every bank needs its own");
                let mut diagnostics = std::mem::take(&mut bank.warnings);
                diagnostics.push(diagnostic);
                bank.result = Err(diagnostics);
            }
        }
    }
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
