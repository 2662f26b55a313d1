//! Where Dossier keeps progress, settings and the student's own banks. Portable mode (a
//! `dossier-data/` folder next to the program) wins, for USB sticks and locked-down lab machines; then
//! the `DOSSIER_DATA_DIR` override; then the platform's data dir (`~/.local/share/dossier` on Linux).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::ProgressError;

/// The name of the folder that, placed next to the program, switches Dossier to portable mode.
pub const PORTABLE_DIR_NAME: &str = "dossier-data";

/// The environment variable that overrides the data dir.
pub const DATA_DIR_ENV: &str = "DOSSIER_DATA_DIR";

/// Why this data dir was chosen, so the settings screen can explain it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataDirSource {
    /// A `dossier-data/` folder next to the program.
    Portable,
    /// The `DOSSIER_DATA_DIR` environment variable.
    EnvVar,
    /// The platform's per-user data dir.
    Default,
    /// Given explicitly (a `--data-dir` flag or a test).
    Explicit,
}

/// The folder holding one student's progress. The folder itself may not exist yet: [`crate::progress::Store::open`]
/// creates it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataDir {
    pub root: PathBuf,
    pub how: DataDirSource,
}

impl DataDir {
    /// A data dir at a given path (command-line flag, tests).
    pub fn at(root: impl Into<PathBuf>) -> Self {
        Self {
            root: root.into(),
            how: DataDirSource::Explicit,
        }
    }

    /// The append-only review log: the single truth.
    pub fn log_path(&self) -> PathBuf {
        self.root.join("progress.jsonl")
    }

    /// The progress index (see [`crate::progress::index`]), derived from the log; may be deleted at
    /// any time.
    pub fn snapshot_path(&self) -> PathBuf {
        self.root.join("progress-index.bin")
    }

    /// Where Dossier kept the index before it was binary (formats 1 and 2, JSON). Read only to
    /// migrate: a folder with it and no new index rebuilds the index from the log, then removes it.
    pub fn old_snapshot_path(&self) -> PathBuf {
        self.root.join("snapshot.json")
    }

    /// The student's settings.
    pub fn settings_path(&self) -> PathBuf {
        self.root.join("settings.json")
    }

    /// The lock file that keeps a second Dossier from writing to the same log.
    pub fn lock_path(&self) -> PathBuf {
        self.root.join("dossier.lock")
    }

    /// The folder for banks the student imported, created on first use.
    pub fn quizzes_dir(&self) -> Result<PathBuf, ProgressError> {
        let dir = self.root.join("quizzes");
        std::fs::create_dir_all(&dir).map_err(|e| ProgressError::io("create folder", &dir, e))?;
        Ok(dir)
    }

    /// A sentence for the settings screen: where data lives and why there.
    pub fn describe(&self) -> String {
        let why = match self.how {
            DataDirSource::Portable => "portable mode: a dossier-data folder next to the program",
            DataDirSource::EnvVar => "set by DOSSIER_DATA_DIR",
            DataDirSource::Default => "your user data folder",
            DataDirSource::Explicit => "chosen on the command line",
        };
        format!("Progress is kept in {} ({why}).", self.root.display())
    }
}

/// Finds this computer's data dir for Dossier (portable, then `DOSSIER_DATA_DIR`, then the platform
/// default). Does not create it.
pub fn data_dir() -> Result<DataDir, ProgressError> {
    let exe = std::env::current_exe().ok();
    let exe_dir = exe.as_deref().and_then(Path::parent);
    let env = std::env::var_os(DATA_DIR_ENV);
    let platform =
        directories::ProjectDirs::from("", "", "Dossier").map(|p| p.data_dir().to_path_buf());
    resolve_data_dir(exe_dir, env, platform)
}

/// The data dir chosen on the command line (`--data-dir`), or else this computer's ([`data_dir`]).
pub fn data_dir_or(chosen: Option<PathBuf>) -> Result<DataDir, ProgressError> {
    match chosen {
        Some(path) => Ok(DataDir::at(path)),
        None => data_dir(),
    }
}

/// The resolution rule of [`data_dir`], with its inputs passed in so it can be tested.
pub fn resolve_data_dir(
    exe_dir: Option<&Path>,
    env: Option<OsString>,
    platform: Option<PathBuf>,
) -> Result<DataDir, ProgressError> {
    if let Some(portable) = exe_dir.map(|d| d.join(PORTABLE_DIR_NAME))
        && portable.is_dir()
    {
        return Ok(DataDir {
            root: portable,
            how: DataDirSource::Portable,
        });
    }
    if let Some(env) = env.filter(|v| !v.is_empty()) {
        return Ok(DataDir {
            root: PathBuf::from(env),
            how: DataDirSource::EnvVar,
        });
    }
    platform
        .map(|root| DataDir {
            root,
            how: DataDirSource::Default,
        })
        .ok_or(ProgressError::NoDataDir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portable_folder_next_to_the_program_wins_over_everything() {
        let exe = tempfile::tempdir().unwrap();
        std::fs::create_dir(exe.path().join(PORTABLE_DIR_NAME)).unwrap();
        let dir = resolve_data_dir(
            Some(exe.path()),
            Some("/elsewhere".into()),
            Some("/platform".into()),
        )
        .unwrap();
        assert_eq!(dir.how, DataDirSource::Portable);
        assert_eq!(dir.root, exe.path().join(PORTABLE_DIR_NAME));
    }

    #[test]
    fn environment_variable_beats_the_platform_folder() {
        let exe = tempfile::tempdir().unwrap();
        let dir = resolve_data_dir(
            Some(exe.path()),
            Some("/elsewhere".into()),
            Some("/platform".into()),
        )
        .unwrap();
        assert_eq!(dir.how, DataDirSource::EnvVar);
        assert_eq!(dir.root, PathBuf::from("/elsewhere"));
    }

    #[test]
    fn platform_folder_is_used_when_nothing_overrides_it() {
        let dir = resolve_data_dir(None, Some("".into()), Some("/platform".into())).unwrap();
        assert_eq!(dir.how, DataDirSource::Default);
        assert!(matches!(
            resolve_data_dir(None, None, None),
            Err(ProgressError::NoDataDir)
        ));
    }

    #[test]
    fn quizzes_folder_is_created_on_demand() {
        let root = tempfile::tempdir().unwrap();
        let dir = DataDir::at(root.path());
        assert!(!root.path().join("quizzes").exists());
        let quizzes = dir.quizzes_dir().unwrap();
        assert!(quizzes.is_dir());
    }
}
