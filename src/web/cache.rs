//! What the web server keeps between requests until the database changes: recent search
//! results and the search vocabulary ([`SearchCache`]), rendered country pages (any
//! [`StampedCache`]).
//!
//! For: `faralink serve`, where the same query or page comes back (the back button, a shared
//! link, a colleague on the same laptop): a typo-tolerant search or a country page costs
//! milliseconds, a cached one microseconds. Not for: anything that must see a sync's rows
//! before they are committed.
//!
//! Invalidation: every commit appends to the WAL file, and a checkpoint rewrites the database
//! file, so the pair of (size, modification time) of both files changes whenever the data can
//! have; any change empties a cache. An answer is kept only if the files did not change
//! between the moment its computation started and the moment it is kept, so an answer read
//! from the data before a change is never kept for the data after it. Reading never waits on
//! a computation.
//!
//! [`SearchCache`] also keeps the search [`Vocabulary`] (every indexed word and its row count)
//! for the same database state, so that a search that is not cached reads only the indexes.

use std::collections::HashMap;
use std::hash::Hash;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use std::sync::Arc;

use rusqlite::Connection;

use crate::search::{Hit, SearchError, Vocabulary};

/// What the database files looked like: (size, mtime) of the file and of its WAL.
pub type Stamp = [(u64, Option<SystemTime>); 2];

/// A database's file and its WAL, whose [`Stamp`] says whether the data may have changed.
#[derive(Debug, Clone)]
pub struct DbFiles([PathBuf; 2]);

impl DbFiles {
    /// The database file `db` and its write-ahead log beside it.
    pub fn new(db: &Path) -> DbFiles {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        DbFiles([db.to_path_buf(), PathBuf::from(wal)])
    }

    /// The files' sizes and modification times now.
    pub fn stamp(&self) -> Stamp {
        let one = |p: &Path| match std::fs::metadata(p) {
            Ok(m) => (m.len(), m.modified().ok()),
            Err(_) => (0, None),
        };
        [one(&self.0[0]), one(&self.0[1])]
    }
}

/// A bounded map from keys to answers computed from one database, emptied when the database
/// files change (the module's invalidation rule).
#[derive(Debug)]
pub struct StampedCache<K, V> {
    files: DbFiles,
    inner: Mutex<(Option<Stamp>, HashMap<K, V>)>,
    capacity: usize,
}

impl<K: Eq + Hash, V: Clone> StampedCache<K, V> {
    /// An empty cache of at most `capacity` answers (all are dropped when it is full).
    pub fn new(db: &Path, capacity: usize) -> StampedCache<K, V> {
        StampedCache {
            files: DbFiles::new(db),
            inner: Mutex::new((None, HashMap::new())),
            capacity,
        }
    }

    /// The files' stamp now: take it before computing an answer, and give it to [`put`].
    ///
    /// [`put`]: StampedCache::put
    pub fn stamp(&self) -> Stamp {
        self.files.stamp()
    }

    /// The answer kept for `key`, if the database has not changed since it was computed.
    pub fn get(&self, key: &K) -> Option<V> {
        let now = self.stamp();
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if g.0 != Some(now) {
            g.0 = Some(now);
            g.1.clear();
            return None;
        }
        g.1.get(key).cloned()
    }

    /// Keeps `value` for `key`, computed from the database as it was at stamp `since`: only
    /// if the files have not changed since (else it may describe the data before a change).
    pub fn put(&self, since: Stamp, key: K, value: V) {
        let now = self.stamp();
        if now != since {
            return;
        }
        let mut g = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if g.0 != Some(now) {
            g.0 = Some(now);
            g.1.clear();
        }
        if g.1.len() >= self.capacity {
            g.1.clear();
        }
        g.1.insert(key, value);
    }
}

/// Search hits by (query, limit), and the search vocabulary, for one database.
#[derive(Debug)]
pub struct SearchCache {
    hits: StampedCache<(String, usize), Vec<Hit>>,
    /// Loaded on the blocking threads that search, apart from `hits`, so that an async
    /// handler asking for cached hits never waits on a load.
    vocabulary: Mutex<Option<(Stamp, Arc<Vocabulary>)>>,
}

impl SearchCache {
    /// A cache of at most `capacity` answers, kept while `db`'s files do not change.
    pub fn new(db: &Path, capacity: usize) -> SearchCache {
        SearchCache {
            hits: StampedCache::new(db, capacity),
            vocabulary: Mutex::new(None),
        }
    }

    /// The files' stamp now: take it before searching, and give it to [`put`].
    ///
    /// [`put`]: SearchCache::put
    pub fn stamp(&self) -> Stamp {
        self.hits.stamp()
    }

    /// The cached hits for `(query, limit)`, if the database has not changed since.
    pub fn get(&self, query: &str, limit: usize) -> Option<Vec<Hit>> {
        self.hits.get(&(query.to_string(), limit))
    }

    /// Remembers `hits`, found in the database as it was at stamp `since`, unless it changed
    /// since then.
    pub fn put(&self, since: Stamp, query: &str, limit: usize, hits: &[Hit]) {
        self.hits
            .put(since, (query.to_string(), limit), hits.to_vec());
    }

    /// The search vocabulary of the database as it is now, read through `conn` when the
    /// database changed since it was last read. Searches arriving during a load wait for it
    /// (one load per change, ~20 ms on the full registry) rather than each loading their own.
    pub fn vocabulary(&self, conn: &Connection) -> Result<Arc<Vocabulary>, SearchError> {
        let now = self.hits.stamp();
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
