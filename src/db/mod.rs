//! The SQLite database: opening it, the pragmas every connection needs, and the schema
//! migrations. Migrations are plain numbered `.sql` files in `migrations/`, applied in order
//! and recorded in `PRAGMA user_version`, so the schema is readable without Rust.
//!
//! For: [`open`] and [`open_existing`], the table lists ([`USER_TABLES`], [`USER_VIEWS`]), and
//! the machinery every domain stores its rows with, which knows no domain: the reconcile
//! engine ([`reconcile`]), stable row ids ([`ids`]) and borrowed bindings for bulk inserts.
//! Not for: what goes into a domain's tables (see `fara::store`, `takedowns::store`,
//! `matcher::store`, `documents`) or reading them for users (see `search`, `dossier`,
//! `changes` and the `cmd` modules).

use std::path::Path;

use rusqlite::Connection;

mod borrowed;
pub mod ids;
pub mod reconcile;

pub use reconcile::{LoadContext, LoadCounts, replace_rejects};

/// The schema, one entry per migration, in order. Migration `i` (0-based) brings the
/// database from `user_version = i` to `i + 1`.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init.sql",
        include_str!("../../migrations/0001_init.sql"),
    ),
    (
        "0002_takedowns.sql",
        include_str!("../../migrations/0002_takedowns.sql"),
    ),
    (
        "0003_extraction.sql",
        include_str!("../../migrations/0003_extraction.sql"),
    ),
    (
        "0004_matcher.sql",
        include_str!("../../migrations/0004_matcher.sql"),
    ),
    (
        "0005_search.sql",
        include_str!("../../migrations/0005_search.sql"),
    ),
    (
        "0006_changes.sql",
        include_str!("../../migrations/0006_changes.sql"),
    ),
    (
        "0007_money.sql",
        include_str!("../../migrations/0007_money.sql"),
    ),
    (
        "0008_takedown_cells.sql",
        include_str!("../../migrations/0008_takedown_cells.sql"),
    ),
    (
        "0009_json_safe_ids.sql",
        include_str!("../../migrations/0009_json_safe_ids.sql"),
    ),
    (
        "0010_money_totals.sql",
        include_str!("../../migrations/0010_money_totals.sql"),
    ),
];

/// The schema version this build of faralink writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Errors opening or migrating the database.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DbError {
    /// SQLite could not open or create the file; check the path and its permissions.
    #[error("cannot open database {path}: {source}")]
    Open {
        /// The database's path.
        path: String,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The directory for the database could not be created; check the path and the
    /// permissions of its parent, or pass `--db` a path in a directory that exists.
    #[error("cannot create directory {path}: {source}")]
    CreateDir {
        /// The directory.
        path: String,
        /// The file system's error.
        source: std::io::Error,
    },
    /// A migration failed; the database is left at the previous version. A full disk or a
    /// read-only file are the usual causes: free space or fix the permissions and run again.
    #[error("database {path}: migration {migration} failed: {source}")]
    Migration {
        /// The database's path.
        path: String,
        /// The migration's file name in `migrations/`.
        migration: &'static str,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The file was written by a newer faralink; upgrade faralink rather than risk damaging it.
    #[error(
        "database {path} has schema version {found}, newer than this faralink understands ({SCHEMA_VERSION}); upgrade faralink"
    )]
    TooNew {
        /// The database's path.
        path: String,
        /// The file's `user_version`.
        found: i64,
    },
    /// A command that only reads (search, show, status, ...) was pointed at a path with no
    /// file: it never creates one. Run `faralink sync`, or correct `--db`.
    #[error(
        "no database at {path}: run `faralink sync` first, or pass --db PATH (or set FARALINK_DB)"
    )]
    Missing {
        /// The path looked at.
        path: String,
    },
    /// The path holds something other than a faralink database (a directory, an empty file,
    /// another program's SQLite file); it is left exactly as it was. Pass `--db` the file
    /// `faralink sync` writes.
    #[error(
        "{path} is not a faralink database: {why}; it was left as it is (pass --db the file `faralink sync` writes)"
    )]
    NotFaralink {
        /// The path looked at.
        path: String,
        /// What the file is instead.
        why: String,
    },
    /// `--db` named a directory; it takes the database file's path.
    #[error("{path} is a directory: --db takes a database file, such as {path}/faralink.db")]
    IsDirectory {
        /// The directory.
        path: String,
    },
    /// The file could not be read to check what it is; check its permissions.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The database's path.
        path: String,
        /// The file system's error.
        source: std::io::Error,
    },
    /// Any other SQLite failure (its message says which); a full disk or a file another
    /// program locks for longer than the 30 s busy timeout are the usual causes.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// What every SQLite file starts with (the file format's magic string).
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Tables every faralink database has had since its first migration: a SQLite file without
/// them is another program's.
const FARALINK_TABLES: &[&str] = &["registrants", "foreign_principals", "sync_runs"];

/// Opens an existing faralink database for a command that must not create or alter anything
/// else (search, show, links, changes, export, serve, status, review). Refuses, naming the
/// path, when there is no file, an empty file, a file that is not SQLite, or a SQLite file
/// without faralink's tables (`search` pointed at an empty file once wrote a 1 MB schema into
/// it and answered "no matches"). Those checks read the file only: no journal, WAL or shared
/// memory file is created and no byte changes. A faralink database then opens as with
/// [`open`], which brings an older schema up to date.
pub fn open_existing(path: &Path) -> Result<Connection, DbError> {
    check_existing(path)?;
    open(path)
}

/// The checks of [`open_existing`], without opening the database for writing.
pub fn check_existing(path: &Path) -> Result<(), DbError> {
    let shown = path.display().to_string();
    let not_ours = |why: &str| DbError::NotFaralink {
        path: shown.clone(),
        why: why.to_string(),
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(DbError::Missing { path: shown });
        }
        Err(source) => {
            return Err(DbError::Read {
                path: shown,
                source,
            });
        }
    };
    if meta.is_dir() {
        return Err(DbError::IsDirectory { path: shown });
    }
    let wal = sidecar(path, "-wal");
    // A sync creating a new database writes its first pages to the WAL: the main file may
    // still be empty, or hold a header only, while the WAL holds the schema.
    let live_wal = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
    if meta.len() == 0 && !live_wal {
        return Err(not_ours("it is an empty file (0 bytes)"));
    }
    if meta.len() > 0 {
        let mut head = [0u8; 16];
        let n = {
            use std::io::Read;
            let mut f = std::fs::File::open(path).map_err(|source| DbError::Read {
                path: shown.clone(),
                source,
            })?;
            f.read(&mut head).map_err(|source| DbError::Read {
                path: shown.clone(),
                source,
            })?
        };
        if n < head.len() || &head != SQLITE_MAGIC {
            return Err(not_ours("it is not a SQLite file"));
        }
    }
    // Read the schema without writing: `immutable` makes SQLite create no -wal, -shm or
    // journal file and take no lock (a plain read-only open of a WAL-mode file leaves both
    // behind). With a live WAL beside it (a sync is writing) the file is read through it.
    let conn = if live_wal {
        Connection::open_with_flags(
            path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    } else {
        Connection::open_with_flags(
            format!("file:{}?immutable=1", uri_path(path)),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                | rusqlite::OpenFlags::SQLITE_OPEN_URI
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    }
    .map_err(|source| DbError::Open {
        path: shown.clone(),
        source,
    })?;
    let _ = conn.busy_timeout(std::time::Duration::from_secs(30));
    let found: Vec<String> = (|| {
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        let names = stmt.query_map([], |r| r.get::<_, String>(0))?;
        names.collect::<rusqlite::Result<Vec<String>>>()
    })()
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            not_ours("it is not a SQLite file")
        }
        source => DbError::Open {
            path: shown.clone(),
            source,
        },
    })?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(DbError::TooNew {
            path: shown,
            found: version,
        });
    }
    if found.is_empty() {
        return Err(not_ours("it is an empty SQLite database (no tables)"));
    }
    if version < 1 || !FARALINK_TABLES.iter().all(|t| found.iter().any(|f| f == t)) {
        let mut listed: Vec<&str> = found.iter().map(String::as_str).take(5).collect();
        if found.len() > listed.len() {
            listed.push("...");
        }
        return Err(not_ours(&format!(
            "it is another program's SQLite database (tables: {})",
            listed.join(", ")
        )));
    }
    Ok(())
}

/// `path` with `suffix` appended to its file name (`f.db` → `f.db-wal`).
fn sidecar(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

/// A path as the path part of an SQLite `file:` URI: every byte but unreserved characters and
/// `/` percent-encoded (`?`, `#` and `%` would otherwise end or escape the path).
fn uri_path(path: &Path) -> String {
    let raw = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(raw.len());
    for &b in raw {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// SQLite counts every allocation under a global mutex for `sqlite3_memory_used()`, which
/// faralink never reads: a short command such as `faralink search` took that mutex ~10,000
/// times (about 6% of its instructions). Turned off before SQLite initialises; if something
/// opened a connection first, SQLite refuses the change and keeps counting, which is harmless.
fn no_memory_statistics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: sqlite3_config is only valid before sqlite3_initialize; called later it
        // returns SQLITE_MISUSE and changes nothing. No other thread can be inside SQLite
        // here: this runs before the process's first connection.
        unsafe {
            rusqlite::ffi::sqlite3_config(rusqlite::ffi::SQLITE_CONFIG_MEMSTATUS, 0);
        }
    });
}

/// Opens (creating if needed) the database at `path` and brings its schema up to date.
pub fn open(path: &Path) -> Result<Connection, DbError> {
    no_memory_statistics();
    let shown = path.display().to_string();
    // SQLite's own words for a directory are "unable to open database file".
    if path.is_dir() {
        return Err(DbError::IsDirectory { path: shown });
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| DbError::CreateDir {
            path: dir.display().to_string(),
            source,
        })?;
    }
    // One connection is used by one thread at a time: SQLite's own per-call mutexes are cost
    // without benefit (measured: ~3% of a full load).
    let flags = (rusqlite::OpenFlags::default() - rusqlite::OpenFlags::SQLITE_OPEN_FULL_MUTEX)
        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|source| DbError::Open {
        path: shown.clone(),
        source,
    })?;
    configure(&conn).map_err(|source| DbError::Open {
        path: shown.clone(),
        source,
    })?;
    // The migrations compute row ids with the same code as a load (db/ids.rs).
    ids::register_functions(&conn).map_err(|source| DbError::Open {
        path: shown.clone(),
        source,
    })?;
    migrate(&mut conn, &shown)?;
    Ok(conn)
}

/// WAL so readers (`faralink serve`, Datasette) never block a sync; a busy timeout so a
/// reader's brief lock is waited out instead of failing; NORMAL sync is durable in WAL mode
/// against application crashes, which is what a cron job needs.
fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(30))?;
    conn.pragma_update(None, "page_size", 16384)?;
    set_wal(conn)?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // The schema declares references (Datasette links them), but they are not enforced: DOJ's
    // files are not consistent with each other (a document or principal may name a
    // registration the registrants file lacks, or a load of one file may fail while the next
    // succeeds), and faralink keeps every row rather than reject it for another file's gap.
    // rusqlite's bundled SQLite turns enforcement on by default, so say it.
    conn.pragma_update(None, "foreign_keys", false)?;
    // A bulk load touches ~10 MB of pages in one transaction; with SQLite's default 2 MB cache
    // it spills pages to the WAL mid-transaction and writes many of them twice. This is a cap,
    // not an allocation.
    conn.pragma_update(None, "cache_size", -65536)?;
    Ok(())
}

/// Switches the file to WAL (a no-op for a file already in WAL, which keeps the mode). On a
/// new file opened by several processes at once, the switch needs the file to itself and
/// SQLite reports SQLITE_BUSY without calling the busy handler: six `faralink status` started
/// together on a new database failed one run in three with "database is locked". So the
/// switch is retried here, for as long as the busy timeout would have waited.
fn set_wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut pause = std::time::Duration::from_millis(1);
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)) {
            Ok(_) => return Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(std::time::Duration::from_millis(50));
            }
            Err(e) => return Err(e),
        }
    }
}

fn migrate(conn: &mut Connection, path: &str) -> Result<(), DbError> {
    loop {
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(DbError::TooNew {
                path: path.to_string(),
                found: version,
            });
        }
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        // Another faralink may be migrating the same file at this moment (a cron sync and a
        // `status` started together on a new database): take the write lock first, then read
        // the version again under it, so each migration runs exactly once. Found by
        // tests/concurrency.rs ("table registrants already exists").
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if let Some((name, sql)) = usize::try_from(version)
            .ok()
            .and_then(|v| MIGRATIONS.get(v))
        {
            tx.execute_batch(sql)
                .and_then(|()| tx.pragma_update(None, "user_version", version + 1))
                .map_err(|source| DbError::Migration {
                    path: path.to_string(),
                    migration: name,
                    source,
                })?;
        }
        tx.commit()?;
    }
}

/// A WAL checkpoint run in another thread, on a connection of its own, while this one goes on
/// writing: it copies what the WAL holds so far into the database file and waits for the disk
/// (both files synced). The checkpoint SQLite runs when the last connection closes then has
/// only the rest to copy. A first sync writes ~7 MB twice (WAL, then database) and waited
/// ~80 ms for the disk at exit; the registrants' part of it now overlaps with storing the
/// principals. PASSIVE: it never blocks a writer or a reader, and copies less if one holds
/// it back. A failure only means the close-time checkpoint has more to do.
pub struct Checkpoint(Option<std::thread::JoinHandle<()>>);

impl Checkpoint {
    /// Starts checkpointing the database `conn` is open on (nothing for an in-memory one).
    pub fn start(conn: &Connection) -> Checkpoint {
        let Some(path) = conn.path().filter(|p| !p.is_empty()).map(str::to_owned) else {
            return Checkpoint(None);
        };
        let run = move || -> rusqlite::Result<()> {
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let conn = Connection::open_with_flags(&path, flags)?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
            conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
        };
        let handle = std::thread::Builder::new()
            .name("wal-checkpoint".into())
            .spawn(move || {
                if let Err(e) = run() {
                    tracing::debug!("background checkpoint: {e}");
                }
            })
            .ok();
        Checkpoint(handle)
    }

    /// Waits for the checkpoint to end. Call it before the writing connection closes: a
    /// connection still open elsewhere stops the close from checkpointing and removing the WAL.
    pub fn finish(mut self) {
        if let Some(h) = self.0.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Checkpoint {
    fn drop(&mut self) {
        if let Some(h) = self.0.take() {
            let _ = h.join();
        }
    }
}

/// RFC 3339 UTC, second precision: the timestamp format of every table.
pub fn now_rfc3339() -> String {
    jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .unwrap_or_else(|_| jiff::Timestamp::now())
        .to_string()
}

/// The tables a user may export or count, in the order `status` shows them.
pub const USER_TABLES: &[&str] = &[
    "registrants",
    "foreign_principals",
    "short_forms",
    "documents",
    "agreements",
    "payments",
    "disbursements",
    "contributions",
    "takedowns",
    "links",
    "judgements",
    "sync_runs",
    "rejects",
    "load_notes",
    "name_parts",
    "source_state",
    "fetch_log",
    "changes",
    "watches",
];

/// The views made for spreadsheets (migrations/0005_search.sql): exported like tables.
pub const USER_VIEWS: &[&str] = &[
    "firm_principals",
    "firm_agreements",
    "firm_takedown_links",
    "money_by_country",
    "money_by_registrant",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_a_new_database_and_reopens_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/faralink.db");
        let conn = open(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(conn);
        // Reopening applies nothing and keeps the data.
        let conn = open(&path).unwrap();
        for t in USER_TABLES {
            conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap();
        }
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.db");
        let conn = open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        drop(conn);
        let err = open(&path).unwrap_err();
        assert!(matches!(err, DbError::TooNew { .. }), "{err}");
    }

    /// Every file beside `path` whose name starts with its file name (`f.db-wal`, ...).
    fn sidecars(path: &Path) -> Vec<String> {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut found: Vec<String> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&name) && *n != name)
            .collect();
        found.sort();
        found
    }

    #[test]
    fn open_existing_refuses_what_is_not_a_faralink_database_and_leaves_it_alone() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nowhere/f.db");
        let err = open_existing(&missing).unwrap_err();
        assert!(matches!(err, DbError::Missing { .. }), "{err}");
        assert!(!dir.path().join("nowhere").exists());

        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        let err = open_existing(&empty).unwrap_err();
        assert!(err.to_string().contains("empty file"), "{err}");
        assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);

        let text = dir.path().join("notes.db");
        std::fs::write(&text, b"registration_number,name\n6766,Example LLC\n").unwrap();
        let err = open_existing(&text).unwrap_err();
        assert!(err.to_string().contains("not a SQLite file"), "{err}");

        // Another program's database, in WAL mode (the mode whose read-only opens leave -wal
        // and -shm files behind), with a name that needs escaping in a URI.
        let foreign = dir.path().join("other ?#%.db");
        {
            let c = Connection::open(&foreign).unwrap();
            c.pragma_update(None, "journal_mode", "WAL").unwrap();
            c.execute_batch("CREATE TABLE notes (x); INSERT INTO notes VALUES (1);")
                .unwrap();
        }
        let before = std::fs::read(&foreign).unwrap();
        let err = open_existing(&foreign).unwrap_err();
        assert!(err.to_string().contains("tables: notes"), "{err}");
        assert!(err.to_string().contains("other ?#%.db"), "{err}");
        assert_eq!(std::fs::read(&foreign).unwrap(), before);
        assert_eq!(sidecars(&foreign), Vec::<String>::new());

        let blank = dir.path().join("blank.db");
        Connection::open(&blank)
            .unwrap()
            .execute_batch("VACUUM")
            .unwrap();
        let err = open_existing(&blank).unwrap_err();
        assert!(err.to_string().contains("no tables"), "{err}");

        let err = open_existing(dir.path()).unwrap_err();
        assert!(matches!(err, DbError::IsDirectory { .. }), "{err}");
    }

    #[test]
    fn open_existing_opens_a_faralink_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.db");
        drop(open(&path).unwrap());
        let conn = open_existing(&path).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, SCHEMA_VERSION);
    }
}
