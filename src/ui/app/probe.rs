//! The start-up probe behind the hidden `--measure-startup` and `--measure-screen` flags. The
//! benchmark `benches/startup.rs` runs the real window under Xvfb and reads the lines this prints, so
//! start-up is measured where a student feels it: the first frame on screen, not a function returning.
//!
//! A frame is painted once `ui` returns (eframe paints and swaps right after), so "painted" is read at
//! the start of the next frame, before that frame draws anything. The screen switch goes in as the
//! same `Intent::Navigate` a click in the navigation bar sends, run with the frame's other intents.

use std::time::Instant;

use super::Screen;

/// What is still to be measured, as the frames go by.
#[derive(Debug)]
pub struct StartupProbe {
    started: Instant,
    screen: Option<Screen>,
    stage: Stage,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Stage {
    /// Waiting for the first frame to be painted.
    FirstPaint,
    /// The first frame is painted: the switch to the screen goes in with this frame's intents.
    Switch,
    /// The switch ran at `switched`; the frame drawn after it shows the screen, and it has been
    /// painted once `frames_done` reaches `painted_after`.
    Showing {
        switched: Instant,
        painted_after: u64,
    },
    Done,
}

impl StartupProbe {
    /// `started` is taken first thing in `main`; `screen` is the one to switch to after the first frame.
    pub fn new(started: Instant, screen: Option<Screen>) -> Self {
        Self {
            started,
            screen,
            stage: Stage::FirstPaint,
        }
    }

    /// Called at the start of each frame, with the number of frames drawn before it and the screen
    /// shown now. Returns the line to print when a measurement is complete.
    pub fn frame_started(&mut self, frames_done: u64, shown: Screen) -> Option<String> {
        match self.stage {
            Stage::FirstPaint if frames_done >= 1 => {
                let line = format!(
                    "startup_ms={:.1} hwm_kb={}",
                    ms_since(self.started),
                    peak_rss_kb()
                );
                self.stage = if self.screen.is_some() {
                    Stage::Switch
                } else {
                    Stage::Done
                };
                Some(line)
            }
            Stage::Showing {
                switched,
                painted_after,
            } if frames_done >= painted_after => {
                self.stage = Stage::Done;
                // The screen actually shown, so a switch the app refused is not timed as a success.
                Some(format!(
                    "screen_ms={:.1} screen_hwm_kb={} screen={}",
                    ms_since(switched),
                    peak_rss_kb(),
                    shown.label()
                ))
            }
            _ => None,
        }
    }

    /// Called just before the frame's intents run: the screen to navigate to, once.
    pub fn switch(&mut self, frames_done: u64) -> Option<Screen> {
        if self.stage != Stage::Switch {
            return None;
        }
        let screen = self.screen?;
        self.stage = Stage::Showing {
            switched: Instant::now(),
            // This frame ends with `frames_done + 1` frames drawn; the next one shows the screen.
            painted_after: frames_done + 2,
        };
        Some(screen)
    }

    /// Whether everything asked for has been printed (then the window closes).
    pub fn is_done(&self) -> bool {
        self.stage == Stage::Done
    }
}

fn ms_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

/// The process's peak resident memory so far (`VmHWM`), in KiB; 0 where `/proc` is missing. The
/// start-up benchmark reads its own with it too.
pub fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field<'a>(line: &'a str, name: &str) -> &'a str {
        line.split_whitespace()
            .find_map(|w| w.strip_prefix(name)?.strip_prefix('='))
            .unwrap_or_else(|| panic!("no {name} in {line}"))
    }

    #[test]
    fn start_is_reported_once_the_first_frame_is_painted_and_nothing_is_switched() {
        let mut probe = StartupProbe::new(Instant::now(), None);
        assert_eq!(probe.frame_started(0, Screen::Library), None);
        assert_eq!(probe.switch(0), None);
        let line = probe
            .frame_started(1, Screen::Library)
            .expect("reported at the second frame's start");
        assert!(field(&line, "startup_ms").parse::<f64>().is_ok(), "{line}");
        assert!(field(&line, "hwm_kb").parse::<u64>().is_ok(), "{line}");
        assert!(probe.is_done());
        assert_eq!(probe.switch(1), None);
        assert_eq!(probe.frame_started(2, Screen::Library), None);
    }

    #[test]
    fn screen_is_timed_until_the_frame_that_shows_it_is_painted() {
        let mut probe = StartupProbe::new(Instant::now(), Some(Screen::Stats));
        assert_eq!(probe.switch(0), None, "no switch before the first paint");
        assert!(probe.frame_started(1, Screen::Library).is_some());
        assert!(!probe.is_done());
        assert_eq!(probe.switch(1), Some(Screen::Stats));
        assert_eq!(probe.switch(1), None, "switched once");
        // Frame 3 draws the screen; it is painted when frame 4 starts (3 frames done).
        assert_eq!(probe.frame_started(2, Screen::Stats), None);
        let line = probe
            .frame_started(3, Screen::Stats)
            .expect("reported when the screen's frame is painted");
        assert!(field(&line, "screen_ms").parse::<f64>().is_ok(), "{line}");
        assert_eq!(field(&line, "screen"), "Statistics");
        assert!(probe.is_done());
    }
}
