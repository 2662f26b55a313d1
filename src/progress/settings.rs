//! The student's settings, kept in the data dir next to their progress (not in eframe's storage,
//! which silently forgets a file it cannot decode). `#[serde(default)]` everywhere, so a settings file
//! written by an older Dossier loads after new fields appear.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Notice, ProgressError, corrupt_copy_path, write_atomically};
use crate::study::{ScheduleError, Scheduler, SchedulerConfig};

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
    /// The study engine's configuration for these settings (minutes become seconds, fuzz on). The app
    /// and `dossier progress show` both build their scheduler from this, so both replay the log to the
    /// same card states.
    pub fn scheduler_config(&self) -> SchedulerConfig {
        let secs = |mins: &[u32]| mins.iter().map(|m| m.saturating_mul(60)).collect();
        SchedulerConfig {
            desired_retention: self.desired_retention,
            learning_steps_secs: secs(&self.learning_steps_mins),
            relearning_steps_secs: secs(&self.relearning_steps_mins),
            max_interval_days: self.max_interval_days,
            rollover_hour: self.rollover_hour,
            new_per_day: self.daily_new_limit,
            fuzz: true,
            parameters: self.fsrs_parameters.clone(),
        }
    }

    /// The scheduler for these settings; fails only if the settings file holds values the scheduler
    /// refuses (a retention of 2, a zero-minute step, broken FSRS parameters).
    pub fn scheduler(&self) -> Result<Scheduler, ScheduleError> {
        Scheduler::new(self.scheduler_config())
    }

    /// Loads the settings at `path`. A missing file gives the defaults silently; a damaged one is
    /// moved aside to a dated `.corrupt` copy and gives the defaults with a notice saying so.
    pub fn load(path: &Path) -> (Self, Option<Notice>) {
        match Self::read(path) {
            Read::Loaded(settings) => (settings, None),
            Read::Failed(notice) => (Self::default(), Some(notice)),
            Read::Damaged(e) => {
                let copy = corrupt_copy_path(path, chrono::Local::now());
                // A symlinked settings file (kept in a synced folder) stays a link: its bytes are
                // copied aside and the next save writes through the link.
                let is_link =
                    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
                let moved = if is_link {
                    crate::safe_io::read_limited(path, 1024 * 1024)
                        .map_err(|e| e.to_string())
                        .and_then(|bytes| {
                            write_atomically(&copy, &bytes).map_err(|e| e.to_string())
                        })
                } else {
                    std::fs::rename(path, &copy).map_err(|e| e.to_string())
                };
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

    /// Loads the settings at `path` without changing anything on disk: a damaged file is left where it
    /// is (the defaults are used, with a notice). For commands that only look, possibly while the app
    /// is running with the same data folder.
    pub fn load_read_only(path: &Path) -> (Self, Option<Notice>) {
        match Self::read(path) {
            Read::Loaded(settings) => (settings, None),
            Read::Failed(notice) => (Self::default(), Some(notice)),
            Read::Damaged(e) => (
                Self::default(),
                Some(Notice::new(format!(
                    "Your settings file is damaged ({e}); the defaults are used."
                ))),
            ),
        }
    }

    fn read(path: &Path) -> Read {
        // Settings are a few hundred bytes; anything that is not a small regular file is refused.
        let bytes = match crate::safe_io::read_limited(path, 1024 * 1024) {
            Ok(bytes) => bytes,
            Err(e) if e.is_not_found() => {
                return Read::Loaded(Self::default());
            }
            Err(e) => {
                return Read::Failed(Notice::new(format!(
                    "Could not read your settings ({e}); the defaults are used for now."
                )));
            }
        };
        // A file edited in Notepad may start with a byte-order mark, which JSON does not allow.
        let json = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        match serde_json::from_slice(json) {
            Ok(settings) => Read::Loaded(settings),
            Err(e) => Read::Damaged(e),
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

/// What reading the settings file found.
enum Read {
    Loaded(Settings),
    /// The file exists but could not be read (permissions); left alone.
    Failed(Notice),
    /// The file is not valid settings JSON.
    Damaged(serde_json::Error),
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

    #[test]
    fn learning_steps_typed_in_minutes_schedule_the_card_that_many_minutes_later() {
        let settings = Settings {
            learning_steps_mins: vec![5, 30],
            ..Settings::default()
        };
        let scheduler = settings.scheduler().unwrap();
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00+01:00").unwrap();
        let next = scheduler.next_states(&crate::study::CardState::default(), now);
        let again = next.get(crate::study::Rating::Again);
        assert_eq!(again.due, Some(now.timestamp_millis() + 5 * 60_000));
    }

    #[test]
    fn an_absurd_step_in_the_settings_file_does_not_crash() {
        let settings = Settings {
            learning_steps_mins: vec![u32::MAX],
            ..Settings::default()
        };
        assert_eq!(settings.scheduler_config().learning_steps_secs, [u32::MAX]);
    }

    #[cfg(unix)]
    #[test]
    fn damaged_settings_behind_a_symlink_keep_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("synced-settings.json");
        std::fs::write(&real, b"{\"theme\": \"Da").unwrap();
        let path = dir.path().join("settings.json");
        std::os::unix::fs::symlink(&real, &path).unwrap();
        let (settings, notice) = Settings::load(&path);
        assert_eq!(settings, Settings::default());
        assert!(notice.unwrap().message.contains("moved to"));
        settings.save(&path).unwrap();
        assert!(
            std::fs::symlink_metadata(&path)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(Settings::load(&real), (Settings::default(), None));
    }

    #[test]
    fn a_settings_file_saved_with_a_byte_order_mark_loads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, b"\xEF\xBB\xBF{\"daily_new_limit\":5}").unwrap();
        let (settings, notice) = Settings::load(&path);
        assert_eq!((settings.daily_new_limit, notice), (5, None));
    }

    #[test]
    fn damaged_settings_are_left_in_place_when_only_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, b"{\"theme\": \"Da").unwrap();
        let (settings, notice) = Settings::load_read_only(&path);
        assert_eq!(settings, Settings::default());
        assert!(notice.unwrap().message.contains("damaged"));
        assert_eq!(std::fs::read(&path).unwrap(), b"{\"theme\": \"Da");
    }
}
