//! The progress index: everything start-up needs from the review log (card states, each question's
//! content hash at its last review, the statistics' per-day aggregates), derived from a prefix of the
//! log and tagged with where that prefix ends and how to recognise it. At start the store checks the
//! prefix is still the log's beginning, reads only the records after it and applies them; anything it
//! cannot check or apply is rebuilt from the whole log, which stays the single truth. The file is
//! `progress-index.bin` (format 4), written atomically: a fixed header (magic, format, payload length,
//! CRC-32 of the payload) and the payload in postcard, a compact binary serde encoding. Formats 1 and 2
//! were JSON in `snapshot.json`; for 100,000 cards format 2 was 86 MB and took most of a second to
//! parse, format 3 (binary) 25 MB, and format 4, which keeps undo memory only for the last day's
//! changes ([`UNDO_MEMORY_MS`]), 11.6 MB, decoded in about 45 ms. Layout and rules:
//! `docs/progress-format.md`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::changes::LastContentHashes;
use super::snapshot::LogMark;
use super::{ProgressError, write_atomically};
use crate::study::collection::UNDO_MEMORY_MS;
use crate::study::stats_index::{NeedsRebuild, StatsAggregates};
use crate::study::{Collection, Record, RecordId, Scheduler, SchedulerConfig};

/// Version of the index file's layout. Formats 1 (the card states alone), 2 (JSON) and 3 (undo
/// memory for every card, no record times in it) are migrated by rebuilding.
pub const INDEX_FORMAT: u32 = 4;

/// The first bytes of an index file.
const MAGIC: &[u8; 8] = b"DSSRIDX\n";

/// Magic, format (u32), payload length (u64) and the payload's CRC-32 (u32), little-endian.
const HEADER_LEN: usize = 8 + 4 + 8 + 4;

/// Which part of the log an index was derived from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogPrefix {
    /// Length of the prefix and a hash of its last 4 KiB: the log must still begin with exactly it.
    pub mark: LogMark,
    /// Records in the prefix (duplicates of an id not counted, as when reading the log).
    pub record_count: u64,
    /// The largest record id in the prefix, for the documentation of what the index covers.
    pub largest_id: Option<RecordId>,
    /// The latest record time in the prefix.
    pub latest_at_ms: i64,
    /// The ids of the prefix's records at `latest_at_ms`: a later record at that same millisecond can
    /// be applied on top only if it is none of them (not a repeat of one).
    pub ids_at_latest_ms: Vec<RecordId>,
}

impl LogPrefix {
    /// The empty log.
    pub fn empty() -> Self {
        Self {
            mark: LogMark::empty(),
            record_count: 0,
            largest_id: None,
            latest_at_ms: i64::MIN,
            ids_at_latest_ms: Vec::new(),
        }
    }

    /// Whether `record`, coming after this prefix in the log, can be applied on top of state derived
    /// from the prefix: it happened no earlier than every record of the prefix, and is not one of
    /// them. A record from the past (merged in, a clock turned back) or a repeated line cannot.
    pub fn follows(&self, record: &Record) -> bool {
        record.at_ms > self.latest_at_ms
            || (record.at_ms == self.latest_at_ms && !self.ids_at_latest_ms.contains(&record.id))
    }

    /// Extends the prefix by a record for which [`Self::follows`] holds (or any record, when the
    /// figures are recomputed over a whole log), and the log's new mark.
    pub fn push(&mut self, record: &Record) {
        self.record_count += 1;
        if self.largest_id.as_ref().is_none_or(|id| record.id > *id) {
            self.largest_id = Some(record.id.clone());
        }
        if record.at_ms > self.latest_at_ms {
            self.latest_at_ms = record.at_ms;
            self.ids_at_latest_ms.clear();
        }
        if record.at_ms == self.latest_at_ms {
            self.ids_at_latest_ms.push(record.id.clone());
        }
    }

    /// The figures of a whole log's records (its mark set by the caller).
    pub fn of_records(records: &[Record], mark: LogMark) -> Self {
        let mut prefix = Self::empty();
        for record in records {
            prefix.push(record);
        }
        prefix.mark = mark;
        prefix
    }
}

/// What start-up needs, derived from the log with one scheduler's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Derived {
    /// The settings the card states were replayed with; other settings mean a replay.
    pub scheduler: SchedulerConfig,
    pub collection: Collection,
    pub last_hashes: LastContentHashes,
    /// Decoded only when the Statistics screen (or the next index save) needs them.
    pub stats: LazyAggregates,
}

impl Derived {
    /// Everything derived from `records` (a whole log) with `scheduler`.
    pub fn build(records: &[Record], scheduler: &Scheduler) -> Self {
        let mut derived = Self {
            scheduler: scheduler.config().clone(),
            collection: Collection::replay(records, scheduler),
            last_hashes: LastContentHashes::of(records),
            stats: StatsAggregates::build(records, None, scheduler.config().rollover_hour).into(),
        };
        derived.forget_old_undo(latest_at_ms(records));
        derived
    }

    /// Lets go of the undo memory of changes older than [`UNDO_MEMORY_MS`] before `latest_at_ms`
    /// (the latest record's time, so the same log always derives the same index). Done when the
    /// state is built or read from the index, before anything shares it, so neither the memory nor
    /// the index file grow with the years of history; an undo of such a change means a rebuild.
    pub fn forget_old_undo(&mut self, latest_at_ms: i64) {
        let cutoff = latest_at_ms.saturating_sub(UNDO_MEMORY_MS);
        self.collection.forget_undo_before(cutoff);
        self.last_hashes.forget_undo_before(cutoff);
    }

    /// [`Self::build`] on a thread: `progress` gets the fraction done (0.0–1.0) now and then and
    /// returns `false` to stop early (then `None`). Replaying the card states is most of the work;
    /// the content hashes and the statistics' aggregates are one quick pass each.
    pub fn build_with_progress(
        records: &[Record],
        scheduler: &Scheduler,
        progress: &mut dyn FnMut(f32) -> bool,
    ) -> Option<Self> {
        /// The share of the work given to replaying the card states (the bulk: a scheduler step per
        /// review; the other two passes only count).
        const REPLAY_SHARE: f32 = 0.8;
        let collection =
            Collection::replay_with_progress(records, scheduler, &mut |done, total| {
                progress(REPLAY_SHARE * done as f32 / total.max(1) as f32)
            })?;
        let last_hashes = LastContentHashes::of(records);
        if !progress(REPLAY_SHARE + (1.0 - REPLAY_SHARE) / 2.0) {
            return None;
        }
        let stats = StatsAggregates::build(records, None, scheduler.config().rollover_hour);
        if !progress(1.0) {
            return None;
        }
        let mut derived = Self {
            scheduler: scheduler.config().clone(),
            collection,
            last_hashes,
            stats: stats.into(),
        };
        derived.forget_old_undo(latest_at_ms(records));
        Some(derived)
    }

    /// Takes `scheduler`'s settings without a replay when they differ from the ones derived with
    /// only in the daily limits (new questions, reviews per day), which change no card's state;
    /// returns whether it did (or they were the same). Any other change needs [`Self::build`].
    pub fn retune(&mut self, scheduler: &Scheduler) -> bool {
        let mut wanted = scheduler.config().clone();
        wanted.new_per_day = self.scheduler.new_per_day;
        wanted.max_reviews_per_day = self.scheduler.max_reviews_per_day;
        if wanted != self.scheduler {
            return false;
        }
        self.collection.use_day_limits(scheduler);
        self.scheduler = scheduler.config().clone();
        true
    }

    /// Applies one record that [`LogPrefix::follows`] the records applied so far. An undo that is
    /// not of its card's latest change cannot be applied exactly: rebuild.
    pub fn apply(&mut self, record: &Record, scheduler: &Scheduler) -> Result<(), NeedsRebuild> {
        if let crate::study::Event::Undo { review } = &record.event
            && !self
                .collection
                .can_undo(&record.bank, &record.question, review)
        {
            return Err(NeedsRebuild);
        }
        self.collection.apply(record, scheduler);
        self.last_hashes.apply(record)?;
        self.stats.apply(record)
    }
}

/// The latest record time of a log (`i64::MIN` for none).
fn latest_at_ms(records: &[Record]) -> i64 {
    records.iter().map(|r| r.at_ms).max().unwrap_or(i64::MIN)
}

/// The statistics' aggregates as the index holds them. A start needs the card states and the content
/// hashes for its first screen, not the statistics (a tally per card and per study day: about a quarter
/// of the index, and of the time to decode it), so they stay encoded until something asks for them;
/// records applied meanwhile are queued and applied on decoding.
pub struct LazyAggregates {
    /// The aggregates' postcard bytes as read from the index, until decoded.
    encoded: Option<Vec<u8>>,
    /// Records applied since the bytes were read.
    queued: Vec<Record>,
    /// The aggregates brought up to date; `None` inside when the bytes or a queued record could not
    /// be (then they are rebuilt from the log).
    decoded: std::sync::OnceLock<Option<StatsAggregates>>,
}

impl From<StatsAggregates> for LazyAggregates {
    fn from(aggregates: StatsAggregates) -> Self {
        Self {
            encoded: None,
            queued: Vec::new(),
            decoded: std::sync::OnceLock::from(Some(aggregates)),
        }
    }
}

impl LazyAggregates {
    /// The aggregates, decoded (and brought up to date) the first time; `None` when they cannot be.
    pub fn get(&self) -> Option<&StatsAggregates> {
        self.decoded
            .get_or_init(|| {
                let mut aggregates: StatsAggregates =
                    postcard::from_bytes(self.encoded.as_deref()?).ok()?;
                for record in &self.queued {
                    aggregates.apply(record).ok()?;
                }
                Some(aggregates)
            })
            .as_ref()
    }

    /// Whether they can be written to the index as they are (still encoded and untouched, or brought
    /// up to date).
    pub fn can_save(&self) -> bool {
        (!self.is_decoded() && self.queued.is_empty() && self.encoded.is_some())
            || self.get().is_some()
    }

    /// Whether they have been decoded (for tests: a start must leave them encoded).
    pub fn is_decoded(&self) -> bool {
        self.decoded.get().is_some()
    }

    /// [`StatsAggregates::apply`], or queued until they are decoded.
    pub fn apply(&mut self, record: &Record) -> Result<(), NeedsRebuild> {
        match self.decoded.get_mut() {
            Some(Some(aggregates)) => {
                // Decoded and now changing: the bytes and the queue they were made from are stale.
                self.encoded = None;
                self.queued = Vec::new();
                aggregates.apply(record)
            }
            Some(None) => Err(NeedsRebuild),
            None => {
                self.queued.push(record.clone());
                Ok(())
            }
        }
    }
}

impl Clone for LazyAggregates {
    fn clone(&self) -> Self {
        Self {
            encoded: self.encoded.clone(),
            queued: self.queued.clone(),
            decoded: match self.decoded.get() {
                Some(decoded) => std::sync::OnceLock::from(decoded.clone()),
                None => std::sync::OnceLock::new(),
            },
        }
    }
}

impl std::fmt::Debug for LazyAggregates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazyAggregates")
            .field("decoded", &self.decoded.get())
            .field("queued", &self.queued.len())
            .finish()
    }
}

impl PartialEq for LazyAggregates {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Serialize for LazyAggregates {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        if !self.is_decoded()
            && self.queued.is_empty()
            && let Some(bytes) = &self.encoded
        {
            return serializer.serialize_bytes(bytes);
        }
        let aggregates = self
            .get()
            .ok_or_else(|| S::Error::custom("the statistics' aggregates need a rebuild"))?;
        let bytes = postcard::to_stdvec(aggregates).map_err(S::Error::custom)?;
        serializer.serialize_bytes(&bytes)
    }
}

impl<'de> Deserialize<'de> for LazyAggregates {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl<'de> serde::de::Visitor<'de> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("the encoded statistics' aggregates")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
                Ok(bytes.to_vec())
            }
            fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(bytes)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Vec<u8>, A::Error> {
                let mut bytes = Vec::new();
                while let Some(byte) = seq.next_element()? {
                    bytes.push(byte);
                }
                Ok(bytes)
            }
        }
        let encoded = deserializer.deserialize_byte_buf(Bytes)?;
        Ok(Self {
            encoded: Some(encoded),
            queued: Vec::new(),
            decoded: std::sync::OnceLock::new(),
        })
    }
}

/// The index file.
#[derive(Serialize, Deserialize)]
struct IndexFile<D> {
    format: u32,
    prefix: LogPrefix,
    derived: D,
}

/// Only the format of a JSON index (formats 1 and 2), to tell an old layout from a damaged file.
#[derive(Deserialize)]
struct FormatOnly {
    format: u32,
}

/// What [`load`] found.
#[derive(Debug)]
pub enum IndexLoad {
    /// An index in this format; its prefix is still to be checked against the log.
    Found(Box<(LogPrefix, Derived)>),
    /// No index yet (a new data folder).
    Missing,
    /// An index of an older Dossier (formats 1 and 2): rebuilt from the log in the new format, quietly.
    OldFormat,
    /// Damaged, from a newer Dossier, or unreadable: rebuilt, and the student told why.
    Unusable(String),
}

/// Reads the index at `path`. Never fails: anything unusable means "rebuild from the log".
pub fn load(path: &Path) -> IndexLoad {
    let bytes = match crate::safe_io::read_limited(path, super::log::MAX_LOG_BYTES) {
        Ok(bytes) => bytes,
        Err(e) if e.is_not_found() => return IndexLoad::Missing,
        Err(e) => return IndexLoad::Unusable(e.to_string()),
    };
    if bytes.first() == Some(&b'{') {
        return match serde_json::from_slice::<FormatOnly>(&bytes) {
            Ok(FormatOnly { format: 1 | 2 }) => IndexLoad::OldFormat,
            Ok(FormatOnly { format }) => {
                IndexLoad::Unusable(format!("it is in format {format}, not {INDEX_FORMAT}"))
            }
            Err(e) => IndexLoad::Unusable(e.to_string()),
        };
    }
    match decode(&bytes) {
        Ok(mut file) => {
            drop(bytes);
            file.derived.forget_old_undo(file.prefix.latest_at_ms);
            IndexLoad::Found(Box::new((file.prefix, file.derived)))
        }
        Err(Undecodable::OldFormat) => IndexLoad::OldFormat,
        Err(Undecodable::Unusable(reason)) => IndexLoad::Unusable(reason),
    }
}

/// Why [`decode`] gave up.
enum Undecodable {
    /// A binary index of an older Dossier (format 3).
    OldFormat,
    /// Damaged, from a newer Dossier, or not an index.
    Unusable(String),
}

impl From<&str> for Undecodable {
    fn from(reason: &str) -> Self {
        Self::Unusable(reason.to_owned())
    }
}

impl From<String> for Undecodable {
    fn from(reason: String) -> Self {
        Self::Unusable(reason)
    }
}

/// The index in `bytes`, or why it cannot be used.
fn decode(bytes: &[u8]) -> Result<IndexFile<Derived>, Undecodable> {
    let header = bytes
        .get(..HEADER_LEN)
        .filter(|h| h.starts_with(MAGIC))
        .ok_or("it is not a Dossier index")?;
    let field = |range: std::ops::Range<usize>| -> [u8; 8] {
        let mut out = [0; 8];
        out[..range.len()].copy_from_slice(&header[range]);
        out
    };
    let format = u64::from_le_bytes(field(8..12));
    if format == 3 {
        return Err(Undecodable::OldFormat);
    }
    if format != u64::from(INDEX_FORMAT) {
        return Err(format!("it is in format {format}, not {INDEX_FORMAT}").into());
    }
    let length = u64::from_le_bytes(field(12..20));
    let crc = u64::from_le_bytes(field(20..24));
    let payload = &bytes[HEADER_LEN..];
    if payload.len() as u64 != length {
        return Err(format!(
            "it is cut short or too long ({} bytes of {length})",
            payload.len()
        )
        .into());
    }
    if u64::from(crc32fast::hash(payload)) != crc {
        return Err("it is damaged (its checksum does not match)".into());
    }
    let file: IndexFile<Derived> =
        postcard::from_bytes(payload).map_err(|e| format!("it cannot be decoded ({e})"))?;
    if file.format != INDEX_FORMAT {
        return Err(format!("it is in format {}, not {INDEX_FORMAT}", file.format).into());
    }
    Ok(file)
}

/// Writes the index atomically (temp file, fsync, rename, fsync the folder): after a crash the file
/// is the old index or the new one, never a mix.
pub fn save(path: &Path, prefix: &LogPrefix, derived: &Derived) -> Result<(), ProgressError> {
    let file = IndexFile {
        format: INDEX_FORMAT,
        prefix: prefix.clone(),
        derived,
    };
    // The payload is encoded after room for the header, which is filled in once its length and
    // checksum are known: one buffer, not a payload and then a copy of it.
    let mut bytes =
        postcard::to_extend(&file, vec![0; HEADER_LEN]).map_err(|e| ProgressError::Encode {
            what: "the progress index",
            source: serde::ser::Error::custom(e),
        })?;
    let (header, payload) = bytes.split_at_mut(HEADER_LEN);
    header[..8].copy_from_slice(MAGIC);
    header[8..12].copy_from_slice(&INDEX_FORMAT.to_le_bytes());
    header[12..20].copy_from_slice(&(payload.len() as u64).to_le_bytes());
    header[20..24].copy_from_slice(&crc32fast::hash(payload).to_le_bytes());
    write_atomically(path, &bytes)
}

/// Applies `records` (each following the ones before) on top of `derived` and `prefix`; stops at the
/// first that cannot be applied and says so.
pub fn apply_all(
    derived: &mut Derived,
    prefix: &mut LogPrefix,
    records: &[Record],
    scheduler: &Scheduler,
) -> Result<(), NeedsRebuild> {
    for record in records {
        if !prefix.follows(record) {
            return Err(NeedsRebuild);
        }
        derived.apply(record, scheduler)?;
        prefix.push(record);
    }
    Ok(())
}
