//! One writer per data dir. The lock is an OS advisory lock (`File::try_lock`: `flock` on Unix,
//! `LockFileEx` on Windows) on `dossier.lock`, so the OS drops it the moment the holding process dies,
//! however it dies: a stale lock left by a crash or SIGKILL is simply taken over by the next start. The
//! file's text (pid, start time, host) is only there to tell the user who holds it.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::ProgressError;

/// Holds the data dir's lock until dropped (or the process ends).
#[derive(Debug)]
pub struct DataLock {
    file: File,
    path: PathBuf,
}

impl DataLock {
    /// Takes the lock at `path`, or fails with [`ProgressError::AlreadyRunning`] naming the holder's pid
    /// if another live process (or another handle in this one) holds it.
    pub fn acquire(path: &Path) -> Result<Self, ProgressError> {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| ProgressError::io("open the lock file", path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                // Bounded: the lock file is ours, but whatever sits at its path is read.
                let _ = (&mut file).take(4096).read_to_string(&mut text);
                let dir = path.parent().unwrap_or(path).to_path_buf();
                return Err(ProgressError::AlreadyRunning {
                    holder: describe_holder(&text),
                    dir,
                });
            }
            Err(TryLockError::Error(e)) => {
                return Err(ProgressError::io("lock", path, e));
            }
        }
        let text = format!(
            "pid={}\nstarted={}\nhost={}\n",
            std::process::id(),
            chrono::Local::now().to_rfc3339(),
            hostname()
        );
        // Who holds the lock is informational only: failing to write it must not stop the app.
        let _ = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(text.as_bytes()))
            .and_then(|()| file.sync_data());
        Ok(Self {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Who holds the lock at `path` right now ("pid 1234 on lab-pc-7, …"), or `None` when nobody does
    /// or there is no lock file. Changes nothing and creates nothing: for commands that only read.
    pub fn holder(path: &Path) -> Option<String> {
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let mut file = File::open(path).ok()?;
        match file.try_lock_shared() {
            Ok(()) => {
                let _ = file.unlock();
                None
            }
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                let _ = (&mut file).take(4096).read_to_string(&mut text);
                Some(describe_holder(&text))
            }
            Err(TryLockError::Error(_)) => None,
        }
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for DataLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first makes it immediate and explicit.
        let _ = self.file.unlock();
    }
}

/// "pid 1234 on lab-pc-7, started 2026-11-25T15:08:07+01:00", from the lock file's text.
fn describe_holder(text: &str) -> String {
    let field = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix('='))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let mut out = match field("pid") {
        Some(pid) => format!("pid {pid}"),
        None => "pid unknown".to_owned(),
    };
    if let Some(host) = field("host") {
        out.push_str(&format!(" on {host}"));
    }
    if let Some(started) = field("started") {
        out.push_str(&format!(", started {started}"));
    }
    out
}

fn hostname() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holder_is_described_with_pid_host_and_start() {
        let text = "pid=42\nstarted=2026-11-25T15:00:00+00:00\nhost=lab-7\n";
        assert_eq!(
            describe_holder(text),
            "pid 42 on lab-7, started 2026-11-25T15:00:00+00:00"
        );
        assert_eq!(describe_holder(""), "pid unknown");
    }
}
