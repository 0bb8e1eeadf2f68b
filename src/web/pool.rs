//! A small pool of read-only SQLite connections for the web server.
//!
//! For: `faralink serve`, where every page reads and only the review action writes. A
//! read-only connection cannot change the database whatever a request carries; WAL lets it
//! read while a sync writes. Not for: the review write, which opens its own read-write
//! connection for one transaction.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags};

/// Connections are opened on demand and kept for reuse, up to `keep`.
#[derive(Debug)]
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
    keep: usize,
}

/// A connection on loan; it goes back to the pool when dropped.
pub struct Conn<'a> {
    pool: &'a Pool,
    conn: Option<Connection>,
}

impl std::ops::Deref for Conn<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("present until drop")
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.conn.take() {
            let mut idle = self.pool.idle.lock().unwrap_or_else(|e| e.into_inner());
            if idle.len() < self.pool.keep {
                idle.push(c);
            }
        }
    }
}

impl Pool {
    /// A pool of read-only connections to the database at `path`, keeping at most `keep` idle.
    pub fn new(path: &Path, keep: usize) -> Pool {
        Pool {
            path: path.to_path_buf(),
            idle: Mutex::new(Vec::new()),
            keep,
        }
    }

    /// The database file this pool reads.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A read-only connection (the database must exist and be migrated).
    pub fn get(&self) -> rusqlite::Result<Conn<'_>> {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let conn = match idle {
            Some(c) => c,
            None => open_read_only(&self.path)?,
        };
        Ok(Conn {
            pool: self,
            conn: Some(conn),
        })
    }
}

/// Opens `path` read-only, waiting up to 5 s on a lock (a checkpoint) rather than failing.
/// (The temp schema stays writable: search keeps its fts5vocab tables there.)
pub fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}
