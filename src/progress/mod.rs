//! Progress that is never lost: the data dir, the append-only review log, snapshots, merge, export.
