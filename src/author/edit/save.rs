//! Saving an edited bank: the version on disk is copied to `history/` next to the file first (the
//! last [`HISTORY_KEPT`] are kept), then the new text replaces the file atomically, so a crash leaves
//! either the old file or the new one, never half of each.

use std::path::{Path, PathBuf};

use crate::progress::write_atomically;

/// How many earlier versions of each bank are kept in `history/`.
pub const HISTORY_KEPT: usize = 10;

/// The folder where earlier versions of the bank at `path` are kept.
pub fn history_dir(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
        .join("history")
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bank".to_owned())
}

/// The earlier versions of the bank at `path`, oldest first.
pub fn history_of(path: &Path) -> Vec<PathBuf> {
    let prefix = format!("{}.", stem(path));
    let Ok(entries) = std::fs::read_dir(history_dir(path)) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                let n = n.to_string_lossy();
                n.starts_with(&prefix) && n.ends_with(".ron")
            })
        })
        .collect();
    found.sort();
    found
}

/// Writes `text` to `path` atomically after keeping `previous` (what the file held) in `history/`
/// under `stamp` (a sortable time such as `20260302T100000`). Returns once the new file is on disk.
pub fn save_with_history(
    path: &Path,
    text: &str,
    previous: Option<&str>,
    stamp: &str,
) -> Result<(), String> {
    if let Some(previous) = previous {
        let dir = history_dir(path);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let base = format!("{}.{stamp}", stem(path));
        let mut keep = dir.join(format!("{base}.ron"));
        let mut n = 2;
        while keep.exists() {
            keep = dir.join(format!("{base}-{n}.ron"));
            n += 1;
        }
        write_atomically(&keep, previous.as_bytes()).map_err(|e| e.to_string())?;
        let versions = history_of(path);
        let excess = versions.len().saturating_sub(HISTORY_KEPT);
        for old in &versions[..excess] {
            // An old version that cannot be removed only takes space.
            let _ = std::fs::remove_file(old);
        }
    }
    write_atomically(path, text.as_bytes()).map_err(|e| e.to_string())
}
