//! Banks validated once, not at every start: a cache of validated banks, one file per bank source,
//! keyed by what the source is (its path) and what it holds (its size and a hash of its bytes; the
//! modification time is kept too, for people reading the cache, but never trusted on its own, since an
//! editor can change a file in place within the same second and at the same size).
//!
//! Parsing and validating a bank costs far more than reading the same bank back from a serialized
//! copy of the validated result, and a student's library rarely changes between two starts. So the
//! app's loader ([`super::validate::load_paths_cached`]) reads each bank file, hashes its bytes, and
//! asks the cache for a bank validated from exactly those bytes; only on a miss does it parse and
//! validate, then store the result.
//!
//! What the cache promises:
//! - **Never a stale bank.** An entry is used only when the file's bytes hash to the stored hash and
//!   have the stored size, and the entry was written by this very build of Dossier (its version and
//!   the executable's size and modification time; another build, older or newer, rebuilds the cache,
//!   since validation rules and the bank model change between versions).
//! - **Never a hidden bank.** Broken banks are not cached at all: they are validated again at every
//!   start and listed with their errors. A cache entry that cannot be read or decoded is a miss; the
//!   bank is validated again and the entry rewritten.
//! - **Atomic, bounded.** Each entry is written atomically ([`crate::progress::write_atomically`]);
//!   entries not used by the last library load are removed ([`BankCache::remove_unused`]), so the
//!   cache holds one entry per bank the library has, and an entry larger than [`MAX_ENTRY_BYTES`] is
//!   not written.
//!
//! Warnings are not cached: the app never shows them, and `dossier check` always validates afresh.

use std::collections::HashSet;
use std::hash::BuildHasher as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use super::model::{Answer, Bank, QuestionIndex};

/// The cache's own format; bump it whenever the bank model or the way entries are written changes in
/// a way the build identity would not catch (it always catches a rebuilt executable).
pub const CACHE_FORMAT: u32 = 1;

/// What the first line of every entry says it is.
const MAGIC: &str = "dossier-bank-cache";

/// The largest entry written, in bytes: far above a bank at the validator's size limit, but it keeps
/// a pathological bank from filling the disk with its cached copy.
pub const MAX_ENTRY_BYTES: usize = 256 * 1024 * 1024;

/// What a bank's source holds: its size and a hash of its bytes (the identity that matters), and its
/// modification time when it is a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceKey {
    pub size: u64,
    /// Nanoseconds since the Unix epoch; `None` for the bundled banks and files without one.
    pub modified_ns: Option<u64>,
    /// Two independent 64-bit hashes of the bytes, so an accidental collision is out of reach.
    pub hash: [u64; 2],
}

impl SourceKey {
    /// The key of `bytes`, read from a file last modified at `modified`.
    pub fn of(bytes: &[u8], modified: Option<std::time::SystemTime>) -> Self {
        let modified_ns = modified
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        Self {
            size: bytes.len() as u64,
            modified_ns,
            hash: [
                hash_with_seed(bytes, 0x5eed_0001),
                hash_with_seed(bytes, 0x5eed_0002),
            ],
        }
    }
}

/// A fast, seeded, non-cryptographic hash (foldhash): the same bytes give the same hash in every run
/// of one build, which is all the cache needs (another build ignores the cache anyway).
fn hash_with_seed(bytes: &[u8], seed: u64) -> u64 {
    foldhash::quality::FixedState::with_seed(seed).hash_one(bytes)
}

/// The first line of an entry: what it is, which build wrote it, and for which source.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Header {
    magic: String,
    format: u32,
    build: String,
    path: PathBuf,
    key: SourceKey,
}

/// How loads used the cache since it was opened; for tests and benchmarks (observable without timing) and for the notice
/// a damaged cache earns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Banks taken from the cache, not validated.
    pub hits: u32,
    /// Banks validated because the cache had no entry for their current bytes.
    pub misses: u32,
    /// Entries that existed but could not be read or decoded (then a miss too).
    pub damaged: u32,
    /// Entries that could not be written (the cache folder is read-only, the disk full): harmless, the
    /// bank is simply validated again next time.
    pub write_failures: u32,
}

/// The bank cache in one folder. Without a folder (no data dir) there is no cache and every bank is
/// validated.
#[derive(Debug)]
pub struct BankCache {
    dir: PathBuf,
    /// File names of the entries used or written since the last [`BankCache::remove_unused`].
    used: HashSet<String>,
    pub stats: CacheStats,
}

impl BankCache {
    /// The cache kept in `dir` (created on the first write).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            used: HashSet::new(),
            stats: CacheStats::default(),
        }
    }

    /// The cache of the data folder at `root`: its `cache/banks/` folder.
    pub fn in_data_dir(root: &Path) -> Self {
        Self::at(root.join("cache").join("banks"))
    }

    /// The folder the entries live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The bank validated earlier from exactly the source `key` describes at `path`, if this build
    /// cached one. Its `path` is set to `path`.
    pub fn lookup(&mut self, path: &Path, key: &SourceKey) -> Option<Bank> {
        let name = entry_name(path);
        self.used.insert(name.clone());
        let bytes = match std::fs::read(self.dir.join(&name)) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.stats.misses += 1;
                return None;
            }
            Err(_) => {
                self.stats.damaged += 1;
                self.stats.misses += 1;
                return None;
            }
        };
        match decode(&bytes, path, key) {
            Decoded::Bank(mut bank) => {
                self.stats.hits += 1;
                bank.path = Some(path.to_path_buf());
                Some(*bank)
            }
            Decoded::Outdated => {
                self.stats.misses += 1;
                None
            }
            Decoded::Damaged => {
                self.stats.damaged += 1;
                self.stats.misses += 1;
                None
            }
        }
    }

    /// Keeps `bank`, validated from the source `key` describes at `path`, for the next start. A write
    /// that fails is counted and otherwise ignored: the cache only ever saves work.
    pub fn store(&mut self, path: &Path, key: &SourceKey, bank: &Bank) {
        let name = entry_name(path);
        self.used.insert(name.clone());
        let Some(bytes) = encode(path, key, bank) else {
            self.stats.write_failures += 1;
            return;
        };
        let written = std::fs::create_dir_all(&self.dir).is_ok()
            && crate::progress::write_atomically(&self.dir.join(name), &bytes).is_ok();
        if !written {
            self.stats.write_failures += 1;
        }
    }

    /// Deletes every entry not looked up or stored since the last call, so the cache holds only the
    /// banks the library still has; returns how many went. Temporary files of a write cut short are
    /// removed too.
    pub fn remove_unused(&mut self) -> usize {
        let mut removed = 0;
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let ours = name.ends_with(".json") || name.ends_with(".tmp");
                if ours && !self.used.contains(&name) && std::fs::remove_file(entry.path()).is_ok()
                {
                    removed += 1;
                }
            }
        }
        self.used.clear();
        removed
    }
}

/// The entry's file name for a source: a hash of its path (the header holds the path itself, so two
/// paths with the same hash only take turns, never mix).
fn entry_name(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    format!("{:016x}.json", hash_with_seed(bytes, 0x9a7e))
}

/// Which build of Dossier this is: the version and the executable's size and modification time, so
/// a rebuilt or updated program never reads entries another build wrote.
fn build_identity() -> &'static str {
    static BUILD: OnceLock<String> = OnceLock::new();
    BUILD.get_or_init(|| {
        let exe = std::env::current_exe()
            .and_then(std::fs::metadata)
            .ok()
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                format!("{}-{modified}", m.len())
            })
            .unwrap_or_default();
        format!("{} {exe}", env!("CARGO_PKG_VERSION"))
    })
}

/// An entry: the header on the first line, then the bank.
fn encode(path: &Path, key: &SourceKey, bank: &Bank) -> Option<Vec<u8>> {
    let header = Header {
        magic: MAGIC.to_owned(),
        format: CACHE_FORMAT,
        build: build_identity().to_owned(),
        path: path.to_path_buf(),
        key: *key,
    };
    let mut bytes = serde_json::to_vec(&header).ok()?;
    bytes.push(b'\n');
    serde_json::to_writer(&mut bytes, bank).ok()?;
    (bytes.len() <= MAX_ENTRY_BYTES).then_some(bytes)
}

enum Decoded {
    Bank(Box<Bank>),
    /// A sound entry for another source, another version of it, or another build.
    Outdated,
    Damaged,
}

fn decode(bytes: &[u8], path: &Path, key: &SourceKey) -> Decoded {
    let Some(newline) = bytes.iter().position(|&b| b == b'\n') else {
        return Decoded::Damaged;
    };
    let Ok(header) = serde_json::from_slice::<Header>(&bytes[..newline]) else {
        return Decoded::Damaged;
    };
    if header.magic != MAGIC {
        return Decoded::Damaged;
    }
    // Size and hash decide; the modification time may differ (a file copied, or touched, with the
    // same bytes is the same bank).
    let same_source = header.path == path
        && header.key.size == key.size
        && header.key.hash == key.hash
        && header.format == CACHE_FORMAT
        && header.build == build_identity();
    if !same_source {
        return Decoded::Outdated;
    }
    match serde_json::from_slice::<Bank>(&bytes[newline + 1..]) {
        Ok(mut bank) => {
            bank.question_index = QuestionIndex::of(&bank.questions);
            share_sentences(&mut bank);
            Decoded::Bank(Box::new(bank))
        }
        Err(_) => Decoded::Damaged,
    }
}

/// Evidence and two-part questions on one passage share its list of sentences (validation builds it
/// once); decoding makes a copy per question, so they are shared again here.
fn share_sentences(bank: &mut Bank) {
    let mut shared: Vec<(String, Arc<[String]>)> = Vec::new();
    for question in &mut bank.questions {
        let sentences = match &mut question.answer {
            Answer::Evidence { sentences, .. } | Answer::TwoPart { sentences, .. } => sentences,
            _ => continue,
        };
        match shared
            .iter()
            .find(|(passage, _)| *passage == question.passage)
        {
            Some((_, first)) if **first == **sentences => *sentences = first.clone(),
            Some(_) => {}
            None => shared.push((question.passage.clone(), sentences.clone())),
        }
    }
}
