//! Test support: a real HTTP server on 127.0.0.1:0 serving a directory in the FARA mirror
//! layout (with ETag/Last-Modified and 304s like a real server), recording every request as
//! it saw it, and injecting faults on demand (any status with or without Retry-After, dropped
//! connections, stalled and truncated bodies, wrong content with status 200, redirects,
//! endless bodies).
//! Also helpers to run the real `faralink` binary and read its SQLite file.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Request, Response, StatusCode, header};
use futures_util::StreamExt;

/// A fault served instead of the file, once per entry.
#[derive(Debug, Clone)]
pub enum Fault {
    /// This status, with an optional Retry-After in seconds.
    Status(u16, Option<u64>),
    /// The file, after this long (a slow server, to stop a sync in the middle).
    Delay(std::time::Duration),
    /// The connection is dropped before any answer (the client sees a reset / closed socket).
    Reset,
    /// Status 200 with the file's headers (its full Content-Length) and its first `n` bytes,
    /// then nothing: the connection stays open and silent until the client gives up.
    Stall(usize),
    /// Status 200 declaring the file's full Content-Length, its first `n` bytes, then the
    /// connection is closed.
    Truncate(usize),
    /// Status 200 with this Content-Type and body instead of the file (an HTML error page, a
    /// JSON error, a corrupt or hostile zip).
    Body(&'static str, Vec<u8>),
    /// A 302 to this URL.
    Redirect(String),
    /// Status 200 with a body of `n` zero bytes, streamed in 64 KiB chunks and only as fast as
    /// the client reads; with `declared` the Content-Length says so, without it the body is
    /// chunked and only its length gives it away.
    Huge { n: u64, declared: bool },
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub at: Instant,
    pub path: String,
    pub if_none_match: Option<String>,
    pub user_agent: Option<String>,
    pub status: u16,
}

#[derive(Default)]
struct Inner {
    seen: Vec<Seen>,
    faults: HashMap<String, VecDeque<Fault>>,
}

#[derive(Clone)]
struct AppState {
    root: PathBuf,
    inner: Arc<Mutex<Inner>>,
}

/// A running mirror server; it stops when the test's runtime ends.
pub struct MirrorServer {
    pub addr: SocketAddr,
    inner: Arc<Mutex<Inner>>,
    _rt: tokio::runtime::Runtime,
}

impl MirrorServer {
    /// Serves `root` (a directory in the mirror layout) on 127.0.0.1 with an OS-chosen port.
    pub fn start(root: &Path) -> MirrorServer {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let inner = Arc::new(Mutex::new(Inner::default()));
        let state = AppState {
            root: root.to_path_buf(),
            inner: inner.clone(),
        };
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new().fallback(serve).with_state(state);
        rt.spawn(async move { axum::serve(listener, app).await.unwrap() });
        MirrorServer {
            addr,
            inner,
            _rt: rt,
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Queues faults for `path` (e.g. "/bulk/zip/FARA_All_Registrants.csv.zip").
    pub fn fail(&self, path: &str, faults: &[Fault]) {
        self.inner
            .lock()
            .unwrap()
            .faults
            .entry(path.to_string())
            .or_default()
            .extend(faults.iter().cloned());
    }

    /// Queues `fault` for `path` `times` times in a row (5 outlasts the client's retries).
    pub fn fail_n(&self, path: &str, fault: Fault, times: usize) {
        self.fail(path, &vec![fault; times]);
    }

    /// Every request so far, in arrival order.
    pub fn seen(&self) -> Vec<Seen> {
        self.inner.lock().unwrap().seen.clone()
    }

    pub fn clear_seen(&self) {
        self.inner.lock().unwrap().seen.clear();
    }
}

async fn serve(State(st): State<AppState>, req: Request<Body>) -> Response<Body> {
    let path = req.uri().path().to_string();
    let hdr = |h: &HeaderMap, n: header::HeaderName| {
        h.get(n).and_then(|v| v.to_str().ok()).map(str::to_string)
    };
    let if_none_match = hdr(req.headers(), header::IF_NONE_MATCH);
    let user_agent = hdr(req.headers(), header::USER_AGENT);
    let fault = st
        .inner
        .lock()
        .unwrap()
        .faults
        .get_mut(&path)
        .and_then(|q| q.pop_front());
    let resp = match fault {
        Some(Fault::Status(code, retry_after)) => {
            let mut b = Response::builder().status(code);
            if let Some(s) = retry_after {
                b = b.header(header::RETRY_AFTER, s.to_string());
            }
            b.body(Body::from(format!("injected {code}"))).unwrap()
        }
        Some(Fault::Delay(d)) => {
            tokio::time::sleep(d).await;
            file_response(&st.root, &path, if_none_match.as_deref())
        }
        Some(Fault::Reset) => {
            st.inner.lock().unwrap().seen.push(Seen {
                at: Instant::now(),
                path,
                if_none_match,
                user_agent,
                status: 0,
            });
            // Unwinding out of the handler ends the connection's task, so the socket closes
            // with no answer. `resume_unwind` skips the panic hook: no noise in test output.
            std::panic::resume_unwind(Box::new("injected connection reset"));
        }
        Some(Fault::Stall(n)) => {
            let bytes = std::fs::read(st.root.join(path.trim_start_matches('/'))).unwrap();
            let len = bytes.len();
            let head = bytes::Bytes::copy_from_slice(&bytes[..n.min(len)]);
            let body = futures_util::stream::once(async move { Ok::<_, std::io::Error>(head) })
                .chain(futures_util::stream::pending());
            Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_LENGTH, len)
                .body(Body::from_stream(body))
                .unwrap()
        }
        Some(Fault::Truncate(n)) => {
            let bytes = std::fs::read(st.root.join(path.trim_start_matches('/'))).unwrap();
            let len = bytes.len();
            let head = bytes::Bytes::copy_from_slice(&bytes[..n.min(len)]);
            let body = futures_util::stream::iter([
                Ok(head),
                Err(std::io::Error::other("injected truncation")),
            ]);
            Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_LENGTH, len)
                .body(Body::from_stream(body))
                .unwrap()
        }
        Some(Fault::Body(content_type, bytes)) => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(bytes))
            .unwrap(),
        Some(Fault::Redirect(to)) => Response::builder()
            .status(StatusCode::FOUND)
            .header(header::LOCATION, to)
            .body(Body::empty())
            .unwrap(),
        Some(Fault::Huge { n, declared }) => {
            const CHUNK: u64 = 64 * 1024;
            let chunk = bytes::Bytes::from(vec![0u8; CHUNK as usize]);
            let body = futures_util::stream::unfold(0u64, move |sent| {
                let chunk = chunk.clone();
                async move {
                    (sent < n).then(|| {
                        let k = CHUNK.min(n - sent);
                        (Ok::<_, std::io::Error>(chunk.slice(..k as usize)), sent + k)
                    })
                }
            });
            let mut b = Response::builder().status(StatusCode::OK);
            if declared {
                b = b.header(header::CONTENT_LENGTH, n);
            }
            b.body(Body::from_stream(body)).unwrap()
        }
        None => file_response(&st.root, &path, if_none_match.as_deref()),
    };
    st.inner.lock().unwrap().seen.push(Seen {
        at: Instant::now(),
        path,
        if_none_match,
        user_agent,
        status: resp.status().as_u16(),
    });
    resp
}

fn file_response(root: &Path, path: &str, if_none_match: Option<&str>) -> Response<Body> {
    let rel = path.trim_start_matches('/');
    if rel.split('/').any(|c| c == ".." || c.is_empty()) {
        return Response::builder()
            .status(StatusCode::BAD_REQUEST)
            .body(Body::empty())
            .unwrap();
    }
    match std::fs::read(root.join(rel)) {
        Ok(bytes) => {
            let etag = format!("\"{:x}\"", fnv(&bytes));
            if if_none_match == Some(etag.as_str()) {
                return Response::builder()
                    .status(StatusCode::NOT_MODIFIED)
                    .header(header::ETAG, etag)
                    .body(Body::empty())
                    .unwrap();
            }
            Response::builder()
                .status(StatusCode::OK)
                .header(header::ETAG, etag)
                .header(header::LAST_MODIFIED, "Fri, 11 Apr 2025 06:00:00 GMT")
                .body(Body::from(bytes))
                .unwrap()
        }
        // DOJ's "no rows" answer for API paths: a 404 whose body is not JSON.
        Err(_) if rel.starts_with("api/") => Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Body::from("{Success:false, Message:\"No data found\"}"))
            .unwrap(),
        Err(_) => Response::builder()
            .status(StatusCode::NOT_FOUND)
            .body(Body::from("not found"))
            .unwrap(),
    }
}

fn fnv(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf29ce484222325u64, |h, &x| {
        (h ^ x as u64).wrapping_mul(0x100000001b3)
    })
}

/// The repository's bundled mirror.
pub fn fixtures_mirror() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/mirror")
}

/// A writable copy of a mirror directory, for tests that change upstream files.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The real binary with an isolated environment: no user env vars leak in.
pub fn faralink(db: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("faralink").unwrap();
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", db.parent().unwrap())
        .arg("--db")
        .arg(db);
    c
}

/// Opens the test database read-only.
pub fn open(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

pub fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every user-visible row of the FARA tables, as text, minus the bookkeeping columns that
/// legitimately differ between runs (when rows were seen).
pub fn fara_state(conn: &rusqlite::Connection) -> Vec<String> {
    let mut out = Vec::new();
    for (table, order) in [
        ("registrants", "registration_number"),
        ("foreign_principals", "id"),
        ("short_forms", "id"),
        ("documents", "url"),
        ("rejects", "source, line"),
        ("load_notes", "source, line, field"),
        (
            "name_parts",
            "source, registration_number, foreign_principal_id, kind, part",
        ),
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))
            .unwrap();
        let cols: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        // Row ids of principals and short forms are stable keys and must match; elsewhere `id`
        // is a mere sequence.
        let stable_id = matches!(table, "foreign_principals" | "short_forms");
        let skip = [
            "first_seen_at",
            "changed_at",
            "run_id",
            if stable_id { "" } else { "id" },
        ];
        let mut q = stmt.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let mut line = format!("{table}:");
            for (i, c) in cols.iter().enumerate() {
                if skip.contains(&c.as_str()) {
                    continue;
                }
                let v: rusqlite::types::Value = r.get(i).unwrap();
                line.push_str(&format!(" {c}={v:?}"));
            }
            out.push(line);
        }
    }
    out
}

/// The tables a user reads: the contract's tables plus what they are built from.
const USER_TABLES: [&str; 12] = [
    "registrants",
    "foreign_principals",
    "short_forms",
    "documents",
    "name_parts",
    "agreements",
    "payments",
    "takedowns",
    "links",
    "judgements",
    "rejects",
    "load_notes",
];

/// Every row of the tables a user reads (the contract's tables plus what they are built
/// from), as sorted text, minus what legitimately differs between two runs over the same
/// input: timestamps (`*_at`), run ids and row-id sequences. Two databases synced from the
/// same upstream, however often interrupted, must give the same state.
pub fn contract_state(conn: &rusqlite::Connection) -> Vec<String> {
    let mut out = Vec::new();
    for table in USER_TABLES {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let cols: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
        let stable_id = matches!(table, "foreign_principals" | "short_forms");
        let volatile = |c: &str| {
            c.ends_with("_at") || c == "run_id" || (c == "id" && !stable_id) || c == "seconds"
        };
        let mut rows = Vec::new();
        let mut q = stmt.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let mut line = format!("{table}:");
            for (i, c) in cols.iter().enumerate() {
                if volatile(c) {
                    continue;
                }
                let v: rusqlite::types::Value = r.get(i).unwrap();
                line.push_str(&format!(" {c}={v:?}"));
            }
            rows.push(line);
        }
        rows.sort();
        out.extend(rows);
    }
    out
}

/// Every row of the tables a user reads, every column included (timestamps and run ids too),
/// as sorted text: what must not change at all when a sync refuses a file.
pub fn exact_state(conn: &rusqlite::Connection) -> Vec<String> {
    let mut out = Vec::new();
    for table in USER_TABLES.iter().chain([&"changes"]) {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
        let n = stmt.column_count();
        let mut rows: Vec<String> = stmt
            .query_map([], |r| {
                let mut line = format!("{table}:");
                for i in 0..n {
                    line.push_str(&format!(" {:?}", r.get::<_, rusqlite::types::Value>(i)?));
                }
                Ok(line)
            })
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.sort();
        out.extend(rows);
    }
    out
}

/// `PRAGMA integrity_check` of the database file: "ok" or SQLite's list of problems.
pub fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).unwrap();
    let rows: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.join("; ")
}

/// Output text of a finished command.
pub fn stdout_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

pub fn stderr_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// A one-entry deflated zip archive, as DOJ's bulk files are.
pub fn zip_one(name: &str, data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file(name, opts).unwrap();
    w.write_all(data).unwrap();
    w.finish().unwrap().into_inner()
}

/// A writable copy of the bundled mirror in `dir`/mirror whose bulk file `name` (e.g.
/// "FARA_All_Registrants.csv") is the fixture CSV with `extra` appended.
pub fn mirror_with_rows(dir: &Path, name: &str, extra: &str) -> PathBuf {
    let mirror = dir.join("mirror");
    std::fs::create_dir_all(&mirror).unwrap();
    copy_dir(&fixtures_mirror(), &mirror);
    let mut csv = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/bulk")
            .join(name),
    )
    .unwrap();
    if !csv.ends_with(b"\n") {
        csv.push(b'\n');
    }
    csv.extend_from_slice(extra.as_bytes());
    std::fs::write(
        mirror.join(format!("bulk/zip/{name}.zip")),
        zip_one(name, &csv),
    )
    .unwrap();
    mirror
}

/// One of DOJ's real bulk snapshots in ../shared/real/fara/bulk, or None (with a message) where
/// that folder is absent: real-data tests skip cleanly on a fresh clone elsewhere.
pub fn real_bulk(snapshot: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real/fara/bulk")
        .join(snapshot);
    if dir.join("FARA_All_Registrants.csv").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: {} not found (real FARA files live outside the repository)",
            dir.display()
        );
        None
    }
}

/// The external programs a test drives (Chromium, ChromeDriver, poppler, tesseract): for each
/// entry of `needs`, the first of its names found on PATH, in the order asked.
///
/// Where one is missing, the test cannot run. On a developer's machine it skips: this prints
/// why (and `install`, how to get them) and returns `None`. Under `FARALINK_REQUIRE_TOOLS=1`,
/// which `.ci/run` sets, it panics instead: in CI a test that did not run must not be counted
/// as passed.
pub fn tools(needs: &[&[&str]], install: &str) -> Option<Vec<PathBuf>> {
    tools_or(needs, install, require_tools())
}

/// Whether `FARALINK_REQUIRE_TOOLS=1`: a missing tool fails the test instead of skipping it.
pub fn require_tools() -> bool {
    std::env::var_os("FARALINK_REQUIRE_TOOLS").is_some_and(|v| v == "1")
}

/// [`tools`], with the choice between skipping and failing passed in.
pub fn tools_or(needs: &[&[&str]], install: &str, require: bool) -> Option<Vec<PathBuf>> {
    let on_path = |name: &str| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    };
    let found: Vec<Option<PathBuf>> = needs
        .iter()
        .map(|names| names.iter().find_map(|n| on_path(n)))
        .collect();
    if found.iter().all(Option::is_some) {
        return Some(found.into_iter().flatten().collect());
    }
    let missing: Vec<String> = needs
        .iter()
        .zip(&found)
        .filter(|(_, f)| f.is_none())
        .map(|(names, _)| names.join(" or "))
        .collect();
    let why = format!("{} not on PATH ({install})", missing.join(", "));
    if require {
        panic!("FARALINK_REQUIRE_TOOLS=1 and {why}: this test must run here, not skip");
    }
    eprintln!("skipping: {why}; FARALINK_REQUIRE_TOOLS=1 makes this a failure");
    None
}

/// A mirror directory holding the snapshot's CSVs zipped as DOJ serves them.
pub fn mirror_of(snapshot_dir: &Path, into: &Path) -> PathBuf {
    use std::io::Write;
    let zips = into.join("bulk/zip");
    std::fs::create_dir_all(&zips).unwrap();
    for name in ["FARA_All_Registrants.csv", "FARA_All_ForeignPrincipals.csv"] {
        let bytes = std::fs::read(snapshot_dir.join(name)).unwrap();
        let f = std::fs::File::create(zips.join(format!("{name}.zip"))).unwrap();
        let mut z = zip::ZipWriter::new(f);
        z.start_file(
            name,
            zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated),
        )
        .unwrap();
        z.write_all(&bytes).unwrap();
        z.finish().unwrap();
    }
    into.to_path_buf()
}

/// A `faralink serve` process on 127.0.0.1 with an OS-chosen port; killed on drop.
pub struct Served {
    child: std::process::Child,
    pub base: String,
}

impl Served {
    pub fn start(db: &Path) -> Served {
        use std::io::BufRead;
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("faralink"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .arg("--db")
            .arg(db)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
        err.read_line(&mut line).unwrap();
        let base = line
            .split("http://")
            .nth(1)
            .and_then(|s| s.split('/').next())
            .map(|hp| format!("http://{hp}"))
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in err.lines() {});
        Served { child, base }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
