//! Banks validated once, not at every start: a cache of validated banks, one file per bank source,
//! keyed by what the source is (its path) and what it holds (its size and a hash of its bytes), with
//! the file's identity when it was hashed (modification and change times, inode).
//!
//! Parsing and validating a bank costs far more than reading the same bank back from a serialized
//! copy of the validated result, and a student's library rarely changes between two starts. So the
//! app's loader ([`super::validate::load_paths_lazy`]) asks the cache for each bank file's entry;
//! only on a miss does it parse and validate, then store the result.
//!
//! An entry has three parts, each ended by a line break: a JSON header line (what it was validated
//! from, and the summary's length), the bank's [`BankSummary`] (all the library needs; postcard, as
//! JSON it was most of a start with a hundred large banks) and the validated bank (JSON). At start
//! the loader reads only the first two
//! ([`BankCache::lookup_summary`]); the bank itself is read when the student opens it
//! ([`super::lazy::LazyBank::full`]).
//!
//! When is a file unchanged without reading it? As git's index decides: when its size, modification
//! time, change time and inode are all what they were when its bytes were hashed, and the file was
//! not modified within [`RACY_NS`] of that hashing (a file written in the same clock tick as it was
//! hashed could change again without its times moving; such an entry is hashed again, and refreshed,
//! next time). The change time cannot be set by programs, so even an edit that puts the modification
//! time back is seen. A user's Reload, and every reload after a change on disk, hashes the bytes
//! whatever the times say; so do systems without change times and inodes.
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

use super::lazy::{BankSummary, FullSource, LazyBank};
use super::model::{Answer, Bank, QuestionIndex};

/// The cache's own format; bump it whenever the bank model or the way entries are written changes in
/// a way the build identity would not catch (it always catches a rebuilt executable). Format 2 added
/// the summary line and the file identity; format 3 encodes the summary in postcard (a hundred
/// thousand questions' summaries parse several times faster than as JSON).
pub const CACHE_FORMAT: u32 = 3;

/// A file modified this close to (or after) the moment its bytes were hashed is "racily clean" (git's
/// term): its times alone do not prove it unchanged since, so it is hashed again. Three seconds covers
/// the coarsest common timestamps (FAT's two seconds) with a margin.
pub const RACY_NS: u64 = 3_000_000_000;

/// What the first line of every entry says it is.
const MAGIC: &str = "dossier-bank-cache";

/// The largest entry written, in bytes: far above a bank at the validator's size limit, but it keeps
/// a pathological bank from filling the disk with its cached copy.
pub const MAX_ENTRY_BYTES: usize = 256 * 1024 * 1024;

/// A file's identity on disk, as its metadata gives it: what changes whenever its bytes do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub size: u64,
    /// Nanoseconds since the Unix epoch.
    pub modified_ns: Option<u64>,
    /// The inode's change time (Unix), which every write and every time change sets and no program
    /// can set back.
    pub changed_ns: Option<u64>,
    pub inode: Option<u64>,
}

impl FileStamp {
    /// The stamp of the file `metadata` describes.
    pub fn of(metadata: &std::fs::Metadata) -> Self {
        let modified_ns = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX));
        #[cfg(unix)]
        let (changed_ns, inode) = {
            use std::os::unix::fs::MetadataExt as _;
            let changed = u64::try_from(metadata.ctime())
                .ok()
                .and_then(|s| s.checked_mul(1_000_000_000))
                .and_then(|ns| ns.checked_add(u64::try_from(metadata.ctime_nsec()).ok()?));
            (changed, Some(metadata.ino()))
        };
        #[cfg(not(unix))]
        let (changed_ns, inode) = (None, None);
        Self {
            size: metadata.len(),
            modified_ns,
            changed_ns,
            inode,
        }
    }

    /// Whether a file with this stamp now, whose bytes were hashed at `hashed_ns` when its stamp was
    /// `then`, is known unchanged without reading it (see the module documentation).
    fn proves_unchanged(&self, then: &FileStamp, hashed_ns: u64, racy_ns: u64) -> bool {
        let (Some(modified), Some(changed), Some(_)) =
            (self.modified_ns, self.changed_ns, self.inode)
        else {
            return false;
        };
        self == then
            && modified.saturating_add(racy_ns) < hashed_ns
            && changed.saturating_add(racy_ns) < hashed_ns
    }
}

/// What a bank's source holds: its size and a hash of its bytes (the identity that matters), and the
/// file's stamp when it was hashed (none for the bundled banks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceKey {
    pub size: u64,
    pub stamp: Option<FileStamp>,
    /// Two independent 64-bit hashes of the bytes, so an accidental collision is out of reach.
    pub hash: [u64; 2],
}

impl SourceKey {
    /// The key of `bytes`, read from a file whose stamp was `stamp` just before.
    pub fn of(bytes: &[u8], stamp: Option<FileStamp>) -> Self {
        Self {
            size: bytes.len() as u64,
            stamp,
            hash: [
                hash_with_seed(bytes, 0x5eed_0001),
                hash_with_seed(bytes, 0x5eed_0002),
            ],
        }
    }

    /// Whether both keys describe the same bytes (the stamps may differ: a file copied, or touched,
    /// with the same bytes is the same bank).
    pub fn same_bytes(&self, other: &SourceKey) -> bool {
        self.size == other.size && self.hash == other.hash
    }
}

/// Nanoseconds since the Unix epoch, now.
fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_nanos()).unwrap_or(u64::MAX))
}

/// A fast, seeded, non-cryptographic hash (foldhash): the same bytes give the same hash in every run
/// of one build, which is all the cache needs (another build ignores the cache anyway).
fn hash_with_seed(bytes: &[u8], seed: u64) -> u64 {
    foldhash::quality::FixedState::with_seed(seed).hash_one(bytes)
}

/// The first line of an entry: what it is, which build wrote it, and for which source.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Header {
    magic: String,
    format: u32,
    build: String,
    path: PathBuf,
    key: SourceKey,
    /// When the bytes were hashed (nanoseconds since the Unix epoch), for the racy-file rule.
    hashed_ns: u64,
    /// Length of the summary that follows the header line (postcard bytes, then a line break).
    summary_len: u64,
}

/// How loads used the cache since it was opened; for tests and benchmarks (observable without timing) and for the notice
/// a damaged cache earns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Banks taken from the cache, not validated.
    pub hits: u32,
    /// Of the hits, those whose file was known unchanged from its stamp, without reading it.
    pub unread: u32,
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
    /// [`RACY_NS`], or another window for tests (which cannot wait seconds for a file to age).
    racy_ns: u64,
}

impl BankCache {
    /// The cache kept in `dir` (created on the first write).
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            used: HashSet::new(),
            stats: CacheStats::default(),
            racy_ns: RACY_NS,
        }
    }

    /// This cache with another racy window (see [`RACY_NS`]); zero trusts a file's stamp the moment
    /// after it was hashed.
    pub fn with_racy_window(mut self, window: std::time::Duration) -> Self {
        self.racy_ns = u64::try_from(window.as_nanos()).unwrap_or(u64::MAX);
        self
    }

    /// The cache of the data folder at `root`: its `cache/banks/` folder.
    pub fn in_data_dir(root: &Path) -> Self {
        Self::at(root.join("cache").join("banks"))
    }

    /// The folder the entries live in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn entry_path(&mut self, path: &Path) -> PathBuf {
        let name = entry_name(path);
        let entry = self.dir.join(&name);
        self.used.insert(name);
        entry
    }

    /// The bank validated earlier from exactly the source `key` describes at `path`, if this build
    /// cached one, read whole. Its `path` is set to `path`.
    pub fn lookup(&mut self, path: &Path, key: &SourceKey) -> Option<Bank> {
        let entry = self.entry_path(path);
        let bytes = match std::fs::read(&entry) {
            Ok(bytes) => bytes,
            Err(e) => return self.missed(e.kind() != std::io::ErrorKind::NotFound),
        };
        let decoded = match read_header(&bytes, path) {
            Ok((header, rest)) if key.same_bytes(&header.key) => decode_bank(&header, rest, path),
            Ok(_) => Decoded::Outdated,
            Err(decoded) => decoded,
        };
        match decoded {
            Decoded::Bank(bank) => {
                self.stats.hits += 1;
                Some(*bank)
            }
            Decoded::Outdated | Decoded::NotFound => self.missed(false),
            Decoded::Damaged => self.missed(true),
        }
    }

    /// The library's view of the bank file at `path` whose metadata is `stamp`, when its entry proves
    /// the file unchanged since it was validated without reading the file (see the module
    /// documentation). `None` means: read and hash the file, then ask [`Self::lookup_summary`].
    pub fn lookup_unread(&mut self, path: &Path, stamp: &FileStamp) -> Option<LazyBank> {
        let entry = self.entry_path(path);
        let (header, summary) = read_summary(&entry, path).ok()?;
        let proven = header
            .key
            .stamp
            .is_some_and(|then| stamp.proves_unchanged(&then, header.hashed_ns, self.racy_ns));
        if !proven || header.key.size != stamp.size {
            return None;
        }
        self.stats.hits += 1;
        self.stats.unread += 1;
        Some(deferred(summary, entry, path, header.key, None))
    }

    /// The library's view of the bank at `path` validated earlier from exactly the bytes `key`
    /// describes, if this build cached it: its summary now, its content when opened. An entry whose
    /// file was only touched (same bytes, new times) is refreshed, so the next start need not read the
    /// file. `bundled_text` is the text of a bundled bank (validated again should its entry go).
    pub fn lookup_summary(
        &mut self,
        path: &Path,
        key: &SourceKey,
        bundled_text: Option<&'static str>,
    ) -> Option<LazyBank> {
        let entry = self.entry_path(path);
        match read_summary(&entry, path) {
            Ok((header, summary)) if key.same_bytes(&header.key) => {
                self.stats.hits += 1;
                if header.key.stamp != key.stamp
                    || key.stamp.is_some() && !aged(&header, self.racy_ns)
                {
                    refresh(&entry, &header, key);
                }
                Some(deferred(summary, entry, path, *key, bundled_text))
            }
            Ok(_) | Err(Decoded::Outdated) => self.missed(false),
            Err(Decoded::NotFound) => self.missed(false),
            Err(_) => self.missed(true),
        }
    }

    fn missed<T>(&mut self, damaged: bool) -> Option<T> {
        self.stats.misses += 1;
        if damaged {
            self.stats.damaged += 1;
        }
        None
    }

    /// Keeps `bank`, validated from the source `key` describes at `path`, for the next start. A write
    /// that fails is counted and otherwise ignored: the cache only ever saves work.
    pub fn store(&mut self, path: &Path, key: &SourceKey, bank: &Bank) {
        let entry = self.entry_path(path);
        if !write_entry(&entry, path, key, bank) {
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

fn deferred(
    summary: BankSummary,
    entry: PathBuf,
    path: &Path,
    key: SourceKey,
    bundled_text: Option<&'static str>,
) -> LazyBank {
    LazyBank::deferred(
        summary,
        FullSource {
            entry,
            path: path.to_path_buf(),
            key,
            bundled_text,
        },
    )
}

/// Whether the entry was hashed long enough after its file's last change to be trusted by its stamp
/// next time; if not, [`BankCache::lookup_summary`] rewrites it with the current time.
fn aged(header: &Header, racy_ns: u64) -> bool {
    header.key.stamp.is_some_and(|then| {
        [then.modified_ns, then.changed_ns]
            .iter()
            .all(|t| t.is_some_and(|t| t.saturating_add(racy_ns) < header.hashed_ns))
    })
}

/// Rewrites an entry's header for the bytes `key` describes (the same as the entry's), hashed now.
fn refresh(entry: &Path, header: &Header, key: &SourceKey) {
    let Ok(bytes) = std::fs::read(entry) else {
        return;
    };
    let Some(newline) = bytes.iter().position(|&b| b == b'\n') else {
        return;
    };
    let fresh = Header {
        key: *key,
        hashed_ns: now_ns(),
        ..header.clone()
    };
    let Ok(mut out) = serde_json::to_vec(&fresh) else {
        return;
    };
    out.extend_from_slice(&bytes[newline..]);
    let _ = crate::progress::write_atomically(entry, &out);
}

/// Writes the entry for `bank`, validated from the bytes `key` describes at `path`; whether it was.
fn write_entry(entry: &Path, path: &Path, key: &SourceKey, bank: &Bank) -> bool {
    let Some(bytes) = encode(path, key, bank) else {
        return false;
    };
    entry
        .parent()
        .is_some_and(|dir| std::fs::create_dir_all(dir).is_ok())
        && crate::progress::write_atomically(entry, &bytes).is_ok()
}

/// The full bank of a summary, for [`LazyBank::full`]: from its cache entry when that still holds the
/// bank validated from the bytes the summary came from; otherwise validated again from its source
/// (and the entry rewritten), provided it is still the same bank (`id`).
pub(crate) fn read_full(source: &FullSource, id: &crate::BankId) -> Option<Bank> {
    if let Ok(bytes) = std::fs::read(&source.entry)
        && let Ok((header, rest)) = read_header(&bytes, &source.path)
        && header.key.same_bytes(&source.key)
        && let Decoded::Bank(bank) = decode_bank(&header, rest, &source.path)
    {
        return Some(*bank);
    }
    let (mut bank, key) = match source.bundled_text {
        Some(text) => (
            super::validate::load_bank_str(text, &source.path).ok()?,
            SourceKey::of(text.as_bytes(), None),
        ),
        None => {
            let stamp = std::fs::metadata(&source.path)
                .ok()
                .map(|m| FileStamp::of(&m));
            let limits = super::validate::Limits::default();
            let (checked, text) = super::validate::check_bank_file(&source.path, &limits);
            (checked.bank?, SourceKey::of(text.as_bytes(), stamp))
        }
    };
    if &bank.id != id {
        return None;
    }
    bank.path = Some(source.path.clone());
    write_entry(&source.entry, &source.path, &key, &bank);
    Some(bank)
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

/// An entry: the header on the first line, the summary on the second, then the bank.
fn encode(path: &Path, key: &SourceKey, bank: &Bank) -> Option<Vec<u8>> {
    let summary = postcard::to_stdvec(&BankSummary::of(bank)).ok()?;
    let header = Header {
        magic: MAGIC.to_owned(),
        format: CACHE_FORMAT,
        build: build_identity().to_owned(),
        path: path.to_path_buf(),
        key: *key,
        hashed_ns: now_ns(),
        summary_len: summary.len() as u64,
    };
    let mut bytes = serde_json::to_vec(&header).ok()?;
    bytes.push(b'\n');
    bytes.extend_from_slice(&summary);
    bytes.push(b'\n');
    serde_json::to_writer(&mut bytes, bank).ok()?;
    (bytes.len() <= MAX_ENTRY_BYTES).then_some(bytes)
}

enum Decoded {
    Bank(Box<Bank>),
    /// A sound entry for another source, another version of it, or another build.
    Outdated,
    /// No entry.
    NotFound,
    Damaged,
}

/// The header of an entry's `bytes` when it is a sound one of this build for `path`, and the bytes
/// after its line.
fn read_header<'a>(bytes: &'a [u8], path: &Path) -> Result<(Header, &'a [u8]), Decoded> {
    let newline = bytes
        .iter()
        .position(|&b| b == b'\n')
        .ok_or(Decoded::Damaged)?;
    let header =
        serde_json::from_slice::<Header>(&bytes[..newline]).map_err(|_| Decoded::Damaged)?;
    if header.magic != MAGIC {
        return Err(Decoded::Damaged);
    }
    if header.path != path || header.format != CACHE_FORMAT || header.build != build_identity() {
        return Err(Decoded::Outdated);
    }
    Ok((header, &bytes[newline + 1..]))
}

/// Reads only an entry's header and summary lines (the bank line, by far the longest, is left
/// unread).
fn read_summary(entry: &Path, path: &Path) -> Result<(Header, BankSummary), Decoded> {
    use std::io::{BufRead as _, Read as _};
    let file = match std::fs::File::open(entry) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Decoded::NotFound),
        Err(_) => return Err(Decoded::Damaged),
    };
    let mut reader = std::io::BufReader::new(file.take(MAX_ENTRY_BYTES as u64));
    let mut line = Vec::new();
    let mut next_line = |line: &mut Vec<u8>| {
        line.clear();
        match reader.read_until(b'\n', line) {
            Ok(_) if line.last() == Some(&b'\n') => Ok(()),
            _ => Err(Decoded::Damaged),
        }
    };
    next_line(&mut line)?;
    let (header, _) = read_header(&line, path)?;
    let len = summary_len(&header)?;
    line.clear();
    // Grown as bytes arrive, so a damaged length cannot make it allocate more than the file holds.
    (&mut reader)
        .take(len as u64 + 1)
        .read_to_end(&mut line)
        .map_err(|_| Decoded::Damaged)?;
    let (summary, _) = split_summary(&line, len)?;
    let summary = postcard::from_bytes::<BankSummary>(summary).map_err(|_| Decoded::Damaged)?;
    Ok((header, summary))
}

/// The summary's length from the header, within what an entry may hold.
fn summary_len(header: &Header) -> Result<usize, Decoded> {
    usize::try_from(header.summary_len)
        .ok()
        .filter(|&len| len < MAX_ENTRY_BYTES)
        .ok_or(Decoded::Damaged)
}

/// Splits `bytes` (what follows the header line) into the summary's `len` bytes and what comes after
/// the line break that must end them (the bank).
fn split_summary(bytes: &[u8], len: usize) -> Result<(&[u8], &[u8]), Decoded> {
    match bytes.get(len) {
        Some(b'\n') => Ok((&bytes[..len], &bytes[len + 1..])),
        _ => Err(Decoded::Damaged),
    }
}

/// The bank line of an entry (`rest`: the bytes after the header line, which start with the
/// summary).
fn decode_bank(header: &Header, rest: &[u8], path: &Path) -> Decoded {
    let Ok((_, bank)) = summary_len(header).and_then(|len| split_summary(rest, len)) else {
        return Decoded::Damaged;
    };
    match serde_json::from_slice::<Bank>(bank) {
        Ok(mut bank) => {
            bank.question_index = QuestionIndex::of(&bank.questions);
            bank.path = Some(path.to_path_buf());
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
