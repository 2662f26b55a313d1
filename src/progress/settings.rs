//! The student's settings, kept in the data dir next to their progress (not in eframe's storage,
//! which silently forgets a file it cannot decode). `#[serde(default)]` everywhere, so a settings file
//! written by an older Dossier loads after new fields appear. A file with an unknown key or a wrong
//! value still loads: only the wrong field falls back to its default, and a notice names each problem.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;

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
    /// Spread review intervals a little (see `docs/scheduling.md` for the ranges).
    pub fuzz: bool,
    /// At most this many reviews per day and bank before the library asks "study them anyway?".
    pub daily_review_limit: u32,
    /// The student's exam dates per bank id; they take precedence over a date in the bank file.
    pub exam_dates: BTreeMap<String, NaiveDate>,
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
            fuzz: true,
            daily_review_limit: 200,
            exam_dates: BTreeMap::new(),
            student_name: String::new(),
        }
    }
}

impl Settings {
    /// The study engine's configuration for these settings (minutes become seconds). The app and
    /// `dossier progress show` both build their scheduler from this, so both replay the log to the
    /// same card states. Exam dates are the student's; see [`Self::scheduler_config_with`] for the
    /// teachers' dates from bank files.
    pub fn scheduler_config(&self) -> SchedulerConfig {
        self.scheduler_config_with(std::iter::empty())
    }

    /// Like [`Self::scheduler_config`], with exam dates from bank files (bank id, date) under the
    /// student's own: a date the student set wins.
    pub fn scheduler_config_with(
        &self,
        bank_exam_dates: impl IntoIterator<Item = (String, NaiveDate)>,
    ) -> SchedulerConfig {
        let mut exam_dates: BTreeMap<String, NaiveDate> = bank_exam_dates.into_iter().collect();
        exam_dates.extend(self.exam_dates.clone());
        let secs = |mins: &[u32]| mins.iter().map(|m| m.saturating_mul(60)).collect();
        SchedulerConfig {
            desired_retention: self.desired_retention,
            learning_steps_secs: secs(&self.learning_steps_mins),
            relearning_steps_secs: secs(&self.relearning_steps_mins),
            max_interval_days: self.max_interval_days,
            rollover_hour: self.rollover_hour,
            new_per_day: self.daily_new_limit,
            fuzz: self.fuzz,
            parameters: self.fsrs_parameters.clone(),
            max_reviews_per_day: self.daily_review_limit,
            exam_dates,
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
            Read::Loaded(settings, problems) => (settings, problems_notice(&problems)),
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
            Read::Loaded(settings, problems) => (settings, problems_notice(&problems)),
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
                return Read::Loaded(Self::default(), Vec::new());
            }
            Err(e) => {
                return Read::Failed(Notice::new(format!(
                    "Could not read your settings ({e}); the defaults are used for now."
                )));
            }
        };
        // A file edited in Notepad may start with a byte-order mark, which JSON does not allow.
        let json = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        match serde_json::from_slice(json).and_then(Self::from_json) {
            Ok((settings, problems)) => Read::Loaded(settings, problems),
            Err(e) => Read::Damaged(e),
        }
    }

    /// The settings in a parsed settings file, field by field: an unknown key is ignored and a value
    /// that does not fit its field (or that the scheduler refuses) falls back to that field's
    /// default, each with a sentence saying so. Fails only when the file is not a JSON object.
    pub fn from_json(file: Value) -> Result<(Self, Vec<String>), serde_json::Error> {
        let Value::Object(file) = file else {
            return Err(serde::de::Error::custom("the file is not a JSON object"));
        };
        let Value::Object(mut merged) = serde_json::to_value(Self::default())? else {
            return Err(serde::de::Error::custom(
                "the defaults are not a JSON object",
            ));
        };
        let mut problems = Vec::new();
        for (key, value) in file {
            if !merged.contains_key(&key) {
                problems.push(format!("unknown setting `{key}` ignored"));
                continue;
            }
            let mut trial = merged.clone();
            trial.insert(key.clone(), value);
            match serde_json::from_value::<Self>(Value::Object(trial.clone())) {
                Ok(_) => merged = trial,
                Err(e) => problems.push(format!("`{key}`: {e}; the default is used")),
            }
        }
        let mut settings: Self = serde_json::from_value(Value::Object(merged))?;
        problems.extend(settings.fall_back_where_the_scheduler_refuses());
        Ok((settings, problems))
    }

    /// Puts back the default of each scheduling field the scheduler refuses (a retention of 2, a
    /// zero-minute step, broken FSRS parameters), one at a time, and says which.
    fn fall_back_where_the_scheduler_refuses(&mut self) -> Vec<String> {
        let defaults = Self::default();
        let mut problems = Vec::new();
        // Each round fixes one field; there are fewer fields than rounds.
        for _ in 0..8 {
            let Err(e) = self.scheduler() else {
                break;
            };
            let field = match e {
                ScheduleError::DesiredRetention(_) => {
                    self.desired_retention = defaults.desired_retention;
                    "desired_retention"
                }
                ScheduleError::RolloverHour(_) => {
                    self.rollover_hour = defaults.rollover_hour;
                    "rollover_hour"
                }
                ScheduleError::MaxInterval(_) => {
                    self.max_interval_days = defaults.max_interval_days;
                    "max_interval_days"
                }
                ScheduleError::ZeroStep if self.learning_steps_mins.contains(&0) => {
                    self.learning_steps_mins = defaults.learning_steps_mins.clone();
                    "learning_steps_mins"
                }
                ScheduleError::ZeroStep => {
                    self.relearning_steps_mins = defaults.relearning_steps_mins.clone();
                    "relearning_steps_mins"
                }
                ScheduleError::Parameters(_) => {
                    self.fsrs_parameters.clear();
                    "fsrs_parameters"
                }
            };
            problems.push(format!("`{field}`: {e}; the default is used"));
        }
        problems
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

/// One notice for every problem found in the settings file, or none.
fn problems_notice(problems: &[String]) -> Option<Notice> {
    (!problems.is_empty()).then(|| {
        Notice::new(format!(
            "Some of your settings could not be used: {}.",
            problems.join("; ")
        ))
    })
}

/// What reading the settings file found.
enum Read {
    /// The settings, and a sentence for each unknown key or wrong value left out.
    Loaded(Settings, Vec<String>),
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
    fn an_unknown_key_is_reported_and_the_other_settings_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, br#"{"daily_new_limit":7,"fuz":false}"#).unwrap();
        let (settings, notice) = Settings::load(&path);
        assert_eq!(settings.daily_new_limit, 7);
        assert!(notice.unwrap().message.contains("unknown setting `fuz`"));
    }

    #[test]
    fn one_wrong_value_falls_back_alone_and_keeps_the_steps() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(
            &path,
            br#"{"learning_steps_mins":[2,20],"desired_retention":2.0,"rollover_hour":"four","fuzz":false}"#,
        )
        .unwrap();
        let (settings, notice) = Settings::load(&path);
        assert_eq!(settings.learning_steps_mins, vec![2, 20]);
        assert!(!settings.fuzz);
        assert_eq!(settings.desired_retention, 0.9);
        assert_eq!(settings.rollover_hour, 4);
        let message = notice.unwrap().message;
        assert!(message.contains("`desired_retention`"), "{message}");
        assert!(message.contains("`rollover_hour`"), "{message}");
        assert!(
            path.exists(),
            "a file with a wrong value is not moved aside"
        );
    }

    #[test]
    fn fuzz_off_in_the_file_turns_fuzz_off_in_the_scheduler() {
        let settings: Settings = serde_json::from_str(r#"{"fuzz":false}"#).unwrap();
        assert!(!settings.scheduler_config().fuzz);
        assert!(Settings::default().scheduler_config().fuzz);
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
