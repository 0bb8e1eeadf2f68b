//! A full disk: the database lives on a small tmpfs (`mount -t tmpfs -o size=...`), and a sync
//! brings in more than fits. The sync must fail with a clear error, and the database must keep
//! its previous rows, intact, still readable by `status` and `export`.
//!
//! Mounting needs root (or CAP_SYS_ADMIN); where it is not permitted the test says so and
//! passes without running.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::common::*;

/// A tmpfs mounted for the test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(at: &Path, bytes: u64) -> Result<Tmpfs, String> {
        std::fs::create_dir_all(at).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(at)
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        Ok(Tmpfs(at.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A registrants file with `n` more registrations than the fixture's.
fn big_registrants_zip(n: usize) -> Vec<u8> {
    let mut csv = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bulk/FARA_All_Registrants.csv"),
    )
    .unwrap();
    for i in 0..n {
        writeln!(
            csv,
            "\"{}\",\"01/15/2021\",\"\",\"Example Firm Number {i} Public Affairs LLC\",\"Example Business {i}\",\"{i} Example Street, NW\",\"Suite {i}\",\"Washington\",\"DC\",\"20036\"",
            100_000 + i
        )
        .unwrap();
    }
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(
        "FARA_All_Registrants.csv",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    w.write_all(&csv).unwrap();
    w.finish().unwrap().into_inner()
}

fn file_size(p: &Path) -> u64 {
    std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)
}

#[test]
fn a_full_disk_fails_the_sync_clearly_and_keeps_the_previous_data() {
    let tmp = tempfile::tempdir().unwrap();
    // A first good sync, on an ordinary disk.
    let first = tmp.path().join("first.db");
    faralink(&first)
        .args(["-q", "sync", "--only", "fara", "--from"])
        .arg(fixtures_mirror())
        .timeout(Duration::from_secs(120))
        .assert()
        .success();
    let before = fara_state(&open(&first));
    let size = file_size(&first) + file_size(&first.with_extension("db-wal"));

    // The same database on a filesystem with 256 KiB to spare.
    let mnt = tmp.path().join("small");
    let _fs = match Tmpfs::mount(&mnt, size + 256 * 1024) {
        Ok(fs) => fs,
        Err(why) => {
            eprintln!(
                "SKIPPED: cannot mount a tmpfs here ({why}); run as root to test a full disk"
            );
            return;
        }
    };
    let db = mnt.join("f.db");
    std::fs::copy(&first, &db).unwrap();
    if first.with_extension("db-wal").exists() {
        std::fs::copy(first.with_extension("db-wal"), mnt.join("f.db-wal")).unwrap();
    }

    // Upstream now lists 30,000 more registrations: megabytes more than the disk holds.
    let mirror = tmp.path().join("mirror");
    std::fs::create_dir_all(&mirror).unwrap();
    copy_dir(&fixtures_mirror(), &mirror);
    std::fs::write(
        mirror.join("bulk/zip/FARA_All_Registrants.csv.zip"),
        big_registrants_zip(30_000),
    )
    .unwrap();
    let out = faralink(&db)
        .args(["sync", "--only", "fara", "--from"])
        .arg(&mirror)
        .timeout(Duration::from_secs(300))
        .assert()
        .code(1);
    let stderr = stderr_of(&out);
    eprintln!("sync on a full disk ({size} bytes of database, 256 KiB free) said:\n{stderr}");
    assert!(
        stderr.contains("fara:registrants") && stderr.contains("disk is full"),
        "{stderr}"
    );
    assert!(stderr.contains("free some space"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    // Still on the full disk: intact, unchanged, readable.
    assert_eq!(integrity(&db), "ok");
    assert_eq!(fara_state(&open(&db)), before);
    faralink(&db).arg("status").assert().success();
    let export = faralink(&db)
        .args(["export", "registrants"])
        .assert()
        .success();
    assert!(stdout_of(&export).contains("CLS Strategies"));
}

/// The document store fills up (`documents/` beside the database, here a tmpfs of one page).
/// What broke: only SQLite's "disk is full" was recognised, by matching its words in the
/// documents stage's message, so a PDF that could not be written for lack of space failed the
/// stage with the file system's words and no hint. The stage's typed error now says the disk
/// is full, and the hint tells what to do.
#[test]
fn a_full_document_store_fails_the_documents_stage_with_the_disk_full_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    // The registry (and its list of documents) first, on an ordinary disk.
    faralink(&db)
        .args(["-q", "sync", "--only", "fara", "--from"])
        .arg(fixtures_mirror())
        .timeout(Duration::from_secs(120))
        .assert()
        .success();
    let store = tmp.path().join("documents");
    let _fs = match Tmpfs::mount(&store, 4096) {
        Ok(fs) => fs,
        Err(why) => {
            eprintln!(
                "SKIPPED: cannot mount a tmpfs here ({why}); run as root to test a full disk"
            );
            return;
        }
    };
    // Every filing 64 KiB larger than the fixture's: none fits in the store.
    let mirror = tmp.path().join("mirror");
    std::fs::create_dir_all(&mirror).unwrap();
    copy_dir(&fixtures_mirror(), &mirror);
    for f in std::fs::read_dir(mirror.join("docs")).unwrap() {
        let path = f.unwrap().path();
        let mut pdf = std::fs::read(&path).unwrap();
        pdf.extend(b"\n%".iter().chain(&[b' '; 64 * 1024]));
        std::fs::write(&path, pdf).unwrap();
    }
    let out = faralink(&db)
        .args(["sync", "--only", "documents", "--from"])
        .arg(&mirror)
        .timeout(Duration::from_secs(120))
        .assert()
        .code(1);
    let stderr = stderr_of(&out);
    eprintln!("sync with a full document store said:\n{stderr}");
    assert!(
        stderr.contains("documents failed") && stderr.contains(&store.display().to_string()),
        "{stderr}"
    );
    assert!(stderr.contains("free some space"), "{stderr}");
    // Nothing half-written: no partial file left in the store, and no document marked
    // fetched without its file; they wait for the next sync.
    let mut left = Vec::new();
    for dir in std::fs::read_dir(&store).unwrap() {
        for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            left.push(f.unwrap().file_name());
        }
    }
    assert!(left.is_empty(), "{left:?}");
    let conn = open(&db);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM documents WHERE status = 'fetched'"
        ),
        0
    );
    assert!(
        count(
            &conn,
            "SELECT count(*) FROM documents WHERE status = 'listed'"
        ) > 0
    );
}
