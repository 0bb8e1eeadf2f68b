//! Text out of filed PDFs, isolated so that no single file can bring a sync down.
//!
//! The pure-Rust reader (pdf-extract, on lopdf) panics or loops on some real FARA files, so it
//! never runs inside the sync process: each document is read by a child process (`faralink
//! __extract-text FILE`) with a time limit, and a crash or a hang costs that document only.
//! When the Rust reader fails or finds no text, poppler's `pdftotext -layout` is tried if it is
//! installed. A document whose pages carry no text at all (a scan) is `needs_ocr`.
//!
//! Not for: finding fees, terms or clients in the text (a later, pure stage).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Fewer non-blank characters than this, and a document has no usable text layer: FARA's
/// scanned filings yield nothing or a stray page number.
const MIN_TEXT_CHARS: usize = 20;

/// What reading one PDF gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextOutcome {
    /// Text, and which reader produced it (`pdf-extract` or `pdftotext`).
    Text { text: String, reader: &'static str },
    /// The file opened but holds no text: an image-only scan.
    NoTextLayer,
    /// The file could not be read; the reason says why (corrupt, encrypted, truncated,
    /// empty, crashed the reader, took too long).
    Failed(String),
}

/// Reads text in this process, with panics caught; each page ends with `\u{c}`. This is what the child process runs; call
/// [`extract_isolated`] instead anywhere a crash or hang would hurt.
pub fn extract_here(bytes: &[u8]) -> Result<String, String> {
    if bytes.is_empty() {
        return Err("empty file (0 bytes)".into());
    }
    // The header may follow a little junk, as readers allow; beyond 1 KB it is not a PDF.
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        let start: String = String::from_utf8_lossy(&bytes[..bytes.len().min(16)])
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        return Err(format!("not a PDF (starts with {start:?})"));
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem_by_pages(bytes)
    }));
    match result {
        // Each page ends with a form feed, as in pdftotext's output, so evidence can name a
        // page (a one-page filing included).
        Ok(Ok(pages)) => Ok(pages.iter().map(|p| format!("{p}\u{c}")).collect()),
        Ok(Err(e)) if e.to_string().contains("decrypt") || e.to_string().contains("ncrypt") => {
            Err(format!("encrypted PDF (a password is needed): {e}"))
        }
        Ok(Err(e)) => Err(format!("unreadable PDF: {e}")),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "unknown".into());
            Err(format!("the PDF reader crashed: {msg}"))
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
        return TextOutcome::Failed(
            "OCR needs pdftoppm and tesseract, and they are not installed".into(),
        );
    };
    static SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("faralink-ocr-{}-{n}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return TextOutcome::Failed(format!("OCR: cannot create {}: {e}", dir.display()));
    }
    let outcome = (|| {
        let mut cmd = Command::new(pdftoppm);
        cmd.args(["-r", "300", "-gray", "-png"])
            .arg(path)
            .arg(dir.join("page"));
        run_with_timeout(cmd, readers.timeout).map_err(|e| format!("pdftoppm: {e}"))?;
        let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| e.to_string())?
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
            let out =
                run_with_timeout(cmd, readers.timeout).map_err(|e| format!("tesseract: {e}"))?;
            text.push(String::from_utf8_lossy(&out).into_owned());
        }
        Ok::<String, String>(text.join("\u{c}"))
    })();
    let _ = std::fs::remove_dir_all(&dir);
    match outcome {
        Ok(text) if has_text(&text) => TextOutcome::Text {
            text,
            reader: "tesseract",
        },
        Ok(_) => TextOutcome::NoTextLayer,
        Err(e) => TextOutcome::Failed(e),
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
fn run_with_timeout(mut cmd: Command, timeout: Duration) -> Result<Vec<u8>, String> {
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
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    // Drain both pipes on their own threads so a chatty child cannot block on a full pipe.
    let mut out = child.stdout.take().ok_or("no stdout")?;
    let mut err = child.stderr.take().ok_or("no stderr")?;
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
                return Err(format!("gave up after {} s", timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(e.to_string()),
        }
    };
    let stdout = out_t.join().unwrap_or_default();
    let stderr = err_t.join().unwrap_or_default();
    if status.success() {
        Ok(stdout)
    } else {
        let why = String::from_utf8_lossy(&stderr).trim().to_string();
        Err(if why.is_empty() {
            format!("reader exited with {status}")
        } else {
            why
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
            Err(e) if first.is_err() => {
                return TextOutcome::Failed(format!("{}; pdftotext: {e}", first.unwrap_err()));
            }
            Err(_) => return TextOutcome::NoTextLayer,
        }
    }
    match first {
        Ok(_) => TextOutcome::NoTextLayer,
        Err(e) => TextOutcome::Failed(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_inputs_are_errors_not_panics() {
        assert_eq!(extract_here(b"").unwrap_err(), "empty file (0 bytes)");
        assert!(
            extract_here(b"<html>not found</html>")
                .unwrap_err()
                .starts_with("not a PDF")
        );
        assert!(extract_here(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog").is_err());
    }

    #[test]
    fn a_hanging_reader_is_killed() {
        let mut cmd = Command::new("sleep");
        cmd.arg("5");
        let t0 = Instant::now();
        let err = run_with_timeout(cmd, Duration::from_millis(200)).unwrap_err();
        assert!(err.contains("gave up"), "{err}");
        assert!(t0.elapsed() < Duration::from_secs(3));
    }
}
