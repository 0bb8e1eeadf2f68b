//! Recent search results, reused until the database changes.
//!
//! For: `faralink serve`, where the same query comes back (the back button, a shared link, a
//! colleague on the same laptop): a typo-tolerant search costs milliseconds, a cached one
//! microseconds. Not for: anything that must see a sync's rows before they are committed.
//!
//! Invalidation: every commit appends to the WAL file, and a checkpoint rewrites the database
//! file, so the pair of (size, modification time) of both files changes whenever the data can
//! have; any change empties the cache. Searching never waits on the cache.
//!
//! It also keeps the search [`Vocabulary`] (every indexed word and its row count) for the
//! same database state, so that a search that is not cached reads only the indexes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use std::sync::Arc;

use rusqlite::Connection;

use crate::search::{Hit, SearchError, Vocabulary};

/// What the database files looked like: (size, mtime) of the file and of its WAL.
type Stamp = [(u64, Option<SystemTime>); 2];

/// Hits by (query, limit).
type Entries = HashMap<(String, usize), Vec<Hit>>;

/// A bounded map from (query, limit) to hits, for one database.
#[derive(Debug)]
pub struct SearchCache {
    files: [PathBuf; 2],
    inner: Mutex<(Option<Stamp>, Entries)>,
    /// Loaded on the blocking threads that search, apart from `inner`, so that an async
    /// handler asking for cached hits never waits on a load.
    vocabulary: Mutex<Option<(Stamp, Arc<Vocabulary>)>>,
    capacity: usize,
}

impl SearchCache {
    pub fn new(db: &Path, capacity: usize) -> SearchCache {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        SearchCache {
            files: [db.to_path_buf(), PathBuf::from(wal)],
            inner: Mutex::new((None, HashMap::new())),
            vocabulary: Mutex::new(None),
            capacity,
        }
    }

    fn stamp(&self) -> Stamp {
        let one = |p: &Path| match std::fs::metadata(p) {
            Ok(m) => (m.len(), m.modified().ok()),
            Err(_) => (0, None),
        };
        [one(&self.files[0]), one(&self.files[1])]
    }

    /// The cached hits for `(query, limit)`, if the database has not changed since.
    pub fn get(&self, query: &str, limit: usize) -> Option<Vec<Hit>> {
        let now = self.stamp();
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if g.0 != Some(now) {
            g.0 = Some(now);
            g.1.clear();
            return None;
        }
        g.1.get(&(query.to_string(), limit)).cloned()
    }

    /// Remembers `hits`, unless the database changed while they were computed (then the
    /// stamp differs and the entry would be stale).
    pub fn put(&self, query: &str, limit: usize, hits: &[Hit]) {
        let now = self.stamp();
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if g.0 != Some(now) {
            g.0 = Some(now);
            g.1.clear();
        }
        if g.1.len() >= self.capacity {
            g.1.clear();
        }
        g.1.insert((query.to_string(), limit), hits.to_vec());
    }

    /// The search vocabulary of the database as it is now, read through `conn` when the
    /// database changed since it was last read. Searches arriving during a load wait for it
    /// (one load per change, ~20 ms on the full registry) rather than each loading their own.
    pub fn vocabulary(&self, conn: &Connection) -> Result<Arc<Vocabulary>, SearchError> {
        let now = self.stamp();
        let mut g = self.vocabulary.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((stamp, v)) = g.as_ref()
            && *stamp == now
        {
            return Ok(v.clone());
        }
        let v = Arc::new(Vocabulary::load(conn)?);
        *g = Some((now, v.clone()));
        Ok(v)
    }
}
