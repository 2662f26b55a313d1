//! The real binary answers in a loop and is killed with SIGKILL at random moments, hundreds of times:
//! every review it acknowledged (printed after `append` returned) must be in the log afterwards, and
//! the store must reopen cleanly each time.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};

use dossier::progress::{DataDir, Store};

/// A small seeded generator, so a failing run can be replayed exactly.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn every_acknowledged_answer_survives_being_killed_at_random_moments() {
    const KILLS: usize = 200;
    let temp = tempfile::tempdir().unwrap();
    let dir = DataDir::at(temp.path().join("data"));
    let mut rng = XorShift(dossier::stable_hash(b"progress_crash"));
    let mut acknowledged: HashSet<String> = HashSet::new();

    for round in 0..KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["progress", "debug-append-loop", "--data-dir"])
            .arg(&dir.root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        // Sometimes kill before the first answer (while it opens the store), usually a few in.
        let wait_for = rng.below(12);
        let mut line = String::new();
        for _ in 0..wait_for {
            line.clear();
            if stdout.read_line(&mut line).unwrap() == 0 {
                break;
            }
            if let Some(id) = line.strip_suffix('\n') {
                acknowledged.insert(id.to_owned());
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        // Whatever it printed before dying was acknowledged too.
        let mut rest = String::new();
        stdout.read_to_string(&mut rest).unwrap();
        for id in rest
            .split_inclusive('\n')
            .filter_map(|l| l.strip_suffix('\n'))
        {
            acknowledged.insert(id.to_owned());
        }

        let (store, _notices) = Store::open(&dir)
            .unwrap_or_else(|e| panic!("round {round}: store did not reopen: {e}"));
        let records = store.all_records().unwrap();
        let present: HashSet<&str> = records.iter().map(|r| r.id.0.as_str()).collect();
        let missing: Vec<&String> = acknowledged
            .iter()
            .filter(|id| !present.contains(id.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "round {round}: acknowledged answers lost: {missing:?}"
        );
    }
    assert!(
        acknowledged.len() > KILLS,
        "the loop should have acknowledged many answers, got {}",
        acknowledged.len()
    );
    let corrupt_copies = std::fs::read_dir(&dir.root)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".corrupt")
        })
        .count();
    assert_eq!(corrupt_copies, 0, "a crash must never look like corruption");
}
