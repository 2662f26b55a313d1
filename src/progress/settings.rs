//! The student's settings, kept in the data dir next to their progress (not in eframe's storage,
//! which silently forgets a file it cannot decode). `#[serde(default)]` everywhere, so a settings file
//! written by an older Dossier loads after new fields appear.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Notice, ProgressError, corrupt_copy_path, write_atomically};

/// Light, dark, or follow the operating system.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// Everything the student can change in the settings screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: Theme,
    /// Multiplies every font size; 1.0 is the designed size.
    pub text_scale: f32,
    /// Again/Hard/Good/Easy; `false` shows only Again/Good.
    pub four_rating_buttons: bool,
    /// New questions introduced per day.
    pub daily_new_limit: u32,
    /// The probability of recall FSRS schedules for (0.7–0.99).
    pub desired_retention: f32,
    pub learning_steps_mins: Vec<u32>,
    pub relearning_steps_mins: Vec<u32>,
    /// The local hour at which "today" becomes "tomorrow" (4 = 4 a.m.).
    pub rollover_hour: u32,
    pub max_interval_days: u32,
    /// Optimised FSRS weights; empty means the fsrs crate's defaults.
    pub fsrs_parameters: Vec<f32>,
    /// Shown in exports so a teacher knows whose progress it is.
    pub student_name: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: Theme::System,
            text_scale: 1.0,
            four_rating_buttons: true,
            daily_new_limit: 20,
            desired_retention: 0.9,
            learning_steps_mins: vec![1, 10],
            relearning_steps_mins: vec![10],
            rollover_hour: 4,
            max_interval_days: 36500,
            fsrs_parameters: Vec::new(),
            student_name: String::new(),
        }
    }
}

impl Settings {
    /// Loads the settings at `path`. A missing file gives the defaults silently; a damaged one is
    /// moved aside to a dated `.corrupt` copy and gives the defaults with a notice saying so.
    pub fn load(path: &Path) -> (Self, Option<Notice>) {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Self::default(), None),
            Err(e) => {
                return (
                    Self::default(),
                    Some(Notice::new(format!(
                        "Could not read your settings ({e}); the defaults are used for now."
                    ))),
                );
            }
        };
        match serde_json::from_slice(&bytes) {
            Ok(settings) => (settings, None),
            Err(e) => {
                let copy = corrupt_copy_path(path, chrono::Local::now());
                let moved = std::fs::rename(path, &copy);
                let message = match moved {
                    Ok(()) => format!(
                        "Your settings file was damaged ({e}); it was moved to {} and the defaults are used.",
                        copy.display()
                    ),
                    Err(_) => format!(
                        "Your settings file was damaged ({e}); the defaults are used for now."
                    ),
                };
                (Self::default(), Some(Notice::new(message)))
            }
        }
    }

    /// Saves atomically: after a crash the file holds the old or the new settings, never half.
    pub fn save(&self, path: &Path) -> Result<(), ProgressError> {
        let mut bytes =
            serde_json::to_vec_pretty(self).map_err(|source| ProgressError::Encode {
                what: "the settings",
                source,
            })?;
        bytes.push(b'\n');
        write_atomically(path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_from_an_older_version_load_with_new_fields_defaulted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, br#"{"theme":"Dark","daily_new_limit":5}"#).unwrap();
        let (settings, notice) = Settings::load(&path);
        assert_eq!(notice, None);
        assert_eq!(settings.theme, Theme::Dark);
        assert_eq!(settings.daily_new_limit, 5);
        assert_eq!(settings.learning_steps_mins, vec![1, 10]);
    }

    #[test]
    fn saved_settings_load_back_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        let settings = Settings {
            student_name: "Ana".into(),
            text_scale: 1.25,
            ..Settings::default()
        };
        settings.save(&path).unwrap();
        assert_eq!(Settings::load(&path), (settings, None));
    }

    #[test]
    fn damaged_settings_are_moved_aside_and_defaults_used() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, b"{\"theme\": \"Da").unwrap();
        let (settings, notice) = Settings::load(&path);
        assert_eq!(settings, Settings::default());
        assert!(notice.unwrap().message.contains("moved to"));
        assert!(!path.exists());
        let kept: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(kept.iter().any(|n| n.ends_with(".corrupt")), "{kept:?}");
    }
}
