//! Text out of filed PDFs, isolated so that no single file can bring a sync down, and stored
//! in `documents.text`.
//!
//! The pure-Rust reader (pdf-extract, on lopdf) panics or loops on some real FARA files, so it
//! never runs inside the sync process: each document is read by a child process (`faralink
//! __extract-text FILE`) with a time limit, and a crash or a hang costs that document only.
//! When the Rust reader fails or finds no text, poppler's `pdftotext -layout` is tried if it is
//! installed. A document whose pages carry no text at all (a scan) is `needs_ocr`.
//!
//! For: the fetched PDFs in the document store, read into `documents.text` (or marked
//! `needs_ocr`, `failed`), and the scans read by OCR when asked. Not for: finding fees, terms,
//! clients or receipts in the text (the fields stage, see [`super::fields`]).

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};

use super::{DocumentsError, stored_path};

/// Fewer non-blank characters than this, and a document has no usable text layer: FARA's
/// scanned filings yield nothing or a stray page number.
const MIN_TEXT_CHARS: usize = 20;

/// Why one PDF could not be read, or one reader failed on it. Recorded with the document
/// (`documents.error`, status `failed`): it costs that document alone, and the sync goes on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file is empty: a download cut short upstream. Nothing to do; DOJ may fix it.
    #[error("empty file (0 bytes)")]
    Empty,
    /// The file is not a PDF (an HTML error page saved as one). Nothing to do; the start of
    /// the file says what it is.
    #[error("not a PDF (starts with {start:?})")]
    NotPdf {
        /// The file's first characters, control characters removed.
        start: String,
    },
    /// The PDF is encrypted and needs a password. Nothing to do: the text cannot be read.
    #[error("encrypted PDF (a password is needed): {0}")]
    Encrypted(pdf_extract::OutputError),
    /// The PDF reader could not read the file (corrupt or truncated).
    #[error("unreadable PDF: {0}")]
    Unreadable(pdf_extract::OutputError),
    /// The PDF reader panicked on the file; `pdftotext` is tried next when installed.
    #[error("the PDF reader crashed: {0}")]
    Crashed(String),
    /// A reader program could not be started. Check that it is installed and runnable.
    #[error("cannot start {program:?}: {source}")]
    CannotStart {
        /// The program.
        program: OsString,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// A reader's output pipe could not be opened (`stdout` or `stderr`).
    #[error("no {0}")]
    NoPipe(&'static str),
    /// A reader took longer than the time limit and was killed. A very large or very odd
    /// file; try it alone with a longer limit.
    #[error("gave up after {seconds} s")]
    TimedOut {
        /// The time limit.
        seconds: u64,
    },
    /// Waiting for a reader failed.
    #[error("{0}")]
    Wait(std::io::Error),
    /// A reader exited with a failure and said nothing.
    #[error("reader exited with {0}")]
    Exited(ExitStatus),
    /// A reader exited with a failure and said why (its standard error, as written).
    #[error("{0}")]
    Said(String),
    /// One OCR tool (`pdftoppm` or `tesseract`) failed.
    #[error("{tool}: {source}")]
    Tool {
        /// The tool.
        tool: &'static str,
        /// Why.
        source: Box<ReadError>,
    },
    /// The pages `pdftoppm` rendered could not be listed.
    #[error("{0}")]
    Pages(std::io::Error),
    /// OCR's temporary directory could not be created. Check the temporary directory's space
    /// and permissions.
    #[error("OCR: cannot create {}: {source}", dir.display())]
    TempDir {
        /// The directory.
        dir: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// OCR was asked for, and `pdftoppm` or `tesseract` is not installed. Install poppler's
    /// utilities and tesseract.
    #[error("OCR needs pdftoppm and tesseract, and they are not installed")]
    NoOcr,
}

/// What reading one PDF gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextOutcome {
    /// Text, and which reader produced it.
    Text {
        /// The text, pages ended by form feeds.
        text: String,
        /// `pdf-extract`, `pdftotext` or `tesseract`.
        reader: &'static str,
    },
    /// The file opened but holds no text: an image-only scan.
    NoTextLayer,
    /// The file could not be read; the reason says why (corrupt, encrypted, truncated,
    /// empty, crashed the reader, took too long), as recorded in `documents.error`.
    Failed(String),
}

/// Reads text in this process, with panics caught; each page ends with `\u{c}`. This is what
/// the child process runs; call [`extract_isolated`] instead anywhere a crash or hang would
/// hurt.
pub fn extract_here(bytes: &[u8]) -> Result<String, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    // The header may follow a little junk, as readers allow; beyond 1 KB it is not a PDF.
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        let start: String = String::from_utf8_lossy(&bytes[..bytes.len().min(16)])
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        return Err(ReadError::NotPdf { start });
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem_by_pages(bytes)
    }));
    match result {
        // Each page ends with a form feed, as in pdftotext's output, so evidence can name a
        // page (a one-page filing included).
        Ok(Ok(pages)) => Ok(pages.iter().map(|p| format!("{p}\u{c}")).collect()),
        Ok(Err(e)) if e.to_string().contains("decrypt") || e.to_string().contains("ncrypt") => {
            Err(ReadError::Encrypted(e))
        }
        Ok(Err(e)) => Err(ReadError::Unreadable(e)),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown".into());
            Err(ReadError::Crashed(msg))
        }
    }
}

/// How to run the isolated readers.
#[derive(Debug, Clone)]
pub struct Readers {
    /// The program that understands `__extract-text FILE` (the faralink binary itself).
    pub faralink: PathBuf,
    /// `pdftotext`, when installed.
    pub pdftotext: Option<PathBuf>,
    /// `pdftoppm` and `tesseract`, when both are installed: OCR for scans.
    pub ocr: Option<(PathBuf, PathBuf)>,
    /// The longest one reader may take on one file (OCR: per page).
    pub timeout: Duration,
}

impl Readers {
    /// The running faralink binary, and `pdftotext`, `pdftoppm` and `tesseract` if on PATH.
    pub fn detect(timeout: Duration) -> Readers {
        Readers {
            faralink: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("faralink")),
            pdftotext: find_on_path("pdftotext"),
            ocr: find_on_path("pdftoppm").zip(find_on_path("tesseract")),
            timeout,
        }
    }
}

/// Reads a scan by OCR: `pdftoppm` renders each page at 300 dpi, `tesseract` reads it; pages
/// are joined with form feeds. Each tool runs with the time limit, in a private temporary
/// directory removed afterwards.
pub fn ocr_isolated(path: &Path, readers: &Readers) -> TextOutcome {
    let Some((pdftoppm, tesseract)) = &readers.ocr else {
        return TextOutcome::Failed(ReadError::NoOcr.to_string());
    };
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("faralink-ocr-{}-{n}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return TextOutcome::Failed(ReadError::TempDir { dir, source: e }.to_string());
    }
    let tool = |tool: &'static str| {
        move |e: ReadError| ReadError::Tool {
            tool,
            source: Box::new(e),
        }
    };
    let outcome = (|| {
        let mut cmd = Command::new(pdftoppm);
        cmd.args(["-r", "300", "-gray", "-png"])
            .arg(path)
            .arg(dir.join("page"));
        run_with_timeout(cmd, readers.timeout).map_err(tool("pdftoppm"))?;
        let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(ReadError::Pages)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "png"))
            .collect();
        // page-1.png ... page-10.png: order by the number, not the text.
        pages.sort_by_key(|p| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.rsplit('-').next())
                .and_then(|n| n.parse::<u32>().ok())
                .unwrap_or(0)
        });
        let mut text = Vec::new();
        for page in &pages {
            let mut cmd = Command::new(tesseract);
            cmd.arg(page).arg("stdout");
            let out = run_with_timeout(cmd, readers.timeout).map_err(tool("tesseract"))?;
            text.push(String::from_utf8_lossy(&out).into_owned());
        }
        Ok::<String, ReadError>(text.join("\u{c}"))
    })();
    let _ = std::fs::remove_dir_all(&dir);
    match outcome {
        Ok(text) if has_text(&text) => TextOutcome::Text {
            text,
            reader: "tesseract",
        },
        Ok(_) => TextOutcome::NoTextLayer,
        Err(e) => TextOutcome::Failed(e.to_string()),
    }
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(program))
            .find(|p| p.is_file())
    })
}

/// Runs `cmd`, returning stdout, or why it failed. Kills it after `timeout`.
fn run_with_timeout(mut cmd: Command, timeout: Duration) -> Result<Vec<u8>, ReadError> {
    // A reader runs in its own process group, so Ctrl-C or a SIGTERM sent to the sync's
    // group stops the sync (which then stops at its next step) but does not kill the reader
    // mid-document, which would be recorded as that document's failure.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ReadError::CannotStart {
            program: cmd.get_program().to_owned(),
            source: e,
        })?;
    // Drain both pipes on their own threads so a chatty child cannot block on a full pipe.
    let mut out = child.stdout.take().ok_or(ReadError::NoPipe("stdout"))?;
    let mut err = child.stderr.take().ok_or(ReadError::NoPipe("stderr"))?;
    let out_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_t = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ReadError::TimedOut {
                    seconds: timeout.as_secs(),
                });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(ReadError::Wait(e)),
        }
    };
    let stdout = out_t.join().unwrap_or_default();
    let stderr = err_t.join().unwrap_or_default();
    if status.success() {
        Ok(stdout)
    } else {
        let why = String::from_utf8_lossy(&stderr).trim().to_string();
        Err(if why.is_empty() {
            ReadError::Exited(status)
        } else {
            ReadError::Said(why)
        })
    }
}

fn has_text(text: &str) -> bool {
    text.chars().filter(|c| !c.is_whitespace()).count() >= MIN_TEXT_CHARS
}

/// Reads the PDF at `path` in a child process, falling back to `pdftotext`.
pub fn extract_isolated(path: &Path, readers: &Readers) -> TextOutcome {
    let mut cmd = Command::new(&readers.faralink);
    cmd.arg("__extract-text").arg(path);
    let first =
        run_with_timeout(cmd, readers.timeout).map(|b| String::from_utf8_lossy(&b).into_owned());
    if let Ok(text) = &first
        && has_text(text)
    {
        return TextOutcome::Text {
            text: text.clone(),
            reader: "pdf-extract",
        };
    }
    if let Some(pdftotext) = &readers.pdftotext {
        let mut cmd = Command::new(pdftotext);
        cmd.arg("-layout").arg(path).arg("-");
        match run_with_timeout(cmd, readers.timeout) {
            Ok(b) => {
                let text = String::from_utf8_lossy(&b).into_owned();
                if has_text(&text) {
                    return TextOutcome::Text {
                        text,
                        reader: "pdftotext",
                    };
                }
                return TextOutcome::NoTextLayer;
            }
            Err(e) => {
                return match first {
                    Err(first) => TextOutcome::Failed(format!("{first}; pdftotext: {e}")),
                    Ok(_) => TextOutcome::NoTextLayer,
                };
            }
        }
    }
    match first {
        Ok(_) => TextOutcome::NoTextLayer,
        Err(e) => TextOutcome::Failed(e.to_string()),
    }
}

/// Reads every `needs_ocr` document by OCR (see [`ocr_isolated`]). A scan
/// read this way gets its text and goes back to `fetched`; one OCR cannot read stays
/// `needs_ocr`, with the reason. Returns how many were read.
pub fn ocr_scans(
    conn: &Connection,
    store_dir: &Path,
    readers: &Readers,
) -> Result<u64, DocumentsError> {
    let jobs = stored_files(
        conn,
        "SELECT url, sha256 FROM documents WHERE status = 'needs_ocr' AND sha256 IS NOT NULL ORDER BY date_stamped DESC, url",
    )?;
    let mut read = 0;
    for (url, sha) in jobs {
        match ocr_isolated(&stored_path(store_dir, &sha), readers) {
            TextOutcome::Text { text, .. } => {
                conn.execute(
                    "UPDATE documents SET status = 'fetched', text = ?2, error = 'text by OCR (tesseract)' WHERE url = ?1",
                    params![url, text],
                )
                ?;
                read += 1;
            }
            TextOutcome::NoTextLayer => {
                conn.execute("UPDATE documents SET error = 'no text layer, and OCR found no text' WHERE url = ?1", [&url])
                    ?;
            }
            TextOutcome::Failed(why) => {
                conn.execute(
                    "UPDATE documents SET error = ?2 WHERE url = ?1",
                    params![url, format!("OCR failed: {why}")],
                )?;
            }
        }
    }
    if read > 0 {
        conn.execute(
            "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
            [],
        )?;
    }
    Ok(read)
}

/// What reading the fetched documents did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct TextCounts {
    /// Documents whose text was read and stored.
    pub read: u64,
    /// Documents with no text layer (scans), now `needs_ocr`.
    pub needs_ocr: u64,
    /// Documents no reader could read, now `failed` with the reason.
    pub unreadable: u64,
}

/// Reads the text of every fetched document that has none yet, one at a time per core (two to
/// four), each in its own child process. A document's result is written as soon as it is known.
pub fn extract_texts(
    conn: &Connection,
    store_dir: &Path,
    readers: &Readers,
) -> Result<TextCounts, DocumentsError> {
    let jobs = stored_files(
        conn,
        "SELECT url, sha256 FROM documents WHERE status = 'fetched' AND text IS NULL AND sha256 IS NOT NULL ORDER BY date_stamped DESC, url",
    )?;
    let mut counts = TextCounts::default();
    if jobs.is_empty() {
        return Ok(counts);
    }
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let queue = std::sync::Mutex::new(jobs.into_iter());
    let (tx, rx) = std::sync::mpsc::channel::<(String, TextOutcome)>();
    std::thread::scope(|scope| -> rusqlite::Result<()> {
        for _ in 0..workers {
            let tx = tx.clone();
            let queue = &queue;
            scope.spawn(move || {
                loop {
                    let job = queue.lock().ok().and_then(|mut q| q.next());
                    let Some((url, sha)) = job else { break };
                    let outcome = extract_isolated(&stored_path(store_dir, &sha), readers);
                    if tx.send((url, outcome)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (url, outcome) in rx {
            let r = match &outcome {
                TextOutcome::Text { text, .. } => {
                    counts.read += 1;
                    conn.execute(
                        "UPDATE documents SET text = ?2, error = NULL WHERE url = ?1",
                        params![url, text],
                    )
                }
                TextOutcome::NoTextLayer => {
                    counts.needs_ocr += 1;
                    conn.execute(
                        "UPDATE documents SET status = 'needs_ocr', error = 'no text layer: a scan' WHERE url = ?1",
                        params![url],
                    )
                }
                TextOutcome::Failed(why) => {
                    counts.unreadable += 1;
                    conn.execute(
                        "UPDATE documents SET status = 'failed', error = ?2 WHERE url = ?1",
                        params![url, why],
                    )
                }
            };
            r?;
        }
        Ok(())
    })?;
    if counts.read > 0 {
        conn.execute(
            "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
            [],
        )?;
    }
    Ok(counts)
}

/// The documents `sql` selects, as (url, sha256): the files a step reads.
fn stored_files(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare(sql)?;
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_inputs_are_errors_not_panics() {
        assert_eq!(
            extract_here(b"").unwrap_err().to_string(),
            "empty file (0 bytes)"
        );
        let not_pdf = extract_here(b"<html>not found</html>").unwrap_err();
        assert!(matches!(not_pdf, ReadError::NotPdf { .. }), "{not_pdf}");
        assert!(not_pdf.to_string().starts_with("not a PDF"));
        assert!(extract_here(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog").is_err());
    }

    #[test]
    fn a_hanging_reader_is_killed() {
        let mut cmd = Command::new("sleep");
        cmd.arg("5");
        let t0 = Instant::now();
        let err = run_with_timeout(cmd, Duration::from_millis(200)).unwrap_err();
        assert!(matches!(err, ReadError::TimedOut { .. }), "{err}");
        assert!(err.to_string().contains("gave up"), "{err}");
        assert!(t0.elapsed() < Duration::from_secs(3));
    }
}
