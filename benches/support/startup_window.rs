//! The window mode of `benches/startup.rs` (see its doc comment): the real `dossier` window and the
//! bare-eframe floor, each start its own process on an X display (the user's, or an Xvfb started here).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::peak_rss_kb;

/// A start that takes longer than this is stuck (no frame ever painted): it is killed and reported.
const START_TIMEOUT: Duration = Duration::from_secs(600);

/// The X server the windows open on: the user's (`DISPLAY`), or an `Xvfb` this bench started and stops.
pub struct Display {
    name: String,
    xvfb: Option<Child>,
}

impl Display {
    pub fn open(root: &Path) -> Self {
        if let Some(name) = std::env::var("DISPLAY").ok().filter(|d| !d.is_empty()) {
            eprintln!(
                "startup: using the X display {name} (DISPLAY); figures depend on that server"
            );
            return Self { name, xvfb: None };
        }
        std::fs::create_dir_all(root).expect("bench data folder");
        let log = root.join("xvfb.log");
        let spawned = Command::new("Xvfb")
            // -displayfd: the server picks a free display and writes its number to that fd (stdout).
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("Xvfb log file"))
            .spawn();
        let mut xvfb = match spawned {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                eprintln!(
                    "startup: DISPLAY is unset and Xvfb is not installed. Install it (Debian/Ubuntu: \
                     apt-get install xvfb libgl1-mesa-dri libegl1 libxkbcommon-x11-0; \
                     scripts/bench-startup does it), set DISPLAY to a running X server, or use \
                     STARTUP_MODE=path for the windowless mode."
                );
                std::process::exit(1);
            }
            Err(e) => panic!("startup: could not start Xvfb: {e}"),
        };
        let mut line = String::new();
        let stdout = xvfb.stdout.take().expect("Xvfb stdout is piped");
        let read = BufReader::new(stdout).read_line(&mut line);
        let number = line.trim();
        if read.is_err() || number.is_empty() {
            let _ = xvfb.kill();
            let _ = xvfb.wait();
            panic!(
                "startup: Xvfb did not start: {}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        let name = format!(":{number}");
        eprintln!(
            "startup: DISPLAY is unset; started Xvfb on {name} (1280x800x24), stopped at the end"
        );
        Self {
            name,
            xvfb: Some(xvfb),
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Some(xvfb) = &mut self.xvfb {
            let _ = xvfb.kill();
            let _ = xvfb.wait();
        }
    }
}

/// What one windowed start measured.
#[derive(Clone, Copy, Debug, Default)]
struct Frame {
    /// From the start of `main` to the first painted frame, as the app measured it.
    ms: f64,
    /// From spawning the process to reading that measurement.
    wall_ms: f64,
    hwm_kb: u64,
    /// From the switch to Statistics until its frame was painted (not for the floor).
    screen_ms: Option<f64>,
}

/// How to start one case's process.
struct Launch<'a> {
    exe: &'a Path,
    args: Vec<String>,
    /// eframe's storage folder root (`XDG_DATA_HOME`), one per kind of window.
    xdg: PathBuf,
    display: &'a str,
}

pub fn window_mode(
    root: &Path,
    cases: &[(&'static str, PathBuf)],
    rounds: usize,
    display: &Display,
) {
    // STARTUP_DOSSIER: a copy of the binary, when others may rebuild the shared target meanwhile.
    let dossier = std::env::var_os("STARTUP_DOSSIER").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_dossier")),
        PathBuf::from,
    );
    eprintln!("startup: measuring {}", dossier.display());
    let dossier = dossier.as_path();
    let bench = std::env::current_exe().expect("the bench binary's path");
    let floor = Launch {
        exe: &bench,
        args: vec!["--bare-window".to_owned()],
        xdg: root.join("xdg-floor"),
        display: &display.name,
    };
    let launches: Vec<Launch> = cases
        .iter()
        .map(|(_, dir)| Launch {
            exe: dossier,
            args: vec![
                "--data-dir".to_owned(),
                dir.display().to_string(),
                "--measure-startup".to_owned(),
                "--measure-screen".to_owned(),
                "statistics".to_owned(),
            ],
            xdg: root.join("xdg-dossier"),
            display: &display.name,
        })
        .collect();
    eprintln!("startup: first starts (untimed: the progress index, the bank cache) …");
    window_start(&floor);
    for launch in &launches {
        window_start(launch);
    }
    let mut floors = Vec::new();
    let mut warm: Vec<Vec<Frame>> = vec![Vec::new(); cases.len()];
    let mut cold: Vec<Vec<Frame>> = vec![Vec::new(); cases.len()];
    for round in 1..=rounds {
        eprintln!("startup: round {round} of {rounds}");
        floors.push(window_start(&floor));
        for (i, launch) in launches.iter().enumerate() {
            warm[i].push(window_start(launch));
        }
        for (i, ((_, dir), launch)) in cases.iter().zip(&launches).enumerate() {
            let _ = std::fs::remove_dir_all(dir.join("cache").join("banks"));
            cold[i].push(window_start(launch));
        }
        for launch in &launches {
            window_start(launch); // the cache back, for the next round's warm starts
        }
    }
    let renderer = match std::env::var("DOSSIER_RENDERER").as_deref() {
        Ok("wgpu") => "wgpu",
        _ => "glow",
    };
    println!(
        "\nstartup, real window on X display {} ({renderer}), release, median (min–max) of {rounds} \
         alternating rounds; ratios against `bundled` (warm)",
        display.name
    );
    println!(
        "| data folder | first frame | × bundled | spawn → frame | peak RSS | × bundled | Statistics shown |\n\
         |---|---|---|---|---|---|---|"
    );
    let base = FrameMedian::of(&warm[0]);
    let row = |name: &str, m: &FrameMedian| {
        println!(
            "| {name} | {} | {:.2} | {:.0} ms | {:.1} MB | {:.2} | {} |",
            m.ms.text(),
            m.ms.median / base.ms.median,
            m.wall_ms,
            m.hwm_kb as f64 / 1024.0,
            m.hwm_kb as f64 / base.hwm_kb as f64,
            m.screen_ms.as_ref().map_or("—".to_owned(), Spread::text),
        );
    };
    row("bare eframe window (the floor)", &FrameMedian::of(&floors));
    for (rows, label) in [(&warm, "warm"), (&cold, "cold")] {
        for (i, (name, _)) in cases.iter().enumerate() {
            row(&format!("{name} ({label})"), &FrameMedian::of(&rows[i]));
        }
    }
    let by_name = |name: &str| {
        let i = cases.iter().position(|(n, _)| *n == name).expect("a case");
        FrameMedian::of(&warm[i])
    };
    let (banks, reviews, both) = (
        by_name("banks"),
        by_name("reviews"),
        by_name("banks+reviews"),
    );
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    let time = both.ms.median / base.ms.median;
    let memory = both.hwm_kb as f64 / base.hwm_kb as f64;
    println!("\ntargets (issue #19), warm:");
    println!(
        "- banks+reviews within 1.5× of bundled: time {time:.2}× {}, peak RSS {memory:.2}× {}",
        verdict(time <= 1.5),
        verdict(memory <= 1.5)
    );
    let banks_time = banks.ms.median / base.ms.median;
    println!(
        "- banks within 1.2× of bundled: time {banks_time:.2}× {}",
        verdict(banks_time <= 1.2)
    );
    for (name, m) in [("reviews", &reviews), ("banks+reviews", &both)] {
        let shown = m.screen_ms.as_ref().map_or(f64::INFINITY, |s| s.median);
        println!(
            "- Statistics on {name} shown within 150 ms: {shown:.1} ms {}",
            verdict(shown <= 150.0)
        );
    }
}

/// A median with the smallest and largest run.
struct Spread {
    median: f64,
    min: f64,
    max: f64,
}

impl Spread {
    fn of(mut values: Vec<f64>) -> Self {
        values.sort_by(f64::total_cmp);
        Self {
            median: values[values.len() / 2],
            min: values[0],
            max: values[values.len() - 1],
        }
    }

    fn text(&self) -> String {
        format!("{:.0} ms ({:.0}–{:.0})", self.median, self.min, self.max)
    }
}

/// Each figure's median on its own.
struct FrameMedian {
    ms: Spread,
    wall_ms: f64,
    hwm_kb: u64,
    screen_ms: Option<Spread>,
}

impl FrameMedian {
    fn of(runs: &[Frame]) -> Self {
        let mut kb: Vec<u64> = runs.iter().map(|r| r.hwm_kb).collect();
        kb.sort_unstable();
        let screens: Vec<f64> = runs.iter().filter_map(|r| r.screen_ms).collect();
        Self {
            ms: Spread::of(runs.iter().map(|r| r.ms).collect()),
            wall_ms: Spread::of(runs.iter().map(|r| r.wall_ms).collect()).median,
            hwm_kb: kb[kb.len() / 2],
            screen_ms: (!screens.is_empty()).then(|| Spread::of(screens)),
        }
    }
}

/// Starts one window, waits until it has printed its figures and quit, and reads them.
fn window_start(launch: &Launch) -> Frame {
    let spawned_at = Instant::now();
    let mut child = Command::new(launch.exe)
        .args(&launch.args)
        .env("DISPLAY", launch.display)
        .env("XDG_DATA_HOME", &launch.xdg)
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("DOSSIER_MEASURE_STARTUP")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", launch.exe.display()));
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    // Read both pipes off this thread, so a chatty driver cannot fill one and stall the app.
    let lines = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            lines.push((spawned_at.elapsed(), line));
        }
        lines
    });
    let errors = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the app") {
            break status;
        }
        if spawned_at.elapsed() > START_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{} {:?} painted nothing within {START_TIMEOUT:?}: killed\n{}",
                launch.exe.display(),
                launch.args,
                errors.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let lines = lines.join().expect("stdout reader");
    let errors = errors.join().unwrap_or_default();
    let text: String = lines.iter().map(|(_, l)| format!("{l}\n")).collect();
    assert!(
        status.success(),
        "{} {:?} failed ({status}): {text}{errors}",
        launch.exe.display(),
        launch.args
    );
    let field = |name: &str| -> Option<f64> {
        text.split_whitespace()
            .find_map(|w| w.strip_prefix(name)?.strip_prefix('=')?.parse().ok())
    };
    let first = lines
        .iter()
        .find(|(_, l)| l.starts_with("startup_ms="))
        .unwrap_or_else(|| panic!("no startup_ms= from {:?}: {text}{errors}", launch.args));
    let screen_ms = field("screen_ms");
    if screen_ms.is_some() {
        let shown = text
            .split_whitespace()
            .find_map(|w| w.strip_prefix("screen="));
        assert_eq!(
            shown,
            Some("Statistics"),
            "the switch did not happen: {text}"
        );
    }
    Frame {
        ms: field("startup_ms").expect("startup_ms is a number"),
        wall_ms: first.0.as_secs_f64() * 1000.0,
        hwm_kb: field("hwm_kb").expect("hwm_kb is a number") as u64,
        screen_ms,
    }
}

/// The floor, in the child: a bare eframe window with Dossier's options and one label, measured as
/// Dossier measures itself (first frame painted = the second frame starts).
pub fn bare_window(started: Instant) {
    struct Bare {
        started: Instant,
        frames: u64,
    }
    impl eframe::App for Bare {
        fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
            if self.frames == 1 {
                println!(
                    "startup_ms={:.1} hwm_kb={}",
                    self.started.elapsed().as_secs_f64() * 1000.0,
                    peak_rss_kb()
                );
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
            egui::CentralPanel::default().show(ui, |ui| ui.label("The floor: a bare window."));
            self.frames += 1;
            ui.ctx().request_repaint();
        }
    }
    let result = eframe::run_native(
        "dossier-bench-floor",
        dossier::ui::native_options(),
        Box::new(move |_cc| Ok(Box::new(Bare { started, frames: 0 }))),
    );
    if let Err(e) = result {
        eprintln!("bare window: {e}");
        std::process::exit(1);
    }
}
